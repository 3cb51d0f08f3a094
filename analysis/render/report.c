// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../escape.h"
#include "export.h"
#include "gate_text.h"
#include "headline.h"
#include "outfile.h"
#include "report.h"
#include "summary.h"
#include "design.h"
#include "findings.h"
#include "winners.h"
#include "../../bench/lib/terminal.h"

/* Each chart: its file, its title, and how to read it (plots/charts.def). */
static const char *const charts[][3] = {
#define CHART(name, title, how) { #name, title, how },
#include "../../plots/charts.def"
#undef CHART
};

static const char *gate_word(int code)
{
	return code == 0 ? "pass" : code == 1 ? "FAIL: regression" :
	       code == 3 ? "INCONCLUSIVE" : "not run";
}

/* Text caught in a memory stream, or "" when the stream failed. */
struct caught {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *catch_open(struct caught *c)
{
	memset(c, 0, sizeof(*c));
	c->f = open_memstream(&c->buf, &c->len);
	return c->f;
}

static const char *catch_close(struct caught *c)
{
	if (c->f && fclose(c->f))
		c->len = 0;
	c->f = NULL;
	return c->buf && c->len ? c->buf : "";
}

static bool has_policy(const struct gba_results *r, const char *policy)
{
	size_t i;

	for (i = 0; i < r->nr_calls; i++)
		if (r->calls[i].policy && !strcmp(r->calls[i].policy, policy))
			return true;
	return false;
}

/*
 * The sides the headline compares, named as a reader would: the gate's,
 * or, with no gate asked for, the old heuristic against the new one
 * when both ran.  False when there are no two sides.
 */
static bool sides_of(const struct gba_results *base, const struct gba_cmp_opts *o,
		     struct gba_sides *s, char *name_a, char *name_b, size_t len,
		     const struct gba_results *all)
{
	const char *pa = o->base_policy, *pb = o->cand_policy;

	int i;

	memset(s, 0, sizeof(*s));
	if (base) {
		const char *ra = NULL, *rb = NULL;

		for (i = 0; i < all->nr_runs; i++) {
			if (all->runs[i].label && !strcmp(all->runs[i].label, "base") && !ra)
				ra = all->runs[i].release;
			if (all->runs[i].label && !strcmp(all->runs[i].label, "cand") && !rb)
				rb = all->runs[i].release;
		}
		s->label_a = "base";
		s->label_b = "cand";
		snprintf(name_a, len, "the base kernel (%s)", ra ? ra : "?");
		snprintf(name_b, len, "the candidate kernel (%s)", rb ? rb : "?");
	} else {
		if (!pa || !pb) {
			if (!has_policy(all, "lru") || !has_policy(all, "refcount"))
				return false;
			pa = "lru";
			pb = "refcount";
		}
		s->policy_a = pa;
		s->policy_b = pb;
		snprintf(name_a, len, "%s", pa);
		snprintf(name_b, len, "%s", pb);
	}
	gb_text_clean(name_a);
	gb_text_clean(name_b);
	s->name_a = name_a;
	s->name_b = name_b;
	return true;
}

/*
 * The gate's verdict lines in a text block, each after prefix: no
 * control characters, and no backquote that could close the fence.
 */
static void verdict_block(FILE *f, const char *lines, const char *prefix)
{
	char line[2048], *c;
	const char *p = lines, *nl;

	fputs("```text\n", f);
	while (*p) {
		nl = strchr(p, '\n');
		snprintf(line, sizeof(line), "%s%.*s", prefix,
			 (int)(nl ? nl - p : (long)strlen(p)), p);
		gb_text_clean(line);
		for (c = line; *c; c++)
			if (*c == '`')
				*c = '\'';
		fprintf(f, "%s\n", line);
		p = nl ? nl + 1 : p + strlen(p);
	}
	fputs("```\n", f);
}

static void charts_section(FILE *f)
{
	const char *limit = gba_charts_limit_note();
	size_t k;

	fprintf(f, "\n## Charts\n\n");
	if (limit)
		fprintf(f, "Not everything is drawn: %s.\n\n", limit);
	for (k = 0; k < sizeof(charts) / sizeof(charts[0]); k++) {
		const char *why = gba_chart_not_drawn(charts[k][0]);

		if (why)
			fprintf(f, "### %s\n\nNot shown: %s.\n\n", charts[k][1], why);
		else
			fprintf(f, "### %s\n\n![%s](%s.png) ([SVG](%s.svg))\n\nHow to read it: %s\n\n",
				charts[k][1], charts[k][1], charts[k][0], charts[k][0], charts[k][2]);
	}
}

/* The gate into caught text: its rows and, apart, its verdict lines. */
static int run_gate(const struct gba_results *all, const struct gba_results *base,
		    const struct gba_results *cand, const struct gba_cmp_opts *o,
		    struct caught *rows, struct caught *verdict, char *gate_err,
		    size_t len, struct gba_verdicts *keep)
{
	struct gba_cmp_opts vo = *o;

	if (!catch_open(rows) || !catch_open(verdict))
		return -2;
	vo.verdict = verdict->f;
	if (base && cand)
		return gba_compare(base, cand, &vo, rows->f, gate_err, len, keep);
	if (o->base_policy && o->cand_policy)
		return gba_compare(all, all, &vo, rows->f, gate_err, len, keep);
	return -1;
}

/* Each kernel once, as built: release, the source that built it, config. */
static void kernels(FILE *f, const struct gba_results *all)
{
	int i, j;

	fputs("\nKernels:\n\n", f);
	for (i = 0; i < all->nr_runs; i++) {
		const struct gba_run *r = &all->runs[i];

		for (j = 0; j < i; j++)
			if (!strcmp(all->runs[j].release, r->release) &&
			    !strcmp(all->runs[j].source, r->source) &&
			    (all->runs[j].label == r->label ||
			     (all->runs[j].label && r->label && !strcmp(all->runs[j].label, r->label))))
				break;
		if (j < i)
			continue;
		fputs("- ", f);
		if (r->label)
			fprintf(f, "%s: ", r->label);
		gba_md(f, r->release);
		fputs(", ", f);
		gba_md(f, r->source);
		fputs("\n", f);
	}
}

static void title(FILE *f, const struct gba_results *all, bool two,
		  const char *name_a, const char *name_b, bool tcg)
{
	const char *nested = "";
	int i;

	for (i = 0; i < all->nr_runs; i++)
		if (all->runs[i].nested[0] && strcmp(nested, "tcg"))
			nested = all->runs[i].nested;
	fprintf(f, "# gupbench report");
	if (two) {
		fputs(": ", f);
		gba_md(f, name_b);
		fputs(" against ", f);
		gba_md(f, name_a);
	}
	fprintf(f, "\n\n%d run(s), %zu calls that met their conditions (Appendix D names the runs).%s\n",
		all->nr_runs, all->nr_calls,
		tcg ? " Emulated (QEMU TCG): pin times are several hundred times slower than native and are not meaningful; the counts (drains, works, IPIs, migrations, failures) are exact." : "");
	if (!strcmp(nested, "tcg"))
		fputs("\nAccel kvm, nested-emulated: KVM ran in a guest of QEMU TCG (emulated SVM), so the times shown are emulated and not comparable with bare metal, and the gate does not judge them; the counts are exact.\n", f);
	else if (!strcmp(nested, "vm"))
		fputs("\nAccel kvm, nested: the host that ran KVM is itself a virtual machine, so the times are not comparable with bare metal; the counts are exact.\n", f);
	kernels(f, all);
	fputs("\nContents: Headline (the conclusions, then per scenario); Mail-ready summary; Gate (the verdict, what it could not gate); the local drain first (where refcount-all ran); Charts; Appendix A, who wins case by case; Appendix B, the gate row by row (regressions first); Appendix C, summary per case; Appendix D, runs.\n", f);
}

/*
 * The answer: the headline, the mail table in the report and in
 * mail.txt, and headline.tsv (each row's cases and the gate's decisions),
 * all from one pass over the gate's verdict table.
 */
static int answer(FILE *f, const struct gba_results *all,
		  const struct gba_sides *sides, const struct gba_cmp_opts *o,
		  const struct gba_verdicts *gate, const char *dir, char *err, size_t len)
{
	struct caught mail = { 0 };
	struct gba_out txt, tsv;
	const char *v;
	int rc = 0;

	if (gba_out_open(&tsv, dir, "headline.tsv", err, len))
		return -1;
	fprintf(f, "\n## Headline\n\n");
	gba_headline(all, sides, o, gate, f, catch_open(&mail), tsv.f);
	if (gba_out_close(&tsv, err, len))
		rc = -1;
	fprintf(f, "\n## Mail-ready summary\n\nPlain text, 80 columns (also in mail.txt beside this report):\n\n```text\n");
	v = catch_close(&mail);
	fputs(v, f);
	fputs("```\n", f);
	if (!rc && gba_out_open(&txt, dir, "mail.txt", err, len))
		rc = -1;
	else if (!rc) {
		fputs(v, txt.f);
		rc = gba_out_close(&txt, err, len);
	}
	free(mail.buf);
	return rc;
}

/*
 * The gate's section: its verdict, or why there is none.  Returns the
 * exit code (a gate asked for that could not run: 3, inconclusive).
 */
static int gate_section(FILE *f, int code, const char *verdict, char *gate_err,
			const struct gba_cmp_opts *o)
{
	fprintf(f, "\n## Gate\n\n");
	if (code == 2) {
		/* It may quote a results file: text, not terminal controls. */
		gb_text_clean(gate_err);
		fprintf(f, "gate not run: ");
		gba_md(f, gate_err);
		fputc('\n', f);
		fprintf(stderr, "gbstat: gate not run: %s\n", gate_err);
		printf("gate: %s\n", gate_word(3));
		return 3;
	}
	if (code < 0) {
		fprintf(f, "No gate: one side only (give --base-policy and --cand-policy, or -- CAND...).\n");
		if (o->require)
			fprintf(stderr, "gbstat: --require: no gate was asked for (--base-policy/--cand-policy or -- CAND...)\n");
		return 0;
	}
	fputs(verdict, stdout);
	verdict_block(f, verdict, "");
	fprintf(f, "\nEvery comparison, with its test, is in Appendix B.\n");
	return code;
}

/*
 * Where the study ran refcount-all beside refcount: the same ref_count
 * check with and without the local drain first, judged by the same gate
 * and rule, so what the local-first drain buys is told apart from what
 * the check does.  It informs; the report's exit code is the main gate's.
 */
static void local_first(FILE *f, const struct gba_results *all, const struct gba_cmp_opts *o,
			const struct gba_sides *main_sides)
{
	static const struct gba_sides pair = {
		.policy_a = "refcount-all", .policy_b = "refcount",
		.name_a = "refcount-all", .name_b = "refcount",
	};
	struct gba_cmp_opts po = *o;
	struct gba_verdicts v = { 0 };
	struct caught rows, verdict;
	char err[512] = "";
	int code;

	if (!main_sides || !main_sides->policy_a || !has_policy(all, "refcount-all") ||
	    !has_policy(all, "refcount"))
		return;
	po.base_policy = pair.policy_a;
	po.cand_policy = pair.policy_b;
	po.require = NULL;
	if (!catch_open(&rows) || !catch_open(&verdict)) {
		catch_close(&rows);
		free(rows.buf);
		return;
	}
	po.verdict = verdict.f;
	code = gba_compare(all, all, &po, rows.f, err, sizeof(err), &v);
	fprintf(f, "\n## The local drain first: refcount against refcount-all\n\n");
	fprintf(f, "Both policies drain on the ref_count check; refcount-all goes straight to lru_add_drain_all(), refcount tries a local drain first. What differs here is what the local-first drain buys or costs, apart from the check itself.\n\n");
	if (code == 2) {
		gb_text_clean(err);
		fputs("Not compared: ", f);
		gba_md(f, err);
		fputc('\n', f);
	} else {
		gba_headline(all, &pair, o, &v, f, NULL, NULL);
		/* Not the gate's lines: nothing reading "gate:" mistakes them for it. */
		verdict_block(f, catch_close(&verdict), "local-first (informs, not gated) ");
	}
	catch_close(&rows);
	catch_close(&verdict);
	free(rows.buf);
	free(verdict.buf);
	gba_verdicts_free(&v);
}

static void appendices(FILE *f, const struct gba_results *all, const char *rows)
{
	fprintf(f, "\n## Appendix A: who wins, case by case\n\n");
	gba_winners(all, f);
	if (rows) {
		fprintf(f, "\n## Appendix B: the gate, row by row\n\n");
		fputs(rows, f);
	}
	fprintf(f, "\n## Appendix C: summary per case\n\nMedians with 95%% bootstrap intervals for times; means per call for counts; ratios of sums per drain. `>=` marks a lower bound (perf dropped samples of its tracepoint in that run).\n\n");
	gba_summary(all, f);
	fprintf(f, "\n## Appendix D: runs\n\n");
	gba_fingerprints(all, f);
	fprintf(f, "\n## Appendix E: calls per case, and why each stopped\n\n");
	gba_design_cases(all, f);
}

int gba_report(const struct gba_results *all, const struct gba_results *base,
	       const struct gba_results *cand, const char *dir,
	       const struct gba_cmp_opts *o, char *err, size_t len)
{
	static const struct gba_cmp_opts none = { .threshold = 0.05, .alpha = 0.05 };
	char gate_err[1024] = "", name_a[160], name_b[160];
	struct caught rows = { 0 }, verdict = { 0 };
	struct gba_verdicts verdicts = { 0 };
	struct gba_cmp_opts implied;
	struct gba_sides sides;
	struct gba_out rep;
	bool tcg = false, two, gated, asked;
	int code, i, rc = 0;

	if (!o)
		o = &none;
	for (i = 0; i < all->nr_runs; i++)
		tcg |= all->runs[i].tcg;
	two = sides_of(base && cand ? base : NULL, o, &sides, name_a, name_b,
		       sizeof(name_a), all);
	/*
	 * The headline's two policies are the gate's too: what the headline
	 * marks is what the gate decided, even when no gate was asked for.
	 */
	asked = (base && cand) || (o->base_policy && o->cand_policy);
	if (two && !asked) {
		implied = *o;
		implied.base_policy = sides.policy_a;
		implied.cand_policy = sides.policy_b;
		o = &implied;
	}
	code = run_gate(all, base, cand, o, &rows, &verdict, gate_err, sizeof(gate_err),
			&verdicts);
	if (code == -2) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	gated = code >= 0 && code != 2;
	if (gba_out_open(&rep, dir, "report.md", err, len)) {
		rc = -1;
		goto out;
	}
	title(rep.f, all, two, name_a, name_b, tcg);
	/* An explore run's answer is what it found: first. */
	if (gba_explored(all)) {
		fprintf(rep.f, "\n## Explore: where the policies differ\n\n");
		gba_findings(all, rep.f);
	}
	if (two && answer(rep.f, all, &sides, o, gated ? &verdicts : NULL, dir, err, len)) {
		fclose(rep.f);
		unlink(rep.tmp);
		rc = -1;
		goto out;
	}
	code = gate_section(rep.f, code, catch_close(&verdict), gate_err, o);
	local_first(rep.f, all, o, two ? &sides : NULL);
	charts_section(rep.f);
	fprintf(rep.f, "\n## Design\n\nHow many calls each case got:\n\n");
	gba_design_summary(all, rep.f);
	appendices(rep.f, all, gated ? catch_close(&rows) : NULL);
	rc = gba_out_close(&rep, err, len);
out:
	catch_close(&rows);
	catch_close(&verdict);
	free(rows.buf);
	free(verdict.buf);
	gba_verdicts_free(&verdicts);
	/* A gate nobody asked for informs the report, not the exit code. */
	return rc < 0 ? -1 : asked ? code : 0;
}
