// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <string.h>

#include "findings.h"
#include "../escape.h"

bool gba_explored(const struct gba_results *r)
{
	int i;

	for (i = 0; i < r->nr_runs; i++)
		if (r->runs[i].explored)
			return true;
	return false;
}

/* The metric metrics.def reads from this path, or -1. */
static int metric_of(const char *path)
{
	int m;

	for (m = 0; m < GBA_NR_METRICS; m++)
		if (!strcmp(gba_metrics[m].num, path))
			return m;
	return -1;
}

static bool worse(const struct gba_finding *f)
{
	int m = metric_of(f->metric);
	bool lower = m < 0 || gba_metrics[m].better == GBA_LOWER;

	return lower ? f->cand > f->base : f->cand < f->base;
}

bool gba_findings_regress(const struct gba_results *r)
{
	int i;
	size_t k;

	for (i = 0; i < r->nr_runs; i++)
		for (k = 0; k < r->runs[i].nr_findings; k++)
			if (worse(&r->runs[i].findings[k]))
				return true;
	return false;
}

void gba_findings(const struct gba_results *r, FILE *out)
{
	int i;
	size_t k;

	for (i = 0; i < r->nr_runs; i++) {
		const struct gba_run *run = &r->runs[i];

		if (!run->explored)
			continue;
		fprintf(out, "`");
		gba_md(out, run->path);
		fprintf(out, "`: %u of its budget of %u pin calls, %u candidate page states; ",
			run->explore_calls, run->explore_budget, run->explore_candidates);
		if (!run->nr_findings) {
			fprintf(out, "no difference beyond the exploration's error rate (alpha %g over every candidate and metric tried).\n\n",
				run->explore_alpha);
			continue;
		}
		fprintf(out, "%zu difference(s), confirmed on fresh calls and shrunk to the fewest steps that keep them, largest first:\n\n",
			run->nr_findings);
		fprintf(out, "| # | page state | pinner/placement/cpus | metric | base | cand | in every call | verdict |\n|---|---|---|---|---|---|---|---|\n");
		for (k = 0; k < run->nr_findings; k++) {
			const struct gba_finding *f = &run->findings[k];
			int m = metric_of(f->metric);

			fprintf(out, "| %d | ", f->rank);
			if (*f->scenario)
				fprintf(out, "scenario ");
			gba_md(out, *f->scenario ? f->scenario : f->recipe);
			fprintf(out, " | ");
			gba_md(out, f->pinner);
			fputc('/', out);
			gba_md(out, f->placement);
			fprintf(out, "/%d | ", f->cpus);
			gba_md(out, m >= 0 ? gba_metrics[m].name : f->metric);
			fprintf(out, " | %g (", f->base);
			gba_md(out, f->base_policy);
			fprintf(out, ", %u calls) | %g (", f->base_calls, f->cand);
			gba_md(out, f->cand_policy);
			fprintf(out, ", %u calls) | %s | %s |\n", f->cand_calls,
				f->every_call ? "yes" : isnan(f->p) ? "no" : "no (exact test)",
				worse(f) ? "worse" : "better");
		}
		fprintf(out, "\nTo replay each:\n\n```sh\n");
		for (k = 0; k < run->nr_findings; k++) {
			/*
			 * A shell line from a file, in a code block as it is: the
			 * reader let through only a gupbench command line of plain
			 * characters (validate.c), nothing a fence or a shell reads.
			 */
			fputs(run->findings[k].reproduce, out);
			fputc('\n', out);
		}
		fprintf(out, "```\n\n");
	}
}
