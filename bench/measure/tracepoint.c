// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../system/sys.h"
#include "tracepoint.h"

static int event_path(char *buf, size_t len, const char *tracefs,
		      const char *event, const char *file)
{
	const char *colon = strchr(event, ':');

	if (!colon)
		return -EINVAL;
	snprintf(buf, len, "%s/events/%.*s/%s/%s", tracefs,
		 (int)(colon - event), event, colon + 1, file);
	return 0;
}

long gb_tp_id(const char *tracefs, const char *event)
{
	char path[512];
	uint64_t id;
	int err;

	if (!tracefs)
		return -ENOENT;
	err = event_path(path, sizeof(path), tracefs, event, "id");
	if (!err)
		err = gb_read_u64(path, &id);
	return err ? err : (long)id;
}

int gb_tp_field_parse(const char *format, const char *field,
		      struct gb_tp_field *out)
{
	const char *p = format;
	size_t flen = strlen(field);

	/* Lines look like "\tfield:unsigned long failed;\toffset:16;\tsize:8;" */
	while ((p = strstr(p, "field:"))) {
		const char *semi = strchr(p, ';');
		const char *name;

		if (!semi)
			break;
		name = semi;
		while (name > p && name[-1] != ' ' && name[-1] != '*')
			name--;
		if ((size_t)(semi - name) == flen &&
		    !strncmp(name, field, flen) &&
		    sscanf(semi, "; offset:%d; size:%d;", &out->offset,
			   &out->size) == 2)
			return 0;
		p = semi;
	}
	return -ENOENT;
}

static int read_format(const char *tracefs, const char *event, char *buf,
		       size_t len)
{
	char path[512];
	long n;
	int err;

	if (!tracefs)
		return -ENOENT;
	err = event_path(path, sizeof(path), tracefs, event, "format");
	if (err)
		return err;
	n = gb_read_file(path, buf, len);
	return n < 0 ? (int)n : 0;
}

int gb_tp_field(const char *tracefs, const char *event, const char *field,
		struct gb_tp_field *out)
{
	char buf[8192];
	int err = read_format(tracefs, event, buf, sizeof(buf));

	return err ? err : gb_tp_field_parse(buf, field, out);
}

int gb_tp_symbolic_parse(const char *format, const char *name, long *val)
{
	char needle[128];
	const char *p, *open;

	snprintf(needle, sizeof(needle), ", \"%s\"}", name);
	p = strstr(format, needle);
	if (!p)
		return -ENOENT;
	for (open = p; open > format && *open != '{'; open--)
		;
	if (*open != '{')
		return -ENOENT;
	*val = strtol(open + 1, NULL, 0);
	return 0;
}

int gb_tp_symbolic(const char *tracefs, const char *event, const char *name,
		   long *val)
{
	char buf[8192];
	int err = read_format(tracefs, event, buf, sizeof(buf));

	return err ? err : gb_tp_symbolic_parse(buf, name, val);
}

int gb_kallsyms_addr(const char *kallsyms, const char *sym, uint64_t *addr)
{
	char line[512], name[256], type;
	unsigned long long a;
	FILE *f = fopen(kallsyms, "r");
	int err = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &a, &type, name) != 3 ||
		    strcmp(name, sym))
			continue;
		*addr = a;
		err = a ? 0 : -EPERM;
		break;
	}
	fclose(f);
	return err;
}
