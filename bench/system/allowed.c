// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <string.h>

#include "allowed.h"
#include "../gb.h"

enum value_kind { V_WORD, V_NUMBER };

static const struct {
	const char *pattern;	/* %d: a CPU number; %s: a CMA area's name */
	enum value_kind value;
} settings[] = {
	{ GB_PATH_THP_ENABLED, V_WORD },
	{ GB_PATH_MTHP_ENABLED, V_WORD },
	{ GB_PATH_PCP_HIGH_FRACTION, V_NUMBER },
	{ GB_PATH_RT_RUNTIME, V_NUMBER },
	{ GB_PATH_CPU_ONLINE, V_NUMBER },
	{ GB_PATH_DRAIN_POLICY, V_WORD },
	{ GB_PATH_CMA_FREE, V_NUMBER },
};

/* Where gupbench mounts tracefs or debugfs when nothing is there. */
static const char *const mount_points[] = {
	GB_PATH_TRACEFS, GB_PATH_TRACEFS_OLD, GB_PATH_DEBUGFS,
};

/* One path component of a name: letters, digits, '_', '-', '.'; not . or .. */
static size_t name_len(const char *s)
{
	size_t n = 0;

	while (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '-' || s[n] == '.')
		n++;
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return 0;
	return n;
}

static bool matches(const char *pattern, const char *path)
{
	while (*pattern) {
		size_t n = 0;

		if (pattern[0] == '%' && pattern[1] == 'd') {
			while (n < 6 && isdigit((unsigned char)path[n]))
				n++;
		} else if (pattern[0] == '%' && pattern[1] == 's') {
			n = name_len(path);
		} else {
			if (*pattern++ != *path++)
				return false;
			continue;
		}
		if (!n)
			return false;
		pattern += 2;
		path += n;
	}
	return !*path;
}

static bool value_ok(enum value_kind kind, const char *v)
{
	size_t i, n = strlen(v);

	if (!n || n > 32)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		/* Words: THP modes and drain policies (refcount-all). */
		if (kind == V_NUMBER ? !(isdigit(c) || (c == '-' && !i && n > 1))
				     : !(islower(c) || c == '_' || (c == '-' && i)))
			return false;
	}
	return true;
}

static const char *const kind_names[] = {
	[GB_CHANGE_SET] = "set", [GB_CHANGE_MOUNT] = "mount",
	[GB_CHANGE_NETDEV] = "netdev",
};

const char *gb_change_kind_name(enum gb_change_kind kind)
{
	return (size_t)kind < GB_ARRAY_SIZE(kind_names) ? kind_names[kind] : "?";
}

int gb_change_kind_parse(const char *word)
{
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(kind_names); i++)
		if (!strcmp(word, kind_names[i]))
			return (int)i;
	return -1;
}

const char *gb_change_refused(enum gb_change_kind kind, const char *path,
			      const char *val)
{
	size_t i;

	if (!path || !*path)
		return "an empty path";
	if (kind == GB_CHANGE_MOUNT) {
		/* NULL: an unmount, whatever was mounted (older journals). */
		if (val && strcmp(val, "tracefs") && strcmp(val, "debugfs"))
			return "not a file system gupbench mounts (tracefs, debugfs)";
		for (i = 0; i < GB_ARRAY_SIZE(mount_points); i++)
			if (!strcmp(mount_points[i], path))
				return NULL;
		return "not a place gupbench mounts tracefs or debugfs";
	}
	if (kind == GB_CHANGE_NETDEV) {
		/* A journal may delete only the netdev gupbench creates. */
		if (strcmp(path, GB_NETDEV_NAME))
			return "not the netdev gupbench creates (" GB_NETDEV_NAME ")";
		return val && !strcmp(val, GB_NETDEV_KIND) ? NULL :
		       "not the kind of netdev gupbench creates (" GB_NETDEV_KIND ")";
	}
	if (kind != GB_CHANGE_SET)
		return "an unknown kind of change";
	for (i = 0; i < GB_ARRAY_SIZE(settings); i++) {
		if (!matches(settings[i].pattern, path))
			continue;
		return val && value_ok(settings[i].value, val) ? NULL :
		       settings[i].value == V_NUMBER ? "a value gupbench never writes there (it writes numbers)" :
		       "a value gupbench never writes there (it writes lower-case words)";
	}
	return "not a setting gupbench changes";
}
