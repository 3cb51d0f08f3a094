// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "stats.h"

struct gba_group *gba_find(struct gba_groups *g, const char *key)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(g->g[i].key, key))
			return &g->g[i];
	return NULL;
}

int gba_group(const struct gba_results *r, const char *policy,
	      enum gba_key_mode mode, struct gba_groups *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < r->nr_calls; i++) {
		struct gba_call *c = &r->calls[i];
		struct gba_group *g;
		char key[400];

		if (policy && (!c->policy || strcmp(c->policy, policy)))
			continue;
		if (mode == GBA_KEY_CASE_VARIANT)
			snprintf(key, sizeof(key), "%s %s", c->key, c->variant);
		else if (mode == GBA_KEY_CASE_POLICY && c->policy)
			snprintf(key, sizeof(key), "%s/%s", c->key, c->policy);
		else
			snprintf(key, sizeof(key), "%s", c->key);
		g = gba_find(out, key);
		if (!g) {
			void *p = realloc(out->g, (out->n + 1) * sizeof(*g));

			if (!p)
				return -1;
			out->g = p;
			g = &out->g[out->n++];
			memset(g, 0, sizeof(*g));
			snprintf(g->key, sizeof(g->key), "%s", key);
			snprintf(g->variant, sizeof(g->variant), "%s", c->variant);
			g->run = c->run;
		}
		g->calls = realloc(g->calls, (g->n + 1) * sizeof(*g->calls));
		if (!g->calls)
			return -1;
		g->calls[g->n++] = c;
	}
	return 0;
}

void gba_groups_free(struct gba_groups *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->g[i].calls);
	free(g->g);
	memset(g, 0, sizeof(*g));
}

double *gba_values(const struct gba_group *g, enum gba_metric m, size_t *n)
{
	double *v = malloc((g->n + 1) * sizeof(*v));
	size_t i;

	*n = 0;
	if (!v)
		return NULL;
	for (i = 0; i < g->n; i++) {
		double num = g->calls[i]->num[m], den = g->calls[i]->den[m];

		if (gba_metrics[m].kind == GBA_RATIO) {
			if (isnan(num) || isnan(den) || den <= 0)
				continue;
			num /= den;
		}
		if (!isnan(num))
			v[(*n)++] = num;
	}
	return v;
}

double gba_stat(const struct gba_group *g, enum gba_metric m)
{
	double num = 0, den = 0, s;
	size_t i, n;
	double *v;

	if (gba_metrics[m].kind == GBA_RATIO) {
		for (i = 0; i < g->n; i++) {
			double a = g->calls[i]->num[m], b = g->calls[i]->den[m];

			if (!isnan(a) && !isnan(b)) {
				num += a;
				den += b;
			}
		}
		return den > 0 ? num / den : NAN;
	}
	v = gba_values(g, m, &n);
	s = gba_metrics[m].kind == GBA_MEDIAN ? gba_percentile(v, n, 50)
					  : gba_mean(v, n);
	free(v);
	return s;
}
