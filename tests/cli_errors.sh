#!/usr/bin/env bash
# Bad input gets one line on stderr naming the problem and exit 2; a
# machine without the feature gets exit 4 with the reason.
. "$(dirname "$0")/lib.sh"

expect() {
	local want=$1 pattern=$2; shift 2
	local rc=0
	"$GUPBENCH" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	[ "$rc" = "$want" ] || fail "gupbench $*: exit $rc, expected $want"
	[ "$(wc -l < "$TMP/err")" = 1 ] ||
		fail "gupbench $*: stderr is not one line: $(cat "$TMP/err")"
	grep -q -- "$pattern" "$TMP/err" ||
		fail "gupbench $*: stderr does not name '$pattern': $(cat "$TMP/err")"
}

expect 2 "unknown command 'frobnicate'" frobnicate
expect 2 "unknown option '--frob'" run --frob
expect 2 "needs a value" run --size
expect 2 "unknown scenario 'nosuch'" run --scenario fresh,nosuch
expect 2 "unknown pinner 'rdma'" run --pinner rdma
expect 2 "unknown placement 'zone_dma'" run --placement zone_dma
expect 2 "'0' is not a CPU count" run --cpus 0
expect 2 "'two' is not a CPU count" run --cpus 1,two
expect 2 "'abc' is not a count" run --reps abc
expect 2 "must be at least 1" run --reps 0
expect 2 "'64Q' is not a size" run --size 64Q
expect 2 "not a multiple of the 4096-byte page size" run --size 1000
expect 2 "must be at least one page" run --size 0
expect 2 "more than half of this machine" run --size 64T
expect 2 "is not on, off or interleave" run --counters sometimes
expect 2 "unexpected argument 'extra'" run extra
expect 2 "cannot write" run --reps 1 --out /nonexistent/dir/r.jsonl

# The VM runner: an --out among gupbench's arguments is the host file;
# two different ones are refused before anything boots.
top=$(cd "$(dirname "$0")/.." && pwd)
rc=0
GUPBENCH=$GUPBENCH "$top/vm/run-vm.sh" --out "$TMP/a.jsonl" -- run --out "$TMP/b.jsonl" \
	2>"$TMP/vm.err" || rc=$?
[ $rc = 2 ] && grep -q "two --out files" "$TMP/vm.err" && [ "$(wc -l < "$TMP/vm.err")" = 1 ] ||
	fail "run-vm.sh with two --out: exit $rc: $(cat "$TMP/vm.err")"
rc=0
GUPBENCH=$GUPBENCH "$top/vm/run-vm.sh" -- run --out 2>"$TMP/vm.err" || rc=$?
[ $rc = 2 ] && grep -q -- "--out after -- needs a file" "$TMP/vm.err" ||
	fail "run-vm.sh with a bare --out: exit $rc: $(cat "$TMP/vm.err")"

"$GUPBENCH" help | grep -q -- "--scenario LIST" || fail "help lacks --scenario"
"$GUPBENCH" version | grep -q "gupbench-results/1" || fail "version lacks the schema"
echo "cli_errors: all bad inputs rejected with one line and the right exit code"
