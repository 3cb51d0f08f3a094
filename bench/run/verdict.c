// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "../output/call_record.h"
#include "verdict.h"
#include "../lib/wasted.h"

bool gb_rec_check_failed(const struct gb_sample_rec *r)
{
	return r->longterm && r->res.ok && r->after_scanned &&
	       r->after.pfns_visible && gb_rec_unpinnable_after(r) > 0;
}

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

/* Did the call run lru_add_drain_all()?  By the tracepoint, else the kprobe. */
static enum gb_tristate drained_all(const struct gb_call_counts *c)
{
	const struct gb_count *tp = &c->c[GB_CTR_TP_DRAINS_ALL];
	const struct gb_count *kp = &c->c[GB_CTR_DRAINS_ALL];

	if (tp->valid)
		return tp->value ? GB_YES : GB_NO;
	if (kp->valid)
		return kp->value ? GB_YES : GB_NO;
	return GB_UNKNOWN;
}

/*
 * Does the scenario's batch reference sit on folios the pin must
 * migrate?  Read from the flags before the pin (not_lru or mlock batch,
 * in ZONE_MOVABLE or CMA); the scenario's word alone where flags are
 * hidden.
 */
static bool drain_needed(const struct gb_sample_rec *r)
{
	const struct gb_pagescan *b = &r->before;

	if (r->truth != GB_DRAIN_NEEDED || !r->longterm)
		return false;
	if (b->flags_visible && b->pfns_visible)
		return gb_pagescan_batched_in(b, GB_WHERE_MOVABLE) +
		       gb_pagescan_batched_in(b, GB_WHERE_CMA) > 0;
	return gb_rec_unpinnable_before(r) > 0;
}

/*
 * The drain verdicts.  With the gup:gup_longterm_drain{,_call} tracepoints,
 * needed and false positive are exact per folio; without it they follow
 * the flags and the scenario's truth (none where the folios come into
 * being during the call: device-private).  Missed is measured where the
 * kernel lets us: a failed pin whose retry after lru_add_drain_all()
 * succeeded, in a call that did not drain all; else inferred from the
 * truth (a scenario that needs a drain, no drain, and a failure).
 */
static void drain_verdicts(struct gb_sample_rec *r)
{
	const struct gb_count *c = r->counts.c;
	struct gb_verdict *v = &r->verdict;
	bool failed = !r->res.ok;
	enum gb_tristate all = drained_all(&r->counts);

	v->drain_needed = drain_needed(r);
	v->drained = drained(&r->counts);
	v->needed = v->false_positive = v->missed = GB_UNKNOWN;
	v->wasted_local = v->wasted_all = -1;
	v->classification = NULL;
	if (c[GB_CTR_DRAINS_NEEDED].valid && c[GB_CTR_DRAINS_FALSE_POSITIVE].valid &&
	    c[GB_CTR_DRAINS_WASTED_LOCAL].valid && c[GB_CTR_DRAINS_WASTED_ALL].valid &&
	    c[GB_CTR_TP_DRAINS_LOCAL].valid && c[GB_CTR_TP_DRAINS_ALL].valid) {
		v->classification = "tracepoint";
		v->drained = c[GB_CTR_TP_DRAINS_LOCAL].value + c[GB_CTR_TP_DRAINS_ALL].value > 0;
		v->needed = c[GB_CTR_DRAINS_NEEDED].value > 0;
		v->false_positive = c[GB_CTR_DRAINS_FALSE_POSITIVE].value > 0;
		v->wasted_local = (long long)c[GB_CTR_DRAINS_WASTED_LOCAL].value;
		v->wasted_all = (long long)c[GB_CTR_DRAINS_WASTED_ALL].value;
	} else if (v->drained != GB_UNKNOWN && r->truth != GB_DRAIN_IN_CALL &&
		   c[GB_CTR_DRAINS_LOCAL].valid && c[GB_CTR_DRAINS_ALL].valid) {
		v->classification = "ground_truth";
		v->needed = v->drained && v->drain_needed;
		v->false_positive = v->drained && !v->drain_needed;
		gb_wasted_by_truth(v->drain_needed, c[GB_CTR_DRAINS_LOCAL].value,
				   c[GB_CTR_DRAINS_ALL].value, &v->wasted_local, &v->wasted_all);
		/* A needed drain after a wasted local one: a false positive too. */
		if (v->wasted_local > 0 || v->wasted_all > 0)
			v->false_positive = GB_YES;
	}
	if (!failed)
		v->missed = GB_NO;
	else if (r->retry_ok != GB_UNKNOWN)
		v->missed = r->retry_ok == GB_NO || all == GB_YES ? GB_NO :
			    all == GB_NO ? GB_YES : GB_UNKNOWN;
	else if (v->drained != GB_UNKNOWN && r->truth != GB_DRAIN_IN_CALL)
		v->missed = v->drain_needed && !v->drained ? GB_YES : GB_NO;
}

/*
 * Did the call drain?  A drain decided at an earlier folio may have
 * removed the batch's references before the tracepoint saw them, so an
 * absence of excess references then proves nothing.
 */
static bool drained_before_seen(const struct gb_call_counts *c)
{
	const struct gb_count *l = &c->c[GB_CTR_TP_DRAINS_LOCAL];
	const struct gb_count *a = &c->c[GB_CTR_TP_DRAINS_ALL];

	return !l->valid || !a->valid || l->value + a->value > 0;
}

/*
 * The conditions a call must meet to stand for its case: the pages
 * where the placement asked (GB_PLACE_ENOUGH of them), the scenario's
 * own (its conditions() hook, run by the call), and for a
 * scenario that leaves a batch, the batch there when the pin came (by
 * the flags before; by the tracepoint during the pin, which sees a
 * batch flushed in between, when nothing drained during the call).
 */
static void conditions(struct gb_sample_rec *r)
{
	const struct gb_pagescan *b = &r->before;
	const struct gb_count *excess = &r->counts.c[GB_CTR_TP_EXCESS_FOLIOS];
	const struct gb_count *folios = &r->counts.c[GB_CTR_TP_FOLIOS];
	struct gb_verdict *v = &r->verdict;
	char *m = v->conditions_missed;
	size_t len = sizeof(v->conditions_missed), off = 0;
	bool unknown = false;
	int i;

	m[0] = '\0';
	if (r->sc && r->sc->placed_in_call) {
		/* Where the pages come back is seen only after the pin. */
	} else if (!b->pfns_visible || !b->pages) {
		unknown = true;
	} else if (r->want != GB_WHERE_NR &&
		   gb_pagescan_fraction(b, r->want) < GB_PLACE_ENOUGH) {
		off += (size_t)snprintf(m + off, len - off,
					"placement: %zu of %zu pages in %s (below %.0f%%)",
					b->where[r->want], b->pages,
					gb_where_name[r->want], GB_PLACE_ENOUGH * 100);
	}
	/* The scenario's own conditions, as its conditions() found them. */
	if (r->sc_missed[0])
		off += (size_t)snprintf(m + off, len - off, "%s%s", off ? "; " : "",
					r->sc_missed);
	else if (r->sc_unknown)
		unknown = true;
	if (r->truth == GB_DRAIN_NEEDED && r->longterm) {
		if (!b->flags_visible)
			unknown = true;
		else if (!gb_pagescan_batched_in(b, r->want))
			off += (size_t)snprintf(m + off, len - off, "%sbatch: no folio %s%s%sheld a batch reference before the pin",
						off ? "; " : "",
						r->want == GB_WHERE_NR ? "" : "in ",
						r->want == GB_WHERE_NR ? "" : gb_where_name[r->want],
						r->want == GB_WHERE_NR ? "" : " ");
		/*
		 * With co-pinners, another caller's lru_add_drain_all() may
		 * empty this batch inside the window: that is what is being
		 * measured, not a missed condition.
		 */
		else if (r->pinners <= 1 && excess->valid && folios->valid &&
			 folios->value && !excess->value &&
			 !drained_before_seen(&r->counts))
			off += (size_t)snprintf(m + off, len - off, "%sbatch: flushed between the scan and the pin (no excess references at the drain decision)",
						off ? "; " : "");
	}
	/* Every co-pinner's buffer where asked, too. */
	for (i = 0; i + 1 < r->pinners && off < len; i++)
		if (r->want != GB_WHERE_NR && r->copin[i].fraction < GB_PLACE_ENOUGH)
			off += (size_t)snprintf(m + off, len - off,
						"%sco-pinner on CPU %d: %.0f%% of its buffer in %s",
						off ? "; " : "", r->copin[i].cpu,
						100 * r->copin[i].fraction, gb_where_name[r->want]);
	if (off >= len)
		m[len - 1] = '\0';
	v->conditions_met = m[0] ? GB_NO : unknown ? GB_UNKNOWN : GB_YES;
}

void gb_verdict_decide(struct gb_sample_rec *r)
{
	after_check(r);
	drain_verdicts(r);
	conditions(r);
}
