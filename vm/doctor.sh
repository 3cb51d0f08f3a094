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
plan() { awk -v k="$1" '$1 == k { print $2; exit }' <<<"$plan"; }
# The machine's pieces are gupbench's to read and say (probe --doctor):
# its header line, then KVM and the VM from here, then its lines.
report=$("$gupbench" probe --doctor 2>/dev/null)
row() { printf '  %-13s %s\n' "$1" "$2"; }
head -n 1 <<<"$report"
row KVM "$kvm"
row VM "$(plan vcpus) vCPUs in $(plan nodes) node(s), $(plan mem_mib) MiB, vCPUs $([ "$(plan pinned)" = yes ] && echo "pinned 1:1" || echo "not pinned") (vm/plan/gbvmplan; run-vm.sh --max-vcpus, --smp, --mem)"
tail -n +2 <<<"$report"
