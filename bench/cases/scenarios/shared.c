// SPDX-License-Identifier: GPL-2.0
/*
 * MAP_SHARED memfd (shmem) pages, faulted and settled.  Their expected
 * ref_count includes the page cache's references, which
 * folio_expected_ref_count() must account for: any drain is a false
 * positive.
 */
#include "../cases.h"
#include "../../prepare/buf.h"

const struct gb_scenario gb_scenario_shared = {
	.name = "shared",
	.summary = "MAP_SHARED memfd (shmem) pages, faulted and settled",
	.truth = GB_DRAIN_NOT_NEEDED,
	.prepare = gb_buf_settle_shared,
	.teardown = gb_buf_unmap,
};
