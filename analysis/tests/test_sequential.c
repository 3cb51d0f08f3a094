// SPDX-License-Identifier: GPL-2.0
/*
 * The adaptive design, simulated: synthetic calls through the real
 * decision code (gupbench's stopping rule, gb_seq_judge(), and the gate's
 * p-value at the look it stopped at, gba_gate_p()), thousands of trials,
 * no VM.  It checks that false alarms on A/A data stay at alpha, that
 * power stays within a few points of the fixed design's at the same
 * effects, and that a rule which peeks at every look without correction
 * is caught by the same check.  Prints what it measured (docs/gate.md
 * quotes it).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stats/compare.h"
#include "../../bench/lib/sequential.h"

#define ALPHA	0.05
#define TRIALS	4000
#define MAXN	12

static int failures;

#define CHECK(c, ...) do { if (!(c)) { fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); failures++; } } while (0)

static uint64_t rng = 0x2545f4914f6cdd1dull;

static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

/* A per-call count: Poisson(mean) (IPIs, works) or Bernoulli (failures). */
struct dist {
	const char *name;
	bool bernoulli;
	double mean;
};

static double draw(const struct dist *d)
{
	double l, p = 1;
	int k = 0;

	if (d->bernoulli)
		return uniform() < d->mean;
	l = exp(-d->mean);
	do {
		k++;
		p *= uniform();
	} while (p > l);
	return k - 1;
}

/*
 * One comparison under a design; true when the gate would flag it.  The
 * adaptive design stops at the first look where gb_seq_judge() is not
 * open (or the last), and the gate judges the calls run so far with
 * that look's share of alpha.  floor: the metric's (IPIs have 0.5).
 */
static bool trial(const struct dist *a, const struct dist *b,
		  const struct gb_seq_design *d, double floor, unsigned *calls)
{
	double va[MAXN], vb[MAXN];
	struct gb_seq_metric m = { .counts = true, .floor = floor, .threshold = 0.05 };
	const char *method;
	int k, n = 0;

	for (k = 0; k < d->nr_looks; k++) {
		for (; n < (int)d->looks[k]; n++) {
			va[n] = draw(a);
			vb[n] = draw(b);
		}
		if (k + 1 == d->nr_looks ||
		    gb_seq_judge(va, (size_t)n, vb, (size_t)n, &m, d, k, ALPHA) != GB_SEQ_OPEN)
			break;
	}
	*calls += (unsigned)n;
	return gba_gate_p(va, (size_t)n, vb, (size_t)n, false, false, d->spend[k],
			  &method) < ALPHA;
}

static double rate(const struct dist *a, const struct dist *b,
		   const struct gb_seq_design *d, double floor, double *mean_calls)
{
	unsigned calls = 0;
	int t, hits = 0;

	for (t = 0; t < TRIALS; t++)
		hits += trial(a, b, d, floor, &calls);
	*mean_calls = (double)calls / TRIALS;
	return (double)hits / TRIALS;
}

int main(void)
{
	static const struct dist same[] = {
		{ "Poisson(0.4)", false, 0.4 }, { "Poisson(1.5)", false, 1.5 },
		{ "Poisson(3)", false, 3 }, { "Bernoulli(0.1)", true, 0.1 },
		{ "Bernoulli(0.5)", true, 0.5 },
	};
	static const struct dist shifted[][2] = {
		{ { "Poisson(1)", false, 1 }, { "Poisson(2.5)", false, 2.5 } },
		{ { "Poisson(3)", false, 3 }, { "Poisson(5.5)", false, 5.5 } },
		{ { "Bernoulli(0.2)", true, 0.2 }, { "Bernoulli(0.8)", true, 0.8 } },
		{ { "Bernoulli(0)", true, 0 }, { "Bernoulli(0.5)", true, 0.5 } },
	};
	/* IPIs: a floor of 0.5 a call, so the futility rule may stop them. */
	static const struct dist ipis[][2] = {
		{ { "Poisson(1.5)", false, 1.5 }, { "Poisson(1.5)", false, 1.5 } },
		{ { "Poisson(1)", false, 1 }, { "Poisson(2.5)", false, 2.5 } },
		{ { "Poisson(3)", false, 3 }, { "Poisson(5)", false, 5 } },
	};
	struct gb_seq_design adaptive, fixed = { .nr_looks = 1, .looks = { MAXN }, .spend = { 1 } };
	/* Peeking every other call at the full level: no correction. */
	struct gb_seq_design peek = { .nr_looks = 6, .looks = { 2, 4, 6, 8, 10, 12 },
				      .spend = { 1, 1, 1, 1, 1, 1 } };
	/* Three standard errors of a rate of alpha over TRIALS trials. */
	double slack = 3 * sqrt(ALPHA * (1 - ALPHA) / TRIALS), worst_peek = 0;
	char err[160];
	size_t i;

	if (gb_seq_parse("4,8,12", &adaptive, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	printf("design 4,8,12: spend %.4f %.4f %.4f; %d trials each; alpha %.2f\n",
	       adaptive.spend[0], adaptive.spend[1], adaptive.spend[2], TRIALS, ALPHA);
	printf("A/A false alarms: adaptive (calls a side) | fixed 12 | uncorrected peeking\n");
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		double ca, cf, cp, fa = rate(&same[i], &same[i], &adaptive, 0, &ca);
		double ff = rate(&same[i], &same[i], &fixed, 0, &cf);
		double fp = rate(&same[i], &same[i], &peek, 0, &cp);

		printf("  %-16s %.4f (%.1f) | %.4f | %.4f\n", same[i].name, fa, ca, ff, fp);
		CHECK(fa <= ALPHA + slack, "%s: adaptive false alarms %.4f above alpha %.2f", same[i].name, fa, ALPHA);
		if (fp > worst_peek)
			worst_peek = fp;
	}
	/*
	 * The check above must be able to fail: the same code with an
	 * invalid stopping rule raises false alarms beyond it.
	 */
	CHECK(worst_peek > ALPHA + slack,
	      "uncorrected peeking stayed at %.4f: the false-alarm check could not fail", worst_peek);
	printf("power: adaptive (calls a side) | fixed 12\n");
	for (i = 0; i < sizeof(shifted) / sizeof(shifted[0]); i++) {
		double ca, cf, pa = rate(&shifted[i][0], &shifted[i][1], &adaptive, 0, &ca);
		double pf = rate(&shifted[i][0], &shifted[i][1], &fixed, 0, &cf);

		printf("  %s -> %-14s %.4f (%.1f) | %.4f\n", shifted[i][0].name,
		       shifted[i][1].name, pa, ca, pf);
		CHECK(pa >= pf - 0.05, "%s -> %s: adaptive power %.4f more than 5 points below fixed %.4f",
		      shifted[i][0].name, shifted[i][1].name, pa, pf);
	}
	printf("with a floor of 0.5 (IPIs): adaptive (calls a side) | fixed 12\n");
	for (i = 0; i < sizeof(ipis) / sizeof(ipis[0]); i++) {
		double ca, cf, pa = rate(&ipis[i][0], &ipis[i][1], &adaptive, 0.5, &ca);
		double pf = rate(&ipis[i][0], &ipis[i][1], &fixed, 0.5, &cf);

		printf("  %s -> %-14s %.4f (%.1f) | %.4f\n", ipis[i][0].name,
		       ipis[i][1].name, pa, ca, pf);
		if (ipis[i][0].mean == ipis[i][1].mean)
			CHECK(pa <= ALPHA + slack, "%s A/A with a floor: false alarms %.4f", ipis[i][0].name, pa);
		else
			CHECK(pa >= pf - 0.05, "%s -> %s with a floor: adaptive power %.4f more than 5 points below fixed %.4f",
			      ipis[i][0].name, ipis[i][1].name, pa, pf);
	}
	if (failures)
		fprintf(stderr, "%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}
