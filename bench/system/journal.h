/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Journals of system changes, as files: who owns one, whether its owner
 * is gone, and putting back what a dead run changed.
 *
 * A journal is GB_JOURNAL_DIR/PID.journal: a first line "owner PID START"
 * (START: the owner's start time, field 22 of /proc/PID/stat, so a pid
 * reused by another process is not taken for the owner), then one change
 * a line, oldest first: "set PATH OLD" or "mount PATH FSTYPE", tab-
 * separated.  Restoring reads a journal whole, only from a file and a
 * folder nobody else can write, not through links, and undoes nothing of
 * one with a line that is not a change gupbench makes (bench/system/allowed.c).
 */
#ifndef GB_JOURNAL_H
#define GB_JOURNAL_H

/* Where journals live unless GB_JOURNAL_DIR says otherwise. */
#define GB_JOURNAL_DIR_DEFAULT	"/run/gupbench"

#include <stdio.h>

#define GB_RECOVERED_MAX	32

const char *gb_journal_dir(void);
/*
 * 0 when the journal folder is absent or a folder that only root (or
 * this user) can write; else -1 with one line in err: gupbench neither
 * reads nor writes journals in a folder where one could be planted.
 */
int gb_journal_dir_trusted(char *err, size_t len);
/* The owner line for this process ("owner\tPID\tSTART\n"). */
void gb_journal_owner_line(char *buf, size_t len);

/*
 * Undo every journal whose owner is gone, newest change first, saying
 * each on log.  A journal with an undo that failed is kept.  Returns the
 * journals restored, or -1 when one could not be (err names it).
 */
int gb_journal_restore_stale(FILE *log, char *err, size_t len);

/*
 * What gb_journal_restore_stale() put back in this process, a line each
 * ("set PATH to OLD", "umount PATH"), for the results envelope.
 */
int gb_journal_recovered(char (*out)[512], int max);

/*
 * Before anything reads system state: put back what dead runs changed,
 * saying so on stderr, so every value recorded as "old" is the one from
 * before the first journalled change.  Exits 4 (skip) with one line when
 * a dead run's change cannot be undone: never measure under it.
 */
void gb_journal_recover(void);

#endif
