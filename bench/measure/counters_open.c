// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "pfm.h"
#include "../system/sys.h"
#include "../system/topo.h"

#include "counters_int.h"

const struct gb_ctr_info gb_ctr_info[GB_CTR_NR] = {
#define CTR(id, nm, un, src, ...) [GB_CTR_##id] = { nm, un, src },
#include "counters.def"
#undef CTR
};

const struct gb_src_def gb_src_defs[GB_S_NR] = {
	[GB_S_KP_DRAIN_ALL] = { "lru_add_drain_all", GB_K_KPROBE, true },
	[GB_S_KRP_DRAIN_ALL] = { "lru_add_drain_all", GB_K_KRETPROBE, true },
	[GB_S_KP_DRAIN] = { "lru_add_drain", GB_K_KPROBE, true },
	[GB_S_TP_QUEUE_WORK] = { "workqueue:workqueue_queue_work", GB_K_TRACEPOINT, true },
	[GB_S_TP_EXEC_START] = { "workqueue:workqueue_execute_start", GB_K_TRACEPOINT, true },
	[GB_S_TP_EXEC_END] = { "workqueue:workqueue_execute_end", GB_K_TRACEPOINT, true },
	[GB_S_TP_IPI_CPU] = { "ipi:ipi_send_cpu", GB_K_TRACEPOINT, true },
	[GB_S_TP_IPI_MASK] = { "ipi:ipi_send_cpumask", GB_K_TRACEPOINT, true },
	[GB_S_TP_CALL_FN] = { "irq_vectors:call_function_entry", GB_K_TRACEPOINT, true },
	[GB_S_TP_CALL_FN_SINGLE] = { "irq_vectors:call_function_single_entry", GB_K_TRACEPOINT, true },
	[GB_S_TP_RESCHED] = { "irq_vectors:reschedule_entry", GB_K_TRACEPOINT, true },
	[GB_S_TP_MIGRATE] = { "migrate:mm_migrate_pages", GB_K_TRACEPOINT, true },
	[GB_S_TP_MIGRATE_START] = { "migrate:mm_migrate_pages_start", GB_K_TRACEPOINT, true },
	[GB_S_TP_GUP_DRAIN] = { "gup:gup_longterm_drain", GB_K_TRACEPOINT, true },
	[GB_S_TP_GUP_CALL] = { "gup:gup_longterm_drain_call", GB_K_TRACEPOINT, true },
	/* Every task's calls, for concurrent pinners (--pinners). */
	[GB_S_KP_DRAIN_ALL_ANY] = { "lru_add_drain_all", GB_K_KPROBE, true },
	/* A spinner's interruptions: the tick, and switches away from it. */
	[GB_S_TP_LOCAL_TIMER] = { "irq_vectors:local_timer_entry", GB_K_TRACEPOINT, true },
	[GB_S_TP_SCHED_SWITCH] = { "sched:sched_switch", GB_K_TRACEPOINT, true },
};

const struct gb_ctr_def gb_ctr_defs[GB_CTR_NR] = {
#define CTR(id, nm, un, src, fl, ...) [GB_CTR_##id] = { fl, { __VA_ARGS__, GB_S_NR } },
#include "counters.def"
#undef CTR
};

const struct gb_ctr_sum gb_ctr_sums[] = {
#define CTR(...)
#define CTR_SUM(id, nm, un, what, src, fld)	{ GB_CTR_##id, src, fld },
#include "counters.def"
#undef CTR_SUM
#undef CTR
};
const int gb_nr_ctr_sums = (int)GB_ARRAY_SIZE(gb_ctr_sums);

/*
 * Each CTR_SUM counter's field, from its event's format.  An event that
 * did not open has given its counters its reason already; one that
 * opened without the field nulls this counter alone.
 */
static void lookup_sum_fields(struct gb_counters *c, const char *tracefs)
{
	int k;

	for (k = 0; k < gb_nr_ctr_sums; k++) {
		const struct gb_ctr_sum *sm = &gb_ctr_sums[k];

		if (c->ctr_reason[sm->id][0])
			continue;
		if (!tracefs || gb_tp_field(tracefs, gb_src_defs[sm->src].name, sm->field,
					    &c->sum_field[sm->id]))
			snprintf(c->ctr_reason[sm->id], GB_REASON_MAX,
				 "tracepoint %s has no field %s",
				 gb_src_defs[sm->src].name, sm->field);
	}
}

static void set_reason(char *dst, const char *fmt, const char *a, int err)
{
	snprintf(dst, GB_REASON_MAX, fmt, a, gb_errno_hint(-err));
}

static int open_source(struct gb_counters *c, enum gb_src s, int cpu,
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
	if (gb_src_defs[s].sampled) {
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
	attr.disabled = s >= GB_S_FIRST_CPU;
	if (gb_src_defs[s].kind == GB_K_TRACEPOINT) {
		id = gb_tp_id(tracefs, gb_src_defs[s].name);
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
	if (gb_src_defs[s].kind == GB_K_KRETPROBE) {
		err = gb_perf_pmu_format_bit("kprobe", "retprobe", &retbit);
		if (err)
			return err;
		attr.config = 1ull << retbit;
	}
	attr.config1 = (uint64_t)(uintptr_t)gb_src_defs[s].name;
	/* A system-wide kprobe counts every task, per CPU. */
	if (s >= GB_S_FIRST_CPU)
		return gb_perf_open(&attr, -1, cpu, group_fd);
	return gb_perf_open(&attr, c->tid, -1, group_fd);
}

static void source_failed(struct gb_counters *c, enum gb_src s, int err,
			  const char *tracefs)
{
	const char *what = gb_src_defs[s].name;

	if (gb_src_defs[s].kind != GB_K_TRACEPOINT && err == -ENOENT)
		snprintf(c->reason[s], GB_REASON_MAX,
			 "no kprobe PMU (/sys/bus/event_source/devices/kprobe): needs CONFIG_KPROBES and CONFIG_KPROBE_EVENTS");
	else if (gb_src_defs[s].kind == GB_K_TRACEPOINT && !tracefs)
		snprintf(c->reason[s], GB_REASON_MAX,
			 "tracefs is not mounted and cannot be (needs root and CONFIG_FTRACE)");
	else if ((s == GB_S_TP_GUP_DRAIN || s == GB_S_TP_GUP_CALL) && err == -ENOENT)
		snprintf(c->reason[s], GB_REASON_MAX,
			 "no %s tracepoint: a kernel with kernel-configs/patches/0002 has it",
			 what);
	else if (gb_src_defs[s].kind == GB_K_TRACEPOINT && err == -ENOENT)
		snprintf(c->reason[s], GB_REASON_MAX,
			 "tracepoint %s is not in this kernel", what);
	else
		set_reason(c->reason[s], "perf_event_open(%s): %s", what, err);
}

static int add_id(struct gb_counters *c, int fd, enum gb_src s)
{
	uint64_t id, *ids;
	unsigned char *src;
	int err = gb_perf_id(fd, &id);

	if (err)
		return err;
	/* Each kept as it was when the other cannot grow: nothing leaks. */
	ids = realloc(c->ids, (size_t)(c->nr_ids + 1) * sizeof(*c->ids));
	if (!ids)
		return -ENOMEM;
	c->ids = ids;
	src = realloc(c->id_src, (size_t)(c->nr_ids + 1));
	if (!src)
		return -ENOMEM;
	c->id_src = src;
	c->ids[c->nr_ids] = id;
	c->id_src[c->nr_ids] = (unsigned char)s;
	c->nr_ids++;
	return 0;
}

int gb_ctr_src_of_id(const struct gb_counters *c, uint64_t id)
{
	int i;

	/* Few ids per CPU; a linear scan is cheap next to a pin call. */
	for (i = 0; i < c->nr_ids; i++)
		if (c->ids[i] == id)
			return c->id_src[i];
	return -1;
}

static void close_source(struct gb_counters *c, enum gb_src s)
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
	enum gb_src s;

	for (s = GB_S_KP_DRAIN_ALL; s < GB_S_FIRST_CPU; s++) {
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
	err = gb_ring_map(&c->task_ring, leader, GB_TASK_RING_PAGES);
	if (err) {
		for (s = GB_S_KP_DRAIN_ALL; s < GB_S_FIRST_CPU; s++)
			if (gb_src_defs[s].sampled && c->fd[s][0] >= 0)
				set_reason(c->reason[s], "mmap(%s): %s",
					   gb_src_defs[s].name, err);
		return;
	}
	c->task_ring_mapped = true;
	for (s = GB_S_KP_DRAIN_ALL; s < GB_S_FIRST_CPU; s++)
		if (gb_src_defs[s].sampled && c->fd[s][0] >= 0 &&
		    c->fd[s][0] != leader &&
		    ioctl(c->fd[s][0], PERF_EVENT_IOC_SET_OUTPUT, leader))
			set_reason(c->reason[s], "PERF_EVENT_IOC_SET_OUTPUT(%s): %s",
				   gb_src_defs[s].name, -errno);
}

/* CPU i's sources that have a ring start counting (see open_source). */
static void enable_cpu(struct gb_counters *c, int i)
{
	enum gb_src s;

	for (s = GB_S_FIRST_CPU; s < GB_S_NR; s++)
		if (c->fd[s][i] >= 0 && !c->reason[s][0] &&
		    ioctl(c->fd[s][i], PERF_EVENT_IOC_ENABLE, 0))
			set_reason(c->reason[s], "PERF_EVENT_IOC_ENABLE(%s): %s",
				   gb_src_defs[s].name, -errno);
}

static void open_cpu_sources(struct gb_counters *c, const char *tracefs)
{
	int i, err;
	enum gb_src s;

	for (i = 0; i < c->nr_cpus; i++) {
		int owner = -1;

		for (s = GB_S_FIRST_CPU; s < GB_S_NR; s++) {
			if (c->reason[s][0] || (s == GB_S_TP_GUP_CALL && c->folio_feeds))
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
		err = gb_ring_map(&c->ring[i], owner, GB_RING_PAGES);
		for (s = GB_S_FIRST_CPU; s < GB_S_NR; s++) {
			int fd = c->fd[s][i];

			if (!gb_src_defs[s].sampled || fd < 0 || c->reason[s][0])
				continue;
			if (err)
				set_reason(c->reason[s], "mmap(%s): %s",
					   gb_src_defs[s].name, err);
			else if (fd != owner &&
				 ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, owner))
				set_reason(c->reason[s],
					   "PERF_EVENT_IOC_SET_OUTPUT(%s): %s",
					   gb_src_defs[s].name, -errno);
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
	bool call = tracefs && gb_tp_id(tracefs, gb_src_defs[GB_S_TP_GUP_CALL].name) >= 0;
	bool folio = tracefs && gb_tp_id(tracefs, gb_src_defs[GB_S_TP_GUP_DRAIN].name) >= 0;

	if (!call && folio) {
		c->folio_feeds = true;	/* GB_S_TP_GUP_CALL stays closed */
		return;
	}
	if (call && !cfg->per_folio)
		snprintf(c->reason[GB_S_TP_GUP_DRAIN], GB_REASON_MAX,
			 "per-folio drain events not opened (--drain-trace folio opens them)");
	c->both = call && folio && cfg->per_folio;
}

static void lookup_fields(struct gb_counters *c, const char *tracefs)
{
	static const struct {
		enum gb_src s;
		const char *field;
		size_t off;
	} f[] = {
		{ GB_S_TP_QUEUE_WORK, "function", offsetof(struct gb_counters, f_qw_fn) },
		{ GB_S_TP_QUEUE_WORK, "work", offsetof(struct gb_counters, f_qw_work) },
		{ GB_S_TP_QUEUE_WORK, "cpu", offsetof(struct gb_counters, f_qw_cpu) },
		{ GB_S_TP_EXEC_START, "work", offsetof(struct gb_counters, f_es_work) },
		{ GB_S_TP_EXEC_START, "function", offsetof(struct gb_counters, f_es_fn) },
		{ GB_S_TP_EXEC_END, "work", offsetof(struct gb_counters, f_ee_work) },
		{ GB_S_TP_IPI_MASK, "cpumask", offsetof(struct gb_counters, f_mask) },
		{ GB_S_TP_IPI_CPU, "cpu", offsetof(struct gb_counters, f_ipi_cpu) },
		{ GB_S_TP_MIGRATE, "succeeded", offsetof(struct gb_counters, f_mig_ok) },
		{ GB_S_TP_MIGRATE, "failed", offsetof(struct gb_counters, f_mig_failed) },
		{ GB_S_TP_MIGRATE, "reason", offsetof(struct gb_counters, f_mig_reason) },
		{ GB_S_TP_GUP_DRAIN, "ref_count", offsetof(struct gb_counters, f_gd_ref) },
		{ GB_S_TP_GUP_DRAIN, "expected", offsetof(struct gb_counters, f_gd_expected) },
		{ GB_S_TP_GUP_DRAIN, "pin_refs", offsetof(struct gb_counters, f_gd_pin_refs) },
		{ GB_S_TP_GUP_DRAIN, "ref_after", offsetof(struct gb_counters, f_gd_ref_after) },
		{ GB_S_TP_GUP_DRAIN, "decision", offsetof(struct gb_counters, f_gd_decision) },
		{ GB_S_TP_GUP_DRAIN, "drain_ns", offsetof(struct gb_counters, f_gd_ns) },
		{ GB_S_TP_GUP_CALL, "folios", offsetof(struct gb_counters, f_gc_folios) },
		{ GB_S_TP_GUP_CALL, "excess", offsetof(struct gb_counters, f_gc_excess) },
		{ GB_S_TP_GUP_CALL, "local", offsetof(struct gb_counters, f_gc_local) },
		{ GB_S_TP_GUP_CALL, "all", offsetof(struct gb_counters, f_gc_all) },
		{ GB_S_TP_GUP_CALL, "needed", offsetof(struct gb_counters, f_gc_needed) },
		{ GB_S_TP_GUP_CALL, "false_positive", offsetof(struct gb_counters, f_gc_fp) },
		{ GB_S_TP_GUP_CALL, "false_positive_all", offsetof(struct gb_counters, f_gc_fp_all) },
		{ GB_S_TP_GUP_CALL, "drain_ns", offsetof(struct gb_counters, f_gc_ns) },
		{ GB_S_TP_SCHED_SWITCH, "prev_pid", offsetof(struct gb_counters, f_ss_prev_pid) },
	};
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(f); i++) {
		struct gb_tp_field *out = (void *)((char *)c + f[i].off);

		/* A missing event gets its reason when it fails to open. */
		if (c->reason[f[i].s][0] ||
		    gb_tp_id(tracefs, gb_src_defs[f[i].s].name) < 0)
			continue;
		if (gb_tp_field(tracefs, gb_src_defs[f[i].s].name, f[i].field,
				out))
			snprintf(c->reason[f[i].s], GB_REASON_MAX,
				 "tracepoint %s has no field %s",
				 gb_src_defs[f[i].s].name, f[i].field);
	}
	c->gd_has_cacheable = !c->reason[GB_S_TP_GUP_DRAIN][0] &&
			      gb_tp_id(tracefs, gb_src_defs[GB_S_TP_GUP_DRAIN].name) >= 0 &&
			      !gb_tp_field(tracefs, gb_src_defs[GB_S_TP_GUP_DRAIN].name,
					   "cacheable", &c->f_gd_cacheable);
	if (!c->reason[GB_S_TP_MIGRATE][0] &&
	    gb_tp_symbolic(tracefs, gb_src_defs[GB_S_TP_MIGRATE].name,
			   "longterm_pin", &c->longterm_pin_reason))
		snprintf(c->reason[GB_S_TP_MIGRATE], GB_REASON_MAX,
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

/*
 * The isolated CPUs' slots, and what is not applicable here: isolated
 * counters without an isolated CPU, a spinner's sources in a run without
 * one (sched_switch on every CPU is not free).  Before anything opens.
 */
static void isolated_setup(struct gb_counters *c, const struct gb_counters_cfg *cfg)
{
	int i;

	for (i = 0; i < GB_MAX_CPUS; i++)
		c->iso_slot[i] = -1;
	for (i = 0; i < cfg->nr_isolated && c->nr_iso < GB_MAX_ISO; i++)
		if (cfg->isolated[i] >= 0 && cfg->isolated[i] < GB_MAX_CPUS)
			c->iso_slot[cfg->isolated[i]] = c->nr_iso++;
	if (!cfg->spinners) {
		snprintf(c->reason[GB_S_TP_LOCAL_TIMER], GB_REASON_MAX,
			 "no spinner in this run (--load spin): not applicable, not opened");
		snprintf(c->reason[GB_S_TP_SCHED_SWITCH], GB_REASON_MAX,
			 "no spinner in this run (--load spin): not applicable, not opened");
	}
}

static void derive_reasons(struct gb_counters *c)
{
	int id, k;

	for (id = 0; id < GB_CTR_NR; id++) {
		for (k = 0; gb_ctr_defs[id].deps[k] != GB_S_NR; k++) {
			enum gb_src s = gb_ctr_defs[id].deps[k];

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
		/* Not applicable, which is not 0. */
		if ((gb_ctr_defs[id].flags & GB_CTR_ISOLATED) && !c->nr_iso)
			snprintf(c->ctr_reason[id], GB_REASON_MAX,
				 "no isolated CPU (sysfs isolated, nohz_full and cpuset.cpus.isolated list none): not applicable");
	}
}

/* /proc/kallsyms is long: read it once, however often counters reopen. */
static int drain_fn_addr(uint64_t *addr)
{
	static uint64_t cached;
	static int err = 1;

	if (err == 1)
		err = gb_kallsyms_addr("/proc/kallsyms", GB_DRAIN_WORK_FN, &cached);
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
	if (cfg->node_of && cfg->pin_cpu >= 0 && cfg->pin_cpu < GB_MAX_CPUS) {
		memcpy(c->node_of, cfg->node_of, sizeof(c->node_of));
		c->home_node = cfg->node_of[cfg->pin_cpu];
	}
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
			 "/proc/kallsyms hides addresses (kernel.kptr_restrict, or not root): cannot tell " GB_DRAIN_WORK_FN " works apart");
	else if (err)
		snprintf(c->drain_fn_reason, GB_REASON_MAX,
			 "no " GB_DRAIN_WORK_FN " in /proc/kallsyms: cannot tell drain works apart");

	isolated_setup(c, cfg);
	open_task_sources(c);
	choose_drain_events(c, cfg, tracefs);
	lookup_fields(c, tracefs);
	open_cpu_sources(c, tracefs);
	open_hw(c, cfg->hw_events);
	derive_reasons(c);
	lookup_sum_fields(c, tracefs);
	return c;
}

void gb_counters_close(struct gb_counters *c)
{
	enum gb_src s;
	int i;

	if (!c)
		return;
	for (i = 0; i < c->nr_cpus; i++)
		if (c->ring[i].base)
			gb_ring_unmap(&c->ring[i]);
	if (c->task_ring_mapped)
		gb_ring_unmap(&c->task_ring);
	for (s = 0; s < GB_S_NR; s++)
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

void gb_counters_spinners(struct gb_counters *c, const int *cpus,
			  const int *tids, int n)
{
	int i;

	for (i = 0; i < c->nr_spinners; i++)
		c->spin_tid[c->spin_cpu[i]] = 0;
	c->nr_spinners = 0;
	for (i = 0; i < n; i++)
		if (cpus[i] >= 0 && cpus[i] < GB_MAX_CPUS && tids[i] > 0) {
			c->spin_tid[cpus[i]] = tids[i];
			c->spin_cpu[c->nr_spinners++] = cpus[i];
		}
}
