// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "policy.h"
#include "sys.h"

const struct gb_policy gb_policies[GB_NR_POLICIES] = {
#define POLICY(id, nm, sm) [GB_POLICY_##id] = { nm, sm },
#include "policies.def"
#undef POLICY
};

const struct gb_policy *gb_policy_find(const char *name)
{
	int i;

	for (i = 0; i < GB_NR_POLICIES; i++)
		if (!strcmp(gb_policies[i].name, name))
			return &gb_policies[i];
	return NULL;
}

void gb_policy_probe(struct gb_policy_switch *s, const char *debugfs)
{
	char raw[128], *open;

	memset(s, 0, sizeof(*s));
	if (!debugfs)
		return;
	snprintf(s->path, sizeof(s->path), "%s/gup_longterm_drain_policy", debugfs);
	if (gb_read_file(s->path, raw, sizeof(raw)) < 0) {
		s->path[0] = '\0';
		return;
	}
	s->present = true;
	/* "refcount [lru] never": the bracketed one is in force. */
	open = strchr(raw, '[');
	if (sscanf(open ? open + 1 : raw, "%63[^]\n ]", s->current) != 1)
		s->current[0] = '\0';
}

int gb_policy_set(const struct gb_policy_switch *s, const struct gb_policy *p)
{
	return gb_sys_set(s->path, p->name);
}
