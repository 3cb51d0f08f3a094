// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../gb.h"
#include "machine.h"
#include "files.h"
#include "sys.h"

void gb_machine_probe(struct gb_machine *m, uint64_t size)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	int err;

	memset(m, 0, sizeof(*m));
	/* Pins and mlock charge RLIMIT_MEMLOCK; a process-local change. */
	if (geteuid() == 0)
		setrlimit(RLIMIT_MEMLOCK, &rl);
	getrlimit(RLIMIT_MEMLOCK, &rl);

	err = gb_layout_read(&m->layout);
	if (err)
		gb_die(GB_EXIT_SKIP, "cannot read /proc/zoneinfo: %s",
		       gb_errno_hint(-err));
	err = gb_topo_init(&m->topo);
	if (err)
		gb_die(GB_EXIT_SKIP, "hwloc could not read the CPU topology");
	err = gb_isolation_read(&m->iso);
	if (err)
		gb_die(GB_EXIT_SKIP, "cannot read which CPUs are isolated (%s): %s",
		       GB_PATH_ISOLATED, gb_errno_hint(-err));
	if (gb_read_file(GB_PATH_CLOCKSOURCE, m->clocksource, sizeof(m->clocksource)) > 0)
		m->clocksource[strcspn(m->clocksource, "\n")] = '\0';
	m->env.layout = &m->layout;
	m->env.iso = &m->iso;
	m->env.topo = &m->topo;
	m->env.root = geteuid() == 0;
	m->env.size = size;
	m->env.memlock = rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX
						       : (uint64_t)rl.rlim_cur;
	m->env.debugfs = gb_debugfs();
}
