// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adaptive.h"
#include "candidates.h"
#include "../cases/recipe.h"

#define MAX_CALLS	1000

struct line {
	const struct gb_scenario *fixed;	/* NULL: the recipe */
	struct gb_recipe r;
	const struct gb_pinner *p;
	const struct gb_placement *pl;
	int cpus;
	unsigned calls;
};

static struct line lines[GB_CANDIDATES_MAX];
static int nr_lines;

int gb_run_candidate(struct gb_run *R, const struct gb_scenario *fixed,
		     const struct gb_recipe *r, const struct gb_pinner *p,
		     const struct gb_placement *pl, int cpus, unsigned calls,
		     struct gb_adaptive *tally)
{
	char text[GB_RECIPE_TEXT], err[160];

	if (!fixed) {
		if (!gb_recipe_valid(r))
			return -1;
		gb_recipe_format(r, text, sizeof(text));
		if (gb_recipe_use(text, err, sizeof(err)))
			return -1;
	}
	R->scenario[0] = fixed ? fixed : &gb_scenario_recipe;
	R->nr_scenarios = 1;
	R->placement[0] = pl;
	R->nr_placements = 1;
	R->cpus[0] = cpus;
	R->nr_cpus = 1;
	gb_run_setup_scenarios(R);
	R->max_reps = calls;
	if (tally)
		gb_adaptive_reset(tally);
	/* A scenario this kernel cannot prepare: its skip record says why. */
	gb_run_pinner(R, p);
	return R->scenario_skip[0] ? -1 : 0;
}

/* One line into l; NULL, or what is wrong with it. */
static const char *parse_line(char *s, struct line *l, char *err, size_t len)
{
	char *tok[7], *save = NULL, *end;
	int n = 0;
	long v;

	for (char *t = strtok_r(s, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (n == 6)
			return "more than 6 fields (SCENARIO PINNER PLACEMENT CPUS CALLS [RECIPE])";
		tok[n++] = t;
	}
	if (n < 5)
		return "fewer than 5 fields (SCENARIO PINNER PLACEMENT CPUS CALLS [RECIPE])";
	memset(l, 0, sizeof(*l));
	if (!strcmp(tok[0], "recipe")) {
		if (n != 6)
			return "the scenario recipe needs its steps as the sixth field";
		if (gb_recipe_parse(tok[5], &l->r, err, len))
			return err;
	} else {
		l->fixed = gb_scenario_find(tok[0]);
		if (!l->fixed)
			return "no such scenario (gupbench list)";
		if (n != 5)
			return "a fixed scenario takes no recipe";
	}
	if (!(l->p = gb_pinner_find(tok[1])))
		return "no such pinner (gupbench list)";
	if (!(l->pl = gb_placement_find(tok[2])))
		return "no such placement (gupbench list)";
	errno = 0;
	v = strtol(tok[3], &end, 10);
	if (errno || *end || v < 1 || v > 4096)
		return "CPUS is not a count from 1 to 4096";
	l->cpus = (int)v;
	v = strtol(tok[4], &end, 10);
	if (errno || *end || v < 1 || v > MAX_CALLS)
		return "CALLS is not a count from 1 to 1000";
	l->calls = (unsigned)v;
	return NULL;
}

void gb_candidates_load(struct gb_run *R)
{
	const char *path = R->o->candidates;
	char buf[512], err[200];
	FILE *f = fopen(path, "r");
	int lineno = 0;

	if (!f)
		gb_die(GB_EXIT_USAGE, "--candidates: cannot read '%s': %s", path, strerror(errno));
	nr_lines = 0;
	while (fgets(buf, sizeof(buf), f)) {
		const char *why;
		size_t k = strlen(buf);

		lineno++;
		if (k && buf[k - 1] != '\n' && !feof(f))
			gb_die(GB_EXIT_USAGE, "--candidates: %s:%d: a line longer than %zu bytes",
			       path, lineno, sizeof(buf) - 2);
		buf[strcspn(buf, "\n")] = '\0';
		if (!buf[strspn(buf, " \t")] || buf[strspn(buf, " \t")] == '#')
			continue;
		if (nr_lines == GB_CANDIDATES_MAX)
			gb_die(GB_EXIT_USAGE, "--candidates: %s: more than %d candidates",
			       path, GB_CANDIDATES_MAX);
		why = parse_line(buf, &lines[nr_lines], err, sizeof(err));
		if (why)
			gb_die(GB_EXIT_USAGE, "--candidates: %s:%d: %s", path, lineno, why);
		nr_lines++;
	}
	if (ferror(f))
		gb_die(GB_EXIT_USAGE, "--candidates: cannot read '%s'", path);
	fclose(f);
	if (!nr_lines)
		gb_die(GB_EXIT_USAGE, "--candidates: %s holds no candidate", path);
}

void gb_candidates_run(struct gb_run *R)
{
	int i;

	for (i = 0; i < nr_lines; i++) {
		const struct line *l = &lines[i];

		/* One that cannot run here says why in its skip record; the rest go on. */
		gb_run_candidate(R, l->fixed, l->fixed ? NULL : &l->r, l->p, l->pl,
				 l->cpus, l->calls, NULL);
	}
}
