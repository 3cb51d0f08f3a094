/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one percentile rule of gupbench and gbstat: nearest rank, the
 * smallest value at or above pct percent of n sorted values (p100 is
 * the largest; with few values p99 is the largest too).
 */
#ifndef GB_RANK_H
#define GB_RANK_H

#include <math.h>
#include <stddef.h>

/* The 0-based index of the pct percentile in n sorted values (n > 0). */
static inline size_t gb_rank_index(size_t n, double pct)
{
	size_t rank = (size_t)ceil(pct / 100.0 * (double)n);

	return rank ? (rank > n ? n : rank) - 1 : 0;
}

#endif
