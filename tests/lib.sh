# Shared by the integration tests: ctest passes GUPBENCH and friends.
set -euo pipefail

: "${GUPBENCH:?ctest sets GUPBENCH to the gupbench binary}"
TMP=$(mktemp -d /tmp/gupbench-test.XXXXXX)
# GB_TEST_KEEP=1 keeps a failed test's files (results, guest output,
# consoles) for a look afterwards; otherwise they go with the test.
cleanup_tmp() {
	if [ "$1" != 0 ] && [ -n "${GB_TEST_KEEP:-}" ]; then
		echo "kept for a look: $TMP" >&2
	else
		rm -rf "$TMP"
	fi
}
trap 'cleanup_tmp $?' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 4; }
need_root() { [ "$(id -u)" = 0 ] || skip "needs root (pagemap PFNs, tracing, sysfs changes)"; }

# jq-free JSON checks: python3 reads the JSON Lines, through one loader
# (tests/results.py: from results import load).
pycheck() { PYTHONPATH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) python3 - "$@"; }

# release_of FILE: the kernel release a results file's envelope names.
# Tests compare against what was built and booted, never a version
# written into the test (Debian's archive moves: a point release a week).
release_of() {
	python3 -c 'import json, sys; print(json.loads(open(sys.argv[1]).readline())["kernel"]["release"])' "$1" ||
		fail "$1: no envelope with a kernel release"
}

# The results schema gupbench writes now, from the one header that names
# it (bench/output/schema.h): a bump is not a test edit.
gb_schema() {
	sed -n 's/^#define GB_SCHEMA[[:space:]]*"\(.*\)"$/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../bench/output/schema.h"
}

# The THP mode: a real system setting the restore tests have gupbench
# change (the thp scenario turns it from "never" to "madvise").  Put
# back as it was when the test ends, whatever happens.
thp=/sys/kernel/mm/transparent_hugepage/enabled
thp_mode() { sed 's/.*\[\(.*\)\].*/\1/' "$thp"; }
use_thp() {
	need_root
	[ -w "$thp" ] || skip "no writable $thp"
	thp_orig=$(thp_mode)
	trap 'rc=$?; echo "$thp_orig" > "$thp"; cleanup_tmp $rc' EXIT
}

# The VM tests' preamble: QEMU there, or a skip saying how to get it.
need_qemu() {
	command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64 (./run_bench.sh deps)"
}
# guest_xcheck_start [FILTER-LINE] EVENT...: the guest shell lines
# (busybox sh, for a --script) that start the tracefs instance "xcheck"
# recording EVENTs (system/event) on every CPU with the global clock, the
# instance gupbench writes its markers into (--trace-marker xcheck); a
# FILTER-LINE ("EVENT FILTER") restricts one event.  $d names the instance
# in the lines that follow.
guest_xcheck_start() {
	local ev
	echo 'd=/sys/kernel/tracing/instances/xcheck'
	echo 'mkdir $d'
	for ev in "$@"; do
		case $ev in
		*' '*) echo "echo '${ev#* }' > \$d/events/${ev%% *}/filter" ;;
		*) echo "echo 1 > \$d/events/$ev/enable" ;;
		esac
	done
	echo 'echo global > $d/trace_clock'
	echo 'echo 16384 > $d/buffer_size_kb'
	echo 'echo 1 > $d/tracing_on'
}

# boot_once_more RUN-VM-ARGS...: vm/run-vm.sh (stdout the caller's); a
# guest kernel that panicked while booting, before the guest's init ran
# (Debian's stock kernels under TCG, once: an int3 Oops in
# sched_clock_cpu as a secondary CPU came up), gets one more boot, said
# on stderr.  A panic after init started, or a second one, is a failure.
# So does a guest that did not finish within run-vm's --timeout, the
# caller's bound on a boot that takes a minute: TCG runs all vCPUs on
# this machine's 2 cores, and at 32 of them a guest once never finished
# in CI (its console was lost to ctest's timeout).  The hung boot's last
# console lines are shown; a second hang is a failure.
boot_once_more() {
	local rc=0 try
	for try in 1 2; do
		rc=0
		"$(dirname "${BASH_SOURCE[0]}")/../vm/run-vm.sh" "$@" 2>"$TMP/boot.err" || rc=$?
		cat "$TMP/boot.err" >&2
		[ $rc != 0 ] && [ $try = 1 ] || return $rc
		if grep -q "the guest did not finish within" "$TMP/boot.err"; then
			echo "boot_once_more: the guest hung; its console's last lines:" >&2
			tail -n 40 "${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}/last-vm-console.log" | tr -d '\r' >&2
			echo "boot_once_more: booting once more" >&2
		elif grep -q "the guest kernel panicked" "$TMP/boot.err" && ! grep -q "gupbench-guest:" "$TMP/boot.err"; then
			echo "boot_once_more: the guest kernel panicked before its init ran: booting once more" >&2
		else
			return $rc
		fi
	done
}

# vm_run LABEL RUN-VM-ARGS...: vm/run-vm.sh, its stdout the caller's, its
# stderr kept in $TMP/LABEL.err; a failure names LABEL and its last lines.
vm_run() {
	local label=$1 rc=0
	shift
	"$(dirname "${BASH_SOURCE[0]}")/../vm/run-vm.sh" "$@" 2>"$TMP/$label.err" || rc=$?
	[ $rc = 0 ] || fail "$label VM run failed ($rc): $(tail -n 3 "$TMP/$label.err")"
}
