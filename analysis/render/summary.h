/* SPDX-License-Identifier: GPL-2.0 */
/* Per case and variant: every metric's statistic, as a Markdown table. */
#ifndef GBA_SUMMARY_H
#define GBA_SUMMARY_H

#include <stdio.h>

#include "../read/results.h"

void gba_summary(const struct gba_results *r, FILE *out);
/* Who ran what where: one line per run. */
void gba_fingerprints(const struct gba_results *r, FILE *out);

#endif
