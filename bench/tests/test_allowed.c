// SPDX-License-Identifier: GPL-2.0
/*
 * The list of what gupbench may change takes every value gupbench
 * writes (each drain policy in policies.def, THP modes, the numbers),
 * its own netdev, and nothing else: other paths, paths that climb out,
 * other values, other netdevs.
 */
#include "../system/allowed.h"
#include "check.h"
#include "../system/policy.h"

#define SET(p, v)	gb_change_refused(GB_CHANGE_SET, p, v)

int main(void)
{
	int i;

	for (i = 0; i < GB_NR_POLICIES; i++)
		CHECK(!SET(GB_PATH_DRAIN_POLICY, gb_policies[i].name));
	CHECK(!SET(GB_PATH_THP_ENABLED, "madvise"));
	CHECK(!SET("/sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled", "madvise"));
	CHECK(!SET("/sys/kernel/mm/transparent_hugepage/hugepages-2048kB/enabled", "inherit"));
	CHECK(!SET(GB_PATH_RT_RUNTIME, "-1"));
	CHECK(!SET(GB_PATH_RT_RUNTIME, "950000"));
	CHECK(!SET(GB_PATH_PCP_HIGH_FRACTION, "2147483647"));
	CHECK(!SET("/sys/devices/system/cpu/cpu17/online", "0"));
	CHECK(!SET("/sys/kernel/debug/cma/reserved/free", "65536"));
	CHECK(!gb_change_refused(GB_CHANGE_MOUNT, GB_PATH_TRACEFS, "tracefs"));
	CHECK(!gb_change_refused(GB_CHANGE_MOUNT, GB_PATH_DEBUGFS, NULL));
	CHECK(!gb_change_refused(GB_CHANGE_NETDEV, GB_NETDEV_NAME, GB_NETDEV_KIND));

	CHECK(SET("/etc/passwd", "x"));
	CHECK(SET("", "1"));
	CHECK(SET("sys/kernel/mm/transparent_hugepage/enabled", "never"));
	CHECK(SET("/sys/devices/system/cpu/cpu/online", "1"));
	CHECK(SET("/sys/devices/system/cpu/cpu1/../../../../etc/passwd", "1"));
	CHECK(SET("/sys/kernel/debug/cma/../../../etc/free", "1"));
	CHECK(SET("/sys/kernel/debug/cma/a/b/free", "1"));
	CHECK(SET(GB_PATH_THP_ENABLED, "always; reboot"));
	CHECK(SET("/sys/kernel/mm/transparent_hugepage/hugepages-kB/enabled", "never"));
	CHECK(SET("/sys/kernel/mm/transparent_hugepage/hugepages-64kB/shmem_enabled", "never"));
	CHECK(SET("/sys/kernel/mm/transparent_hugepage/hugepages-64kB/../../../../../etc/x", "never"));
	CHECK(SET(GB_PATH_THP_ENABLED, "-never"));
	CHECK(SET(GB_PATH_THP_ENABLED, ""));
	CHECK(SET(GB_PATH_RT_RUNTIME, "1e9"));
	CHECK(SET(GB_PATH_RT_RUNTIME, "-"));
	CHECK(gb_change_refused(GB_CHANGE_MOUNT, "/home", "tracefs"));
	CHECK(gb_change_refused(GB_CHANGE_MOUNT, GB_PATH_TRACEFS, "ext4"));
	/* A journal may delete gupbench's own netdev only, e.g. never eth0. */
	CHECK(gb_change_refused(GB_CHANGE_NETDEV, "eth0", GB_NETDEV_KIND));
	CHECK(gb_change_refused(GB_CHANGE_NETDEV, "gbdummy0x", GB_NETDEV_KIND));
	CHECK(gb_change_refused(GB_CHANGE_NETDEV, GB_NETDEV_NAME, "veth"));
	CHECK(gb_change_refused(GB_CHANGE_NETDEV, GB_NETDEV_NAME, NULL));
	CHECK(gb_change_kind_parse("netdev") == GB_CHANGE_NETDEV);
	CHECK(gb_change_kind_parse("rm") < 0);
	CHECK(gb_change_refused((enum gb_change_kind)7, GB_PATH_THP_ENABLED, "never"));
	CHECK_DONE();
}
