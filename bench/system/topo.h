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
	char cpu_model[128];
	char summary[256];
};

int gb_topo_init(struct gb_topo *t);
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
