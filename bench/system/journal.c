// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "allowed.h"
#include "../gb.h"
#include "journal.h"
#include "files.h"
#include "netlink.h"
#include "../lib/terminal.h"

static char recovered[GB_RECOVERED_MAX][512];
static int nr_recovered;

const char *gb_journal_dir(void)
{
	const char *d = getenv("GB_JOURNAL_DIR");

	return d && *d ? d : GB_JOURNAL_DIR_DEFAULT;
}

/* Field 22 of /proc/PID/stat, in clock ticks since boot; 0 if unknown. */
static unsigned long long start_time(int pid)
{
	char path[64], buf[1024], *p;
	unsigned long long v = 0;
	int field;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (gb_read_file(path, buf, sizeof(buf)) <= 0)
		return 0;
	/* The command name may hold spaces and ')': count after the last. */
	p = strrchr(buf, ')');
	for (field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p)
		v = strtoull(p + 1, NULL, 10);
	return v;
}

void gb_journal_owner_line(char *buf, size_t len)
{
	int pid = (int)getpid();

	snprintf(buf, len, "owner\t%d\t%llu\n", pid, start_time(pid));
}

/*
 * Gone: no process has the pid, or the one that has it started at
 * another time than the owner did (the pid was reused).
 */
static int owner_gone(int pid, const char *owner_line)
{
	unsigned long long start = 0;
	int owner_pid;

	if (pid == (int)getpid())
		return 0;
	if (kill(pid, 0) && errno == ESRCH)
		return 1;
	if (owner_line && sscanf(owner_line, "owner\t%d\t%llu", &owner_pid, &start) == 2 &&
	    start && start_time(pid) != start)
		return 1;
	return 0;
}

static void note_recovered(const char *fmt, const char *a, const char *b)
{
	if (nr_recovered < GB_RECOVERED_MAX)
		snprintf(recovered[nr_recovered++], sizeof(recovered[0]), fmt, a, b);
}

/* A journal is a few hundred bytes; anything near this is not one. */
#define JOURNAL_MAX	(64 * 1024)

struct record {
	enum gb_change_kind kind;
	const char *target, *old;
};

/*
 * Owned by root (or by this user, whose own privileges are all a file of
 * theirs could use) and writable by nobody else: a file in a folder that
 * others can write, or that others can write, could have been planted.
 */
static const char *untrusted(const struct stat *st)
{
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return "owned by another user";
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return "writable by others";
	return NULL;
}

int gb_journal_dir_trusted(char *err, size_t len)
{
	struct stat st;
	const char *why;

	if (lstat(gb_journal_dir(), &st))
		return errno == ENOENT ? 0 : (snprintf(err, len, "journal folder %s: %s",
						       gb_journal_dir(), strerror(errno)), -1);
	why = !S_ISDIR(st.st_mode) ? "not a folder (a link or a file)" : untrusted(&st);
	if (why) {
		snprintf(err, len, "journal folder %s is %s: a journal there could be planted, so gupbench neither reads nor writes one there (GB_JOURNAL_DIR names another)",
			 gb_journal_dir(), why);
		return -1;
	}
	return 0;
}

/* The whole file, or -1 with why in err; never blocks on a FIFO. */
static long read_journal(const char *path, char *buf, size_t size, char *err,
			 size_t len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	const char *why = NULL;
	struct stat st;
	size_t got = 0;
	ssize_t n;

	if (fd < 0) {
		snprintf(err, len, "%s: %s", path,
			 errno == ELOOP ? "a symbolic link, not a journal" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st))
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = S_ISDIR(st.st_mode) ? "a folder, not a journal" : "not a regular file";
	else if ((why = untrusted(&st)))
		;
	else if (st.st_size >= (off_t)size)
		why = "too long to be a journal";
	while (!why && (n = read(fd, buf + got, size - 1 - got)) != 0) {
		if (n < 0)
			why = strerror(errno);
		else
			got += (size_t)n;
		if (got == size - 1)
			why = "too long to be a journal";
	}
	close(fd);
	if (why) {
		snprintf(err, len, "%s: %s (journal kept)", path, why);
		return -1;
	}
	buf[got] = '\0';
	return (long)got;
}

/*
 * Lines into records, every one checked before any is undone: the owner
 * line first, then changes gupbench makes (bench/system/allowed.c).  Returns the
 * records, or -1 with the first bad line in err.
 */
static int parse_journal(const char *path, char *buf, struct record *rec,
			 int max, char *err, size_t len)
{
	char *line, *save = NULL;
	const char *why;
	int n = 0, lineno = 0;

	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
		int kind;

		if (++lineno == 1 && !strncmp(line, "owner\t", 6))
			continue;
		if (!tab1 || !tab2 || strchr(tab2 + 1, '\t')) {
			why = "not KIND<TAB>PATH<TAB>VALUE";
			goto bad;
		}
		*tab1 = *tab2 = '\0';
		kind = gb_change_kind_parse(line);
		if (kind < 0) {
			why = "an unknown kind of change";
			goto bad;
		}
		why = gb_change_refused(kind, tab1 + 1, kind != GB_CHANGE_MOUNT ? tab2 + 1 :
					tab2[1] ? tab2 + 1 : NULL);
		if (why)
			goto bad;
		if (n == max) {
			why = "more changes than gupbench ever journals";
			goto bad;
		}
		rec[n++] = (struct record){ kind, tab1 + 1, tab2 + 1 };
	}
	return n;
bad:
	snprintf(err, len, "%s line %d: %s; nothing in it was undone (journal kept)",
		 path, lineno, why);
	gb_text_clean(err);
	return -1;
}

/* One change undone: 0 (also when it is gone already) or -errno; what in what. */
static int undo(const struct record *r, char *what, size_t len)
{
	int e;

	switch (r->kind) {
	case GB_CHANGE_SET:
		snprintf(what, len, "set %s to %s", r->target, r->old);
		return gb_write_file(r->target, r->old);
	case GB_CHANGE_MOUNT:
		snprintf(what, len, "umount %s", r->target);
		return umount2(r->target, MNT_DETACH) && errno != EINVAL ? -errno : 0;
	case GB_CHANGE_NETDEV:
		snprintf(what, len, "delete netdev %s", r->target);
		e = gb_netdev_del(r->target, r->old);
		if (e == -EMEDIUMTYPE)
			snprintf(what, len, "delete netdev %s (it is not a %s, so not the one gupbench made: left alone)",
				 r->target, r->old);
		return e == -ENODEV ? 0 : e;
	}
	snprintf(what, len, "?");
	return -EINVAL;
}

/* Undo newest first; 0, or -1 with the first failure in err (journal kept). */
static int restore_journal(const char *path, const struct record *rec, int n,
			   FILE *log, char *err, size_t len)
{
	int failed = 0;

	while (n-- > 0) {
		char what[600];
		int e = undo(&rec[n], what, sizeof(what));

		fprintf(log, "gupbench: restore %s: %s\n", what, e ? strerror(-e) : "done");
		if (e && !failed++)
			snprintf(err, len, "%s: cannot %s: %s (journal kept)", path,
				 what, strerror(-e));
		if (!e)
			note_recovered("%s%s", what, "");
	}
	if (failed)
		return -1;
	if (unlink(path) && errno != ENOENT) {
		snprintf(err, len, "%s: restored, but cannot remove it: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int gb_journal_restore_stale(FILE *log, char *err, size_t len)
{
	static char buf[JOURNAL_MAX];
	static struct record rec[256];
	char path[1024];
	struct dirent *de;
	int restored = 0, failed = 0;
	DIR *d;

	if (gb_journal_dir_trusted(err, len))
		return -1;
	d = opendir(gb_journal_dir());
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char tail[16], why[1024];
		int pid, n, owned;

		if (sscanf(de->d_name, "%d.%15s", &pid, tail) != 2 ||
		    strcmp(tail, "journal") || pid <= 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", gb_journal_dir(), de->d_name);
		if (read_journal(path, buf, sizeof(buf), why, sizeof(why)) < 0)
			goto failed;
		owned = !strncmp(buf, "owner\t", 6);
		if (!owner_gone(pid, owned ? buf : NULL))
			continue;
		n = parse_journal(path, buf, rec, (int)GB_ARRAY_SIZE(rec), why, sizeof(why));
		if (n >= 0 && !restore_journal(path, rec, n, log, why, sizeof(why))) {
			restored++;
			continue;
		}
failed:
		if (!failed++)
			snprintf(err, len, "%s", why);
	}
	closedir(d);
	return failed ? -1 : restored;
}

void gb_journal_recover(void)
{
	char err[600];
	int n = gb_journal_restore_stale(stderr, err, sizeof(err));

	if (n < 0)
		gb_die(GB_EXIT_SKIP, "a dead gupbench run's change cannot be undone, so this run would measure under it: %s; fix that and run gupbench restore",
		       err);
	if (n > 0)
		gb_warn("put back what %d dead gupbench run(s) had changed before measuring (listed above and in the envelope's \"recovered\")",
			n);
}

int gb_journal_recovered(char (*out)[512], int max)
{
	int i;

	for (i = 0; i < nr_recovered && i < max; i++)
		snprintf(out[i], sizeof(out[i]), "%s", recovered[i]);
	return i;
}
