/* SPDX-License-Identifier: GPL-2.0 */
/* Two-sample tests that know nothing of gupbench: gbstat's gate and gupbench's adaptive design use them. */
#ifndef GB_TWOSAMPLE_H
#define GB_TWOSAMPLE_H

#include <stddef.h>

/*
 * Two-sided p-value of the Mann-Whitney U test (normal approximation
 * with tie correction); 1.0 when it cannot tell (n too small, all tied).
 */
double gb_mann_whitney(const double *a, size_t na, const double *b, size_t nb);

/* Is every value the same (n >= 1)? */
int gb_constant(const double *v, size_t n);

/* Work (values x calls x pooled sum) up to which means of counts are exact. */
#define GB_SHIFT_MAX_OPS	2e8

/*
 * The exact two-sided permutation p-value of |mean(b) - mean(a)| for
 * counts (non-negative integers: drains, works, IPIs, failures), at any
 * size while the work stays under GB_SHIFT_MAX_OPS.  -1 when the data
 * are not counts or the table would be too large; then the caller
 * resamples.
 */
double gb_count_means_exact(const double *a, size_t na, const double *b, size_t nb);

/*
 * Calls per side a two-sided test at level alpha needs to find a
 * difference delta with 80% power, given the two samples' spread
 * (normal approximation, times pi/2 for a median statistic), and never
 * fewer than the permutation test needs to reach alpha at all.  NAN when
 * it cannot be estimated (delta or the spread is 0 or unknown).
 */
double gb_n_needed(const double *a, size_t na, const double *b, size_t nb,
		    double delta, double alpha, int median);

/* Smallest n per side at which an exact permutation test can reach alpha. */
size_t gb_perm_min_n(double alpha);

/* The standard normal quantile (Acklam's approximation). */
double gb_probit(double p);
/* The sample variance (n - 1); NAN below 2 values. */
double gb_variance(const double *v, size_t n);

#endif
