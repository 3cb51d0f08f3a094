/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which drains of a call were wasted, by the scenario's truth, where no
 * tracepoint says: the heuristics drain all CPUs only when a local drain
 * was not tried or not enough, so where a drain was needed the last one
 * made is the needed one and a local drain before an all-CPU one was
 * wasted.  Where none was needed every drain was wasted.  One rule for
 * gupbench's verdict and gbstat's reading of files that lack the split.
 */
#ifndef GB_WASTED_H
#define GB_WASTED_H

#include <stdbool.h>
#include <stdint.h>

static inline void gb_wasted_by_truth(bool needed, uint64_t local, uint64_t all,
				      long long *wasted_local, long long *wasted_all)
{
	if (!needed) {
		*wasted_local = (long long)local;
		*wasted_all = (long long)all;
	} else if (all) {
		*wasted_local = (long long)local;
		*wasted_all = (long long)all - 1;
	} else {
		*wasted_local = local ? (long long)local - 1 : 0;
		*wasted_all = 0;
	}
}

#endif
