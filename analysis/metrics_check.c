// SPDX-License-Identifier: GPL-2.0
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "metrics_check.h"
#include "read/jsonpath.h"
#include "read/results.h"
#include "record_example.h"

/*
 * In the example record of some scenario, as a number, a boolean or a
 * null (what the example did not measure): a path a metric can read.
 */
static bool in_some_record(json_t *const *recs, size_t n, const char *path)
{
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *v = gba_path(recs[i], path);

		if (json_is_number(v) || json_is_boolean(v) || json_is_null(v))
			return true;
	}
	return false;
}

int gba_metrics_check_table(const struct gba_metric_info *table, int n,
			    char *err, size_t len)
{
	json_t *recs[64];
	const char *p = gba_record_example;
	size_t nrec = 0, i;
	int m, k, rc = 0;

	while (*p && nrec < sizeof(recs) / sizeof(recs[0])) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);

		recs[nrec] = json_loadb(p, l, 0, NULL);
		if (!recs[nrec]) {
			snprintf(err, len, "the built-in example record %zu does not parse: rebuild", nrec);
			rc = -1;
			goto out;
		}
		nrec++;
		p += l + (nl != NULL);
	}
	for (m = 0; m < n && !rc; m++) {
		const char *paths[2] = { table[m].num, table[m].den };

		for (k = 0; k < 2 && !rc; k++) {
			const char *path = paths[k];

			if (!*path)
				continue;
			if (path[0] == '@' ? gba_computed_known(path) :
			    in_some_record(recs, nrec, path))
				continue;
			snprintf(err, len, "metrics.def: metric %s reads %s, which %s",
				 table[m].name, path, path[0] == '@' ?
				 "is not a value the reader computes (@failed, @pages_per_s)" :
				 "no record of gupbench's has (see 'gupbench schema')");
			rc = -1;
		}
	}
out:
	for (i = 0; i < nrec; i++)
		json_decref(recs[i]);
	return rc;
}

int gba_metrics_check(char *err, size_t len)
{
	return gba_metrics_check_table(gba_metrics, GBA_NR_METRICS, err, len);
}
