// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "results.h"
#include "../../bench/lib/fnv.h"
#include "../../bench/lib/terminal.h"
#include "validate.h"
#include "versions.h"
#include "regfile.h"



static double number_at(json_t *rec, const char *path)
{
	json_t *v;

	if (!path || !*path)
		return NAN;
	v = gba_path(rec, path);
	if (json_is_integer(v))
		return (double)json_integer_value(v);
	if (json_is_real(v))
		return json_real_value(v);
	if (json_is_boolean(v))
		return json_is_true(v) ? 1.0 : 0.0;
	return NAN;
}

static const char *str_at(json_t *obj, const char *path)
{
	const char *s = json_string_value(gba_path(obj, path));

	return s ? s : "";
}

/* The values metrics.def computes from several fields: "@failed" and "@pages_per_s". */
static double pin_failed(json_t *rec)
{
	return strcmp(str_at(rec, "result"), "ok") ? 1.0 : 0.0;
}

static double pages_per_s(json_t *rec)
{
	double ns = number_at(rec, "pin_ns"), pages = number_at(rec, "pages_pinned");

	return !strcmp(str_at(rec, "result"), "ok") && ns > 0 ? pages / (ns / 1e9) : NAN;
}

static const struct {
	const char *name;
	double (*fn)(json_t *rec);
} computed[] = {
	{ "@failed", pin_failed },
	{ "@pages_per_s", pages_per_s },
};

bool gba_computed_known(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(computed) / sizeof(computed[0]); i++)
		if (!strcmp(name, computed[i].name))
			return true;
	return false;
}

/* A path's number (null, absent or not a number: NaN), or a computed value. */
static double value(json_t *rec, const char *path)
{
	size_t i;

	if (path[0] != '@')
		return number_at(rec, path);
	for (i = 0; i < sizeof(computed) / sizeof(computed[0]); i++)
		if (!strcmp(path, computed[i].name))
			return computed[i].fn(rec);
	/* gba_metrics_check() refused unknown names when gbstat started. */
	return NAN;
}

/* The CPU model and topology whole, each with its NUL: "ab"+"c" != "a"+"bc". */
static uint64_t whole_hash(json_t *env)
{
	const char *model = str_at(env, "machine.cpu_model");
	const char *topo = str_at(env, "machine.topology");

	return gb_fnv1a(topo, strlen(topo) + 1,
			gb_fnv1a(model, strlen(model) + 1, GB_FNV_BASIS));
}

/*
 * Which source built the kernel, in one line: "built from Debian linux-source-6.12
 * 6.12.118-1 (sha256 1a2b3c4d5e6f), fragment 0a1b2c3d4e5f + 2 patch(es)"
 * (the envelope's kernel.source, bench/system/ksource.c), or why not.
 */
static void source_line(struct gba_run *run, json_t *env)
{
	json_t *k = gba_path(env, "kernel.source"), *patches;
	const char *kind = str_at(k, "kind"), *why = str_at(env, "kernel.source_reason");
	size_t off = 0, len = sizeof(run->source);

#define SRC_ADD(...) do {						\
		int n_ = snprintf(run->source + off, len - off, __VA_ARGS__);	\
		off = n_ < 0 ? off : off + (size_t)n_ < len ? off + (size_t)n_ : len - 1; \
	} while (0)
	run->source[0] = '\0';
	/* Another architecture than x86's says so first (the arm64 builds). */
	if (*str_at(env, "kernel.machine") && strcmp(str_at(env, "kernel.machine"), "x86_64"))
		SRC_ADD("%s, ", str_at(env, "kernel.machine"));
	if (!json_is_object(k)) {
		if (run->version < 2)
			SRC_ADD("its source not recorded (a schema %d file)", run->version);
		else
			SRC_ADD("its source not known (%s)", *why ? why : "no reason given");
	} else {
		SRC_ADD("built from ");
		if (!strcmp(kind, "tree"))
			SRC_ADD("%s @ %s", str_at(k, "tree"), str_at(k, "revision"));
		else if (!strcmp(kind, "image-file"))
			SRC_ADD("an image file");
		else
			SRC_ADD("Debian %s %s", str_at(k, "package"), str_at(k, "version"));
		if (*str_at(k, "sha256"))
			SRC_ADD(" (sha256 %.12s)", str_at(k, "sha256"));
		if (*str_at(k, "fragment_sha256"))
			SRC_ADD(", fragment %.12s", str_at(k, "fragment_sha256"));
		patches = json_object_get(k, "patches");
		if (json_array_size(patches))
			SRC_ADD(" + %zu patch(es)", json_array_size(patches));
	}
#undef SRC_ADD
	gb_text_clean(run->source);
}

static void fingerprint(struct gba_run *run, json_t *env)
{
	json_t *zones = gba_path(env, "layout.zones"), *z;
	long long present = 0, movable = 0, cma = 0;
	size_t i;

	snprintf(run->release, sizeof(run->release), "%s",
		 str_at(env, "kernel.release"));
	snprintf(run->kversion, sizeof(run->kversion), "%s",
		 str_at(env, "kernel.version"));
	snprintf(run->cpu_model, sizeof(run->cpu_model), "%s",
		 str_at(env, "machine.cpu_model"));
	snprintf(run->topology, sizeof(run->topology), "%s",
		 str_at(env, "machine.topology"));
	snprintf(run->started, sizeof(run->started), "%s", str_at(env, "started"));
	source_line(run, env);
	run->tcg = strstr(str_at(env, "kernel.cmdline"), "gupbench.accel=tcg") != NULL;
	if (!strcmp(str_at(env, "vm.accel"), "kvm") &&
	    (!strcmp(str_at(env, "vm.host_virtual"), "vm") ||
	     !strcmp(str_at(env, "vm.host_virtual"), "tcg")))
		snprintf(run->nested, sizeof(run->nested), "%s", str_at(env, "vm.host_virtual"));
	run->numa_nodes = (int)json_integer_value(gba_path(env, "machine.numa_nodes"));
	/*
	 * The machine and the memory the placements draw on.  How the
	 * rest is split into DMA/DMA32/Normal depends on the kernel's
	 * config, which a kernel-against-kernel gate changes on purpose.
	 */
	json_array_foreach(zones, i, z) {
		long long p = (long long)json_integer_value(json_object_get(z, "present"));

		present += p;
		if (!strcmp(str_at(z, "zone"), "Movable"))
			movable += p;
		cma += (long long)json_integer_value(json_object_get(z, "cma"));
	}
	/*
	 * The model and topology are cut to fit their fields for display;
	 * the comparison must see them whole: a hash of the whole strings
	 * ends the fingerprint.
	 */
	snprintf(run->fingerprint, sizeof(run->fingerprint),
		 "%s|%s|%s|pages:%lld|movable:%lld|cma:%lld|%016llx", run->cpu_model,
		 run->topology, run->tcg ? "tcg" : "native-or-kvm", present,
		 movable, cma, (unsigned long long)whole_hash(env));
}

/*
 * Each metric's factor from the unit the run recorded to the unit
 * metrics.def reports: counters' units from the envelope, every other
 * path's as metrics.def declares it (the schema's).  A unit that does
 * not fit is an error, not a silent factor of 1000.
 */
static int units(struct gba_run *run, json_t *env, int version, char *err, size_t len)
{
	int m;

	for (m = 0; m < GBA_NR_METRICS; m++) {
		const char *path = gba_metrics[m].num, *want = gba_metrics[m].unit;
		const char *have = NULL;
		char key[160];

		run->scale[m] = gba_metrics[m].scale;
		if (!strncmp(path, "counters.", 9)) {
			run->scale[m] = 1.0;
			snprintf(key, sizeof(key), "counters.%s.unit", path + 9);
			have = json_string_value(gba_path(env, key));
			if (!have && gba_absent_in(version, path))
				continue;
			if (!have) {
				snprintf(err, len, "envelope: no unit for %s (metric %s)",
					 path, gba_metrics[m].name);
				return -1;
			}
		}
		if (!have || !strcmp(have, want))
			continue;
		if (!strcmp(want, "us") && !strcmp(have, "ns")) {
			run->scale[m] = 1e-3;
			continue;
		}
		snprintf(err, len, "envelope: %s is in %s, metric %s is in %s",
			 path, have, gba_metrics[m].name, want);
		return -1;
	}
	return 0;
}

static void sampling(struct gba_run *run, json_t *end)
{
	json_t *s = json_object_get(end, "sampling"), *v;
	const char *src;
	size_t off = 0;

	if (json_is_true(json_object_get(end, "sampling_complete")))
		return;
	json_object_foreach(s, src, v) {
		json_int_t c = json_integer_value(json_object_get(v, "counted"));
		json_int_t n = json_integer_value(json_object_get(v, "sampled"));

		if (n < c && off < sizeof(run->lossy))
			off += (size_t)snprintf(run->lossy + off,
						sizeof(run->lossy) - off, "%s,", src);
	}
}

bool gba_lower_bound(const struct gba_run *run, enum gba_metric m)
{
	char buf[128], *save = NULL, *src, needle[96];

	snprintf(buf, sizeof(buf), "%s", gba_metrics[m].sources);
	for (src = strtok_r(buf, ",", &save); src; src = strtok_r(NULL, ",", &save)) {
		snprintf(needle, sizeof(needle), "%s,", src);
		if (strstr(run->lossy, needle))
			return true;
	}
	return false;
}

/*
 * Why a metric has no value in this call: gupbench's own reason for a
 * null counter (null_reasons), else that the record has none.  It
 * reaches terminals and Markdown: control characters are replaced.
 */
static void absent_reason(struct gba_run *run, json_t *rec, enum gba_metric m)
{
	const char *path = gba_metrics[m].num, *why = NULL;
	json_t *reasons = json_object_get(rec, "null_reasons");

	if (!strncmp(path, "counters.", 9))
		why = json_string_value(json_object_get(reasons, path + 9));
	else if (!strncmp(path, "derived.", 8))
		why = json_string_value(json_object_get(reasons, path));
	if (!why && !strncmp(path, "derived.", 8))
		why = "derived from drain counters this kernel did not count";
	snprintf(run->absent[m], sizeof(run->absent[m]), "%s",
		 why ? why : "no value recorded");
	gb_text_clean(run->absent[m]);
}

/* Policy names, each kept once for the life of the program (compared by pointer). */
static const char *intern(const char *s)
{
	static char **pool;
	static size_t n;
	char **grown, *copy;
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(pool[i], s))
			return pool[i];
	grown = realloc(pool, (n + 1) * sizeof(*pool));
	copy = strdup(s);
	if (!grown || !copy) {
		free(copy);
		if (grown)
			pool = grown;
		return NULL;
	}
	pool = grown;
	pool[n] = copy;
	return pool[n++];
}

static int add_call(struct gba_results *r, json_t *rec, int run)
{
	struct gba_call *c;
	const char *policy = json_string_value(json_object_get(rec, "policy"));
	const char *load;
	char pin[32] = "", scen[168];
	json_int_t pinners;
	int m;

	if (json_is_true(json_object_get(rec, "warmup")))
		return 0;
	/* Kept in the file, marked by gupbench; never averaged in. */
	if (json_is_false(json_object_get(rec, "conditions_met"))) {
		struct gba_run *ru = &r->runs[run];

		if (!ru->excluded++) {
			snprintf(ru->excluded_first, sizeof(ru->excluded_first), "%s",
				 str_at(rec, "conditions_missed"));
			/* It reaches a terminal: no control characters. */
			gb_text_clean(ru->excluded_first);
		}
		return 0;
	}
	if (r->nr_calls % 1024 == 0) {
		void *p = realloc(r->calls, (r->nr_calls + 1024) * sizeof(*c));

		if (!p)
			return -ENOMEM;
		r->calls = p;
	}
	c = &r->calls[r->nr_calls++];
	memset(c, 0, sizeof(*c));
	c->run = run;
	c->policy = policy ? intern(policy) : NULL;
	if (policy && !c->policy)
		return -ENOMEM;
	load = str_at(rec, "load");
	/* Loads are cases of their own: idle (or none recorded) adds nothing. */
	pinners = json_integer_value(json_object_get(rec, "pinners"));
	if (pinners > 1)
		snprintf(pin, sizeof(pin), "/pinners=%lld", (long long)pinners);
	/* A recipe's calls are a case each: the steps are the page state. */
	if (!strcmp(str_at(rec, "scenario"), "recipe"))
		snprintf(scen, sizeof(scen), "recipe[%.150s]",
			 str_at(rec, "scenario_data.recipe.recipe"));
	else
		snprintf(scen, sizeof(scen), "%s", str_at(rec, "scenario"));
	snprintf(c->key, sizeof(c->key), "%s/%s/%s/cpus=%lld/%lldK%s%s%s",
		 str_at(rec, "pinner"), str_at(rec, "placement"), scen,
		 (long long)json_integer_value(json_object_get(rec, "cpus")),
		 (long long)json_integer_value(json_object_get(rec, "size")) / 1024,
		 *load && strcmp(load, "idle") ? "/load=" : "",
		 *load && strcmp(load, "idle") ? load : "", pin);
	snprintf(c->pinner, sizeof(c->pinner), "%s", str_at(rec, "pinner"));
	snprintf(c->scenario, sizeof(c->scenario), "%s", str_at(rec, "scenario"));
	if (!strcmp(c->scenario, "recipe"))
		snprintf(c->recipe, sizeof(c->recipe), "%s", str_at(rec, "scenario_data.recipe.recipe"));
	snprintf(c->placement, sizeof(c->placement), "%s", str_at(rec, "placement"));
	c->cpus = (int)json_integer_value(json_object_get(rec, "cpus"));
	snprintf(c->load, sizeof(c->load), "%s", *load ? load : "idle");
	c->pinners = pinners > 1 ? (int)pinners : 1;
	c->spinners = (int)json_array_size(json_object_get(rec, "spinners"));
	snprintf(c->variant, sizeof(c->variant), "%s%s%s%s%s",
		 r->runs[run].label ? r->runs[run].label : "",
		 r->runs[run].label ? " " : "", r->runs[run].release,
		 policy ? "/" : "", policy ? policy : "");
	for (m = 0; m < GBA_NR_METRICS; m++) {
		c->num[m] = value(rec, gba_metrics[m].num) * r->runs[run].scale[m];
		c->den[m] = value(rec, gba_metrics[m].den);
		if (isnan(c->num[m]) && !r->runs[run].absent[m][0])
			absent_reason(&r->runs[run], rec, (enum gba_metric)m);
	}
	/*
	 * A load's watchdog where no load ran beside the call: false, and
	 * meaningless (a gated 0 against 0 in every idle case would only
	 * dilute the gate's family).
	 */
	if (!strcmp(c->load, "idle")) {
		c->num[GBA_LOAD_WATCHDOG] = NAN;
		snprintf(r->runs[run].absent[GBA_LOAD_WATCHDOG],
			 sizeof(r->runs[run].absent[0]),
			 "no --load ran beside the call: not applicable");
	}
	c->pin_ns = number_at(rec, "pin_ns");
	return 0;
}

/* One line as one JSON object; NUL bytes and overlong lines refused. */
static json_t *parse_line(const char *line, ssize_t n, const char *path,
			  long lineno, char *err, size_t len)
{
	json_error_t jerr;
	json_t *rec;

	if ((size_t)n > GBA_MAX_LINE) {
		snprintf(err, len, "%s:%ld: line longer than %u bytes: not a results file",
			 path, lineno, GBA_MAX_LINE);
		return NULL;
	}
	if (memchr(line, '\0', (size_t)n)) {
		snprintf(err, len, "%s:%ld: NUL byte: not a results file", path, lineno);
		return NULL;
	}
	rec = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &jerr);
	if (!rec || !json_is_object(rec)) {
		snprintf(err, len, "%s:%ld: not a JSON object (%s): truncated or not a results file",
			 path, lineno, rec ? "wrong type" : jerr.text);
		json_decref(rec);
		return NULL;
	}
	return rec;
}

/*
 * The order docs/results-schema.md gives: one envelope first, samples
 * and skips, one end last.  Anything else is two runs pasted together,
 * a damaged file or another program's.
 */
static int check_order(const char *type, long lineno, bool ended,
		       const char *path, char *err, size_t len)
{
	if (lineno == 1 && strcmp(type, "envelope")) {
		snprintf(err, len, "%s: not a gupbench results file (no envelope first)", path);
		return -1;
	}
	if (lineno > 1 && !strcmp(type, "envelope")) {
		snprintf(err, len, "%s:%ld: a second envelope: two runs in one file? give each run as its own file",
			 path, lineno);
		return -1;
	}
	if (ended) {
		snprintf(err, len, "%s:%ld: a record after the end record: two runs in one file? give each run as its own file",
			 path, lineno);
		return -1;
	}
	return 0;
}

/*
 * The envelope's design.  An adaptive one's looks are taken from the
 * file and its spending recomputed from them (lib/sequential.c): a file
 * cannot make its own looks cheaper.  Before schema 6 every design was
 * fixed.
 */
static int design(struct gba_run *run, json_t *env, char *err, size_t len)
{
	json_t *d = json_object_get(env, "design"), *v;
	char spec[128] = "", why[160];
	size_t i, at = 0;

	run->reps = (unsigned)json_integer_value(gba_path(env, "options.reps"));
	if (!d || strcmp(str_at(d, "kind"), "adaptive")) {
		if (d && strcmp(str_at(d, "kind"), "fixed") && strcmp(str_at(d, "kind"), "explore")) {
			snprintf(err, len, "design.kind '%.20s' is not fixed, adaptive or explore", str_at(d, "kind"));
			return -1;
		}
		if (json_is_integer(json_object_get(d, "reps")))
			run->reps = (unsigned)json_integer_value(json_object_get(d, "reps"));
		return 0;
	}
	json_array_foreach(json_object_get(d, "looks"), i, v) {
		if (!json_is_integer(v) || at + 24 > sizeof(spec)) {
			snprintf(err, len, "design.looks: not a short list of call counts");
			return -1;
		}
		at += (size_t)snprintf(spec + at, sizeof(spec) - at, "%s%lld", i ? "," : "",
				       (long long)json_integer_value(v));
	}
	if (gb_seq_parse(spec, &run->design, why, sizeof(why))) {
		snprintf(err, len, "design.looks: %s", why);
		return -1;
	}
	return 0;
}

static int add_stop(struct gba_run *run, json_t *rec)
{
	struct gba_stop *s = realloc(run->stops, (run->nr_stops + 1) * sizeof(*s));

	if (!s)
		return -1;
	run->stops = s;
	s = &s[run->nr_stops++];
	memset(s, 0, sizeof(*s));
	snprintf(s->pinner, sizeof(s->pinner), "%s", str_at(rec, "pinner"));
	snprintf(s->placement, sizeof(s->placement), "%s", str_at(rec, "placement"));
	snprintf(s->scenario, sizeof(s->scenario), "%s", str_at(rec, "scenario"));
	snprintf(s->reason, sizeof(s->reason), "%s", str_at(rec, "reason"));
	snprintf(s->why, sizeof(s->why), "%s", str_at(rec, "why"));
	gb_text_clean(s->why);
	s->cpus = (int)json_integer_value(json_object_get(rec, "cpus"));
	s->calls = (unsigned)json_integer_value(json_object_get(rec, "calls"));
	s->look = (int)json_integer_value(json_object_get(rec, "look")) - 1;
	return 0;
}

static int add_finding(struct gba_run *run, json_t *rec)
{
	struct gba_finding *f = realloc(run->findings, (run->nr_findings + 1) * sizeof(*f));
	json_t *p = json_object_get(rec, "p");

	if (!f)
		return -1;
	run->findings = f;
	f = &f[run->nr_findings++];
	memset(f, 0, sizeof(*f));
	f->rank = (int)json_integer_value(json_object_get(rec, "rank"));
	f->cpus = (int)json_integer_value(json_object_get(rec, "cpus"));
#define STR(field) snprintf(f->field, sizeof(f->field), "%s", str_at(rec, #field)); \
	gb_text_clean(f->field)
	STR(recipe);
	STR(pinner);
	if (json_is_string(json_object_get(rec, "scenario"))) {
		STR(scenario);
	}
	STR(placement);
	STR(metric);
	STR(base_policy);
	STR(cand_policy);
	STR(reproduce);
#undef STR
	f->base = json_number_value(json_object_get(rec, "base"));
	f->cand = json_number_value(json_object_get(rec, "cand"));
	f->p = json_is_number(p) ? json_number_value(p) : NAN;
	f->base_calls = (unsigned)json_integer_value(json_object_get(rec, "base_calls"));
	f->cand_calls = (unsigned)json_integer_value(json_object_get(rec, "cand_calls"));
	f->every_call = json_is_true(json_object_get(rec, "every_call"));
	return 0;
}

static void explore_done(struct gba_run *run, json_t *rec)
{
	run->explored = true;
	run->explore_budget = (unsigned)json_integer_value(json_object_get(rec, "budget"));
	run->explore_calls = (unsigned)json_integer_value(json_object_get(rec, "calls"));
	run->explore_candidates = (unsigned)json_integer_value(json_object_get(rec, "candidates"));
	run->explore_alpha = json_number_value(json_object_get(rec, "alpha"));
}

int gba_stop_look(const struct gba_run *run, const struct gba_call *c)
{
	size_t i;

	if (!run->design.nr_looks)
		return -1;
	for (i = 0; i < run->nr_stops; i++) {
		const struct gba_stop *s = &run->stops[i];

		if (s->cpus == c->cpus && !strcmp(s->pinner, c->pinner) &&
		    !strcmp(s->placement, c->placement) && !strcmp(s->scenario, c->scenario))
			return s->look >= 0 && s->look < run->design.nr_looks ? s->look
									       : run->design.nr_looks - 1;
	}
	/*
	 * No stop record: its calls ended without one (a call that could
	 * not be prepared skips the rest).  Nothing says how far it got, so
	 * its rows take the first look's share, the smallest: never a
	 * verdict the design did not earn.
	 */
	return 0;
}

/* One run from a stream, named path in messages. */
static int load_stream(struct gba_results *r, FILE *f, const char *path,
		       const char *label, char *err, size_t len)
{
	struct gba_run *run;
	json_t *rec = NULL, *end = NULL;
	char *line = NULL, why[512];
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int ret = -1, idx;

	run = realloc(r->runs, (size_t)(r->nr_runs + 1) * sizeof(*run));
	if (!run)
		goto out;
	r->runs = run;
	idx = r->nr_runs++;
	run = &r->runs[idx];
	memset(run, 0, sizeof(*run));
	snprintf(run->path, sizeof(run->path), "%s", path);
	run->label = label;

	while ((n = getline(&line, &cap, f)) > 0) {
		const char *type;

		lineno++;
		json_decref(rec);
		rec = parse_line(line, n, path, lineno, err, len);
		if (!rec)
			goto out;
		type = str_at(rec, "type");
		if (check_order(type, lineno, end != NULL, path, err, len))
			goto out;
		if (lineno == 1) {
			const char *schema = str_at(rec, "schema");

			run->version = gba_schema_version(schema);
			if (!run->version) {
				snprintf(err, len, "%s: schema '%.60s', this reads gupbench-results/1 to %s",
					 path, schema, GBA_SCHEMA);
				goto out;
			}
		}
		if (gba_validate(rec, run->version, why, sizeof(why))) {
			snprintf(err, len, "%s:%ld: %s", path, lineno, why);
			goto out;
		}
		if (lineno == 1) {
			fingerprint(run, rec);
			if (units(run, rec, run->version, why, sizeof(why)) ||
			    design(run, rec, why, sizeof(why))) {
				snprintf(err, len, "%s:1: %s", path, why);
				goto out;
			}
		} else if (!strcmp(type, "sample")) {
			/* An older file's record in the newest shape first. */
			gba_upgrade_sample(rec, run->version);
			if (add_call(r, rec, idx)) {
				snprintf(err, len, "%s:%ld: out of memory", path, lineno);
				goto out;
			}
		} else if (!strcmp(type, "finding")) {
			if (add_finding(run, rec)) {
				snprintf(err, len, "%s:%ld: out of memory", path, lineno);
				goto out;
			}
		} else if (!strcmp(type, "explore")) {
			explore_done(run, rec);
		} else if (!strcmp(type, "stop")) {
			if (add_stop(run, rec)) {
				snprintf(err, len, "%s:%ld: out of memory", path, lineno);
				goto out;
			}
		} else if (!strcmp(type, "end")) {
			end = json_incref(rec);
		}
	}
	if (ferror(f)) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!lineno) {
		snprintf(err, len, "%s: empty file", path);
		goto out;
	}
	if (!end) {
		snprintf(err, len, "%s: truncated: no end record after %ld lines", path, lineno);
		goto out;
	}
	sampling(run, end);
	if (run->excluded)
		fprintf(stderr, "gbstat: warning: %s: %zu call(s) missed their conditions and are left out of the statistics (first: %s)\n",
			path, run->excluded, run->excluded_first);
	ret = 0;
out:
	json_decref(rec);
	json_decref(end);
	free(line);
	return ret;
}

static int load_one(struct gba_results *r, const char *path,
		    const char *label, char *err, size_t len)
{
	FILE *f = gba_fopen_regular(path, GBA_MAX_FILE, false, err, len);
	int ret;

	if (!f)
		return -1;
	ret = load_stream(r, f, path, label, err, len);
	fclose(f);
	return ret;
}

int gba_load(struct gba_results *r, char *const *paths, int n,
	     const char *label, char *err, size_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (load_one(r, paths[i], label, err, len))
			return -1;
	return 0;
}

int gba_load_text(struct gba_results *r, const char *text, size_t n,
		  const char *name, char *err, size_t len)
{
	FILE *f;
	int ret;

	if (!n) {
		snprintf(err, len, "%s: empty file", name);
		return -1;
	}
	f = fmemopen((void *)text, n, "r");
	if (!f) {
		snprintf(err, len, "%s: %s", name, strerror(errno));
		return -1;
	}
	ret = load_stream(r, f, name, NULL, err, len);
	fclose(f);
	return ret;
}

void gba_free(struct gba_results *r)
{
	int i;

	for (i = 0; i < r->nr_runs; i++) {
		free(r->runs[i].stops);
		free(r->runs[i].findings);
	}
	free(r->runs);
	free(r->calls);
	memset(r, 0, sizeof(*r));
}
