// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <linux/kernel-page-flags.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pagemap.h"

#define SCAN_CHUNK	512

bool gb_pagemap_decode(uint64_t entry, uint64_t *pfn)
{
	if (!(entry & GB_PM_PRESENT))
		return false;
	*pfn = entry & GB_PM_PFN_MASK;
	return true;
}

static void account_flags(struct gb_pagescan *s, uint64_t flags,
			  enum gb_where w)
{
	bool lru = flags & (1ull << KPF_LRU);

	if (!lru) {
		s->not_lru++;
		s->not_lru_in[w]++;
	}
	if (flags & (1ull << KPF_THP)) {
		s->thp++;
		s->thp_heads += !!(flags & (1ull << KPF_COMPOUND_HEAD));
	}
	if (flags & (1ull << GB_KPF_MLOCKED)) {
		s->mlocked++;
		if (lru && !(flags & (1ull << KPF_UNEVICTABLE))) {
			s->mlock_pending++;
			s->mlock_pending_in[w]++;
		}
	}
}

int gb_pagescan(const struct gb_layout *l, const void *addr, size_t len,
		struct gb_pagescan *s)
{
	long psize = sysconf(_SC_PAGESIZE);
	uint64_t entries[SCAN_CHUNK];
	size_t first = (uintptr_t)addr / (size_t)psize;
	size_t n = len / (size_t)psize, done = 0, i;
	int pm, kf, err = 0;

	memset(s, 0, sizeof(*s));
	pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (pm < 0)
		return -errno;
	kf = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	s->flags_visible = kf >= 0;
	s->pfns_visible = true;

	while (done < n) {
		size_t want = n - done < SCAN_CHUNK ? n - done : SCAN_CHUNK;
		ssize_t got = pread(pm, entries, want * sizeof(entries[0]),
				    (off_t)((first + done) * sizeof(entries[0])));

		if (got <= 0) {
			err = got < 0 ? -errno : -EIO;
			break;
		}
		want = (size_t)got / sizeof(entries[0]);
		for (i = 0; i < want; i++) {
			uint64_t pfn, flags;
			enum gb_where w;

			s->pages++;
			if (!gb_pagemap_decode(entries[i], &pfn)) {
				s->where[GB_WHERE_NONE]++;
				continue;
			}
			if (!pfn) {
				/* Present but hidden: not CAP_SYS_ADMIN. */
				s->pfns_visible = false;
				continue;
			}
			w = gb_layout_classify(l, pfn);
			s->where[w]++;
			if (s->flags_visible &&
			    pread(kf, &flags, sizeof(flags),
				  (off_t)(pfn * sizeof(flags))) ==
				    sizeof(flags))
				account_flags(s, flags, w);
			else
				s->flags_visible = false;
		}
		done += want;
	}
	if (kf >= 0)
		close(kf);
	close(pm);
	return err;
}

double gb_pagescan_fraction(const struct gb_pagescan *s, enum gb_where w)
{
	if (!s->pages || !s->pfns_visible)
		return NAN;
	return (double)s->where[w] / (double)s->pages;
}

size_t gb_pagescan_batched_in(const struct gb_pagescan *s, enum gb_where w)
{
	size_t n = 0;
	int i;

	if (w != GB_WHERE_NR)
		return s->not_lru_in[w] + s->mlock_pending_in[w];
	for (i = 0; i < GB_WHERE_NR; i++)
		n += s->not_lru_in[i] + s->mlock_pending_in[i];
	return n;
}
