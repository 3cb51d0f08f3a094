// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sizing.h"
#include "../../bench/lib/spread.h"

#define MAX_HOST_PUS	16384

/* A host PU: its spread key (group: its node's index among nodes with PUs). */
struct host_pu {
	struct gb_spread_key k;
};

static int cmp_node_then_os(const void *a, const void *b)
{
	const struct host_pu *x = a, *y = b;

	return x->k.group != y->k.group ? x->k.group - y->k.group : x->k.os - y->k.os;
}

/*
 * The host nodes PUs are counted under: those with memory first (where
 * hwloc knows any node's memory: a memory-less CPU node's PUs go to a
 * node with memory, so guest memory is bound only where there is some),
 * then the rest, each in OS order.
 */
static int node_order(hwloc_topology_t topo, hwloc_obj_t *order)
{
	int nodes = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE), n = 0, i, pass;
	bool known = false;

	for (i = 0; i < nodes; i++)
		known |= hwloc_get_obj_by_type(topo, HWLOC_OBJ_NUMANODE, i)->attr->numanode.local_memory > 0;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < nodes && n < VM_MAX_NODES; i++) {
			hwloc_obj_t node = hwloc_get_obj_by_type(topo, HWLOC_OBJ_NUMANODE, i);
			bool mem = !known || node->attr->numanode.local_memory > 0;

			if (mem == (pass == 0))
				order[n++] = node;
		}
	return n;
}

/*
 * Every host PU once, with its node, its rank among its core's PUs and
 * its core's rank in the node.  Nodes can share CPUs (hwloc gives a
 * memory-only node, CXL or HBM, its package's cpuset): a PU belongs to
 * the first node in node_order() that holds it, and a node that got no
 * PU is no guest node (its memory is not bound).
 */
static int host_pus(hwloc_topology_t topo, struct host_pu *pus, int max,
		    int *host_node_os, int *nr_nodes, int *dropped)
{
	hwloc_obj_t order[VM_MAX_NODES];
	hwloc_bitmap_t seen = hwloc_bitmap_alloc();
	int nodes = node_order(topo, order), n = 0, k = 0, i;

	*dropped = 0;
	*nr_nodes = 0;
	if (!seen)
		return 0;	/* out of memory: "no CPU", refused */
	for (i = 0; i < nodes; i++) {
		hwloc_obj_t node = order[i], core = NULL;
		int core_rank = 0, before = n;

		while ((core = hwloc_get_next_obj_inside_cpuset_by_type(topo,
				node->cpuset, HWLOC_OBJ_CORE, core))) {
			hwloc_obj_t pu = NULL;
			int smt = 0, took = 0;

			while ((pu = hwloc_get_next_obj_inside_cpuset_by_type(topo,
					core->cpuset, HWLOC_OBJ_PU, pu))) {
				if (hwloc_bitmap_isset(seen, pu->os_index))
					continue;
				hwloc_bitmap_set(seen, pu->os_index);
				if (n == max) {
					(*dropped)++;
					continue;
				}
				pus[n++] = (struct host_pu){ { .smt = smt++, .core = core_rank,
							       .group = k, .os = (int)pu->os_index } };
				took++;
			}
			core_rank += took > 0;
		}
		if (n > before)
			host_node_os[k++] = (int)node->os_index;
	}
	hwloc_bitmap_free(seen);
	*nr_nodes = k;
	return n;
}

static void describe(hwloc_topology_t topo, int nodes, int pus, char *out,
		     size_t len)
{
	snprintf(out, len, "%d package(s), %d NUMA node(s), %d core(s), %d CPU(s)",
		 hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE), nodes,
		 hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE), pus);
}

/* vCPUs in node order, contiguous per node, as QEMU's -numa cpus= wants. */
static void split_even(struct vm_plan *p)
{
	int v;

	for (v = 0; v < p->vcpus; v++)
		p->vnode[v] = (int)((long)v * p->nodes / p->vcpus);
}

static void split_memory(struct vm_plan *p)
{
	unsigned long left = p->mem_mib;
	int k, v, cpus;

	for (k = 0; k < p->nodes; k++) {
		for (cpus = 0, v = 0; v < p->vcpus; v++)
			cpus += p->vnode[v] == k;
		/* In proportion to the node's vCPUs; the last takes the rest. */
		p->node_mem_mib[k] = k == p->nodes - 1 ? left :
				     p->mem_mib * (unsigned long)cpus / (unsigned long)p->vcpus;
		left -= p->node_mem_mib[k];
	}
}

static int plan_kvm(const struct host_pu *all, int n, int host_nodes,
		    const int *host_node_os, const struct vm_plan_opts *o,
		    struct vm_plan *p, char *err, size_t len)
{
	static struct host_pu chosen[VM_MAX_VCPUS], spread[MAX_HOST_PUS];
	int used[VM_MAX_NODES] = { 0 }, map[VM_MAX_NODES];
	int cap = o->max_vcpus ? o->max_vcpus : VM_DEFAULT_CAP, v, k;

	if (o->numa) {
		snprintf(err, len, "--numa: under KVM the guest's nodes are the host's (%d); --numa is for TCG",
			 host_nodes);
		return -1;
	}
	p->vcpus = o->vcpus ? o->vcpus : n < cap ? n : cap;
	if (p->vcpus > n) {
		snprintf(err, len, "%d vCPUs asked, but this host has %d CPUs to pin them to",
			 p->vcpus, n);
		return -1;
	}
	memcpy(spread, all, sizeof(*all) * (size_t)n);
	qsort(spread, (size_t)n, sizeof(*spread), gb_spread_cmp);
	memcpy(chosen, spread, sizeof(*chosen) * (size_t)p->vcpus);
	qsort(chosen, (size_t)p->vcpus, sizeof(*chosen), cmp_node_then_os);
	/* Guest nodes: the host nodes that gave a CPU, in order. */
	for (v = 0; v < p->vcpus; v++)
		used[chosen[v].k.group] = 1;
	for (p->nodes = 0, k = 0; k < host_nodes; k++)
		if (used[k]) {
			map[k] = p->nodes;
			p->host_node[p->nodes++] = host_node_os[k];
		}
	for (v = 0; v < p->vcpus; v++) {
		p->host_cpu[v] = chosen[v].k.os;
		p->vnode[v] = map[chosen[v].k.group];
	}
	p->pin = p->bind_memory = true;
	if (!o->mem_mib) {
		p->mem_mib = VM_MEM_BASE_MIB + VM_MEM_PER_VCPU_MIB * (unsigned long)p->vcpus;
		if (o->host_mem_mib && p->mem_mib > o->host_mem_mib / 2)
			p->mem_mib = o->host_mem_mib / 2 / 256 * 256;
	}
	return 0;
}

static int plan_tcg(const struct host_pu *all, int n, const struct vm_plan_opts *o,
		    struct vm_plan *p, char *err, size_t len)
{
	int v;

	p->vcpus = o->vcpus ? o->vcpus : VM_TCG_VCPUS;
	p->nodes = o->numa ? o->numa : 1;
	if (p->nodes > p->vcpus) {
		snprintf(err, len, "--numa %d: more nodes than the %d vCPUs", p->nodes, p->vcpus);
		return -1;
	}
	split_even(p);
	p->pin = o->pin;
	/* Emulated vCPUs outnumber the host's cores: round robin. */
	for (v = 0; v < p->vcpus; v++)
		p->host_cpu[v] = p->pin ? all[v % n].k.os : -1;
	if (!o->mem_mib)
		p->mem_mib = VM_TCG_MEM_MIB;
	return 0;
}

int vm_plan_make(hwloc_topology_t topo, const struct vm_plan_opts *o,
		 struct vm_plan *p, char *err, size_t len)
{
	static struct host_pu all[MAX_HOST_PUS];
	int host_node_os[VM_MAX_NODES], host_nodes, n, k, dropped;

	memset(p, 0, sizeof(*p));
	for (k = 0; k < VM_MAX_NODES; k++)
		p->host_node[k] = -1;
	n = host_pus(topo, all, (int)(sizeof(all) / sizeof(all[0])), host_node_os, &host_nodes,
		     &dropped);
	describe(topo, host_nodes, n, p->host, sizeof(p->host));
	/* Said, never silent: the plan spreads over the CPUs it counted. */
	if (dropped)
		fprintf(stderr, "gbvmplan: the host has %d more CPUs than the %d a plan considers: they get no vCPU\n",
			dropped, MAX_HOST_PUS);
	if (!n) {
		snprintf(err, len, "the host topology has no CPU");
		return -1;
	}
	if (o->vcpus > VM_MAX_VCPUS || o->max_vcpus > VM_MAX_VCPUS) {
		snprintf(err, len, "more than %d vCPUs: the test kernel's CONFIG_NR_CPUS", VM_MAX_VCPUS);
		return -1;
	}
	if (o->numa > VM_MAX_NODES) {
		snprintf(err, len, "--numa %d: at most %d nodes", o->numa, VM_MAX_NODES);
		return -1;
	}
	p->mem_mib = o->mem_mib;
	if ((o->kvm ? plan_kvm(all, n, host_nodes, host_node_os, o, p, err, len) :
		      plan_tcg(all, n, o, p, err, len)))
		return -1;
	if (p->mem_mib < 256UL * (unsigned long)p->nodes) {
		snprintf(err, len, "%lu MiB for %d node(s): at least 256 MiB a node", p->mem_mib, p->nodes);
		return -1;
	}
	split_memory(p);
	return 0;
}
