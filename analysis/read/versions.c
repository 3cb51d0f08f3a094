// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "jsonpath.h"
#include "versions.h"
#include "../../bench/lib/wasted.h"

/*
 * Keys added after a version first shipped.  Version 1 grew some of them
 * while it was current (files of that name exist with and without them);
 * version 2 has them all; version 3 adds what the pin itself caused;
 * version 4 moves a scenario's own results under scenario_data;
 * version 5 adds the isolated CPUs' counters and the spinners' gaps;
 * version 6 adds the envelope's design and the adaptive design's stop
 * records (an older file's design was fixed: --reps calls each).
 */
static const struct {
	const char *path;
	int since;
	const char *why;	/* the null reason in a file that lacks it */
} added[] = {
	{ "counters.works_run_other_node", 2, "not counted: the file predates the NUMA counters (schema 1)" },
	{ "counters.ipis_other_node", 2, "not counted: the file predates the NUMA counters (schema 1)" },
	{ "derived.wasted_drains_local", 2, NULL },
	{ "derived.wasted_drains_all", 2, NULL },
	{ "kernel.source", 2, NULL },
	{ "counters.works_queued_pin", 3, "not counted: the file predates the pin's own counts (schema 2 and older count the window's)" },
	{ "counters.ipis_pin", 3, "not counted: the file predates the pin's own counts (schema 2 and older count the window's)" },
	{ "counters.ipis_pin_drain_all", 3, "not counted: the file predates the pin's own counts (schema 2 and older count the window's)" },
	{ "scenario_data", 4, NULL },
	{ "counters.works_run_isolated", 5, "not counted: the file predates the isolated-CPU counters (schema 4 and older)" },
	{ "counters.ipis_isolated", 5, "not counted: the file predates the isolated-CPU counters (schema 4 and older)" },
	{ "counters.spinner_interruptions", 5, "not counted: the file predates the spinner (schema 4 and older)" },
	{ "spinner_gaps", 5, NULL },
	{ "spinner_gaps.gap_max_ns", 5, NULL },
	{ "counters.works_pin_isolated", 5, "not counted: the file predates the isolated-CPU counters (schema 4 and older)" },
	{ "counters.ipis_isolated_drain_all", 5, "not counted: the file predates the isolated-CPU counters (schema 4 and older)" },
	{ "load_watchdog", 5, NULL },
	{ "isolated_cpus", 5, NULL },
	{ "spinners", 5, NULL },
	{ "design", 6, NULL },
};

int gba_schema_version(const char *schema)
{
	if (!schema)
		return 0;
	if (!strcmp(schema, "gupbench-results/1"))
		return 1;
	if (!strcmp(schema, "gupbench-results/2"))
		return 2;
	if (!strcmp(schema, "gupbench-results/3"))
		return 3;
	if (!strcmp(schema, "gupbench-results/4"))
		return 4;
	if (!strcmp(schema, "gupbench-results/5"))
		return 5;
	if (!strcmp(schema, "gupbench-results/6"))
		return 6;
	return 0;
}

bool gba_absent_in(int version, const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(added) / sizeof(added[0]); i++)
		if (!strcmp(path, added[i].path))
			return version < added[i].since;
	return false;
}

static json_int_t int_at(json_t *rec, const char *path, bool *ok)
{
	json_t *v = gba_path(rec, path);

	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		*ok = false;
		return 0;
	}
	return json_integer_value(v);
}

static void set_null(json_t *rec, const char *obj, const char *key,
		     const char *path, const char *why)
{
	json_t *reasons = json_object_get(rec, "null_reasons");

	json_object_set_new(json_object_get(rec, obj), key, json_null());
	if (!json_is_object(reasons)) {
		reasons = json_object();
		json_object_set_new(rec, "null_reasons", reasons);
	}
	json_object_set_new(reasons, path, json_string(why));
}

/*
 * A schema 1 file counted the false-positive drains of a call in one
 * number (drains_false_positive: the local half of a local+all decision
 * always, each drain that removed nothing).  How many of them were
 * all-CPU drains follows from the policy's drain order where it leaves
 * one answer: only all-CPU drains (lru, refcount-all, always), only
 * local drains, or refcount's local-then-all where every local drain
 * had an all-CPU drain after it.
 */
static bool split_false_positives(json_t *rec, long long *local, long long *all)
{
	const char *policy = json_string_value(json_object_get(rec, "policy"));
	bool ok = true;
	json_int_t fp = int_at(rec, "counters.drains_false_positive", &ok);
	json_int_t tl = int_at(rec, "counters.tp_drains_local", &ok);
	json_int_t ta = int_at(rec, "counters.tp_drains_all", &ok);

	if (!ok)
		return false;
	*local = *all = -1;
	if (!fp) {
		*local = *all = 0;
	} else if (!tl) {
		*local = 0;
		*all = fp;
	} else if (!ta) {
		*local = fp;
		*all = 0;
	} else if (policy && !strcmp(policy, "refcount") && tl == ta) {
		*local = tl;
		*all = fp - tl;
	}
	return *local >= 0 && *all >= 0 && *local <= tl && *all <= ta;
}

static void upgrade_wasted(json_t *rec)
{
	json_t *derived = json_object_get(rec, "derived");
	const char *cls = json_string_value(json_object_get(derived, "classification"));
	long long local = -1, all = -1;
	bool ok = false, have_local, have_all;
	const char *why;

	have_local = json_object_get(derived, "wasted_drains_local") != NULL;
	have_all = json_object_get(derived, "wasted_drains_all") != NULL;
	if (!json_is_object(derived) || (have_local && have_all))
		return;
	if (cls && !strcmp(cls, "tracepoint")) {
		ok = split_false_positives(rec, &local, &all);
		why = "schema 1 file: its false-positive drains were counted together, and this policy's drain order does not say how many were all-CPU drains";
	} else if (cls && !strcmp(cls, "ground_truth")) {
		bool cnt = true;
		json_int_t l = int_at(rec, "counters.drains_local", &cnt);
		json_int_t a = int_at(rec, "counters.drains_all", &cnt);

		ok = cnt && json_is_boolean(json_object_get(derived, "drain_needed"));
		if (ok)
			gb_wasted_by_truth(json_is_true(json_object_get(derived, "drain_needed")),
					   (uint64_t)l, (uint64_t)a, &local, &all);
		why = "schema 1 file: no drain counts to split by cost";
	} else {
		why = "schema 1 file: the call's drains were not classified";
	}
	if (ok) {
		if (!have_local)
			json_object_set_new(derived, "wasted_drains_local", json_integer(local));
		if (!have_all)
			json_object_set_new(derived, "wasted_drains_all", json_integer(all));
		return;
	}
	if (!have_local)
		set_null(rec, "derived", "wasted_drains_local", "derived.wasted_drains_local", why);
	if (!have_all)
		set_null(rec, "derived", "wasted_drains_all", "derived.wasted_drains_all", why);
}

/*
 * Schema 3 and older wrote a scenario's results as a top-level object
 * named after it with '_' for '-' (null in other scenarios' records),
 * its outcome as "result": "ok" or "failed".  Schema 4 has them at
 * scenario_data.NAME, the outcome also as "failed": a boolean.
 */
static void upgrade_scenario_data(json_t *rec)
{
	const char *name = json_string_value(json_object_get(rec, "scenario"));
	char key[72], *c;
	json_t *old, *data;

	if (!name || json_object_get(rec, "scenario_data"))
		return;
	snprintf(key, sizeof(key), "%s", name);
	for (c = key; *c; c++)
		if (*c == '-')
			*c = '_';
	old = json_object_get(rec, key);
	if (!json_is_object(old)) {
		json_object_set_new(rec, "scenario_data", json_null());
		return;
	}
	if (!json_object_get(old, "failed") && json_is_true(json_object_get(old, "ran")) &&
	    json_is_string(json_object_get(old, "result")))
		json_object_set_new(old, "failed",
				    json_boolean(strcmp(json_string_value(json_object_get(old, "result")), "ok")));
	data = json_object();
	json_object_set(data, name, old);
	json_object_set_new(rec, "scenario_data", data);
	json_object_del(rec, key);
}

void gba_upgrade_sample(json_t *rec, int version)
{
	json_t *counters = json_object_get(rec, "counters");
	size_t i;

	if (version >= GBA_SCHEMA_NEWEST)
		return;
	if (version < 2)
		upgrade_wasted(rec);
	if (version < 4)
		upgrade_scenario_data(rec);
	for (i = 0; i < sizeof(added) / sizeof(added[0]); i++)
		if (added[i].why && !strncmp(added[i].path, "counters.", 9) &&
		    json_is_object(counters) && !json_object_get(counters, added[i].path + 9))
			set_null(rec, "counters", added[i].path + 9, added[i].path + 9,
				 added[i].why);
}
