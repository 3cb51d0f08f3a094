// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "summary.h"
#include "../lib/rank.h"

#define MAX_GROUPS	512

/* Per-call counters the table shows, in column order. */
static const enum gb_ctr shown[] = {
	GB_CTR_DRAINS_LOCAL, GB_CTR_DRAINS_ALL, GB_CTR_WORKS_QUEUED,
	GB_CTR_IPIS, GB_CTR_MIGRATED_OK, GB_CTR_MIGRATED_FAILED,
};

struct group {
	char key[160];
	int cpus;
	uint64_t *pin_ns;	/* counters-attached and detached alike */
	uint64_t *pin_ns_on, *pin_ns_off;
	size_t n, n_on, n_off, cap;
	size_t failed;
	size_t pages;
	double sum[GB_ARRAY_SIZE(shown)];
	size_t counted[GB_ARRAY_SIZE(shown)];
};

struct gb_summary {
	struct group g[MAX_GROUPS];
	int nr;
};

struct gb_summary *gb_summary_new(void)
{
	return calloc(1, sizeof(struct gb_summary));
}

void gb_summary_free(struct gb_summary *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < s->nr; i++) {
		free(s->g[i].pin_ns);
		free(s->g[i].pin_ns_on);
		free(s->g[i].pin_ns_off);
	}
	free(s);
}

static struct group *find_group(struct gb_summary *s,
				const struct gb_sample_rec *r)
{
	char key[160];
	int i;

	bool loaded = r->load && strcmp(r->load, "idle");

	/* A --load other than idle is a case of its own, as in gbstat. */
	char pin[24] = "";

	if (r->pinners > 1)
		snprintf(pin, sizeof(pin), "/pinners=%d", r->pinners);
	snprintf(key, sizeof(key), "%s/%s/%s%s%s%s%s%s", r->pinner, r->placement,
		 r->scenario, loaded ? "/load=" : "", loaded ? r->load : "", pin,
		 r->policy ? "/" : "", r->policy ? r->policy : "");
	for (i = 0; i < s->nr; i++)
		if (s->g[i].cpus == r->cpus && !strcmp(s->g[i].key, key))
			return &s->g[i];
	if (s->nr == MAX_GROUPS)
		return NULL;
	memcpy(s->g[s->nr].key, key, sizeof(key));
	s->g[s->nr].cpus = r->cpus;
	return &s->g[s->nr++];
}

static int push(uint64_t **arr, size_t *n, size_t cap, uint64_t v)
{
	uint64_t *p = realloc(*arr, cap * sizeof(**arr));

	if (!p)
		return -1;
	*arr = p;
	p[(*n)++] = v;
	return 0;
}

void gb_summary_add(struct gb_summary *s, const struct gb_sample_rec *r)
{
	struct group *g = find_group(s, r);
	size_t i;

	if (!g || r->rep < 0)
		return;
	if (g->n == g->cap)
		g->cap = g->cap ? g->cap * 2 : 16;
	if (push(&g->pin_ns, &g->n, g->cap, r->pin_ns))
		return;
	if (r->counters_attached)
		push(&g->pin_ns_on, &g->n_on, g->cap, r->pin_ns);
	else
		push(&g->pin_ns_off, &g->n_off, g->cap, r->pin_ns);
	g->failed += !r->res.ok;
	g->pages = r->size / (size_t)sysconf(_SC_PAGESIZE);
	for (i = 0; i < GB_ARRAY_SIZE(shown); i++) {
		const struct gb_count *c = &r->counts.c[shown[i]];

		if (c->valid) {
			g->sum[i] += (double)c->value;
			g->counted[i]++;
		}
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

uint64_t gb_percentile(const uint64_t *sorted, size_t n, double pct)
{
	return n ? sorted[gb_rank_index(n, pct)] : 0;
}

static double median_of(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return n ? (double)gb_percentile(v, n, 50) : NAN;
}

void gb_summary_print(const struct gb_summary *s, FILE *f)
{
	static const char *const heads[] = {
		"local/c", "all/c", "works/c", "ipis/c", "migr/c", "mfail/c" };
	bool overhead = false;
	int i;
	size_t k;

	fprintf(f, "\n%-44s %4s %4s %4s %10s %10s %10s %11s", "pinner/placement/scenario[/policy]",
		"cpus", "n", "fail", "med_us", "p90_us", "p99_us", "pages/s");
	for (k = 0; k < GB_ARRAY_SIZE(heads); k++)
		fprintf(f, " %8s", heads[k]);
	fputc('\n', f);
	for (i = 0; i < s->nr; i++) {
		struct group *g = (struct group *)&s->g[i];
		double med;

		qsort(g->pin_ns, g->n, sizeof(uint64_t), cmp_u64);
		med = (double)gb_percentile(g->pin_ns, g->n, 50);
		fprintf(f, "%-44s %4d %4zu %4zu %10.1f %10.1f %10.1f %11.0f",
			g->key, g->cpus, g->n, g->failed, med / 1e3,
			(double)gb_percentile(g->pin_ns, g->n, 90) / 1e3,
			(double)gb_percentile(g->pin_ns, g->n, 99) / 1e3,
			med > 0 ? (double)g->pages / (med / 1e9) : NAN);
		for (k = 0; k < GB_ARRAY_SIZE(shown); k++) {
			if (g->counted[k])
				fprintf(f, " %8.2f", g->sum[k] / (double)g->counted[k]);
			else
				fprintf(f, " %8s", "null");
		}
		fputc('\n', f);
		overhead |= g->n_on && g->n_off;
	}
	fprintf(f, "per call (/c) means; null = not counted on this kernel (reasons in the results file)\n");
	if (!overhead)
		return;
	fprintf(f, "\ncost of measuring (interleaved reps):\n");
	for (i = 0; i < s->nr; i++) {
		struct group *g = (struct group *)&s->g[i];
		double on, off;

		if (!g->n_on || !g->n_off)
			continue;
		on = median_of(g->pin_ns_on, g->n_on);
		off = median_of(g->pin_ns_off, g->n_off);
		fprintf(f, "%-36s median with counters %.1f us, without %.1f us, ratio %.4f\n",
			g->key, on / 1e3, off / 1e3, on / off);
	}
}
