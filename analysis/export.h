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
 * DIR, and, when o names two policies, the gate's verdict between them.
 * Returns the gate's exit code (0 without a gate).
 */
int gba_report(const struct gba_results *r, const char *dir,
	       const struct gba_cmp_opts *o, char *err, size_t len);

#endif
