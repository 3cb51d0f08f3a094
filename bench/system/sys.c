// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "allowed.h"
#include "../gb.h"
#include "journal.h"
#include "netlink.h"
#include "sys.h"

#define TRACEFS_MAGIC	0x74726163
#define DEBUGFS_MAGIC	0x64626720
#define GB_CHANGES_MAX	32

struct change {
	enum gb_change_kind kind;
	char path[256];
	char old[256];
	char new[256];
};

/* Static storage: the signal handler must not allocate. */
static struct change changes[GB_CHANGES_MAX];
static volatile sig_atomic_t nr_changes;
static char journal_path[512];

/* Every change made over the run, restored or not, for the end record. */
#define GB_HISTORY_MAX	64
static char history[GB_HISTORY_MAX][512];
static int nr_history;

static void remember(const char *fmt, const char *a, const char *b, const char *c)
{
	int i;

	if (nr_history == GB_HISTORY_MAX)
		return;
	snprintf(history[nr_history], sizeof(history[0]), fmt, a, b, c);
	for (i = 0; i < nr_history; i++)
		if (!strcmp(history[i], history[nr_history]))
			return;
	nr_history++;
}

static int fs_is(const char *path, long magic)
{
	struct statfs st;

	return statfs(path, &st) == 0 && (long)st.f_type == magic;
}

/*
 * The journal file is rewritten whole before each change, so that a crash
 * at any point leaves a file describing every change that may have been
 * made.
 */
static int journal_write(void)
{
	char tmp[600], owner[128], why[256];
	FILE *f;
	int i, fd;

	if (!journal_path[0]) {
		mkdir(gb_journal_dir(), 0700);
		/* A folder others can write could hold a planted journal. */
		if (gb_journal_dir_trusted(why, sizeof(why))) {
			gb_warn("%s", why);
			return -EPERM;
		}
		snprintf(journal_path, sizeof(journal_path), "%s/%d.journal",
			 gb_journal_dir(), (int)getpid());
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", journal_path);
	/* Never through a link someone left under our name. */
	if (unlink(tmp) && errno != ENOENT)
		return -errno;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		int err = errno;

		close(fd);
		return -err;
	}
	gb_journal_owner_line(owner, sizeof(owner));
	fputs(owner, f);
	for (i = 0; i < nr_changes; i++)
		fprintf(f, "%s\t%s\t%s\n", gb_change_kind_name(changes[i].kind),
			changes[i].path,
			changes[i].kind == GB_CHANGE_SET ? changes[i].old : changes[i].new);
	if (fflush(f) || fsync(fileno(f))) {
		int err = errno;

		fclose(f);
		return -err;
	}
	if (fclose(f))
		return -errno;
	return rename(tmp, journal_path) ? -errno : 0;
}

/* "always [madvise] never" reads back as the bracketed choice. */
static void current_choice(const char *raw, char *out, size_t len)
{
	const char *open = strchr(raw, '['), *close_br;
	size_t n;

	if (open && (close_br = strchr(open, ']'))) {
		n = (size_t)(close_br - open - 1);
		if (n >= len)
			n = len - 1;
		memcpy(out, open + 1, n);
		out[n] = '\0';
		return;
	}
	snprintf(out, len, "%s", raw);
	out[strcspn(out, "\n")] = '\0';
}

static struct change *change_add(enum gb_change_kind kind, const char *path,
				  const char *old, const char *new)
{
	struct change *c;
	const char *why;
	int err;

	if (nr_changes >= GB_CHANGES_MAX) {
		errno = ENOSPC;
		return NULL;
	}
	/* What the journal will say must be what restore accepts. */
	why = gb_change_refused(kind, path, kind == GB_CHANGE_SET ? old : new);
	if (why) {
		gb_warn("not changing %s: %s (bench/system/allowed.c lists what gupbench changes)",
			path, why);
		errno = EPERM;
		return NULL;
	}
	c = &changes[nr_changes];
	c->kind = kind;
	snprintf(c->path, sizeof(c->path), "%s", path);
	snprintf(c->old, sizeof(c->old), "%s", old);
	snprintf(c->new, sizeof(c->new), "%s", new);
	nr_changes++;
	err = journal_write();
	if (err) {
		nr_changes--;
		errno = -err;
		return NULL;
	}
	return c;
}

int gb_sys_set(const char *path, const char *val)
{
	char raw[256], old[256];
	long n = gb_read_file(path, raw, sizeof(raw));
	int i, err;

	if (n < 0)
		return (int)n;
	current_choice(raw, old, sizeof(old));
	if (!strcmp(old, val))
		return 0;
	/* Keep the first recorded value: that is what must come back. */
	if (gb_change_refused(GB_CHANGE_SET, path, val))
		return -EPERM;
	for (i = 0; i < nr_changes; i++)
		if (changes[i].kind == GB_CHANGE_SET &&
		    !strcmp(changes[i].path, path)) {
			err = gb_write_file(path, val);
			if (!err)
				remember("set %s: %s -> %s", path, old, val);
			return err;
		}
	if (!change_add(GB_CHANGE_SET, path, old, val))
		return -errno;
	err = gb_write_file(path, val);
	if (err)
		nr_changes--;
	else
		remember("set %s: %s -> %s", path, old, val);
	return err;
}

int gb_sys_hold(const char *path, const char *val, const char *what)
{
	if (!change_add(GB_CHANGE_SET, path, val, what))
		return -errno;
	remember("%s (undone by writing %s to %s)", what, val, path);
	return 0;
}

int gb_sys_release(const char *path)
{
	int i, err;

	for (i = nr_changes - 1; i >= 0; i--)
		if (changes[i].kind == GB_CHANGE_SET && !strcmp(changes[i].path, path))
			break;
	if (i < 0)
		return -ENOENT;
	err = gb_write_file(path, changes[i].old);
	if (err)
		return err;	/* kept: the exit path tries again */
	memmove(&changes[i], &changes[i + 1],
		(size_t)(nr_changes - i - 1) * sizeof(changes[0]));
	nr_changes--;
	return journal_write();
}

int gb_sys_mount(const char *fstype, const char *target)
{
	if (gb_change_refused(GB_CHANGE_MOUNT, target, fstype))
		return -EPERM;
	if (mount(fstype, target, fstype, 0, NULL))
		return errno == EBUSY ? 0 : -errno;
	if (!change_add(GB_CHANGE_MOUNT, target, "", fstype)) {
		int err = errno;

		umount2(target, MNT_DETACH);
		return -err;
	}
	remember("mount %s at %s%s", fstype, target, "");
	return 0;
}

int gb_sys_netdev(const char *name, const char *kind)
{
	int err;

	if (gb_change_refused(GB_CHANGE_NETDEV, name, kind))
		return -EPERM;
	if (!change_add(GB_CHANGE_NETDEV, name, "", kind))
		return -errno;
	err = gb_netdev_add_dummy(name);
	if (err) {
		/* Not made (or someone else's, EEXIST): never delete it. */
		nr_changes--;
		journal_write();
		return err;
	}
	remember("create netdev %s (%s)%s", name, kind, "");
	return 0;
}

static const char *have_fs(const char *const *paths, const char *fstype,
			   long magic)
{
	int i;

	for (i = 0; paths[i]; i++)
		if (fs_is(paths[i], magic))
			return paths[i];
	if (geteuid() != 0)
		return NULL;
	for (i = 0; paths[i]; i++)
		if (gb_sys_mount(fstype, paths[i]) == 0 &&
		    fs_is(paths[i], magic))
			return paths[i];
	return NULL;
}

const char *gb_tracefs(void)
{
	static const char *const paths[] = {
		GB_PATH_TRACEFS, GB_PATH_TRACEFS_OLD, NULL };

	return have_fs(paths, "tracefs", TRACEFS_MAGIC);
}

const char *gb_debugfs(void)
{
	static const char *const paths[] = { GB_PATH_DEBUGFS, NULL };

	return have_fs(paths, "debugfs", DEBUGFS_MAGIC);
}

int gb_sys_changes(char (*out)[512], int max)
{
	int i, n = 0;

	for (i = 0; i < nr_changes && n < max; i++, n++) {
		if (changes[i].kind == GB_CHANGE_SET)
			snprintf(out[n], sizeof(out[n]), "set %s: %s -> %s",
				 changes[i].path, changes[i].old,
				 changes[i].new);
		else if (changes[i].kind == GB_CHANGE_MOUNT)
			snprintf(out[n], sizeof(out[n]), "mount %s at %s",
				 changes[i].new, changes[i].path);
		else
			snprintf(out[n], sizeof(out[n]), "create netdev %s (%s)",
				 changes[i].path, changes[i].new);
	}
	return n;
}

int gb_sys_history(char (*out)[512], int max)
{
	int i;

	for (i = 0; i < nr_history && i < max; i++)
		snprintf(out[i], sizeof(out[i]), "%s", history[i]);
	return i;
}

/* Async-signal-safe: only syscalls, newest change first. */
void gb_sys_restore_all(void)
{
	while (nr_changes > 0) {
		struct change *c = &changes[nr_changes - 1];

		if (c->kind == GB_CHANGE_SET)
			gb_write_file(c->path, c->old);
		else if (c->kind == GB_CHANGE_MOUNT)
			umount2(c->path, MNT_DETACH);
		else
			gb_netdev_del(c->path, c->new);
		nr_changes--;
	}
	if (journal_path[0])
		unlink(journal_path);
}

static void restore_on_signal(int sig)
{
	gb_sys_restore_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void restore_at_exit(void)
{
	gb_sys_restore_all();
}

void gb_sys_install_restore(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
				    SIGSEGV, SIGBUS, SIGABRT, SIGFPE };
	struct sigaction sa = { .sa_handler = restore_on_signal };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < GB_ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
	atexit(restore_at_exit);
}
