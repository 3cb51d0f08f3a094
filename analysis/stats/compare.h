/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The performance gate: every metric of every case, base against
 * candidate, with its change, a bootstrap interval, a permutation-test
 * p-value (exact at small n; Holm-corrected over the primary metrics of
 * metrics.def) and a verdict: regressed, improved, same, or inconclusive
 * with the calls per side that would settle it.
 */
#ifndef GBA_COMPARE_H
#define GBA_COMPARE_H

#include <stdio.h>

#include "../read/results.h"
#include "verdicts.h"

struct gba_cmp_opts {
	double threshold;		/* relative change that matters */
	double alpha;			/* family-wise, after Holm */
	const char *base_policy;	/* compare policies within runs */
	const char *cand_policy;
	bool ignore_fingerprint;
	/* Metrics that must be gated in every case, else inconclusive. */
	const bool *require;		/* GBA_NR_METRICS flags, or NULL */
	FILE *verdict;			/* the verdict's lines here too, or NULL */
};
/*
 * --require's list ("ipis,drains_all": a primary metric's name or a
 * prefix naming one primary metric) into flags; -1 with one line in
 * err for a name that is not one.
 */
int gba_parse_require(const char *list, bool *flags, char *err, size_t len);

/*
 * Returns 0 when every gated comparison is shown the same or better, 1
 * when something regressed significantly beyond the threshold, 3 when
 * the data cannot tell (a change it can neither confirm nor rule out,
 * a case measured on one side only, or nothing that could be gated),
 * 2 for unusable input (with one line in err).  keep (or NULL) gets
 * the verdict table every other reader of the verdict uses.
 */
int gba_compare(const struct gba_results *base,
		const struct gba_results *cand,
		const struct gba_cmp_opts *o, FILE *out, char *err,
		size_t len, struct gba_verdicts *keep);

/* A value, or (percent) a relative change; "-" for NAN, "+inf". */
void gba_fmt(char *buf, size_t len, double v, bool percent);

#endif
