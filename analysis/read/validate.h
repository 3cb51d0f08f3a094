/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results format as a contract the reader enforces: which keys each
 * record type must have and of which JSON types (docs/results-schema.md),
 * so a file that does not follow it is refused instead of being read as
 * nulls or zeros.
 */
#ifndef GBA_VALIDATE_H
#define GBA_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "jsonpath.h"

/*
 * Check one record of a file of this schema version (read/versions.h)
 * against its type's rules (and a sample against every key metrics.def
 * reads; keys added after the file's version may be absent).  Returns 0,
 * or -1 with what is wrong in err ("sample: counters.drains_all is a
 * string, expected integer or null").
 */
int gba_validate(json_t *rec, int version, char *err, size_t len);

/* Names of cases and policies: the only characters they may have. */
int gba_valid_name(const char *s);

#endif
