// SPDX-License-Identifier: GPL-2.0
/*
 * Will Deacon's failure (seed 001) as pKVM meets it: guest memory is a
 * memfd that already has its pages, settled on the LRU; crosvm maps it
 * with mlock2(MLOCK_ONFAULT) and the pages are faulted into that mapping
 * on another CPU.  Mapping a folio that is on the LRU into a VM_LOCKED
 * vma mlocks it through mlock_folio(): the per-CPU mlock batch takes a
 * reference and the LRU flag stays set until the batch is processed.
 *
 * The batch is the other CPU's, so neither the local lru_add_drain()
 * the new check tries first nor the local mlock drain migrate_pages()
 * runs after each mlocked folio it moves can remove those references:
 * only lru_add_drain_all() can, and !folio_test_lru() never asks for it.
 * Expected: lru fails the pin (-ENOMEM), refcount does not.
 */
#include <stdio.h>

#include "../cases.h"
#include "../../prepare/buf.h"

static const char *mlock_remote_supported(const struct gb_env *env,
					  char *buf, size_t len)
{
	if (env->topo->nr_cpus < 2) {
		snprintf(buf, len, "needs at least 2 usable CPUs, this process has %d",
			 env->topo->nr_cpus);
		return buf;
	}
	return gb_mlock_supported(env, buf, len);
}

static int mlock_remote_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	/* The memory exists before the locked mapping does. */
	int err = gb_buf_settle_shared(b, rep);

	if (err)
		return err;
	err = gb_buf_remap_locked_onfault(b);
	if (err)
		return err;
	/*
	 * Write faults (no fault-around): each maps one folio and mlocks
	 * it.  The last GB_FRESH_FOLIOS stay in the other CPU's mlock batch.
	 */
	rep->batch_cpu = rep->remote_cpu;
	return gb_buf_fault_fresh_on_cpu(b, rep->remote_cpu);
}

const struct gb_scenario gb_scenario_mlock_remote = {
	.name = "mlock-remote",
	.summary = "memfd pages on the LRU faulted into an MLOCK_ONFAULT mapping on another CPU (mlock batch refs, LRU set)",
	.truth = GB_DRAIN_NEEDED,
	.supported = mlock_remote_supported,
	.prepare = mlock_remote_prepare,
	.teardown = gb_buf_unmap,
};
