// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../measure/counters.h"
#include "../system/machine.h"
#include "../output/envelope.h"
#include "../lib/json.h"
#include "../system/journal.h"
#include "doctor.h"
#include "probe.h"
#include "../system/sys.h"

static void list_one(struct gb_json *j, bool json, const char *kind,
		     const char *name, const char *summary,
		     gb_supported_fn supported, const struct gb_env *env)
{
	char buf[GB_REASON_MAX];
	const char *why = supported ? supported(env, buf, sizeof(buf)) : NULL;

	if (!json) {
		printf("%-10s %-14s %-4s %s\n", kind, name,
		       why ? "skip" : "ok", summary);
		if (why)
			printf("%31s%s\n", "reason: ", why);
		return;
	}
	gb_json_obj_begin(j);
	gb_json_kv_str(j, "kind", kind);
	gb_json_kv_str(j, "name", name);
	gb_json_kv_str(j, "summary", summary);
	gb_json_kv_bool(j, "supported", !why);
	gb_json_key(j, "reason");
	why ? gb_json_str(j, why) : gb_json_null(j);
	gb_json_obj_end(j);
	gb_json_line_end(j);
}

int gb_list(const struct gb_options *o)
{
	static struct gb_machine m;
	struct gb_json j;
	int i;

	gb_sys_install_restore();
	gb_machine_probe(&m, o->size);
	gb_json_init(&j, stdout, false);
	for (i = 0; gb_pinners[i]; i++)
		list_one(&j, o->json, "pinner", gb_pinners[i]->name,
			 gb_pinners[i]->summary, gb_pinners[i]->supported,
			 &m.env);
	for (i = 0; gb_placements[i]; i++)
		list_one(&j, o->json, "placement", gb_placements[i]->name,
			 gb_placements[i]->summary,
			 gb_placements[i]->supported, &m.env);
	for (i = 0; gb_scenarios[i]; i++)
		list_one(&j, o->json, "scenario", gb_scenarios[i]->name,
			 gb_scenarios[i]->summary, gb_scenarios[i]->supported,
			 &m.env);
	return GB_EXIT_PASS;
}

/* The isolated CPUs as sysfs says, for --holder-cpus isolated. */
static void print_isolated(const struct gb_isolation *iso)
{
	int i;

	if (!iso || !iso->nr) {
		printf("isolated    none (boot with isolcpus= and nohz_full= for --holder-cpus isolated)\n");
		return;
	}
	printf("isolated   ");
	for (i = 0; i < iso->nr; i++)
		printf(" %d", iso->cpus[i]);
	printf(" (isolcpus domain %d, nohz_full %d, cpuset isolated %d of them)\n",
	       iso->nr_domain, iso->nr_nohz, iso->nr_partition);
}

static void print_human(const struct gb_envelope *e)
{
	const struct gb_layout *l = e->layout;
	int i;

	printf("kernel      %s %s\n", e->release, e->kversion);
	printf("cmdline     %s\n", e->cmdline);
	printf("config      %s%s%s\n", e->config_hash[0] ? e->config_hash : "not found",
	       e->config_source[0] ? " from " : "", e->config_source);
	printf("cpu         %s; %s\n", e->topo->cpu_model, e->topo->summary);
	print_isolated(e->iso);
	printf("zones\n");
	for (i = 0; i < l->nr_zones; i++)
		printf("  node %d %-8s start_pfn %-9llu spanned %-9llu present %-9llu free %-9llu cma %llu\n",
		       l->zones[i].node, l->zones[i].name,
		       (unsigned long long)l->zones[i].start_pfn,
		       (unsigned long long)l->zones[i].spanned,
		       (unsigned long long)l->zones[i].present,
		       (unsigned long long)l->zones[i].free,
		       (unsigned long long)l->zones[i].cma);
	if (e->policy_sw.present)
		printf("policy      %s (in force: %s)\n", e->policy_sw.path,
		       e->policy_sw.current[0] ? e->policy_sw.current : "unreadable");
	else
		printf("policy      none: no drain-policy switch (kernel-configs/patches)\n");
	for (i = 0; i < GB_NR_POLICIES; i++)
		printf("  %-22s %s\n", gb_policies[i].name, gb_policies[i].summary);
	printf("ZONE_MOVABLE %s\n", gb_layout_present(l, "Movable") ? "present"
	       : "none: boot with movablecore=SIZE");
	if (!l->nr_cma)
		printf("CMA         none: %s\n", l->cma_reason);
	for (i = 0; i < l->nr_cma; i++)
		printf("CMA         %s base_pfn %llu count %llu used %llu\n",
		       l->cma[i].name, (unsigned long long)l->cma[i].base_pfn,
		       (unsigned long long)l->cma[i].count,
		       (unsigned long long)l->cma[i].used);
	printf("tracefs     %s\n", gb_tracefs() ? gb_tracefs() : "unavailable");
	printf("debugfs     %s\n", gb_debugfs() ? gb_debugfs() : "unavailable");
	printf("counters\n");
	for (i = 0; i < GB_CTR_NR; i++)
		printf("  %-22s %s%s\n", gb_ctr_info[i].name,
		       e->ctr_reason[i] ? "null: " : "ok: ",
		       e->ctr_reason[i] ? e->ctr_reason[i] : gb_ctr_info[i].source);
	for (i = 0; i < e->nr_hw; i++)
		printf("  %-22s %s%s\n", e->hw[i].name,
		       e->hw[i].count.valid ? "ok" : "null: ",
		       e->hw[i].count.valid ? "" : e->hw[i].count.reason);
	printf("cases\n");
	for (i = 0; gb_pinners[i]; i++)
		printf("  pinner    %-14s %s\n", gb_pinners[i]->name,
		       e->pinner_reason[i] ? e->pinner_reason[i] : "ok");
	for (i = 0; gb_placements[i]; i++)
		printf("  placement %-14s %s\n", gb_placements[i]->name,
		       e->placement_reason[i] ? e->placement_reason[i] : "ok");
	for (i = 0; gb_scenarios[i]; i++)
		printf("  scenario  %-14s %s\n", gb_scenarios[i]->name,
		       e->scenario_reason[i] ? e->scenario_reason[i] : "ok");
}

int gb_probe(const struct gb_options *o)
{
	static struct gb_machine m;
	static struct gb_envelope e;
	static struct gb_opt_value v[GB_MAX_OPT_VALUES];
	int nv;
	struct gb_counters_cfg cfg = { .tid = (int)syscall(SYS_gettid),
				       .hw_events = o->hw_events };
	struct gb_counters *c;
	struct gb_json j;

	gb_journal_recover();
	gb_sys_install_restore();
	gb_machine_probe(&m, o->size);
	c = gb_counters_open(&cfg);
	nv = gb_options_values(o, v, GB_MAX_OPT_VALUES);
	gb_envelope_fill(&e, &m, o->argc, o->argv, v, nv, c);
	/* The envelope's counter reasons live in c: print, then close. */
	if (o->doctor) {
		gb_doctor_print(stdout, &e);
		gb_counters_close(c);
		return GB_EXIT_PASS;
	}
	if (o->study_ready) {
		char lacks[128];

		gb_counters_close(c);
		if (!gb_study_lacks(&e, lacks, sizeof(lacks)))
			return GB_EXIT_PASS;
		fprintf(stderr, "gupbench: the study cannot run here: this machine lacks %s\n", lacks);
		return GB_EXIT_SKIP;
	}
	if (o->json) {
		gb_json_init(&j, stdout, false);
		gb_emit_envelope(&j, &e);
	} else {
		print_human(&e);
	}
	gb_counters_close(c);
	return GB_EXIT_PASS;
}
