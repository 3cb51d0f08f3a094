/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "gupbench schema": one sample record of each scenario as the emitter
 * writes it, every member present (null where the example measured
 * nothing).  It is what a record may hold: gbstat is built with it and
 * refuses at start a metric whose path no record has
 * (analysis/metrics.def).
 */
#ifndef GB_SCHEMA_EXAMPLE_H
#define GB_SCHEMA_EXAMPLE_H

#include <stdio.h>

/* JSON Lines on f; 0, or 1 when writing failed. */
int gb_schema_example(FILE *f);

#endif
