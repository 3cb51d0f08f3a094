// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../system/files.h"
#include "adaptive.h"
#include "candidates.h"
#include "run.h"

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

static void pick_cases(struct gb_run *R)
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

static void parse_cpus(struct gb_run *R)
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
static void expand_pow2(struct gb_run *R)
{
	int v;

	R->nr_cpus = 0;
	for (v = 1; v < R->m.topo.nr_cpus && R->nr_cpus < MAX_PICK - 1; v *= 2)
		R->cpus[R->nr_cpus++] = v;
	R->cpus[R->nr_cpus++] = CPUS_ALL;
}

static void pick_loads(struct gb_run *R)
{
	int idx[MAX_PICK], i;

	R->nr_loads = pick(R->o->load, gb_load_names, GB_NR_LOADS, idx, "load");
	for (i = 0; i < R->nr_loads; i++)
		R->load[i] = (enum gb_load_kind)idx[i];
}

/* After the probe: which loads can run, threads for those that can. */
static void setup_loads(struct gb_run *R)
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

static void pick_policies(struct gb_run *R)
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

/*
 * --adaptive compares the run's drain policies with one another: with
 * fewer than two there is nothing to decide, and it would be --reps
 * under another name.
 */
static void plan_design(struct gb_run *R)
{
	const struct gb_seq_design *d = &R->o->design;

	R->max_reps = d->nr_looks ? d->looks[d->nr_looks - 1] : R->o->reps;
	if (d->nr_looks && R->nr_policies < 2)
		gb_die(GB_EXIT_USAGE, "--adaptive: stops a combination when its drain policies' comparison is decided; give two or more with --policy (or a fixed design with --reps)");
}

/*
 * The level one comparison must reach for the adaptive design to stop
 * on it: Bonferroni over every comparison the run may make (a
 * combination's policy pairs under each load, each metric), so that a
 * stop on a separation is one the gate's Holm over fewer rows confirms.
 */
void gb_run_plan_design(struct gb_run *R)
{
	int np = R->nr_policies, m, nm = 0;
	double family;

	R->times = gb_adaptive_times();
	if (!R->o->design.nr_looks)
		return;
	for (m = 0; m < gb_adaptive_nr_metrics(); m++)
		nm += R->times || strcmp(gb_adaptive_metric_path(m), "pin_ns");
	family = (double)R->nr_pinners * R->nr_placements * R->nr_scenarios *
		 R->nr_cpus * R->nr_loads * (np * (np - 1) / 2) * nm;
	R->alpha_one = GB_ADAPTIVE_ALPHA / family;
}

void gb_run_setup_scenarios(struct gb_run *R)
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

void gb_run_plan(struct gb_run *R)
{
	pick_cases(R);
	parse_cpus(R);
	pick_loads(R);
	pick_policies(R);
	plan_design(R);
	if (R->o->explore && R->o->rounds) {
		int i;

		if (R->nr_scenarios != 1 || R->scenario[0] != &gb_scenario_recipe)
			gb_die(GB_EXIT_USAGE, "--explore: composes page states of the scenario recipe; leave out --scenario");
		if (R->nr_policies)
			gb_die(GB_EXIT_USAGE, "--rounds: two kernels compare their own drain policies; leave out --policy");
		if (R->nr_loads != 1)
			gb_die(GB_EXIT_USAGE, "--explore: one --load at a time");
		/* The plan names CPU counts the results must give back as they are. */
		for (i = 0; i < R->nr_cpus; i++)
			if (R->cpus[i] == CPUS_ALL || R->cpus_pow2)
				gb_die(GB_EXIT_USAGE, "--rounds: give --cpus as counts (each boot would resolve 'all' or pow2 to its own)");
	} else if (R->o->explore) {
		if (R->nr_scenarios != 1 || R->scenario[0] != &gb_scenario_recipe)
			gb_die(GB_EXIT_USAGE, "--explore: composes page states of the scenario recipe; leave out --scenario");
		if (R->nr_policies < 1 || R->nr_policies > 2)
			gb_die(GB_EXIT_USAGE, "--explore: compares two drain policies (--policy A,B), or one against itself (--policy A: the control)");
		if (R->nr_loads != 1)
			gb_die(GB_EXIT_USAGE, "--explore: one --load at a time");
		/* One policy: the control, each call's twin under the same one. */
		if (R->nr_policies == 1)
			R->policy[R->nr_policies++] = R->policy[0];
	}
	if (R->o->candidates)
		gb_candidates_load(R);
	if (R->o->recipe) {
		int i, found = 0;

		for (i = 0; i < R->nr_scenarios; i++)
			found |= R->scenario[i] == &gb_scenario_recipe;
		if (!found)
			gb_die(GB_EXIT_USAGE, "--recipe: the page state of the scenario recipe, which --scenario leaves out");
	}
}

void gb_run_plan_machine(struct gb_run *R)
{
	if (R->cpus_pow2)
		expand_pow2(R);
	setup_loads(R);
}
