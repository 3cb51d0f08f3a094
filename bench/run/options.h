/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line options as data: one table (options.c) gives each
 * option's name, type, default and help; parsing and --help come from it.
 */
#ifndef GB_OPTIONS_H
#define GB_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../lib/sequential.h"
#include "../output/opt_value.h"

enum gb_cmd {
	GB_CMD_RUN,
	GB_CMD_LIST,
	GB_CMD_PROBE,
	GB_CMD_RESTORE,
	GB_CMD_SCHEMA,
	GB_CMD_HELP,
	GB_CMD_MANPAGE,
	GB_CMD_VERSION,
};

enum gb_counters_mode {
	GB_COUNTERS_ON,
	GB_COUNTERS_OFF,
	GB_COUNTERS_INTERLEAVE,	/* on for even reps, off for odd */
};

struct gb_options {
	enum gb_cmd cmd;
	const char *pinner;
	const char *placement;
	const char *scenario;
	const char *cpus;
	const char *out;
	const char *hw_events;
	const char *counters;
	const char *trace_marker;
	const char *policy;		/* NULL: leave the drain policy alone */
	uint64_t size;
	unsigned int reps;
	const char *adaptive;		/* --adaptive LOOKS, or NULL: --reps */
	const char *recipe;		/* --recipe TEXT (the scenario recipe) */
	unsigned int explore;		/* --explore BUDGET: pin calls, 0: no search */
	unsigned int seed;		/* --seed: explore's */
	bool explore_cmd;		/* invoked as gupbench explore */
	const char *rounds;		/* --rounds DIR: explore between two kernels, planned */
	const char *candidates;		/* --candidates FILE: page states to run, listed */
	unsigned int hold_ms;		/* --hold: pins kept this long before unpin */
	const char *drain_trace;	/* "call" or "folio" */
	const char *load;		/* --load list */
	const char *holder_node;	/* --holder-node: spread, same or other */
	const char *holder_cpus;	/* --holder-cpus: any or isolated */
	unsigned int pinners;		/* --pinners: concurrent pinning threads */
	unsigned int warmup;
	bool quiet;
	bool json;
	bool study_ready;		/* probe: can the study run here? */
	bool doctor;			/* probe: the doctor's lines */
	bool offline_cpus;		/* sweep --cpus by CPU hotplug too */
	bool help;
	bool check_args;		/* run: validate, change nothing */
	int out_fd;			/* --out, already open (a FIFO), or -1 */
	/* Derived */
	enum gb_counters_mode counters_mode;
	struct gb_seq_design design;	/* --adaptive, parsed (nr_looks 0: fixed) */
	int holder_node_pref;		/* enum gb_node_pref (system/topo.h) */
	int argc;
	char **argv;
};

/*
 * gupbench explore's budget when --explore is not given, in pin calls:
 * the 11 fixed scenarios once (66 calls), then half of 480 tries every
 * pair of the recipe primitives once (35 to 42 pairs, 6 calls each), the
 * rest moves around, confirms and shrinks.
 */
#define GB_EXPLORE_BUDGET	560

extern const struct gb_options gb_default_options;

/*
 * Every option of "run" from the one table, in its order, but those that
 * never reach a results file (help, check-args), then every scenario's
 * options: at most max.
 */
int gb_options_values(const struct gb_options *o, struct gb_opt_value *out,
		      int max);

/*
 * Parse argv into *o.  Bad input prints one line naming the problem and
 * exits 2 (it never returns an error).
 */
void gb_options_parse(int argc, char **argv, struct gb_options *o);
void gb_options_help(FILE *f);
/* The same table as a manual page (roff), for man -l. */
void gb_options_man(FILE *f);

/* "64M" -> bytes; 0 on success, -EINVAL or -ERANGE. */
int gb_parse_size(const char *s, uint64_t *out);

#endif
