/* SPDX-License-Identifier: GPL-2.0 */
/* --offline-cpus: CPU hotplug through the journal. */
#ifndef GB_HOTPLUG_H
#define GB_HOTPLUG_H

#include <stddef.h>

/*
 * Exactly the first n CPUs of order[] (the spread order) online, the
 * others offline; each change journalled, so every CPU comes back on
 * exit.  0, or -errno with the reason in why.
 */
int gb_hotplug_online_first(const int *order, int nr_cpus, int n, char *why,
			    size_t len);

#endif
