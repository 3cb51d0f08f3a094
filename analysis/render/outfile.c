// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"

int gba_out_open(struct gba_out *o, const char *dir, const char *name,
		 char *err, size_t len)
{
	if ((size_t)snprintf(o->path, sizeof(o->path), "%s/%s", dir, name) >= sizeof(o->path) ||
	    (size_t)snprintf(o->tmp, sizeof(o->tmp), "%s.tmp", o->path) >= sizeof(o->tmp)) {
		snprintf(err, len, "--dir: the path of %s in it is longer than %d bytes",
			 name, PATH_MAX - 1);
		return -1;
	}
	o->f = fopen(o->tmp, "w");
	if (!o->f) {
		snprintf(err, len, "%s: %s", o->tmp, strerror(errno));
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
