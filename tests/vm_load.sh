#!/usr/bin/env bash
# --load in the patched kernel: what the batch-holder CPUs do during the
# pin.  Under a SCHED_FIFO spin the CPU's drain work still runs there
# (after RT throttling lets it: a time, reported, not asserted); the
# works and drains themselves are the same as when idle.  Then the
# exit paths: SIGKILL during a fifo run leaves no spinning thread, and
# the RT throttling it had to turn on is put back by gupbench restore.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

GUPBENCH=$GUPBENCH vm_run study --kernel patched --smp 2 --mem 2G \
	--cmdline movable --out "$TMP/r.jsonl" -- run \
	--pinner io_uring --placement movable --scenario fresh,remote-batch \
	--policy lru,refcount --load idle,busy,fifo,faulters --cpus 2 --size 1M \
	--reps 2 --warmup 0 --quiet > /dev/null
pycheck "$TMP/r.jsonl" <<'PY'
import sys, statistics
from collections import defaultdict
from results import load
run = load(sys.argv[1])
S = [r for r in run.records if r["type"] == "sample"]
order = run.envelope["machine"]["cpu_order"]
assert len(S) == 2 * 2 * 4 * 2, len(S)
by = defaultdict(list)
for r in S:
    by[(r["scenario"], r["policy"], r["load"])].append(r)
    assert r["conditions_met"] and r["result"] == "ok", r
    # Spins end with their call; a fifo spin may hold a drain work back
    # past RT throttling until its watchdog lets go: marked, never a hang.
    assert not r["load_watchdog"] or r["load"] == "fifo", r
    # One load CPU at --cpus 2; faulters keep off remote-batch's batch CPU.
    busy_cpus = 0 if r["load"] == "idle" or (r["load"] == "faulters" and r["scenario"] == "remote-batch") else 1
    assert r["load_cpus"] == busy_cpus, (r["load"], r["scenario"], r["load_cpus"])
for (sc, p, ld), rs in by.items():
    idle = by[(sc, p, "idle")]
    for r in rs:
        c = r["counters"]
        # The load changes when the drains happen, not what they are.
        assert c["drains_all"] == idle[0]["counters"]["drains_all"], (sc, p, ld, c)
        if ld == "fifo" and c["drains_all"]:
            # A drain work went to the fifo CPU and ran there, beside the
            # spin (a placement; which work was slowest is a time: shown
            # below, never asserted).
            w = r["drain_works"]["works"]
            assert any(x["cpu"] == order[1] and x["run_ns"] is not None for x in w), (sc, p, w)
fifo = [r for r in S if r["load"] == "fifo" and r["counters"]["drains_all"]]
ratio = statistics.median(r["counters"]["drain_all_ns"] for r in by[("fresh", "lru", "fifo")]) / \
        statistics.median(r["counters"]["drain_all_ns"] for r in by[("fresh", "lru", "idle")])
print("vm_load: %d calls; time in lru_add_drain_all, fifo / idle (fresh, lru): %.0fx; slowest work on the fifo CPU in %d of %d fifo calls; fifo calls ended by the watchdog: %d" % (
    len(S), ratio, sum(r["drain_works"]["slowest_cpu"] == order[1] for r in fifo), len(fifo),
    sum(r["load_watchdog"] for r in S)))
PY

# The report draws drain time by load: one block per policy and load.
mkdir -p "$TMP/rep"
rel=$(release_of "$TMP/r.jsonl")
"$GBSTAT" report "$TMP/r.jsonl" --dir "$TMP/rep" > /dev/null 2>&1 || fail "gbstat report failed"
for p in lru refcount; do
	for l in idle busy fifo faulters; do
		awk -v b="\"$rel/$p load=$l\" median p99" 'index($0, b) == 1 { f = 1 } END { exit !f }' \
			"$TMP/rep/drain_load.dat" ||
			fail "drain_load.dat has no block for $p under $l"
	done
done
grep -q "^has_drain_load = [1-9]" "$TMP/rep/meta.gp" || fail "the drain-load chart would be empty"

cat > "$TMP/guest.sh" <<'SH'
# Runs in the guest (busybox sh).
rt=/proc/sys/kernel/sched_rt_runtime_us
echo -1 > $rt
echo "before: rt=$(cat $rt)"
gupbench run --placement movable --scenario fresh --policy lru --load fifo --cpus 2 \
	--size 1M --reps 100000 --warmup 0 --quiet --out /tmp/killed.jsonl 2>/dev/null &
pid=$!
i=0
while ! grep -q '"load":"fifo"' /tmp/killed.jsonl 2>/dev/null && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
kill -9 $pid
wait $pid 2>/dev/null
echo "after-kill: rt=$(cat $rt) threads=$(ls /proc/$pid/task 2>/dev/null | wc -l)"
ls /run/gupbench/ | sed 's/^/journal: /'
gupbench restore 2>&1 | sed 's/^/restore: /'
echo "after-restore: rt=$(cat $rt)"
ls /run/gupbench/ | sed 's/^/journal-left: /'
echo 950000 > $rt
: > /tmp/results.jsonl
SH
GUPBENCH=$GUPBENCH "$top/vm/run-vm.sh" --kernel patched --smp 2 --mem 2G \
	--cmdline movable --script "$TMP/guest.sh" --out "$TMP/k.jsonl" -- \
	> "$TMP/guest.out" || fail "VM run failed ($?): $(cat "$TMP/guest.out")"
cat "$TMP/guest.out"
grep -q "^before: rt=-1" "$TMP/guest.out" || fail "could not turn RT throttling off in the guest"
grep -q "^after-kill: rt=950000 threads=0" "$TMP/guest.out" ||
	fail "after SIGKILL: RT throttling not on (journalled change) or a thread left"
grep -q "^journal: [0-9]*.journal" "$TMP/guest.out" || fail "no journal after SIGKILL"
grep -q "^after-restore: rt=-1" "$TMP/guest.out" || fail "gupbench restore did not put RT throttling back"
grep -q "^journal-left:" "$TMP/guest.out" && fail "a journal is left in the guest"
echo "vm_load: all checks passed"
