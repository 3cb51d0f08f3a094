#!/usr/bin/env bash
# Boot a test kernel under QEMU and run gupbench inside it.
#
# usage: run_bench.sh vm [--kernel patched|debian-6.1|debian-6.12|debian:PKG|PATH]
#                        [--arch x86_64|arm64] [--smp N[,N...]] [--max-vcpus N] [--numa N] [--pin]
#                        [--mem SIZE] [--cmdline PRESET|'ARGS'] [--append 'ARGS'] [--timeout S]
#                        [--out FILE] [--script FILE [--host-root] [--guest-kvm]]
#                        -- GUPBENCH-ARGS...
#
# The VM's size comes from vm/plan/gbvmplan (the host's topology, hwloc).
# Under KVM it mirrors the server: a vCPU per host CPU up to --max-vcpus
# (default 64), one guest NUMA node per host node with its memory bound
# there, memory in proportion (1 GiB + 256 MiB a vCPU, at most half the
# host's), every vCPU thread pinned 1:1 to its host CPU before the guest
# runs (QMP; a vCPU that cannot be pinned stops the run).  Under TCG: 2
# vCPUs and 2G unless told, --numa N emulated nodes, --pin to pin anyway.
# --smp and --mem override the plan's count and size.
# --smp 1,2,4,8 boots once per CPU count, writing OUT-smpN.jsonl each.
# --cmdline takes presets of kernel-configs/presets, comma separated
# (movable-cma,isolated: movable memory and the upper half of the vCPUs
# isolated), or literal key=value arguments; --append adds parameters
# after them (gate --cand-cmdline: one kernel booted two ways).
# A --candidates FILE among the gupbench arguments is a host file: it
# goes into the initramfs and the guest reads its copy.
# An --out among the gupbench arguments names the host file as well
# (the guest writes its own copy where the runner can collect it).
# --script runs a shell script in the guest instead of gupbench (for
# tests: its arguments are GUPBENCH-ARGS; it writes /tmp/results.jsonl).
# --host-root runs that script on this machine's own files: its root,
# read-only over virtio-9p, written through an overlay on the guest's
# tmpfs; the script writes $GB_GUEST_OUT/results.jsonl.  With -cpu max
# (emulated SVM) the guest has a working /dev/kvm, so the suite's KVM
# path runs in there for real (tests/vm_kvm.sh: nested KVM).
# --guest-kvm gives that script a KVM of its own on arm64 too: the guest
# kernel boots at EL2 (virt's virtualization=on; x86's -cpu max has SVM
# already), and the initramfs carries Debian's python3 of the guest's
# architecture and vm/kvm-works.py, so the script can ask the KVM probe
# what it says there (tests/vm_arm64.sh: the arm64 probe).
# KVM when /dev/kvm works, TCG otherwise (said on stderr, and passed to
# the guest as gupbench.accel= so the results record it).  Whether this
# machine is itself virtual goes into the plan (host_virtual no|vm|tcg):
# KVM's times on a virtual host are nested, on a TCG one emulated.  The results
# come back on a second serial port with a line count and a checksum,
# both verified.  A guest that panics or hangs ends with an error.
# --arch arm64 boots qemu-system-aarch64 -M virt (GICv3, -cpu max: TCG on
# any other host) with gupbench cross-built for it (build-arm64/, run_bench.sh
# build-arm64); the kernel an arm64 Image: patched (cross-built,
# build-kernel.sh --arch arm64), debian-6.12-arm64, debian-6.12-arm64-16k.
# The default is this machine's architecture.
# exit: gupbench's exit code, 2 usage, 1 VM or transfer failure
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}
kernel=patched smp= mem= preset=movable-cma append= timeout= out= numa= pin= max_vcpus= host_root= guest_kvm=
gupbench=${GUPBENCH:-$top/build/bench/gupbench}
gbvmplan=${GBVMPLAN:-$(dirname "$gupbench")/../vm/plan/gbvmplan}

. "$top/vm/lib/common.sh"
host_arch=$(gb_host_arch)
arch=$host_arch
die() { echo "run-vm: $1" >&2; exit "${2:-2}"; }
fail() { echo "run-vm: $* (console: $cache/last-vm-console.log)" >&2; exit 1; }

check_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--kernel|--smp|--mem|--cmdline|--append|--timeout|--out|--script|--numa|--max-vcpus|--arch)
		[ $# -ge 2 ] && { [ -n "$2" ] || [ "$1" = --cmdline ]; } ||
			die "$1 needs a value (try --help)" ;;
	esac
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--arch) arch=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--numa) numa=$2; shift 2 ;;
	--max-vcpus) max_vcpus=$2; shift 2 ;;
	--pin) pin=--pin; shift ;;
	--host-root) host_root=1; shift ;;
	--guest-kvm) guest_kvm=1; shift ;;
	--cmdline) preset=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--script) [ -r "$2" ] || die "--script: cannot read '$2'"
		# Apart, so that a folder that cannot be entered stops here.
		GB_GUEST_SCRIPT=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") ||
			die "--script: cannot reach $2"
		export GB_GUEST_SCRIPT; shift 2 ;;
	--check-args) check_only=1; shift ;;	# run_bench.sh: before building
	--) shift; break ;;
	# The header comment, whole: it ends where the code starts.
	-h|--help) gb_help "$0"; exit 0 ;;
	*) die "unknown option '$1' (try --help)" ;;
	esac
done
# gupbench's own --out is the file the user wants on the host: take it
# out of the guest's arguments (the guest writes where /init collects).
# A script's arguments are its own: a --out there is not gupbench's.
args=()
while [ $# -gt 0 ] && [ -z "${GB_GUEST_SCRIPT:-}" ]; do
	case $1 in
	--out|--out=*)
		if [ "$1" = --out ]; then
			[ $# -ge 2 ] || die "--out after -- needs a file"
			gout=$2; shift
		else
			gout=${1#--out=}
		fi
		[ -z "$out" ] || [ "$out" = "$gout" ] ||
			die "two --out files ('$out' and '$gout'): give one"
		out=$gout ;;
	--candidates)
		# A host file the guest reads: it travels in the initramfs.
		[ $# -ge 2 ] || die "--candidates after -- needs a file"
		[ -f "$2" ] && [ -r "$2" ] || die "--candidates: cannot read '$2'"
		GB_CANDIDATES=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") ||
			die "--candidates: cannot reach $2"
		export GB_CANDIDATES
		cand_at=${#args[@]}
		args+=(--candidates "$GB_CANDIDATES"); shift ;;
	*) args+=("$1") ;;
	esac
	shift
done
[ -n "${GB_GUEST_SCRIPT:-}" ] || set -- ${args[@]+"${args[@]}"}
[ -z "$out" ] || [ ! -d "$out" ] || die "--out: '$out' is a directory, not a file"
[ -z "$host_root" ] || [ -n "${GB_GUEST_SCRIPT:-}" ] || die "--host-root is for a --script: give one"
[ -z "$guest_kvm" ] || [ -n "${GB_GUEST_SCRIPT:-}" ] || die "--guest-kvm is for a --script: give one"

if [[ $smp =~ ^[1-9][0-9]*(,[1-9][0-9]*)+$ ]]; then
	# A sweep: one boot per CPU count, worst exit code wins.
	[ "$check_only" = 0 ] || exec "$0" --check-args --kernel "$kernel" --arch "$arch" --smp "${smp%%,*}" \
		${mem:+--mem "$mem"} --cmdline "$preset" ${append:+--append "$append"} ${timeout:+--timeout "$timeout"} \
		${numa:+--numa "$numa"} ${max_vcpus:+--max-vcpus "$max_vcpus"} $pin ${host_root:+--host-root} ${guest_kvm:+--guest-kvm} -- "$@"
	[ -n "$out" ] || out=$top/results/vm-$(date -u +%Y%m%dT%H%M%SZ).jsonl
	worst=0
	for n in ${smp//,/ }; do
		rc=0
		"$0" --kernel "$kernel" --arch "$arch" --smp "$n" ${mem:+--mem "$mem"} --cmdline "$preset" ${append:+--append "$append"} \
			${timeout:+--timeout "$timeout"} --out "${out%.jsonl}-smp$n.jsonl" \
			${numa:+--numa "$numa"} ${max_vcpus:+--max-vcpus "$max_vcpus"} $pin ${host_root:+--host-root} ${guest_kvm:+--guest-kvm} \
			-- "$@" || rc=$?
		[ $rc -le $worst ] || worst=$rc
	done
	exit $worst
fi
[ -z "$smp" ] || [[ $smp =~ ^[1-9][0-9]*$ ]] || die "--smp: '$smp' is not a CPU count or a list of them"
[ -z "$numa" ] || [[ $numa =~ ^[1-9][0-9]?$ ]] || die "--numa: '$numa' is not a node count"
[ -z "$max_vcpus" ] || [[ $max_vcpus =~ ^[1-9][0-9]{0,2}$ ]] || die "--max-vcpus: '$max_vcpus' is not a CPU count"
mem_mib=
if [ -n "$mem" ]; then
	[[ $mem =~ ^[1-9][0-9]{0,6}[MG]$ ]] || die "--mem: '$mem' is not a size like 2G or 512M"
	mem_mib=$(( ${mem%[MG]} * $([ "${mem: -1}" = G ] && echo 1024 || echo 1) ))
	host_mib=$(( $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) / 1024 ))
	[ "$mem_mib" -le "$host_mib" ] || die "--mem: $mem is more than this machine's ${host_mib}M"
fi
[ -z "$timeout" ] || [[ $timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout: '$timeout' is not a number of seconds"
[ $# -gt 0 ] || set -- run
case $arch in
x86_64|arm64) ;;
*) die "--arch: '$arch' is not x86_64 or arm64" ;;
esac
kernel_kind=$(gb_kernel_spec "$kernel") || die "--kernel: $kernel_kind"
# A kernel of the other architecture would boot nothing: said now.
case $arch:$kernel in
arm64:debian-6.1|arm64:debian-6.12) die "--kernel: $kernel is an x86 kernel; for --arch arm64: debian-6.12-arm64 or debian-6.12-arm64-16k" ;;
x86_64:debian-6.12-arm64*|x86_64:debian:*:arm64) die "--kernel: $kernel is an arm64 kernel: give --arch arm64" ;;
esac
if [ "$kernel_kind" = image ]; then
	image_arch=$(gb_image_arch "$kernel") || die "--kernel: $image_arch"
	[ "$image_arch" = "$arch" ] || die "--kernel: '$kernel' is an $image_arch kernel, not $arch (--arch)"
fi
# The guest's gupbench: this machine's, or one cross-built for the guest
# (only for arm64 guests: cmake/ has no x86 toolchain for an arm64 host).
guest_gupbench=$gupbench
if [ "$arch" != "$host_arch" ]; then
	[ "$arch" = arm64 ] || die "--arch $arch: only arm64 guests are cross-built (this machine is $host_arch)" 4
	guest_gupbench=${GUPBENCH_ARM64:-${GB_BUILD_ARM64_DIR:-$top/build-arm64}/bench/gupbench}
	command -v qemu-system-aarch64 >/dev/null ||
		die "--arch arm64: no qemu-system-aarch64 (apt-get install qemu-system-arm)" 4
fi
[ "$kernel_kind" != tree ] || die "--kernel: '$kernel' is a kernel tree: build it first (run_bench.sh kernel --src ...) and give the image"
# The boot parameters: presets' non-comment lines (several, comma
# separated: movable-cma,isolated), or literal args.
if [[ $preset =~ ^[a-z0-9-]+(,[a-z0-9-]+)*$ ]]; then
	params=
	for one in ${preset//,/ }; do
		file=$top/kernel-configs/presets/$one.cmdline
		# An architecture's own, where its memory map differs (arm64/).
		[ ! -f "$top/kernel-configs/presets/$arch/$one.cmdline" ] ||
			file=$top/kernel-configs/presets/$arch/$one.cmdline
		[ -f "$file" ] ||
			die "--cmdline: no preset '$one' in kernel-configs/presets (nor key=value args)"
		params+="$(grep -v '^#' "$file" | tr '\n' ' ')"
	done
elif [[ $preset == *=* || -z $preset ]]; then
	params=$preset
else
	die "--cmdline: no preset '$preset' in kernel-configs/presets (nor key=value args)"
fi
# --append: boot parameters after the preset's (gate --base-cmdline and
# --cand-cmdline), words of the characters kernel parameters use.
[[ -z $append || $append =~ ^[A-Za-z0-9_.,:=/+-]+( [A-Za-z0-9_.,:=/+-]+)*$ ]] ||
	die "--append: '$append' is not boot parameters (words of letters, digits and _.,:=/+-, one space apart)"
params+=${append:+ $append}
# gupbench's own arguments, checked by gupbench on this side: a typo
# should not cost a kernel build and a boot.  (Before run_bench.sh has
# built gupbench there is none to ask; the run itself asks again.)
check_guest_args() {
	[ -z "${GB_GUEST_SCRIPT:-}" ] && [[ ${1:-run} == run || $1 == explore ]] && [ -x "$gupbench" ] || return 0
	"$gupbench" "$@" --out /dev/null --check-args || exit 2	# the guest names its own file
}
check_guest_args "$@"
# Checked here with the host's path; the guest reads its copy.
if [ -n "${cand_at:-}" ]; then
	args[cand_at + 1]=/candidates.txt
	set -- "${args[@]}"
fi

# KVM only if it really runs guest code: /dev/kvm existing is not enough
# (and never for another architecture's guest).
accel=tcg
if [ "$guest_gupbench" = "$gupbench" ] && gb_kvm_works; then
	accel=kvm
fi
# The VM's shape (vm/plan/gbvmplan): checked here, before any build.
plan_file=$(mktemp)
trap 'rm -f "$plan_file"' EXIT
make_plan() {
	[ -x "$gbvmplan" ] || { [ "$check_only" = 1 ] && return 0; die "no gbvmplan at $gbvmplan: build first (run_bench.sh build)" 1; }
	"$gbvmplan" --accel "$accel" ${smp:+--vcpus "$smp"} ${mem_mib:+--mem-mib "$mem_mib"} \
		${numa:+--numa "$numa"} ${max_vcpus:+--max-vcpus "$max_vcpus"} $pin > "$plan_file" || exit 2
}
make_plan
# A virtual host: cpuinfo's hypervisor flag; a TCG one: the suite's own
# outer guest (run-vm.sh put gupbench.accel=tcg on its command line).
host_virtual=no
grep -qw hypervisor /proc/cpuinfo && host_virtual=vm
grep -qw gupbench.accel=tcg /proc/cmdline && host_virtual=tcg
[ ! -s "$plan_file" ] || echo "host_virtual $host_virtual" >> "$plan_file" ||
	die "cannot write the plan $plan_file" 1
[ "$check_only" = 0 ] || exit 0
[ -x "$gupbench" ] || die "no gupbench at $gupbench: build first (run_bench.sh build)" 1
[ -x "$guest_gupbench" ] || die "no $arch gupbench at $guest_gupbench: build it first (run_bench.sh build-arm64)" 1
plan() { awk -v k="$1" '$1 == k { sub(/^[^ ]+ /, ""); print; exit }' "$plan_file"; }
smp=$(plan vcpus)
# @ISOLATED@ (preset isolated): the upper half of the vCPUs, at least one
# left to housekeeping; a VM of one vCPU cannot isolate any.
if [[ $params == *@ISOLATED@* ]]; then
	[ "$smp" -ge 2 ] || die "--cmdline: the isolated preset needs 2 or more vCPUs (--smp), this VM has $smp"
	params=${params//@ISOLATED@/$(( smp - smp / 2 ))-$(( smp - 1 ))}
fi
mapfile -t qemu_shape < <(awk '$1 == "qemu" { sub(/^qemu /, ""); print }' "$plan_file")

case $kernel_kind in
patched) bz=$("$top/kernel-configs/build-kernel.sh" --arch "$arch") || die "kernel build failed" 1 ;;
debian) bz=$("$top/vm/debian-kernel.sh" "$kernel") || exit $? ;;
image) bz=$kernel ;;
esac
image_arch=$(gb_image_arch "$bz") || die "--kernel: $image_arch" 1
[ "$image_arch" = "$arch" ] || die "--kernel: $bz boots $image_arch, not $arch (--arch)" 1

# Which source built the kernel, for the results' kernel.source.
provenance_file=$(mktemp)
trap 'rm -f "$plan_file" "$provenance_file"' EXIT
"$top/vm/kernel-provenance.sh" "$bz" > "$provenance_file" || die "cannot describe $bz" 1
echo "run-vm: kernel: $("$top/vm/kernel-provenance.sh" --line "$bz")" >&2

# TCG runs pins ~500x slower: counts are still exact, times are not.
# Every vCPU slows an emulated guest (TCG runs them all on the host's
# cores) and adds holder threads to each call: the limit grows with them.
# KVM on a TCG host (nested, emulated) is as slow as TCG.
[ -n "$timeout" ] || timeout=$([ $accel = kvm ] && [ $host_virtual != tcg ] &&
	echo $((300 + 10 * smp)) || echo $((900 + 60 * smp)))
echo "run-vm: $(basename "$bz") vcpus=$smp nodes=$(plan nodes) mem=$(plan mem_mib)M pinned=$(plan pinned) accel=$accel params='$params'" >&2
echo "run-vm: host: $(plan host)$([ $host_virtual = no ] || echo ", itself a virtual machine ($host_virtual)")" >&2
[ $accel = kvm ] || echo "run-vm: /dev/kvm unusable: TCG emulation, absolute times are not meaningful" >&2

work=$(mktemp -d)
follower=
stop_follower() {
	[ -n "$follower" ] || return 0
	# Ending tail ends the pipeline behind it (tr, awk see EOF).  With
	# SIGPIPE: bash reports a pipeline member killed by SIGTERM with a
	# bare "Terminated" on stderr, one for every boot.
	pkill -PIPE -P "$follower" -x tail 2>/dev/null || true
	wait "$follower" 2>/dev/null || true
	follower=
}
# The console log outlives a failure: it is where the reason is.
keep_console() {
	stop_follower
	[ -s "$work/console.log" ] && cp "$work/console.log" "$cache/last-vm-console.log"
	rm -rf "$work" "$plan_file" "$provenance_file"
}
mkdir -p "$cache"
trap keep_console EXIT

# What gupbench says in the guest (warnings, skips, progress) reaches
# this terminal as it happens; the kernel's own messages stay in the log.
follow_guest() {
	local tty=0 lines=(awk)
	[ -t 2 ] && tty=1
	# Line by line, so the guest's lines show as they come, not in 4 KiB
	# blocks: tr's output, and mawk's input (-W interactive).
	[[ $(awk -W version 2>&1) != mawk* ]] || lines=(awk -W interactive)
	tail -n +1 -F --pid=$$ "$work/console.log" 2>/dev/null | stdbuf -oL tr '\r' '\n' |
	"${lines[@]}" -v tty=$tty '{ gsub(/\033\[K/, "") }
		/^gupbench: .* call [0-9]+\/[0-9]+$/ {
			if (tty) { printf "\r\033[K%s", $0 > "/dev/stderr"; fflush("/dev/stderr") }
			next }
		/^gupbench(-guest|-nested)?: / {
			if (tty) printf "\r\033[K" > "/dev/stderr"
			print "guest: " $0 > "/dev/stderr"; fflush("/dev/stderr") }'
}
GB_ARCH=$arch GB_GUEST_PYTHON=$guest_kvm GB_VM_PLAN=$plan_file GB_KERNEL_SOURCE=$provenance_file GB_HOST_ROOT=$host_root \
	"$top/vm/mkinitramfs.sh" "$guest_gupbench" "$work/initrd.gz" "$@"
: > "$work/results.raw"
: > "$work/console.log"
follow_guest &
follower=$!
# Pinned: QEMU starts paused (-S), vm/pin-vcpus.py pins each vCPU thread
# through QMP, reads it back, and only then lets the guest run.
paused=()
[ "$(plan pinned)" = yes ] && paused=(-S -qmp "unix:$work/qmp.sock,server=on,wait=off" -pidfile "$work/qemu.pid")
# The host's root for a --host-root script: read-only, so nothing the
# guest does reaches this machine's files.
shared=()
[ -z "$host_root" ] || shared=(-virtfs local,path=/,mount_tag=gbhostroot,security_model=none,readonly=on,multidevs=remap)
# The machine: x86's PC with the console on ttyS0 and the results on
# ttyS1; arm64's virt (GICv3) with the console on its PL011 (ttyAMA0) and
# the results on a PCI 16550 (ttyS0, named to /init by gupbench.results=).
if [ "$arch" = arm64 ]; then
	qemu_cmd=(qemu-system-aarch64 -M "virt,gic-version=3${guest_kvm:+,virtualization=on}"
		-cpu "$([ $accel = kvm ] && echo host || echo max)")
	console=ttyAMA0
	results_port=(-device pci-serial,chardev=results)
	params+=" gupbench.results=ttyS0"
else
	qemu_cmd=(qemu-system-x86_64 -cpu max)
	console=ttyS0
	results_port=(-serial chardev:results)
fi
rc=0
timeout --foreground -k 10 "$timeout" "${qemu_cmd[@]}" \
	-accel "$accel" "${qemu_shape[@]}" "${paused[@]}" ${shared[@]+"${shared[@]}"} \
	-kernel "$bz" -initrd "$work/initrd.gz" \
	-append "console=$console panic=-1 oops=panic loglevel=4 gupbench.accel=$accel $params" \
	-display none -nodefaults -no-reboot \
	-serial "file:$work/console.log" \
	-chardev "file,id=results,path=$work/results.raw" "${results_port[@]}" \
	>"$work/qemu.out" 2>&1 &
qemu=$!
if [ ${#paused[@]} -gt 0 ]; then
	python3 "$top/vm/pin-vcpus.py" "$work/qmp.sock" "$plan_file" "$work/pinned.txt" "$work/qemu.pid" || {
		kill "$qemu" 2>/dev/null; wait "$qemu" 2>/dev/null
		die "the vCPUs could not be pinned as planned: no run" 1; }
	echo "run-vm: $(wc -l < "$work/pinned.txt") vCPU threads pinned as planned ($(head -c 200 "$work/pinned.txt" | tr '\n' ';' ))" >&2
fi
wait "$qemu" || rc=$?
sleep 0.5	# let the follower print the guest's last lines
stop_follower
[ ! -t 2 ] || printf '\r\033[K' >&2
if [ $rc = 124 ] || [ $rc = 137 ]; then
	tail -n 5 "$work/console.log" >&2 || true
	fail "the guest did not finish within ${timeout}s (hung? raise --timeout)"
fi
[ $rc = 0 ] || { cat "$work/qemu.out" >&2; die "qemu exited $rc" 1; }
if grep -q "Kernel panic" "$work/console.log"; then
	# The oops or warning before it is the reason: show it, keep the log.
	grep -m1 -B25 "Kernel panic" "$work/console.log" | tr '\r' '\n' |
		grep -v '^\s*$' | tail -n 26 >&2
	[ -z "$out" ] || cp "$work/console.log" "${out%.jsonl}.console.log"
	fail "the guest kernel panicked${out:+ (console kept: ${out%.jsonl}.console.log)}"
fi

# Take one framed file out of the raw stream and verify it.
receive() {
	local name=$1 header want_lines want_sum got_lines got_sum
	header=$(grep -a -m1 "^GUPBENCH-FILE name=$name " "$work/results.raw" || true)
	[ -n "$header" ] || fail "no $name came back from the guest"
	grep -aq "^GUPBENCH-FILE-END name=$name\$" "$work/results.raw" ||
		fail "$name transfer truncated (no end marker)"
	awk -v name="$name" '
		$0 ~ "^GUPBENCH-FILE-END name=" name "$" { on = 0 }
		on { print }
		$0 ~ "^GUPBENCH-FILE name=" name " " { on = 1 }' \
		"$work/results.raw" > "$work/$name"
	want_lines=$(sed 's/.* lines=\([0-9]*\).*/\1/' <<<"$header")
	want_sum=$(sed 's/.* sha256=\([0-9a-f]*\).*/\1/' <<<"$header")
	got_lines=$(wc -l < "$work/$name")
	got_sum=$(sha256sum "$work/$name" | cut -d' ' -f1)
	[ "$got_lines" = "$want_lines" ] ||
		fail "$name transfer: $got_lines lines arrived, the guest sent $want_lines"
	[ "$got_sum" = "$want_sum" ] || fail "$name transfer: checksum mismatch"
	echo "$got_lines"
}
lines=$(receive results.jsonl)
receive stdout.txt >/dev/null
guest_rc=$(grep -a -m1 '^GUPBENCH-EXIT rc=' "$work/results.raw" | sed 's/.*rc=//')
[ -n "$guest_rc" ] || fail "the guest sent no exit code"
if [ -z "$out" ]; then
	mkdir -p "$top/results"
	out=$top/results/vm-$(date -u +%Y%m%dT%H%M%SZ).jsonl
fi
cp "$work/results.jsonl" "$out"
cp "$work/console.log" "${out%.jsonl}.console.log"
# run_bench.sh keeps every run in its store (gbstat import): this machine's
# host name, not the guest's.
if [ -n "${GB_STORE:-}" ] && [ -s "$out" ]; then
	"${GBSTAT:-$(dirname "$gupbench")/../analysis/gbstat}" import --db "$GB_STORE" --host "$(hostname)" "$out" >&2 ||
		echo "run-vm: not stored in $GB_STORE (the results are in $out)" >&2
fi
cat "$work/stdout.txt"
echo "run-vm: $lines records verified (line count and sha256), gupbench exit $guest_rc: $out" >&2
exit "$guest_rc"
