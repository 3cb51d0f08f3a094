/* SPDX-License-Identifier: GPL-2.0 */
/* Probing the machine once: layout, topology, privileges, limits. */
#ifndef GB_MACHINE_H
#define GB_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "topo.h"

/* What a case's supported() may look at: the machine as probed, and the run. */
struct gb_env {
	const struct gb_layout *layout;
	const struct gb_topo *topo;
	bool root;
	size_t size;		/* buffer bytes per pin call */
	uint64_t memlock;	/* RLIMIT_MEMLOCK, bytes (RLIM_INFINITY ok) */
	const char *debugfs;	/* NULL when unavailable */
};

struct gb_machine {
	struct gb_layout layout;
	struct gb_topo topo;
	struct gb_env env;
};

/* Raise RLIMIT_MEMLOCK when root, then probe; exits 4 if hwloc fails. */
void gb_machine_probe(struct gb_machine *m, uint64_t size);

#endif
