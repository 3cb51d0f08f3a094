#!/usr/bin/env bash
# Cross-check gupbench's per-call counters against an independent
# source: a tracefs instance recording the same tracepoints, with
# gupbench writing markers into it.  Per pin call, the events between
# the inner markers (written inside gupbench's counting window) must be
# at most gupbench's count (but for events on other CPUs stamped within
# 20 us of the window's end: ftrace and perf stamp them apart), and those between the
# outer markers (written outside it) at least.  An IPI generator runs meanwhile so the counts
# are not all zero.
. "$(dirname "$0")/lib.sh"
need_root
: "${IPI_STORM:?ctest sets IPI_STORM}"

tracefs=/sys/kernel/tracing
[ -d "$tracefs/instances" ] || mount -t tracefs nodev "$tracefs" 2>/dev/null || true
[ -d "$tracefs/instances" ] || skip "no tracefs instances (CONFIG_FTRACE, root)"
inst=gupbench-xcheck-$$
dir=$tracefs/instances/$inst
mkdir "$dir" || skip "cannot create a tracefs instance"
trap 'echo 0 > "$dir/tracing_on" 2>/dev/null; rmdir "$dir" 2>/dev/null; rm -rf "$TMP"' EXIT

events="ipi/ipi_send_cpu ipi/ipi_send_cpumask irq_vectors/call_function_entry
irq_vectors/call_function_single_entry irq_vectors/reschedule_entry workqueue/workqueue_queue_work"
for ev in $events; do
	[ -e "$dir/events/$ev/enable" ] || skip "no tracepoint $ev"
	echo 1 > "$dir/events/$ev/enable"
done
echo global > "$dir/trace_clock"	# one clock across CPUs: markers order events
echo 16384 > "$dir/buffer_size_kb"
echo 1 > "$dir/tracing_on"

"$IPI_STORM" 30 &
storm=$!
"$GUPBENCH" run --pinner io_uring --placement any --scenario settled,fresh \
	--cpus all --size 16M --reps 25 --warmup 0 --trace-marker "$inst" \
	--quiet --out "$TMP/r.jsonl" || fail "gupbench exited $?"
echo 0 > "$dir/tracing_on"
kill "$storm" 2>/dev/null || true
wait "$storm" 2>/dev/null || true
cat "$dir/trace" > "$TMP/trace.txt"
overrun=$(awk '/^overrun:/ {s += $2} END {print s + 0}' "$dir"/per_cpu/cpu*/stats)
[ "$overrun" = 0 ] || fail "tracefs instance overran ($overrun events lost): cannot cross-check"

pycheck "$TMP/r.jsonl" "$TMP/trace.txt" <<'PY'
import json, re, sys
from results import load
run = load(sys.argv[1])
samples = {r["seq"]: r for r in run.samples}
def cpus_in(mask):
    n = 0
    for part in mask.split(","):
        a, _, b = part.partition("-")
        n += int(b) - int(a) + 1 if b else 1
    return n
# ftrace and perf stamp one event in two probes run one after the other:
# an event on another CPU that ftrace stamps just before inner-end can
# carry a perf stamp just after gupbench's window closed (they happened
# at the same time; measured here: 0 to 3 us).  On the marker's own CPU
# program order settles it.  So the inner bound leaves out events on other
# CPUs within BAND of inner-end (the outer bound still counts them), and
# says how many.
BAND = 20e-6
lines = open(sys.argv[2]).read().splitlines()
def stamp(line):
    m = re.search(r"\s(\d+\.\d+):\s", line)
    return float(m.group(1)) if m else None
def cpu(line):
    m = re.search(r"\[(\d+)\]", line)
    return int(m.group(1)) if m else None
inner_end = {}
for line in lines:
    m = re.search(r"gupbench inner-end (\d+)", line)
    if m:
        inner_end[int(m.group(1))] = (stamp(line), cpu(line))
counts = {}          # (seq, "inner"|"outer") -> {counter: n}
open_windows = {}    # "inner"/"outer" -> seq
banded = 0
pinner = None
for line in lines:
    # "comm-PID [CPU] ...": the task an event ran in.
    pm = re.search(r"-(\d+)\s+\[\d+\]", line)
    pid = int(pm.group(1)) if pm else None
    m = re.search(r"gupbench (inner|outer)-(begin|end) (\d+)", line)
    if m:
        kind, edge, seq = m.group(1), m.group(2), int(m.group(3))
        pinner = pid       # the pinning thread writes the markers
        if edge == "begin":
            open_windows[kind] = seq
            counts[(seq, kind)] = {}
        else:
            open_windows.pop(kind, None)
        continue
    ev = None
    if "ipi_send_cpumask:" in line:
        ev, n = "ipi_cpumask_targets", cpus_in(re.search(r"cpumask=([0-9,-]+)", line).group(1))
    elif "ipi_send_cpu:" in line:
        ev, n = "ipi_send_cpu", 1
    elif "call_function_single_entry:" in line:
        ev, n = "call_function_single", 1
    elif "call_function_entry:" in line:
        ev, n = "call_function", 1
    elif "reschedule_entry:" in line:
        ev, n = "reschedule", 1
    elif "workqueue_queue_work:" in line and "function=lru_add_drain_per_cpu" in line:
        ev, n = "works_queued", 1
    # The pin's own: what the pinning thread sent or queued itself.
    evs = [(ev, n)] if ev else []
    if ev in ("ipi_send_cpu", "ipi_cpumask_targets", "works_queued") and pid == pinner:
        evs.append(("ipis_pin" if ev != "works_queued" else "works_queued_pin", n))
    for ev, n in evs:
        t = stamp(line)
        for kind, seq in open_windows.items():
            end = inner_end.get(seq)
            if kind == "inner" and t is not None and end is not None and end[0] is not None \
                    and cpu(line) != end[1] and end[0] - t < BAND:
                banded += n
                continue
            c = counts[(seq, kind)]
            c[ev] = c.get(ev, 0) + n
source = {"ipi_send_cpu": "ipi:ipi_send_cpu", "ipi_cpumask_targets": "ipi:ipi_send_cpumask",
          "call_function": "irq_vectors:call_function_entry",
          "call_function_single": "irq_vectors:call_function_single_entry",
          "reschedule": "irq_vectors:reschedule_entry",
          "works_queued": "workqueue:workqueue_queue_work",
          "ipis_pin": "ipi:ipi_send_cpu", "works_queued_pin": "workqueue:workqueue_queue_work"}
end = run.end
tally = end["sampling"]
# Where perf delivered fewer samples than it counted, per-call values are
# lower bounds and the end record must say so.
lossy = {n for n, s in source.items() if tally[s]["sampled"] < tally[s]["counted"]}
assert end["sampling_complete"] == (not any(
    t["sampled"] < t["counted"] for t in tally.values())), end
checked = total = lower_only = 0
for seq, r in samples.items():
    assert (seq, "inner") in counts and (seq, "outer") in counts, "markers missing for call %d" % seq
    for name in source:
        got = r["counters"][name]
        if got is None:
            continue
        lo = counts[(seq, "inner")].get(name, 0)
        hi = counts[(seq, "outer")].get(name, 0)
        assert got <= hi, "call %d %s: gupbench %d > %d events tracefs saw" % (seq, name, got, hi)
        if name in lossy:
            lower_only += 1
        else:
            assert lo <= got, "call %d %s: tracefs saw %d, gupbench %d, and no sample loss was reported" % (seq, name, lo, got)
        checked += 1
        total += got
assert checked >= len(samples) * 4, "too few counters to cross-check"
assert total > 0, "no events counted at all: the cross-check proved nothing"
print("crosscheck: %d counter values within tracefs bounds over %d calls, %d events; "
      "lower bound only (perf dropped samples, reported in the end record): %s; "
      "%d event(s) on other CPUs within %.0f us of a window's end left to the outer bound" % (
      checked, len(samples), total, sorted(lossy) or "none", banded, BAND * 1e6))
PY
