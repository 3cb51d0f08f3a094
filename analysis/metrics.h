/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every metric analysis knows, from metrics.def: the enum and the table
 * the reader, the gate, the report and the man page read.
 */
#ifndef GBA_METRICS_H
#define GBA_METRICS_H

#include <stdbool.h>

enum gba_metric {
#define METRIC(id, ...) GBA_##id,
#include "metrics.def"
#undef METRIC
	GBA_NR_METRICS
};

enum gba_better { GBA_LOWER, GBA_HIGHER };
enum gba_kind { GBA_MEDIAN, GBA_MEAN, GBA_RATIO };
/*
 * GBA_PRIMARY_NATIVE: primary where the machine is not emulated; under
 * emulation (TCG, or KVM nested on TCG) shown and not gated, as times
 * are: a count that follows vCPU timing (whether a wakeup needs an IPI).
 */
enum gba_gate { GBA_PRIMARY, GBA_INFO, GBA_PRIMARY_NATIVE };
#define gba_is_primary(mi)	((mi)->gate != GBA_INFO)

struct gba_metric_info {
	const char *name, *unit;
	enum gba_better better;
	enum gba_kind kind;
	const char *num, *den;
	double scale;		/* recorded unit -> metric unit, for num */
	bool time;
	enum gba_gate gate;
	const char *sources;
	double floor;		/* smallest change that matters (0: none) */
};

extern const struct gba_metric_info gba_metrics[GBA_NR_METRICS];

#endif
