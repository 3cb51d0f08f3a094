/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which source built the running kernel, as the host that booted it
 * knows it: run-vm.sh hands the guest the provenance file the kernel
 * cache keeps beside each image (kernel-configs/build-kernel.sh,
 * vm/debian-kernel.sh), named by GB_KERNEL_SOURCE.  "6.12" or even
 * "6.12.118" is not a kernel one can build again; Debian's source
 * package version and its SHA-256, or a tree and revision, plus the
 * fragment and patch hashes, are.  For the envelope's kernel.source.
 */
#ifndef GB_KSOURCE_H
#define GB_KSOURCE_H

#include <stdbool.h>

#define GB_KSOURCE_MAX_PATCHES	32

struct gb_ksource {
	bool present;			/* false: reason says why */
	char reason[160];
	char kind[24];			/* debian-source, debian-image, tree, image-file */
	char package[96], version[64], sha256[65];
	char tree[256], revision[128], base[256];
	char fragment_sha256[65], image_key[24];
	int nr_patches;
	struct { char name[96], sha256[65]; } patch[GB_KSOURCE_MAX_PATCHES];
};

/* Reads $GB_KERNEL_SOURCE; a file that is not one is warned about and left out. */
void gb_ksource_read(struct gb_ksource *k);
/* The same from a stream (the tests feed it lines); false: not a provenance file. */
bool gb_ksource_parse(struct gb_ksource *k, char *text);

#endif
