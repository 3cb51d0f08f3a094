/* SPDX-License-Identifier: GPL-2.0 */
/* "gupbench list" and "gupbench probe": what this kernel and machine offer. */
#ifndef GB_PROBE_H
#define GB_PROBE_H

#include "options.h"

int gb_list(const struct gb_options *o);
int gb_probe(const struct gb_options *o);

#endif
