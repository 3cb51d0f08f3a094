/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupbench run --adaptive LOOKS: each combination runs to its first
 * look, then on to the next only while a comparison of its drain
 * policies is undecided (lib/sequential.h).  What it looks at are the
 * gate's primary metrics, by the paths metrics.def gives them; the
 * envelope's "design" lists them and unit.adaptive
 * (bench/tests/test_adaptive.c) checks they are metrics.def's.
 */
#ifndef GB_ADAPTIVE_H
#define GB_ADAPTIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/sequential.h"
#include "../output/call_record.h"

/* The gate's defaults (gbstat --alpha, --threshold): what a stop must reach. */
#define GB_ADAPTIVE_ALPHA	0.05
#define GB_ADAPTIVE_THRESHOLD	0.05

struct gb_adaptive;

/* At least gb_adaptive_nr_metrics(): arrays sized for every metric. */
#define GB_ADAPTIVE_MAX_METRICS	16

/*
 * The stop rule's metrics: how many, and each one's metrics.def path,
 * floor and nature (counts or a time), which analysis/tests check
 * against metrics.def.
 */
int gb_adaptive_nr_metrics(void);
const char *gb_adaptive_metric_path(int i);
double gb_adaptive_metric_floor(int i);
bool gb_adaptive_metric_counts(int i);
/* The index of the metric read from metrics.def's PATH, or -1. */
int gb_adaptive_metric_index(const char *path);
/* metrics.def's PRIMARY_NATIVE: not looked at where times are not. */
bool gb_adaptive_metric_native(int i);

/*
 * Are pin times compared (they are not under TCG, where they mean
 * nothing: the gate does not gate them either)?
 */
bool gb_adaptive_times(void);

/* For one combination: arms = loads x policies, in the run loop's order. */
struct gb_adaptive *gb_adaptive_new(const struct gb_seq_design *d, int nr_policies,
				    int nr_loads, bool times);
void gb_adaptive_free(struct gb_adaptive *a);

/* A call that met its conditions, of arm k. */
void gb_adaptive_add(struct gb_adaptive *a, int arm, const struct gb_sample_rec *rec);
/* A call of arm k that missed them (its first reason kept). */
void gb_adaptive_missed(struct gb_adaptive *a, int arm, const char *why);
/* An arm that never runs (its load cannot): it is left out of the rule. */
void gb_adaptive_skip_arm(struct gb_adaptive *a, int arm);

/* Arm k's values of metric m (calls that met their conditions), and how many. */
const double *gb_adaptive_values(const struct gb_adaptive *a, int arm, int m, size_t *n);
/* Arm k's calls that met their conditions, and those that missed. */
size_t gb_adaptive_kept(const struct gb_adaptive *a, int arm);
size_t gb_adaptive_missed_calls(const struct gb_adaptive *a, int arm);
/* Forget every call (explore: the next candidate). */
void gb_adaptive_reset(struct gb_adaptive *a);

enum gb_adaptive_stop {
	GB_STOP_GO_ON,		/* undecided, and there is a next look */
	GB_STOP_DECIDED,	/* every comparison constant or separated */
	GB_STOP_UNDECIDED,	/* the last look, still undecided */
	GB_STOP_CONDITIONS,	/* an arm met its conditions in no call */
};

/*
 * At look k (0-based; every arm ran looks[k] calls), with alpha the
 * level one comparison must reach: stop, and why (a line for the stop
 * record), or go on.
 */
enum gb_adaptive_stop gb_adaptive_look(struct gb_adaptive *a, int look, double alpha,
				       const char *const *policy_names,
				       char *why, size_t len);

extern const char *const gb_adaptive_stop_names[];

#endif
