/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading gupbench results files (every schema version, read/versions.h): a run's
 * fingerprint and its per-call metric values, nothing more.
 */
#ifndef GBA_RESULTS_H
#define GBA_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

/* The one results format both gupbench and gbstat speak. */
#include "../../bench/lib/sequential.h"
#include "../../bench/output/schema.h"
#define GBA_SCHEMA	GB_SCHEMA

#include "../metrics.h"

/* One pin call: NAN where the value was null or does not apply. */
struct gba_call {
	int run;			/* index into the results' runs */
	char key[256];			/* pinner/placement/scenario/cpusN/size (a recipe: recipe[STEPS]) */
	/* The key's parts, as fields: nothing parses the key back. */
	char pinner[32], scenario[48], placement[32], load[32];
	char recipe[192];		/* the scenario recipe's steps ("": another scenario) */
	int cpus, pinners;
	int spinners;			/* --load spin: spinners beside the pin (0: none) */
	char variant[96];		/* kernel release [+ policy] */
	const char *policy;		/* interned, or NULL */
	double num[GBA_NR_METRICS];
	double den[GBA_NR_METRICS];
	double pin_ns;
};

/* Where an adaptive run stopped one combination, and why (its stop record). */
struct gba_stop {
	char pinner[32], placement[32], scenario[48];
	int cpus;
	unsigned calls;			/* a policy */
	int look;			/* 0-based */
	char reason[16];		/* decided, undecided, conditions */
	char why[400];
};

/* A difference gupbench explore confirmed (its finding record). */
struct gba_finding {
	int rank, cpus;
	char recipe[192], pinner[32], placement[32], metric[64];
	char scenario[64];		/* a fixed scenario's ("": the recipe's) */
	char base_policy[64], cand_policy[64];
	double base, cand, p;		/* p: NAN when not computed */
	unsigned base_calls, cand_calls;
	bool every_call;
	char reproduce[600];
};

struct gba_run {
	char path[256];
	int version;			/* its schema's (read/versions.h) */
	const char *label;		/* "base"/"cand" in a kernel gate, or NULL */
	char release[128];
	char kversion[256];		/* uname -v: the build's #N and date */
	char source[320];		/* "built from ..." the kernel, or why unknown */
	char cpu_model[128];
	char topology[256];
	char fingerprint[512];		/* machine + layout + options */
	char started[32];
	bool tcg;			/* gupbench.accel=tcg on the cmdline */
	/*
	 * KVM on a host that is itself virtual (envelope vm.host_virtual):
	 * "vm" nested, "tcg" nested on emulated SVM; "" bare metal or
	 * unknown.  Times are shown, marked, and on "tcg" not gated.
	 */
	char nested[8];
	int numa_nodes;			/* the machine's, as gupbench saw it */
	char lossy[512];		/* tracepoints perf dropped samples of */
	/* Calls that missed their conditions: in the file, not in the stats. */
	size_t excluded;
	char excluded_first[256];	/* what the first of them missed */
	double scale[GBA_NR_METRICS];	/* recorded unit -> metric unit */
	/*
	 * The design: fixed (nr_looks 0: --reps calls each) or adaptive,
	 * its looks from the envelope and its spending from
	 * bench/lib/sequential.c (never from the file), and where each
	 * combination stopped.
	 */
	struct gb_seq_design design;
	unsigned reps;			/* fixed: calls each; 0 unknown */
	struct gba_stop *stops;
	size_t nr_stops;
	/* An explore run: its search (explore record) and what it found. */
	bool explored;
	unsigned explore_budget, explore_calls, explore_candidates;
	double explore_alpha;
	struct gba_finding *findings;
	size_t nr_findings;
	/* Why a metric had no value, from the first call without one. */
	char absent[GBA_NR_METRICS][160];
};

struct gba_results {
	struct gba_run *runs;
	int nr_runs;
	struct gba_call *calls;
	size_t nr_calls;
};

/* The largest results file read, and the longest line in one. */
#define GBA_MAX_FILE	(1ull << 30)
#define GBA_MAX_LINE	(1u << 20)

/*
 * Add the runs in files to r (zeroed first by the caller); each file is
 * one run, and label, when not NULL, names the side they are on (it
 * leads each call's variant: "base 6.12.117").  On unusable input
 * returns -1 with one line in err naming the file, the line and the
 * problem (truncated, foreign, wrong schema, wrong type, two runs in one
 * file, not a regular file).  Calls marked conditions_met: false are
 * left out (counted in their run's excluded, with a warning on stderr).
 */
int gba_load(struct gba_results *r, char *const *paths, int n,
	     const char *label, char *err, size_t len);
/*
 * One run from a file's bytes already in memory (the store imports
 * exactly what it validated: the file is read once), named name in
 * messages; 0, or -1 with one line in err.
 */
int gba_load_text(struct gba_results *r, const char *text, size_t n,
		  const char *name, char *err, size_t len);
void gba_free(struct gba_results *r);

/*
 * The look (0-based) at which the run's adaptive design stopped the
 * call's combination (its stop record; without one, the first look);
 * -1 in a fixed design.
 */
int gba_stop_look(const struct gba_run *run, const struct gba_call *c);
/* Is this metric's value a lower bound in this run? */
bool gba_lower_bound(const struct gba_run *run, enum gba_metric m);
/* "@failed" or "@pages_per_s": a value the reader computes from several fields. */
bool gba_computed_known(const char *name);

#endif
