/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pin call's verdicts, decided in one place before anything is
 * written: the after-pin placement check, and whether the call drained,
 * and whether that drain was needed, a false positive, or missed.
 */
#ifndef GB_VERDICT_H
#define GB_VERDICT_H

#include <stdbool.h>

enum gb_tristate { GB_UNKNOWN = -1, GB_NO = 0, GB_YES = 1 };

struct gb_verdict {
	const char *after_check;	/* "pass", "fail" or "not_run" */
	const char *after_note;		/* why not_run, or NULL */
	/* "tracepoint" (exact), "ground_truth" or NULL (drains uncounted) */
	const char *classification;
	bool drain_needed;		/* the scenario's truth, for this call */
	enum gb_tristate drained, needed, false_positive, missed;
	/*
	 * The false positives by cost: wasted local drains (lru_add_drain)
	 * and wasted all-CPU drains (lru_add_drain_all) in the call; -1
	 * where drains could not be classified.
	 */
	long long wasted_local, wasted_all;
	/*
	 * Did the call meet its scenario's conditions (placement reached,
	 * the batch still there at the pin)?  A call that missed them is
	 * kept in the results, marked, and left out of the statistics.
	 * Unknown when they could not be looked at (PFNs hidden).
	 */
	enum gb_tristate conditions_met;
	char conditions_missed[256];	/* what was missed, "" when met */
};

struct gb_sample_rec;

/* Placement reached: at least this fraction of the buffer where asked. */
#define GB_PLACE_ENOUGH	0.95

/* Fill r->verdict from the rest of r. */
void gb_verdict_decide(struct gb_sample_rec *r);

#endif
