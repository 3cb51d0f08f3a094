// SPDX-License-Identifier: GPL-2.0
/*
 * The store's schema, one step per version.  A store is migrated from
 * the version it records to GBA_STORE_VERSION inside one transaction:
 * either every step applies or none does.  Steps are never edited once
 * shipped, only added (analysis/tests/store.sh migrates a version-1
 * store made the way version 1 made it).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "schema.h"

static const char *const steps[GBA_STORE_VERSION] = {
	/* 1: runs and their records, verbatim. */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE runs(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,"
	" imported TEXT NOT NULL, source TEXT NOT NULL, host TEXT,"
	" fingerprint TEXT NOT NULL, release TEXT NOT NULL, kversion TEXT,"
	" cmdline TEXT, config_hash TEXT, started TEXT, accel TEXT NOT NULL,"
	" policies TEXT, calls INTEGER NOT NULL);"
	"CREATE TABLE records(run_id INTEGER NOT NULL REFERENCES runs(id),"
	" line INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY(run_id, line));",
	/* 2: the tree revision and gate side of a run; gates and their verdicts. */
	"ALTER TABLE runs ADD COLUMN revision TEXT;"
	"ALTER TABLE runs ADD COLUMN side TEXT;"
	"CREATE TABLE gates(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,"
	" imported TEXT NOT NULL, source TEXT NOT NULL, verdict TEXT NOT NULL,"
	" line TEXT NOT NULL);"
	"CREATE TABLE gate_runs(gate_id INTEGER NOT NULL REFERENCES gates(id),"
	" run_id INTEGER NOT NULL REFERENCES runs(id), PRIMARY KEY(gate_id, run_id));",
	/*
	 * 3: which source built the run's kernel (the envelope's kernel.source);
	 * policies as the calls ran them (version 2 kept --policy as typed:
	 * "all" matched no policy=lru).
	 */
	"ALTER TABLE runs ADD COLUMN kernel_source TEXT;"
	"UPDATE runs SET policies = (SELECT group_concat(p, ',') FROM"
	" (SELECT DISTINCT json_extract(json, '$.policy') AS p FROM records"
	"  WHERE run_id = runs.id AND json_extract(json, '$.type') = 'sample'"
	"  AND json_extract(json, '$.policy') IS NOT NULL ORDER BY p));",
};

/* The version a store records; 0 for a new, empty file. */
static int version_of(sqlite3 *db, char *err, size_t len)
{
	sqlite3_stmt *st;
	int v = 0, has_meta, tables;

	/*
	 * Both counts in one statement, so one snapshot: between two, another
	 * importer's migration could commit and an empty store would look
	 * like a foreign database (tables, no meta).
	 */
	if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM sqlite_master WHERE name = 'meta'),"
			       " (SELECT count(*) FROM sqlite_master)", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, len, "not a gupbench store (SQLite: %s)", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	has_meta = sqlite3_column_int(st, 0);
	tables = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	if (!has_meta) {
		/* Tables but no meta: somebody else's database. */
		if (tables) {
			snprintf(err, len, "a SQLite database, but not a gupbench store (no meta table)");
			return -1;
		}
		return 0;
	}
	/* A meta table, once there, stays: its value is read on its own. */
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema'", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, len, "not a gupbench store (SQLite: %s)", sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = atoi((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (v < 1) {
		snprintf(err, len, "a gupbench store without a schema version");
		return -1;
	}
	return v;
}

int gba_schema_migrate(sqlite3 *db, char *err, size_t len)
{
	char *msg = NULL, sql[96];
	int v = version_of(db, err, len), k;

	if (v < 0)
		return -1;
	if (v > GBA_STORE_VERSION) {
		snprintf(err, len, "store schema %d is newer than this gbstat's %d: use a newer gbstat",
			 v, GBA_STORE_VERSION);
		return -1;
	}
	/* Versions only grow: a current store needs no lock (nor write access). */
	if (v == GBA_STORE_VERSION)
		return 0;
	/*
	 * Read again under the write lock: another importer (a fleet's hosts
	 * import at once) may have migrated it since, and the steps must run
	 * from the version the store has when this one holds the lock.
	 */
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	v = version_of(db, err, len);
	if (v < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	for (k = v; k < GBA_STORE_VERSION; k++)
		if (sqlite3_exec(db, steps[k], NULL, NULL, &msg) != SQLITE_OK)
			goto rollback;
	snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO meta VALUES('schema', '%d')",
		 GBA_STORE_VERSION);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
		goto rollback;
	return 0;
rollback:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
fail:
	snprintf(err, len, "cannot bring the store from schema %d to %d: %s", v,
		 GBA_STORE_VERSION, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}
