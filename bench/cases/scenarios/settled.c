// SPDX-License-Identifier: GPL-2.0
/*
 * Fault, then empty every CPU's LRU batches: the folios are on the LRU
 * with no batch references, so no drain can help.  Any drain here is a
 * false positive.
 */
#include "../cases.h"
#include "../../prepare/buf.h"

const struct gb_scenario gb_scenario_settled = {
	.name = "settled",
	.summary = "anon pages faulted, then every per-CPU LRU batch emptied",
	.truth = GB_DRAIN_NOT_NEEDED,
	.prepare = gb_buf_settle_anon,
	.teardown = gb_buf_unmap,
};
