// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "../escape.h"
#include "../read/groups.h"
#include "stats.h"
#include "verdicts.h"


struct row {
	const char *key;
	enum gba_metric m;
	double a, b, change, lo, hi, p, n_needed;
	double alo, ahi;	/* the interval of b - a, for metrics with a floor */
	double *va, *vb;
	size_t na, nb;
	const char *method;
	enum gba_verdict v;
	bool gated;		/* in the Holm family */
	const char *why;	/* NOT_GATED_*: what kept it out */
	const char *side;	/* GBA_V_NOT_GATED_ABSENT: where it was not counted */
};

static int check_fingerprints(const struct gba_results *a,
			      const struct gba_results *b, char *err,
			      size_t len)
{
	const struct gba_run *first = a->nr_runs ? &a->runs[0] : &b->runs[0];
	const struct gba_results *sides[2] = { a, b };
	int s, i;

	for (s = 0; s < 2; s++)
		for (i = 0; i < sides[s]->nr_runs; i++) {
			const struct gba_run *run = &sides[s]->runs[i];

			if (strcmp(first->fingerprint, run->fingerprint)) {
				snprintf(err, len, "fingerprints differ (%s: %s; %s: %s): pass --ignore-fingerprint to compare anyway",
					 first->path, first->fingerprint,
					 run->path, run->fingerprint);
				return -1;
			}
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

static bool any_tcg(const struct gba_results *r)
{
	int i;

	for (i = 0; i < r->nr_runs; i++)
		if (r->runs[i].tcg)
			return true;
	return false;
}

static bool any_lower_bound(const struct gba_results *r, enum gba_metric m)
{
	int i;

	for (i = 0; i < r->nr_runs; i++)
		if (gba_lower_bound(&r->runs[i], m))
			return true;
	return false;
}

static void compare_metric(const struct gba_group *ga, const struct gba_group *gb,
			   const struct gba_results *base,
			   const struct gba_results *cand, enum gba_metric m,
			   struct row *r)
{
	const struct gba_metric_info *mi = &gba_metrics[m];
	gba_stat_fn stat = mi->kind == MEDIAN ? gba_stat_median : gba_stat_mean;

	r->key = ga->key;
	r->m = m;
	r->va = gba_values(ga, m, &r->na);
	r->vb = gba_values(gb, m, &r->nb);
	r->a = gba_stat(ga, m);
	r->b = gba_stat(gb, m);
	r->change = rel_change(r->a, r->b);
	r->n_needed = NAN;
	r->lo = r->hi = r->p = NAN;
	if (!r->na || !r->nb) {
		/* A primary metric never vanishes: it says why it is missing. */
		if (mi->gate == PRIMARY) {
			r->v = GBA_V_NOT_GATED_ABSENT;
			r->why = !r->na ? base->runs[ga->run].absent[m]
					: cand->runs[gb->run].absent[m];
			if (!r->why[0])
				r->why = "no value in any call";
			r->side = !r->na && !r->nb ? "on either side" :
				  !r->na ? "on base" : "on cand";
			r->method = "-";
		}
		return;
	}
	if (mi->gate != PRIMARY)
		r->v = GBA_V_INFO;
	else if (mi->time && (any_tcg(base) || any_tcg(cand))) {
		r->v = GBA_V_NOT_GATED_TIME;
		r->why = "wall-clock times under TCG emulation";
	} else if (any_lower_bound(base, m) || any_lower_bound(cand, m)) {
		r->v = GBA_V_NOT_GATED_BOUND;
		r->why = "perf delivered fewer samples than it counted: the runs' sampling tally says which";
	} else
		r->gated = true;
	r->p = NAN;
	r->method = "-";
	/*
	 * Counts are exact: when every call on each side counted the same,
	 * the difference is certain and needs no test.  Times always vary.
	 */
	if (!mi->time && gba_constant(r->va, r->na) && gba_constant(r->vb, r->nb)) {
		if (r->gated)
			r->p = r->va[0] == r->vb[0] ? 1.0 : 0.0;
		r->method = "constant";
		r->lo = r->hi = r->change;
		r->alo = r->ahi = r->b - r->a;
		return;
	}
	/* The test is for a verdict: none is given where nothing is gated. */
	if (r->gated)
		r->p = gba_perm_test(r->va, r->na, r->vb, r->nb, stat,
				     GBA_PERM_ROUNDS, &r->method);
	gba_bootstrap_rel(r->va, r->na, r->vb, r->nb, stat, GBA_BOOT_ROUNDS, &r->lo, &r->hi);
	if (mi->floor > 0)
		gba_bootstrap_abs(r->va, r->na, r->vb, r->nb, stat, GBA_BOOT_ROUNDS, &r->alo, &r->ahi);
}

/*
 * After Holm: a significant change beyond the threshold is a regression
 * or an improvement; "same" needs evidence, a significant change within
 * the threshold or a 95% interval inside +-threshold; anything else
 * could not be told apart with this many calls.
 */
static void decide(struct row *r, const struct gba_cmp_opts *o, double alpha_family)
{
	const struct gba_metric_info *mi = &gba_metrics[r->m];
	bool lower = mi->better == LOWER, worse, better, within, sig = r->p < o->alpha;
	/* A floor: the band is absolute, the larger of threshold x base and it. */
	double band = fmax(o->threshold * fabs(r->a), mi->floor), diff = r->b - r->a;
	double delta;

	if (mi->floor > 0) {
		worse = lower ? diff > band : diff < -band;
		better = lower ? diff < -band : diff > band;
		within = isfinite(r->alo) && isfinite(r->ahi) &&
			 r->alo >= -band && r->ahi <= band;
	} else {
		worse = lower ? r->change > o->threshold : r->change < -o->threshold;
		better = lower ? r->change < -o->threshold : r->change > o->threshold;
		within = isfinite(r->lo) && isfinite(r->hi) &&
			 r->lo >= -o->threshold && r->hi <= o->threshold;
	}
	if (sig && worse)
		r->v = GBA_V_REGRESSED;
	else if (sig && better)
		r->v = GBA_V_IMPROVED;
	else if ((sig && !worse && !better) || within)
		r->v = GBA_V_SAME;
	else
		r->v = GBA_V_INCONCLUSIVE;
	if (r->v != GBA_V_INCONCLUSIVE)
		return;
	/* To confirm the change seen, or to rule out one of the band's size. */
	delta = mi->floor > 0 ? (fabs(diff) > band ? fabs(diff) : band) :
		fabs(r->change) > o->threshold ? fabs(r->b - r->a)
					       : o->threshold * fabs(r->a);
	r->n_needed = gba_n_needed(r->va, r->na, r->vb, r->nb, delta,
				   alpha_family, gba_metrics[r->m].kind == MEDIAN);
}

/* A value, or a relative change as a percentage; "-" and "+inf" spelled out. */
void gba_fmt(char *buf, size_t len, double v, bool percent)
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

static void print_row(FILE *out, const struct row *r)
{
	char a[32], b[32], c[32], lo[32], hi[32], pv[32];

	gba_fmt(a, sizeof(a), r->a, false);
	gba_fmt(b, sizeof(b), r->b, false);
	gba_fmt(c, sizeof(c), r->change, true);
	gba_fmt(lo, sizeof(lo), r->lo, true);
	gba_fmt(hi, sizeof(hi), r->hi, true);
	gba_fmt(pv, sizeof(pv), r->p, false);
	fputs("| ", out);
	gba_md(out, r->key);
	fprintf(out, " | %s (%s) | %s | %s | %s | %s..%s | %s | %s | %zu/%zu | %s",
		gba_metrics[r->m].name, gba_metrics[r->m].unit, a, b, c, lo, hi,
		pv, r->method, r->na, r->nb, gba_verdict_name[r->v]);
	/* An estimate at or below the calls run says the spread, not the count, is short. */
	if (r->v == GBA_V_INCONCLUSIVE && !isnan(r->n_needed) &&
	    r->n_needed <= (double)(r->na > r->nb ? r->na : r->nb))
		fprintf(out, ": needs more than the %zu calls per side run (their spread does not settle it)",
			r->na > r->nb ? r->na : r->nb);
	else if (r->v == GBA_V_INCONCLUSIVE && !isnan(r->n_needed))
		fprintf(out, ": needs ~%.0f calls per side", r->n_needed);
	else if (r->v == GBA_V_INCONCLUSIVE)
		fprintf(out, ": needs more calls (spread unknown)");
	else if (r->v == GBA_V_NOT_GATED_ABSENT) {
		fprintf(out, " %s (", r->side);
		gba_md(out, r->why);
		fputc(')', out);
	}
	fputs(" |\n", out);
}

/* Cases measured on one side only: nothing says how the other does. */
static size_t one_sided(FILE *out, struct gba_groups *x, struct gba_groups *y,
			const char *where)
{
	size_t i, n = 0;

	for (i = 0; i < x->n; i++) {
		if (gba_find(y, x->g[i].key))
			continue;
		fprintf(out, "%s", n++ ? ", " : "\ncases measured only in ");
		if (n == 1)
			fprintf(out, "%s (not compared): ", where);
		gba_md(out, x->g[i].key);
	}
	if (n)
		fputc('\n', out);
	return n;
}

static void free_rows(struct row *rows, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(rows[i].va);
		free(rows[i].vb);
	}
	free(rows);
}

/* Distinct drain policies among the calls (those kept by filter). */
static int policies(const struct gba_results *r, const char *filter)
{
	const char *seen[64];
	int n = 0, k;
	size_t i;

	for (i = 0; i < r->nr_calls; i++) {
		const char *p = r->calls[i].policy;

		if (!p || (filter && strcmp(p, filter)))
			continue;
		for (k = 0; k < n && seen[k] != p; k++)	/* interned */
			;
		if (k == n && n < 64)
			seen[n++] = p;
	}
	return n;
}

/*
 * How calls pair up: by case and policy where both sides ran policies,
 * by case alone where a policy was picked, or where one side has no
 * policy switch (a stock kernel) and the other ran only its default.
 */
static int key_mode(const struct gba_results *base, const struct gba_results *cand,
		    const struct gba_cmp_opts *o, enum gba_key_mode *mode,
		    char *err, size_t len)
{
	int na = policies(base, o->base_policy), nb = policies(cand, o->cand_policy);

	if (o->base_policy || o->cand_policy || (na <= 1 && nb <= 1 && !(na && nb)))
		*mode = GBA_KEY_CASE;
	else if (na && nb)
		*mode = GBA_KEY_CASE_POLICY;
	else {
		snprintf(err, len, "the %s runs have %d drain policies and the %s runs none: pick one with --%s-policy",
			 na ? "base" : "cand", na ? na : nb, na ? "cand" : "base",
			 na ? "base" : "cand");
		return -1;
	}
	return 0;
}

/*
 * One line naming every primary metric that was not gated, with how many
 * cases and why: nothing that could not be measured leaves the verdict.
 */
static void print_not_gated(FILE *out, const struct row *rows, size_t nr, bool md)
{
	size_t i, j, n;
	int m, first = 1;

	for (m = 0; m < GBA_NR_METRICS; m++) {
		for (i = 0; i < nr; i++) {
			const struct row *r = &rows[i];

			if (r->m != (enum gba_metric)m || r->v < GBA_V_NOT_GATED_TIME)
				continue;
			/* Each distinct reason once, with its count of cases. */
			for (j = 0; j < i; j++)
				if (rows[j].m == r->m && rows[j].v == r->v &&
				    rows[j].side == r->side && !strcmp(rows[j].why, r->why))
					break;
			if (j < i)
				continue;
			for (n = 0, j = i; j < nr; j++)
				n += rows[j].m == r->m && rows[j].v == r->v &&
				     rows[j].side == r->side && !strcmp(rows[j].why, r->why);
			fprintf(out, "%s%s (%zu case%s): %s%s%s: ", first ? "not gated: " : "; ",
				gba_metrics[m].name, n, n == 1 ? "" : "s", gba_verdict_name[r->v] + strlen("not gated: "),
				r->side ? " " : "", r->side ? r->side : "");
			/* why is clean text (results.c): Markdown escapes only in Markdown. */
			md ? gba_md(out, r->why) : (void)fputs(r->why, out);
			first = 0;
		}
	}
	if (!first)
		fputc('\n', out);
}

int gba_parse_require(const char *list, bool *flags, char *err, size_t len)
{
	char buf[256], *save = NULL, *name;
	int m, hit, hits;

	if (strlen(list) >= sizeof(buf) || !*list) {
		snprintf(err, len, "--require: give primary metric names, e.g. ipis,drains_all");
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", list);
	for (name = strtok_r(buf, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		for (m = 0, hits = 0, hit = -1; m < GBA_NR_METRICS; m++) {
			if (gba_metrics[m].gate != PRIMARY)
				continue;
			if (!strcmp(gba_metrics[m].name, name)) {
				hits = 1, hit = m;
				break;
			}
			if (!strncmp(gba_metrics[m].name, name, strlen(name)))
				hits++, hit = m;
		}
		if (hits != 1) {
			char names[512] = "";
			size_t off = 0;

			for (m = 0; m < GBA_NR_METRICS; m++)
				if (gba_metrics[m].gate == PRIMARY && off < sizeof(names))
					off += (size_t)snprintf(names + off, sizeof(names) - off,
								"%s%s", off ? ", " : "",
								gba_metrics[m].name);
			snprintf(err, len, "--require: '%.40s' %s (primary metrics: %s)",
				 name, hits ? "names more than one primary metric" :
				 "is not a primary metric", names);
			return -1;
		}
		flags[hit] = true;
	}
	return 0;
}

/* The first metric the user required that some case could not gate. */
static const char *required_unmet(const struct row *rows, size_t nr,
				  const bool *require)
{
	size_t i;
	int m;

	for (m = 0; require && m < GBA_NR_METRICS; m++) {
		bool seen = false;

		if (!require[m])
			continue;
		for (i = 0; i < nr; i++) {
			if (rows[i].m != (enum gba_metric)m)
				continue;
			seen = true;
			if (rows[i].v >= GBA_V_NOT_GATED_TIME)
				return gba_metrics[m].name;
		}
		if (!seen)
			return gba_metrics[m].name;
	}
	return NULL;
}

/*
 * "regressed: io_uring/movable/extra-ref/cpus=1/4096K (drains_all_per_call,
 * wasted_drains_all_per_call); ...": what fails the gate, by case, so the
 * verdict line needs no appendix to be read.  At most 8 cases named.
 */
static void print_regressed_cases(FILE *out, const struct row *rows, size_t nr, bool md)
{
	size_t i, j, named = 0, total = 0;

	for (i = 0; i < nr; i = j) {
		bool any = false;

		for (j = i; j < nr && rows[j].key == rows[i].key; j++)
			any |= rows[j].v == GBA_V_REGRESSED;
		if (!any)
			continue;
		if (++total > 8)
			continue;
		fputs(named++ ? "; " : "regressed: ", out);
		/* Keys are plain names (results.c); escapes only in Markdown. */
		md ? gba_md(out, rows[i].key) : (void)fputs(rows[i].key, out);
		for (j = i, any = false; j < nr && rows[j].key == rows[i].key; j++)
			if (rows[j].v == GBA_V_REGRESSED) {
				fprintf(out, "%s%s", any ? ", " : " (", gba_metrics[rows[j].m].name);
				any = true;
			}
		fputc(')', out);
	}
	if (total > 8)
		fprintf(out, "; and %zu more case(s) (Appendix B)", total - 8);
	if (total)
		fputc('\n', out);
}

/* The verdict's lines: the counts, what was not gated, and why inconclusive. */
static void print_verdict(FILE *out, const struct row *rows, size_t nr,
			  const size_t *count, size_t ng, size_t lonely,
			  const char *unmet, int code, const struct gba_cmp_opts *o,
			  const size_t *cases)
{
	char floors[256] = "";
	size_t off = 0;
	int m;

	for (m = 0; m < GBA_NR_METRICS; m++)
		if (gba_metrics[m].floor > 0 && gba_metrics[m].gate == PRIMARY &&
		    off < sizeof(floors))
			off += (size_t)snprintf(floors + off, sizeof(floors) - off,
						"%s %s %g %s", off ? "," : "; at least",
						gba_metrics[m].name, gba_metrics[m].floor,
						gba_metrics[m].unit);
	fprintf(out, "%sgate: %s: %zu gated comparison(s) (primary metrics, Holm at family-wise alpha %.2f, threshold %.1f%%%s): %zu regressed, %zu improved, %zu price of fewer failures, %zu local-for-all savings, %zu same, %zu inconclusive; %zu not gated (%zu TCG times, %zu lower bounds, %zu not counted); %zu case(s) on one side only\n",
		out == o->verdict ? "" : "\n",
		code == 1 ? "FAIL" : code == 3 ? "INCONCLUSIVE" : "pass",
		ng, o->alpha, o->threshold * 100, floors, count[GBA_V_REGRESSED],
		count[GBA_V_IMPROVED], count[GBA_V_PRICE], count[GBA_V_SAVING],
		count[GBA_V_SAME], count[GBA_V_INCONCLUSIVE],
		count[GBA_V_NOT_GATED_TIME] + count[GBA_V_NOT_GATED_BOUND] + count[GBA_V_NOT_GATED_ABSENT],
		count[GBA_V_NOT_GATED_TIME], count[GBA_V_NOT_GATED_BOUND], count[GBA_V_NOT_GATED_ABSENT],
		lonely);
	fprintf(out, "cases: %zu regressed, %zu fixed at a price, %zu improved, %zu inconclusive, %zu same\n",
		cases[GBA_C_REGRESSED], cases[GBA_C_FIXED], cases[GBA_C_IMPROVED],
		cases[GBA_C_INCONCLUSIVE], cases[GBA_C_SAME]);
	print_regressed_cases(out, rows, nr, out != o->verdict);
	print_not_gated(out, rows, nr, out != o->verdict);
	if (code == 3 && unmet && !count[GBA_V_INCONCLUSIVE])
		fprintf(out, "inconclusive: --require %s: it could not be gated in every case (see \"not gated\")\n",
			unmet);
	else if (code == 3)
		fprintf(out, "inconclusive: %s\n",
			!ng ? "nothing could be gated (see \"not gated\")" :
			count[GBA_V_INCONCLUSIVE] ? "some primary metrics changed by an amount these calls cannot confirm or rule out; rerun with the calls per side named above" :
			"some cases were measured on one side only");
}

/* Appendix B's order: what fails the gate first, then what was bought. */
static const enum gba_verdict print_order[] = {
	GBA_V_REGRESSED, GBA_V_PRICE, GBA_V_SAVING, GBA_V_IMPROVED,
	GBA_V_INCONCLUSIVE, GBA_V_NOT_GATED_ABSENT, GBA_V_NOT_GATED_BOUND,
	GBA_V_NOT_GATED_TIME, GBA_V_SAME, GBA_V_INFO,
};

/*
 * The decided rows into the verdict table, each case's relabelled by
 * what its drains bought (verdicts.c), the labels back into the rows,
 * and the cases counted by verdict.  keep (or NULL) keeps the table.
 */
static int judge_cases(struct row *rows, size_t nr, struct gba_verdicts *keep,
		       size_t *cases)
{
	struct gba_vrow *t = calloc(nr + 1, sizeof(*t));
	size_t i, j;

	if (!t)
		return -1;
	for (i = 0; i < nr; i++)
		t[i] = (struct gba_vrow){ rows[i].key, rows[i].m, rows[i].a, rows[i].b, rows[i].v };
	/* A case's rows are together: compare_metric() made them in a row. */
	for (i = 0; i < nr; i = j) {
		for (j = i; j < nr && !strcmp(t[j].key, t[i].key); j++)
			;
		gba_bought(&t[i], j - i);
		cases[gba_case_verdict(&t[i], j - i)]++;
	}
	for (i = 0; i < nr; i++)
		rows[i].v = t[i].v;
	if (!keep) {
		free(t);
		return 0;
	}
	for (i = 0; i < nr; i++)
		if (!(t[i].key = strdup(rows[i].key))) {
			keep->rows = t, keep->nr = i;
			gba_verdicts_free(keep);
			return -1;
		}
	keep->rows = t;
	keep->nr = nr;
	return 0;
}

int gba_compare(const struct gba_results *base,
		const struct gba_results *cand,
		const struct gba_cmp_opts *o, FILE *out, char *err,
		size_t len, struct gba_verdicts *keep)
{
	enum gba_key_mode mode;
	struct gba_groups ga, gb;
	struct row *rows = NULL;
	size_t nr = 0, i, k, ng = 0, count[GBA_V_NR] = { 0 }, lonely;
	size_t cases[GBA_C_NR] = { 0 };
	const char *unmet;
	double *p = NULL;
	int m, code;

	if (!o->ignore_fingerprint && check_fingerprints(base, cand, err, len))
		return 2;
	if (key_mode(base, cand, o, &mode, err, len))
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
			struct row *r = &rows[nr];

			compare_metric(&ga.g[i], b, base, cand, (enum gba_metric)m, r);
			if ((r->na && r->nb) || r->v == GBA_V_NOT_GATED_ABSENT)
				nr++;
			else
				free(r->va), free(r->vb), memset(r, 0, sizeof(*r));
		}
	}
	if (!nr) {
		snprintf(err, len, rows ? "no case appears in both runs with data: nothing to compare"
					: "out of memory");
		free_rows(rows, nr);
		gba_groups_free(&ga);
		gba_groups_free(&gb);
		return 2;
	}
	/* Holm over the primary metrics that can be gated, no others. */
	p = malloc(nr * sizeof(*p));
	for (i = 0; p && i < nr; i++)
		if (rows[i].gated)
			p[ng++] = rows[i].p;
	if (p)
		gba_holm(p, ng);
	for (i = 0, ng = 0; p && i < nr; i++)
		if (rows[i].gated)
			rows[i].p = p[ng++];
	for (i = 0; i < nr; i++)
		if (rows[i].gated)
			decide(&rows[i], o, o->alpha / (double)(ng ? ng : 1));
	free(p);
	if (judge_cases(rows, nr, keep, cases)) {
		snprintf(err, len, "out of memory");
		free_rows(rows, nr);
		gba_groups_free(&ga);
		gba_groups_free(&gb);
		return 2;
	}
	for (i = 0; i < nr; i++)
		count[rows[i].v]++;

	/* What a reviewer reads first: regressions, then what was bought. */
	fprintf(out, "| case | metric | base | cand | change | 95%% CI | p | test | n base/cand | verdict |\n");
	fprintf(out, "|---|---|---|---|---|---|---|---|---|---|\n");
	for (k = 0; k < sizeof(print_order) / sizeof(print_order[0]); k++)
		for (i = 0; i < nr; i++)
			if (rows[i].v == print_order[k])
				print_row(out, &rows[i]);
	lonely = one_sided(out, &ga, &gb, "base") + one_sided(out, &gb, &ga, "cand");

	unmet = required_unmet(rows, nr, o->require);
	if (count[GBA_V_REGRESSED])
		code = 1;
	else if (count[GBA_V_INCONCLUSIVE] || lonely || !ng || unmet)
		code = 3;
	else
		code = 0;
	print_verdict(out, rows, nr, count, ng, lonely, unmet, code, o, cases);
	if (o->verdict)
		print_verdict(o->verdict, rows, nr, count, ng, lonely, unmet, code, o, cases);
	if (keep)
		keep->code = code;
	free_rows(rows, nr);
	gba_groups_free(&ga);
	gba_groups_free(&gb);
	return code;
}
