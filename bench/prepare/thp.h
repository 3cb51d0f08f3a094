/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transparent huge pages for the buffers that want them: the PMD size
 * (2 MiB, the thp scenario and recipe step) and the smaller anon mTHP
 * sizes (6.8+: /sys/kernel/mm/transparent_hugepage/hugepages-<N>kB,
 * the recipe step mthp=SIZE).  Every setting changed is journalled.
 */
#ifndef GB_THP_H
#define GB_THP_H

#include <stddef.h>

#include "../system/machine.h"

/* supported() of THP buffers: THP in the kernel, root to turn it on, 2M sizes. */
const char *gb_thp_supported(const struct gb_env *env, char *buf, size_t len);
/*
 * setup() of THP buffers: "never" would give small pages: madvise, and
 * the PMD size's own setting, when "never", back to "inherit".
 */
int gb_thp_allow_madvise(void);

/*
 * supported() of mTHP buffers of kb kB folios: the kernel offers the
 * size, root may change it, and --size holds whole folios.
 */
const char *gb_mthp_supported(const struct gb_env *env, unsigned kb, char *buf, size_t len);
/*
 * setup() of mTHP buffers: the size allowed for MADV_HUGEPAGE ranges
 * and every larger one (the PMD size too) not, since the fault takes
 * the largest allowed order that fits: "never" where they were on.
 */
int gb_mthp_allow_madvise(unsigned kb);

/* 16k ... 1024k: the sizes mthp= takes (cases/recipe.h). */
#define GB_MTHP_SIZES	7
/* The anon mTHP sizes of those the kernel offers, smallest first, at most max; 0 for none. */
int gb_mthp_sizes(unsigned *kb, int max);

#endif
