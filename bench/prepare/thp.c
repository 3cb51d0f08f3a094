// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "thp.h"
#include "../system/allowed.h"
#include "../system/files.h"
#include "../system/sys.h"

/* The size's own setting, as it reads; false when the kernel has no such size. */
static bool size_mode(unsigned kb, char *path, size_t plen, char *mode, size_t mlen)
{
	snprintf(path, plen, GB_PATH_THP_SIZE_DIR "/hugepages-%ukB/enabled", kb);
	return gb_read_file(path, mode, mlen) > 0;
}

const char *gb_thp_supported(const struct gb_env *env, char *buf, size_t len)
{
	char mode[128];

	if (gb_read_file(GB_PATH_THP_ENABLED, mode, sizeof(mode)) < 0) {
		snprintf(buf, len, "no %s: needs CONFIG_TRANSPARENT_HUGEPAGE",
			 GB_PATH_THP_ENABLED);
		return buf;
	}
	if (strstr(mode, "[never]") && !env->root) {
		snprintf(buf, len, "transparent hugepages are off ([never]) and only root may turn them on");
		return buf;
	}
	if (env->size % GB_THP_SIZE) {
		snprintf(buf, len, "--size must be a multiple of 2M for thp");
		return buf;
	}
	return NULL;
}

int gb_thp_allow_madvise(void)
{
	char mode[128], path[160];
	int err;

	if (gb_read_file(GB_PATH_THP_ENABLED, mode, sizeof(mode)) < 0)
		return -ENOENT;
	if (strstr(mode, "[never]") && (err = gb_sys_set(GB_PATH_THP_ENABLED, "madvise")))
		return err;
	/* An mthp= recipe before may have turned the PMD size off. */
	if (!size_mode((unsigned)(GB_THP_SIZE >> 10), path, sizeof(path), mode, sizeof(mode)) ||
	    !strstr(mode, "[never]"))
		return 0;
	return gb_sys_set(path, "inherit");
}

/* Would a fault in a MADV_HUGEPAGE range take this size? */
static bool on_for_madvise(const char *mode, bool top_on)
{
	return strstr(mode, "[always]") || strstr(mode, "[madvise]") ||
	       (strstr(mode, "[inherit]") && top_on);
}

const char *gb_mthp_supported(const struct gb_env *env, unsigned kb, char *buf, size_t len)
{
	char path[160], mode[128];

	if (!size_mode(kb, path, sizeof(path), mode, sizeof(mode))) {
		snprintf(buf, len, "no %u kB anon mTHP size here (%s): needs Linux 6.8+ with CONFIG_TRANSPARENT_HUGEPAGE",
			 kb, path);
		return buf;
	}
	if (!env->root) {
		snprintf(buf, len, "mthp=%uk sets the mTHP sizes' own settings: only root may", kb);
		return buf;
	}
	if (env->size % ((size_t)kb << 10)) {
		snprintf(buf, len, "--size must be a multiple of %uk for mthp=%uk", kb, kb);
		return buf;
	}
	return NULL;
}

int gb_mthp_allow_madvise(unsigned kb)
{
	char path[160], mode[128], top[128];
	struct dirent *e;
	bool top_on;
	DIR *d;
	int err = 0;

	if (gb_read_file(GB_PATH_THP_ENABLED, top, sizeof(top)) < 0 ||
	    !size_mode(kb, path, sizeof(path), mode, sizeof(mode)))
		return -ENOENT;
	top_on = !strstr(top, "[never]");
	if (!on_for_madvise(mode, top_on) && (err = gb_sys_set(path, "madvise")))
		return err;
	d = opendir(GB_PATH_THP_SIZE_DIR);
	if (!d)
		return -errno;
	while (!err && (e = readdir(d))) {
		unsigned other;
		char tail;

		if (sscanf(e->d_name, "hugepages-%ukB%c", &other, &tail) != 1 || other <= kb ||
		    !size_mode(other, path, sizeof(path), mode, sizeof(mode)))
			continue;
		if (on_for_madvise(mode, top_on))
			err = gb_sys_set(path, "never");
	}
	closedir(d);
	return err;
}

int gb_mthp_sizes(unsigned *kb, int max)
{
	char path[160], mode[128];
	unsigned size;
	int n = 0;

	for (size = 16; size <= 1024 && n < max; size *= 2)
		if (size_mode(size, path, sizeof(path), mode, sizeof(mode)))
			kb[n++] = size;
	return n;
}
