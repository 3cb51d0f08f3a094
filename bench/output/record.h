/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one emitter of the records of a results file (schema in
 * docs/results-schema.md).  The run fills a call's record (run/call_record.h);
 * only this module turns records into JSON.
 */
#ifndef GB_RECORD_H
#define GB_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/json.h"
#include "../measure/counters.h"
#include "call_record.h"


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
