// SPDX-License-Identifier: GPL-2.0
/* The statistics, on inputs whose answers are known. */
#include <math.h>
#include <stdio.h>

#include "../stats/stats.h"

static int failures;

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

int main(void)
{
	double a[10], b[10], same[10], v[5] = { 5, 1, 4, 2, 3 };
	double p[4] = { 0.01, 0.04, 0.03, 0.005 }, lo, hi;
	int i;

	for (i = 0; i < 10; i++) {
		a[i] = 100 + i;
		b[i] = 200 + i;
		same[i] = 100 + i;
	}
	CHECK(gba_percentile(v, 5, 50) == 3);
	CHECK(gba_percentile(v, 5, 100) == 5);
	CHECK(gba_percentile(v, 5, 1) == 1);
	CHECK(isnan(gba_percentile(v, 0, 50)));
	CHECK(gba_mean(v, 5) == 3);

	/* Separated samples: U = 0, p well below 0.001 (exact: 1.08e-5). */
	CHECK(gba_mann_whitney(a, 10, b, 10) < 1e-3);
	/* The same sample against itself: nothing to see. */
	CHECK(gba_mann_whitney(a, 10, same, 10) > 0.9);
	/* All values tied: no evidence either way. */
	CHECK(gba_mann_whitney(v, 1, v, 1) == 1.0);

	/* Holm: sorted 0.005*4, 0.01*3, 0.03*2, 0.04*1, kept monotone. */
	gba_holm(p, 4);
	CHECK(fabs(p[3] - 0.02) < 1e-12);
	CHECK(fabs(p[0] - 0.03) < 1e-12);
	CHECK(fabs(p[2] - 0.06) < 1e-12);
	CHECK(fabs(p[1] - 0.06) < 1e-12);

	/* b is a doubled: the median moves by about +100%. */
	gba_bootstrap_rel(a, 10, b, 10, gba_stat_median, 2000, &lo, &hi);
	CHECK(lo > 0.8 && hi < 1.2);
	gba_bootstrap_ci(a, 10, gba_stat_median, 2000, &lo, &hi);
	CHECK(lo >= 100 && hi <= 109 && lo <= 104 && hi >= 104);
	if (failures)
		fprintf(stderr, "%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}
