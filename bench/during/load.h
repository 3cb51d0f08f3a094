/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the batch-holder CPUs do while a pin call runs (--load): nothing
 * (idle), a SCHED_OTHER spin (busy), a SCHED_FIFO spin (fifo: DPDK-style
 * polling; the CPU's kworker runs only when RT throttling lets it), or
 * threads faulting and unmapping pages (faulters), or the isolated-CPU
 * spinner (spin: a polling thread that never enters the kernel, timing
 * its own loop with the vDSO clock and keeping every gap above
 * GB_SPIN_GAP_NS, the sysjitter/osnoise method).  Never on the pinning
 * CPU.  Every spin ends at the call's end, or at GB_LOAD_MAX_MS whatever
 * happens (the watchdog: a pin stuck behind a fifo spin is released).
 *
 * A spinner that stops drains its own CPU's LRU batches (an munmap()):
 * what CONFIG_NO_HZ_FULL_WORK does on an isolated CPU's next return to
 * user space.  Until then nothing drains them but a drain of all CPUs
 * that includes this one, so a pin that needs them waits for the
 * spinner (at worst its watchdog) under a drain that skips isolated CPUs.
 */
#ifndef GB_LOAD_H
#define GB_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gb_load_kind { GB_LOAD_IDLE, GB_LOAD_BUSY, GB_LOAD_FIFO, GB_LOAD_FAULTERS,
		    GB_LOAD_SPIN, GB_NR_LOADS };

extern const char *const gb_load_names[GB_NR_LOADS];

#define GB_LOAD_MAX_MS	3000
/*
 * A spin ends here at the latest: the longest a pin waits for a spinner's
 * own drain (a pin loops until then when a drain skipped its CPU).
 */
#define GB_SPIN_MAX_MS	1000
/* A spinner's loop slower than this was interrupted: a gap. */
#define GB_SPIN_GAP_NS	10000
/* Gaps a spinner keeps per call, the first ones (more are counted). */
#define GB_SPIN_MAX_GAPS	256

struct gb_spin_gap {
	uint64_t at, ns;	/* CLOCK_MONOTONIC start, length */
};

/* What one spinner saw in the last spin: read after gb_load_stop(). */
struct gb_spinner {
	int cpu, tid;
	bool watchdog;
	int nr_gaps;		/* kept in gaps[] */
	uint64_t gaps_total;	/* all of them */
	struct gb_spin_gap gaps[GB_SPIN_MAX_GAPS];
};

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
/*
 * The threads of the last gb_load_go() with their thread ids (for the
 * counters: what switched away from them) and, for spin, their gaps.
 * The count; out[] holds up to max.
 */
int gb_load_spinners(const struct gb_spinner **out, int max);

#endif
