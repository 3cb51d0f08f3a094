/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the host shaped the VM gupbench runs in, when run-vm.sh booted it:
 * its plan (vm/plan/gbvmplan's lines), handed to the guest as the file
 * GB_VM_PLAN names.  For the envelope's "vm": the host's topology, each
 * vCPU's guest node and host CPU, and whether the vCPU threads were
 * pinned (run-vm.sh stops a planned-pinned run whose pinning failed, so
 * "pinned" is what happened).
 */
#ifndef GB_VMHOST_H
#define GB_VMHOST_H

#include <stdbool.h>

#define GB_VMHOST_MAX_VCPUS	512

struct gb_vmhost {
	bool present;			/* false: not in a run-vm.sh VM */
	char host[256], accel[8];
	/* no, vm (cpuinfo says hypervisor) or tcg (the suite's own TCG guest) */
	char host_virtual[8];
	int vcpus, nodes, nr_map;
	unsigned long mem_mib;
	bool pinned;
	int vnode[GB_VMHOST_MAX_VCPUS];
	int host_cpu[GB_VMHOST_MAX_VCPUS];	/* -1: not pinned */
};

/* Reads $GB_VM_PLAN; a malformed plan is warned about and left out. */
void gb_vmhost_read(struct gb_vmhost *v);

#endif
