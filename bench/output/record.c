// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <string.h>

#include "../during/load.h"
#include "record.h"

/* A counter: its value, or null (the reason goes in null_reasons). */
static void emit_count(struct gb_json *j, struct gb_count c)
{
	if (c.valid)
		gb_json_u64(j, c.value);
	else
		gb_json_null(j);
}

static void emit_scan(struct gb_json *j, const char *key,
		      const struct gb_pagescan *s, enum gb_where want)
{
	int w;

	gb_json_key(j, key);
	gb_json_obj_begin(j);
	gb_json_kv_u64(j, "pages", s->pages);
	for (w = 0; w < GB_WHERE_NR; w++) {
		gb_json_key(j, gb_where_name[w]);
		if (s->pfns_visible || w == GB_WHERE_NONE)
			gb_json_u64(j, s->where[w]);
		else
			gb_json_null(j);
	}
	gb_json_kv_dbl(j, "fraction_in_placement",
		       want == GB_WHERE_NR ? (s->pages ? 1.0 : NAN)
					   : gb_pagescan_fraction(s, want));
	gb_json_key(j, "not_lru");
	s->flags_visible ? gb_json_u64(j, s->not_lru) : gb_json_null(j);
	gb_json_key(j, "thp");
	s->flags_visible ? gb_json_u64(j, s->thp) : gb_json_null(j);
	gb_json_key(j, "mlocked");
	s->flags_visible ? gb_json_u64(j, s->mlocked) : gb_json_null(j);
	gb_json_key(j, "mlock_pending");
	s->flags_visible ? gb_json_u64(j, s->mlock_pending) : gb_json_null(j);
	/* Batch folios where the placement put them: what a drain is for. */
	gb_json_key(j, "not_lru_in_placement");
	s->flags_visible && s->pfns_visible ?
		gb_json_u64(j, want == GB_WHERE_NR ? s->not_lru : s->not_lru_in[want]) :
		gb_json_null(j);
	gb_json_key(j, "batched_in_placement");
	s->flags_visible && s->pfns_visible ?
		gb_json_u64(j, gb_pagescan_batched_in(s, want)) : gb_json_null(j);
	gb_json_obj_end(j);
}

static void emit_tristate(struct gb_json *j, const char *key, enum gb_tristate v)
{
	gb_json_key(j, key);
	if (v == GB_UNKNOWN)
		gb_json_null(j);
	else
		gb_json_bool(j, v == GB_YES);
}

/*
 * What the scenario recorded of its own, under its name: null when it
 * records nothing.  Only its emit() knows what is inside.
 */
static void emit_scenario_data(struct gb_json *j, const struct gb_sample_rec *r)
{
	gb_json_key(j, "scenario_data");
	if (!r->sc || !r->sc->emit) {
		gb_json_null(j);
		return;
	}
	gb_json_obj_begin(j);
	gb_json_key(j, r->sc->name);
	gb_json_obj_begin(j);
	r->sc->emit(j, r->sc_priv);
	gb_json_obj_end(j);
	gb_json_obj_end(j);
}

/* The other pinners of a --pinners call: where, how, how long. */
static void emit_copin(struct gb_json *j, const struct gb_sample_rec *r)
{
	int i;

	gb_json_kv_i64(j, "pinners", r->pinners > 0 ? r->pinners : 1);
	gb_json_key(j, "co_pinners");
	gb_json_arr_begin(j);
	for (i = 0; i + 1 < r->pinners; i++) {
		const struct gb_copin_result *c = &r->copin[i];

		gb_json_obj_begin(j);
		gb_json_kv_i64(j, "cpu", c->cpu);
		gb_json_kv_str(j, "result", c->res.ok ? "ok" : c->res.err ? "failed" : "short");
		gb_json_kv_u64(j, "pin_ns", c->pin_ns);
		gb_json_kv_dbl(j, "fraction_in_placement", c->fraction);
		gb_json_obj_end(j);
	}
	gb_json_arr_end(j);
}

/* The verdicts as gb_verdict_decide() left them: this only writes. */
static void emit_derived(struct gb_json *j, const struct gb_verdict *v)
{
	gb_json_key(j, "derived");
	gb_json_obj_begin(j);
	gb_json_key(j, "classification");
	v->classification ? gb_json_str(j, v->classification) : gb_json_null(j);
	gb_json_kv_bool(j, "drain_needed", v->drain_needed);
	emit_tristate(j, "drained", v->drained);
	emit_tristate(j, "needed_drain", v->needed);
	emit_tristate(j, "false_positive_drain", v->false_positive);
	emit_tristate(j, "missed_drain", v->missed);
	gb_json_kv_u64_or_null(j, "wasted_drains_local", v->wasted_local >= 0,
			       (uint64_t)v->wasted_local);
	gb_json_kv_u64_or_null(j, "wasted_drains_all", v->wasted_all >= 0,
			       (uint64_t)v->wasted_all);
	gb_json_obj_end(j);
	emit_tristate(j, "conditions_met", v->conditions_met);
	gb_json_key(j, "conditions_missed");
	v->conditions_missed[0] ? gb_json_str(j, v->conditions_missed) : gb_json_null(j);
}

/*
 * The call's drain works one by one (queue -> start -> end, on which
 * CPU) and the slowest of them; null where works were not counted.
 */
static void emit_works(struct gb_json *j, const struct gb_call_counts *c)
{
	uint64_t slowest = 0;
	int i, at = -1;

	gb_json_key(j, "drain_works");
	if (!c->c[GB_CTR_WORK_LATENCY_MAX_NS].valid) {
		gb_json_null(j);
		return;
	}
	for (i = 0; i < c->nr_works; i++) {
		const struct gb_work_lat *w = &c->works[i];

		if (w->ended && (at < 0 || w->wait_ns + w->run_ns > slowest)) {
			slowest = w->wait_ns + w->run_ns;
			at = i;
		}
	}
	gb_json_obj_begin(j);
	gb_json_key(j, "slowest_cpu");
	at >= 0 ? gb_json_i64(j, c->works[at].cpu) : gb_json_null(j);
	gb_json_key(j, "works");
	gb_json_arr_begin(j);
	for (i = 0; i < c->nr_works; i++) {
		const struct gb_work_lat *w = &c->works[i];

		gb_json_obj_begin(j);
		gb_json_kv_i64(j, "cpu", w->cpu);
		gb_json_key(j, "wait_ns");
		w->started ? gb_json_u64(j, w->wait_ns) : gb_json_null(j);
		gb_json_key(j, "run_ns");
		w->ended ? gb_json_u64(j, w->run_ns) : gb_json_null(j);
		gb_json_obj_end(j);
	}
	gb_json_arr_end(j);
	gb_json_obj_end(j);
}

/*
 * Per isolated CPU: what reached it, each column null where its counter
 * is; the spinner's columns null on a CPU no spinner ran on.  The whole
 * null where no CPU is isolated.
 */
/* --load spin: each spinner's gaps in the pin (time), null without one. */
static void emit_spinners(struct gb_json *j, const struct gb_sample_rec *r)
{
	uint64_t gaps = 0, gap_ns = 0, gap_max = 0;
	bool known = r->nr_spinners > 0;
	int i;

	gb_json_key(j, "spinners");
	if (!r->nr_spinners)
		gb_json_null(j);
	else
		gb_json_arr_begin(j);
	for (i = 0; i < r->nr_spinners; i++) {
		const struct gb_spin_rec *s = &r->spin[i];

		gb_json_obj_begin(j);
		gb_json_kv_i64(j, "cpu", s->cpu);
		gb_json_kv_i64(j, "tid", s->tid);
		gb_json_kv_u64(j, "gap_threshold_ns", GB_SPIN_GAP_NS);
		gb_json_kv_u64_or_null(j, "gaps", s->gaps_known, s->gaps);
		gb_json_kv_u64_or_null(j, "gap_ns", s->gaps_known, s->gap_ns);
		gb_json_kv_u64_or_null(j, "gap_max_ns", s->gaps_known, s->gap_max_ns);
		gb_json_obj_end(j);
	}
	if (r->nr_spinners)
		gb_json_arr_end(j);
	/*
	 * All spinners together, for the metrics: null where one is unknown
	 * or none ran (an object all the same: metrics.def reads its members).
	 */
	for (i = 0; i < r->nr_spinners; i++) {
		known &= r->spin[i].gaps_known;
		gaps += r->spin[i].gaps;
		gap_ns += r->spin[i].gap_ns;
		if (r->spin[i].gap_max_ns > gap_max)
			gap_max = r->spin[i].gap_max_ns;
	}
	gb_json_key(j, "spinner_gaps");
	gb_json_obj_begin(j);
	gb_json_kv_u64_or_null(j, "gaps", known, gaps);
	gb_json_kv_u64_or_null(j, "gap_ns", known, gap_ns);
	gb_json_kv_u64_or_null(j, "gap_max_ns", known, gap_max);
	gb_json_obj_end(j);
}

static void emit_isolated(struct gb_json *j, const struct gb_call_counts *c)
{
	bool wq = c->c[GB_CTR_WORKS_QUEUED_ISOLATED].valid,
	     wr = c->c[GB_CTR_WORKS_RUN_ISOLATED].valid,
	     ipi = c->c[GB_CTR_IPIS_ISOLATED].valid,
	     irq = c->c[GB_CTR_SPINNER_IRQS].valid,
	     sw = c->c[GB_CTR_SPINNER_SWITCHES].valid;
	int i;

	gb_json_key(j, "isolated_cpus");
	if (!c->nr_iso) {
		gb_json_null(j);
		return;
	}
	gb_json_arr_begin(j);
	for (i = 0; i < c->nr_iso; i++) {
		const struct gb_iso_count *x = &c->iso[i];
		bool spin = x->spinner_tid > 0;

		gb_json_obj_begin(j);
		gb_json_kv_i64(j, "cpu", x->cpu);
		gb_json_kv_bool(j, "spinner", spin);
		gb_json_kv_u64_or_null(j, "works_queued", wq, x->works_queued);
		gb_json_kv_u64_or_null(j, "works_run", wr, x->works_run);
		gb_json_kv_u64_or_null(j, "ipis", ipi, x->ipis);
		gb_json_kv_u64_or_null(j, "spinner_irqs", irq && spin, x->irqs);
		gb_json_kv_u64_or_null(j, "spinner_switches", sw && spin, x->switches);
		gb_json_obj_end(j);
	}
	gb_json_arr_end(j);
}

static void emit_counts(struct gb_json *j, const struct gb_call_counts *c)
{
	int i, nulls = 0;
	bool never;

	gb_json_key(j, "counters");
	gb_json_obj_begin(j);
	for (i = 0; i < GB_CTR_NR; i++) {
		gb_json_key(j, gb_ctr_info[i].name);
		emit_count(j, c->c[i]);
		nulls += !c->c[i].valid;
	}
	gb_json_obj_end(j);

	gb_json_key(j, "hw");
	gb_json_obj_begin(j);
	for (i = 0; i < c->nr_hw; i++) {
		gb_json_key(j, c->hw[i].name);
		gb_json_obj_begin(j);
		gb_json_key(j, "value");
		emit_count(j, c->hw[i].count);
		/* No times for an event that was never open: null, not 0. */
		never = !c->hw[i].count.valid && !c->hw[i].enabled_ns;
		gb_json_key(j, "enabled_ns");
		never ? gb_json_null(j) : gb_json_u64(j, c->hw[i].enabled_ns);
		gb_json_key(j, "running_ns");
		never ? gb_json_null(j) : gb_json_u64(j, c->hw[i].running_ns);
		gb_json_obj_end(j);
		nulls += !c->hw[i].count.valid;
	}
	gb_json_obj_end(j);

	emit_works(j, c);
	emit_isolated(j, c);

	gb_json_key(j, "null_reasons");
	gb_json_obj_begin(j);
	for (i = 0; nulls && i < GB_CTR_NR; i++)
		if (!c->c[i].valid)
			gb_json_kv_str(j, gb_ctr_info[i].name, c->c[i].reason);
	for (i = 0; nulls && i < c->nr_hw; i++)
		if (!c->hw[i].count.valid)
			gb_json_kv_str(j, c->hw[i].name, c->hw[i].count.reason);
	gb_json_obj_end(j);
}

void gb_emit_sample(struct gb_json *j, const struct gb_sample_rec *r)
{
	gb_json_obj_begin(j);
	gb_json_kv_str(j, "type", "sample");
	gb_json_kv_u64(j, "seq", r->seq);
	gb_json_kv_str(j, "pinner", r->pinner);
	gb_json_kv_str(j, "placement", r->placement);
	gb_json_kv_str(j, "scenario", r->scenario);
	gb_json_key(j, "policy");
	r->policy ? gb_json_str(j, r->policy) : gb_json_null(j);
	gb_json_kv_i64(j, "cpus", r->cpus);
	gb_json_kv_i64(j, "online_cpus", r->online_cpus);
	gb_json_kv_i64(j, "rep", r->rep);
	gb_json_kv_bool(j, "warmup", r->rep < 0);
	gb_json_kv_bool(j, "counters_attached", r->counters_attached);
	gb_json_kv_u64(j, "size", r->size);
	gb_json_kv_i64(j, "pin_cpu", r->pin_cpu);

	emit_scan(j, "before", &r->before, r->want);
	gb_json_key(j, "before_error");
	r->before_error ? gb_json_str(j, r->before_error) : gb_json_null(j);

	gb_json_kv_str(j, "result", r->res.ok ? "ok" :
		       r->res.err ? "failed" : "short");
	gb_json_key(j, "errno");
	r->res.err ? gb_json_str(j, gb_errno_name(r->res.err)) : gb_json_null(j);
	gb_json_kv_u64(j, "pages_pinned", r->res.pages_pinned);
	gb_json_kv_u64(j, "pin_ns", r->pin_ns);
	gb_json_key(j, "unpin_ns");
	r->unpin_timed ? gb_json_u64(j, r->unpin_ns) : gb_json_null(j);
	gb_json_key(j, "kernel_get_usec");
	r->res.kernel_usec_valid ? gb_json_u64(j, r->res.kernel_get_usec)
				 : gb_json_null(j);
	gb_json_key(j, "kernel_put_usec");
	r->res.kernel_usec_valid ? gb_json_u64(j, r->res.kernel_put_usec)
				 : gb_json_null(j);

	if (r->after_scanned) {
		emit_scan(j, "after", &r->after, GB_WHERE_NORMAL);
		gb_json_key(j, "after_unpinnable");
		r->after.pfns_visible ? gb_json_u64(j, gb_rec_unpinnable_after(r))
				      : gb_json_null(j);
	} else {
		gb_json_key(j, "after");
		gb_json_null(j);
		gb_json_key(j, "after_unpinnable");
		gb_json_null(j);
	}
	gb_json_key(j, "after_note");
	r->verdict.after_note ? gb_json_str(j, r->verdict.after_note) : gb_json_null(j);
	gb_json_kv_str(j, "after_check", r->verdict.after_check);
	gb_json_key(j, "vmstat");
	if (r->vmstat_valid) {
		gb_json_obj_begin(j);
		gb_json_kv_u64(j, "pgmigrate_success", r->vm_migrate_ok);
		gb_json_kv_u64(j, "pgmigrate_fail", r->vm_migrate_fail);
		gb_json_obj_end(j);
	} else {
		gb_json_null(j);
	}
	gb_json_key(j, "foll_pin");
	if (r->foll_pin_valid) {
		gb_json_obj_begin(j);
		gb_json_kv_u64(j, "acquired", r->foll_pin_acquired);
		gb_json_kv_u64(j, "released", r->foll_pin_released);
		gb_json_kv_i64(j, "held_after_pin", r->foll_pin_held);
		gb_json_kv_u64(j, "released_by_unpin", r->foll_pin_unpinned);
		gb_json_obj_end(j);
	} else {
		gb_json_null(j);
	}
	gb_json_key(j, "retry_after_drain");
	r->retry_ok == GB_UNKNOWN ? gb_json_null(j) :
		gb_json_str(j, r->retry_ok == GB_YES ? "ok" : "failed");
	gb_json_key(j, "retry_note");
	r->retry_note ? gb_json_str(j, r->retry_note) : gb_json_null(j);
	emit_scenario_data(j, r);
	gb_json_kv_u64(j, "held_ns", r->held_ns);
	/* No load given is the default: nothing runs beside the pin. */
	gb_json_kv_str(j, "load", r->load ? r->load : "idle");
	gb_json_kv_i64(j, "load_cpus", r->load_cpus);
	gb_json_kv_bool(j, "load_watchdog", r->load_watchdog);
	emit_spinners(j, r);
	emit_copin(j, r);
	gb_json_kv_str(j, "truth", r->truth == GB_DRAIN_NEEDED ? "drain_needed" :
		       r->truth == GB_DRAIN_IN_CALL ? "decided_in_call" :
		       "drain_not_needed");
	emit_counts(j, &r->counts);
	emit_derived(j, &r->verdict);
	gb_json_key(j, "ballast_note");
	r->ballast_note && *r->ballast_note ? gb_json_str(j, r->ballast_note)
					    : gb_json_null(j);
	gb_json_obj_end(j);
	gb_json_line_end(j);
}

void gb_emit_skip(struct gb_json *j, const char *pinner,
		  const char *placement, const char *scenario, int cpus,
		  const char *reason)
{
	gb_json_obj_begin(j);
	gb_json_kv_str(j, "type", "skip");
	gb_json_kv_str(j, "pinner", pinner);
	gb_json_key(j, "placement");
	placement ? gb_json_str(j, placement) : gb_json_null(j);
	gb_json_key(j, "scenario");
	scenario ? gb_json_str(j, scenario) : gb_json_null(j);
	gb_json_key(j, "cpus");
	cpus > 0 ? gb_json_i64(j, cpus) : gb_json_null(j);
	gb_json_kv_str(j, "reason", reason);
	gb_json_obj_end(j);
	gb_json_line_end(j);
}

void gb_emit_stop(struct gb_json *j, const char *pinner, const char *placement,
		  const char *scenario, int cpus, unsigned calls, int look, int looks,
		  const char *reason, const char *why)
{
	gb_json_obj_begin(j);
	gb_json_kv_str(j, "type", "stop");
	gb_json_kv_str(j, "pinner", pinner);
	gb_json_kv_str(j, "placement", placement);
	gb_json_kv_str(j, "scenario", scenario);
	gb_json_kv_i64(j, "cpus", cpus);
	gb_json_kv_u64(j, "calls", calls);
	gb_json_kv_i64(j, "look", look);
	gb_json_kv_i64(j, "looks", looks);
	gb_json_kv_str(j, "reason", reason);
	gb_json_kv_str(j, "why", why);
	gb_json_obj_end(j);
	gb_json_line_end(j);
}

void gb_emit_finding(struct gb_json *j, int rank, const char *recipe, const char *scenario,
		     const char *pinner, const char *placement, int cpus, const char *metric,
		     const char *base, const char *cand, double a, double b,
		     size_t na, size_t nb, bool every, double p, const char *reproduce)
{
	gb_json_obj_begin(j);
	gb_json_kv_str(j, "type", "finding");
	gb_json_kv_i64(j, "rank", rank);
	gb_json_kv_str(j, "recipe", recipe);
	/* A fixed scenario's page state (its recipe is then empty). */
	if (scenario)
		gb_json_kv_str(j, "scenario", scenario);
	gb_json_kv_str(j, "pinner", pinner);
	gb_json_kv_str(j, "placement", placement);
	gb_json_kv_i64(j, "cpus", cpus);
	gb_json_kv_str(j, "metric", metric);
	gb_json_kv_str(j, "base_policy", base);
	gb_json_kv_str(j, "cand_policy", cand);
	gb_json_kv_dbl(j, "base", a);
	gb_json_kv_dbl(j, "cand", b);
	gb_json_kv_u64(j, "base_calls", na);
	gb_json_kv_u64(j, "cand_calls", nb);
	gb_json_kv_bool(j, "every_call", every);
	gb_json_key(j, "p");
	p >= 0 ? gb_json_dbl(j, p) : gb_json_null(j);
	gb_json_kv_str(j, "reproduce", reproduce);
	gb_json_obj_end(j);
	gb_json_line_end(j);
}

void gb_emit_explore(struct gb_json *j, unsigned budget, unsigned used,
		     unsigned candidates, unsigned findings, double alpha)
{
	gb_json_obj_begin(j);
	gb_json_kv_str(j, "type", "explore");
	gb_json_kv_u64(j, "budget", budget);
	gb_json_kv_u64(j, "calls", used);
	gb_json_kv_u64(j, "candidates", candidates);
	gb_json_kv_u64(j, "findings", findings);
	gb_json_kv_dbl(j, "alpha", alpha);
	gb_json_obj_end(j);
	gb_json_line_end(j);
}

void gb_emit_end(struct gb_json *j, uint64_t samples, uint64_t excluded,
		 uint64_t skipped,
		 uint64_t failed_checks, int exit_code,
		 const struct gb_sampling_tally *tally, int online_cpus,
		 const char (*changes)[512], int nr_changes)
{
	int k;

	gb_json_obj_begin(j);
	gb_json_kv_str(j, "type", "end");
	gb_json_kv_u64(j, "samples", samples);
	gb_json_kv_u64(j, "excluded", excluded);
	gb_json_kv_u64(j, "skipped", skipped);
	gb_json_kv_u64(j, "failed_checks", failed_checks);
	gb_json_kv_i64(j, "exit_code", exit_code);
	/* After gupbench put back what it changed (CPUs taken offline). */
	gb_json_kv_i64(j, "online_cpus", online_cpus);
	gb_json_key(j, "sampling_complete");
	tally ? gb_json_bool(j, gb_tally_complete(tally)) : gb_json_null(j);
	gb_json_key(j, "sampling_lost");
	tally ? gb_json_u64(j, tally->lost) : gb_json_null(j);
	gb_json_key(j, "sampling_throttled");
	tally ? gb_json_u64(j, tally->throttled) : gb_json_null(j);
	gb_json_key(j, "sampling_silent");
	tally ? gb_json_u64(j, gb_tally_silent(tally)) : gb_json_null(j);
	gb_json_key(j, "system_changes");
	gb_json_arr_begin(j);
	for (k = 0; k < nr_changes; k++)
		gb_json_str(j, changes[k]);
	gb_json_arr_end(j);
	gb_json_key(j, "sampling");
	gb_json_obj_begin(j);
	for (k = 0; tally && k < tally->nr; k++) {
		gb_json_key(j, tally->s[k].source);
		gb_json_obj_begin(j);
		gb_json_kv_u64(j, "counted", tally->s[k].counted);
		gb_json_kv_u64(j, "sampled", tally->s[k].sampled);
		gb_json_obj_end(j);
	}
	gb_json_obj_end(j);
	gb_json_obj_end(j);
	gb_json_line_end(j);
}
