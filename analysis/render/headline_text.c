// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../escape.h"
#include "headline_int.h"
#include "../../bench/lib/terminal.h"

static void fmt_value(char *buf, size_t len, double v, bool percent)
{
	if (isnan(v))
		snprintf(buf, len, "null");
	else if (percent)
		snprintf(buf, len, "%.0f%%", 100 * v);
	else
		snprintf(buf, len, "%.3g", fabs(v) < 5e-4 ? 0.0 : v);
}

static bool shown(const struct ctx *x, int h)
{
	return h != H_DRAIN_US || !x->tcg;
}

static bool picked(const struct hrow *w, int h, int d, int unless_up)
{
	return w->dir[h] == d && (unless_up < 0 || w->dir[unless_up] != 1);
}

/*
 * "fresh, thp and shared": rows whose metric h moved in direction d
 * (and, unless_up >= 0, whose metric unless_up did not rise).
 */
static int list_rows(const struct ctx *x, int h, int d, int unless_up, char *out,
		     size_t len, size_t *first)
{
	size_t i, off = 0;
	int n = 0, total = 0;

	for (i = 0; i < x->nrow; i++)
		total += picked(&x->row[i], h, d, unless_up);
	out[0] = '\0';
	for (i = 0; i < x->nrow && off < len; i++) {
		if (!picked(&x->row[i], h, d, unless_up))
			continue;
		if (!n)
			*first = i;
		n++;
		if (n > 3) {
			off += (size_t)snprintf(out + off, len - off, " and %d more", total - 3);
			break;
		}
		off += (size_t)snprintf(out + off, len - off, "%s%s",
					n == 1 ? "" : n == total ? " and " : ", ",
					x->row[i].label_md);
	}
	return total;
}

/* "4 -> 0 per call at 4 CPUs": the row's largest CPU count, both sides. */
static void at_most_cpus(const struct ctx *x, const struct hrow *w, int h,
			 char *out, size_t len)
{
	char a[32], b[32];
	int cpus = 0;
	size_t i;

	for (i = 0; i < w->n; i++)
		if (x->sub[w->subs[i]].first->cpus > cpus)
			cpus = x->sub[w->subs[i]].first->cpus;
	fmt_value(a, sizeof(a), gba_hl_mean(x, w->subs, w->n, 0, (enum hm)h, cpus), hm_info[h].percent);
	fmt_value(b, sizeof(b), gba_hl_mean(x, w->subs, w->n, 1, (enum hm)h, cpus), hm_info[h].percent);
	snprintf(out, len, "%s -> %s per call at %d CPU%s", a, b, cpus, cpus == 1 ? "" : "s");
}

static void pair(const struct hrow *w, int h, char *out, size_t len)
{
	char a[32], b[32];

	fmt_value(a, sizeof(a), w->mean[0][h], hm_info[h].percent);
	fmt_value(b, sizeof(b), w->mean[1][h], hm_info[h].percent);
	snprintf(out, len, "%s -> %s", a, b);
}

/*
 * At most five sentences, most important first.  What comes from
 * results files (names, labels) is escaped before it is put in.
 */
static void sentences(const struct ctx *x, FILE *md)
{
	char a[256], b[256], rows[1024], nums[96];
	size_t first = 0, i;
	int said = 0;

#define SAY(...) do { if (said < 5) { fputs("- ", md); fprintf(md, __VA_ARGS__); \
	fputc('\n', md); said++; } } while (0)
	gba_md_str(a, sizeof(a), x->s->name_a);
	gba_md_str(b, sizeof(b), x->s->name_b);
	if (list_rows(x, H_FAIL, -1, -1, rows, sizeof(rows), &first)) {
		pair(&x->row[first], H_FAIL, nums, sizeof(nums));
		SAY("%s prevents the pin failures of %s (%s).", b, rows, nums);
	}
	if (list_rows(x, H_FAIL, 1, -1, rows, sizeof(rows), &first)) {
		pair(&x->row[first], H_FAIL, nums, sizeof(nums));
		SAY("%s fails pins %s does not on %s (%s).", b, a, rows, nums);
	}
	if (list_rows(x, H_MISSED, 1, -1, rows, sizeof(rows), &first)) {
		pair(&x->row[first], H_MISSED, nums, sizeof(nums));
		SAY("%s misses drains %s makes on %s (%s of calls).", b, a, rows, nums);
	}
	if (list_rows(x, H_WORKS, -1, -1, rows, sizeof(rows), &first)) {
		at_most_cpus(x, &x->row[first], H_WORKS, nums, sizeof(nums));
		SAY("%s saves drain works on %s (%s on %s).", b, rows, nums, x->row[first].label_md);
	}
	if (list_rows(x, H_WASTED_ALL, 1, -1, rows, sizeof(rows), &first)) {
		const struct hrow *w = &x->row[first];

		pair(w, H_WASTED_ALL, nums, sizeof(nums));
		if (w->mean[0][H_WASTED_ALL] < 0.01 && w->mean[1][H_WASTED_ALL] > 0.99)
			SAY("%s runs a wasted all-CPU drain on every %s pin (%s per call), with its works and IPIs.",
			    b, rows, nums);
		else
			SAY("%s runs more wasted all-CPU drains on %s (%s per call).", b, rows, nums);
	}
	if (list_rows(x, H_WASTED_ALL, -1, -1, rows, sizeof(rows), &first)) {
		pair(&x->row[first], H_WASTED_ALL, nums, sizeof(nums));
		SAY("%s avoids the wasted all-CPU drains of %s on %s (%s per call).", b, a, rows, nums);
	}
	if (list_rows(x, H_WORKS, 1, -1, rows, sizeof(rows), &first)) {
		at_most_cpus(x, &x->row[first], H_WORKS, nums, sizeof(nums));
		SAY("%s queues more drain works on %s (%s on %s).", b, rows, nums, x->row[first].label_md);
	}
	/* The cheap one: a local drain first, the all-CPU one still needed. */
	if (list_rows(x, H_WASTED_LOCAL, 1, H_WASTED_ALL, rows, sizeof(rows), &first)) {
		pair(&x->row[first], H_WASTED_LOCAL, nums, sizeof(nums));
		SAY("%s's local drain comes first and is not enough on %s: a wasted local drain (%s per call), which costs the pinning CPU alone, and no wasted all-CPU drain.",
		    b, rows, nums);
	}
	for (i = 0; i < x->nrow; i++)
		if (x->row[i].dir[H_FAIL] == 0 && x->row[i].mean[0][H_FAIL] > 0.99 &&
		    x->row[i].mean[1][H_FAIL] > 0.99)
			break;
	if (i < x->nrow)
		SAY("Both fail every %s pin: what holds the pages is not a batch reference %s.",
		    x->row[i].label_md,
		    x->row[i].mean[0][H_MISSED] < 0.01 && x->row[i].mean[1][H_MISSED] < 0.01 ?
		    "(no missed drains: the retry after a full drain fails too)" : "");
	if (!said)
		SAY("%s and %s do the same on every count here.", b, a);
#undef SAY
}

static void md_table(const struct ctx *x, FILE *md)
{
	char a[32], b[32];
	size_t i;
	int h;

	fputs("| scenario | over | calls (old/new) |", md);
	for (h = 0; h < H_NR; h++)
		if (shown(x, h))
			fprintf(md, " %s |", hm_info[h].name);
	fputs("\n|---|---|---|", md);
	for (h = 0; h < H_NR; h++)
		if (shown(x, h))
			fputs("---|", md);
	fputc('\n', md);
	for (i = 0; i < x->nrow; i++) {
		const struct hrow *w = &x->row[i];

		fputs("| ", md);
		gba_md(md, w->label);
		fputs(" | ", md);
		gba_md(md, w->over);
		fprintf(md, " | %zu/%zu |", w->calls[0], w->calls[1]);
		for (h = 0; h < H_NR; h++) {
			if (!shown(x, h))
				continue;
			fmt_value(a, sizeof(a), w->mean[0][h], hm_info[h].percent);
			fmt_value(b, sizeof(b), w->mean[1][h], hm_info[h].percent);
			/* A change beyond the threshold or floor stands out. */
			fprintf(md, w->dir[h] == 1 || w->dir[h] == -1 ? " **%s -> %s** |" : " %s -> %s |",
				a, b);
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
static void kernel_lines(const struct ctx *x, FILE *txt)
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

void gba_hl_mail(const struct ctx *x, FILE *txt)
{
	char line[512], a[32], b[32], c[32], na[16], nb[16];
	size_t i;
	int h;

	snprintf(line, sizeof(line), "gupbench: %s (new) against %s (old)", x->s->name_b, x->s->name_a);
	put_line(txt, line);
	kernel_lines(x, txt);
	if (x->tcg)
		put_line(txt, "emulated (TCG): counts only, times not compared");
	snprintf(line, sizeof(line), "* permutation test p < %.2g per row (uncorrected) and a change beyond",
		 x->o->alpha);
	put_line(txt, line);
	snprintf(line, sizeof(line), "  max(%.0f%% of old, the metric's floor); the gate in report.md is the test",
		 x->o->threshold * 100);
	put_line(txt, line);
	put_line(txt, "a metric that is 0 on both sides is left out of its scenario; the change is");
	put_line(txt, "relative where old is at least 1 a call, else new - old (pp for rates)");
	fputc('\n', txt);
	snprintf(na, sizeof(na), "%.10s", x->s->name_a);
	snprintf(nb, sizeof(nb), "%.10s", x->s->name_b);
	mail_clean(na);
	mail_clean(nb);
	fprintf(txt, "%-26s %11s %11s %10s\n", "", na, nb, "change");
	for (i = 0; i < x->nrow; i++) {
		const struct hrow *w = &x->row[i];

		snprintf(line, sizeof(line), "%s (%s; n=%zu/%zu)", w->label, w->over,
			 w->calls[0], w->calls[1]);
		put_line(txt, line);
		for (h = 0; h < H_NR; h++) {
			bool sig;

			/* Nothing on either side: nothing to read (said above). */
			if (!shown(x, h) || (fabs(w->mean[0][h]) < 5e-4 && fabs(w->mean[1][h]) < 5e-4))
				continue;
			fmt_value(a, sizeof(a), w->mean[0][h], hm_info[h].percent);
			fmt_value(b, sizeof(b), w->mean[1][h], hm_info[h].percent);
			change(c, sizeof(c), w->mean[0][h], w->mean[1][h], hm_info[h].percent);
			sig = w->dir[h] == 1 || w->dir[h] == -1;
			fprintf(txt, "  %-24s %11.11s %11.11s %10.10s%s\n", hm_info[h].txt, a, b, c,
				sig ? " *" : "");
		}
	}
	if (x->lonely)
		fprintf(txt, "\n%zu case(s) measured on one side only: not in this table.\n", x->lonely);
}

void gba_hl_markdown(const struct ctx *x, FILE *md)
{
	fputs("Per scenario, old -> new, means per call over the calls that met their conditions; one row pools the placements and CPU counts named where they point the same way, and splits them where they do not. **Bold**: a change beyond the gate's threshold (or the metric's floor: 1 IPI per call) that a permutation test finds at the gate's alpha (uncorrected: the gate is the test).", md);
	if (x->tcg)
		fputs(" Emulated (QEMU TCG): times are left out, the counts are exact.", md);
	fputs("\n\n", md);
	md_table(x, md);
	fputc('\n', md);
	sentences(x, md);
	if (x->lonely)
		fprintf(md, "\n%zu case(s) were measured on one side only and are not in the headline.\n",
			x->lonely);
}

void gba_headline(const struct gba_results *r, const struct gba_sides *s,
		  const struct gba_cmp_opts *o, FILE *md, FILE *txt)
{
	struct ctx x = { .r = r, .s = s, .o = o };

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
	gba_hl_free(&x);
}
