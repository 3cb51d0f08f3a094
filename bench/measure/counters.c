// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "counters.h"
#include "perf.h"
#include "pfm.h"
#include "../system/sys.h"
#include "../system/topo.h"
#include "tracepoint.h"

#define RING_PAGES	256	/* 1 MiB a CPU: a 16 MiB ballast pin's events fit */
#define MAX_DRAINS	4096
#define MAX_WORKS	65536
#define DRAIN_WORK_FN	"lru_add_drain_per_cpu"

const struct gb_ctr_info gb_ctr_info[GB_CTR_NR] = {
#define CTR(id, nm, un, src, ...) [GB_CTR_##id] = { nm, un, src },
#include "counters.def"
#undef CTR
};

enum src {
	S_KP_DRAIN_ALL,		/* task sources first */
	S_KRP_DRAIN_ALL,
	S_KP_DRAIN,
	S_TP_QUEUE_WORK,	/* then per-CPU sources */
	S_TP_EXEC_START,
	S_TP_EXEC_END,
	S_TP_IPI_CPU,
	S_TP_IPI_MASK,
	S_TP_CALL_FN,
	S_TP_CALL_FN_SINGLE,
	S_TP_RESCHED,
	S_TP_MIGRATE,
	S_TP_MIGRATE_START,
	S_TP_GUP_DRAIN,
	S_TP_GUP_CALL,
	S_KP_DRAIN_ALL_ANY,
	S_NR
};

#define S_FIRST_CPU	S_TP_QUEUE_WORK

enum src_kind { K_KPROBE, K_KRETPROBE, K_TRACEPOINT };

/*
 * System-wide sources are all sampled (period 1) and counted per call
 * from their ring buffers by timestamp, never read() per call: reading
 * a counter that is active on another CPU makes the kernel send that
 * CPU an IPI, which the IPI counters would then count.  They are read()
 * once at the end (gb_counters_tally) to prove no sample went missing.
 * Task sources run on the pinning thread's own CPU and are read()
 * locally around each call.
 */

static const struct {
	const char *name;
	enum src_kind kind;
	bool sampled;
} src_defs[S_NR] = {
	[S_KP_DRAIN_ALL] = { "lru_add_drain_all", K_KPROBE, true },
	[S_KRP_DRAIN_ALL] = { "lru_add_drain_all", K_KRETPROBE, true },
	[S_KP_DRAIN] = { "lru_add_drain", K_KPROBE, true },
	[S_TP_QUEUE_WORK] = { "workqueue:workqueue_queue_work", K_TRACEPOINT, true },
	[S_TP_EXEC_START] = { "workqueue:workqueue_execute_start", K_TRACEPOINT, true },
	[S_TP_EXEC_END] = { "workqueue:workqueue_execute_end", K_TRACEPOINT, true },
	[S_TP_IPI_CPU] = { "ipi:ipi_send_cpu", K_TRACEPOINT, true },
	[S_TP_IPI_MASK] = { "ipi:ipi_send_cpumask", K_TRACEPOINT, true },
	[S_TP_CALL_FN] = { "irq_vectors:call_function_entry", K_TRACEPOINT, true },
	[S_TP_CALL_FN_SINGLE] = { "irq_vectors:call_function_single_entry", K_TRACEPOINT, true },
	[S_TP_RESCHED] = { "irq_vectors:reschedule_entry", K_TRACEPOINT, true },
	[S_TP_MIGRATE] = { "migrate:mm_migrate_pages", K_TRACEPOINT, true },
	[S_TP_MIGRATE_START] = { "migrate:mm_migrate_pages_start", K_TRACEPOINT, true },
	[S_TP_GUP_DRAIN] = { "gup:gup_longterm_drain", K_TRACEPOINT, true },
	[S_TP_GUP_CALL] = { "gup:gup_longterm_drain_call", K_TRACEPOINT, true },
	/* Every task's calls, for concurrent pinners (--pinners). */
	[S_KP_DRAIN_ALL_ANY] = { "lru_add_drain_all", K_KPROBE, true },
};

enum ctr_flags { CTR_READ = 1, CTR_DRAIN_FN = 2 };

/* Which sources each counter is made from, and how. */
static const struct {
	unsigned flags;
	enum src deps[4];
} ctr_defs[GB_CTR_NR] = {
#define CTR(id, nm, un, src, fl, ...) [GB_CTR_##id] = { fl, { __VA_ARGS__, S_NR } },
#include "counters.def"
#undef CTR
};

/* Counters that need the address of lru_add_drain_per_cpu. */
static bool ctr_needs_drain_fn(enum gb_ctr id)
{
	return ctr_defs[id].flags & CTR_DRAIN_FN;
}

struct drain_span {
	uint64_t entry, exit;
};

#define MAX_SPANS	1024

struct gd_tally {
	uint64_t folios, local, all, ns, needed, fp;
	uint64_t fp_all;		/* the all-CPU drains among fp */
	uint64_t excess;		/* folios seen with excess references */
};

struct call_state {
	uint64_t t_begin, t_end;
	struct drain_span drains[MAX_DRAINS];
	int nr_drains;
	uint64_t work_times[MAX_WORKS];
	int nr_works;
	uint64_t local_drains[MAX_DRAINS];	/* lru_add_drain() entry times */
	int nr_local;
	struct drain_span migrations[MAX_SPANS];	/* migrate_pages() */
	int nr_migrations;
	bool overflow;
	uint64_t works_ns, ipi_targets, mig_calls, mig_ok, mig_failed;
	/*
	 * The drain decisions, pinning task only: gd from the per-call
	 * event (or the per-folio ones where the kernel has no per-call
	 * event); pf from the per-folio events beside it (--drain-trace
	 * folio), which must add up to the same.
	 */
	struct gd_tally gd, pf;
	uint64_t hits[S_NR];		/* samples per source in the window */
	bool discarding;		/* draining old samples: count only */
	uint64_t exec_start[GB_MAX_CPUS];	/* per CPU, 0 = none */
	uint64_t exec_work[GB_MAX_CPUS];
	/*
	 * The drain works' events, paired at the end: each CPU's ring is
	 * read in turn, so a work's start may be read before its queueing.
	 */
	struct work_ev { uint64_t work, time; int cpu; uint32_t tid; bool used; }
		wq[GB_MAX_WORK_LAT], ws[GB_MAX_WORK_LAT], we[GB_MAX_WORK_LAT];
	int nr_wq, nr_ws, nr_we;
	/* Every task's lru_add_drain_all() calls: who asked. */
	uint32_t any_drain_tid[GB_MAX_WORK_LAT];
	int nr_any_drains;
};

struct gb_counters {
	int tid;
	int nr_cpus;
	int cpus[GB_MAX_CPUS];
	int fd[S_NR][GB_MAX_CPUS];	/* task sources use [0] */
	char reason[S_NR][GB_REASON_MAX];
	char drain_fn_reason[GB_REASON_MAX];
	char ctr_reason[GB_CTR_NR][GB_REASON_MAX];
	uint64_t drain_fn;
	struct gb_tp_field f_qw_work, f_qw_cpu;
	struct gb_tp_field f_qw_fn, f_es_work, f_es_fn, f_ee_work, f_mask,
			   f_mig_ok, f_mig_failed, f_mig_reason;
	struct gb_tp_field f_gd_ref, f_gd_expected, f_gd_pin_refs,
			   f_gd_ref_after, f_gd_decision, f_gd_ns;
	struct gb_tp_field f_gc_folios, f_gc_excess, f_gc_local, f_gc_all,
			   f_gc_needed, f_gc_fp, f_gc_fp_all, f_gc_ns;
	bool folio_feeds;	/* no per-call event: counted from per-folio */
	bool both;		/* per-call and per-folio events, cross-checked */
	long longterm_pin_reason;

	int ring_fd[GB_MAX_CPUS];	/* per CPU: the fd its ring is mapped on */
	struct gb_ring ring[GB_MAX_CPUS];
	struct gb_ring task_ring;
	bool task_ring_mapped;

	uint64_t *ids;			/* sorted perf ids ... */
	unsigned char *id_src;		/* ... and their source */
	int nr_ids;

	uint64_t before[S_NR], after[S_NR];
	uint64_t lost_before;
	uint64_t sampled[S_NR];		/* every sample ever received */

	int nr_hw;
	int hw_fd[GB_MAX_HW];
	char hw_name[GB_MAX_HW][64];
	char hw_reason[GB_MAX_HW][GB_REASON_MAX];
	uint64_t hw_before[GB_MAX_HW], hw_en_before, hw_run_before;
	struct gb_group_read hw_read;

	struct call_state call;
	char call_reason[GB_REASON_MAX];
};

static void set_reason(char *dst, const char *fmt, const char *a, int err)
{
	snprintf(dst, GB_REASON_MAX, fmt, a, gb_errno_hint(-err));
}

static int open_source(struct gb_counters *c, enum src s, int cpu,
		       int group_fd, const char *tracefs)
{
	struct perf_event_attr attr;
	int retbit, err;
	uint32_t type;
	long id;

	memset(&attr, 0, sizeof(attr));
	attr.read_format = GB_READ_FORMAT;
	/* Group members must share the leader's clock, sampled or not. */
	attr.use_clockid = 1;
	attr.clockid = CLOCK_MONOTONIC;
	if (src_defs[s].sampled) {
		attr.sample_period = 1;
		attr.sample_type = GB_SAMPLE_TYPE;
	}
	/*
	 * A system-wide source counts from the moment it opens but has no
	 * ring until its CPU's sources are opened and redirected: events in
	 * between are counted and never sampled.  Opening an event on
	 * another CPU is itself a cross-CPU call (an IPI), so the IPI
	 * counters always lost some that way and the end-of-run tally made
	 * them lower bounds.  They start disabled; enable_cpu() starts them
	 * once they have a ring.
	 */
	attr.disabled = s >= S_FIRST_CPU;
	if (src_defs[s].kind == K_TRACEPOINT) {
		id = gb_tp_id(tracefs, src_defs[s].name);
		if (id < 0)
			return (int)id;
		attr.type = PERF_TYPE_TRACEPOINT;
		attr.config = (uint64_t)id;
		return gb_perf_open(&attr, -1, cpu, group_fd);
	}
	err = gb_perf_pmu_type("kprobe", &type);
	if (err)
		return err;
	attr.type = type;
	if (src_defs[s].kind == K_KRETPROBE) {
		err = gb_perf_pmu_format_bit("kprobe", "retprobe", &retbit);
		if (err)
			return err;
		attr.config = 1ull << retbit;
	}
	attr.config1 = (uint64_t)(uintptr_t)src_defs[s].name;
	/* A system-wide kprobe counts every task, per CPU. */
	if (s >= S_FIRST_CPU)
		return gb_perf_open(&attr, -1, cpu, group_fd);
	return gb_perf_open(&attr, c->tid, -1, group_fd);
}

static void source_failed(struct gb_counters *c, enum src s, int err,
			  const char *tracefs)
{
	const char *what = src_defs[s].name;

	if (src_defs[s].kind != K_TRACEPOINT && err == -ENOENT)
		snprintf(c->reason[s], GB_REASON_MAX,
			 "no kprobe PMU (/sys/bus/event_source/devices/kprobe): needs CONFIG_KPROBES and CONFIG_KPROBE_EVENTS");
	else if (src_defs[s].kind == K_TRACEPOINT && !tracefs)
		snprintf(c->reason[s], GB_REASON_MAX,
			 "tracefs is not mounted and cannot be (needs root and CONFIG_FTRACE)");
	else if ((s == S_TP_GUP_DRAIN || s == S_TP_GUP_CALL) && err == -ENOENT)
		snprintf(c->reason[s], GB_REASON_MAX,
			 "no %s tracepoint: a kernel with kernel-configs/patches/0002 has it",
			 what);
	else if (src_defs[s].kind == K_TRACEPOINT && err == -ENOENT)
		snprintf(c->reason[s], GB_REASON_MAX,
			 "tracepoint %s is not in this kernel", what);
	else
		set_reason(c->reason[s], "perf_event_open(%s): %s", what, err);
}

static int add_id(struct gb_counters *c, int fd, enum src s)
{
	uint64_t id;
	int err = gb_perf_id(fd, &id);

	if (err)
		return err;
	c->ids = realloc(c->ids, (size_t)(c->nr_ids + 1) * sizeof(*c->ids));
	c->id_src = realloc(c->id_src, (size_t)(c->nr_ids + 1));
	if (!c->ids || !c->id_src)
		return -ENOMEM;
	c->ids[c->nr_ids] = id;
	c->id_src[c->nr_ids] = (unsigned char)s;
	c->nr_ids++;
	return 0;
}

static int src_of_id(const struct gb_counters *c, uint64_t id)
{
	int i;

	/* Few ids per CPU; a linear scan is cheap next to a pin call. */
	for (i = 0; i < c->nr_ids; i++)
		if (c->ids[i] == id)
			return c->id_src[i];
	return -1;
}

static void close_source(struct gb_counters *c, enum src s)
{
	int i;

	for (i = 0; i < GB_MAX_CPUS; i++)
		if (c->fd[s][i] >= 0) {
			close(c->fd[s][i]);
			c->fd[s][i] = -1;
		}
}

static void open_task_sources(struct gb_counters *c)
{
	int leader = -1, err;
	enum src s;

	for (s = S_KP_DRAIN_ALL; s < S_FIRST_CPU; s++) {
		err = open_source(c, s, -1, leader, NULL);
		if (err < 0) {
			source_failed(c, s, err, NULL);
			continue;
		}
		c->fd[s][0] = err;
		if (leader < 0)
			leader = err;
		if (add_id(c, err, s))
			source_failed(c, s, -EIO, NULL);
	}
	if (leader < 0)
		return;
	err = gb_ring_map(&c->task_ring, leader, RING_PAGES);
	if (err) {
		for (s = S_KP_DRAIN_ALL; s < S_FIRST_CPU; s++)
			if (src_defs[s].sampled && c->fd[s][0] >= 0)
				set_reason(c->reason[s], "mmap(%s): %s",
					   src_defs[s].name, err);
		return;
	}
	c->task_ring_mapped = true;
	for (s = S_KP_DRAIN_ALL; s < S_FIRST_CPU; s++)
		if (src_defs[s].sampled && c->fd[s][0] >= 0 &&
		    c->fd[s][0] != leader &&
		    ioctl(c->fd[s][0], PERF_EVENT_IOC_SET_OUTPUT, leader))
			set_reason(c->reason[s], "PERF_EVENT_IOC_SET_OUTPUT(%s): %s",
				   src_defs[s].name, -errno);
}

/* CPU i's sources that have a ring start counting (see open_source). */
static void enable_cpu(struct gb_counters *c, int i)
{
	enum src s;

	for (s = S_FIRST_CPU; s < S_NR; s++)
		if (c->fd[s][i] >= 0 && !c->reason[s][0] &&
		    ioctl(c->fd[s][i], PERF_EVENT_IOC_ENABLE, 0))
			set_reason(c->reason[s], "PERF_EVENT_IOC_ENABLE(%s): %s",
				   src_defs[s].name, -errno);
}

static void open_cpu_sources(struct gb_counters *c, const char *tracefs)
{
	int i, err;
	enum src s;

	for (i = 0; i < c->nr_cpus; i++) {
		int owner = -1;

		for (s = S_FIRST_CPU; s < S_NR; s++) {
			if (c->reason[s][0] || (s == S_TP_GUP_CALL && c->folio_feeds))
				continue;
			err = open_source(c, s, c->cpus[i], -1, tracefs);
			if (err < 0) {
				source_failed(c, s, err, tracefs);
				continue;
			}
			c->fd[s][i] = err;
			if (owner < 0)
				owner = err;
			if (add_id(c, err, s))
				source_failed(c, s, -EIO, tracefs);
		}
		c->ring_fd[i] = owner;
		if (owner < 0)
			continue;
		err = gb_ring_map(&c->ring[i], owner, RING_PAGES);
		for (s = S_FIRST_CPU; s < S_NR; s++) {
			int fd = c->fd[s][i];

			if (!src_defs[s].sampled || fd < 0 || c->reason[s][0])
				continue;
			if (err)
				set_reason(c->reason[s], "mmap(%s): %s",
					   src_defs[s].name, err);
			else if (fd != owner &&
				 ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, owner))
				set_reason(c->reason[s],
					   "PERF_EVENT_IOC_SET_OUTPUT(%s): %s",
					   src_defs[s].name, -errno);
		}
		enable_cpu(c, i);
	}
}

/*
 * The drain decisions come from gup:gup_longterm_drain_call, one sample
 * per pin attempt; the per-folio gup:gup_longterm_drain (a sample per
 * folio: about 8% of a migrating pin under QEMU) only with --drain-trace
 * folio, where both are counted and must agree, or on a kernel whose
 * patch predates the per-call event, where the per-folio events feed the
 * counters.  Chosen before anything opens.
 */
static void choose_drain_events(struct gb_counters *c,
				const struct gb_counters_cfg *cfg,
				const char *tracefs)
{
	bool call = tracefs && gb_tp_id(tracefs, src_defs[S_TP_GUP_CALL].name) >= 0;
	bool folio = tracefs && gb_tp_id(tracefs, src_defs[S_TP_GUP_DRAIN].name) >= 0;

	if (!call && folio) {
		c->folio_feeds = true;	/* S_TP_GUP_CALL stays closed */
		return;
	}
	if (call && !cfg->per_folio)
		snprintf(c->reason[S_TP_GUP_DRAIN], GB_REASON_MAX,
			 "per-folio drain events not opened (--drain-trace folio opens them)");
	c->both = call && folio && cfg->per_folio;
}

static void lookup_fields(struct gb_counters *c, const char *tracefs)
{
	static const struct {
		enum src s;
		const char *field;
		size_t off;
	} f[] = {
		{ S_TP_QUEUE_WORK, "function", offsetof(struct gb_counters, f_qw_fn) },
		{ S_TP_QUEUE_WORK, "work", offsetof(struct gb_counters, f_qw_work) },
		{ S_TP_QUEUE_WORK, "cpu", offsetof(struct gb_counters, f_qw_cpu) },
		{ S_TP_EXEC_START, "work", offsetof(struct gb_counters, f_es_work) },
		{ S_TP_EXEC_START, "function", offsetof(struct gb_counters, f_es_fn) },
		{ S_TP_EXEC_END, "work", offsetof(struct gb_counters, f_ee_work) },
		{ S_TP_IPI_MASK, "cpumask", offsetof(struct gb_counters, f_mask) },
		{ S_TP_MIGRATE, "succeeded", offsetof(struct gb_counters, f_mig_ok) },
		{ S_TP_MIGRATE, "failed", offsetof(struct gb_counters, f_mig_failed) },
		{ S_TP_MIGRATE, "reason", offsetof(struct gb_counters, f_mig_reason) },
		{ S_TP_GUP_DRAIN, "ref_count", offsetof(struct gb_counters, f_gd_ref) },
		{ S_TP_GUP_DRAIN, "expected", offsetof(struct gb_counters, f_gd_expected) },
		{ S_TP_GUP_DRAIN, "pin_refs", offsetof(struct gb_counters, f_gd_pin_refs) },
		{ S_TP_GUP_DRAIN, "ref_after", offsetof(struct gb_counters, f_gd_ref_after) },
		{ S_TP_GUP_DRAIN, "decision", offsetof(struct gb_counters, f_gd_decision) },
		{ S_TP_GUP_DRAIN, "drain_ns", offsetof(struct gb_counters, f_gd_ns) },
		{ S_TP_GUP_CALL, "folios", offsetof(struct gb_counters, f_gc_folios) },
		{ S_TP_GUP_CALL, "excess", offsetof(struct gb_counters, f_gc_excess) },
		{ S_TP_GUP_CALL, "local", offsetof(struct gb_counters, f_gc_local) },
		{ S_TP_GUP_CALL, "all", offsetof(struct gb_counters, f_gc_all) },
		{ S_TP_GUP_CALL, "needed", offsetof(struct gb_counters, f_gc_needed) },
		{ S_TP_GUP_CALL, "false_positive", offsetof(struct gb_counters, f_gc_fp) },
		{ S_TP_GUP_CALL, "false_positive_all", offsetof(struct gb_counters, f_gc_fp_all) },
		{ S_TP_GUP_CALL, "drain_ns", offsetof(struct gb_counters, f_gc_ns) },
	};
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(f); i++) {
		struct gb_tp_field *out = (void *)((char *)c + f[i].off);

		/* A missing event gets its reason when it fails to open. */
		if (c->reason[f[i].s][0] ||
		    gb_tp_id(tracefs, src_defs[f[i].s].name) < 0)
			continue;
		if (gb_tp_field(tracefs, src_defs[f[i].s].name, f[i].field,
				out))
			snprintf(c->reason[f[i].s], GB_REASON_MAX,
				 "tracepoint %s has no field %s",
				 src_defs[f[i].s].name, f[i].field);
	}
	if (!c->reason[S_TP_MIGRATE][0] &&
	    gb_tp_symbolic(tracefs, src_defs[S_TP_MIGRATE].name,
			   "longterm_pin", &c->longterm_pin_reason))
		snprintf(c->reason[S_TP_MIGRATE], GB_REASON_MAX,
			 "migrate:mm_migrate_pages has no longterm_pin reason");
}

static void open_hw(struct gb_counters *c, const char *events)
{
	char list[512], *save = NULL, *name;
	int leader = -1;

	snprintf(list, sizeof(list), "%s", events ? events : "");
	for (name = strtok_r(list, ",", &save); name && c->nr_hw < GB_MAX_HW;
	     name = strtok_r(NULL, ",", &save)) {
		int i = c->nr_hw++, fd;
		struct perf_event_attr attr;
		struct gb_pfm_event ev;

		snprintf(c->hw_name[i], sizeof(c->hw_name[i]), "%s", name);
		c->hw_fd[i] = -1;
		if (gb_pfm_encode(name, &ev, c->hw_reason[i], GB_REASON_MAX))
			continue;
		memset(&attr, 0, sizeof(attr));
		attr.type = ev.type;
		attr.config = ev.config;
		attr.config1 = ev.config1;
		attr.config2 = ev.config2;
		attr.exclude_user = ev.exclude_user;
		attr.exclude_kernel = ev.exclude_kernel;
		attr.exclude_hv = ev.exclude_hv;
		attr.read_format = GB_READ_FORMAT;
		fd = gb_perf_open(&attr, c->tid, -1, leader);
		if (fd < 0) {
			snprintf(c->hw_reason[i], GB_REASON_MAX,
				 "perf_event_open(%s): %s (no hardware counters here, e.g. a VM without a vPMU)",
				 name, strerror(-fd));
			continue;
		}
		c->hw_fd[i] = fd;
		if (leader < 0)
			leader = fd;
	}
}

static void derive_reasons(struct gb_counters *c)
{
	int id, k;

	for (id = 0; id < GB_CTR_NR; id++) {
		for (k = 0; ctr_defs[id].deps[k] != S_NR; k++) {
			enum src s = ctr_defs[id].deps[k];

			if (c->reason[s][0]) {
				memcpy(c->ctr_reason[id], c->reason[s],
				       GB_REASON_MAX);
				break;
			}
		}
		if (!c->ctr_reason[id][0] && ctr_needs_drain_fn(id) &&
		    c->drain_fn_reason[0])
			memcpy(c->ctr_reason[id], c->drain_fn_reason,
			       GB_REASON_MAX);
	}
}

/* /proc/kallsyms is long: read it once, however often counters reopen. */
static int drain_fn_addr(uint64_t *addr)
{
	static uint64_t cached;
	static int err = 1;

	if (err == 1)
		err = gb_kallsyms_addr("/proc/kallsyms", DRAIN_WORK_FN, &cached);
	*addr = cached;
	return err;
}

struct gb_counters *gb_counters_open(const struct gb_counters_cfg *cfg)
{
	struct gb_counters *c = calloc(1, sizeof(*c));
	const char *tracefs;
	char online[4096];
	int i, err;

	if (!c)
		return NULL;
	c->tid = cfg->tid;
	/*
	 * Fault the per-call state in now (calloc's pages are untouched):
	 * hundreds of first-touch faults in the first call's begin filled
	 * the pinning CPU's LRU batch and flushed the scenario's folios.
	 */
	memset(&c->call, 0, sizeof(c->call));
	memset(c->fd, -1, sizeof(c->fd));
	for (i = 0; i < GB_MAX_CPUS; i++)
		c->ring_fd[i] = -1;
	if (gb_read_file("/sys/devices/system/cpu/online", online,
			 sizeof(online)) > 0)
		c->nr_cpus = gb_parse_cpu_list(online, c->cpus, GB_MAX_CPUS);
	/* More CPUs than it keeps rings for: the first GB_MAX_CPUS. */
	if (c->nr_cpus > GB_MAX_CPUS)
		c->nr_cpus = GB_MAX_CPUS;
	if (c->nr_cpus <= 0) {
		c->nr_cpus = 1;
		c->cpus[0] = 0;
	}

	tracefs = gb_tracefs();
	err = drain_fn_addr(&c->drain_fn);
	if (err == -EPERM)
		snprintf(c->drain_fn_reason, GB_REASON_MAX,
			 "/proc/kallsyms hides addresses (kernel.kptr_restrict, or not root): cannot tell " DRAIN_WORK_FN " works apart");
	else if (err)
		snprintf(c->drain_fn_reason, GB_REASON_MAX,
			 "no " DRAIN_WORK_FN " in /proc/kallsyms: cannot tell drain works apart");

	open_task_sources(c);
	choose_drain_events(c, cfg, tracefs);
	lookup_fields(c, tracefs);
	open_cpu_sources(c, tracefs);
	open_hw(c, cfg->hw_events);
	derive_reasons(c);
	return c;
}

void gb_counters_close(struct gb_counters *c)
{
	enum src s;
	int i;

	if (!c)
		return;
	for (i = 0; i < c->nr_cpus; i++)
		if (c->ring[i].base)
			gb_ring_unmap(&c->ring[i]);
	if (c->task_ring_mapped)
		gb_ring_unmap(&c->task_ring);
	for (s = 0; s < S_NR; s++)
		close_source(c, s);
	for (i = 0; i < c->nr_hw; i++)
		if (c->hw_fd[i] >= 0)
			close(c->hw_fd[i]);
	free(c->ids);
	free(c->id_src);
	free(c);
}

const char *gb_counters_reason(const struct gb_counters *c, enum gb_ctr id)
{
	return c->ctr_reason[id][0] ? c->ctr_reason[id] : NULL;
}

int gb_counters_hw(const struct gb_counters *c, struct gb_hw_count *out)
{
	int i;

	for (i = 0; i < c->nr_hw; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		snprintf(out[i].name, sizeof(out[i].name), "%s",
			 c->hw_name[i]);
		out[i].count = c->hw_fd[i] >= 0 ? gb_count_of(0)
				: gb_count_null(c->hw_reason[i]);
	}
	return c->nr_hw;
}

static void read_group(struct gb_counters *c, int leader, uint64_t *sums)
{
	struct gb_group_read g;
	uint64_t i;
	int s;

	if (leader < 0 || gb_perf_read_group(leader, &g))
		return;
	for (i = 0; i < g.nr && i < GB_ARRAY_SIZE(g.values); i++) {
		s = src_of_id(c, g.values[i].id);
		if (s >= 0)
			sums[s] += g.values[i].value;
	}
}

/* The task sources only: they are on this CPU, so no IPI is sent. */
static void read_task(struct gb_counters *c, uint64_t *sums)
{
	memset(sums, 0, sizeof(uint64_t) * S_NR);
	read_group(c, c->fd[S_KP_DRAIN_ALL][0] >= 0 ? c->fd[S_KP_DRAIN_ALL][0]
		   : c->fd[S_KRP_DRAIN_ALL][0] >= 0 ? c->fd[S_KRP_DRAIN_ALL][0]
		   : c->fd[S_KP_DRAIN][0], sums);
}

static int hw_leader(const struct gb_counters *c)
{
	int i;

	for (i = 0; i < c->nr_hw; i++)
		if (c->hw_fd[i] >= 0)
			return c->hw_fd[i];
	return -1;
}

/* Samples perf reported lost, and throttle events (which drop samples). */
static uint64_t total_lost(const struct gb_counters *c)
{
	uint64_t lost = c->task_ring.lost + c->task_ring.throttled;
	int i;

	for (i = 0; i < c->nr_cpus; i++)
		lost += c->ring[i].lost + c->ring[i].throttled;
	return lost;
}

static void cpu_sample(const struct gb_sample *s, void *arg);

void gb_counters_skip(struct gb_counters *c)
{
	int i;

	c->call.discarding = true;
	if (c->task_ring_mapped)
		gb_ring_consume(&c->task_ring, NULL, NULL);
	for (i = 0; i < c->nr_cpus; i++)
		if (c->ring[i].base)
			gb_ring_consume(&c->ring[i], cpu_sample, c);
	c->call.discarding = false;
}

void gb_counters_pause(struct gb_counters *c, bool pause)
{
	unsigned long req = pause ? PERF_EVENT_IOC_DISABLE : PERF_EVENT_IOC_ENABLE;
	enum src s;
	int i;

	for (s = S_FIRST_CPU; s < S_NR; s++)
		for (i = 0; i < c->nr_cpus; i++)
			if (c->fd[s][i] >= 0 && ioctl(c->fd[s][i], req, 0))
				gb_warn("perf %s of %s on CPU %d: %s",
					pause ? "disable" : "enable",
					src_defs[s].name, c->cpus[i], strerror(errno));
}

void gb_counters_quiet(struct gb_counters *c, bool quiet)
{
	unsigned long req = quiet ? PERF_EVENT_IOC_DISABLE : PERF_EVENT_IOC_ENABLE;
	enum src s;
	int i;

	for (s = 0; s < S_NR; s++)
		for (i = 0; i < (s < S_FIRST_CPU ? 1 : c->nr_cpus); i++)
			if (c->fd[s][i] >= 0 && ioctl(c->fd[s][i], req, 0))
				gb_warn("perf %s of %s: %s", quiet ? "disable" : "enable",
					src_defs[s].name, strerror(errno));
	for (i = 0; i < c->nr_hw; i++)
		if (c->hw_fd[i] >= 0)
			ioctl(c->hw_fd[i], req, 0);
}

void gb_counters_begin(struct gb_counters *c)
{
	int i, leader;

	memset(&c->call, 0, sizeof(c->call));
	/* Samples from between calls: counted for the tally, not kept. */
	gb_counters_skip(c);
	c->lost_before = total_lost(c);
	read_task(c, c->before);
	leader = hw_leader(c);
	if (leader >= 0 && !gb_perf_read_group(leader, &c->hw_read)) {
		for (i = 0; i < c->nr_hw && i < (int)c->hw_read.nr; i++)
			c->hw_before[i] = c->hw_read.values[i].value;
		c->hw_en_before = c->hw_read.time_enabled;
		c->hw_run_before = c->hw_read.time_running;
	}
	c->call.t_begin = gb_now_ns();
}

static uint64_t raw_u64(const struct gb_sample *s, struct gb_tp_field f)
{
	uint64_t v = 0;

	if (f.offset < 0 || (uint32_t)(f.offset + f.size) > s->raw_size ||
	    f.size > 8)
		return 0;
	memcpy(&v, s->raw + f.offset, (size_t)f.size);
	return v;
}

static uint64_t raw_cpumask_weight(const struct gb_sample *s,
				   struct gb_tp_field f)
{
	uint32_t loc = (uint32_t)raw_u64(s, f), off = loc & 0xffff,
		 len = loc >> 16, i;
	uint64_t w = 0;

	if (off + len > s->raw_size)
		return 0;
	for (i = 0; i < len; i++)
		w += (uint64_t)__builtin_popcount(s->raw[off + i]);
	return w;
}

static void task_sample(const struct gb_sample *s, void *arg)
{
	struct gb_counters *c = arg;
	struct call_state *st = &c->call;
	int src = src_of_id(c, s->id);

	if (s->time < st->t_begin || s->time > st->t_end)
		return;
	if (src == S_KP_DRAIN_ALL) {
		if (st->nr_drains == MAX_DRAINS) {
			st->overflow = true;
			return;
		}
		st->drains[st->nr_drains].entry = s->time;
		st->drains[st->nr_drains].exit = 0;
		st->nr_drains++;
	} else if (src == S_KRP_DRAIN_ALL && st->nr_drains &&
		   !st->drains[st->nr_drains - 1].exit) {
		st->drains[st->nr_drains - 1].exit = s->time;
	} else if (src == S_KP_DRAIN) {
		if (st->nr_local == MAX_DRAINS)
			st->overflow = true;
		else
			st->local_drains[st->nr_local++] = s->time;
	}
}

static int raw_int(const struct gb_sample *s, struct gb_tp_field f)
{
	return (int)(int32_t)raw_u64(s, f);
}

/*
 * One folio's drain decision.  A drain is needed when it brought the
 * folio's ref_count down to what mapping, cache and pin explain; any
 * other drain is a false positive (nothing to remove, or references no
 * drain can remove).  "local+all" means the local drain was not enough:
 * it counts as a false positive, the drain_all is judged by the result;
 * the all-CPU drains among the false positives are counted apart, as
 * they are the costly ones.
 */
static void gup_drain_sample(struct gb_counters *c, const struct gb_sample *s,
			     struct gd_tally *t)
{
	int ref = raw_int(s, c->f_gd_ref), after = raw_int(s, c->f_gd_ref_after);
	int want = raw_int(s, c->f_gd_expected) + raw_int(s, c->f_gd_pin_refs);
	int decision = raw_int(s, c->f_gd_decision);

	t->folios++;
	t->excess += ref != want;
	if (!decision)
		return;
	t->local += (decision & 1) != 0;
	t->all += (decision & 2) != 0;
	t->ns += raw_u64(s, c->f_gd_ns);
	if (decision == 3)
		t->fp++;
	if (ref > want && after == want) {
		t->needed++;
	} else {
		t->fp++;
		t->fp_all += (decision & 2) != 0;
	}
}

/* One pin attempt's decisions, added up in the kernel by the same rules. */
static void gup_call_sample(struct gb_counters *c, const struct gb_sample *s,
			    struct gd_tally *t)
{
	t->folios += raw_u64(s, c->f_gc_folios);
	t->excess += raw_u64(s, c->f_gc_excess);
	t->local += raw_u64(s, c->f_gc_local);
	t->all += raw_u64(s, c->f_gc_all);
	t->ns += raw_u64(s, c->f_gc_ns);
	t->needed += raw_u64(s, c->f_gc_needed);
	t->fp += raw_u64(s, c->f_gc_fp);
	t->fp_all += raw_u64(s, c->f_gc_fp_all);
}

static void work_ev(struct call_state *st, struct work_ev *ev, int *n,
		    uint64_t work, int cpu, uint64_t time)
{
	if (*n == GB_MAX_WORK_LAT) {
		st->overflow = true;
		return;
	}
	ev[*n].work = work;
	ev[*n].cpu = cpu;
	ev[*n].time = time;
	ev[*n].used = false;
	(*n)++;
}

/* The first unused event of this work on this CPU at or after t. */
static struct work_ev *next_ev(struct work_ev *ev, int n, uint64_t work,
			       int cpu, uint64_t t)
{
	struct work_ev *best = NULL;
	int i;

	for (i = 0; i < n; i++)
		if (!ev[i].used && ev[i].work == work && ev[i].cpu == cpu &&
		    ev[i].time >= t && (!best || ev[i].time < best->time))
			best = &ev[i];
	return best;
}

/*
 * Pair each queued drain work with its start and end on the CPU it was
 * queued to; out->works one by one, and the longest wait and latency.
 */
static void pair_works(struct call_state *st, struct gb_call_counts *out,
		       uint64_t *wait_max, uint64_t *lat_max)
{
	int i;

	out->nr_works = 0;
	*wait_max = *lat_max = 0;
	for (i = 0; i < st->nr_wq; i++) {
		struct work_ev *q = &st->wq[i], *s, *e = NULL;
		struct gb_work_lat *w = &out->works[out->nr_works++];

		memset(w, 0, sizeof(*w));
		w->cpu = q->cpu;
		s = next_ev(st->ws, st->nr_ws, q->work, q->cpu, q->time);
		if (!s)
			continue;
		s->used = true;
		w->started = true;
		w->wait_ns = s->time - q->time;
		if (w->wait_ns > *wait_max)
			*wait_max = w->wait_ns;
		e = next_ev(st->we, st->nr_we, q->work, q->cpu, s->time);
		if (!e)
			continue;
		e->used = true;
		w->ended = true;
		w->run_ns = e->time - s->time;
		if (e->time - q->time > *lat_max)
			*lat_max = e->time - q->time;
	}
}

static void cpu_sample(const struct gb_sample *s, void *arg)
{
	struct gb_counters *c = arg;
	struct call_state *st = &c->call;
	int src = src_of_id(c, s->id);
	uint32_t cpu = s->cpu < GB_MAX_CPUS ? s->cpu : 0;

	if (src < 0)
		return;
	c->sampled[src]++;
	if (st->discarding || s->time < st->t_begin || s->time > st->t_end)
		return;
	st->hits[src]++;
	switch (src) {
	case S_TP_QUEUE_WORK:
		if (raw_u64(s, c->f_qw_fn) != c->drain_fn)
			break;
		if (st->nr_works == MAX_WORKS)
			st->overflow = true;
		else
			st->work_times[st->nr_works++] = s->time;
		work_ev(st, st->wq, &st->nr_wq, raw_u64(s, c->f_qw_work),
			(int)(int32_t)raw_u64(s, c->f_qw_cpu), s->time);
		if (st->nr_wq)
			st->wq[st->nr_wq - 1].tid = s->tid;
		break;
	case S_TP_EXEC_START:
		if (raw_u64(s, c->f_es_fn) != c->drain_fn)
			break;
		st->exec_start[cpu] = s->time;
		st->exec_work[cpu] = raw_u64(s, c->f_es_work);
		work_ev(st, st->ws, &st->nr_ws, st->exec_work[cpu], (int)cpu, s->time);
		break;
	case S_TP_EXEC_END:
		if (st->exec_start[cpu] &&
		    raw_u64(s, c->f_ee_work) == st->exec_work[cpu]) {
			st->works_ns += s->time - st->exec_start[cpu];
			st->exec_start[cpu] = 0;
			work_ev(st, st->we, &st->nr_we, st->exec_work[cpu], (int)cpu,
				s->time);
		}
		break;
	case S_TP_IPI_MASK:
		st->ipi_targets += raw_cpumask_weight(s, c->f_mask);
		break;
	case S_KP_DRAIN_ALL_ANY:
		if (st->nr_any_drains == GB_MAX_WORK_LAT)
			st->overflow = true;
		else
			st->any_drain_tid[st->nr_any_drains++] = s->tid;
		break;
	case S_TP_GUP_DRAIN:
		if (s->tid == (uint32_t)c->tid)
			gup_drain_sample(c, s, c->folio_feeds ? &st->gd : &st->pf);
		break;
	case S_TP_GUP_CALL:
		if (s->tid == (uint32_t)c->tid)
			gup_call_sample(c, s, &st->gd);
		break;
	case S_TP_MIGRATE_START:
		if (s->tid != (uint32_t)c->tid)
			break;
		if (st->nr_migrations == MAX_SPANS) {
			st->overflow = true;
			break;
		}
		st->migrations[st->nr_migrations].entry = s->time;
		st->migrations[st->nr_migrations].exit = UINT64_MAX;
		st->nr_migrations++;
		break;
	case S_TP_MIGRATE:
		/* Whatever the reason, a migrate_pages() of ours ends here. */
		if (s->tid == (uint32_t)c->tid && st->nr_migrations &&
		    st->migrations[st->nr_migrations - 1].exit == UINT64_MAX)
			st->migrations[st->nr_migrations - 1].exit = s->time;
		if (s->tid != (uint32_t)c->tid ||
		    (long)(int)raw_u64(s, c->f_mig_reason) !=
			    c->longterm_pin_reason)
			break;
		st->mig_calls++;
		st->mig_ok += raw_u64(s, c->f_mig_ok);
		st->mig_failed += raw_u64(s, c->f_mig_failed);
		break;
	default:
		break;
	}
}

static void fill_hw(struct gb_counters *c, struct gb_call_counts *out)
{
	struct gb_group_read g;
	uint64_t en, run;
	int i, k = 0, leader = hw_leader(c);

	out->nr_hw = gb_counters_hw(c, out->hw);
	if (leader < 0 || gb_perf_read_group(leader, &g))
		return;
	en = g.time_enabled - c->hw_en_before;
	run = g.time_running - c->hw_run_before;
	for (i = 0; i < c->nr_hw; i++) {
		struct gb_hw_count *h = &out->hw[i];
		uint64_t delta;

		if (c->hw_fd[i] < 0)
			continue;
		h->enabled_ns = en;
		h->running_ns = run;
		if ((uint64_t)k >= g.nr) {
			h->count = gb_count_null("not in the group read");
			continue;
		}
		delta = g.values[k].value - c->hw_before[k];
		k++;
		if (!run)
			h->count = gb_count_null("not counted: the PMU never scheduled the group (multiplexed out)");
		else if (run < en)
			h->count = gb_count_of((uint64_t)((double)delta *
						(double)en / (double)run));
		else
			h->count = gb_count_of(delta);
	}
}

/* Local drains made inside migrate_pages(), not by the heuristic. */
static uint64_t drains_in_migration(const struct call_state *st)
{
	uint64_t n = 0;
	int d, m;

	for (d = 0; d < st->nr_local; d++)
		for (m = 0; m < st->nr_migrations; m++)
			if (st->local_drains[d] >= st->migrations[m].entry &&
			    st->local_drains[d] <= st->migrations[m].exit) {
				n++;
				break;
			}
	return n;
}

static uint64_t empty_drains(const struct call_state *st)
{
	uint64_t empty = 0;
	int d, w;

	for (d = 0; d < st->nr_drains; d++) {
		bool any = false;

		for (w = 0; w < st->nr_works && !any; w++)
			any = st->work_times[w] >= st->drains[d].entry &&
			      st->work_times[w] <= st->drains[d].exit;
		empty += !any;
	}
	return empty;
}

/* Counters made from samples: a lost sample makes them unknown. */
static bool sampled_ctr(enum gb_ctr id)
{
	return !(ctr_defs[id].flags & CTR_READ);
}

/*
 * Calls of lru_add_drain_all() by a task that queued no drain work of
 * its own in the window: it found another caller's drain covering its
 * batches (lru_drain_gen) and rode on it.
 */
static uint64_t piggybacked(const struct call_state *st)
{
	uint64_t n = 0;
	int d, w;

	for (d = 0; d < st->nr_any_drains; d++) {
		bool own = false;

		for (w = 0; w < st->nr_wq && !own; w++)
			own = st->wq[w].tid == st->any_drain_tid[d];
		n += !own;
	}
	return n;
}

static bool from_call_event(enum gb_ctr id)
{
	int k;

	for (k = 0; ctr_defs[id].deps[k] != S_NR; k++)
		if (ctr_defs[id].deps[k] == S_TP_GUP_CALL)
			return true;
	return false;
}

void gb_counters_end(struct gb_counters *c, struct gb_call_counts *out)
{
	struct call_state *st = &c->call;
	uint64_t v[GB_CTR_NR] = { 0 }, drain_ns = 0, lost;
	bool unpaired = false, local_mismatch = false, gd_disagree;
	int i, id;

	st->t_end = gb_now_ns();
	read_task(c, c->after);
	fill_hw(c, out);
	if (c->task_ring_mapped)
		gb_ring_consume(&c->task_ring, task_sample, c);
	for (i = 0; i < c->nr_cpus; i++)
		if (c->ring[i].base)
			gb_ring_consume(&c->ring[i], cpu_sample, c);
	lost = total_lost(c) - c->lost_before;

	for (i = 0; i < st->nr_drains; i++) {
		if (!st->drains[i].exit)
			unpaired = true;
		else
			drain_ns += st->drains[i].exit - st->drains[i].entry;
	}
	v[GB_CTR_DRAINS_ALL] = c->after[S_KP_DRAIN_ALL] - c->before[S_KP_DRAIN_ALL];
	v[GB_CTR_MIGRATION_DRAINS] = drains_in_migration(st);
	v[GB_CTR_DRAINS_LOCAL] = (uint64_t)st->nr_local - v[GB_CTR_MIGRATION_DRAINS];
	/* The kprobe's own count must agree with the samples kept. */
	if (c->after[S_KP_DRAIN] - c->before[S_KP_DRAIN] != (uint64_t)st->nr_local)
		local_mismatch = true;
	v[GB_CTR_DRAIN_ALL_NS] = drain_ns;
	v[GB_CTR_EMPTY_DRAINS] = empty_drains(st);
	v[GB_CTR_WORKS_QUEUED] = (uint64_t)st->nr_works;
	v[GB_CTR_WORKS_NS] = st->works_ns;
	pair_works(st, out, &v[GB_CTR_WORK_WAIT_MAX_NS], &v[GB_CTR_WORK_LATENCY_MAX_NS]);
	v[GB_CTR_WORKS_RUN] = (uint64_t)st->nr_we;
	v[GB_CTR_DRAINS_ALL_ANY] = (uint64_t)st->nr_any_drains;
	v[GB_CTR_DRAINS_PIGGYBACKED] = piggybacked(st);
	v[GB_CTR_IPI_SEND_CPU] = st->hits[S_TP_IPI_CPU];
	v[GB_CTR_IPI_CPUMASK_TARGETS] = st->ipi_targets;
	v[GB_CTR_IPIS] = v[GB_CTR_IPI_SEND_CPU] + st->ipi_targets;
	v[GB_CTR_CALL_FUNCTION] = st->hits[S_TP_CALL_FN];
	v[GB_CTR_CALL_FUNCTION_SINGLE] = st->hits[S_TP_CALL_FN_SINGLE];
	v[GB_CTR_RESCHEDULE] = st->hits[S_TP_RESCHED];
	v[GB_CTR_MIGRATE_CALLS] = st->mig_calls;
	v[GB_CTR_MIGRATED_OK] = st->mig_ok;
	v[GB_CTR_MIGRATED_FAILED] = st->mig_failed;
	v[GB_CTR_TP_FOLIOS] = st->gd.folios;
	v[GB_CTR_TP_EXCESS_FOLIOS] = st->gd.excess;
	v[GB_CTR_TP_DRAINS_LOCAL] = st->gd.local;
	v[GB_CTR_TP_DRAINS_ALL] = st->gd.all;
	v[GB_CTR_TP_DRAIN_NS] = st->gd.ns;
	v[GB_CTR_DRAINS_NEEDED] = st->gd.needed;
	v[GB_CTR_DRAINS_FALSE_POSITIVE] = st->gd.fp;
	v[GB_CTR_DRAINS_WASTED_ALL] = st->gd.fp_all;
	v[GB_CTR_DRAINS_WASTED_LOCAL] = st->gd.fp - st->gd.fp_all;
	/* Excess references matter only where nothing was drained. */
	v[GB_CTR_EXCESS_UNDRAINED] = st->gd.local + st->gd.all ? 0 : st->gd.excess;
	/* Two kernel events for one thing: they must agree, call by call. */
	gd_disagree = c->both && memcmp(&st->gd, &st->pf, sizeof(st->gd));

	c->call_reason[0] = '\0';
	if (lost)
		snprintf(c->call_reason, GB_REASON_MAX,
			 "perf lost or throttled %llu samples in this call",
			 (unsigned long long)lost);
	else if (st->overflow)
		snprintf(c->call_reason, GB_REASON_MAX,
			 "more events in this call than gupbench keeps");
	for (id = 0; id < GB_CTR_NR; id++) {
		const char *r = gb_counters_reason(c, (enum gb_ctr)id);

		if (!r && sampled_ctr((enum gb_ctr)id) && c->call_reason[0])
			r = c->call_reason;
		if (!r && unpaired && (id == GB_CTR_DRAIN_ALL_NS ||
				       id == GB_CTR_EMPTY_DRAINS))
			r = "a lru_add_drain_all entry had no matching return";
		if (!r && local_mismatch && (id == GB_CTR_DRAINS_LOCAL ||
					     id == GB_CTR_MIGRATION_DRAINS))
			r = "lru_add_drain kprobe samples and count disagree";
		if (!r && gd_disagree && from_call_event((enum gb_ctr)id))
			r = "gup:gup_longterm_drain_call and the per-folio gup:gup_longterm_drain events disagree";
		out->c[id] = r ? gb_count_null(r) : gb_count_of(v[id]);
	}
}

void gb_counters_tally(struct gb_counters *c, struct gb_sampling_tally *t)
{
	uint64_t counted[S_NR] = { 0 };
	enum src s;
	int i, k;

	/*
	 * Read first, then take what is left in the rings: an event in
	 * between is sampled but not counted, which cannot look like loss.
	 */
	for (s = S_FIRST_CPU; s < S_NR; s++) {
		for (i = 0; i < c->nr_cpus; i++) {
			struct gb_group_read g;

			if (c->fd[s][i] >= 0 &&
			    !gb_perf_read_group(c->fd[s][i], &g) && g.nr)
				counted[s] += g.values[0].value;
		}
	}
	gb_counters_skip(c);
	/* The task ring holds no source of the tally: its losses explain none. */
	for (i = 0; i < c->nr_cpus; i++) {
		t->lost += c->ring[i].lost;
		t->throttled += c->ring[i].throttled;
	}
	for (s = S_FIRST_CPU; s < S_NR; s++) {
		if (!src_defs[s].sampled || c->reason[s][0])
			continue;
		for (k = 0; k < t->nr; k++)
			if (!strcmp(t->s[k].source, src_defs[s].name))
				break;
		if (k == t->nr) {
			if (t->nr == GB_MAX_TALLY)
				continue;
			t->s[k].source = src_defs[s].name;
			t->s[k].counted = t->s[k].sampled = 0;
			t->nr++;
		}
		t->s[k].counted += counted[s];
		t->s[k].sampled += c->sampled[s];
	}
}

uint64_t gb_tally_silent(const struct gb_sampling_tally *t)
{
	uint64_t missing = 0;
	int k;

	for (k = 0; k < t->nr; k++)
		if (t->s[k].sampled < t->s[k].counted)
			missing += t->s[k].counted - t->s[k].sampled;
	/*
	 * The rings mix sources, so reported losses explain missing samples
	 * in total, not per source.  A throttle drops an unknown number:
	 * then nothing missing can be shown to have been reported.
	 */
	if (t->throttled)
		return missing;
	return missing > t->lost ? missing - t->lost : 0;
}

bool gb_tally_complete(const struct gb_sampling_tally *t)
{
	return gb_tally_silent(t) == 0;
}

void gb_counts_all_null(struct gb_call_counts *out, const char *reason)
{
	int i;

	for (i = 0; i < GB_CTR_NR; i++)
		out->c[i] = gb_count_null(reason);
	for (i = 0; i < out->nr_hw; i++)
		out->hw[i].count = gb_count_null(reason);
}
