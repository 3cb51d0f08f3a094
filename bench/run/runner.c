// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../prepare/ballast.h"
#include "../prepare/buf.h"
#include "../during/copin.h"
#include "../measure/counters.h"
#include "../system/machine.h"
#include "../output/envelope.h"
#include "../prepare/holders.h"
#include "../system/hotplug.h"
#include "../system/journal.h"
#include "../during/load.h"
#include "../measure/marker.h"
#include "../cases/placements/steer.h"
#include "../system/policy.h"
#include "../output/record.h"
#include "runner.h"
#include "verdict.h"
#include "../output/summary.h"
#include "../system/sys.h"
#include "../prepare/workers.h"

#define MAX_PICK	32
#define CPUS_ALL	-1

struct run {
	const struct gb_options *o;
	struct gb_machine m;
	FILE *out;
	struct gb_json j;
	struct gb_summary *sum;
	struct gb_counters *ctrs;
	struct gb_counters_cfg ctrs_cfg;
	int marker_fd;
	bool tty;

	const struct gb_pinner *pinner[MAX_PICK];
	const struct gb_placement *placement[MAX_PICK];
	const struct gb_scenario *scenario[MAX_PICK];
	const char *scenario_skip[MAX_PICK];
	char scenario_skip_buf[MAX_PICK][GB_REASON_MAX];
	int cpus[MAX_PICK];
	int nr_pinners, nr_placements, nr_scenarios, nr_cpus;
	bool cpus_pow2;		/* --cpus pow2: 1, 2, 4, ... and all */
	/* --load: what the batch-holder CPUs do during each call. */
	enum gb_load_kind load[GB_NR_LOADS];
	const char *load_skip[GB_NR_LOADS];
	char load_skip_buf[GB_NR_LOADS][GB_REASON_MAX];
	int nr_loads;
	/* Drain policies to sweep through the patched kernel's switch. */
	const struct gb_policy *policy[MAX_PICK];
	int nr_policies;
	struct gb_policy_switch sw;

	uint64_t seq, samples, skipped, failed_checks;
	uint64_t excluded;		/* samples that missed their conditions */
	struct gb_sampling_tally tally;
	char history[64][512];		/* system changes made, for the end */
	bool tallied;
	uint64_t calls_total, calls_done;
};

/* A list option that cannot be read whole is refused, never cut. */
static void list_error(const char *what, const char *list, int n, size_t room)
{
	if (n == -EINVAL)
		gb_die(GB_EXIT_USAGE, "--%s: an empty item in '%s'", what, list);
	if (n == -E2BIG)
		gb_die(GB_EXIT_USAGE, "--%s: more than %d items or %zu bytes", what,
		       MAX_PICK, room - 1);
	if (!n)
		gb_die(GB_EXIT_USAGE, "--%s: empty list", what);
}

/*
 * Resolve a comma list of names against known[] ("all" alone takes every
 * entry) into table indices; an unknown name, or one given twice, is a
 * usage error.
 */
static int pick(const char *list, const char *const *known, int nknown,
		int *out, const char *what)
{
	const char *names[MAX_PICK];
	char store[512], all[512];
	int n, i, j, k, nr = 0;
	size_t off = 0;

	n = gb_split_list(list, store, sizeof(store), names, MAX_PICK);
	list_error(what, list, n, sizeof(store));
	for (i = 0; i < n; i++) {
		if (!strcmp(names[i], "all")) {
			if (n > 1)
				gb_die(GB_EXIT_USAGE, "--%s: 'all' with other names in '%s': give one or the other",
				       what, list);
			for (k = 0; k < nknown && nr < MAX_PICK; k++)
				out[nr++] = k;
			continue;
		}
		for (k = 0; k < nknown; k++)
			if (!strcmp(known[k], names[i]))
				break;
		if (k == nknown) {
			for (k = 0; k < nknown && off < sizeof(all); k++)
				off += (size_t)snprintf(all + off, sizeof(all) - off,
							"%s%s", k ? ", " : "", known[k]);
			gb_die(GB_EXIT_USAGE, "--%s: unknown %s '%s' (known: %s)",
			       what, what, names[i], all);
		}
		for (j = 0; j < nr; j++)
			if (out[j] == k)
				gb_die(GB_EXIT_USAGE, "--%s: '%s' given twice", what, names[i]);
		out[nr++] = k;
	}
	return nr;
}

static void pick_cases(struct run *R)
{
	const char *known[MAX_PICK];
	int idx[MAX_PICK], n, i;

	for (n = 0; gb_pinners[n] && n < MAX_PICK; n++)
		known[n] = gb_pinners[n]->name;
	R->nr_pinners = pick(R->o->pinner, known, n, idx, "pinner");
	for (i = 0; i < R->nr_pinners; i++)
		R->pinner[i] = gb_pinners[idx[i]];

	for (n = 0; gb_placements[n] && n < MAX_PICK; n++)
		known[n] = gb_placements[n]->name;
	R->nr_placements = pick(R->o->placement, known, n, idx, "placement");
	for (i = 0; i < R->nr_placements; i++)
		R->placement[i] = gb_placements[idx[i]];

	for (n = 0; gb_scenarios[n] && n < MAX_PICK; n++)
		known[n] = gb_scenarios[n]->name;
	R->nr_scenarios = pick(R->o->scenario, known, n, idx, "scenario");
	for (i = 0; i < R->nr_scenarios; i++)
		R->scenario[i] = gb_scenarios[idx[i]];
}

static void parse_cpus(struct run *R)
{
	const char *names[MAX_PICK];
	char store[256];
	int n, i;

	n = gb_split_list(R->o->cpus, store, sizeof(store), names, MAX_PICK);
	list_error("cpus", R->o->cpus, n, sizeof(store));
	for (i = 0; i < n; i++) {
		char *end;
		long v;
		int j;

		if (!strcmp(names[i], "all")) {
			v = CPUS_ALL;
		} else if (!strcmp(names[i], "pow2")) {
			if (n > 1)
				gb_die(GB_EXIT_USAGE, "--cpus: 'pow2' with other counts in '%s': give one or the other",
				       R->o->cpus);
			R->cpus_pow2 = true;
			return;
		} else {
			v = strtol(names[i], &end, 10);
			if (*end || v < 1 || v > GB_MAX_CPUS)
				gb_die(GB_EXIT_USAGE, "--cpus: '%s' is not a CPU count from 1 to %d, 'all' or 'pow2'",
				       names[i], GB_MAX_CPUS);
		}
		for (j = 0; j < R->nr_cpus; j++)
			if (R->cpus[j] == (int)v)
				gb_die(GB_EXIT_USAGE, "--cpus: '%s' given twice", names[i]);
		R->cpus[R->nr_cpus++] = (int)v;
	}
}

/* --cpus pow2: the powers of two below the CPUs this process may use, then all. */
static void expand_pow2(struct run *R)
{
	int v;

	R->nr_cpus = 0;
	for (v = 1; v < R->m.topo.nr_cpus && R->nr_cpus < MAX_PICK - 1; v *= 2)
		R->cpus[R->nr_cpus++] = v;
	R->cpus[R->nr_cpus++] = CPUS_ALL;
}

static void pick_loads(struct run *R)
{
	int idx[MAX_PICK], i;

	R->nr_loads = pick(R->o->load, gb_load_names, GB_NR_LOADS, idx, "load");
	for (i = 0; i < R->nr_loads; i++)
		R->load[i] = (enum gb_load_kind)idx[i];
}

/* After the probe: which loads can run, threads for those that can. */
static void setup_loads(struct run *R)
{
	bool any = false;
	int i, err;

	for (i = 0; i < R->nr_loads; i++) {
		R->load_skip[i] = gb_load_supported(R->load[i], R->load_skip_buf[i],
						    GB_REASON_MAX);
		any |= R->load[i] != GB_LOAD_IDLE && !R->load_skip[i];
	}
	if (!any || R->m.topo.nr_cpus < 2)
		return;
	err = gb_load_init(R->m.topo.order + 1, R->m.topo.nr_cpus - 1);
	for (i = 0; err && i < R->nr_loads; i++)
		if (R->load[i] != GB_LOAD_IDLE && !R->load_skip[i]) {
			snprintf(R->load_skip_buf[i], GB_REASON_MAX,
				 "cannot start the load threads: %s", strerror(-err));
			R->load_skip[i] = R->load_skip_buf[i];
		}
}

static void pick_policies(struct run *R)
{
	const char *known[GB_NR_POLICIES];
	int idx[MAX_PICK], i;

	if (!R->o->policy)
		return;
	for (i = 0; i < GB_NR_POLICIES; i++)
		known[i] = gb_policies[i].name;
	R->nr_policies = pick(R->o->policy, known, GB_NR_POLICIES, idx, "policy");
	for (i = 0; i < R->nr_policies; i++)
		R->policy[i] = &gb_policies[idx[i]];
}

static void open_output(struct run *R)
{
	if (!strcmp(R->o->out, "-")) {
		R->out = stdout;
	} else if (R->o->out_fd >= 0) {
		R->out = fdopen(R->o->out_fd, "w");
		if (!R->out)
			gb_die(GB_EXIT_USAGE, "--out: cannot write %s: %s",
			       R->o->out, strerror(errno));
	} else {
		R->out = fopen(R->o->out, "w");
		if (!R->out)
			gb_die(GB_EXIT_USAGE, "--out: cannot write %s: %s",
			       R->o->out, strerror(errno));
	}
	gb_json_init(&R->j, R->out, R->out != stdout);
}

static void setup_scenarios(struct run *R)
{
	int i, err;

	for (i = 0; i < R->nr_scenarios; i++) {
		const struct gb_scenario *sc = R->scenario[i];

		R->scenario_skip[i] = sc->supported ?
			sc->supported(&R->m.env, R->scenario_skip_buf[i],
				      GB_REASON_MAX) : NULL;
		if (R->scenario_skip[i] || !sc->setup)
			continue;
		err = sc->setup();
		if (err) {
			snprintf(R->scenario_skip_buf[i], GB_REASON_MAX,
				 "setup failed: %s", gb_errno_hint(-err));
			R->scenario_skip[i] = R->scenario_skip_buf[i];
		}
	}
}

/* Results that cannot be written end the run: never lost silently. */
static void check_out(const struct run *R)
{
	if (R->j.err)
		gb_die(GB_EXIT_FAIL, "--out %s: cannot write the results: %s",
		       R->o->out, strerror(-R->j.err));
}

static void write_envelope(struct run *R)
{
	static struct gb_envelope e;

	gb_envelope_fill(&e, &R->m, R->o, R->ctrs);
	gb_emit_envelope(&R->j, &e);
	check_out(R);
}

static void skip(struct run *R, const struct gb_pinner *p,
		 const struct gb_placement *pl, const struct gb_scenario *sc,
		 int cpus, const char *reason)
{
	gb_emit_skip(&R->j, p->name, pl ? pl->name : NULL,
		     sc ? sc->name : NULL, cpus, reason);
	check_out(R);
	R->skipped++;
	if (!R->o->quiet)
		fprintf(stderr, "gupbench: skip %s%s%s%s%s: %s\n", p->name,
			pl ? "/" : "", pl ? pl->name : "", sc ? "/" : "",
			sc ? sc->name : "", reason);
}

static void progress(struct run *R, const char *what, int cpus)
{
	static uint64_t last;
	uint64_t now = gb_now_ns();

	/* Twice a second is enough for a person, and for a serial console. */
	if (!R->tty || R->o->quiet || now - last < 500000000ull)
		return;
	last = now;
	fprintf(stderr, "\r\033[Kgupbench: %s cpus=%d  call %llu/%llu", what,
		cpus, (unsigned long long)R->calls_done,
		(unsigned long long)R->calls_total);
	fflush(stderr);
}

static void close_counters(struct run *R)
{
	if (!R->ctrs)
		return;
	gb_counters_tally(R->ctrs, &R->tally);
	R->tallied = true;
	gb_counters_close(R->ctrs);
	R->ctrs = NULL;
}

/*
 * Counters for this rep, per --counters.  Interleaved calls keep the
 * counters open and switch every source off for the calls without
 * them, so the two kinds of call differ in nothing else.
 */
static struct gb_counters *counters_for_rep(struct run *R, int rep)
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

/* Pin calls one (pinner, placement, scenario, cpus) combination makes. */
static uint64_t calls_per_combo(const struct run *R)
{
	return (uint64_t)(R->o->reps + R->o->warmup) *
	       (uint64_t)(R->nr_policies ? R->nr_policies : 1) *
	       (uint64_t)R->nr_loads;
}

struct combo {
	const struct gb_pinner *p;
	void *priv;
	const struct gb_placement *pl;
	const struct gb_scenario *sc;
	int cpus;
	struct gb_holders *holders;
	struct gb_ballast *ballast;	/* the placement's, kept across combos */
};

#define PLACE_TRIES	3

/*
 * Steer, then let the scenario map and fault its buffer, and look where
 * the pages landed.  The allocator's per-CPU page lists and watermarks
 * make steering approximate, so a placement that missed is retried with
 * the ballast grown from fresh /proc/zoneinfo; the fraction reached is
 * recorded either way.
 */
static int place_buffer(struct run *R, struct combo *c, struct gb_buf *buf,
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
			gb_buf_unmap(buf);
			return err;
		}
		err = gb_pagescan(&R->m.layout, buf->addr, buf->size,
				  &rec->before);
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
static void retry_after_drain(struct run *R, struct combo *c,
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
static void while_held(struct run *R, struct combo *c, struct gb_call_ctx *ctx)
{
	struct gb_sample_rec *rec = ctx->rec;
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

static int one_call(struct run *R, struct combo *c, int rep,
		    const struct gb_policy *policy, enum gb_load_kind load,
		    struct gb_sample_rec *rec)
{
	int load_cpu[GB_MAX_CPUS], load_cpus = 0, i;
	int skip_cpu[GB_MAX_CPUS + 1], nskip = 0;
	int usable = R->o->offline_cpus ? c->cpus : R->m.topo.nr_cpus;
	struct gb_rep grep = {
		.env = &R->m.env,
		.pin_cpu = R->m.topo.order[0],
		.remote_cpu = usable > 1 ? R->m.topo.order[1] : -1,
		.size = R->o->size,
		.batch_cpu = -1,
	};
	uint64_t t0, t1, vm_ok = 0, vm_fail = 0;
	struct gb_counters *ctrs;
	struct gb_call_ctx ctx;
	struct gb_buf buf;
	int err;

	if (policy) {
		err = gb_policy_set(&R->sw, policy);
		if (err)
			return err;
	}
	memset(rec, 0, sizeof(*rec));
	rec->retry_ok = GB_UNKNOWN;
	/*
	 * Co-pinners (--pinners) first, on their own CPUs: opening their
	 * handles and mapping their buffers drained this CPU's batch when
	 * it came after the measured buffer's page state (seen: every
	 * fresh batch flushed before the pin).
	 */
	if (R->o->pinners > 1) {
		err = gb_copin_prepare((int)R->o->pinners - 1, c->p, c->sc,
				       &R->m.env, &R->m.layout, c->pl->want);
		if (err)
			return err;
	}
	err = place_buffer(R, c, &buf, &grep, rec);
	if (err) {
		if (R->o->pinners > 1)
			gb_copin_done();
		return err;
	}
	/*
	 * After the scan (holders touch other folios, never the buffer's),
	 * leaving alone every CPU whose batch a scenario filled.
	 */
	skip_cpu[nskip++] = grep.batch_cpu;
	for (i = 1; i < (int)R->o->pinners; i++)
		skip_cpu[nskip++] = R->m.topo.order[i];
	err = gb_holders_fill(c->holders, skip_cpu, nskip);
	if (err) {
		if (R->o->pinners > 1)
			gb_copin_done();
		c->sc->teardown(&buf);
		gb_ballast_drop_sinks(c->ballast);
		return err;
	}

	rec->seq = R->seq;
	rec->pinner = c->p->name;
	rec->placement = c->pl->name;
	rec->scenario = c->sc->name;
	rec->policy = policy ? policy->name : R->sw.current[0] ? R->sw.current : NULL;
	rec->cpus = c->cpus;
	rec->online_cpus = gb_online_cpus();
	rec->rep = rep;
	rec->size = R->o->size;
	rec->pin_cpu = gb_topo_current_cpu();
	rec->want = c->pl->want;
	rec->longterm = c->p->longterm;
	rec->truth = c->sc->truth;
	rec->device_private = c->sc->device_private;
	rec->ballast_note = c->ballast->note;

	ctrs = counters_for_rep(R, rep);
	rec->counters_attached = ctrs != NULL;
	/* Outside the counters' window: reading /proc/vmstat costs time. */
	rec->vmstat_valid = !gb_vmstat("pgmigrate_success", &vm_ok) &&
			    !gb_vmstat("pgmigrate_fail", &vm_fail);
	ctx = (struct gb_call_ctx){
		.rec = rec, .buf = &buf, .env = &R->m.env, .pinner = c->p,
		.other_cpus = R->m.topo.order + 1, .nr_other = c->cpus - 1,
		.remote_cpu = grep.remote_cpu, .stall_ms = R->o->stall_ms,
	};
	CALL_HOOK(c->sc, call_begin, &ctx);
	/*
	 * The load runs on the batch holders' CPUs but the pinning one;
	 * faulters not on the CPU holding the scenario's batch either
	 * (their munmap()s drain it: the batch was gone before the pin).
	 */
	for (i = 1; load != GB_LOAD_IDLE && i < c->cpus; i++)
		if (load != GB_LOAD_FAULTERS || R->m.topo.order[i] != grep.batch_cpu)
			load_cpu[load_cpus++] = R->m.topo.order[i];
	rec->load = gb_load_names[load];
	rec->load_cpus = gb_load_go(load, load_cpu, load_cpus) ? 0 : load_cpus;
	gb_marker(R->marker_fd, "outer-begin", R->seq);
	if (ctrs)
		gb_counters_begin(ctrs);
	gb_marker(R->marker_fd, "inner-begin", R->seq);
	if (R->o->pinners > 1)
		gb_copin_release();
	CALL_HOOK(c->sc, call_go, &ctx);
	t0 = gb_now_ns();
	c->p->pin(c->priv, buf.addr, buf.size, &rec->res);
	t1 = gb_now_ns();
	CALL_HOOK(c->sc, call_pinned, &ctx);
	/* The window ends when every pinner is done. */
	rec->pinners = (int)R->o->pinners;
	if (R->o->pinners > 1)
		gb_copin_wait(rec->copin);
	gb_marker(R->marker_fd, "inner-end", R->seq);
	if (ctrs) {
		gb_counters_end(ctrs, &rec->counts);
	} else {
		rec->counts.nr_hw = 0;
		gb_counts_all_null(&rec->counts,
				   "counters detached for this call (--counters off or interleave)");
	}
	gb_marker(R->marker_fd, "outer-end", R->seq);
	rec->load_watchdog = load != GB_LOAD_IDLE && gb_load_stop();
	CALL_HOOK(c->sc, call_end, &ctx);
	rec->pin_ns = t1 - t0;
	if (rec->vmstat_valid &&
	    !gb_vmstat("pgmigrate_success", &rec->vm_migrate_ok) &&
	    !gb_vmstat("pgmigrate_fail", &rec->vm_migrate_fail)) {
		rec->vm_migrate_ok -= vm_ok;
		rec->vm_migrate_fail -= vm_fail;
	} else {
		rec->vmstat_valid = false;
	}

	if (rec->res.ok && c->p->longterm) {
		rec->after_scanned =
			!gb_pagescan(&R->m.layout, buf.addr, buf.size,
				     &rec->after);
		if (c->p->unpins_in_pin)
			rec->after_note = "scanned after the ioctl unpinned: pages stay where the pin migrated them";
	} else {
		rec->after_note = !rec->res.ok ? "pin failed: nothing to check"
				  : "not a longterm pin: nothing migrates";
	}
	if (!rec->res.ok && c->p->longterm)
		retry_after_drain(R, c, &buf, policy, rec);
	while_held(R, c, &ctx);
	if (rec->res.ok && c->p->unpin) {
		t0 = gb_now_ns();
		c->p->unpin(c->priv);
		rec->unpin_ns = gb_now_ns() - t0;
		rec->unpin_timed = true;
	}
	rec->extra_refs = buf.extra_refs;
	if (R->o->pinners > 1)
		gb_copin_done();
	c->sc->teardown(&buf);
	gb_ballast_drop_sinks(c->ballast);
	return 0;
}

static void run_combo(struct run *R, struct combo *c)
{
	int n = c->cpus == CPUS_ALL ? R->m.topo.nr_cpus : c->cpus;
	char what[160], why[GB_REASON_MAX], first_miss[256] = "";
	struct gb_sample_rec rec;
	uint64_t missed = 0, kept = 0;
	int rep, err = 0, k;

	if (n > R->m.topo.nr_cpus) {
		snprintf(why, sizeof(why), "--cpus %d: this process may use only %d CPU(s)",
			 n, R->m.topo.nr_cpus);
		skip(R, c->p, c->pl, c->sc, n, why);
		R->calls_done += calls_per_combo(R);
		return;
	}
	if (R->o->offline_cpus) {
		struct gb_topo fewer = R->m.topo;
		struct gb_env env = R->m.env;
		const char *r;

		fewer.nr_cpus = n;
		env.topo = &fewer;
		r = c->sc->supported ? c->sc->supported(&env, why, sizeof(why)) : NULL;
		if (r || gb_hotplug_online_first(R->m.topo.order, R->m.topo.nr_cpus, n,
						      why, sizeof(why))) {
			skip(R, c->p, c->pl, c->sc, n, why);
			R->calls_done += calls_per_combo(R);
			return;
		}
	}
	c->cpus = n;
	/*
	 * Only the batches this combination asks for; CPUs taken offline
	 * had theirs drained by the hotplug.
	 */
	k = gb_workers_settle(R->m.topo.order,
			      R->o->offline_cpus ? n : R->m.topo.nr_cpus);
	if (k)
		gb_warn("cannot empty the other CPUs' LRU batches: %s", strerror(-k));
	c->holders = gb_holders_start(R->m.topo.order, n);
	if (!c->holders) {
		skip(R, c->p, c->pl, c->sc, n, "could not start batch-holder threads");
		return;
	}
	snprintf(what, sizeof(what), "%s/%s/%s", c->p->name, c->pl->name,
		 c->sc->name);
	for (k = 0; k < R->nr_loads; k++)
		if (R->load_skip[k]) {
			snprintf(why, sizeof(why), "--load %s: %s",
				 gb_load_names[R->load[k]], R->load_skip[k]);
			skip(R, c->p, c->pl, c->sc, n, why);
		}
	/* Loads and policies alternate within each rep: drift hits all alike. */
	for (rep = -(int)R->o->warmup; rep < (int)R->o->reps && !err; rep++) {
		int np = R->nr_policies ? R->nr_policies : 1;

		for (k = 0; k < R->nr_loads * np && !err; k++) {
			const struct gb_policy *policy = R->nr_policies ? R->policy[k % np] : NULL;
			enum gb_load_kind load = R->load[k / np];

			if (R->load_skip[k / np]) {
				R->calls_done++;
				continue;
			}
			progress(R, what, n);
			err = one_call(R, c, rep, policy, load, &rec);
			R->calls_done++;
			if (err) {
				snprintf(why, sizeof(why), "preparing the %s pages failed: %s",
					 c->sc->name, gb_errno_hint(-err));
				skip(R, c->p, c->pl, c->sc, n, why);
				break;
			}
			gb_verdict_decide(&rec);
			gb_emit_sample(&R->j, &rec);
			check_out(R);
			R->seq++;
			if (rep < 0)
				continue;
			R->samples++;
			R->failed_checks += gb_rec_check_failed(&rec);
			if (rec.verdict.conditions_met == GB_NO) {
				if (!missed++)
					snprintf(first_miss, sizeof(first_miss), "%s",
						 rec.verdict.conditions_missed);
				continue;
			}
			kept++;
			gb_summary_add(R->sum, &rec);
		}
	}
	gb_holders_stop(c->holders);
	R->excluded += missed;
	/* Kept in the results, marked; never averaged in silently. */
	if (missed)
		gb_warn("%s cpus=%d: %llu of %llu calls missed their conditions and are left out of the summary (first: %s)",
			what, n, (unsigned long long)missed,
			(unsigned long long)(missed + kept), first_miss);
}

static void run_pinner(struct run *R, const struct gb_pinner *p)
{
	char why[GB_REASON_MAX];
	const char *reason = p->supported ?
		p->supported(&R->m.env, why, sizeof(why)) : NULL;
	struct combo c = { .p = p };
	int pl, sc, k, err;

	if (!reason) {
		err = p->open(&c.priv);
		if (err) {
			snprintf(why, sizeof(why), "open: %s", gb_errno_hint(-err));
			reason = why;
		}
	}
	if (reason) {
		skip(R, p, NULL, NULL, 0, reason);
		R->calls_done += (uint64_t)R->nr_placements * R->nr_scenarios *
				 R->nr_cpus * calls_per_combo(R);
		return;
	}
	for (pl = 0; pl < R->nr_placements; pl++) {
		char plwhy[GB_REASON_MAX];
		const char *plr = R->placement[pl]->supported ?
			R->placement[pl]->supported(&R->m.env, plwhy,
						    sizeof(plwhy)) : NULL;

		c.pl = R->placement[pl];
		if (!plr && !(c.ballast = calloc(1, sizeof(*c.ballast))))
			plr = "out of memory for the placement's ballast";
		if (plr) {
			skip(R, p, c.pl, NULL, 0, plr);
			R->calls_done += (uint64_t)R->nr_scenarios * R->nr_cpus *
					 calls_per_combo(R);
			continue;
		}
		for (sc = 0; sc < R->nr_scenarios; sc++) {
			c.sc = R->scenario[sc];
			if (R->scenario_skip[sc]) {
				skip(R, p, c.pl, c.sc, 0, R->scenario_skip[sc]);
				R->calls_done += (uint64_t)R->nr_cpus *
						 calls_per_combo(R);
				continue;
			}
			for (k = 0; k < R->nr_cpus; k++) {
				c.cpus = R->cpus[k];
				run_combo(R, &c);
			}
		}
		gb_ballast_release(c.ballast);
		free(c.ballast);
		c.ballast = NULL;
	}
	p->close(c.priv);
}

static void warn_tally(const struct gb_sampling_tally *t)
{
	int k;

	gb_warn("perf dropped %llu samples without reporting them (%llu reported lost, %llu throttles)",
		(unsigned long long)gb_tally_silent(t),
		(unsigned long long)t->lost, (unsigned long long)t->throttled);
	for (k = 0; k < t->nr; k++)
		if (t->s[k].sampled < t->s[k].counted)
			gb_warn("perf delivered %llu samples of %llu %s events: per-call counts from it are lower bounds",
				(unsigned long long)t->s[k].sampled,
				(unsigned long long)t->s[k].counted,
				t->s[k].source);
}

int gb_run(const struct gb_options *o)
{
	static struct run R;
	FILE *table;
	int i, code, err;

	memset(&R, 0, sizeof(R));
	R.o = o;
	pick_cases(&R);
	parse_cpus(&R);
	pick_loads(&R);
	if (!o->pinners || o->pinners > GB_MAX_COPIN + 1)
		gb_die(GB_EXIT_USAGE, "--pinners: %u is not from 1 to %d", o->pinners,
		       GB_MAX_COPIN + 1);
	if (!o->stall_ms || o->stall_ms > 3600000)
		gb_die(GB_EXIT_USAGE, "--stall-ms: %u is not from 1 to 3600000 ms", o->stall_ms);
	if (o->hold_ms > 3600000)
		gb_die(GB_EXIT_USAGE, "--hold: %u ms is more than an hour (at most 3600000)",
		       o->hold_ms);
	pick_policies(&R);
	if (o->check_args)
		return GB_EXIT_PASS;

	gb_journal_recover();
	gb_sys_install_restore();
	gb_machine_probe(&R.m, o->size);
	if (R.cpus_pow2)
		expand_pow2(&R);
	gb_policy_probe(&R.sw, R.m.env.debugfs);
	if (R.nr_policies && !R.sw.present)
		gb_die(GB_EXIT_SKIP, "--policy: this kernel has no drain-policy switch (debugfs gup_longterm_drain_policy): boot a kernel built with kernel-configs/patches");
	/* The pinning thread stays on the first CPU of the spread order. */
	err = gb_topo_bind_self(R.m.topo.order[0]);
	if (err)
		gb_warn("cannot bind to CPU %d: %s", R.m.topo.order[0],
			strerror(-err));
	setup_loads(&R);
	if (o->pinners > (unsigned int)R.m.topo.nr_cpus)
		gb_die(GB_EXIT_SKIP, "--pinners %u: this process may use only %d CPU(s), one a pinner",
		       o->pinners, R.m.topo.nr_cpus);
	if (o->pinners > 1 &&
	    gb_copin_init(R.m.topo.order + 1, (int)o->pinners - 1))
		gb_die(GB_EXIT_FAIL, "--pinners: cannot start the co-pinning threads");
	err = gb_workers_settle(R.m.topo.order, R.m.topo.nr_cpus);
	if (err)
		gb_warn("cannot start the per-CPU worker threads: %s", strerror(-err));
	R.ctrs_cfg.tid = (int)syscall(SYS_gettid);
	R.ctrs_cfg.hw_events = o->hw_events;
	R.ctrs_cfg.per_folio = !strcmp(o->drain_trace, "folio");
	R.marker_fd = gb_marker_open(o->trace_marker);
	open_output(&R);
	R.tty = isatty(STDERR_FILENO);
	R.sum = gb_summary_new();
	setup_scenarios(&R);
	if (o->counters_mode != GB_COUNTERS_OFF)
		R.ctrs = gb_counters_open(&R.ctrs_cfg);
	write_envelope(&R);

	R.calls_total = (uint64_t)R.nr_pinners * R.nr_placements *
			R.nr_scenarios * R.nr_cpus * calls_per_combo(&R);
	for (i = 0; i < R.nr_pinners; i++)
		run_pinner(&R, R.pinner[i]);
	if (R.tty && !o->quiet)
		fprintf(stderr, "\r\033[K");

	code = R.failed_checks ? GB_EXIT_FAIL :
	       R.samples ? GB_EXIT_PASS : GB_EXIT_SKIP;
	close_counters(&R);
	/* Bring CPUs back before the end record, which says they are. */
	if (o->offline_cpus)
		gb_sys_restore_all();
	gb_emit_end(&R.j, R.samples, R.excluded, R.skipped, R.failed_checks, code,
		    R.tallied ? &R.tally : NULL, gb_online_cpus(), R.history,
		    gb_sys_history(R.history, GB_ARRAY_SIZE(R.history)));
	check_out(&R);
	table = R.out == stdout ? stderr : stdout;
	if (!o->quiet && R.samples)
		gb_summary_print(R.sum, table);
	if (R.tallied && !gb_tally_complete(&R.tally))
		warn_tally(&R.tally);
	if (R.failed_checks)
		fprintf(stderr, "gupbench: %llu longterm pin(s) left pages in ZONE_MOVABLE or CMA (after_check fail in the results)\n",
			(unsigned long long)R.failed_checks);
	else if (!R.samples)
		fprintf(stderr, "gupbench: nothing ran: every combination was skipped (reasons above and in the results)\n");
	gb_summary_free(R.sum);
	if (R.out != stdout && fclose(R.out))
		gb_die(GB_EXIT_FAIL, "--out %s: cannot write the results: %s",
		       o->out, strerror(errno));
	return code;
}
