/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the headline: headline_rows.c builds the rows (cases on both sides,
 * pooled where they agree, each judged), headline_text.c writes them as
 * the Markdown table, the sentences and the mail table (and has
 * gba_headline(), which uses both).
 */
#ifndef GBA_HEADLINE_INT_H
#define GBA_HEADLINE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "headline.h"

/* What the headline shows, in the order who-wins decides on it. */
enum gba_hm { GBA_H_FAIL, GBA_H_MISSED, GBA_H_DRAINS_ALL, GBA_H_DRAINS_LOCAL, GBA_H_WASTED_ALL, GBA_H_WORKS,
	  GBA_H_IPIS, GBA_H_WASTED_LOCAL, GBA_H_DRAIN_US, GBA_H_DECISION_LOCAL, GBA_H_IPIS_DRAIN, GBA_H_WORKS_WINDOW,
	  GBA_H_IPIS_WINDOW, GBA_H_ISO_INTR, GBA_H_ISO_WORKS, GBA_H_ISO_WAITED,
	  GBA_H_NR };

/* Shown only where a call had spinners on isolated CPUs. */
static inline bool gba_hm_isolated(int h)
{
	return h == GBA_H_ISO_INTR || h == GBA_H_ISO_WORKS || h == GBA_H_ISO_WAITED;
}

struct gba_hm_info {
	const char *name;	/* the Markdown column */
	const char *txt;	/* the mail table's row: at most 24 columns */
	enum gba_metric m;
	bool percent;
	/*
	 * A count beside another (the window's beside the pin's own, the
	 * decision's beside the task's): no column of its own, shown under
	 * it where the two differ (something else ran, or drained).
	 */
	int beside;		/* the metric it sits beside, or 0 */
};
extern const struct gba_hm_info hm_info[GBA_H_NR];

#define DIR_UNKNOWN	GBA_DIR_UNKNOWN

/* One case (pinner/placement/scenario/cpus/size), each side's calls. */
struct gba_hl_sub {
	const struct gba_call *first;
	const struct gba_call **c[2];
	size_t n[2];
	/* The gate's: b against a, -1, 0 (the same), +1, or DIR_UNKNOWN. */
	int dir[GBA_H_NR];
	enum gba_verdict v[GBA_H_NR];	/* GBA_V_NR: no row in the gate */
	int cv;				/* enum gba_case_verdict, or -1 */
};

/* A headline row: one scenario, pooled over some of its cases. */
struct gba_hrow {
	char label[128], over[128];	/* plain text, cleaned */
	char label_md[256];		/* the label as Markdown text */
	size_t *subs, n;
	double mean[2][GBA_H_NR];
	size_t calls[2];
	int dir[GBA_H_NR];
	/* The verdict most of its cases had (a decision first), in nv[h] of n. */
	enum gba_verdict v[GBA_H_NR];
	size_t nv[GBA_H_NR];
	int cv;
};

struct gba_hl_ctx {
	const struct gba_results *r;
	const struct gba_sides *s;
	const struct gba_cmp_opts *o;
	const struct gba_verdicts *v;	/* the gate's table, or NULL */
	bool tcg;		/* times emulated: TCG, or KVM nested on TCG */
	bool nested_tcg;	/* of which KVM nested on TCG (its wording) */
	bool isolated;		/* some call had spinners on isolated CPUs */
	bool many_pinners;		/* the results hold more than one pin path */
	struct gba_hl_sub *sub;
	size_t nsub, lonely;
	struct gba_hrow *row;
	size_t nrow;
};

/* The mean per call of h over some cases on one side (cpus -1: all). */
double gba_hl_mean(const struct gba_hl_ctx *x, const size_t *subs, size_t n,
		   int side, enum gba_hm h, int cpus);
/* The rows; -1 when out of memory. */
int gba_hl_build(struct gba_hl_ctx *x);
void gba_hl_free(struct gba_hl_ctx *x);
/* The Markdown headline, and the mail table. */
void gba_hl_markdown(const struct gba_hl_ctx *x, FILE *md);
void gba_hl_mail(const struct gba_hl_ctx *x, FILE *txt);
/*
 * headline_sentences.c: at most four sentences, one per case verdict
 * (fixed, improved, regressed, the rest), from the rows the gate
 * judged; md: Markdown (names escaped), else plain text for the mail.
 */
void gba_hl_conclusions(const struct gba_hl_ctx *x, FILE *f, bool md);
/* "0.25" or "92%": a headline value as both the table and sentences show it. */
void gba_hl_fmt(char *buf, size_t len, double v, bool percent);

#endif
