// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "groups.h"
#include "stats.h"

#define ROUNDS	2000

enum verdict { SAME, REGRESSED, IMPROVED, NOT_GATED_TIME, NOT_GATED_BOUND };

static const char *const verdict_name[] = {
	[SAME] = "same",
	[REGRESSED] = "REGRESSED",
	[IMPROVED] = "improved",
	[NOT_GATED_TIME] = "not gated: TCG times",
	[NOT_GATED_BOUND] = "not gated: lower bound",
};

struct row {
	const char *key;
	enum gba_metric m;
	double a, b, change, lo, hi, p;
	size_t na, nb;
	enum verdict v;
	bool gated;
};

static int check_fingerprints(const struct gba_results *a,
			      const struct gba_results *b, char *err,
			      size_t len)
{
	int i, j;

	for (i = 0; i < a->nr_runs; i++)
		for (j = 0; j < b->nr_runs; j++)
			if (strcmp(a->runs[i].fingerprint, b->runs[j].fingerprint)) {
				snprintf(err, len, "fingerprints differ (%s: %s; %s: %s): pass --ignore-fingerprint to compare anyway",
					 a->runs[i].path, a->runs[i].fingerprint,
					 b->runs[j].path, b->runs[j].fingerprint);
				return -1;
			}
	return 0;
}

static double rel_change(double a, double b)
{
	if (a == b)
		return 0;
	if (a == 0)
		return b > 0 ? INFINITY : -INFINITY;
	return (b - a) / fabs(a);
}

static void compare_metric(const struct gba_group *ga, const struct gba_group *gb,
			   const struct gba_results *base,
			   const struct gba_results *cand, enum gba_metric m,
			   struct row *r)
{
	const struct gba_metric_info *mi = &gba_metrics[m];
	double *a = gba_values(ga, m, &r->na), *b = gba_values(gb, m, &r->nb);

	r->key = ga->key;
	r->m = m;
	r->a = gba_stat(ga, m);
	r->b = gba_stat(gb, m);
	r->change = rel_change(r->a, r->b);
	r->p = gba_mann_whitney(a, r->na, b, r->nb);
	gba_bootstrap_rel(a, r->na, b, r->nb,
			  mi->kind == MEDIAN ? gba_stat_median : gba_stat_mean,
			  ROUNDS, &r->lo, &r->hi);
	r->gated = true;
	if (mi->time && (base->runs[ga->run].tcg || cand->runs[gb->run].tcg)) {
		r->v = NOT_GATED_TIME;
		r->gated = false;
	} else if (gba_lower_bound(&base->runs[ga->run], m) ||
		   gba_lower_bound(&cand->runs[gb->run], m)) {
		r->v = NOT_GATED_BOUND;
		r->gated = false;
	}
	free(a);
	free(b);
}

/* A value, or a relative change as a percentage; "-" and "+inf" spelled out. */
static void fmt(char *buf, size_t len, double v, bool percent)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (isinf(v))
		snprintf(buf, len, "%sinf", v > 0 ? "+" : "-");
	else if (percent)
		snprintf(buf, len, "%+.1f%%", v * 100);
	else
		snprintf(buf, len, "%.4g", v);
}

int gba_compare(const struct gba_results *base,
		const struct gba_results *cand,
		const struct gba_cmp_opts *o, FILE *out, char *err,
		size_t len)
{
	enum gba_key_mode mode = o->base_policy ? GBA_KEY_CASE : GBA_KEY_CASE_POLICY;
	struct gba_groups ga, gb;
	struct row *rows = NULL;
	size_t nr = 0, i, ng = 0, regressed = 0;
	double *p;
	int m;

	if (!o->ignore_fingerprint && check_fingerprints(base, cand, err, len))
		return 2;
	if (gba_group(base, o->base_policy, mode, &ga) ||
	    gba_group(cand, o->cand_policy, mode, &gb)) {
		snprintf(err, len, "out of memory");
		return 2;
	}
	rows = calloc(ga.n * GBA_NR_METRICS + 1, sizeof(*rows));
	for (i = 0; rows && i < ga.n; i++) {
		struct gba_group *b = gba_find(&gb, ga.g[i].key);

		for (m = 0; b && m < GBA_NR_METRICS; m++) {
			struct row r = { 0 };

			compare_metric(&ga.g[i], b, base, cand, (enum gba_metric)m, &r);
			if (r.na && r.nb)
				rows[nr++] = r;
		}
	}
	if (!nr) {
		snprintf(err, len, "no case appears in both runs with data: nothing to compare");
		free(rows);
		gba_groups_free(&ga);
		gba_groups_free(&gb);
		return 2;
	}
	/* Holm over the comparisons that are gated. */
	p = malloc(nr * sizeof(*p));
	for (i = 0; p && i < nr; i++)
		if (rows[i].gated)
			p[ng++] = rows[i].p;
	if (p)
		gba_holm(p, ng);
	for (i = 0, ng = 0; p && i < nr; i++) {
		struct row *r = &rows[i];
		bool worse, better;

		if (!r->gated)
			continue;
		r->p = p[ng++];
		worse = gba_metrics[r->m].better == LOWER ? r->change > o->threshold
							  : r->change < -o->threshold;
		better = gba_metrics[r->m].better == LOWER ? r->change < -o->threshold
							   : r->change > o->threshold;
		r->v = r->p < o->alpha && worse ? REGRESSED :
		       r->p < o->alpha && better ? IMPROVED : SAME;
		regressed += r->v == REGRESSED;
	}
	free(p);

	fprintf(out, "| case | metric | base | cand | change | 95%% CI | p (Holm) | verdict |\n");
	fprintf(out, "|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < nr; i++) {
		struct row *r = &rows[i];
		char a[32], b[32], c[32], lo[32], hi[32], pv[32];

		fmt(a, sizeof(a), r->a, false);
		fmt(b, sizeof(b), r->b, false);
		fmt(c, sizeof(c), r->change, true);
		fmt(lo, sizeof(lo), r->lo, true);
		fmt(hi, sizeof(hi), r->hi, true);
		snprintf(pv, sizeof(pv), r->gated ? "%.3g" : "-", r->p);
		fprintf(out, "| %s | %s (%s) | %s | %s | %s | %s..%s | %s | %s |\n",
			r->key, gba_metrics[r->m].name, gba_metrics[r->m].unit,
			a, b, c, lo, hi, pv, verdict_name[r->v]);
	}
	fprintf(out, "\ngate: %zu comparison(s), %zu regressed beyond %.1f%% at family-wise alpha %.2f: %s\n",
		nr, regressed, o->threshold * 100, o->alpha,
		regressed ? "FAIL" : "pass");
	free(rows);
	gba_groups_free(&ga);
	gba_groups_free(&gb);
	return regressed ? 1 : 0;
}
