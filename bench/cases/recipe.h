/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A page state as a recipe: a short list of steps, each a primitive,
 * with a text form that `gupbench run --scenario recipe --recipe TEXT`
 * replays exactly and `gupbench explore` composes, mutates and shrinks.
 *
 *   memfd | thp | mthp=SIZE
 *                        the buffer (first, at most one): a MAP_SHARED
 *                        memfd; 2 MiB-aligned anon memory with
 *                        MADV_HUGEPAGE; or anon memory faulted in
 *                        folios of SIZE (16k ... 1024k, a power of two:
 *                        an anon mTHP size the kernel offers, allowed
 *                        for MADV_HUGEPAGE and every larger size not);
 *                        plain anon memory without any of them
 *   fault=WHO[:PART]     write-fault PART (all, head, tail: the halves)
 *                        on WHO's CPU (pin, remote, remote2: the pinning
 *                        CPU, the first and the second other CPU),
 *                        leaving its last GB_FRESH_FOLIOS in that CPU's
 *                        lru_add batch
 *   settle               empty every CPU's batches
 *   mlock | mlock=onfault | munlock
 *   fork                 a child maps (reads) every page and keeps
 *                        them mapped until the call ends
 *   ref                  an extra reference on every page no drain
 *                        removes (vmspliced into a pipe nobody reads)
 *
 * Steps are separated by ';' and run in order.
 */
#ifndef GB_RECIPE_H
#define GB_RECIPE_H

#include <stdbool.h>
#include <stddef.h>

enum gb_step_kind {
	GB_STEP_MEMFD,
	GB_STEP_THP,
	GB_STEP_MTHP,
	GB_STEP_FAULT,
	GB_STEP_SETTLE,
	GB_STEP_MLOCK,
	GB_STEP_MLOCK_ONFAULT,
	GB_STEP_MUNLOCK,
	GB_STEP_FORK,
	GB_STEP_REF,
	GB_NR_STEP_KINDS
};

enum gb_who { GB_WHO_PIN, GB_WHO_REMOTE, GB_WHO_REMOTE2, GB_NR_WHO };
enum gb_part { GB_PART_ALL, GB_PART_HEAD, GB_PART_TAIL, GB_NR_PART };

struct gb_step {
	enum gb_step_kind kind;
	enum gb_who who;	/* fault= only */
	enum gb_part part;	/* fault= only */
	unsigned kb;		/* mthp= only: the folio size */
};

/* mthp=SIZE's sizes: more than one page, less than a PMD's 2 MiB. */
#define GB_MTHP_MIN_KB	16
#define GB_MTHP_MAX_KB	1024

#define GB_RECIPE_MAX	8
#define GB_RECIPE_TEXT	192

struct gb_recipe {
	int n;
	struct gb_step s[GB_RECIPE_MAX];
};

extern const char *const gb_step_names[GB_NR_STEP_KINDS];
extern const char *const gb_who_names[GB_NR_WHO];
extern const char *const gb_part_names[GB_NR_PART];

/* 0, or -1 with one line in err naming the step and what is wrong. */
int gb_recipe_parse(const char *text, struct gb_recipe *r, char *err, size_t len);
/* Is r one gb_recipe_parse() accepts (explore's moves keep to these)? */
bool gb_recipe_valid(const struct gb_recipe *r);
/* The text form, which parses back to r. */
void gb_recipe_format(const struct gb_recipe *r, char *buf, size_t len);
/* CPUs the recipe's steps name: 1, 2 (remote) or 3 (remote2). */
int gb_recipe_cpus(const struct gb_recipe *r);
bool gb_recipe_has(const struct gb_recipe *r, enum gb_step_kind k);
/* Is k one that chooses the buffer (memfd, thp, mthp=)? */
bool gb_step_is_buffer(enum gb_step_kind k);

/*
 * The recipe the scenario "recipe" prepares from now on (scenarios/
 * recipe.c): --recipe's, or the one explore tries.  0, or -1 with err.
 */
int gb_recipe_use(const char *text, char *err, size_t len);

#endif
