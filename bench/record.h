/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The records of a results file (schema in docs/results-schema.md) and
 * the one emitter that writes them.  Cases fill records; only this
 * module turns them into JSON.
 */
#ifndef GB_RECORD_H
#define GB_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "cases.h"
#include "cma_alloc.h"
#include "copin.h"
#include "counters.h"
#include "devpriv.h"
#include "json.h"
#include "layout.h"
#include "pagemap.h"
#include "verdict.h"

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
	size_t extra_refs;
	/* /proc/vmstat around the call: an independent count of migrations. */
	bool vmstat_valid;
	uint64_t vm_migrate_ok, vm_migrate_fail;
	enum gb_truth truth;
	/*
	 * After a failed pin, the same pages pinned once more under the
	 * "always" policy, outside the counters' window: a failure that a
	 * drain cures was a missed drain.
	 */
	enum gb_tristate retry_ok;	/* GB_UNKNOWN: not retried */
	const char *retry_note;		/* why not, when a pin failed */
	struct gb_call_counts counts;
	struct gb_cma_alloc cma;	/* cma-alloc: the whole area, pins held */
	struct gb_cma_race_result race;	/* cma-race: allocations during the pin */
	bool device_private;		/* the scenario moved the buffer to a device */
	struct gb_devpriv_result dev;	/* device-private: faults beside the pin */
	uint64_t held_ns;		/* --hold: how long the pins were kept */
	const char *load;		/* --load in force during the call */
	int load_cpus;			/* CPUs it ran on */
	bool load_watchdog;		/* a spin ended at its watchdog */
	int pinners;			/* --pinners: this one and pinners-1 others */
	struct gb_copin_result copin[GB_MAX_COPIN];
	const char *ballast_note;
	struct gb_verdict verdict;	/* gb_verdict_decide(), before writing */
};

/* Pages the kernel must migrate before it may pin them longterm. */
size_t gb_rec_unpinnable_before(const struct gb_sample_rec *r);
/* Pages still in ZONE_MOVABLE or CMA after a successful longterm pin. */
size_t gb_rec_unpinnable_after(const struct gb_sample_rec *r);
/* After-pin placement check: true when it failed (a kernel bug). */
bool gb_rec_check_failed(const struct gb_sample_rec *r);

/* Writes r as it is: call gb_verdict_decide(r) first. */
void gb_emit_sample(struct gb_json *j, const struct gb_sample_rec *r);
void gb_emit_skip(struct gb_json *j, const char *pinner,
		  const char *placement, const char *scenario, int cpus,
		  const char *reason);
/*
 * excluded: samples that missed their conditions (conditions_met false);
 * tally: NULL when counters were never attached; changes: every system
 * change the run made (the envelope, written first, lists only those
 * made before the sweep).
 */
void gb_emit_end(struct gb_json *j, uint64_t samples, uint64_t excluded,
		 uint64_t skipped,
		 uint64_t failed_checks, int exit_code,
		 const struct gb_sampling_tally *tally, int online_cpus,
		 const char (*changes)[512], int nr_changes);

#endif
