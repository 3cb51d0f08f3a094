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
 * Where an adaptive run (run/adaptive.h) stopped a combination: after
 * calls calls a policy, at look (1-based) of looks, and why: reason
 * "decided", "undecided" (the last look) or "conditions", why in words.
 */
void gb_emit_stop(struct gb_json *j, const char *pinner, const char *placement,
		  const char *scenario, int cpus, unsigned calls, int look, int looks,
		  const char *reason, const char *why);
/*
 * What gupbench explore found (run/explore.h): one record per confirmed
 * difference, largest first, with the counts on both sides and the
 * command that replays it; then one "explore" record with the search's
 * budget, the calls it used, the candidates it tried and how many
 * differences it confirmed at the level alpha.
 */
void gb_emit_finding(struct gb_json *j, int rank, const char *recipe, const char *scenario,
		     const char *pinner, const char *placement, int cpus, const char *metric,
		     const char *base, const char *cand, double a, double b,
		     size_t na, size_t nb, bool every, double p, const char *reproduce);
void gb_emit_explore(struct gb_json *j, unsigned budget, unsigned used,
		     unsigned candidates, unsigned findings, double alpha);
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
