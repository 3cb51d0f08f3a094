// SPDX-License-Identifier: GPL-2.0
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "select.h"

/*
 * Each key: the SQL it adds, with one or two "?" for the value (bound,
 * never spliced: a selector is data).
 */
static const struct {
	const char *key, *sql;
	int binds;
} keys[] = {
	{ "id", " AND id = ?", 1 },
	{ "kernel", " AND release = ?", 1 },
	{ "host", " AND host = ?", 1 },
	/* Exact membership of the policies the run swept (no LIKE: no wildcards, case kept). */
	{ "policy", " AND instr(',' || coalesce(policies, '') || ',', ',' || ? || ',') > 0", 1 },
	{ "revision", " AND substr(revision, 1, length(?)) = ?", 2 },
	{ "side", " AND side = ?", 1 },
	{ "gate", " AND id IN (SELECT run_id FROM gate_runs WHERE gate_id = ?)", 1 },
	{ "accel", " AND accel = ?", 1 },
	{ "machine", " AND instr(fingerprint, ?) > 0", 1 },
	{ "since", " AND started >= ?", 1 },
	{ "until", " AND started < ?", 1 },
};

#define MAX_PARTS	16

struct part {
	int key;
	char value[256];
};

#define KEYS "id, kernel, host, machine, policy, revision, side, gate, accel, since, until"

/* since=/until=: a date (2026-02-01) or a UTC time (2026-02-01T10:00:00Z) that exists. */
static bool valid_time(const char *v)
{
	struct tm tm;
	const char *end;
	char back[32];

	memset(&tm, 0, sizeof(tm));
	end = strptime(v, strlen(v) == 10 ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end || (strlen(v) != 10 && strlen(v) != 20))
		return false;
	/* strptime takes 2026-02-31: the date must print back as given. */
	tm.tm_isdst = 0;
	if (timegm(&tm) == (time_t)-1)
		return false;
	strftime(back, sizeof(back), strlen(v) == 10 ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
	return !strcmp(back, v);
}

static int check_value(const char *selector, const char *key, const char *v,
		       char *err, size_t len)
{
	if ((!strcmp(key, "since") || !strcmp(key, "until")) && !valid_time(v)) {
		snprintf(err, len, "selector '%.60s': %s='%.40s' is not a date (2026-02-01) or a UTC time (2026-02-01T10:00:00Z)",
			 selector, key, v);
		return -1;
	}
	if ((!strcmp(key, "id") || !strcmp(key, "gate")) && strspn(v, "0123456789") != strlen(v)) {
		snprintf(err, len, "selector '%.60s': %s='%.40s' is not a number", selector, key, v);
		return -1;
	}
	/* Policy names are lower case and '-' (bench/system/policies.def). */
	if (!strcmp(key, "policy") && strspn(v, "abcdefghijklmnopqrstuvwxyz-") != strlen(v)) {
		snprintf(err, len, "selector '%.60s': policy='%.40s' is not a policy name", selector, v);
		return -1;
	}
	return 0;
}

/* KEY=VALUE[,KEY=VALUE...]: every part whole; an empty part is an error, never "all". */
static int parse(const char *selector, struct part *parts, int *n, char *err, size_t len)
{
	char buf[2048], *tok, *next;
	size_t k;

	*n = 0;
	if (!strcmp(selector, "all"))
		return 0;
	if (strlen(selector) >= sizeof(buf) || !*selector) {
		snprintf(err, len, "selector '%.60s': empty or too long", selector);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", selector);
	for (tok = buf; tok; tok = next) {
		char *eq;

		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		eq = strchr(tok, '=');
		if (!eq || eq == tok || !eq[1] || *n == MAX_PARTS) {
			snprintf(err, len, "selector '%.60s': '%.40s' is not KEY=VALUE (keys: " KEYS "; or all)",
				 selector, tok);
			return -1;
		}
		*eq = '\0';
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (!strcmp(tok, keys[k].key))
				break;
		if (k == sizeof(keys) / sizeof(keys[0])) {
			snprintf(err, len, "selector '%.60s': no key '%.40s' (keys: " KEYS ")",
				 selector, tok);
			return -1;
		}
		if (strlen(eq + 1) >= sizeof(parts[*n].value)) {
			snprintf(err, len, "selector '%.60s': the value of %s is too long", selector, tok);
			return -1;
		}
		if (check_value(selector, tok, eq + 1, err, len))
			return -1;
		parts[*n].key = (int)k;
		snprintf(parts[*n].value, sizeof(parts[*n].value), "%s", eq + 1);
		(*n)++;
	}
	return 0;
}

/*
 * The selections whose files exist, for a signal to remove them: a
 * SIGTERM during summary --db must not leave a copy of the runs (100 MB
 * and more) in TMPDIR.  Changed only with those signals blocked, so the
 * handler never sees a selection half made.
 */
#define MAX_LIVE	256
static struct gba_selection *live[MAX_LIVE];
static int nr_live;
static const int cleanup_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };

static void remove_live(int sig)
{
	int i, k;

	for (i = 0; i < nr_live; i++) {
		for (k = 0; k < live[i]->n; k++)
			unlink(live[i]->paths[k]);
		if (live[i]->dir[0])
			rmdir(live[i]->dir);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void block(bool on, sigset_t *old)
{
	sigset_t set;
	size_t i;

	if (!on) {
		sigprocmask(SIG_SETMASK, old, NULL);
		return;
	}
	sigemptyset(&set);
	for (i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++)
		sigaddset(&set, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void track(struct gba_selection *s)
{
	static bool installed;
	size_t i;

	if (!installed) {
		for (i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++)
			signal(cleanup_signals[i], remove_live);
		installed = true;
	}
	if (nr_live < MAX_LIVE)
		live[nr_live++] = s;
}

static void untrack(struct gba_selection *s)
{
	int i;

	for (i = 0; i < nr_live; i++)
		if (live[i] == s) {
			live[i] = live[--nr_live];
			return;
		}
}

/* A run's records, in order, into a file of its own. */
static int write_run(sqlite3 *db, long long id, const char *path, char *err, size_t len)
{
	sqlite3_stmt *st;
	FILE *f = fopen(path, "w");
	int rc = -1;

	if (!f) {
		snprintf(err, len, "%s: cannot write", path);
		return -1;
	}
	if (sqlite3_prepare_v2(db, "SELECT json FROM records WHERE run_id = ? ORDER BY line",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(f, "%s\n", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		rc = 0;
	}
	if (fclose(f) || rc) {
		snprintf(err, len, "run %lld: cannot take it out of the store: %s", id, sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static int select_into(gba_db *db, const char *selector, struct gba_selection *s,
		       char *err, size_t len)
{
	struct part parts[MAX_PARTS];
	char sql[4096] = "SELECT id FROM runs WHERE 1";
	const char *tmp = getenv("TMPDIR");
	sqlite3_stmt *st;
	int n, i, b = 1;

	memset(s, 0, sizeof(*s));
	if (parse(selector, parts, &n, err, len))
		return -1;
	for (i = 0; i < n; i++)
		strncat(sql, keys[parts[i].key].sql, sizeof(sql) - strlen(sql) - 1);
	strncat(sql, " ORDER BY started, id", sizeof(sql) - strlen(sql) - 1);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, len, "store: %s", sqlite3_errmsg(db));
		return -1;
	}
	for (i = 0; i < n; i++) {
		int k;

		for (k = 0; k < keys[parts[i].key].binds; k++)
			sqlite3_bind_text(st, b++, parts[i].value, -1, SQLITE_STATIC);
	}
	snprintf(s->dir, sizeof(s->dir), "%s/gbstat-select-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(s->dir)) {
		snprintf(err, len, "cannot make a temporary folder in %s", tmp && *tmp ? tmp : "/tmp");
		sqlite3_finalize(st);
		s->dir[0] = '\0';
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		char path[512];

		s->paths = realloc(s->paths, sizeof(*s->paths) * (size_t)(s->n + 1));
		s->ids = realloc(s->ids, sizeof(*s->ids) * (size_t)(s->n + 1));
		snprintf(path, sizeof(path), "%s/run-%lld.jsonl", s->dir, id);
		if (!s->paths || !s->ids || !(s->paths[s->n] = strdup(path))) {
			snprintf(err, len, "out of memory");
			sqlite3_finalize(st);
			return -1;
		}
		s->ids[s->n++] = id;
		if (write_run(db, id, path, err, len)) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	if (!s->n) {
		snprintf(err, len, "selector '%.100s': no run in the store matches", selector);
		return -1;
	}
	return 0;
}

int gba_select(gba_db *db, const char *selector, struct gba_selection *s,
	       char *err, size_t len)
{
	sigset_t old;
	int rc;

	block(true, &old);
	memset(s, 0, sizeof(*s));
	track(s);
	rc = select_into(db, selector, s, err, len);
	block(false, &old);
	return rc;
}

void gba_selection_free(struct gba_selection *s)
{
	sigset_t old;
	int i;

	block(true, &old);
	untrack(s);

	for (i = 0; i < s->n; i++) {
		unlink(s->paths[i]);
		free(s->paths[i]);
	}
	if (s->dir[0])
		rmdir(s->dir);
	free(s->paths);
	free(s->ids);
	memset(s, 0, sizeof(*s));
	block(false, &old);
}
