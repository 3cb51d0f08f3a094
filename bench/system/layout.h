/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where memory is: zone ranges from /proc/zoneinfo, CMA areas from
 * debugfs, and the classification of a PFN as normal, movable or CMA.
 */
#ifndef GB_LAYOUT_H
#define GB_LAYOUT_H

#include <stdint.h>

#define GB_MAX_ZONES	64
#define GB_MAX_CMA	16

struct gb_zone {
	int node;
	char name[16];
	uint64_t start_pfn;
	uint64_t spanned;
	uint64_t present;
	uint64_t managed;
	uint64_t free;
	uint64_t wmark_high;	/* below it, allocations start to skip the zone */
	uint64_t cma;		/* CMA pages inside this zone */
	uint64_t free_cma;
	uint64_t pcp_max;	/* most pages any CPU's page list holds */
	uint64_t pcp_batch;
};

struct gb_cma_area {
	char name[64];
	uint64_t base_pfn;
	uint64_t count;
	uint64_t used;		/* pages allocated by cma_alloc() */
};

struct gb_layout {
	struct gb_zone zones[GB_MAX_ZONES];
	int nr_zones;
	struct gb_cma_area cma[GB_MAX_CMA];
	int nr_cma;
	char cma_reason[256];	/* why there are no CMA areas, if none */
};

enum gb_where {
	GB_WHERE_NORMAL,	/* pinnable as it is */
	GB_WHERE_MOVABLE,	/* ZONE_MOVABLE: a longterm pin migrates it */
	GB_WHERE_CMA,		/* CMA area: a longterm pin migrates it */
	GB_WHERE_NONE,		/* not present (not faulted, swapped) */
	GB_WHERE_NR,
};

extern const char *const gb_where_name[GB_WHERE_NR];

/* Parse /proc/zoneinfo text; returns zones found or -EINVAL. */
int gb_zoneinfo_parse(const char *text, struct gb_layout *l);
/* Read CMA areas from a debugfs cma directory; 0 or -errno. */
int gb_cma_read(const char *cma_dir, struct gb_layout *l);
/* Both, from the live system. */
int gb_layout_read(struct gb_layout *l);

const struct gb_zone *gb_layout_zone(const struct gb_layout *l,
				     const char *name);
uint64_t gb_layout_present(const struct gb_layout *l, const char *zone);
enum gb_where gb_layout_classify(const struct gb_layout *l, uint64_t pfn);

#endif
