/* SPDX-License-Identifier: GPL-2.0 */
/* Data files for the gnuplot scripts in plots/. */
#ifndef GBA_EXPORT_H
#define GBA_EXPORT_H

#include "../stats/compare.h"
#include "../read/results.h"

/* Write DIR/{drain_cost,throughput,drains,failures,cdf}.dat and meta.gp. */
int gba_export(const struct gba_results *r, const char *dir, char *err,
	       size_t len);

/*
 * Why the chart (plots/charts.def's name) shows nothing worth reading in
 * the results gba_export() last wrote (TCG times, one load, no data), or
 * NULL when it does: the report leaves it out and says why.
 */
const char *gba_chart_not_drawn(const char *name);

/* Why not every call is in every chart, or NULL when all are. */
const char *gba_charts_limit_note(void);

#endif
