/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An option's value as the results envelope records it: the option
 * table (run/options.c) fills these, the envelope writes them, and
 * neither needs the other's header.
 */
#ifndef GB_OPT_VALUE_H
#define GB_OPT_VALUE_H

#include <stdint.h>

enum gb_opt_type { GB_OPT_STR, GB_OPT_SIZE, GB_OPT_UINT, GB_OPT_FLAG };

struct gb_opt_value {
	char key[32];			/* the option's name, '-' as '_' */
	enum gb_opt_type kind;
	const char *str;		/* GB_OPT_STR: NULL when not given */
	uint64_t num;			/* SIZE, UINT; FLAG 0 or 1 */
};

/* Room for every option of run and of every scenario. */
#define GB_MAX_OPT_VALUES	64

#endif
