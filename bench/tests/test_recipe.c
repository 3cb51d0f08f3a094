// SPDX-License-Identifier: GPL-2.0
/*
 * The recipe language (cases/recipe.h): every text it accepts formats
 * back to itself, what it refuses it refuses with a reason, and the
 * CPUs a recipe needs follow from its faults.
 */
#include <string.h>

#include "check.h"
#include "../cases/recipe.h"

static void round_trip(const char *text)
{
	struct gb_recipe r;
	char err[160], back[GB_RECIPE_TEXT];

	CHECK(!gb_recipe_parse(text, &r, err, sizeof(err)));
	gb_recipe_format(&r, back, sizeof(back));
	CHECK_STR(back, text);
	CHECK(gb_recipe_valid(&r));
}

static void refused(const char *text, const char *why)
{
	struct gb_recipe r;
	char err[160] = "";

	CHECK(gb_recipe_parse(text, &r, err, sizeof(err)) == -1);
	if (!strstr(err, why)) {
		fprintf(stderr, "'%s': refused with '%s', expected '%s'\n", text, err, why);
		check_failures++;
	}
}

int main(void)
{
	struct gb_recipe r;
	char err[160];

	round_trip("memfd;fork");
	round_trip("thp;fault=remote2:tail;settle;ref");
	round_trip("fault=pin;mlock=onfault;munlock;mlock;fault=remote:head");
	round_trip("mthp=64k;fault=remote;fork");
	round_trip("mthp=16k");
	round_trip("mthp=1024k;settle");
	CHECK(!gb_recipe_parse("mthp=32K;ref", &r, err, sizeof(err)));
	CHECK(r.s[0].kind == GB_STEP_MTHP && r.s[0].kb == 32);
	refused("mthp=48k", "a power of two");
	refused("mthp=8k", "16k to 1024k");
	refused("mthp=2048k", "16k to 1024k");
	refused("mthp=64", "mthp=SIZE");
	refused("mthp=k", "mthp=SIZE");
	refused("mthp", "is not a step");
	refused("thp;mthp=64k", "only as the first step");
	refused("", "empty");
	refused("settle;memfd", "only as the first step");
	refused("memfd;thp", "only as the first step");
	refused("fork;fork", "at most once");
	refused("fault=nobody", "fault=WHO[:PART]");
	refused("fault", "is not a step");
	refused("settle;", "ends with ';'");
	refused("rm -rf", "is not a step");
	refused("fault=pin;fault=pin;fault=pin;fault=pin;fault=pin;fault=pin;fault=pin;fault=pin;settle",
		"more than 8 steps");
	CHECK(!gb_recipe_parse("fault=remote2:head;fault=remote", &r, err, sizeof(err)));
	CHECK_EQ(gb_recipe_cpus(&r), 3);
	CHECK(!gb_recipe_parse("memfd;fork", &r, err, sizeof(err)));
	CHECK_EQ(gb_recipe_cpus(&r), 1);
	CHECK(gb_recipe_has(&r, GB_STEP_FORK) && !gb_recipe_has(&r, GB_STEP_REF));
	if (check_failures)
		fprintf(stderr, "test_recipe: %d check(s) failed\n", check_failures);
	return check_failures ? 1 : 0;
}
