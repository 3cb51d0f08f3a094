// SPDX-License-Identifier: GPL-2.0
/*
 * 2 MiB transparent huge pages, faulted and settled.  Large folios skip
 * the per-CPU LRU batches (folio_may_be_lru_cached() is false for them),
 * so no drain is needed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "../cases.h"
#include "../../system/allowed.h"
#include "../../prepare/buf.h"
#include "../../system/sys.h"


static const char *thp_supported(const struct gb_env *env, char *buf,
				 size_t len)
{
	char mode[128];

	if (gb_read_file(GB_PATH_THP_ENABLED, mode, sizeof(mode)) < 0) {
		snprintf(buf, len, "no %s: needs CONFIG_TRANSPARENT_HUGEPAGE",
			 GB_PATH_THP_ENABLED);
		return buf;
	}
	if (strstr(mode, "[never]") && !env->root) {
		snprintf(buf, len, "transparent hugepages are off ([never]) and only root may turn them on");
		return buf;
	}
	if (env->size % GB_THP_SIZE) {
		snprintf(buf, len, "--size must be a multiple of 2M for thp");
		return buf;
	}
	return NULL;
}

/* "never" would give us small pages: allow madvise, journalled. */
static int thp_setup(void)
{
	char mode[128];

	if (gb_read_file(GB_PATH_THP_ENABLED, mode, sizeof(mode)) < 0)
		return -ENOENT;
	if (!strstr(mode, "[never]"))
		return 0;
	return gb_sys_set(GB_PATH_THP_ENABLED, "madvise");
}

static int thp_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	int err = gb_buf_map_anon(b, rep->size, GB_THP_SIZE);

	if (err)
		return err;
	if (madvise(b->addr, b->size, MADV_HUGEPAGE))
		return -errno;
	gb_buf_fault(b);
	return gb_lru_drain_all_cpus(b->addr, rep->env->topo);
}

const struct gb_scenario gb_scenario_thp = {
	.name = "thp",
	.summary = "2 MiB transparent huge pages (large folios skip LRU batches)",
	.truth = GB_DRAIN_NOT_NEEDED,
	.supported = thp_supported,
	.setup = thp_setup,
	.prepare = thp_prepare,
	.teardown = gb_buf_unmap,
};
