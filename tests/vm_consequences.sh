#!/usr/bin/env bash
# What the heuristics cost, shown in the patched kernel under QEMU:
# Will Deacon's failure (mlock-remote: lru fails the pin, refcount does
# not), missed drains measured by a retry under "always" (extra-ref has
# none: no drain cures it), the whole CMA area allocated while pins are
# held (cma-alloc), CMA placement reached, and first calls and
# interleaved calls like the others.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

GUPBENCH=$GUPBENCH vm_run study --kernel patched --smp 2 --mem 2G \
	--cmdline movable-cma --out "$TMP/r.jsonl" -- run \
	--pinner io_uring,iommufd --placement movable,cma \
	--scenario fresh,mlock-remote,extra-ref,cma-alloc,cma-race \
	--policy lru,refcount --cpus 2 --size 2M --reps 3 --warmup 0 \
	--quiet > "$TMP/summary.txt"

pycheck "$TMP/r.jsonl" <<'PY'
import sys
from collections import defaultdict
from results import load
run = load(sys.argv[1])
S = [r for r in run.records if r["type"] == "sample"]
assert len(S) == 2 * 2 * 5 * 2 * 3, len(S)
by = defaultdict(list)
for r in S:
    by[(r["placement"], r["scenario"], r["policy"])].append(r)

# CMA placement is reached: at least 95% of the buffer on 90% of calls.
cma = [r["before"]["fraction_in_placement"] for r in S if r["placement"] == "cma"]
reached = sum(f >= 0.95 for f in cma)
assert reached >= 0.9 * len(cma), "CMA placement reached on %d of %d calls: %s" % (reached, len(cma), cma)
# A call that missed is marked, never silently kept.
for r in S:
    assert r["conditions_met"] is not None, r["seq"]
    if r["before"]["fraction_in_placement"] < 0.95:
        assert r["conditions_met"] is False and "placement" in r["conditions_missed"], r
    assert run.end["excluded"] == sum(r["conditions_met"] is False for r in S)

first_calls = []
for pl in ("movable", "cma"):
    # Will Deacon's failure: the mlock batch of another CPU holds a
    # reference on folios with the LRU flag set.  lru does not drain and
    # fails the pin; the retry after lru_add_drain_all() succeeds.
    # Both pin paths: io_uring registration and iommufd's DMA mapping.
    lru = [r for r in by[(pl, "mlock-remote", "lru")] if r["conditions_met"]]
    ref = [r for r in by[(pl, "mlock-remote", "refcount")] if r["conditions_met"]]
    assert {r["pinner"] for r in lru} == {r["pinner"] for r in ref} == {"io_uring", "iommufd"}, \
        (pl, "an mlock-remote pin path met no condition")
    for r in lru + ref:
        b = r["before"]
        assert b["mlock_pending"] > 0 and b["not_lru"] == 0, b      # LRU flag set
        # The kernel's count of folios off the LRU (tp_not_lru, the old
        # heuristic's trigger) agrees with kpageflags: none.
        assert r["counters"]["tp_not_lru"] == 0, (b, r["counters"])
        assert b["batched_in_placement"] > 0 and r["derived"]["drain_needed"], r
    for r in lru:
        c = r["counters"]
        assert r["result"] != "ok" and c["tp_drains_all"] == 0 and c["tp_drains_local"] == 0, (pl, r["result"], c)
        assert c["tp_excess_folios"] > 0 and c["migrated_failed"] > 0, c
        assert r["retry_after_drain"] == "ok" and r["derived"]["missed_drain"] is True, r
    for r in ref:
        assert r["result"] == "ok" and r["counters"]["tp_drains_all"] == 1, (pl, r["counters"])
        assert r["derived"]["missed_drain"] is False and r["retry_after_drain"] is None
    # extra-ref: every policy fails, and no drain would have helped.
    for p in ("lru", "refcount"):
        for r in by[(pl, "extra-ref", p)]:
            assert r["result"] != "ok", r
            assert r["counters"]["tp_not_lru"] == 0 == r["before"]["not_lru"], r
            assert r["retry_after_drain"] == "failed" and r["derived"]["missed_drain"] is False, r
    # fresh: the first call (--warmup 0) is like the others.  (Something
    # else may empty a batch now and then -- seen once in 128 calls --
    # and the call says so; a first call that differs by design would
    # differ in all four of these cases, so one stray miss is allowed.)
    for p in ("lru", "refcount"):
        calls = sorted(by[(pl, "fresh", p)], key=lambda r: r["rep"])
        assert calls[0]["rep"] == 0, calls[0]
        first_calls.append(calls[0])
        shape = lambda r: (r["before"]["not_lru"], r["counters"]["tp_excess_folios"] > 0,
                           r["counters"]["tp_drains_local"], r["counters"]["tp_drains_all"], r["result"])
        met = [r for r in calls if r["conditions_met"]]
        # Batched folios are off the LRU: the decision saw at least one
        # (the first drain puts the rest back), and no more than the scan.
        for r in met:
            assert 1 <= r["counters"]["tp_not_lru"] <= r["before"]["not_lru_in_placement"], \
                (r["counters"]["tp_not_lru"], r["before"])
        assert len(met) >= len(calls) - 1, [r["conditions_missed"] for r in calls]
        assert all(shape(r) == shape(met[0]) for r in met), [shape(r) for r in met]
assert sum(not r["conditions_met"] for r in first_calls) <= 1, [r["conditions_missed"] for r in first_calls]

# cma-alloc: the whole area is allocated while the pins are held.
for r in by[("cma", "cma-alloc", "lru")] + by[("cma", "cma-alloc", "refcount")]:
    ca = r["scenario_data"]["cma-alloc"]
    assert r["result"] == "ok" and r["after_check"] == "pass", r
    assert ca["ran"] and ca["result"] == "ok" and ca["failed"] is False, ca
    assert ca["pages_got"] == ca["pages_asked"] > 0, ca
    area = [a for a in run.envelope["layout"]["cma_areas"] if a["name"] == ca["area"]]
    assert area and area[0]["count"] == ca["pages_asked"], (area, ca)
# ... journalled as a change, and given back (nothing left held).
assert any("allocate a whole CMA area" in c for c in run.end["system_changes"]), run.end["system_changes"]
# cma-race: chunks of the area allocated while each pin migrates; every
# allocation is counted, failed ones too, and the pins still leave no
# page behind.
for r in [r for k, v in by.items() if k[1] == "cma-race" for r in v]:
    cr = r["scenario_data"]["cma-race"]
    assert cr["ran"] and cr["allocs"] >= 1 and 0 <= cr["failed"] <= cr["allocs"], cr
    assert cr["p50_ns"] <= cr["p99_ns"] <= cr["max_ns"], cr
    if r["result"] == "ok":
        assert r["after_check"] == "pass", r
assert any("allocate and free CMA chunks" in c for c in run.end["system_changes"])
print("vm_consequences: %d calls; CMA placement reached on %d of %d" % (len(S), reached, len(cma)))
PY

# Interleaved calls: the counters stay open (switched off), so calls with
# them see the same page state; closing and reopening them flushed the
# batch (conditions missed).
GUPBENCH=$GUPBENCH vm_run interleaved --kernel patched --smp 2 --mem 2G \
	--cmdline movable --out "$TMP/i.jsonl" -- run \
	--pinner io_uring --placement movable --scenario fresh,remote-batch \
	--policy refcount --cpus 2 --size 2M --reps 6 --warmup 0 \
	--counters interleave --quiet > /dev/null
pycheck "$TMP/i.jsonl" <<'PY'
import sys
from results import load
S = [r for r in load(sys.argv[1]).records if r["type"] == "sample"]
on = [r for r in S if r["counters_attached"]]
off = [r for r in S if not r["counters_attached"]]
assert len(on) == len(off) == 6, (len(on), len(off))
for r in S:
    assert r["before"]["not_lru"] == 8 and r["result"] == "ok", r["before"]
# Something else may empty a batch now and then (seen once in 128 calls
# above, once here in a CI run): one stray miss is allowed, as above.
# Closing and reopening the counters flushed every call's batch.
met = [r for r in on if r["conditions_met"] is True]
assert len(met) >= len(on) - 1, [r["conditions_missed"] for r in on]
for r in met:
    c = r["counters"]
    assert c["tp_excess_folios"] > 0 and c["tp_drains_local"] == 1, (r["scenario"], r["rep"], c)
print("vm_consequences: interleaved calls alike (%d with counters, %d without)" % (len(on), len(off)))
PY
# The drain decisions come from one event per pin attempt; the per-folio
# events (a sample per folio: about 13% of a 4 MiB migrating pin under
# TCG) are opened only with --drain-trace folio, and then both must add up
# to the same, call by call, and to every per-folio event perf counted.
pycheck "$TMP/r.jsonl" <<'PY'
import sys
from results import load
run = load(sys.argv[1])
sampling = run.end["sampling"]
assert "gup:gup_longterm_drain_call" in sampling and "gup:gup_longterm_drain" not in sampling, sampling.keys()
assert run.envelope["options"]["drain_trace"] == "call"
PY
GUPBENCH=$GUPBENCH vm_run per-folio --kernel patched --smp 2 --mem 2G \
	--cmdline movable --out "$TMP/f.jsonl" -- run \
	--pinner io_uring --placement movable \
	--scenario fresh,remote-batch,extra-ref,mlock-remote,settled \
	--policy lru,refcount,always --cpus 2 --size 2M --reps 2 --warmup 0 \
	--drain-trace folio --quiet > /dev/null
pycheck "$TMP/f.jsonl" <<'PY'
import sys
from results import load
run = load(sys.argv[1])
S = [r for r in run.records if r["type"] == "sample"]
folios = 0
for r in S:
    c = r["counters"]
    assert not any("disagree" in v for v in r["null_reasons"].values()), r["null_reasons"]
    assert None not in (c["tp_folios"], c["tp_drains_all"], c["drains_needed"]), r["null_reasons"]
    assert c["tp_drains_all"] == c["drains_all"] and c["tp_drains_local"] == c["drains_local"], c
    folios += c["tp_folios"]
per_folio = run.end["sampling"]["gup:gup_longterm_drain"]
assert per_folio["counted"] == per_folio["sampled"] == folios, (per_folio, folios)
print("vm_consequences: per-call and per-folio drain events agree on %d calls (%d folios)" % (len(S), folios))

# Drains for nothing, by cost.  The tracepoint's split must agree with
# the scenario's truth (the flags before the pin, the kprobes' drains):
# where a drain was needed the last one made was it, and a local drain
# before an all-CPU one was wasted; where none was, every drain was.
from collections import defaultdict
waste = defaultdict(lambda: [0, 0, 0, 0])
checked = 0
for r in S:
    c, d = r["counters"], r["derived"]
    assert d["classification"] == "tracepoint", d
    wl, wa = c["drains_wasted_local"], c["drains_wasted_all"]
    assert (d["wasted_drains_local"], d["wasted_drains_all"]) == (wl, wa), (d, c)
    assert wl + wa == c["drains_false_positive"] and wa <= c["tp_drains_all"], c
    # (Not "always": it drains at the first folio, which may not be the
    # one holding the batch reference, and the kernel judges its drain
    # by that folio.)
    if r["conditions_met"] and r["policy"] != "always":
        L, A = c["drains_local"], c["drains_all"]
        truth = (L, A) if not d["drain_needed"] else (L, A - 1) if A else (max(L - 1, 0), 0)
        assert truth == (wl, wa), (r["scenario"], r["policy"], truth, (wl, wa), c)
        checked += 1
    w = waste[(r["scenario"], r["policy"])]
    w[0] += wl; w[1] += wa; w[2] += c["drains_local"]; w[3] += c["drains_all"]
assert checked >= len(S) * 2 // 3 * 9 // 10, (checked, len(S))
# The new heuristic's local drain before a needed all-CPU drain is
# wasted and cheap: remote-batch and mlock-remote waste no all-CPU drain.
for sc in ("remote-batch", "mlock-remote"):
    wl, wa, L, A = waste[(sc, "refcount")]
    assert wa == 0 and A > 0 and wl == L > 0, (sc, waste[(sc, "refcount")])
# extra-ref: a reference no drain removes, so every drain is wasted, the
# all-CPU one included; the old heuristic does not drain at all.
wl, wa, L, A = waste[("extra-ref", "refcount")]
assert wa == A > 0 and wl == L > 0, waste[("extra-ref", "refcount")]
assert waste[("extra-ref", "lru")] == [0, 0, 0, 0], waste[("extra-ref", "lru")]
# fresh: both drain and neither wastes.
assert waste[("fresh", "lru")][:2] == [0, 0] and waste[("fresh", "refcount")][:2] == [0, 0]
print("vm_consequences: wasted drains by cost agree with the scenarios' truth on %d calls" % checked)
PY
# Migrating an mlocked folio drains the local batch once per folio
# (mm/migrate.c: PAGE_WAS_MLOCKED): a 64 MiB pin of mlocked memory makes
# 16,385 lru_add_drain() calls, all of which the pinning task's ring and
# call state keep.  The heuristic's own local drains (the tracepoint's),
# the migration's (one a folio migrated: /proc/vmstat's pgmigrate_success)
# and the kprobe's count agree, no counter null.
GUPBENCH=$GUPBENCH vm_run mlocked-64m --kernel patched --smp 2 --mem 2G \
	--cmdline movable --out "$TMP/m64.jsonl" -- run \
	--pinner io_uring --placement movable --scenario mlock-remote --policy refcount \
	--size 64M --reps 2 --warmup 0 --cpus 1 --quiet > /dev/null
pycheck "$TMP/m64.jsonl" <<'PY'
import sys
from results import load
S = [r for r in load(sys.argv[1]).records if r["type"] == "sample"]
assert len(S) == 2, len(S)
for r in S:
    c = r["counters"]
    assert r["result"] == "ok", r["result"]
    assert c["drains_local"] is not None, r["null_reasons"].get("drains_local")
    assert c["drains_local"] == c["tp_drains_local"] == 1, (c["drains_local"], c["tp_drains_local"])
    assert c["migration_drains"] == r["vmstat"]["pgmigrate_success"] == r["pages_pinned"] == 16384, \
        (c["migration_drains"], r["vmstat"], r["pages_pinned"])
print("vm_consequences: a 64 MiB mlocked pin: 1 local drain by the decision, 16384 by the migration, one a folio")
PY
echo "vm_consequences: all checks passed"
