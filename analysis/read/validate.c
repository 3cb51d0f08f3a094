// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "../metrics.h"
#include "validate.h"
#include "versions.h"

enum {
	T_NULL = 1, T_BOOL = 2, T_INT = 4, T_REAL = 8, T_STR = 16,
	T_OBJ = 32, T_ARR = 64,
	T_NAME = 128,		/* a string that passes gba_valid_name() */
	T_ABSENT = 256,		/* may be missing (added after files exist) */
	T_NONNEG = 512,		/* a count, time or size: never below 0 */
};
#define T_NUM	(T_INT | T_REAL)

struct rule {
	const char *path;	/* dotted; "x.*" is every member of object x */
	unsigned types;
};

static const struct rule envelope_rules[] = {
	{ "schema", T_STR }, { "tool", T_STR }, { "version", T_STR },
	{ "command_line", T_ARR }, { "started", T_STR },
	{ "host", T_STR | T_NULL | T_ABSENT },
	{ "kernel", T_OBJ }, { "kernel.release", T_STR },
	{ "kernel.cmdline", T_STR }, { "kernel.source", T_OBJ | T_NULL },
	{ "machine", T_OBJ }, { "machine.cpu_model", T_STR },
	{ "machine.topology", T_STR },
	{ "machine.page_size", T_INT | T_NULL | T_ABSENT },
	{ "layout", T_OBJ }, { "layout.zones", T_ARR },
	{ "counters", T_OBJ }, { "options", T_OBJ },
	{ "design", T_OBJ }, { "design.kind", T_STR | T_ABSENT },
	{ NULL, 0 },
};

static const struct rule sample_rules[] = {
	{ "seq", T_INT }, { "pinner", T_NAME }, { "placement", T_NAME },
	{ "scenario", T_NAME }, { "policy", T_NAME | T_NULL },
	{ "load", T_NAME | T_ABSENT }, { "pinners", T_INT | T_NONNEG | T_ABSENT },
	{ "cpus", T_INT | T_NONNEG }, { "rep", T_INT }, { "warmup", T_BOOL },
	{ "size", T_INT | T_NONNEG }, { "result", T_STR },
	{ "pages_pinned", T_INT | T_NULL | T_NONNEG }, { "pin_ns", T_INT | T_NULL | T_NONNEG },
	{ "unpin_ns", T_INT | T_NULL | T_NONNEG },
	{ "counters", T_OBJ }, { "counters.*", T_INT | T_NULL | T_NONNEG },
	{ "foll_pin", T_OBJ | T_NULL | T_ABSENT },
	/* A scenario's own results, under its name: null when it has none. */
	{ "scenario_data", T_OBJ | T_NULL }, { "scenario_data.*", T_OBJ },
	/* Verdicts, and the wasted drains counted by cost. */
	{ "derived", T_OBJ }, { "derived.*", T_BOOL | T_INT | T_STR | T_NULL },
	{ "derived.wasted_drains_local", T_INT | T_NULL | T_NONNEG },
	{ "derived.wasted_drains_all", T_INT | T_NULL | T_NONNEG },
	/* Isolated CPUs and spinners (schema 5): null where none. */
	{ "isolated_cpus", T_ARR | T_NULL }, { "spinners", T_ARR | T_NULL },
	{ "spinner_gaps", T_OBJ | T_NULL },
	{ "spinner_gaps.*", T_INT | T_NULL | T_NONNEG },
	{ NULL, 0 },
};

static const struct rule skip_rules[] = {
	{ "pinner", T_NAME | T_NULL }, { "placement", T_NAME | T_NULL },
	{ "scenario", T_NAME | T_NULL }, { "reason", T_STR },
	{ NULL, 0 },
};

/* Where an adaptive run stopped a combination (schema 6). */
static const struct rule stop_rules[] = {
	{ "pinner", T_NAME }, { "placement", T_NAME }, { "scenario", T_NAME },
	{ "cpus", T_INT | T_NONNEG }, { "calls", T_INT | T_NONNEG },
	{ "look", T_INT | T_NONNEG }, { "looks", T_INT | T_NONNEG },
	{ "reason", T_NAME }, { "why", T_STR },
	{ NULL, 0 },
};

/* What gupbench explore found, and its search (schema 6). */
static const struct rule finding_rules[] = {
	{ "rank", T_INT | T_NONNEG }, { "recipe", T_STR },
	{ "scenario", T_NAME | T_ABSENT }, { "pinner", T_NAME },
	{ "placement", T_NAME }, { "cpus", T_INT | T_NONNEG }, { "metric", T_STR },
	{ "base_policy", T_NAME }, { "cand_policy", T_NAME },
	{ "base", T_NUM }, { "cand", T_NUM }, { "base_calls", T_INT | T_NONNEG },
	{ "cand_calls", T_INT | T_NONNEG }, { "every_call", T_BOOL },
	{ "p", T_NUM | T_NULL }, { "reproduce", T_STR },
	{ NULL, 0 },
};

static const struct rule explore_rules[] = {
	{ "budget", T_INT | T_NONNEG }, { "calls", T_INT | T_NONNEG },
	{ "candidates", T_INT | T_NONNEG }, { "findings", T_INT | T_NONNEG },
	{ "alpha", T_NUM },
	{ NULL, 0 },
};

static const struct rule end_rules[] = {
	{ "samples", T_INT }, { "exit_code", T_INT },
	{ "sampling_complete", T_BOOL | T_NULL },
	{ "sampling", T_OBJ }, { "sampling.*", T_OBJ },
	{ NULL, 0 },
};

int gba_valid_name(const char *s)
{
	size_t n = strlen(s);

	return n && n <= 64 &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-") == n;
}

static unsigned type_of(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL: return T_NULL;
	case JSON_TRUE: case JSON_FALSE: return T_BOOL;
	case JSON_INTEGER: return T_INT;
	case JSON_REAL: return T_REAL;
	case JSON_STRING: return T_STR;
	case JSON_OBJECT: return T_OBJ;
	case JSON_ARRAY: return T_ARR;
	}
	return 0;
}

static const char *type_name(unsigned t)
{
	return t == T_NULL ? "null" : t == T_BOOL ? "a boolean" :
	       t == T_INT ? "an integer" : t == T_REAL ? "a real number" :
	       t == T_STR ? "a string" : t == T_OBJ ? "an object" : "an array";
}

static void expected(unsigned types, char *buf, size_t len)
{
	static const struct { unsigned t; const char *name; } names[] = {
		{ T_BOOL, "boolean" }, { T_INT, "integer" },
		{ T_REAL, "number" }, { T_STR, "string" },
		{ T_NAME, "name of [A-Za-z0-9_.+-]" }, { T_OBJ, "object" },
		{ T_ARR, "array" }, { T_NULL, "null" },
	};
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((types & names[i].t) && off < len)
			off += (size_t)snprintf(buf + off, len - off, "%s%s",
						off ? " or " : "", names[i].name);
}

static int check_value(const char *what, const char *path, json_t *v,
		       unsigned types, char *err, size_t len)
{
	unsigned t = type_of(v);
	char want[128];

	if ((types & T_NONNEG) && json_is_number(v) && json_number_value(v) < 0) {
		snprintf(err, len, "%s: %s is %g, below 0: a count, time or size cannot be",
			 what, path, json_number_value(v));
		return -1;
	}
	if (t == T_STR && (types & T_NAME) && gba_valid_name(json_string_value(v)))
		return 0;
	if (t == T_INT && (types & T_REAL))
		return 0;
	if (t & types & ~T_NAME)
		return 0;
	expected(types, want, sizeof(want));
	snprintf(err, len, "%s: %s is %s, expected %s", what, path,
		 t == T_STR && (types & T_NAME) ? "not a plain name" : type_name(t),
		 want);
	return -1;
}

static int check_rules(const char *what, json_t *rec, const struct rule *r,
		       int version, char *err, size_t len)
{
	for (; r->path; r++) {
		size_t l = strlen(r->path);
		char parent[128];
		const char *key;
		json_t *v, *obj;

		if (l > 2 && !strcmp(r->path + l - 2, ".*")) {
			snprintf(parent, sizeof(parent), "%.*s", (int)(l - 2), r->path);
			obj = gba_path(rec, parent);
			json_object_foreach(obj, key, v) {
				char path[256];

				snprintf(path, sizeof(path), "%s.%s", parent, key);
				if (check_value(what, path, v, r->types, err, len))
					return -1;
			}
			continue;
		}
		v = gba_path(rec, r->path);
		if (!v && ((r->types & T_ABSENT) || gba_absent_in(version, r->path)))
			continue;
		if (!v) {
			snprintf(err, len, "%s: no %s", what, r->path);
			return -1;
		}
		if (check_value(what, r->path, v, r->types, err, len))
			return -1;
	}
	return 0;
}

/*
 * scenario_data.NAME.FIELD belongs to the records of scenario NAME only
 * (schema 4 on; older files wrote it elsewhere, and the upgrade moves it).
 */
static bool other_scenarios(json_t *rec, int version, const char *path)
{
	const char *name = json_string_value(json_object_get(rec, "scenario"));
	const char *at, *dot;

	if (strncmp(path, "scenario_data.", strlen("scenario_data.")))
		return false;
	at = path + strlen("scenario_data.");
	dot = strchr(at, '.');
	return version < 4 || !name || !dot || strlen(name) != (size_t)(dot - at) ||
	       strncmp(name, at, (size_t)(dot - at));
}

/* Every key metrics.def reads must be there; null means not measured. */
static int check_metric_paths(json_t *rec, int version, char *err, size_t len)
{
	int m;

	for (m = 0; m < GBA_NR_METRICS; m++) {
		const char *paths[2] = { gba_metrics[m].num, gba_metrics[m].den };
		int k;

		for (k = 0; k < 2; k++) {
			json_t *v;

			if (!*paths[k] || paths[k][0] == '@' ||
			    other_scenarios(rec, version, paths[k]))
				continue;
			v = gba_path(rec, paths[k]);
			if (!v && gba_absent_in(version, paths[k]))
				continue;
			if (!v) {
				snprintf(err, len, "sample: no %s (metric %s)",
					 paths[k], gba_metrics[m].name);
				return -1;
			}
			if (check_value("sample", paths[k], v,
					T_NUM | T_BOOL | T_NULL, err, len))
				return -1;
		}
	}
	return 0;
}

/*
 * A finding's recipe, metric and command line reach the report and a
 * shell: plain characters only, and the command is gupbench's.
 */
static int check_finding(json_t *rec, char *err, size_t len)
{
	static const char *const plain[][2] = {
		{ "recipe", "abcdefghijklmnopqrstuvwxyz0123456789=:;" },
		{ "metric", "abcdefghijklmnopqrstuvwxyz0123456789_.@" },
		{ "reproduce", "abcdefghijklmnopqrstuvwxyz0123456789 ,=:;'/._-" },
	};
	size_t i;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		const char *v = json_string_value(json_object_get(rec, plain[i][0]));

		if (!v || strlen(v) > 560 || strspn(v, plain[i][1]) != strlen(v)) {
			snprintf(err, len, "finding: %s has characters a %s never has",
				 plain[i][0], i == 2 ? "gupbench command line" : "recipe or metric");
			return -1;
		}
	}
	/* The page state: a recipe's steps, or (with no steps) a fixed scenario. */
	if (!*json_string_value(json_object_get(rec, "recipe")) ==
	    !json_object_get(rec, "scenario")) {
		snprintf(err, len, "finding: needs either a recipe or a scenario");
		return -1;
	}
	if (strncmp(json_string_value(json_object_get(rec, "reproduce")), "gupbench run ", 13)) {
		snprintf(err, len, "finding: reproduce is not a gupbench run command line");
		return -1;
	}
	return 0;
}

int gba_validate(json_t *rec, int version, char *err, size_t len)
{
	const char *type = json_string_value(json_object_get(rec, "type"));
	const char *result;

	if (!type) {
		snprintf(err, len, "record has no \"type\" string");
		return -1;
	}
	if (!strcmp(type, "envelope"))
		return check_rules("envelope", rec, envelope_rules, version, err, len);
	if (!strcmp(type, "skip"))
		return check_rules("skip", rec, skip_rules, version, err, len);
	if (!strcmp(type, "end"))
		return check_rules("end", rec, end_rules, version, err, len);
	if (!strcmp(type, "stop") && version >= 6)
		return check_rules("stop", rec, stop_rules, version, err, len);
	if (!strcmp(type, "finding") && version >= 6)
		return check_rules("finding", rec, finding_rules, version, err, len) ||
		       check_finding(rec, err, len);
	if (!strcmp(type, "explore") && version >= 6)
		return check_rules("explore", rec, explore_rules, version, err, len);
	if (strcmp(type, "sample")) {
		snprintf(err, len, "unknown record type '%.40s'", type);
		return -1;
	}
	if (check_rules("sample", rec, sample_rules, version, err, len) ||
	    check_metric_paths(rec, version, err, len))
		return -1;
	/* A recipe's steps become part of its case's name: plain steps only. */
	if (!strcmp(json_string_value(json_object_get(rec, "scenario")), "recipe")) {
		const char *steps = json_string_value(gba_path(rec, "scenario_data.recipe.recipe"));

		if (!steps || !*steps || strlen(steps) > 150 ||
		    strspn(steps, "abcdefghijklmnopqrstuvwxyz0123456789=:;") != strlen(steps)) {
			snprintf(err, len, "sample: scenario_data.recipe.recipe is not a recipe's steps (a-z, 0-9, '=', ':', ';'; at most 150)");
			return -1;
		}
	}
	result = json_string_value(json_object_get(rec, "result"));
	if (strcmp(result, "ok") && strcmp(result, "failed") &&
	    strcmp(result, "short")) {
		snprintf(err, len, "sample: result '%.40s' is not ok, failed or short", result);
		return -1;
	}
	return 0;
}
