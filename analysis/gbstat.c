// SPDX-License-Identifier: GPL-2.0
/*
 * gbstat: summaries, the performance gate and chart data from gupbench
 * results.  Exit codes: 0 ok (gate passed), 1 the gate found a
 * regression, 2 unusable input or usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "export.h"
#include "results.h"
#include "summary.h"

static __attribute__((noreturn)) void usage_exit(const char *msg)
{
	fprintf(stderr, "gbstat: %s\n", msg);
	exit(2);
}

static void help(void)
{
	puts("usage: gbstat summary FILE...\n"
	     "       gbstat compare BASE CAND [--threshold 5%] [--alpha 0.05]\n"
	     "                      [--ignore-fingerprint] [--base-policy P --cand-policy Q]\n"
	     "       gbstat data FILE... --dir DIR\n"
	     "       gbstat report FILE... --dir DIR [--base-policy P --cand-policy Q]\n"
	     "exit: 0 ok, 1 the gate found a regression, 2 unusable input");
}

static double parse_threshold(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || (*end && strcmp(end, "%")) || v < 0 || v > 1000)
		usage_exit("--threshold: give a percentage like 5%");
	return v / 100.0;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "threshold", required_argument, NULL, 't' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "ignore-fingerprint", no_argument, NULL, 'i' },
		{ "base-policy", required_argument, NULL, 'b' },
		{ "cand-policy", required_argument, NULL, 'c' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct gba_cmp_opts o = { .threshold = 0.05, .alpha = 0.05 };
	struct gba_results a, b;
	const char *cmd, *dir = NULL;
	char err[1024];
	int opt, code;

	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help")) {
		help();
		return argc < 2 ? 2 : 0;
	}
	cmd = argv[1];
	optind = 2;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		switch (opt) {
		case 't': o.threshold = parse_threshold(optarg); break;
		case 'a': o.alpha = atof(optarg);
			if (o.alpha <= 0 || o.alpha >= 1)
				usage_exit("--alpha: give a number between 0 and 1");
			break;
		case 'i': o.ignore_fingerprint = true; break;
		case 'b': o.base_policy = optarg; break;
		case 'c': o.cand_policy = optarg; break;
		case 'd': dir = optarg; break;
		case 'h': help(); return 0;
		case ':': usage_exit("an option needs a value (try gbstat help)");
		default: usage_exit("unknown option (try gbstat help)");
		}
	}
	if (!!o.base_policy != !!o.cand_policy)
		usage_exit("--base-policy and --cand-policy go together");
	if (optind >= argc)
		usage_exit("no results file given");

	if (!strcmp(cmd, "compare")) {
		if (argc - optind != 2)
			usage_exit("compare takes BASE and CAND");
		if (gba_load(&a, &argv[optind], 1, err, sizeof(err)) ||
		    gba_load(&b, &argv[optind + 1], 1, err, sizeof(err)))
			usage_exit(err);
		code = gba_compare(&a, &b, &o, stdout, err, sizeof(err));
		if (code == 2)
			usage_exit(err);
		return code;
	}
	if (gba_load(&a, &argv[optind], argc - optind, err, sizeof(err)))
		usage_exit(err);
	if (!strcmp(cmd, "summary")) {
		gba_fingerprints(&a, stdout);
		putchar('\n');
		gba_summary(&a, stdout);
		return 0;
	}
	if (!dir)
		usage_exit("--dir DIR is needed");
	if (!strcmp(cmd, "data")) {
		if (gba_export(&a, dir, err, sizeof(err)))
			usage_exit(err);
		return 0;
	}
	if (!strcmp(cmd, "report")) {
		if (gba_export(&a, dir, err, sizeof(err)))
			usage_exit(err);
		code = gba_report(&a, dir, &o, err, sizeof(err));
		if (code < 0)
			usage_exit(err);
		return code;
	}
	usage_exit("unknown command (try gbstat help)");
	return 2;
}
