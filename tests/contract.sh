#!/usr/bin/env bash
# One results format, written by gupbench (bench/) and read by gbstat
# (analysis/): gbstat reads gupbench's golden output and a live run on
# this host, and its strict reader checks every record against the
# schema and every key path analysis/metrics.def reads.  A key gupbench
# stops writing fails this test, naming the key.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
: "${GBSTAT:?ctest sets GBSTAT}"

# The golden file holds two end records (two emitter cases): the first
# run in it is envelope, samples, skip, end.
golden=$top/bench/tests/golden/emit.jsonl
awk '{ print } /"type":"end"/ { exit }' "$golden" > "$TMP/golden.jsonl"
"$GBSTAT" summary "$TMP/golden.jsonl" > /dev/null 2>"$TMP/err" ||
	fail "gbstat cannot read gupbench's golden output: $(cat "$TMP/err")"

# A live run here, whatever this host can measure.
rc=0
"$GUPBENCH" run --pinner io_uring --placement any --scenario fresh,settled \
	--size 1M --reps 2 --quiet --out "$TMP/live.jsonl" 2>/dev/null || rc=$?
[ $rc = 0 ] || [ $rc = 4 ] || fail "gupbench run exited $rc"
[ $rc = 4 ] && skip "nothing could be measured on this host"
"$GBSTAT" summary "$TMP/live.jsonl" > /dev/null 2>"$TMP/err" ||
	fail "gbstat cannot read a live run: $(cat "$TMP/err")"

# The contract can fail: drop a key metrics.def reads, and the reader
# names it (so the two checks above really checked).
pycheck "$TMP/live.jsonl" "$TMP/broken.jsonl" <<'PY'
import json, sys
from results import load
run = load(sys.argv[1])
with open(sys.argv[2], "w") as f:
    for r in run.records:
        if r["type"] == "sample":
            del r["counters"]["works_queued"]
        f.write(json.dumps(r) + "\n")
PY
rc=0
"$GBSTAT" summary "$TMP/broken.jsonl" > /dev/null 2>"$TMP/err" || rc=$?
[ $rc = 2 ] && grep -q "no counters.works_queued (metric works_per_drain_all)" "$TMP/err" ||
	fail "a missing metrics.def key was not named: exit $rc, $(cat "$TMP/err")"
echo "contract: gbstat reads gupbench's golden and live output; a missing key is named"

# A scenario's own results are part of the contract too: a record of
# cma-race as gupbench writes it (`gupbench schema`) reads; without a key
# a metric names under scenario_data, it is refused by name.
awk 'NR == 1' "$golden" > "$TMP/sc.jsonl"
"$GUPBENCH" schema | grep '"scenario":"cma-race"' >> "$TMP/sc.jsonl"
awk '/"type":"end"/ { print; exit }' "$golden" >> "$TMP/sc.jsonl"
"$GBSTAT" summary "$TMP/sc.jsonl" > /dev/null 2>"$TMP/err" ||
	fail "gbstat cannot read a cma-race record as gupbench writes it: $(cat "$TMP/err")"
sed -i '2s/"p99_ns":null,//' "$TMP/sc.jsonl"
rc=0
"$GBSTAT" summary "$TMP/sc.jsonl" > /dev/null 2>"$TMP/err" || rc=$?
[ $rc = 2 ] && grep -q "no scenario_data.cma-race.p99_ns (metric cma_race_p99_ms)" "$TMP/err" ||
	fail "a missing scenario_data key was not named: exit $rc, $(cat "$TMP/err")"
echo "contract: a scenario's own results are read, and a missing one is named"
