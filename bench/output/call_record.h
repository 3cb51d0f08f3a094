/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pin call's record: what the run loop fills, the verdict decides
 * (run/verdict.c) and the emitter writes (output/record.c), in that
 * order.  Data only: what a scenario records of its own stays in its
 * priv, and only its emit() knows the shape.
 */
#ifndef GB_CALL_RECORD_H
#define GB_CALL_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "../cases/cases.h"
#include "../measure/counters.h"
#include "../measure/pagemap.h"
#include "../system/layout.h"

#define GB_MAX_COPIN	31

/* One of the other pinners of a --pinners call (run/copin.h). */
struct gb_copin_result {
	int cpu;
	struct gb_pin_result res;
	uint64_t pin_ns;
	double fraction;	/* of the buffer in the placement asked for */
};

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

struct gb_sample_rec {
	uint64_t seq;			/* pin call number in this file */
	const char *pinner;
	const char *placement;
	const char *scenario;
	const char *policy;		/* drain policy in force, or NULL */
	int cpus;			/* CPUs with non-empty batches */
	int online_cpus;
	int rep;			/* negative for warmup reps */
	bool counters_attached;
	uint64_t size;
	int pin_cpu;
	enum gb_where want;		/* GB_WHERE_NR: any */
	struct gb_pagescan before;
	const char *before_error;	/* scan failed: why */
	struct gb_pin_result res;
	bool longterm;
	uint64_t pin_ns;
	bool unpin_timed;
	uint64_t unpin_ns;
	bool after_scanned;		/* scan after the pin was possible */
	struct gb_pagescan after;
	const char *after_note;		/* why there is no after scan */
	/* /proc/vmstat around the call: an independent count of migrations. */
	bool vmstat_valid;
	uint64_t vm_migrate_ok, vm_migrate_fail;
	/*
	 * /proc/vmstat nr_foll_pin_acquired and _released (what
	 * pin_user_pages() and unpin_user_pages() count), read before the
	 * window, after it and after the unpin: pins taken and let go over
	 * the call (a migrating pin takes its pages twice), pins held once
	 * the pin returned, and pins the unpin let go.
	 */
	bool foll_pin_valid;
	uint64_t foll_pin_acquired, foll_pin_released;
	int64_t foll_pin_held;		/* after the pin */
	uint64_t foll_pin_unpinned;	/* released by the unpin */
	enum gb_truth truth;
	/*
	 * After a failed pin, the same pages pinned once more under the
	 * "always" policy, outside the counters' window: a failure that a
	 * drain cures was a missed drain.
	 */
	enum gb_tristate retry_ok;	/* GB_UNKNOWN: not retried */
	const char *retry_note;		/* why not, when a pin failed */
	struct gb_call_counts counts;
	/*
	 * The scenario's own: its descriptor (emit(), conditions(),
	 * placed_in_call) and its state for this call, whose results the
	 * emitter writes under scenario_data.NAME.
	 */
	const struct gb_scenario *sc;
	const void *sc_priv;
	/*
	 * Its conditions() verdict: what was missed ("" when met or not
	 * looked at), or that it could not look.
	 */
	char sc_missed[160];
	bool sc_unknown;
	uint64_t held_ns;		/* --hold: how long the pins were kept */
	const char *load;		/* --load in force during the call */
	int load_cpus;			/* CPUs it ran on */
	bool load_watchdog;		/* a spin ended at its watchdog */
	/*
	 * --load spin: each spinner's gaps (loop steps over GB_SPIN_GAP_NS)
	 * that overlap the pin, [pin_begin, pin_end].  Time: not
	 * meaningful under emulation (TCG).  gaps_known false: a spinner
	 * kept fewer gaps than it saw, and the pin's are not all known.
	 */
	uint64_t pin_begin, pin_end;
	int nr_spinners;
	struct gb_spin_rec {
		int cpu, tid;
		bool gaps_known;
		uint64_t gaps, gap_ns, gap_max_ns;
	} spin[GB_MAX_ISO];
	int pinners;			/* --pinners: this one and pinners-1 others */
	struct gb_copin_result copin[GB_MAX_COPIN];
	const char *ballast_note;
	struct gb_verdict verdict;	/* gb_verdict_decide(), before writing */
};

/* Pages where no longterm pin may stay: ZONE_MOVABLE and CMA. */
static inline size_t gb_rec_unpinnable_before(const struct gb_sample_rec *r)
{
	return r->before.where[GB_WHERE_MOVABLE] + r->before.where[GB_WHERE_CMA];
}

static inline size_t gb_rec_unpinnable_after(const struct gb_sample_rec *r)
{
	return r->after.where[GB_WHERE_MOVABLE] + r->after.where[GB_WHERE_CMA];
}

#endif
