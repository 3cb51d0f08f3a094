// SPDX-License-Identifier: GPL-2.0
/*
 * 2 MiB transparent huge pages, faulted and settled.  Large folios skip
 * the per-CPU LRU batches (folio_may_be_lru_cached() is false for them),
 * so no drain is needed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "../cases.h"
#include "../../prepare/buf.h"
#include "../../prepare/thp.h"


static int thp_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	int err = gb_buf_map_anon(b, rep->size, GB_THP_SIZE);

	if (err)
		return err;
	if (madvise(b->addr, b->size, MADV_HUGEPAGE))
		return -errno;
	gb_buf_fault(b);
	return gb_lru_drain_all_cpus(b->addr, rep->env->topo);
}

const struct gb_scenario gb_scenario_thp = {
	.name = "thp",
	.summary = "2 MiB transparent huge pages (large folios skip LRU batches)",
	.truth = GB_DRAIN_NOT_NEEDED,
	.supported = gb_thp_supported,
	.setup = gb_thp_allow_madvise,
	.prepare = thp_prepare,
	.teardown = gb_buf_unmap,
};
