/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How many calls each case got and why: a fixed design's --reps, or
 * where the adaptive design (bench/lib/sequential.h) stopped each case
 * and what it had seen.  report.md's "Design" section (the totals) and
 * its appendix E (case by case).
 */
#ifndef GBA_DESIGN_H
#define GBA_DESIGN_H

#include <stdio.h>

#include "../read/results.h"

/* A paragraph per run: the design, and its stops counted by reason and look. */
void gba_design_summary(const struct gba_results *r, FILE *out);
/* A row per stopped case: calls a policy, the look, why (escaped). */
void gba_design_cases(const struct gba_results *r, FILE *out);

#endif
