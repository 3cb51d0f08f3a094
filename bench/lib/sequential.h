/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The adaptive (group-sequential) design, shared by gupbench (which
 * stops a case once its comparison is settled) and gbstat (which judges
 * a case at the look it stopped at).  It knows nothing of gupbench: two
 * samples, the looks, a level.  docs/gate.md says why it keeps its
 * error rates.
 */
#ifndef GB_SEQUENTIAL_H
#define GB_SEQUENTIAL_H

#include <stdbool.h>
#include <stddef.h>

#define GB_SEQ_MAX_LOOKS	6

struct gb_seq_design {
	int nr_looks;				/* 0: a fixed design */
	unsigned looks[GB_SEQ_MAX_LOOKS];	/* calls per side, increasing */
	/*
	 * The share of the level each look may spend (sums to 1): the
	 * increments of Lan and DeMets' O'Brien-Fleming-type spending
	 * function at t = looks[k] / looks[last] (sequential.c says which).
	 */
	double spend[GB_SEQ_MAX_LOOKS];
};

/* "4,8,12": 2 to GB_SEQ_MAX_LOOKS looks, increasing, the first >= 2. */
int gb_seq_parse(const char *spec, struct gb_seq_design *d, char *err, size_t len);

/*
 * A p-value seen at look k, made comparable with a fixed design's
 * level: p / spend[k], at most 1.  Rejecting when it is below alpha
 * keeps the false-alarm rate at alpha whatever rule chose the look
 * (Bonferroni over the looks: the chance of a false alarm at any look is
 * at most the sum of alpha x spend[k]).
 */
double gb_seq_adjust(const struct gb_seq_design *d, int look, double p);

enum gb_seq_state {
	GB_SEQ_OPEN,		/* undecided: more calls may tell */
	GB_SEQ_UNMEASURED,	/* no value on a side: more calls cannot tell */
	GB_SEQ_CONSTANT,	/* every call counted the same on each side */
	GB_SEQ_SEPARATED,	/* adjusted p below the level */
	/*
	 * A difference whose 95% upper bound is inside the gate's band or
	 * below what the last look could find: more calls would not change
	 * the gate's answer (sequential.c).
	 */
	GB_SEQ_FUTILE,
};

/* Work up to which a stop uses the exact test of counts (sequential.c). */
#define GB_SEQ_EXACT_OPS	2e5

/* One metric as the gate judges it (analysis/metrics.def, gbstat's options). */
struct gb_seq_metric {
	bool counts;		/* counts by means, exactly; else times by ranks */
	bool median;		/* the statistic is a median (times) */
	double floor;		/* the smallest change that matters, 0: none */
	double threshold;	/* the relative one (gbstat --threshold) */
};

/*
 * One metric's comparison at look k.  Counts are exact: when each side
 * counted the same in every call, the gate takes the difference as
 * certain (analysis/stats/compare.c), so the case need not run on.
 * alpha is the level one comparison must reach to stop on a separation.
 * Whichever state it stops on, the gate's p is adjusted for the look
 * (gbstat's gba_gate_p(), as gb_seq_adjust() does here), so no stopping
 * rule can raise its false alarms.
 */
enum gb_seq_state gb_seq_judge(const double *a, size_t na, const double *b, size_t nb,
			       const struct gb_seq_metric *m, const struct gb_seq_design *d,
			       int look, double alpha);

#endif
