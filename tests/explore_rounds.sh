#!/usr/bin/env bash
# gupbench explore --rounds, the planner of explore between two kernels,
# without a VM: each round's plan answered by a stand-in for the two
# boots (python below: per case, values gbstat candidates would print),
# in which cand's all-CPU drains are 1 in every call of a page state that
# holds both memfd and fork, else 0 as base's.  The planner must find it
# in its rounds, shrink it to at most 3 steps holding memfd and fork,
# and exit 1; with the two sides the same (the control): exit 0 and no
# finding.  Its bad inputs (one side's values missing, a damaged line)
# are one-line errors, exit 2.
. "$(dirname "$0")/lib.sh"

answer() {	# answer DIR PLANTED(0|1): play both boots of every round until done
	local dir=$1 planted=$2 next rc k plan
	for _ in $(seq 1 20); do
		rc=0
		next=$("$GUPBENCH" explore --pinner io_uring --placement movable --cpus 1,2 --size 1M \
			--explore 560 --rounds "$dir" 2>"$dir.err") || rc=$?
		case $next in
		"done "*) return "$rc" ;;
		"round "*) ;;
		*) fail "the planner stopped: exit $rc: $(cat "$dir.err")" ;;
		esac
		read -r _ k plan _ <<<"$next"
		[ -s "$plan" ] || fail "round $k: no plan at $plan"
		pycheck "$plan" "$dir/round-$k" "$planted" <<'PY'
import sys
plan, out, planted = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
metrics = ["@failed", "counters.drains_local", "counters.drains_all", "counters.works_queued_pin"]
for side in ("base", "cand"):
    with open("%s.%s.tsv" % (out, side), "w") as f:
        for line in open(plan):
            if line.startswith("#"):
                continue
            w = line.split()
            scen, pinner, placement, cpus, calls = w[:5]
            recipe = w[5] if len(w) > 5 else "-"
            steps = recipe.split(";")
            hit = planted and side == "cand" and "memfd" in steps and "fork" in steps
            for m in metrics:
                v = 1 if (hit and m == "counters.drains_all") else 0
                f.write("\t".join([pinner, placement, scen, recipe, cpus, m,
                                   ",".join([str(v)] * int(calls))]) + "\n")
PY
	done
	fail "the planner did not finish in 20 rounds"
}

mkdir "$TMP/planted" "$TMP/control"
rc=0; answer "$TMP/planted" 1 || rc=$?
[ $rc = 1 ] || fail "the planted difference: exit $rc, expected 1: $(cat "$TMP/planted/findings.txt")"
pycheck "$TMP/planted/findings.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
f = [r for r in recs if r["type"] == "finding"]
ex = [r for r in recs if r["type"] == "explore"][0]
assert f, "no finding"
steps = f[0]["recipe"].split(";")
assert {"memfd", "fork"} <= set(steps) and len(steps) <= 3, f[0]
assert f[0]["metric"] == "counters.drains_all" and f[0]["every_call"], f[0]
assert (f[0]["base"], f[0]["cand"]) == (0, 1), f[0]
assert ex["calls"] <= ex["budget"] == 560, ex
assert len({(x["recipe"], x["metric"], x["cpus"]) for x in f}) == len(f), "a finding twice: %s" % f
print("planner found %s in %d calls" % (f[0]["recipe"], ex["calls"]))
PY
rc=0; answer "$TMP/control" 0 || rc=$?
[ $rc = 0 ] || fail "the control: exit $rc, expected 0"
grep -q "none beyond the exploration's error rate" "$TMP/control/findings.txt" ||
	fail "the control found something: $(cat "$TMP/control/findings.txt")"

# A round with one side's values only, and a damaged line: exit 2, one line.
mkdir "$TMP/bad"
"$GUPBENCH" explore --cpus 1,2 --explore 560 --rounds "$TMP/bad" >/dev/null
cp "$TMP/planted/round-1.base.tsv" "$TMP/bad/"
rc=0; "$GUPBENCH" explore --cpus 1,2 --explore 560 --rounds "$TMP/bad" >/dev/null 2>"$TMP/err" || rc=$?
[ $rc = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "values of one kernel only" "$TMP/err" ||
	fail "one side missing: exit $rc: $(cat "$TMP/err")"
printf 'io_uring\tmovable\tfresh\n' > "$TMP/bad/round-1.cand.tsv"
rc=0; "$GUPBENCH" explore --cpus 1,2 --explore 560 --rounds "$TMP/bad" >/dev/null 2>"$TMP/err" || rc=$?
[ $rc = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "round-1.cand.tsv:1: not 7" "$TMP/err" ||
	fail "a damaged line: exit $rc: $(cat "$TMP/err")"
echo "explore_rounds: the planted difference found and shrunk in rounds; the control found nothing; bad values refused"
