#!/usr/bin/env bash
# Run one of the suite's commands where KVM works, on a machine whose own
# KVM runs no guest code: in a TCG guest with -cpu max, whose emulated
# AMD SVM with nested paging gives it a working /dev/kvm.  The guest runs
# the patched test kernel (it carries KVM: kernel-configs/vm-host.config)
# on this machine's own files, read-only over virtio-9p and written
# through an overlay on the guest's memory (run-vm.sh --host-root), so
# it is the suite's real run-vm.sh, gbvmplan, pin-vcpus.py and QEMU that
# take the KVM path in there.  Times are emulated: results record the
# host as virtual (vm.host_virtual "tcg") and reports mark them so.
#
# usage: nested-kvm.sh [--smp N] [--numa N] [--mem SIZE] [--timeout S]
#                      [--out FILE] -- COMMAND...
#   COMMAND runs in the suite's folder in the guest, e.g.
#   ./run_bench.sh main --quick, or vm/run-vm.sh --kernel patched -- run ...
#   --smp, --numa   the guest's CPUs and emulated NUMA nodes (2, 2): the
#                   topology the KVM path plans its VM from
#   --mem           the guest's memory (4G: the inner VM's plan takes at
#                   most half)
#   --out FILE      where the newest results file the command wrote
#                   under results/ comes back (default results/nested-STAMP.jsonl)
# exit: the command's, 2 usage, 4 no QEMU or no SVM in its TCG (a skip),
#       1 the outer guest failed or KVM did not work in it
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/vm/lib/common.sh"
smp=2 numa=2 mem=4G timeout=7200 out= check_only=0
die() { echo "nested-kvm: $1" >&2; exit "${2:-2}"; }
while [ $# -gt 0 ]; do
	case $1 in
	--smp|--numa|--mem|--timeout|--out)
		[ $# -ge 2 ] && [ -n "$2" ] || die "$1 needs a value (try --help)" ;;
	esac
	case $1 in
	--smp) smp=$2; shift 2 ;;
	--numa) numa=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--check-args) check_only=1; shift ;;	# run_bench.sh: before building
	--) shift; break ;;
	-h|--help) gb_help "$0"; exit 0 ;;
	*) die "unknown option '$1' (try --help)" ;;
	esac
done
[ $# -gt 0 ] || die "no command to run in the guest (after --)"
[[ $smp =~ ^[1-9][0-9]?$ ]] || die "--smp: '$smp' is not a CPU count"
[[ $numa =~ ^[1-9]$ ]] && [ "$numa" -le "$smp" ] || die "--numa: '$numa' is not a node count up to --smp"
[[ $mem =~ ^[1-9][0-9]{0,5}[MG]$ ]] || die "--mem: '$mem' is not a size like 4G"
[[ $timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout: '$timeout' is not a number of seconds"
[ -z "$out" ] || [ ! -d "$out" ] || die "--out: '$out' is a directory, not a file"
[ "$check_only" = 0 ] || exit 0
command -v qemu-system-x86_64 >/dev/null || die "no qemu-system-x86_64 (./run_bench.sh deps)" 4
grep -qw svm <<< "$(qemu-system-x86_64 -accel tcg -cpu help)" ||
	die "this QEMU's TCG offers no SVM: no nested KVM" 4
[ -n "$out" ] || { mkdir -p "$top/results" && out=$top/results/nested-$(date -u +%Y%m%dT%H%M%SZ).jsonl; }
# The host's settings the command needs, passed as values (the guest
# script takes only these names).
settings=("GB_CACHE=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}")
for name in GB_BUILD_DIR GUPBENCH GBVMPLAN GBSTAT; do
	[ -z "${!name:-}" ] || settings+=("$name=${!name}")
done
# No movable memory or CMA in the outer guest: the suite there takes
# the VM path (its own host cannot study), and so the KVM path.  Its KVM
# uses shadow paging (kvm_amd.npt=0): on QEMU 7.2's emulated nested
# paging the inner guest now and then died mid-study (a triple fault in
# mlock-remote, or both outer vCPUs spinning with no progress: 2 of 4
# runs); with shadow paging 3 of 3 ran the same study whole.
exec "$top/vm/run-vm.sh" --kernel patched --cmdline kvm_amd.npt=0 --smp "$smp" --numa "$numa" \
	--mem "$mem" --timeout "$timeout" --host-root --script "$top/vm/nested-kvm-guest.sh" \
	--out "$out" -- "$top" "${settings[@]}" -- "$@"
