/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Concurrent pinners (--pinners K): besides the measured pinning thread,
 * K-1 threads on the next CPUs of the spread order, each with its own
 * buffer in the same page state, pin at the same moment (released
 * together), so lru_add_drain_all() callers meet: one drains, the others
 * wait on its mutex and may ride on its drain.
 */
#ifndef GB_COPIN_H
#define GB_COPIN_H

#include <stdbool.h>
#include <stdint.h>

#include "../prepare/buf.h"
#include "../cases/cases.h"
#include "../measure/pagemap.h"
#include "../output/call_record.h"

/* Threads on cpus[0..n-1], parked; once per run.  0 or -errno. */
int gb_copin_init(const int *cpus, int n);
/*
 * Each co-pinner maps and prepares its buffer with the scenario, on its
 * own CPU (no second CPU: rep.remote_cpu is -1), and opens its handle
 * of the pinner.  0, or -errno with the buffers already torn down.
 */
int gb_copin_prepare(int n, const struct gb_pinner *p,
		     const struct gb_scenario *sc, const struct gb_env *env,
		     const struct gb_layout *l, enum gb_where want);
/* Let them pin, now; gb_copin_wait() collects the results. */
void gb_copin_release(void);
void gb_copin_wait(struct gb_copin_result *out);
/* Unpin, tear the buffers down, close the handles. */
void gb_copin_done(void);

#endif
