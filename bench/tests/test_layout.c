// SPDX-License-Identifier: GPL-2.0
/* /proc/zoneinfo and debugfs CMA parsing, on fixtures from real kernels. */
#include <errno.h>

#include "check.h"
#include "../system/layout.h"

static void host_6_18(const char *dir)
{
	struct gb_layout l = { 0 };
	const struct gb_zone *z;
	char *text = fixture(dir, "zoneinfo-host-6.18.txt");

	if (!text)
		return;
	CHECK_EQ(gb_zoneinfo_parse(text, &l), 5);
	z = gb_layout_zone(&l, "DMA32");
	CHECK(z);
	if (z) {
		CHECK_EQ(z->start_pfn, 4096);
		CHECK_EQ(z->spanned, 1044480);
		CHECK_EQ(z->present, 782336);
	}
	z = gb_layout_zone(&l, "Normal");
	CHECK(z && z->start_pfn == 1048576 && z->spanned == 5505024);
	CHECK_EQ(gb_layout_present(&l, "Movable"), 0);
	/* The DMA zone's per-node stats must not leak into zone fields. */
	z = gb_layout_zone(&l, "DMA");
	CHECK(z && z->free == 3840 && z->managed == 3840 && z->cma == 0);
	CHECK(z && z->wmark_high == 85);
	CHECK_EQ(gb_layout_classify(&l, 5000), GB_WHERE_NORMAL);
}

static void debian_6_12(const char *dir)
{
	struct gb_layout l = { 0 };
	const struct gb_zone *mov;
	char path[512];
	char *text = fixture(dir, "zoneinfo-6.12-movablecore-cma.txt");

	if (!text)
		return;
	CHECK_EQ(gb_zoneinfo_parse(text, &l), 3);	/* DMA32, Normal, Movable */
	mov = gb_layout_zone(&l, "Movable");
	CHECK(mov && mov->present == 131040 && mov->start_pfn == 393216);
	/* The CMA area sits in DMA32, and zoneinfo says so. */
	CHECK(gb_layout_zone(&l, "DMA32") && gb_layout_zone(&l, "DMA32")->cma == 65536);
	/* The largest per-CPU page list, and the batch it refills by. */
	CHECK(gb_layout_zone(&l, "Movable") && gb_layout_zone(&l, "Movable")->pcp_max == 1644);
	CHECK(gb_layout_zone(&l, "DMA32") && gb_layout_zone(&l, "DMA32")->pcp_max == 602);
	CHECK(gb_layout_zone(&l, "DMA32") && gb_layout_zone(&l, "DMA32")->pcp_batch == 63);
	if (mov) {
		CHECK_EQ(gb_layout_classify(&l, mov->start_pfn), GB_WHERE_MOVABLE);
		CHECK_EQ(gb_layout_classify(&l, mov->start_pfn + mov->spanned - 1),
			 GB_WHERE_MOVABLE);
		CHECK_EQ(gb_layout_classify(&l, mov->start_pfn - 1),
			 GB_WHERE_NORMAL);
	}

	snprintf(path, sizeof(path), "%s/cma-6.12", dir);
	CHECK_EQ(gb_cma_read(path, &l), 0);
	CHECK(l.nr_cma >= 1);
	if (l.nr_cma >= 1) {
		const struct gb_cma_area *a = &l.cma[0];

		CHECK_STR(a->name, "reserved");
		CHECK_EQ(a->base_pfn, 262144);
		CHECK_EQ(a->count, 65536);
		/* A CMA PFN is CMA even inside another zone's span. */
		CHECK_EQ(gb_layout_classify(&l, a->base_pfn), GB_WHERE_CMA);
		CHECK_EQ(gb_layout_classify(&l, a->base_pfn + a->count - 1),
			 GB_WHERE_CMA);
		CHECK(gb_layout_classify(&l, a->base_pfn + a->count) !=
		      GB_WHERE_CMA);
	}
}

static void bad_input(void)
{
	struct gb_layout l = { 0 };

	CHECK_EQ(gb_zoneinfo_parse("", &l), (unsigned long long)-EINVAL);
	CHECK_EQ(gb_zoneinfo_parse("not a zoneinfo\n", &l),
		 (unsigned long long)-EINVAL);
	CHECK(gb_cma_read("/nonexistent/cma", &l) < 0);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "fixtures";

	host_6_18(dir);
	debian_6_12(dir);
	bad_input();
	CHECK_DONE();
}
