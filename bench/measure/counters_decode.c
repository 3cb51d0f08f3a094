// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters_int.h"

static uint64_t raw_u64(const struct gb_sample *s, struct gb_tp_field f)
{
	uint64_t v = 0;

	if (f.offset < 0 || (uint32_t)(f.offset + f.size) > s->raw_size ||
	    f.size > 8)
		return 0;
	memcpy(&v, s->raw + f.offset, (size_t)f.size);
	return v;
}

static uint64_t raw_cpumask_weight(const struct gb_sample *s,
				   struct gb_tp_field f)
{
	uint32_t loc = (uint32_t)raw_u64(s, f), off = loc & 0xffff,
		 len = loc >> 16, i;
	uint64_t w = 0;

	if (off + len > s->raw_size)
		return 0;
	for (i = 0; i < len; i++)
		w += (uint64_t)__builtin_popcount(s->raw[off + i]);
	return w;
}

static bool other_node(const struct gb_counters *c, uint64_t cpu)
{
	return cpu < GB_MAX_CPUS && c->node_of[cpu] != c->home_node;
}

/* The CPUs of a cpumask field (__data_loc bitmap) on other nodes. */
static uint64_t cpumask_other_node(const struct gb_counters *c,
				   const struct gb_sample *s, struct gb_tp_field f)
{
	uint32_t loc = (uint32_t)raw_u64(s, f), off = loc & 0xffff,
		 len = loc >> 16, i, b;
	uint64_t n = 0;

	if (off + len > s->raw_size)
		return 0;
	for (i = 0; i < len; i++)
		for (b = 0; b < 8; b++)
			n += (s->raw[off + i] >> b & 1) && other_node(c, (uint64_t)i * 8 + b);
	return n;
}

void gb_ctr_task_sample(const struct gb_sample *s, void *arg)
{
	struct gb_counters *c = arg;
	struct gb_call_state *st = &c->call;
	int src = gb_ctr_src_of_id(c, s->id);

	if (s->time < st->t_begin || s->time > st->t_end)
		return;
	if (src == GB_S_KP_DRAIN_ALL) {
		if (st->nr_drains == GB_MAX_DRAINS) {
			st->overflow = true;
			return;
		}
		st->drains[st->nr_drains].entry = s->time;
		st->drains[st->nr_drains].exit = 0;
		st->nr_drains++;
	} else if (src == GB_S_KRP_DRAIN_ALL && st->nr_drains &&
		   !st->drains[st->nr_drains - 1].exit) {
		st->drains[st->nr_drains - 1].exit = s->time;
	} else if (src == GB_S_KP_DRAIN) {
		if (st->nr_local == GB_MAX_LOCAL_DRAINS)
			st->overflow = true;
		else
			st->local_drains[st->nr_local++] = s->time;
	}
}

static int raw_int(const struct gb_sample *s, struct gb_tp_field f)
{
	return (int)(int32_t)raw_u64(s, f);
}

/*
 * One folio's drain decision.  A drain is needed when it brought the
 * folio's ref_count down to what mapping, cache and pin explain; any
 * other drain is a false positive (nothing to remove, or references no
 * drain can remove).  "local+all" means the local drain was not enough:
 * it counts as a false positive, the drain_all is judged by the result;
 * the all-CPU drains among the false positives are counted apart, as
 * they are the costly ones.
 */
static void gup_drain_sample(struct gb_counters *c, const struct gb_sample *s,
			     struct gb_gd_tally *t)
{
	int ref = raw_int(s, c->f_gd_ref), after = raw_int(s, c->f_gd_ref_after);
	int want = raw_int(s, c->f_gd_expected) + raw_int(s, c->f_gd_pin_refs);
	int decision = raw_int(s, c->f_gd_decision);
	bool cacheable = !c->gd_has_cacheable || raw_u64(s, c->f_gd_cacheable);

	t->folios++;
	/* As the drain decision counts it: a large folio is never cached. */
	t->excess += cacheable && ref != want;
	if (!decision)
		return;
	t->local += (decision & 1) != 0;
	t->all += (decision & 2) != 0;
	t->ns += raw_u64(s, c->f_gd_ns);
	/* local+all or local+housekeeping: the local drain was not enough. */
	if ((decision & 1) && decision != 1)
		t->fp++;
	if (ref > want && after == want) {
		t->needed++;
	} else {
		t->fp++;
		/* 4: the all-CPU drain that skipped isolated CPUs. */
		t->fp_all += (decision & 6) != 0;
	}
}

/* One pin attempt's decisions, added up in the kernel by the same rules. */
static void gup_call_sample(struct gb_counters *c, const struct gb_sample *s,
			    struct gb_gd_tally *t)
{
	t->folios += raw_u64(s, c->f_gc_folios);
	t->excess += raw_u64(s, c->f_gc_excess);
	t->local += raw_u64(s, c->f_gc_local);
	t->all += raw_u64(s, c->f_gc_all);
	t->ns += raw_u64(s, c->f_gc_ns);
	t->needed += raw_u64(s, c->f_gc_needed);
	t->fp += raw_u64(s, c->f_gc_fp);
	t->fp_all += raw_u64(s, c->f_gc_fp_all);
}

static void work_ev(struct gb_call_state *st, struct gb_work_ev *ev, int *n,
		    uint64_t work, int cpu, uint64_t time)
{
	if (*n == GB_MAX_WORK_LAT) {
		st->overflow = true;
		return;
	}
	ev[*n].work = work;
	ev[*n].cpu = cpu;
	ev[*n].time = time;
	ev[*n].used = false;
	(*n)++;
}

/* The first unused event of this work on this CPU at or after t. */
static struct gb_work_ev *next_ev(struct gb_work_ev *ev, int n, uint64_t work,
			       int cpu, uint64_t t)
{
	struct gb_work_ev *best = NULL;
	int i;

	for (i = 0; i < n; i++)
		if (!ev[i].used && ev[i].work == work && ev[i].cpu == cpu &&
		    ev[i].time >= t && (!best || ev[i].time < best->time))
			best = &ev[i];
	return best;
}

/*
 * Pair each queued drain work with its start and end on the CPU it was
 * queued to; out->works one by one, and the longest wait and latency.
 */
void gb_ctr_pair_works(struct gb_call_state *st, struct gb_call_counts *out,
		       uint64_t *wait_max, uint64_t *lat_max)
{
	int i;

	out->nr_works = 0;
	*wait_max = *lat_max = 0;
	for (i = 0; i < st->nr_wq; i++) {
		struct gb_work_ev *q = &st->wq[i], *s, *e = NULL;
		struct gb_work_lat *w = &out->works[out->nr_works++];

		memset(w, 0, sizeof(*w));
		w->cpu = q->cpu;
		s = next_ev(st->ws, st->nr_ws, q->work, q->cpu, q->time);
		if (!s)
			continue;
		s->used = true;
		w->started = true;
		w->wait_ns = s->time - q->time;
		if (w->wait_ns > *wait_max)
			*wait_max = w->wait_ns;
		e = next_ev(st->we, st->nr_we, q->work, q->cpu, s->time);
		if (!e)
			continue;
		e->used = true;
		w->ended = true;
		w->run_ns = e->time - s->time;
		if (e->time - q->time > *lat_max)
			*lat_max = e->time - q->time;
	}
}

/*
 * Inside one of the pinning task's lru_add_drain_all() calls: the task
 * ring, read before the CPU rings, holds their spans (a call with no
 * return seen runs to the window's end).
 */
static bool in_drain_all(const struct gb_call_state *st, uint64_t t)
{
	int i;

	for (i = 0; i < st->nr_drains; i++)
		if (t >= st->drains[i].entry &&
		    (!st->drains[i].exit || t <= st->drains[i].exit))
			return true;
	return false;
}

/* IPIs the pinning task sent itself, and those inside its all-CPU drains. */
static void pin_ipis(struct gb_counters *c, const struct gb_sample *s, uint64_t n)
{
	struct gb_call_state *st = &c->call;

	if (s->tid != (uint32_t)c->tid)
		return;
	st->ipis_pin += n;
	if (in_drain_all(st, s->time))
		st->ipis_pin_drain_all += n;
}

/* The isolated CPU's tally in this call, or NULL for another CPU. */
static struct gb_iso_count *iso_of(struct gb_counters *c, uint64_t cpu)
{
	if (cpu >= GB_MAX_CPUS || c->iso_slot[cpu] < 0)
		return NULL;
	return &c->call.iso[c->iso_slot[cpu]];
}

/*
 * An IPI to an isolated CPU; the pin's drain sent it when the pinning
 * task did, inside its lru_add_drain_all().
 */
static void iso_ipi(struct gb_counters *c, const struct gb_sample *s, uint64_t cpu)
{
	struct gb_iso_count *iso = iso_of(c, cpu);

	if (!iso)
		return;
	iso->ipis++;
	if (s->tid == (uint32_t)c->tid && in_drain_all(&c->call, s->time))
		c->call.iso_ipis_drain_all++;
}

/* The isolated CPUs among an IPI's cpumask targets. */
static void iso_mask_ipis(struct gb_counters *c, const struct gb_sample *s,
			  struct gb_tp_field f)
{
	uint32_t loc = (uint32_t)raw_u64(s, f), off = loc & 0xffff,
		 len = loc >> 16, i, b;

	if (!c->nr_iso || off + len > s->raw_size)
		return;
	for (i = 0; i < len; i++)
		for (b = 0; b < 8; b++)
			if (s->raw[off + i] >> b & 1)
				iso_ipi(c, s, (uint64_t)i * 8 + b);
}

/* An IRQ entry on a CPU where a spinner runs: it interrupted the spinner. */
static void spinner_irq(struct gb_counters *c, uint32_t cpu)
{
	struct gb_iso_count *iso = iso_of(c, cpu);

	if (c->spin_tid[cpu]) {
		c->call.spin_irqs++;
		if (iso)
			iso->irqs++;
	}
}

/* A switch away from the spinner on its own CPU. */
static void spinner_switch(struct gb_counters *c, const struct gb_sample *s,
			   uint32_t cpu)
{
	struct gb_iso_count *iso = iso_of(c, cpu);

	if (!c->spin_tid[cpu] ||
	    raw_int(s, c->f_ss_prev_pid) != c->spin_tid[cpu])
		return;
	c->call.spin_switches++;
	if (iso)
		iso->switches++;
}

void gb_ctr_cpu_sample(const struct gb_sample *s, void *arg)
{
	struct gb_counters *c = arg;
	struct gb_call_state *st = &c->call;
	int src = gb_ctr_src_of_id(c, s->id);
	uint32_t cpu = s->cpu < GB_MAX_CPUS ? s->cpu : 0;
	struct gb_iso_count *iso;
	int k;

	if (src < 0)
		return;
	c->sampled[src]++;
	if (st->discarding || s->time < st->t_begin || s->time > st->t_end)
		return;
	st->hits[src]++;
	for (k = 0; k < gb_nr_ctr_sums; k++)
		if ((int)gb_ctr_sums[k].src == src && s->tid == (uint32_t)c->tid)
			st->sum[gb_ctr_sums[k].id] += raw_u64(s, c->sum_field[gb_ctr_sums[k].id]);
	switch (src) {
	case GB_S_TP_QUEUE_WORK:
		if (raw_u64(s, c->f_qw_fn) != c->drain_fn)
			break;
		if (st->nr_works == GB_MAX_WORKS)
			st->overflow = true;
		else
			st->work_times[st->nr_works++] = s->time;
		work_ev(st, st->wq, &st->nr_wq, raw_u64(s, c->f_qw_work),
			(int)(int32_t)raw_u64(s, c->f_qw_cpu), s->time);
		if (st->nr_wq)
			st->wq[st->nr_wq - 1].tid = s->tid;
		st->works_pin += s->tid == (uint32_t)c->tid;
		if ((iso = iso_of(c, (uint64_t)(int64_t)(int32_t)raw_u64(s, c->f_qw_cpu)))) {
			iso->works_queued++;
			st->iso_works_pin += s->tid == (uint32_t)c->tid;
		}
		break;
	case GB_S_TP_EXEC_START:
		if (raw_u64(s, c->f_es_fn) != c->drain_fn)
			break;
		st->exec_start[cpu] = s->time;
		st->exec_work[cpu] = raw_u64(s, c->f_es_work);
		work_ev(st, st->ws, &st->nr_ws, st->exec_work[cpu], (int)cpu, s->time);
		break;
	case GB_S_TP_EXEC_END:
		if (st->exec_start[cpu] &&
		    raw_u64(s, c->f_ee_work) == st->exec_work[cpu]) {
			st->works_ns += s->time - st->exec_start[cpu];
			st->exec_start[cpu] = 0;
			work_ev(st, st->we, &st->nr_we, st->exec_work[cpu], (int)cpu,
				s->time);
			st->works_other_node += other_node(c, cpu);
			if ((iso = iso_of(c, cpu)))
				iso->works_run++;
		}
		break;
	case GB_S_TP_IPI_MASK:
		st->ipi_targets += raw_cpumask_weight(s, c->f_mask);
		st->ipis_other_node += cpumask_other_node(c, s, c->f_mask);
		pin_ipis(c, s, raw_cpumask_weight(s, c->f_mask));
		iso_mask_ipis(c, s, c->f_mask);
		break;
	case GB_S_TP_IPI_CPU:
		st->ipis_other_node += other_node(c, raw_u64(s, c->f_ipi_cpu));
		pin_ipis(c, s, 1);
		iso_ipi(c, s, raw_u64(s, c->f_ipi_cpu));
		break;
	case GB_S_TP_CALL_FN:
	case GB_S_TP_CALL_FN_SINGLE:
	case GB_S_TP_RESCHED:
	case GB_S_TP_LOCAL_TIMER:
		spinner_irq(c, cpu);
		break;
	case GB_S_TP_SCHED_SWITCH:
		spinner_switch(c, s, cpu);
		break;
	case GB_S_KP_DRAIN_ALL_ANY:
		if (st->nr_any_drains == GB_MAX_WORK_LAT)
			st->overflow = true;
		else
			st->any_drain_tid[st->nr_any_drains++] = s->tid;
		break;
	case GB_S_TP_GUP_DRAIN:
		if (s->tid == (uint32_t)c->tid)
			gup_drain_sample(c, s, c->folio_feeds ? &st->gd : &st->pf);
		break;
	case GB_S_TP_GUP_CALL:
		if (s->tid == (uint32_t)c->tid)
			gup_call_sample(c, s, &st->gd);
		break;
	case GB_S_TP_MIGRATE_START:
		if (s->tid != (uint32_t)c->tid)
			break;
		if (st->nr_migrations == GB_MAX_SPANS) {
			st->overflow = true;
			break;
		}
		st->migrations[st->nr_migrations].entry = s->time;
		st->migrations[st->nr_migrations].exit = UINT64_MAX;
		st->nr_migrations++;
		break;
	case GB_S_TP_MIGRATE:
		/* Whatever the reason, a migrate_pages() of ours ends here. */
		if (s->tid == (uint32_t)c->tid && st->nr_migrations &&
		    st->migrations[st->nr_migrations - 1].exit == UINT64_MAX)
			st->migrations[st->nr_migrations - 1].exit = s->time;
		if (s->tid != (uint32_t)c->tid ||
		    (long)(int)raw_u64(s, c->f_mig_reason) !=
			    c->longterm_pin_reason)
			break;
		st->mig_calls++;
		st->mig_ok += raw_u64(s, c->f_mig_ok);
		st->mig_failed += raw_u64(s, c->f_mig_failed);
		break;
	default:
		break;
	}
}

