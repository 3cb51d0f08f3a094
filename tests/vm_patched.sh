#!/usr/bin/env bash
# The patched test kernel under QEMU (TCG here, KVM where it works), with
# ZONE_MOVABLE and a CMA area: placements, migrations, the drain-policy
# switch and the drain tracepoint, all from one boot.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

GUPBENCH=$GUPBENCH vm_run study --kernel patched --smp 2 --mem 2G \
	--cmdline movable-cma --out "$TMP/r.jsonl" -- run \
	--pinner io_uring,gup_test,iommufd,rdma --placement movable,cma \
	--scenario fresh,settled,mlock-onfault,extra-ref \
	--policy never,always,lru,refcount --cpus 1,2 --size 2M --reps 2 \
	--warmup 0 --quiet > "$TMP/summary.txt"

pycheck "$TMP/r.jsonl" <<'PY'
import json, sys
from results import load
from collections import defaultdict
run = load(sys.argv[1])
recs, env, end = run.records, run.envelope, run.end
assert env["type"] == "envelope" and end["type"] == "end", "truncated results"
assert "gupbench.accel=" in env["kernel"]["cmdline"]

# A CMA area and ZONE_MOVABLE exist, and every counter but the PMU's
# works, but for those that do not apply here (no isolated CPU, no
# spinner), which say so.
assert env["layout"]["cma_areas"], "no CMA area in the guest"
assert any(z["zone"] == "Movable" and z["present"] > 0 for z in env["layout"]["zones"])
missing = {k: c["reason"] for k, c in env["counters"].items()
           if not c["available"] and "not applicable" not in c["reason"]}
assert not missing, missing
assert {k for k, c in env["counters"].items() if not c["available"]} == {
    "works_queued_isolated", "works_pin_isolated", "works_run_isolated", "ipis_isolated",
    "ipis_isolated_drain_all", "spinner_irqs", "spinner_switches", "spinner_interruptions"}, env["counters"]
assert all(c["supported"] for c in env["cases"]["pinners"]), env["cases"]["pinners"]
# The drain-policy switch is there, and every policy swept is one the
# suite declares (bench/system/policies.def), with what it means.
dp = env["drain_policies"]
assert dp["switch"] and dp["in_force"] == "refcount" and dp["reason"] is None, dp
known = {p["name"]: p["summary"] for p in dp["policies"]}
assert set(env["options"]["policy"].split(",")) <= set(known) and all(known.values()), known

S = [r for r in recs if r["type"] == "sample"]
assert len(S) == 4 * 2 * 4 * 4 * 2 * 2, len(S)   # pinners x placements x scenarios x policies x cpus x reps
def unpinnable(r):
    return r["before"]["movable"] + r["before"]["cma"]

by = defaultdict(list)
pin_checked = {}
vmstat_exact = vmstat_calls = flushed = 0
for r in S:
    c = r["counters"]
    by[(r["scenario"], r["policy"])].append(r)
    # The page state survives steering: fresh folios still sit in a batch.
    # (Something else can empty that CPU's batch before the scan: seen
    # once, gup_test/cma/fresh, cause not found.  Such a call must say so.)
    if r["scenario"] in ("fresh", "mlock-onfault"):
        if r["conditions_met"]:
            assert 0 < r["before"]["not_lru"] <= 8, (r["placement"], r["scenario"], r["before"])
        else:
            assert "batch" in r["conditions_missed"] or "placement" in r["conditions_missed"], r
        flushed += not r["conditions_met"]
    if r["scenario"] == "settled":
        assert r["before"]["not_lru"] == 0, r["before"]
    # Placement reached (movable is exact; CMA steering is reported).
    if r["placement"] == "movable":
        assert r["before"]["fraction_in_placement"] == 1.0, r["before"]
    assert r["before"]["fraction_in_placement"] > 0, r["before"]
    # After a successful longterm pin nothing is left in ZONE_MOVABLE or CMA.
    if r["result"] == "ok":
        assert r["after_check"] == "pass" and r["after_unpinnable"] == 0, r
    # The kernel's own pin counts (/proc/vmstat nr_foll_pin_*): every pin
    # taken over the call let go; after a successful pin exactly the
    # pages the pinner says are held and the unpin lets exactly those go
    # (gup_test unpins inside its ioctl: none held).
    fp = r["foll_pin"]
    assert fp is not None, "no nr_foll_pin_* in the guest's /proc/vmstat"
    assert fp["released"] == fp["acquired"], ("pins kept after the call", r["pinner"], fp)
    if r["result"] == "ok":
        held = 0 if r["pinner"] == "gup_test" else r["pages_pinned"]
        assert fp["held_after_pin"] == held and fp["released_by_unpin"] == held, \
            (r["pinner"], r["scenario"], r["pages_pinned"], fp)
        # Every migration round unpins all and pins all again: the
        # migrate tracepoint's rounds and the kernel's pin count agree.
        rounds = r["counters"]["migrate_calls"]
        if rounds is not None:
            assert fp["acquired"] == r["pages_pinned"] * (1 + rounds), (r["pinner"], rounds, fp)
        pin_checked[r["pinner"]] = pin_checked.get(r["pinner"], 0) + 1
    if any(v is None and "not applicable" not in r["null_reasons"].get(k, "")
           for k, v in c.items() if k != "tp_drain_ns"):
        continue   # a call perf lost samples in: its reasons are recorded
    # /proc/vmstat, read around the call, saw those migrations too (and
    # possibly a little more, from whatever else migrated meanwhile).
    vm = r["vmstat"]
    assert c["migrated_ok"] <= vm["pgmigrate_success"], (c["migrated_ok"], vm)
    assert c["migrated_failed"] <= vm["pgmigrate_fail"], (c["migrated_failed"], vm)
    vmstat_exact += c["migrated_ok"] == vm["pgmigrate_success"]
    vmstat_calls += 1
    # mm_migrate_pages counts match the pages that had to move.
    if r["result"] == "ok":
        assert c["migrated_ok"] == unpinnable(r), (c["migrated_ok"], r["before"])
        assert c["migrated_failed"] == 0
    else:
        assert c["migrated_failed"] > 0, r
    # The tracepoint's drains are the kprobes' drains, call by call.
    assert c["tp_drains_all"] == c["drains_all"], (c, r["seq"])
    assert c["tp_drains_local"] == c["drains_local"], (c, r["seq"])
    assert c["drains_needed"] + c["drains_false_positive"] == c["tp_drains_all"] + c["tp_drains_local"]
    assert r["derived"]["classification"] == "tracepoint"
    # The policy switch does what it says.
    p = r["policy"]
    drains = c["tp_drains_all"] + c["tp_drains_local"]
    if p == "never":
        assert drains == 0 and c["drains_all"] == 0, c
    if p == "always" and c["tp_folios"]:
        assert c["tp_drains_all"] == 1 and c["drains_all"] == 1, c
    if p == "lru":
        assert c["tp_drains_local"] == 0, c
    if p == "refcount-all":
        assert c["tp_drains_local"] == 0, c

assert vmstat_calls and vmstat_exact >= 0.9 * vmstat_calls, (vmstat_exact, vmstat_calls)
assert set(pin_checked) == {"io_uring", "gup_test", "iommufd", "rdma"}, pin_checked
# Calls whose batch was gone before the pin are the exception, not the rule.
assert flushed <= len(S) // 10, ("batch gone before the pin on", flushed, "calls")

def total(scenario, policy, key):
    return sum(r["counters"][key] or 0 for r in by[(scenario, policy)])
def drains(scenario, policy):
    return total(scenario, policy, "tp_drains_all") + total(scenario, policy, "tp_drains_local")
# extra-ref: the ref_count check drains for nothing where the LRU check does not.
assert drains("extra-ref", "refcount") > 0 and drains("extra-ref", "lru") == 0
assert total("extra-ref", "refcount", "drains_false_positive") == drains("extra-ref", "refcount")
# ... and nobody missed a drain there: the retry under "always" fails too.
assert all(r["derived"]["missed_drain"] is False and r["retry_after_drain"] == "failed"
           for r in by[("extra-ref", "lru")] + by[("extra-ref", "refcount")]), "extra-ref: a missed drain"
# settled: folios on the LRU with no excess references: neither drains.
assert drains("settled", "refcount") == 0 and drains("settled", "lru") == 0
# fresh: both drain, and it helps: lru with lru_add_drain_all, refcount locally.
assert total("fresh", "lru", "tp_drains_all") > 0 and total("fresh", "refcount", "tp_drains_local") > 0
assert total("fresh", "refcount", "tp_drains_all") == 0
assert total("fresh", "lru", "drains_false_positive") == 0
# mlock-onfault: whatever each policy does, it is recorded.
for p in ("never", "always", "lru", "refcount"):
    for r in by[("mlock-onfault", p)]:
        assert r["result"] in ("ok", "failed", "short") and r["derived"]["drained"] is not None
print("vm_patched: %d calls; per policy in mlock-onfault: %s" % (len(S), {
    p: sorted({r["result"] for r in by[("mlock-onfault", p)]}) for p in ("never", "always", "lru", "refcount")}))
PY
