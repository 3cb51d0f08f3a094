// SPDX-License-Identifier: GPL-2.0
/*
 * Pinnable memory: the control where a longterm pin needs no migration
 * and so no drain.  With ZONE_MOVABLE present, anon faults go there
 * first, so a filler takes ZONE_MOVABLE's free pages before the buffer
 * is faulted.
 */
#include <stdio.h>

#include "../../prepare/ballast.h"
#include "../cases.h"
#include "steer.h"

static int normal_prepare(struct gb_ballast *b, const struct gb_env *env)
{
	size_t fill = gb_steer_movable_free(env->layout);
	int err;

	/* Without ZONE_MOVABLE or CMA every page is where we want it. */
	if (!gb_layout_present(env->layout, "Movable") && !env->layout->nr_cma)
		return 0;
	err = fill ? gb_ballast_fill(b, fill) : 0;
	if (err)
		snprintf(b->note, sizeof(b->note),
			 "filler for ZONE_MOVABLE stopped at %zu bytes: %d",
			 b->filler_bytes, err);
	return 1;
}

const struct gb_placement gb_placement_normal = {
	.name = "normal",
	.summary = "outside ZONE_MOVABLE and CMA: nothing to migrate",
	.want = GB_WHERE_NORMAL,
	.prepare = normal_prepare,
};
