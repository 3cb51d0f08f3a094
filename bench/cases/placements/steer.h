/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How much ballast a placement needs, worked out from /proc/zoneinfo.
 * Movable allocations walk the zonelist from the highest zone down
 * (Movable, Normal, DMA32, DMA) and take the first zone above its
 * watermark; inside a zone with CMA, __rmqueue() serves them from CMA
 * only while free CMA pages exceed half the zone's free pages.
 */
#ifndef GB_STEER_H
#define GB_STEER_H

#include "../cases.h"

/* Bytes of faulted filler that would use up ZONE_MOVABLE's free pages. */
size_t gb_steer_movable_free(const struct gb_layout *l);
/*
 * Bytes of non-CMA memory to pin so that a buffer of size bytes, faulted
 * after also faulting other bytes (the page-list sinks), is served from
 * CMA; 0 when none is needed.  *zone_out names the zone; *capped says
 * that pinning all of it would starve the kernel, and less is returned.
 */
size_t gb_steer_cma_deficit(const struct gb_layout *l, size_t size,
			    size_t other, const char **zone_out, bool *capped);

/* Bytes that outnumber what any CPU's page lists hold, in all zones. */
size_t gb_steer_pcp_bytes(const struct gb_layout *l);

#endif
