// SPDX-License-Identifier: GPL-2.0
/*
 * Will Deacon's case: mlock2(MLOCK_ONFAULT), fault, pin at once.  Each
 * faulted folio is mlocked through the per-CPU mlock batch, which holds
 * a reference.  A new anon folio goes in with mlock_new_folio(), before
 * it is on the LRU, so !folio_test_lru() drains too; and the batch is
 * this CPU's, which migrate_pages() drains itself after each mlocked
 * folio it moves.  mlock-remote is the case the old check fails.
 */
#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../cases.h"
#include "../../prepare/buf.h"

static int mlock_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	int err = gb_buf_map_anon(b, rep->size, 0);

	if (err)
		return err;
	if (syscall(SYS_mlock2, b->addr, b->size, MLOCK_ONFAULT))
		return -errno;
	b->mlocked = true;
	gb_buf_fault_fresh(b);
	rep->batch_cpu = rep->pin_cpu;
	return 0;
}

const struct gb_scenario gb_scenario_mlock_onfault = {
	.name = "mlock-onfault",
	.summary = "mlock2(MLOCK_ONFAULT), fault, pin at once (mlock batch refs)",
	.truth = GB_DRAIN_NEEDED,
	.supported = gb_mlock_supported,
	.prepare = mlock_prepare,
	.teardown = gb_buf_unmap,	/* munmap munlocks */
};
