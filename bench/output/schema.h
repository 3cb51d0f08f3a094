/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results format's name, in one place: gupbench writes it and gbstat
 * (analysis/) reads it and every earlier version (analysis/read/versions.c
 * says what each lacks and how it is read).  Bump it whenever a key the
 * reader requires is added, and add the key to versions.c's table.
 */
#ifndef GB_SCHEMA_H
#define GB_SCHEMA_H

#define GB_SCHEMA	"gupbench-results/6"

#endif
