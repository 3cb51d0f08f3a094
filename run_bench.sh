#!/usr/bin/env bash
# gupbench: one entry point for the suite.
#
#   ./run_bench.sh            the main job: install what is missing, build,
#                             run the old-vs-new drain-heuristic study (on
#                             this host when it can, else in a VM with the
#                             patched kernel) into results/<timestamp>/
#   ./run_bench.sh main --quick   a first look, or a slow machine (nested
#                             KVM): io_uring into ZONE_MOVABLE only, 3 calls
#                             a case at 1 and all CPUs
#   ./run_bench.sh main --reps N  the fixed design: N calls every case (the
#                             default is adaptive: 4, 8 or 12 calls, each
#                             case until its comparison is decided)
#   ./run_bench.sh main --arch arm64  the study on arm64: the patched kernel
#                             and gupbench cross-built, in an emulated VM
#   ./run_bench.sh main --local-first  refcount-all beside them: the report's
#                             section on what the local drain first buys
#                             (a third of the calls again)
#   ./run_bench.sh test       install, build (warnings are errors under CI),
#                             run every test with ctest
#   ./run_bench.sh build      install and build only
#   ./run_bench.sh build-arm64  gupbench cross-built for arm64 guests into
#                             build-arm64/ (Debian's :arm64 libraries and
#                             gcc-aarch64-linux-gnu, installed first)
#   ./run_bench.sh deps       install the Debian packages the suite needs
#   ./run_bench.sh vm [...]   boot a test kernel and run gupbench in it
#                             (./run_bench.sh vm --help)
#   ./run_bench.sh nested [...] -- COMMAND
#                             run a suite command where KVM works, on a
#                             machine whose KVM does not: in a TCG guest
#                             with emulated SVM (vm/nested-kvm.sh --help)
#   ./run_bench.sh kernel     build (or reuse) the patched test kernel
#   ./run_bench.sh gate BASE CAND [--study quick] [--boots N] [--bisect]
#                             kernel A against kernel B, booted in turn
#                             in VMs: 0 pass, 1 regression, 2 unusable
#                             input, 3 inconclusive (vm/gate.sh --help)
#   ./run_bench.sh compare BASE... [-- CAND...] [--threshold 5%]
#                             the performance gate on results files: 0
#                             pass, 1 regression, 2 unusable input, 3
#                             inconclusive
#   ./run_bench.sh report RESULTS.jsonl... DIR
#                             report.md, report.html, mail.txt and the
#                             charts into DIR
#   ./run_bench.sh overhead   the cost of measuring: counters on vs off
#   ./run_bench.sh doctor     what the suite can do on this machine (KVM,
#                             the VM it would boot, ZONE_MOVABLE/CMA, the
#                             drain switch, counters, pin paths) and the
#                             command for each missing piece
set -euo pipefail

top=$(cd "$(dirname "$0")" && pwd)
. "$top/vm/lib/common.sh"
build=${GB_BUILD_DIR:-$top/build}
# Every run of the main job, vm and gate is kept in this store (gbstat
# import; gbstat runs, trend, compare --db read it).
export GB_STORE=${GB_STORE:-$top/results/gupbench.sqlite}
export GB_CACHE=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}

# Everything a fresh Debian 12 machine lacks, by purpose.
pkgs_build="cmake gcc make pkg-config liburing-dev libpfm4-dev libhwloc-dev zlib1g-dev libjansson-dev linux-libc-dev python3 libibverbs-dev ibverbs-providers libsqlite3-dev libssl-dev"
pkgs_vm="qemu-system-x86 busybox-static cpio"
pkgs_kernel="flex bison bc libelf-dev libssl-dev xz-utils patch rsync ccache debhelper kmod dpkg-dev"
pkgs_plots="gnuplot-nox"
# An arm64 guest's gupbench, cross-built (vm --arch arm64): multiarch
# :arm64 libraries beside this machine's own, and the emulator.
pkgs_arm64="gcc-aarch64-linux-gnu qemu-system-arm liburing-dev:arm64 libhwloc-dev:arm64 libpfm4-dev:arm64 libibverbs-dev:arm64 ibverbs-providers:arm64 zlib1g-dev:arm64"
# Only the tests draw report.html in a real browser and render the man pages.
pkgs_test="chromium-headless-shell man-db ansible-core"

say() { echo "run_bench: $*" >&2; }
die() { say "$1"; exit "${2:-2}"; }

deps() {	# deps [EXTRA_PACKAGES...]
	local missing=() p
	for p in $pkgs_build $pkgs_vm $pkgs_kernel $pkgs_plots "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" = 0 ] || die "missing packages (install as root): ${missing[*]}" 4
	say "installing ${missing[*]}"
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >&2
}

# dpkg must know arm64 before apt can fetch :arm64 packages (or images).
deps_arm64() {
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		[ "$(id -u)" = 0 ] || die "apt has no arm64 packages (as root: dpkg --add-architecture arm64; apt-get update)" 4
		say "adding arm64 to dpkg's architectures (multiarch :arm64 packages)"
		dpkg --add-architecture arm64 && apt-get update -qq >&2 ||
			die "dpkg --add-architecture arm64 / apt-get update failed" 1
	fi
	deps $pkgs_arm64
}

# gupbench for arm64 guests: the same sources, Debian's cross compiler.
build_arm64() {
	local werror=OFF
	[ "${CI:-}" = true ] && werror=ON
	cmake -S "$top" -B "${GB_BUILD_ARM64_DIR:-$top/build-arm64}" \
		-DCMAKE_TOOLCHAIN_FILE="$top/cmake/aarch64-linux-gnu.cmake" -DGB_WERROR=$werror >/dev/null
	cmake --build "${GB_BUILD_ARM64_DIR:-$top/build-arm64}" -j"$(nproc)" >&2
}

do_build() {
	local werror=OFF
	[ "${CI:-}" = true ] && werror=ON
	cmake -S "$top" -B "$build" -DGB_WERROR=$werror >/dev/null
	cmake --build "$build" -j"$(nproc)" >&2
}

# The machine can run the study itself when it has memory to migrate
# from and the drain-policy switch of the patched kernel: gupbench's own
# probe says (one place knows how to look), not a second guess in bash.
host_can_study() {
	[ "$GB_ARCH" = "$host_arch" ] && "$build/bench/gupbench" probe --study-ready 2>/dev/null
}

# Summaries, charts and the report page for results files, into a folder;
# the gate between the old and the new heuristic when both were run
# (GB_BASE_POLICY and GB_CAND_POLICY name two others).
report() {
	local dir=${*: -1} rc=0 made=
	local files=("${@:1:$#-1}")
	local base=${GB_BASE_POLICY:-lru} cand=${GB_CAND_POLICY:-refcount}
	[ -n "$dir" ] || die "report: DIR is empty"
	# The files first, by the strict reader: a bad one leaves no DIR.
	"$build/analysis/gbstat" summary "${files[@]}" >/dev/null || exit 2
	[ -d "$dir" ] || { mkdir -p "$dir" && made=1; } || die "report: cannot create $dir" 1
	"$build/analysis/gbstat" report "${files[@]}" --dir "$dir" \
		--base-policy "$base" --cand-policy "$cand" >/dev/null || rc=$?
	case $rc in
	0|1|3) ;;
	*) [ -z "$made" ] || rmdir "$dir" 2>/dev/null || true
	   die "report failed (gbstat exit $rc)" "$([ $rc = 2 ] && echo 2 || echo 1)" ;;
	esac
	"$top/plots/render.sh" "$dir"
	"$build/analysis/gbstat" html --dir "$dir" || die "report.html not written" 1
	say "report: $dir/report.md and report.html (gate $cand vs $base: $(case $rc in
		0) echo pass ;;
		1) echo "FAIL: $cand regresses on some primary metric" ;;
		3) echo 'INCONCLUSIVE: see the report for the calls it needs' ;;
		esac))"
}

# The isolated-CPU study beside the main one: the batches on isolated
# CPUs (isolcpus=, nohz_full=), a spinner polling on each during the pin;
# the shipped drain, the old heuristic and the drain that skips isolated
# CPUs, with one and two isolated CPUs holding a batch.  On this host
# when it has isolated CPUs (else said, and left out), in a VM with the
# upper half of its vCPUs isolated otherwise.  Succeeds when OUT/isolated.jsonl
# was written.
isolated_study() {
	local out=$1 quick=$2 rc=0
	shift 2
	# $@: the design (--adaptive LOOKS or --reps N).
	local args=(run --pinner io_uring --placement movable --scenario remote-batch,mlock-remote
		--policy lru,refcount,refcount-skip-isolated --holder-cpus isolated --load spin
		--size 2M "$@" --warmup 1 --cpus 2,3)
	[ "$quick" = 0 ] || args=("${args[@]:0:13}" --size 2M --reps 3 --warmup 1 --cpus 3)
	if host_can_study; then
		"$build/bench/gupbench" "${args[@]}" --quiet --out "$out/isolated.jsonl" || rc=$?
		[ $rc = 0 ] && return 0
		rm -f "$out/isolated.jsonl"
		say "isolated-CPU study not run here (gupbench exit $rc: the reason above; boot with isolcpus= and nohz_full= for it)"
		return 1
	fi
	say "the isolated-CPU study: a VM with 4 vCPUs, 2 of them isolated (about a minute under TCG)"
	"$top/vm/run-vm.sh" --kernel patched --arch "$GB_ARCH" --smp 4 --mem 2G --cmdline movable-cma,isolated \
		--timeout 1800 --out "$out/isolated.jsonl" -- "${args[@]}" --quiet >&2 || rc=$?
	[ $rc = 0 ] && return 0
	say "the isolated-CPU study failed (exit $rc): left out of the report"
	return 1
}

# The design every case gets: adaptive (docs/gate.md: 4 calls a policy,
# then 8 and 12 only while a comparison of the policies is undecided),
# or --reps N calls each.
GB_DESIGN=(--adaptive 4,8,12)
# The old heuristic against the new.  --local-first adds refcount-all (the
# new check straight to lru_add_drain_all()) for the report's section on
# the local drain first; left out by default, as a third of the calls again
# would take the main job past 8 minutes under TCG.
GB_POLICIES=lru,refcount
# The architecture studied: this machine's, or arm64 in an emulated VM
# (main --arch arm64: the patched kernel cross-built, gupbench too).
host_arch=$(gb_host_arch)
GB_ARCH=$host_arch

main_job() {
	local out stamp args quick=$1
	stamp=$(date -u +%Y%m%dT%H%M%SZ)
	out=$top/results/$stamp
	mkdir -p "$out"
	# Every pin path the kernel has (iommufd: the test kernel's mock domain;
	# rdma: soft-RoCE where there is no RDMA device).
	# CPU counts 1, 2, 4, ... and all, in the spread order across packages.
	args=(run --pinner io_uring,iommufd,rdma --placement movable,cma
	      --scenario fresh,settled,remote-batch,mlock-onfault,mlock-remote,extra-ref,thp,shared,cma-alloc,cma-race,device-private
	      --policy $GB_POLICIES --size 2M "${GB_DESIGN[@]}" --warmup 1 --cpus pow2)
	# Every page state and policy still, on one pin path and placement.
	[ $quick = 0 ] || args=(run --pinner io_uring --placement movable "${args[@]:5:2}"
		--policy $GB_POLICIES --size 2M --reps 3 --warmup 1 --cpus 1,all)
	if host_can_study; then
		say "this host has the drain-policy switch and movable memory: running here"
		"$build/bench/gupbench" "${args[@]}" --out "$out/results.jsonl" |
			tee "$out/summary.txt"
	else
		say "this host lacks ZONE_MOVABLE/CMA or the drain-policy switch: running in a VM with the patched kernel"
		# Under KVM the VM is this server's shape (vm/plan: a vCPU per
		# host CPU up to 64, its NUMA nodes, vCPUs pinned); emulated, 4
		# vCPUs (each one slows every other).
		local size=(--smp 4 --mem 2G)
		[ "$GB_ARCH" != "$host_arch" ] || ! gb_kvm_works || size=()
		# The whole study in one boot: about 6 minutes under TCG on 2 cores.
		"$top/vm/run-vm.sh" --kernel patched --arch "$GB_ARCH" "${size[@]}" --cmdline movable-cma --timeout 3600 \
			--out "$out/results.jsonl" -- "${args[@]}" | tee "$out/summary.txt"
	fi
	report "$out/results.jsonl" "$out"
	# Its own report: another machine shape and options than the main
	# study's, and its question is the skip against the shipped drain.
	local iso=
	isolated_study "$out" $quick "${GB_DESIGN[@]}" && iso=$out/isolated.jsonl &&
		GB_BASE_POLICY=refcount GB_CAND_POLICY=refcount-skip-isolated \
			report "$iso" "$out/isolated"
	# On the host the runs go into the store here (in a VM run-vm.sh did).
	host_can_study && { "$build/analysis/gbstat" import --db "$GB_STORE" "$out/results.jsonl" $iso >&2 ||
		say "not stored in $GB_STORE"; }
	say "results in $out; the summary to quote ($out/mail.txt):"
	cat "$out/mail.txt"
	if [ -n "$iso" ]; then
		say "isolated CPUs ($out/isolated/mail.txt):"
		cat "$out/isolated/mail.txt"
	fi
}

cmd=main
if [ $# -gt 0 ]; then
	cmd=$1
	shift
	[ -n "$cmd" ] || die "an empty command (try ./run_bench.sh help)"
fi
# Commands that take no arguments say so rather than ignore them.
no_args() { [ $# -eq 0 ] || die "'$cmd' takes no arguments (got '$1'; try ./run_bench.sh help)"; }
case $cmd in
main)
	quick=0
	while [ $# -gt 0 ]; do
		case $1 in
		--quick) quick=1; shift ;;
		--local-first) GB_POLICIES=lru,refcount,refcount-all; shift ;;
		--arch)
			[[ ${2:-} =~ ^(x86_64|arm64)$ ]] || die "--arch: x86_64 or arm64 (got '${2:-}')"
			[ "$2" = "$host_arch" ] || [ "$2" = arm64 ] ||
				die "--arch $2: only arm64 is cross-built (this machine is $host_arch)" 4
			GB_ARCH=$2; shift 2 ;;
		--reps)
			[[ ${2:-} =~ ^[1-9][0-9]{0,5}$ ]] ||
				die "--reps: a count of calls from 1 to 999999 (got '${2:-}')"
			GB_DESIGN=(--reps "$2"); shift 2 ;;
		*) die "the main job takes only --quick, --local-first, --arch A and --reps N (got '$1'; try ./run_bench.sh help)" ;;
		esac
	done
	deps; do_build
	[ "$GB_ARCH" = "$host_arch" ] || { deps_arm64; build_arm64; }
	main_job $quick ;;
test)
	deps $pkgs_test; do_build
	# vm.arm64 boots arm64 guests: gupbench cross-built for them.
	deps_arm64; build_arm64
	# No test may leave a journal (a system change not restored) behind.
	journals() { ls "${GB_JOURNAL_DIR:-/run/gupbench}"/*.journal 2>/dev/null | sort || true; }
	before=$(journals)
	rc=0
	# The tests keep their runs out of the results store.
	(cd "$build" && GB_STORE= ctest --output-on-failure "$@") || rc=$?
	left=$(comm -13 <(echo "$before") <(journals) | grep . || true)
	if [ -n "$left" ]; then
		say "the tests left system changes unrestored: $(echo $left) (gupbench restore undoes them)"
		"$build/bench/gupbench" restore >&2 || true
		rc=1
	fi
	exit $rc ;;
build) no_args "$@"; deps; do_build ;;
build-arm64) no_args "$@"; deps_arm64; build_arm64 ;;
doctor) no_args "$@"; deps; do_build; exec "$top/vm/doctor.sh" ;;
deps) no_args "$@"; deps ;;
vm)
	case " $* " in *" -h "*|*" --help "*) exec "$top/vm/run-vm.sh" --help ;; esac
	# The arguments first: a typo should not cost an install and a build.
	"$top/vm/run-vm.sh" --check-args "$@"
	deps; do_build
	# An arm64 guest needs gupbench built for it too.
	case " $* " in *" --arch arm64 "*) deps_arm64; build_arm64 ;; esac
	exec "$top/vm/run-vm.sh" "$@" ;;
gate)
	case " $* " in *" -h "*|*" --help "*) exec "$top/vm/gate.sh" --help ;; esac
	"$top/vm/gate.sh" --check-args "$@"
	deps; do_build
	case " $* " in *" --arch arm64 "*) deps_arm64; build_arm64 ;; esac
	exec "$top/vm/gate.sh" "$@" ;;
nested)
	case " $* " in *" -h "*|*" --help "*) exec "$top/vm/nested-kvm.sh" --help ;; esac
	"$top/vm/nested-kvm.sh" --check-args "$@"
	deps; do_build; exec "$top/vm/nested-kvm.sh" "$@" ;;
kernel)
	"$top/kernel-configs/build-kernel.sh" --check-args "$@"
	deps
	case " $* " in *" --arch arm64 "*) deps_arm64 ;; esac
	exec "$top/kernel-configs/build-kernel.sh" "$@" ;;
compare)
	[ $# -ge 1 ] || die "compare takes BASE CAND (or BASE... -- CAND...)"
	deps; do_build
	exec "$build/analysis/gbstat" compare "$@" ;;
report)
	[ $# -ge 2 ] || die "report takes RESULTS.jsonl... DIR"
	deps; do_build
	report "$@" ;;
overhead)
	[ $# -le 2 ] && [[ ${1:-200} =~ ^[1-9][0-9]{0,6}$ ]] ||
		die "overhead takes [REPS [OUT]]: REPS a count from 1 to 9999999"
	deps; do_build
	"$build/bench/gupbench" run --pinner io_uring --placement normal --scenario settled \
		--size 64M --reps "${1:-200}" --warmup 5 --counters interleave \
		--out "${2:-/tmp/gupbench-overhead.jsonl}" ;;
-h|--help|help) no_args "$@"
	# The header comment, whole: it ends where the code starts.
	gb_help "$0" ;;
*) die "unknown command '$cmd' (try ./run_bench.sh help)" ;;
esac
