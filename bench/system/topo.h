/* SPDX-License-Identifier: GPL-2.0 */
/* CPU topology through hwloc: which CPUs to use, in what order, and binding. */
#ifndef GB_TOPO_H
#define GB_TOPO_H

#define GB_MAX_CPUS	1024

struct gb_topo {
	int nr_cpus;		/* PUs this process may run on */
	/* OS CPU numbers, spread over packages, then cores, then SMT. */
	int order[GB_MAX_CPUS];
	int packages, cores, pus, numa_nodes;
	/* OS CPU number -> its NUMA node's OS number (0 where hwloc knows none). */
	int node_of[GB_MAX_CPUS];
	char cpu_model[128];
	char summary[256];
};

int gb_topo_init(struct gb_topo *t);
/*
 * Where the CPUs beside the pinning one (order[0]) come from, for
 * --holder-node: GB_NODE_SPREAD keeps the spread order; GB_NODE_SAME puts
 * the CPUs of order[0]'s node first, GB_NODE_OTHER those of other nodes
 * (each group in spread order), so a batch holder or remote CPU sits on
 * the node asked for where the machine has one.
 */
enum gb_node_pref { GB_NODE_SPREAD, GB_NODE_SAME, GB_NODE_OTHER };
void gb_topo_prefer_node(struct gb_topo *t, enum gb_node_pref pref);
/*
 * --holder-cpus isolated: the isolated CPUs (iso[], n of them) right
 * after the pinning CPU, so batch holders, the remote CPU and --load run
 * there first, whether or not this process's affinity had them
 * (isolcpus= leaves them out of every task's default affinity); the
 * pinning CPU is the first CPU of the order that is not isolated.
 * -ENOENT: no isolated CPU is online; -EINVAL: every CPU is isolated.
 */
int gb_topo_isolated_first(struct gb_topo *t, const int *iso, int n);
/* Bind the calling thread to one OS CPU; 0 or -errno. */
int gb_topo_bind_self(int cpu);
/*
 * The same without allocating, for threads that run beside a prepared
 * page state: a thread's first malloc() makes its arena, and making one
 * munmap()s, which drains the LRU batch of the CPU the thread is on.
 */
int gb_topo_bind_self_noalloc(int cpu);
int gb_topo_current_cpu(void);

#endif
