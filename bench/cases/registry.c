// SPDX-License-Identifier: GPL-2.0
/* The tables of cases, built from the .def lists. */
#include <string.h>

#include "cases.h"

const struct gb_pinner *const gb_pinners[] = {
#define GB_PINNER(n)	&gb_pinner_##n,
#include "pinners/pinners.def"
#undef GB_PINNER
	NULL
};

const struct gb_placement *const gb_placements[] = {
#define GB_PLACEMENT(n)	&gb_placement_##n,
#include "placements/placements.def"
#undef GB_PLACEMENT
	NULL
};

const struct gb_scenario *const gb_scenarios[] = {
#define GB_SCENARIO(n)	&gb_scenario_##n,
#include "scenarios/scenarios.def"
#undef GB_SCENARIO
	NULL
};

#define FIND(table, name) do {					\
	int i;							\
	for (i = 0; table[i]; i++)				\
		if (!strcmp(table[i]->name, name))		\
			return table[i];			\
	return NULL;						\
} while (0)

const struct gb_pinner *gb_pinner_find(const char *name)
{
	FIND(gb_pinners, name);
}

const struct gb_placement *gb_placement_find(const char *name)
{
	FIND(gb_placements, name);
}

const struct gb_scenario *gb_scenario_find(const char *name)
{
	FIND(gb_scenarios, name);
}
