// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

double gba_percentile(double *v, size_t n, double pct)
{
	size_t rank;

	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	rank = (size_t)ceil(pct / 100.0 * (double)n);
	return v[rank ? rank - 1 : 0];
}

double gba_mean(const double *v, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += v[i];
	return n ? s / (double)n : NAN;
}

double gba_stat_median(double *v, size_t n)
{
	return gba_percentile(v, n, 50);
}

double gba_stat_mean(double *v, size_t n)
{
	return gba_mean(v, n);
}

struct ranked {
	double v;
	int group;
};

static int cmp_ranked(const void *x, const void *y)
{
	return cmp_double(&((const struct ranked *)x)->v,
			  &((const struct ranked *)y)->v);
}

double gba_mann_whitney(const double *a, size_t na, const double *b, size_t nb)
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

void gba_holm(double *p, size_t n)
{
	size_t *order = malloc(n * sizeof(*order)), i, j;
	double running = 0;

	if (!order)
		return;
	for (i = 0; i < n; i++)
		order[i] = i;
	/* Insertion sort by p: n is a few hundred at most. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && p[order[j]] < p[order[j - 1]]; j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		double adj = p[order[i]] * (double)(n - i);

		if (adj > 1)
			adj = 1;
		if (adj < running)
			adj = running;
		running = adj;
		p[order[i]] = adj;
	}
	free(order);
}

/* xorshift64*: deterministic, so the same inputs give the same report. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

void gba_bootstrap_ci(const double *v, size_t n, gba_stat_fn stat, int rounds,
		      double *lo, double *hi)
{
	double *r = malloc((n + 1) * sizeof(*r)), *s = malloc((size_t)rounds * sizeof(*s));
	uint64_t seed = 0x2545f4914f6cdd1dull;
	int k;
	size_t i;

	*lo = *hi = NAN;
	if (r && s && n) {
		for (k = 0; k < rounds; k++) {
			for (i = 0; i < n; i++)
				r[i] = v[next(&seed) % n];
			s[k] = stat(r, n);
		}
		*lo = gba_percentile(s, (size_t)rounds, 2.5);
		*hi = gba_percentile(s, (size_t)rounds, 97.5);
	}
	free(r);
	free(s);
}

void gba_bootstrap_rel(const double *a, size_t na, const double *b, size_t nb,
		       gba_stat_fn stat, int rounds, double *lo, double *hi)
{
	double *ra = malloc(na * sizeof(*ra)), *rb = malloc(nb * sizeof(*rb));
	double *d = malloc((size_t)rounds * sizeof(*d));
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	int k, kept = 0;
	size_t i;

	*lo = *hi = NAN;
	if (!ra || !rb || !d || !na || !nb)
		goto out;
	for (k = 0; k < rounds; k++) {
		double sa, sb;

		for (i = 0; i < na; i++)
			ra[i] = a[next(&seed) % na];
		for (i = 0; i < nb; i++)
			rb[i] = b[next(&seed) % nb];
		sa = stat(ra, na);
		sb = stat(rb, nb);
		if (sa != 0 && isfinite(sa) && isfinite(sb))
			d[kept++] = (sb - sa) / fabs(sa);
	}
	if (kept) {
		*lo = gba_percentile(d, (size_t)kept, 2.5);
		*hi = gba_percentile(d, (size_t)kept, 97.5);
	}
out:
	free(ra);
	free(rb);
	free(d);
}
