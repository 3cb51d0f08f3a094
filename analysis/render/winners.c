// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../escape.h"
#include "../stats/groups.h"
#include "winners.h"

/*
 * What decides, in order: a failed pin is worse than a missed drain,
 * which is worse than an all-CPU drain for nothing, which is worse than
 * drain works and IPIs, which are worse than a local drain for nothing
 * (it costs the pinning CPU alone).  Time last, and never under
 * emulation.  A difference within a metric's floor decides nothing.
 */
enum crit { C_FAIL, C_MISSED, C_WASTED_ALL, C_WORKS, C_IPIS, C_WASTED_LOCAL,
	    C_DRAIN_US, C_NR };

static const struct {
	const char *what;
	bool percent;
	enum gba_metric m;
} crit_info[C_NR] = {
	[C_FAIL] = { "pins failed", true, GBA_PIN_FAILED },
	[C_MISSED] = { "calls missed a drain", true, GBA_MISSED },
	[C_WASTED_ALL] = { "wasted all-CPU drains per call", false, GBA_WASTED_ALL },
	[C_WORKS] = { "drain works the pin queued per call", false, GBA_WORKS_PIN },
	[C_IPIS] = { "IPIs the pin sent per call", false, GBA_IPIS_PIN },
	[C_WASTED_LOCAL] = { "wasted local drains per call", false, GBA_WASTED_LOCAL },
	[C_DRAIN_US] = { "us in lru_add_drain_all per call", false, GBA_DRAIN_ALL_US },
};

/* Mean per call of a metric's numerator, NaNs (not counted) left out. */
static double per_call(const struct gba_group *g, enum gba_metric m)
{
	double sum = 0;
	size_t i, n = 0;

	for (i = 0; i < g->n; i++)
		if (!isnan(g->calls[i]->num[m])) {
			sum += g->calls[i]->num[m];
			n++;
		}
	return n ? sum / (double)n : NAN;
}

static void values(const struct gba_group *g, bool tcg, double *v)
{
	int c;

	for (c = 0; c < C_NR; c++)
		v[c] = per_call(g, crit_info[c].m);
	v[C_DRAIN_US] = tcg ? NAN : v[C_DRAIN_US];
}

static void cell(FILE *out, double v, bool percent)
{
	if (isnan(v))
		fprintf(out, " null |");
	else if (percent)
		fprintf(out, " %.0f%% |", 100 * v);
	else
		fprintf(out, " %.3g |", v);
}

static void amount(FILE *out, double v, bool percent)
{
	if (percent)
		fprintf(out, "%.0f%%", 100 * v);
	else
		fprintf(out, "%.3g", v);
}

/* a beats b: lower on the first criterion where both were counted and differ. */
static int deciding(const double *a, const double *b)
{
	int c;

	for (c = 0; c < C_NR; c++)
		if (!isnan(a[c]) && !isnan(b[c]) &&
		    fabs(a[c] - b[c]) > fmax(gba_metrics[crit_info[c].m].floor, 1e-9))
			return c;
	return -1;
}

static const struct gba_group *const *sorted;

/* A group's case (its calls share it; the group's key adds the variant). */
static const char *case_of(const struct gba_group *g)
{
	return g->calls[0]->key;
}

static int same_case(const struct gba_group *a, const struct gba_group *b)
{
	return !strcmp(case_of(a), case_of(b));
}

static void put_case(FILE *out, const struct gba_group *g)
{
	gba_md(out, case_of(g));
}

static int by_key(const void *a, const void *b)
{
	const struct gba_group *x = *(const struct gba_group *const *)a;
	const struct gba_group *y = *(const struct gba_group *const *)b;
	int k = strcmp(case_of(x), case_of(y));

	/* Stable: first seen first (pointers into one array). */
	return k ? k : (x > y) - (x < y);
}
static void row(const struct gba_results *r, const struct gba_group *g,
		FILE *out)
{
	double v[C_NR];
	int c;

	values(g, r->runs[g->run].tcg, v);
	fputs("| ", out);
	put_case(out, g);
	fputs(" | ", out);
	gba_md(out, g->variant);
	fprintf(out, " | %zu |", g->n);
	for (c = 0; c < C_NR; c++)
		cell(out, v[c], crit_info[c].percent);
	fputc('\n', out);
}

/* The group in [from, to) whose variant ends in suffix (a policy). */
static bool heuristic(const struct gba_group *const *g, size_t from,
		      size_t to, const char *suffix, size_t *at)
{
	size_t i, n = strlen(suffix), k;

	for (i = from; i < to; i++) {
		k = strlen(g[i]->variant);
		if (k >= n && !strcmp(g[i]->variant + k - n, suffix)) {
			*at = i;
			return true;
		}
	}
	return false;
}

/* One case's sentence: groups sorted[from, to) share its key. */
static void sentence(const struct gba_results *r, size_t from, size_t to,
		     FILE *out)
{
	double v[64][C_NR];
	size_t i, best = from, worst = from, old_h, new_h;
	bool tcg = false;
	int c;

	if (to - from > 64)
		to = from + 64;
	for (i = from; i < to; i++) {
		tcg |= r->runs[sorted[i]->run].tcg;
		values(sorted[i], r->runs[sorted[i]->run].tcg, v[i - from]);
	}
	for (i = from + 1; i < to; i++) {
		c = deciding(v[i - from], v[best - from]);
		if (c >= 0 && v[i - from][c] < v[best - from][c])
			best = i;
		c = deciding(v[i - from], v[worst - from]);
		if (c >= 0 && v[i - from][c] > v[worst - from][c])
			worst = i;
	}
	/*
	 * The question the report answers: the old heuristic against the
	 * new one, when both ran (never and always are only bounds).
	 */
	if (heuristic(sorted, from, to, "/lru", &old_h) &&
	    heuristic(sorted, from, to, "/refcount", &new_h)) {
		c = deciding(v[new_h - from], v[old_h - from]);
		best = c >= 0 && v[old_h - from][c] < v[new_h - from][c] ? old_h : new_h;
		worst = best == new_h ? old_h : new_h;
	}
	fputs("- ", out);
	put_case(out, sorted[from]);
	fputs(": ", out);
	c = deciding(v[best - from], v[worst - from]);
	if (to - from == 1) {
		fputs("one variant only (", out);
		gba_md(out, sorted[from]->variant);
		fputs("): nothing to compare.", out);
	} else if (c < 0) {
		fputs("no difference on any of these counts", out);
		fputs(tcg ? " (times not compared: TCG)." : ".", out);
	} else {
		/* Not bold: a mean, untested; what is decided is the gate's. */
		gba_md(out, sorted[best]->variant);
		fputs(" wins over ", out);
		gba_md(out, sorted[worst]->variant);
		fprintf(out, " on %s: ", crit_info[c].what);
		amount(out, v[best - from][c], crit_info[c].percent);
		fputs(" vs ", out);
		amount(out, v[worst - from][c], crit_info[c].percent);
		fputs(c > C_FAIL ? " (equal on everything decided before it)." : ".", out);
	}
	fputc('\n', out);
}

void gba_winners(const struct gba_results *r, FILE *out)
{
	const struct gba_group **idx;
	struct gba_groups g;
	size_t i, from;
	int c;

	if (gba_group(r, NULL, GBA_KEY_CASE_VARIANT, &g))
		return;
	idx = calloc(g.n ? g.n : 1, sizeof(*idx));
	if (!idx) {
		gba_groups_free(&g);
		return;
	}
	for (i = 0; i < g.n; i++)
		idx[i] = &g.g[i];
	qsort(idx, g.n, sizeof(*idx), by_key);
	sorted = idx;
	fprintf(out, "Per case and kernel/policy, over the calls that met their conditions. Where both ran, the sentence compares the new heuristic (refcount) with the old (lru); otherwise the best variant with the worst. Decided in this order: pins failed, then calls that missed a drain (a failed pin that a retry after lru_add_drain_all() cured), then wasted all-CPU drains, then the drain works and IPIs the pin caused per call, then wasted local drains (they cost the pinning CPU alone), then time in lru_add_drain_all per call (never under TCG). null: not counted. These compare means, they are not tests: whether a difference is more than noise is the gate's to say (below, when asked for).\n\n");
	fputs("| case | kernel/policy | n |", out);
	for (c = 0; c < C_NR; c++)
		fprintf(out, " %s |", crit_info[c].what);
	fputs("\n|---|---|---|", out);
	for (c = 0; c < C_NR; c++)
		fputs("---|", out);
	fputc('\n', out);
	for (i = 0; i < g.n; i++)
		row(r, idx[i], out);
	fputc('\n', out);
	for (from = 0; from < g.n; from = i) {
		for (i = from + 1; i < g.n && same_case(idx[i], idx[from]); i++)
			;
		sentence(r, from, i, out);
	}
	sorted = NULL;
	free(idx);
	gba_groups_free(&g);
}
