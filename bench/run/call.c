// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../cases/placements/steer.h"
#include "copin.h"
#include "../measure/marker.h"
#include "../measure/pagemap.h"
#include "../prepare/buf.h"
#include "../system/files.h"
#include "run.h"
#include "verdict.h"

/*
 * Counters for this rep, per --counters.  Interleaved calls keep the
 * counters open and switch every source off for the calls without
 * them, so the two kinds of call differ in nothing else.
 */
static struct gb_counters *counters_for_rep(struct gb_run *R, int rep)
{
	bool on = R->o->counters_mode == GB_COUNTERS_ON ||
		  (R->o->counters_mode == GB_COUNTERS_INTERLEAVE &&
		   (rep & 1) == 0);

	if (!R->ctrs)
		return NULL;
	if (R->o->counters_mode == GB_COUNTERS_INTERLEAVE)
		gb_counters_quiet(R->ctrs, !on);
	return on ? R->ctrs : NULL;
}

#define PLACE_TRIES	3

/*
 * Steer, then let the scenario map and fault its buffer, and look where
 * the pages landed.  The allocator's per-CPU page lists and watermarks
 * make steering approximate, so a placement that missed is retried with
 * the ballast grown from fresh /proc/zoneinfo; the fraction reached is
 * recorded either way.
 */
static int place_buffer(struct gb_run *R, struct gb_combo *c, struct gb_buf *buf,
			struct gb_rep *grep, struct gb_sample_rec *rec)
{
	static struct gb_layout now;
	struct gb_env env = R->m.env;
	bool steered;
	int tries, err;

	for (tries = 1;; tries++) {
		steered = false;
		if (c->pl->prepare && !gb_layout_read(&now)) {
			env.layout = &now;
			/* Ballast pins make events by the thousand: not sampled. */
			if (R->ctrs)
				gb_counters_pause(R->ctrs, true);
			steered = c->pl->prepare(c->ballast, &env) > 0;
			if (R->ctrs)
				gb_counters_pause(R->ctrs, false);
		}
		if (steered) {
			size_t sink = gb_steer_pcp_bytes(&now);

			/* On every CPU the scenario may fault from. */
			gb_ballast_sink(c->ballast, grep->pin_cpu, sink);
			if (grep->remote_cpu >= 0)
				gb_ballast_sink(c->ballast, grep->remote_cpu, sink);
			if (R->ctrs)
				gb_counters_skip(R->ctrs);
		}
		grep->batch_cpu = -1;
		err = c->sc->prepare(buf, grep);
		if (err) {
			gb_ballast_drop_sinks(c->ballast);
			c->sc->teardown(buf);
			return err;
		}
		if (buf->before_given)
			rec->before = buf->before;
		err = buf->before_given ? 0 :
		      gb_pagescan(&R->m.layout, buf->addr, buf->size, &rec->before);
		rec->before_error = err ? strerror(-err) : NULL;
		/*
		 * The sinks stay until the call is over: munmap() starts with
		 * lru_add_drain(), which would empty the batches the scenario
		 * just filled.
		 */
		c->ballast->placed = !err && rec->before.pfns_visible &&
			gb_pagescan_fraction(&rec->before, c->pl->want) >= GB_PLACE_ENOUGH;
		if (err || !steered || tries == PLACE_TRIES ||
		    !rec->before.pfns_visible || c->ballast->placed)
			return 0;
		c->sc->teardown(buf);
		gb_ballast_drop_sinks(c->ballast);
	}
}

/*
 * A failed longterm pin, tried once more under the "always" policy, which
 * runs lru_add_drain_all() first: when that succeeds, the call's policy
 * missed a drain.  Outside the counters' window, with the system-wide
 * sources paused, so the call's counts stay the call's.
 */
static void retry_after_drain(struct gb_run *R, struct gb_combo *c,
			      struct gb_buf *buf, const struct gb_policy *policy,
			      struct gb_sample_rec *rec)
{
	const struct gb_policy *always = gb_policy_find("always");
	const struct gb_policy *back = policy ? policy : gb_policy_find(R->sw.current);
	struct gb_pin_result res;

	if (!R->sw.present || !always || !back) {
		rec->retry_note = R->sw.present ?
			"the policy in force could not be read back: no retry" :
			"no drain-policy switch in this kernel: missed drains follow the scenario's truth";
		return;
	}
	if (gb_policy_set(&R->sw, always)) {
		rec->retry_note = "could not set the always policy for the retry";
		return;
	}
	if (R->ctrs)
		gb_counters_pause(R->ctrs, true);
	memset(&res, 0, sizeof(res));
	c->p->pin(c->priv, buf->addr, buf->size, &res);
	if (res.ok && c->p->unpin && !c->p->unpins_in_pin)
		c->p->unpin(c->priv);
	if (R->ctrs) {
		gb_counters_pause(R->ctrs, false);
		gb_counters_skip(R->ctrs);
	}
	rec->retry_ok = res.ok ? GB_YES : GB_NO;
	if (gb_policy_set(&R->sw, back))
		gb_die(GB_EXIT_FAIL, "cannot put the drain policy back to %s after a retry",
		       back->name);
}

/* A scenario's hook at one of the call's moments, when it has one. */
#define CALL_HOOK(sc, hook, ctx) do { if ((sc)->hook) (sc)->hook(ctx); } while (0)

/*
 * With the pins of a successful call still held: the scenario's hook
 * (e.g. the whole CMA area taken), then --hold, then what the hook took
 * given back, as long as the pins are held.
 */
static void while_held(struct gb_run *R, struct gb_combo *c, struct gb_call_ctx *ctx,
		       struct gb_sample_rec *rec)
{
	struct timespec ts;
	uint64_t t0;

	CALL_HOOK(c->sc, call_held, ctx);
	if (R->o->hold_ms && rec->res.ok && !c->p->unpins_in_pin) {
		ts.tv_sec = R->o->hold_ms / 1000;
		ts.tv_nsec = (long)(R->o->hold_ms % 1000) * 1000000;
		t0 = gb_now_ns();
		while (nanosleep(&ts, &ts) && errno == EINTR)
			;
		rec->held_ns = gb_now_ns() - t0;
	}
	CALL_HOOK(c->sc, call_release, ctx);
}

/* The /proc/vmstat counters a call reads, all in one read each time. */
enum { VM_MIGRATE_OK, VM_MIGRATE_FAIL, VM_PIN_ACQ, VM_PIN_REL, VM_NR };
static const char *const vm_names[VM_NR] = {
	"pgmigrate_success", "pgmigrate_fail",
	"nr_foll_pin_acquired", "nr_foll_pin_released",
};

/* One call's working state, across its phases. */
struct call {
	struct gb_run *R;
	struct gb_combo *c;
	const struct gb_policy *policy;
	enum gb_load_kind load;
	struct gb_sample_rec *rec;
	struct gb_rep grep;
	struct gb_buf buf;
	struct gb_call_ctx ctx;
	struct gb_counters *ctrs;
	uint64_t vm_ok, vm_fail;	/* /proc/vmstat before the window */
	uint64_t vm[VM_NR];		/* the last read, as vm_names[] */
	/* nr_foll_pin_*: before the window, after it, after the unpin */
	uint64_t pin_acq[3], pin_rel[3];
};

/*
 * /proc/vmstat now, into k->vm and the pin counts' slot `at`: the
 * migration counts stay valid while both are read, the pin counts while
 * both are read after a fold (*pins_valid says whether it was).
 */
static void vmstat_now(struct call *k, bool *migrate_valid, bool *pins_valid, int at)
{
	bool found[VM_NR];

	if (gb_vmstat_many(vm_names, k->vm, found, VM_NR)) {
		*migrate_valid = *pins_valid = false;
		return;
	}
	*migrate_valid = *migrate_valid && found[VM_MIGRATE_OK] && found[VM_MIGRATE_FAIL];
	*pins_valid = *pins_valid && found[VM_PIN_ACQ] && found[VM_PIN_REL];
	k->pin_acq[at] = k->vm[VM_PIN_ACQ];
	k->pin_rel[at] = k->vm[VM_PIN_REL];
}

/*
 * Arm: the policy, the co-pinners (--pinners) first, on their own CPUs
 * (opening their handles and mapping their buffers drained this CPU's
 * batch when it came after the measured buffer's page state: seen, every
 * fresh batch flushed before the pin), the buffer placed and in its page
 * state, then the batch holders (after the scan: they touch other
 * folios, never the buffer's), leaving alone every CPU whose batch a
 * scenario filled.
 */
static int arm(struct call *k)
{
	struct gb_run *R = k->R;
	struct gb_combo *c = k->c;
	int skip_cpu[GB_MAX_CPUS + 1], nskip = 0, i, err;

	if (k->policy) {
		err = gb_policy_set(&R->sw, k->policy);
		if (err)
			return err;
	}
	memset(k->rec, 0, sizeof(*k->rec));
	k->rec->retry_ok = GB_UNKNOWN;
	/* The scenario's state starts empty in every call. */
	if (c->sc->priv_size)
		memset(c->sc_priv, 0, c->sc->priv_size);
	k->buf.priv = c->sc_priv;
	if (R->o->pinners > 1) {
		err = gb_copin_prepare((int)R->o->pinners - 1, c->p, c->sc,
				       &R->m.env, &R->m.layout, c->pl->want);
		if (err)
			return err;
	}
	err = place_buffer(R, c, &k->buf, &k->grep, k->rec);
	if (err) {
		if (R->o->pinners > 1)
			gb_copin_done();
		return err;
	}
	skip_cpu[nskip++] = k->grep.batch_cpu;
	for (i = 1; i < (int)R->o->pinners; i++)
		skip_cpu[nskip++] = R->m.topo.order[i];
	err = gb_holders_fill(c->holders, skip_cpu, nskip);
	if (err) {
		if (R->o->pinners > 1)
			gb_copin_done();
		c->sc->teardown(&k->buf);
		gb_ballast_drop_sinks(c->ballast);
	}
	return err;
}

/* What the call is: written before the window, read by the verdicts. */
static void describe(struct call *k, int rep)
{
	struct gb_run *R = k->R;
	struct gb_combo *c = k->c;
	struct gb_sample_rec *rec = k->rec;

	rec->seq = R->seq;
	rec->pinner = c->p->name;
	rec->placement = c->pl->name;
	rec->scenario = c->sc->name;
	rec->policy = k->policy ? k->policy->name :
		      R->sw.current[0] ? R->sw.current : NULL;
	rec->cpus = c->cpus;
	rec->online_cpus = gb_online_cpus();
	rec->rep = rep;
	rec->size = R->o->size;
	rec->pin_cpu = gb_topo_current_cpu();
	rec->want = c->pl->want;
	rec->longterm = c->p->longterm;
	rec->truth = c->sc->truth;
	rec->sc = c->sc;
	rec->sc_priv = c->sc_priv;
	rec->ballast_note = c->ballast->note;
	rec->pinners = (int)R->o->pinners;
	k->ctx = (struct gb_call_ctx){
		.priv = c->sc_priv, .buf = &k->buf, .env = &R->m.env,
		.pinner = c->p, .res = &rec->res,
		.other_cpus = R->m.topo.order + 1, .nr_other = c->cpus - 1,
		.remote_cpu = k->grep.remote_cpu,
	};
}

/* The spinners of this call (--load spin), for the counters to follow. */
static void spinners_to_counters(struct call *k)
{
	const struct gb_spinner *sp[GB_MAX_ISO];
	int cpus[GB_MAX_ISO], tids[GB_MAX_ISO], n = 0, i;

	if (k->load == GB_LOAD_SPIN && k->rec->load_cpus)
		n = gb_load_spinners(sp, GB_MAX_ISO);
	if (n > GB_MAX_ISO)
		n = GB_MAX_ISO;
	for (i = 0; i < n; i++) {
		cpus[i] = sp[i]->cpu;
		tids[i] = sp[i]->tid;
	}
	if (k->ctrs)
		gb_counters_spinners(k->ctrs, cpus, tids, n);
}

/* Each spinner's gaps that overlap the pin (after gb_load_stop()). */
static void spinner_gaps(struct call *k)
{
	struct gb_sample_rec *rec = k->rec;
	const struct gb_spinner *sp[GB_MAX_ISO];
	int n = 0, i, g;

	if (k->load == GB_LOAD_SPIN && rec->load_cpus)
		n = gb_load_spinners(sp, GB_MAX_ISO);
	rec->nr_spinners = n < GB_MAX_ISO ? n : GB_MAX_ISO;
	for (i = 0; i < rec->nr_spinners; i++) {
		struct gb_spin_rec *out = &rec->spin[i];
		const struct gb_spinner *s = sp[i];

		memset(out, 0, sizeof(*out));
		out->cpu = s->cpu;
		out->tid = s->tid;
		/* The first gaps are kept: the rest may fall in the pin. */
		out->gaps_known = (uint64_t)s->nr_gaps == s->gaps_total ||
				  (s->nr_gaps && s->gaps[s->nr_gaps - 1].at > rec->pin_end);
		for (g = 0; g < s->nr_gaps; g++) {
			const struct gb_spin_gap *gap = &s->gaps[g];

			if (gap->at > rec->pin_end || gap->at + gap->ns < rec->pin_begin)
				continue;
			out->gaps++;
			out->gap_ns += gap->ns;
			if (gap->ns > out->gap_max_ns)
				out->gap_max_ns = gap->ns;
		}
	}
}

/*
 * Before the window: /proc/vmstat (reading it costs time), the
 * scenario's threads, and the load on the batch holders' CPUs but the
 * pinning one; faulters not on the CPU holding the scenario's batch
 * either (their munmap()s drain it: the batch was gone before the pin).
 */
static void start_beside(struct call *k, int rep)
{
	struct gb_run *R = k->R;
	struct gb_combo *c = k->c;
	struct gb_sample_rec *rec = k->rec;
	int load_cpu[GB_MAX_CPUS], load_cpus = 0, i;

	k->ctrs = counters_for_rep(R, rep);
	rec->counters_attached = k->ctrs != NULL;
	/* Pin counts are per-CPU until folded: exact or not at all. */
	rec->foll_pin_valid = !gb_vmstat_fold();
	rec->vmstat_valid = true;
	vmstat_now(k, &rec->vmstat_valid, &rec->foll_pin_valid, 0);
	k->vm_ok = k->vm[VM_MIGRATE_OK];
	k->vm_fail = k->vm[VM_MIGRATE_FAIL];
	CALL_HOOK(c->sc, call_begin, &k->ctx);
	for (i = 1; k->load != GB_LOAD_IDLE && i < c->cpus; i++)
		if (k->load != GB_LOAD_FAULTERS ||
		    R->m.topo.order[i] != k->grep.batch_cpu)
			load_cpu[load_cpus++] = R->m.topo.order[i];
	rec->load = gb_load_names[k->load];
	rec->load_cpus = gb_load_go(k->load, load_cpu, load_cpus) ? 0 : load_cpus;
	spinners_to_counters(k);
}

/* The counters' window: the pin, and every pinner done. */
static void window(struct call *k)
{
	struct gb_run *R = k->R;
	struct gb_combo *c = k->c;
	struct gb_sample_rec *rec = k->rec;
	uint64_t t0, t1;

	gb_marker(R->marker_fd, "outer-begin", R->seq);
	if (k->ctrs)
		gb_counters_begin(k->ctrs);
	gb_marker(R->marker_fd, "inner-begin", R->seq);
	if (R->o->pinners > 1)
		gb_copin_release();
	CALL_HOOK(c->sc, call_go, &k->ctx);
	t0 = gb_now_ns();
	c->p->pin(c->priv, k->buf.addr, k->buf.size, &rec->res);
	t1 = gb_now_ns();
	rec->pin_ns = t1 - t0;
	rec->pin_begin = t0;
	rec->pin_end = t1;
	CALL_HOOK(c->sc, call_pinned, &k->ctx);
	if (R->o->pinners > 1)
		gb_copin_wait(rec->copin);
	gb_marker(R->marker_fd, "inner-end", R->seq);
	if (k->ctrs) {
		gb_counters_end(k->ctrs, &rec->counts);
	} else {
		rec->counts.nr_hw = 0;
		gb_counts_all_null(&rec->counts,
				   "counters detached for this call (--counters off or interleave)");
	}
	gb_marker(R->marker_fd, "outer-end", R->seq);
}

/* After the window: what ran beside it stopped, /proc/vmstat again. */
static void stop_beside(struct call *k)
{
	struct gb_sample_rec *rec = k->rec;

	rec->load_watchdog = k->load != GB_LOAD_IDLE && gb_load_stop();
	spinner_gaps(k);
	CALL_HOOK(k->c->sc, call_end, &k->ctx);
	if (rec->foll_pin_valid)
		rec->foll_pin_valid = !gb_vmstat_fold();
	vmstat_now(k, &rec->vmstat_valid, &rec->foll_pin_valid, 1);
	rec->vm_migrate_ok = k->vm[VM_MIGRATE_OK] - k->vm_ok;
	rec->vm_migrate_fail = k->vm[VM_MIGRATE_FAIL] - k->vm_fail;
}

/* The kernel's pin counts over the call (see foll_pin_* in call_record.h). */
static void foll_pins(struct call *k)
{
	struct gb_sample_rec *rec = k->rec;
	bool migrate_unused = true;

	if (rec->foll_pin_valid)
		rec->foll_pin_valid = !gb_vmstat_fold();
	if (!rec->foll_pin_valid)
		return;
	vmstat_now(k, &migrate_unused, &rec->foll_pin_valid, 2);
	if (!rec->foll_pin_valid)
		return;
	rec->foll_pin_acquired = k->pin_acq[2] - k->pin_acq[0];
	rec->foll_pin_released = k->pin_rel[2] - k->pin_rel[0];
	rec->foll_pin_held = (int64_t)(k->pin_acq[1] - k->pin_acq[0]) -
			     (int64_t)(k->pin_rel[1] - k->pin_rel[0]);
	rec->foll_pin_unpinned = k->pin_rel[2] - k->pin_rel[1];
}

/* The scenario's own conditions, into the record for the verdict. */
static void scenario_conditions(const struct gb_scenario *sc, const void *priv,
				struct gb_sample_rec *rec)
{
	enum gb_tristate met = sc->conditions(priv, rec->sc_missed,
					      sizeof(rec->sc_missed));

	if (met == GB_NO && !rec->sc_missed[0])
		snprintf(rec->sc_missed, sizeof(rec->sc_missed),
			 "%s: its conditions were not met", sc->name);
	if (met != GB_NO)
		rec->sc_missed[0] = '\0';
	rec->sc_unknown = met == GB_UNKNOWN;
}

/*
 * After the pin: where the pages went, a retry after a drain for a
 * failed pin, what happens while the pins are held, the unpin, and the
 * buffer given back.
 */
static void after_pin(struct call *k)
{
	struct gb_run *R = k->R;
	struct gb_combo *c = k->c;
	struct gb_sample_rec *rec = k->rec;
	uint64_t t0;

	if (rec->res.ok && c->p->longterm) {
		rec->after_scanned =
			!gb_pagescan(&R->m.layout, k->buf.addr, k->buf.size,
				     &rec->after);
		if (c->p->unpins_in_pin)
			rec->after_note = "scanned after the ioctl unpinned: pages stay where the pin migrated them";
	} else {
		rec->after_note = !rec->res.ok ? "pin failed: nothing to check"
				  : "not a longterm pin: nothing migrates";
	}
	if (!rec->res.ok && c->p->longterm)
		retry_after_drain(R, c, &k->buf, k->policy, rec);
	while_held(R, c, &k->ctx, rec);
	if (rec->res.ok && c->p->unpin) {
		t0 = gb_now_ns();
		c->p->unpin(c->priv);
		rec->unpin_ns = gb_now_ns() - t0;
		rec->unpin_timed = true;
	}
	if (c->sc->conditions)
		scenario_conditions(c->sc, c->sc_priv, rec);
	if (R->o->pinners > 1)
		gb_copin_done();
	foll_pins(k);
	c->sc->teardown(&k->buf);
	gb_ballast_drop_sinks(c->ballast);
}

int gb_run_call(struct gb_run *R, struct gb_combo *c, int rep,
		const struct gb_policy *policy, enum gb_load_kind load,
		struct gb_sample_rec *rec)
{
	int usable = R->o->offline_cpus ? c->cpus : R->m.topo.nr_cpus;
	struct call k = {
		.R = R, .c = c, .policy = policy, .load = load, .rec = rec,
		.grep = {
			.env = &R->m.env,
			.pin_cpu = R->m.topo.order[0],
			.remote_cpu = usable > 1 ? R->m.topo.order[1] : -1,
			.size = R->o->size,
			.batch_cpu = -1,
		},
	};
	int err = arm(&k);

	if (err)
		return err;
	describe(&k, rep);
	start_beside(&k, rep);
	window(&k);
	stop_beside(&k);
	after_pin(&k);
	return 0;
}
