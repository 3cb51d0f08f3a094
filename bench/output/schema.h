/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results format's name, in one place: gupbench writes it and gbstat
 * (analysis/) reads only files that carry it.  Bump it with any
 * incompatible change to docs/results-schema.md.
 */
#ifndef GB_SCHEMA_H
#define GB_SCHEMA_H

#define GB_SCHEMA	"gupbench-results/1"

#endif
