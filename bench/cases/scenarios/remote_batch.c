// SPDX-License-Identifier: GPL-2.0
/*
 * Fault on another CPU, pin from this one: the batch references sit in
 * the other CPU's lru_add batch, so the local lru_add_drain() the new
 * code tries first cannot remove them and lru_add_drain_all() is needed.
 */
#include <stdio.h>

#include "../cases.h"
#include "../../prepare/buf.h"

static const char *remote_supported(const struct gb_env *env, char *buf,
				    size_t len)
{
	if (env->topo->nr_cpus >= 2)
		return NULL;
	snprintf(buf, len, "needs at least 2 usable CPUs, this process has %d",
		 env->topo->nr_cpus);
	return buf;
}

static int remote_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	int err = gb_buf_map_anon(b, rep->size, 0);

	if (!err)
		err = gb_buf_fault_fresh_on_cpu(b, rep->remote_cpu);
	rep->batch_cpu = rep->remote_cpu;
	return err;
}

const struct gb_scenario gb_scenario_remote_batch = {
	.name = "remote-batch",
	.summary = "anon pages faulted on another CPU just before the pin",
	.truth = GB_DRAIN_NEEDED,
	.supported = remote_supported,
	.prepare = remote_prepare,
	.teardown = gb_buf_unmap,
};
