#!/usr/bin/env bash
# Two NUMA nodes under TCG (run-vm.sh --numa 2, vCPUs pinned through QMP
# as under KVM): the guest sees both nodes, and each drain work and IPI
# is attributed to the node of its CPU.  With --holder-node other the
# remote CPU (remote-batch's batch holder) is on the other node; at
# --cpus 4 the old heuristic's lru_add_drain_all() runs works on both
# nodes.  works_run_other_node and ipis_other_node are cross-checked,
# call by call, against a tracefs instance in the guest that records the
# same tracepoints between gupbench's markers (an independent reader of
# the kernel's events), with the node of each CPU from sysfs.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

# Runs in the guest (busybox sh).
guest_xcheck_start ipi/ipi_send_cpu ipi/ipi_send_cpumask workqueue/workqueue_execute_start \
	workqueue/workqueue_queue_work > "$TMP/guest.sh"
cat >> "$TMP/guest.sh" <<'SH'
gupbench run --pinner io_uring --placement movable --scenario fresh,remote-batch \
	--policy lru,refcount --holder-node other --cpus 2,4 --size 1M --reps 3 \
	--warmup 0 --quiet --trace-marker xcheck --out /tmp/results.jsonl 2>/tmp/err
rc=$?
echo 0 > $d/tracing_on
sed 's/^/stderr: /' /tmp/err
for n in /sys/devices/system/node/node*; do echo "node: ${n##*node} $(cat $n/cpulist)"; done
grep -h overrun $d/per_cpu/cpu*/stats | sed 's/^/stats: /'
grep -E 'gupbench|ipi_send|workqueue_execute_start|workqueue_queue_work' $d/trace | sed 's/^/trace: /'
exit $rc
SH
GUPBENCH=$GUPBENCH vm_run numa --kernel patched --smp 4 --numa 2 --pin --mem 2G \
	--cmdline movable --script "$TMP/guest.sh" --out "$TMP/r.jsonl" -- > "$TMP/guest.out"
grep -q "4 vCPU threads pinned as planned" "$TMP/numa.err" || fail "run-vm did not pin the 4 vCPUs: $(tail -n 3 "$TMP/numa.err")"
grep "^stderr:\|^stats:" "$TMP/guest.out" || true
pycheck "$TMP/r.jsonl" "$TMP/guest.out" <<'PY'
import re, sys
from results import load, mask_cpus
run = load(sys.argv[1])
env = run.envelope
vm, mach = env["vm"], env["machine"]
assert vm["nodes"] == 2 and vm["vcpu_node"] == [0, 0, 1, 1] and vm["vcpus_pinned"], vm
assert mach["numa_nodes"] == 2, mach          # the guest sees the nodes QEMU made
# The guest kernel's own node of each CPU (sysfs), for the cross-check.
node = {}
out = open(sys.argv[2]).read().splitlines()
for l in out:
    if l.startswith("node: "):
        n, cpus = l[6:].split(" ", 1)
        for part in cpus.split(","):
            a, _, b = part.partition("-")
            for c in range(int(a), int(b or a) + 1):
                node[c] = int(n)
assert [node[c] for c in range(4)] == vm["vcpu_node"], (node, vm["vcpu_node"])
assert all(l.endswith("overrun: 0") for l in out if l.startswith("stats: ")), "tracefs overran"
order = mach["cpu_order"]
# --holder-node other: the CPU beside the pinning one is on the other node.
assert node[order[1]] != node[order[0]], (order, node)
S = run.samples
assert len(S) == 2 * 2 * 2 * 3, len(S)
# tracefs, per call: events between the inner markers (inside gupbench's
# counting window) and between the outer ones (outside it).
counts, open_w, home, pinner = {}, {}, node[S[0]["pin_cpu"]], None
for l in out:
    if not l.startswith("trace: "):
        continue
    # "comm-PID [CPU] flags stamp: event": the task the event ran in.
    pid = int(re.search(r"-(\d+)\s+\[\d+\]", l).group(1))
    m = re.search(r"gupbench (inner|outer)-(begin|end) (\d+)", l)
    if m:
        kind, edge, seq = m.group(1), m.group(2), int(m.group(3))
        pinner = pid       # the markers are written by the pinning thread
        if edge == "begin":
            open_w[kind] = seq
            counts[(seq, kind)] = {"works": 0, "ipis": 0, "works_pin": 0, "ipis_pin": 0}
        else:
            open_w.pop(kind, None)
        continue
    cpu = int(re.search(r"\[(\d+)\]", l).group(1))
    evs = []
    if "workqueue_execute_start:" in l and "lru_add_drain_per_cpu" in l:
        evs = [("works", int(node[cpu] != home))]
    elif "workqueue_queue_work:" in l and "lru_add_drain_per_cpu" in l:
        evs = [("works_pin", int(pid == pinner))]
    elif "ipi_send_cpumask:" in l:
        targets = list(mask_cpus(re.search(r"cpumask=([0-9a-f,-]+)", l).group(1)))
        evs = [("ipis", sum(node[c] != home for c in targets)),
               ("ipis_pin", len(targets) if pid == pinner else 0)]
    elif "ipi_send_cpu:" in l:
        evs = [("ipis", int(node[int(re.search(r"cpu=(\d+)", l).group(1))] != home)),
               ("ipis_pin", int(pid == pinner))]
    for kind, seq in open_w.items():
        for ev, n in evs:
            counts[(seq, kind)][ev] += n
both = remote_works = remote_ipis = checked = pin_works = pin_ipis = edges = 0
for r in S:
    c, seq = r["counters"], r["seq"]
    assert node[r["pin_cpu"]] == home
    ran = [w for w in (r["drain_works"]["works"] if r["drain_works"] else []) if w["run_ns"] is not None]
    # The counter, work by work, against the call's own drain_works list.
    assert c["works_run_other_node"] == sum(node[w["cpu"]] != home for w in ran), (c, ran)
    # The pin's own: part of the window's, and the IPIs of its drain part of those.
    assert c["works_queued_pin"] <= c["works_queued"] and c["ipis_pin"] <= c["ipis"], c
    assert c["ipis_pin_drain_all"] <= c["ipis_pin"], c
    pin_works += c["works_queued_pin"]
    pin_ipis += c["ipis_pin"]
    for name, ev in (("works_run_other_node", "works"), ("ipis_other_node", "ipis"),
                     ("works_queued_pin", "works_pin"), ("ipis_pin", "ipis_pin")):
        lo, hi = counts[(seq, "inner")][ev], counts[(seq, "outer")][ev]
        # An event on another CPU at the window's edge is stamped on
        # either side by perf and ftrace (crosscheck_tracefs.sh, as in
        # vm_isolated.sh): one outside the bounds is such an edge (seen
        # once in CI: 2 against 3..3), counted and bounded below.
        assert lo - 1 <= c[name] <= hi + 1, "call %d %s: gupbench %d, tracefs %d..%d" % (seq, name, c[name], lo, hi)
        edges += not lo <= c[name] <= hi
        checked += 1
    remote_works += c["works_run_other_node"]
    remote_ipis += c["ipis_other_node"]
    if r["policy"] == "lru" and r["cpus"] == 4 and r["scenario"] == "fresh":
        both += {node[w["cpu"]] for w in ran} == {0, 1}
assert edges <= max(1, checked // 50), "%d of %d values outside tracefs's bounds" % (edges, checked)
assert both == 3, "lru's drain at 4 CPUs did not reach both nodes in every call"
assert remote_works > 0 and remote_ipis > 0, (remote_works, remote_ipis)
assert pin_works > 0 and pin_ipis > 0, (pin_works, pin_ipis)
print("vm_numa: %d calls; %d works and %d IPIs on the other node; the pin's own: %d works, %d IPIs; "
      "%d values within tracefs's bounds (%d one outside, at an edge)" % (
          len(S), remote_works, remote_ipis, pin_works, pin_ipis, checked, edges))
PY
echo "vm_numa: all checks passed"
