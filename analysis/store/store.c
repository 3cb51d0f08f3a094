// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../read/regfile.h"
#include "../read/results.h"
#include "../read/validate.h"
#include "schema.h"
#include "store.h"

gba_db *gba_store_open(const char *path, bool create, char *err, size_t len)
{
	sqlite3 *db = NULL;
	struct stat st;
	char name[4096];

	if (!path || !*path) {
		snprintf(err, len, "--db: needs a file name, not ''");
		return NULL;
	}
	if (!stat(path, &st)) {
		if (!S_ISREG(st.st_mode)) {
			snprintf(err, len, "%s: not a regular file, so not a store", path);
			return NULL;
		}
	} else if (errno != ENOENT || !create) {
		snprintf(err, len, "%s: %s", path, errno == ENOENT ?
			 "no store there (gbstat import makes one)" : strerror(errno));
		return NULL;
	}
	/*
	 * A file name, never an SQLite URI or ":memory:" (a "store" that
	 * keeps nothing): a relative name is given as ./NAME.
	 */
	if (snprintf(name, sizeof(name), "%s%s", path[0] == '/' ? "" : "./", path) >= (int)sizeof(name)) {
		snprintf(err, len, "--db: the file name is too long");
		return NULL;
	}
	if (sqlite3_open_v2(name, &db, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
			    SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		snprintf(err, len, "%s: cannot open the store: %s", path,
			 db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	/* Two importers at once (a fleet's hosts) wait for each other. */
	sqlite3_busy_timeout(db, 30000);
	if (gba_schema_migrate(db, err, len)) {
		char why[512];

		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, len, "%s: %s", path, why);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

void gba_store_close(gba_db *db)
{
	sqlite3_close(db);
}

/* The whole file, NUL-terminated; NULL with err.  A FIFO is refused, not waited on. */
static char *slurp(const char *path, size_t *n, char *err, size_t len)
{
	FILE *f = gba_fopen_regular(path, GBA_MAX_FILE, false, err, len);
	struct stat st;
	char *buf;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st)) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	*n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	/* Grown since the fstat: not the file that was sized; read it again later. */
	if (buf && *n == (size_t)st.st_size && fgetc(f) != EOF)
		*n = 0;
	fclose(f);
	if (!buf || *n != (size_t)st.st_size) {
		snprintf(err, len, "%s: cannot read it whole (changed while read?)", path);
		free(buf);
		return NULL;
	}
	buf[*n] = '\0';
	return buf;
}

static void sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	int i;

	EVP_Digest(data, n, md, &mdlen, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void now_utc(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *str_or_null(json_t *o, const char *path)
{
	return json_string_value(gba_path(o, path));
}

/* Who ran it: asked, else the envelope's outside a VM, else this machine. */
static void host_of(json_t *env, const struct gba_import_opts *o, char *out, size_t len)
{
	const char *h = str_or_null(env, "host");

	if (o && o->host)
		snprintf(out, len, "%s", o->host);
	else if (h && json_is_null(json_object_get(env, "vm")) &&
		 !strstr(str_or_null(env, "kernel.cmdline") ? str_or_null(env, "kernel.cmdline") : "",
			 "gupbench.accel="))
		snprintf(out, len, "%s", h);
	else if (gethostname(out, len - 1))
		snprintf(out, len, "unknown");
	out[len - 1] = '\0';
}

struct run_facts {
	const char *source, *revision, *side;
	char host[256];
	char *policies;		/* as the calls ran them, sorted, comma-separated; NULL: none */
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The drain policies the run's calls ran under ("all" as swept, not as
 * typed), every one of them; NULL when none (or out of memory: -1).
 */
static int policies_of(const struct gba_results *r, char **out)
{
	const char **seen = NULL;
	size_t i, n = 0, k, len = 1;
	char *s;

	*out = NULL;
	for (i = 0; i < r->nr_calls; i++) {
		const char *p = r->calls[i].policy, **grown;

		for (k = 0; p && k < n && strcmp(seen[k], p); k++)
			;
		if (!p || k < n)
			continue;
		grown = realloc(seen, (n + 1) * sizeof(*seen));
		if (!grown) {
			free(seen);
			return -1;
		}
		seen = grown;
		seen[n++] = p;
		len += strlen(p) + 1;
	}
	if (!n)
		return 0;
	qsort(seen, n, sizeof(seen[0]), cmp_str);
	s = malloc(len);
	if (!s) {
		free(seen);
		return -1;
	}
	for (s[0] = '\0', k = 0; k < n; k++) {
		if (k)
			strcat(s, ",");
		strcat(s, seen[k]);
	}
	free(seen);
	*out = s;
	return 0;
}

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

/* Insert the run and its records; the caller holds the transaction. */
static int insert_run(sqlite3 *db, const char *sha, char *text, const struct gba_run *run,
		      json_t *env, const struct run_facts *f, size_t calls,
		      sqlite3_int64 *id, char *err, size_t len)
{
	static const char sql[] =
		"INSERT INTO runs(sha256, imported, source, host, fingerprint, release,"
		" kversion, cmdline, config_hash, started, accel, policies, calls,"
		" revision, side, kernel_source) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st = NULL, *rec = NULL;
	char imported[32], *line, *save = NULL;
	int rc, n = 0;

	now_utc(imported, sizeof(imported));
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		bind_text(st, 1, sha);
		bind_text(st, 2, imported);
		bind_text(st, 3, f->source);
		bind_text(st, 4, f->host);
		bind_text(st, 5, run->fingerprint);
		bind_text(st, 6, run->release);
		bind_text(st, 7, str_or_null(env, "kernel.version"));
		bind_text(st, 8, str_or_null(env, "kernel.cmdline"));
		bind_text(st, 9, str_or_null(env, "kernel.config_hash"));
		bind_text(st, 10, run->started);
		bind_text(st, 11, run->tcg ? "tcg" : "native-or-kvm");
		bind_text(st, 12, f->policies);
		sqlite3_bind_int64(st, 13, (sqlite3_int64)calls);
		bind_text(st, 14, f->revision);
		bind_text(st, 15, f->side);
		bind_text(st, 16, run->source);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		goto fail;
	*id = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(db, "INSERT INTO records(run_id, line, json) VALUES(?,?,?)",
			       -1, &rec, NULL) != SQLITE_OK)
		goto fail;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		sqlite3_reset(rec);
		sqlite3_bind_int64(rec, 1, *id);
		sqlite3_bind_int(rec, 2, ++n);
		sqlite3_bind_text(rec, 3, line, -1, SQLITE_STATIC);
		if (sqlite3_step(rec) != SQLITE_DONE) {
			sqlite3_finalize(rec);
			goto fail;
		}
	}
	sqlite3_finalize(rec);
	return 0;
fail:
	snprintf(err, len, "%s: cannot store it: %s", f->source, sqlite3_errmsg(db));
	return -1;
}

/* The run with this file's hash: its id, 0 when none, -1 on error. */
static sqlite3_int64 run_id_of(sqlite3 *db, const char *sha)
{
	sqlite3_stmt *st;
	sqlite3_int64 id = -1;

	if (sqlite3_prepare_v2(db, "SELECT id FROM runs WHERE sha256 = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW: id = sqlite3_column_int64(st, 0); break;
	case SQLITE_DONE: id = 0; break;
	}
	sqlite3_finalize(st);
	return id;
}

/*
 * A run stored before, met again (a file imported alone, then in its
 * gate's folder): what the store did not know of it is kept, nothing
 * it knew is changed.
 */
static int keep_what_is_new(sqlite3 *db, sqlite3_int64 id, const char *revision,
			    const char *side)
{
	sqlite3_stmt *st;
	int rc;

	if (!revision && !side)
		return 0;
	if (sqlite3_prepare_v2(db, "UPDATE runs SET revision = coalesce(revision, ?),"
			       " side = coalesce(side, ?) WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	bind_text(st, 1, revision);
	bind_text(st, 2, side);
	sqlite3_bind_int64(st, 3, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

/*
 * One results file: read by the strict reader first (a file it refuses
 * stores nothing), then stored unless its hash is there.  Returns 1 new,
 * 0 already there, -1 error; *id the run's.
 */
static int import_file(sqlite3 *db, const char *path, const struct gba_import_opts *o,
		       const char *revision, const char *side, sqlite3_int64 *id,
		       char sha[65], char *err, size_t len)
{
	struct gba_results r = { 0 };
	char *text, *first_nl;
	struct run_facts f = { .source = path, .revision = revision, .side = side };
	json_error_t jerr;
	json_t *env;
	size_t n;
	int rc;

	/* Read once: the reader checks the very bytes that are hashed and stored. */
	text = slurp(path, &n, err, len);
	if (!text)
		return -1;
	if (gba_load_text(&r, text, n, path, err, len)) {
		gba_free(&r);
		free(text);
		return -1;
	}
	sha256_hex(text, n, sha);
	*id = run_id_of(db, sha);
	if (*id != 0) {
		gba_free(&r);
		free(text);
		if (*id < 0 || keep_what_is_new(db, *id, revision, side)) {
			snprintf(err, len, "%s: %s", path, sqlite3_errmsg(db));
			return -1;
		}
		return 0;
	}
	first_nl = strchr(text, '\n');
	env = json_loadb(text, first_nl ? (size_t)(first_nl - text) : n, 0, &jerr);
	host_of(env, o, f.host, sizeof(f.host));
	if (policies_of(&r, &f.policies)) {
		snprintf(err, len, "%s: out of memory", path);
		json_decref(env);
		gba_free(&r);
		free(text);
		return -1;
	}
	rc = insert_run(db, sha, text, &r.runs[0], env, &f, r.nr_calls + (size_t)r.runs[0].excluded,
			id, err, len);
	free(f.policies);
	json_decref(env);
	gba_free(&r);
	free(text);
	return rc ? -1 : 1;
}

static int exec_sql(sqlite3 *db, const char *sql, char *err, size_t len)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	snprintf(err, len, "store: %s", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

static int import_gate(sqlite3 *db, const char *dir, const struct gba_import_opts *o,
		       char *err, size_t len);

int gba_store_import(gba_db *db, const char *path, const struct gba_import_opts *o,
		     char *err, size_t len)
{
	struct stat st;
	sqlite3_int64 id;
	char sha[65];
	int rc;

	if (stat(path, &st)) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return import_gate(db, path, o, err, len);
	if (exec_sql(db, "BEGIN IMMEDIATE", err, len))
		return -1;
	rc = import_file(db, path, o, o ? o->revision : NULL, NULL, &id, sha, err, len);
	if (rc < 0 || exec_sql(db, "COMMIT", err, len)) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return rc;
}

/*
 * A gate folder's kernels.tsv: the revision of TREE@REV for a side ("" when
 * the spec names none or there is no kernels.tsv); -1 when it is there but
 * not a regular file.
 */
static int gate_revision(const char *dir, const char *side, char *out, size_t olen,
			 char *err, size_t len)
{
	char path[4096], line[8192];
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/kernels.tsv", dir);
	f = gba_fopen_regular(path, 1 << 20, true, err, len);
	if (!f)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t'), *at;

		if (!tab || strncmp(line, side, (size_t)(tab - line)) || strlen(side) != (size_t)(tab - line))
			continue;
		/* The spec is the second column, whatever follows it (or not). */
		tab[1 + strcspn(tab + 1, "\t\r\n")] = '\0';
		at = strrchr(tab + 1, '@');
		if (at && at[1])
			snprintf(out, olen, "%s", at + 1);
	}
	fclose(f);
	return 0;
}

/* gate.txt's first line: "gate: VERDICT: ...". */
static int gate_verdict(const char *dir, char *verdict, size_t vlen, char *line, size_t llen,
			char *err, size_t len)
{
	char path[4096];
	FILE *f;
	char *colon;

	snprintf(path, sizeof(path), "%s/gate.txt", dir);
	f = gba_fopen_regular(path, 1 << 24, true, err, len);
	if (!f && errno != ENOENT)
		return -1;
	if (!f || !fgets(line, (int)llen, f) || strncmp(line, "gate: ", 6)) {
		snprintf(err, len, "%s: not a gate folder (no gate.txt starting with 'gate: ')", dir);
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	snprintf(verdict, vlen, "%s", line + 6);
	colon = strchr(verdict, ':');
	if (colon)
		*colon = '\0';
	return 0;
}

static int boot_file(const struct dirent *d)
{
	const char *n = d->d_name;
	size_t l = strlen(n);

	return (!strncmp(n, "base-", 5) || !strncmp(n, "cand-", 5)) && l > 6 &&
	       !strcmp(n + l - 6, ".jsonl");
}

/* A gate's folder: every boot's run, with its side and revision, and the verdict. */
static int import_gate(sqlite3 *db, const char *dir, const struct gba_import_opts *o,
		       char *err, size_t len)
{
	char verdict[64], line[2048], rev[2][128], path[4096], gate_sha[65], imported[32];
	sqlite3_int64 ids[256], gate_id;
	static char shas[256 * 64 + 2048 + 1];
	struct dirent **boots = NULL;
	sqlite3_stmt *st = NULL;
	int n, i, added = 0, rc;

	shas[0] = '\0';
	if (gate_verdict(dir, verdict, sizeof(verdict), line, sizeof(line), err, len))
		return -1;
	n = scandir(dir, &boots, boot_file, alphasort);
	if (n <= 0 || n > 256) {
		snprintf(err, len, "%s: a gate folder without its boots' results (base-N.jsonl, cand-N.jsonl)", dir);
		for (i = 0; i < n; i++)
			free(boots[i]);
		free(boots);
		return -1;
	}
	if (gate_revision(dir, "base", rev[0], sizeof(rev[0]), err, len) ||
	    gate_revision(dir, "cand", rev[1], sizeof(rev[1]), err, len) ||
	    exec_sql(db, "BEGIN IMMEDIATE", err, len)) {
		added = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		bool cand = !strncmp(boots[i]->d_name, "cand-", 5);
		char sha[65];

		snprintf(path, sizeof(path), "%s/%s", dir, boots[i]->d_name);
		rc = import_file(db, path, o, rev[cand][0] ? rev[cand] : NULL,
				 cand ? "cand" : "base", &ids[i], sha, err, len);
		if (rc < 0)
			goto rollback;
		added += rc;
		strcat(shas, sha);
	}
	strcat(shas, line);
	sha256_hex(shas, strlen(shas), gate_sha);
	now_utc(imported, sizeof(imported));
	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO gates(sha256, imported, source, verdict, line)"
			       " VALUES(?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
		goto sql_fail;
	bind_text(st, 1, gate_sha);
	bind_text(st, 2, imported);
	bind_text(st, 3, dir);
	bind_text(st, 4, verdict);
	bind_text(st, 5, line);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto sql_fail;
	if (sqlite3_prepare_v2(db, "SELECT id FROM gates WHERE sha256 = ?", -1, &st, NULL) != SQLITE_OK)
		goto sql_fail;
	bind_text(st, 1, gate_sha);
	gate_id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	for (i = 0; i < n && gate_id > 0; i++) {
		if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO gate_runs VALUES(?,?)", -1, &st, NULL) != SQLITE_OK)
			goto sql_fail;
		sqlite3_bind_int64(st, 1, gate_id);
		sqlite3_bind_int64(st, 2, ids[i]);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			goto sql_fail;
	}
	if (exec_sql(db, "COMMIT", err, len))
		goto rollback;
	goto out;
sql_fail:
	snprintf(err, len, "%s: cannot store the gate: %s", dir, sqlite3_errmsg(db));
rollback:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	added = -1;
out:
	for (i = 0; i < n; i++)
		free(boots[i]);
	free(boots);
	return added;
}
