// SPDX-License-Identifier: GPL-2.0
/*
 * CMA: movable allocations only use CMA pageblocks once free CMA is more
 * than half a zone's free memory.  Fill ZONE_MOVABLE (it is tried first),
 * then longterm-pin enough non-CMA memory that the buffer's faults are
 * served from CMA.  The fraction reached is measured, never assumed.
 */
#include <stdbool.h>
#include <stdio.h>

#include "../../system/allowed.h"
#include "../../prepare/ballast.h"
#include "../cases.h"
#include "../../system/sys.h"
#include "steer.h"


static const char *cma_supported(const struct gb_env *env, char *buf,
				 size_t len)
{
	if (env->layout->nr_cma)
		return NULL;
	snprintf(buf, len, "%s", env->layout->cma_reason[0] ?
		 env->layout->cma_reason : "no CMA area");
	return buf;
}

static int cma_prepare(struct gb_ballast *b, const struct gb_env *env)
{
	size_t fill = gb_steer_movable_free(env->layout), pin = 0;
	struct gb_layout now;
	const char *zone = "?";
	bool capped = false;
	int err = 0;

	if (b->placed)
		return 1;
	/*
	 * The per-CPU page lists hold freed pages, CMA ones too, outside
	 * the free counts the steering reads, and tune themselves up to
	 * thousands of pages: the balance drifted call by call and the
	 * buffer settled at half CMA.  The smallest lists the kernel
	 * allows (four batches: zone_highsize()) keep the counts honest.
	 * Journalled, restored on exit.
	 */
	if (!b->nr && gb_sys_set(GB_PATH_PCP_HIGH_FRACTION, "2147483647"))
		gb_warn("cannot shrink the per-CPU page lists (%s): CMA placement may fall short",
			GB_PATH_PCP_HIGH_FRACTION);
	if (fill)
		err = gb_ballast_fill(b, fill);
	/* The filler changed the free counts: read them again. */
	if (!err && !(err = gb_layout_read(&now))) {
		/* Sinks on the pinning CPU and one other (see place_buffer()). */
		pin = gb_steer_cma_deficit(&now, env->size,
					   2 * gb_steer_pcp_bytes(&now), &zone,
					   &capped);
		if (pin)
			err = gb_ballast_pin(b, pin);
	}
	if (err)
		snprintf(b->note, sizeof(b->note),
			 "ballast stopped at %zu filler + %zu pinned bytes (zone %s): error %d",
			 b->filler_bytes, b->pinned_bytes, zone, err);
	else if (capped)
		snprintf(b->note, sizeof(b->note),
			 "ballast capped at %zu pinned bytes: zone %s keeps twice its high watermark of non-CMA memory",
			 b->pinned_bytes, zone);
	return 1;
}

const struct gb_placement gb_placement_cma = {
	.name = "cma",
	.summary = "a CMA area: a longterm pin must migrate every page",
	.want = GB_WHERE_CMA,
	.supported = cma_supported,
	.prepare = cma_prepare,
};
