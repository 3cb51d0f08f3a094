/* SPDX-License-Identifier: GPL-2.0 */
/* The store's schema versions and their migrations. */
#ifndef GBA_SCHEMA_MIGRATE_H
#define GBA_SCHEMA_MIGRATE_H

#include <stddef.h>

struct sqlite3;

/* The schema this gbstat writes; older stores are migrated to it. */
#define GBA_STORE_VERSION	3

/* Bring a store to GBA_STORE_VERSION; 0, or -1 with one line in err. */
int gba_schema_migrate(struct sqlite3 *db, char *err, size_t len);

#endif
