// SPDX-License-Identifier: GPL-2.0
/*
 * The pKVM stage-2 fault (seed 001) as crosvm meets it: guest memory is
 * a memfd whose pages exist, settled on the LRU; crosvm maps it with
 * mlock2(MLOCK_ONFAULT) and touches nothing.  A guest access to a page
 * not yet mapped is a stage-2 fault, which KVM resolves with
 * pin_user_pages(FOLL_LONGTERM) of that one page: the pin's own fault
 * maps the folio into the locked vma, and mlock_folio() puts it in this
 * CPU's mlock batch, with a reference and the LRU flag still set.
 * !folio_test_lru() sees nothing to drain and migrate_pages() cannot
 * move the folio (the pin fails, the VM dies); the ref_count check sees
 * the reference, and a local drain removes it.
 *
 * --size 4K is crosvm's one page a call (nr_pages = 1); a larger size
 * pins its pages in one call, each faulted in by the pin.  Unlike
 * mlock-remote (the batch is another CPU's), nothing here needs another
 * CPU.  The batch references come into being inside the pin, so only
 * the drain tracepoint can tell what a drain removed.
 */
#include "../cases.h"
#include "../../prepare/buf.h"

static int stage2_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	/* The guest's memory exists, on the LRU, before crosvm maps it. */
	int err = gb_buf_settle_shared(b, rep);

	if (err)
		return err;
	/* Where the pages are: the locked mapping will show none of them. */
	err = gb_pagescan(rep->env->layout, b->addr, b->size, &b->before);
	if (err)
		return err;
	b->before_given = true;
	err = gb_buf_remap_locked_onfault(b);
	if (err)
		return err;
	/* The pin fills this CPU's mlock batch: holders stay off it. */
	rep->batch_cpu = rep->pin_cpu;
	return 0;
}

const struct gb_scenario gb_scenario_stage2_fault = {
	.name = "stage2-fault",
	.summary = "memfd pages on the LRU in an MLOCK_ONFAULT mapping, faulted in by the pin itself (pKVM's stage-2 fault; --size 4K: a page a call)",
	.truth = GB_DRAIN_IN_CALL,
	.supported = gb_mlock_supported,
	.prepare = stage2_prepare,
	.teardown = gb_buf_unmap,
};
