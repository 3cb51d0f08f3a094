// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../escape.h"
#include "gate_text.h"

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

static void print_row(FILE *out, const struct gba_gate_row *r)
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

/* Did any row gate metric m (values on both sides, in the family)? */
static bool compared(const struct gba_gate_row *rows, size_t nr, enum gba_metric m)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (rows[i].m == m && rows[i].na && rows[i].nb && rows[i].gated)
			return true;
	return false;
}

/* Cases measured on one side only: nothing says how the other does. */
static void print_one_sided(FILE *out, const struct gba_groups *x, struct gba_groups *y,
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
}

/*
 * One line naming every primary metric that was not gated, with how many
 * cases and why: nothing that could not be measured leaves the verdict.
 */
static void print_not_gated(FILE *out, const struct gba_gate_row *rows, size_t nr, bool md)
{
	size_t i, j, n;
	int m, first = 1;

	for (m = 0; m < GBA_NR_METRICS; m++) {
		for (i = 0; i < nr; i++) {
			const struct gba_gate_row *r = &rows[i];

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

/*
 * "regressed: io_uring/movable/extra-ref/cpus=1/4096K (drains_all_per_call,
 * wasted_drains_all_per_call); ...": what fails the gate, by case, so the
 * verdict line needs no appendix to be read.  At most 8 cases named.
 */
static void print_regressed_cases(FILE *out, const struct gba_gate_row *rows, size_t nr, bool md)
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
static void print_verdict(FILE *out, const struct gba_judgement *g, const struct gba_cmp_opts *o)
{
	const struct gba_gate_row *rows = g->rows;
	const size_t *count = g->count, *cases = g->cases;
	size_t nr = g->nr, ng = g->ng, lonely = g->lonely;
	const char *unmet = g->unmet;
	int code = g->code;
	char floors[256] = "";
	size_t off = 0;
	int m;

	/* The floors of the metrics this gate compared, no other. */
	for (m = 0; m < GBA_NR_METRICS; m++)
		if (gba_metrics[m].floor > 0 && gba_is_primary(&gba_metrics[m]) &&
		    compared(rows, nr, (enum gba_metric)m) && off < sizeof(floors))
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
	if (o->boots_look)
		fprintf(out, "look: %s (pairs of boots run / at most: gate.sh stops once decided); each p-value divided by this look's share of the level, %.3g\n",
			o->boots_look, o->boots_share);
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


int gba_compare(const struct gba_results *base,
		const struct gba_results *cand,
		const struct gba_cmp_opts *o, FILE *out, char *err,
		size_t len, struct gba_verdicts *keep)
{
	struct gba_judgement g;
	size_t i, k;
	int code;

	if (gba_gate_judge(base, cand, o, &g, err, len))
		return 2;
	if (keep && gba_gate_verdicts(&g, keep)) {
		snprintf(err, len, "out of memory");
		gba_gate_free(&g);
		return 2;
	}
	/* What a reviewer reads first: regressions, then what was bought. */
	fprintf(out, "| case | metric | base | cand | change | 95%% CI | p | test | n base/cand | verdict |\n");
	fprintf(out, "|---|---|---|---|---|---|---|---|---|---|\n");
	for (k = 0; k < sizeof(print_order) / sizeof(print_order[0]); k++)
		for (i = 0; i < g.nr; i++)
			if (g.rows[i].v == print_order[k])
				print_row(out, &g.rows[i]);
	print_one_sided(out, &g.ga, &g.gb, "base");
	print_one_sided(out, &g.gb, &g.ga, "cand");
	print_verdict(out, &g, o);
	if (o->verdict)
		print_verdict(o->verdict, &g, o);
	code = g.code;
	gba_gate_free(&g);
	return code;
}
