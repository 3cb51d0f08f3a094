/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gate as text: every row (Appendix B, regressions first), the cases
 * measured on one side only, and the verdict's lines, from the judgement
 * of stats/compare.h.
 */
#ifndef GBA_GATE_TEXT_H
#define GBA_GATE_TEXT_H

#include <stdio.h>

#include "../stats/compare.h"

/*
 * Judge cand against base and write the rows to out (Markdown) and the
 * verdict's lines to out and to o->verdict (plain).  Returns the gate's
 * code (gba_judgement.code), or 2 for unusable input with one line in err.
 * keep (or NULL) gets the verdict table the headline reads.
 */
int gba_compare(const struct gba_results *base,
		const struct gba_results *cand,
		const struct gba_cmp_opts *o, FILE *out, char *err,
		size_t len, struct gba_verdicts *keep);

/* A value, or (percent) a relative change; "-" for NAN, "+inf". */
void gba_fmt(char *buf, size_t len, double v, bool percent);

#endif
