/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The answer first: per scenario, what the new side does against the
 * old one on what the heuristics are about (pins failed, missed drains,
 * wasted all-CPU drains, drain works and IPIs, wasted local drains,
 * time in lru_add_drain_all() where not emulated), pooled over
 * placements and CPU counts where they agree and split where they do
 * not; a few sentences for a cover letter; and the same numbers as a
 * plain-text table of at most 80 columns for a mail (mmtests'
 * compare-kernels style, with a significance mark).
 */
#ifndef GBA_HEADLINE_H
#define GBA_HEADLINE_H

#include <stdio.h>

#include "../stats/compare.h"
#include "../read/results.h"

/* The two sides: by the run's label (a kernel gate), by policy, or both. */
struct gba_sides {
	const char *label_a, *label_b;		/* "base"/"cand", or NULL */
	const char *policy_a, *policy_b;	/* drain policies, or NULL */
	const char *name_a, *name_b;		/* what the sentences call them */
};

/* The widest line of the mail-ready table. */
#define GBA_MAIL_COLS	80

/*
 * Write the headline (Markdown) to md and the mail-ready table to txt
 * and each row's cases with the gate's decisions to tsv (any may be
 * NULL), with the gate's decisions from v (NULL: no gate, nothing
 * marked).  Nothing measured on both sides: says so.
 */
void gba_headline(const struct gba_results *r, const struct gba_sides *s,
		  const struct gba_cmp_opts *o, const struct gba_verdicts *v,
		  FILE *md, FILE *txt, FILE *tsv);

#endif
