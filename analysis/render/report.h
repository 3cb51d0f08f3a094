/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.md and mail.txt: the answer first (headline, mail-ready table,
 * the gate's verdict), then the charts with how to read each, then the
 * details in appendices (who wins per case, every gate row, the summary
 * per case, the runs).
 */
#ifndef GBA_REPORT_H
#define GBA_REPORT_H

#include "../stats/compare.h"
#include "../read/results.h"

/*
 * Write DIR/report.md and DIR/mail.txt from all (the charts rendered
 * into DIR come from it too), with a gate: base against cand when both
 * are given (a kernel against another), else, when o names two
 * policies, between those policies within all.  Prints the gate's
 * verdict lines on stdout and returns its exit code (0 without a gate;
 * 3, inconclusive, when a gate was asked for and could not run); -1
 * with err when DIR is unwritable.
 */
int gba_report(const struct gba_results *all, const struct gba_results *base,
	       const struct gba_results *cand, const char *dir,
	       const struct gba_cmp_opts *o, char *err, size_t len);

#endif
