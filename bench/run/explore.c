// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adaptive.h"
#include "candidates.h"
#include "explore.h"
#include "explore_search.h"
#include "run.h"
#include "../cases/recipe.h"
#include "../prepare/thp.h"
#include "../lib/twosample.h"
#include "../output/record.h"

struct explore {
	struct gb_run *R;
	struct gb_options o;		/* the run's, with no warmup */
	struct gb_seq_design d;		/* only sizes the tally */
	unsigned budget, used;
	struct gb_xsearch S;
};

/* c's values in the tally, side by side, scored. */
static void score(struct explore *E, struct gb_xcand *c)
{
	const double *a[GB_ADAPTIVE_MAX_METRICS], *b[GB_ADAPTIVE_MAX_METRICS];
	size_t na[GB_ADAPTIVE_MAX_METRICS], nb[GB_ADAPTIVE_MAX_METRICS];
	int m;

	for (m = 0; m < gb_adaptive_nr_metrics(); m++) {
		a[m] = gb_adaptive_values(E->R->explore_tally, 0, m, &na[m]);
		b[m] = gb_adaptive_values(E->R->explore_tally, 1, m, &nb[m]);
	}
	gb_xs_score(c, a, na, b, nb);
}

/* Run c for `calls` calls a policy; false when it cannot run here or the budget is spent. */
static bool evaluate(struct explore *E, struct gb_xcand *c, unsigned calls)
{
	struct gb_run *R = E->R;
	unsigned cost = calls * 2;

	if (E->used + cost > E->budget)
		return false;
	if (gb_run_candidate(R, c->fixed, c->fixed ? NULL : &c->r, E->S.pinner[c->pinner],
			     E->S.placement[c->placement], E->S.cpus[c->cpus], calls, E->R->explore_tally))
		return false;
	E->used += cost;
	c->ran = true;
	score(E, c);
	return true;
}

/* The first simpler form that keeps the difference, again and again (while the budget lasts). */
static void shrink(struct explore *E, struct gb_xcand *best)
{
	struct gb_xcand moves[2 * GB_RECIPE_MAX + 1];
	bool progress = true;

	while (progress) {
		int i, n = gb_xs_shrink_moves(best, moves, (int)GB_ARRAY_SIZE(moves));

		progress = false;
		for (i = 0; i < n && !progress; i++)
			if (evaluate(E, &moves[i], GB_XS_CONFIRM_CALLS) &&
			    gb_xs_same_difference(&E->S, &moves[i], best)) {
				*best = moves[i];
				progress = true;
			}
	}
}

static void report(struct explore *E, struct gb_xcand *f, int rank)
{
	struct gb_run *R = E->R;
	char args[400], text[GB_RECIPE_TEXT], cmd[600];
	const char *base = R->policy[0]->name, *cand = R->policy[1]->name;

	gb_xs_describe(&E->S, f, args, sizeof(args));
	if (f->fixed)
		text[0] = '\0';
	else
		gb_recipe_format(&f->r, text, sizeof(text));
	snprintf(cmd, sizeof(cmd), "gupbench run %s --policy %s%s%s --size %llu --reps %d",
		 args, base, strcmp(base, cand) ? "," : "", strcmp(base, cand) ? cand : "",
		 (unsigned long long)R->o->size, GB_XS_CONFIRM_CALLS);
	gb_emit_finding(&R->j, rank, text, f->fixed ? f->fixed->name : NULL,
			E->S.pinner[f->pinner]->name,
			E->S.placement[f->placement]->name, E->S.cpus[f->cpus],
			gb_adaptive_metric_path(f->metric), base, cand, f->a, f->b,
			f->na, f->nb, f->every, f->p, cmd);
	gb_run_check_out(R);
	printf("explore: finding %d: %s%s: %s %g (%s) -> %g (%s)%s, %zu and %zu calls\n  reproduce: %s\n",
	       rank, f->fixed ? "scenario " : "", f->fixed ? f->fixed->name : text,
	       gb_adaptive_metric_path(f->metric), f->a, base, f->b, cand,
	       f->every ? " in every call" : "", f->na, f->nb, cmd);
}

void gb_explore(struct gb_run *R)
{
	static struct explore E;
	bool covered[GB_NR_STEP_KINDS][GB_NR_STEP_KINDS] = { { false } };
	const struct gb_options *o = R->o;
	struct gb_xsearch *S = &E.S;
	char err[160];
	int pairs[GB_NR_STEP_KINDS * GB_NR_STEP_KINDS], npairs, at = 0;
	int i, found = 0;
	unsigned fixed_used, rest;
	struct gb_xcand top[GB_XS_TOP];
	int ntop = 0;

	memset(&E, 0, sizeof(E));
	E.R = R;
	E.o = *o;
	E.o.warmup = 0;
	E.budget = o->explore;
	gb_xs_init(S, R, o->seed);
	if (gb_seq_parse("2,8", &E.d, err, sizeof(err)))
		return;
	R->o = &E.o;
	R->explore_tally = gb_adaptive_new(&E.d, 2, 1, false);
	if (!R->explore_tally) {
		gb_warn("explore: out of memory");
		R->o = o;
		return;
	}
	/*
	 * The fixed scenarios first, each once: the page states someone
	 * wrote down are where a search starts, and a difference in one is
	 * reported like any other (its command runs the scenario).  3 calls
	 * a policy each; the shares below divide what they leave.
	 */
	for (i = 0; gb_scenarios[i]; i++) {
		struct gb_xcand *c;

		if (gb_scenarios[i] == &gb_scenario_recipe || !(c = gb_xs_new(S)))
			continue;
		c->fixed = gb_scenarios[i];
		if (E.used + 2 * GB_XS_SEARCH_CALLS > E.budget / 2 ||
		    !evaluate(&E, c, GB_XS_SEARCH_CALLS))
			S->n--;
	}
	fixed_used = E.used;
	rest = E.budget - fixed_used;
	/*
	 * Every pair of primitives once (in an order the seed shuffles),
	 * over the pinners, placements and CPU counts in turn, while half
	 * of the rest of the budget lasts: GB_EXPLORE_BUDGET covers them all.
	 * mthp= takes the sizes this kernel offers.
	 */
	S->nmthp = gb_mthp_sizes(S->mthp_kb, GB_MTHP_SIZES);
	npairs = gb_xs_pairs(S, pairs);
	while (E.used + 2 * GB_XS_SEARCH_CALLS <= fixed_used + rest / 2) {
		struct gb_xcand *c = gb_xs_new_pair(S, pairs, npairs, &at, covered);

		if (!c)
			break;
		if (!evaluate(&E, c, GB_XS_SEARCH_CALLS))
			S->n--;
	}
	/* Local moves around the largest differences, to 60% of the rest. */
	while (E.used + 2 * GB_XS_SEARCH_CALLS <= fixed_used + rest * 6 / 10 && S->n) {
		struct gb_xcand *from, *c;

		gb_xs_sort(S->c, S->n);
		from = &S->c[gb_xs_rnd(S, S->n > 4 ? 4 : (unsigned)S->n)];
		if (!(c = gb_xs_new(S)))
			break;
		gb_xs_mutate(S, from, c);
		if (!evaluate(&E, c, GB_XS_SEARCH_CALLS))
			S->n--;
	}
	gb_xs_sort(S->c, S->n);
	/* Confirm the largest on fresh calls, then shrink what holds. */
	for (i = 0; i < S->n && ntop < GB_XS_TOP; i++) {
		struct gb_xcand t = S->c[i];
		int k;
		bool dup = false;

		if (S->c[i].score <= 0)
			break;
		for (k = 0; k < ntop; k++)
			dup |= top[k].metric == t.metric && gb_xs_same_case(&top[k], &t);
		if (dup || !evaluate(&E, &t, GB_XS_CONFIRM_CALLS))
			continue;
		if (!gb_xs_confirmed(S, &t))
			continue;
		shrink(&E, &t);
		top[ntop++] = t;
	}
	ntop = gb_xs_distinct(top, ntop);
	for (i = 0; i < ntop; i++)
		report(&E, &top[i], ++found);
	gb_emit_explore(&R->j, E.budget, E.used, (unsigned)S->n, (unsigned)found,
			GB_XS_ALPHA);
	gb_run_check_out(R);
	printf("explore: %u of %u calls, %d candidates, %d difference(s) confirmed%s\n",
	       E.used, E.budget, S->n, found,
	       found ? " (largest first, above)" : ": none beyond the exploration's error rate");
	gb_adaptive_free(R->explore_tally);
	R->explore_tally = NULL;
	R->o = o;
}
