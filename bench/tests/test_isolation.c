// SPDX-License-Identifier: GPL-2.0
/* The isolated CPUs as sysfs prints them, and the order they give holders. */
#include <errno.h>

#include "check.h"
#include "../system/isolation.h"
#include "../system/topo.h"

static void parse(void)
{
	int cpus[8];

	/* nohz_full without nohz_full= on the command line: "(null)". */
	CHECK_EQ(gb_isolation_parse("(null)\n", cpus, 8), 0);
	CHECK_EQ(gb_isolation_parse("\n", cpus, 8), 0);
	CHECK_EQ(gb_isolation_parse("", cpus, 8), 0);
	CHECK_EQ(gb_isolation_parse("2-3\n", cpus, 8), 2);
	CHECK(cpus[0] == 2 && cpus[1] == 3);
	CHECK_EQ(gb_isolation_parse("1,4-6\n", cpus, 8), 4);
	CHECK(cpus[0] == 1 && cpus[1] == 4 && cpus[3] == 6);
	CHECK_EQ(gb_isolation_parse("0-9\n", cpus, 8), (unsigned long long)-E2BIG);
	CHECK_EQ(gb_isolation_parse("two\n", cpus, 8), (unsigned long long)-EINVAL);
}

static void order(void)
{
	struct gb_topo t = { .nr_cpus = 4, .order = { 2, 0, 1, 3 } };
	const int iso[] = { 2, 3 }, all[] = { 0, 1, 2, 3 };

	/* The pinning CPU is a housekeeping one; the isolated ones next. */
	CHECK_EQ(gb_topo_isolated_first(&t, iso, 2), 0);
	CHECK(t.order[0] == 0 && t.order[1] == 2 && t.order[2] == 3 && t.order[3] == 1);
	CHECK_EQ(t.nr_cpus, 4);
	/* Isolated CPUs outside the affinity join the order. */
	t = (struct gb_topo){ .nr_cpus = 2, .order = { 0, 1 } };
	CHECK_EQ(gb_topo_isolated_first(&t, iso, 2), 0);
	CHECK(t.nr_cpus == 4 && t.order[0] == 0 && t.order[1] == 2 && t.order[3] == 1);
	CHECK_EQ(gb_topo_isolated_first(&t, iso, 0), (unsigned long long)-ENOENT);
	CHECK_EQ(gb_topo_isolated_first(&t, all, 4), (unsigned long long)-EINVAL);
}

int main(void)
{
	parse();
	order();
	CHECK_DONE();
}
