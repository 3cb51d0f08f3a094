/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocating a whole CMA area through debugfs (cma/AREA/alloc, with
 * CONFIG_CMA_DEBUGFS) while longterm pins are held, as a driver's
 * cma_alloc() would (seed 004): it succeeds only if no pinned page was
 * left in the area.  The pages are given back at once (cma/AREA/free),
 * and the allocation is journalled so that no exit path keeps them.
 */
#ifndef GB_CMA_ALLOC_H
#define GB_CMA_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "../system/layout.h"

struct gb_cma_alloc {
	bool ran;
	const char *note;	/* why it did not run, or NULL */
	char area[64];
	uint64_t asked;		/* pages: the whole area */
	uint64_t got;		/* pages cma_alloc() returned (asked or 0) */
	uint64_t alloc_ns, free_ns;
	int err;		/* -errno of a failed allocation */
	char free_path[512];	/* cma/AREA/free: the journalled undo */
};

/*
 * Take the whole area (journalled first), then give it back; between
 * the two the caller may hold it (--hold).  give_back() after a take
 * that ran, whatever it returned.
 */
void gb_cma_alloc_take(const struct gb_layout *l, const char *debugfs,
		       struct gb_cma_alloc *out);
void gb_cma_alloc_give_back(struct gb_cma_alloc *out);

/*
 * The racing mode: a thread on another CPU allocates and frees chunks of
 * the CMA area in a loop (cma_alloc() isolates the chunk's pageblocks and
 * migrates what is in them) while the pin runs.  Per pin call: how many
 * allocations, how many failed, and their latency.
 */
#define GB_CMA_RACE_CHUNK	256	/* pages a cma_alloc() takes */
#define GB_CMA_RACE_SAMPLES	4096

struct gb_cma_race_result {
	bool ran;
	const char *note;	/* why not, or NULL */
	uint64_t chunk;		/* pages per allocation */
	uint64_t allocs, failed;
	uint64_t p50_ns, p99_ns, max_ns;	/* allocation latency */
};

/* 0, or -errno with out->note saying why no race runs. */
int gb_cma_race_start(const struct gb_layout *l, const char *debugfs,
		      int cpu, struct gb_cma_race_result *out);
/* Stop the racer (after at least one allocation) and fill out. */
void gb_cma_race_stop(struct gb_cma_race_result *out);

#endif
