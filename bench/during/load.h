/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the batch-holder CPUs do while a pin call runs (--load): nothing
 * (idle), a SCHED_OTHER spin (busy), a SCHED_FIFO spin (fifo: DPDK-style
 * polling; the CPU's kworker runs only when RT throttling lets it), or
 * threads faulting and unmapping pages (faulters).  Never on the pinning
 * CPU.  Every spin ends at the call's end, or at GB_LOAD_MAX_MS whatever
 * happens (the watchdog: a pin stuck behind a fifo spin is released).
 */
#ifndef GB_LOAD_H
#define GB_LOAD_H

#include <stdbool.h>
#include <stddef.h>

enum gb_load_kind { GB_LOAD_IDLE, GB_LOAD_BUSY, GB_LOAD_FIFO, GB_LOAD_FAULTERS, GB_NR_LOADS };

extern const char *const gb_load_names[GB_NR_LOADS];

#define GB_LOAD_MAX_MS	3000

/* Why this load cannot run here (written into buf), or NULL. */
const char *gb_load_supported(enum gb_load_kind k, char *buf, size_t len);

/*
 * Threads for every CPU in cpus[] (made once, before any page state:
 * making a thread unmaps memory on the caller's CPU), parked.
 */
int gb_load_init(const int *cpus, int n);
/* Run kind on the first n of those CPUs until gb_load_stop(). */
int gb_load_go(enum gb_load_kind kind, const int *cpus, int n);
/* Stop and wait; true when a spin ended at its watchdog, not here. */
bool gb_load_stop(void);

#endif
