#!/usr/bin/env bash
# In the patched kernel: SIGKILL a policy sweep while "never" is in
# force, then run plainly.  The plain run must put the default policy
# back first, say so, list it in its envelope, and its calls must run
# under the default (refcount), not the dead run's "never".
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

cat > "$TMP/guest.sh" <<'SH'
# Runs in the guest (busybox sh).
policy=/sys/kernel/debug/gup_longterm_drain_policy
gupbench run --placement movable --scenario settled --policy lru,never,always \
	--size 1M --reps 100000 --warmup 0 --quiet --out /tmp/killed.jsonl 2>/dev/null &
pid=$!
i=0
while ! grep -q '\[never\]' $policy && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 $pid
wait $pid 2>/dev/null
echo "after-kill: $(cat $policy)"
ls /run/gupbench/ | sed 's/^/journal: /'
gupbench run --placement movable --scenario settled --size 1M --reps 2 --warmup 0 \
	--quiet --out /tmp/results.jsonl 2>/tmp/plain.err
rc=$?
sed 's/^/plain-stderr: /' /tmp/plain.err
echo "after-plain: $(cat $policy)"
ls /run/gupbench/ | sed 's/^/journal-left: /'
exit $rc
SH
GUPBENCH=$GUPBENCH "$top/vm/run-vm.sh" --kernel patched --smp 2 --mem 2G \
	--cmdline movable-cma --script "$TMP/guest.sh" --out "$TMP/r.jsonl" -- \
	> "$TMP/guest.out" || fail "VM run failed ($?): $(cat "$TMP/guest.out")"
cat "$TMP/guest.out"
# Aimed at [never]; the sweep may have moved on by the time the kill lands.
grep -q "after-kill: .*\[\(never\|lru\|always\)\]" "$TMP/guest.out" ||
	fail "the sweep was not killed under a policy of its own"
grep -q "^journal: [0-9]*.journal" "$TMP/guest.out" || fail "no journal after SIGKILL"
grep -q "plain-stderr: gupbench: restore set /sys/kernel/debug/gup_longterm_drain_policy to refcount: done" "$TMP/guest.out" ||
	fail "the plain run did not restore the policy first"
grep -q "plain-stderr: gupbench: warning: put back what 1 dead gupbench run" "$TMP/guest.out" ||
	fail "the plain run did not warn"
grep -q "after-plain: .*\[refcount\]" "$TMP/guest.out" || fail "the policy is not the default after the plain run"
grep -q "^journal-left:" "$TMP/guest.out" && fail "a journal is left in the guest"
pycheck "$TMP/r.jsonl" <<'PY'
import json, sys
from results import load
recs = load(sys.argv[1]).records
env = recs[0]
assert any("gup_longterm_drain_policy to refcount" in r for r in env["recovered"]), env["recovered"]
S = [r for r in recs if r["type"] == "sample"]
assert S and all(r["policy"] == "refcount" for r in S), [r["policy"] for r in S]
print("vm_recover: %d calls under %s after the restore" % (len(S), S[0]["policy"]))
PY
