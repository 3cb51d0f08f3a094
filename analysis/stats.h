/* SPDX-License-Identifier: GPL-2.0 */
/* The statistics the summaries and the gate use. */
#ifndef GBA_STATS_H
#define GBA_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Nearest-rank percentile of n values (sorted in place); NAN if n == 0. */
double gba_percentile(double *v, size_t n, double pct);
double gba_mean(const double *v, size_t n);

/*
 * Two-sided p-value of the Mann-Whitney U test (normal approximation
 * with tie correction); 1.0 when it cannot tell (n too small, all tied).
 */
double gba_mann_whitney(const double *a, size_t na, const double *b, size_t nb);

/* Holm-Bonferroni: adjust n p-values in place. */
void gba_holm(double *p, size_t n);

/*
 * 95% percentile-bootstrap interval of stat(b) - stat(a) relative to
 * stat(a), with a fixed seed so reports are reproducible.
 */
typedef double (*gba_stat_fn)(double *v, size_t n);
void gba_bootstrap_rel(const double *a, size_t na, const double *b, size_t nb,
		       gba_stat_fn stat, int rounds, double *lo, double *hi);

/* 95% percentile-bootstrap interval of stat(v). */
void gba_bootstrap_ci(const double *v, size_t n, gba_stat_fn stat, int rounds,
		      double *lo, double *hi);

double gba_stat_median(double *v, size_t n);
double gba_stat_mean(double *v, size_t n);

#endif
