#!/usr/bin/env bash
# Two NUMA nodes under TCG (run-vm.sh --numa 2, vCPUs pinned through QMP
# as under KVM): the guest sees both nodes, and each drain work and IPI
# is attributed to the node of its CPU.  With --holder-node other the
# remote CPU (remote-batch's batch holder) is on the other node; at
# --cpus 4 the old heuristic's lru_add_drain_all() runs works on both
# nodes.  works_run_other_node is checked work by work against the
# drain_works list and the guest's node of each CPU.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

GUPBENCH=$GUPBENCH vm_run numa --kernel patched --smp 4 --numa 2 --pin --mem 2G \
	--cmdline movable --out "$TMP/r.jsonl" -- run --pinner io_uring \
	--placement movable --scenario fresh,remote-batch --policy lru,refcount \
	--holder-node other --cpus 2,4 --size 1M --reps 3 --warmup 0 --quiet > /dev/null
grep -q "4 vCPU threads pinned as planned" "$TMP/numa.err" || fail "run-vm did not pin the 4 vCPUs: $(tail -n 3 "$TMP/numa.err")"
pycheck "$TMP/r.jsonl" <<'PY'
import sys
from results import load
run = load(sys.argv[1])
env = run.envelope
vm, mach = env["vm"], env["machine"]
assert vm["nodes"] == 2 and vm["vcpu_node"] == [0, 0, 1, 1] and vm["vcpus_pinned"], vm
assert mach["numa_nodes"] == 2, mach          # the guest sees the nodes QEMU made
order = mach["cpu_order"]
node = vm["vcpu_node"]
# --holder-node other: the CPU beside the pinning one is on the other node.
assert node[order[1]] != node[order[0]], (order, node)
S = [r for r in run.records if r["type"] == "sample"]
assert len(S) == 2 * 2 * 2 * 3, len(S)
both = remote_works = remote_ipis = 0
for r in S:
    c = r["counters"]
    home = node[r["pin_cpu"]]
    works = r["drain_works"]["works"] if r["drain_works"] else []
    ran = [w for w in works if w["run_ns"] is not None]
    # The counter, work by work: runs on CPUs of the other node.
    assert c["works_run_other_node"] == sum(node[w["cpu"]] != home for w in ran), (c, works)
    assert c["works_run_other_node"] <= c["works_run"] and c["ipis_other_node"] <= c["ipis"], c
    remote_works += c["works_run_other_node"]
    remote_ipis += c["ipis_other_node"]
    if r["policy"] == "lru" and r["cpus"] == 4 and r["scenario"] == "fresh":
        # Batches on all four CPUs: works on the home node and the other.
        nodes = {node[w["cpu"]] for w in ran}
        both += nodes == {0, 1}
assert both == 3, "lru's drain at 4 CPUs did not reach both nodes in every call"
assert remote_works > 0 and remote_ipis > 0, (remote_works, remote_ipis)
print("vm_numa: %d calls; %d works and %d IPIs on the other node" % (len(S), remote_works, remote_ipis))
PY
echo "vm_numa: all checks passed"
