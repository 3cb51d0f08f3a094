/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal assertion kit: each failed CHECK prints where and why. */
#ifndef GB_CHECK_H
#define GB_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: CHECK failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	unsigned long long a_ = (unsigned long long)(a);		\
	unsigned long long b_ = (unsigned long long)(b);		\
	if (a_ != b_) {							\
		fprintf(stderr, "%s:%d: %s == %llu, expected %s == %llu\n", \
			__FILE__, __LINE__, #a, a_, #b, b_);		\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *a_ = (a), *b_ = (b);				\
	if (!a_ || !b_ || strcmp(a_, b_)) {				\
		fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", \
			__FILE__, __LINE__, #a, a_ ? a_ : "(null)",	\
			b_ ? b_ : "(null)");				\
		check_failures++;					\
	}								\
} while (0)

/* kselftest exit codes: 0 pass, 1 fail, 4 skip. */
#define CHECK_DONE() do {						\
	if (check_failures)						\
		fprintf(stderr, "%d check(s) failed\n", check_failures); \
	return check_failures ? 1 : 0;					\
} while (0)

static inline char *slurp(const char *path)
{
	static char buf[1 << 18];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f) {
		fprintf(stderr, "cannot open fixture %s\n", path);
		return NULL;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* A fixture's text, or NULL after a failed CHECK naming it. */
static inline char *fixture(const char *dir, const char *name)
{
	char path[512];
	char *text;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	text = slurp(path);
	if (!text)
		check_failures++;
	return text;
}

#endif
