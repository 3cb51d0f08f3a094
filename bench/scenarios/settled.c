// SPDX-License-Identifier: GPL-2.0
/*
 * Fault, then empty every CPU's LRU batches: the folios are on the LRU
 * with no batch references, so no drain can help.  Any drain here is a
 * false positive.
 */
#include "../buf.h"

static int settled_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	int err = gb_buf_map_anon(b, rep->size, 0);

	if (err)
		return err;
	gb_buf_fault(b);
	return gb_lru_drain_all_cpus(b->addr, rep->env->topo);
}

const struct gb_scenario gb_scenario_settled = {
	.name = "settled",
	.summary = "anon pages faulted, then every per-CPU LRU batch emptied",
	.truth = GB_DRAIN_NOT_NEEDED,
	.prepare = settled_prepare,
	.teardown = gb_buf_unmap,
};
