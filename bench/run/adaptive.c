// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adaptive.h"
#include "../system/files.h"

/*
 * The gate's primary metrics (analysis/metrics.def), each by its path
 * there and computed from a call's record as gbstat computes it from the
 * written one.  NAN: not counted in this call.
 */
struct stop_metric {
	const char *path;
	bool counts;		/* false: a time, compared by ranks */
	bool native;		/* metrics.def's PRIMARY_NATIVE: a count that
				 * follows vCPU timing, not looked at under TCG */
	double floor;		/* metrics.def's */
	int ctr;		/* a counter's id, or -1 */
	double (*value)(const struct gb_sample_rec *r);
};

static double failed(const struct gb_sample_rec *r)
{
	return r->res.ok ? 0 : 1;
}

static double wasted_all(const struct gb_sample_rec *r)
{
	return r->verdict.wasted_all >= 0 ? (double)r->verdict.wasted_all : NAN;
}

static double missed(const struct gb_sample_rec *r)
{
	return r->verdict.missed == GB_UNKNOWN ? NAN : r->verdict.missed == GB_YES;
}

static double watchdog(const struct gb_sample_rec *r)
{
	return r->load_watchdog;
}

static double pin_ns(const struct gb_sample_rec *r)
{
	return (double)r->pin_ns;
}

static const struct stop_metric metrics[] = {
	{ "pin_ns", false, false, 0, -1, pin_ns },
	{ "@failed", true, false, 0, -1, failed },
	{ "counters.drains_local", true, false, 0, GB_CTR_DRAINS_LOCAL, NULL },
	{ "counters.drains_all", true, false, 0, GB_CTR_DRAINS_ALL, NULL },
	{ "counters.works_queued_pin", true, false, 0, GB_CTR_WORKS_QUEUED_PIN, NULL },
	{ "counters.ipis_pin", true, true, 0.5, GB_CTR_IPIS_PIN, NULL },
	{ "derived.wasted_drains_all", true, false, 0, -1, wasted_all },
	{ "derived.missed_drain", true, false, 0, -1, missed },
	{ "counters.works_pin_isolated", true, false, 0, GB_CTR_WORKS_PIN_ISOLATED, NULL },
	{ "counters.spinner_interruptions", true, false, 0.5, GB_CTR_SPINNER_INTERRUPTIONS, NULL },
	{ "load_watchdog", true, false, 0, -1, watchdog },
};
#define NR_METRICS	(int)(sizeof(metrics) / sizeof(metrics[0]))
_Static_assert(sizeof(metrics) / sizeof(metrics[0]) <= GB_ADAPTIVE_MAX_METRICS,
	       "GB_ADAPTIVE_MAX_METRICS is too small");

const char *const gb_adaptive_stop_names[] = {
	[GB_STOP_GO_ON] = "go_on",
	[GB_STOP_DECIDED] = "decided",
	[GB_STOP_UNDECIDED] = "undecided",
	[GB_STOP_CONDITIONS] = "conditions",
};

struct arm {
	bool skipped;
	size_t kept, missed;
	char first_miss[160];
	double *v[NR_METRICS];	/* kept calls' values, NANs left out */
	size_t n[NR_METRICS];
};

struct gb_adaptive {
	const struct gb_seq_design *d;
	int np, nl;
	bool times;
	struct arm *arm;
};

int gb_adaptive_nr_metrics(void)
{
	return NR_METRICS;
}

const char *gb_adaptive_metric_path(int i)
{
	return metrics[i].path;
}

double gb_adaptive_metric_floor(int i)
{
	return metrics[i].floor;
}

bool gb_adaptive_metric_counts(int i)
{
	return metrics[i].counts;
}

int gb_adaptive_metric_index(const char *path)
{
	int m;

	for (m = 0; m < NR_METRICS; m++)
		if (!strcmp(metrics[m].path, path))
			return m;
	return -1;
}

bool gb_adaptive_metric_native(int i)
{
	return metrics[i].native;
}

bool gb_adaptive_times(void)
{
	char cmdline[4096];

	/* The suite's TCG guest says so on its command line (vm/run-vm.sh). */
	if (gb_read_file("/proc/cmdline", cmdline, sizeof(cmdline)) > 0 &&
	    strstr(cmdline, "gupbench.accel=tcg"))
		return false;
	return true;
}

struct gb_adaptive *gb_adaptive_new(const struct gb_seq_design *d, int nr_policies,
				    int nr_loads, bool times)
{
	struct gb_adaptive *a = calloc(1, sizeof(*a));
	size_t cap = d->looks[d->nr_looks - 1];
	int k, m;

	if (!a)
		return NULL;
	a->d = d;
	a->np = nr_policies;
	a->nl = nr_loads;
	a->times = times;
	a->arm = calloc((size_t)(nr_policies * nr_loads), sizeof(*a->arm));
	if (!a->arm)
		goto fail;
	for (k = 0; k < nr_policies * nr_loads; k++)
		for (m = 0; m < NR_METRICS; m++)
			if (!(a->arm[k].v[m] = calloc(cap, sizeof(double))))
				goto fail;
	return a;
fail:
	gb_adaptive_free(a);
	return NULL;
}

void gb_adaptive_free(struct gb_adaptive *a)
{
	int k, m;

	if (!a)
		return;
	for (k = 0; a->arm && k < a->np * a->nl; k++)
		for (m = 0; m < NR_METRICS; m++)
			free(a->arm[k].v[m]);
	free(a->arm);
	free(a);
}

void gb_adaptive_add(struct gb_adaptive *a, int arm, const struct gb_sample_rec *rec)
{
	struct arm *x = &a->arm[arm];
	size_t cap = a->d->looks[a->d->nr_looks - 1];
	int m;

	x->kept++;
	for (m = 0; m < NR_METRICS; m++) {
		const struct stop_metric *sm = &metrics[m];
		double v;

		if (sm->ctr >= 0)
			v = rec->counts.c[sm->ctr].valid ?
				(double)rec->counts.c[sm->ctr].value : NAN;
		else
			v = sm->value(rec);
		if (!isnan(v) && x->n[m] < cap)
			x->v[m][x->n[m]++] = v;
	}
}

void gb_adaptive_missed(struct gb_adaptive *a, int arm, const char *why)
{
	struct arm *x = &a->arm[arm];

	if (!x->missed++)
		snprintf(x->first_miss, sizeof(x->first_miss), "%s", why);
}

const double *gb_adaptive_values(const struct gb_adaptive *a, int arm, int m, size_t *n)
{
	*n = a->arm[arm].n[m];
	return a->arm[arm].v[m];
}

size_t gb_adaptive_kept(const struct gb_adaptive *a, int arm)
{
	return a->arm[arm].kept;
}

size_t gb_adaptive_missed_calls(const struct gb_adaptive *a, int arm)
{
	return a->arm[arm].missed;
}

void gb_adaptive_reset(struct gb_adaptive *a)
{
	int k, m;

	for (k = 0; k < a->np * a->nl; k++) {
		struct arm *x = &a->arm[k];

		x->kept = x->missed = 0;
		x->first_miss[0] = '\0';
		for (m = 0; m < NR_METRICS; m++)
			x->n[m] = 0;
	}
}

void gb_adaptive_skip_arm(struct gb_adaptive *a, int arm)
{
	a->arm[arm].skipped = true;
}

enum gb_adaptive_stop gb_adaptive_look(struct gb_adaptive *a, int look, double alpha,
				       const char *const *policy_names,
				       char *why, size_t len)
{
	unsigned calls = a->d->looks[look];
	int l, i, j, m, constant = 0, separated = 0, futile = 0, open = 0;
	char first_open[200] = "";

	for (i = 0; i < a->np * a->nl; i++) {
		const struct arm *x = &a->arm[i];

		if (x->skipped || x->kept)
			continue;
		snprintf(why, len, "no call under %s met its conditions in the first %u: %s",
			 policy_names[i % a->np], calls, x->first_miss);
		return GB_STOP_CONDITIONS;
	}
	for (l = 0; l < a->nl; l++)
		for (i = 0; i < a->np; i++)
			for (j = i + 1; j < a->np; j++) {
				const struct arm *x = &a->arm[l * a->np + i];
				const struct arm *y = &a->arm[l * a->np + j];

				if (x->skipped || y->skipped)
					continue;
				for (m = 0; m < NR_METRICS; m++) {
					struct gb_seq_metric sm = {
						.counts = metrics[m].counts,
						.median = !metrics[m].counts,
						.floor = metrics[m].floor,
						.threshold = GB_ADAPTIVE_THRESHOLD,
					};
					enum gb_seq_state s;

					/* Under TCG: neither times nor the counts
					 * that follow vCPU timing (as the gate). */
					if ((!metrics[m].counts || metrics[m].native) && !a->times)
						continue;
					s = gb_seq_judge(x->v[m], x->n[m], y->v[m], y->n[m],
							 &sm, a->d, look, alpha);
					constant += s == GB_SEQ_CONSTANT;
					separated += s == GB_SEQ_SEPARATED;
					futile += s == GB_SEQ_FUTILE;
					if (s == GB_SEQ_OPEN && !open++)
						snprintf(first_open, sizeof(first_open), "%s, %s against %s",
							 metrics[m].path, policy_names[i],
							 policy_names[j]);
				}
			}
	if (!open) {
		snprintf(why, len, "decided after %u calls a policy: %d comparison(s) constant on both sides, %d separated, %d that more calls would leave inside the gate's band or undecided",
			 calls, constant, separated, futile);
		return GB_STOP_DECIDED;
	}
	if (look + 1 < a->d->nr_looks)
		return GB_STOP_GO_ON;
	snprintf(why, len, "undecided after %u calls a policy, the last look: %d comparison(s) open (first: %s)",
		 calls, open, first_open);
	return GB_STOP_UNDECIDED;
}
