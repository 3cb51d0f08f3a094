#!/usr/bin/env bash
# gupbench journals every system change and restores it on SIGTERM and
# SIGINT; after SIGKILL "gupbench restore" does.  The change used here is
# real: the thp scenario turns transparent hugepages from "never" to
# "madvise".  The tracefs/debugfs mounts are checked in a private mount
# namespace.
. "$(dirname "$0")/lib.sh"
use_thp
mode() { thp_mode; }
export GB_JOURNAL_DIR=$TMP/journal

start_run() {
	echo never > "$thp"
	"$GUPBENCH" run --scenario thp --size 2M --reps 100000 --quiet \
		--out "$TMP/r.jsonl" 2>"$TMP/err" &
	pid=$!
	for _ in $(seq 100); do
		[ "$(mode)" = madvise ] && [ -s "$TMP/r.jsonl" ] && return 0
		sleep 0.1
	done
	kill -9 "$pid"
	fail "gupbench did not switch THP to madvise: $(cat "$TMP/err")"
}

for sig in TERM INT HUP; do
	start_run
	ls "$GB_JOURNAL_DIR"/"$pid".journal >/dev/null || fail "no journal while running"
	kill -"$sig" "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -ge 128 ] || fail "SIG$sig: gupbench exited $rc, not by the signal"
	[ "$(mode)" = never ] || fail "SIG$sig: THP left at $(mode)"
	[ ! -e "$GB_JOURNAL_DIR/$pid.journal" ] || fail "SIG$sig: journal left behind"
	echo "restore: SIG$sig restored THP to never"
done

# A finished run restores too, and says what it changed in the envelope.
echo never > "$thp"
"$GUPBENCH" run --scenario thp --size 2M --reps 1 --quiet --out "$TMP/r.jsonl"
[ "$(mode)" = never ] || fail "normal exit left THP at $(mode)"
pycheck "$TMP/r.jsonl" <<'PY' || fail "envelope does not record the change"
import sys
from results import load
env = load(sys.argv[1]).envelope
assert "set /sys/kernel/mm/transparent_hugepage/enabled: never -> madvise" in env["system_changes"], env["system_changes"]
PY

# SIGKILL cannot be caught: the journal survives and "restore" undoes it.
start_run
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
[ "$(mode)" = madvise ] || fail "expected THP still changed after SIGKILL"
[ -e "$GB_JOURNAL_DIR/$pid.journal" ] || fail "SIGKILL: no journal to restore from"
"$GUPBENCH" restore 2>"$TMP/restore.err" || fail "restore exited $?"
[ "$(mode)" = never ] || fail "restore left THP at $(mode)"
[ ! -e "$GB_JOURNAL_DIR/$pid.journal" ] || fail "restore left the journal"
grep -q "restored 1 journal" "$TMP/restore.err" || fail "restore did not say what it did"
echo "restore: SIGKILL + gupbench restore put THP back"

# The last samples before the signal are intact JSON: nothing half-written.
pycheck "$TMP/r.jsonl" <<'PY' || fail "results file corrupt after SIGKILL"
import sys
from results import load
assert load(sys.argv[1], complete=False).records
PY

# Mounts: in a private namespace without tracefs/debugfs, gupbench mounts
# what it needs (debugfs, which brings tracefs at debug/tracing, or
# tracefs) and unmounts it on SIGTERM.
rc=0
if command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
	unshare -m --propagation private bash -c '
		trace_mounts() { grep -E " /sys/kernel/(debug|tracing)" /proc/self/mountinfo | cut -d" " -f5 | sort; }
		umount -l /sys/kernel/tracing 2>/dev/null; umount -l /sys/kernel/debug 2>/dev/null
		before=$(trace_mounts)
		[ -z "$before" ] || exit 3
		"$0" run --scenario settled --size 1M --reps 100000 --quiet --out /dev/null &
		pid=$!
		for _ in $(seq 100); do [ -n "$(trace_mounts)" ] && break; sleep 0.1; done
		[ -n "$(trace_mounts)" ] || exit 5
		kill -TERM $pid; wait $pid
		[ "$(trace_mounts)" = "$before" ] || exit 6
		exit 0' "$GUPBENCH" || rc=$?
	case $rc in
	0) echo "restore: debugfs/tracefs mounts undone on SIGTERM" ;;
	3) echo "restore: cannot unmount tracefs in a namespace here; mount check not run" ;;
	5) fail "gupbench did not mount debugfs or tracefs" ;;
	*) fail "mounts left behind after SIGTERM (code $rc)" ;;
	esac
else
	echo "restore: no mount namespaces here; mount check not run"
fi
