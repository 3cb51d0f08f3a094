/* SPDX-License-Identifier: GPL-2.0 */
/* Data files for the gnuplot scripts in plots/, and the report page. */
#ifndef GBA_EXPORT_H
#define GBA_EXPORT_H

#include "compare.h"
#include "results.h"

/* Write DIR/{drain_cost,throughput,drains,failures,cdf}.dat and meta.gp. */
int gba_export(const struct gba_results *r, const char *dir, char *err,
	       size_t len);

/*
 * Write DIR/report.md: fingerprints, summaries, the charts rendered into
 * DIR (from all), and a gate: base against cand when both are given (a
 * kernel against another), else, when o names two policies, between
 * those policies within all.  Prints the gate's outcome on stdout and
 * returns its exit code (0 without a gate; 3, inconclusive, when a gate
 * was asked for and could not run); -1 with err when DIR is unwritable.
 */
int gba_report(const struct gba_results *all, const struct gba_results *base,
	       const struct gba_results *cand, const char *dir,
	       const struct gba_cmp_opts *o, char *err, size_t len);

#endif
