// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../output/envelope.h"
#include "../output/record.h"
#include "adaptive.h"
#include "run.h"

void gb_run_open_output(struct gb_run *R)
{
	if (!strcmp(R->o->out, "-")) {
		R->out = stdout;
	} else if (R->o->out_fd >= 0) {
		R->out = fdopen(R->o->out_fd, "w");
		if (!R->out)
			gb_die(GB_EXIT_USAGE, "--out: cannot write %s: %s",
			       R->o->out, strerror(errno));
	} else {
		R->out = fopen(R->o->out, "w");
		if (!R->out)
			gb_die(GB_EXIT_USAGE, "--out: cannot write %s: %s",
			       R->o->out, strerror(errno));
	}
	gb_json_init(&R->j, R->out, R->out != stdout);
}

/* Results that cannot be written end the run: never lost silently. */
void gb_run_check_out(const struct gb_run *R)
{
	if (R->j.err)
		gb_die(GB_EXIT_FAIL, "--out %s: cannot write the results: %s",
		       R->o->out, strerror(-R->j.err));
}

static void fill_design(struct gb_design *d, const struct gb_run *R)
{
	int m;

	memset(d, 0, sizeof(*d));
	d->seq = R->o->design;
	d->reps = R->o->reps;
	d->explore = R->o->explore;
	d->seed = R->o->seed;
	d->alpha = GB_ADAPTIVE_ALPHA;
	d->alpha_one = R->alpha_one;
	d->times = R->times;
	for (m = 0; m < gb_adaptive_nr_metrics() && d->nr_metrics < (int)GB_ARRAY_SIZE(d->metrics); m++)
		if (R->times || strcmp(gb_adaptive_metric_path(m), "pin_ns"))
			d->metrics[d->nr_metrics++] = gb_adaptive_metric_path(m);
}

void gb_run_envelope(struct gb_run *R)
{
	static struct gb_envelope e;
	static struct gb_opt_value v[GB_MAX_OPT_VALUES];
	int nv;

	nv = gb_options_values(R->o, v, GB_MAX_OPT_VALUES);
	gb_envelope_fill(&e, &R->m, R->o->argc, R->o->argv, v, nv, R->ctrs);
	fill_design(&e.design, R);
	gb_emit_envelope(&R->j, &e);
	gb_run_check_out(R);
}

void gb_run_skip(struct gb_run *R, const struct gb_pinner *p,
		 const struct gb_placement *pl, const struct gb_scenario *sc,
		 int cpus, const char *reason)
{
	gb_emit_skip(&R->j, p->name, pl ? pl->name : NULL,
		     sc ? sc->name : NULL, cpus, reason);
	gb_run_check_out(R);
	R->skipped++;
	if (!R->o->quiet)
		fprintf(stderr, "gupbench: skip %s%s%s%s%s: %s\n", p->name,
			pl ? "/" : "", pl ? pl->name : "", sc ? "/" : "",
			sc ? sc->name : "", reason);
}

void gb_run_progress(struct gb_run *R, const char *what, int cpus)
{
	static uint64_t last;
	uint64_t now = gb_now_ns();

	/* Twice a second is enough for a person, and for a serial console. */
	if (!R->tty || R->o->quiet || now - last < 500000000ull)
		return;
	last = now;
	fprintf(stderr, "\r\033[Kgupbench: %s cpus=%d  call %llu/%llu", what,
		cpus, (unsigned long long)R->calls_done,
		(unsigned long long)R->calls_total);
	fflush(stderr);
}

void gb_run_close_counters(struct gb_run *R)
{
	if (!R->ctrs)
		return;
	gb_counters_tally(R->ctrs, &R->tally);
	R->tallied = true;
	gb_counters_close(R->ctrs);
	R->ctrs = NULL;
}

