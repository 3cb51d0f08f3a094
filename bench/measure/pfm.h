/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpfm4 event names to perf_event_attr fields.  Kept apart because
 * libpfm4's perfmon/perf_event.h redefines linux/perf_event.h.
 */
#ifndef GB_PFM_H
#define GB_PFM_H

#include <stddef.h>
#include <stdint.h>

struct gb_pfm_event {
	uint32_t type;
	uint64_t config, config1, config2;
	unsigned int exclude_user:1, exclude_kernel:1, exclude_hv:1;
};

/* 0, or -1 with a reason in err. */
int gb_pfm_encode(const char *name, struct gb_pfm_event *out, char *err,
		  size_t len);

#endif
