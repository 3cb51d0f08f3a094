// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gb.h"

void gb_die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("gupbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

void gb_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("gupbench: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

uint64_t gb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int gb_split_list(const char *list, char *storage, size_t storage_len,
		  const char **out, int max)
{
	char *p = storage, *tok;
	int n = 0;

	if (strlen(list) >= storage_len)
		return -E2BIG;
	memcpy(storage, list, strlen(list) + 1);
	if (!*p)
		return 0;
	/* strsep, not strtok: "1,,2" has an empty item, and says so. */
	while ((tok = strsep(&p, ","))) {
		if (!*tok)
			return -EINVAL;
		if (n == max)
			return -E2BIG;
		out[n++] = tok;
	}
	return n;
}

int gb_parse_cpu_list(const char *s, int *cpus, int max)
{
	int n = 0;

	/* "0-3,5,7-8" */
	while (*s && *s != '\n') {
		char *end;
		long a = strtol(s, &end, 10), b = a, i;

		if (end == s || a < 0)
			return -EINVAL;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		if (b < a)
			return -EINVAL;
		for (i = a; i <= b; i++, n++)
			if (n < max)
				cpus[n] = (int)i;
		if (*end && *end != ',' && *end != '\n')
			return -EINVAL;
		s = *end == ',' ? end + 1 : end;
	}
	return n;
}

const char *gb_errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ 1, "EPERM" }, { 4, "EINTR" }, { 5, "EIO" }, { 11, "EAGAIN" },
		{ 12, "ENOMEM" }, { 13, "EACCES" }, { 14, "EFAULT" },
		{ 16, "EBUSY" }, { 22, "EINVAL" }, { 28, "ENOSPC" },
		{ 38, "ENOSYS" }, { 95, "EOPNOTSUPP" },
	};
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(names); i++)
		if (names[i].err == -err)
			return names[i].name;
	return "other";
}
