// SPDX-License-Identifier: GPL-2.0
/*
 * Golden test of the JSON Lines emitter: fixed records must produce
 * byte-identical output.  "test_emit GOLDEN --update" rewrites the file
 * (review the diff before committing it).
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "../output/envelope.h"
#include "../output/record.h"
#include "../run/options.h"
#include "../run/verdict.h"

static char vm_plan[4096], ksource[4096];

static void fixed_envelope(struct gb_envelope *e, struct gb_layout *l,
			   struct gb_topo *t, struct gb_options *o)
{
	static char *argv[] = { "gupbench", "run", "--out", "x \"quoted\"\tjsonl" };
	char why[160];
	int i;

	memset(l, 0, sizeof(*l));
	l->nr_zones = 2;
	l->zones[0] = (struct gb_zone){ .node = 0, .name = "Normal",
		.start_pfn = 4096, .spanned = 1000, .present = 900,
		.managed = 800, .free = 700, .cma = 64, .free_cma = 60 };
	l->zones[1] = (struct gb_zone){ .node = 0, .name = "Movable",
		.start_pfn = 5096, .spanned = 512, .present = 512,
		.managed = 512, .free = 500 };
	l->nr_cma = 1;
	l->cma[0] = (struct gb_cma_area){ .name = "reserved",
		.base_pfn = 4200, .count = 64, .used = 4 };
	memset(t, 0, sizeof(*t));
	t->nr_cpus = 2;
	t->order[0] = 0;
	t->order[1] = 1;
	t->packages = 1;
	t->cores = 2;
	t->pus = 2;
	t->numa_nodes = 1;
	snprintf(t->cpu_model, sizeof(t->cpu_model), "Test CPU");
	snprintf(t->summary, sizeof(t->summary), "1 package(s), 2 PU(s)");
	*o = gb_default_options;

	memset(e, 0, sizeof(*e));
	e->argc = 4;
	e->argv = argv;
	snprintf(e->started, sizeof(e->started), "2026-01-02T03:04:05Z");
	snprintf(e->release, sizeof(e->release), "6.12.117-test");
	snprintf(e->kversion, sizeof(e->kversion), "#1 SMP");
	snprintf(e->machine, sizeof(e->machine), "x86_64");
	snprintf(e->cmdline, sizeof(e->cmdline), "movablecore=256M cma=128M");
	e->topo = t;
	e->layout = l;
	e->nr_opts = gb_options_values(o, e->opts, GB_MAX_OPT_VALUES);
	for (i = 0; i < GB_CTR_NR; i++)
		e->ctr_reason[i] = i < 4 ? "no kprobe PMU" : NULL;
	e->nr_hw = 1;
	snprintf(e->hw[0].name, sizeof(e->hw[0].name), "cycles");
	e->hw[0].count = gb_count_null("not supported");
	e->pinner_reason[1] = "needs CONFIG_GUP_TEST";
	e->nr_changes = 1;
	snprintf(e->changes[0], sizeof(e->changes[0]),
		 "set /sys/kernel/mm/transparent_hugepage/enabled: never -> madvise");
	/* gbvmplan's plan for 4 pinned vCPUs on a 2-node host (fixtures/). */
	setenv("GB_VM_PLAN", vm_plan, 1);
	gb_vmhost_read(&e->vm);
	/* The provenance file the kernel cache keeps beside an image. */
	setenv("GB_KERNEL_SOURCE", ksource, 1);
	gb_ksource_read(&e->source);
	CHECK(e->source.present);
	/* An adaptive design (run/adaptive.h), as --adaptive 4,8,12 writes it. */
	CHECK(!gb_seq_parse("4,8,12", &e->design.seq, why, sizeof(why)));
	e->design.reps = 10;
	e->design.alpha = 0.05;
	e->design.alpha_one = 0.05 / 1024;
	e->design.metrics[e->design.nr_metrics++] = "@failed";
	e->design.metrics[e->design.nr_metrics++] = "counters.drains_all";
}

/* A provenance file is taken whole or not at all. */
static void check_ksource_refusals(void)
{
	static const char *const bad[] = {
		"",					/* no kind */
		"package linux-source-6.12\n",		/* no kind */
		"kind debian-source\nsha256 123\n",	/* not a SHA-256 */
		"kind debian-source\nversion 6.12\x1b[2J\n",	/* a control character */
		"kind sometimes\n",			/* not a kind */
		"kind tree\nrevision\n",		/* no value */
		"kind tree\nowner root\n",		/* not a key */
		"kind tree\npatch x.patch\n",		/* no sum */
	};
	struct gb_ksource k;
	char buf[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", bad[i]);
		CHECK(!gb_ksource_parse(&k, buf));
		CHECK(!k.present && !k.kind[0]);
	}
	snprintf(buf, sizeof(buf), "kind image-file\nsha256 %064d\n", 7);
	CHECK(gb_ksource_parse(&k, buf));
	CHECK(!strcmp(k.kind, "image-file") && !k.nr_patches);
	unsetenv("GB_KERNEL_SOURCE");
	gb_ksource_read(&k);
	CHECK(!k.present && strstr(k.reason, "not booted by run-vm.sh"));
}

static void fixed_sample(struct gb_sample_rec *r)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->seq = 7;
	r->pinner = "io_uring";
	r->placement = "movable";
	r->scenario = "settled";
	r->cpus = 2;
	r->rep = 3;
	r->counters_attached = true;
	r->size = 1 << 20;
	r->pin_cpu = 0;
	r->want = GB_WHERE_MOVABLE;
	r->before.pages = 256;
	r->before.where[GB_WHERE_MOVABLE] = 192;
	r->before.where[GB_WHERE_NORMAL] = 64;
	r->before.pfns_visible = true;
	r->before.flags_visible = true;
	r->res.ok = true;
	r->res.pages_pinned = 256;
	r->longterm = true;
	r->pin_ns = 123456;
	r->unpin_timed = true;
	r->unpin_ns = 2345;
	r->after_scanned = true;
	r->after.pages = 256;
	r->after.where[GB_WHERE_NORMAL] = 256;
	r->after.pfns_visible = true;
	r->after.flags_visible = true;
	r->truth = GB_DRAIN_NOT_NEEDED;
	r->retry_ok = GB_UNKNOWN;
	r->foll_pin_valid = true;
	r->foll_pin_acquired = 256;
	r->foll_pin_released = 256;
	r->foll_pin_held = 256;
	r->foll_pin_unpinned = 256;
	for (i = 0; i < GB_CTR_NR; i++)
		r->counts.c[i] = gb_count_of((uint64_t)i);
	r->counts.c[GB_CTR_DRAIN_ALL_NS] = gb_count_null("unpaired");
	/* Two drain works: one seen through, one never started. */
	r->counts.nr_works = 2;
	r->counts.works[0] = (struct gb_work_lat){ .cpu = 1, .started = true,
		.ended = true, .wait_ns = 1500, .run_ns = 700 };
	r->counts.works[1] = (struct gb_work_lat){ .cpu = 0 };
	r->counts.nr_hw = 1;
	snprintf(r->counts.hw[0].name, sizeof(r->counts.hw[0].name), "cycles");
	r->counts.hw[0].count = gb_count_of(99);
	r->counts.hw[0].enabled_ns = 10;
	r->counts.hw[0].running_ns = 5;
}

/* Every line one complete JSON value: brackets balance outside strings. */
static void check_balanced(const char *text)
{
	int depth = 0, line = 1;
	bool in_str = false;
	const char *p;

	for (p = text; *p; p++) {
		if (in_str) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				in_str = false;
			continue;
		}
		if (*p == '"')
			in_str = true;
		else if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			depth--;
		else if (*p == '\n') {
			if (depth)
				fprintf(stderr, "line %d: brackets do not balance (%d)\n",
					line, depth);
			check_failures += depth != 0;
			depth = 0;
			line++;
		}
	}
}

/*
 * Losses perf reported (and so scoped to the calls they fell in) leave
 * the run exact; drops beyond them, or behind a throttle whose size is
 * unknown, make it a lower bound.
 */
static void check_tally_scoping(void)
{
	struct gb_sampling_tally t = { .nr = 2 };

	t.s[0].source = "gup:gup_longterm_drain";
	t.s[0].counted = 26624;
	t.s[0].sampled = 26000;
	t.s[1].source = "ipi:ipi_send_cpu";
	t.s[1].counted = t.s[1].sampled = 40;
	t.lost = 624;		/* ballast flood between calls, reported */
	CHECK_EQ(gb_tally_silent(&t), 0);
	CHECK(gb_tally_complete(&t));
	t.s[1].sampled = 34;	/* plus six hard-irq samples dropped silently */
	CHECK_EQ(gb_tally_silent(&t), 6);
	CHECK(!gb_tally_complete(&t));
	t.s[1].sampled = 40;
	t.throttled = 1;
	CHECK_EQ(gb_tally_silent(&t), 624);
	CHECK(!gb_tally_complete(&t));
	t.throttled = 0;
	t.lost = 0;
	t.s[0].sampled = t.s[0].counted;
	CHECK(gb_tally_complete(&t));
}

/* A call whose counters saw n drain_all, under the tracepoint. */
static void tp_counts(struct gb_sample_rec *r, uint64_t drains_all)
{
	int i;

	for (i = 0; i < GB_CTR_NR; i++)
		r->counts.c[i] = gb_count_of(0);
	r->counts.c[GB_CTR_TP_DRAINS_ALL] = gb_count_of(drains_all);
	r->counts.c[GB_CTR_DRAINS_ALL] = gb_count_of(drains_all);
	r->counts.c[GB_CTR_TP_FOLIOS] = gb_count_of(256);
	r->counts.c[GB_CTR_TP_EXCESS_FOLIOS] = gb_count_of(8);
}

/*
 * Missed drains are measured by the retry under "always": a failure
 * that a drain cures, in a call that did not drain all.  A failure no
 * drain cures (extra-ref) is not a missed drain, whatever the truth.
 */
static void check_missed(void)
{
	struct gb_sample_rec r;

	fixed_sample(&r);
	r.truth = GB_DRAIN_NEEDED;
	r.before.not_lru_in[GB_WHERE_MOVABLE] = 8;
	r.before.where[GB_WHERE_MOVABLE] = 256;
	r.before.where[GB_WHERE_NORMAL] = 0;
	r.res.ok = false;
	r.after_scanned = false;
	tp_counts(&r, 0);
	r.retry_ok = GB_YES;
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.missed, GB_YES);
	CHECK(r.verdict.drain_needed);
	CHECK_EQ(r.verdict.conditions_met, GB_YES);
	r.retry_ok = GB_NO;		/* extra-ref: the drain cured nothing */
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.missed, GB_NO);
	tp_counts(&r, 1);		/* it did drain all, and still failed */
	r.retry_ok = GB_YES;
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.missed, GB_NO);
	r.res.ok = true;
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.missed, GB_NO);
	/* No switch, no retry: the truth and the flags say it. */
	r.res.ok = false;
	r.retry_ok = GB_UNKNOWN;
	tp_counts(&r, 0);
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.missed, GB_YES);
	/* The batch folios sit in Normal: nothing to drain for. */
	r.before.not_lru_in[GB_WHERE_MOVABLE] = 0;
	r.before.not_lru_in[GB_WHERE_NORMAL] = 8;
	gb_verdict_decide(&r);
	CHECK(!r.verdict.drain_needed);
	CHECK_EQ(r.verdict.missed, GB_NO);
	CHECK_EQ(r.verdict.conditions_met, GB_NO);
	CHECK(strstr(r.verdict.conditions_missed, "batch: no folio in movable"));
}

/* Calls that missed their conditions say so, and what they missed. */
static void check_conditions(void)
{
	struct gb_sample_rec r;

	fixed_sample(&r);		/* 192 of 256 pages in movable */
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.conditions_met, GB_NO);
	CHECK(strstr(r.verdict.conditions_missed, "placement: 192 of 256 pages in movable"));
	r.before.where[GB_WHERE_MOVABLE] = 250;
	r.before.where[GB_WHERE_NORMAL] = 6;
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.conditions_met, GB_YES);
	/* A batch the flags saw, gone by the time the kernel looked. */
	r.truth = GB_DRAIN_NEEDED;
	r.before.not_lru_in[GB_WHERE_MOVABLE] = 8;
	tp_counts(&r, 0);
	r.counts.c[GB_CTR_TP_EXCESS_FOLIOS] = gb_count_of(0);
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.conditions_met, GB_NO);
	CHECK(strstr(r.verdict.conditions_missed, "flushed"));
	r.before.pfns_visible = false;	/* cannot look: unknown, not met */
	r.counts.c[GB_CTR_TP_EXCESS_FOLIOS] = gb_count_of(8);
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.conditions_met, GB_UNKNOWN);
}

/*
 * A scenario's own data, through the hooks only: the emitter writes what
 * its emit() writes under scenario_data.NAME and knows nothing else of
 * it; the verdict takes its conditions() as they came, and a scenario
 * whose pages sit on a device (placed_in_call) is not held to the
 * placement before the pin.
 */
struct probe_priv {
	unsigned long faults;
	bool on_device;
};

static enum gb_tristate probe_conditions(const void *priv, char *buf, size_t len)
{
	const struct probe_priv *p = priv;

	if (p->on_device)
		return GB_YES;
	snprintf(buf, len, "device: not every page on the device");
	return GB_NO;
}

static void probe_emit(struct gb_json *j, const void *priv)
{
	const struct probe_priv *p = priv;

	gb_json_kv_u64(j, "faults", p->faults);
	gb_json_kv_u64_or_null(j, "retries", false, 0);
}

static const struct gb_scenario probe_scenario = {
	.name = "probe-data",
	.truth = GB_DRAIN_IN_CALL,
	.priv_size = sizeof(struct probe_priv),
	.conditions = probe_conditions,
	.emit = probe_emit,
	.placed_in_call = true,
};

static void check_scenario_data(void)
{
	struct probe_priv priv = { .faults = 40, .on_device = true };
	struct gb_sample_rec r;
	struct gb_json j;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	fixed_sample(&r);		/* 192 of 256 in movable: ignored */
	r.truth = GB_DRAIN_IN_CALL;
	r.sc = &probe_scenario;
	r.sc_priv = &priv;
	CHECK_EQ(probe_conditions(&priv, r.sc_missed, sizeof(r.sc_missed)), GB_YES);
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.conditions_met, GB_YES);
	priv.on_device = false;
	CHECK_EQ(probe_conditions(&priv, r.sc_missed, sizeof(r.sc_missed)), GB_NO);
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.conditions_met, GB_NO);
	CHECK(strstr(r.verdict.conditions_missed, "device: not every page"));
	/* The same record, placed before the pin: the placement counts again. */
	r.sc = NULL;
	r.sc_missed[0] = '\0';
	gb_verdict_decide(&r);
	CHECK(strstr(r.verdict.conditions_missed, "placement: 192 of 256"));
	r.sc = &probe_scenario;
	r.sc_unknown = true;
	gb_verdict_decide(&r);
	CHECK_EQ(r.verdict.conditions_met, GB_UNKNOWN);
	/* Kprobe drains only: no ground truth to classify them by. */
	r.counts.c[GB_CTR_DRAINS_NEEDED] = gb_count_null("no tracepoint");
	r.counts.c[GB_CTR_DRAINS_LOCAL] = gb_count_of(256);
	r.counts.c[GB_CTR_DRAINS_ALL] = gb_count_of(0);
	r.res.ok = false;
	r.retry_ok = GB_UNKNOWN;
	gb_verdict_decide(&r);
	CHECK(r.verdict.classification == NULL);
	CHECK_EQ(r.verdict.false_positive, GB_UNKNOWN);
	CHECK_EQ(r.verdict.missed, GB_UNKNOWN);

	f = open_memstream(&out, &len);
	gb_json_init(&j, f, false);
	gb_emit_sample(&j, &r);
	r.sc = NULL;
	gb_emit_sample(&j, &r);
	fclose(f);
	CHECK(strstr(out, "\"scenario_data\":{\"probe-data\":{\"faults\":40,\"retries\":null}}"));
	CHECK(strstr(out, "\"scenario_data\":null"));
	CHECK(strstr(out, "\"truth\":\"decided_in_call\""));
	free(out);
}

int main(int argc, char **argv)
{
	struct gb_envelope *e = calloc(1, sizeof(*e));
	struct gb_layout *l = calloc(1, sizeof(*l));
	struct gb_topo *t = calloc(1, sizeof(*t));
	struct gb_sampling_tally tally;
	struct gb_sample_rec r;
	struct gb_options o;
	struct gb_json j;
	char *out = NULL, *golden;
	size_t len = 0;
	FILE *f;

	if (argc < 2) {
		fprintf(stderr, "usage: test_emit GOLDEN [--update]\n");
		return 2;
	}
	f = open_memstream(&out, &len);
	gb_json_init(&j, f, false);
	/* golden/emit.jsonl -> fixtures/vm-plan.txt beside it */
	snprintf(vm_plan, sizeof(vm_plan), "%s", argv[1]);
	if (strrchr(vm_plan, '/'))
		*strrchr(vm_plan, '/') = '\0';
	else
		snprintf(vm_plan, sizeof(vm_plan), ".");
	snprintf(ksource, sizeof(ksource), "%s", vm_plan);
	strncat(vm_plan, "/../fixtures/vm-plan.txt", sizeof(vm_plan) - strlen(vm_plan) - 1);
	strncat(ksource, "/../fixtures/kernel-source.txt", sizeof(ksource) - strlen(ksource) - 1);
	fixed_envelope(e, l, t, &o);
	gb_emit_envelope(&j, e);
	fixed_sample(&r);
	gb_verdict_decide(&r);
	gb_emit_sample(&j, &r);
	/* A failed pin, counters detached, nothing visible. */
	r.rep = -1;
	r.res.ok = false;
	r.res.err = -12;
	r.res.pages_pinned = 0;
	r.after_scanned = false;
	r.after_note = "pin failed: nothing to check";
	r.unpin_timed = false;
	r.retry_ok = GB_YES;
	r.before.pfns_visible = false;
	r.before.flags_visible = false;
	r.counters_attached = false;
	gb_counts_all_null(&r.counts, "counters detached");
	gb_verdict_decide(&r);
	gb_emit_sample(&j, &r);
	gb_emit_skip(&j, "io_uring", "cma", NULL, 0, "no CMA area: boot with cma=");
	gb_emit_stop(&j, "io_uring", "movable", "settled", 2, 4, 1, 3, "decided",
		     "decided after 4 calls a policy: 2 comparison(s) constant on both sides, 0 separated, 0 that more calls would leave within their floor");
	gb_emit_finding(&j, 1, "memfd;fork", NULL, "io_uring", "movable", 1, "counters.drains_all",
			"refcount", "refcount-shared-all", 0, 1, 6, 6, true, 0.002165,
			"gupbench run --scenario recipe --pinner io_uring --placement movable --cpus 1 --recipe 'memfd;fork' --policy refcount,refcount-shared-all --size 1048576 --reps 6");
	gb_emit_finding(&j, 2, "", "mlock-remote", "io_uring", "movable", 2, "derived.missed_drain",
			"lru", "refcount", 1, 0, 6, 6, true, 0.002165,
			"gupbench run --scenario mlock-remote --pinner io_uring --placement movable --cpus 2 --policy lru,refcount --size 1048576 --reps 6");
	gb_emit_explore(&j, 240, 236, 31, 2, 0.05);
	check_tally_scoping();
	check_missed();
	check_conditions();
	check_scenario_data();
	check_ksource_refusals();
	memset(&tally, 0, sizeof(tally));
	tally.nr = 2;
	tally.s[0].source = "ipi:ipi_send_cpu";
	tally.s[0].counted = tally.s[0].sampled = 5;
	tally.s[1].source = "irq_vectors:reschedule_entry";
	tally.s[1].counted = 9;
	tally.s[1].sampled = 8;
	{
		static const char changes[][512] = {
			"set /sys/kernel/debug/gup_longterm_drain_policy: refcount -> lru",
			"mount debugfs at /sys/kernel/debug",
		};

		gb_emit_end(&j, 2, 1, 1, 0, 0, &tally, 2, changes, 2);
	}
	gb_emit_end(&j, 0, 0, 0, 0, 4, NULL, 2, NULL, 0);
	fclose(f);

	if (argc > 2 && !strcmp(argv[2], "--update")) {
		f = fopen(argv[1], "w");
		if (!f || fwrite(out, 1, len, f) != len)
			return 1;
		fclose(f);
		return 0;
	}
	check_balanced(out);
	golden = slurp(argv[1]);
	CHECK(golden);
	if (golden && strcmp(golden, out)) {
		fprintf(stderr, "emitter output differs from %s; got:\n%s", argv[1], out);
		check_failures++;
	}
	free(out);
	CHECK_DONE();
}
