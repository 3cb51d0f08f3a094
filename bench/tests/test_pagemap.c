// SPDX-License-Identifier: GPL-2.0
/* pagemap entry decoding, and a scan of this process's own pages. */
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "../measure/pagemap.h"
#include "../system/sys.h"

static void decode(void)
{
	uint64_t pfn = 0;

	/* Entries as the kernel writes them (fs/proc/task_mmu.c). */
	CHECK(gb_pagemap_decode(GB_PM_PRESENT | 0x12345ull, &pfn));
	CHECK_EQ(pfn, 0x12345);
	/* Soft-dirty (55) and exclusive (56) bits are not part of the PFN. */
	CHECK(gb_pagemap_decode(GB_PM_PRESENT | (1ull << 55) | (1ull << 56) | 7, &pfn));
	CHECK_EQ(pfn, 7);
	CHECK(!gb_pagemap_decode(0, &pfn));
	CHECK(!gb_pagemap_decode(GB_PM_SWAPPED | 5, &pfn));
}

static void live_scan(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), n = 64, i;
	struct gb_layout l = { 0 };
	struct gb_pagescan s;
	char *p;

	p = mmap(NULL, n * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	/* Reading the layout may mount debugfs (for CMA areas): undone below. */
	gb_sys_install_restore();
	CHECK_EQ(gb_layout_read(&l), 0);
	/* Half faulted, half never touched. */
	for (i = 0; i < n / 2; i++)
		p[i * page] = 1;
	CHECK_EQ(gb_pagescan(&l, p, n * page, &s), 0);
	CHECK_EQ(s.pages, n);
	if (s.pfns_visible) {
		CHECK_EQ(s.where[GB_WHERE_NONE], n / 2);
		CHECK_EQ(s.where[GB_WHERE_NORMAL] + s.where[GB_WHERE_MOVABLE] +
			 s.where[GB_WHERE_CMA], n / 2);
	} else {
		fprintf(stderr, "note: PFNs hidden (not root): placement counts not checked\n");
		CHECK_EQ(s.where[GB_WHERE_NONE], n / 2);
	}
	munmap(p, n * page);
}

int main(void)
{
	decode();
	live_scan();
	CHECK_DONE();
}
