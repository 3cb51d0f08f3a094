/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every system setting gupbench may change, in one list.  gb_sys_set(),
 * gb_sys_hold() and gb_sys_mount() refuse a change not on it, and
 * restoring a journal refuses a line not on it: a journal is a file that
 * root reads back on the next run, so whatever it says, gupbench writes
 * only where it writes itself, and only a value of the kind it writes.
 */
#ifndef GB_ALLOWED_H
#define GB_ALLOWED_H

#define GB_PATH_THP_ENABLED		"/sys/kernel/mm/transparent_hugepage/enabled"
/* One anon (m)THP size's own setting (6.8+): %d its size in kB. */
#define GB_PATH_THP_SIZE_DIR		"/sys/kernel/mm/transparent_hugepage"
#define GB_PATH_MTHP_ENABLED		GB_PATH_THP_SIZE_DIR "/hugepages-%dkB/enabled"
#define GB_PATH_PCP_HIGH_FRACTION	"/proc/sys/vm/percpu_pagelist_high_fraction"
#define GB_PATH_RT_RUNTIME		"/proc/sys/kernel/sched_rt_runtime_us"
#define GB_PATH_CPU_ONLINE		"/sys/devices/system/cpu/cpu%d/online"
#define GB_PATH_DEBUGFS			"/sys/kernel/debug"
#define GB_PATH_TRACEFS			"/sys/kernel/tracing"
#define GB_PATH_TRACEFS_OLD		GB_PATH_DEBUGFS "/tracing"
#define GB_PATH_DRAIN_POLICY		GB_PATH_DEBUGFS "/gup_longterm_drain_policy"
/* cma_alloc's undo: the area's pages given back by count. */
#define GB_PATH_CMA_FREE		GB_PATH_DEBUGFS "/cma/%s/free"

/*
 * The soft-RoCE device the pinner "rdma" sets up where there is no RDMA
 * device: the one netdev gupbench creates (and so the one a journal may
 * have it delete), and the rxe link on it, which goes with the netdev.
 */
#define GB_NETDEV_NAME			"gbdummy0"
#define GB_NETDEV_KIND			"dummy"
#define GB_RXE_NAME			"gbrxe0"

/* The journal's words for each kind: "set", "mount", "netdev". */
enum gb_change_kind { GB_CHANGE_SET, GB_CHANGE_MOUNT, GB_CHANGE_NETDEV };

const char *gb_change_kind_name(enum gb_change_kind kind);
/* -1 for a word that is no kind. */
int gb_change_kind_parse(const char *word);

/*
 * NULL when gupbench may make this change (a write of val to path; a
 * mount at path: val is then the file system type, NULL for any of
 * gupbench's; a netdev named path of type val), else why not.
 */
const char *gb_change_refused(enum gb_change_kind kind, const char *path,
			      const char *val);

#endif
