/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the counters module, split by seam: counters_open.c opens the
 * perf sources (and declares the tables below), counters_window.c opens
 * and closes a call's window, counters_decode.c turns samples into the
 * call's state, counters_derive.c makes the per-call counters of
 * counters.def from it, counters_tally.c proves no sample went missing.
 * Nothing outside measure/counters_*.c includes this.
 */
#ifndef GB_COUNTERS_INT_H
#define GB_COUNTERS_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "counters.h"
#include "perf.h"
#include "tracepoint.h"
#include "../system/topo.h"

#define GB_RING_PAGES	256	/* 1 MiB a CPU: a 16 MiB ballast pin's events fit */
/* A pin that loops waiting for an isolated CPU drains every pass. */
#define GB_MAX_DRAINS	16384
/*
 * Local drains, more again: migrating an mlocked folio drains the local
 * batch once per folio (mm/migrate.c, PAGE_WAS_MLOCKED), so a 64 MiB pin
 * of mlocked memory makes 16,385 lru_add_drain() calls, each a sample of
 * the pinning task's.
 */
#define GB_MAX_LOCAL_DRAINS	65536
#define GB_TASK_RING_PAGES	1024	/* 4 MiB: those 65,536 samples fit */
#define GB_MAX_WORKS	65536
#define GB_DRAIN_WORK_FN	"lru_add_drain_per_cpu"

enum gb_src {
	GB_S_KP_DRAIN_ALL,		/* task sources first */
	GB_S_KRP_DRAIN_ALL,
	GB_S_KP_DRAIN,
	GB_S_TP_QUEUE_WORK,	/* then per-CPU sources */
	GB_S_TP_EXEC_START,
	GB_S_TP_EXEC_END,
	GB_S_TP_IPI_CPU,
	GB_S_TP_IPI_MASK,
	GB_S_TP_CALL_FN,
	GB_S_TP_CALL_FN_SINGLE,
	GB_S_TP_RESCHED,
	GB_S_TP_MIGRATE,
	GB_S_TP_MIGRATE_START,
	GB_S_TP_GUP_DRAIN,
	GB_S_TP_GUP_CALL,
	GB_S_KP_DRAIN_ALL_ANY,
	GB_S_TP_LOCAL_TIMER,	/* opened for spinners (--load spin) only */
	GB_S_TP_SCHED_SWITCH,
	GB_S_NR
};

#define GB_S_FIRST_CPU	GB_S_TP_QUEUE_WORK

enum gb_src_kind { GB_K_KPROBE, GB_K_KRETPROBE, GB_K_TRACEPOINT };

/*
 * System-wide sources are all sampled (period 1) and counted per call
 * from their ring buffers by timestamp, never read() per call: reading
 * a counter that is active on another CPU makes the kernel send that
 * CPU an IPI, which the IPI counters would then count.  They are read()
 * once at the end (gb_counters_tally) to prove no sample went missing.
 * Task sources run on the pinning thread's own CPU and are read()
 * locally around each call.
 */

struct gb_src_def {
	const char *name;
	enum gb_src_kind kind;
	bool sampled;
};
extern const struct gb_src_def gb_src_defs[GB_S_NR];


enum gb_ctr_flags {
	GB_CTR_READ = 1, GB_CTR_DRAIN_FN = 2,
	GB_CTR_ISOLATED = 4,	/* null where no CPU is isolated */
	GB_CTR_SPINNER = 8,	/* null in a call no spinner ran beside */
};

/* Which sources each counter is made from, and how. */
struct gb_ctr_def {
	unsigned flags;
	enum gb_src deps[7];	/* up to six, then GB_S_NR */
};
extern const struct gb_ctr_def gb_ctr_defs[GB_CTR_NR];

/* The CTR_SUM counters: which field of which source each adds up. */
struct gb_ctr_sum {
	enum gb_ctr id;
	enum gb_src src;
	const char *field;
};
extern const struct gb_ctr_sum gb_ctr_sums[];
extern const int gb_nr_ctr_sums;

/* Counters that need the address of lru_add_drain_per_cpu. */
static inline bool ctr_needs_drain_fn(enum gb_ctr id)
{
	return gb_ctr_defs[id].flags & GB_CTR_DRAIN_FN;
}

struct gb_drain_span {
	uint64_t entry, exit;
};

#define GB_MAX_SPANS	1024

struct gb_gd_tally {
	uint64_t folios, local, all, ns, needed, fp;
	uint64_t fp_all;		/* the all-CPU drains among fp */
	uint64_t excess;		/* folios seen with excess references */
};

struct gb_call_state {
	uint64_t t_begin, t_end;
	struct gb_drain_span drains[GB_MAX_DRAINS];
	int nr_drains;
	uint64_t work_times[GB_MAX_WORKS];
	int nr_works;
	uint64_t local_drains[GB_MAX_LOCAL_DRAINS];	/* lru_add_drain() entry times */
	int nr_local;
	struct gb_drain_span migrations[GB_MAX_SPANS];	/* migrate_pages() */
	int nr_migrations;
	bool overflow;
	uint64_t works_ns, ipi_targets, mig_calls, mig_ok, mig_failed;
	uint64_t works_other_node, ipis_other_node;
	uint64_t works_pin, ipis_pin, ipis_pin_drain_all;	/* sent by the pinning task */
	uint64_t sum[GB_CTR_NR];	/* the CTR_SUM counters, by id */
	/*
	 * The drain decisions, pinning task only: gd from the per-call
	 * event (or the per-folio ones where the kernel has no per-call
	 * event); pf from the per-folio events beside it (--drain-trace
	 * folio), which must add up to the same.
	 */
	struct gb_gd_tally gd, pf;
	uint64_t hits[GB_S_NR];		/* samples per source in the window */
	bool discarding;		/* draining old samples: count only */
	uint64_t exec_start[GB_MAX_CPUS];	/* per CPU, 0 = none */
	uint64_t exec_work[GB_MAX_CPUS];
	/*
	 * The drain works' events, paired at the end: each CPU's ring is
	 * read in turn, so a work's start may be read before its queueing.
	 */
	struct gb_work_ev { uint64_t work, time; int cpu; uint32_t tid; bool used; }
		wq[GB_MAX_WORK_LAT], ws[GB_MAX_WORK_LAT], we[GB_MAX_WORK_LAT];
	int nr_wq, nr_ws, nr_we;
	/* Every task's lru_add_drain_all() calls: who asked. */
	uint32_t any_drain_tid[GB_MAX_WORK_LAT];
	int nr_any_drains;
	/* What reached each isolated CPU (by its slot, gb_counters.iso_slot). */
	struct gb_iso_count iso[GB_MAX_ISO];
	uint64_t spin_irqs, spin_switches;	/* on every spinner's CPU */
	uint64_t iso_ipis_drain_all;	/* to isolated CPUs, from the pin's drain */
	uint64_t iso_works_pin;		/* queued to isolated CPUs by the pin */
};

struct gb_counters {
	int tid;
	int nr_cpus;
	int cpus[GB_MAX_CPUS];
	int fd[GB_S_NR][GB_MAX_CPUS];	/* task sources use [0] */
	char reason[GB_S_NR][GB_REASON_MAX];
	char drain_fn_reason[GB_REASON_MAX];
	char ctr_reason[GB_CTR_NR][GB_REASON_MAX];
	uint64_t drain_fn;
	struct gb_tp_field f_qw_work, f_qw_cpu;
	struct gb_tp_field f_ipi_cpu;
	int node_of[GB_MAX_CPUS];	/* OS CPU -> NUMA node */
	int home_node;			/* the pinning CPU's */
	struct gb_tp_field f_qw_fn, f_es_work, f_es_fn, f_ee_work, f_mask,
			   f_mig_ok, f_mig_failed, f_mig_reason;
	struct gb_tp_field f_gd_ref, f_gd_expected, f_gd_pin_refs,
			   f_gd_ref_after, f_gd_decision, f_gd_ns;
	/*
	 * gup:gup_longterm_drain's "cacheable" (folio_may_be_lru_cached()):
	 * kernels built with the suite's patches before it have none, and
	 * every folio counts as cacheable there, as their call event did.
	 */
	struct gb_tp_field f_gd_cacheable;
	bool gd_has_cacheable;
	struct gb_tp_field f_gc_folios, f_gc_excess, f_gc_local, f_gc_all,
			   f_gc_needed, f_gc_fp, f_gc_fp_all, f_gc_ns;
	struct gb_tp_field sum_field[GB_CTR_NR];	/* the CTR_SUM counters' */
	struct gb_tp_field f_ss_prev_pid;	/* sched:sched_switch */
	/* Isolated CPUs: OS CPU -> slot in call.iso (-1: not isolated). */
	int iso_slot[GB_MAX_CPUS];
	int nr_iso;
	/* The spinners of the next call (gb_counters_spinners): CPU -> tid, 0 none. */
	int spin_tid[GB_MAX_CPUS];
	int spin_cpu[GB_MAX_CPUS];
	int nr_spinners;
	bool folio_feeds;	/* no per-call event: counted from per-folio */
	bool both;		/* per-call and per-folio events, cross-checked */
	long longterm_pin_reason;

	int ring_fd[GB_MAX_CPUS];	/* per CPU: the fd its ring is mapped on */
	struct gb_ring ring[GB_MAX_CPUS];
	struct gb_ring task_ring;
	bool task_ring_mapped;

	/*
	 * Every sampling event's perf id and its source, in the order
	 * opened; searched linearly (a few dozen, per sample header).
	 */
	uint64_t *ids;
	unsigned char *id_src;
	int nr_ids;

	uint64_t before[GB_S_NR], after[GB_S_NR];
	uint64_t lost_before;
	uint64_t sampled[GB_S_NR];		/* every sample ever received */

	int nr_hw;
	int hw_fd[GB_MAX_HW];
	char hw_name[GB_MAX_HW][64];
	char hw_reason[GB_MAX_HW][GB_REASON_MAX];
	uint64_t hw_before[GB_MAX_HW], hw_en_before, hw_run_before;
	struct gb_group_read hw_read;

	struct gb_call_state call;
	char call_reason[GB_REASON_MAX];
	/* Why this call's local drains are unknown, with the two numbers. */
	char drain_reason[GB_REASON_MAX];
};

/* counters_decode.c: ring callbacks, and the drain works paired. */
void gb_ctr_task_sample(const struct gb_sample *s, void *arg);
void gb_ctr_cpu_sample(const struct gb_sample *s, void *arg);
void gb_ctr_pair_works(struct gb_call_state *st, struct gb_call_counts *out,
		       uint64_t *wait_max, uint64_t *lat_max);
/* counters_window.c */
void gb_ctr_read_task(struct gb_counters *c, uint64_t *sums);
int gb_ctr_hw_leader(const struct gb_counters *c);
uint64_t gb_ctr_total_lost(const struct gb_counters *c);
/* counters_open.c: which source a perf sample id belongs to, or -1. */
int gb_ctr_src_of_id(const struct gb_counters *c, uint64_t id);

#endif
