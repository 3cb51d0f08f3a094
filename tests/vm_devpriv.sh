#!/usr/bin/env bash
# Device-private pages (seed 003) in a kernel with test_hmm: the buffer
# is on the fake device when every pin starts, the pin brings all of it
# back, and a reading thread on the other CPU faults beside it.
#
# The readers' fault count (each thread's rusage) is checked against an
# independent count: the x86 exceptions:page_fault_user tracepoint in a
# tracefs instance, filtered on the readers' thread name.  /proc/vmstat
# pgfault bounds readers' and pin's faults together.  A second boot
# gives the readers a 1 ms deadline: every pin outlives it, so the
# livelock detector must mark every call stalled, and the pins still
# complete once the readers are gone.  A SIGKILL mid-call leaves no
# reader and nothing `gupbench restore` cannot undo.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

cat > "$TMP/guest.sh" <<'SH'
# Runs in the guest (busybox sh); arguments: gupbench's.
i=/sys/kernel/tracing/instances/gbdp
mkdir $i
echo 16384 > $i/buffer_size_kb
echo 'comm == "gb-devfault"' > $i/events/exceptions/page_fault_user/filter
echo 1 > $i/events/exceptions/page_fault_user/enable
gupbench "$@" --out /tmp/results.jsonl
echo "gupbench-exit: $?"
echo 0 > $i/tracing_on
echo "trace-faults: $(grep -v '^#' $i/trace | grep -c page_fault_user)"
echo "trace-overrun: $(cat $i/per_cpu/cpu*/stats | awk '/^overrun:/ { n += $2 } END { print n + 0 }')"
rmdir $i
# SIGKILL in the middle of device-private calls: no reader survives,
# `gupbench restore` undoes what the run changed, and the device works.
gupbench run --pinner gup_test --placement normal --scenario device-private \
	--cpus 2 --size 1M --reps 100000 --warmup 0 --quiet --out /tmp/killed.jsonl 2>/dev/null &
pid=$!
samples() { cat /tmp/killed.jsonl 2>/dev/null | grep -c '"type":"sample"'; }
n=0
while [ "$(samples)" -lt 3 ] && [ $n -lt 60 ]; do
	sleep 1; n=$((n + 1))
done
kill -9 $pid
wait $pid 2>/dev/null
echo "killed-after-samples: $(samples)"
echo "readers-left: $(cat /proc/[0-9]*/task/*/comm 2>/dev/null | grep -c '^gb-dev')"
gupbench restore > /dev/null 2>&1
echo "journal-left: $(ls /run/gupbench/ 2>/dev/null | grep -c journal)"
gupbench run --pinner gup_test --placement normal --scenario device-private \
	--cpus 2 --size 1M --reps 1 --warmup 0 --quiet --out /tmp/again.jsonl 2>/dev/null
echo "rerun-exit: $?"
SH
GUPBENCH=$GUPBENCH "$top/vm/run-vm.sh" --kernel patched --smp 2 --mem 2G \
	--cmdline movable --script "$TMP/guest.sh" --out "$TMP/r.jsonl" -- run \
	--pinner gup_test,io_uring --placement movable,normal --scenario device-private \
	--policy lru,refcount --cpus 2 --size 1M --reps 3 --warmup 0 --quiet \
	> "$TMP/guest.out" 2>&1 || fail "VM run failed ($?): $(tail -5 "$TMP/guest.out")"
grep -q "^gupbench-exit: 0" "$TMP/guest.out" || fail "gupbench failed in the guest: $(tail -5 "$TMP/guest.out")"
grep -q "^trace-overrun: 0$" "$TMP/guest.out" || fail "the trace lost events: $(grep overrun "$TMP/guest.out")"
killed=$(sed -n 's/^killed-after-samples: //p' "$TMP/guest.out")
[ "${killed:-0}" -ge 3 ] || fail "the kill did not land during device-private calls: $(grep -E 'killed|readers' "$TMP/guest.out")"
grep -q "^readers-left: 0$" "$TMP/guest.out" || fail "reading threads outlived a SIGKILL"
grep -q "^journal-left: 0$" "$TMP/guest.out" || fail "gupbench restore left a journal"
grep -q "^rerun-exit: 0$" "$TMP/guest.out" || fail "the device was unusable after the kill: $(grep rerun "$TMP/guest.out")"
traced=$(sed -n 's/^trace-faults: //p' "$TMP/guest.out")
[ -n "$traced" ] || fail "no trace count from the guest"
pycheck "$TMP/r.jsonl" "$traced" <<'PY'
import sys
from results import load
run = load(sys.argv[1])
traced = int(sys.argv[2])
S = [r for r in run.records if r["type"] == "sample"]
assert len(S) == 2 * 2 * 2 * 3, len(S)
readers = 0
for r in S:
    # The scenario's own results, under its name and nowhere else.
    assert list(r["scenario_data"]) == ["device-private"], r["scenario_data"]
    d = r["scenario_data"]["device-private"]
    assert d and d["ran"] and d["faulters"] == 1, d
    assert d["pages"] == 256 and d["device_before"] == 256, d
    assert r["conditions_met"] is True, r["conditions_missed"]
    assert r["result"] == "ok" and d["device_after"] == 0, (r["result"], d)
    assert not d["stalled"] and d["stall_ms"] == 10000, d
    # Every page came back through one fault; the rest were retries.
    assert d["fault_retries"] == d["faulter_faults"] + d["pin_faults"] - 256, d
    assert d["vm_pgfault"] >= d["faulter_faults"] + d["pin_faults"], d
    assert r["truth"] == "decided_in_call", r["truth"]
    assert r["derived"]["classification"] == "tracepoint", r["derived"]
    # Pages that came back into ZONE_MOVABLE were migrated by the pin.
    assert r["counters"]["migrated_ok"] == r["vmstat"]["pgmigrate_success"], r
    assert r["after"]["normal"] == 256, r["after"]
    readers += d["faulter_faults"]
assert readers > 0, "the readers never faulted"
assert readers == traced, "readers' faults: %d by rusage, %d by page_fault_user" % (readers, traced)
print("vm_devpriv: %d calls, readers' faults %d = traced %d, retries %d" %
      (len(S), readers, traced, sum(r["scenario_data"]["device-private"]["fault_retries"] for r in S)))
PY

GUPBENCH=$GUPBENCH vm_run stall --kernel patched --smp 2 --mem 2G \
	--cmdline movable --out "$TMP/stall.jsonl" -- run \
	--pinner gup_test --placement normal --scenario device-private --cpus 2 \
	--size 4M --reps 3 --warmup 0 --stall-ms 1 --quiet > /dev/null
pycheck "$TMP/stall.jsonl" <<'PY'
import sys
from results import load
run = load(sys.argv[1])
S = [r for r in run.records if r["type"] == "sample"]
assert len(S) == 3, len(S)
# The scenario's option, recorded with the run's options.
assert run.envelope["options"]["stall_ms"] == 1, run.envelope["options"]
for r in S:
    d = r["scenario_data"]["device-private"]
    assert d["stall_ms"] == 1 and d["stalled"] is True, d
    assert r["result"] == "ok" and d["device_after"] == 0, (r["result"], d)
print("vm_devpriv: --stall-ms 1: %d calls marked stalled, all pinned" % len(S))
PY
echo "vm_devpriv: all checks passed"
