// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "design.h"
#include "../escape.h"

static const char *const reasons[] = { "decided", "undecided", "conditions" };
#define NR_REASONS	3

static const char *const reason_words[] = {
	"decided (every comparison constant, separated, or one more calls would leave inside the gate's band or undecided)",
	"still undecided at the last look",
	"stopped because a policy's calls all missed their conditions",
};

static int reason_index(const char *r)
{
	int k;

	for (k = 0; k < NR_REASONS; k++)
		if (!strcmp(r, reasons[k]))
			return k;
	return -1;
}

void gba_design_summary(const struct gba_results *r, FILE *out)
{
	int i, k, l;

	for (i = 0; i < r->nr_runs; i++) {
		const struct gba_run *run = &r->runs[i];
		size_t by[NR_REASONS][GB_SEQ_MAX_LOOKS] = { { 0 } }, calls = 0;

		fprintf(out, "- `");
		gba_md(out, run->path);
		fprintf(out, "`: ");
		if (!run->design.nr_looks) {
			if (run->reps)
				fprintf(out, "fixed design, %u calls a case and policy (`--reps`).\n", run->reps);
			else
				fprintf(out, "fixed design.\n");
			continue;
		}
		fprintf(out, "adaptive design (`--adaptive`), looks after");
		for (l = 0; l < run->design.nr_looks; l++)
			fprintf(out, "%s %u", l ? "," : "", run->design.looks[l]);
		fprintf(out, " calls a policy, the level's shares");
		for (l = 0; l < run->design.nr_looks; l++)
			fprintf(out, "%s %.3g", l ? "," : "", run->design.spend[l]);
		fprintf(out, " (the suite's docs/gate.md says why).");
		for (k = 0; k < (int)run->nr_stops; k++) {
			const struct gba_stop *s = &run->stops[k];
			int x = reason_index(s->reason);

			calls += s->calls;
			if (x >= 0 && s->look >= 0 && s->look < run->design.nr_looks)
				by[x][s->look]++;
		}
		fprintf(out, " %zu cases, %.1f calls a policy on average against %u in a fixed design of the last look's size:",
			 run->nr_stops, run->nr_stops ? (double)calls / (double)run->nr_stops : 0.0,
			 run->design.looks[run->design.nr_looks - 1]);
		for (k = 0; k < NR_REASONS; k++) {
			size_t n = 0;

			for (l = 0; l < run->design.nr_looks; l++)
				n += by[k][l];
			if (!n)
				continue;
			fprintf(out, " %zu %s (", n, reason_words[k]);
			for (l = 0, n = 0; l < run->design.nr_looks; l++)
				if (by[k][l])
					fprintf(out, "%s%zu at %u", n++ ? ", " : "", by[k][l],
						run->design.looks[l]);
			fprintf(out, ");");
		}
		fprintf(out, " appendix E lists each case.\n");
	}
}

void gba_design_cases(const struct gba_results *r, FILE *out)
{
	int i;
	size_t k;
	bool any = false;

	for (i = 0; i < r->nr_runs; i++)
		any |= r->runs[i].nr_stops > 0;
	if (!any) {
		fprintf(out, "Every run had a fixed design: each case ran its `--reps` calls.\n");
		return;
	}
	fprintf(out, "| case | calls a policy | stopped | why |\n|---|---|---|---|\n");
	for (i = 0; i < r->nr_runs; i++)
		for (k = 0; k < r->runs[i].nr_stops; k++) {
			const struct gba_stop *s = &r->runs[i].stops[k];

			fprintf(out, "| ");
			gba_md(out, s->pinner);
			fputc('/', out);
			gba_md(out, s->placement);
			fputc('/', out);
			gba_md(out, s->scenario);
			fprintf(out, "/cpus=%d | %u | ", s->cpus, s->calls);
			gba_md(out, s->reason);
			fprintf(out, " at look %d | ", s->look + 1);
			gba_md(out, s->why);
			fprintf(out, " |\n");
		}
}
