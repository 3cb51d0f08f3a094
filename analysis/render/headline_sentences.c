// SPDX-License-Identifier: GPL-2.0
/*
 * The conclusions a reviewer reads first, one sentence per case verdict
 * of the gate: what was fixed and at what price, what improved, what
 * regressed, and the rest.  Every claim is made of rows whose cases the
 * gate judged alike (headline_rows.c pools only those), and a metric is
 * named only where every row named decided it the same way, so each
 * sentence is true of every case it names (analysis/tests/sentences.sh
 * checks it against headline.tsv).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../escape.h"
#include "headline_int.h"

#define MAX_NAMED	4

/* printf onto out[*off..len): never past the end, however long it gets. */
static void append(char *out, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off + 1 >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(out + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off = *off + (size_t)n < len ? *off + (size_t)n : len - 1;
}

/* The rows of one case verdict; n of them, at most cap kept. */
static size_t rows_of(const struct gba_hl_ctx *x, int cv, size_t *idx, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < x->nrow; i++)
		if (x->row[i].cv == cv && n < cap)
			idx[n++] = i;
	return n;
}

/* "fresh, mlock-onfault and remote-batch", or "a, b, c, d and 3 more". */
static void names(const struct gba_hl_ctx *x, const size_t *idx, size_t n, bool md,
		  char *out, size_t len)
{
	size_t i, off = 0;

	out[0] = '\0';
	for (i = 0; i < n && i < MAX_NAMED; i++)
		append(out, len, &off, "%s%s", !i ? "" : i + 1 == n ? " and " : ", ",
		       md ? x->row[idx[i]].label_md : x->row[idx[i]].label);
	if (n > MAX_NAMED)
		append(out, len, &off, " and %zu more (the table)", n - MAX_NAMED);
}

/* Every case of the rows named, as one list of cases. */
static size_t *cases_of(const struct gba_hl_ctx *x, const size_t *idx, size_t n, size_t *nsub)
{
	size_t i, k, total = 0, *subs;

	for (i = 0; i < n; i++)
		total += x->row[idx[i]].n;
	subs = malloc((total + 1) * sizeof(*subs));
	*nsub = 0;
	for (i = 0; subs && i < n; i++)
		for (k = 0; k < x->row[idx[i]].n; k++)
			subs[(*nsub)++] = x->row[idx[i]].subs[k];
	return subs;
}

/* Does every case of every row named carry verdict v on metric h? */
static bool all_rows(const struct gba_hl_ctx *x, const size_t *idx, size_t n, int h,
		     enum gba_verdict v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (x->row[idx[i]].v[h] != v || x->row[idx[i]].nv[h] != x->row[idx[i]].n)
			return false;
	return n > 0;
}

/* Calls that failed to pin, and calls, on one side over some cases. */
static void failures(const struct gba_hl_ctx *x, const size_t *subs, size_t n, int side,
		     size_t *failed, size_t *calls)
{
	size_t i, k;

	*failed = *calls = 0;
	for (i = 0; i < n; i++) {
		const struct gba_hl_sub *s = &x->sub[subs[i]];

		for (k = 0; k < s->n[side]; k++) {
			double f = s->c[side][k]->num[GBA_PIN_FAILED];

			if (isnan(f))
				continue;
			*failed += f > 0.5;
			(*calls)++;
		}
	}
}

/*
 * "all-CPU drains 1 -> 0, drain works 2 -> 0" for the metrics judged v in
 * every case of the rows named: one row's values, or each row's.
 */
static size_t metric_list(const struct gba_hl_ctx *x, const size_t *idx, size_t n,
			  const size_t *subs, size_t nsub, enum gba_verdict v, bool md,
			  char *out, size_t len)
{
	char a[32], b[32];
	size_t off = 0, said = 0, i;
	int h;

	out[0] = '\0';
	for (h = 0; h < GBA_H_NR; h++) {
		if (h == GBA_H_FAIL || !all_rows(x, idx, n, h, v))
			continue;
		append(out, len, &off, "%s%s ", said++ ? ", " : "", hm_info[h].txt);
		/* One row: its values; several: each row's, not a mean over unlike scenarios. */
		if (n == 1) {
			gba_hl_fmt(a, sizeof(a), gba_hl_mean(x, subs, nsub, 0, (enum gba_hm)h, -1), hm_info[h].percent);
			gba_hl_fmt(b, sizeof(b), gba_hl_mean(x, subs, nsub, 1, (enum gba_hm)h, -1), hm_info[h].percent);
			append(out, len, &off, "%s -> %s", a, b);
			continue;
		}
		for (i = 0; i < n && i < MAX_NAMED; i++) {
			const struct gba_hrow *w = &x->row[idx[i]];

			gba_hl_fmt(a, sizeof(a), w->mean[0][h], hm_info[h].percent);
			gba_hl_fmt(b, sizeof(b), w->mean[1][h], hm_info[h].percent);
			append(out, len, &off, "%s%s -> %s (%s)", i ? ", " : "", a, b,
			       md ? w->label_md : w->label);
		}
	}
	return said;
}

/* The rows' cases, and their failed pins and calls on each side. */
struct outcome {
	size_t *subs, nsub, fa, na, fb, nb;
};

static bool outcome_of(const struct gba_hl_ctx *x, const size_t *idx, size_t n, struct outcome *o)
{
	o->subs = cases_of(x, idx, n, &o->nsub);
	if (!o->subs)
		return false;
	failures(x, o->subs, o->nsub, 0, &o->fa, &o->na);
	failures(x, o->subs, o->nsub, 1, &o->fb, &o->nb);
	return true;
}

static void fixed(const struct gba_hl_ctx *x, FILE *f, bool md, const char *b,
		  const size_t *idx, size_t n, const char *who)
{
	char price[512], better[512];
	struct outcome o;

	if (!outcome_of(x, idx, n, &o))
		return;
	metric_list(x, idx, n, o.subs, o.nsub, GBA_V_IMPROVED, md, better, sizeof(better));
	metric_list(x, idx, n, o.subs, o.nsub, GBA_V_PRICE, md, price, sizeof(price));
	fprintf(f, "%s%s fixes %s: ", md ? "- " : "", b, who);
	if (all_rows(x, idx, n, GBA_H_FAIL, GBA_V_IMPROVED))
		fprintf(f, "%zu/%zu -> %zu/%zu pins failed%s%s", o.fa, o.na, o.fb, o.nb,
			better[0] ? ", " : "", better);
	else
		fputs(better[0] ? better : "fewer failures or missed drains (the table)", f);
	fprintf(f, "; the price, per call: %s.\n", price[0] ? price : "in the table (it differs by row)");
	free(o.subs);
}

static void improved(const struct gba_hl_ctx *x, FILE *f, bool md, const char *b,
		     const size_t *idx, size_t n, const char *who)
{
	char better[512], saving[256];
	size_t nsub, *subs = cases_of(x, idx, n, &nsub);

	if (!subs)
		return;
	metric_list(x, idx, n, subs, nsub, GBA_V_IMPROVED, md, better, sizeof(better));
	metric_list(x, idx, n, subs, nsub, GBA_V_SAVING, md, saving, sizeof(saving));
	fprintf(f, "%s%s improves %s: %s per call", md ? "- " : "", b, who,
		better[0] ? better : "(each row's gains in the table)");
	if (saving[0])
		fprintf(f, ", with a cheap local drain in place of all-CPU work (%s)", saving);
	fputs(".\n", f);
	free(subs);
}

static void regressed(const struct gba_hl_ctx *x, FILE *f, bool md, const char *b,
		      const size_t *idx, size_t n, const char *who)
{
	char worse[512];
	struct outcome o;

	if (!outcome_of(x, idx, n, &o))
		return;
	metric_list(x, idx, n, o.subs, o.nsub, GBA_V_REGRESSED, md, worse, sizeof(worse));
	fprintf(f, "%s%s regresses %s: %s%s", md ? "- " : "", b, who,
		worse[0] ? worse : "(each row's regressions in the table)",
		worse[0] ? " per call" : "");
	if (all_rows(x, idx, n, GBA_H_FAIL, GBA_V_SAME) && o.fa == o.na && o.fb == o.nb && o.na)
		fprintf(f, ", on pins that fail anyway (%zu/%zu and %zu/%zu)", o.fa, o.na, o.fb, o.nb);
	fputs(".\n", f);
	free(o.subs);
}

void gba_hl_conclusions(const struct gba_hl_ctx *x, FILE *f, bool md)
{
	char b[256], who[1024], rest[1024];
	size_t *idx = malloc((x->nrow + 1) * sizeof(*idx)), n, nsame, ninc;

	if (!idx)
		return;
	if (md)
		gba_md_str(b, sizeof(b), x->s->name_b);
	else
		snprintf(b, sizeof(b), "%s", x->s->name_b);
	if ((n = rows_of(x, GBA_C_FIXED, idx, x->nrow))) {
		names(x, idx, n, md, who, sizeof(who));
		fixed(x, f, md, b, idx, n, who);
	}
	if ((n = rows_of(x, GBA_C_IMPROVED, idx, x->nrow))) {
		names(x, idx, n, md, who, sizeof(who));
		improved(x, f, md, b, idx, n, who);
	}
	if ((n = rows_of(x, GBA_C_REGRESSED, idx, x->nrow))) {
		names(x, idx, n, md, who, sizeof(who));
		regressed(x, f, md, b, idx, n, who);
	}
	nsame = rows_of(x, GBA_C_SAME, idx, x->nrow);
	names(x, idx, nsame, md, who, sizeof(who));
	ninc = rows_of(x, GBA_C_INCONCLUSIVE, idx, x->nrow);
	names(x, idx, ninc, md, rest, sizeof(rest));
	if (nsame || ninc)
		fprintf(f, "%s%s%s%s%s%s%s.\n", md ? "- " : "",
			nsame ? "The same on " : "", nsame ? who : "",
			nsame && ninc ? "; n" : ninc ? "N" : "",
			ninc ? "othing decided on " : "", ninc ? rest : "",
			ninc ? ", where some cases are undecided: the gate names the calls that would settle them" : "");
	/* Rows the gate has no verdict for (no gate, or cases it lacks). */
	if (rows_of(x, -1, idx, x->nrow))
		fprintf(f, "%sSome rows have no gate verdict: they are shown, not judged.\n",
			md ? "- " : "");
	free(idx);
}
