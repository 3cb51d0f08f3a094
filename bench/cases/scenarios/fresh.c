// SPDX-License-Identifier: GPL-2.0
/*
 * Fault on the pinning CPU just before the pin: the newest folios still
 * sit in this CPU's lru_add batch with a reference each (GB_FRESH_FOLIOS
 * of them), so a drain is needed (a local lru_add_drain() is enough).
 */
#include "../cases.h"
#include "../../prepare/buf.h"

static int fresh_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	int err = gb_buf_map_anon(b, rep->size, 0);

	if (!err) {
		gb_buf_fault_fresh(b);
		rep->batch_cpu = rep->pin_cpu;
	}
	return err;
}

const struct gb_scenario gb_scenario_fresh = {
	.name = "fresh",
	.summary = "anon pages faulted on the pinning CPU just before the pin",
	.truth = GB_DRAIN_NEEDED,
	.prepare = fresh_prepare,
	.teardown = gb_buf_unmap,
};
