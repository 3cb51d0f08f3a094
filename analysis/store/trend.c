// SPDX-License-Identifier: GPL-2.0
/*
 * gbstat trend: one metric across kernels, dates, revisions or hosts,
 * from the store.  Runs are grouped by the key asked for (groups in the
 * order of their first run), calls pooled within a group, one series
 * per drain policy; each point is the metric as gbstat's tables compute
 * it (median, mean per call, or a ratio of sums) with a 95% bootstrap
 * interval.  Points from runs under TCG are marked: their times are
 * not meaningful.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../escape.h"
#include "../read/results.h"
#include "../render/outfile.h"
#include "../stats/stats.h"
#include "select.h"
#include "trend.h"

#define MAX_GROUPS	64
#define MAX_SERIES	8

struct group {
	char key[160];
	int nr_runs;
	char **paths;
	bool tcg;
};

static int metric_by_name(const char *name)
{
	int m;

	for (m = 0; m < GBA_NR_METRICS; m++)
		if (!strcmp(gba_metrics[m].name, name))
			return m;
	return -1;
}

/* The group key of a run: its kernel (release and build), date, revision or host. */
static int run_key(gba_db *db, long long id, const char *by, char *key, size_t len, bool *tcg)
{
	sqlite3_stmt *st;
	const char *col;

	if (sqlite3_prepare_v2(db, "SELECT release, kversion, started, revision, host, accel"
			       " FROM runs WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return -1;
	}
	/* A store may hold NULL where gbstat writes none (made by hand, or damaged). */
	col = (const char *)sqlite3_column_text(st, 5);
	*tcg = col && !strcmp(col, "tcg");
	if (!strcmp(by, "kernel")) {
		/* The release and the build (uname -v's "#7"): two builds of one release differ. */
		const char *v = (const char *)sqlite3_column_text(st, 1);
		int build = v && v[0] == '#' ? atoi(v + 1) : 0;

		col = (const char *)sqlite3_column_text(st, 0);
		if (build)
			snprintf(key, len, "%s (build %d)", col ? col : "unknown", build);
		else
			snprintf(key, len, "%s", col ? col : "unknown");
	} else {
		col = (const char *)sqlite3_column_text(st, !strcmp(by, "date") ? 2 :
						       !strcmp(by, "revision") ? 3 : 4);
		if (!strcmp(by, "date") && col)
			snprintf(key, len, "%.10s", col);
		else if (!strcmp(by, "revision") && col)
			snprintf(key, len, "%.12s", col);
		else
			snprintf(key, len, "%s", col ? col : "unknown");
	}
	sqlite3_finalize(st);
	return 0;
}

/* A ratio of sums and its bootstrap interval over calls (stats.c's engine). */
static void ratio_ci(const double *num, const double *den, size_t n, double *v,
		     double *lo, double *hi)
{
	double sn = 0, sd = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sn += num[i];
		sd += den[i];
	}
	*v = sd > 0 ? sn / sd : NAN;
	*lo = *hi = NAN;
	if (n && sd > 0)
		gba_bootstrap_ratio_ci(num, den, n, GBA_BOOT_ROUNDS, lo, hi);
}

struct point {
	double v, lo, hi;
	size_t calls;
};

static void point_of(const struct gba_results *r, int m, const char *casef,
		     const char *policy, struct point *p)
{
	const struct gba_metric_info *mi = &gba_metrics[m];
	double *num = malloc(sizeof(double) * (r->nr_calls + 1));
	double *den = malloc(sizeof(double) * (r->nr_calls + 1));
	size_t i, n = 0;

	p->v = p->lo = p->hi = NAN;
	p->calls = 0;
	for (i = 0; num && den && i < r->nr_calls; i++) {
		const struct gba_call *c = &r->calls[i];

		if ((casef && !strstr(c->key, casef)) ||
		    strcmp(c->policy ? c->policy : "-", policy) || isnan(c->num[m]) ||
		    (mi->kind == GBA_RATIO && isnan(c->den[m])))
			continue;
		num[n] = c->num[m];
		den[n++] = c->den[m];
	}
	p->calls = n;
	if (n && mi->kind == GBA_RATIO) {
		ratio_ci(num, den, n, &p->v, &p->lo, &p->hi);
	} else if (n) {
		gba_stat_fn stat = mi->kind == GBA_MEDIAN ? gba_stat_median : gba_stat_mean;

		gba_bootstrap_ci(num, n, stat, GBA_BOOT_ROUNDS, &p->lo, &p->hi);
		p->v = stat(num, n);
	}
	free(num);
	free(den);
}

/* Add the policies r's calls ran under ("-": no policy switch), in order met. */
static int series_of(const struct gba_results *r, const char *casef, char names[][32], int n,
		     char *err, size_t len)
{
	int k;
	size_t i;

	for (i = 0; i < r->nr_calls; i++) {
		const char *p = r->calls[i].policy ? r->calls[i].policy : "-";

		if (casef && !strstr(r->calls[i].key, casef))
			continue;
		for (k = 0; k < n && strcmp(names[k], p); k++)
			;
		if (k == n && n == MAX_SERIES) {
			snprintf(err, len, "more than %d policies in one trend: narrow --case or the selector",
				 MAX_SERIES);
			return -1;
		}
		if (k == n)
			snprintf(names[n++], 32, "%s", p);
	}
	return n;
}

static int group_runs(gba_db *db, const struct gba_selection *s, const char *by,
		      struct group *g, int *ng, char *err, size_t len)
{
	int i, k;

	*ng = 0;
	for (i = 0; i < s->n; i++) {
		char key[160];
		bool tcg;

		if (run_key(db, s->ids[i], by, key, sizeof(key), &tcg)) {
			snprintf(err, len, "store: run %lld: %s", s->ids[i], sqlite3_errmsg(db));
			return -1;
		}
		for (k = 0; k < *ng && strcmp(g[k].key, key); k++)
			;
		if (k == *ng) {
			if (*ng == MAX_GROUPS) {
				snprintf(err, len, "more than %d %s values: narrow the selector", MAX_GROUPS, by);
				return -1;
			}
			snprintf(g[k].key, sizeof(g[k].key), "%s", key);
			(*ng)++;
		}
		g[k].paths = realloc(g[k].paths, sizeof(char *) * (size_t)(g[k].nr_runs + 1));
		if (!g[k].paths) {
			snprintf(err, len, "out of memory");
			return -1;
		}
		g[k].paths[g[k].nr_runs++] = s->paths[i];
		g[k].tcg |= tcg;
	}
	return 0;
}

int gba_store_trend(gba_db *db, const struct gba_trend_opts *o, FILE *out,
		    char *err, size_t len)
{
	static struct group g[MAX_GROUPS];
	static struct point pts[MAX_GROUPS][MAX_SERIES];
	static struct gba_results res[MAX_GROUPS];
	char series[MAX_SERIES][32], safe[256];
	struct gba_selection s;
	struct gba_out dat;
	int m = metric_by_name(o->metric), ng = 0, ns = 0, i, k, rc = -1;

	memset(g, 0, sizeof(g));
	memset(res, 0, sizeof(res));
	if (m < 0) {
		snprintf(err, len, "trend: no metric '%.60s' (gbstat help lists them)", o->metric);
		return -1;
	}
	if (strcmp(o->by, "kernel") && strcmp(o->by, "date") && strcmp(o->by, "revision") &&
	    strcmp(o->by, "host")) {
		snprintf(err, len, "--by: '%.40s' is not kernel, date, revision or host", o->by);
		return -1;
	}
	if (gba_select(db, o->selector, &s, err, len) ||
	    group_runs(db, &s, o->by, g, &ng, err, len))
		goto out;
	/* Every group read once; its policies known before any point, so each group has every series. */
	for (i = 0; i < ng; i++) {
		if (gba_load(&res[i], g[i].paths, g[i].nr_runs, NULL, err, len))
			goto out;
		ns = series_of(&res[i], o->casef, series, ns, err, len);
		if (ns < 0)
			goto out;
	}
	for (i = 0; i < ng; i++)
		for (k = 0; k < ns; k++)
			point_of(&res[i], m, o->casef, series[k], &pts[i][k]);
	if (!ns) {
		snprintf(err, len, "trend: no call%s%.60s%s in the selected runs",
			 o->casef ? " of case '" : "", o->casef ? o->casef : "", o->casef ? "'" : "");
		goto out;
	}
	fprintf(out, "%s (%s) by %s", gba_metrics[m].name, gba_metrics[m].unit, o->by);
	if (o->casef) {
		fputs(", calls of ", out);
		gba_md(out, o->casef);
	}
	fputs("; [95% bootstrap interval]; * runs under TCG: times not meaningful\n\n", out);
	fprintf(out, "| %s | runs | policy | calls | value | interval |\n|---|---|---|---|---|---|\n", o->by);
	for (i = 0; i < ng; i++)
		for (k = 0; k < ns; k++) {
			/* A policy a group never ran under (Debian's kernels: none). */
			if (!pts[i][k].calls)
				continue;
			fputs("| ", out);
			gba_md(out, g[i].key);
			fprintf(out, "%s | %d | ", g[i].tcg ? " *" : "", g[i].nr_runs);
			gba_md(out, series[k]);
			fprintf(out, " | %zu | %.4g | [%.4g, %.4g] |\n", pts[i][k].calls,
				pts[i][k].v, pts[i][k].lo, pts[i][k].hi);
		}
	rc = 0;
	if (!o->dir)
		goto out;
	/* The chart's data and titles, escaped as gbstat data's are. */
	if (gba_out_open(&dat, o->dir, "trend.dat", err, len))
		goto fail;
	for (k = 0; k < ns; k++) {
		gba_gp_safe(safe, sizeof(safe), strcmp(series[k], "-") ? series[k] : "no policy switch");
		fprintf(dat.f, "\"%s\" x value lo hi tcg label\n", safe);
		for (i = 0; i < ng; i++) {
			gba_gp_safe(safe, sizeof(safe), g[i].key);
			fprintf(dat.f, "%d %.6g %.6g %.6g %d \"%s\"\n", i, pts[i][k].v,
				pts[i][k].lo, pts[i][k].hi, g[i].tcg, safe);
		}
		fprintf(dat.f, "\n\n");
	}
	if (gba_out_close(&dat, err, len) || gba_out_open(&dat, o->dir, "meta.gp", err, len))
		goto fail;
	gba_gp_safe(safe, sizeof(safe), gba_metrics[m].name);
	fprintf(dat.f, "# Written by gbstat trend.\ntrend_metric = '%s'\n", safe);
	gba_gp_safe(safe, sizeof(safe), gba_metrics[m].unit);
	fprintf(dat.f, "trend_unit = '%s'\n", safe);
	gba_gp_safe(safe, sizeof(safe), o->by);
	fprintf(dat.f, "trend_by = '%s'\n", safe);
	gba_gp_safe(safe, sizeof(safe), o->casef ? o->casef : "every case");
	fprintf(dat.f, "trend_case = '%s'\nnseries = %d\nngroups = %d\n", safe, ns, ng);
	fprintf(dat.f, "kernels = ''\nmachine = ''\nrun = ''\ntiming_note = '%s'\n",
		gba_metrics[m].time ? "points marked TCG: emulated, times not meaningful" : "");
	if (gba_out_close(&dat, err, len))
		goto fail;
	goto out;
fail:
	rc = -1;
out:
	for (i = 0; i < ng; i++) {
		gba_free(&res[i]);
		free(g[i].paths);
	}
	gba_selection_free(&s);
	return rc;
}
