// SPDX-License-Identifier: GPL-2.0
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "../escape.h"
#include "runs.h"
#include "select.h"

/* A cell from the store: text from results files, so escaped. */
static void cell(FILE *out, sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	fputs(" | ", out);
	if (v)
		gba_md(out, v);
	else
		fputs("-", out);
}

int gba_store_runs(gba_db *db, const char *selector, FILE *out, char *err, size_t len)
{
	static const char sql[] =
		"SELECT id, started, host, release, accel, policies, calls, revision, side,"
		" (SELECT group_concat(g.id || ' ' || g.verdict, '; ') FROM gate_runs gr"
		"  JOIN gates g ON g.id = gr.gate_id WHERE gr.run_id = runs.id),"
		" imported, kernel_source FROM runs WHERE id = ?";
	struct gba_selection s;
	sqlite3_stmt *st;
	int i, c;

	if (gba_select(db, selector, &s, err, len)) {
		gba_selection_free(&s);
		return -1;
	}
	fprintf(out, "| run | started | host | kernel | accel | policies | calls | revision | side | gate | imported | kernel source |\n");
	fprintf(out, "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < s.n; i++) {
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
			snprintf(err, len, "store: %s", sqlite3_errmsg(db));
			gba_selection_free(&s);
			return -1;
		}
		sqlite3_bind_int64(st, 1, s.ids[i]);
		if (sqlite3_step(st) == SQLITE_ROW) {
			fprintf(out, "| %lld", (long long)sqlite3_column_int64(st, 0));
			for (c = 1; c <= 11; c++)
				cell(out, st, c);
			fputs(" |\n", out);
		}
		sqlite3_finalize(st);
	}
	gba_selection_free(&s);
	return 0;
}
