/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results store: one SQLite file (results/gupbench.sqlite unless
 * told otherwise) that keeps every run imported into it, whole.
 *
 * A run is a results file the strict reader accepts: its envelope's
 * facts as columns (kernel release and version, cmdline, config hash,
 * machine fingerprint, host, accel, policies, start time), the tree
 * revision and gate side where the importer knows them, and every
 * record verbatim, so any analysis gbstat does on files it does on runs
 * taken back out of the store.  A run is known by the SHA-256 of its
 * file: importing the same file again changes nothing.  A gate's folder
 * is imported as its boots' runs plus the gate's verdict.
 *
 * The schema is versioned (table meta, key "schema"): opening an older
 * store migrates it step by step inside one transaction; a newer one
 * is refused.
 */
#ifndef GBA_STORE_H
#define GBA_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct sqlite3;
typedef struct sqlite3 gba_db;

#define GBA_STORE_DEFAULT	"results/gupbench.sqlite"

/*
 * Open a store file (a plain file name: no SQLite URI, no ":memory:"),
 * migrating it; create: make it when there is none (import alone: a read
 * command never leaves a file behind).  NULL with one line in err.
 */
gba_db *gba_store_open(const char *path, bool create, char *err, size_t len);
void gba_store_close(gba_db *db);

struct gba_import_opts {
	const char *host;	/* NULL: the envelope's, else this machine's */
	const char *revision;	/* NULL: unknown */
};

/*
 * Import a results file, or a gate's folder (its base-N/cand-N.jsonl
 * and gate.txt).  Returns the runs newly stored (0: all were there
 * already), or -1 with one line in err; a file the strict reader
 * refuses stores nothing.
 */
int gba_store_import(gba_db *db, const char *path,
		     const struct gba_import_opts *o, char *err, size_t len);

#endif
