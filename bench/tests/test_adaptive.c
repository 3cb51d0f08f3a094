// SPDX-License-Identifier: GPL-2.0
/*
 * The adaptive design's stopping rule (run/adaptive.c): the metrics it
 * looks at are the gate's primary ones (analysis/metrics.def, read here
 * as the table it is), with their floors; and on synthetic calls it
 * stops on a constant split, goes on while a comparison is open, gives
 * up on conditions never met, and says why.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "../run/adaptive.h"

struct primary {
	const char *path;
	bool time;
	int primary;	/* 0 info, 1 primary, 2 primary where not emulated */
	double floor;
};

#define GBA_LOWER 0
#define GBA_HIGHER 1
#define MEDIAN 0
#define MEAN 0
#define RATIO 0
#define PRIMARY 1
#define INFO 0
#define PRIMARY_NATIVE 2
#define LOWER 0
#define HIGHER 0
static const struct primary defs[] = {
#define METRIC(id, name, unit, better, kind, num, den, scale, time, gate, sources, floor) \
	{ num, time, gate, floor },
#include "../../analysis/metrics.def"
#undef METRIC
};

static void same_metrics_as_the_gate(void)
{
	size_t i;
	int nprimary = 0;

	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		int k;

		if (!defs[i].primary)
			continue;
		nprimary++;
		/* "pin_ns" is what the rule reads for metrics.def's "pin_ns" (pin_us). */
		k = gb_adaptive_metric_index(defs[i].path);
		if (k < 0) {
			fprintf(stderr, "metrics.def's primary %s: the adaptive design does not look at it\n",
				defs[i].path);
			check_failures++;
			continue;
		}
		CHECK(gb_adaptive_metric_floor(k) == defs[i].floor);
		CHECK(gb_adaptive_metric_counts(k) == !defs[i].time);
		CHECK(gb_adaptive_metric_native(k) == (defs[i].primary == PRIMARY_NATIVE));
	}
	CHECK_EQ(gb_adaptive_nr_metrics(), nprimary);
}

static void call(struct gb_sample_rec *r, int drains_all, int ipis)
{
	int c;

	memset(r, 0, sizeof(*r));
	r->res.ok = true;
	r->verdict.wasted_all = 0;
	r->verdict.missed = GB_NO;
	for (c = 0; c < GB_CTR_NR; c++)
		r->counts.c[c] = gb_count_of(0);
	r->counts.c[GB_CTR_DRAINS_ALL] = gb_count_of((uint64_t)drains_all);
	r->counts.c[GB_CTR_IPIS_PIN] = gb_count_of((uint64_t)ipis);
}

static void stops(void)
{
	static const char *const names[] = { "lru", "refcount" };
	struct gb_seq_design d;
	struct gb_sample_rec r;
	struct gb_adaptive *a;
	char err[160], why[400];
	int i;

	CHECK(!gb_seq_parse("4,8,12", &d, err, sizeof(err)));
	/* 0 against 1 all-CPU drain in every call: decided at the first look. */
	a = gb_adaptive_new(&d, 2, 1, false);
	for (i = 0; i < 4; i++) {
		call(&r, 0, 1);
		gb_adaptive_add(a, 0, &r);
		call(&r, 1, 1);
		gb_adaptive_add(a, 1, &r);
	}
	CHECK_EQ(gb_adaptive_look(a, 0, 1e-4, names, why, sizeof(why)), GB_STOP_DECIDED);
	CHECK(strstr(why, "constant") != NULL);
	gb_adaptive_free(a);

	/*
	 * All-CPU drains in one call of four under lru, three under
	 * refcount: neither separated nor small enough to give up on, so
	 * open until the last look.
	 */
	a = gb_adaptive_new(&d, 2, 1, false);
	for (i = 0; i < 4; i++) {
		call(&r, i == 3, 1);
		gb_adaptive_add(a, 0, &r);
		call(&r, i != 3, 1);
		gb_adaptive_add(a, 1, &r);
	}
	CHECK_EQ(gb_adaptive_look(a, 0, 1e-4, names, why, sizeof(why)), GB_STOP_GO_ON);
	CHECK_EQ(gb_adaptive_look(a, 2, 1e-4, names, why, sizeof(why)), GB_STOP_UNDECIDED);
	CHECK(strstr(why, "counters.drains_all, lru against refcount") != NULL);
	gb_adaptive_free(a);

	/* No call under refcount met its conditions. */
	a = gb_adaptive_new(&d, 2, 1, false);
	for (i = 0; i < 4; i++) {
		call(&r, 0, 1);
		gb_adaptive_add(a, 0, &r);
		gb_adaptive_missed(a, 1, "batch: flushed");
	}
	CHECK_EQ(gb_adaptive_look(a, 0, 1e-4, names, why, sizeof(why)), GB_STOP_CONDITIONS);
	CHECK(strstr(why, "refcount") && strstr(why, "batch: flushed"));
	gb_adaptive_free(a);

	/* An arm that never runs (its load cannot) is left out. */
	a = gb_adaptive_new(&d, 2, 1, false);
	gb_adaptive_skip_arm(a, 1);
	for (i = 0; i < 4; i++) {
		call(&r, i == 3, 1);
		gb_adaptive_add(a, 0, &r);
	}
	CHECK_EQ(gb_adaptive_look(a, 0, 1e-4, names, why, sizeof(why)), GB_STOP_DECIDED);
	gb_adaptive_free(a);
}

int main(void)
{
	same_metrics_as_the_gate();
	stops();
	if (check_failures)
		fprintf(stderr, "test_adaptive: %d check(s) failed\n", check_failures);
	return check_failures ? 1 : 0;
}
