// SPDX-License-Identifier: GPL-2.0
#include "metrics.h"

const struct gba_metric_info gba_metrics[GBA_NR_METRICS] = {
#define METRIC(id, nm, un, bt, kd, nu, de, sc, tm, gt, src, fl) \
	[GBA_##id] = { nm, un, GBA_##bt, GBA_##kd, nu, de, sc, tm, GBA_##gt, src, fl },
#include "metrics.def"
#undef METRIC
};
