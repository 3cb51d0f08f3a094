// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../system/files.h"

#include "counters_int.h"

static void fill_hw(struct gb_counters *c, struct gb_call_counts *out)
{
	struct gb_group_read g;
	uint64_t en, run;
	int i, k = 0, leader = gb_ctr_hw_leader(c);

	out->nr_hw = gb_counters_hw(c, out->hw);
	if (leader < 0 || gb_perf_read_group(leader, &g))
		return;
	en = g.time_enabled - c->hw_en_before;
	run = g.time_running - c->hw_run_before;
	for (i = 0; i < c->nr_hw; i++) {
		struct gb_hw_count *h = &out->hw[i];
		uint64_t delta;

		if (c->hw_fd[i] < 0)
			continue;
		h->enabled_ns = en;
		h->running_ns = run;
		if ((uint64_t)k >= g.nr) {
			h->count = gb_count_null("not in the group read");
			continue;
		}
		delta = g.values[k].value - c->hw_before[k];
		k++;
		if (!run)
			h->count = gb_count_null("not counted: the PMU never scheduled the group (multiplexed out)");
		else if (run < en)
			h->count = gb_count_of((uint64_t)((double)delta *
						(double)en / (double)run));
		else
			h->count = gb_count_of(delta);
	}
}

/* Local drains made inside migrate_pages(), not by the heuristic. */
static uint64_t drains_in_migration(const struct gb_call_state *st)
{
	uint64_t n = 0;
	int d, m;

	for (d = 0; d < st->nr_local; d++)
		for (m = 0; m < st->nr_migrations; m++)
			if (st->local_drains[d] >= st->migrations[m].entry &&
			    st->local_drains[d] <= st->migrations[m].exit) {
				n++;
				break;
			}
	return n;
}

static uint64_t empty_drains(const struct gb_call_state *st)
{
	uint64_t empty = 0;
	int d, w;

	for (d = 0; d < st->nr_drains; d++) {
		bool any = false;

		for (w = 0; w < st->nr_works && !any; w++)
			any = st->work_times[w] >= st->drains[d].entry &&
			      st->work_times[w] <= st->drains[d].exit;
		empty += !any;
	}
	return empty;
}

/* Counters made from samples: a lost sample makes them unknown. */
static bool sampled_ctr(enum gb_ctr id)
{
	return !(gb_ctr_defs[id].flags & GB_CTR_READ);
}

/*
 * Calls of lru_add_drain_all() by a task that queued no drain work of
 * its own in the window: it found another caller's drain covering its
 * batches (lru_drain_gen) and rode on it.
 */
static uint64_t piggybacked(const struct gb_call_state *st)
{
	uint64_t n = 0;
	int d, w;

	for (d = 0; d < st->nr_any_drains; d++) {
		bool own = false;

		for (w = 0; w < st->nr_wq && !own; w++)
			own = st->wq[w].tid == st->any_drain_tid[d];
		n += !own;
	}
	return n;
}

static bool from_call_event(enum gb_ctr id)
{
	int k;

	for (k = 0; gb_ctr_defs[id].deps[k] != GB_S_NR; k++)
		if (gb_ctr_defs[id].deps[k] == GB_S_TP_GUP_CALL)
			return true;
	return false;
}

/* Not derived: a counter counters.def declares that derive() forgot. */
#define UNSET	UINT64_MAX

/*
 * Every counter of counters.def from the call's state: one assignment
 * each.  A counter added to counters.def and not here stays UNSET and
 * is recorded null, naming this function, never 0.
 */
static void derive(struct gb_counters *c, struct gb_call_counts *out, uint64_t *v)
{
	struct gb_call_state *st = &c->call;
	uint64_t drain_ns = 0;
	int i;

	for (i = 0; i < st->nr_drains; i++)
		if (st->drains[i].exit)
			drain_ns += st->drains[i].exit - st->drains[i].entry;
	v[GB_CTR_DRAINS_ALL] = c->after[GB_S_KP_DRAIN_ALL] - c->before[GB_S_KP_DRAIN_ALL];
	v[GB_CTR_MIGRATION_DRAINS] = drains_in_migration(st);
	v[GB_CTR_DRAINS_LOCAL] = (uint64_t)st->nr_local - v[GB_CTR_MIGRATION_DRAINS];
	v[GB_CTR_DRAIN_ALL_NS] = drain_ns;
	v[GB_CTR_EMPTY_DRAINS] = empty_drains(st);
	v[GB_CTR_WORKS_QUEUED] = (uint64_t)st->nr_works;
	v[GB_CTR_WORKS_NS] = st->works_ns;
	gb_ctr_pair_works(st, out, &v[GB_CTR_WORK_WAIT_MAX_NS], &v[GB_CTR_WORK_LATENCY_MAX_NS]);
	v[GB_CTR_WORKS_RUN] = (uint64_t)st->nr_we;
	v[GB_CTR_DRAINS_ALL_ANY] = (uint64_t)st->nr_any_drains;
	v[GB_CTR_DRAINS_PIGGYBACKED] = piggybacked(st);
	v[GB_CTR_IPI_SEND_CPU] = st->hits[GB_S_TP_IPI_CPU];
	v[GB_CTR_IPI_CPUMASK_TARGETS] = st->ipi_targets;
	v[GB_CTR_IPIS] = v[GB_CTR_IPI_SEND_CPU] + st->ipi_targets;
	v[GB_CTR_WORKS_RUN_OTHER_NODE] = st->works_other_node;
	v[GB_CTR_IPIS_OTHER_NODE] = st->ipis_other_node;
	v[GB_CTR_WORKS_QUEUED_PIN] = st->works_pin;
	v[GB_CTR_IPIS_PIN] = st->ipis_pin;
	v[GB_CTR_IPIS_PIN_DRAIN_ALL] = st->ipis_pin_drain_all;
	v[GB_CTR_CALL_FUNCTION] = st->hits[GB_S_TP_CALL_FN];
	v[GB_CTR_CALL_FUNCTION_SINGLE] = st->hits[GB_S_TP_CALL_FN_SINGLE];
	v[GB_CTR_RESCHEDULE] = st->hits[GB_S_TP_RESCHED];
	v[GB_CTR_MIGRATE_CALLS] = st->mig_calls;
	v[GB_CTR_MIGRATED_OK] = st->mig_ok;
	v[GB_CTR_MIGRATED_FAILED] = st->mig_failed;
	v[GB_CTR_TP_FOLIOS] = st->gd.folios;
	v[GB_CTR_TP_EXCESS_FOLIOS] = st->gd.excess;
	v[GB_CTR_TP_DRAINS_LOCAL] = st->gd.local;
	v[GB_CTR_TP_DRAINS_ALL] = st->gd.all;
	v[GB_CTR_TP_DRAIN_NS] = st->gd.ns;
	v[GB_CTR_DRAINS_NEEDED] = st->gd.needed;
	v[GB_CTR_DRAINS_FALSE_POSITIVE] = st->gd.fp;
	v[GB_CTR_DRAINS_WASTED_ALL] = st->gd.fp_all;
	v[GB_CTR_DRAINS_WASTED_LOCAL] = st->gd.fp - st->gd.fp_all;
	for (i = 0; i < gb_nr_ctr_sums; i++)
		v[gb_ctr_sums[i].id] = st->sum[gb_ctr_sums[i].id];
	/* Excess references matter only where nothing was drained. */
	v[GB_CTR_EXCESS_UNDRAINED] = st->gd.local + st->gd.all +
		st->sum[GB_CTR_TP_DRAINS_HOUSEKEEPING] ? 0 : st->gd.excess;
	v[GB_CTR_WORKS_QUEUED_ISOLATED] = v[GB_CTR_WORKS_RUN_ISOLATED] = 0;
	v[GB_CTR_IPIS_ISOLATED] = 0;
	for (i = 0; i < c->nr_iso; i++) {
		v[GB_CTR_WORKS_QUEUED_ISOLATED] += st->iso[i].works_queued;
		v[GB_CTR_WORKS_RUN_ISOLATED] += st->iso[i].works_run;
		v[GB_CTR_IPIS_ISOLATED] += st->iso[i].ipis;
	}
	v[GB_CTR_IPIS_ISOLATED_DRAIN_ALL] = st->iso_ipis_drain_all;
	v[GB_CTR_WORKS_PIN_ISOLATED] = st->iso_works_pin;
	v[GB_CTR_SPINNER_IRQS] = st->spin_irqs;
	v[GB_CTR_SPINNER_SWITCHES] = st->spin_switches;
	v[GB_CTR_SPINNER_INTERRUPTIONS] = st->spin_irqs + st->spin_switches;
}

/* Each isolated CPU's own counts, and its spinner. */
static void iso_detail(struct gb_counters *c, struct gb_call_counts *out)
{
	int cpu, slot;

	out->nr_iso = c->nr_iso;
	for (cpu = 0; cpu < GB_MAX_CPUS; cpu++) {
		slot = c->iso_slot[cpu];
		if (slot < 0)
			continue;
		out->iso[slot] = c->call.iso[slot];
		out->iso[slot].cpu = cpu;
		out->iso[slot].spinner_tid = c->spin_tid[cpu];
	}
}

/* Why this call's value of counter id is not to be trusted, or NULL. */
static const char *call_reason(struct gb_counters *c, enum gb_ctr id,
			       const uint64_t *v)
{
	struct gb_call_state *st = &c->call;
	const char *r = gb_counters_reason(c, id);
	bool unpaired = false;
	int i;

	for (i = 0; i < st->nr_drains; i++)
		unpaired |= !st->drains[i].exit;
	if (!r && (gb_ctr_defs[id].flags & GB_CTR_SPINNER) && !c->nr_spinners)
		r = "no spinner ran beside this call (--load spin): not applicable";
	if (!r && v[id] == UNSET)
		r = "not derived: counters.def declares it, counters_derive.c's derive() does not make it";
	if (!r && sampled_ctr(id) && c->call_reason[0])
		r = c->call_reason;
	if (!r && unpaired && (id == GB_CTR_DRAIN_ALL_NS || id == GB_CTR_EMPTY_DRAINS ||
			       id == GB_CTR_IPIS_PIN_DRAIN_ALL ||
			       id == GB_CTR_IPIS_ISOLATED_DRAIN_ALL))
		r = "a lru_add_drain_all entry had no matching return";
	/* The kprobe's own count must agree with the samples kept. */
	if (!r && (id == GB_CTR_DRAINS_LOCAL || id == GB_CTR_MIGRATION_DRAINS) &&
	    c->after[GB_S_KP_DRAIN] - c->before[GB_S_KP_DRAIN] != (uint64_t)st->nr_local) {
		snprintf(c->drain_reason, sizeof(c->drain_reason),
			 "lru_add_drain kprobe samples and count disagree (counted %llu, %d samples in the call)",
			 (unsigned long long)(c->after[GB_S_KP_DRAIN] - c->before[GB_S_KP_DRAIN]),
			 st->nr_local);
		r = c->drain_reason;
	}
	/* Two kernel events for one thing: they must agree, call by call. */
	if (!r && from_call_event(id) && c->both &&
	    memcmp(&st->gd, &st->pf, sizeof(st->gd)))
		r = "gup:gup_longterm_drain_call and the per-folio gup:gup_longterm_drain events disagree";
	return r;
}

void gb_counters_end(struct gb_counters *c, struct gb_call_counts *out)
{
	struct gb_call_state *st = &c->call;
	uint64_t v[GB_CTR_NR], lost;
	int i, id;

	st->t_end = gb_now_ns();
	gb_ctr_read_task(c, c->after);
	fill_hw(c, out);
	if (c->task_ring_mapped)
		gb_ring_consume(&c->task_ring, gb_ctr_task_sample, c);
	for (i = 0; i < c->nr_cpus; i++)
		if (c->ring[i].base)
			gb_ring_consume(&c->ring[i], gb_ctr_cpu_sample, c);
	lost = gb_ctr_total_lost(c) - c->lost_before;
	for (id = 0; id < GB_CTR_NR; id++)
		v[id] = UNSET;
	derive(c, out, v);
	iso_detail(c, out);
	c->call_reason[0] = '\0';
	if (lost)
		snprintf(c->call_reason, GB_REASON_MAX,
			 "perf lost or throttled %llu samples in this call",
			 (unsigned long long)lost);
	else if (st->overflow)
		snprintf(c->call_reason, GB_REASON_MAX,
			 "more events in this call than gupbench keeps");
	for (id = 0; id < GB_CTR_NR; id++) {
		const char *r = call_reason(c, (enum gb_ctr)id, v);

		out->c[id] = r ? gb_count_null(r) : gb_count_of(v[id]);
	}
}
