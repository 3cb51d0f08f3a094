// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../gb.h"
#include "marker.h"
#include "../system/sys.h"

int gb_marker_open(const char *instance)
{
	const char *tracefs;
	char path[512];
	int fd;

	if (!instance)
		return -1;
	tracefs = gb_tracefs();
	if (!tracefs)
		gb_die(GB_EXIT_SKIP, "--trace-marker: tracefs is not available");
	snprintf(path, sizeof(path), "%s/instances/%s/trace_marker", tracefs, instance);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		gb_die(GB_EXIT_USAGE, "--trace-marker: %s: %s", path, strerror(errno));
	return fd;
}

void gb_marker(int fd, const char *what, uint64_t seq)
{
	char buf[64];
	int n;

	if (fd < 0)
		return;
	n = snprintf(buf, sizeof(buf), "gupbench %s %llu", what, (unsigned long long)seq);
	if (write(fd, buf, (size_t)n) < 0)
		gb_warn("trace marker: %s", strerror(errno));
}
