// SPDX-License-Identifier: GPL-2.0
/*
 * ZONE_MOVABLE: the zonelist puts it first for anon and shmem faults, so
 * the buffer lands there while it has free pages.
 */
#include <stdio.h>

#include "../cases.h"

static const char *movable_supported(const struct gb_env *env, char *buf,
				     size_t len)
{
	if (gb_layout_present(env->layout, "Movable"))
		return NULL;
	snprintf(buf, len, "no ZONE_MOVABLE memory: boot with movablecore=SIZE or online a memory block as online_movable");
	return buf;
}

const struct gb_placement gb_placement_movable = {
	.name = "movable",
	.summary = "ZONE_MOVABLE: a longterm pin must migrate every page",
	.want = GB_WHERE_MOVABLE,
	.supported = movable_supported,
};
