#!/usr/bin/env bash
# The CMA scenarios change system state: the whole CMA area allocated
# through debugfs (cma-alloc, held with --hold) and the per-CPU page
# lists shrunk (placement cma).  SIGKILL a run while it holds the area:
# the area stays allocated and the journal says so; `gupbench restore`
# gives the area back and puts the page lists back, leaving no journal.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

cat > "$TMP/guest.sh" <<'SH'
# Runs in the guest (busybox sh).
area=/sys/kernel/debug/cma/reserved
frac=/proc/sys/vm/percpu_pagelist_high_fraction
echo "before: used=$(cat $area/used) count=$(cat $area/count) frac=$(cat $frac)"
gupbench run --placement cma --scenario cma-alloc --size 1M --reps 1000 --warmup 0 \
	--hold 60000 --quiet --out /tmp/killed.jsonl 2>/dev/null &
pid=$!
# The area is held for a minute on every call: seen held, the kill lands
# while it still is (with a 5 s hold, a kill once landed just after the
# area was given back).  Emulated on a busy host, taking the whole area
# has taken over two minutes: wait up to ten, and say how long it took.
i=0
while [ "$(cat $area/used)" != "$(cat $area/count)" ] && [ $i -lt 600 ]; do sleep 1; i=$((i + 1)); done
echo "held-after: ${i}s"
kill -9 $pid
wait $pid 2>/dev/null
echo "after-kill: used=$(cat $area/used) frac=$(cat $frac)"
cat /run/gupbench/*.journal | sed 's/^/journal: /'
gupbench restore 2>&1 | sed 's/^/restore: /'
echo "after-restore: used=$(cat $area/used) frac=$(cat $frac)"
ls /run/gupbench/ | sed 's/^/journal-left: /'
: > /tmp/results.jsonl
SH
GUPBENCH=$GUPBENCH "$top/vm/run-vm.sh" --kernel patched --smp 2 --mem 2G \
	--cmdline movable-cma --script "$TMP/guest.sh" --out "$TMP/r.jsonl" -- \
	> "$TMP/guest.out" || fail "VM run failed ($?): $(cat "$TMP/guest.out")"
cat "$TMP/guest.out"
grep -q "^before: used=0 count=65536 frac=0" "$TMP/guest.out" || fail "unexpected state before the run"
grep -q "^after-kill: used=65536 frac=2147483647" "$TMP/guest.out" ||
	fail "the kill did not land while the whole area was held ($(grep '^held-after:' "$TMP/guest.out"))"
grep -q "^journal: set	/sys/kernel/debug/cma/reserved/free	65536" "$TMP/guest.out" ||
	fail "the CMA allocation is not in the journal"
grep -q "^restore: gupbench: restore set /sys/kernel/debug/cma/reserved/free to 65536: done" "$TMP/guest.out" ||
	fail "restore did not give the CMA area back"
grep -q "^after-restore: used=0 frac=0" "$TMP/guest.out" || fail "state not restored"
grep -q "^journal-left:" "$TMP/guest.out" && fail "a journal is left in the guest"
echo "vm_cma_recover: all checks passed"
