/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --trace-marker: lines in a tracefs instance's trace_marker around each
 * pin call, so a trace taken beside gupbench can be lined up with it.
 */
#ifndef GB_MARKER_H
#define GB_MARKER_H

#include <stdint.h>

/* Open INSTANCE's trace_marker (NULL: markers off); exits 2 or 4 if it cannot. */
int gb_marker_open(const char *instance);
/* "gupbench WHAT SEQ" into the marker, if open. */
void gb_marker(int fd, const char *what, uint64_t seq);

#endif
