// SPDX-License-Identifier: GPL-2.0
/* Size parsing and the option table's defaults. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "../run/options.h"
#include "../output/summary.h"

/* pattern's '@' at its end matches a space or a newline. */
static bool roffed_in(const char *text, const char *pattern)
{
	size_t n = strlen(pattern) - 1;
	const char *p;

	for (p = strstr(text, "\n.B "); p; p = strstr(p + 1, "\n.B "))
		if (!strncmp(p + 1, pattern, n) && (p[1 + n] == ' ' || p[1 + n] == '\n'))
			return true;
	return false;
}

/*
 * One table makes help, the man page and the envelope's options: every
 * option help lists is in the man page, and every option of run is in
 * the envelope but those that never reach a results file.
 */
static void check_one_table(const struct gb_options *o)
{
	/* Never in a results file: the planner of explore between kernels writes none. */
	static const char *const unrecorded[] = { "help", "check-args", "rounds" };
	char help[16384] = "", man[32768] = "", name[64], key[64];
	struct gb_opt_value v[64];
	FILE *f;
	const char *p;
	int n, i, k;
	size_t j;

	f = fmemopen(help, sizeof(help) - 1, "w");
	CHECK(f);
	gb_options_help(f);
	fclose(f);
	f = fmemopen(man, sizeof(man) - 1, "w");
	CHECK(f);
	gb_options_man(f);
	fclose(f);
	n = gb_options_values(o, v, 64);
	CHECK(n > 15);
	for (p = strstr(help, "\n  --"); p; p = strstr(p + 1, "\n  --")) {
		char roffed[128] = ".B \\-\\-";
		bool recorded = true;

		CHECK_EQ(sscanf(p + 5, "%63[a-z-]", name), 1);
		/* The man page writes --name as \-\-name. */
		for (j = 0, k = (int)strlen(roffed); name[j] && k < 120; j++) {
			if (name[j] == '-')
				roffed[k++] = '\\';
			roffed[k++] = name[j];
		}
		/* The whole name: --pinner is not --pinners. */
		roffed[k++] = '@';
		roffed[k] = '\0';
		CHECK(roffed_in(man, roffed));
		for (j = 0; j < sizeof(unrecorded) / sizeof(unrecorded[0]); j++)
			recorded &= strcmp(name, unrecorded[j]) != 0;
		/* list/probe only */
		if (!strcmp(name, "json") || !strcmp(name, "study-ready") ||
		    !strcmp(name, "doctor"))
			continue;
		snprintf(key, sizeof(key), "%s", name);
		for (j = 0; key[j]; j++)
			if (key[j] == '-')
				key[j] = '_';
		for (i = 0; i < n && strcmp(v[i].key, key); i++)
			;
		if (recorded != (i < n))
			fprintf(stderr, "--%s: %s in the envelope\n", name,
				recorded ? "missing" : "wrongly");
		CHECK(recorded == (i < n));
	}
}

int main(void)
{
	uint64_t v = 0;
	uint64_t sorted[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	char *argv[] = { "gupbench", "run", "--size", "2M", "--reps", "3",
			 "--cpus", "1,all", "--scenario", "thp", NULL };
	struct gb_options o;

	CHECK_EQ(gb_parse_size("4096", &v), 0);
	CHECK_EQ(v, 4096);
	CHECK_EQ(gb_parse_size("64M", &v), 0);
	CHECK_EQ(v, 64ull << 20);
	CHECK_EQ(gb_parse_size("1GiB", &v), 0);
	CHECK_EQ(v, 1ull << 30);
	CHECK_EQ(gb_parse_size("8k", &v), 0);
	CHECK_EQ(v, 8192);
	CHECK(gb_parse_size("", &v) < 0);
	CHECK(gb_parse_size("-4K", &v) < 0);
	CHECK(gb_parse_size("12Q", &v) < 0);
	CHECK(gb_parse_size("M", &v) < 0);
	CHECK(gb_parse_size("99999999999999999999", &v) < 0);
	CHECK_EQ(gb_parse_size("17179869184T", &v), (unsigned long long)-ERANGE);

	gb_options_parse(10, argv, &o);
	check_one_table(&o);
	CHECK_EQ(o.cmd, GB_CMD_RUN);
	CHECK_EQ(o.size, 2ull << 20);
	CHECK_EQ(o.reps, 3);
	CHECK_STR(o.cpus, "1,all");
	CHECK_STR(o.scenario, "thp");
	CHECK_STR(o.pinner, gb_default_options.pinner);
	CHECK_EQ(o.counters_mode, GB_COUNTERS_ON);

	CHECK_EQ(gb_percentile(sorted, 10, 50), 5);
	CHECK_EQ(gb_percentile(sorted, 10, 90), 9);
	CHECK_EQ(gb_percentile(sorted, 10, 99), 10);
	CHECK_EQ(gb_percentile(sorted, 1, 99), 1);
	CHECK_DONE();
}
