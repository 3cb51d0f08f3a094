/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How big a VM to boot on this host, and where its vCPUs run: from the
 * host's topology (hwloc, so a test can hand it a synthetic or XML one).
 *
 * Under KVM the VM mirrors the server: one vCPU per host CPU up to a cap
 * (taken spread: a CPU of every core on every node before any SMT
 * sibling), one guest NUMA node per host node holding the vCPUs pinned
 * to that node's CPUs and memory bound to it, memory in proportion to
 * the vCPUs.  Under TCG every vCPU is emulated on the host's few cores:
 * small defaults, nodes only when asked (--numa), pinning only when asked.
 */
#ifndef GB_VM_SIZING_H
#define GB_VM_SIZING_H

#include <hwloc.h>
#include <stdbool.h>
#include <stddef.h>

/* The guest kernel's CONFIG_NR_CPUS (kernel-configs/gupbench.config). */
#define VM_MAX_VCPUS		512
#define VM_MAX_NODES		64
/* The documented default cap under KVM (--max-vcpus raises it). */
#define VM_DEFAULT_CAP		64
/* Under KVM: a base plus this much per vCPU, at most half the host's. */
#define VM_MEM_BASE_MIB		1024
#define VM_MEM_PER_VCPU_MIB	256
/* Under TCG: what run-vm.sh has always booted. */
#define VM_TCG_VCPUS		2
#define VM_TCG_MEM_MIB		2048

struct vm_plan_opts {
	bool kvm;
	int max_vcpus;			/* cap under KVM */
	int vcpus;			/* 0: from the host (KVM) or the default */
	unsigned long mem_mib;		/* 0: in proportion (KVM) or the default */
	int numa;			/* guest nodes under TCG; 0: one */
	bool pin;			/* pin under TCG too (KVM always pins) */
	unsigned long host_mem_mib;
};

struct vm_plan {
	int vcpus, nodes;
	unsigned long mem_mib, node_mem_mib[VM_MAX_NODES];
	bool pin, bind_memory;		/* vCPU threads; memory to host nodes */
	int host_cpu[VM_MAX_VCPUS];	/* vCPU -> host CPU (OS index), when pin */
	int vnode[VM_MAX_VCPUS];	/* vCPU -> guest node */
	int host_node[VM_MAX_NODES];	/* guest node -> host node (OS index) */
	char host[256];			/* "2 packages, 2 NUMA nodes, ..." */
};

/* 0, or -1 with one line in err (the plan cannot be made as asked). */
int vm_plan_make(hwloc_topology_t topo, const struct vm_plan_opts *o,
		 struct vm_plan *p, char *err, size_t len);

#endif
