/* SPDX-License-Identifier: GPL-2.0 */
/* "gupbench run": every (pinner, placement, scenario, cpus) combination. */
#ifndef GB_RUNNER_H
#define GB_RUNNER_H

#include "options.h"

/* Returns the exit code: 0, 1 (a check failed), 4 (all skipped). */
int gb_run(const struct gb_options *o);

#endif
