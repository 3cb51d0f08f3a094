// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../escape.h"
#include "../read/groups.h"
#include "../stats/stats.h"
#include "summary.h"

#define ROUNDS	2000

void gba_fingerprints(const struct gba_results *r, FILE *out)
{
	int i;

	fprintf(out, "| run | kernel | machine | started | emulated | sampling | left out |\n|---|---|---|---|---|---|---|\n");
	for (i = 0; i < r->nr_runs; i++) {
		const struct gba_run *run = &r->runs[i];

		const char *cells[] = { run->path, " | ", run->release, " | ",
			run->cpu_model, ", ", run->topology, " | ", run->started };
		size_t k;

		/* Text from the file is escaped; the separators are ours. */
		fputs("| ", out);
		for (k = 0; k < sizeof(cells) / sizeof(cells[0]); k++)
			k % 2 ? fputs(cells[k], out) : gba_md(out, cells[k]);
		fprintf(out, " | %s | %s", run->tcg ? "TCG: times not meaningful" : "no",
			run->lossy[0] ? "lower bounds from: " : "complete");
		gba_md(out, run->lossy);
		fprintf(out, " | %zu", run->excluded);
		if (run->excluded) {
			fputs(" (missed their conditions; first: ", out);
			gba_md(out, run->excluded_first);
			fputc(')', out);
		}
		fputs(" |\n", out);
	}
}

static void cell(FILE *out, double v, bool bound)
{
	if (isnan(v))
		fprintf(out, " null |");
	else
		fprintf(out, " %s%.4g |", bound ? ">=" : "", v);
}

void gba_summary(const struct gba_results *r, FILE *out)
{
	struct gba_groups g;
	size_t i;
	int m;

	if (gba_group(r, NULL, GBA_KEY_CASE_VARIANT, &g))
		return;
	fprintf(out, "| case | kernel/policy | n | pin us median [95%% CI] | p90 | p99 |");
	for (m = 0; m < GBA_NR_METRICS; m++)
		if (m != GBA_PIN_US)
			fprintf(out, " %s (%s) |", gba_metrics[m].name, gba_metrics[m].unit);
	fprintf(out, "\n|---|---|---|---|---|---|");
	for (m = 1; m < GBA_NR_METRICS; m++)
		fprintf(out, "---|");
	fputc('\n', out);
	for (i = 0; i < g.n; i++) {
		const struct gba_group *gr = &g.g[i];
		const struct gba_run *run = &r->runs[gr->run];
		size_t n;
		double *v = gba_values(gr, GBA_PIN_US, &n), lo, hi, med;
		char key[160];

		snprintf(key, sizeof(key), "%s", gr->key);
		key[strcspn(key, " ")] = '\0';
		/* An interval for the median: resample, take its spread. */
		gba_bootstrap_ci(v, n, gba_stat_median, ROUNDS, &lo, &hi);
		med = gba_percentile(v, n, 50);
		fputs("| ", out);
		gba_md(out, key);
		fputs(" | ", out);
		gba_md(out, gr->variant);
		fprintf(out, " | %zu | %.1f [%.1f, %.1f] | %.1f | %.1f |", gr->n, med, lo, hi,
			gba_percentile(v, n, 90), gba_percentile(v, n, 99));
		free(v);
		for (m = 0; m < GBA_NR_METRICS; m++) {
			double s;

			if (m == GBA_PIN_US)
				continue;
			s = gba_stat(gr, (enum gba_metric)m);
			cell(out, s, gba_lower_bound(run, (enum gba_metric)m));
		}
		fputc('\n', out);
	}
	gba_groups_free(&g);
}
