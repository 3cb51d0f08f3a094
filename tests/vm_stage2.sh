#!/usr/bin/env bash
# pKVM's stage-2 fault as crosvm meets it (stage2-fault, seed 001): memfd
# pages on the LRU, an MLOCK_ONFAULT mapping, and a pin of one page that
# faults the page in itself, leaving the folio in the pinning CPU's mlock
# batch with the LRU flag set.  In the patched kernel, on both pin paths
# and both placements: lru never drains for it and fails the pin (the
# retry after lru_add_drain_all() succeeds: a missed drain); refcount
# drains locally once and pins, with no all-CPU drain and no work queued.
# The kprobes' drains equal the tracepoint's, and the failed migrations
# /proc/vmstat's, call by call.
. "$(dirname "$0")/lib.sh"
need_qemu

vm_run stage2 --kernel patched --smp 2 --mem 2G --cmdline movable-cma \
	--out "$TMP/r.jsonl" -- run --pinner io_uring,iommufd --placement movable,cma \
	--scenario stage2-fault --policy lru,refcount --cpus 2 --size 4K --reps 12 \
	--warmup 0 --quiet > /dev/null

pycheck "$TMP/r.jsonl" <<'PY'
import sys
from collections import defaultdict
from results import load
S = [r for r in load(sys.argv[1]).records if r["type"] == "sample"]
assert len(S) == 2 * 2 * 2 * 12, len(S)
by = defaultdict(list)
for r in S:
    by[(r["pinner"], r["placement"], r["policy"])].append(r)
    # One page, seen where it was mapped before the locked mapping had it.
    assert r["before"]["pages"] == 1 and r["before"]["mlocked"] == 0, r["before"]
    c = r["counters"]
    assert c["drains_local"] == c["tp_drains_local"] and c["drains_all"] == c["tp_drains_all"], c
    # The kernel's failed migrations, counted twice.
    assert r["vmstat"]["pgmigrate_fail"] == c["migrated_failed"], (r["vmstat"], c)
failing = fixed = 0
for (pinner, pl, policy), calls in sorted(by.items()):
    met = [r for r in calls if r["conditions_met"]]
    assert len(met) >= 10, (pinner, pl, policy, [r["conditions_missed"] for r in calls])
    # The folio held a batch reference at the drain decision, LRU flag
    # set: in most calls (a full mlock batch flushes itself now and then).
    held = [r for r in met if r["counters"]["tp_excess_folios"] == 1 and r["counters"]["tp_not_lru"] == 0]
    assert len(held) >= 8, (pinner, pl, policy, [r["counters"] for r in met])
    for r in held:
        c = r["counters"]
        if policy == "lru":
            assert r["result"] != "ok" and c["tp_drains_local"] == c["tp_drains_all"] == 0, (r["result"], c)
            assert c["migrated_failed"] >= 1 and r["retry_after_drain"] == "ok", (c, r["retry_after_drain"])
            assert r["derived"]["missed_drain"] is True, r["derived"]
            failing += 1
        else:
            assert r["result"] == "ok" and r["after"]["mlocked"] == 1, (r["result"], r["after"])
            assert c["tp_drains_local"] == 1 and c["tp_drains_all"] == 0 and c["works_queued_pin"] == 0, c
            assert r["derived"]["missed_drain"] is False, r["derived"]
            fixed += 1
print("vm_stage2: %d lru pins failed for a local mlock batch; %d refcount pins each cured by one local drain" %
      (failing, fixed))
PY
