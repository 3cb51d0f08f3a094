/* SPDX-License-Identifier: GPL-2.0 */
/*
 * metrics.def against the records gupbench writes, when gbstat starts:
 * every path a metric reads must be in the record of some scenario
 * (`gupbench schema`, built in), every "@" name one the reader
 * computes.  A misspelt path is refused, never read as NaN.
 */
#ifndef GBA_METRICS_CHECK_H
#define GBA_METRICS_CHECK_H

#include <stddef.h>

#include "metrics.h"

/* 0, or -1 with err naming the metric and its path. */
int gba_metrics_check_table(const struct gba_metric_info *table, int n,
			    char *err, size_t len);
/* The same for metrics.def itself. */
int gba_metrics_check(char *err, size_t len);

#endif
