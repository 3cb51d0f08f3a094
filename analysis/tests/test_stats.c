// SPDX-License-Identifier: GPL-2.0
/* The statistics, on inputs whose answers are known. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../metrics_check.h"
#include "../stats/stats.h"

static int failures;

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static unsigned int next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned int)(rng >> 11);
}

/* Every split of a+b into 12 and 12, counted by brute force: the truth. */
static double enumerate_12_12(const double *a, const double *b)
{
	double all[24], obs, total = 0, sb = 0;
	unsigned long hits = 0, splits = 0;
	unsigned int mask;
	int i;

	for (i = 0; i < 12; i++) {
		all[i] = a[i];
		all[12 + i] = b[i];
		total += a[i] + b[i];
		sb += b[i];
	}
	obs = fabs(sb / 12 - (total - sb) / 12);
	for (mask = 0; mask < 1u << 24; mask++) {
		double s = 0;

		if (__builtin_popcount(mask) != 12)
			continue;
		for (i = 0; i < 24; i++)
			if (mask & (1u << i))
				s += all[i];
		splits++;
		hits += fabs(s / 12 - (total - s) / 12) >= obs - 1e-9 * (obs + 1e-300);
	}
	return (double)hits / (double)splits;
}

/*
 * Means of counts: the shift algorithm's exact p-value is the brute-force
 * one; 12 calls a side that separate completely reach 2 / C(24, 12) (the
 * gate can decide them after Holm over a thousand comparisons); A/A data
 * through the same code are flagged at most alpha of the time.
 */
static void check_exact_counts(void)
{
	double a[12], b[12], p, v[2][12];
	const char *method;
	int t, i, alarms = 0, trials = 2000;

	for (t = 0; t < 3; t++) {
		for (i = 0; i < 12; i++) {
			a[i] = next_rand() % 4;
			b[i] = next_rand() % (3 + t);
		}
		p = gba_perm_test(a, 12, b, 12, gba_stat_mean, 10000, &method);
		CHECK(!strcmp(method, "exact"));
		CHECK(fabs(p - enumerate_12_12(a, b)) < 1e-12);
	}
	for (i = 0; i < 12; i++) {
		a[i] = i < 11;	/* 11 of 12 pins failed */
		b[i] = 0;
	}
	p = gba_perm_test(a, 12, b, 12, gba_stat_mean, 10000, &method);
	CHECK(fabs(p - 2.0 * 13 / 2704156) < 1e-15);	/* C(13,12) splits at each end */
	CHECK(p * 1116 < 0.05);
	for (i = 0; i < 12; i++) {
		a[i] = 5 + i % 3;	/* IPIs 5..7 against 0..1 */
		b[i] = i % 4 == 0;
	}
	p = gba_perm_test(a, 12, b, 12, gba_stat_mean, 10000, &method);
	CHECK(fabs(p - 2.0 / 2704156) < 1e-15);
	/* Not counts: resampled, as before. */
	a[0] = 0.5;
	gba_perm_test(a, 12, b, 12, gba_stat_mean, 1000, &method);
	CHECK(!strcmp(method, "monte-carlo"));
	for (t = 0; t < trials; t++) {
		for (i = 0; i < 24; i++)	/* both sides from one law: 0..9, skewed */
			v[i / 12][i % 12] = (next_rand() % 10) * (next_rand() % 2);
		alarms += gba_perm_test(v[0], 12, v[1], 12, gba_stat_mean, 10000, &method) < 0.05;
	}
	printf("test_stats: exact count test, A/A at 12/12: %d false alarm(s) in %d at alpha 0.05\n",
	       alarms, trials);
	CHECK(alarms <= trials / 20);
}

/*
 * metrics.def's paths are checked against the records gupbench writes:
 * the real table passes, and a misspelt path, a path of a scenario that
 * does not exist and an unknown computed name are each refused by name.
 */
static void check_metric_paths(void)
{
	struct gba_metric_info bad = gba_metrics[GBA_CMA_RACE_P99_MS];
	char err[512];

	CHECK(gba_metrics_check(err, sizeof(err)) == 0);
	bad.num = "scenario_data.cma-race.p99_nsec";
	CHECK(gba_metrics_check_table(&bad, 1, err, sizeof(err)) == -1);
	CHECK(strstr(err, "metric cma_race_p99_ms reads scenario_data.cma-race.p99_nsec, which no record"));
	bad.num = "scenario_data.cma-racer.p99_ns";
	CHECK(gba_metrics_check_table(&bad, 1, err, sizeof(err)) == -1);
	bad.num = "counters.drains_alll";
	CHECK(gba_metrics_check_table(&bad, 1, err, sizeof(err)) == -1);
	bad.num = "@pages_per_sec";
	CHECK(gba_metrics_check_table(&bad, 1, err, sizeof(err)) == -1);
	CHECK(strstr(err, "not a value the reader computes"));
	/* An object is no value either. */
	bad.num = "scenario_data.cma-race";
	CHECK(gba_metrics_check_table(&bad, 1, err, sizeof(err)) == -1);
	bad.num = "scenario_data.device-private.stalled";
	CHECK(gba_metrics_check_table(&bad, 1, err, sizeof(err)) == 0);
}

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
	CHECK(gb_mann_whitney(a, 10, b, 10) < 1e-3);
	/* The same sample against itself: nothing to see. */
	CHECK(gb_mann_whitney(a, 10, same, 10) > 0.9);
	/* All values tied: no evidence either way. */
	CHECK(gb_mann_whitney(v, 1, v, 1) == 1.0);

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
	check_exact_counts();
	check_metric_paths();
	if (failures)
		fprintf(stderr, "%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}
