/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Plain /proc and /sys access, unjournalled: what the journal's restore
 * and every reader use.  Changes that must be undone go through sys.h.
 */
#ifndef GB_FILES_H
#define GB_FILES_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/* Read a whole small file; returns bytes read (NUL-terminated) or -errno. */
long gb_read_file(const char *path, char *buf, size_t len);
int gb_read_u64(const char *path, uint64_t *val);
/* Write a value to a /proc or /sys file, unjournalled; 0 or -errno. */
int gb_write_file(const char *path, const char *val);

int gb_online_cpus(void);	/* from /sys/devices/system/cpu/online */
/* A /proc/vmstat counter; 0 or -errno. */
int gb_vmstat(const char *name, uint64_t *val);
/*
 * Several in one read of the file (a read costs a sum over every CPU
 * for each of its ~180 lines: ~2 ms under TCG, ten a call before):
 * found[i] says whether names[i] was there; -errno when the file could
 * not be read.
 */
int gb_vmstat_many(const char *const *names, uint64_t *vals, bool *found, int n);
/*
 * Fold every CPU's pending vmstat deltas into /proc/vmstat (root:
 * vm.stat_refresh): node counters such as nr_foll_pin_* are kept per
 * CPU and are off by up to a threshold per CPU until folded (seen: 504
 * and 525 for a 512-page pin).  It runs a work on every CPU: never
 * inside a counting window.  0 or -errno.
 */
int gb_vmstat_fold(void);

/* "EACCES: run as root" style advice for an errno from a path. */
const char *gb_errno_hint(int err);

#endif
