/* SPDX-License-Identifier: GPL-2.0 */
/* Calls gathered by case and variant, and a metric's statistic over them. */
#ifndef GBA_GROUPS_H
#define GBA_GROUPS_H

#include "../read/results.h"

struct gba_group {
	char key[288];		/* the case */
	char variant[96];	/* kernel [/policy] */
	int run;		/* the run of its first call */
	size_t n;
	struct gba_call **calls;
};

struct gba_groups {
	struct gba_group *g;
	size_t n;
};

enum gba_key_mode {
	GBA_KEY_CASE,		/* the case alone */
	GBA_KEY_CASE_POLICY,	/* case and drain policy */
	GBA_KEY_CASE_VARIANT,	/* case, kernel and drain policy */
};

/* Group calls; policy, when not NULL, keeps only calls under it. */
int gba_group(const struct gba_results *r, const char *policy,
	      enum gba_key_mode mode, struct gba_groups *out);
void gba_groups_free(struct gba_groups *g);
struct gba_group *gba_find(struct gba_groups *g, const char *key);

/*
 * The metric's values in a group (NaNs dropped): per call for GBA_MEDIAN and
 * GBA_MEAN, num/den per call with den > 0 for GBA_RATIO.  Caller frees.
 */
double *gba_values(const struct gba_group *g, enum gba_metric m, size_t *n);
/* The metric's statistic over the group (ratio of sums for GBA_RATIO). */
double gba_stat(const struct gba_group *g, enum gba_metric m);

#endif
