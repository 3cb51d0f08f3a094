// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <unistd.h>

#include "../cases.h"
#include "steer.h"

static size_t page_bytes(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

size_t gb_steer_movable_free(const struct gb_layout *l)
{
	size_t pages = 0;
	int i;

	/*
	 * Only what lies above the high watermark: the rest the allocator
	 * will not hand out from this zone anyway, and filling for it
	 * would spill into the next zone (and its CMA area).
	 */
	for (i = 0; i < l->nr_zones; i++)
		if (!strcmp(l->zones[i].name, "Movable") &&
		    l->zones[i].free > l->zones[i].wmark_high)
			pages += l->zones[i].free - l->zones[i].wmark_high;
	return pages * page_bytes();
}

size_t gb_steer_pcp_bytes(const struct gb_layout *l)
{
	uint64_t pages = 0;
	int i;

	for (i = 0; i < l->nr_zones; i++)
		if (l->zones[i].present)
			pages += l->zones[i].pcp_max + l->zones[i].pcp_batch;
	return (size_t)pages * page_bytes();
}

size_t gb_steer_cma_deficit(const struct gb_layout *l, size_t size,
			    size_t other, const char **zone_out, bool *capped)
{
	const struct gb_zone *z = NULL;
	uint64_t need_pages, noncma, margin, want, floor, room;
	int i;

	for (i = 0; i < l->nr_zones; i++)
		if (l->zones[i].free_cma &&
		    (!z || l->zones[i].free_cma > z->free_cma))
			z = &l->zones[i];
	*capped = false;
	if (!z)
		return 0;
	*zone_out = z->name;
	/*
	 * Every page of the buffer must find free_cma > free_noncma, and
	 * each CMA page it takes lowers free_cma by one: pin non-CMA memory
	 * until free_noncma < free_cma - buffer.  The sinks that soak up
	 * the page lists are faulted first and take CMA pages too (left
	 * out, they used up the gap and the buffer settled at half CMA);
	 * an eighth of slack for other allocations.
	 */
	need_pages = (size + other) / page_bytes();
	margin = size / page_bytes() / 8 + 256;
	noncma = z->free - z->free_cma;
	if (noncma + need_pages + margin <= z->free_cma)
		return 0;
	want = noncma + need_pages + margin - z->free_cma;
	/*
	 * Never pin the zone's non-CMA memory below twice its high
	 * watermark plus the page lists: the kernel's own allocations
	 * need it, and past it the OOM killer takes gupbench.
	 */
	floor = 2 * z->wmark_high + other / page_bytes();
	room = noncma > floor ? noncma - floor : 0;
	if (want > room) {
		*capped = true;
		want = room;
	}
	return (size_t)want * page_bytes();
}
