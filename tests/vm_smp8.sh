#!/usr/bin/env bash
# At 8 vCPUs: lru_add_drain_all() queues one work per CPU whose batch is
# not empty, and no more, under both heuristics.  The batch holders fill
# the first N CPUs of the spread order (--cpus pow2: 1, 2, 4, 8); the
# scenario's own batch sits on the pinning CPU (fresh) or the next one
# (remote-batch).  refcount drains the pinning CPU locally first, so its
# lru_add_drain_all() finds one CPU fewer.  Each work is also seen one by
# one (drain_works), on a CPU of its own.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

# Each boot takes a minute or two here: bounded at 10, with one more
# boot for a hang (tests/lib.sh boot_once_more), inside ctest's limit so
# that a hang shows its console.
GUPBENCH=$GUPBENCH boot_once_more --kernel patched --smp 8 --mem 2G \
	--cmdline movable --timeout 600 --out "$TMP/r.jsonl" -- run \
	--pinner io_uring --placement movable --scenario fresh,remote-batch \
	--policy lru,refcount --cpus pow2 --size 1M --reps 2 --warmup 0 \
	--quiet > /dev/null || fail "the 8-vCPU VM run failed ($?): its stderr is above"

pycheck "$TMP/r.jsonl" <<'PY'
import sys
from results import load
run = load(sys.argv[1])
S = [r for r in run.records if r["type"] == "sample"]
assert sorted({r["cpus"] for r in S}) == [1, 2, 4, 8], sorted({r["cpus"] for r in S})
assert len(S) == 2 * 2 * 4 * 2, len(S)
# A call whose batch another task flushed between the scan and the pin
# says so (conditions missed) and is left out, as the summary leaves it
# out; every case must still have a call that met them.
flushed = lambda r: not r["conditions_met"] and (r["conditions_missed"] or "").startswith("batch: flushed")
met = {(r["scenario"], r["policy"], r["cpus"]) for r in S if r["conditions_met"]}
assert len(met) == 2 * 2 * 4, sorted(met)
checked = skipped = 0
for r in S:
    c, n = r["counters"], r["cpus"]
    assert r["conditions_met"] or flushed(r), r["conditions_missed"]
    if flushed(r):
        skipped += 1
        continue
    with_batch = n if r["scenario"] == "fresh" else max(n, 2)
    if r["policy"] == "lru":
        want = with_batch
    else:
        want = 0 if r["scenario"] == "fresh" else with_batch - 1
    assert c["drains_all"] == (1 if want or r["policy"] == "lru" else 0), (r["scenario"], r["policy"], n, c["drains_all"])
    assert c["works_queued"] == want, (r["scenario"], r["policy"], n, c["works_queued"], want)
    works = r["drain_works"]["works"]
    assert len(works) == want and len({w["cpu"] for w in works}) == want, works
    assert all(w["wait_ns"] is not None and w["run_ns"] is not None for w in works), works
    if want:
        slowest = max(works, key=lambda w: w["wait_ns"] + w["run_ns"])
        assert r["drain_works"]["slowest_cpu"] == slowest["cpu"]
        assert c["work_latency_max_ns"] == slowest["wait_ns"] + slowest["run_ns"], (c, slowest)
    checked += 1
print("vm_smp8: works per drain = CPUs with a batch on %d calls (cpus 1, 2, 4, 8); %d whose batch was flushed before the pin left out" % (checked, skipped))
PY
# Server CPU counts: the runner and the sweep at 32 vCPUs (TCG runs them
# all on this host's cores; the runner's time limit grows with them).
GUPBENCH=$GUPBENCH boot_once_more --kernel patched --smp 32 --mem 2G \
	--cmdline movable --timeout 600 --out "$TMP/r32.jsonl" -- run \
	--pinner io_uring --placement movable --scenario fresh \
	--policy lru --cpus pow2 --size 1M --reps 2 --warmup 0 \
	--quiet > /dev/null || fail "the 32-vCPU VM run failed ($?): its stderr is above"
pycheck "$TMP/r32.jsonl" <<'PY'
import sys
from results import load
S = [r for r in load(sys.argv[1]).records if r["type"] == "sample"]
assert [r["cpus"] for r in S] == [1, 1, 2, 2, 4, 4, 8, 8, 16, 16, 32, 32], [r["cpus"] for r in S]
# As above: a call whose batch was flushed before the pin says so and is
# left out (seen once in CI at 32 vCPUs); each CPU count keeps one.
skipped = 0
for r in S:
    assert r["online_cpus"] == 32, r["online_cpus"]
    if not r["conditions_met"]:
        assert (r["conditions_missed"] or "").startswith("batch: flushed"), r["conditions_missed"]
        skipped += 1
        continue
    assert r["counters"]["drains_all"] == 1 and r["counters"]["works_queued"] == r["cpus"], (r["cpus"], r["counters"])
assert {r["cpus"] for r in S if r["conditions_met"]} == {1, 2, 4, 8, 16, 32}, [(r["cpus"], r["conditions_met"]) for r in S]
print("vm_smp8: at 32 vCPUs, one work per CPU with a batch up to 32 (%d of %d calls flushed before the pin, left out)" % (skipped, len(S)))
PY
echo "vm_smp8: all checks passed"
