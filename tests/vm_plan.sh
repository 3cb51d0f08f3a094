#!/usr/bin/env bash
# The VM's shape from the host's topology, on synthetic hosts (hwloc's
# HWLOC_SYNTHETIC stands for the machine): under KVM a two-socket
# 2 x 32 cores x 2 threads server gets 64 vCPUs (the default cap) in two
# guest nodes, each vCPU pinned to its own core on its own node, memory
# bound per node and in proportion; --max-vcpus 128 takes every CPU; a
# one-node 8-CPU machine gets 8 vCPUs and no NUMA arguments; TCG keeps
# the small defaults and emulates nodes only when asked.  Bad requests
# are refused with one line, exit 2.
. "$(dirname "$0")/lib.sh"
[ -x "${GBVMPLAN:-}" ] || fail "no gbvmplan (GBVMPLAN)"
two="pack:2 [numa] core:32 pu:2"	# node N: PUs 64N..64N+63, siblings 2k, 2k+1
HWLOC_SYNTHETIC=$two "$GBVMPLAN" --accel kvm --host-mem-mib 262144 > "$TMP/kvm64" || fail "kvm plan"
HWLOC_SYNTHETIC=$two "$GBVMPLAN" --accel kvm --max-vcpus 128 --host-mem-mib 262144 > "$TMP/kvm128" || fail "kvm 128"
HWLOC_SYNTHETIC=$two "$GBVMPLAN" --accel kvm --host-mem-mib 8192 > "$TMP/kvm-small-mem" || fail "kvm small memory"
HWLOC_SYNTHETIC="pack:1 core:8 pu:1" "$GBVMPLAN" --accel kvm --host-mem-mib 32768 > "$TMP/one" || fail "one node"
HWLOC_SYNTHETIC=$two "$GBVMPLAN" --accel tcg > "$TMP/tcg" || fail "tcg"
"$GBVMPLAN" --accel tcg --numa 2 --vcpus 4 --pin > "$TMP/tcg-numa" || fail "tcg numa"
pycheck "$TMP" <<'PY'
import sys
d = sys.argv[1]
def plan(name):
    p = {"vcpu": [], "qemu": []}
    for line in open("%s/%s" % (d, name)):
        k, _, v = line.rstrip("\n").partition(" ")
        if k == "vcpu":
            w = v.split()
            p["vcpu"].append((int(w[0]), int(w[2]), int(w[4])))
        elif k == "qemu":
            p["qemu"].append(v)
        else:
            p[k] = v
    return p
def opt(p, flag):
    return [p["qemu"][i + 1] for i, a in enumerate(p["qemu"]) if a == flag]

p = plan("kvm64")
assert p["vcpus"] == "64" and p["nodes"] == "2" and p["pinned"] == "yes", p
assert p["host"] == "2 package(s), 2 NUMA node(s), 64 core(s), 128 CPU(s)", p["host"]
cpus = [c for _, _, c in p["vcpu"]]
assert len(set(cpus)) == 64, "two vCPUs share a host CPU"
assert all(c % 2 == 0 for c in cpus), "an SMT sibling taken before every core had a vCPU"
for v, node, cpu in p["vcpu"]:
    assert node == (0 if v < 32 else 1) and cpu // 64 == node, (v, node, cpu)
assert opt(p, "-smp") == ["64,sockets=2,cores=32,threads=1"], opt(p, "-smp")
assert opt(p, "-m") == ["%dM" % (1024 + 256 * 64)], opt(p, "-m")
assert opt(p, "-numa") == ["node,nodeid=0,cpus=0-31,memdev=gbmem0",
                           "node,nodeid=1,cpus=32-63,memdev=gbmem1"], opt(p, "-numa")
assert opt(p, "-object") == ["memory-backend-ram,id=gbmem0,size=8704M,host-nodes=0,policy=bind",
                             "memory-backend-ram,id=gbmem1,size=8704M,host-nodes=1,policy=bind"], opt(p, "-object")
assert p["sweep"] == "1,2,4,8,16,32,64", p["sweep"]

p = plan("kvm128")
assert p["vcpus"] == "128" and sorted(c for _, _, c in p["vcpu"]) == list(range(128))
assert p["sweep"] == "1,2,4,8,16,32,64,128" and opt(p, "-smp") == ["128,sockets=2,cores=64,threads=1"]

p = plan("kvm-small-mem")      # at most half the host's memory
assert opt(p, "-m") == ["4096M"], opt(p, "-m")

p = plan("one")
assert p["vcpus"] == "8" and p["nodes"] == "1" and p["sweep"] == "1,2,4,8", p
assert sorted(c for _, _, c in p["vcpu"]) == list(range(8))
assert not opt(p, "-numa") and not opt(p, "-object") and opt(p, "-smp") == ["8"], p["qemu"]

p = plan("tcg")                 # a big host, emulated: the small defaults
assert p["vcpus"] == "2" and p["nodes"] == "1" and p["pinned"] == "no", p
assert opt(p, "-m") == ["2048M"] and all(c == -1 for _, _, c in p["vcpu"]), p

p = plan("tcg-numa")            # emulated nodes, no host binding
assert p["nodes"] == "2" and p["pinned"] == "yes", p
assert opt(p, "-numa") == ["node,nodeid=0,cpus=0-1,memdev=gbmem0", "node,nodeid=1,cpus=2-3,memdev=gbmem1"]
assert all("host-nodes" not in o for o in opt(p, "-object")), opt(p, "-object")
print("vm_plan: synthetic hosts planned as expected")
PY
# Nodes that share CPUs (hwloc gives a memory-only node, CXL or HBM, its
# package's cpuset): each CPU is planned once, and guest memory is bound
# only to nodes that have memory, whichever comes first.
shared_plan() {	# shared_plan TOPOLOGY WANT-HOST-NODES
	local rc=0
	HWLOC_SYNTHETIC=$1 "$GBVMPLAN" --accel kvm --host-mem-mib 65536 > "$TMP/shared" 2> "$TMP/shared.err" || rc=$?
	[ $rc = 0 ] || fail "$1: exit $rc: $(cat "$TMP/shared.err")"
	[ "$(awk '$1 == "vcpus" { print $2 }' "$TMP/shared")" = 4 ] ||
		fail "$1: $(awk '$1 == "vcpus"' "$TMP/shared") on a 4-CPU host (CPUs counted twice)"
	[ "$(awk '$1 == "vcpu" { print $6 }' "$TMP/shared" | sort -u | wc -l)" = 4 ] ||
		fail "$1: a host CPU pinned twice: $(grep '^vcpu ' "$TMP/shared" | tr '\n' ';')"
	[ "$(grep -o 'host-nodes=[0-9]*' "$TMP/shared" | cut -d= -f2 | tr '\n' ' ')" = "$2" ] ||
		fail "$1: guest memory bound to host nodes $(grep -o 'host-nodes=[0-9]*' "$TMP/shared" | tr '\n' ' '), not $2"
}
shared_plan "pack:2 [numa] [numa] core:2 pu:1" "0 2 "
shared_plan "pack:2 [numa(memory=1073741824)] [numa(memory=0)] core:2 pu:1" "0 2 "
shared_plan "pack:2 [numa(memory=0)] [numa(memory=1073741824)] core:2 pu:1" "1 3 "

# Refusals: one line naming the problem, exit 2.
refuse() {
	local what=$1 rc=0
	shift
	HWLOC_SYNTHETIC=$two "$GBVMPLAN" "$@" > "$TMP/out" 2> "$TMP/err" || rc=$?
	[ $rc = 2 ] || fail "$*: exit $rc, expected 2"
	[ "$(wc -l < "$TMP/err")" -le 2 ] && grep -q -- "$what" "$TMP/err" || fail "$*: '$what' not in: $(cat "$TMP/err")"
	[ ! -s "$TMP/out" ] || fail "$*: a partial plan was printed"
}
refuse "under KVM the guest's nodes are the host's" --accel kvm --numa 2
refuse "this host has 128 CPUs" --accel kvm --vcpus 200
refuse "more nodes than the 2 vCPUs" --accel tcg --numa 3
refuse "not a number from 1 to 512" --accel kvm --max-vcpus 600
refuse "--accel kvm or --accel tcg" --accel xen
refuse "not a number" --accel tcg --vcpus 0
echo "vm_plan: all checks passed"
