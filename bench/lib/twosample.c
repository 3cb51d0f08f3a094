// SPDX-License-Identifier: GPL-2.0
/*
 * Two-sample tests shared by gupbench (the adaptive design's stopping
 * rule, run/adaptive.c) and gbstat (the gate): one implementation, so
 * the rule that stops a case and the test that judges it agree.
 */
#include <math.h>
#include <stdlib.h>

#include "twosample.h"

static double log_choose(size_t n, size_t k)
{
	return lgamma((double)n + 1) - lgamma((double)k + 1) -
	       lgamma((double)(n - k) + 1);
}

static double mean(const double *v, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += v[i];
	return n ? s / (double)n : NAN;
}

static int cmp_value(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

struct ranked {
	double v;
	int group;
};

static int cmp_ranked(const void *x, const void *y)
{
	return cmp_value(&((const struct ranked *)x)->v,
			  &((const struct ranked *)y)->v);
}

double gb_mann_whitney(const double *a, size_t na, const double *b, size_t nb)
{
	size_t n = na + nb, i, j;
	struct ranked *r;
	double ra = 0, ties = 0, u, mu, sigma, z;

	if (na < 2 || nb < 2)
		return 1.0;
	r = malloc(n * sizeof(*r));
	if (!r)
		return 1.0;
	for (i = 0; i < na; i++)
		r[i] = (struct ranked){ a[i], 0 };
	for (i = 0; i < nb; i++)
		r[na + i] = (struct ranked){ b[i], 1 };
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (i = 0; i < n; i = j) {
		double rank, t;

		for (j = i; j < n && r[j].v == r[i].v; j++)
			;
		rank = ((double)i + 1 + (double)j) / 2;	/* average of i+1..j */
		t = (double)(j - i);
		ties += t * t * t - t;
		for (size_t k = i; k < j; k++)
			if (!r[k].group)
				ra += rank;
	}
	free(r);
	u = ra - (double)na * ((double)na + 1) / 2;
	mu = (double)na * (double)nb / 2;
	sigma = sqrt((double)na * (double)nb / 12.0 *
		     (((double)n + 1) - ties / ((double)n * ((double)n - 1))));
	if (sigma == 0)
		return 1.0;
	/* Continuity correction toward the mean. */
	z = (fabs(u - mu) - 0.5) / sigma;
	if (z < 0)
		z = 0;
	return erfc(z / sqrt(2.0));
}

int gb_constant(const double *v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (v[i] != v[0])
			return 0;
	return n > 0;
}

/*
 * The shift algorithm: with the pooled total T fixed, mean(b) - mean(a)
 * is a function of b's sum alone, so the split distribution is the
 * number of ways to draw nb of the n values with each sum, counted by
 * dynamic programming over the values (long double: C(4000, 2000) fits).
 */
double gb_count_means_exact(const double *a, size_t na, const double *b, size_t nb)
{
	size_t n = na + nb, i, k, total = 0, sb = 0, s, kmax;
	long double *ways, all = 0, hits = 0;
	double obs, tol;

	for (i = 0; i < n; i++) {
		double v = i < na ? a[i] : b[i - na];

		if (!(v >= 0) || v > 1e6 || v != floor(v))
			return -1;
		total += (size_t)v;
		if (i >= na)
			sb += (size_t)v;
	}
	if ((double)n * (double)nb * (double)(total + 1) > GB_SHIFT_MAX_OPS)
		return -1;
	ways = calloc((nb + 1) * (total + 1), sizeof(*ways));
	if (!ways)
		return -1;
#define W(k, s) ways[(k) * (total + 1) + (s)]
	W(0, 0) = 1;
	for (i = 0; i < n; i++) {
		size_t v = (size_t)(i < na ? a[i] : b[i - na]);

		kmax = i + 1 < nb ? i + 1 : nb;
		for (k = kmax; k >= 1; k--)
			for (s = total; s + 1 > v; s--)
				W(k, s) += W(k - 1, s - v);
	}
	/* |sum_b / nb - (T - sum_b) / na|, and every sum as extreme as it. */
	obs = fabs((double)sb / (double)nb - (double)(total - sb) / (double)na);
	tol = 1e-9 * (obs + 1e-300);
	for (s = 0; s <= total; s++) {
		double d = fabs((double)s / (double)nb - (double)(total - s) / (double)na);

		all += W(nb, s);
		if (d >= obs - tol)
			hits += W(nb, s);
	}
#undef W
	free(ways);
	return all > 0 ? (double)(hits / all) : -1;
}

size_t gb_perm_min_n(double alpha)
{
	size_t n;

	/* The most extreme split has probability 2 / C(2n, n). */
	for (n = 1; n < 1000; n++)
		if (log(2.0) - log_choose(2 * n, n) < log(alpha))
			return n;
	return n;
}

/* Inverse of the standard normal CDF (Acklam's rational approximation). */
double gb_probit(double p)
{
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02,
		-3.066479806614716e+01, 2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01,
		-1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00,
		4.374664141464968e+00, 2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
		2.445134137142996e+00, 3.754408661907416e+00 };
	double q, r;

	if (p < 0.02425) {
		q = sqrt(-2 * log(p));
		return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		       ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	if (p > 1 - 0.02425)
		return -gb_probit(1 - p);
	q = p - 0.5;
	r = q * q;
	return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
	       (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

double gb_variance(const double *v, size_t n)
{
	double m = mean(v, n), s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += (v[i] - m) * (v[i] - m);
	return n > 1 ? s / (double)(n - 1) : NAN;
}

double gb_n_needed(const double *a, size_t na, const double *b, size_t nb,
		    double delta, double alpha, int median)
{
	double va = gb_variance(a, na), vb = gb_variance(b, nb), sd, z, n;

	if (na > 1 && nb > 1)
		sd = sqrt(((double)(na - 1) * va + (double)(nb - 1) * vb) /
			  (double)(na + nb - 2));
	else
		sd = sqrt(na > 1 ? va : vb);
	if (!(delta > 0) || !(sd > 0) || !isfinite(sd))
		return NAN;
	z = gb_probit(1 - alpha / 2) + gb_probit(0.8);
	n = 2 * (z * sd / delta) * (z * sd / delta);
	if (median)
		n *= M_PI / 2;
	n = ceil(n);
	return fmax(n, (double)gb_perm_min_n(alpha));
}
