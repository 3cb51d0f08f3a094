#!/usr/bin/env bash
# What the kernel lacks is skipped with a reason: exit 4 when nothing
# could run, skip records in the results either way, never a silent 0.
. "$(dirname "$0")/lib.sh"

"$GUPBENCH" list --json > "$TMP/list.jsonl" || fail "list exited $?"
pycheck "$TMP/list.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
kinds = {r["kind"] for r in rows}
assert kinds == {"pinner", "placement", "scenario"}, kinds
for r in rows:
    assert r["supported"] == (r["reason"] is None), r
    if not r["supported"]:
        assert len(r["reason"]) > 10, r
print("list: %d cases, %d skipped with reasons" % (len(rows), sum(not r["supported"] for r in rows)))
PY

# Run every placement; those this kernel lacks must be skip records.
rc=0
"$GUPBENCH" run --placement all --scenario settled --reps 1 --warmup 0 \
	--size 1M --quiet --out "$TMP/r.jsonl" 2>"$TMP/err" || rc=$?
pycheck "$TMP/r.jsonl" "$TMP/list.jsonl" "$rc" <<'PY'
import json, sys
from results import load
recs = load(sys.argv[1]).records
listed = {(r["kind"], r["name"]): r for r in map(json.loads, open(sys.argv[2]))}
rc = int(sys.argv[3])
assert recs[0]["type"] == "envelope" and recs[-1]["type"] == "end", "envelope/end missing"
skips = {r["placement"]: r["reason"] for r in recs if r["type"] == "skip"}
ran = {r["placement"] for r in recs if r["type"] == "sample"}
for name in ("normal", "movable", "cma", "any"):
    supported = listed[("placement", name)]["supported"]
    assert (name in ran) == supported, (name, supported, ran)
    assert (name in skips) == (not supported), (name, skips)
    if name in skips:
        assert skips[name] == listed[("placement", name)]["reason"]
assert recs[-1]["exit_code"] == rc == (0 if ran else 4), (rc, recs[-1])
print("skip_reasons: ran %s, skipped %s" % (sorted(ran), sorted(skips)))
PY

# Asking only for what is missing is a skip (4) with the reason on stderr.
for placement in movable cma; do
	if grep -q "\"name\":\"$placement\",.*\"supported\":true" <<< "$("$GUPBENCH" list --json)"; then
		continue
	fi
	rc=0
	"$GUPBENCH" run --placement "$placement" --reps 1 --size 1M --quiet \
		--out "$TMP/s.jsonl" 2>"$TMP/err" || rc=$?
	[ "$rc" = 4 ] || fail "--placement $placement on a kernel without it: exit $rc, expected 4"
	grep -q "skip io_uring/$placement" "$TMP/err" && fail "--quiet still printed skips"
	grep -q "nothing ran" "$TMP/err" || fail "no reason on stderr for the skip"
	grep -q '"type":"skip"' "$TMP/s.jsonl" || fail "no skip record for $placement"
done

# A kernel without test_hmm has no device-private memory: the scenario
# is a skip naming CONFIG_TEST_HMM (the VM kernel has it:
# tests/vm_devpriv.sh).
if [ ! -e /dev/hmm_dmirror0 ]; then
	rc=0
	"$GUPBENCH" run --scenario device-private --reps 1 --size 1M --quiet \
		--out "$TMP/d.jsonl" 2>"$TMP/err" || rc=$?
	[ "$rc" = 4 ] || fail "--scenario device-private without /dev/hmm_dmirror0: exit $rc, expected 4"
	grep -q '"type":"skip".*"scenario":"device-private".*CONFIG_TEST_HMM' "$TMP/d.jsonl" ||
		fail "no skip record naming CONFIG_TEST_HMM: $(grep skip "$TMP/d.jsonl")"
fi
# The device pin paths where the kernel lacks them (this host: neither):
# a skip record naming the kernel option, and not a single pin.
for pair in "iommufd:CONFIG_IOMMUFD" "rdma:CONFIG_INFINIBAND"; do
	pinner=${pair%%:*} option=${pair#*:}
	grep -q "\"name\":\"$pinner\",.*\"supported\":true" <<< "$("$GUPBENCH" list --json)" && continue
	rc=0
	"$GUPBENCH" run --pinner "$pinner" --scenario settled --reps 1 --size 1M --quiet \
		--out "$TMP/p.jsonl" 2>"$TMP/err" || rc=$?
	[ "$rc" = 4 ] || fail "--pinner $pinner on a kernel without it: exit $rc, expected 4"
	grep -q "\"type\":\"skip\",\"pinner\":\"$pinner\".*$option" "$TMP/p.jsonl" ||
		fail "no skip record for $pinner naming $option: $(grep skip "$TMP/p.jsonl")"
	grep -q '"type":"sample"' "$TMP/p.jsonl" && fail "$pinner pinned on a kernel without it"
done
echo "skip_reasons: ok"
