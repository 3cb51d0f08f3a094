/* SPDX-License-Identifier: GPL-2.0 */
/* Probing the machine once: layout, topology, privileges, limits. */
#ifndef GB_ENV_H
#define GB_ENV_H

#include "cases.h"

struct gb_machine {
	struct gb_layout layout;
	struct gb_topo topo;
	struct gb_env env;
};

/* Raise RLIMIT_MEMLOCK when root, then probe; exits 4 if hwloc fails. */
void gb_machine_probe(struct gb_machine *m, uint64_t size);

/*
 * Split a comma list into at most max names (in storage).  Returns how
 * many, -EINVAL for an empty item ("1,,2", "a,"), -E2BIG when the list
 * is longer than storage or has more than max items: never a silent cut.
 */
int gb_split_list(const char *list, char *storage, size_t storage_len,
		  const char **out, int max);

#endif
