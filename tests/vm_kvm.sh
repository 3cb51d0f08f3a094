#!/usr/bin/env bash
# The KVM path: run-vm.sh sizes the VM from its host (vm/plan), pins
# every vCPU thread 1:1 before the guest runs, and the results say KVM:
# pins succeed, counts are exact, times are not marked emulated.
#
# Where this machine's KVM runs guest code (a bare-metal server), the
# path runs here.  Where it does not (these machines: /dev/kvm is
# kvm_pvm, which boots no stock kernel: vm/kvm-works.py says no), it
# runs one level down:
# a TCG guest with -cpu max has emulated SVM and a working /dev/kvm, and
# run-vm.sh --host-root runs the suite's real scripts and QEMU in it, on
# this machine's files (vm/nested-kvm.sh), with 2 NUMA nodes for
# the plan to follow.  Slow (nested emulation), but real KVM_RUN, real
# vCPU threads pinned through QMP, real guest NUMA bound to host nodes.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

# At most 8 vCPUs: the test's point is the path, not the size.
inner=(--kernel patched --max-vcpus 8 --cmdline movable-cma --
	run --pinner io_uring --placement movable --scenario fresh,settled
	--policy lru,refcount --cpus pow2 --size 2M --reps 3 --warmup 0 --quiet)
if [ -e /dev/kvm ] && timeout 10 python3 "$top/vm/kvm-works.py"; then
	where=host
	GUPBENCH=$GUPBENCH vm_run kvm --out "$TMP/r.jsonl" "${inner[@]}" > /dev/null
	said=$TMP/kvm.err
	outer_nodes=
else
	# One level down (vm/nested-kvm.sh): 2 vCPUs on 2 emulated nodes,
	# one each, for the plan to follow.
	where=nested
	rc=0
	GUPBENCH=$GUPBENCH "$top/vm/nested-kvm.sh" --smp 2 --numa 2 --out "$TMP/r.jsonl" \
		-- vm/run-vm.sh "${inner[@]}" > "$TMP/nested.out" 2> "$TMP/nested.err" || rc=$?
	said=$TMP/nested.out
	[ $rc != 4 ] || skip "no nested KVM here: $(tail -n 1 "$TMP/nested.err")"
	[ $rc = 0 ] || fail "the nested run failed ($rc): $(tail -n 4 "$TMP/nested.err") / $(tail -n 4 "$said")"
	grep -q "^nested: KVM runs guest code here" "$said" ||
		fail "vm/kvm-works.py found no working KVM in the TCG guest: $(tail -n 3 "$said")"
	grep -q "^run-vm: .*accel=kvm" "$said" ||
		fail "run-vm in the TCG guest did not choose KVM: $(grep 'run-vm:' "$said" | head -n 3)"
	outer_nodes=$(grep '^nested: node ' "$said" | sed 's/^nested: //' | tr '\n' ';')
	# The guest sees this machine's files but cannot change them: what
	# it writes stays in its overlay.  (A write it could make would
	# leave the file here, and the host's copy would change.)
	echo "host copy" > "$TMP/host-file"
	GUPBENCH=$GUPBENCH "$top/vm/nested-kvm.sh" --out "$TMP/none.jsonl" -- sh -c \
		'echo guest > "$1/host-file" && echo guest > "$1/new-file" && cat "$1/host-file"' sh "$TMP" \
		> "$TMP/write.out" 2> "$TMP/write.err" || fail "the write probe failed: $(tail -n 3 "$TMP/write.err")"
	grep -qx "guest" "$TMP/write.out" || fail "the guest could not write its own overlay: $(tail -n 3 "$TMP/write.out")"
	[ "$(cat "$TMP/host-file")" = "host copy" ] && [ ! -e "$TMP/new-file" ] ||
		fail "a write in the nested guest reached this machine's files"
fi
grep -q "vCPU threads pinned as planned" "$said" || fail "run-vm did not say it pinned the vCPUs"
pycheck "$TMP/r.jsonl" "$where" "$outer_nodes" <<'PY'
import sys
from results import load
run = load(sys.argv[1])
where, outer = sys.argv[2], sys.argv[3]
env = run.envelope
assert "gupbench.accel=kvm" in env["kernel"]["cmdline"], env["kernel"]["cmdline"]
vm = env["vm"]
assert vm and vm["accel"] == "kvm" and vm["vcpus_pinned"], vm
assert None not in vm["vcpu_host_cpu"] and len(set(vm["vcpu_host_cpu"])) == vm["vcpus"], vm
assert env["machine"]["pus"] == vm["vcpus"] and env["machine"]["numa_nodes"] == vm["nodes"], (env["machine"], vm)
if where == "nested":
    # The plan followed the outer guest's topology: one vCPU per outer
    # CPU, one guest node per outer node, each vCPU pinned to a CPU of
    # the node it is the guest's image of.
    assert vm["host_virtual"] == "tcg", vm
    nodes = {}
    for part in filter(None, outer.split(";")):
        _, node, _, cpus = part.split()
        nodes[int(node)] = set()
        for r in cpus.split(","):
            a, _, b = r.partition("-")
            nodes[int(node)].update(range(int(a), int(b or a) + 1))
    assert len(nodes) >= 2 and vm["nodes"] == len(nodes), (nodes, vm)
    assert vm["vcpus"] == sum(len(c) for c in nodes.values()), (nodes, vm)
    for v, (gnode, cpu) in enumerate(zip(vm["vcpu_node"], vm["vcpu_host_cpu"])):
        assert cpu in nodes[sorted(nodes)[gnode]], (v, gnode, cpu, nodes)
else:
    assert vm["host_virtual"] in ("no", "vm"), vm
S = [r for r in run.records if r["type"] == "sample"]
assert S and all(r["result"] == "ok" for r in S)
for r in S:
    c, fp = r["counters"], r["foll_pin"]
    assert fp["held_after_pin"] == r["pages_pinned"] == fp["released_by_unpin"], fp
    assert c["works_run"] == c["works_queued"], c
    assert c["migrated_ok"] == r["before"]["movable"], (c, r["before"])
print("vm_kvm (%s): %d calls under KVM, %d vCPUs pinned in %d node(s)" % (where, len(S), vm["vcpus"], vm["nodes"]))
PY
echo "vm_kvm: all checks passed"
