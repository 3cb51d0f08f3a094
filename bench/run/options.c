// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cases/cases.h"
#include "copin.h"
#include "../gb.h"
#include "options.h"
#include "../system/topo.h"
#include "../system/policy.h"
#include "../lib/roff.h"
#include "../lib/sequential.h"
#include "../cases/recipe.h"


struct opt_def {
	const char *name;
	enum gb_opt_type type;
	size_t off;
	const char *arg;
	const char *help;
	unsigned int cmds;	/* the commands that use it (0: run only) */
	unsigned int min, max;	/* GB_OPT_UINT: the range (max 0: any count) */
	bool unrecorded;	/* run never writes results with it set */
};

#define C(cmd)		(1u << (cmd))
#define C_ALL		(~0u)

#define O(f)	offsetof(struct gb_options, f)

static const struct opt_def opt_defs[] = {
	{ "pinner", GB_OPT_STR, O(pinner), "LIST",
	  "pin paths: io_uring, gup_test, gup_test_fast, iommufd, rdma, or all" },
	{ "placement", GB_OPT_STR, O(placement), "LIST",
	  "where pages sit: normal, movable, cma, any, or all" },
	{ "scenario", GB_OPT_STR, O(scenario), "LIST",
	  "page states (see 'gupbench list'), or all" },
	{ "size", GB_OPT_SIZE, O(size), "SIZE",
	  "buffer pinned per call, with K/M/G suffix",
	  C(GB_CMD_RUN) | C(GB_CMD_LIST) | C(GB_CMD_PROBE) },
	{ "reps", GB_OPT_UINT, O(reps), "N", "measured pin calls per combination",
	  .min = 1, .max = 100000000 },
	{ "recipe", GB_OPT_STR, O(recipe), "TEXT",
	  "the page state of the scenario recipe, as steps (memfd, thp, fault=WHO[:PART], settle, mlock, mlock=onfault, munlock, fork, ref; ';' between): what explore reports replays exactly" },
	{ "explore", GB_OPT_UINT, O(explore), "BUDGET",
	  "in place of the sweep: search page states composed from the recipe steps for the largest difference between the two --policy names (one: against itself, the control) within BUDGET pin calls, confirm and shrink the largest (what 'gupbench explore' does)",
	  .max = 1000000 },
	{ "seed", GB_OPT_UINT, O(seed), "N", "--explore: the search's random seed (the same seed, the same candidates)" },
	{ "rounds", GB_OPT_STR, O(rounds), "DIR",
	  "--explore between two kernels, on the host: plan the search's next round in DIR (round-K.plan, for --candidates in a boot of each kernel) from the rounds' values there (round-K.base.tsv, round-K.cand.tsv: gbstat candidates), or write its findings there once it is done; runs no call and changes nothing (vm/explore-kernels.sh drives it)",
	  .unrecorded = true },
	{ "candidates", GB_OPT_STR, O(candidates), "FILE",
	  "in place of the sweep: run each page state FILE lists (a line: SCENARIO PINNER PLACEMENT CPUS CALLS [RECIPE]) for its own calls, on its own pin path, placement and CPU count (what explore between two kernels boots each kernel on)" },
	{ "adaptive", GB_OPT_STR, O(adaptive), "LOOKS",
	  "in place of --reps: calls a policy at each look (e.g. 4,8,12); a combination runs on to the next look only while a comparison of its --policy list is undecided (docs/gate.md)" },
	{ "warmup", GB_OPT_UINT, O(warmup), "N",
	  "pin calls each combination runs first (its policies in turn), recorded as warmup" },
	{ "cpus", GB_OPT_STR, O(cpus), "LIST",
	  "CPU counts with non-empty LRU batches before each pin: 1,2,4,all, or pow2 (1,2,4,... and all)" },
	{ "out", GB_OPT_STR, O(out), "FILE",
	  "JSON Lines results ('-' for stdout)" },
	{ "hw-events", GB_OPT_STR, O(hw_events), "LIST",
	  "libpfm4 event names counted on the pinning thread ('' for none)",
	  C(GB_CMD_RUN) | C(GB_CMD_PROBE) },
	{ "counters", GB_OPT_STR, O(counters), "MODE",
	  "on, off, or interleave (alternate reps: the cost of measuring)" },
	{ "drain-trace", GB_OPT_STR, O(drain_trace), "WHAT",
	  "drain decisions from one event per pin call (call) or also per folio (folio: costly, cross-checked)" },
	{ "policy", GB_OPT_STR, O(policy), "LIST",
	  "drain policies to sweep (patched kernels; listed below), or all" },
	{ "trace-marker", GB_OPT_STR, O(trace_marker), "INSTANCE",
	  "write per-call markers into this tracefs instance (cross-checks)" },
	{ "offline-cpus", GB_OPT_FLAG, O(offline_cpus), NULL,
	  "also take the CPUs beyond each --cpus count offline (root; restored on exit)" },
	{ "load", GB_OPT_STR, O(load), "LIST",
	  "what the batch-holder CPUs do during each call: idle, busy, fifo, faulters, spin (a user-space spinner that times its own loop: an isolated CPU's polling thread), or all" },
	{ "holder-node", GB_OPT_STR, O(holder_node), "WHERE",
	  "on a NUMA machine, the CPUs beside the pinning one (batch holders, the remote CPU): spread (across packages), same (the pinning CPU's node first) or other (other nodes first)" },
	{ "holder-cpus", GB_OPT_STR, O(holder_cpus), "WHICH",
	  "any (the spread order) or isolated: the isolated CPUs (isolcpus=, nohz_full=, as sysfs lists them) right after the pinning CPU, so batch holders, the remote CPU and --load (spin: the isolated-CPU spinner) run there first" },
	{ "pinners", GB_OPT_UINT, O(pinners), "K",
	  "pinning threads released together, each on its own CPU with its own buffer",
	  .min = 1, .max = GB_MAX_COPIN + 1 },
	{ "hold", GB_OPT_UINT, O(hold_ms), "MS",
	  "keep each held longterm pin MS ms before unpinning (checks from outside)",
	  .max = 3600000 },
	{ "check-args", GB_OPT_FLAG, O(check_args), NULL,
	  "check every option as run would, change nothing, exit 0 or 2 (for run_bench.sh: before a build or a boot)",
	  .unrecorded = true },
	{ "quiet", GB_OPT_FLAG, O(quiet), NULL, "no summary table or progress" },
	{ "study-ready", GB_OPT_FLAG, O(study_ready), NULL,
	  "probe: print nothing; exit 0 when this machine can run the study itself (ZONE_MOVABLE or CMA, and the drain-policy switch), else 4 with the reason",
	  C(GB_CMD_PROBE), .unrecorded = true },
	{ "doctor", GB_OPT_FLAG, O(doctor), NULL,
	  "probe: what this machine offers the study, a line per piece with the command for each missing one (vm/doctor.sh prints it)",
	  C(GB_CMD_PROBE), .unrecorded = true },
	{ "json", GB_OPT_FLAG, O(json), NULL, "list/probe: print JSON",
	  C(GB_CMD_LIST) | C(GB_CMD_PROBE) },
	{ "help", GB_OPT_FLAG, O(help), NULL, "this help", C_ALL, .unrecorded = true },
};

const struct gb_options gb_default_options = {
	.cmd = GB_CMD_RUN,
	.pinner = "io_uring",
	.placement = "any",
	.scenario = GB_SCENARIOS_DEFAULT,
	.cpus = "1",
	.out = "gupbench.jsonl",
	.hw_events = "cycles,instructions",
	.counters = "on",
	.drain_trace = "call",
	.load = "idle",
	.holder_node = "spread",
	.holder_cpus = "any",
	.pinners = 1,
	.trace_marker = NULL,
	.size = 64ull << 20,
	.reps = 10,
	.warmup = 1,
};

static const struct {
	const char *name;
	enum gb_cmd cmd;
	const char *help;
} commands[] = {
	{ "run", GB_CMD_RUN, "pin, measure, write JSON Lines and a summary" },
	{ "explore", GB_CMD_RUN, "run --explore 560 unless --explore is given: search composed page states for where two drain policies differ" },
	{ "list", GB_CMD_LIST, "pinners, placements and scenarios, each supported or not, and why" },
	{ "probe", GB_CMD_PROBE, "what this kernel offers: zones, CMA, kprobes, tracepoints, gup_test, PMU" },
	{ "restore", GB_CMD_RESTORE, "undo system changes left by a gupbench that was killed" },
	{ "schema", GB_CMD_SCHEMA, "one sample record of each scenario as written, every key present (what analysis may read)" },
	{ "help", GB_CMD_HELP, "this help" },
	{ "manpage", GB_CMD_MANPAGE, "this help as a manual page (roff: man -l)" },
	{ "version", GB_CMD_VERSION, "print the version" },
};

int gb_parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: break;
	}
	if (*end == 'i' && shift)	/* KiB, MiB; a bare "4096i" is no size */
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		return -EINVAL;
	if (shift && v > (~0ull >> shift))
		return -ERANGE;
	*out = (uint64_t)v << shift;
	return 0;
}

/* "--size SIZE" and " [64M]": what help and the manual page show. */
static void opt_text(const struct opt_def *d, char *synopsis, size_t slen,
		     char *def, size_t dlen)
{
	const void *p = (const char *)&gb_default_options + d->off;

	snprintf(synopsis, slen, "--%s%s%s", d->name, d->arg ? " " : "",
		 d->arg ? d->arg : "");
	def[0] = '\0';
	if (d->type == GB_OPT_STR && *(const char *const *)p)
		snprintf(def, dlen, "%s", *(const char *const *)p);
	else if (d->type == GB_OPT_UINT)
		snprintf(def, dlen, "%u", *(const unsigned int *)p);
	else if (d->type == GB_OPT_SIZE)
		snprintf(def, dlen, "%lluM",
			 (unsigned long long)(*(const uint64_t *)p >> 20));
}

/*
 * The scenarios' own options, in table order: the k-th, or NULL past the
 * last; *sc says whose.
 */
static const struct gb_scenario_opt *scenario_opt(int k, const struct gb_scenario **sc)
{
	const struct gb_scenario_opt *so;
	int i;

	for (i = 0; gb_scenarios[i]; i++)
		for (so = gb_scenarios[i]->options; so && so->name; so++)
			if (!k--) {
				*sc = gb_scenarios[i];
				return so;
			}
	return NULL;
}

static const char exit_codes[] =
	"0 pass, 1 a check failed, 2 usage error, 4 skipped (reason on stderr and in the results)";

void gb_options_help(FILE *f)
{
	const struct gb_scenario_opt *so;
	const struct gb_scenario *sc;
	size_t i;
	char buf[64], def[96];

	fprintf(f, "usage: gupbench COMMAND [OPTIONS]\n\ncommands:\n");
	for (i = 0; i < GB_ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\noptions:\n");
	for (i = 0; i < GB_ARRAY_SIZE(opt_defs); i++) {
		opt_text(&opt_defs[i], buf, sizeof(buf), def, sizeof(def));
		fprintf(f, "  %-24s %s%s%s%s\n", buf, opt_defs[i].help,
			*def ? " [" : "", def, *def ? "]" : "");
	}
	fprintf(f, "\nscenario options (run; each belongs to one scenario):\n");
	for (i = 0; (so = scenario_opt((int)i, &sc)); i++) {
		snprintf(buf, sizeof(buf), "--%s %s", so->name, so->arg);
		fprintf(f, "  %-24s %s: %s [%u]\n", buf, sc->name, so->help, so->def);
	}
	fprintf(f, "\ndrain policies (--policy):\n");
	for (i = 0; i < GB_NR_POLICIES; i++)
		fprintf(f, "  %-22s %s\n", gb_policies[i].name, gb_policies[i].summary);
	fprintf(f, "\nexit codes: %s\n", exit_codes);
}

/* The commands an option belongs to: "run, list, probe". */
static void opt_cmds(FILE *f, const struct opt_def *d)
{
	unsigned int mask = d->cmds ? d->cmds : C(GB_CMD_RUN);
	size_t i;
	int n = 0;

	if (mask == C_ALL) {
		fputs("every command", f);
		return;
	}
	for (i = 0; i < GB_ARRAY_SIZE(commands); i++)
		if (mask & C(commands[i].cmd))
			fprintf(f, "%s%s", n++ ? ", " : "", commands[i].name);
}

void gb_options_man(FILE *f)
{
	const struct gb_scenario_opt *so;
	const struct gb_scenario *sc;
	char buf[64], def[96];
	size_t i;

	fprintf(f, ".TH GUPBENCH 1 \"\" \"gupbench %s\" \"gupbench manual\"\n", GB_VERSION);
	fputs(".SH NAME\ngupbench \\- what longterm GUP pinning and LRU drains cost\n"
	      ".SH SYNOPSIS\n.B gupbench\n.I COMMAND\n[\\fIOPTIONS\\fR]\n"
	      ".SH DESCRIPTION\n"
	      "gupbench pins buffers with FOLL_LONGTERM (io_uring fixed buffers, gup_test) "
	      "whose pages sit in ZONE_MOVABLE or CMA and must be migrated first, in page "
	      "states that decide whether the kernel drains the per\\-CPU LRU batches, and "
	      "counts what each pin call did: drains, drain works, IPIs, migrations, "
	      "failures, with the time each took.  It writes JSON Lines (one envelope, "
	      "one record per call, one end record) and a summary table;\n"
	      ".BR gbstat (1)\n"
	      "compares, gates and draws them.  Options and this page come from one "
	      "table in the source, as does\n.BR \"gupbench help\" .\n", f);
	fputs(".SH COMMANDS\n", f);
	for (i = 0; i < GB_ARRAY_SIZE(commands); i++) {
		fprintf(f, ".TP\n.B %s\n", commands[i].name);
		gb_roff(f, commands[i].help);
		fputc('\n', f);
	}
	fputs(".SH OPTIONS\n", f);
	for (i = 0; i < GB_ARRAY_SIZE(opt_defs); i++) {
		const struct opt_def *d = &opt_defs[i];

		opt_text(d, buf, sizeof(buf), def, sizeof(def));
		fputs(".TP\n.B ", f);
		gb_roff(f, buf);
		fputc('\n', f);
		gb_roff(f, d->help);
		fputs(".  (", f);
		opt_cmds(f, d);
		if (*def) {
			fputs("; default: ", f);
			gb_roff(f, def);
		}
		if (d->max)
			fprintf(f, "; %u to %u", d->min, d->max);
		fputs(")\n", f);
	}
	fputs(".SH SCENARIO OPTIONS\n"
	      "Options of \\fBrun\\fR that one scenario declares in its own file "
	      "and reads itself:\n", f);
	for (i = 0; (so = scenario_opt((int)i, &sc)); i++) {
		snprintf(buf, sizeof(buf), "--%s %s", so->name, so->arg);
		fputs(".TP\n.B ", f);
		gb_roff(f, buf);
		fputc('\n', f);
		gb_roff(f, sc->name);
		fputs(": ", f);
		gb_roff(f, so->help);
		fprintf(f, ".  (default: %u; %u to %u)\n", so->def, so->min, so->max);
	}
	fputs(".SH DRAIN POLICIES\n"
	      "With the patched kernel (kernel\\-configs/patches), \\fB\\-\\-policy\\fR "
	      "sweeps the drain heuristic of __gup_longterm_locked():\n", f);
	for (i = 0; i < GB_NR_POLICIES; i++) {
		fprintf(f, ".TP\n.B %s\n", gb_policies[i].name);
		gb_roff(f, gb_policies[i].summary);
		fputc('\n', f);
	}
	fputs(".SH EXIT STATUS\n", f);
	gb_roff(f, exit_codes);
	fputs("\n.SH FILES\n"
	      ".TP\n.I /run/gupbench/*.journal\n"
	      "every system change a run makes, undone on exit or by the next run "
	      "(\\fBgupbench restore\\fR)\n"
	      ".SH SEE ALSO\n.BR gbstat (1),\n.BR perf (1);\n"
	      "docs/ in the source: cases, counters, the gate, the VM runner.\n", f);
}

/* A count in [min, max] (max 0: any), or exit 2 naming the option. */
static unsigned int parse_count(const char *name, const char *val,
				unsigned int min, unsigned int max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(val, &end, 10);
	if (errno || end == val || *end || *val == '-' || v > 100000000)
		gb_die(GB_EXIT_USAGE, "--%s: '%s' is not a count", name, val);
	if (max && (v < min || v > max))
		gb_die(GB_EXIT_USAGE, "--%s: %lu is not from %u to %u",
		       name, v, min, max);
	return (unsigned int)v;
}

static void set_value(const struct opt_def *d, struct gb_options *o,
		      const char *val)
{
	void *p = (char *)o + d->off;
	int err;

	switch (d->type) {
	case GB_OPT_STR:
		*(const char **)p = val;
		break;
	case GB_OPT_FLAG:
		*(bool *)p = true;
		break;
	case GB_OPT_UINT:
		*(unsigned int *)p = parse_count(d->name, val, d->min, d->max);
		break;
	case GB_OPT_SIZE:
		err = gb_parse_size(val, (uint64_t *)p);
		if (err)
			gb_die(GB_EXIT_USAGE, "--%s: '%s' is not a size (e.g. 4K, 64M, 1G)",
			       d->name, val);
		break;
	}
}

static void check_size(const struct gb_options *o)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned long long phys = (unsigned long long)sysconf(_SC_PHYS_PAGES) *
				  (unsigned long long)page;

	if (!o->size)
		gb_die(GB_EXIT_USAGE, "--size: must be at least one page (%ld bytes)",
		       page);
	if (o->size % (uint64_t)page)
		gb_die(GB_EXIT_USAGE, "--size: %llu is not a multiple of the %ld-byte page size",
		       (unsigned long long)o->size, page);
	/* --check-args speaks for another machine (a VM): its memory is not ours. */
	if (o->size > phys / 2 && !o->check_args)
		gb_die(GB_EXIT_USAGE, "--size: %llu bytes is more than half of this machine's %llu bytes of memory",
		       (unsigned long long)o->size, phys);
}

/*
 * Where the results go, checked before anything changes the system: a
 * file (new or not; /dev/null too), a FIFO with a reader, or '-'.  A
 * FIFO with no reader would hang the run after its first system change;
 * a folder is no results file; a path too long would be cut.
 */
static void check_out_path(struct gb_options *o)
{
	const char *out = o->out;
	char dir[PATH_MAX];
	struct stat st;
	const char *slash;

	if (!*out)
		gb_die(GB_EXIT_USAGE, "--out: needs a file name or '-'");
	if (!strcmp(out, "-"))
		return;
	if (strlen(out) + sizeof(".tmp") > PATH_MAX)
		gb_die(GB_EXIT_USAGE, "--out: the path is longer than %d bytes", PATH_MAX - 5);
	if (!stat(out, &st)) {
		int fd;

		if (S_ISDIR(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISBLK(st.st_mode))
			gb_die(GB_EXIT_USAGE, "--out: '%s' is %s, not a results file", out,
			       S_ISDIR(st.st_mode) ? "a folder" : "not a file");
		/*
		 * Opening a FIFO for writing waits for a reader: ask without
		 * waiting, and keep what opened as the output (closing it
		 * would end the reader's input before any result).
		 */
		if (S_ISFIFO(st.st_mode)) {
			fd = open(out, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
			if (fd < 0)
				gb_die(GB_EXIT_USAGE, "--out: '%s' is a FIFO %s", out,
				       errno == ENXIO ? "with no reader" : strerror(errno));
			if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK))
				gb_die(GB_EXIT_USAGE, "--out: '%s': %s", out, strerror(errno));
			o->out_fd = fd;
		}
		if (access(out, W_OK))
			gb_die(GB_EXIT_USAGE, "--out: cannot write %s: %s", out, strerror(errno));
		return;
	}
	slash = strrchr(out, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - out) + 1 : 1,
		 slash ? out : ".");
	if (access(dir, W_OK | X_OK))
		gb_die(GB_EXIT_USAGE, "--out: cannot write %s: %s", out, strerror(errno));
}

int gb_options_values(const struct gb_options *o, struct gb_opt_value *out,
		      int max)
{
	const struct gb_scenario_opt *so;
	const struct gb_scenario *sc;
	size_t i;
	int n = 0;

	for (i = 0; i < GB_ARRAY_SIZE(opt_defs) && n < max; i++) {
		const struct opt_def *d = &opt_defs[i];
		const void *p = (const char *)o + d->off;
		struct gb_opt_value *v = &out[n];
		char *c;

		if (d->unrecorded || !((d->cmds ? d->cmds : C(GB_CMD_RUN)) & C(GB_CMD_RUN)))
			continue;
		/* JSON keys: drain_trace for --drain-trace. */
		snprintf(v->key, sizeof(v->key), "%s", d->name);
		for (c = v->key; *c; c++)
			if (*c == '-')
				*c = '_';
		v->kind = d->type;
		v->str = d->type == GB_OPT_STR ? *(const char *const *)p : NULL;
		v->num = d->type == GB_OPT_UINT ? *(const unsigned int *)p :
			 d->type == GB_OPT_SIZE ? *(const uint64_t *)p :
			 d->type == GB_OPT_FLAG ? *(const bool *)p : 0;
		n++;
	}
	for (i = 0; n < max && (so = scenario_opt((int)i, &sc)); i++, n++) {
		struct gb_opt_value *v = &out[n];
		char *c;

		snprintf(v->key, sizeof(v->key), "%s", so->name);
		for (c = v->key; *c; c++)
			if (*c == '-')
				*c = '_';
		v->kind = GB_OPT_UINT;
		v->str = NULL;
		v->num = *so->value;
	}
	return n;
}

/* getopt's value for the k-th scenario option: past the table's indexes. */
#define SCENARIO_OPT	1000

void gb_options_parse(int argc, char **argv, struct gb_options *o)
{
	struct option longs[GB_ARRAY_SIZE(opt_defs) + GB_MAX_OPT_VALUES + 1];
	const struct gb_scenario_opt *so;
	const struct gb_scenario *sc;
	char why[160];
	size_t i, k;
	int c, idx;

	*o = gb_default_options;
	o->out_fd = -1;
	o->argc = argc;
	o->argv = argv;
	/* No command is a usage error, as for gbstat: help, exit 2. */
	if (argc < 2) {
		gb_options_help(stderr);
		exit(GB_EXIT_USAGE);
	}
	for (i = 0; i < GB_ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			break;
	if (i == GB_ARRAY_SIZE(commands)) {
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			o->cmd = GB_CMD_HELP;
			return;
		}
		if (!strcmp(argv[1], "--version")) {
			o->cmd = GB_CMD_VERSION;
			return;
		}
		gb_die(GB_EXIT_USAGE, "unknown command '%s' (try 'gupbench help')",
		       argv[1]);
	}
	o->cmd = commands[i].cmd;
	o->explore_cmd = !strcmp(commands[i].name, "explore");

	for (i = 0; i < GB_ARRAY_SIZE(opt_defs); i++) {
		longs[i] = (struct option){ opt_defs[i].name,
			opt_defs[i].type == GB_OPT_FLAG ? no_argument
						   : required_argument,
			NULL, (int)i };
	}
	for (k = 0; i < GB_ARRAY_SIZE(longs) - 1 && (so = scenario_opt((int)k, &sc)); k++, i++) {
		*so->value = so->def;
		longs[i] = (struct option){ so->name, required_argument, NULL,
					    SCENARIO_OPT + (int)k };
	}
	memset(&longs[i], 0, sizeof(longs[i]));
	/* -h and --version after a command, like every tool's. */
	for (c = 2; c < argc; c++) {
		if (!strcmp(argv[c], "-h"))
			argv[c] = (char *)"--help";
		else if (!strcmp(argv[c], "--version")) {
			o->cmd = GB_CMD_VERSION;
			return;
		}
	}
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, ":", longs, &idx)) != -1) {
		if (c == '?')
			gb_die(GB_EXIT_USAGE, "unknown option '%s' (try 'gupbench help')",
			       argv[optind - 1]);
		if (c == ':')
			gb_die(GB_EXIT_USAGE, "option '%s' needs a value",
			       argv[optind - 1]);
		if (c >= SCENARIO_OPT) {
			so = scenario_opt(c - SCENARIO_OPT, &sc);
			if (o->cmd != GB_CMD_RUN)
				gb_die(GB_EXIT_USAGE, "--%s is not an option of '%s' (try 'gupbench help')",
				       so->name, argv[1]);
			*so->value = parse_count(so->name, optarg, so->min, so->max);
			continue;
		}
		if (!((opt_defs[c].cmds ? opt_defs[c].cmds : C(GB_CMD_RUN)) & C(o->cmd)))
			gb_die(GB_EXIT_USAGE, "--%s is not an option of '%s' (try 'gupbench help')",
			       opt_defs[c].name, argv[1]);
		set_value(&opt_defs[c], o, optarg);
	}
	if (optind < argc)
		gb_die(GB_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
	if (o->help)
		o->cmd = GB_CMD_HELP;

	if (!strcmp(o->counters, "on"))
		o->counters_mode = GB_COUNTERS_ON;
	else if (!strcmp(o->counters, "off"))
		o->counters_mode = GB_COUNTERS_OFF;
	else if (!strcmp(o->counters, "interleave"))
		o->counters_mode = GB_COUNTERS_INTERLEAVE;
	else
		gb_die(GB_EXIT_USAGE, "--counters: '%s' is not on, off or interleave",
		       o->counters);
	if (!strcmp(o->holder_node, "spread"))
		o->holder_node_pref = GB_NODE_SPREAD;
	else if (!strcmp(o->holder_node, "same"))
		o->holder_node_pref = GB_NODE_SAME;
	else if (!strcmp(o->holder_node, "other"))
		o->holder_node_pref = GB_NODE_OTHER;
	else
		gb_die(GB_EXIT_USAGE, "--holder-node: '%s' is not spread, same or other",
		       o->holder_node);
	if (strcmp(o->holder_cpus, "any") && strcmp(o->holder_cpus, "isolated"))
		gb_die(GB_EXIT_USAGE, "--holder-cpus: '%s' is not any or isolated",
		       o->holder_cpus);
	if (strcmp(o->drain_trace, "call") && strcmp(o->drain_trace, "folio"))
		gb_die(GB_EXIT_USAGE, "--drain-trace: '%s' is not call or folio",
		       o->drain_trace);
	/*
	 * A tracefs instance's name, nothing more: it becomes a path under
	 * tracefs/instances/ ("../.." would reach the top trace_marker).
	 */
	if (o->trace_marker && (!*o->trace_marker || strlen(o->trace_marker) > 64 ||
				*o->trace_marker == '.' ||
				strspn(o->trace_marker, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") !=
				strlen(o->trace_marker)))
		gb_die(GB_EXIT_USAGE, "--trace-marker: '%s' is not a tracefs instance name (letters, digits, '_', '.', '-'; not starting with '.')",
		       o->trace_marker);
	if (o->adaptive && gb_seq_parse(o->adaptive, &o->design, why, sizeof(why)))
		gb_die(GB_EXIT_USAGE, "--adaptive: %s", why);
	if (o->explore_cmd && !o->explore)
		o->explore = GB_EXPLORE_BUDGET;
	if (o->explore && o->adaptive)
		gb_die(GB_EXIT_USAGE, "--explore: its own design (a few calls a candidate); leave out --adaptive");
	if (o->rounds && !o->explore)
		gb_die(GB_EXIT_USAGE, "--rounds: plans an explore between two kernels; give --explore BUDGET");
	if (o->candidates && (o->explore || o->adaptive || o->recipe ||
			      o->scenario != gb_default_options.scenario))
		gb_die(GB_EXIT_USAGE, "--candidates: each line names its own page state and calls; leave out --explore, --adaptive, --recipe and --scenario");
	if (o->explore && o->recipe)
		gb_die(GB_EXIT_USAGE, "--explore: composes its own recipes; leave out --recipe");
	if (o->explore && o->scenario == gb_default_options.scenario)
		o->scenario = "recipe";
	if (o->recipe && gb_recipe_use(o->recipe, why, sizeof(why)))
		gb_die(GB_EXIT_USAGE, "--recipe: %s", why);
	/* A recipe is the scenario "recipe"'s page state: it names it. */
	if (o->recipe && o->scenario == gb_default_options.scenario)
		o->scenario = "recipe";
	if (o->cmd == GB_CMD_RUN) {
		check_size(o);
		check_out_path(o);
	}
}
