// SPDX-License-Identifier: GPL-2.0
#include "record.h"
#include "verdict.h"

/* Did the pin call drain?  Unknown when drains could not be counted. */
static enum gb_tristate drained(const struct gb_call_counts *c)
{
	const struct gb_count *all = &c->c[GB_CTR_DRAINS_ALL];
	const struct gb_count *local = &c->c[GB_CTR_DRAINS_LOCAL];

	if ((all->valid && all->value) || (local->valid && local->value))
		return GB_YES;
	if (all->valid && local->valid)
		return GB_NO;
	return GB_UNKNOWN;
}

/* A check that could not look is not_run, with the reason, never pass. */
static void after_check(struct gb_sample_rec *r)
{
	struct gb_verdict *v = &r->verdict;

	v->after_note = r->after_note;
	if (r->after_scanned && !r->after.pfns_visible && !v->after_note)
		v->after_note = "PFNs hidden from this user (run as root): where the pinned pages are was not checked";
	v->after_check = !r->after_scanned || !r->after.pfns_visible ? "not_run" :
			 gb_rec_check_failed(r) ? "fail" : "pass";
}

/*
 * The drain verdicts.  With the gup:gup_longterm_drain tracepoint they
 * are exact per folio; without it they follow the scenario's ground truth
 * (a drain where none could help is a false positive).
 */
static void drain_verdicts(struct gb_sample_rec *r)
{
	const struct gb_count *c = r->counts.c;
	struct gb_verdict *v = &r->verdict;
	bool failed = !r->res.ok || (c[GB_CTR_MIGRATED_FAILED].valid &&
				     c[GB_CTR_MIGRATED_FAILED].value);

	v->drain_needed = r->truth == GB_DRAIN_NEEDED &&
			  gb_rec_unpinnable_before(r) > 0 && r->longterm;
	v->drained = drained(&r->counts);
	v->needed = v->false_positive = v->missed = GB_UNKNOWN;
	v->classification = NULL;
	if (c[GB_CTR_DRAINS_NEEDED].valid && c[GB_CTR_DRAINS_FALSE_POSITIVE].valid &&
	    c[GB_CTR_EXCESS_UNDRAINED].valid && c[GB_CTR_TP_DRAINS_LOCAL].valid &&
	    c[GB_CTR_TP_DRAINS_ALL].valid) {
		v->classification = "tracepoint";
		v->drained = c[GB_CTR_TP_DRAINS_LOCAL].value + c[GB_CTR_TP_DRAINS_ALL].value > 0;
		v->needed = c[GB_CTR_DRAINS_NEEDED].value > 0;
		v->false_positive = c[GB_CTR_DRAINS_FALSE_POSITIVE].value > 0;
		v->missed = c[GB_CTR_EXCESS_UNDRAINED].value > 0 && failed;
	} else if (v->drained != GB_UNKNOWN) {
		v->classification = "ground_truth";
		v->needed = v->drained && v->drain_needed;
		v->false_positive = v->drained && !v->drain_needed;
		v->missed = v->drain_needed && !v->drained && failed;
	}
}

void gb_verdict_decide(struct gb_sample_rec *r)
{
	after_check(r);
	drain_verdicts(r);
}
