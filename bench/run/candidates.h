/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupbench run --candidates FILE: a list of page states, each run on its
 * own pin path, placement and CPU count for its own number of calls, in
 * place of the sweep.  Explore between two kernels writes one such list
 * a round (run/explore_rounds.c) and boots each kernel on it; the calls
 * are ordinary sample records, which gbstat candidates reads back.
 *
 * A line: SCENARIO PINNER PLACEMENT CPUS CALLS [RECIPE]
 *   SCENARIO a fixed scenario's name, or recipe (then RECIPE, its steps
 *            as --recipe takes them, with no spaces); CPUS a count;
 *   CALLS    measured calls a policy (1 to 1000).
 * '#' starts a comment line.  The whole file is checked before anything
 * runs: a bad line is a usage error naming it.
 */
#ifndef GB_CANDIDATES_H
#define GB_CANDIDATES_H

#include "run.h"

struct gb_adaptive;
struct gb_recipe;

#define GB_CANDIDATES_MAX	512

/* Read and check --candidates (from gb_run_plan): exits 2 on a bad line. */
void gb_candidates_load(struct gb_run *R);
/* Run every candidate in the file's order. */
void gb_candidates_run(struct gb_run *R);

/*
 * One candidate: the fixed scenario, or the recipe r, on p/pl/cpus for
 * `calls` calls a policy, its values into tally (reset first; NULL:
 * none).  0, or -1 when it cannot run here (its recipe or scenario).
 */
int gb_run_candidate(struct gb_run *R, const struct gb_scenario *fixed,
		     const struct gb_recipe *r, const struct gb_pinner *p,
		     const struct gb_placement *pl, int cpus, unsigned calls,
		     struct gb_adaptive *tally);

#endif
