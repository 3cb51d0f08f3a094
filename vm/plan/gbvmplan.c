// SPDX-License-Identifier: GPL-2.0
/*
 * gbvmplan: the VM run-vm.sh boots on this host (sizing.h), as lines
 * run-vm.sh reads and a test checks:
 *   host TEXT            the host's topology in words
 *   vcpus N / nodes K / mem_mib M / pinned yes|no
 *   sweep 1,2,4,...,N    the CPU counts for gupbench --cpus
 *   vcpu V node K cpu C  each vCPU's guest node and host CPU (-1: not pinned)
 *   qemu ARG             QEMU's arguments for it, one a line
 * HWLOC_SYNTHETIC or HWLOC_XMLFILE in the environment stand for the host.
 * exit: 0, 2 usage or a plan that cannot be made (one line on stderr)
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sizing.h"

static void usage_die(const char *why)
{
	fprintf(stderr, "gbvmplan: %s\nusage: gbvmplan --accel kvm|tcg [--vcpus N] [--max-vcpus N] [--mem-mib N] [--numa N] [--pin] [--host-mem-mib N]\n",
		why);
	exit(2);
}

static long number(const char *opt, const char *s, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s < '1' || *s > '9' || *end || v > max) {
		fprintf(stderr, "gbvmplan: --%s: '%s' is not a number from 1 to %ld\n", opt, s, max);
		exit(2);
	}
	return v;
}

static unsigned long meminfo_mib(void)
{
	unsigned long kib = 0;
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %lu kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib / 1024;
}

/* 1,2,4,... up to n, and n itself. */
static void print_sweep(int n)
{
	int c;

	printf("sweep ");
	for (c = 1; c < n; c *= 2)
		printf("%d,", c);
	printf("%d\n", n);
}

static void print_qemu(const struct vm_plan *p)
{
	int k, v, first;

	printf("qemu -m\nqemu %luM\nqemu -smp\n", p->mem_mib);
	if (p->nodes > 1 && p->vcpus % p->nodes == 0)
		printf("qemu %d,sockets=%d,cores=%d,threads=1\n", p->vcpus, p->nodes,
		       p->vcpus / p->nodes);
	else
		printf("qemu %d\n", p->vcpus);
	if (p->nodes < 2)
		return;
	for (k = 0; k < p->nodes; k++) {
		printf("qemu -object\nqemu memory-backend-ram,id=gbmem%d,size=%luM", k,
		       p->node_mem_mib[k]);
		if (p->bind_memory)
			printf(",host-nodes=%d,policy=bind", p->host_node[k]);
		for (first = -1, v = 0; v < p->vcpus; v++)
			if (p->vnode[v] == k && first < 0)
				first = v;
		for (v = first; v < p->vcpus && p->vnode[v] == k; v++)
			;
		printf("\nqemu -numa\nqemu node,nodeid=%d,cpus=%d-%d,memdev=gbmem%d\n",
		       k, first, v - 1, k);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "accel", required_argument, NULL, 'a' },
		{ "vcpus", required_argument, NULL, 'v' },
		{ "max-vcpus", required_argument, NULL, 'x' },
		{ "mem-mib", required_argument, NULL, 'm' },
		{ "numa", required_argument, NULL, 'n' },
		{ "pin", no_argument, NULL, 'p' },
		{ "host-mem-mib", required_argument, NULL, 'h' },
		{ 0 }
	};
	struct vm_plan_opts o = { 0 };
	static struct vm_plan p;
	hwloc_topology_t topo;
	const char *accel = NULL;
	char err[256];
	int c, v;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a': accel = optarg; break;
		case 'v': o.vcpus = (int)number("vcpus", optarg, VM_MAX_VCPUS); break;
		case 'x': o.max_vcpus = (int)number("max-vcpus", optarg, VM_MAX_VCPUS); break;
		case 'm': o.mem_mib = (unsigned long)number("mem-mib", optarg, 1L << 30); break;
		case 'n': o.numa = (int)number("numa", optarg, VM_MAX_NODES); break;
		case 'p': o.pin = true; break;
		case 'h': o.host_mem_mib = (unsigned long)number("host-mem-mib", optarg, 1L << 40); break;
		default: usage_die("unknown option");
		}
	}
	if (optind != argc)
		usage_die("no arguments besides options");
	if (!accel || (strcmp(accel, "kvm") && strcmp(accel, "tcg")))
		usage_die("--accel kvm or --accel tcg");
	o.kvm = !strcmp(accel, "kvm");
	if (!o.host_mem_mib)
		o.host_mem_mib = meminfo_mib();
	if (hwloc_topology_init(&topo) || hwloc_topology_load(topo)) {
		fprintf(stderr, "gbvmplan: hwloc cannot read the host's topology\n");
		return 2;
	}
	if (vm_plan_make(topo, &o, &p, err, sizeof(err))) {
		fprintf(stderr, "gbvmplan: %s\n", err);
		return 2;
	}
	printf("host %s\naccel %s\nvcpus %d\nnodes %d\nmem_mib %lu\npinned %s\n",
	       p.host, accel, p.vcpus, p.nodes, p.mem_mib, p.pin ? "yes" : "no");
	print_sweep(p.vcpus);
	for (v = 0; v < p.vcpus; v++)
		printf("vcpu %d node %d cpu %d\n", v, p.vnode[v], p.pin ? p.host_cpu[v] : -1);
	print_qemu(&p);
	hwloc_topology_destroy(topo);
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
