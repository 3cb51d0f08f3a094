// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <time.h>
#include <zlib.h>

#include "envelope.h"
#include "schema.h"
#include "../lib/fnv.h"
#include "../system/sys.h"

static void config_hash(struct gb_envelope *e)
{
	static const char *const plain[] = { "/boot/config-%s", "/lib/modules/%s/config" };
	unsigned char buf[65536];
	uint64_t h = GB_FNV_BASIS;
	char path[256];
	bool found = false;
	size_t i;
	int n;
	gzFile gz = gzopen("/proc/config.gz", "rb");

	if (gz) {
		while ((n = gzread(gz, buf, sizeof(buf))) > 0) {
			h = gb_fnv1a(buf, (size_t)n, h);
			found = true;
		}
		gzclose(gz);
		if (found)
			snprintf(e->config_source, sizeof(e->config_source),
				 "/proc/config.gz");
	}
	for (i = 0; !found && i < GB_ARRAY_SIZE(plain); i++) {
		FILE *f;
		size_t got;

		snprintf(path, sizeof(path), plain[i], e->release);
		f = fopen(path, "rb");
		if (!f)
			continue;
		while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
			h = gb_fnv1a(buf, got, h);
			found = true;
		}
		fclose(f);
		snprintf(e->config_source, sizeof(e->config_source), "%s", path);
	}
	if (found)
		snprintf(e->config_hash, sizeof(e->config_hash), "%016llx",
			 (unsigned long long)h);
}

static void gather_kernel(struct gb_envelope *e)
{
	struct utsname u;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(e->started, sizeof(e->started), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!uname(&u)) {
		snprintf(e->release, sizeof(e->release), "%s", u.release);
		snprintf(e->kversion, sizeof(e->kversion), "%s", u.version);
		snprintf(e->machine, sizeof(e->machine), "%s", u.machine);
	}
	if (gethostname(e->host, sizeof(e->host) - 1))
		e->host[0] = '\0';
	if (gb_read_file("/proc/cmdline", e->cmdline, sizeof(e->cmdline)) > 0)
		e->cmdline[strcspn(e->cmdline, "\n")] = '\0';
	config_hash(e);
	gb_ksource_read(&e->source);
	e->nr_changes = gb_sys_changes(e->changes, GB_MAX_CHANGES);
	e->nr_recovered = gb_journal_recovered(e->recovered, GB_RECOVERED_MAX);
}

/* "source": what run-vm.sh knew of the kernel's build, else null and why. */
static void emit_ksource(struct gb_json *j, const struct gb_ksource *k)
{
	int i;

	gb_json_key(j, "source");
	if (!k->present) {
		gb_json_null(j);
		gb_json_kv_str(j, "source_reason", k->reason);
		return;
	}
	gb_json_obj_begin(j);
	gb_json_kv_str(j, "kind", k->kind);
#define KS_FIELD(f) do {						\
		gb_json_key(j, #f);					\
		k->f[0] ? gb_json_str(j, k->f) : gb_json_null(j);	\
	} while (0)
	KS_FIELD(package);
	KS_FIELD(version);
	KS_FIELD(sha256);
	KS_FIELD(tree);
	KS_FIELD(revision);
	KS_FIELD(base);
	KS_FIELD(fragment_sha256);
	KS_FIELD(image_key);
#undef KS_FIELD
	gb_json_key(j, "patches");
	gb_json_arr_begin(j);
	for (i = 0; i < k->nr_patches; i++) {
		gb_json_obj_begin(j);
		gb_json_kv_str(j, "name", k->patch[i].name);
		gb_json_kv_str(j, "sha256", k->patch[i].sha256);
		gb_json_obj_end(j);
	}
	gb_json_arr_end(j);
	gb_json_obj_end(j);
}

/* "vm": null outside a run-vm.sh VM. */
static void emit_vm(struct gb_json *j, const struct gb_vmhost *v)
{
	int i;

	gb_json_key(j, "vm");
	if (!v->present) {
		gb_json_null(j);
		return;
	}
	gb_json_obj_begin(j);
	gb_json_kv_str(j, "host_topology", v->host);
	gb_json_kv_str(j, "accel", v->accel);
	gb_json_kv_i64(j, "vcpus", v->vcpus);
	gb_json_kv_i64(j, "nodes", v->nodes);
	gb_json_kv_i64(j, "mem_mib", (int64_t)v->mem_mib);
	gb_json_kv_bool(j, "vcpus_pinned", v->pinned);
	/* Whether the machine that ran the VM is itself virtual: KVM's times
	 * are then nested (emulated, on a TCG host), not bare metal's. */
	gb_json_key(j, "host_virtual");
	v->host_virtual[0] ? gb_json_str(j, v->host_virtual) : gb_json_null(j);
	gb_json_key(j, "vcpu_node");
	gb_json_arr_begin(j);
	for (i = 0; i < v->vcpus; i++)
		gb_json_i64(j, v->vnode[i]);
	gb_json_arr_end(j);
	gb_json_key(j, "vcpu_host_cpu");
	gb_json_arr_begin(j);
	for (i = 0; i < v->vcpus; i++)
		v->host_cpu[i] < 0 ? gb_json_null(j) : gb_json_i64(j, v->host_cpu[i]);
	gb_json_arr_end(j);
	gb_json_obj_end(j);
}

static void emit_cpu_list(struct gb_json *j, const char *key, const int *cpus, int n)
{
	int i;

	gb_json_key(j, key);
	gb_json_arr_begin(j);
	for (i = 0; i < n; i++)
		gb_json_i64(j, cpus[i]);
	gb_json_arr_end(j);
}

/* The isolated CPUs as the kernel says (sysfs), never the command line. */
static void emit_isolation(struct gb_json *j, const struct gb_isolation *iso)
{
	if (!iso) {		/* not probed (an envelope made by a test) */
		gb_json_kv_str_or_null(j, "isolated_cpus", NULL);
		return;
	}
	emit_cpu_list(j, "isolated_cpus", iso->cpus, iso->nr);
	emit_cpu_list(j, "isolcpus_domain", iso->domain, iso->nr_domain);
	emit_cpu_list(j, "nohz_full", iso->nohz, iso->nr_nohz);
	emit_cpu_list(j, "cpuset_isolated", iso->partition, iso->nr_partition);
}

void gb_envelope_fill(struct gb_envelope *e, const struct gb_machine *m,
		      int argc, char **argv,
		      const struct gb_opt_value *opts, int nr_opts,
		      const struct gb_counters *c)
{
	int i, r = 0;

	memset(e, 0, sizeof(*e));
	e->argc = argc;
	e->argv = argv;
	for (i = 0; i < nr_opts && i < GB_MAX_OPT_VALUES; i++)
		e->opts[e->nr_opts++] = opts[i];
	e->topo = &m->topo;
	e->iso = &m->iso;
	e->clocksource = m->clocksource;
	e->page_size = sysconf(_SC_PAGESIZE);
	e->layout = &m->layout;
	gb_vmhost_read(&e->vm);
	gb_policy_probe(&e->policy_sw, m->env.debugfs);
	e->counters_off = !c;
	for (i = 0; c && i < GB_CTR_NR; i++)
		e->ctr_reason[i] = gb_counters_reason(c, (enum gb_ctr)i);
	if (c)
		e->nr_hw = gb_counters_hw(c, e->hw);
	for (i = 0; gb_pinners[i]; i++, r++)
		if (gb_pinners[i]->supported)
			e->pinner_reason[i] = gb_pinners[i]->supported(
				&m->env, e->reason_buf[r], GB_REASON_MAX);
	for (i = 0; gb_placements[i]; i++, r++)
		if (gb_placements[i]->supported)
			e->placement_reason[i] = gb_placements[i]->supported(
				&m->env, e->reason_buf[r], GB_REASON_MAX);
	for (i = 0; gb_scenarios[i]; i++, r++)
		if (gb_scenarios[i]->supported)
			e->scenario_reason[i] = gb_scenarios[i]->supported(
				&m->env, e->reason_buf[r], GB_REASON_MAX);
	gather_kernel(e);
}

static void emit_reason(struct gb_json *j, const char *name,
			const char *reason)
{
	gb_json_obj_begin(j);
	gb_json_kv_str(j, "name", name);
	gb_json_kv_bool(j, "supported", !reason);
	gb_json_key(j, "reason");
	reason ? gb_json_str(j, reason) : gb_json_null(j);
	gb_json_obj_end(j);
}

static void emit_layout(struct gb_json *j, const struct gb_layout *l)
{
	int i;

	gb_json_key(j, "layout");
	gb_json_obj_begin(j);
	gb_json_key(j, "zones");
	gb_json_arr_begin(j);
	for (i = 0; i < l->nr_zones; i++) {
		const struct gb_zone *z = &l->zones[i];

		gb_json_obj_begin(j);
		gb_json_kv_i64(j, "node", z->node);
		gb_json_kv_str(j, "zone", z->name);
		gb_json_kv_u64(j, "start_pfn", z->start_pfn);
		gb_json_kv_u64(j, "spanned", z->spanned);
		gb_json_kv_u64(j, "present", z->present);
		gb_json_kv_u64(j, "managed", z->managed);
		gb_json_kv_u64(j, "free", z->free);
		gb_json_kv_u64(j, "cma", z->cma);
		gb_json_kv_u64(j, "free_cma", z->free_cma);
		gb_json_obj_end(j);
	}
	gb_json_arr_end(j);
	gb_json_key(j, "cma_areas");
	gb_json_arr_begin(j);
	for (i = 0; i < l->nr_cma; i++) {
		gb_json_obj_begin(j);
		gb_json_kv_str(j, "name", l->cma[i].name);
		gb_json_kv_u64(j, "base_pfn", l->cma[i].base_pfn);
		gb_json_kv_u64(j, "count", l->cma[i].count);
		gb_json_kv_u64(j, "used", l->cma[i].used);
		gb_json_obj_end(j);
	}
	gb_json_arr_end(j);
	gb_json_key(j, "cma_reason");
	l->cma_reason[0] ? gb_json_str(j, l->cma_reason) : gb_json_null(j);
	gb_json_obj_end(j);
}

static void emit_counters(struct gb_json *j, const struct gb_envelope *e)
{
	int i;

	gb_json_key(j, "counters");
	gb_json_obj_begin(j);
	for (i = 0; i < GB_CTR_NR; i++) {
		const char *why = e->counters_off ? "--counters off"
						  : e->ctr_reason[i];

		gb_json_key(j, gb_ctr_info[i].name);
		gb_json_obj_begin(j);
		gb_json_kv_str(j, "unit", gb_ctr_info[i].unit);
		gb_json_kv_str(j, "source", gb_ctr_info[i].source);
		gb_json_kv_bool(j, "available", !why);
		gb_json_key(j, "reason");
		why ? gb_json_str(j, why) : gb_json_null(j);
		gb_json_obj_end(j);
	}
	gb_json_obj_end(j);
	gb_json_key(j, "hw_events");
	gb_json_arr_begin(j);
	for (i = 0; i < e->nr_hw; i++)
		emit_reason(j, e->hw[i].name, e->hw[i].count.valid ? NULL
			    : e->hw[i].count.reason);
	gb_json_arr_end(j);
}

static void emit_cases(struct gb_json *j, const struct gb_envelope *e)
{
	int i;

	gb_json_key(j, "cases");
	gb_json_obj_begin(j);
	gb_json_key(j, "pinners");
	gb_json_arr_begin(j);
	for (i = 0; gb_pinners[i]; i++)
		emit_reason(j, gb_pinners[i]->name, e->pinner_reason[i]);
	gb_json_arr_end(j);
	gb_json_key(j, "placements");
	gb_json_arr_begin(j);
	for (i = 0; gb_placements[i]; i++)
		emit_reason(j, gb_placements[i]->name, e->placement_reason[i]);
	gb_json_arr_end(j);
	gb_json_key(j, "scenarios");
	gb_json_arr_begin(j);
	for (i = 0; gb_scenarios[i]; i++)
		emit_reason(j, gb_scenarios[i]->name, e->scenario_reason[i]);
	gb_json_arr_end(j);
	gb_json_obj_end(j);
}

static void emit_design(struct gb_json *j, const struct gb_design *d)
{
	int k;

	gb_json_key(j, "design");
	gb_json_obj_begin(j);
	if (d->explore) {
		gb_json_kv_str(j, "kind", "explore");
		gb_json_kv_u64(j, "budget", d->explore);
		gb_json_kv_u64(j, "seed", d->seed);
		gb_json_obj_end(j);
		return;
	}
	if (!d->seq.nr_looks) {
		gb_json_kv_str(j, "kind", "fixed");
		gb_json_kv_u64(j, "reps", d->reps);
		gb_json_obj_end(j);
		return;
	}
	gb_json_kv_str(j, "kind", "adaptive");
	gb_json_key(j, "looks");
	gb_json_arr_begin(j);
	for (k = 0; k < d->seq.nr_looks; k++)
		gb_json_u64(j, d->seq.looks[k]);
	gb_json_arr_end(j);
	gb_json_key(j, "spend");
	gb_json_arr_begin(j);
	for (k = 0; k < d->seq.nr_looks; k++)
		gb_json_dbl(j, d->seq.spend[k]);
	gb_json_arr_end(j);
	gb_json_kv_dbl(j, "alpha", d->alpha);
	gb_json_kv_dbl(j, "alpha_one", d->alpha_one);
	gb_json_kv_bool(j, "times", d->times);
	gb_json_key(j, "metrics");
	gb_json_arr_begin(j);
	for (k = 0; k < d->nr_metrics; k++)
		gb_json_str(j, d->metrics[k]);
	gb_json_arr_end(j);
	gb_json_obj_end(j);
}

/* Every option of the run, from the option table (run/options.c). */
static void emit_options(struct gb_json *j, const struct gb_opt_value *v, int n)
{
	int i;

	gb_json_key(j, "options");
	gb_json_obj_begin(j);
	for (i = 0; i < n; i++) {
		gb_json_key(j, v[i].key);
		if (v[i].kind == GB_OPT_STR)
			v[i].str ? gb_json_str(j, v[i].str) : gb_json_null(j);
		else if (v[i].kind == GB_OPT_FLAG)
			gb_json_bool(j, v[i].num != 0);
		else
			gb_json_u64(j, v[i].num);
	}
	gb_json_obj_end(j);
}

/* The drain-policy switch, and every policy the suite knows. */
static void emit_policies(struct gb_json *j, const struct gb_policy_switch *sw)
{
	int i;

	gb_json_key(j, "drain_policies");
	gb_json_obj_begin(j);
	gb_json_key(j, "switch");
	sw->present ? gb_json_str(j, sw->path) : gb_json_null(j);
	gb_json_key(j, "in_force");
	sw->current[0] ? gb_json_str(j, sw->current) : gb_json_null(j);
	gb_json_key(j, "reason");
	sw->present ? gb_json_null(j) :
		gb_json_str(j, "no drain-policy switch (debugfs gup_longterm_drain_policy): boot a kernel built with kernel-configs/patches");
	gb_json_key(j, "policies");
	gb_json_arr_begin(j);
	for (i = 0; i < GB_NR_POLICIES; i++) {
		gb_json_obj_begin(j);
		gb_json_kv_str(j, "name", gb_policies[i].name);
		gb_json_kv_str(j, "summary", gb_policies[i].summary);
		gb_json_obj_end(j);
	}
	gb_json_arr_end(j);
	gb_json_obj_end(j);
}

void gb_emit_envelope(struct gb_json *j, const struct gb_envelope *e)
{
	int i;

	gb_json_obj_begin(j);
	gb_json_kv_str(j, "type", "envelope");
	gb_json_kv_str(j, "schema", GB_SCHEMA);
	gb_json_kv_str(j, "tool", "gupbench");
	gb_json_kv_str(j, "version", GB_VERSION);
	gb_json_key(j, "command_line");
	gb_json_arr_begin(j);
	for (i = 0; i < e->argc; i++)
		gb_json_str(j, e->argv[i]);
	gb_json_arr_end(j);
	gb_json_kv_str(j, "started", e->started);
	gb_json_key(j, "host");
	e->host[0] ? gb_json_str(j, e->host) : gb_json_null(j);

	gb_json_key(j, "kernel");
	gb_json_obj_begin(j);
	gb_json_kv_str(j, "release", e->release);
	gb_json_kv_str(j, "version", e->kversion);
	gb_json_kv_str(j, "machine", e->machine);
	gb_json_kv_str(j, "cmdline", e->cmdline);
	gb_json_key(j, "config_hash");
	e->config_hash[0] ? gb_json_str(j, e->config_hash) : gb_json_null(j);
	gb_json_key(j, "config_source");
	e->config_source[0] ? gb_json_str(j, e->config_source) : gb_json_null(j);
	emit_ksource(j, &e->source);
	gb_json_obj_end(j);

	gb_json_key(j, "machine");
	gb_json_obj_begin(j);
	gb_json_kv_str(j, "cpu_model", e->topo->cpu_model);
	gb_json_kv_str(j, "topology", e->topo->summary);
	gb_json_kv_i64(j, "packages", e->topo->packages);
	gb_json_kv_i64(j, "numa_nodes", e->topo->numa_nodes);
	gb_json_kv_i64(j, "cores", e->topo->cores);
	gb_json_kv_i64(j, "pus", e->topo->pus);
	gb_json_key(j, "cpu_order");
	gb_json_arr_begin(j);
	for (i = 0; i < e->topo->nr_cpus; i++)
		gb_json_i64(j, e->topo->order[i]);
	gb_json_arr_end(j);
	emit_isolation(j, e->iso);
	gb_json_kv_str_or_null(j, "clocksource",
			       e->clocksource && *e->clocksource ? e->clocksource : NULL);
	/* The base page: what a "page" of every count is, per architecture. */
	gb_json_key(j, "page_size");
	e->page_size > 0 ? gb_json_i64(j, e->page_size) : gb_json_null(j);
	gb_json_obj_end(j);

	emit_vm(j, &e->vm);
	emit_layout(j, e->layout);
	emit_counters(j, e);
	emit_cases(j, e);
	emit_options(j, e->opts, e->nr_opts);
	emit_design(j, &e->design);
	emit_policies(j, &e->policy_sw);
	gb_json_key(j, "system_changes");
	gb_json_arr_begin(j);
	for (i = 0; i < e->nr_changes; i++)
		gb_json_str(j, e->changes[i]);
	gb_json_arr_end(j);
	gb_json_key(j, "recovered");
	gb_json_arr_begin(j);
	for (i = 0; i < e->nr_recovered; i++)
		gb_json_str(j, e->recovered[i]);
	gb_json_arr_end(j);
	gb_json_obj_end(j);
	gb_json_line_end(j);
}
