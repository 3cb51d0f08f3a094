#!/usr/bin/env bash
# Journals cannot be turned against the system.  Root reads them back on
# the next run, so each planted one here must change nothing outside
# what gupbench itself changes: a line naming any other file, a link, a
# FIFO, a folder, a folder or file others can write, an unknown kind, a
# netdev not gupbench's own, an empty target, a line too long.  Each is refused with one line naming
# it, the journal is kept, and a run refuses to measure (exit 4).
. "$(dirname "$0")/lib.sh"
need_root
export GB_JOURNAL_DIR=$TMP/journal
mkdir -m 0700 "$GB_JOURNAL_DIR"
victim=$TMP/victim
echo "precious" > "$victim" && chmod 0600 "$victim"
gone=999999	# no such pid: every journal below belongs to a dead run

# refused NAME WHAT: restore and run both refuse, one line naming WHAT;
# the victim is untouched and nothing was undone.
refused() {
	local name=$1 what=$2 rc=0
	timeout 20 "$GUPBENCH" restore 2>"$TMP/err" || rc=$?
	[ $rc = 1 ] || fail "$name: restore exit $rc (expected 1): $(cat "$TMP/err")"
	[ "$(grep -vc '^gupbench: restore ' "$TMP/err")" = 1 ] || fail "$name: not one line: $(cat "$TMP/err")"
	grep -q -- "$what" "$TMP/err" || fail "$name: '$what' not in: $(cat "$TMP/err")"
	grep -q '^gupbench: restore ' "$TMP/err" && fail "$name: something was undone: $(cat "$TMP/err")"
	[ "$(cat "$victim")" = precious ] || fail "$name: the victim file was written"
	rc=0
	timeout 20 "$GUPBENCH" run --scenario settled --size 1M --reps 1 --quiet \
		--out "$TMP/run.jsonl" 2>"$TMP/err" || rc=$?
	[ $rc = 4 ] || fail "$name: a run beside it: exit $rc (expected 4): $(cat "$TMP/err")"
	[ "$(cat "$victim")" = precious ] || fail "$name: the run wrote the victim file"
}
j=$GB_JOURNAL_DIR/$gone.journal

printf 'owner\t%d\t1\nset\t%s\tpwned\n' $gone "$victim" > "$j"
refused "a line naming another file" "line 2: not a setting gupbench changes"
[ -e "$j" ] || fail "a refused journal was deleted"
printf 'owner\t%d\t1\nmount\t/home\t\n' $gone > "$j"
refused "an unmount of another mount point" "not a place gupbench mounts"
printf 'owner\t%d\t1\nset\t/sys/kernel/mm/transparent_hugepage/enabled\talways\nfrob\t/x\ty\n' $gone > "$j"
refused "an unknown kind" "line 3: an unknown kind of change"
printf 'owner\t%d\t1\nnetdev\tlo\tdummy\n' $gone > "$j"
refused "a delete of another netdev" "line 2: not the netdev gupbench creates"
[ -e /sys/class/net/lo ] || fail "the loopback netdev is gone"
# The netdev's name is gupbench's, its kind is not: a bridge named
# gbdummy0 (in a network namespace of its own) outlives a restore.
if command -v unshare >/dev/null && command -v ip >/dev/null; then
	printf 'owner\t%d\t1\nnetdev\tgbdummy0\tdummy\n' $gone > "$j"
	rc=0
	unshare -n bash -c 'ip link add gbdummy0 type bridge || exit 9
		"$0" restore 2>"$1"; echo "restore=$?" >> "$1"
		ip -d link show gbdummy0 | grep -q bridge || echo "bridge gone" >> "$1"' \
		"$GUPBENCH" "$TMP/ns.err" || rc=$?
	[ $rc = 0 ] || skip "cannot make a bridge in a network namespace here ($rc)"
	grep -q "bridge gone" "$TMP/ns.err" && fail "restore deleted a bridge named gbdummy0: $(cat "$TMP/ns.err")"
	grep -q "it is not a dummy, so not the one gupbench made: left alone" "$TMP/ns.err" ||
		fail "restore did not say why it left gbdummy0: $(cat "$TMP/ns.err")"
	grep -q "restore=1" "$TMP/ns.err" || fail "restore did not fail: $(cat "$TMP/ns.err")"
	rm -f "$j"
fi
printf 'owner\t%d\t1\nset\t\tx\n' $gone > "$j"
refused "an empty target" "an empty path"
printf 'owner\t%d\t1\nset\tx\tnever\n' $gone > "$j"
refused "a relative target" "not a setting gupbench changes"
printf 'owner\t%d\t1\nset\t/sys/devices/system/cpu/cpu1/../../../../%s\t1\n' $gone "$victim" > "$j"
refused "a path that climbs out" "not a setting gupbench changes"
printf 'owner\t%d\t1\nset\t/sys/kernel/debug/cma/../../../%s/free\t1\n' $gone "$victim" > "$j"
refused "a CMA area named .." "not a setting gupbench changes"
printf 'owner\t%d\t1\nset\t/proc/sys/kernel/sched_rt_runtime_us\t1; rm -rf /\n' $gone > "$j"
refused "a value gupbench never writes" "a value gupbench never writes there"
{ printf 'owner\t%d\t1\n' $gone; head -c 70000 /dev/zero | tr '\0' x; } > "$j"
refused "a line too long" "too long to be a journal"
rm -f "$j"

ln -s "$victim" "$j"
refused "a link to a file" "a symbolic link, not a journal"
rm "$j" && mkfifo "$TMP/fifo" && ln -s "$TMP/fifo" "$j"
refused "a link to a FIFO (must not hang)" "a symbolic link"
rm "$j" && mkfifo "$j"
refused "a FIFO (must not hang)" "not a regular file"
rm "$j" && mkdir "$j"
refused "a folder" "a folder, not a journal"
rmdir "$j"
printf 'owner\t%d\t1\n' $gone > "$j" && chmod 0666 "$j"
refused "a journal others can write" "writable by others"
rm "$j"

# A journal folder others can write is neither read nor written.
chmod 1777 "$GB_JOURNAL_DIR"
refused "a folder others can write" "journal folder .* is writable by others"
chmod 0700 "$GB_JOURNAL_DIR"
rmdir "$GB_JOURNAL_DIR" && ln -s "$TMP" "$GB_JOURNAL_DIR"
refused "a journal folder that is a link" "not a folder"
rm "$GB_JOURNAL_DIR" && mkdir -m 0700 "$GB_JOURNAL_DIR"

# What gupbench journals itself is restored, every line of a long one.
thp=/sys/kernel/mm/transparent_hugepage/enabled
if [ -w "$thp" ]; then
	orig=$(sed 's/.*\[\(.*\)\].*/\1/' "$thp")
	trap 'echo "$orig" > "$thp"; rm -rf "$TMP"' EXIT
	{ printf 'owner\t%d\t1\n' $gone
	  for i in $(seq 1 99); do printf 'set\t%s\tmadvise\n' "$thp"; done
	  printf 'set\t%s\t%s\n' "$thp" "$orig"; } > "$j"
	echo never > "$thp"
	"$GUPBENCH" restore 2>"$TMP/err" || fail "a long journal of real changes: $(tail -n 2 "$TMP/err")"
	[ "$(grep -c '^gupbench: restore set' "$TMP/err")" = 100 ] ||
		fail "not all 100 changes were undone: $(grep -c '^gupbench: restore set' "$TMP/err")"
	[ "$(sed 's/.*\[\(.*\)\].*/\1/' "$thp")" = "$orig" ] || fail "THP not put back to $orig"
	[ ! -e "$j" ] || fail "a restored journal was kept"
fi
echo "journal_hostile: every planted journal refused; real ones restored"
