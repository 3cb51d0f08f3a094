// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <string.h>

#include "cli.h"
#include "read/results.h"
#include "store/store.h"
#include "../bench/lib/roff.h"

static const struct {
	const char *synopsis, *help;
} commands[] = {
	{ "summary FILE...", "who ran what where, and every metric per case and variant, as Markdown" },
	{ "compare BASE CAND | BASE... -- CAND...", "the gate between two sides; several runs of a side are pooled (options go before --)" },
	{ "compare FILE... --base-policy P --cand-policy Q", "the gate between two drain policies within the same runs" },
	{ "explore FILE...", "what gupbench explore found: each confirmed difference between its two policies, largest first, with its recipe, exact counts and the command that replays it; exit 1 when one makes the candidate worse" },
	{ "candidates FILE", "each case's values of every metric, a tab-separated line per case and metric (pinner, placement, scenario, recipe, CPUs, metric, values): what explore between two kernels reads of each boot" },
	{ "kernel FILE...", "the kernel each file ran on: release, a tab, version (uname -r, uname -v), one line per file" },
	{ "data FILE... --dir DIR", "the charts' data files and meta.gp (plots/render.sh draws them)" },
	{ "report FILE... [-- CAND...] --dir DIR", "report.md and mail.txt (headline, mail-ready table, the gate, appendices) and the charts' data; with -- the two sides are kernel A against B" },
	{ "html --dir DIR", "report.html from DIR's report.md and charts (after plots/render.sh)" },
	{ "import FILE|GATE-DIR... [--db DB] [--host NAME] [--revision REV]", "store results files and gate folders (their boots, sides, revisions and verdict) in the SQLite store; a file already there is skipped, a file the strict reader refuses stores nothing" },
	{ "runs [SELECTOR] [--db DB]", "the stored runs a selector matches (all; or KEY=VALUE,...: id, kernel, host, machine, policy, revision, side, gate, accel, since, until)" },
	{ "trend METRIC [SELECTOR] [--db DB] [--case TEXT] [--by kernel|date|revision|host] [--dir DIR]", "a metric across kernels, dates, revisions or hosts, per drain policy, with its 95% interval; --dir writes the chart's data (plots/render.sh DIR trend draws it)" },
	{ "summary|compare|report --db DB SELECTOR [-- SELECTOR]", "the same on runs taken from the store: each selector's runs pooled into one side" },
	{ "help", "this help" },
	{ "manpage", "this help as a manual page (roff: man -l)" },
	{ "version", "print the version and the results schema read" },
};

static const struct {
	struct option o;
	const char *arg, *help;
} opts[] = {
	{ { "threshold", required_argument, NULL, 't' }, "P%",
	  "the smallest relative change that matters (default 5%, at most 1000%)" },
	{ { "alpha", required_argument, NULL, 'a' }, "A",
	  "family-wise significance level, Holm-corrected over the primary metrics (default 0.05, at most 0.5)" },
	{ { "ignore-fingerprint", no_argument, NULL, 'i' }, NULL,
	  "compare runs whose machine, layout or options differ" },
	{ { "base-policy", required_argument, NULL, 'b' }, "P",
	  "the base side: the calls under drain policy P" },
	{ { "cand-policy", required_argument, NULL, 'c' }, "Q",
	  "the candidate side: the calls under drain policy Q" },
	{ { "dir", required_argument, NULL, 'd' }, "DIR",
	  "data, report, html: the folder written (made by the caller)" },
	{ { "require", required_argument, NULL, 'r' }, "M,...",
	  "primary metrics (or unique prefixes: ipis) that must be gated in every case; one that cannot be makes the gate inconclusive" },
	{ { "db", required_argument, NULL, 'D' }, "DB",
	  "the results store (SQLite; default " GBA_STORE_DEFAULT "): import, runs, trend, and summary, compare, report on selectors" },
	{ { "host", required_argument, NULL, 'H' }, "NAME",
	  "import: the host the runs ran on (default: the envelope's outside a VM, else this machine's name)" },
	{ { "revision", required_argument, NULL, 'R' }, "REV",
	  "import: the kernel tree revision the runs measured (gate folders say their own)" },
	{ { "case", required_argument, NULL, 'C' }, "TEXT",
	  "trend: only calls whose case (pinner/placement/scenario/cpus/size) holds TEXT" },
	{ { "by", required_argument, NULL, 'B' }, "KEY",
	  "trend: group runs by kernel (default), date, revision or host" },
	{ { "look", required_argument, NULL, 'L' }, "K/N",
	  "compare, report: the gate after K of at most N pairs of boots (gate.sh stops once decided): each look spends its share of the level (Lan-DeMets, O'Brien-Fleming type), so stopping early keeps the false-alarm rate" },
	{ { "check-args", no_argument, NULL, 'k' }, NULL,
	  "check the options as the command would, read nothing, exit 0 or 2 (for scripts: before a build or a boot)" },
	{ { "help", no_argument, NULL, 'h' }, NULL, "this help" },
	{ { "version", no_argument, NULL, 'V' }, NULL, "print the version" },
};

#define NR(a)	(sizeof(a) / sizeof((a)[0]))

static const char exit_codes[] =
	"0 ok or the gate passed, 1 the gate found a regression, 2 unusable input or usage, 3 the gate is inconclusive (the data cannot tell)";

const struct option *gba_cli_longopts(void)
{
	static struct option longs[NR(opts) + 1];
	size_t i;

	for (i = 0; i < NR(opts); i++)
		longs[i] = opts[i].o;
	return longs;
}

void gba_cli_help(FILE *f)
{
	char buf[64];
	size_t i;

	fputs("usage:\n", f);
	for (i = 0; i < NR(commands); i++)
		fprintf(f, "  gbstat %s\n      %s\n", commands[i].synopsis, commands[i].help);
	fputs("\noptions:\n", f);
	for (i = 0; i < NR(opts); i++) {
		snprintf(buf, sizeof(buf), "--%s%s%s", opts[i].o.name,
			 opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		fprintf(f, "  %-22s %s\n", buf, opts[i].help);
	}
	fprintf(f, "\nexit: %s\n", exit_codes);
}

void gba_cli_man(FILE *f)
{
	size_t i;
	int m;

	fprintf(f, ".TH GBSTAT 1 \"\" \"gbstat (reads gupbench-results/1 to %s)\" \"gupbench manual\"\n", GBA_SCHEMA);
	fputs(".SH NAME\ngbstat \\- summaries, the performance gate and reports from gupbench results\n"
	      ".SH SYNOPSIS\n", f);
	for (i = 0; i < NR(commands); i++) {
		fputs(".B gbstat\n", f);
		gb_roff(f, commands[i].synopsis);
		fputs("\n.br\n", f);
	}
	fputs(".SH DESCRIPTION\n"
	      "gbstat reads the JSON Lines results of\n.BR gupbench (1)\n"
	      "strictly (a file it cannot trust is refused with one line naming the "
	      "file, the line and the problem), and gates a candidate against a base: "
	      "every metric of every case, with its change, a bootstrap interval and a "
	      "permutation\\-test p\\-value, Holm\\-corrected over the primary metrics; "
	      "a regression is flagged only when significant and beyond the threshold "
	      "(or the metric's floor).  What it could not gate it names, with why.  "
	      "Options and this page come from one table in the source, as does\n"
	      ".BR \"gbstat help\" .\n.SH COMMANDS\n", f);
	for (i = 0; i < NR(commands); i++) {
		fputs(".TP\n.B gbstat ", f);
		gb_roff(f, commands[i].synopsis);
		fputc('\n', f);
		gb_roff(f, commands[i].help);
		fputc('\n', f);
	}
	fputs(".SH OPTIONS\n", f);
	for (i = 0; i < NR(opts); i++) {
		fputs(".TP\n.B \\-\\-", f);
		gb_roff(f, opts[i].o.name);
		if (opts[i].arg) {
			fputc(' ', f);
			gb_roff(f, opts[i].arg);
		}
		fputc('\n', f);
		gb_roff(f, opts[i].help);
		fputc('\n', f);
	}
	/* The metrics as analysis/metrics.def declares them. */
	fputs(".SH METRICS\nPrimary metrics are gated; the others are shown with their test.\n", f);
	for (m = 0; m < GBA_NR_METRICS; m++) {
		const struct gba_metric_info *mi = &gba_metrics[m];

		fputs(".TP\n.B ", f);
		gb_roff(f, mi->name);
		fputs("\n", f);
		gb_roff(f, mi->unit);
		fprintf(f, ", %s is better, %s%s", mi->better == GBA_LOWER ? "lower" : "higher",
			gba_is_primary(mi) ? "primary (gated)" : "shown, not gated",
			mi->time ? "; a wall\\-clock time, never gated under TCG" :
			mi->gate == GBA_PRIMARY_NATIVE ? "; follows vCPU timing, never gated under TCG" : "");
		if (mi->floor > 0)
			fprintf(f, "; changes within %g %s are the same", mi->floor, mi->unit);
		fputs("\n", f);
	}
	fputs(".SH EXIT STATUS\n", f);
	gb_roff(f, exit_codes);
	fputs("\n.SH FILES\n.TP\n.I DIR/report.md, DIR/report.html, DIR/mail.txt\n"
	      "the report, its browsable page, and the 80\\-column table to quote in a mail\n"
	      ".SH SEE ALSO\n.BR gupbench (1);\n"
	      "docs/gate.md in the source: the statistics and what each verdict means.\n", f);
}
