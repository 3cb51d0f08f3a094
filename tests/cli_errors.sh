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
expect 2 "--hold: 3600001 is not from 0 to 3600000" run --hold 3600001
expect 2 "--hold: .x. is not a count" run --hold x
expect 2 "--stall-ms: 0 is not from 1 to 3600000" run --stall-ms 0
expect 2 "--drain-trace: .x. is not call or folio" run --drain-trace x
expect 2 "pow2. with other counts" run --cpus pow2,2
expect 2 "unknown pinner 'verbs'" run --pinner verbs
expect 2 "unknown placement 'zone_dma'" run --placement zone_dma
expect 2 "'0' is not a CPU count" run --cpus 0
expect 2 "'two' is not a CPU count" run --cpus 1,two
expect 2 "'abc' is not a count" run --reps abc
expect 2 "--reps: 0 is not from 1 to 100000000" run --reps 0
expect 2 "'64Q' is not a size" run --size 64Q
expect 2 "not a multiple of the 4096-byte page size" run --size 1000
expect 2 "must be at least one page" run --size 0
expect 2 "more than half of this machine" run --size 64T
expect 2 "is not on, off or interleave" run --counters sometimes
expect 2 "unexpected argument 'extra'" run extra
expect 2 "cannot write" run --reps 1 --out /nonexistent/dir/r.jsonl
# The adaptive design, recipes and explore: refused before any change.
expect 2 "at least two looks" run --adaptive 12 --policy lru,refcount
expect 2 "each look needs more calls than the one before" run --adaptive 8,4 --policy lru,refcount
expect 2 "give two or more with --policy" run --adaptive 4,8,12
expect 2 "memfd, thp and mthp= choose the buffer" run --recipe "settle;memfd"
expect 2 "is not a step" run --recipe "rm -rf /"
expect 2 "mthp=SIZE, SIZE 16k to 1024k" run --recipe "mthp=3k;fault=pin"
expect 2 "which --scenario leaves out" run --recipe fork --scenario fresh
expect 2 "leave out --adaptive" explore --policy lru,refcount --adaptive 4,8
expect 2 "leave out --recipe" explore --policy lru,refcount --recipe fork
expect 2 "leave out --scenario" explore --policy lru,refcount --scenario fresh
expect 2 "compares two drain policies" explore --policy lru,refcount,never
# Explore between two kernels: the planner and the list each boot runs.
expect 2 "give --explore BUDGET" run --rounds "$TMP"
expect 2 "leave out --policy" explore --rounds "$TMP" --policy refcount
expect 2 "give --cpus as counts" explore --rounds "$TMP" --cpus 1,all
printf 'fresh io_uring movable 1 3\nrecipe io_uring movable 2 3 fork;bogus\n' > "$TMP/cands"
expect 2 "cands:2: " run --candidates "$TMP/cands" --check-args --out /dev/null
printf 'fresh io_uring movable 1 3 extra\n' > "$TMP/cands"
expect 2 "a fixed scenario takes no recipe" run --candidates "$TMP/cands" --check-args --out /dev/null
printf 'fresh io_uring movable 1 0\n' > "$TMP/cands"
expect 2 "CALLS is not a count" run --candidates "$TMP/cands" --check-args --out /dev/null
: > "$TMP/cands"
expect 2 "holds no candidate" run --candidates "$TMP/cands" --check-args --out /dev/null
expect 2 "leave out --explore" run --candidates "$TMP/cands" --explore 10 --policy lru
# Lists are read whole or refused: never cut, never an item twice.
expect 2 "an empty item in '1,,2'" run --cpus 1,,2
expect 2 "an empty item" run --scenario fresh,
expect 2 "'all' given twice" run --cpus all,all
expect 2 "'2' given twice" run --cpus 2,1,2
expect 2 "'fresh' given twice" run --scenario fresh,settled,fresh
expect 2 "'all' with other names" run --scenario all,fresh
expect 2 "more than 32 items" run --scenario "$(printf 'fresh,%.0s' $(seq 40))fresh"
expect 2 "more than 32 items or 255 bytes" run --cpus "$(printf '1%.0s' $(seq 300))"
# Results that cannot be written fail the run (exit 1), never exit 0.
expect 1 "cannot write the results" run --reps 1 --size 1M --out /dev/full
# An option a command does not use is refused, not ignored.
expect 2 "--cpus is not an option of 'list'" list --cpus 0
expect 2 "--reps is not an option of 'restore'" restore --reps 0
expect 2 "--json is not an option of 'run'" run --json
expect 2 "'4096i' is not a size" run --size 4096i
# --out is checked before anything changes: a folder, a FIFO no one
# reads (it would hang after debugfs was mounted).
expect 2 "'$TMP' is a folder" run --out "$TMP"
mkfifo "$TMP/fifo"
rc=0; timeout 20 "$GUPBENCH" run --reps 1 --size 1M --out "$TMP/fifo" 2>"$TMP/err" || rc=$?
[ $rc = 2 ] && grep -q "is a FIFO with no reader" "$TMP/err" || fail "--out FIFO without a reader: exit $rc: $(cat "$TMP/err")"
"$GUPBENCH" run --check-args --scenario fresh --cpus 2 --size 4M --out /dev/null 2>"$TMP/err" ||
	fail "run --check-args of good options: $(cat "$TMP/err")"
[ ! -s "$TMP/err" ] || fail "run --check-args said something: $(cat "$TMP/err")"
# stdout that cannot be written is a failure with one line, every command.
for c in help list version "run --reps 1 --size 1M --scenario settled --out -"; do
	rc=0; "$GUPBENCH" $c > /dev/full 2>"$TMP/err" || rc=$?
	[ $rc = 1 ] && grep -q "^gupbench: cannot write to stdout" "$TMP/err" ||
		fail "gupbench $c > /dev/full: exit $rc: $(tail -n 2 "$TMP/err")"
done

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

grep -q -- "--scenario LIST" <<< "$("$GUPBENCH" help)" || fail "help lacks --scenario"
grep -q -- "--scenario LIST" <<< "$("$GUPBENCH" run -h)" || fail "run -h is not help"
schema=$(gb_schema)
[ -n "$schema" ] || fail "no GB_SCHEMA in bench/output/schema.h"
grep -qF "$schema" <<< "$("$GUPBENCH" run --version)" || fail "run --version"
grep -qF "$schema" <<< "$("$GUPBENCH" --version)" || fail "--version"
rc=0; "$GUPBENCH" >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || fail "gupbench with no command: exit $rc, expected 2 (as gbstat)"
rc=0; "$GBSTAT" >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || fail "gbstat with no command: exit $rc, expected 2"
grep -qF "reads gupbench-results/1 to $schema" <<< "$("$GBSTAT" --version)" || fail "gbstat --version"

# run_bench.sh checks its arguments before installing and building.
# Each line one invocation, split on '|'; "<empty>" is an empty argument.
mkdir -p "$TMP/full" && touch "$TMP/full/x"
while IFS='|' read -r -a argv; do
	for i in "${!argv[@]}"; do [ "${argv[i]}" != "<empty>" ] || argv[i]=; done
	rc=0
	GB_BUILD_DIR=$TMP/no-build GB_CACHE=$TMP/no-cache "$top/run_bench.sh" "${argv[@]}" \
		>/dev/null 2>"$TMP/rb.err" || rc=$?
	[ $rc = 2 ] && [ "$(wc -l < "$TMP/rb.err")" = 1 ] ||
		fail "run_bench.sh ${argv[*]}: exit $rc: $(cat "$TMP/rb.err")"
	[ ! -e "$TMP/no-build" ] || fail "run_bench.sh ${argv[*]} built before checking its arguments"
	[ ! -e "$TMP/no-cache" ] || fail "run_bench.sh ${argv[*]} fetched or built a kernel before checking its arguments"
done <<ARGS
vm|--smp
vm|--frob
gate|onlyone
report|onefile
compare
<empty>
main|extra
main|--quick|extra
main|--reps
main|--reps|0
main|--reps|x|--quick
main|--local-first|--frob
main|--arch|sparc
vm|--arch|mips
vm|--arch|arm64|--kernel|debian-6.12
vm|--kernel|debian-6.12-arm64
gate|--arch|sparc|a|b
vm|--host-root
vm|--guest-kvm
nested
nested|--numa|3|--|true
build|extra
deps|extra
overhead|many
vm|--cmdline|nopreset
vm|--kernel|debian:
vm|--mem|99999999G
vm|--mem|banana
vm|--numa|3
vm|--numa|x
vm|--max-vcpus|0
doctor|extra
vm|--|run|--cpus|0
vm|--|run|--scenario|nope
vm|--|run|--size|4096i
gate|patched|patched|--mem|banana
gate|/nonexistent/bzImage|patched
gate|patched|/nonexistent/tree@HEAD
gate|patched|patched|--cand-patch|/nonexistent.patch
gate|patched|patched|--out|$TMP/full
gate|patched|patched|--alpha|0.9
gate|patched|patched|--cmdline|nopreset
gate|patched|patched|--cand-cmdline|a;reboot
gate|patched|--explore|100|--base-policy|refcount
gate|patched|debian-6.12|--explore|100|--base-policy|refcount|--cand-policy|lru
gate|patched|debian-6.12|--explore|100|--study|/dev/null
vm|--append|a;reboot|--|run
kernel|--base
kernel|--frob
kernel|--patch|/nonexistent.patch
kernel|--src-deb|../etc/passwd-version
kernel|--src-deb|1.0-1|--src|/nonexistent
ARGS
# A tracefs instance is a name, not a path.
for bad in ../.. . .hidden 'a/b' '' "$(head -c 80 /dev/zero | tr '\0' a)"; do
	rc=0
	"$GUPBENCH" run --check-args --trace-marker "$bad" --out /dev/null 2>"$TMP/err" || rc=$?
	[ $rc = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "is not a tracefs instance name" "$TMP/err" ||
		fail "--trace-marker '$bad': exit $rc: $(cat "$TMP/err")"
done
grep -q "bash\|parameter null" "$TMP/rb.err" && fail "bash's own error leaked: $(cat "$TMP/rb.err")"
# A report of a file the strict reader refuses: exit 2, and no folder made.
echo '{"type":"nonsense"}' > "$TMP/bad.jsonl"
rc=0
GB_BUILD_DIR=$(cd "$(dirname "$GUPBENCH")/.." && pwd) "$top/run_bench.sh" report "$TMP/bad.jsonl" \
	"$TMP/report-dir" >/dev/null 2>"$TMP/rb.err" || rc=$?
[ $rc = 2 ] || fail "report of a bad file: exit $rc: $(tail -n 2 "$TMP/rb.err")"
[ ! -e "$TMP/report-dir" ] || fail "report of a bad file left its folder behind"
grep -qF "$schema" <<< "$("$GUPBENCH" version)" || fail "version lacks the schema"
echo "cli_errors: all bad inputs rejected with one line and the right exit code"

# Arguments that are not UTF-8 (a path may hold any bytes) still make a
# results file that is valid JSON: the bytes become U+FFFD.
bad=$(printf 'r-\377\376.jsonl')
"$GUPBENCH" run --reps 1 --size 1M --quiet --out "$TMP/$bad" 2>/dev/null ||
	fail "a run with a non-UTF-8 --out failed"
pycheck "$TMP/$bad" <<'PY' || fail "a non-UTF-8 argument made the results unreadable"
import sys
from results import load
env = load(sys.argv[1]).envelope
assert any("\ufffd" in a for a in env["command_line"]), env["command_line"]
PY
echo "cli_errors: lists, write errors, help and version, run_bench.sh arguments, UTF-8: all as expected"
