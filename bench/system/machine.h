/* SPDX-License-Identifier: GPL-2.0 */
/* Probing the machine once: layout, topology, privileges, limits. */
#ifndef GB_MACHINE_H
#define GB_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isolation.h"
#include "layout.h"
#include "topo.h"

/* What a case's supported() may look at: the machine as probed, and the run. */
struct gb_env {
	const struct gb_layout *layout;
	const struct gb_topo *topo;
	const struct gb_isolation *iso;	/* isolated CPUs, as sysfs says */
	bool root;
	size_t size;		/* buffer bytes per pin call */
	uint64_t memlock;	/* RLIMIT_MEMLOCK, bytes (RLIM_INFINITY ok) */
	const char *debugfs;	/* NULL when unavailable */
};

struct gb_machine {
	struct gb_layout layout;
	struct gb_topo topo;
	struct gb_isolation iso;
	/*
	 * The current clocksource ("" unread): whether clock_gettime() is a
	 * vDSO read (tsc, tsc-early, kvm-clock, arch_sys_counter) or a system call,
	 * which the spinner (--load spin) then makes on every loop step.
	 */
	char clocksource[32];
	struct gb_env env;
};

#define GB_PATH_CLOCKSOURCE "/sys/devices/system/clocksource/clocksource0/current_clocksource"

/* Raise RLIMIT_MEMLOCK when root, then probe; exits 4 if hwloc fails. */
void gb_machine_probe(struct gb_machine *m, uint64_t size);

#endif
