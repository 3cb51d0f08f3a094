// SPDX-License-Identifier: GPL-2.0
/*
 * Minchan Kim's case (seed 004): a driver's cma_alloc() of the whole
 * area while longterm pins are held.  The pages are faulted and settled
 * (placement cma puts them in the area); after the pin has migrated them
 * out, every page of the CMA area is allocated through debugfs while the
 * pins are held, and given back before the unpin.  A pinned page left in the area (the bug Minchan
 * fixed: pages pinned under MIGRATE_ISOLATE) fails the allocation.
 *
 * cma-race: the same pages, with cma_alloc() of small chunks running on
 * another CPU while the pin migrates (cma_alloc.h), as a driver
 * allocating from CMA while an application pins would.
 */
#include <stdio.h>
#include <unistd.h>

#include "../../during/cma_alloc.h"
#include "../../prepare/buf.h"
#include "../../run/call_record.h"

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

/* The whole area, taken while the pins are held and given back after. */
static void take_area(struct gb_call_ctx *c)
{
	struct gb_sample_rec *r = c->rec;

	if (!r->res.ok)
		r->cma.note = "pin failed: no pins held";
	else if (c->pinner->unpins_in_pin || !c->pinner->longterm)
		r->cma.note = "this pinner holds no longterm pins after its call";
	else
		gb_cma_alloc_take(c->env->layout, c->env->debugfs, &r->cma);
}

static void give_area_back(struct gb_call_ctx *c)
{
	gb_cma_alloc_give_back(&c->rec->cma);
}

/* The racer starts before the window: its own start is not measured. */
static void start_racer(struct gb_call_ctx *c)
{
	gb_cma_race_start(c->env->layout, c->env->debugfs, c->remote_cpu,
			  &c->rec->race);
}

static void stop_racer(struct gb_call_ctx *c)
{
	gb_cma_race_stop(&c->rec->race);
}

const struct gb_scenario gb_scenario_cma_alloc = {
	.name = "cma-alloc",
	.summary = "settled pages; while pinned, the whole CMA area is allocated (debugfs cma/AREA/alloc) and freed",
	.truth = GB_DRAIN_NOT_NEEDED,
	.supported = cma_alloc_supported,
	.prepare = gb_buf_settle_anon,
	.teardown = gb_buf_unmap,
	.call_held = take_area,
	.call_release = give_area_back,
};

const struct gb_scenario gb_scenario_cma_race = {
	.name = "cma-race",
	.summary = "settled pages; during the pin another CPU allocates and frees CMA chunks in a loop (cma_alloc racing the migration)",
	.truth = GB_DRAIN_NOT_NEEDED,
	.supported = cma_alloc_supported,
	.prepare = gb_buf_settle_anon,
	.teardown = gb_buf_unmap,
	.call_begin = start_racer,
	.call_end = stop_racer,
};
