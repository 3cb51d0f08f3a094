/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The drain-policy switch of the patched kernel: the policies as
 * descriptors (policies.def), finding the switch, reading it, and
 * setting it through the journal.
 */
#ifndef GB_POLICY_H
#define GB_POLICY_H

#include <stdbool.h>
#include <stddef.h>

struct gb_policy {
	const char *name;	/* as the kernel spells it */
	const char *summary;
};

enum {
#define POLICY(id, ...) GB_POLICY_##id,
#include "policies.def"
#undef POLICY
	GB_NR_POLICIES
};

extern const struct gb_policy gb_policies[GB_NR_POLICIES];

/* The policy named so, or NULL. */
const struct gb_policy *gb_policy_find(const char *name);

/* The switch, when this kernel has it: its path and the policy in force. */
struct gb_policy_switch {
	bool present;
	char path[320];
	char current[64];	/* "" when unreadable */
};

void gb_policy_probe(struct gb_policy_switch *s, const char *debugfs);
/* Set a policy (journalled: restored on exit); 0 or -errno. */
int gb_policy_set(const struct gb_policy_switch *s, const struct gb_policy *p);

#endif
