/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a buffer's pages are and what state their folios are in, read
 * from /proc/self/pagemap and /proc/kpageflags (both need root for PFNs).
 */
#ifndef GB_PAGEMAP_H
#define GB_PAGEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../system/layout.h"

#define GB_PM_PRESENT	(1ull << 63)
#define GB_PM_SWAPPED	(1ull << 62)
#define GB_PM_PFN_MASK	((1ull << 55) - 1)

/* Kernel-internal kpageflags bits (fs/proc/page.c), not in the uapi. */
#define GB_KPF_MLOCKED	33

struct gb_pagescan {
	size_t pages;
	size_t where[GB_WHERE_NR];
	bool pfns_visible;	/* false: pagemap hides PFNs (not root) */
	bool flags_visible;	/* false: /proc/kpageflags unreadable */
	/*
	 * Present pages whose folio is off the LRU: for a faulted anon or
	 * shmem page that means it still sits in a per-CPU lru_add batch,
	 * and it is what the old heuristic (!folio_test_lru) tests.
	 */
	size_t not_lru;
	size_t thp;		/* pages inside a transparent huge page (mTHP too) */
	size_t thp_heads;	/* its first pages: thp / thp_heads pages a folio */
	size_t mlocked;
	/*
	 * Mlocked, on the LRU, yet not unevictable: mlock_folio() set
	 * PG_mlocked and put the folio in a per-CPU mlock batch, which
	 * holds a reference until __mlock_folio() moves it to the
	 * unevictable list.  Will Deacon's case: the LRU flag is set, so
	 * !folio_test_lru() sees nothing to drain.
	 */
	size_t mlock_pending;
	/* not_lru and mlock_pending by where the page is. */
	size_t not_lru_in[GB_WHERE_NR];
	size_t mlock_pending_in[GB_WHERE_NR];
};

/* Decode one pagemap entry; returns true and sets *pfn when present. */
bool gb_pagemap_decode(uint64_t entry, uint64_t *pfn);

/* Scan [addr, addr+len); 0 or -errno. */
int gb_pagescan(const struct gb_layout *l, const void *addr, size_t len,
		struct gb_pagescan *out);

/* Fraction of scanned pages in the given placement, NAN when unknown. */
double gb_pagescan_fraction(const struct gb_pagescan *s, enum gb_where w);
/*
 * Pages whose folio holds a per-CPU batch reference (not_lru or
 * mlock_pending) in placement w (GB_WHERE_NR: anywhere).
 */
size_t gb_pagescan_batched_in(const struct gb_pagescan *s, enum gb_where w);

#endif
