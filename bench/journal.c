// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "gb.h"
#include "journal.h"
#include "sys.h"

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

/* Returns 0, or -1 with the first failure in err (journal kept). */
static int restore_journal(const char *path, char (*lines)[600], int n,
			   FILE *log, char *err, size_t len)
{
	int failed = 0;

	while (n-- > 0) {
		char *kind = strtok(lines[n], "\t\n");
		char *target = strtok(NULL, "\t\n");
		char *old = strtok(NULL, "\n");
		int e = 0;

		if (!kind || !target || !strcmp(kind, "owner"))
			continue;
		if (!strcmp(kind, "set"))
			e = gb_write_file(target, old ? old : "");
		else if (!strcmp(kind, "mount") && umount2(target, MNT_DETACH))
			e = errno == EINVAL ? 0 : -errno;	/* already gone */
		fprintf(log, "gupbench: restore %s %s%s%s: %s\n", kind, target,
			old ? " to " : "", old ? old : "",
			e ? strerror(-e) : "done");
		if (e && !failed++)
			snprintf(err, len, "%s: cannot %s %s%s%s: %s (journal kept)",
				 path, !strcmp(kind, "set") ? "set" : "unmount",
				 target, old ? " to " : "", old ? old : "",
				 strerror(-e));
		if (!e && !strcmp(kind, "set"))
			note_recovered("set %s to %s", target, old ? old : "");
		else if (!e)
			note_recovered("umount %s%s", target, "");
	}
	if (failed)
		return -1;
	return unlink(path) && errno != ENOENT ? -1 : 0;
}

int gb_journal_restore_stale(FILE *log, char *err, size_t len)
{
	static char lines[64][600];
	char path[1024];
	struct dirent *de;
	int restored = 0, failed = 0;
	DIR *d = opendir(gb_journal_dir());

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char tail[16], why[512];
		int pid, n = 0;
		FILE *f;

		if (sscanf(de->d_name, "%d.%15s", &pid, tail) != 2 ||
		    strcmp(tail, "journal"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", gb_journal_dir(), de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (n < 64 && fgets(lines[n], sizeof(lines[n]), f))
			n++;
		fclose(f);
		if (!owner_gone(pid, n && !strncmp(lines[0], "owner\t", 6) ? lines[0] : NULL))
			continue;
		if (restore_journal(path, lines, n, log, why, sizeof(why))) {
			if (!failed++)
				snprintf(err, len, "%s", why);
			continue;
		}
		restored++;
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
