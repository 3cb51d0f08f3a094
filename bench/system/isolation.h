/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which CPUs the kernel treats as isolated, read back from sysfs (never
 * from the command line alone): isolcpus= domain CPUs
 * (/sys/devices/system/cpu/isolated), nohz_full= CPUs
 * (/sys/devices/system/cpu/nohz_full) and cgroup v2 isolated partitions
 * (cpuset.cpus.isolated).  Their union is what the kernel's
 * cpu_is_isolated() is true for: the CPUs a drain that skips isolated
 * CPUs leaves alone.
 */
#ifndef GB_ISOLATION_H
#define GB_ISOLATION_H

#include <stdbool.h>

#include "topo.h"

#define GB_PATH_ISOLATED	"/sys/devices/system/cpu/isolated"
#define GB_PATH_NOHZ_FULL	"/sys/devices/system/cpu/nohz_full"
#define GB_PATH_CPUSET_ISOLATED	"/sys/fs/cgroup/cpuset.cpus.isolated"

struct gb_isolation {
	int nr;				/* the union, ascending */
	int cpus[GB_MAX_CPUS];
	int nr_domain;			/* isolcpus= (domain) */
	int domain[GB_MAX_CPUS];
	int nr_nohz;			/* nohz_full= */
	int nohz[GB_MAX_CPUS];
	int nr_partition;		/* cgroup v2 isolated partitions */
	int partition[GB_MAX_CPUS];
	bool is[GB_MAX_CPUS];
};

/*
 * One sysfs CPU list into cpus[]: an absent file, an empty list and
 * "(null)" (nohz_full without nohz_full=) are no CPU; -EINVAL for text
 * that is not a CPU list.  The count, or -errno.
 */
int gb_isolation_parse(const char *text, int *cpus, int max);
/* Read the three files; a file that is not there is no CPU.  0 or -errno. */
int gb_isolation_read(struct gb_isolation *iso);

#endif
