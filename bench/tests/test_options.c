// SPDX-License-Identifier: GPL-2.0
/* Size parsing and the option table's defaults. */
#include <errno.h>

#include "check.h"
#include "../run/options.h"
#include "../output/summary.h"

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
