#!/usr/bin/env bash
# Results of every released shape stay readable: the fixtures (schema 1
# files from the suite as it was, one of them written before the wasted
# drains were split by cost) go through summary, report, compare and
# import.  A schema 1 file's missing keys are computed from what it has,
# or null with the reason, never refused and never 0; a key the newest
# schema requires is refused when a file of that schema lacks it (a
# required addition bumps the version); an unknown schema is refused.
. "$(dirname "$0")/lib.sh"

old=$fx/main-job-2026-11-29-schema1-before-wasted-split.jsonl
for f in "$old" "$fx"/vm-6.12-policies-a.jsonl "$fx"/vm-6.12-policies-b.jsonl; do
	n=$(basename "$f")
	expect 0 "" summary "$f"
	mkdir "$tmp/rep-$n"
	rc=0
	"$GBSTAT" report "$f" --dir "$tmp/rep-$n" --base-policy lru --cand-policy refcount \
		>/dev/null 2>"$tmp/err" || rc=$?
	[ $rc = 0 ] || [ $rc = 1 ] || [ $rc = 3 ] || fail "report $n: exit $rc: $(head -n 2 "$tmp/err")"
	[ -s "$tmp/rep-$n/report.md" ] && [ -s "$tmp/rep-$n/mail.txt" ] || fail "report $n: no report.md or mail.txt"
	grep -qF 'its source not recorded (a schema 1 file)' "$tmp/rep-$n/report.md" ||
		fail "report $n does not say its kernel's source is not recorded"
	rc=0
	"$GBSTAT" compare "$f" "$f" --base-policy lru --cand-policy refcount >/dev/null 2>"$tmp/err" || rc=$?
	[ $rc != 2 ] || fail "compare $n: refused: $(head -n 1 "$tmp/err")"
	expect 0 "1 run(s) stored" import --db "$tmp/store.sqlite" "$f"
done
expect 0 "" summary --db "$tmp/store.sqlite" all

# The split the old file never recorded, read from what it has: the
# values today's gupbench gives the same calls (extra-ref under refcount
# wastes a local and an all-CPU drain; mlock-remote's local drain before
# the all-CPU drain that cures it is wasted; lru wastes none).
"$GBSTAT" summary "$old" > "$tmp/old.md"
python3 - "$tmp/old.md" <<'PY'
import sys
# The summary is several narrow tables: one value per case, variant and column.
cells, head = {}, None
for l in open(sys.argv[1]):
    if l.startswith("|-"):
        continue
    if not l.startswith("| "):
        head = None
        continue
    r = [c.strip() for c in l.split("|")[1:-1]]
    if r[0] == "case":
        head = [name.split(" (")[0] for name in r]
    elif head and r[0] != "run":
        cells.setdefault((r[0], r[1]), {}).update(zip(head, r))
want = {("extra-ref", "lru"): ("0", "0"), ("extra-ref", "refcount"): ("1", "1"),
        ("mlock-remote", "refcount"): ("1", "0"), ("fresh", "lru"): ("0", "0"),
        ("fresh", "refcount"): ("0", "0")}
seen = set()
for (case, variant), c in cells.items():
    for (sc, pol), (local, all_) in want.items():
        if "/%s/" % sc in case and variant.endswith("/" + pol):
            got = (c["wasted_drains_local_per_call"], c["wasted_drains_all_per_call"])
            assert got == (local, all_), (case, variant, got, (local, all_))
            seen.add((sc, pol))
assert seen == set(want), set(want) - seen
PY
[ $? = 0 ] || fail "the old file's wasted drains are not the split today's gupbench makes"

# Where the old counts leave the split open (refcount: two local drains,
# one all-CPU drain, two false positives), null with the reason; never 0.
python3 - "$old" "$tmp/open.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
S = [r for r in recs if r["type"] == "sample" and r["policy"] == "refcount"
     and r["derived"]["classification"] == "tracepoint" and r["conditions_met"] is not False]
keep = []
for r in S[:6]:
    r["counters"].update(tp_drains_local=2, tp_drains_all=1, drains_false_positive=2)
    keep.append(r)
end = recs[-1]
end["samples"] = len(keep)
with open(sys.argv[2], "w") as f:
    for r in [recs[0]] + keep + [end]:
        f.write(json.dumps(r) + "\n")
PY
"$GBSTAT" summary "$tmp/open.jsonl" > "$tmp/open.md" 2>&1 || fail "a schema 1 file with an open split was refused: $(head -n 2 "$tmp/open.md")"
python3 - "$tmp/open.md" <<'PY'
import sys
vals, head = set(), None
for l in open(sys.argv[1]):
    if l.startswith("|-"):
        continue
    r = [c.strip() for c in l.split("|")[1:-1]] if l.startswith("| ") else None
    if not r:
        head = None
    elif r[0] == "case":
        head = [name.split(" (")[0] for name in r]
    elif head and "wasted_drains_all_per_call" in head and "/" in r[0]:
        vals.add(r[head.index("wasted_drains_all_per_call")])
assert vals == {"null"}, vals
PY
[ $? = 0 ] || fail "an open split was not null"
"$GBSTAT" compare "$tmp/open.jsonl" "$tmp/open.jsonl" > "$tmp/open-cmp.txt" 2>&1 || true
grep -q "does not say how many were all-CPU drains" <<< "$(grep "wasted_drains_all_per_call" "$tmp/open-cmp.txt")" ||
	fail "the null has no reason: $(grep wasted_drains_all "$tmp/open-cmp.txt" | head -n 3)"

# The newest schema requires what it added: a file that claims it and
# lacks a key is refused, naming the key.
synth "$tmp/v2.jsonl" 4 0
python3 - "$tmp/v2.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
del recs[1]["derived"]["wasted_drains_all"]
with open(sys.argv[1], "w") as f:
    for r in recs:
        f.write(json.dumps(r) + "\n")
PY
expect 2 "v2.jsonl:2: sample: no derived.wasted_drains_all" summary "$tmp/v2.jsonl"
synth "$tmp/v2b.jsonl" 4 0
sed -i '1s/"source": null, //' "$tmp/v2b.jsonl"
expect 2 "v2b.jsonl:1: envelope: no kernel.source" summary "$tmp/v2b.jsonl"
# Schema 3 requires the pin's own counts; a schema 2 file without them
# reads, with those counts null and the reason (the gate says it).
synth "$tmp/v3.jsonl" 4 0
sed -i '2s/"ipis_pin": [0-9]*, //' "$tmp/v3.jsonl"
expect 2 "v3.jsonl:2: sample: no counters.ipis_pin" summary "$tmp/v3.jsonl"
synth "$tmp/v2a.jsonl" 12 0 --schema gupbench-results/2 --tcg
synth "$tmp/v2c.jsonl" 12 0 --seed 2 --schema gupbench-results/2 --tcg
expect 0 "ipis_pin_per_call (IPIs) | - | - | .*not gated: not counted on either side (not counted: the file predates the pin's own counts" \
	compare "$tmp/v2a.jsonl" "$tmp/v2c.jsonl"
# Schema 4 moved a scenario's own results under scenario_data.NAME: a
# file that claims 4 without it is refused; a schema 3 file's top-level
# object (cma_alloc, its outcome as "result") reads as the same values as
# the schema 4 shape (the outcome also as "failed").
synth "$tmp/v4.jsonl" 4 0
sed -i '2s/, "scenario_data": null//' "$tmp/v4.jsonl"
expect 2 "v4.jsonl:2: sample: no scenario_data" summary "$tmp/v4.jsonl"
synth "$tmp/cma3.jsonl" 6 0 --schema gupbench-results/3 --scenario cma-alloc
synth "$tmp/cma4.jsonl" 6 0 --schema gupbench-results/4 --scenario cma-alloc
python3 - "$tmp/cma3.jsonl" "$tmp/cma4.jsonl" <<'PY'
import json, sys
for path, v4 in ((sys.argv[1], False), (sys.argv[2], True)):
    recs = [json.loads(l) for l in open(path)]
    for i, r in enumerate(recs):
        if r["type"] != "sample":
            continue
        a = {"ran": True, "note": None, "area": "reserved", "pages_asked": 64,
             "pages_got": 0 if i % 2 else 64, "result": "failed" if i % 2 else "ok",
             "errno": "EBUSY" if i % 2 else None, "alloc_ns": 2000000 * i, "free_ns": 1000}
        if v4:
            a["failed"] = bool(i % 2)
            r["scenario_data"] = {"cma-alloc": a}
        else:
            r["cma_alloc"], r["cma_race"], r["device_private"] = a, None, None
    with open(path, "w") as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
PY
"$GBSTAT" summary "$tmp/cma3.jsonl" > "$tmp/cma3.md" 2>&1 || fail "a schema 3 cma-alloc file was refused: $(head -n 2 "$tmp/cma3.md")"
"$GBSTAT" summary "$tmp/cma4.jsonl" > "$tmp/cma4.md" 2>&1 || fail "a schema 4 cma-alloc file was refused: $(head -n 2 "$tmp/cma4.md")"
sed -i 's/cma[34]\.jsonl/FILE/g' "$tmp/cma3.md" "$tmp/cma4.md"
diff "$tmp/cma3.md" "$tmp/cma4.md" > "$tmp/cma.diff" || fail "schema 3 and 4 read differently: $(head -n 5 "$tmp/cma.diff")"
grep -q "cma-alloc.*| 0 | 0 | 6 | 0.5 | null |" "$tmp/cma4.md" || fail "cma_alloc_whole_ms and failure rate not read from scenario_data: $(grep -m1 'cma-alloc.*|' "$tmp/cma4.md")"
# ... and the same keys missing from a schema 1 file are read.
synth "$tmp/v1.jsonl" 4 0 --schema gupbench-results/1
expect 0 "" summary "$tmp/v1.jsonl"
# Schema 6 requires the envelope's design; a schema 5 file (no design,
# no stop records) reads as the fixed design it was, and a stop record
# in it is a record that schema never had.
synth "$tmp/v6.jsonl" 4 0
sed -i '1s/, "design": {[^}]*}//' "$tmp/v6.jsonl"
expect 2 "v6.jsonl:1: envelope: no design" summary "$tmp/v6.jsonl"
synth "$tmp/v5.jsonl" 4 0 --schema gupbench-results/5
expect 0 "" summary "$tmp/v5.jsonl"
sed -i '2i {"type": "stop", "pinner": "io_uring", "placement": "movable", "scenario": "settled", "cpus": 1, "calls": 4, "look": 1, "looks": 3, "reason": "decided", "why": "x"}' "$tmp/v5.jsonl"
expect 2 "v5.jsonl:2: unknown record type 'stop'" summary "$tmp/v5.jsonl"
# An adaptive design's looks are checked, and its spending is gbstat's.
synth "$tmp/v6b.jsonl" 4 0
sed -i '1s/"design": {[^}]*}/"design": {"kind": "adaptive", "looks": [8, 4], "spend": [1, 1]}/' "$tmp/v6b.jsonl"
expect 2 "v6b.jsonl:1: design.looks: '8,4': each look needs more calls than the one before" summary "$tmp/v6b.jsonl"
synth "$tmp/v9.jsonl" 4 0 --schema gupbench-results/9
expect 2 "schema 'gupbench-results/9', this reads gupbench-results/1 to gupbench-results/" summary "$tmp/v9.jsonl"
echo "versions: every released shape reads; the newest's required keys are required"
