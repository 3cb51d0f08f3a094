// SPDX-License-Identifier: GPL-2.0
#include <perfmon/pfmlib_perf_event.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "pfm.h"

int gb_pfm_encode(const char *name, struct gb_pfm_event *out, char *err,
		  size_t len)
{
	static bool ready;
	struct perf_event_attr attr;
	pfm_perf_encode_arg_t arg;
	int ret;

	if (!ready) {
		ret = pfm_initialize();
		if (ret != PFM_SUCCESS) {
			snprintf(err, len, "libpfm4 failed to initialise: %s",
				 pfm_strerror(ret));
			return -1;
		}
		ready = true;
	}
	memset(&attr, 0, sizeof(attr));
	memset(&arg, 0, sizeof(arg));
	arg.attr = &attr;
	arg.size = sizeof(arg);
	/* Kernel and user: the pin's cost is nearly all in the kernel. */
	ret = pfm_get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3,
					PFM_OS_PERF_EVENT, &arg);
	if (ret != PFM_SUCCESS) {
		snprintf(err, len, "libpfm4 cannot encode %s: %s", name,
			 pfm_strerror(ret));
		return -1;
	}
	out->type = attr.type;
	out->config = attr.config;
	out->config1 = attr.config1;
	out->config2 = attr.config2;
	out->exclude_user = attr.exclude_user;
	out->exclude_kernel = attr.exclude_kernel;
	out->exclude_hv = attr.exclude_hv;
	return 0;
}
