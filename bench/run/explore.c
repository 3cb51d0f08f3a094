// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adaptive.h"
#include "explore.h"
#include "run.h"
#include "../cases/recipe.h"
#include "../prepare/thp.h"
#include "../lib/twosample.h"
#include "../output/record.h"

/* Calls a policy per candidate while searching, and when confirming or shrinking. */
#define SEARCH_CALLS	3
#define CONFIRM_CALLS	6
/* Differences confirmed and shrunk, at most. */
#define TOP		3
#define MAX_CANDS	512
/* The level a difference must reach, over every candidate and metric tried. */
#define EXPLORE_ALPHA	0.05

struct cand {
	struct gb_recipe r;
	/* A fixed scenario's page state instead of r's (NULL: the recipe's). */
	const struct gb_scenario *fixed;
	int pinner, placement, cpus;	/* indexes into the run's lists */
	bool ran;
	double score;			/* the largest difference beyond its floor */
	int metric;			/* which (adaptive.h's index) */
	double a, b;			/* its means on each side */
	size_t na, nb;
	bool every;			/* each side the same in every call, different */
	double p;			/* the exact test's p of that metric */
};

struct explore {
	struct gb_run *R;
	struct gb_options o;		/* the run's, with no warmup */
	struct gb_seq_design d;		/* only sizes the tally */
	const struct gb_pinner *pinner[MAX_PICK];
	const struct gb_placement *placement[MAX_PICK];
	int cpus[MAX_PICK], np, npl, nc;
	unsigned budget, used;
	uint64_t rng;
	struct cand c[MAX_CANDS];
	int n;
	/* The anon mTHP sizes mthp= may take here (none: the step is left out). */
	unsigned mthp_kb[GB_MTHP_SIZES];
	int nmthp;
};

static unsigned rnd(struct explore *E, unsigned n)
{
	E->rng ^= E->rng << 13;
	E->rng ^= E->rng >> 7;
	E->rng ^= E->rng << 17;
	return (unsigned)(E->rng >> 33) % n;
}

static void describe(const struct explore *E, const struct cand *c, char *buf, size_t len)
{
	char text[GB_RECIPE_TEXT];

	gb_recipe_format(&c->r, text, sizeof(text));
	if (c->fixed)
		snprintf(buf, len, "--scenario %s --pinner %s --placement %s --cpus %d",
			 c->fixed->name, E->pinner[c->pinner]->name,
			 E->placement[c->placement]->name, E->cpus[c->cpus]);
	else
		snprintf(buf, len, "--scenario recipe --pinner %s --placement %s --cpus %d --recipe '%s'",
			 E->pinner[c->pinner]->name, E->placement[c->placement]->name,
			 E->cpus[c->cpus], text);
}

/* The largest difference of c's calls, metric by metric (counts only). */
static void score(struct explore *E, struct cand *c)
{
	int m;

	c->score = 0;
	c->metric = -1;
	for (m = 0; m < gb_adaptive_nr_metrics(); m++) {
		size_t na, nb, i;
		const double *a = gb_adaptive_values(E->R->explore_tally, 0, m, &na);
		const double *b = gb_adaptive_values(E->R->explore_tally, 1, m, &nb);
		double ma = 0, mb = 0, diff;

		if (!gb_adaptive_metric_counts(m) || !na || !nb)
			continue;
		for (i = 0; i < na; i++)
			ma += a[i];
		for (i = 0; i < nb; i++)
			mb += b[i];
		ma /= (double)na;
		mb /= (double)nb;
		diff = fabs(mb - ma) - gb_adaptive_metric_floor(m);
		if (diff <= c->score)
			continue;
		c->score = diff;
		c->metric = m;
		c->a = ma;
		c->b = mb;
		c->na = na;
		c->nb = nb;
		c->every = gb_constant(a, na) && gb_constant(b, nb);
		c->p = gb_count_means_exact(a, na, b, nb);
	}
}

/* Run c for `calls` calls a policy; false when it cannot run here or the budget is spent. */
static bool evaluate(struct explore *E, struct cand *c, unsigned calls)
{
	struct gb_run *R = E->R;
	char text[GB_RECIPE_TEXT], err[160];
	unsigned cost = calls * 2;

	if (E->used + cost > E->budget || (!c->fixed && !gb_recipe_valid(&c->r)))
		return false;
	gb_recipe_format(&c->r, text, sizeof(text));
	if (!c->fixed && gb_recipe_use(text, err, sizeof(err)))
		return false;
	R->scenario[0] = c->fixed ? c->fixed : &gb_scenario_recipe;
	R->placement[0] = E->placement[c->placement];
	R->nr_placements = 1;
	R->cpus[0] = E->cpus[c->cpus];
	R->nr_cpus = 1;
	gb_run_setup_scenarios(R);
	if (R->scenario_skip[0])
		return false;
	R->max_reps = calls;
	gb_adaptive_reset(R->explore_tally);
	gb_run_pinner(R, E->pinner[c->pinner]);
	E->used += cost;
	c->ran = true;
	score(E, c);
	return true;
}

static struct cand *new_cand(struct explore *E)
{
	struct cand *c;

	if (E->n == MAX_CANDS)
		return NULL;
	c = &E->c[E->n++];
	memset(c, 0, sizeof(*c));
	c->pinner = (E->n - 1) % E->np;
	c->placement = ((E->n - 1) / E->np) % E->npl;
	c->cpus = ((E->n - 1) / (E->np * E->npl)) % E->nc;
	return c;
}

static struct gb_step random_step(struct explore *E, enum gb_step_kind k)
{
	struct gb_step s = { .kind = k };

	if (k == GB_STEP_FAULT) {
		s.who = (enum gb_who)rnd(E, GB_NR_WHO);
		s.part = (enum gb_part)rnd(E, GB_NR_PART);
	}
	if (k == GB_STEP_MTHP)
		s.kb = E->nmthp ? E->mthp_kb[rnd(E, (unsigned)E->nmthp)] : 0;
	return s;
}

/* Kinds that are not the buffer's choice. */
static enum gb_step_kind random_kind(struct explore *E)
{
	return (enum gb_step_kind)(GB_STEP_FAULT + rnd(E, GB_NR_STEP_KINDS - GB_STEP_FAULT));
}

static bool buffer_kind(enum gb_step_kind k)
{
	return gb_step_is_buffer(k);
}

/* The buffer kinds this kernel has: memfd and thp, and mthp= where it offers a size. */
static enum gb_step_kind random_buffer(struct explore *E)
{
	return (enum gb_step_kind)rnd(E, E->nmthp ? 3 : 2);
}

/* A recipe holding kinds x and y: the buffer first, the others in random order. */
static void pair_recipe(struct explore *E, struct gb_recipe *r, enum gb_step_kind x,
			enum gb_step_kind y)
{
	enum gb_step_kind t;

	memset(r, 0, sizeof(*r));
	if (buffer_kind(y) || (!buffer_kind(x) && rnd(E, 2))) {
		t = x;
		x = y;
		y = t;
	}
	r->s[r->n++] = random_step(E, x);
	r->s[r->n++] = random_step(E, y);
	/* Most page states start with a fault somewhere; half the time add one. */
	if (!gb_recipe_has(r, GB_STEP_FAULT) && rnd(E, 2))
		r->s[r->n++] = random_step(E, GB_STEP_FAULT);
}

static void mutate(struct explore *E, const struct cand *from, struct cand *to)
{
	struct gb_recipe *r = &to->r;
	int tries;

	for (tries = 0; tries < 20; tries++) {
		unsigned i;

		to->r = from->r;
		to->fixed = from->fixed;
		to->pinner = from->pinner;
		to->placement = from->placement;
		to->cpus = from->cpus;
		/* A fixed scenario has no steps to move: only where it runs. */
		switch (from->fixed ? 3 + rnd(E, 2) : rnd(E, 5)) {
		case 0:		/* add a step */
			if (r->n < GB_RECIPE_MAX) {
				i = 1 + rnd(E, (unsigned)r->n);
				memmove(&r->s[i + 1], &r->s[i], (size_t)(r->n - (int)i) * sizeof(r->s[0]));
				r->s[i] = random_step(E, random_kind(E));
				r->n++;
			}
			break;
		case 1:		/* remove one */
			if (r->n > 1) {
				i = rnd(E, (unsigned)r->n);
				memmove(&r->s[i], &r->s[i + 1], (size_t)(r->n - (int)i - 1) * sizeof(r->s[0]));
				r->n--;
			}
			break;
		case 2:		/* replace one */
			i = rnd(E, (unsigned)r->n);
			r->s[i] = random_step(E, buffer_kind(r->s[i].kind) ?
					      random_buffer(E) : random_kind(E));
			break;
		case 3:
			to->cpus = (int)rnd(E, (unsigned)E->nc);
			break;
		default:
			to->pinner = (int)rnd(E, (unsigned)E->np);
			to->placement = (int)rnd(E, (unsigned)E->npl);
			break;
		}
		/* A move: another recipe, or the same one on another pin path, placement or CPU count. */
		if ((to->fixed || gb_recipe_valid(r)) &&
		    (memcmp(&to->r, &from->r, sizeof(to->r)) || to->cpus != from->cpus ||
		     to->pinner != from->pinner || to->placement != from->placement))
			return;
	}
}

static int by_score(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	return (b->score > a->score) - (b->score < a->score);
}

/*
 * Is c's difference real at the exploration's level: the same in every
 * call on each side and different, or the exact test below alpha over
 * every candidate and metric tried (Bonferroni)?
 */
static bool confirmed(const struct explore *E, const struct cand *c)
{
	double tests = (double)E->n * (double)gb_adaptive_nr_metrics();

	return c->metric >= 0 && c->score > 0 &&
	       (c->every || (c->p >= 0 && c->p * tests < EXPLORE_ALPHA));
}

/* The same difference: the metric, its direction, and confirmed. */
static bool same_difference(const struct explore *E, const struct cand *c,
			    const struct cand *was)
{
	return confirmed(E, c) && c->metric == was->metric &&
	       (c->b > c->a) == (was->b > was->a);
}

/* Fewer steps, simpler faults, the first CPU count given, while the difference stays (and the budget lasts). */
static void shrink(struct explore *E, struct cand *best)
{
	bool progress = true;

	while (progress) {
		struct cand t;
		int i;

		progress = false;
		for (i = 0; i < best->r.n && best->r.n > 1; i++) {
			t = *best;
			memmove(&t.r.s[i], &t.r.s[i + 1], (size_t)(t.r.n - i - 1) * sizeof(t.r.s[0]));
			t.r.n--;
			if (evaluate(E, &t, CONFIRM_CALLS) && same_difference(E, &t, best)) {
				*best = t;
				progress = true;
				break;
			}
		}
		for (i = 0; !progress && i < best->r.n; i++) {
			struct gb_step *s = &best->r.s[i];

			if (s->kind != GB_STEP_FAULT || (s->who == GB_WHO_PIN && s->part == GB_PART_ALL))
				continue;
			t = *best;
			t.r.s[i].who = s->who == GB_WHO_REMOTE2 ? GB_WHO_REMOTE : GB_WHO_PIN;
			t.r.s[i].part = GB_PART_ALL;
			if (evaluate(E, &t, CONFIRM_CALLS) && same_difference(E, &t, best)) {
				*best = t;
				progress = true;
			}
		}
		if (!progress && best->cpus) {
			t = *best;
			t.cpus = 0;
			if (evaluate(E, &t, CONFIRM_CALLS) && same_difference(E, &t, best)) {
				*best = t;
				progress = true;
			}
		}
	}
}

static void report(struct explore *E, struct cand *f, int rank)
{
	struct gb_run *R = E->R;
	char args[400], text[GB_RECIPE_TEXT], cmd[600];
	const char *base = R->policy[0]->name, *cand = R->policy[1]->name;

	describe(E, f, args, sizeof(args));
	if (f->fixed)
		text[0] = '\0';
	else
		gb_recipe_format(&f->r, text, sizeof(text));
	snprintf(cmd, sizeof(cmd), "gupbench run %s --policy %s%s%s --size %llu --reps %d",
		 args, base, strcmp(base, cand) ? "," : "", strcmp(base, cand) ? cand : "",
		 (unsigned long long)R->o->size, CONFIRM_CALLS);
	gb_emit_finding(&R->j, rank, text, f->fixed ? f->fixed->name : NULL,
			E->pinner[f->pinner]->name,
			E->placement[f->placement]->name, E->cpus[f->cpus],
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
	char err[160];
	int pairs[GB_NR_STEP_KINDS * GB_NR_STEP_KINDS], npairs = 0;
	int x, y, i, found = 0;
	unsigned fixed_used, rest;
	struct cand top[TOP];
	int ntop = 0;

	memset(&E, 0, sizeof(E));
	E.R = R;
	E.o = *o;
	E.o.warmup = 0;
	E.budget = o->explore;
	E.rng = 0x9e3779b97f4a7c15ull ^ o->seed;
	E.np = R->nr_pinners;
	E.npl = R->nr_placements;
	E.nc = R->nr_cpus;
	memcpy(E.pinner, R->pinner, sizeof(E.pinner));
	memcpy(E.placement, R->placement, sizeof(E.placement));
	memcpy(E.cpus, R->cpus, sizeof(E.cpus));
	if (gb_seq_parse("2,8", &E.d, err, sizeof(err)))
		return;
	R->o = &E.o;
	R->scenario[0] = &gb_scenario_recipe;
	R->nr_scenarios = 1;
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
		struct cand *c;

		if (gb_scenarios[i] == &gb_scenario_recipe || !(c = new_cand(&E)))
			continue;
		c->fixed = gb_scenarios[i];
		if (E.used + 2 * SEARCH_CALLS > E.budget / 2 || !evaluate(&E, c, SEARCH_CALLS))
			E.n--;
	}
	fixed_used = E.used;
	rest = E.budget - fixed_used;
	/*
	 * Every pair of primitives once (in an order the seed shuffles),
	 * over the pinners, placements and CPU counts in turn, while half
	 * of the rest of the budget lasts: GB_EXPLORE_BUDGET covers them all.
	 */
	E.nmthp = gb_mthp_sizes(E.mthp_kb, GB_MTHP_SIZES);
	for (x = 0; x < GB_NR_STEP_KINDS; x++)
		for (y = x + 1; y < GB_NR_STEP_KINDS; y++)
			if ((!buffer_kind((enum gb_step_kind)x) || !buffer_kind((enum gb_step_kind)y)) &&
			    (E.nmthp || (x != GB_STEP_MTHP && y != GB_STEP_MTHP)))
				pairs[npairs++] = x * GB_NR_STEP_KINDS + y;
	for (i = npairs - 1; i > 0; i--) {
		int j = (int)rnd(&E, (unsigned)i + 1), t = pairs[i];

		pairs[i] = pairs[j];
		pairs[j] = t;
	}
	for (i = 0; i < npairs; i++) {
		struct cand *c;
		int k, j;

		x = pairs[i] / GB_NR_STEP_KINDS;
		y = pairs[i] % GB_NR_STEP_KINDS;
		if (covered[x][y])
			continue;
		if (E.used + 2 * SEARCH_CALLS > fixed_used + rest / 2 || !(c = new_cand(&E)))
			break;
		pair_recipe(&E, &c->r, (enum gb_step_kind)x, (enum gb_step_kind)y);
		for (k = 0; k < c->r.n; k++)
			for (j = 0; j < c->r.n; j++)
				covered[c->r.s[k].kind][c->r.s[j].kind] = true;
		if (!evaluate(&E, c, SEARCH_CALLS))
			E.n--;
	}
	/* Local moves around the largest differences, to 60% of the rest. */
	while (E.used + 2 * SEARCH_CALLS <= fixed_used + rest * 6 / 10 && E.n < MAX_CANDS) {
		struct cand *from, *c;

		if (!E.n)
			break;
		qsort(E.c, (size_t)E.n, sizeof(E.c[0]), by_score);
		from = &E.c[rnd(&E, E.n > 4 ? 4 : (unsigned)E.n)];
		c = new_cand(&E);
		mutate(&E, from, c);
		if (!evaluate(&E, c, SEARCH_CALLS))
			E.n--;
	}
	qsort(E.c, (size_t)E.n, sizeof(E.c[0]), by_score);
	/* Confirm the largest on fresh calls, then shrink what holds. */
	for (i = 0; i < E.n && ntop < TOP; i++) {
		struct cand t = E.c[i];
		int k;
		bool dup = false;

		if (E.c[i].score <= 0)
			break;
		for (k = 0; k < ntop; k++)
			dup |= top[k].metric == t.metric && top[k].fixed == t.fixed &&
			       !memcmp(&top[k].r, &t.r, sizeof(t.r));
		if (dup || !evaluate(&E, &t, CONFIRM_CALLS))
			continue;
		if (!confirmed(&E, &t))
			continue;
		shrink(&E, &t);
		top[ntop++] = t;
	}
	for (i = 0; i < ntop; i++)
		report(&E, &top[i], ++found);
	gb_emit_explore(&R->j, E.budget, E.used, (unsigned)E.n, (unsigned)found,
			EXPLORE_ALPHA);
	gb_run_check_out(R);
	printf("explore: %u of %u calls, %d candidates, %d difference(s) confirmed%s\n",
	       E.used, E.budget, E.n, found,
	       found ? " (largest first, above)" : ": none beyond the exploration's error rate");
	gb_adaptive_free(R->explore_tally);
	R->explore_tally = NULL;
	R->o = o;
}
