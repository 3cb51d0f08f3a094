// SPDX-License-Identifier: GPL-2.0
/*
 * Will Deacon's case: mlock2(MLOCK_ONFAULT), fault, pin at once.  Each
 * faulted folio is mlocked through the per-CPU mlock batch, which holds
 * a reference while the folio keeps its LRU flag, so the old
 * !folio_test_lru() check does not drain and migration fails.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../buf.h"

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT	0x01
#endif

static const char *mlock_supported(const struct gb_env *env, char *buf,
				   size_t len)
{
	if (env->root || env->memlock >= env->size)
		return NULL;
	snprintf(buf, len, "RLIMIT_MEMLOCK is %llu bytes, below the %zu-byte buffer: run as root or raise ulimit -l",
		 (unsigned long long)env->memlock, env->size);
	return buf;
}

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
	.supported = mlock_supported,
	.prepare = mlock_prepare,
	.teardown = gb_buf_unmap,	/* munmap munlocks */
};
