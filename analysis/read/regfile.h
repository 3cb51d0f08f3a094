/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening what gbstat reads: a regular file or nothing.  Opened without
 * blocking and checked on the descriptor it reads (no window between a
 * stat and the open), so a FIFO planted as gate.txt, kernels.tsv or a
 * results file is refused at once instead of waiting for a writer.
 */
#ifndef GBA_REGFILE_H
#define GBA_REGFILE_H

#include <stdbool.h>
#include <stdio.h>

/*
 * fopen(path, "r") of a regular file of at most max bytes (0: any); with
 * nofollow, a symbolic link is refused (files gbstat finds in folders it
 * or the gate wrote, never ones a user named).  NULL with one line in
 * err ("PATH: is a pipe (FIFO), not a regular file") and errno set
 * (ENOENT: there is none; EINVAL: not a regular file; EFBIG: too big).
 */
FILE *gba_fopen_regular(const char *path, unsigned long long max, bool nofollow,
			char *err, size_t len);

#endif
