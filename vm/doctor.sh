#!/usr/bin/env bash
# What gupbench can do on this machine, in a few lines, and the one
# command (or page) for each missing piece: KVM or TCG and the VM it
# would boot (vm/plan/gbvmplan), the host's topology, ZONE_MOVABLE and
# CMA on the host, the drain-policy switch, the counters and pin paths
# the host kernel has, and where ./run_bench.sh will run.
# usage: run_bench.sh doctor
# exit: 0 (a report, whatever it finds), 1 when gupbench is not built
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/vm/lib/common.sh"
build=${GB_BUILD_DIR:-$top/build}
gupbench=${GUPBENCH:-$build/bench/gupbench}
gbvmplan=${GBVMPLAN:-$build/vm/plan/gbvmplan}
[ -x "$gupbench" ] && [ -x "$gbvmplan" ] ||
	{ echo "doctor: gupbench is not built: ./run_bench.sh build" >&2; exit 1; }

if [ ! -e /dev/kvm ]; then
	accel=tcg kvm="no: no /dev/kvm (load kvm_intel or kvm_amd; in a VM, enable nested virtualisation)"
elif why=$(gb_kvm_works --why 2>&1); then
	accel=kvm kvm="yes: VMs run at native speed, times are measured"
else
	accel=tcg kvm="no: ${why#kvm-works: } (vm/kvm-works.py); check VT-x/AMD-V in the firmware"
fi
[ $accel = kvm ] || kvm="$kvm; VMs use TCG: counts exact, times not; the KVM path itself runs nested in a TCG guest with emulated SVM (./run_bench.sh nested --help)"
plan=$("$gbvmplan" --accel $accel)
probe=$("$gupbench" probe --json 2>/dev/null | head -n 1)
list=$("$gupbench" list --json 2>/dev/null)
python3 - "$kvm" "$plan" "$probe" "$list" <<'PY'
import json, sys
kvm, plan_text, probe, listed = sys.argv[1:]
plan = {}
for line in plan_text.splitlines():
    k, _, v = line.partition(" ")
    plan.setdefault(k, v)
e = json.loads(probe)
cases = [json.loads(l) for l in listed.splitlines()]
def row(what, text):
    print("  %-13s %s" % (what, text))
print("gupbench doctor: %s, kernel %s" % (e["machine"]["topology"], e["kernel"]["release"]))
row("KVM", kvm)
row("VM", "%s vCPUs in %s node(s), %s MiB, vCPUs %s (vm/plan/gbvmplan; run-vm.sh --max-vcpus, --smp, --mem)"
    % (plan["vcpus"], plan["nodes"], plan["mem_mib"],
       "pinned 1:1" if plan["pinned"] == "yes" else "not pinned"))
zones = e["layout"]["zones"]
movable = sum(z["present"] for z in zones if z["zone"] == "Movable")
row("ZONE_MOVABLE", "yes: %d pages" % movable if movable else
    "no: boot the host with movablecore=SIZE (docs/bare-metal.md)")
cma = e["layout"]["cma_areas"]
row("CMA", "yes: " + ", ".join(a["name"] for a in cma) if cma else
    "no: boot the host with cma=SIZE on a kernel with CONFIG_CMA_DEBUGFS (docs/bare-metal.md)")
sw = e["drain_policies"]
row("drain switch", "yes: %s in force" % sw["in_force"] if sw["switch"] else
    "no: build the patched kernel for this host: kernel-configs/build-kernel.sh --base distro (docs/bare-metal.md)")
missing = {}
for name, c in e["counters"].items():
    if not c["available"]:
        missing.setdefault(c["reason"], []).append(name)
n = len(e["counters"])
row("counters", "%d of %d" % (n - sum(map(len, missing.values())), n) +
    "".join("; no %s: %s" % (",".join(v[:3]) + ("..." if len(v) > 3 else ""), r)
            for r, v in missing.items()))
pins = [c for c in cases if c["kind"] == "pinner"]
row("pin paths", ", ".join(c["name"] for c in pins if c["supported"]) +
    "".join("; no %s: %s" % (c["name"], c["reason"]) for c in pins if not c["supported"]))
here = sw["switch"] and (movable or cma)
row("run_bench.sh", "runs the study on this host" if here else
    "runs the study in a VM with the patched kernel (this host lacks %s)" %
    " and ".join(w for w, lack in (("ZONE_MOVABLE/CMA", not (movable or cma)),
                                   ("the drain-policy switch", not sw["switch"])) if lack))
PY
