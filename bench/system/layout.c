// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gb.h"
#include "layout.h"
#include "sys.h"

const char *const gb_where_name[GB_WHERE_NR] = {
	[GB_WHERE_NORMAL] = "normal",
	[GB_WHERE_MOVABLE] = "movable",
	[GB_WHERE_CMA] = "cma",
	[GB_WHERE_NONE] = "none",
};

static int zone_field(struct gb_zone *z, const char *key, uint64_t v)
{
	static const struct {
		const char *key;
		size_t off;
	} fields[] = {
		{ "start_pfn:", offsetof(struct gb_zone, start_pfn) },
		{ "spanned", offsetof(struct gb_zone, spanned) },
		{ "present", offsetof(struct gb_zone, present) },
		{ "managed", offsetof(struct gb_zone, managed) },
		{ "high", offsetof(struct gb_zone, wmark_high) },
		{ "cma", offsetof(struct gb_zone, cma) },
		{ "nr_free_cma", offsetof(struct gb_zone, free_cma) },
	};
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(fields); i++) {
		if (!strcmp(key, fields[i].key)) {
			*(uint64_t *)((char *)z + fields[i].off) = v;
			return 1;
		}
	}
	return 0;
}

int gb_zoneinfo_parse(const char *text, struct gb_layout *l)
{
	struct gb_zone *z = NULL;
	const char *line = text;
	int seen_header = 0;

	l->nr_zones = 0;
	while (line && *line) {
		const char *eol = strchr(line, '\n');
		char buf[256], key[64], name[16];
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		unsigned long long v;
		int node;

		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, line, len);
		buf[len] = '\0';
		line = eol ? eol + 1 : NULL;

		if (sscanf(buf, "Node %d, zone %15s", &node, name) == 2) {
			seen_header = 1;
			if (l->nr_zones == GB_MAX_ZONES)
				return -EINVAL;
			z = &l->zones[l->nr_zones++];
			memset(z, 0, sizeof(*z));
			z->node = node;
			snprintf(z->name, sizeof(z->name), "%s", name);
			continue;
		}
		if (!z)
			continue;
		if (sscanf(buf, " pages free %llu", &v) == 1) {
			z->free = v;
			continue;
		}
		/* Per-CPU page lists: "count:" and "batch:" under pagesets. */
		if (sscanf(buf, " count: %llu", &v) == 1) {
			if (v > z->pcp_max)
				z->pcp_max = v;
			continue;
		}
		if (sscanf(buf, " batch: %llu", &v) == 1) {
			z->pcp_batch = v;
			continue;
		}
		if (sscanf(buf, " %63s %llu", key, &v) == 2)
			zone_field(z, key, v);
	}
	return seen_header ? l->nr_zones : -EINVAL;
}

int gb_cma_read(const char *cma_dir, struct gb_layout *l)
{
	struct dirent *de;
	DIR *d;

	l->nr_cma = 0;
	d = opendir(cma_dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && l->nr_cma < GB_MAX_CMA) {
		struct gb_cma_area *a = &l->cma[l->nr_cma];
		char path[512];

		if (de->d_name[0] == '.')
			continue;
		memset(a, 0, sizeof(*a));
		snprintf(a->name, sizeof(a->name), "%s", de->d_name);
		snprintf(path, sizeof(path), "%s/%s/base_pfn", cma_dir,
			 de->d_name);
		if (gb_read_u64(path, &a->base_pfn))
			continue;
		snprintf(path, sizeof(path), "%s/%s/count", cma_dir,
			 de->d_name);
		if (gb_read_u64(path, &a->count) || !a->count)
			continue;
		snprintf(path, sizeof(path), "%s/%s/used", cma_dir,
			 de->d_name);
		gb_read_u64(path, &a->used);
		l->nr_cma++;
	}
	closedir(d);
	return 0;
}

int gb_layout_read(struct gb_layout *l)
{
	static char text[1 << 18];
	const char *dbg;
	char dir[300];
	long n;
	int err;

	memset(l, 0, sizeof(*l));
	n = gb_read_file("/proc/zoneinfo", text, sizeof(text));
	if (n < 0)
		return (int)n;
	err = gb_zoneinfo_parse(text, l);
	if (err < 0)
		return err;

	dbg = gb_debugfs();
	if (!dbg) {
		snprintf(l->cma_reason, sizeof(l->cma_reason),
			 "debugfs is not mounted and cannot be (needs root and CONFIG_DEBUG_FS)");
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/cma", dbg);
	err = gb_cma_read(dir, l);
	if (err == -ENOENT)
		snprintf(l->cma_reason, sizeof(l->cma_reason),
			 "no %s: needs CONFIG_CMA_DEBUGFS and a CMA area (boot with cma=, needs CONFIG_DMA_CMA)",
			 dir);
	else if (err)
		snprintf(l->cma_reason, sizeof(l->cma_reason), "%s: %s", dir,
			 gb_errno_hint(-err));
	else if (!l->nr_cma)
		snprintf(l->cma_reason, sizeof(l->cma_reason),
			 "no CMA area configured: boot with cma=SIZE (needs CONFIG_DMA_CMA)");
	return 0;
}

const struct gb_zone *gb_layout_zone(const struct gb_layout *l,
				     const char *name)
{
	int i;

	for (i = 0; i < l->nr_zones; i++)
		if (!strcmp(l->zones[i].name, name))
			return &l->zones[i];
	return NULL;
}

uint64_t gb_layout_present(const struct gb_layout *l, const char *zone)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < l->nr_zones; i++)
		if (!strcmp(l->zones[i].name, zone))
			sum += l->zones[i].present;
	return sum;
}

enum gb_where gb_layout_classify(const struct gb_layout *l, uint64_t pfn)
{
	int i;

	/* CMA first: a CMA area sits inside another zone's span. */
	for (i = 0; i < l->nr_cma; i++)
		if (pfn >= l->cma[i].base_pfn &&
		    pfn < l->cma[i].base_pfn + l->cma[i].count)
			return GB_WHERE_CMA;
	for (i = 0; i < l->nr_zones; i++) {
		const struct gb_zone *z = &l->zones[i];

		if (strcmp(z->name, "Movable") || !z->spanned)
			continue;
		if (pfn >= z->start_pfn && pfn < z->start_pfn + z->spanned)
			return GB_WHERE_MOVABLE;
	}
	return GB_WHERE_NORMAL;
}
