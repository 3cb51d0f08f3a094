/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside "gupbench run": the plan (plan.c: options resolved against the
 * cases, before anything changes), one pin call (call.c), the run's
 * output (output.c) and the sweep over combinations (runner.c).
 */
#ifndef GB_RUN_H
#define GB_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../cases/cases.h"
#include "../during/load.h"
#include "../measure/counters.h"
#include "../lib/json.h"
#include "../output/summary.h"
#include "../prepare/ballast.h"
#include "../prepare/holders.h"
#include "../system/machine.h"
#include "../system/policy.h"
#include "../output/call_record.h"
#include "options.h"

struct gb_adaptive;

#define MAX_PICK	32
#define CPUS_ALL	-1

struct gb_run {
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
	/*
	 * Measured calls a combination makes at most: --reps, or the last
	 * look of --adaptive; and the adaptive design's level for one
	 * comparison, its pin times compared or not.
	 */
	unsigned max_reps;
	double alpha_one;
	bool times;
	/* --explore: where the calls' values go, across combinations. */
	struct gb_adaptive *explore_tally;
};

struct gb_combo {
	const struct gb_pinner *p;
	void *priv;
	const struct gb_placement *pl;
	const struct gb_scenario *sc;
	void *sc_priv;			/* the scenario's per-call state */
	int cpus;
	struct gb_holders *holders;
	struct gb_ballast *ballast;	/* the placement's, kept across combos */
};

/* plan.c: the options against the cases; a bad one exits 2, changing nothing. */
void gb_run_plan(struct gb_run *R);
/* After the machine is probed: pow2 CPU counts, the loads that can run. */
void gb_run_plan_machine(struct gb_run *R);
/* After that: --adaptive's level for one comparison (plan.c says why). */
void gb_run_plan_design(struct gb_run *R);
/* Each scenario's support and once-per-run setup (a skip says why). */
void gb_run_setup_scenarios(struct gb_run *R);

/* call.c: one pin call of combination c into rec; 0 or -errno (preparing failed). */
int gb_run_call(struct gb_run *R, struct gb_combo *c, int rep,
		const struct gb_policy *policy, enum gb_load_kind load,
		struct gb_sample_rec *rec);

/* runner.c: every combination of one pinner (its placements, scenarios, CPU counts). */
void gb_run_pinner(struct gb_run *R, const struct gb_pinner *p);

/* output.c: the results file and what the terminal is told. */
void gb_run_open_output(struct gb_run *R);
void gb_run_check_out(const struct gb_run *R);
void gb_run_envelope(struct gb_run *R);
void gb_run_skip(struct gb_run *R, const struct gb_pinner *p,
		 const struct gb_placement *pl, const struct gb_scenario *sc,
		 int cpus, const char *reason);
void gb_run_progress(struct gb_run *R, const char *what, int cpus);
void gb_run_close_counters(struct gb_run *R);

#endif
