#!/usr/bin/env bash
# The pinner "rdma" on a guest with no RDMA device: gupbench sets up
# soft-RoCE (netdev gbdummy0, rxe device gbrxe0 on it), journals it, and
# takes it down on exit; after a SIGKILL the journal names the netdev and
# `gupbench restore` deletes it (and the rxe device with it).  Each
# registration is an ibv_reg_mr() whose pins the kernel counted.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

cat > "$TMP/guest.sh" <<'SH'
# Runs in the guest (busybox sh).
# state LABEL: the soft-RoCE parts there now.
state() {
	echo "$1: net=$(ls /sys/class/net | grep -c '^gbdummy0$') ib=$(ls /sys/class/infiniband 2>/dev/null | grep -c '^gbrxe0$')"
}
# gone: rxe unregisters from a work queued on the netdev's removal.
gone() {
	i=0
	while [ -e /sys/class/infiniband/gbrxe0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}
state before
gupbench run --pinner rdma --placement movable --scenario fresh --policy refcount \
	--size 1M --reps 100000 --warmup 0 --quiet --out /tmp/killed.jsonl 2>/dev/null &
pid=$!
i=0
while ! grep -q '"type":"sample"' /tmp/killed.jsonl 2>/dev/null && [ $i -lt 1200 ]; do
	sleep 0.05; i=$((i + 1))
done
kill -9 $pid
wait $pid 2>/dev/null
state after-kill
cat /run/gupbench/*.journal | sed 's/^/journal: /'
gupbench restore 2>/tmp/restore.err
echo "restore-rc: $?"
sed 's/^/restore-stderr: /' /tmp/restore.err
gone
state after-restore
gupbench run --pinner rdma --placement movable,cma --scenario fresh,mlock-remote \
	--policy lru,refcount --cpus 2 --size 2M --reps 2 --warmup 0 --quiet \
	--out /tmp/results.jsonl 2>/tmp/plain.err
rc=$?
sed 's/^/plain-stderr: /' /tmp/plain.err
gone
state after-plain
ls /run/gupbench/ | sed 's/^/journal-left: /'
exit $rc
SH
GUPBENCH=$GUPBENCH vm_run rdma --kernel patched --smp 2 --mem 2G \
	--cmdline movable-cma --script "$TMP/guest.sh" --out "$TMP/r.jsonl" -- \
	> "$TMP/guest.out"
cat "$TMP/guest.out"
grep -q "^before: net=0 ib=0" "$TMP/guest.out" || fail "the guest had soft-RoCE before gupbench"
grep -q "^after-kill: net=1 ib=1" "$TMP/guest.out" || fail "no soft-RoCE device while the killed run pinned"
grep -qP "^journal: netdev\tgbdummy0\tdummy$" "$TMP/guest.out" || fail "the killed run's journal does not name its netdev"
grep -q "^restore-rc: 0" "$TMP/guest.out" || fail "gupbench restore failed"
grep -q "^restore-stderr: gupbench: restore delete netdev gbdummy0: done" "$TMP/guest.out" ||
	fail "restore did not say it deleted the netdev"
grep -q "^after-restore: net=0 ib=0" "$TMP/guest.out" || fail "restore left soft-RoCE behind"
grep -q "^after-plain: net=0 ib=0" "$TMP/guest.out" || fail "a run left soft-RoCE behind"
grep -q "^journal-left:" "$TMP/guest.out" && fail "a journal is left in the guest"
pycheck "$TMP/r.jsonl" <<'PY'
import sys
from results import load
run = load(sys.argv[1])
assert "create netdev gbdummy0 (dummy)" in run.end["system_changes"], run.end["system_changes"]
S = [r for r in run.records if r["type"] == "sample"]
assert len(S) == 2 * 2 * 2 * 2, len(S)
fails = {}
for r in S:
    assert r["pinner"] == "rdma"
    fp = r["foll_pin"]
    # ib_umem_get pins 512 pages a call: a 2 MiB buffer is one call, and
    # each migration round unpins all and pins all again.
    assert fp["released"] == fp["acquired"], fp
    if r["result"] == "ok":
        assert r["pages_pinned"] == 512 and fp["held_after_pin"] == 512 == fp["released_by_unpin"], fp
        assert fp["acquired"] == 512 * (1 + r["counters"]["migrate_calls"]), (fp, r["counters"]["migrate_calls"])
    key = (r["scenario"], r["policy"])
    fails[key] = fails.get(key, 0) + (r["result"] != "ok")
# Will Deacon's mlock case through ibv_reg_mr: the old heuristic sees a
# folio off the LRU, drains nothing that helps, and migration fails.
assert fails[("mlock-remote", "lru")] == 4 and fails[("mlock-remote", "refcount")] == 0, fails
assert fails[("fresh", "lru")] == fails[("fresh", "refcount")] == 0, fails
print("vm_rdma: %d ibv_reg_mr calls; failed: %s" % (len(S), fails))
PY
echo "vm_rdma: all checks passed"
