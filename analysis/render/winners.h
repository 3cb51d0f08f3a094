/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who wins, case by case: each drain policy (or kernel) side by side on
 * what the heuristics are about (failed pins, missed drains, wasted
 * drains by cost, drain works and IPIs, time), and one sentence naming
 * the winner and by how much.  Appendix A of report.md.
 */
#ifndef GBA_WINNERS_H
#define GBA_WINNERS_H

#include <stdio.h>

#include "../read/results.h"

void gba_winners(const struct gba_results *r, FILE *out);

#endif
