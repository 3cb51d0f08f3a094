// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../escape.h"
#include "headline.h"
#include "../stats/stats.h"
#include "../../bench/lib/terminal.h"

/* What the headline shows, in the order who-wins decides on it. */
enum hm { H_FAIL, H_MISSED, H_WASTED_ALL, H_WORKS, H_IPIS, H_WASTED_LOCAL,
	  H_DRAIN_US, H_NR };

static const struct {
	const char *name;	/* the Markdown column */
	const char *txt;	/* the mail table's row: at most 24 columns */
	enum gba_metric m;
	bool percent;
} hm_info[H_NR] = {
	[H_FAIL] = { "pins failed", "pins failed", GBA_PIN_FAILED, true },
	[H_MISSED] = { "missed drains", "missed drains", GBA_MISSED, true },
	[H_WASTED_ALL] = { "wasted all-CPU drains per call", "wasted all-CPU drains",
			   GBA_WASTED_ALL, false },
	[H_WORKS] = { "drain works per call", "drain works", GBA_WORKS_PER_DRAIN, false },
	[H_IPIS] = { "IPIs per call", "IPIs", GBA_IPIS_PER_CALL, false },
	[H_WASTED_LOCAL] = { "wasted local drains per call", "wasted local drains",
			     GBA_WASTED_LOCAL, false },
	[H_DRAIN_US] = { "us in lru_add_drain_all per call", "us in drain_all",
			 GBA_DRAIN_ALL_US, false },
};

#define DIR_UNKNOWN	2

/* One case (pinner/placement/scenario/cpus/size), each side's calls. */
struct sub {
	const struct gba_call *first;
	const struct gba_call **c[2];
	size_t n[2];
	int dir[H_NR];		/* b against a: -1, 0 (within tolerance), +1 */
};

/* A headline row: one scenario, pooled over some of its cases. */
struct hrow {
	char label[128], over[128];	/* plain text, cleaned */
	char label_md[256];		/* the label as Markdown text */
	size_t *subs, n;
	double mean[2][H_NR];
	size_t calls[2];
	int dir[H_NR];
	double p[H_NR];			/* permutation test, uncorrected */
};

struct ctx {
	const struct gba_results *r;
	const struct gba_sides *s;
	const struct gba_cmp_opts *o;
	bool tcg;
	struct sub *sub;
	size_t nsub, lonely;
	struct hrow *row;
	size_t nrow;
};

static bool on_side(const struct ctx *x, const struct gba_call *c, int side)
{
	const char *label = side ? x->s->label_b : x->s->label_a;
	const char *policy = side ? x->s->policy_b : x->s->policy_a;
	const char *run_label = x->r->runs[c->run].label;

	if (label && (!run_label || strcmp(run_label, label)))
		return false;
	return !policy || (c->policy && !strcmp(c->policy, policy));
}

/* The per-call values of h over some cases' calls on one side. */
static double *values(const struct ctx *x, const size_t *subs, size_t n,
		      int side, enum hm h, int cpus, size_t *nv)
{
	size_t i, k, cap = 1;
	double *v;

	for (i = 0; i < n; i++)
		cap += x->sub[subs[i]].n[side];
	v = malloc(cap * sizeof(*v));
	*nv = 0;
	if (!v)
		return NULL;
	if (h == H_DRAIN_US && x->tcg)
		return v;
	for (i = 0; i < n; i++) {
		const struct sub *s = &x->sub[subs[i]];

		if (cpus >= 0 && s->first->cpus != cpus)
			continue;
		for (k = 0; k < s->n[side]; k++)
			if (!isnan(s->c[side][k]->num[hm_info[h].m]))
				v[(*nv)++] = s->c[side][k]->num[hm_info[h].m];
	}
	return v;
}

static double mean_of(const struct ctx *x, const size_t *subs, size_t n,
		      int side, enum hm h, int cpus)
{
	size_t nv;
	double *v = values(x, subs, n, side, h, cpus, &nv), m;

	m = v && nv ? gba_mean(v, nv) : NAN;
	free(v);
	return m;
}

/*
 * Which way b moved from a over some cases: beyond the gate's threshold
 * and the metric's floor, and found by a permutation test at alpha
 * (uncorrected: a reading aid; the gate is the test).  Fills each
 * side's mean and the p-value.
 */
static int judge(const struct ctx *x, const size_t *subs, size_t n, enum hm h,
		 double *mean, double *p)
{
	size_t na, nb;
	double *a = values(x, subs, n, 0, h, -1, &na);
	double *b = values(x, subs, n, 1, h, -1, &nb);
	const char *method;
	double tol, diff;
	int dir = DIR_UNKNOWN;

	mean[0] = a && na ? gba_mean(a, na) : NAN;
	mean[1] = b && nb ? gba_mean(b, nb) : NAN;
	*p = a && b && na && nb ? gba_perm_test(a, na, b, nb, gba_stat_mean, 2000, &method) : 1.0;
	if (!isnan(mean[0]) && !isnan(mean[1])) {
		tol = fmax(fmax(x->o->threshold * fabs(mean[0]),
				gba_metrics[hm_info[h].m].floor), 1e-9);
		diff = mean[1] - mean[0];
		dir = fabs(diff) <= tol || *p >= x->o->alpha ? 0 : diff > 0 ? 1 : -1;
	}
	free(a);
	free(b);
	return dir;
}

static int add_call(struct ctx *x, const struct gba_call *c, int side)
{
	struct sub *s = NULL;
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

/* Cases that point opposite ways on some metric cannot share a row. */
static bool agree(const struct ctx *x, const size_t *subs, size_t n)
{
	int h;
	size_t i;

	for (h = 0; h < H_NR; h++) {
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

/* "movable, cma" or "1, 2, 4": the distinct values, in order seen. */
static void distinct(const struct ctx *x, const size_t *subs, size_t n,
		     bool cpus, char *out, size_t len)
{
	size_t i, j, off = 0;

	out[0] = '\0';
	for (i = 0; i < n && off < len; i++) {
		const struct gba_call *c = x->sub[subs[i]].first;

		for (j = 0; j < i; j++)
			if (cpus ? x->sub[subs[j]].first->cpus == c->cpus :
				   !strcmp(x->sub[subs[j]].first->placement, c->placement))
				break;
		if (j < i)
			continue;
		if (cpus)
			off += (size_t)snprintf(out + off, len - off, "%s%d", off ? ", " : "", c->cpus);
		else
			off += (size_t)snprintf(out + off, len - off, "%s%s", off ? ", " : "", c->placement);
	}
}

static int add_row(struct ctx *x, const size_t *subs, size_t n,
		   const char *qualifier, bool say_place, bool say_cpus)
{
	char place[96], cpus[64];
	struct hrow *w;
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
	distinct(x, subs, n, false, place, sizeof(place));
	distinct(x, subs, n, true, cpus, sizeof(cpus));
	snprintf(w->label, sizeof(w->label), "%s%s", x->sub[subs[0]].first->scenario,
		 qualifier);
	snprintf(w->over, sizeof(w->over), "%s%s%s%s", say_place ? place : "",
		 say_place && say_cpus ? "; " : "", say_cpus ? cpus : "",
		 say_cpus ? (strcmp(cpus, "1") ? " CPUs" : " CPU") : "");
	gb_text_clean(w->label);
	gb_text_clean(w->over);
	gba_md_str(w->label_md, sizeof(w->label_md), w->label);
	for (side = 0; side < 2; side++)
		for (size_t i = 0; i < n; i++)
			w->calls[side] += x->sub[subs[i]].n[side];
	for (h = 0; h < H_NR; h++) {
		double mean[2];

		w->dir[h] = judge(x, subs, n, (enum hm)h, mean, &w->p[h]);
		w->mean[0][h] = mean[0];
		w->mean[1][h] = mean[1];
	}
	return 0;
}

/*
 * A scenario's rows: one over all its cases where they agree, else one
 * per CPU count, else one per placement (each agreeing), else one per
 * case.
 */
static int scenario_rows(struct ctx *x, const size_t *subs, size_t n)
{
	size_t *part = malloc(n * sizeof(*part)), i, j, np;
	char q[160];
	int by, ok = 0;

	if (!part)
		return -1;
	if (agree(x, subs, n)) {
		free(part);
		return add_row(x, subs, n, "", true, true);
	}
	for (by = 0; by < 2; by++) {
		bool all_agree = true;

		/* by 0: CPU count; by 1: placement. */
		for (i = 0; i < n && all_agree; i++) {
			const struct gba_call *ci = x->sub[subs[i]].first;

			for (np = 0, j = 0; j < n; j++) {
				const struct gba_call *cj = x->sub[subs[j]].first;

				if (by ? !strcmp(ci->placement, cj->placement) : ci->cpus == cj->cpus)
					part[np++] = subs[j];
			}
			all_agree = agree(x, part, np);
		}
		if (!all_agree)
			continue;
		for (i = 0; i < n && !ok; i++) {
			const struct gba_call *ci = x->sub[subs[i]].first;
			bool first = true;

			for (np = 0, j = 0; j < n; j++) {
				const struct gba_call *cj = x->sub[subs[j]].first;

				if (by ? !strcmp(ci->placement, cj->placement) : ci->cpus == cj->cpus) {
					first &= j >= i;
					part[np++] = subs[j];
				}
			}
			if (!first)
				continue;
			if (by)
				snprintf(q, sizeof(q), " in %s", ci->placement);
			else
				snprintf(q, sizeof(q), " at %d CPU%s", ci->cpus, ci->cpus == 1 ? "" : "s");
			ok = add_row(x, part, np, q, !by, !!by);
		}
		free(part);
		return ok;
	}
	for (i = 0; i < n && !ok; i++) {
		const struct gba_call *c = x->sub[subs[i]].first;

		snprintf(q, sizeof(q), " in %s at %d CPU%s", c->placement, c->cpus,
			 c->cpus == 1 ? "" : "s");
		ok = add_row(x, &subs[i], 1, q, false, false);
	}
	free(part);
	return ok;
}

static int build(struct ctx *x)
{
	size_t i, j, *subs;
	double mean[2], p;
	int side, h;

	for (i = 0; i < (size_t)x->r->nr_runs; i++)
		x->tcg |= x->r->runs[i].tcg;
	for (i = 0; i < x->r->nr_calls; i++)
		for (side = 0; side < 2; side++)
			if (on_side(x, &x->r->calls[i], side) &&
			    add_call(x, &x->r->calls[i], side))
				return -1;
	for (i = 0; i < x->nsub; i++) {
		size_t one = i;

		if (!x->sub[i].n[0] || !x->sub[i].n[1]) {
			x->lonely++;
			continue;
		}
		for (h = 0; h < H_NR; h++)
			x->sub[i].dir[h] = judge(x, &one, 1, (enum hm)h, mean, &p);
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
	fmt_value(a, sizeof(a), mean_of(x, w->subs, w->n, 0, (enum hm)h, cpus), hm_info[h].percent);
	fmt_value(b, sizeof(b), mean_of(x, w->subs, w->n, 1, (enum hm)h, cpus), hm_info[h].percent);
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
	else if (fabs(a) > 1e-9)
		snprintf(buf, len, "%+.1f%%", 100 * (b - a) / fabs(a));
	else if (fabs(b) > 1e-9)
		snprintf(buf, len, "%+.3g", b);
	else
		snprintf(buf, len, "0");
}

static void mail(const struct ctx *x, FILE *txt)
{
	char line[512], a[32], b[32], c[32], na[16], nb[16];
	size_t i;
	int h;

	snprintf(line, sizeof(line), "gupbench: %s (new) against %s (old)", x->s->name_b, x->s->name_a);
	put_line(txt, line);
	snprintf(line, sizeof(line), "kernel %s%s", x->r->nr_runs ? x->r->runs[0].release : "?",
		 x->tcg ? "; emulated (TCG): counts only, times not compared" : "");
	put_line(txt, line);
	snprintf(line, sizeof(line), "* permutation test p < %.2g per row (uncorrected) and a change beyond",
		 x->o->alpha);
	put_line(txt, line);
	snprintf(line, sizeof(line), "  max(%.0f%% of old, the metric's floor); the gate in report.md is the test",
		 x->o->threshold * 100);
	put_line(txt, line);
	put_line(txt, "a metric that is 0 on both sides is left out of its scenario");
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

static void free_ctx(struct ctx *x)
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

void gba_headline(const struct gba_results *r, const struct gba_sides *s,
		  const struct gba_cmp_opts *o, FILE *md, FILE *txt)
{
	struct ctx x = { .r = r, .s = s, .o = o };

	if (build(&x)) {
		if (md)
			fputs("The headline could not be made: out of memory.\n", md);
		free_ctx(&x);
		return;
	}
	if (!x.nrow) {
		if (md)
			fputs("Nothing was measured on both sides: no headline.\n", md);
		if (txt)
			fputs("gupbench: nothing was measured on both sides\n", txt);
		free_ctx(&x);
		return;
	}
	if (md) {
		fputs("Per scenario, old -> new, means per call over the calls that met their conditions; one row pools the placements and CPU counts named where they point the same way, and splits them where they do not. **Bold**: a change beyond the gate's threshold (or the metric's floor: 1 IPI per call) that a permutation test finds at the gate's alpha (uncorrected: the gate is the test).", md);
		if (x.tcg)
			fputs(" Emulated (QEMU TCG): times are left out, the counts are exact.", md);
		fputs("\n\n", md);
		md_table(&x, md);
		fputc('\n', md);
		sentences(&x, md);
		if (x.lonely)
			fprintf(md, "\n%zu case(s) were measured on one side only and are not in the headline.\n",
				x.lonely);
	}
	if (txt)
		mail(&x, txt);
	free_ctx(&x);
}
