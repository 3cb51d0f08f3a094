/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runs taken back out of the store by selector, as results files the
 * strict reader reads like any other (so every gbstat command works on
 * them unchanged).
 *
 * A selector is "all" or KEY=VALUE[,KEY=VALUE...], every part required
 * (an empty part is refused, never read as "all"):
 *   id=N            one run
 *   kernel=RELEASE  uname -r, exactly (e.g. 6.12.117)
 *   host=NAME       the host the run was imported as
 *   machine=TEXT    runs whose machine fingerprint (CPU model, topology,
 *                   memory layout) holds TEXT, e.g. a CPU model
 *   policy=P        runs that swept drain policy P (exactly: the policies
 *                   its calls ran under, "all" as swept)
 *   revision=REV    the tree revision, by prefix (gate runs of TREE@REV)
 *   side=base|cand  a gate's side
 *   gate=N          the runs of gate N
 *   accel=tcg|native-or-kvm
 *   since=DATE  until=DATE   started on or after / before (2026-02-01 or
 *                   2026-02-01T10:00:00Z; an impossible date is refused)
 */
#ifndef GBA_SELECT_H
#define GBA_SELECT_H

#include <stddef.h>

#include "store.h"

struct gba_selection {
	char dir[256];		/* a private temporary folder, removed by free */
	int n;
	char **paths;		/* one results file per run */
	long long *ids;		/* the runs' ids in the store */
};

/* 0, or -1 with one line in err (a bad selector, no run matched). */
int gba_select(gba_db *db, const char *selector, struct gba_selection *s,
	       char *err, size_t len);
void gba_selection_free(struct gba_selection *s);

#endif
