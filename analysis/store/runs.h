/* SPDX-License-Identifier: GPL-2.0 */
/* gbstat runs: the store's runs a selector matches, a Markdown row each. */
#ifndef GBA_RUNS_H
#define GBA_RUNS_H

#include <stdio.h>

#include "store.h"

int gba_store_runs(gba_db *db, const char *selector, FILE *out, char *err, size_t len);

#endif
