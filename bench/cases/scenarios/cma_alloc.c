// SPDX-License-Identifier: GPL-2.0
/*
 * Minchan Kim's case (seed 004): a driver's cma_alloc() of the whole
 * area while longterm pins are held.  The pages are faulted and settled
 * (placement cma puts them in the area); after the pin has migrated them
 * out, the runner allocates every page of the CMA area through debugfs
 * and gives it back.  A pinned page left in the area (the bug Minchan
 * fixed: pages pinned under MIGRATE_ISOLATE) fails the allocation.
 *
 * cma-race: the same pages, with cma_alloc() of small chunks running on
 * another CPU while the pin migrates (cma_alloc.h), as a driver
 * allocating from CMA while an application pins would.
 */
#include <stdio.h>
#include <unistd.h>

#include "../../prepare/buf.h"

static const char *cma_alloc_supported(const struct gb_env *env, char *buf,
				       size_t len)
{
	char path[512];

	if (!env->layout->nr_cma) {
		snprintf(buf, len, "%s", env->layout->cma_reason[0] ?
			 env->layout->cma_reason : "no CMA area");
		return buf;
	}
	snprintf(path, sizeof(path), "%s/cma/%s/alloc", env->debugfs ? env->debugfs : "",
		 env->layout->cma[0].name);
	if (!env->debugfs || access(path, W_OK)) {
		snprintf(buf, len, "cannot write %s: needs root and CONFIG_CMA_DEBUGFS",
			 path);
		return buf;
	}
	return NULL;
}

const struct gb_scenario gb_scenario_cma_alloc = {
	.name = "cma-alloc",
	.summary = "settled pages; while pinned, the whole CMA area is allocated (debugfs cma/AREA/alloc) and freed",
	.truth = GB_DRAIN_NOT_NEEDED,
	.supported = cma_alloc_supported,
	.prepare = gb_buf_settle_anon,
	.teardown = gb_buf_unmap,
	.cma_alloc_while_pinned = true,
};

const struct gb_scenario gb_scenario_cma_race = {
	.name = "cma-race",
	.summary = "settled pages; during the pin another CPU allocates and frees CMA chunks in a loop (cma_alloc racing the migration)",
	.truth = GB_DRAIN_NOT_NEEDED,
	.supported = cma_alloc_supported,
	.prepare = gb_buf_settle_anon,
	.teardown = gb_buf_unmap,
	.cma_race = true,
};
