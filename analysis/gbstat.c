// SPDX-License-Identifier: GPL-2.0
/*
 * gbstat: summaries, the performance gate and chart data from gupbench
 * results.  Exit codes: 0 ok (gate passed), 1 the gate found a
 * regression, 2 unusable input or usage, 3 the gate is inconclusive.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stats/compare.h"
#include "render/export.h"
#include "render/html.h"
#include "render/report.h"
#include "read/results.h"
#include "render/summary.h"
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

int main(int argc, char **argv)
{
	const struct option *longs = gba_cli_longopts();
	struct gba_cmp_opts o = { .threshold = 0.05, .alpha = 0.05 };
	static bool require[GBA_NR_METRICS];
	struct gba_results a = { 0 }, b = { 0 };
	const char *cmd, *dir = NULL;
	char err[1024], **cand = NULL;
	int opt, code, sep, argc_opts, n_cand = 0, n_base;

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
		printf("gbstat (reads %s)\n", GBA_SCHEMA);
		return 0;
	}
	/* Options and base files before a lone "--", cand files after it. */
	sep = split_sides(argc, argv, &argc_opts);
	if (sep > 0) {
		cand = &argv[sep + 1];
		n_cand = argc - sep - 1;
	}
	optind = 2;
	opterr = 0;
	while ((opt = getopt_long(argc_opts, argv, ":", longs, NULL)) != -1) {
		switch (opt) {
		case 't':
			o.threshold = parse_number(optarg, "%", 0, 1000, "--threshold") / 100.0;
			break;
		case 'a':
			o.alpha = parse_number(optarg, NULL, 1e-9, 0.5, "--alpha");
			break;
		case 'i': o.ignore_fingerprint = true; break;
		case 'b': o.base_policy = optarg; break;
		case 'c': o.cand_policy = optarg; break;
		case 'd': dir = optarg; break;
		case 'r':
			if (gba_parse_require(optarg, require, err, sizeof(err)))
				usage_exit(err);
			o.require = require;
			break;
		case 'h': help(); return 0;
		case 'V': printf("gbstat (reads %s)\n", GBA_SCHEMA); return 0;
		case ':': usage_exit("an option needs a value (try gbstat help)");
		default: usage_exit("unknown option (try gbstat help)");
		}
	}
	n_base = argc_opts - optind;
	/* report.html from report.md and the charts: no results files. */
	if (!strcmp(cmd, "html")) {
		if (n_base > 0 || sep > 0)
			usage_exit("html takes --dir DIR only (the folder gbstat report wrote)");
		if (!dir || !*dir)
			usage_exit("--dir DIR is needed");
		if (gba_html(dir, err, sizeof(err)))
			usage_exit(err);
		return 0;
	}
	/* Within one run the two policies are the two sides. */
	if (sep < 0 && !(n_base == 2 && !strcmp(cmd, "compare")) &&
	    !!o.base_policy != !!o.cand_policy)
		usage_exit("--base-policy and --cand-policy go together");
	if (n_base <= 0)
		usage_exit("no results file given");
	if (sep > 0 && !n_cand)
		usage_exit("no candidate file after --");

	if (!strcmp(cmd, "compare")) {
		if (sep < 0 && n_base == 2 && !(o.base_policy && o.cand_policy)) {
			n_base = 1;
			cand = &argv[optind + 1];
			n_cand = 1;
		}
		if (!cand && !o.base_policy)
			usage_exit("compare takes BASE and CAND (or BASE... -- CAND...)");
		load_or_exit(&a, &argv[optind], n_base, NULL);
		if (!cand)	/* two policies within the same runs */
			code = gba_compare(&a, &a, &o, stdout, err, sizeof(err));
		else {
			load_or_exit(&b, cand, n_cand, NULL);
			code = gba_compare(&a, &b, &o, stdout, err, sizeof(err));
		}
		if (code == 2)
			usage_exit(err);
		return code;
	}
	if (!strcmp(cmd, "summary")) {
		if (sep > 0)
			usage_exit("summary takes files, not sides");
		load_or_exit(&a, &argv[optind], n_base, NULL);
		gba_fingerprints(&a, stdout);
		putchar('\n');
		gba_summary(&a, stdout);
		return 0;
	}
	if (strcmp(cmd, "data") && strcmp(cmd, "report"))
		usage_exit("unknown command (try gbstat help)");
	if (!dir)
		usage_exit("--dir DIR is needed");
	/* "" would put the files in / ("" + "/report.md"). */
	if (!*dir)
		usage_exit("--dir: needs a folder name, not ''");
	/* Charts and summaries over both sides; the gate between them. */
	load_or_exit(&a, &argv[optind], n_base, sep > 0 ? "base" : NULL);
	if (sep > 0)
		load_or_exit(&a, cand, n_cand, "cand");
	if (gba_export(&a, dir, err, sizeof(err)))
		usage_exit(err);
	if (!strcmp(cmd, "data"))
		return 0;
	if (sep > 0) {
		struct gba_results base = { 0 };

		load_or_exit(&base, &argv[optind], n_base, "base");
		load_or_exit(&b, cand, n_cand, "cand");
		code = gba_report(&a, &base, &b, dir, &o, err, sizeof(err));
	} else {
		code = gba_report(&a, NULL, NULL, dir, &o, err, sizeof(err));
	}
	if (code < 0)
		usage_exit(err);
	return code;
}
