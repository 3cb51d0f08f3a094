/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The search both explores share: candidates (a recipe or a fixed
 * scenario, on a pin path, placement and CPU count), how they are drawn,
 * moved and shrunk, and how a difference is scored and confirmed.
 * run/explore.c runs them in one boot between two drain policies;
 * run/explore_rounds.c plans them round by round for two kernels, each
 * round one boot of each (vm/explore-kernels.sh).  Neither runs a call
 * here: a candidate's values come in, its score goes out.
 */
#ifndef GB_EXPLORE_SEARCH_H
#define GB_EXPLORE_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../cases/recipe.h"
#include "../prepare/thp.h"
#include "run.h"

/* Calls a side per candidate while searching, and when confirming or shrinking. */
#define GB_XS_SEARCH_CALLS	3
#define GB_XS_CONFIRM_CALLS	6
/* Differences confirmed and shrunk, at most. */
#define GB_XS_TOP		3
#define GB_XS_MAX_CANDS		512
/* The level a difference must reach, over every candidate and metric tried. */
#define GB_XS_ALPHA		0.05

struct gb_xcand {
	struct gb_recipe r;
	/* A fixed scenario's page state instead of r's (NULL: the recipe's). */
	const struct gb_scenario *fixed;
	int pinner, placement, cpus;	/* indexes into the search's lists */
	bool ran;
	double score;			/* the largest difference beyond its floor */
	int metric;			/* which (adaptive.h's index), -1 none */
	double a, b;			/* its means on each side */
	size_t na, nb;
	bool every;			/* each side the same in every call, different */
	double p;			/* the exact test's p of that metric */
};

struct gb_xsearch {
	const struct gb_pinner *pinner[MAX_PICK];
	const struct gb_placement *placement[MAX_PICK];
	int cpus[MAX_PICK], np, npl, nc;
	uint64_t rng;
	struct gb_xcand c[GB_XS_MAX_CANDS];
	int n;
	/* The anon mTHP sizes mthp= may take (none: the step is left out). */
	unsigned mthp_kb[GB_MTHP_SIZES];
	int nmthp;
};

/* The run's pin paths, placements and CPU counts, and the seed's stream. */
void gb_xs_init(struct gb_xsearch *S, const struct gb_run *R, unsigned seed);
unsigned gb_xs_rnd(struct gb_xsearch *S, unsigned n);
/* The next candidate slot, its pin path, placement and CPU count in turn (NULL: full). */
struct gb_xcand *gb_xs_new(struct gb_xsearch *S);
/* Its `gupbench run` arguments (the recipe quoted for a shell). */
void gb_xs_describe(const struct gb_xsearch *S, const struct gb_xcand *c, char *buf, size_t len);

/*
 * Every pair of step kinds worth trying (a buffer with a buffer is not),
 * in the order the seed shuffles them, each as x * GB_NR_STEP_KINDS + y:
 * how many.
 */
int gb_xs_pairs(struct gb_xsearch *S, int *pairs);
/*
 * A new candidate: the next pair not yet covered by an earlier one's
 * recipe, as a recipe (buffer first, the others in random order); NULL
 * when every pair from *at on is covered, or the candidates are full.
 */
struct gb_xcand *gb_xs_new_pair(struct gb_xsearch *S, const int *pairs, int npairs, int *at,
				bool covered[GB_NR_STEP_KINDS][GB_NR_STEP_KINDS]);
/* A local move from `from`: a step added, removed or replaced, or where it runs. */
void gb_xs_mutate(struct gb_xsearch *S, const struct gb_xcand *from, struct gb_xcand *to);
/* Largest score first. */
void gb_xs_sort(struct gb_xcand *c, int n);
/* The same page state and case (a finding found twice). */
bool gb_xs_same_case(const struct gb_xcand *x, const struct gb_xcand *y);
/*
 * Each difference once (two can shrink to the same recipe): the first
 * of each case and metric kept in order, how many.
 */
int gb_xs_distinct(struct gb_xcand *c, int n);

/*
 * c's score from each side's values, metric by metric (counts only;
 * a[m] and b[m] hold na[m] and nb[m] values of adaptive metric m).
 */
void gb_xs_score(struct gb_xcand *c, const double *const *a, const size_t *na,
		 const double *const *b, const size_t *nb);
/*
 * Is c's difference real at the exploration's level: the same in every
 * call on each side and different, or the exact test below alpha over
 * every candidate and metric tried (Bonferroni)?
 */
bool gb_xs_confirmed(const struct gb_xsearch *S, const struct gb_xcand *c);
/* The same difference as `was`: confirmed, the same metric, the same direction. */
bool gb_xs_same_difference(const struct gb_xsearch *S, const struct gb_xcand *c,
			   const struct gb_xcand *was);
/*
 * The one-step-simpler forms of best, in the order shrinking tries
 * them: a step left out, a fault made whole on the pinning CPU (or the
 * first other), the first CPU count given: how many (at most max).
 */
int gb_xs_shrink_moves(const struct gb_xcand *best, struct gb_xcand *out, int max);

#endif
