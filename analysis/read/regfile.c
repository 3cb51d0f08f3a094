// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "regfile.h"

static const char *kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISCHR(m) ? "a character device" :
	       S_ISBLK(m) ? "a block device" : S_ISFIFO(m) ? "a pipe (FIFO)" :
	       S_ISSOCK(m) ? "a socket" : "a special file";
}

FILE *gba_fopen_regular(const char *path, unsigned long long max, bool nofollow,
			char *err, size_t len)
{
	struct stat st;
	FILE *f;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));

	if (fd < 0) {
		snprintf(err, len, "%s: %s", path, nofollow && errno == ELOOP ?
			 "a symbolic link, not a file of its own" : strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st)) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, len, "%s: is %s, not a regular file", path, kind(st.st_mode));
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	if (max && (unsigned long long)st.st_size > max) {
		snprintf(err, len, "%s: %lld bytes, more than the %llu it may have",
			 path, (long long)st.st_size, max);
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	/* Reads of a regular file do not block: the flag only mattered for open. */
	if (fcntl(fd, F_SETFL, 0) || !(f = fdopen(fd, "r"))) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	return f;
}
