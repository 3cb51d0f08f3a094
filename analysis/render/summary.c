// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../escape.h"
#include "../stats/groups.h"
#include "../stats/stats.h"
#include "summary.h"


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
		fprintf(out, " | %s | %s", run->tcg ? "TCG: times not meaningful" :
			!strcmp(run->nested, "tcg") ? "KVM nested on TCG (emulated SVM): times not comparable with bare metal" :
			!strcmp(run->nested, "vm") ? "KVM nested in a VM: times not comparable with bare metal" : "no",
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

/* The metrics (pin time aside) per table: narrow enough to read. */
#define PER_TABLE	7

static void case_cells(FILE *out, const struct gba_group *gr)
{
	char key[288];

	snprintf(key, sizeof(key), "%s", gr->key);
	key[strcspn(key, " ")] = '\0';
	fputs("| ", out);
	gba_md(out, key);
	fputs(" | ", out);
	gba_md(out, gr->variant);
	fprintf(out, " | %zu |", gr->n);
}

/* Pin time: the median with its 95% interval, p90 and p99. */
static void time_table(const struct gba_groups *g, FILE *out)
{
	size_t i;

	fprintf(out, "| case | kernel/policy | n | pin us median [95%% CI] | p90 | p99 |\n|---|---|---|---|---|---|\n");
	for (i = 0; i < g->n; i++) {
		const struct gba_group *gr = &g->g[i];
		size_t n;
		double *v = gba_values(gr, GBA_PIN_US, &n), lo, hi, med;

		/* An interval for the median: resample, take its spread. */
		gba_bootstrap_ci(v, n, gba_stat_median, GBA_BOOT_ROUNDS, &lo, &hi);
		med = gba_percentile(v, n, 50);
		case_cells(out, gr);
		fprintf(out, " %.1f [%.1f, %.1f] | %.1f | %.1f |\n", med, lo, hi,
			gba_percentile(v, n, 90), gba_percentile(v, n, 99));
		free(v);
	}
}

/* Some metrics of metrics.def (ms[0..nm)), one table of their means or ratios. */
static void metric_table(const struct gba_results *r, const struct gba_groups *g,
			 const int *ms, int nm, FILE *out)
{
	size_t i;
	int k;

	fputs("\n| case | kernel/policy | n |", out);
	for (k = 0; k < nm; k++)
		fprintf(out, " %s (%s) |", gba_metrics[ms[k]].name, gba_metrics[ms[k]].unit);
	fputs("\n|---|---|---|", out);
	for (k = 0; k < nm; k++)
		fputs("---|", out);
	fputc('\n', out);
	for (i = 0; i < g->n; i++) {
		const struct gba_group *gr = &g->g[i];

		case_cells(out, gr);
		for (k = 0; k < nm; k++)
			cell(out, gba_stat(gr, (enum gba_metric)ms[k]),
			     gba_lower_bound(&r->runs[gr->run], (enum gba_metric)ms[k]));
		fputc('\n', out);
	}
}

void gba_summary(const struct gba_results *r, FILE *out)
{
	struct gba_groups g;
	int m, ms[PER_TABLE], nm = 0;

	if (gba_group(r, NULL, GBA_KEY_CASE_VARIANT, &g))
		return;
	time_table(&g, out);
	for (m = 0; m < GBA_NR_METRICS; m++) {
		if (m == GBA_PIN_US)
			continue;
		ms[nm++] = m;
		if (nm == PER_TABLE) {
			metric_table(r, &g, ms, nm, out);
			nm = 0;
		}
	}
	if (nm)
		metric_table(r, &g, ms, nm, out);
	gba_groups_free(&g);
}
