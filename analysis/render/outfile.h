/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A file of the report, written as a new file of a unique name beside it
 * (DIR/.NAME.XXXXXX, made with O_EXCL: nothing planted there is written
 * through) and renamed when every byte of it is written: a report that
 * fails leaves no file half-written.
 */
#ifndef GBA_OUTFILE_H
#define GBA_OUTFILE_H

#include <limits.h>
#include <stdio.h>

struct gba_out {
	FILE *f;
	char tmp[PATH_MAX], path[PATH_MAX];
};

/* Open the temporary beside DIR/NAME; -1 with one line in err. */
int gba_out_open(struct gba_out *o, const char *dir, const char *name,
		 char *err, size_t len);
/* Close and rename into place; on any write error remove it, -1. */
int gba_out_close(struct gba_out *o, char *err, size_t len);

#endif
