// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adaptive.h"
#include "explore_rounds.h"
#include "explore_search.h"
#include "../output/record.h"

/* Shrinking stops after this many rounds (a step a round: recipes are short). */
#define MAX_SHRINK_ROUNDS	8
#define MAX_VALUES		1000
/* A shrink round's moves, for every finding at once. */
#define MAX_MOVES		(GB_XS_TOP * (2 * GB_RECIPE_MAX + 1))

/* One line of gbstat candidates: a case's values of one metric. */
struct entry {
	char pinner[32], placement[32], scenario[48], recipe[GB_RECIPE_TEXT];
	int cpus, metric;
	double *v;
	size_t n;
};

struct side {
	struct entry *e;
	size_t n;
};

struct rounds {
	struct gb_run *R;
	const char *dir;
	struct gb_xsearch S;
	unsigned budget, used;
	int k;			/* the round being replayed or planned */
};

static void side_free(struct side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->e[i].v);
	free(s->e);
	memset(s, 0, sizeof(*s));
}

/* Copy a field that must fit, or say which line did not. */
static void field(char *dst, size_t len, const char *src, const char *path, int lineno)
{
	if (strlen(src) >= len)
		gb_die(GB_EXIT_USAGE, "--rounds: %s:%d: a field longer than %zu bytes", path, lineno, len - 1);
	memcpy(dst, src, strlen(src) + 1);
}

/*
 * A round's values of one side (gbstat candidates: PINNER PLACEMENT
 * SCENARIO RECIPE CPUS METRIC VALUES, tab-separated; '-' no recipe or
 * no value).  -ENOENT when the file is not there yet.
 */
static int side_load(const char *path, struct side *s)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0;

	memset(s, 0, sizeof(*s));
	if (!f) {
		if (errno == ENOENT)
			return -ENOENT;
		gb_die(GB_EXIT_USAGE, "--rounds: cannot read %s: %s", path, strerror(errno));
	}
	while (getline(&line, &cap, f) > 0) {
		char *tok[8], *save = NULL, *t, *end;
		struct entry *e, *grown;
		int n = 0;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		for (t = strtok_r(line, "\t", &save); t && n < 8; t = strtok_r(NULL, "\t", &save))
			tok[n++] = t;
		if (n != 7)
			gb_die(GB_EXIT_USAGE, "--rounds: %s:%d: not 7 tab-separated fields (gbstat candidates' lines)",
			       path, lineno);
		grown = realloc(s->e, (s->n + 1) * sizeof(*s->e));
		if (!grown)
			gb_die(GB_EXIT_FAIL, "--rounds: out of memory");
		s->e = grown;
		e = &s->e[s->n++];
		memset(e, 0, sizeof(*e));
		field(e->pinner, sizeof(e->pinner), tok[0], path, lineno);
		field(e->placement, sizeof(e->placement), tok[1], path, lineno);
		field(e->scenario, sizeof(e->scenario), tok[2], path, lineno);
		field(e->recipe, sizeof(e->recipe), tok[3], path, lineno);
		e->cpus = (int)strtol(tok[4], &end, 10);
		if (*end || e->cpus < 1)
			gb_die(GB_EXIT_USAGE, "--rounds: %s:%d: '%s' is not a CPU count", path, lineno, tok[4]);
		e->metric = gb_adaptive_metric_index(tok[5]);
		e->v = calloc(MAX_VALUES, sizeof(double));
		if (!e->v)
			gb_die(GB_EXIT_FAIL, "--rounds: out of memory");
		if (!strcmp(tok[6], "-"))
			continue;
		for (t = strtok_r(tok[6], ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			if (e->n == MAX_VALUES)
				gb_die(GB_EXIT_USAGE, "--rounds: %s:%d: more than %d values", path, lineno, MAX_VALUES);
			errno = 0;
			e->v[e->n++] = strtod(t, &end);
			if (errno || *end)
				gb_die(GB_EXIT_USAGE, "--rounds: %s:%d: '%s' is not a number", path, lineno, t);
		}
	}
	if (ferror(f))
		gb_die(GB_EXIT_USAGE, "--rounds: cannot read %s", path);
	free(line);
	fclose(f);
	return 0;
}

static const char *scenario_of(const struct gb_xcand *c)
{
	return c->fixed ? c->fixed->name : "recipe";
}

/* c's values of each metric on one side (its calls that met their conditions). */
static void values_of(const struct rounds *P, const struct side *s, const struct gb_xcand *c,
		      const double **v, size_t *n)
{
	char text[GB_RECIPE_TEXT] = "-";
	size_t i;
	int m;

	if (!c->fixed)
		gb_recipe_format(&c->r, text, sizeof(text));
	for (m = 0; m < gb_adaptive_nr_metrics(); m++) {
		v[m] = NULL;
		n[m] = 0;
	}
	for (i = 0; i < s->n; i++) {
		const struct entry *e = &s->e[i];

		if (e->metric < 0 || strcmp(e->pinner, P->S.pinner[c->pinner]->name) ||
		    strcmp(e->placement, P->S.placement[c->placement]->name) ||
		    strcmp(e->scenario, scenario_of(c)) || strcmp(e->recipe, text) ||
		    e->cpus != P->S.cpus[c->cpus])
			continue;
		v[e->metric] = e->v;
		n[e->metric] = e->n;
	}
}

static void path_of(const struct rounds *P, int k, const char *what, char *buf, size_t len)
{
	if ((size_t)snprintf(buf, len, "%s/round-%d.%s", P->dir, k, what) >= len)
		gb_die(GB_EXIT_USAGE, "--rounds: '%s' is too long a folder name", P->dir);
}

/* The round's list for --candidates, each case once; then say where it is. */
static void write_plan(struct rounds *P, struct gb_xcand *c, int n, unsigned calls)
{
	char path[4096], tmp[4200], text[GB_RECIPE_TEXT];
	FILE *f;
	int i, j, lines = 0;

	path_of(P, P->k, "plan", path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		gb_die(GB_EXIT_USAGE, "--rounds: cannot write %s: %s", tmp, strerror(errno));
	fprintf(f, "# explore between two kernels, round %d: SCENARIO PINNER PLACEMENT CPUS CALLS [RECIPE]\n", P->k);
	for (i = 0; i < n; i++) {
		bool dup = false;

		for (j = 0; j < i && !dup; j++)
			dup = gb_xs_same_case(&c[i], &c[j]);
		if (dup)
			continue;
		if (c[i].fixed)
			text[0] = '\0';
		else
			gb_recipe_format(&c[i].r, text, sizeof(text));
		fprintf(f, "%s %s %s %d %u%s%s\n", scenario_of(&c[i]),
			P->S.pinner[c[i].pinner]->name, P->S.placement[c[i].placement]->name,
			P->S.cpus[c[i].cpus], calls, c[i].fixed ? "" : " ", text);
		lines++;
	}
	if (ferror(f) | fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		gb_die(GB_EXIT_FAIL, "--rounds: cannot write %s", path);
	}
	printf("round %d %s %d %u\n", P->k, path, lines, calls);
	/* The driver reads this line: a lost one must not pass for a finished search. */
	if (fflush(stdout) || ferror(stdout))
		gb_die(GB_EXIT_FAIL, "--rounds: cannot write to stdout");
}

/*
 * Round P->k of the search on n candidates, `calls` calls a kernel
 * each: their scores from the round's values, true; or, when the round
 * has not run yet, its plan written, false.
 */
static bool round_of(struct rounds *P, struct gb_xcand *c, int n, unsigned calls)
{
	char bpath[4096], cpath[4096];
	struct side base, cand;
	int i, hb, hc;

	P->k++;
	path_of(P, P->k, "base.tsv", bpath, sizeof(bpath));
	path_of(P, P->k, "cand.tsv", cpath, sizeof(cpath));
	hb = side_load(bpath, &base);
	hc = side_load(cpath, &cand);
	if (hb == -ENOENT && hc == -ENOENT) {
		write_plan(P, c, n, calls);
		return false;
	}
	if (hb == -ENOENT || hc == -ENOENT)
		gb_die(GB_EXIT_USAGE, "--rounds: round %d has values of one kernel only (%s is missing)",
		       P->k, hb == -ENOENT ? bpath : cpath);
	for (i = 0; i < n; i++) {
		const double *a[GB_ADAPTIVE_MAX_METRICS], *b[GB_ADAPTIVE_MAX_METRICS];
		size_t na[GB_ADAPTIVE_MAX_METRICS], nb[GB_ADAPTIVE_MAX_METRICS];

		values_of(P, &base, &c[i], a, na);
		values_of(P, &cand, &c[i], b, nb);
		gb_xs_score(&c[i], a, na, b, nb);
		c[i].ran = true;
	}
	side_free(&base);
	side_free(&cand);
	return true;
}

/* Room for `calls` more calls on each kernel? */
static bool fits(const struct rounds *P, unsigned calls, unsigned limit)
{
	return P->used + 2 * calls <= limit;
}

static int finish(struct rounds *P, struct gb_xcand *found, int nfound)
{
	struct gb_run *R = P->R;
	char path[4096], tpath[4200], args[400], cmd[600], text[GB_RECIPE_TEXT];
	struct gb_json j;
	FILE *f, *t;
	int i, worse = 0;

	snprintf(path, sizeof(path), "%s/findings.jsonl", P->dir);
	snprintf(tpath, sizeof(tpath), "%s/findings.txt", P->dir);
	f = fopen(path, "w");
	t = fopen(tpath, "w");
	if (!f || !t)
		gb_die(GB_EXIT_FAIL, "--rounds: cannot write %s: %s", !f ? path : tpath, strerror(errno));
	gb_json_init(&j, f, false);
	for (i = 0; i < nfound; i++) {
		struct gb_xcand *x = &found[i];

		gb_xs_describe(&P->S, x, args, sizeof(args));
		/* No --policy: each kernel runs its own. */
		snprintf(cmd, sizeof(cmd), "gupbench run %s --size %llu --reps %d",
			 args, (unsigned long long)R->o->size, GB_XS_CONFIRM_CALLS);
		if (x->fixed)
			text[0] = '\0';
		else
			gb_recipe_format(&x->r, text, sizeof(text));
		gb_emit_finding(&j, i + 1, text, x->fixed ? x->fixed->name : NULL,
				P->S.pinner[x->pinner]->name, P->S.placement[x->placement]->name,
				P->S.cpus[x->cpus], gb_adaptive_metric_path(x->metric),
				"base", "cand", x->a, x->b, x->na, x->nb, x->every, x->p, cmd);
		/* Every primary count is better lower. */
		worse += x->b > x->a;
		fprintf(t, "finding %d: %s%s on %s/%s/%d CPUs: %s %g (base) -> %g (cand)%s, %zu and %zu calls: cand %s\n  reproduce on each kernel: %s\n",
			i + 1, x->fixed ? "scenario " : "recipe ", x->fixed ? x->fixed->name : text,
			P->S.pinner[x->pinner]->name, P->S.placement[x->placement]->name,
			P->S.cpus[x->cpus], gb_adaptive_metric_path(x->metric), x->a, x->b,
			x->every ? " in every call" : "", x->na, x->nb,
			x->b > x->a ? "worse" : "better", cmd);
	}
	gb_emit_explore(&j, P->budget, P->used, (unsigned)P->S.n, (unsigned)nfound, GB_XS_ALPHA);
	fprintf(t, "explore between two kernels: %u of %u calls in %d rounds, %d candidates, %d difference(s) confirmed%s\n",
		P->used, P->budget, P->k, P->S.n, nfound,
		nfound ? " (largest first, above)" : ": none beyond the exploration's error rate");
	if (j.err || ferror(f) | fclose(f) || ferror(t) | fclose(t))
		gb_die(GB_EXIT_FAIL, "--rounds: cannot write %s or %s", path, tpath);
	printf("done %d\n", nfound);
	if (fflush(stdout) || ferror(stdout))
		gb_die(GB_EXIT_FAIL, "--rounds: cannot write to stdout");
	return worse ? GB_EXIT_FAIL : GB_EXIT_PASS;
}

int gb_explore_rounds(struct gb_run *R)
{
	static struct rounds P;
	static const unsigned every_mthp[] = { 16, 32, 64, 128, 256, 512, 1024 };
	bool covered[GB_NR_STEP_KINDS][GB_NR_STEP_KINDS] = { { false } };
	int pairs[GB_NR_STEP_KINDS * GB_NR_STEP_KINDS], npairs, at = 0, i, first;
	struct gb_xcand top[GB_XS_TOP], moves[MAX_MOVES];
	int owner[MAX_MOVES], ntop = 0, nmoves, nfound = 0;
	bool shrinking[GB_XS_TOP];
	unsigned fixed_used, rest;
	struct gb_xsearch *S = &P.S;

	memset(&P, 0, sizeof(P));
	P.R = R;
	P.dir = R->o->rounds;
	P.budget = R->o->explore;
	gb_xs_init(S, R, R->o->seed);
	/*
	 * Every mTHP size, whatever this host offers: the plan must not
	 * depend on the machine it is made on.  A kernel without a size
	 * skips its candidates (skip records), which then score nothing.
	 */
	memcpy(S->mthp_kb, every_mthp, sizeof(every_mthp));
	S->nmthp = (int)GB_ARRAY_SIZE(every_mthp);

	/* Round 1: the fixed scenarios, then every pair of primitives (explore.c's shares). */
	for (i = 0; gb_scenarios[i]; i++) {
		struct gb_xcand *c;

		if (gb_scenarios[i] == &gb_scenario_recipe || !fits(&P, GB_XS_SEARCH_CALLS, P.budget / 2) ||
		    !(c = gb_xs_new(S)))
			continue;
		c->fixed = gb_scenarios[i];
		P.used += 2 * GB_XS_SEARCH_CALLS;
	}
	fixed_used = P.used;
	rest = P.budget - fixed_used;
	npairs = gb_xs_pairs(S, pairs);
	while (fits(&P, GB_XS_SEARCH_CALLS, fixed_used + rest / 2) &&
	       gb_xs_new_pair(S, pairs, npairs, &at, covered))
		P.used += 2 * GB_XS_SEARCH_CALLS;
	if (!S->n)
		gb_die(GB_EXIT_USAGE, "--explore %u: not one candidate fits (%d calls a candidate on each kernel)",
		       P.budget, GB_XS_SEARCH_CALLS);
	if (!round_of(&P, S->c, S->n, GB_XS_SEARCH_CALLS))
		return GB_EXIT_PASS;

	/* Round 2: local moves around the four largest, to 60% of the rest. */
	gb_xs_sort(S->c, S->n);
	first = S->n;
	while (fits(&P, GB_XS_SEARCH_CALLS, fixed_used + rest * 6 / 10)) {
		const struct gb_xcand *from = &S->c[gb_xs_rnd(S, first > 4 ? 4 : (unsigned)first)];
		struct gb_xcand *c = gb_xs_new(S);

		if (!c)
			break;
		gb_xs_mutate(S, from, c);
		P.used += 2 * GB_XS_SEARCH_CALLS;
	}
	if (S->n > first && !round_of(&P, S->c + first, S->n - first, GB_XS_SEARCH_CALLS))
		return GB_EXIT_PASS;
	gb_xs_sort(S->c, S->n);

	/* Round 3: the largest, each case once, on fresh calls. */
	for (i = 0; i < S->n && ntop < GB_XS_TOP && S->c[i].score > 0; i++) {
		int k;
		bool dup = false;

		for (k = 0; k < ntop; k++)
			dup |= top[k].metric == S->c[i].metric && gb_xs_same_case(&top[k], &S->c[i]);
		if (dup || !fits(&P, GB_XS_CONFIRM_CALLS, P.budget))
			continue;
		top[ntop++] = S->c[i];
		P.used += 2 * GB_XS_CONFIRM_CALLS;
	}
	if (ntop && !round_of(&P, top, ntop, GB_XS_CONFIRM_CALLS))
		return GB_EXIT_PASS;
	for (i = 0; i < ntop; i++)
		if (gb_xs_confirmed(S, &top[i])) {
			top[nfound] = top[i];
			shrinking[nfound++] = true;
		}

	/* Rounds 4 on: every finding's simpler forms at once; the first that keeps it wins. */
	for (int r = 0; r < MAX_SHRINK_ROUNDS; r++) {
		nmoves = 0;
		for (i = 0; i < nfound; i++) {
			struct gb_xcand m[2 * GB_RECIPE_MAX + 1];
			int n, k;

			if (!shrinking[i])
				continue;
			n = gb_xs_shrink_moves(&top[i], m, (int)GB_ARRAY_SIZE(m));
			for (k = 0; k < n && fits(&P, GB_XS_CONFIRM_CALLS, P.budget); k++) {
				moves[nmoves] = m[k];
				owner[nmoves++] = i;
				P.used += 2 * GB_XS_CONFIRM_CALLS;
			}
		}
		if (!nmoves)
			break;
		if (!round_of(&P, moves, nmoves, GB_XS_CONFIRM_CALLS))
			return GB_EXIT_PASS;
		for (i = 0; i < nfound; i++) {
			bool kept = false;
			int k;

			for (k = 0; k < nmoves && !kept; k++)
				if (owner[k] == i && gb_xs_same_difference(S, &moves[k], &top[i])) {
					top[i] = moves[k];
					kept = true;
				}
			if (!kept)
				shrinking[i] = false;
		}
	}
	return finish(&P, top, gb_xs_distinct(top, nfound));
}
