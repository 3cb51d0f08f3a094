#!/usr/bin/env bash
# The recipe step mthp=SIZE in the patched kernel: the buffer faulted in
# anon mTHP folios of SIZE (64 kB here), with THP on for MADV_HUGEPAGE
# before the run (the PMD size inheriting it), so gupbench must allow
# 64 kB and turn off the larger sizes the fault would prefer, journalled,
# and put them all back at the end.
#  - The folios, three ways: the recipe's own kpageflags scan (large
#    folios and their pages), the kernel's per-size fault counter
#    (hugepages-64kB/stats/anon_fault_alloc, 6.10+), and the folios the
#    drain decision saw (gup:gup_longterm_drain_call, and the per-folio
#    gup:gup_longterm_drain events added up, which must agree).
#  - Large folios skip the per-CPU lru_add batch (folio_batch_add_and_move
#    moves them at once): no page of the buffer off the LRU before the
#    pin, no excess reference (a large folio's ref_count holds a pin of
#    each page: the tracepoints count excess as the drain decision does,
#    among folios that may be cached), no drain under lru or refcount.  The same
#    recipe without mthp= leaves the remote CPU's batch holding folios,
#    and lru drains all CPUs for it: the step is what made the difference.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

cat > "$TMP/guest.sh" <<'SH'
d=/sys/kernel/mm/transparent_hugepage
echo madvise > $d/enabled
show() {
	echo "$1: top $(cat $d/enabled) | 64k $(cat $d/hugepages-64kB/enabled) | 2048k $(cat $d/hugepages-2048kB/enabled)"
	[ ! -r $d/hugepages-64kB/stats/anon_fault_alloc ] || echo "$1-alloc: $(cat $d/hugepages-64kB/stats/anon_fault_alloc)"
}
show before
run() {
	gupbench run --pinner io_uring --placement movable --scenario recipe --recipe "$1" \
		--policy lru,refcount --cpus 2 --size 1M --reps 3 --warmup 0 --quiet --out "$2" "$3" "$4" 2>>/tmp/err
}
# With the per-folio events too: gupbench adds them up and they must
# agree with the kernel's own tally, call by call (else null).
run 'mthp=64k;fault=remote' /tmp/results.jsonl --drain-trace folio
rc=$?
show after
run 'fault=remote' /tmp/plain.jsonl --drain-trace call || rc=$?
sed 's/^/plain: /' /tmp/plain.jsonl
sed 's/^/stderr: /' /tmp/err
exit $rc
SH
GUPBENCH=$GUPBENCH vm_run mthp --kernel patched --smp 2 --mem 2G --cmdline movable \
	--script "$TMP/guest.sh" --out "$TMP/r.jsonl" -- > "$TMP/guest.out"
grep "^stderr:\|^before\|^after" "$TMP/guest.out" || true
pycheck "$TMP/r.jsonl" "$TMP/guest.out" <<'PY'
import json, re, sys
from results import load
run = load(sys.argv[1])
out = open(sys.argv[2]).read().splitlines()
state = {l.split(":")[0]: l.split(": ", 1)[1] for l in out if re.match(r"^(before|after)(-alloc)?: ", l)}
# THP on for MADV_HUGEPAGE, the PMD size inheriting it: gupbench allowed
# 64 kB, turned the PMD size off for the run (journalled), and put both back.
assert "[madvise]" in state["before"].split("|")[0] and "[inherit]" in state["before"].split("|")[2], state
assert state["after"] == state["before"], state
changes = run.envelope["system_changes"]
for size, to in (("64kB", "madvise"), ("2048kB", "never")):
    assert any("hugepages-%s/enabled" % size in c and c.endswith("-> " + to) for c in changes), (size, changes)

S = run.samples
assert len(S) == 2 * 3, len(S)
folios = held_per_folio = 0
for r in S:
    sd = r["scenario_data"]["recipe"]
    assert sd["recipe"] == "mthp=64k;fault=remote", sd
    pages = r["before"]["pages"]
    # Every page in a 64 kB folio (16 pages), by the recipe's own scan.
    assert r["conditions_met"] is True and r["result"] == "ok", (r["conditions_met"], r["conditions_missed"], r["result"])
    assert sd["large_folio_pages"] == pages == r["before"]["thp"] and sd["large_folios"] * 16 == pages, (sd, r["before"])
    folios += sd["large_folios"]
    c = r["counters"]
    # The drain decision saw the same folios: 16 a MiB, not 256.
    assert c["tp_folios"] == sd["large_folios"], (c["tp_folios"], sd)
    # None of them in a per-CPU batch: nothing to drain, and no policy drains.
    assert r["before"]["not_lru"] == 0 and c["tp_not_lru"] == 0 and c["tp_excess_folios"] == 0, (r["before"], c)
    assert c["drains_all"] == 0 and c["tp_drains_all"] == 0 and c["tp_drains_local"] == 0, (r["policy"], c)
    # The kernel's own pin counts: every pin released, and what the
    # registration held is a pin a page, or one a folio where io_uring
    # coalesces a buffer of whole large folios (io_coalesce_buffer(), 6.10+).
    fp = r["foll_pin"]
    assert fp["acquired"] == fp["released"] and fp["held_after_pin"] == fp["released_by_unpin"], fp
    assert fp["held_after_pin"] in (pages, sd["large_folios"]), (fp, sd)
    held_per_folio += fp["held_after_pin"] == sd["large_folios"]
# The kernel's own count of 64 kB faults: exactly the folios the scans saw
# (when it keeps one: hugepages-64kB/stats, 6.10+).
if "before-alloc" in state:
    faults = int(state["after-alloc"]) - int(state["before-alloc"])
    assert faults == folios, "anon_fault_alloc %d, the scans saw %d folios" % (faults, folios)
    print("vm_mthp: %d faults of 64 kB folios by the kernel's count, %d by the scans" % (faults, folios))
else:
    print("vm_mthp: no per-size fault counter on this kernel (hugepages-64kB/stats: 6.10+): not cross-checked")
# Without mthp=: small folios, the last faulted ones in the remote CPU's
# batch; lru drains all CPUs when its decision sees one off the LRU
# (another task's drain may empty the batch first: such a call is let
# be, and most calls must have seen the batch).
plain = [json.loads(l[len("plain: "):]) for l in out if l.startswith("plain: ")]
ps = [r for r in plain if r["type"] == "sample"]
assert len(ps) == 6, len(ps)
batched = 0
for r in ps:
    c = r["counters"]
    assert r["before"]["thp"] == 0 and r["scenario_data"]["recipe"]["large_folios"] is None, (r["before"], r["scenario_data"])
    batched += c["tp_not_lru"] >= 1
    if r["policy"] == "lru" and c["tp_not_lru"] >= 1:
        assert c["tp_drains_all"] == 1, c["tp_drains_all"]
assert batched >= 4, "only %d of 6 calls without mthp= found a folio of theirs in a batch" % batched
print("vm_mthp: %d calls in 64 kB folios (%d folios), none batched or drained, io_uring holding one pin a folio in %d; %d of %d without mthp= found folios in the remote batch, lru drained all CPUs for each of its own" % (
    len(S), folios, held_per_folio, batched, len(ps)))
PY
echo "vm_mthp: all checks passed"
