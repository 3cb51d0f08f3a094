// SPDX-License-Identifier: GPL-2.0
/*
 * gbstat: summaries, the performance gate and chart data from gupbench
 * results.  Exit codes: 0 ok (gate passed), 1 the gate found a
 * regression, 2 unusable input or usage, 3 the gate is inconclusive.
 */
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "metrics_check.h"
#include "render/findings.h"
#include "render/gate_text.h"
#include "stats/compare.h"
#include "render/export.h"
#include "render/html.h"
#include "render/report.h"
#include "read/results.h"
#include "render/summary.h"
#include "store/runs.h"
#include "store/select.h"
#include "store/store.h"
#include "store/trend.h"
#include "../bench/lib/sequential.h"
#include "../bench/lib/terminal.h"

/* One line: text from a results file reaches the terminal as text. */
static __attribute__((noreturn)) void usage_exit(const char *msg)
{
	char line[2048];

	snprintf(line, sizeof(line), "%s", msg);
	gb_text_clean(line);
	fprintf(stderr, "gbstat: %s\n", line);
	exit(2);
}

static void help(void)
{
	gba_cli_help(stdout);
}

/* A finite number and nothing else: "nan", "inf", "5x" are refused. */
static double parse_number(const char *s, const char *suffix, double lo,
			   double hi, const char *what)
{
	char *end, msg[160];
	double v = strtod(s, &end);

	if (end != s && suffix && !strcmp(end, suffix))
		end += strlen(suffix);
	if (end == s || *end || !isfinite(v) || v < lo || v > hi) {
		snprintf(msg, sizeof(msg), "%s: '%.40s' is not a number from %g to %g%s",
			 what, s, lo, hi, suffix ? suffix : "");
		usage_exit(msg);
	}
	return v;
}

/*
 * --look K/N: the gate after K of at most N pairs of boots, each pair a
 * look of the Lan-DeMets spending the adaptive study uses (information
 * in proportion to the pairs): the share of the level it may spend.
 */
static double boots_share(const char *s)
{
	struct gb_seq_design d;
	char spec[64], err[160], *end;
	unsigned long k, n, i;
	size_t off = 0;

	k = strtoul(s, &end, 10);
	if (end == s || *end != '/')
		usage_exit("--look: 'K/N': the look K of at most N pairs of boots, e.g. 1/3");
	n = strtoul(end + 1, &end, 10);
	if (*end || k < 1 || n < 2 || k > n || n > GB_SEQ_MAX_LOOKS)
		usage_exit("--look: 'K/N' with 1 <= K <= N and 2 <= N <= 6, e.g. 1/3");
	for (i = 1; i <= n; i++)
		off += (size_t)snprintf(spec + off, sizeof(spec) - off, "%s%lu", i > 1 ? "," : "", 2 * i);
	if (gb_seq_parse(spec, &d, err, sizeof(err)))
		usage_exit(err);
	return d.spend[k - 1];
}

/* Split argv[first..] at a lone "--": base files before, cand after. */
static int split_sides(int argc, char **argv, int *n_base)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			*n_base = i;
			return i;
		}
	*n_base = argc;
	return -1;
}

static void load_or_exit(struct gba_results *r, char **paths, int n,
			 const char *label)
{
	char err[1024];

	if (gba_load(r, paths, n, label, err, sizeof(err)))
		usage_exit(err);
}

/* What the command line asked for, options parsed. */
struct args {
	const char *cmd, *dir;
	const char *db, *host, *revision, *casef, *by;	/* the store's */
	struct gba_cmp_opts o;
	char **base, **cand;		/* files of each side */
	int n_base, n_cand;
	bool sides;			/* a lone "--" split them */
	bool check_args;		/* --check-args: options only */
};

/* Options and base files before a lone "--", cand files after it. */
static void parse_args(int argc, char **argv, struct args *a)
{
	static bool require[GBA_NR_METRICS];
	const struct option *longs = gba_cli_longopts();
	int opt, sep, argc_opts;
	char err[1024];

	a->cmd = argv[1];
	a->o = (struct gba_cmp_opts){ .threshold = 0.05, .alpha = 0.05 };
	sep = split_sides(argc, argv, &argc_opts);
	if (sep > 0) {
		a->sides = true;
		a->cand = &argv[sep + 1];
		a->n_cand = argc - sep - 1;
	}
	optind = 2;
	opterr = 0;
	while ((opt = getopt_long(argc_opts, argv, ":", longs, NULL)) != -1) {
		switch (opt) {
		case 't':
			a->o.threshold = parse_number(optarg, "%", 0, 1000, "--threshold") / 100.0;
			break;
		case 'a':
			a->o.alpha = parse_number(optarg, NULL, 1e-9, 0.5, "--alpha");
			break;
		case 'i': a->o.ignore_fingerprint = true; break;
		case 'b': a->o.base_policy = optarg; break;
		case 'c': a->o.cand_policy = optarg; break;
		case 'd': a->dir = optarg; break;
		case 'D': a->db = optarg; break;
		case 'H': a->host = optarg; break;
		case 'R': a->revision = optarg; break;
		case 'C': a->casef = optarg; break;
		case 'B': a->by = optarg; break;
		case 'r':
			if (gba_parse_require(optarg, require, err, sizeof(err)))
				usage_exit(err);
			a->o.require = require;
			break;
		case 'L':
			a->o.boots_share = boots_share(optarg);
			a->o.boots_look = optarg;
			break;
		case 'k': a->check_args = true; break;
		case 'h': help(); exit(0);
		case 'V': printf("gbstat (reads gupbench-results/1 to %s)\n", GBA_SCHEMA); exit(0);
		case ':': usage_exit("an option needs a value (try gbstat help)");
		default: usage_exit("unknown option (try gbstat help)");
		}
	}
	a->base = &argv[optind];
	a->n_base = argc_opts - optind;
}

static gba_db *open_store(const struct args *a, bool create)
{
	char err[1024];
	gba_db *db = gba_store_open(a->db ? a->db : GBA_STORE_DEFAULT, create, err, sizeof(err));

	if (!db)
		usage_exit(err);
	return db;
}

/* import: every file and gate folder, each in its own transaction. */
static int cmd_import(const struct args *a)
{
	struct gba_import_opts o = { .host = a->host, .revision = a->revision };
	char err[1024];
	gba_db *db;
	int i, n, added = 0, known = 0;

	if (a->sides || a->n_base <= 0)
		usage_exit("import takes results files or gate folders");
	if (a->host && !*a->host)
		usage_exit("--host: needs a name, not ''");
	db = open_store(a, true);
	for (i = 0; i < a->n_base; i++) {
		n = gba_store_import(db, a->base[i], &o, err, sizeof(err));
		if (n < 0) {
			gba_store_close(db);
			usage_exit(err);
		}
		added += n;
		known += !n;
	}
	gba_store_close(db);
	printf("gbstat: %d run(s) stored, %d path(s) already there\n", added, known);
	return 0;
}

static int cmd_runs(const struct args *a)
{
	char err[1024];
	gba_db *db;

	if (a->sides || a->n_base > 1)
		usage_exit("runs takes one selector (or none: all)");
	db = open_store(a, false);
	if (gba_store_runs(db, a->n_base ? a->base[0] : "all", stdout, err, sizeof(err))) {
		gba_store_close(db);
		usage_exit(err);
	}
	gba_store_close(db);
	return 0;
}

static int cmd_trend(const struct args *a)
{
	struct gba_trend_opts o = {
		.metric = a->n_base > 0 ? a->base[0] : NULL,
		.selector = a->n_base > 1 ? a->base[1] : "all",
		.casef = a->casef, .by = a->by ? a->by : "kernel", .dir = a->dir,
	};
	char err[1024];
	gba_db *db;

	if (a->sides || a->n_base < 1 || a->n_base > 2)
		usage_exit("trend takes METRIC [SELECTOR]");
	if (a->dir && !*a->dir)
		usage_exit("--dir: needs a folder name, not ''");
	db = open_store(a, false);
	if (gba_store_trend(db, &o, stdout, err, sizeof(err))) {
		gba_store_close(db);
		usage_exit(err);
	}
	gba_store_close(db);
	return 0;
}

/*
 * --db with summary, compare, data, report: each side's selectors become
 * the files of the runs they match (kept until exit).
 */
static struct gba_selection selections[64];
static int nr_selections;

static void free_selections(void)
{
	while (nr_selections > 0)
		gba_selection_free(&selections[--nr_selections]);
}

static void expand_side(gba_db *db, char ***files, int *n)
{
	char **out = NULL, err[1024];
	int i, k, total = 0;

	for (i = 0; i < *n; i++) {
		struct gba_selection *s = &selections[nr_selections];

		if (nr_selections == (int)(sizeof(selections) / sizeof(selections[0])))
			usage_exit("more than 64 selectors");
		nr_selections++;
		if (gba_select(db, (*files)[i], s, err, sizeof(err)))
			usage_exit(err);
		out = realloc(out, sizeof(char *) * (size_t)(total + s->n));
		if (!out)
			usage_exit("out of memory");
		for (k = 0; k < s->n; k++)
			out[total++] = s->paths[k];
	}
	*files = out;
	*n = total;
}

static void selectors_to_files(struct args *a)
{
	gba_db *db = open_store(a, false);

	atexit(free_selections);
	/* A reader that stops early fails the stdout check; exit cleans up. */
	signal(SIGPIPE, SIG_IGN);
	/* compare SEL SEL: one side each, before either is expanded. */
	if (!a->sides && a->n_base == 2 && !strcmp(a->cmd, "compare") &&
	    !(a->o.base_policy && a->o.cand_policy)) {
		a->cand = a->base + 1;
		a->n_cand = 1;
		a->n_base = 1;
		a->sides = true;
	}
	expand_side(db, &a->base, &a->n_base);
	if (a->sides)
		expand_side(db, &a->cand, &a->n_cand);
	gba_store_close(db);
}

/* The files' checks every command that reads results shares. */
static void check_files(struct args *a)
{
	/* Within one run the two policies are the two sides. */
	if (!a->sides && !(a->n_base == 2 && !strcmp(a->cmd, "compare")) &&
	    !!a->o.base_policy != !!a->o.cand_policy)
		usage_exit("--base-policy and --cand-policy go together");
	if (a->n_base <= 0)
		usage_exit("no results file given");
	if (a->sides && !a->n_cand)
		usage_exit("no candidate file after --");
}

static int cmd_compare(struct args *a)
{
	struct gba_results base = { 0 }, cand = { 0 };
	char err[1024];
	int code;

	if (!a->sides && a->n_base == 2 && !(a->o.base_policy && a->o.cand_policy)) {
		a->cand = a->base + 1;
		a->n_cand = 1;
		a->n_base = 1;
	}
	if (!a->cand && !a->o.base_policy)
		usage_exit("compare takes BASE and CAND (or BASE... -- CAND...)");
	load_or_exit(&base, a->base, a->n_base, NULL);
	if (!a->cand) {		/* two policies within the same runs */
		code = gba_compare(&base, &base, &a->o, stdout, err, sizeof(err), NULL);
	} else {
		load_or_exit(&cand, a->cand, a->n_cand, NULL);
		code = gba_compare(&base, &cand, &a->o, stdout, err, sizeof(err), NULL);
	}
	if (code == 2)
		usage_exit(err);
	return code;
}

static int cmd_summary(const struct args *a)
{
	struct gba_results r = { 0 };

	if (a->sides)
		usage_exit("summary takes files, not sides");
	load_or_exit(&r, a->base, a->n_base, NULL);
	gba_fingerprints(&r, stdout);
	putchar('\n');
	gba_summary(&r, stdout);
	return 0;
}

/*
 * kernel: what each file's envelope says ran, one line per file:
 * release, a tab, version (uname -r, uname -v), as the strict reader
 * read them: scripts ask this instead of parsing JSON.
 */
static int cmd_kernel(const struct args *a)
{
	struct gba_results r = { 0 };
	int i;

	if (a->sides)
		usage_exit("kernel takes files, not sides");
	load_or_exit(&r, a->base, a->n_base, NULL);
	/* Text from a file: control characters (a tab, a newline) as '?'. */
	for (i = 0; i < r.nr_runs; i++) {
		gb_text_clean(r.runs[i].release);
		gb_text_clean(r.runs[i].kversion);
		printf("%s\t%s\n", r.runs[i].release, r.runs[i].kversion);
	}
	return 0;
}

/*
 * candidates: each case's values of every metric, one line per case and
 * metric, for explore between two kernels (bench/run/explore_rounds.c
 * reads them): pinner, placement, scenario, recipe ('-': none), CPUs,
 * the metric's path, its values in the recorded unit (calls that met
 * their conditions, in file order; '-': none), tab-separated.
 */
static int cmd_candidates(const struct args *a)
{
	struct gba_results r = { 0 };
	size_t i, k;
	int m;

	if (a->sides || a->n_base != 1)
		usage_exit("candidates takes one file");
	load_or_exit(&r, a->base, a->n_base, NULL);
	for (i = 0; i < r.nr_calls; i++) {
		struct gba_call *c = &r.calls[i];
		bool seen = false;

		for (k = 0; k < i && !seen; k++)
			seen = !strcmp(r.calls[k].key, c->key);
		if (seen)
			continue;
		/* Text from a file: control characters (a tab, a newline) as '?'. */
		gb_text_clean(c->pinner);
		gb_text_clean(c->placement);
		gb_text_clean(c->scenario);
		gb_text_clean(c->recipe);
		for (m = 0; m < GBA_NR_METRICS; m++) {
			double scale = r.runs[c->run].scale[m];
			int nv = 0;

			if (!gba_metrics[m].num)
				continue;
			printf("%s\t%s\t%s\t%s\t%d\t%s\t", c->pinner, c->placement, c->scenario,
			       *c->recipe ? c->recipe : "-", c->cpus, gba_metrics[m].num);
			for (k = i; k < r.nr_calls; k++) {
				const struct gba_call *o = &r.calls[k];

				if (strcmp(o->key, c->key) || isnan(o->num[m]))
					continue;
				printf("%s%.17g", nv++ ? "," : "", scale ? o->num[m] / scale : o->num[m]);
			}
			printf("%s\n", nv ? "" : "-");
		}
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "gbstat: candidates: cannot write the output\n");
		return 2;
	}
	gba_free(&r);
	return 0;
}

/*
 * explore: what gupbench explore found in each file, largest first, with
 * the commands that replay it.  Exit 1 when a finding makes the
 * candidate worse, 0 otherwise (none, or only better).
 */
static int cmd_explore(const struct args *a)
{
	struct gba_results r = { 0 };

	if (a->sides)
		usage_exit("explore takes files, not sides");
	load_or_exit(&r, a->base, a->n_base, NULL);
	if (!gba_explored(&r)) {
		fprintf(stderr, "gbstat: no explore record: not a run of gupbench explore (or it was cut short)\n");
		return 2;
	}
	gba_findings(&r, stdout);
	return gba_findings_regress(&r) ? 1 : 0;
}

/* data: the charts' data; report: that, report.md, mail.txt and the gate. */
static int cmd_data_report(const struct args *a)
{
	struct gba_results all = { 0 }, base = { 0 }, cand = { 0 };
	char err[1024];
	int code;

	if (!a->dir)
		usage_exit("--dir DIR is needed");
	/* "" would put the files in / ("" + "/report.md"). */
	if (!*a->dir)
		usage_exit("--dir: needs a folder name, not ''");
	/* Charts and summaries over both sides; the gate between them. */
	load_or_exit(&all, a->base, a->n_base, a->sides ? "base" : NULL);
	if (a->sides)
		load_or_exit(&all, a->cand, a->n_cand, "cand");
	if (gba_export(&all, a->dir, err, sizeof(err)))
		usage_exit(err);
	if (!strcmp(a->cmd, "data"))
		return 0;
	if (a->sides) {
		load_or_exit(&base, a->base, a->n_base, "base");
		load_or_exit(&cand, a->cand, a->n_cand, "cand");
		code = gba_report(&all, &base, &cand, a->dir, &a->o, err, sizeof(err));
	} else {
		code = gba_report(&all, NULL, NULL, a->dir, &a->o, err, sizeof(err));
	}
	if (code < 0)
		usage_exit(err);
	return code;
}

/* report.html from report.md and the charts: no results files. */
static int cmd_html(const struct args *a)
{
	char err[1024];

	if (a->n_base > 0 || a->sides)
		usage_exit("html takes --dir DIR only (the folder gbstat report wrote)");
	if (!a->dir || !*a->dir)
		usage_exit("--dir DIR is needed");
	if (gba_html(a->dir, err, sizeof(err)))
		usage_exit(err);
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	char why[512];
	const char *cmd;

	gb_stdout_check_at_exit("gbstat");
	if (argc < 2) {
		help();
		return 2;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		help();
		return 0;
	}
	if (!strcmp(cmd, "manpage")) {
		gba_cli_man(stdout);
		return 0;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("gbstat (reads gupbench-results/1 to %s)\n", GBA_SCHEMA);
		return 0;
	}
	/* A metric whose path no record has would read NaN for ever. */
	if (gba_metrics_check(why, sizeof(why))) {
		fprintf(stderr, "gbstat: %s\n", why);
		return 2;
	}
	parse_args(argc, argv, &a);
	/* parse_args() refused any bad option: they are all good. */
	if (a.check_args)
		return 0;
	if (!strcmp(cmd, "html"))
		return cmd_html(&a);
	if (!strcmp(cmd, "import"))
		return cmd_import(&a);
	if (!strcmp(cmd, "runs"))
		return cmd_runs(&a);
	if (!strcmp(cmd, "trend"))
		return cmd_trend(&a);
	if ((a.host || a.revision) || ((a.casef || a.by) && strcmp(cmd, "trend")))
		usage_exit("--host and --revision are import's, --case and --by trend's");
	if (a.db && a.n_base > 0)
		selectors_to_files(&a);
	check_files(&a);
	if (!strcmp(cmd, "compare"))
		return cmd_compare(&a);
	if (!strcmp(cmd, "summary"))
		return cmd_summary(&a);
	if (!strcmp(cmd, "candidates"))
		return cmd_candidates(&a);
	if (!strcmp(cmd, "kernel"))
		return cmd_kernel(&a);
	if (!strcmp(cmd, "explore"))
		return cmd_explore(&a);
	if (strcmp(cmd, "data") && strcmp(cmd, "report"))
		usage_exit("unknown command (try gbstat help)");
	return cmd_data_report(&a);
}
