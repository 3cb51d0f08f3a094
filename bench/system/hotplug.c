// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "allowed.h"
#include "hotplug.h"
#include "sys.h"

int gb_hotplug_online_first(const int *order, int nr_cpus, int n, char *why,
			    size_t len)
{
	char path[96];
	int i, err;

	/* order[0] runs the pinner: it stays online. */
	for (i = 1; i < nr_cpus; i++) {
		snprintf(path, sizeof(path), GB_PATH_CPU_ONLINE, order[i]);
		err = gb_sys_set(path, i < n ? "1" : "0");
		if (err) {
			snprintf(why, len, "--offline-cpus: cannot set CPU %d %s: %s",
				 order[i], i < n ? "online" : "offline", gb_errno_hint(-err));
			return err;
		}
	}
	return 0;
}
