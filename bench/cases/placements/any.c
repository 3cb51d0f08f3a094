// SPDX-License-Identifier: GPL-2.0
/* Wherever the allocator puts the pages: no steering, just reporting. */
#include "../cases.h"

const struct gb_placement gb_placement_any = {
	.name = "any",
	.summary = "wherever the page allocator puts them (reported, not steered)",
	.want = GB_WHERE_NR,
};
