// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../escape.h"
#include "../../bench/lib/terminal.h"
#include "winners.h"
#include "export.h"
#include "../stats/groups.h"
#include "outfile.h"
#include "../stats/stats.h"
#include "summary.h"

#define MAX_VARIANTS	16
#define MAX_CASES	256
#define GBA_MAX_PINNERS	32
#define GBA_MAX_SPINNERS	64	/* bench/measure/counters.h GB_MAX_ISO */

struct labels {
	char name[MAX_CASES][160];
	int n;
};

/*
 * Calls a chart had no room for (past MAX_VARIANTS variants or MAX_CASES
 * cases): the most of any chart, named on stderr and in report.md.
 */
static size_t charts_left_out;

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

/* A data-file header or label: quoted, with nothing gnuplot could misread. */
static void gp_quoted(FILE *f, const char *a, const char *b, const char *c)
{
	char buf[320], safe[320];

	snprintf(buf, sizeof(buf), "%s%s%s", a, b, c);
	gba_gp_safe(safe, sizeof(safe), buf);
	fprintf(f, "\"%s\"", safe);
}

/* The most metrics one matrix file (one chart's bars per case) holds. */
#define MAX_MATRIX_METRICS	6

/*
 * A matrix of a metric: rows are case labels (placement/scenario,
 * CPU counts pooled), columns are variants.  Returns the cells with a
 * value (a chart of none cannot be drawn).
 */
static int write_matrix(FILE *f, const struct gba_results *r,
			 const enum gba_metric *ms, int nm, bool skip_empty)
{
	struct labels rows = { 0 }, vars = { 0 };
	static double num[MAX_CASES][MAX_VARIANTS][MAX_MATRIX_METRICS];
	static double den[MAX_CASES][MAX_VARIANTS][MAX_MATRIX_METRICS];
	static size_t cnt[MAX_CASES][MAX_VARIANTS][MAX_MATRIX_METRICS];
	size_t i, left_out = 0;
	int row, var, k, cells = 0;

	if (nm > MAX_MATRIX_METRICS)
		nm = MAX_MATRIX_METRICS;	/* a caller's mistake: fewer bars, never an overrun */

	memset(num, 0, sizeof(num));
	memset(den, 0, sizeof(den));
	memset(cnt, 0, sizeof(cnt));
	for (i = 0; i < r->nr_calls; i++) {
		const struct gba_call *c = &r->calls[i];
		char label[160];

		snprintf(label, sizeof(label), "%s/%s", c->placement, c->scenario);
		row = label_index(&rows, label);
		var = label_index(&vars, c->variant);
		if (row < 0 || var < 0 || var >= MAX_VARIANTS) {
			left_out++;
			continue;
		}
		for (k = 0; k < nm; k++) {
			double a = c->num[ms[k]];

			if (isnan(a))
				continue;
			num[row][var][k] += a;
			den[row][var][k] += gba_metrics[ms[k]].kind == GBA_RATIO ?
					    c->den[ms[k]] : 1;
			cnt[row][var][k]++;
		}
	}
	if (left_out > charts_left_out)
		charts_left_out = left_out;
	fprintf(f, "case");
	for (var = 0; var < vars.n && var < MAX_VARIANTS; var++)
		for (k = 0; k < nm; k++) {
			fputc(' ', f);
			gp_quoted(f, vars.name[var], nm > 1 ? " " : "",
				  nm > 1 ? gba_metrics[ms[k]].name : "");
		}
	fputc('\n', f);
	for (row = 0; row < rows.n; row++) {
		bool any = false;

		for (var = 0; var < vars.n && var < MAX_VARIANTS; var++)
			for (k = 0; k < nm; k++)
				any |= cnt[row][var][k] && den[row][var][k] > 0;
		/* A case none of these metrics were measured in: no bar. */
		if (skip_empty && !any)
			continue;
		gp_quoted(f, rows.name[row], "", "");
		for (var = 0; var < vars.n && var < MAX_VARIANTS; var++)
			for (k = 0; k < nm; k++)
				if (cnt[row][var][k] && den[row][var][k] > 0) {
					fprintf(f, " %.6g", num[row][var][k] / den[row][var][k]);
					cells++;
				} else {
					fprintf(f, " NaN");
				}
		fputc('\n', f);
	}
	return cells;
}

/*
 * Per variant, by CPU count: time, works and IPIs per lru_add_drain_all,
 * and the works that ran on other NUMA nodes than the pinning CPU's.
 * has[k] counts the points of column k.
 */
#define COST_COLUMNS	4
static void write_drain_cost(FILE *f, const struct gba_results *r, int has[COST_COLUMNS])
{
	static const enum gba_metric ms[COST_COLUMNS] = { GBA_DRAIN_ALL_US,
		GBA_WORKS_PIN_PER_DRAIN, GBA_IPIS_PIN_PER_DRAIN, GBA_WORKS_OTHER_NODE };
	struct labels vars = { 0 };
	size_t i;
	int var, cpus, k;

	for (i = 0; i < r->nr_calls; i++)
		label_index(&vars, r->calls[i].variant);
	for (var = 0; var < vars.n; var++) {
		gp_quoted(f, vars.name[var], "", "");
		fprintf(f, " us_per_drain works_per_drain ipis_per_drain works_other_node_per_drain\n");
		for (cpus = 1; cpus <= 1024; cpus++) {
			double num[COST_COLUMNS] = { 0 }, den[COST_COLUMNS] = { 0 };
			bool any = false;

			for (i = 0; i < r->nr_calls; i++) {
				const struct gba_call *c = &r->calls[i];

				if (strcmp(c->variant, vars.name[var]) || c->cpus != cpus)
					continue;
				any = true;
				for (k = 0; k < COST_COLUMNS; k++)
					if (!isnan(c->num[ms[k]]) && !isnan(c->den[ms[k]])) {
						num[k] += c->num[ms[k]];
						den[k] += c->den[ms[k]];
					}
			}
			if (!any)
				continue;
			fprintf(f, "%d", cpus);
			for (k = 0; k < COST_COLUMNS; k++) {
				fprintf(f, den[k] > 0 ? " %.6g" : " NaN", den[k] > 0 ? num[k] / den[k] : 0.0);
				has[k] += den[k] > 0;
			}
			fputc('\n', f);
		}
		fprintf(f, "\n\n");
	}
}

/*
 * Isolated CPUs: per kernel/policy and scenario, by the spinners beside
 * the pin (each on an isolated CPU with --holder-cpus isolated), the
 * spinners' interruptions, the drain works run on isolated CPUs and the
 * IPIs the pin's drain sent them, per call.  Returns the blocks; *points
 * counts what they hold.
 */
#define ISO_COLUMNS	3
static int write_isolated(FILE *f, const struct gba_results *r, int *points)
{
	static const enum gba_metric ms[ISO_COLUMNS] = { GBA_SPIN_INTR, GBA_ISO_WORKS,
		GBA_ISO_IPIS_DRAIN };	/* the pin's own works and IPIs there */
	struct labels blocks = { 0 };
	char name[192];
	size_t i;
	int b, x, k, nb = 0;

	*points = 0;
	for (i = 0; i < r->nr_calls; i++)
		if (r->calls[i].spinners) {
			snprintf(name, sizeof(name), "%s %s", r->calls[i].variant,
				 r->calls[i].scenario);
			label_index(&blocks, name);
		}
	for (b = 0; b < blocks.n; b++) {
		bool header = false;

		for (x = 1; x <= GBA_MAX_SPINNERS; x++) {
			double num[ISO_COLUMNS] = { 0 }, n[ISO_COLUMNS] = { 0 };

			for (i = 0; i < r->nr_calls; i++) {
				const struct gba_call *c = &r->calls[i];

				snprintf(name, sizeof(name), "%s %s", c->variant, c->scenario);
				if (c->spinners != x || strcmp(name, blocks.name[b]))
					continue;
				for (k = 0; k < ISO_COLUMNS; k++)
					if (!isnan(c->num[ms[k]])) {
						num[k] += c->num[ms[k]];
						n[k]++;
					}
			}
			if (!n[0])
				continue;
			if (!header) {
				gp_quoted(f, blocks.name[b], "", "");
				fprintf(f, " interruptions works_isolated drain_ipis_isolated\n");
				header = true;
				nb++;
			}
			fprintf(f, "%d", x);
			for (k = 0; k < ISO_COLUMNS; k++)
				fprintf(f, n[k] ? " %.6g" : " NaN", n[k] ? num[k] / n[k] : 0.0);
			fputc('\n', f);
			(*points)++;
		}
		if (header)
			fprintf(f, "\n\n");
	}
	return nb;
}

/*
 * One point of a median/p99 block: x, then the median and p99 of v[n]
 * (sorted here); the block's header first if it has none yet.  Returns
 * 1 when it opened the block.
 */
static int block_point(FILE *f, const char *name, bool *header, int x,
		       double *v, size_t n)
{
	int opened = !*header;

	if (opened) {
		gp_quoted(f, name, "", "");
		fprintf(f, " median p99\n");
		*header = true;
	}
	fprintf(f, "%d %.6g", x, gba_percentile(v, n, 50));
	fprintf(f, " %.6g\n", gba_percentile(v, n, 99));
	return opened;
}

/*
 * Time per lru_add_drain_all by CPU count, median and p99 over the calls
 * that drained, one gnuplot block per kernel/policy and load.  Returns
 * the blocks; *points counts what they hold.
 */
static int write_drain_load(FILE *f, const struct gba_results *r, int *points)
{
	struct labels blocks = { 0 };
	char name[192];
	size_t i;
	int b, cpus, nb = 0;

	*points = 0;
	for (i = 0; i < r->nr_calls; i++) {
		snprintf(name, sizeof(name), "%s load=%s", r->calls[i].variant,
			 r->calls[i].load);
		label_index(&blocks, name);
	}
	for (b = 0; b < blocks.n; b++) {
		bool header = false;

		for (cpus = 1; cpus <= 1024; cpus++) {
			double *v = malloc(r->nr_calls * sizeof(*v) + 1);
			size_t n = 0;

			if (!v)
				return nb;
			for (i = 0; i < r->nr_calls; i++) {
				const struct gba_call *c = &r->calls[i];
				double num = c->num[GBA_DRAIN_ALL_US], den = c->den[GBA_DRAIN_ALL_US];

				snprintf(name, sizeof(name), "%s load=%s", c->variant,
					 c->load);
				if (c->cpus == cpus && !strcmp(name, blocks.name[b]) &&
				    !isnan(num) && !isnan(den) && den > 0)
					v[n++] = num / den;
			}
			if (n) {
				nb += block_point(f, blocks.name[b], &header, cpus, v, n);
				(*points)++;
			}
			free(v);
		}
		if (header)
			fprintf(f, "\n\n");
	}
	return nb;
}

/*
 * Pin latency (the measured pinner's) by concurrent pinners, median and
 * p99, one block per kernel/policy.  Returns the blocks; *points counts
 * what they hold (a chart of one pinner count says little: has > 1).
 */
static int write_pinners(FILE *f, const struct gba_results *r, int *points)
{
	struct labels vars = { 0 };
	size_t i;
	int v, k, nb = 0, counts = 0;

	*points = 0;
	for (i = 0; i < r->nr_calls; i++)
		label_index(&vars, r->calls[i].variant);
	for (v = 0; v < vars.n; v++) {
		bool header = false;

		for (k = 1; k <= GBA_MAX_PINNERS; k++) {
			double *t = malloc(r->nr_calls * sizeof(*t) + 1);
			size_t n = 0;

			if (!t)
				return nb;
			for (i = 0; i < r->nr_calls; i++)
				if (r->calls[i].pinners == k &&
				    !strcmp(r->calls[i].variant, vars.name[v]) &&
				    !isnan(r->calls[i].num[GBA_PIN_US]))
					t[n++] = r->calls[i].num[GBA_PIN_US];
			if (n) {
				nb += block_point(f, vars.name[v], &header, k, t, n);
				(*points)++;
				counts |= 1 << (k > 1);
			}
			free(t);
		}
		if (header)
			fprintf(f, "\n\n");
	}
	/* Only a sweep with more than one pinner is worth a chart. */
	if (!(counts & 2))
		*points = 0;
	return nb;
}

/*
 * Pin latency CDFs as small multiples: a panel per scenario (pooled over
 * pinners, placements and CPU counts), a line per kernel/policy.  Every
 * panel has a block for every variant, in the same order (an empty one
 * a NaN point), so panel p, variant v is gnuplot's index p * nvariants
 * + v.  The scenarios' names go to *panels (space-separated, plain).
 */
static int write_cdf(FILE *f, const struct gba_results *r, char *panels, size_t len)
{
	struct labels scen = { 0 }, vars = { 0 };
	double *v = malloc((r->nr_calls + 1) * sizeof(*v));
	size_t i, j, n, off = 0;
	int s, k;

	panels[0] = '\0';
	if (!v)
		return 0;
	for (i = 0; i < r->nr_calls; i++) {
		label_index(&scen, r->calls[i].scenario);
		label_index(&vars, r->calls[i].variant);
	}
	/* Panels whose names do not fit are not drawn (the names title them). */
	for (s = 0; s < scen.n && vars.n <= MAX_VARIANTS; s++) {
		size_t need = strlen(scen.name[s]) + (s ? 1 : 0);

		if (off + need >= len)
			break;
		off += (size_t)snprintf(panels + off, len - off, "%s%s", s ? " " : "", scen.name[s]);
		for (k = 0; k < vars.n; k++) {
			for (i = n = 0; i < r->nr_calls; i++) {
				const struct gba_call *c = &r->calls[i];

				if (!strcmp(c->scenario, scen.name[s]) && !strcmp(c->variant, vars.name[k]) &&
				    !isnan(c->num[GBA_PIN_US]))
					v[n++] = c->num[GBA_PIN_US];
			}
			gp_quoted(f, vars.name[k], "", "");
			fprintf(f, " pin_us fraction\n");
			if (!n)
				fprintf(f, "NaN NaN\n");
			gba_percentile(v, n, 50);	/* sorts */
			for (j = 0; j < n; j++)
				fprintf(f, "%.6g %.6g\n", v[j], (double)(j + 1) / (double)n);
			fprintf(f, "\n\n");
		}
	}
	free(v);
	return s;
}

static int matrix_file(const struct gba_results *r, const char *dir,
		       const char *name, const enum gba_metric *ms, int nm,
		       int *cells, char *err, size_t len)
{
	/* Only the CMA chart has cases its metrics do not apply to. */
	bool sparse = !strcmp(name, "cma_alloc.dat");
	struct gba_out o;

	if (gba_out_open(&o, dir, name, err, len))
		return -1;
	*cells = write_matrix(o.f, r, ms, nm, sparse);
	return gba_out_close(&o, err, len);
}

/* name = 'value': single quotes, where gnuplot expands nothing. */
static void gp_string(FILE *f, const char *name, const char *value)
{
	char safe[512];

	gba_gp_safe(safe, sizeof(safe), value);
	fprintf(f, "%s = '%s'\n", name, safe);
}

const char *gba_charts_limit_note(void)
{
	static char note[200];

	if (!charts_left_out)
		return NULL;
	snprintf(note, sizeof(note),
		 "the charts hold %d kernel/policy variants and %d cases at most: %zu calls are in the tables but not in every chart",
		 MAX_VARIANTS, MAX_CASES, charts_left_out);
	return note;
}

/* How many --load values the calls ran under. */
static int distinct_loads(const struct gba_results *r)
{
	struct labels loads = { 0 };
	size_t i;

	for (i = 0; i < r->nr_calls; i++)
		label_index(&loads, r->calls[i].load);
	return loads.n;
}

/* Charts that show nothing worth reading in these results, and why. */
struct not_drawn {
	const char *name, *why;
};
static struct not_drawn not_drawn[10];
static int nr_not_drawn;

static void skip_chart(const char *name, const char *why)
{
	if (nr_not_drawn < (int)(sizeof(not_drawn) / sizeof(not_drawn[0])))
		not_drawn[nr_not_drawn++] = (struct not_drawn){ name, why };
}

const char *gba_chart_not_drawn(const char *name)
{
	int k;

	for (k = 0; k < nr_not_drawn; k++)
		if (!strcmp(not_drawn[k].name, name))
			return not_drawn[k].why;
	return NULL;
}

int gba_export(const struct gba_results *r, const char *dir, char *err,
	       size_t len)
{
	static const enum gba_metric tput[] = { GBA_PAGES_PER_S };
	/*
	 * All-CPU and local drains apart, each beside its wasted share; the
	 * local ones the drain decision's (a fault path's hundreds in the
	 * same task would flatten every other bar).
	 */
	static const enum gba_metric drains[] = { GBA_DRAINS_ALL, GBA_WASTED_ALL,
		GBA_DECISION_LOCAL, GBA_WASTED_LOCAL, GBA_MISSED };
	static const enum gba_metric fails[] = { GBA_PIN_FAILED };
	static const enum gba_metric cma[] = { GBA_CMA_ALLOC_MS, GBA_CMA_RACE_P99_MS,
		GBA_CMA_ALLOC_FAILED, GBA_CMA_RACE_FAILED };
	struct labels vars = { 0 }, kernels = { 0 };
	char buf[512];
	int has_cost[COST_COLUMNS] = { 0 }, has_tput, has_drains, has_fails, has_cma;
	int nload, has_load, npin, has_pin, niso, has_iso;
	size_t i, off = 0;
	struct gba_out o;
	FILE *f;
	bool tcg = false, numa = false, nested_tcg = false;
	int npanels, k;
	char panels[2048];

	charts_left_out = 0;
	if (gba_out_open(&o, dir, "drain_cost.dat", err, len))
		return -1;
	write_drain_cost(o.f, r, has_cost);
	if (gba_out_close(&o, err, len))
		return -1;
	if (matrix_file(r, dir, "throughput.dat", tput, 1, &has_tput, err, len) ||
	    matrix_file(r, dir, "drains.dat", drains, 5, &has_drains, err, len) ||
	    matrix_file(r, dir, "failures.dat", fails, 1, &has_fails, err, len) ||
	    matrix_file(r, dir, "cma_alloc.dat", cma, 4, &has_cma, err, len))
		return -1;
	if (gba_out_open(&o, dir, "cdf.dat", err, len))
		return -1;
	npanels = write_cdf(o.f, r, panels, sizeof(panels));
	if (gba_out_close(&o, err, len) || gba_out_open(&o, dir, "drain_load.dat", err, len))
		return -1;
	nload = write_drain_load(o.f, r, &has_load);
	if (gba_out_close(&o, err, len) || gba_out_open(&o, dir, "pinners.dat", err, len))
		return -1;
	npin = write_pinners(o.f, r, &has_pin);
	if (gba_out_close(&o, err, len) || gba_out_open(&o, dir, "isolated.dat", err, len))
		return -1;
	niso = write_isolated(o.f, r, &has_iso);
	if (gba_out_close(&o, err, len))
		return -1;

	for (i = 0; i < r->nr_calls; i++)
		label_index(&vars, r->calls[i].variant);
	for (k = 0; k < r->nr_runs; k++) {
		label_index(&kernels, r->runs[k].release);
		tcg |= r->runs[k].tcg;
		nested_tcg |= !strcmp(r->runs[k].nested, "tcg");
		numa |= r->runs[k].numa_nodes > 1;
	}
	nr_not_drawn = 0;
	if (tcg) {
		skip_chart("throughput", "the runs were emulated (QEMU TCG): times, and pages per second, are not meaningful");
		skip_chart("cdf", "the runs were emulated (QEMU TCG): pin times are not meaningful");
	}
	if (!has_pin)
		skip_chart("pinners", "no run varied the concurrent pinners (--pinners)");
	if (distinct_loads(r) < 2)
		skip_chart("drain_load", "every call ran under one load (--load): nothing to compare");
	if (tcg && !gba_chart_not_drawn("drain_load"))
		skip_chart("drain_load", "the runs were emulated (QEMU TCG): drain times are not meaningful");
	if (!has_cma)
		skip_chart("cma_alloc", "no CMA allocation ran beside the pins (cma-alloc, cma-race)");
	if (!has_iso)
		skip_chart("isolated", "no spinner ran beside the pins (--holder-cpus isolated --load spin on a machine with isolated CPUs)");
	if (gba_out_open(&o, dir, "meta.gp", err, len))
		return -1;
	f = o.f;
	/*
	 * Strings from the results file are data: single-quoted (no
	 * backquote, macro or escape expansion) and cut to a safe
	 * alphabet, so a crafted file cannot run commands through gnuplot.
	 */
	fprintf(f, "# Written by gbstat: what the charts show, for their titles.\n");
	buf[0] = '\0';
	for (k = 0; k < kernels.n && off < sizeof(buf); k++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s",
					k ? ", " : "", kernels.name[k]);
	gp_string(f, "kernels", buf);
	snprintf(buf, sizeof(buf), "%s, %s", r->nr_runs ? r->runs[0].cpu_model : "",
		 r->nr_runs ? r->runs[0].topology : "");
	gp_string(f, "machine", buf);
	gp_string(f, "run", r->nr_runs ? r->runs[0].started : "");
	/* KVM nested on TCG: its times are drawn, marked as emulated. */
	gp_string(f, "timing_note", tcg ?
		  "QEMU TCG emulation: times are not meaningful, counts are" :
		  nested_tcg ? "accel kvm, nested-emulated (KVM on a TCG host): times not comparable with bare metal" : "");
	fprintf(f, "nvariants = %d\nncdf = %d\nndrainload = %d\nhas_drain_load = %d\n",
		vars.n, npanels, nload, has_load);
	gp_string(f, "cdf_panels", panels);
	fprintf(f, "npinners = %d\nhas_pinners = %d\n", npin, has_pin);
	fprintf(f, "nisolated = %d\nhas_isolated = %d\n", niso, has_iso);
	/* Panels with no point at all say so instead of failing to draw. */
	fprintf(f, "has_drain_us = %d\nhas_drain_works = %d\nhas_drain_ipis = %d\n",
		has_cost[0], has_cost[1], has_cost[2]);
	/* Split by node only where a run had more than one. */
	fprintf(f, "has_other_node = %d\n", has_cost[3] && numa);
	fprintf(f, "has_throughput = %d\nhas_drains = %d\nhas_failures = %d\nhas_cma = %d\n",
		has_tput, has_drains, has_fails, has_cma);
	for (k = 0; k < GBA_NR_METRICS; k++)
		fprintf(f, "unit_%s = '%s'\n", gba_metrics[k].name, gba_metrics[k].unit);
	if (charts_left_out)
		fprintf(stderr, "gbstat: %s\n", gba_charts_limit_note());
	return gba_out_close(&o, err, len);
}

