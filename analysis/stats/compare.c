// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "groups.h"
#include "stats.h"
#include "verdicts.h"


static int check_fingerprints(const struct gba_results *a,
			      const struct gba_results *b, char *err,
			      size_t len)
{
	const struct gba_run *first = a->nr_runs ? &a->runs[0] : &b->runs[0];
	const struct gba_results *sides[2] = { a, b };
	int s, i;

	for (s = 0; s < 2; s++)
		for (i = 0; i < sides[s]->nr_runs; i++) {
			const struct gba_run *run = &sides[s]->runs[i];

			if (strcmp(first->fingerprint, run->fingerprint)) {
				snprintf(err, len, "fingerprints differ (%s: %s; %s: %s): pass --ignore-fingerprint to compare anyway",
					 first->path, first->fingerprint,
					 run->path, run->fingerprint);
				return -1;
			}
		}
	return 0;
}

static double rel_change(double a, double b)
{
	if (a == b)
		return 0;
	if (a == 0)
		return b > 0 ? INFINITY : -INFINITY;
	return (b - a) / fabs(a);
}

/* Times that are emulated: TCG, or KVM nested on a TCG host. */
static bool any_emulated(const struct gba_results *r)
{
	int i;

	for (i = 0; i < r->nr_runs; i++)
		if (r->runs[i].tcg || !strcmp(r->runs[i].nested, "tcg"))
			return true;
	return false;
}

static bool any_lower_bound(const struct gba_results *r, enum gba_metric m)
{
	int i;

	for (i = 0; i < r->nr_runs; i++)
		if (gba_lower_bound(&r->runs[i], m))
			return true;
	return false;
}

/* gupbench says "not applicable" where a metric has no meaning here. */
static bool not_applicable(const char *why)
{
	return strstr(why, "not applicable") != NULL;
}

/*
 * The share of the level an adaptive run's look may spend
 * (lib/sequential.h): the look its case stopped at, in each run the
 * row's calls came from.  Two runs (kernel against kernel) stopped each
 * on its own: the shares multiply (the union bound over every pair of
 * looks).  1 for a fixed design.
 */
static double look_share(const struct gba_group *ga, const struct gba_group *gb,
			 const struct gba_results *base, const struct gba_results *cand)
{
	const struct gba_run *ra = &base->runs[ga->run], *rb = &cand->runs[gb->run];
	int la = gba_stop_look(ra, ga->calls[0]), lb = gba_stop_look(rb, gb->calls[0]);
	double share = 1;

	if (la >= 0)
		share *= ra->design.spend[la];
	if (lb >= 0 && (ra != rb || la < 0))
		share *= rb->design.spend[lb];
	return share;
}

double gba_gate_p(const double *va, size_t na, const double *vb, size_t nb,
		  bool time, bool median, double share, const char **method)
{
	double p;

	/*
	 * Counts are exact: when every call on each side counted the same,
	 * the difference is certain and needs no test.  Times always vary.
	 */
	if (!time && gb_constant(va, na) && gb_constant(vb, nb)) {
		*method = "constant";
		return va[0] == vb[0] ? 1.0 : 0.0;
	}
	p = gba_perm_test(va, na, vb, nb, median ? gba_stat_median : gba_stat_mean,
			  GBA_PERM_ROUNDS, method) / share;
	return p > 1 ? 1 : p;
}

static void compare_metric(const struct gba_group *ga, const struct gba_group *gb,
			   const struct gba_results *base,
			   const struct gba_results *cand, enum gba_metric m,
			   double boots_share, struct gba_gate_row *r)
{
	const struct gba_metric_info *mi = &gba_metrics[m];
	gba_stat_fn stat = mi->kind == GBA_MEDIAN ? gba_stat_median : gba_stat_mean;

	r->key = ga->key;
	r->m = m;
	r->va = gba_values(ga, m, &r->na);
	r->vb = gba_values(gb, m, &r->nb);
	r->a = gba_stat(ga, m);
	r->b = gba_stat(gb, m);
	r->change = rel_change(r->a, r->b);
	r->n_needed = NAN;
	r->lo = r->hi = r->p = NAN;
	if (!r->na || !r->nb) {
		/*
		 * A primary metric never vanishes: it says why it is missing,
		 * unless it does not apply to the case on either side (the
		 * isolated-CPU metrics where no CPU is isolated).
		 */
		if (!r->na && !r->nb &&
		    not_applicable(base->runs[ga->run].absent[m]) &&
		    not_applicable(cand->runs[gb->run].absent[m]))
			return;
		if (gba_is_primary(mi)) {
			r->v = GBA_V_NOT_GATED_ABSENT;
			r->why = !r->na ? base->runs[ga->run].absent[m]
					: cand->runs[gb->run].absent[m];
			if (!r->why[0])
				r->why = "no value in any call";
			r->side = !r->na && !r->nb ? "on either side" :
				  !r->na ? "on base" : "on cand";
			r->method = "-";
		}
		return;
	}
	if (!gba_is_primary(mi))
		r->v = GBA_V_INFO;
	else if (mi->time && (any_emulated(base) || any_emulated(cand))) {
		r->v = GBA_V_NOT_GATED_TIME;
		r->why = "wall-clock times under emulation (TCG, or KVM nested on TCG)";
	} else if (mi->gate == GBA_PRIMARY_NATIVE && (any_emulated(base) || any_emulated(cand))) {
		r->v = GBA_V_NOT_GATED_TIME;
		r->why = "a count that follows vCPU timing under emulation (whether a wakeup needs an IPI); the drains' cost is gated as all-CPU drains and works";
	} else if (any_lower_bound(base, m) || any_lower_bound(cand, m)) {
		r->v = GBA_V_NOT_GATED_BOUND;
		r->why = "perf delivered fewer samples than it counted: the runs' sampling tally says which";
	} else
		r->gated = true;
	r->p = NAN;
	r->method = "-";
	if (!mi->time && gb_constant(r->va, r->na) && gb_constant(r->vb, r->nb)) {
		if (r->gated)
			r->p = gba_gate_p(r->va, r->na, r->vb, r->nb, false, false, 1,
					  &r->method);
		r->method = "constant";
		r->lo = r->hi = r->change;
		r->alo = r->ahi = r->b - r->a;
		return;
	}
	/* The test is for a verdict: none is given where nothing is gated. */
	if (r->gated)
		r->p = gba_gate_p(r->va, r->na, r->vb, r->nb, mi->time,
				  mi->kind == GBA_MEDIAN,
				  look_share(ga, gb, base, cand) * boots_share, &r->method);
	gba_bootstrap_rel(r->va, r->na, r->vb, r->nb, stat, GBA_BOOT_ROUNDS, &r->lo, &r->hi);
	if (mi->floor > 0)
		gba_bootstrap_abs(r->va, r->na, r->vb, r->nb, stat, GBA_BOOT_ROUNDS, &r->alo, &r->ahi);
}

/*
 * After Holm: a significant change beyond the threshold is a regression
 * or an improvement; "same" needs evidence, a significant change within
 * the threshold or a 95% interval inside +-threshold; anything else
 * could not be told apart with this many calls.
 */
static void decide(struct gba_gate_row *r, const struct gba_cmp_opts *o, double alpha_family)
{
	const struct gba_metric_info *mi = &gba_metrics[r->m];
	bool lower = mi->better == GBA_LOWER, worse, better, within, sig = r->p < o->alpha;
	/* A floor: the band is absolute, the larger of threshold x base and it. */
	double band = fmax(o->threshold * fabs(r->a), mi->floor), diff = r->b - r->a;
	double delta;

	if (mi->floor > 0) {
		worse = lower ? diff > band : diff < -band;
		better = lower ? diff < -band : diff > band;
		within = isfinite(r->alo) && isfinite(r->ahi) &&
			 r->alo >= -band && r->ahi <= band;
	} else {
		worse = lower ? r->change > o->threshold : r->change < -o->threshold;
		better = lower ? r->change < -o->threshold : r->change > o->threshold;
		within = isfinite(r->lo) && isfinite(r->hi) &&
			 r->lo >= -o->threshold && r->hi <= o->threshold;
	}
	if (sig && worse)
		r->v = GBA_V_REGRESSED;
	else if (sig && better)
		r->v = GBA_V_IMPROVED;
	else if ((sig && !worse && !better) || within)
		r->v = GBA_V_SAME;
	else
		r->v = GBA_V_INCONCLUSIVE;
	if (r->v != GBA_V_INCONCLUSIVE)
		return;
	/* To confirm the change seen, or to rule out one of the band's size. */
	delta = mi->floor > 0 ? (fabs(diff) > band ? fabs(diff) : band) :
		fabs(r->change) > o->threshold ? fabs(r->b - r->a)
					       : o->threshold * fabs(r->a);
	r->n_needed = gb_n_needed(r->va, r->na, r->vb, r->nb, delta,
				   alpha_family, gba_metrics[r->m].kind == GBA_MEDIAN);
}




static void free_rows(struct gba_gate_row *rows, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(rows[i].va);
		free(rows[i].vb);
	}
	free(rows);
}

/* Distinct drain policies among the calls (those kept by filter). */
static int policies(const struct gba_results *r, const char *filter)
{
	const char *seen[64];
	int n = 0, k;
	size_t i;

	for (i = 0; i < r->nr_calls; i++) {
		const char *p = r->calls[i].policy;

		if (!p || (filter && strcmp(p, filter)))
			continue;
		for (k = 0; k < n && seen[k] != p; k++)	/* interned */
			;
		if (k == n && n < 64)
			seen[n++] = p;
	}
	return n;
}

/*
 * How calls pair up: by case and policy where both sides ran policies,
 * by case alone where a policy was picked, or where one side has no
 * policy switch (a stock kernel) and the other ran only its default.
 */
static int key_mode(const struct gba_results *base, const struct gba_results *cand,
		    const struct gba_cmp_opts *o, enum gba_key_mode *mode,
		    char *err, size_t len)
{
	int na = policies(base, o->base_policy), nb = policies(cand, o->cand_policy);

	if (o->base_policy || o->cand_policy || (na <= 1 && nb <= 1 && !(na && nb)))
		*mode = GBA_KEY_CASE;
	else if (na && nb)
		*mode = GBA_KEY_CASE_POLICY;
	else {
		snprintf(err, len, "the %s runs have %d drain policies and the %s runs none: pick one with --%s-policy",
			 na ? "base" : "cand", na ? na : nb, na ? "cand" : "base",
			 na ? "base" : "cand");
		return -1;
	}
	return 0;
}


int gba_parse_require(const char *list, bool *flags, char *err, size_t len)
{
	char buf[256], *save = NULL, *name;
	int m, hit, hits;

	if (strlen(list) >= sizeof(buf) || !*list) {
		snprintf(err, len, "--require: give primary metric names, e.g. ipis,drains_all");
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", list);
	for (name = strtok_r(buf, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		for (m = 0, hits = 0, hit = -1; m < GBA_NR_METRICS; m++) {
			if (!gba_is_primary(&gba_metrics[m]))
				continue;
			if (!strcmp(gba_metrics[m].name, name)) {
				hits = 1, hit = m;
				break;
			}
			if (!strncmp(gba_metrics[m].name, name, strlen(name)))
				hits++, hit = m;
		}
		if (hits != 1) {
			char names[512] = "";
			size_t off = 0;

			for (m = 0; m < GBA_NR_METRICS; m++)
				if (gba_is_primary(&gba_metrics[m]) && off < sizeof(names))
					off += (size_t)snprintf(names + off, sizeof(names) - off,
								"%s%s", off ? ", " : "",
								gba_metrics[m].name);
			snprintf(err, len, "--require: '%.40s' %s (primary metrics: %s)",
				 name, hits ? "names more than one primary metric" :
				 "is not a primary metric", names);
			return -1;
		}
		flags[hit] = true;
	}
	return 0;
}

/* The first metric the user required that some case could not gate. */
static const char *required_unmet(const struct gba_gate_row *rows, size_t nr,
				  const bool *require)
{
	size_t i;
	int m;

	for (m = 0; require && m < GBA_NR_METRICS; m++) {
		bool seen = false;

		if (!require[m])
			continue;
		for (i = 0; i < nr; i++) {
			if (rows[i].m != (enum gba_metric)m)
				continue;
			seen = true;
			if (rows[i].v >= GBA_V_NOT_GATED_TIME)
				return gba_metrics[m].name;
		}
		if (!seen)
			return gba_metrics[m].name;
	}
	return NULL;
}




/*
 * Each case's decided rows relabelled by what its drains bought
 * (verdicts.c), and the cases counted by verdict.
 */
static int judge_cases(struct gba_gate_row *rows, size_t nr, size_t *cases)
{
	struct gba_vrow *t = calloc(nr + 1, sizeof(*t));
	size_t i, j;

	if (!t)
		return -1;
	for (i = 0; i < nr; i++)
		t[i] = (struct gba_vrow){ rows[i].key, rows[i].m, rows[i].a, rows[i].b, rows[i].v };
	/* A case's rows are together: compare_metric() made them in a row. */
	for (i = 0; i < nr; i = j) {
		for (j = i; j < nr && !strcmp(t[j].key, t[i].key); j++)
			;
		gba_bought(&t[i], j - i);
		cases[gba_case_verdict(&t[i], j - i)]++;
	}
	for (i = 0; i < nr; i++)
		rows[i].v = t[i].v;
	free(t);
	return 0;
}

/* Cases in x that y lacks: measured on one side only. */
static size_t one_sided(const struct gba_groups *x, struct gba_groups *y)
{
	size_t i, n = 0;

	for (i = 0; i < x->n; i++)
		n += !gba_find(y, x->g[i].key);
	return n;
}

int gba_gate_verdicts(const struct gba_judgement *g, struct gba_verdicts *t)
{
	size_t i;

	t->rows = calloc(g->nr + 1, sizeof(*t->rows));
	t->nr = 0;
	t->code = g->code;
	if (!t->rows)
		return -1;
	for (i = 0; i < g->nr; i++) {
		const struct gba_gate_row *r = &g->rows[i];

		t->rows[i] = (struct gba_vrow){ strdup(r->key), r->m, r->a, r->b, r->v };
		if (!t->rows[i].key) {
			gba_verdicts_free(t);
			return -1;
		}
		t->nr++;
	}
	return 0;
}

void gba_gate_free(struct gba_judgement *g)
{
	free_rows(g->rows, g->nr);
	gba_groups_free(&g->ga);
	gba_groups_free(&g->gb);
	memset(g, 0, sizeof(*g));
}

int gba_gate_judge(const struct gba_results *base, const struct gba_results *cand,
		   const struct gba_cmp_opts *o, struct gba_judgement *g, char *err, size_t len)
{
	enum gba_key_mode mode;
	struct gba_gate_row *rows;
	size_t nr = 0, i, ng = 0;
	double *p = NULL;
	int m;

	memset(g, 0, sizeof(*g));
	if (!o->ignore_fingerprint && check_fingerprints(base, cand, err, len))
		return 2;
	if (key_mode(base, cand, o, &mode, err, len))
		return 2;
	if (gba_group(base, o->base_policy, mode, &g->ga) ||
	    gba_group(cand, o->cand_policy, mode, &g->gb)) {
		snprintf(err, len, "out of memory");
		gba_gate_free(g);
		return 2;
	}
	rows = calloc(g->ga.n * GBA_NR_METRICS + 1, sizeof(*rows));
	for (i = 0; rows && i < g->ga.n; i++) {
		struct gba_group *b = gba_find(&g->gb, g->ga.g[i].key);

		for (m = 0; b && m < GBA_NR_METRICS; m++) {
			struct gba_gate_row *r = &rows[nr];

			compare_metric(&g->ga.g[i], b, base, cand, (enum gba_metric)m,
				       o->boots_share > 0 ? o->boots_share : 1, r);
			if ((r->na && r->nb) || r->v == GBA_V_NOT_GATED_ABSENT)
				nr++;
			else
				free(r->va), free(r->vb), memset(r, 0, sizeof(*r));
		}
	}
	g->rows = rows;
	g->nr = nr;
	if (!nr) {
		snprintf(err, len, rows ? "no case appears in both runs with data: nothing to compare"
					: "out of memory");
		gba_gate_free(g);
		return 2;
	}
	/* Holm over the primary metrics that can be gated, no others. */
	p = malloc(nr * sizeof(*p));
	if (!p) {
		snprintf(err, len, "out of memory");
		gba_gate_free(g);
		return 2;
	}
	for (i = 0; i < nr; i++)
		if (rows[i].gated)
			p[ng++] = rows[i].p;
	gba_holm(p, ng);
	for (i = 0, ng = 0; i < nr; i++)
		if (rows[i].gated)
			rows[i].p = p[ng++];
	for (i = 0; i < nr; i++)
		if (rows[i].gated)
			decide(&rows[i], o, o->alpha / (double)(ng ? ng : 1));
	free(p);
	if (judge_cases(rows, nr, g->cases)) {
		snprintf(err, len, "out of memory");
		gba_gate_free(g);
		return 2;
	}
	for (i = 0; i < nr; i++)
		g->count[rows[i].v]++;
	g->ng = ng;
	g->lonely = one_sided(&g->ga, &g->gb) + one_sided(&g->gb, &g->ga);
	g->unmet = required_unmet(rows, nr, o->require);
	if (g->count[GBA_V_REGRESSED])
		g->code = 1;
	else if (g->count[GBA_V_INCONCLUSIVE] || g->lonely || !ng || g->unmet)
		g->code = 3;
	else
		g->code = 0;
	return 0;
}
