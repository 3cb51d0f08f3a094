/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupbench run --explore BUDGET (gupbench explore): page states composed
 * from the recipe primitives (cases/recipe.h), searched for the largest
 * difference in the gate's primary counts between the run's two drain
 * policies (one policy: against itself, the control) within BUDGET pin
 * calls: every pair of primitives first, over every pinner, placement
 * and CPU count given, then local moves around the largest differences;
 * the top ones are confirmed on fresh calls and shrunk to the fewest
 * steps that still show them.  Each finding is a "finding" record and a
 * line with its reproducer.
 */
#ifndef GB_EXPLORE_H
#define GB_EXPLORE_H

struct gb_run;

void gb_explore(struct gb_run *R);

#endif
