// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../escape.h"
#include "headline_int.h"
#include "../../bench/lib/terminal.h"

void gba_hl_fmt(char *buf, size_t len, double v, bool percent)
{
	if (isnan(v))
		snprintf(buf, len, "null");
	else if (percent)
		snprintf(buf, len, "%.0f%%", 100 * v);
	else
		snprintf(buf, len, "%.3g", fabs(v) < 5e-4 ? 0.0 : v);
}

static bool shown(const struct gba_hl_ctx *x, int h)
{
	return (h != GBA_H_DRAIN_US || !x->tcg) && !hm_info[h].beside &&
	       (!gba_hm_isolated(h) || x->isolated);
}

static bool differ(double p, double w)
{
	return isnan(p) != isnan(w) || (!isnan(p) && fabs(p - w) >= 5e-4);
}

/*
 * The next count after k that sits beside h, was counted, and differs
 * from it (the window's where something else ran, the decision's where
 * the task drained for other reasons), or -1.
 */
static int beside_of(const struct gba_hrow *w, int h, int k)
{
	for (k++; k < GBA_H_NR && h; k++)
		if (hm_info[k].beside == h && !(isnan(w->mean[0][k]) && isnan(w->mean[1][k])) &&
		    (differ(w->mean[0][h], w->mean[0][k]) || differ(w->mean[1][h], w->mean[1][k])))
			return k;
	return -1;
}

/* The gate's decision on a metric, in a word ("" where none). */
static const char *mark(enum gba_verdict v)
{
	switch (v) {
	case GBA_V_REGRESSED: return "worse";
	case GBA_V_IMPROVED: return "better";
	case GBA_V_PRICE: return "price";
	case GBA_V_SAVING: return "saving";
	case GBA_V_INCONCLUSIVE: return "?";
	default: return "";
	}
}

/* The row's mark, with "8/12" where only some of its cases had it. */
static void row_mark_text(const struct gba_hrow *w, int h, char *buf, size_t len)
{
	const char *m = mark(w->v[h]);

	if (m[0] && w->nv[h] < w->n)
		snprintf(buf, len, "%s %zu/%zu", m, w->nv[h], w->n);
	else
		snprintf(buf, len, "%s", m);
}

/* "| label | over |": a headline row's first cells, escaped. */
static void row_start(FILE *md, const struct gba_hrow *w)
{
	fputs("| ", md);
	gba_md(md, w->label);
	fputs(" | ", md);
	gba_md(md, w->over);
	fputs(" |", md);
}

static void md_table(const struct gba_hl_ctx *x, FILE *md)
{
	char a[32], b[32], m[32];
	size_t i;
	int h, k;

	fputs("| scenario | over | calls (old/new) |", md);
	for (h = 0; h < GBA_H_NR; h++)
		if (shown(x, h))
			fprintf(md, " %s |", hm_info[h].name);
	fputs("\n|---|---|---|", md);
	for (h = 0; h < GBA_H_NR; h++)
		if (shown(x, h))
			fputs("---|", md);
	fputc('\n', md);
	for (i = 0; i < x->nrow; i++) {
		const struct gba_hrow *w = &x->row[i];

		row_start(md, w);
		fprintf(md, " %zu/%zu |", w->calls[0], w->calls[1]);
		for (h = 0; h < GBA_H_NR; h++) {
			if (!shown(x, h))
				continue;
			gba_hl_fmt(a, sizeof(a), w->mean[0][h], hm_info[h].percent);
			gba_hl_fmt(b, sizeof(b), w->mean[1][h], hm_info[h].percent);
			/* What the gate decided stands out, and says what it was. */
			row_mark_text(w, h, m, sizeof(m));
			if (w->v[h] == GBA_V_REGRESSED || w->v[h] == GBA_V_IMPROVED ||
			    w->v[h] == GBA_V_PRICE || w->v[h] == GBA_V_SAVING)
				fprintf(md, " **%s -> %s** (%s)", a, b, m);
			else
				fprintf(md, " %s -> %s", a, b);
			for (k = beside_of(w, h, 0); k >= 0; k = beside_of(w, h, k)) {
				gba_hl_fmt(a, sizeof(a), w->mean[0][k], false);
				gba_hl_fmt(b, sizeof(b), w->mean[1][k], false);
				fprintf(md, " (%s %s -> %s)", hm_info[k].name, a, b);
			}
			fputs(" |", md);
		}
		fputc('\n', md);
	}
}

/*
 * Text from results files in the mail table: no control characters, and
 * no backquote, which could close the code fence it sits in inside
 * report.md.
 */
static void mail_clean(char *s)
{
	gb_text_clean(s);
	for (; *s; s++)
		if (*s == '`')
			*s = '\'';
}

/* Cut a plain-text line to the mail's width. */
static void put_line(FILE *txt, const char *s)
{
	char line[GBA_MAIL_COLS + 1];

	if (strlen(s) > GBA_MAIL_COLS)
		snprintf(line, sizeof(line), "%.*s...", GBA_MAIL_COLS - 3, s);
	else
		snprintf(line, sizeof(line), "%s", s);
	mail_clean(line);
	fprintf(txt, "%s\n", line);
}

static void change(char *buf, size_t len, double a, double b, bool percent)
{
	if (isnan(a) || isnan(b))
		snprintf(buf, len, "-");
	else if (percent)
		snprintf(buf, len, "%+.0fpp", 100 * (b - a));
	/*
	 * Relative only on a base of at least one a call: 0.00465 -> 1.67
	 * works is "+1.67", not "+35733.3%" (one event in 216 calls as base).
	 */
	else if (fabs(a) >= 1)
		snprintf(buf, len, "%+.1f%%", 100 * (b - a) / fabs(a));
	else if (fabs(b - a) > 1e-9)
		snprintf(buf, len, "%+.3g", b - a);
	else
		snprintf(buf, len, "0");
}

/* S folded at spaces into the mail's columns, the rest indented by two. */
static void put_folded(FILE *txt, const char *s)
{
	char line[GBA_MAIL_COLS + 1];
	size_t width = GBA_MAIL_COLS, cut;
	const char *indent = "";

	while (strlen(s) + strlen(indent) > GBA_MAIL_COLS) {
		width = GBA_MAIL_COLS - strlen(indent);
		for (cut = width; cut > 0 && s[cut] != ' '; cut--)
			;
		if (!cut)
			break;	/* one word too long: put_line cuts it */
		snprintf(line, sizeof(line), "%s%.*s", indent, (int)cut, s);
		put_line(txt, line);
		s += cut + 1;
		indent = "  ";
	}
	snprintf(line, sizeof(line), "%s%s", indent, s);
	put_line(txt, line);
}

/* Each kernel once: its release and the source that built it. */
static void kernel_lines(const struct gba_hl_ctx *x, FILE *txt)
{
	char line[640];
	int i, j;

	for (i = 0; i < x->r->nr_runs; i++) {
		const struct gba_run *r = &x->r->runs[i];

		for (j = 0; j < i; j++)
			if (!strcmp(x->r->runs[j].release, r->release) &&
			    !strcmp(x->r->runs[j].source, r->source))
				break;
		if (j < i)
			continue;
		snprintf(line, sizeof(line), "kernel %s%s%s, %s", r->label ? r->label : "",
			 r->label ? " " : "", r->release, r->source);
		put_folded(txt, line);
	}
}

/* The conclusions as plain text, folded into the mail's columns. */
static void mail_conclusions(const struct gba_hl_ctx *x, FILE *txt)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	gba_hl_conclusions(x, m, false);
	if (fclose(m)) {
		free(buf);
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		put_folded(txt, line);
	free(buf);
}

/* How many calls, runs (boots) and calls left out, and the first reason. */
static void calls_line(const struct gba_hl_ctx *x, FILE *txt)
{
	char line[640];
	size_t out = 0;
	const char *why = "";
	int i;

	for (i = 0; i < x->r->nr_runs; i++) {
		out += x->r->runs[i].excluded;
		if (!why[0] && x->r->runs[i].excluded)
			why = x->r->runs[i].excluded_first;
	}
	snprintf(line, sizeof(line), "calls %zu in %d boot(s); %zu left out%s%s%s", x->r->nr_calls,
		 x->r->nr_runs, out, out ? " (the first: " : "", why, out ? ")" : "");
	put_folded(txt, line);
}

/* The gate's verdict in one line, from the same table as the rest. */
static void gate_line(const struct gba_hl_ctx *x, FILE *txt)
{
	size_t cases[GBA_C_NR] = { 0 }, i;
	char line[256];

	if (!x->v) {
		put_line(txt, "gate: not run");
		return;
	}
	for (i = 0; i < x->nsub; i++)
		if (x->sub[i].cv >= 0)
			cases[x->sub[i].cv]++;
	snprintf(line, sizeof(line), "gate: %s: cases %zu regressed, %zu fixed at a price, %zu improved, %zu undecided, %zu same",
		 x->v->code == 1 ? "FAIL" : x->v->code == 3 ? "INCONCLUSIVE" : x->v->code == 0 ? "pass" : "not run",
		 cases[GBA_C_REGRESSED], cases[GBA_C_FIXED], cases[GBA_C_IMPROVED],
		 cases[GBA_C_INCONCLUSIVE], cases[GBA_C_SAME]);
	put_folded(txt, line);
}

void gba_hl_mail(const struct gba_hl_ctx *x, FILE *txt)
{
	char line[512], a[32], b[32], c[32], na[16], nb[16], m[32];
	size_t i;
	int h, k;

	snprintf(line, sizeof(line), "gupbench: %s (new) against %s (old)", x->s->name_b, x->s->name_a);
	put_folded(txt, line);
	fputc('\n', txt);
	mail_conclusions(x, txt);
	fputc('\n', txt);
	/* The columns' heads: "base"/"cand" in a kernel gate, else the policies. */
	snprintf(na, sizeof(na), "%.10s", x->s->label_a ? x->s->label_a : x->s->name_a);
	snprintf(nb, sizeof(nb), "%.10s", x->s->label_b ? x->s->label_b : x->s->name_b);
	mail_clean(na);
	mail_clean(nb);
	fprintf(txt, "%-26s %11s %11s %10s\n", "", na, nb, "change");
	for (i = 0; i < x->nrow; i++) {
		const struct gba_hrow *w = &x->row[i];

		snprintf(line, sizeof(line), "%s (%s%sn=%zu/%zu)", w->label, w->over,
			 w->over[0] ? "; " : "", w->calls[0], w->calls[1]);
		put_folded(txt, line);
		for (h = 0; h < GBA_H_NR; h++) {
			/* Nothing on either side: nothing to read (said below). */
			if (!shown(x, h) || (fabs(w->mean[0][h]) < 5e-4 && fabs(w->mean[1][h]) < 5e-4))
				continue;
			/* Not counted on either side (an older file): the window's shows. */
			if (isnan(w->mean[0][h]) && isnan(w->mean[1][h]) && beside_of(w, h, 0) < 0)
				continue;
			gba_hl_fmt(a, sizeof(a), w->mean[0][h], hm_info[h].percent);
			gba_hl_fmt(b, sizeof(b), w->mean[1][h], hm_info[h].percent);
			change(c, sizeof(c), w->mean[0][h], w->mean[1][h], hm_info[h].percent);
			row_mark_text(w, h, m, sizeof(m));
			fprintf(txt, "  %-24s %11.11s %11.11s %10.10s %s\n", hm_info[h].txt, a, b, c, m);
			/* What else ran in the window, or drained, under the pin's own. */
			for (k = beside_of(w, h, 0); k >= 0; k = beside_of(w, h, k)) {
				gba_hl_fmt(a, sizeof(a), w->mean[0][k], false);
				gba_hl_fmt(b, sizeof(b), w->mean[1][k], false);
				change(c, sizeof(c), w->mean[0][k], w->mean[1][k], false);
				fprintf(txt, "  %-24s %11.11s %11.11s %10.10s\n", hm_info[k].txt, a, b, c);
			}
		}
	}
	fputc('\n', txt);
	put_line(txt, "means per call; marks are the gate's (report.md, Appendix B): better,");
	put_line(txt, "worse, price (of fewer failures), saving (a local drain for all-CPU work),");
	put_line(txt, "? (undecided), with 3/6 where only some of the row's cases had it; a");
	put_line(txt, "metric 0 on both sides is left out; the change is relative");
	put_line(txt, "where old is at least 1 a call, else new - old (pp for rates); works and");
	put_line(txt, "IPIs are the pin's own (queued or sent by the pinning task); each case's");
	put_line(txt, "95% interval, test and calls: report.md, Appendix B");
	if (x->tcg) {
		put_line(txt, x->nested_tcg ?
			 "accel kvm, nested-emulated (KVM on a TCG host): counts only, times not compared" :
			 "emulated (TCG): counts only, times not compared");
		/* metrics.def's PRIMARY_NATIVE: the gate names them too. */
		put_line(txt, "the pin's IPIs shown, not gated: emulated, they follow vCPU timing");
	}
	kernel_lines(x, txt);
	if (x->s->policy_a && x->s->policy_b) {
		snprintf(line, sizeof(line), "policies %s and %s: settings of one patched kernel's drain-policy switch (debugfs), so %s is the old check on a kernel with the rest of the new code, not the old kernel",
			 x->s->policy_b, x->s->policy_a, x->s->policy_a);
		put_folded(txt, line);
	}
	calls_line(x, txt);
	if (x->lonely) {
		snprintf(line, sizeof(line), "%zu case(s) measured on one side only: not in this table", x->lonely);
		put_line(txt, line);
	}
	gate_line(x, txt);
}

/* The CPU counts the cases of the headline ran at, ascending; how many. */
static int cpu_counts(const struct gba_hl_ctx *x, int *cpus, int cap)
{
	size_t i;
	int n = 0, k, j, c;

	for (i = 0; i < x->nsub; i++) {
		c = x->sub[i].first->cpus;
		for (k = 0; k < n && cpus[k] != c; k++)
			;
		if (k < n || n == cap)
			continue;
		for (j = n++; j > 0 && cpus[j - 1] > c; j--)
			cpus[j] = cpus[j - 1];
		cpus[j] = c;
	}
	return n;
}

/*
 * The scaling the study exists to show: the drain works the pin queued
 * per call at each count of CPUs holding a batch, per headline row,
 * where pooling over CPU counts would hide it.
 */
static void works_by_cpus(const struct gba_hl_ctx *x, FILE *md)
{
	char a[32], b[32];
	int cpus[16], n = cpu_counts(x, cpus, 16), k;
	size_t i;

	if (n < 2)
		return;
	fputs("\nDrain works the pin queued per call, old -> new, by the CPUs the scenario filled a batch on (other CPUs may hold batches of their own):\n\n| scenario | over |", md);
	for (k = 0; k < n; k++)
		fprintf(md, " %d CPU%s |", cpus[k], cpus[k] == 1 ? "" : "s");
	fputs("\n|---|---|", md);
	for (k = 0; k < n; k++)
		fputs("---|", md);
	fputc('\n', md);
	for (i = 0; i < x->nrow; i++) {
		const struct gba_hrow *w = &x->row[i];

		row_start(md, w);
		for (k = 0; k < n; k++) {
			double va = gba_hl_mean(x, w->subs, w->n, 0, GBA_H_WORKS, cpus[k]);
			double vb = gba_hl_mean(x, w->subs, w->n, 1, GBA_H_WORKS, cpus[k]);

			gba_hl_fmt(a, sizeof(a), va, false);
			gba_hl_fmt(b, sizeof(b), vb, false);
			if (isnan(va) && isnan(vb))
				fputs(" - |", md);
			else
				fprintf(md, " %s -> %s |", a, b);
		}
		fputc('\n', md);
	}
}

void gba_hl_markdown(const struct gba_hl_ctx *x, FILE *md)
{
	gba_hl_conclusions(x, md, true);
	fputs("\nPer scenario, old -> new, means per call over the calls that met their conditions; a row pools the pinners, placements and CPU counts it names only where the gate judged them alike. **Bold**: what the gate decided, and what it was (better, worse, the price of fewer failures, or a saving: a local drain in place of all-CPU work). Works and IPIs are the pin's own: queued or sent by the pinning task.", md);
	if (x->tcg)
		fputs(x->nested_tcg ?
		      " Accel kvm, nested-emulated (KVM on a TCG host): times are left out here (the charts show them, marked), the counts are exact." :
		      " Emulated (QEMU TCG): times are left out, the counts are exact.", md);
	fputs("\n\n", md);
	md_table(x, md);
	works_by_cpus(x, md);
	if (x->lonely)
		fprintf(md, "\n%zu case(s) were measured on one side only and are not in the headline.\n",
			x->lonely);
}

/*
 * headline.tsv: each headline row's cases with the gate's decisions, so
 * what the headline and its sentences say can be checked against what
 * the gate decided (analysis/tests/sentences.sh).
 */
static void hl_tsv(const struct gba_hl_ctx *x, FILE *tsv)
{
	size_t i, k;
	int h;

	fputs("row\tcase\tcase_verdict\tmetric\tverdict\n", tsv);
	for (i = 0; i < x->nrow; i++) {
		const struct gba_hrow *w = &x->row[i];

		for (k = 0; k < w->n; k++) {
			const struct gba_hl_sub *s = &x->sub[w->subs[k]];

			for (h = 0; h < GBA_H_NR; h++)
				fprintf(tsv, "%s\t%s\t%s\t%s\t%s\n", w->label, s->first->key,
					s->cv >= 0 ? gba_case_verdict_name[s->cv] : "-",
					hm_info[h].txt, s->v[h] < GBA_V_NR ? gba_verdict_name[s->v[h]] : "-");
		}
	}
}

void gba_headline(const struct gba_results *r, const struct gba_sides *s,
		  const struct gba_cmp_opts *o, const struct gba_verdicts *v,
		  FILE *md, FILE *txt, FILE *tsv)
{
	struct gba_hl_ctx x = { .r = r, .s = s, .o = o, .v = v };

	if (gba_hl_build(&x)) {
		if (md)
			fputs("The headline could not be made: out of memory.\n", md);
		gba_hl_free(&x);
		return;
	}
	if (!x.nrow) {
		if (md)
			fputs("Nothing was measured on both sides: no headline.\n", md);
		if (txt)
			fputs("gupbench: nothing was measured on both sides\n", txt);
		gba_hl_free(&x);
		return;
	}
	if (md)
		gba_hl_markdown(&x, md);
	if (txt)
		gba_hl_mail(&x, txt);
	if (tsv)
		hl_tsv(&x, tsv);
	gba_hl_free(&x);
}
