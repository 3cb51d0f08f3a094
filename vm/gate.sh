#!/usr/bin/env bash
# The patch gate as one command: kernel A (base) against kernel B (cand).
#
# usage: run_bench.sh gate BASE CAND [options]
#        run_bench.sh gate --base KERNEL --cand KERNEL [options]
#
# KERNEL is a bzImage path; debian-6.1, debian-6.12 or debian:PACKAGE
# (Debian's linux-image packages, fetched, not installed); patched (Debian's
# 6.12 source with kernel-configs/patches); or a kernel source tree
# TREE[@REV], built by kernel-configs/build-kernel.sh and cached by
# content (revision, work-tree diff, config, patches), never by path.
#
#   --base-patch FILE|DIR   patches applied to a BASE tree (repeatable)
#   --cand-patch FILE|DIR   patches applied to a CAND tree (repeatable)
#   --gb-patches            apply gupbench's own patches (drain policy switch,
#                           drain tracepoint) to trees as well
#   --study quick|default|FILE   what gupbench runs in every boot (FILE holds
#                           `gupbench run` options; default: quick)
#   --boots N               boots per side, alternating A B A B: a fixed
#                           design (default: adaptive, up to 3 pairs A B,
#                           stopping after a pair once the verdict is
#                           decided; each look spends its share of the
#                           level: gbstat --look)
#   --smp N  --mem SIZE     the VM (default 2 CPUs, 2G)
#   --arch x86_64|arm64     the kernels' architecture: trees and patched are
#                           built for it (arm64: cross-built), both boot in
#                           its VM (arm64: qemu-system-aarch64 -M virt);
#                           default this machine's
#   --cmdline PRESET|'k=v'  boot parameters (default: movable)
#   --threshold P%  --alpha A    the gate's (default 5%, 0.05; alpha at most 0.5)
#   --require M,...         primary metrics that must be gated in every case
#                           (e.g. ipis): one that cannot be makes it inconclusive
#   --timeout S             per boot (default: run-vm.sh's)
#   --out DIR               where it all goes, a new or empty folder
#                           (default results/gate-<time>-<pid>)
#   --bisect                exit codes for `git bisect run`
#   --base-cmdline 'ARGS'  --cand-cmdline 'ARGS'   boot parameters added
#                           to that side's (after --cmdline's): one kernel
#                           booted two ways is a gate too
#   --explore BUDGET        search page states composed from primitives for
#                           where two drain policies of one kernel, or two
#                           kernels, differ, within BUDGET pin calls (the
#                           study: vm/studies/explore.args), the findings
#                           shrunk to minimal recipes with their
#                           reproducers; exit 1 when a finding makes the
#                           candidate worse.  With --base-policy and
#                           --cand-policy: one boot of KERNEL (gupbench
#                           explore).  With BASE and CAND: rounds of one
#                           boot of each on the same candidates (gupbench
#                           explore --rounds plans them on this machine,
#                           vm/lib/explore-kernels.sh boots them)
#   --base-policy P --cand-policy P   the two drain policies explore compares
#                           (one policy twice: the control)
#
# exit: 0 pass, 1 regression, 2 unusable input (bad option, a kernel that
# does not build or boot, results that cannot be read), 3 inconclusive.
# With --bisect: 0 good, 1 bad, 125 skip (build or boot failure,
# inconclusive), 255 abort the bisection (bad option, unusable results).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/vm/lib/common.sh"
gbstat=${GBSTAT:-$top/build/analysis/gbstat}
# Stand-ins for the build and the boot, for the tests of this script.
build_kernel=${GB_GATE_BUILD:-$top/kernel-configs/build-kernel.sh}
run_vm=${GB_GATE_RUNVM:-$top/vm/run-vm.sh}

base= cand= study=quick boots=3 adaptive=1 smp=2 mem=2G preset=movable threshold=5%
alpha=0.05 timeout= out= bisect=0 gb_patches=0 check_only=0 require=
explore= base_policy= cand_policy= arch= base_append= cand_append=
base_patches=() cand_patches=() positional=()

# Exit with the gate's code, mapped for git bisect run when asked.
finish() {
	local code=$1
	if [ "$bisect" = 1 ]; then
		case $code in
		0|1) ;;
		3|125) code=125 ;;
		*) code=255 ;;
		esac
	fi
	exit "$code"
}
say() { echo "gate: $*" >&2; }
usage() { say "$1"; finish 2; }
# A kernel that does not build or boot: unusable here, skipped in bisect.
unusable() { say "$1"; [ "$bisect" = 1 ] && finish 125; finish 2; }

# Known first, so an error anywhere in the line maps for git bisect.
for a in "$@"; do [ "$a" != --bisect ] || bisect=1; done
while [ $# -gt 0 ]; do
	case $1 in
	--base|--cand|--study|--boots|--smp|--mem|--cmdline|--threshold|--alpha|--timeout|--out|--base-patch|--cand-patch|--require|--explore|--base-policy|--cand-policy|--arch|--base-cmdline|--cand-cmdline)
		[ $# -ge 2 ] || usage "$1 needs a value"
		case $1 in
		--base) base=$2 ;;
		--cand) cand=$2 ;;
		--study) study=$2 ;;
		--boots) boots=$2 adaptive=0 ;;
		--smp) smp=$2 ;;
		--arch) arch=$2 ;;
		--mem) mem=$2 ;;
		--cmdline) preset=$2 ;;
		--threshold) threshold=$2 ;;
		--alpha) alpha=$2 ;;
		--require) require=$2 ;;
		--explore) explore=$2 ;;
		--base-policy) base_policy=$2 ;;
		--cand-policy) cand_policy=$2 ;;
		--base-cmdline) base_append=$2 ;;
		--cand-cmdline) cand_append=$2 ;;
		--timeout) timeout=$2 ;;
		--out) out=$2 ;;
		--base-patch) base_patches+=(--patch "$2") ;;
		--cand-patch) cand_patches+=(--patch "$2") ;;
		esac
		shift 2 ;;
	--gb-patches) gb_patches=1; shift ;;
	--check-args) check_only=1; shift ;;	# run_bench.sh: before building
	--bisect) bisect=1; shift ;;
	# The header comment, whole: it ends where the code starts.
	-h|--help) gb_help "$0"; exit 0 ;;
	-*) usage "unknown option '$1' (try --help)" ;;
	*) positional+=("$1"); shift ;;
	esac
done
case ${#positional[@]} in
0) ;;
1) [ -n "$explore$base_append$cand_append" ] || usage "takes two kernels, BASE and CAND (got 1 argument)"
   [ -z "$base$cand" ] || usage "give the kernel as KERNEL or with --base/--cand, not both"
   base=${positional[0]} cand=${positional[0]} ;;
2) [ -z "$base$cand" ] || usage "give the kernels as BASE CAND or with --base/--cand, not both"
   base=${positional[0]} cand=${positional[1]} ;;
*) usage "takes two kernels, BASE and CAND (got ${#positional[@]} arguments)" ;;
esac
[ -n "$base" ] && [ -n "$cand" ] || usage "needs two kernels: BASE CAND (try --help)"
[[ $boots =~ ^[1-9][0-9]?$ ]] || usage "--boots: '$boots' is not a count from 1 to 99"
[[ $smp =~ ^[1-9][0-9]*$ ]] || usage "--smp: '$smp' is not a CPU count"
[ -z "$arch" ] || [[ $arch =~ ^(x86_64|arm64)$ ]] || usage "--arch: '$arch' is not x86_64 or arm64"
# Given only when asked: the builder and the VM take this machine's otherwise.
arch_args=(${arch:+--arch "$arch"})
[ -z "$timeout" ] || [[ $timeout =~ ^[1-9][0-9]*$ ]] || usage "--timeout: '$timeout' is not a number of seconds"
if [ -n "$explore" ]; then
	[[ $explore =~ ^[1-9][0-9]{0,5}$ ]] || usage "--explore: '$explore' is not a budget of pin calls (1 to 999999)"
	if [ -n "$base_policy$cand_policy" ]; then
		[ -n "$base_policy" ] && [ -n "$cand_policy" ] ||
			usage "--explore: give both --base-policy and --cand-policy (two policies of one kernel), or neither (two kernels)"
		[ "$base" = "$cand" ] && [ -z "$base_append$cand_append" ] ||
			usage "--explore: --base-policy and --cand-policy compare two drain policies of one kernel booted once (got two kernels or two command lines: leave the policies out to explore between them)"
	fi
	[ "$study" != quick ] || study=$top/vm/studies/explore.args
else
	[ -z "$base_policy$cand_policy" ] || usage "--base-policy and --cand-policy are --explore's (a kernel gate compares the kernels' own policies)"
fi

# --threshold, --alpha and --require are gbstat's: it checks them, with
# its own rules, once it is built (before any kernel build or boot).
gbstat_args=(--threshold "$threshold" --alpha "$alpha" ${require:+--require "$require"})
check_gbstat_args() {
	local msg
	msg=$("$gbstat" report --check-args "${gbstat_args[@]}" 2>&1) || usage "${msg#gbstat: }"
}

# The study: gupbench run options, from a file or a named one.
case $study in
quick|default) study_file=$top/vm/studies/$study.args ;;
*) study_file=$study ;;
esac
[ -f "$study_file" ] && [ -r "$study_file" ] || usage "--study: no study '$study' (quick, default, or a file of gupbench run options)"
read -r -a study_args <<<"$(grep -v '^[[:space:]]*#' "$study_file" | tr '\n' ' ')"
[ ${#study_args[@]} -gt 0 ] || usage "--study: $study_file holds no options"
for a in "${study_args[@]}"; do
	case $a in
	--out|--out=*) usage "--study: $study_file names --out; the gate names the files itself" ;;
	esac
done

# The kernels, patches, --out and the VM's options, before any build or boot.
check_spec() {	# check_spec SIDE SPEC NUMBER-OF-PATCH-ARGS
	local kind
	kind=$(gb_kernel_spec "$2") || usage "$1: $kind"
	[ "$3" = 0 ] || case $kind in
	image) usage "--$1-patch applies to kernel trees, not to a built image" ;;
	debian) usage "--$1-patch applies to kernel trees, not to Debian's images" ;;
	esac
}
check_spec base "$base" ${#base_patches[@]}
check_spec cand "$cand" ${#cand_patches[@]}
for p in ${base_patches[@]+"${base_patches[@]}"} ${cand_patches[@]+"${cand_patches[@]}"}; do
	[ "$p" = --patch ] && continue
	[ -f "$p" ] && [ -r "$p" ] || { [ -d "$p" ] && ls "$p"/*.patch >/dev/null 2>&1; } ||
		usage "--base-patch/--cand-patch: cannot read '$p' (a patch file, or a folder of *.patch)"
done
[ -z "$out" ] || [ ! -e "$out" ] || { [ -d "$out" ] && [ -z "$(ls -A "$out")" ]; } ||
	usage "--out: '$out' is not empty (each gate gets its own folder)"
# (In an if: a failure must reach finish, which maps it for git bisect.)
# The guest's command: the study, or explore's search over it.
guest_cmd=(run "${study_args[@]}")
if [ -n "$explore" ] && [ -z "$base_policy" ]; then
	# The planner's options, checked now as the rounds will give them
	# (before run_bench.sh has built gupbench there is none to ask).
	planner=${GUPBENCH:-$top/build/bench/gupbench}
	if [ -x "$planner" ] && ! "$planner" explore "${study_args[@]}" --explore "$explore" \
		--rounds "$top" --check-args 2>&1 | sed 's/^/gate: /' >&2; then
		finish 2
	fi
elif [ -n "$explore" ]; then
	policies=$base_policy
	[ "$cand_policy" = "$base_policy" ] || policies+=,$cand_policy
	guest_cmd=(explore "${study_args[@]}" --explore "$explore" --policy "$policies")
fi
for a in "$base_append" "$cand_append"; do
	if ! "$run_vm" --check-args ${arch_args[@]+"${arch_args[@]}"} --smp "$smp" --mem "$mem" --cmdline "$preset" \
		${a:+--append "$a"} ${timeout:+--timeout "$timeout"} -- "${guest_cmd[@]}" --quiet 2>&1 |
		sed 's/^/gate: /' >&2; then
		finish 2
	fi
done
if [ "$check_only" = 1 ]; then
	[ ! -x "$gbstat" ] || check_gbstat_args
	exit 0
fi
[ -x "$gbstat" ] || usage "no gbstat at $gbstat: build first (run_bench.sh build)"
check_gbstat_args

stamp=$(date -u +%Y%m%dT%H%M%SZ)
# A folder of its own per gate, also for each step of a bisection.
out=${out:-${GB_RESULTS:-$top/results}/gate-$stamp-$$}
mkdir -p "$out" || usage "--out: cannot create '$out'"
out=$(cd "$out" && pwd)

# A kernel spec (checked by check_spec) to a bzImage path (stdout);
# builds trees.
resolve() {	# resolve SIDE SPEC PATCH-ARGS...
	local side=$1 spec=$2 own=(--no-patches)
	shift 2
	case $(gb_kernel_spec "$spec") in
	debian)
		"$top/vm/debian-kernel.sh" "$spec" || unusable "$side: cannot fetch $spec" ;;
	patched)
		"$build_kernel" ${arch_args[@]+"${arch_args[@]}"} "$@" || unusable "$side: the patched kernel did not build" ;;
	image) echo "$spec" ;;
	*)
		[ "$gb_patches" = 0 ] || own=()
		"$build_kernel" ${arch_args[@]+"${arch_args[@]}"} --src "$spec" ${own[@]+"${own[@]}"} "$@" ||
			unusable "$side: $spec did not build" ;;
	esac
}

# "6.12.117 (user@host) #1 SMP ..." from the bzImage's setup header (an
# arm64 Image has none: its linux_banner, "Linux version ...", the one
# with a build number: init/version.c's placeholder "# SMP" is there too),
# to check that each boot ran the kernel it was given.
image_version() {
	local off
	if [ "$(gb_image_arch "$1")" = arm64 ]; then
		LC_ALL=C grep -a -o 'Linux version [0-9][^[:cntrl:]]* #[0-9][^[:cntrl:]]*' "$1" |
			tail -n 1 | sed 's/^Linux version //'
		return 0
	fi
	off=$(od -An -tu2 -j526 -N2 "$1" 2>/dev/null | tr -d ' ') || return 0
	[ -n "$off" ] && [ "$off" -gt 0 ] || return 0
	dd if="$1" bs=1 skip=$((off + 512)) count=256 2>/dev/null | tr '\0' '\n' | head -n 1
}

say "resolving the kernels"
# (resolve runs in a subshell: its exit code is already the gate's.)
base_bz=$(resolve base "$base" ${base_patches[@]+"${base_patches[@]}"}) || exit $?
cand_bz=$(resolve cand "$cand" ${cand_patches[@]+"${cand_patches[@]}"}) || exit $?
base_ver=$(image_version "$base_bz")
cand_ver=$(image_version "$cand_bz")
# Without it a boot cannot be tied to its image: say so, never pass quietly.
[ -n "$base_ver" ] || say "base: no version string in $base_bz: boots are not checked against the image"
[ -n "$cand_ver" ] || say "cand: no version string in $cand_bz: boots are not checked against the image"
base_sum=$(sha256sum "$base_bz" | cut -d' ' -f1)
cand_sum=$(sha256sum "$cand_bz" | cut -d' ' -f1)
# The sixth column: which source built each (vm/kernel-provenance.sh).
base_src=$("$top/vm/kernel-provenance.sh" --line "$base_bz") || unusable "base: cannot describe $base_bz"
cand_src=$("$top/vm/kernel-provenance.sh" --line "$cand_bz") || unusable "cand: cannot describe $cand_bz"
{
	printf 'base\t%s\t%s\t%s\t%s\t%s\n' "$base" "$base_bz" "$base_sum" "$base_ver" "$base_src"
	printf 'cand\t%s\t%s\t%s\t%s\t%s\n' "$cand" "$cand_bz" "$cand_sum" "$cand_ver" "$cand_src"
} > "$out/kernels.tsv" || unusable "cannot write $out/kernels.tsv"
say "base: $base_src"
say "cand: $cand_src"
[ "$base_sum" != "$cand_sum" ] || [ "$base_append" != "$cand_append" ] ||
	say "base and cand are the same image ($base_sum) booted the same way: this is an A/A comparison"

# Did the boot run the image it was given?  The guest's uname must be
# the one in the image's header, else the gate would pass on a stale one.
check_ran() {	# check_ran RESULTS VERSION-STRING
	local got
	[ -n "$2" ] || return 0
	# The strict reader's word on the file, not a guess from its first line.
	got=$("$gbstat" kernel "$1" 2>"$out/kernel-check.err") || {
		say "$(basename "$1"): $(tail -n 1 "$out/kernel-check.err")"
		return 1
	}
	rm -f "$out/kernel-check.err"
	[[ $2 == "${got%%$'\t'*}"* && $2 == *"${got#*$'\t'}" ]]
}

# --explore between two kernels: rounds of a boot of each.
if [ -n "$explore" ] && [ -z "$base_policy" ]; then
	. "$top/vm/lib/explore-kernels.sh"
	explore_kernels
fi
# --explore: one boot of the kernel, the search in it, its findings.
if [ -n "$explore" ]; then
	file=$out/explore.jsonl
	say "explore: $base_policy against $cand_policy on $cand, $explore pin calls"
	rc=0
	"$run_vm" --kernel "$cand_bz" ${arch_args[@]+"${arch_args[@]}"} --smp "$smp" --mem "$mem" --cmdline "$preset" \
		${timeout:+--timeout "$timeout"} --out "$file" -- "${guest_cmd[@]}" --quiet \
		> "$out/explore.summary.txt" || rc=$?
	[ -s "$file" ] || unusable "explore: the boot gave no results (run-vm exit $rc)"
	check_ran "$file" "$cand_ver" ||
		unusable "explore: the guest did not run the kernel given (image says '$cand_ver')"
	code=0
	"$gbstat" explore "$file" > "$out/gate.txt" 2>"$out/gbstat.err" || code=$?
	case $code in
	0|1) ;;
	*) say "explore: its results could not be read: $(head -n 1 "$out/gbstat.err")"; finish 2 ;;
	esac
	"$gbstat" report --dir "$out" --base-policy "$base_policy" --cand-policy "$cand_policy" \
		"$file" > /dev/null 2>>"$out/gbstat.err" || true
	cat "$out/gate.txt" >&2
	say "explore: $([ $code = 1 ] && echo "FAIL: $cand_policy is worse than $base_policy in a page state above" || echo "pass: no page state where $cand_policy is worse"); $out/gate.txt, $out/report.md"
	finish "$code"
fi

total=$((2 * boots))
done_boots=0
# Adaptive: after each pair but the last, the verdict at that look's
# share of the level; a pass or a regression stops the boots (exit 3,
# inconclusive, boots another pair).  The report then takes the same look.
look=
decided() {	# decided PAIRS
	[ "$adaptive" = 1 ] || return 1
	look=--look=$1/$boots
	[ "$1" -lt "$boots" ] || return 1
	local c=0
	"$gbstat" compare "$look" "${gbstat_args[@]}" "$out"/base-*.jsonl -- "$out"/cand-*.jsonl \
		> "$out/look-$1.txt" 2>"$out/look-$1.err" || c=$?
	case $c in
	0|1) say "decided after $1 of at most $boots pairs of boots ($(sed -n 's/^gate: //p' "$out/look-$1.txt" | head -n 1))"; return 0 ;;
	3) return 1 ;;
	*) say "the gate could not compare the runs: $(head -n 1 "$out/look-$1.err")"; finish 2 ;;
	esac
}
t0=$(date +%s)
fmt_s() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
for i in $(seq 1 "$boots"); do
	for side in base cand; do
		bz=${side}_bz ver=${side}_ver app=${side}_append
		file=$out/$side-$i.jsonl
		say "boot $((done_boots + 1))/$total: $side #$i ($(basename "${!bz}"))"
		rc=0
		"$run_vm" --kernel "${!bz}" ${arch_args[@]+"${arch_args[@]}"} --smp "$smp" --mem "$mem" --cmdline "$preset" \
			${!app:+--append "${!app}"} ${timeout:+--timeout "$timeout"} --out "$file" -- run "${study_args[@]}" \
			--quiet > "$out/$side-$i.summary.txt" || rc=$?
		# 0 ran, 1 a pin left pages unpinnable (recorded), 4 all skipped.
		if [ ! -s "$file" ] || ! "$gbstat" summary "$file" >/dev/null 2>"$out/$side-$i.gbstat.err"; then
			unusable "$side #$i: the boot gave no usable results (run-vm exit $rc; $(head -c 300 "$out/$side-$i.gbstat.err" 2>/dev/null))"
		fi
		[ $rc != 1 ] || say "$side #$i: a longterm pin left pages in ZONE_MOVABLE or CMA (a kernel bug: see $file)"
		check_ran "$file" "${!ver}" ||
			unusable "$side #$i: the guest did not run the kernel given (image says '${!ver}')"
		done_boots=$((done_boots + 1))
		el=$(($(date +%s) - t0))
		say "$done_boots/$total boots done, $(fmt_s $el) elapsed, ETA $(fmt_s $((el * (total - done_boots) / done_boots)))$([ "$adaptive" = 0 ] || echo " (at most: it stops once decided)")"
	done
	decided "$i" && break
done
boots=$i

code=0
"$gbstat" report --dir "$out" ${look:+"$look"} "${gbstat_args[@]}" "$out"/base-*.jsonl -- "$out"/cand-*.jsonl \
	> "$out/gate.txt" 2>"$out/gbstat.err" || code=$?
case $code in
0|1|3) ;;
*) say "the gate could not compare the runs: $(head -n 1 "$out/gbstat.err")"; finish 2 ;;
esac
if command -v gnuplot >/dev/null; then
	"$top/plots/render.sh" "$out" || say "charts not drawn (see $out/*.log)"
fi
"$gbstat" html --dir "$out" || say "report.html not written"
# The verdict, what could not be gated and why, then where it all is.
say "$(sed -n 's/^gate: //p' "$out/gate.txt" | head -n 1)"
grep -E '^(not gated|inconclusive): ' "$out/gate.txt" >&2 || true
say "base $base, cand $cand; $boots boot(s) each: $out/report.md (and .html)"
[ ! -s "$out/mail.txt" ] || { say "the summary to quote ($out/mail.txt):"; cat "$out/mail.txt"; }
# run_bench.sh keeps every gate (its boots, sides, revisions, verdict) in its store.
if [ -n "${GB_STORE:-}" ]; then
	"$gbstat" import --db "$GB_STORE" "$out" >&2 || say "not stored in $GB_STORE (the results are in $out)"
fi
finish "$code"
