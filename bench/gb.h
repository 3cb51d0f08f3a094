/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Definitions every part of gupbench shares: exit codes (kselftest's),
 * the error helpers, and the small value types records are made of.
 */
#ifndef GB_H
#define GB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GB_VERSION	"0.1.0"

enum gb_exit {
	GB_EXIT_PASS	= 0,
	GB_EXIT_FAIL	= 1,
	GB_EXIT_USAGE	= 2,
	GB_EXIT_SKIP	= 4,
};

#define GB_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define GB_REASON_MAX		256

/*
 * One line on stderr, prefixed "gupbench: ", then exit.  exit() runs the
 * atexit handler that restores every system setting we changed.
 */
void gb_die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void gb_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A number the kernel gave us, or null with the reason it is missing. */
struct gb_count {
	bool valid;
	uint64_t value;
	const char *reason;	/* static or owned by the counters module */
};

static inline struct gb_count gb_count_of(uint64_t v)
{
	return (struct gb_count){ .valid = true, .value = v };
}

static inline struct gb_count gb_count_null(const char *reason)
{
	return (struct gb_count){ .valid = false, .reason = reason };
}

/* Yes, no, or not known (a check that could not look). */
enum gb_tristate { GB_UNKNOWN = -1, GB_NO = 0, GB_YES = 1 };

/* "EBUSY" for -EBUSY: the name results files give a failed call's errno. */
const char *gb_errno_name(int err);

uint64_t gb_now_ns(void);	/* CLOCK_MONOTONIC, the clock perf samples use */

/*
 * Split a comma list into at most max names (in storage).  Returns how
 * many, -EINVAL for an empty item ("1,,2", "a,"), -E2BIG when the list
 * is longer than storage or has more than max items: never a silent cut.
 */
int gb_split_list(const char *list, char *storage, size_t storage_len,
		  const char **out, int max);

/*
 * The CPUs of a kernel CPU list ("0-3,5,7-8"): how many there are (or
 * -EINVAL), the first max of them into cpus (which may be NULL).
 */
int gb_parse_cpu_list(const char *s, int *cpus, int max);

#endif
