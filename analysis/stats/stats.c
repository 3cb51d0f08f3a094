// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "../../bench/lib/rank.h"

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

double gba_percentile(double *v, size_t n, double pct)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	return v[gb_rank_index(n, pct)];
}

double gba_mean(const double *v, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += v[i];
	return n ? s / (double)n : NAN;
}

/* Wirth's selection: the k-th smallest of v[0..n), v reordered. */
static double select_kth(double *v, size_t n, size_t k)
{
	long l = 0, m = (long)n - 1, kk = (long)k;

	while (l < m) {
		double x = v[kk], t;
		long i = l, j = m;

		do {
			while (v[i] < x)
				i++;
			while (x < v[j])
				j--;
			if (i <= j) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
		} while (i <= j);
		if (j < kk)
			l = i;
		if (kk < i)
			m = j;
	}
	return v[kk];
}

/* Nearest-rank, like gba_percentile(v, n, 50). */
double gba_stat_median(double *v, size_t n)
{
	return n ? select_kth(v, n, gb_rank_index(n, 50)) : NAN;
}

double gba_stat_mean(double *v, size_t n)
{
	return gba_mean(v, n);
}


struct indexed {
	double p;
	size_t i;
};

static int cmp_indexed(const void *x, const void *y)
{
	const struct indexed *a = x, *b = y;

	return a->p < b->p ? -1 : a->p > b->p ? 1 :
	       a->i < b->i ? -1 : a->i > b->i;
}

void gba_holm(double *p, size_t n)
{
	struct indexed *o = malloc((n + 1) * sizeof(*o));
	double running = 0;
	size_t i;

	if (!o)
		return;
	for (i = 0; i < n; i++)
		o[i] = (struct indexed){ p[i], i };
	qsort(o, n, sizeof(*o), cmp_indexed);
	for (i = 0; i < n; i++) {
		double adj = o[i].p * (double)(n - i);

		if (adj > 1)
			adj = 1;
		if (adj < running)
			adj = running;
		running = adj;
		p[o[i].i] = adj;
	}
	free(o);
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

void gba_bootstrap_ratio_ci(const double *num, const double *den, size_t n, int rounds,
			    double *lo, double *hi)
{
	double *s = malloc(((size_t)rounds + 1) * sizeof(*s));
	uint64_t seed = 0x2545f4914f6cdd1dull;
	size_t i, j, kept = 0;
	int k;

	*lo = *hi = NAN;
	if (s && n) {
		for (k = 0; k < rounds; k++) {
			double a = 0, b = 0;

			for (i = 0; i < n; i++) {
				j = next(&seed) % n;
				a += num[j];
				b += den[j];
			}
			if (b > 0)
				s[kept++] = a / b;
		}
		if (kept) {
			*lo = gba_percentile(s, kept, 2.5);
			*hi = gba_percentile(s, kept, 97.5);
		}
	}
	free(s);
}

static void bootstrap(const double *a, size_t na, const double *b, size_t nb,
		      gba_stat_fn stat, int rounds, bool relative, double *lo,
		      double *hi)
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
		if (!relative && isfinite(sa) && isfinite(sb))
			d[kept++] = sb - sa;
		else if (sa != 0 && isfinite(sa) && isfinite(sb))
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

void gba_bootstrap_rel(const double *a, size_t na, const double *b, size_t nb,
		       gba_stat_fn stat, int rounds, double *lo, double *hi)
{
	bootstrap(a, na, b, nb, stat, rounds, true, lo, hi);
}

void gba_bootstrap_abs(const double *a, size_t na, const double *b, size_t nb,
		       gba_stat_fn stat, int rounds, double *lo, double *hi)
{
	bootstrap(a, na, b, nb, stat, rounds, false, lo, hi);
}


static double log_choose(size_t n, size_t k)
{
	return lgamma((double)n + 1) - lgamma((double)k + 1) -
	       lgamma((double)(n - k) + 1);
}

static double split_stat(const double *all, const unsigned char *in_b,
			 size_t n, double *ta, double *tb, gba_stat_fn stat)
{
	size_t i, na = 0, nb = 0;

	for (i = 0; i < n; i++) {
		if (in_b[i])
			tb[nb++] = all[i];
		else
			ta[na++] = all[i];
	}
	return fabs(stat(tb, nb) - stat(ta, na));
}

/* Next k-subset of n in lexicographic order; 0 when there is none. */
static int next_combination(size_t *idx, size_t k, size_t n)
{
	size_t i = k;

	while (i > 0 && idx[i - 1] == n - k + i - 1)
		i--;
	if (!i)
		return 0;
	idx[i - 1]++;
	for (; i < k; i++)
		idx[i] = idx[i - 1] + 1;
	return 1;
}


double gba_perm_test(const double *a, size_t na, const double *b, size_t nb,
		     gba_stat_fn stat, int rounds, const char **method)
{
	size_t n = na + nb, i, *idx = NULL;
	double *all = NULL, *ta = NULL, *tb = NULL, obs, tol, p = 1.0;
	unsigned char *in_b = NULL;
	uint64_t seed = 0x243f6a8885a308d3ull, hits = 0, total = 0;

	*method = "none";
	if (!na || !nb)
		return 1.0;
	if (na > GBA_PERM_MAX_N && nb > GBA_PERM_MAX_N) {
		*method = "rank";
		return gb_mann_whitney(a, na, b, nb);
	}
	/* Means of counts: exact at any size the table allows. */
	if (stat == gba_stat_mean && log_choose(n, nb) > log(GBA_EXACT_MAX)) {
		p = gb_count_means_exact(a, na, b, nb);
		if (p >= 0) {
			*method = "exact";
			return p;
		}
		p = 1.0;
	}
	all = malloc(n * sizeof(*all));
	ta = malloc(n * sizeof(*ta));
	tb = malloc(n * sizeof(*tb));
	in_b = calloc(n, 1);
	idx = malloc((nb + 1) * sizeof(*idx));
	if (!all || !ta || !tb || !in_b || !idx)
		goto out;
	memcpy(all, a, na * sizeof(*a));
	memcpy(all + na, b, nb * sizeof(*b));
	memcpy(ta, a, na * sizeof(*a));
	memcpy(tb, b, nb * sizeof(*b));
	obs = fabs(stat(tb, nb) - stat(ta, na));
	/* Splits as extreme as the one observed, up to rounding. */
	tol = 1e-9 * (fabs(obs) + 1e-300);
	if (log_choose(n, nb) <= log(GBA_EXACT_MAX)) {
		*method = "exact";
		for (i = 0; i < nb; i++)
			idx[i] = i;
		do {
			memset(in_b, 0, n);
			for (i = 0; i < nb; i++)
				in_b[idx[i]] = 1;
			hits += split_stat(all, in_b, n, ta, tb, stat) >= obs - tol;
			total++;
		} while (next_combination(idx, nb, n));
		p = (double)hits / (double)total;
	} else {
		int k;

		*method = "monte-carlo";
		for (k = 0; k < rounds; k++) {
			/* Partial Fisher-Yates: the first nb places go to b. */
			memset(in_b, 0, n);
			for (i = 0; i < nb; i++) {
				size_t j = i + next(&seed) % (n - i);
				double t = all[i];

				all[i] = all[j];
				all[j] = t;
				in_b[i] = 1;
			}
			hits += split_stat(all, in_b, n, ta, tb, stat) >= obs - tol;
		}
		p = (double)(hits + 1) / (double)(rounds + 1);
	}
out:
	free(all);
	free(ta);
	free(tb);
	free(in_b);
	free(idx);
	return p;
}
