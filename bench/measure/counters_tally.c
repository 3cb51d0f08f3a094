// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counters_int.h"

void gb_counters_tally(struct gb_counters *c, struct gb_sampling_tally *t)
{
	uint64_t counted[GB_S_NR] = { 0 };
	enum gb_src s;
	int i, k;

	/*
	 * Read first, then take what is left in the rings: an event in
	 * between is sampled but not counted, which cannot look like loss.
	 */
	for (s = GB_S_FIRST_CPU; s < GB_S_NR; s++) {
		for (i = 0; i < c->nr_cpus; i++) {
			struct gb_group_read g;

			if (c->fd[s][i] >= 0 &&
			    !gb_perf_read_group(c->fd[s][i], &g) && g.nr)
				counted[s] += g.values[0].value;
		}
	}
	gb_counters_skip(c);
	/* The task ring holds no source of the tally: its losses explain none. */
	for (i = 0; i < c->nr_cpus; i++) {
		t->lost += c->ring[i].lost;
		t->throttled += c->ring[i].throttled;
	}
	for (s = GB_S_FIRST_CPU; s < GB_S_NR; s++) {
		if (!gb_src_defs[s].sampled || c->reason[s][0])
			continue;
		for (k = 0; k < t->nr; k++)
			if (!strcmp(t->s[k].source, gb_src_defs[s].name))
				break;
		if (k == t->nr) {
			if (t->nr == GB_MAX_TALLY)
				continue;
			t->s[k].source = gb_src_defs[s].name;
			t->s[k].counted = t->s[k].sampled = 0;
			t->nr++;
		}
		t->s[k].counted += counted[s];
		t->s[k].sampled += c->sampled[s];
	}
}

uint64_t gb_tally_silent(const struct gb_sampling_tally *t)
{
	uint64_t missing = 0;
	int k;

	for (k = 0; k < t->nr; k++)
		if (t->s[k].sampled < t->s[k].counted)
			missing += t->s[k].counted - t->s[k].sampled;
	/*
	 * The rings mix sources, so reported losses explain missing samples
	 * in total, not per source.  A throttle drops an unknown number:
	 * then nothing missing can be shown to have been reported.
	 */
	if (t->throttled)
		return missing;
	return missing > t->lost ? missing - t->lost : 0;
}

bool gb_tally_complete(const struct gb_sampling_tally *t)
{
	return gb_tally_silent(t) == 0;
}

void gb_counts_all_null(struct gb_call_counts *out, const char *reason)
{
	int i;

	for (i = 0; i < GB_CTR_NR; i++)
		out->c[i] = gb_count_null(reason);
	for (i = 0; i < out->nr_hw; i++)
		out->hw[i].count = gb_count_null(reason);
	out->nr_iso = 0;
}
