#!/usr/bin/env bash
# gate --explore: page states composed from the recipe primitives,
# searched for where two drain policies differ.  The test patch plants a
# policy, refcount-shared-all (an all-CPU drain for any folio mapped more
# than once), chosen before explore was written and named nowhere in it;
# no fixed scenario has such a folio.
# 1. refcount against the planted policy: exit 1 (the candidate is
#    worse), a finding the same in every call, shrunk to at most 3
#    primitives; its reproducer, replayed in a boot of its own, shows the
#    difference in every call, in the direction found.
# 2. refcount against itself (the control): exit 0, nothing found.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
: "${GBSTAT:?ctest sets GBSTAT}"
need_qemu
export GBSTAT GUPBENCH

rc=0
"$top/vm/gate.sh" --explore 560 --base-policy refcount --cand-policy refcount-shared-all \
	patched --out "$TMP/planted" >"$TMP/planted.out" 2>"$TMP/planted.err" || rc=$?
[ $rc = 1 ] || fail "explore against the planted policy: exit $rc, expected 1: $(tail -n 20 "$TMP/planted.err")"
grep -q "^| 1 | " "$TMP/planted/gate.txt" || fail "no finding in gate.txt: $(head -n 20 "$TMP/planted/gate.txt")"
grep -q "^## Explore: where the policies differ" "$TMP/planted/report.md" || fail "report.md does not open with the findings"
# The first finding: in every call, at most 3 primitives, the candidate
# worse; its reproducer's arguments, one per line.
pycheck "$TMP/planted/explore.jsonl" "$TMP/replay.args" "$TMP/finding.txt" <<'PY'
import json, shlex, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
finds = [r for r in recs if r["type"] == "finding"]
ex = [r for r in recs if r["type"] == "explore"]
assert len(ex) == 1 and ex[0]["calls"] <= ex[0]["budget"], ex
assert finds, "no finding record"
f = finds[0]
# The fixed scenarios were tried too (the ones every test kernel runs),
# and none of them holds the planted difference: the first is a recipe.
fixed = {r["scenario"] for r in recs if r["type"] == "sample"} - {"recipe"}
assert {"fresh", "settled", "mlock-remote", "shared"} <= fixed, "fixed scenarios not tried: %s" % sorted(fixed)
assert "scenario" not in f and f["recipe"], "the first finding is a fixed scenario: %s" % f
steps = f["recipe"].split(";")
assert len(steps) <= 3, "not shrunk to 3 primitives: %s" % f["recipe"]
assert f["every_call"], "the difference is not in every call: %s" % f
assert f["cand"] > f["base"], "the candidate is not worse: %s" % f
assert f["base_policy"] == "refcount" and f["cand_policy"] == "refcount-shared-all", f
argv = shlex.split(f["reproduce"])
assert argv[:2] == ["gupbench", "run"], argv
open(sys.argv[2], "w").write("\n".join(argv[1:]) + "\n")
open(sys.argv[3], "w").write("%s %s %s %s\n" % (f["metric"], f["base"], f["cand"], f["recipe"]))
print("explore found: %s: %s %g -> %g in every call (%d calls of a budget of %d, %d candidates, %d fixed scenarios among them)" %
      (f["recipe"], f["metric"], f["base"], f["cand"], ex[0]["calls"], ex[0]["budget"], ex[0]["candidates"], len(fixed)))
PY
mapfile -t replay < "$TMP/replay.args"
read -r metric base cand recipe < "$TMP/finding.txt"
vm_run replay --kernel patched --cmdline movable --out "$TMP/replay.jsonl" -- "${replay[@]}" --quiet >/dev/null
pycheck "$TMP/replay.jsonl" "$metric" "$recipe" <<'PY'
import sys
from results import load
recs = load(sys.argv[1]).records
path = sys.argv[2].split(".")
def value(r):
    v = r
    for p in path:
        v = v[p]
    return v
by = {}
for r in recs:
    if r["type"] != "sample" or r["warmup"]:
        continue
    assert r["scenario_data"]["recipe"]["recipe"] == sys.argv[3], r["scenario_data"]
    v = (r["result"] != "ok") if path == ["@failed"] else value(r)
    by.setdefault(r["policy"], []).append(v)
a, b = by["refcount"], by["refcount-shared-all"]
assert len(a) >= 6 and len(b) >= 6, (a, b)
assert None not in a + b, "the metric was not counted: %s %s" % (a, b)
assert min(b) > max(a), "the difference is not in every call: refcount %s, planted %s" % (a, b)
print("replayed: %s: refcount %s, refcount-shared-all %s" % (sys.argv[2], a, b))
PY

rc=0
"$top/vm/gate.sh" --explore 560 --base-policy refcount --cand-policy refcount \
	patched --out "$TMP/control" >"$TMP/control.out" 2>"$TMP/control.err" || rc=$?
[ $rc = 0 ] || fail "the control (refcount against itself): exit $rc, expected 0: $(head -n 20 "$TMP/control/gate.txt" 2>/dev/null) $(tail -n 5 "$TMP/control.err")"
grep -q "no difference beyond the exploration's error rate" "$TMP/control/gate.txt" ||
	fail "the control reported something: $(head -n 20 "$TMP/control/gate.txt")"
echo "vm_explore: the planted difference found, shrunk and replayed; the control found nothing"
