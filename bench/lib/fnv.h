/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FNV-1a, 64 bits: a stable fingerprint of text (a kernel config, a CPU
 * model), shared by gupbench and gbstat.  Feed pieces in turn, starting
 * from GB_FNV_BASIS.
 */
#ifndef GB_FNV_H
#define GB_FNV_H

#include <stddef.h>
#include <stdint.h>

#define GB_FNV_BASIS	0xcbf29ce484222325ull

static inline uint64_t gb_fnv1a(const void *data, size_t n, uint64_t h)
{
	const unsigned char *p = data;

	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ull;
	}
	return h;
}

#endif
