/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The performance gate's judgement: every metric of every case, base
 * against candidate, with its change, a bootstrap interval, a
 * permutation-test p-value (exact at small n; Holm-corrected over the
 * primary metrics of metrics.def) and a verdict (regressed, improved,
 * same, or inconclusive with the calls per side that would settle it),
 * each case then judged on what its drains bought (verdicts.h).
 * Values only: render/gate_text.c writes them.
 */
#ifndef GBA_COMPARE_H
#define GBA_COMPARE_H

#include <stdio.h>

#include "groups.h"
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
	/*
	 * The share of the level this look at the boots may spend
	 * (--look K/N: gate.sh's boots, stopped as soon as decided); 0 or
	 * 1: every boot there will be.
	 */
	double boots_share;
	const char *boots_look;		/* "K/N" as given, or NULL */
	FILE *verdict;			/* the verdict's lines here too, or NULL */
};
/*
 * --require's list ("ipis,drains_all": a primary metric's name or a
 * prefix naming one primary metric) into flags; -1 with one line in
 * err for a name that is not one.
 */
int gba_parse_require(const char *list, bool *flags, char *err, size_t len);

/* One case's metric, base against candidate, as judged. */
struct gba_gate_row {
	const char *key;	/* the case (points into the gate's groups) */
	enum gba_metric m;
	double a, b, change, lo, hi, p, n_needed;
	double alo, ahi;	/* the interval of b - a, for metrics with a floor */
	double *va, *vb;
	size_t na, nb;
	const char *method;
	enum gba_verdict v;
	bool gated;		/* in the Holm family */
	const char *why;	/* GBA_V_NOT_GATED_*: what kept it out */
	const char *side;	/* GBA_V_NOT_GATED_ABSENT: where it was not counted */
};

/* The gate's judgement; the text of it is render/gate_text.c's. */
struct gba_judgement {
	struct gba_gate_row *rows;	/* a case's rows together */
	size_t nr;
	size_t count[GBA_V_NR];		/* rows by verdict */
	size_t cases[GBA_C_NR];		/* cases by verdict */
	size_t ng;			/* rows in the Holm family */
	size_t lonely;			/* cases measured on one side only */
	const char *unmet;		/* a --require metric not gated everywhere */
	struct gba_groups ga, gb;	/* the cases of each side */
	/*
	 * 0 when every gated comparison is shown the same or better, 1
	 * when something regressed significantly beyond the threshold
	 * with nothing bought, 3 when the data cannot tell (a change it can
	 * neither confirm nor rule out, a case measured on one side only,
	 * or nothing that could be gated).
	 */
	int code;
};

/*
 * Judge cand against base: 0 with g filled (gba_gate_free() it), or 2
 * for unusable input with one line in err.
 */
/*
 * A gated row's p-value, as the gate takes it: certain (0 or 1) where
 * every call on each side counted the same; else the permutation test's
 * (means, or medians), divided by share: the part of the level the
 * adaptive design's look may spend (1: a fixed design), at most 1.
 * tests/test_sequential.c runs the adaptive design through it.
 */
double gba_gate_p(const double *va, size_t na, const double *vb, size_t nb,
		  bool time, bool median, double share, const char **method);

int gba_gate_judge(const struct gba_results *base, const struct gba_results *cand,
		   const struct gba_cmp_opts *o, struct gba_judgement *g, char *err, size_t len);
void gba_gate_free(struct gba_judgement *g);
/* The verdict table every other reader of the verdict uses (keys copied); -1: no memory. */
int gba_gate_verdicts(const struct gba_judgement *g, struct gba_verdicts *t);

#endif
