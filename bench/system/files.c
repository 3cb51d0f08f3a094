// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../gb.h"
#include "files.h"

long gb_read_file(const char *path, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (got + 1 < len) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0) {
			int err = errno;

			close(fd);
			return -err;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	close(fd);
	return (long)got;
}

int gb_read_u64(const char *path, uint64_t *val)
{
	char buf[64], *end;
	long n = gb_read_file(path, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf)
		return -EINVAL;
	return 0;
}

/* Async-signal-safe: the restore path uses it. */
int gb_write_file(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	if (n < 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	close(fd);
	return (size_t)n == len ? 0 : -EIO;
}

int gb_vmstat_many(const char *const *names, uint64_t *vals, bool *found, int n)
{
	static char buf[16384];
	char *p = buf;
	int i;

	for (i = 0; i < n; i++)
		found[i] = false;
	if (gb_read_file("/proc/vmstat", buf, sizeof(buf)) <= 0)
		return -ENOENT;
	while (p && *p) {
		for (i = 0; i < n; i++) {
			size_t len = strlen(names[i]);

			if (!found[i] && !strncmp(p, names[i], len) && p[len] == ' ') {
				vals[i] = strtoull(p + len + 1, NULL, 10);
				found[i] = true;
				break;
			}
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

int gb_vmstat(const char *name, uint64_t *val)
{
	bool found;

	if (gb_vmstat_many(&name, val, &found, 1))
		return -ENOENT;
	return found ? 0 : -ENOENT;
}

int gb_online_cpus(void)
{
	char buf[4096];
	int n;

	if (gb_read_file("/sys/devices/system/cpu/online", buf, sizeof(buf)) <= 0)
		return -1;
	n = gb_parse_cpu_list(buf, NULL, 0);
	return n < 0 ? -1 : n;
}

const char *gb_errno_hint(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
		return "permission denied: run as root";
	case ENOENT:
		return "not present on this kernel";
	case ENODEV:
	case EOPNOTSUPP:
		return "not supported by this kernel";
	case ENOMEM:
		return "out of memory";
	default:
		return strerror(err);
	}
}

int gb_vmstat_fold(void)
{
	return gb_write_file("/proc/sys/vm/stat_refresh", "1");
}
