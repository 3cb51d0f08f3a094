/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gate's verdict table: one row per case and metric as decided, and
 * what a case's drains bought.  compare.c fills it; the gate text, the
 * headline, the sentences and the mail read it, so they cannot disagree.
 */
#ifndef GBA_VERDICTS_H
#define GBA_VERDICTS_H

#include <stdbool.h>
#include <stddef.h>

#include "../metrics.h"

enum gba_verdict {
	GBA_V_SAME, GBA_V_REGRESSED, GBA_V_IMPROVED,
	/* A cost that rose where pins failed or drains were missed less. */
	GBA_V_PRICE,
	/* More local drains where the all-CPU drains' cost fell. */
	GBA_V_SAVING,
	GBA_V_INCONCLUSIVE, GBA_V_INFO,
	GBA_V_NOT_GATED_TIME, GBA_V_NOT_GATED_BOUND, GBA_V_NOT_GATED_ABSENT,
	GBA_V_NR
};
extern const char *const gba_verdict_name[GBA_V_NR];

struct gba_vrow {
	const char *key;	/* the case (owned by the table once kept) */
	enum gba_metric m;
	double a, b;		/* base and cand: mean or median per call */
	enum gba_verdict v;
};

/* What one case came to, from its rows. */
enum gba_case_verdict {
	GBA_C_REGRESSED,	/* an outcome worse, or a cost with nothing bought */
	GBA_C_FIXED,		/* fewer failures or missed drains, at a price */
	GBA_C_IMPROVED,		/* better, nothing worse (some may be undecided) */
	GBA_C_INCONCLUSIVE,	/* a change these calls cannot settle */
	GBA_C_SAME,
	GBA_C_NR
};
extern const char *const gba_case_verdict_name[GBA_C_NR];

struct gba_verdicts {
	struct gba_vrow *rows;
	size_t nr;
	int code;		/* the gate's exit code */
};

/*
 * Relabel the decided rows of one case (rows[0..n), one key) by what its
 * drains bought (docs/gate.md, "What a drain bought"): a cost that rose
 * where an outcome improved is its price; more local drains where the
 * all-CPU drains or the works the pin queued fell is a saving.  Wasted
 * all-CPU drains buy nothing and stay regressions.
 */
void gba_bought(struct gba_vrow *rows, size_t n);
enum gba_case_verdict gba_case_verdict(const struct gba_vrow *rows, size_t n);

/*
 * The gate's decision on a case's metric as a direction of cand against
 * base: -1 lower, +1 higher, 0 the same; 2 (GBA_DIR_UNKNOWN) when not
 * decided (inconclusive, not gated, shown only, or no such row).
 */
#define GBA_DIR_UNKNOWN	2
int gba_verdict_dir(const struct gba_verdicts *t, const char *key,
		    enum gba_metric m, enum gba_verdict *v);
/* The case's verdict, or -1 when the table has no row of it. */
int gba_verdict_case(const struct gba_verdicts *t, const char *key);
void gba_verdicts_free(struct gba_verdicts *t);

#endif
