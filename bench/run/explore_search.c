// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adaptive.h"
#include "explore_search.h"
#include "../lib/twosample.h"

void gb_xs_init(struct gb_xsearch *S, const struct gb_run *R, unsigned seed)
{
	memset(S, 0, sizeof(*S));
	S->rng = 0x9e3779b97f4a7c15ull ^ seed;
	S->np = R->nr_pinners;
	S->npl = R->nr_placements;
	S->nc = R->nr_cpus;
	memcpy(S->pinner, R->pinner, sizeof(S->pinner));
	memcpy(S->placement, R->placement, sizeof(S->placement));
	memcpy(S->cpus, R->cpus, sizeof(S->cpus));
}

unsigned gb_xs_rnd(struct gb_xsearch *S, unsigned n)
{
	S->rng ^= S->rng << 13;
	S->rng ^= S->rng >> 7;
	S->rng ^= S->rng << 17;
	return (unsigned)(S->rng >> 33) % n;
}

void gb_xs_describe(const struct gb_xsearch *S, const struct gb_xcand *c, char *buf, size_t len)
{
	char text[GB_RECIPE_TEXT];

	gb_recipe_format(&c->r, text, sizeof(text));
	if (c->fixed)
		snprintf(buf, len, "--scenario %s --pinner %s --placement %s --cpus %d",
			 c->fixed->name, S->pinner[c->pinner]->name,
			 S->placement[c->placement]->name, S->cpus[c->cpus]);
	else
		snprintf(buf, len, "--scenario recipe --pinner %s --placement %s --cpus %d --recipe '%s'",
			 S->pinner[c->pinner]->name, S->placement[c->placement]->name,
			 S->cpus[c->cpus], text);
}

void gb_xs_score(struct gb_xcand *c, const double *const *a, const size_t *na,
		 const double *const *b, const size_t *nb)
{
	int m;

	c->score = 0;
	c->metric = -1;
	for (m = 0; m < gb_adaptive_nr_metrics(); m++) {
		double ma = 0, mb = 0, diff;
		size_t i;

		if (!gb_adaptive_metric_counts(m) || !na[m] || !nb[m])
			continue;
		for (i = 0; i < na[m]; i++)
			ma += a[m][i];
		for (i = 0; i < nb[m]; i++)
			mb += b[m][i];
		ma /= (double)na[m];
		mb /= (double)nb[m];
		diff = fabs(mb - ma) - gb_adaptive_metric_floor(m);
		if (diff <= c->score)
			continue;
		c->score = diff;
		c->metric = m;
		c->a = ma;
		c->b = mb;
		c->na = na[m];
		c->nb = nb[m];
		c->every = gb_constant(a[m], na[m]) && gb_constant(b[m], nb[m]);
		c->p = gb_count_means_exact(a[m], na[m], b[m], nb[m]);
	}
}

struct gb_xcand *gb_xs_new(struct gb_xsearch *S)
{
	struct gb_xcand *c;

	if (S->n == GB_XS_MAX_CANDS)
		return NULL;
	c = &S->c[S->n++];
	memset(c, 0, sizeof(*c));
	c->metric = -1;
	c->pinner = (S->n - 1) % S->np;
	c->placement = ((S->n - 1) / S->np) % S->npl;
	c->cpus = ((S->n - 1) / (S->np * S->npl)) % S->nc;
	return c;
}

static struct gb_step random_step(struct gb_xsearch *S, enum gb_step_kind k)
{
	struct gb_step s = { .kind = k };

	if (k == GB_STEP_FAULT) {
		s.who = (enum gb_who)gb_xs_rnd(S, GB_NR_WHO);
		s.part = (enum gb_part)gb_xs_rnd(S, GB_NR_PART);
	}
	if (k == GB_STEP_MTHP)
		s.kb = S->nmthp ? S->mthp_kb[gb_xs_rnd(S, (unsigned)S->nmthp)] : 0;
	return s;
}

/* Kinds that are not the buffer's choice. */
static enum gb_step_kind random_kind(struct gb_xsearch *S)
{
	return (enum gb_step_kind)(GB_STEP_FAULT + gb_xs_rnd(S, GB_NR_STEP_KINDS - GB_STEP_FAULT));
}

/* The buffer kinds there are: memfd and thp, and mthp= where a size is offered. */
static enum gb_step_kind random_buffer(struct gb_xsearch *S)
{
	return (enum gb_step_kind)gb_xs_rnd(S, S->nmthp ? 3 : 2);
}

int gb_xs_pairs(struct gb_xsearch *S, int *pairs)
{
	int x, y, i, n = 0;

	for (x = 0; x < GB_NR_STEP_KINDS; x++)
		for (y = x + 1; y < GB_NR_STEP_KINDS; y++)
			if ((!gb_step_is_buffer((enum gb_step_kind)x) ||
			     !gb_step_is_buffer((enum gb_step_kind)y)) &&
			    (S->nmthp || (x != GB_STEP_MTHP && y != GB_STEP_MTHP)))
				pairs[n++] = x * GB_NR_STEP_KINDS + y;
	for (i = n - 1; i > 0; i--) {
		int j = (int)gb_xs_rnd(S, (unsigned)i + 1), t = pairs[i];

		pairs[i] = pairs[j];
		pairs[j] = t;
	}
	return n;
}

/* A recipe holding kinds x and y: the buffer first, the others in random order. */
static void pair_recipe(struct gb_xsearch *S, struct gb_recipe *r, enum gb_step_kind x,
			enum gb_step_kind y)
{
	enum gb_step_kind t;

	memset(r, 0, sizeof(*r));
	if (gb_step_is_buffer(y) || (!gb_step_is_buffer(x) && gb_xs_rnd(S, 2))) {
		t = x;
		x = y;
		y = t;
	}
	r->s[r->n++] = random_step(S, x);
	r->s[r->n++] = random_step(S, y);
	/* Most page states start with a fault somewhere; half the time add one. */
	if (!gb_recipe_has(r, GB_STEP_FAULT) && gb_xs_rnd(S, 2))
		r->s[r->n++] = random_step(S, GB_STEP_FAULT);
}

struct gb_xcand *gb_xs_new_pair(struct gb_xsearch *S, const int *pairs, int npairs, int *at,
				bool covered[GB_NR_STEP_KINDS][GB_NR_STEP_KINDS])
{
	while (*at < npairs) {
		int x = pairs[*at] / GB_NR_STEP_KINDS, y = pairs[*at] % GB_NR_STEP_KINDS, k, j;
		struct gb_xcand *c;

		(*at)++;
		if (covered[x][y])
			continue;
		if (!(c = gb_xs_new(S)))
			return NULL;
		pair_recipe(S, &c->r, (enum gb_step_kind)x, (enum gb_step_kind)y);
		for (k = 0; k < c->r.n; k++)
			for (j = 0; j < c->r.n; j++)
				covered[c->r.s[k].kind][c->r.s[j].kind] = true;
		return c;
	}
	return NULL;
}

void gb_xs_mutate(struct gb_xsearch *S, const struct gb_xcand *from, struct gb_xcand *to)
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
		switch (from->fixed ? 3 + gb_xs_rnd(S, 2) : gb_xs_rnd(S, 5)) {
		case 0:		/* add a step */
			if (r->n < GB_RECIPE_MAX) {
				i = 1 + gb_xs_rnd(S, (unsigned)r->n);
				memmove(&r->s[i + 1], &r->s[i], (size_t)(r->n - (int)i) * sizeof(r->s[0]));
				r->s[i] = random_step(S, random_kind(S));
				r->n++;
			}
			break;
		case 1:		/* remove one */
			if (r->n > 1) {
				i = gb_xs_rnd(S, (unsigned)r->n);
				memmove(&r->s[i], &r->s[i + 1], (size_t)(r->n - (int)i - 1) * sizeof(r->s[0]));
				r->n--;
			}
			break;
		case 2:		/* replace one */
			i = gb_xs_rnd(S, (unsigned)r->n);
			r->s[i] = random_step(S, gb_step_is_buffer(r->s[i].kind) ?
					      random_buffer(S) : random_kind(S));
			break;
		case 3:
			to->cpus = (int)gb_xs_rnd(S, (unsigned)S->nc);
			break;
		default:
			to->pinner = (int)gb_xs_rnd(S, (unsigned)S->np);
			to->placement = (int)gb_xs_rnd(S, (unsigned)S->npl);
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
	const struct gb_xcand *a = x, *b = y;

	return (b->score > a->score) - (b->score < a->score);
}

void gb_xs_sort(struct gb_xcand *c, int n)
{
	qsort(c, (size_t)n, sizeof(c[0]), by_score);
}

bool gb_xs_same_case(const struct gb_xcand *x, const struct gb_xcand *y)
{
	char a[GB_RECIPE_TEXT], b[GB_RECIPE_TEXT];

	if (x->fixed != y->fixed || x->pinner != y->pinner ||
	    x->placement != y->placement || x->cpus != y->cpus)
		return false;
	/* By the text: steps past r.n, left over from moves, are not the recipe. */
	gb_recipe_format(&x->r, a, sizeof(a));
	gb_recipe_format(&y->r, b, sizeof(b));
	return !strcmp(a, b);
}

int gb_xs_distinct(struct gb_xcand *c, int n)
{
	int i, k, kept = 0;

	for (i = 0; i < n; i++) {
		bool dup = false;

		for (k = 0; k < kept && !dup; k++)
			dup = c[k].metric == c[i].metric && gb_xs_same_case(&c[k], &c[i]);
		if (!dup)
			c[kept++] = c[i];
	}
	return kept;
}

bool gb_xs_confirmed(const struct gb_xsearch *S, const struct gb_xcand *c)
{
	double tests = (double)S->n * (double)gb_adaptive_nr_metrics();

	return c->metric >= 0 && c->score > 0 &&
	       (c->every || (c->p >= 0 && c->p * tests < GB_XS_ALPHA));
}

bool gb_xs_same_difference(const struct gb_xsearch *S, const struct gb_xcand *c,
			   const struct gb_xcand *was)
{
	return gb_xs_confirmed(S, c) && c->metric == was->metric &&
	       (c->b > c->a) == (was->b > was->a);
}

int gb_xs_shrink_moves(const struct gb_xcand *best, struct gb_xcand *out, int max)
{
	int i, n = 0;

	for (i = 0; i < best->r.n && best->r.n > 1 && n < max; i++) {
		struct gb_xcand *t = &out[n++];

		*t = *best;
		memmove(&t->r.s[i], &t->r.s[i + 1], (size_t)(t->r.n - i - 1) * sizeof(t->r.s[0]));
		t->r.n--;
	}
	for (i = 0; i < best->r.n && n < max; i++) {
		const struct gb_step *s = &best->r.s[i];
		struct gb_xcand *t;

		if (s->kind != GB_STEP_FAULT || (s->who == GB_WHO_PIN && s->part == GB_PART_ALL))
			continue;
		t = &out[n++];
		*t = *best;
		t->r.s[i].who = s->who == GB_WHO_REMOTE2 ? GB_WHO_REMOTE : GB_WHO_PIN;
		t->r.s[i].part = GB_PART_ALL;
	}
	if (best->cpus && n < max) {
		out[n] = *best;
		out[n++].cpus = 0;
	}
	for (i = 0; i < n; i++) {
		out[i].ran = false;
		out[i].metric = -1;
		out[i].score = 0;
	}
	return n;
}
