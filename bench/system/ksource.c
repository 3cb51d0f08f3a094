// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gb.h"
#include "files.h"
#include "ksource.h"

/* Plain text only: the values reach JSON, terminals and reports. */
static bool plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

static bool hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

static bool put(char *dst, size_t len, const char *val)
{
	if (!*val || strlen(val) >= len || !plain(val))
		return false;
	memcpy(dst, val, strlen(val) + 1);
	return true;
}

#define KS(f) offsetof(struct gb_ksource, f), sizeof(((struct gb_ksource *)0)->f)

/* The plain keys: where each goes, and whether it must be a SHA-256. */
static const struct {
	const char *key;
	size_t off, len;
	bool sha;
} fields[] = {
	{ "package", KS(package), false },
	{ "version", KS(version), false },
	{ "sha256", KS(sha256), true },
	{ "tree", KS(tree), false },
	{ "revision", KS(revision), false },
	{ "base", KS(base), false },
	{ "fragment_sha256", KS(fragment_sha256), true },
	{ "image_key", KS(image_key), false },
};

static bool parse_line(struct gb_ksource *k, char *line)
{
	char *val = strchr(line, ' '), *sum;
	size_t i;

	if (!val)
		return false;
	*val++ = '\0';
	if (!strcmp(line, "kind"))
		return put(k->kind, sizeof(k->kind), val) &&
		       (!strcmp(val, "debian-source") || !strcmp(val, "debian-image") ||
			!strcmp(val, "tree") || !strcmp(val, "image-file"));
	for (i = 0; i < GB_ARRAY_SIZE(fields); i++)
		if (!strcmp(line, fields[i].key))
			return (!fields[i].sha || hex64(val)) &&
			       put((char *)k + fields[i].off, fields[i].len, val);
	if (!strcmp(line, "patch")) {
		sum = strrchr(val, ' ');
		if (!sum || k->nr_patches >= GB_KSOURCE_MAX_PATCHES)
			return false;
		*sum++ = '\0';
		return hex64(sum) &&
		       put(k->patch[k->nr_patches].name, sizeof(k->patch[0].name), val) &&
		       put(k->patch[k->nr_patches++].sha256, sizeof(k->patch[0].sha256), sum);
	}
	return false;
}

bool gb_ksource_parse(struct gb_ksource *k, char *text)
{
	char *save = NULL, *line;

	memset(k, 0, sizeof(*k));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (!parse_line(k, line))
			goto bad;
	if (!k->kind[0])
		goto bad;
	k->present = true;
	return true;
bad:
	memset(k, 0, sizeof(*k));
	return false;
}

void gb_ksource_read(struct gb_ksource *k)
{
	const char *path = getenv("GB_KERNEL_SOURCE");
	char text[16384];
	long n;

	memset(k, 0, sizeof(*k));
	if (!path || !*path) {
		snprintf(k->reason, sizeof(k->reason),
			 "not booted by run-vm.sh: which source built this kernel is not known here (see kernel.version)");
		return;
	}
	n = gb_read_file(path, text, sizeof(text));
	if (n <= 0 || n >= (long)sizeof(text) - 1 || !gb_ksource_parse(k, text)) {
		gb_warn("GB_KERNEL_SOURCE %s: not a kernel provenance file; the envelope's kernel.source is null", path);
		snprintf(k->reason, sizeof(k->reason), "the provenance file run-vm.sh gave was not readable");
	}
}
