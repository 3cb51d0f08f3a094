/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one spread order, for gupbench's CPU order (system/topo.c) and the
 * VM plan's choice of host CPUs (vm/plan/sizing.c): the first PU of
 * every core before any SMT sibling, and cores taken round the groups
 * (packages, or NUMA nodes) before a group's second core.
 */
#ifndef GB_SPREAD_H
#define GB_SPREAD_H

struct gb_spread_key {
	int smt;	/* rank among its core's PUs */
	int core;	/* its core's rank within its group */
	int group;	/* package or node */
	int os;		/* OS CPU number: the tie-break */
};

static inline int gb_spread_cmp(const void *a, const void *b)
{
	const struct gb_spread_key *x = a, *y = b;

	if (x->smt != y->smt)
		return x->smt - y->smt;
	if (x->core != y->core)
		return x->core - y->core;
	if (x->group != y->group)
		return x->group - y->group;
	return x->os - y->os;
}

#endif
