#!/usr/bin/env bash
# After a killed run, the next run notices: it puts back what the dead
# run changed before measuring (to the value from before the first
# change), says so on stderr and in the envelope's "recovered", and
# refuses (exit 4, one line) when it cannot.  A journal names its owner
# by pid and start time, so a reused pid does not hide a dead run.  The
# change is real: the thp scenario turns THP from "never" to "madvise".
. "$(dirname "$0")/lib.sh"
use_thp
mode() { thp_mode; }
export GB_JOURNAL_DIR=$TMP/journal
envelope() { pycheck "$@" <<<'import json, sys; from results import load; print(json.dumps(load(sys.argv[1]).envelope[sys.argv[2]]))'; }

# Killed while THP is changed: the journal stays, THP stays madvise.
echo never > "$thp"
"$GUPBENCH" run --scenario thp --size 2M --reps 100000 --quiet --out "$TMP/killed.jsonl" 2>/dev/null &
pid=$!
for _ in $(seq 100); do [ "$(mode)" = madvise ] && break; sleep 0.1; done
[ "$(mode)" = madvise ] || fail "the thp run did not change THP"
kill -KILL "$pid"; wait "$pid" 2>/dev/null || true
[ -e "$GB_JOURNAL_DIR/$pid.journal" ] || fail "no journal after SIGKILL"
head -n 1 "$GB_JOURNAL_DIR/$pid.journal" | grep -q "^owner	$pid	[0-9][0-9]*$" ||
	fail "the journal does not name its owner by pid and start time: $(head -n 1 "$GB_JOURNAL_DIR/$pid.journal")"

# The next plain run (not the thp scenario) restores first and says so.
"$GUPBENCH" run --scenario settled --size 1M --reps 1 --quiet --out "$TMP/next.jsonl" \
	2>"$TMP/next.err" || fail "the next run failed: $(cat "$TMP/next.err")"
[ "$(mode)" = never ] || fail "the next run left THP at $(mode)"
[ ! -e "$GB_JOURNAL_DIR/$pid.journal" ] || fail "the dead run's journal is still there"
grep -q "restore set $thp to never: done" "$TMP/next.err" || fail "no word of the restore on stderr: $(cat "$TMP/next.err")"
grep -q "dead gupbench run" "$TMP/next.err" || fail "no warning: $(cat "$TMP/next.err")"
grep -q "set $thp to never" <<< "$(envelope "$TMP/next.jsonl" recovered)" ||
	fail "the envelope does not list what was put back: $(envelope "$TMP/next.jsonl" recovered)"
echo "recover: a plain run after SIGKILL put THP back to never first"

# A later sweep restores to the value from before the first change, not
# to the dead run's: kill the thp run again, then run thp itself.
"$GUPBENCH" run --scenario thp --size 2M --reps 100000 --quiet --out "$TMP/killed2.jsonl" 2>/dev/null &
pid=$!
for _ in $(seq 100); do [ "$(mode)" = madvise ] && break; sleep 0.1; done
kill -KILL "$pid"; wait "$pid" 2>/dev/null || true
"$GUPBENCH" run --scenario thp --size 2M --reps 1 --quiet --out "$TMP/thp.jsonl" 2>/dev/null ||
	fail "the thp run after a kill failed"
[ "$(mode)" = never ] || fail "a run after a kill restored THP to $(mode), not never"
grep -q "never -> madvise" <<< "$(envelope "$TMP/thp.jsonl" system_changes)" ||
	fail "the run recorded a change from the dead run's value: $(envelope "$TMP/thp.jsonl" system_changes)"
pycheck "$TMP/thp.jsonl" <<<'import sys; from results import load; e = load(sys.argv[1]).end; assert any("never -> madvise" in c for c in e["system_changes"]), e' ||
	fail "the end record does not list the change the run made"

# A reused pid: the journal's pid belongs to a live process that started
# at another time than the owner.  Still a dead run's journal.
sleep 60 >/dev/null 2>&1 & sleeper=$!
echo madvise > "$thp"
mkdir -p "$GB_JOURNAL_DIR"
printf 'owner\t%d\t1\nset\t%s\tnever\n' "$sleeper" "$thp" > "$GB_JOURNAL_DIR/$sleeper.journal"
"$GUPBENCH" restore 2>"$TMP/restore.err" || fail "restore failed: $(cat "$TMP/restore.err")"
[ "$(mode)" = never ] || fail "a journal with a reused pid was not restored"
grep -q "restored 1 journal" "$TMP/restore.err" || fail "restore: $(cat "$TMP/restore.err")"
# ... and the journal of a live owner (matching start time) is left alone.
start=$(sed 's/.*) //' "/proc/$sleeper/stat" | cut -d' ' -f20)
printf 'owner\t%d\t%s\nset\t%s\tmadvise\n' "$sleeper" "$start" "$thp" > "$GB_JOURNAL_DIR/$sleeper.journal"
"$GUPBENCH" restore 2>"$TMP/restore.err" || fail "restore failed"
[ "$(mode)" = never ] && [ -e "$GB_JOURNAL_DIR/$sleeper.journal" ] ||
	fail "a live run's journal was restored"
rm "$GB_JOURNAL_DIR/$sleeper.journal"
kill "$sleeper"

# An undo that fails: run refuses (exit 4, one line), restore keeps the
# journal and exits 1 naming it.
# (a setting gupbench changes, on a CPU this machine does not have)
printf 'owner\t999999\t1\nset\t/sys/devices/system/cpu/cpu9999/online\t1\n' > "$GB_JOURNAL_DIR/999999.journal"
rc=0
"$GUPBENCH" run --scenario settled --size 1M --reps 1 --quiet --out "$TMP/refused.jsonl" 2>"$TMP/err" || rc=$?
[ $rc = 4 ] || fail "a run over an unrestorable journal: exit $rc: $(cat "$TMP/err")"
grep -q "gupbench: .*cannot set /sys/devices/system/cpu/cpu9999/online to 1" "$TMP/err" || fail "the refusal does not name the change: $(cat "$TMP/err")"
[ "$(grep -vc '^gupbench: restore ' "$TMP/err")" = 1 ] || fail "the refusal is not one line: $(cat "$TMP/err")"
rc=0
"$GUPBENCH" restore 2>"$TMP/err" || rc=$?
[ $rc = 1 ] && grep -q "not restored: .*journal kept" "$TMP/err" || fail "restore of a failing undo: exit $rc: $(cat "$TMP/err")"
[ -e "$GB_JOURNAL_DIR/999999.journal" ] || fail "restore deleted a journal it could not undo"
rm "$GB_JOURNAL_DIR/999999.journal"
echo "recover: reused pids, live owners and failing undos handled"
