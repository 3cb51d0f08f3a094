/* SPDX-License-Identifier: GPL-2.0 */
/* gbstat trend: a metric across kernels, dates, revisions or hosts, from the store. */
#ifndef GBA_TREND_H
#define GBA_TREND_H

#include <stdio.h>

#include "store.h"

struct gba_trend_opts {
	const char *metric;	/* a name from metrics.def */
	const char *selector;	/* which runs (select.h) */
	const char *casef;	/* only calls whose case key holds this, or NULL */
	const char *by;		/* kernel, date, revision or host */
	const char *dir;	/* trend.dat and meta.gp for plots/render.sh DIR trend, or NULL */
};

/* The table on out; 0, or -1 with one line in err. */
int gba_store_trend(gba_db *db, const struct gba_trend_opts *o, FILE *out,
		    char *err, size_t len);

#endif
