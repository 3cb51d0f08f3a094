// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

int gba_out_open(struct gba_out *o, const char *dir, const char *name,
		 char *err, size_t len)
{
	mode_t mask;
	int fd;

	if ((size_t)snprintf(o->path, sizeof(o->path), "%s/%s", dir, name) >= sizeof(o->path) ||
	    (size_t)snprintf(o->tmp, sizeof(o->tmp), "%s/.%s.XXXXXX", dir, name) >= sizeof(o->tmp)) {
		snprintf(err, len, "--dir: the path of %s in it is longer than %d bytes",
			 name, PATH_MAX - 1);
		return -1;
	}
	/*
	 * A new file of a name nobody could guess (mkstemp: O_CREAT|O_EXCL),
	 * never one already there: a link planted at a fixed NAME.tmp would
	 * have had the report written through it to wherever it points.
	 */
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		snprintf(err, len, "%s: %s", dir, strerror(errno));
		return -1;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) || !(o->f = fdopen(fd, "w"))) {
		snprintf(err, len, "%s: %s", o->tmp, strerror(errno));
		close(fd);
		unlink(o->tmp);
		return -1;
	}
	return 0;
}

int gba_out_close(struct gba_out *o, char *err, size_t len)
{
	bool bad = ferror(o->f) != 0;

	errno = 0;
	if (fclose(o->f) || bad || rename(o->tmp, o->path)) {
		snprintf(err, len, "%s: write failed: %s", o->path,
			 errno ? strerror(errno) : "I/O error");
		unlink(o->tmp);
		return -1;
	}
	return 0;
}
