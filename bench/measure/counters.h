/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel did during one pin call, counted with perf_event_open:
 * drains (kprobes on the pinning task), per-CPU drain works, IPIs and
 * migrations (tracepoints, system-wide), and hardware events (libpfm4).
 * A counter that could not be opened is reported as null with a reason.
 */
#ifndef GB_COUNTERS_H
#define GB_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>

#include "../gb.h"

enum gb_ctr {
#define CTR(id, ...) GB_CTR_##id,
#include "counters.def"
#undef CTR
	GB_CTR_NR
};

struct gb_ctr_info {
	const char *name;	/* JSON key */
	const char *unit;
	const char *source;	/* what the kernel counts it with */
};

extern const struct gb_ctr_info gb_ctr_info[GB_CTR_NR];

#define GB_MAX_HW	8

struct gb_hw_count {
	char name[64];
	struct gb_count count;	/* scaled when multiplexed */
	uint64_t enabled_ns;
	uint64_t running_ns;
};

#define GB_MAX_WORK_LAT	256

/* One lru_add_drain_per_cpu work of a pin call: queued, started, ended. */
struct gb_work_lat {
	int cpu;		/* the CPU it was queued to and ran on */
	bool started, ended;	/* seen executing / finishing in the call */
	uint64_t wait_ns;	/* queue -> execute_start */
	uint64_t run_ns;	/* execute_start -> execute_end */
};

/* Isolated CPUs kept apart per call; a machine with more: the first ones. */
#define GB_MAX_ISO	64

/*
 * What reached one isolated CPU in a pin call's window, from any task:
 * drain works queued to it and run on it, IPIs sent to it; and, where a
 * spinner (--load spin) ran on it, the IRQ entries it took and the
 * context switches away from the spinner.
 */
struct gb_iso_count {
	int cpu;
	int spinner_tid;	/* 0: no spinner on it in this call */
	uint64_t works_queued, works_run, ipis, irqs, switches;
};

struct gb_call_counts {
	struct gb_count c[GB_CTR_NR];
	int nr_hw;
	struct gb_hw_count hw[GB_MAX_HW];
	/* The drain works one by one; valid as the works_queued counter is. */
	int nr_works;
	struct gb_work_lat works[GB_MAX_WORK_LAT];
	/*
	 * Per isolated CPU; nr_iso 0 where none is isolated.  Each column
	 * is valid as its counter (works_queued_isolated, ...) is.
	 */
	int nr_iso;
	struct gb_iso_count iso[GB_MAX_ISO];
};

struct gb_counters_cfg {
	int tid;		/* the pinning thread */
	const char *hw_events;	/* libpfm4 names, comma separated, or "" */
	bool per_folio;		/* also the per-folio drain events (--drain-trace folio) */
	/* NUMA: OS CPU -> node (NULL: one node), and the pinning CPU. */
	const int *node_of;
	int pin_cpu;
	/* The isolated CPUs (sysfs), and whether any call runs a spinner. */
	const int *isolated;
	int nr_isolated;
	bool spinners;
};

struct gb_counters;

struct gb_counters *gb_counters_open(const struct gb_counters_cfg *cfg);
void gb_counters_close(struct gb_counters *c);
/* Why each counter is unavailable, or NULL when it is available. */
const char *gb_counters_reason(const struct gb_counters *c, enum gb_ctr id);
int gb_counters_hw(const struct gb_counters *c, struct gb_hw_count *out);

/*
 * The spinners of the next call (--load spin): their CPUs and thread
 * ids, n 0 for none.  Before gb_counters_begin().
 */
void gb_counters_spinners(struct gb_counters *c, const int *cpus,
			  const int *tids, int n);

/* Bracket one pin call: begin snapshots, end fills *out with deltas. */
void gb_counters_begin(struct gb_counters *c);
void gb_counters_end(struct gb_counters *c, struct gb_call_counts *out);

/*
 * Whether perf delivered a sample for every event it counted: per
 * system-wide source, read() totals against samples received, over the
 * counters' lifetime.  Losses perf reports (PERF_RECORD_LOST, in the
 * ring where they happened) null the counters of the call they fall in
 * and no other, so they explain missing samples without making anything
 * a lower bound.  Samples missing beyond what perf reported were dropped
 * silently (some kernels do, e.g. in hard-irq context on an otherwise
 * idle CPU): per-call values of those sources are lower bounds.
 */
#define GB_MAX_TALLY	24

struct gb_sampling_tally {
	int nr;
	uint64_t lost;		/* samples perf reported lost */
	uint64_t throttled;	/* throttle events (drops of unknown size) */
	struct {
		const char *source;
		uint64_t counted;
		uint64_t sampled;
	} s[GB_MAX_TALLY];
};

/*
 * Take and drop whatever the rings hold (between calls, after work that
 * makes many events, so the rings have room for the next call).
 */
void gb_counters_skip(struct gb_counters *c);

/*
 * Stop (pause) or restart counting and sampling the system-wide sources,
 * around work between calls that makes events by the thousand (ballast
 * pins): they would overflow the rings and hide silent drops among
 * reported ones.  Enabling a source on another CPU sends it an IPI,
 * which falls before the next call's window, never inside it.
 */
void gb_counters_pause(struct gb_counters *c, bool pause);
/*
 * Every source off (or back on), the counters staying open: for the
 * calls --counters interleave runs without them.  Closing and reopening
 * instead unmapped and faulted memory, which drained and refilled the
 * pinning CPU's LRU batch, so on and off calls saw other page states.
 */
void gb_counters_quiet(struct gb_counters *c, bool quiet);

/* Add this counters instance's totals into *t (call before close). */
void gb_counters_tally(struct gb_counters *c, struct gb_sampling_tally *t);
/* Samples counted but neither received nor reported lost. */
uint64_t gb_tally_silent(const struct gb_sampling_tally *t);
/* No silent drop: every per-call value not null is exact. */
bool gb_tally_complete(const struct gb_sampling_tally *t);

/* All counters null with the same reason (counters off for this call). */
void gb_counts_all_null(struct gb_call_counts *out, const char *reason);

#endif
