/* SPDX-License-Identifier: GPL-2.0 */
/* Ballast: memory held so a placement's buffer lands where it should. */
#ifndef GB_BALLAST_H
#define GB_BALLAST_H

#include <stdbool.h>
#include <stddef.h>

#include "../gb.h"

/*
 * Memory held to steer where the next faults land: plain faulted anon
 * chunks fill zones the buffer must not use, longterm-pinned chunks eat
 * non-CMA memory so the allocator turns to CMA.
 */
#define GB_BALLAST_CHUNKS	1024

struct gb_ballast_chunk {
	void *addr;
	size_t len;
	void *ring;		/* io_uring holding the pin, or NULL */
};

#define GB_BALLAST_SINKS	8

struct gb_ballast {
	struct gb_ballast_chunk chunk[GB_BALLAST_CHUNKS];
	int nr;
	struct gb_ballast_chunk sink[GB_BALLAST_SINKS];
	int nr_sinks;
	size_t filler_bytes;
	size_t pinned_bytes;
	/*
	 * The last buffer reached its placement: the ballast is enough.
	 * Grown again only after a miss, since the free counts drift with
	 * what the per-CPU page lists hold, and regrowing on every call
	 * pinned memory without end.
	 */
	bool placed;
	char note[GB_REASON_MAX];	/* why it stopped short, if it did */
};

/* Ballast (ballast.c): 0 or -errno; both stop at the chunk limit. */
int gb_ballast_fill(struct gb_ballast *b, size_t bytes);
int gb_ballast_pin(struct gb_ballast *b, size_t bytes);
/*
 * Fault bytes of throwaway memory on cpu, soaking up the pages its
 * per-CPU page lists hold (they skip the zone and CMA rules), so that the
 * next faults there go through the allocator proper.  Held until
 * gb_ballast_drop_sinks().
 */
int gb_ballast_sink(struct gb_ballast *b, int cpu, size_t bytes);
void gb_ballast_drop_sinks(struct gb_ballast *b);
void gb_ballast_release(struct gb_ballast *b);

#endif
