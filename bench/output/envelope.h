/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The first record of every results file: what ran, on what kernel and
 * machine, with which memory layout, and what was supported or not.
 * Comparisons use it as the run's fingerprint.
 */
#ifndef GB_ENVELOPE_H
#define GB_ENVELOPE_H

#include "../cases/cases.h"
#include "../measure/counters.h"
#include "../system/machine.h"
#include "../system/journal.h"
#include "../lib/json.h"
#include "../lib/sequential.h"
#include "opt_value.h"
#include "../system/policy.h"
#include "../system/ksource.h"
#include "../system/vmhost.h"

#define GB_MAX_CHANGES	32

/*
 * How many calls each case got: a fixed design (reps each) or the
 * adaptive one (run/adaptive.h), with the level its stops had to reach
 * and the metrics they looked at.
 */
struct gb_design {
	struct gb_seq_design seq;	/* nr_looks 0: fixed */
	unsigned reps;
	unsigned explore, seed;		/* --explore's budget (0: none) and seed */
	double alpha, alpha_one;
	bool times;
	const char *metrics[16];
	int nr_metrics;
};

struct gb_envelope {
	int argc;
	char **argv;
	char started[32];		/* UTC, ISO 8601 */
	char release[128];
	char kversion[256];
	char machine[64];
	char host[256];			/* gethostname(): who ran it */
	char cmdline[2048];
	char config_hash[32];		/* "" when no config was found */
	char config_source[128];
	struct gb_ksource source;	/* which source built it (run-vm.sh's) */
	const struct gb_topo *topo;
	const struct gb_isolation *iso;
	const char *clocksource;	/* "" unread */
	long page_size;			/* bytes: 4K, 16K or 64K on arm64; 0 unread */
	const struct gb_layout *layout;
	struct gb_opt_value opts[GB_MAX_OPT_VALUES];	/* the run's options */
	int nr_opts;
	const char *ctr_reason[GB_CTR_NR];	/* NULL = available */
	bool counters_off;
	int nr_hw;
	struct gb_hw_count hw[GB_MAX_HW];
	const char *pinner_reason[16];		/* by table index */
	const char *placement_reason[16];
	const char *scenario_reason[16];
	int nr_changes;
	char changes[GB_MAX_CHANGES][512];
	struct gb_policy_switch policy_sw;	/* the drain-policy switch */
	int nr_recovered;			/* dead runs' changes put back */
	char recovered[GB_RECOVERED_MAX][512];
	char reason_buf[48][GB_REASON_MAX];
	struct gb_vmhost vm;			/* how run-vm.sh shaped the VM */
	struct gb_design design;
};

/*
 * Fill everything from the running system: the probed machine, the
 * command line and the options' values (run/options.c), the counters as
 * opened (NULL: counters off) and each case's supported() verdict.
 */
void gb_envelope_fill(struct gb_envelope *e, const struct gb_machine *m,
		      int argc, char **argv,
		      const struct gb_opt_value *opts, int nr_opts,
		      const struct gb_counters *c);
void gb_emit_envelope(struct gb_json *j, const struct gb_envelope *e);

#endif
