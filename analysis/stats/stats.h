/* SPDX-License-Identifier: GPL-2.0 */
/* The statistics the summaries and the gate use. */
#ifndef GBA_STATS_H
#define GBA_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "../../bench/lib/twosample.h"

/* Nearest-rank percentile of n values (sorted in place); NAN if n == 0. */
double gba_percentile(double *v, size_t n, double pct);
double gba_mean(const double *v, size_t n);

/* Holm-Bonferroni: adjust n p-values in place (O(n log n)). */
void gba_holm(double *p, size_t n);

/*
 * The rounds every resampling in gbstat uses (the gate, the summaries,
 * trend): one engine (a fixed-seed xorshift), one set of rounds, so the
 * same inputs give the same report wherever they are shown.
 */
#define GBA_BOOT_ROUNDS	2000	/* bootstrap intervals */
#define GBA_PERM_ROUNDS	10000	/* Monte Carlo permutation tests, where not exact */

/*
 * 95% percentile-bootstrap interval of stat(b) - stat(a) relative to
 * stat(a), with a fixed seed so reports are reproducible.
 */
typedef double (*gba_stat_fn)(double *v, size_t n);
void gba_bootstrap_rel(const double *a, size_t na, const double *b, size_t nb,
		       gba_stat_fn stat, int rounds, double *lo, double *hi);
/* The same interval of stat(b) - stat(a) itself, in the metric's unit. */
void gba_bootstrap_abs(const double *a, size_t na, const double *b, size_t nb,
		       gba_stat_fn stat, int rounds, double *lo, double *hi);

/* 95% percentile-bootstrap interval of stat(v). */
void gba_bootstrap_ci(const double *v, size_t n, gba_stat_fn stat, int rounds,
		      double *lo, double *hi);
/* 95% percentile-bootstrap interval of sum(num) / sum(den) over n calls. */
void gba_bootstrap_ratio_ci(const double *num, const double *den, size_t n, int rounds,
			    double *lo, double *hi);

/* Median in linear time (reorders v); NAN if n == 0. */
double gba_stat_median(double *v, size_t n);
double gba_stat_mean(double *v, size_t n);

/* Arrangements up to which the permutation test enumerates them all. */
#define GBA_EXACT_MAX	50000.0
/* Calls per side up to which it resamples; the rank test beyond. */
#define GBA_PERM_MAX_N	2000

/*
 * Two-sided p-value for |stat(b) - stat(a)| under exchangeability: exact
 * (every split) while C(na+nb, na) <= GBA_EXACT_MAX; for the mean of
 * counts (non-negative integers: drains, works, IPIs, failures) exact at
 * any size by the shift algorithm while the work stays under
 * GB_SHIFT_MAX_OPS (so 12 calls a side that separate completely reach
 * p = 2 / C(24, 12), not the 1 / 10001 of resampling); else `rounds`
 * random splits with a fixed seed, p = (1 + hits) / (1 + rounds); past
 * GBA_PERM_MAX_N calls per side the Mann-Whitney normal approximation,
 * which is accurate there.  *method says which ("exact", "monte-carlo",
 * "rank").  1.0 when a side is empty.
 */
double gba_perm_test(const double *a, size_t na, const double *b, size_t nb,
		     gba_stat_fn stat, int rounds, const char **method);

#endif
