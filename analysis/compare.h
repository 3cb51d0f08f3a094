/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The performance gate: every metric of every case, base against
 * candidate, with its change, a bootstrap interval, a Mann-Whitney
 * p-value corrected for the number of comparisons (Holm), and a verdict.
 */
#ifndef GBA_COMPARE_H
#define GBA_COMPARE_H

#include <stdio.h>

#include "results.h"

struct gba_cmp_opts {
	double threshold;		/* relative change that matters */
	double alpha;			/* family-wise, after Holm */
	const char *base_policy;	/* compare policies within runs */
	const char *cand_policy;
	bool ignore_fingerprint;
};

/*
 * Returns 0 when nothing regressed significantly, 1 when something did,
 * 2 for unusable input (with one line in err).
 */
int gba_compare(const struct gba_results *base,
		const struct gba_results *cand,
		const struct gba_cmp_opts *o, FILE *out, char *err,
		size_t len);

#endif
