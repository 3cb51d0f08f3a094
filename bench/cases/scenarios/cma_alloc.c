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
 *
 * Each records its allocations under scenario_data.cma-alloc and
 * scenario_data.cma-race of the call's record.
 */
#include <stdio.h>
#include <unistd.h>

#include "../cases.h"
#include "../../during/cma_alloc.h"
#include "../../lib/json.h"
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

/* The whole area, taken while the pins are held and given back after. */
static void take_area(struct gb_call_ctx *c)
{
	struct gb_cma_alloc *a = c->priv;

	if (!c->res->ok)
		a->note = "pin failed: no pins held";
	else if (c->pinner->unpins_in_pin || !c->pinner->longterm)
		a->note = "this pinner holds no longterm pins after its call";
	else
		gb_cma_alloc_take(c->env->layout, c->env->debugfs, a);
}

static void give_area_back(struct gb_call_ctx *c)
{
	gb_cma_alloc_give_back(c->priv);
}

static void emit_area(struct gb_json *j, const void *priv)
{
	const struct gb_cma_alloc *a = priv;

	gb_json_kv_bool(j, "ran", a->ran);
	gb_json_kv_str_or_null(j, "note", a->note);
	gb_json_kv_str_or_null(j, "area", a->area[0] ? a->area : NULL);
	gb_json_kv_u64_or_null(j, "pages_asked", a->ran, a->asked);
	gb_json_kv_u64_or_null(j, "pages_got", a->ran, a->got);
	gb_json_kv_str_or_null(j, "result", !a->ran ? NULL : a->err ? "failed" : "ok");
	gb_json_kv_bool_or_null(j, "failed", a->ran, a->err != 0);
	gb_json_kv_str_or_null(j, "errno", a->err ? gb_errno_name(a->err) : NULL);
	gb_json_kv_u64_or_null(j, "alloc_ns", a->ran, a->alloc_ns);
	gb_json_kv_u64_or_null(j, "free_ns", a->ran, a->free_ns);
}

/* The racer starts before the window: its own start is not measured. */
static void start_racer(struct gb_call_ctx *c)
{
	gb_cma_race_start(c->env->layout, c->env->debugfs, c->remote_cpu,
			  c->priv);
}

static void stop_racer(struct gb_call_ctx *c)
{
	gb_cma_race_stop(c->priv);
}

static void emit_race(struct gb_json *j, const void *priv)
{
	const struct gb_cma_race_result *r = priv;

	gb_json_kv_bool(j, "ran", r->ran);
	gb_json_kv_str_or_null(j, "note", r->note);
	gb_json_kv_u64_or_null(j, "chunk_pages", r->ran, r->chunk);
	gb_json_kv_u64_or_null(j, "allocs", r->ran, r->allocs);
	gb_json_kv_u64_or_null(j, "failed", r->ran, r->failed);
	gb_json_kv_u64_or_null(j, "p50_ns", r->ran, r->p50_ns);
	gb_json_kv_u64_or_null(j, "p99_ns", r->ran, r->p99_ns);
	gb_json_kv_u64_or_null(j, "max_ns", r->ran, r->max_ns);
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
	.priv_size = sizeof(struct gb_cma_alloc),
	.emit = emit_area,
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
	.priv_size = sizeof(struct gb_cma_race_result),
	.emit = emit_race,
};
