/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every change to system state goes through here: each change is
 * journalled (in memory and in a file under the journal folder) before
 * it is made, and undone on exit, on SIGINT/SIGTERM/SIGHUP, and by
 * "gupbench restore" after a SIGKILL or a crash.  Plain reads and
 * writes are files.h's (included: callers need both).
 */
#ifndef GB_SYS_H
#define GB_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "files.h"

const char *gb_tracefs(void);	/* NULL when tracefs cannot be had */
const char *gb_debugfs(void);	/* NULL when debugfs cannot be had */

/*
 * Journalled changes.  gb_sys_set() writes val to path after recording
 * the old value; gb_sys_mount() mounts fstype at target if nothing is
 * mounted there.  Both return 0 or -errno.
 */
int gb_sys_set(const char *path, const char *val);
/*
 * A change made by other means whose undo is writing val to path (e.g.
 * CMA pages taken through debugfs cma/AREA/alloc, given back by writing
 * the count to cma/AREA/free): journalled before the change is made, so
 * every exit path, and `gupbench restore` after a kill, undoes it.
 * gb_sys_release() undoes it now and drops it from the journal.
 */
int gb_sys_hold(const char *path, const char *val, const char *what);
int gb_sys_release(const char *path);
int gb_sys_mount(const char *fstype, const char *target);
/*
 * Create netdev name of kind (only gupbench's own: allowed.h), deleted
 * on every exit path; -EEXIST when it is already there (then it is not
 * ours and is never deleted).
 */
int gb_sys_netdev(const char *name, const char *kind);

/* A line per change in force now, for the results envelope. */
int gb_sys_changes(char (*out)[512], int max);
/*
 * A line per change made since the start ("set PATH: OLD -> NEW", each
 * distinct write once; "mount FS at PATH"), for the end record: the
 * envelope is written before a sweep makes its changes.
 */
int gb_sys_history(char (*out)[512], int max);

void gb_sys_install_restore(void);	/* atexit + signal handlers */
void gb_sys_restore_all(void);

#endif
