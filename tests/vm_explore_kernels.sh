#!/usr/bin/env bash
# gate --explore BASE CAND: explore between two kernels, in rounds of a
# boot of each on the same candidates.  The two kernels are the patched
# kernel booted two ways: cand with gup_longterm_drain_policy=refcount-
# shared-all on its command line (the test patch's planted policy, an
# all-CPU drain for any folio mapped more than once, which no fixed
# scenario has), base as built; each runs its own policy, as two kernels
# would (the guest never names one).
# 1. base against cand: exit 1, a finding the same in every call, shrunk
#    to at most 3 primitives, found from the rounds' own files (each
#    round one plan, a boot of each, values read back by gbstat); its
#    reproducer, replayed on each side in a boot of its own, shows the
#    difference in every call, in the direction found.
# 2. base against itself (the control): exit 0, nothing found.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
: "${GBSTAT:?ctest sets GBSTAT}"
need_qemu
export GBSTAT GUPBENCH
planted=gup_longterm_drain_policy=refcount-shared-all

rc=0
"$top/vm/gate.sh" --explore 560 --cand-cmdline "$planted" patched \
	--out "$TMP/planted" >"$TMP/planted.out" 2>"$TMP/planted.err" || rc=$?
[ $rc = 1 ] || fail "explore between the kernels: exit $rc, expected 1: $(tail -n 20 "$TMP/planted.err")"
grep -q "^finding 1: " "$TMP/planted/gate.txt" || fail "no finding in gate.txt: $(head -n 20 "$TMP/planted/gate.txt")"
grep -q "^## Explore: where the kernels differ" "$TMP/planted/report.md" || fail "report.md has no findings section"
# Every round: one plan, a boot of each side on it (the cand's with the
# planted parameter, the base's without), their values read back.
pycheck "$TMP/planted" "$TMP/replay.args" "$TMP/finding.txt" "$planted" <<'PY'
import glob, json, os, re, shlex, sys
d = sys.argv[1] + "/rounds"
plans = sorted(glob.glob(d + "/round-*.plan"), key=lambda p: int(re.search(r"round-(\d+)", p).group(1)))
assert len(plans) >= 3, "fewer than 3 rounds: %s" % plans
for p in plans:
    k = re.search(r"round-(\d+)", p).group(1)
    planned = [l.split() for l in open(p) if not l.startswith("#")]
    for side in ("base", "cand"):
        assert os.path.getsize("%s/round-%s.%s.tsv" % (d, k, side)) > 0, (k, side)
        recs = [json.loads(l) for l in open("%s/round-%s.%s.jsonl" % (d, k, side))]
        cmdline = recs[0]["kernel"]["cmdline"]
        assert (sys.argv[4] in cmdline) == (side == "cand"), (k, side, cmdline)
        ran = {(r["scenario"], ((r["scenario_data"] or {}).get("recipe") or {}).get("recipe", ""))
               for r in recs if r["type"] == "sample"}
        # A skip names the scenario and why, not the recipe's steps.
        skipped = {r["scenario"] for r in recs if r["type"] == "skip"}
        want = {(l[0], l[5] if len(l) > 5 else "") for l in planned}
        lost = [w for w in want if w not in ran and w[0] not in skipped]
        assert not lost, "round %s %s: planned but neither run nor skipped: %s" % (k, side, lost[:3])
first = [l.split()[0] for l in open(plans[0]) if not l.startswith("#")]
assert {"fresh", "settled", "mlock-remote", "shared"} <= set(first), "round 1 lacks the fixed scenarios: %s" % first
recs = [json.loads(l) for l in open(d + "/findings.jsonl")]
finds = [r for r in recs if r["type"] == "finding"]
ex = [r for r in recs if r["type"] == "explore"]
assert len(ex) == 1 and ex[0]["calls"] <= ex[0]["budget"], ex
f = finds[0]
assert "scenario" not in f and f["recipe"], "the first finding is a fixed scenario: %s" % f
assert len(f["recipe"].split(";")) <= 3, "not shrunk to 3 primitives: %s" % f["recipe"]
assert f["every_call"] and f["cand"] > f["base"], f
argv = shlex.split(f["reproduce"])
assert argv[:2] == ["gupbench", "run"] and "--policy" not in argv, argv
open(sys.argv[2], "w").write("\n".join(argv[1:]) + "\n")
open(sys.argv[3], "w").write("%s %s\n" % (f["metric"], f["recipe"]))
print("explore between kernels found: %s: %s %g -> %g in every call (%d calls of %d, %d rounds, %d candidates)" %
      (f["recipe"], f["metric"], f["base"], f["cand"], ex[0]["calls"], ex[0]["budget"], len(plans), ex[0]["candidates"]))
PY
mapfile -t replay < "$TMP/replay.args"
read -r metric recipe < "$TMP/finding.txt"
vm_run replay-base --kernel patched --cmdline movable --out "$TMP/replay-base.jsonl" -- "${replay[@]}" --quiet >/dev/null
vm_run replay-cand --kernel patched --cmdline movable --append "$planted" \
	--out "$TMP/replay-cand.jsonl" -- "${replay[@]}" --quiet >/dev/null
pycheck "$TMP/replay-base.jsonl" "$TMP/replay-cand.jsonl" "$metric" "$recipe" <<'PY'
import sys
from results import load
path = sys.argv[3].split(".")
def values(f):
    out = []
    for r in load(f).records:
        if r["type"] != "sample" or r["warmup"]:
            continue
        assert r["scenario_data"]["recipe"]["recipe"] == sys.argv[4], r["scenario_data"]
        v = r
        for p in path:
            v = v[p]
        out.append(v)
    return out
a, b = values(sys.argv[1]), values(sys.argv[2])
assert len(a) >= 6 and len(b) >= 6, (a, b)
assert None not in a + b, "the metric was not counted: %s %s" % (a, b)
assert min(b) > max(a), "the difference is not in every call: base %s, cand %s" % (a, b)
print("replayed: %s: base %s, cand %s" % (sys.argv[3], a, b))
PY

rc=0
"$top/vm/gate.sh" --explore 560 patched patched --out "$TMP/control" \
	>"$TMP/control.out" 2>"$TMP/control.err" || rc=$?
[ $rc = 0 ] || fail "the control (the kernel against itself): exit $rc, expected 0: $(head -n 20 "$TMP/control/gate.txt" 2>/dev/null) $(tail -n 5 "$TMP/control.err")"
grep -q "none beyond the exploration's error rate" "$TMP/control/gate.txt" ||
	fail "the control reported something: $(head -n 20 "$TMP/control/gate.txt")"
grep -q "A/A comparison" "$TMP/control.err" || fail "the control was not called an A/A comparison"
echo "vm_explore_kernels: the planted kernel difference found in rounds, shrunk and replayed on each side; the control found nothing"
