/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results contract across its versions: which schema names gbstat
 * reads, which keys each version may lack, and how a record of an older
 * version is brought to the newest shape before anything reads it.  A
 * key the reader needs that an older file cannot have is computed from
 * what the file has, or set to null with the reason; never refused,
 * never 0.  docs/results-schema.md has the same table in words.
 */
#ifndef GBA_VERSIONS_H
#define GBA_VERSIONS_H

#include <jansson.h>
#include <stdbool.h>

/* The newest version, the one gupbench writes. */
#define GBA_SCHEMA_NEWEST	4

/* 1 for "gupbench-results/1", 2 for ".../2"; 0 for anything else. */
int gba_schema_version(const char *schema);

/*
 * Whether a file of this version may lack the key at this dotted path
 * ("derived.wasted_drains_all"): it was added in a later version.
 */
bool gba_absent_in(int version, const char *path);

/*
 * Fill in, in place, what a sample of this version lacks: the wasted
 * drains split by cost from the drain counters it has (exact where its
 * policy's drain order pins the split down, else null with the reason in
 * "null_reasons" under the key's path), and null for the counters added
 * later, with their reason; and a scenario's own results, which schema
 * 3 and older wrote as a top-level object, moved under
 * scenario_data.SCENARIO where schema 4 has them.
 */
void gba_upgrade_sample(json_t *rec, int version);

#endif
