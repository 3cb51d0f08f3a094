/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupbench explore --rounds DIR: explore between two kernels, the host's
 * part.  A kernel cannot run another's calls, so the search goes in
 * rounds, each one boot of each kernel on the same list of candidates
 * (gupbench run --candidates): 1 the fixed scenarios and every pair of
 * primitives, 2 local moves around the largest differences, 3 the
 * largest confirmed on fresh calls, 4 on the confirmed ones shrunk a
 * step a round.  The search is explore's (run/explore_search.h), with
 * its seed, budget and error rate; each kernel runs its own drain policy.
 *
 * Each invocation replays the search from the seed and the rounds'
 * values in DIR (round-K.base.tsv, round-K.cand.tsv: gbstat candidates
 * of each boot's results), so it keeps no state of its own, and then
 * either writes the next round's list, DIR/round-K.plan, and prints
 * "round K PLAN", or writes DIR/findings.jsonl (finding records and an
 * explore record, as gupbench explore's) and DIR/findings.txt, prints
 * "done N" and exits 1 when a finding makes the candidate kernel worse.
 * Nothing is run and nothing on the system is changed.
 */
#ifndef GB_EXPLORE_ROUNDS_H
#define GB_EXPLORE_ROUNDS_H

struct gb_run;

int gb_explore_rounds(struct gb_run *R);

#endif
