// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "terminal.h"

static const char *prog_name;

static void check(void)
{
	errno = 0;
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		fprintf(stderr, "%s: cannot write to stdout: %s\n", prog_name,
			errno ? strerror(errno) : "write error");
		_exit(1);
	}
}

void gb_stdout_check_at_exit(const char *prog)
{
	prog_name = prog;
	atexit(check);
}

void gb_text_clean(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}
