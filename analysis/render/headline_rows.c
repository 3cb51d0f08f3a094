// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../bench/lib/terminal.h"
#include "../escape.h"
#include "../stats/stats.h"
#include "headline_int.h"

const struct gba_hm_info hm_info[GBA_H_NR] = {
	[GBA_H_FAIL] = { "pins failed", "pins failed", GBA_PIN_FAILED, true },
	[GBA_H_MISSED] = { "missed drains", "missed drains", GBA_MISSED, true },
	[GBA_H_DRAINS_ALL] = { "all-CPU drains per call", "all-CPU drains", GBA_DRAINS_ALL, false },
	[GBA_H_DRAINS_LOCAL] = { "local drains per call", "local drains", GBA_DRAINS_LOCAL, false },
	[GBA_H_WASTED_ALL] = { "wasted all-CPU drains per call", "wasted all-CPU drains",
			   GBA_WASTED_ALL, false },
	[GBA_H_WORKS] = { "drain works the pin queued per call", "drain works", GBA_WORKS_PIN, false },
	[GBA_H_IPIS] = { "IPIs the pin sent per call", "IPIs", GBA_IPIS_PIN, false },
	[GBA_H_WASTED_LOCAL] = { "wasted local drains per call", "wasted local drains",
			     GBA_WASTED_LOCAL, false },
	[GBA_H_DRAIN_US] = { "us in lru_add_drain_all per call", "us in drain_all",
			 GBA_DRAIN_ALL_US, false },
	[GBA_H_DECISION_LOCAL] = { "the decision's", "  by the decision", GBA_DECISION_LOCAL,
			       false, GBA_H_DRAINS_LOCAL },
	[GBA_H_IPIS_DRAIN] = { "inside drain_all", "  in drain_all", GBA_IPIS_PIN_DRAIN,
			   false, GBA_H_IPIS },
	[GBA_H_WORKS_WINDOW] = { "window", "  in the window", GBA_WORKS_PER_CALL,
			     false, GBA_H_WORKS },
	[GBA_H_IPIS_WINDOW] = { "window", "  in the window", GBA_IPIS_PER_CALL,
			    false, GBA_H_IPIS },
	[GBA_H_ISO_INTR] = { "isolated CPUs: spinner interruptions per call",
			 "isolated: interruptions", GBA_SPIN_INTR, false },
	[GBA_H_ISO_WORKS] = { "isolated CPUs: drain works the pin queued per call", "isolated: drain works",
			  GBA_ISO_WORKS, false },
	/* A spinner that ran to its watchdog: the pin waited for its own drain. */
	[GBA_H_ISO_WAITED] = { "isolated CPUs: pins that outlasted a spinner",
			   "isolated: pins waited", GBA_LOAD_WATCHDOG, true },
};

static bool on_side(const struct gba_hl_ctx *x, const struct gba_call *c, int side)
{
	const char *label = side ? x->s->label_b : x->s->label_a;
	const char *policy = side ? x->s->policy_b : x->s->policy_a;
	const char *run_label = x->r->runs[c->run].label;

	if (label && (!run_label || strcmp(run_label, label)))
		return false;
	return !policy || (c->policy && !strcmp(c->policy, policy));
}

/* The per-call values of h over some cases' calls on one side. */
static double *values(const struct gba_hl_ctx *x, const size_t *subs, size_t n,
		      int side, enum gba_hm h, int cpus, size_t *nv)
{
	size_t i, k, cap = 1;
	double *v;

	for (i = 0; i < n; i++)
		cap += x->sub[subs[i]].n[side];
	v = malloc(cap * sizeof(*v));
	*nv = 0;
	if (!v)
		return NULL;
	if (h == GBA_H_DRAIN_US && x->tcg)
		return v;
	for (i = 0; i < n; i++) {
		const struct gba_hl_sub *s = &x->sub[subs[i]];

		if (cpus >= 0 && s->first->cpus != cpus)
			continue;
		for (k = 0; k < s->n[side]; k++)
			if (!isnan(s->c[side][k]->num[hm_info[h].m]))
				v[(*nv)++] = s->c[side][k]->num[hm_info[h].m];
	}
	return v;
}

double gba_hl_mean(const struct gba_hl_ctx *x, const size_t *subs, size_t n,
		      int side, enum gba_hm h, int cpus)
{
	size_t nv;
	double *v = values(x, subs, n, side, h, cpus, &nv), m;

	m = v && nv ? gba_mean(v, nv) : NAN;
	free(v);
	return m;
}

static int add_call(struct gba_hl_ctx *x, const struct gba_call *c, int side)
{
	struct gba_hl_sub *s = NULL;
	size_t i;
	void *p;

	for (i = x->nsub; i-- > 0;)
		if (!strcmp(x->sub[i].first->key, c->key)) {
			s = &x->sub[i];
			break;
		}
	if (!s) {
		p = realloc(x->sub, (x->nsub + 1) * sizeof(*x->sub));
		if (!p)
			return -1;
		x->sub = p;
		s = &x->sub[x->nsub++];
		memset(s, 0, sizeof(*s));
		s->first = c;
	}
	p = realloc(s->c[side], (s->n[side] + 1) * sizeof(*s->c[side]));
	if (!p)
		return -1;
	s->c[side] = p;
	s->c[side][s->n[side]++] = c;
	return 0;
}

/* Same and undecided pool: neither has a decision for a sentence to claim. */
static int cv_class(int cv)
{
	return cv == GBA_C_SAME ? GBA_C_INCONCLUSIVE : cv;
}

/*
 * Cases share a row only where the gate gave them one case verdict and
 * no metric moved one way in one case and the other way in another: a
 * row's sentence is then true of each case it pools.  A metric the gate
 * decided in some of the cases only is marked with how many.
 */
static bool agree(const struct gba_hl_ctx *x, const size_t *subs, size_t n)
{
	int h;
	size_t i;

	for (i = 1; i < n; i++)
		if (cv_class(x->sub[subs[i]].cv) != cv_class(x->sub[subs[0]].cv))
			return false;
	for (h = 0; h < GBA_H_NR; h++) {
		bool up = false, down = false;

		for (i = 0; i < n; i++) {
			up |= x->sub[subs[i]].dir[h] == 1;
			down |= x->sub[subs[i]].dir[h] == -1;
		}
		if (up && down)
			return false;
	}
	return true;
}

/*
 * A row's mark on metric h: the gate's decision where any case had one
 * (agree() leaves at most one way), else undecided where any case was,
 * else the same; and in how many of the row's cases (nv[h] of n).
 */
static void row_mark(const struct gba_hl_ctx *x, struct gba_hrow *w, int h)
{
	static const enum gba_verdict decided[] = { GBA_V_REGRESSED, GBA_V_PRICE,
		GBA_V_SAVING, GBA_V_IMPROVED };
	size_t count[GBA_V_NR + 1] = { 0 }, i, k;
	enum gba_verdict pick = GBA_V_NR;

	for (i = 0; i < w->n; i++)
		count[x->sub[w->subs[i]].v[h]]++;
	for (k = 0; k < sizeof(decided) / sizeof(decided[0]) && pick == GBA_V_NR; k++)
		if (count[decided[k]])
			pick = decided[k];
	if (pick == GBA_V_NR && count[GBA_V_INCONCLUSIVE])
		pick = GBA_V_INCONCLUSIVE;
	else if (pick == GBA_V_NR && count[GBA_V_SAME])
		pick = GBA_V_SAME;
	w->v[h] = pick;
	w->nv[h] = count[pick];
	w->dir[h] = pick == GBA_V_SAME && count[pick] == w->n ? 0 : DIR_UNKNOWN;
	for (i = 0; i < w->n; i++)
		if (pick < GBA_V_INCONCLUSIVE && pick != GBA_V_SAME &&
		    x->sub[w->subs[i]].v[h] == pick)
			w->dir[h] = x->sub[w->subs[i]].dir[h];
}

/* What a row may pool over, and split by, in that order. */
enum dim { D_PINNER, D_CPUS, D_PLACEMENT, D_NR };

static bool same(enum dim d, const struct gba_call *a, const struct gba_call *b)
{
	return d == D_CPUS ? a->cpus == b->cpus :
	       !strcmp(d == D_PINNER ? a->pinner : a->placement,
		       d == D_PINNER ? b->pinner : b->placement);
}

static void value(enum dim d, const struct gba_call *c, char *out, size_t len)
{
	if (d == D_CPUS)
		snprintf(out, len, "%d", c->cpus);
	else
		snprintf(out, len, "%s", d == D_PINNER ? c->pinner : c->placement);
}

/* "movable, cma" or "1, 2, 4": a dimension's distinct values, in order seen. */
static int distinct(const struct gba_hl_ctx *x, const size_t *subs, size_t n, enum dim d,
		    char *out, size_t len)
{
	size_t i, j, off = 0;
	char v[48];
	int count = 0;

	out[0] = '\0';
	for (i = 0; i < n && off < len; i++) {
		const struct gba_call *c = x->sub[subs[i]].first;

		for (j = 0; j < i && !same(d, x->sub[subs[j]].first, c); j++)
			;
		if (j < i)
			continue;
		value(d, c, v, sizeof(v));
		off += (size_t)snprintf(out + off, len - off, "%s%s", off ? ", " : "", v);
		count++;
	}
	return count;
}

/*
 * "io_uring, iommufd; movable, cma; 1, 2 CPUs": what a row pools over,
 * but the dimension it was split by (named in its label).  Pinners are
 * named where the results hold more than one.
 */
static void over(const struct gba_hl_ctx *x, const size_t *subs, size_t n, int split,
		 char *out, size_t len)
{
	static const enum dim shown[] = { D_PINNER, D_PLACEMENT, D_CPUS };
	char part[128];
	size_t off = 0, k;
	int d, count;

	out[0] = '\0';
	for (k = 0; k < sizeof(shown) / sizeof(shown[0]) && off < len; k++) {
		d = shown[k];
		if (d == split || (d == D_PINNER && !x->many_pinners))
			continue;
		count = distinct(x, subs, n, (enum dim)d, part, sizeof(part));
		off += (size_t)snprintf(out + off, len - off, "%s%s%s", off ? "; " : "", part,
					d != D_CPUS ? "" : count == 1 && !strcmp(part, "1") ? " CPU" : " CPUs");
	}
}

/* split: the dimension the row was split by, or -1 (pooled), D_NR (a case). */
static int add_row(struct gba_hl_ctx *x, const size_t *subs, size_t n,
		   const char *qualifier, int split)
{
	struct gba_hrow *w;
	void *p;
	int h, side;

	p = realloc(x->row, (x->nrow + 1) * sizeof(*x->row));
	if (!p)
		return -1;
	x->row = p;
	w = &x->row[x->nrow++];
	memset(w, 0, sizeof(*w));
	w->subs = malloc(n * sizeof(*subs));
	if (!w->subs)
		return -1;
	memcpy(w->subs, subs, n * sizeof(*subs));
	w->n = n;
	snprintf(w->label, sizeof(w->label), "%s%s", x->sub[subs[0]].first->scenario,
		 qualifier);
	if (split < D_NR)
		over(x, subs, n, split, w->over, sizeof(w->over));
	gb_text_clean(w->label);
	gb_text_clean(w->over);
	gba_md_str(w->label_md, sizeof(w->label_md), w->label);
	for (side = 0; side < 2; side++)
		for (size_t i = 0; i < n; i++)
			w->calls[side] += x->sub[subs[i]].n[side];
	/* One case verdict for the cases pooled (agree()), undecided if any is; marks by count. */
	w->cv = x->sub[subs[0]].cv;
	for (size_t i = 0; i < n; i++)
		if (x->sub[subs[i]].cv == GBA_C_INCONCLUSIVE)
			w->cv = GBA_C_INCONCLUSIVE;
	for (h = 0; h < GBA_H_NR; h++) {
		row_mark(x, w, h);
		for (side = 0; side < 2; side++)
			w->mean[side][h] = gba_hl_mean(x, subs, n, side, (enum gba_hm)h, -1);
	}
	return 0;
}

/* The cases of subs that share dimension d's value with subs[i]; first: is i the first? */
static size_t part_of(const struct gba_hl_ctx *x, const size_t *subs, size_t n, size_t i,
		      enum dim d, size_t *part, bool *first)
{
	const struct gba_call *ci = x->sub[subs[i]].first;
	size_t j, np = 0;

	*first = true;
	for (j = 0; j < n; j++)
		if (same(d, ci, x->sub[subs[j]].first)) {
			*first &= j >= i;
			part[np++] = subs[j];
		}
	return np;
}

/*
 * No one dimension splits the scenario into agreeing parts: its cases
 * grouped with the first earlier group they agree with, in the order
 * they ran.  A group of one is named by its case; a bigger one by how
 * many of the scenario's cases it holds (headline.tsv says which).
 */
static int alike_rows(struct gba_hl_ctx *x, const size_t *subs, size_t n, size_t *part)
{
	bool *taken = calloc(n + 1, sizeof(*taken));
	size_t i, j, np;
	char q[160];
	int ok = 0;

	if (!taken)
		return -1;
	for (i = 0; i < n && !ok; i++) {
		if (taken[i])
			continue;
		part[0] = subs[i];
		np = 1;
		taken[i] = true;
		for (j = i + 1; j < n; j++) {
			part[np] = subs[j];
			if (!taken[j] && agree(x, part, np + 1)) {
				taken[j] = true;
				np++;
			}
		}
		if (np == 1) {
			const struct gba_call *c = x->sub[part[0]].first;

			snprintf(q, sizeof(q), " by %s in %s at %d CPU%s", c->pinner, c->placement,
				 c->cpus, c->cpus == 1 ? "" : "s");
			ok = add_row(x, part, 1, q, D_NR);
		} else {
			snprintf(q, sizeof(q), ", %zu of %zu cases", np, n);
			ok = add_row(x, part, np, q, -1);
		}
	}
	free(taken);
	return ok;
}

/*
 * A scenario's rows: one over all its cases where they agree, else one
 * per pinner, else per CPU count, else per placement (each agreeing),
 * else one per case.
 */
static int scenario_rows(struct gba_hl_ctx *x, const size_t *subs, size_t n)
{
	size_t *part = malloc(n * sizeof(*part)), i, np;
	char q[160], v[48];
	int d, ok = 0;
	bool first, all_agree;

	if (!part)
		return -1;
	if (agree(x, subs, n)) {
		free(part);
		return add_row(x, subs, n, "", -1);
	}
	for (d = 0; d < D_NR; d++) {
		for (i = 0, all_agree = true; i < n && all_agree; i++) {
			np = part_of(x, subs, n, i, (enum dim)d, part, &first);
			all_agree = agree(x, part, np);
		}
		if (!all_agree)
			continue;
		for (i = 0; i < n && !ok; i++) {
			const struct gba_call *ci = x->sub[subs[i]].first;

			np = part_of(x, subs, n, i, (enum dim)d, part, &first);
			if (!first)
				continue;
			value((enum dim)d, ci, v, sizeof(v));
			snprintf(q, sizeof(q), d == D_CPUS ? " at %s CPU%s" : d == D_PINNER ? " by %s%s" : " in %s%s",
				 v, d == D_CPUS && ci->cpus != 1 ? "s" : "");
			ok = add_row(x, part, np, q, d);
		}
		free(part);
		return ok;
	}
	ok = alike_rows(x, subs, n, part);
	free(part);
	return ok;
}

int gba_hl_build(struct gba_hl_ctx *x)
{
	size_t i, j, *subs;
	int side, h;

	for (i = 0; i < (size_t)x->r->nr_runs; i++) {
		x->nested_tcg |= !strcmp(x->r->runs[i].nested, "tcg");
		x->tcg |= x->r->runs[i].tcg || !strcmp(x->r->runs[i].nested, "tcg");
	}
	for (i = 0; i < x->r->nr_calls; i++)
		x->isolated |= x->r->calls[i].spinners > 0;
	for (i = 0; i < x->r->nr_calls; i++)
		for (side = 0; side < 2; side++)
			if (on_side(x, &x->r->calls[i], side) &&
			    add_call(x, &x->r->calls[i], side))
				return -1;
	for (i = 1; i < x->nsub; i++)
		x->many_pinners |= strcmp(x->sub[i].first->pinner, x->sub[0].first->pinner) != 0;
	for (i = 0; i < x->nsub; i++) {
		struct gba_hl_sub *s = &x->sub[i];

		if (!s->n[0] || !s->n[1]) {
			s->cv = -1;	/* no verdict: counted as measured on one side */
			x->lonely++;
			continue;
		}
		/* The gate judged each case; the headline reads its table. */
		s->cv = gba_verdict_case(x->v, s->first->key);
		for (h = 0; h < GBA_H_NR; h++)
			s->dir[h] = gba_verdict_dir(x->v, s->first->key, hm_info[h].m, &s->v[h]);
	}
	subs = malloc((x->nsub + 1) * sizeof(*subs));
	if (!subs)
		return -1;
	/* Scenarios in the order they ran. */
	for (i = 0; i < x->nsub; i++) {
		size_t n = 0;
		bool seen = false;

		for (j = 0; j < i && !seen; j++)
			seen = !strcmp(x->sub[j].first->scenario, x->sub[i].first->scenario);
		if (seen)
			continue;
		for (j = i; j < x->nsub; j++)
			if (x->sub[j].n[0] && x->sub[j].n[1] &&
			    !strcmp(x->sub[j].first->scenario, x->sub[i].first->scenario))
				subs[n++] = j;
		if (n && scenario_rows(x, subs, n)) {
			free(subs);
			return -1;
		}
	}
	free(subs);
	return 0;
}

void gba_hl_free(struct gba_hl_ctx *x)
{
	size_t i;

	for (i = 0; i < x->nsub; i++) {
		free(x->sub[i].c[0]);
		free(x->sub[i].c[1]);
	}
	for (i = 0; i < x->nrow; i++)
		free(x->row[i].subs);
	free(x->sub);
	free(x->row);
}
