#!/usr/bin/env bash
# The KVM path, where KVM works (a bare-metal server): run-vm.sh sizes
# the VM from the host (vm/plan), pins every vCPU thread 1:1 before the
# guest runs, and the results say KVM: pins succeed, counts are exact,
# and times are not marked emulated.  Skipped, with the reason, where
# KVM does not run guest code (this machine: /dev/kvm is there but
# vm/kvm-works.py's five bytes never run).
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu
[ -e /dev/kvm ] || skip "no /dev/kvm: the KVM path cannot run here"
timeout 10 python3 "$top/vm/kvm-works.py" ||
	skip "/dev/kvm runs no guest code here (vm/kvm-works.py): the KVM path cannot run; TCG is tested instead"

# At most 8 vCPUs: the test's point is the path, not the size.
GUPBENCH=$GUPBENCH vm_run kvm --kernel patched --max-vcpus 8 --cmdline movable-cma \
	--out "$TMP/r.jsonl" -- run --pinner io_uring --placement movable \
	--scenario fresh,settled --policy lru,refcount --cpus pow2 --size 2M --reps 3 \
	--warmup 0 --quiet > /dev/null
grep -q "vCPU threads pinned as planned" "$TMP/kvm.err" || fail "run-vm did not say it pinned the vCPUs"
pycheck "$TMP/r.jsonl" <<'PY'
import sys
from results import load
run = load(sys.argv[1])
env = run.envelope
assert "gupbench.accel=kvm" in env["kernel"]["cmdline"], env["kernel"]["cmdline"]
vm = env["vm"]
assert vm and vm["accel"] == "kvm" and vm["vcpus_pinned"], vm
assert None not in vm["vcpu_host_cpu"] and len(set(vm["vcpu_host_cpu"])) == vm["vcpus"], vm
assert env["machine"]["pus"] == vm["vcpus"] and env["machine"]["numa_nodes"] == vm["nodes"], (env["machine"], vm)
S = [r for r in run.records if r["type"] == "sample"]
assert S and all(r["result"] == "ok" for r in S)
for r in S:
    c, fp = r["counters"], r["foll_pin"]
    assert fp["held_after_pin"] == r["pages_pinned"] == fp["released_by_unpin"], fp
    assert c["works_run"] == c["works_queued"], c
    assert c["migrated_ok"] == r["before"]["movable"], (c, r["before"])
print("vm_kvm: %d calls under KVM, %d vCPUs pinned in %d node(s)" % (len(S), vm["vcpus"], vm["nodes"]))
PY
echo "vm_kvm: all checks passed"
