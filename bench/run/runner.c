// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "copin.h"
#include "../output/record.h"
#include "../prepare/workers.h"
#include "../system/hotplug.h"
#include "../system/journal.h"
#include "../system/sys.h"
#include "../measure/marker.h"
#include "run.h"
#include "runner.h"
#include "verdict.h"
#include "adaptive.h"
#include "candidates.h"
#include "explore.h"
#include "explore_rounds.h"

/* Pin calls one (pinner, placement, scenario, cpus) combination makes. */
static uint64_t calls_per_combo(const struct gb_run *R)
{
	return (uint64_t)R->max_reps *
	       (uint64_t)(R->nr_policies ? R->nr_policies : 1) *
	       (uint64_t)R->nr_loads + R->o->warmup;
}

/*
 * Can the combination run with c->cpus CPUs holding batches?  With
 * --offline-cpus, the others go offline first.  A skip says why; 0
 * when it can run.
 */
static int admit(struct gb_run *R, struct gb_combo *c, int n)
{
	char why[GB_REASON_MAX];

	if (n > R->m.topo.nr_cpus) {
		snprintf(why, sizeof(why), "--cpus %d: this process may use only %d CPU(s)",
			 n, R->m.topo.nr_cpus);
		gb_run_skip(R, c->p, c->pl, c->sc, n, why);
		return -1;
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
			gb_run_skip(R, c->p, c->pl, c->sc, n, why);
			return -1;
		}
	}
	return 0;
}

/* What the calls of a combination came to, for its warning. */
struct combo_tally {
	uint64_t missed, kept;
	char first_miss[256];
};

/*
 * One call's record: judged, written, and counted where it belongs
 * (with --adaptive, in the design's tally too, as arm k).
 */
static void record(struct gb_run *R, struct gb_sample_rec *rec, int rep,
		   struct combo_tally *t, struct gb_adaptive *a, int k)
{
	gb_verdict_decide(rec);
	gb_emit_sample(&R->j, rec);
	gb_run_check_out(R);
	R->seq++;
	if (rep < 0)
		return;
	R->samples++;
	R->failed_checks += gb_rec_check_failed(rec);
	if (rec->verdict.conditions_met == GB_NO) {
		if (a)
			gb_adaptive_missed(a, k, rec->verdict.conditions_missed);
		if (!t->missed++)
			snprintf(t->first_miss, sizeof(t->first_miss), "%s",
				 rec->verdict.conditions_missed);
		return;
	}
	t->kept++;
	if (a)
		gb_adaptive_add(a, k, rec);
	gb_summary_add(R->sum, rec);
}

/* --adaptive: the look after `calls` measured calls; true when the combination stops. */
static bool look(struct gb_run *R, struct gb_combo *c, int n, struct gb_adaptive *a,
		 int *k, unsigned calls)
{
	const struct gb_seq_design *d = &R->o->design;
	const char *names[MAX_PICK];
	char why[400];
	enum gb_adaptive_stop s;
	int i;

	if (!a || calls != d->looks[*k])
		return false;
	for (i = 0; i < R->nr_policies; i++)
		names[i] = R->policy[i]->name;
	s = gb_adaptive_look(a, *k, R->alpha_one, names, why, sizeof(why));
	if (s == GB_STOP_GO_ON) {
		++*k;
		return false;
	}
	gb_emit_stop(&R->j, c->p->name, c->pl->name, c->sc->name, n, calls, *k + 1,
		     d->nr_looks, gb_adaptive_stop_names[s], why);
	gb_run_check_out(R);
	/* The calls it did not need, for the progress line. */
	R->calls_done += (uint64_t)(R->max_reps - calls) *
			 (uint64_t)(R->nr_policies ? R->nr_policies : 1) *
			 (uint64_t)R->nr_loads;
	return true;
}

/*
 * --warmup N: N calls a combination before the recorded ones, taking
 * the policies and loads in turn.  They are there so that no recorded
 * call is the first after a new CPU count or scenario (the one whose
 * slab, page tables and batches start cold); the recorded calls that
 * follow alternate, so one is enough for every policy, and a warmup per
 * policy cost the main job 396 calls for nothing.
 */
static int warm_up(struct gb_run *R, struct gb_combo *c, const char *what, int n,
		   struct combo_tally *t)
{
	int np = R->nr_policies ? R->nr_policies : 1, arms = np * R->nr_loads;
	int w, k = -1, tries, err = 0;
	struct gb_sample_rec rec;

	for (w = 0; w < (int)R->o->warmup && !err; w++) {
		R->calls_done++;
		/* The next arm whose load runs here. */
		for (tries = 0, k = (k + 1) % arms; tries < arms && R->load_skip[k / np]; tries++)
			k = (k + 1) % arms;
		if (R->load_skip[k / np])
			return 0;
		gb_run_progress(R, what, n);
		err = gb_run_call(R, c, w - (int)R->o->warmup,
				  R->nr_policies ? R->policy[k % np] : NULL,
				  R->load[k / np], &rec);
		if (!err)
			record(R, &rec, w - (int)R->o->warmup, t, NULL, k);
	}
	return err;
}

/* Loads and policies alternate within each rep: drift hits all alike. */
static void reps(struct gb_run *R, struct gb_combo *c, const char *what, int n,
		 struct combo_tally *t)
{
	int np = R->nr_policies ? R->nr_policies : 1, rep, k, err = 0, next_look = 0;
	/* explore's tally, kept across combinations; else the design's own. */
	struct gb_adaptive *a = R->explore_tally;
	char why[GB_REASON_MAX];
	struct gb_sample_rec rec;

	if (!a && R->o->design.nr_looks) {
		a = gb_adaptive_new(&R->o->design, np, R->nr_loads, R->times);
		if (!a) {
			gb_run_skip(R, c->p, c->pl, c->sc, n, "out of memory for the adaptive design's tally");
			return;
		}
		for (k = 0; k < R->nr_loads * np; k++)
			if (R->load_skip[k / np])
				gb_adaptive_skip_arm(a, k);
	}
	err = warm_up(R, c, what, n, t);
	for (rep = 0; rep < (int)R->max_reps && !err; rep++) {
		for (k = 0; k < R->nr_loads * np && !err; k++) {
			const struct gb_policy *policy = R->nr_policies ? R->policy[k % np] : NULL;
			enum gb_load_kind load = R->load[k / np];

			R->calls_done++;
			if (R->load_skip[k / np])
				continue;
			gb_run_progress(R, what, n);
			err = gb_run_call(R, c, rep, policy, load, &rec);
			if (!err)
				record(R, &rec, rep, t, a, k);
		}
		if (!err && !R->explore_tally &&
		    look(R, c, n, a, &next_look, (unsigned)rep + 1))
			break;
	}
	if (err) {
		snprintf(why, sizeof(why), "preparing the %s pages failed: %s",
			 c->sc->name, gb_errno_hint(-err));
		gb_run_skip(R, c->p, c->pl, c->sc, n, why);
	}
	if (a != R->explore_tally)
		gb_adaptive_free(a);
}

static void run_combo(struct gb_run *R, struct gb_combo *c)
{
	int n = c->cpus == CPUS_ALL ? R->m.topo.nr_cpus : c->cpus;
	char what[160], why[GB_REASON_MAX];
	struct combo_tally t = { 0 };
	int k;

	if (admit(R, c, n)) {
		R->calls_done += calls_per_combo(R);
		return;
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
		gb_run_skip(R, c->p, c->pl, c->sc, n, "could not start batch-holder threads");
		return;
	}
	snprintf(what, sizeof(what), "%s/%s/%s", c->p->name, c->pl->name,
		 c->sc->name);
	for (k = 0; k < R->nr_loads; k++)
		if (R->load_skip[k]) {
			snprintf(why, sizeof(why), "--load %s: %s",
				 gb_load_names[R->load[k]], R->load_skip[k]);
			gb_run_skip(R, c->p, c->pl, c->sc, n, why);
		}
	reps(R, c, what, n, &t);
	gb_holders_stop(c->holders);
	R->excluded += t.missed;
	/* Kept in the results, marked; never averaged in silently. */
	if (t.missed)
		gb_warn("%s cpus=%d: %llu of %llu calls missed their conditions and are left out of the summary (first: %s)",
			what, n, (unsigned long long)t.missed,
			(unsigned long long)(t.missed + t.kept), t.first_miss);
}

void gb_run_pinner(struct gb_run *R, const struct gb_pinner *p)
{
	char why[GB_REASON_MAX];
	const char *reason = p->supported ?
		p->supported(&R->m.env, why, sizeof(why)) : NULL;
	struct gb_combo c = { .p = p };
	int pl, sc, k, err;

	if (!reason && p->prepare)
		reason = p->prepare(&R->m.env, why, sizeof(why));
	if (!reason) {
		err = p->open(&c.priv);
		if (err) {
			snprintf(why, sizeof(why), "open: %s", gb_errno_hint(-err));
			reason = why;
		}
	}
	if (reason) {
		gb_run_skip(R, p, NULL, NULL, 0, reason);
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
			gb_run_skip(R, p, c.pl, NULL, 0, plr);
			R->calls_done += (uint64_t)R->nr_scenarios * R->nr_cpus *
					 calls_per_combo(R);
			continue;
		}
		for (sc = 0; sc < R->nr_scenarios; sc++) {
			c.sc = R->scenario[sc];
			if (R->scenario_skip[sc]) {
				gb_run_skip(R, p, c.pl, c.sc, 0, R->scenario_skip[sc]);
				R->calls_done += (uint64_t)R->nr_cpus *
						 calls_per_combo(R);
				continue;
			}
			c.sc_priv = c.sc->priv_size ? calloc(1, c.sc->priv_size) : NULL;
			if (c.sc->priv_size && !c.sc_priv) {
				gb_run_skip(R, p, c.pl, c.sc, 0, "out of memory for the scenario's state");
				R->calls_done += (uint64_t)R->nr_cpus *
						 calls_per_combo(R);
				continue;
			}
			for (k = 0; k < R->nr_cpus; k++) {
				c.cpus = R->cpus[k];
				run_combo(R, &c);
			}
			free(c.sc_priv);
			c.sc_priv = NULL;
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
	static struct gb_run R;
	FILE *table;
	int i, code, err;

	memset(&R, 0, sizeof(R));
	R.o = o;
	gb_run_plan(&R);
	if (o->check_args)
		return GB_EXIT_PASS;
	/* The host's part of explore between two kernels: a plan, nothing run. */
	if (o->rounds)
		return gb_explore_rounds(&R);

	gb_journal_recover();
	gb_sys_install_restore();
	gb_machine_probe(&R.m, o->size);
	gb_policy_probe(&R.sw, R.m.env.debugfs);
	if (R.nr_policies && !R.sw.present)
		gb_die(GB_EXIT_SKIP, "--policy: this kernel has no drain-policy switch (debugfs gup_longterm_drain_policy): boot a kernel built with kernel-configs/patches");
	gb_topo_prefer_node(&R.m.topo, (enum gb_node_pref)o->holder_node_pref);
	if (!strcmp(o->holder_cpus, "isolated")) {
		err = gb_topo_isolated_first(&R.m.topo, R.m.iso.cpus, R.m.iso.nr);
		if (err == -ENOENT)
			gb_die(GB_EXIT_SKIP, "--holder-cpus isolated: no CPU is isolated (%s, %s and %s list none online; boot with isolcpus= or nohz_full=, e.g. run-vm.sh --cmdline movable-cma,isolated)",
			       GB_PATH_ISOLATED, GB_PATH_NOHZ_FULL, GB_PATH_CPUSET_ISOLATED);
		if (err)
			gb_die(GB_EXIT_SKIP, "--holder-cpus isolated: every CPU is isolated, none is left to pin from");
	}
	/* The pinning thread stays on the first CPU of the spread order. */
	err = gb_topo_bind_self(R.m.topo.order[0]);
	if (err)
		gb_warn("cannot bind to CPU %d: %s", R.m.topo.order[0],
			strerror(-err));
	gb_run_plan_machine(&R);
	gb_run_plan_design(&R);
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
	R.ctrs_cfg.node_of = R.m.topo.node_of;
	R.ctrs_cfg.pin_cpu = R.m.topo.order[0];
	R.ctrs_cfg.isolated = R.m.iso.cpus;
	R.ctrs_cfg.nr_isolated = R.m.iso.nr;
	for (i = 0; i < R.nr_loads; i++)
		R.ctrs_cfg.spinners |= R.load[i] == GB_LOAD_SPIN && !R.load_skip[i];
	R.marker_fd = gb_marker_open(o->trace_marker);
	gb_run_open_output(&R);
	R.tty = isatty(STDERR_FILENO);
	R.sum = gb_summary_new();
	gb_run_setup_scenarios(&R);
	if (o->counters_mode != GB_COUNTERS_OFF)
		R.ctrs = gb_counters_open(&R.ctrs_cfg);
	gb_run_envelope(&R);

	R.calls_total = (uint64_t)R.nr_pinners * R.nr_placements *
			R.nr_scenarios * R.nr_cpus * calls_per_combo(&R);
	if (o->explore)
		gb_explore(&R);
	else if (o->candidates)
		gb_candidates_run(&R);
	else
		for (i = 0; i < R.nr_pinners; i++)
			gb_run_pinner(&R, R.pinner[i]);
	if (R.tty && !o->quiet)
		fprintf(stderr, "\r\033[K");

	code = R.failed_checks ? GB_EXIT_FAIL :
	       R.samples ? GB_EXIT_PASS : GB_EXIT_SKIP;
	gb_run_close_counters(&R);
	/* Bring CPUs back before the end record, which says they are. */
	if (o->offline_cpus)
		gb_sys_restore_all();
	gb_emit_end(&R.j, R.samples, R.excluded, R.skipped, R.failed_checks, code,
		    R.tallied ? &R.tally : NULL, gb_online_cpus(), R.history,
		    gb_sys_history(R.history, GB_ARRAY_SIZE(R.history)));
	gb_run_check_out(&R);
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
