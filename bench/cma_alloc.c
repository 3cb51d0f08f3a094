// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "cma_alloc.h"
#include "gb.h"
#include "sys.h"

void gb_cma_alloc_whole(const struct gb_layout *l, const char *debugfs,
			struct gb_cma_alloc *out)
{
	const struct gb_cma_area *a = NULL;
	char alloc[512], free_path[512], count[32];
	uint64_t t0;
	int i, err;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < l->nr_cma; i++)
		if (!a || l->cma[i].count > a->count)
			a = &l->cma[i];
	if (!debugfs || !a) {
		out->note = !debugfs ? "no debugfs: cannot reach cma/AREA/alloc"
				     : "no CMA area";
		return;
	}
	snprintf(out->area, sizeof(out->area), "%s", a->name);
	snprintf(alloc, sizeof(alloc), "%s/cma/%s/alloc", debugfs, a->name);
	snprintf(free_path, sizeof(free_path), "%s/cma/%s/free", debugfs, a->name);
	out->asked = a->count;
	snprintf(count, sizeof(count), "%llu", (unsigned long long)a->count);
	/* Journalled first: a kill between alloc and free loses nothing. */
	err = gb_sys_hold(free_path, count, "allocate a whole CMA area through debugfs");
	if (err) {
		out->note = "cannot journal the CMA allocation: not run";
		return;
	}
	out->ran = true;
	t0 = gb_now_ns();
	out->err = gb_write_file(alloc, count);
	out->alloc_ns = gb_now_ns() - t0;
	out->got = out->err ? 0 : out->asked;
	t0 = gb_now_ns();
	/* Nothing allocated: writing free gives back nothing, harmless. */
	err = gb_sys_release(free_path);
	out->free_ns = gb_now_ns() - t0;
	if (err)
		gb_warn("cannot give the CMA area %s back (%s): it is retried on exit and by gupbench restore",
			a->name, strerror(-err));
}
