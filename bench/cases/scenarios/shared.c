// SPDX-License-Identifier: GPL-2.0
/*
 * MAP_SHARED memfd (shmem) pages, faulted and settled.  Their expected
 * ref_count includes the page cache's references, which
 * folio_expected_ref_count() must account for: any drain is a false
 * positive.
 */
#include "../cases.h"
#include "../../prepare/buf.h"

static int shared_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	int err = gb_buf_map_shared(b, rep->size);

	if (err)
		return err;
	gb_buf_fault(b);
	return gb_lru_drain_all_cpus(b->addr, rep->env->topo);
}

const struct gb_scenario gb_scenario_shared = {
	.name = "shared",
	.summary = "MAP_SHARED memfd (shmem) pages, faulted and settled",
	.truth = GB_DRAIN_NOT_NEEDED,
	.prepare = shared_prepare,
	.teardown = gb_buf_unmap,
};
