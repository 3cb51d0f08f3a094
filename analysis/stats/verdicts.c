// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "verdicts.h"

const char *const gba_verdict_name[GBA_V_NR] = {
	[GBA_V_SAME] = "same",
	[GBA_V_REGRESSED] = "REGRESSED",
	[GBA_V_IMPROVED] = "improved",
	[GBA_V_PRICE] = "price of fewer failures",
	[GBA_V_SAVING] = "saving: a local drain for all-CPU work",
	[GBA_V_INCONCLUSIVE] = "inconclusive",
	[GBA_V_INFO] = "info (not gated)",
	[GBA_V_NOT_GATED_TIME] = "not gated: TCG times",
	[GBA_V_NOT_GATED_BOUND] = "not gated: lower bound",
	[GBA_V_NOT_GATED_ABSENT] = "not gated: not counted",
};

const char *const gba_case_verdict_name[GBA_C_NR] = {
	[GBA_C_REGRESSED] = "regressed",
	[GBA_C_FIXED] = "fixed at a price",
	[GBA_C_IMPROVED] = "improved",
	[GBA_C_INCONCLUSIVE] = "inconclusive",
	[GBA_C_SAME] = "same",
};

/* What the heuristics are for: a pin that works, a drain not missed. */
static bool outcome(enum gba_metric m)
{
	return m == GBA_PIN_FAILED || m == GBA_MISSED;
}

static bool any(const struct gba_vrow *rows, size_t n, bool (*which)(enum gba_metric),
		enum gba_verdict v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].v == v && which(rows[i].m))
			return true;
	return false;
}

/* The all-CPU drain's cost: the drains themselves, or the works they queued. */
static bool all_cpu_cost(enum gba_metric m)
{
	return m == GBA_DRAINS_ALL || m == GBA_WORKS_PIN;
}

void gba_bought(struct gba_vrow *rows, size_t n)
{
	bool better = any(rows, n, outcome, GBA_V_IMPROVED);
	bool worse = any(rows, n, outcome, GBA_V_REGRESSED);
	bool all_fell = any(rows, n, all_cpu_cost, GBA_V_IMPROVED);
	size_t i;

	for (i = 0; i < n; i++) {
		struct gba_vrow *r = &rows[i];

		/* A wasted drain bought nothing, whatever else changed. */
		if (r->v != GBA_V_REGRESSED || outcome(r->m) || worse ||
		    r->m == GBA_WASTED_ALL)
			continue;
		if (better)
			r->v = GBA_V_PRICE;
		else if (r->m == GBA_DRAINS_LOCAL && all_fell)
			r->v = GBA_V_SAVING;
	}
}

enum gba_case_verdict gba_case_verdict(const struct gba_vrow *rows, size_t n)
{
	size_t i, count[GBA_V_NR] = { 0 };

	for (i = 0; i < n; i++)
		count[rows[i].v]++;
	if (count[GBA_V_REGRESSED])
		return GBA_C_REGRESSED;
	if (count[GBA_V_PRICE])
		return GBA_C_FIXED;
	/* Better on something and worse on nothing, though not all is settled. */
	if (count[GBA_V_IMPROVED])
		return GBA_C_IMPROVED;
	if (count[GBA_V_INCONCLUSIVE])
		return GBA_C_INCONCLUSIVE;
	return GBA_C_SAME;
}

int gba_verdict_dir(const struct gba_verdicts *t, const char *key,
		    enum gba_metric m, enum gba_verdict *v)
{
	size_t i;

	for (i = 0; t && i < t->nr; i++) {
		const struct gba_vrow *r = &t->rows[i];

		if (r->m != m || strcmp(r->key, key))
			continue;
		if (v)
			*v = r->v;
		switch (r->v) {
		case GBA_V_SAME:
			return 0;
		case GBA_V_REGRESSED:
		case GBA_V_IMPROVED:
		case GBA_V_PRICE:
		case GBA_V_SAVING:
			return r->b > r->a ? 1 : -1;
		default:
			return GBA_DIR_UNKNOWN;
		}
	}
	if (v)
		*v = GBA_V_NR;
	return GBA_DIR_UNKNOWN;
}

int gba_verdict_case(const struct gba_verdicts *t, const char *key)
{
	size_t i, first = 0, n = 0;

	for (i = 0; t && i < t->nr; i++)
		if (!strcmp(t->rows[i].key, key)) {
			if (!n)
				first = i;
			n++;
		}
	return n ? (int)gba_case_verdict(&t->rows[first], n) : -1;
}

void gba_verdicts_free(struct gba_verdicts *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		free((char *)t->rows[i].key);
	free(t->rows);
	t->rows = NULL;
	t->nr = 0;
}
