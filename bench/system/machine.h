/* SPDX-License-Identifier: GPL-2.0 */
/* Probing the machine once: layout, topology, privileges, limits. */
#ifndef GB_ENV_H
#define GB_ENV_H

#include "../cases/cases.h"

struct gb_machine {
	struct gb_layout layout;
	struct gb_topo topo;
	struct gb_env env;
};

/* Raise RLIMIT_MEMLOCK when root, then probe; exits 4 if hwloc fails. */
void gb_machine_probe(struct gb_machine *m, uint64_t size);

#endif
