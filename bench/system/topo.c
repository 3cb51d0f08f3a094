// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <hwloc.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gb.h"
#include "topo.h"
#include "../lib/spread.h"

static hwloc_topology_t topology;


static int rank_in_parent(hwloc_obj_t obj, hwloc_obj_type_t parent_type)
{
	hwloc_obj_t parent = hwloc_get_ancestor_obj_by_type(topology,
							     parent_type, obj);
	hwloc_obj_t first;

	if (!parent)
		return (int)obj->logical_index;
	first = hwloc_get_next_obj_inside_cpuset_by_type(topology,
			parent->cpuset, obj->type, NULL);
	return first ? (int)(obj->logical_index - first->logical_index) : 0;
}

static void node_map(struct gb_topo *t)
{
	hwloc_obj_t node = NULL;
	int cpu;

	while ((node = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_NUMANODE, node)))
		hwloc_bitmap_foreach_begin(cpu, node->cpuset)
			if (cpu >= 0 && cpu < GB_MAX_CPUS)
				t->node_of[cpu] = (int)node->os_index;
		hwloc_bitmap_foreach_end();
}

void gb_topo_prefer_node(struct gb_topo *t, enum gb_node_pref pref)
{
	int first[GB_MAX_CPUS], rest[GB_MAX_CPUS], nf = 0, nr = 0, i;
	int home = t->node_of[t->order[0]];

	if (pref == GB_NODE_SPREAD)
		return;
	for (i = 1; i < t->nr_cpus; i++) {
		bool same = t->node_of[t->order[i]] == home;

		if (same == (pref == GB_NODE_SAME))
			first[nf++] = t->order[i];
		else
			rest[nr++] = t->order[i];
	}
	memcpy(&t->order[1], first, sizeof(int) * (size_t)nf);
	memcpy(&t->order[1 + nf], rest, sizeof(int) * (size_t)nr);
}

/* The topology in a line: what hwloc saw, and the CPUs this run uses. */
static void summarize(struct gb_topo *t, const char *how)
{
	snprintf(t->summary, sizeof(t->summary),
		 "%d package(s), %d NUMA node(s), %d core(s), %d PU(s), %d usable%s",
		 t->packages, t->numa_nodes, t->cores, t->pus, t->nr_cpus, how);
}

static bool in_list(const int *list, int n, int cpu)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i] == cpu)
			return true;
	return false;
}

int gb_topo_isolated_first(struct gb_topo *t, const int *iso, int n)
{
	int order[GB_MAX_CPUS], nr = 0, pin = -1, i;
	hwloc_const_bitmap_t online = topology ?
		hwloc_topology_get_allowed_cpuset(topology) : NULL;

	for (i = 0; i < t->nr_cpus && pin < 0; i++)
		if (!in_list(iso, n, t->order[i]))
			pin = t->order[i];
	if (pin < 0)
		return -EINVAL;
	order[nr++] = pin;
	for (i = 0; i < n && nr < GB_MAX_CPUS; i++)
		if (iso[i] >= 0 && (!online || hwloc_bitmap_isset(online, (unsigned int)iso[i])))
			order[nr++] = iso[i];
	if (nr == 1)
		return -ENOENT;
	for (i = 0; i < t->nr_cpus && nr < GB_MAX_CPUS; i++)
		if (t->order[i] != pin && !in_list(iso, n, t->order[i]))
			order[nr++] = t->order[i];
	memcpy(t->order, order, sizeof(int) * (size_t)nr);
	t->nr_cpus = nr;
	summarize(t, ", isolated first");
	return 0;
}

int gb_topo_init(struct gb_topo *t)
{
	struct gb_spread_key ranks[GB_MAX_CPUS];
	hwloc_bitmap_t allowed;
	hwloc_obj_t pu = NULL, pkg;
	const char *model;
	int n = 0, i;

	memset(t, 0, sizeof(*t));
	if (!topology) {
		if (hwloc_topology_init(&topology) ||
		    hwloc_topology_load(topology))
			return -ENODEV;
	}
	allowed = hwloc_bitmap_alloc();
	if (hwloc_get_cpubind(topology, allowed, HWLOC_CPUBIND_PROCESS))
		hwloc_bitmap_copy(allowed,
				  hwloc_topology_get_allowed_cpuset(topology));

	while ((pu = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_PU, pu))) {
		hwloc_obj_t core;

		if (n == GB_MAX_CPUS)
			break;
		if (!hwloc_bitmap_isset(allowed, pu->os_index))
			continue;
		core = hwloc_get_ancestor_obj_by_type(topology,
						      HWLOC_OBJ_CORE, pu);
		pkg = hwloc_get_ancestor_obj_by_type(topology,
						     HWLOC_OBJ_PACKAGE, pu);
		ranks[n].os = (int)pu->os_index;
		ranks[n].smt = core ? rank_in_parent(pu, HWLOC_OBJ_CORE) : 0;
		ranks[n].core = core ? rank_in_parent(core, HWLOC_OBJ_PACKAGE)
				     : n;
		ranks[n].group = pkg ? (int)pkg->logical_index : 0;
		n++;
	}
	hwloc_bitmap_free(allowed);
	/* Spread first: one PU per core across packages before any SMT sibling. */
	qsort(ranks, (size_t)n, sizeof(ranks[0]), gb_spread_cmp);
	for (i = 0; i < n; i++)
		t->order[i] = ranks[i].os;
	t->nr_cpus = n;

	node_map(t);
	t->packages = hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PACKAGE);
	t->cores = hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_CORE);
	t->pus = hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PU);
	t->numa_nodes = hwloc_get_nbobjs_by_type(topology,
						 HWLOC_OBJ_NUMANODE);
	pkg = hwloc_get_obj_by_type(topology, HWLOC_OBJ_PACKAGE, 0);
	model = pkg ? hwloc_obj_get_info_by_name(pkg, "CPUModel") : NULL;
	snprintf(t->cpu_model, sizeof(t->cpu_model), "%s",
		 model ? model : "unknown");
	summarize(t, "");
	return n ? 0 : -ENODEV;
}

int gb_topo_bind_self(int cpu)
{
	hwloc_bitmap_t set;
	int err;

	if (!topology)
		return -ENODEV;
	set = hwloc_bitmap_alloc();
	hwloc_bitmap_only(set, (unsigned int)cpu);
	err = hwloc_set_cpubind(topology, set, HWLOC_CPUBIND_THREAD |
				HWLOC_CPUBIND_STRICT) ? -errno : 0;
	hwloc_bitmap_free(set);
	return err;
}

int gb_topo_bind_self_noalloc(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

int gb_topo_current_cpu(void)
{
	return sched_getcpu();
}
