#!/usr/bin/env bash
# --pinners 4 at 4 vCPUs: four pinning threads, each with its own fresh
# buffer on its own CPU, released together.  Under lru every one of them
# calls lru_add_drain_all(); they meet on its mutex and those that find
# their batches drained by another caller ride on it (piggybacked: no
# work queued of their own).  Under refcount each drains its own CPU
# and nobody drains all.  Every queued work runs.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

GUPBENCH=$GUPBENCH vm_run study --kernel patched --smp 4 --mem 2G \
	--cmdline movable --out "$TMP/r.jsonl" -- run \
	--pinner io_uring --placement movable --scenario fresh,settled \
	--policy lru,refcount --pinners 4 --cpus 4 --size 1M --reps 12 --warmup 0 \
	--quiet > /dev/null
pycheck "$TMP/r.jsonl" <<'PY'
import sys
from results import load
run = load(sys.argv[1])
order = run.envelope["machine"]["cpu_order"]
S = [r for r in run.records if r["type"] == "sample"]
assert len(S) == 2 * 2 * 12, len(S)
piggy = asked = 0
for r in S:
    c = r["counters"]
    assert r["pinners"] == 4 and [p["cpu"] for p in r["co_pinners"]] == order[1:4], r["co_pinners"]
    assert r["result"] == "ok" and all(p["result"] == "ok" for p in r["co_pinners"]), r
    assert all(p["fraction_in_placement"] == 1 for p in r["co_pinners"]), r["co_pinners"]
    assert c["works_run"] == c["works_queued"], c
    assert c["drains_all_piggybacked"] <= c["drains_all_any_task"] <= 4, c
    if r["scenario"] == "settled":
        assert c["drains_all_any_task"] == 0 and c["works_queued"] == 0, c
    elif r["policy"] == "refcount":
        # Each pinner's batch is its own CPU's: local drains suffice.
        assert c["drains_all_any_task"] == 0 and c["drains_local"] == 1, c
    else:
        assert c["drains_all_any_task"] >= 1, c
        piggy += c["drains_all_piggybacked"]
        asked += c["drains_all_any_task"]
assert piggy > 0, "no caller rode on another's drain in %d lru calls" % asked
print("vm_pinners: %d calls; lru: %d lru_add_drain_all calls, %d piggybacked" % (len(S), asked, piggy))
PY
# One pinner alone, for the chart of latency by pinners: 1 against 4.
GUPBENCH=$GUPBENCH vm_run one-pinner --kernel patched --smp 4 --mem 2G \
	--cmdline movable --out "$TMP/one.jsonl" -- run \
	--pinner io_uring --placement movable --scenario fresh,settled \
	--policy lru,refcount --cpus 4 --size 1M --reps 6 --warmup 0 \
	--quiet > /dev/null
mkdir -p "$TMP/rep"
"$GBSTAT" report "$TMP/one.jsonl" "$TMP/r.jsonl" --dir "$TMP/rep" > /dev/null 2>&1 || fail "gbstat report failed"
rel=$(release_of "$TMP/r.jsonl")
for p in lru refcount; do
	awk -v b="\"$rel/$p\" median p99" '$0 == b { on = 1; next } on && NF == 0 { exit }
		on { k[$1] = 1 } END { exit !(k[1] && k[4]) }' "$TMP/rep/pinners.dat" ||
		fail "pinners.dat lacks 1 and 4 pinners for $p"
done
grep -q "^has_pinners = [1-9]" "$TMP/rep/meta.gp" || fail "the pinners chart would be empty"
grep -qF 'io_uring/movable/fresh/cpus=4/1024K/pinners=4' "$TMP/rep/report.md" ||
	fail "the report pools 4 pinners with 1"
echo "vm_pinners: all checks passed"
