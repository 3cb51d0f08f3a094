// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "schema_example.h"
#include "verdict.h"
#include "../cases/cases.h"
#include "../lib/json.h"
#include "../output/record.h"

/*
 * A record with every part the emitter can write: the scans before and
 * after, vmstat, pin counts, every counter, the drain works.  Values are
 * zero: only the shape is the point.
 */
static void full_record(struct gb_sample_rec *r, const struct gb_scenario *sc,
			const void *priv)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->pinner = "example";
	r->placement = "example";
	r->scenario = sc->name;
	r->policy = "example";
	r->res.ok = true;
	r->longterm = true;
	r->before.pfns_visible = r->before.flags_visible = true;
	r->after_scanned = true;
	r->after.pfns_visible = r->after.flags_visible = true;
	r->unpin_timed = true;
	r->vmstat_valid = r->foll_pin_valid = true;
	r->want = GB_WHERE_NR;
	r->retry_ok = GB_UNKNOWN;
	r->truth = sc->truth;
	for (i = 0; i < GB_CTR_NR; i++)
		r->counts.c[i] = gb_count_of(0);
	r->counts.nr_iso = 1;
	r->counts.iso[0].spinner_tid = 1;
	r->nr_spinners = 1;
	r->spin[0].gaps_known = true;
	r->sc = sc;
	r->sc_priv = priv;
	gb_verdict_decide(r);
}

int gb_schema_example(FILE *f)
{
	static struct gb_sample_rec r;
	struct gb_json j;
	int i;

	gb_json_init(&j, f, false);
	for (i = 0; gb_scenarios[i]; i++) {
		const struct gb_scenario *sc = gb_scenarios[i];
		/* A zeroed state: what a call that measured nothing writes. */
		void *priv = sc->priv_size ? calloc(1, sc->priv_size) : NULL;

		if (sc->priv_size && !priv)
			return 1;
		full_record(&r, sc, priv);
		gb_emit_sample(&j, &r);
		free(priv);
		if (j.err)
			return 1;
	}
	return fflush(f) ? 1 : 0;
}
