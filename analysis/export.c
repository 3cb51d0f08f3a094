// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "groups.h"
#include "stats.h"
#include "summary.h"

#define MAX_VARIANTS	16
#define MAX_CASES	256

struct labels {
	char name[MAX_CASES][160];
	int n;
};

static int label_index(struct labels *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->name[i], name))
			return i;
	if (l->n == MAX_CASES)
		return -1;
	snprintf(l->name[l->n], sizeof(l->name[0]), "%s", name);
	return l->n++;
}

static FILE *open_in(const char *dir, const char *name, char *err, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		snprintf(err, len, "%s: %s", path, strerror(errno));
	return f;
}

/* "io_uring/movable/fresh/cpus=2/2048K" -> "movable/fresh" */
static void case_label(const char *key, char *out, size_t len)
{
	const char *a = strchr(key, '/'), *b = a ? strchr(a + 1, '/') : NULL,
		   *c = b ? strchr(b + 1, '/') : NULL;

	if (!a || !c)
		snprintf(out, len, "%s", key);
	else
		snprintf(out, len, "%.*s", (int)(c - a - 1), a + 1);
}

static int cpus_of(const char *key)
{
	const char *p = strstr(key, "/cpus=");

	return p ? atoi(p + 6) : 0;
}

/*
 * A matrix of a metric: rows are case labels (placement/scenario,
 * CPU counts pooled), columns are variants.
 */
static void write_matrix(FILE *f, const struct gba_results *r,
			 const enum gba_metric *ms, int nm)
{
	struct labels rows = { 0 }, vars = { 0 };
	static double num[MAX_CASES][MAX_VARIANTS][4], den[MAX_CASES][MAX_VARIANTS][4];
	static size_t cnt[MAX_CASES][MAX_VARIANTS][4];
	size_t i;
	int row, var, k;

	memset(num, 0, sizeof(num));
	memset(den, 0, sizeof(den));
	memset(cnt, 0, sizeof(cnt));
	for (i = 0; i < r->nr_calls; i++) {
		const struct gba_call *c = &r->calls[i];
		char label[160];

		case_label(c->key, label, sizeof(label));
		row = label_index(&rows, label);
		var = label_index(&vars, c->variant);
		if (row < 0 || var < 0 || var >= MAX_VARIANTS)
			continue;
		for (k = 0; k < nm; k++) {
			double a = c->num[ms[k]];

			if (isnan(a))
				continue;
			num[row][var][k] += a;
			den[row][var][k] += gba_metrics[ms[k]].kind == RATIO ?
					    c->den[ms[k]] : 1;
			cnt[row][var][k]++;
		}
	}
	fprintf(f, "case");
	for (var = 0; var < vars.n && var < MAX_VARIANTS; var++)
		for (k = 0; k < nm; k++)
			fprintf(f, " \"%s%s%s\"", vars.name[var], nm > 1 ? " " : "",
				nm > 1 ? gba_metrics[ms[k]].name : "");
	fputc('\n', f);
	for (row = 0; row < rows.n; row++) {
		fprintf(f, "\"%s\"", rows.name[row]);
		for (var = 0; var < vars.n && var < MAX_VARIANTS; var++)
			for (k = 0; k < nm; k++)
				if (cnt[row][var][k] && den[row][var][k] > 0)
					fprintf(f, " %.6g", num[row][var][k] / den[row][var][k]);
				else
					fprintf(f, " NaN");
		fputc('\n', f);
	}
}

/* Per variant, by CPU count: time, works and IPIs per lru_add_drain_all. */
static void write_drain_cost(FILE *f, const struct gba_results *r)
{
	static const enum gba_metric ms[] = { GBA_DRAIN_ALL_US,
		GBA_WORKS_PER_DRAIN, GBA_IPIS_PER_DRAIN };
	struct labels vars = { 0 };
	size_t i;
	int var, cpus, k;

	for (i = 0; i < r->nr_calls; i++)
		label_index(&vars, r->calls[i].variant);
	for (var = 0; var < vars.n; var++) {
		fprintf(f, "\"%s\" us_per_drain works_per_drain ipis_per_drain\n",
			vars.name[var]);
		for (cpus = 1; cpus <= 1024; cpus++) {
			double num[3] = { 0 }, den[3] = { 0 };
			bool any = false;

			for (i = 0; i < r->nr_calls; i++) {
				const struct gba_call *c = &r->calls[i];

				if (strcmp(c->variant, vars.name[var]) || cpus_of(c->key) != cpus)
					continue;
				any = true;
				for (k = 0; k < 3; k++)
					if (!isnan(c->num[ms[k]]) && !isnan(c->den[ms[k]])) {
						num[k] += c->num[ms[k]];
						den[k] += c->den[ms[k]];
					}
			}
			if (!any)
				continue;
			fprintf(f, "%d", cpus);
			for (k = 0; k < 3; k++)
				fprintf(f, den[k] > 0 ? " %.6g" : " NaN", den[k] > 0 ? num[k] / den[k] : 0.0);
			fputc('\n', f);
		}
		fprintf(f, "\n\n");
	}
}

/* Latency CDF per scenario and variant, one gnuplot index block each. */
static int write_cdf(FILE *f, const struct gba_results *r)
{
	struct gba_groups g;
	struct labels blocks = { 0 };
	size_t i, j;

	if (gba_group(r, NULL, GBA_KEY_CASE_VARIANT, &g))
		return 0;
	for (i = 0; i < g.n; i++) {
		size_t n;
		double *v = gba_values(&g.g[i], GBA_PIN_US, &n);
		char label[160];

		case_label(g.g[i].key, label, sizeof(label));
		fprintf(f, "\"%s %s cpus=%d\" pin_us fraction\n", label,
			g.g[i].variant, cpus_of(g.g[i].key));
		gba_percentile(v, n, 50);	/* sorts */
		for (j = 0; j < n; j++)
			fprintf(f, "%.6g %.6g\n", v[j], (double)(j + 1) / (double)n);
		fprintf(f, "\n\n");
		free(v);
		label_index(&blocks, g.g[i].key);
	}
	gba_groups_free(&g);
	return blocks.n;
}

static int matrix_file(const struct gba_results *r, const char *dir,
		       const char *name, const enum gba_metric *ms, int nm,
		       char *err, size_t len)
{
	FILE *f = open_in(dir, name, err, len);

	if (!f)
		return -1;
	write_matrix(f, r, ms, nm);
	fclose(f);
	return 0;
}

int gba_export(const struct gba_results *r, const char *dir, char *err,
	       size_t len)
{
	static const enum gba_metric tput[] = { GBA_PAGES_PER_S };
	static const enum gba_metric drains[] = { GBA_NEEDED, GBA_FALSE_POSITIVE, GBA_MISSED };
	static const enum gba_metric fails[] = { GBA_PIN_FAILED };
	struct labels vars = { 0 }, kernels = { 0 };
	FILE *f;
	bool tcg = false;
	size_t i;
	int nblocks, k;

	if (!(f = open_in(dir, "drain_cost.dat", err, len)))
		return -1;
	write_drain_cost(f, r);
	fclose(f);
	if (matrix_file(r, dir, "throughput.dat", tput, 1, err, len) ||
	    matrix_file(r, dir, "drains.dat", drains, 3, err, len) ||
	    matrix_file(r, dir, "failures.dat", fails, 1, err, len))
		return -1;
	if (!(f = open_in(dir, "cdf.dat", err, len)))
		return -1;
	nblocks = write_cdf(f, r);
	fclose(f);

	for (i = 0; i < r->nr_calls; i++)
		label_index(&vars, r->calls[i].variant);
	for (k = 0; k < r->nr_runs; k++) {
		label_index(&kernels, r->runs[k].release);
		tcg |= r->runs[k].tcg;
	}
	if (!(f = open_in(dir, "meta.gp", err, len)))
		return -1;
	fprintf(f, "# Written by gbstat: what the charts show, for their titles.\n");
	fprintf(f, "kernels = \"");
	for (k = 0; k < kernels.n; k++)
		fprintf(f, "%s%s", k ? ", " : "", kernels.name[k]);
	fprintf(f, "\"\nmachine = \"%s, %s\"\n", r->nr_runs ? r->runs[0].cpu_model : "",
		r->nr_runs ? r->runs[0].topology : "");
	fprintf(f, "run = \"%s\"\n", r->nr_runs ? r->runs[0].started : "");
	fprintf(f, "timing_note = \"%s\"\n", tcg ?
		"QEMU TCG emulation: times are not meaningful, counts are" : "");
	fprintf(f, "nvariants = %d\nncdf = %d\n", vars.n, nblocks);
	for (k = 0; k < GBA_NR_METRICS; k++)
		fprintf(f, "unit_%s = \"%s\"\n", gba_metrics[k].name, gba_metrics[k].unit);
	fclose(f);
	return 0;
}

int gba_report(const struct gba_results *r, const char *dir,
	       const struct gba_cmp_opts *o, char *err, size_t len)
{
	static const char *const charts[][2] = {
		{ "drain_cost", "Drain cost by CPU count: time, works and IPIs per lru_add_drain_all" },
		{ "throughput", "Pin throughput by placement and scenario" },
		{ "drains", "Needed, false-positive and missed drains per scenario" },
		{ "failures", "Pin failure rate per scenario" },
		{ "cdf", "Pin latency CDF per scenario" },
	};
	FILE *f = open_in(dir, "report.md", err, len);
	size_t k;
	int code = 0, i;
	bool tcg = false;

	if (!f)
		return -1;
	for (i = 0; i < r->nr_runs; i++)
		tcg |= r->runs[i].tcg;
	fprintf(f, "# gupbench report\n\n## Runs\n\n");
	gba_fingerprints(r, f);
	if (tcg)
		fprintf(f, "\nThese runs were emulated (QEMU TCG): pin times are several hundred times slower than native and are not meaningful; the counts (drains, works, IPIs, migrations, failures) are.\n");
	fprintf(f, "\n## Charts\n\n");
	for (k = 0; k < sizeof(charts) / sizeof(charts[0]); k++)
		fprintf(f, "### %s\n\n![%s](%s.png) ([SVG](%s.svg))\n\n",
			charts[k][1], charts[k][1], charts[k][0], charts[k][0]);
	if (o && o->base_policy && o->cand_policy) {
		fprintf(f, "## Gate: policy %s (candidate) against %s (base)\n\n",
			o->cand_policy, o->base_policy);
		code = gba_compare(r, r, o, f, err, len);
		if (code == 2)
			fprintf(f, "gate not run: %s\n", err);
	}
	fprintf(f, "\n## Summary per case\n\nMedians with 95%% bootstrap intervals for times; means per call for counts; ratios of sums per drain. `>=` marks a lower bound (perf dropped samples of its tracepoint in that run).\n\n");
	gba_summary(r, f);
	fclose(f);
	return code == 2 ? 0 : code;
}
