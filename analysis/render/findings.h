/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What gupbench explore found: each confirmed difference, largest first,
 * with its recipe, its exact counts on both sides and the command that
 * replays it; or that it found nothing beyond its error rate, in how
 * many calls.  `gbstat explore` prints it, report.md opens with it.
 */
#ifndef GBA_FINDINGS_H
#define GBA_FINDINGS_H

#include <stdbool.h>
#include <stdio.h>

#include "../read/results.h"

/* Did any run of r explore? */
bool gba_explored(const struct gba_results *r);
/* The findings as Markdown (text from the files escaped). */
void gba_findings(const struct gba_results *r, FILE *out);
/* Does any finding make the candidate worse (the metric's better side)? */
bool gba_findings_regress(const struct gba_results *r);

#endif
