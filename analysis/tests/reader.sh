#!/usr/bin/env bash
# The strict reader: a results file is exactly one envelope, samples and
# skips, one end; every record's keys and types are as the schema says.
# Anything else is refused with one line naming the file, the line and
# the problem, exit 2; so are nan, inf and garbage in numeric options.
. "$(dirname "$0")/lib.sh"

synth "$tmp/a.jsonl" 10 0 --seed 1
synth "$tmp/b.jsonl" 10 0 --seed 2
ok=$tmp/a.jsonl
expect 0 "" summary "$ok"

# Two runs pasted into one file are two runs, not one.
cat "$tmp/a.jsonl" "$tmp/b.jsonl" > "$tmp/cat.jsonl"
expect 2 "cat.jsonl:13: a second envelope" summary "$tmp/cat.jsonl"
# ... and a record after the end.
{ cat "$ok"; sed -n 2p "$ok"; } > "$tmp/after-end.jsonl"
expect 2 "after-end.jsonl:13: a record after the end record" summary "$tmp/after-end.jsonl"
# A second end record (a leak and a silent overwrite before).
{ cat "$ok"; tail -n 1 "$ok"; } > "$tmp/two-ends.jsonl"
expect 2 "two-ends.jsonl:13: a record after the end record" summary "$tmp/two-ends.jsonl"

# Wrong types are refused, not read as null or dropped.
mutate() {	# mutate OUT LINE PYTHON-EXPR-ON-r
	python3 - "$ok" "$1" "$2" "$3" <<'PY'
import json, sys
src, out, line, expr = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
recs = [json.loads(l) for l in open(src)]
r = recs[line - 1]
exec(expr)
with open(out, "w") as f:
    for x in recs:
        f.write(json.dumps(x) + "\n")
PY
}
mutate "$tmp/t1.jsonl" 3 'r["counters"]["drains_all"] = "3"'
expect 2 "t1.jsonl:3: sample: counters.drains_all is a string, expected integer or null" summary "$tmp/t1.jsonl"
mutate "$tmp/t2.jsonl" 4 'r["pin_ns"] = 1.5e6'
expect 2 "t2.jsonl:4: sample: pin_ns is a real number" summary "$tmp/t2.jsonl"
mutate "$tmp/t3.jsonl" 2 'del r["counters"]["ipis"]'
expect 2 "t3.jsonl:2: sample: no counters.ipis (metric ipis_per_call)" summary "$tmp/t3.jsonl"
mutate "$tmp/t4.jsonl" 2 'r["result"] = "maybe"'
expect 2 "t4.jsonl:2: sample: result 'maybe' is not ok, failed or short" summary "$tmp/t4.jsonl"
mutate "$tmp/t5.jsonl" 2 'r["type"] = "smaple"'
expect 2 "t5.jsonl:2: unknown record type 'smaple'" summary "$tmp/t5.jsonl"
mutate "$tmp/t6.jsonl" 2 'r["scenario"] = "fresh; rm -rf /"'
expect 2 "t6.jsonl:2: sample: scenario is not a plain name" summary "$tmp/t6.jsonl"
mutate "$tmp/t7.jsonl" 1 'r["machine"] = "x"'
expect 2 "t7.jsonl:1: envelope: machine is a string, expected object" summary "$tmp/t7.jsonl"
mutate "$tmp/t8.jsonl" 12 'r["sampling_complete"] = "yes"'
expect 2 "t8.jsonl:12: end: sampling_complete is a string" summary "$tmp/t8.jsonl"
mutate "$tmp/t9.jsonl" 2 'r["warmup"] = 0'
expect 2 "t9.jsonl:2: sample: warmup is an integer, expected boolean" summary "$tmp/t9.jsonl"
# Units come from the envelope: a counter in another unit is refused,
# never scaled by a guess from its name.
mutate "$tmp/u1.jsonl" 1 'r["counters"]["drain_all_ns"]["unit"] = "ms"'
expect 2 "u1.jsonl:1: envelope: counters.drain_all_ns is in ms, metric us_per_drain_all is in us" summary "$tmp/u1.jsonl"
mutate "$tmp/u2.jsonl" 1 'del r["counters"]["ipis"]'
expect 2 "u2.jsonl:1: envelope: no unit for counters.ipis" summary "$tmp/u2.jsonl"
# A duplicate key: which one counts would be a guess.
sed '2s/"seq": 0,/"seq": 0, "seq": 1,/' "$ok" > "$tmp/dup.jsonl"
expect 2 "dup.jsonl:2: not a JSON object" summary "$tmp/dup.jsonl"

# Everything after a NUL byte used to be ignored.
{ head -n 2 "$ok"; printf '{"type": "sample"\0, "seq": 1}\n'; tail -n +3 "$ok"; } > "$tmp/nul.jsonl"
expect 2 "nul.jsonl:3: NUL byte" summary "$tmp/nul.jsonl"
# Not regular files: named for what they are, never read.
mkdir "$tmp/dir.jsonl"
expect 2 "dir.jsonl: is a directory" summary "$tmp/dir.jsonl"
expect 2 "/dev/zero: is a character device" summary /dev/zero
mkfifo "$tmp/fifo"
expect 2 "fifo: is a pipe (FIFO)" summary "$tmp/fifo"
# An overlong line is refused, not read into memory without end.
{ head -n 1 "$ok"; python3 -c 'print("{\"type\": \"" + "x" * (1 << 21) + "\"}")'; } > "$tmp/long.jsonl"
expect 2 "long.jsonl:2: line longer than" summary "$tmp/long.jsonl"

# The old refusals still hold.
synth "$tmp/trunc.jsonl" 10 0 --truncate
synth "$tmp/newer.jsonl" 10 0 --schema gupbench-results/99
synth "$tmp/other.jsonl" 10 0 --cpu "Another CPU"
echo '{"hello": "world"}' > "$tmp/foreign.jsonl"
head -c 300 "$ok" > "$tmp/cut.jsonl"
: > "$tmp/empty.jsonl"
expect 2 "truncated: no end record" compare "$ok" "$tmp/trunc.jsonl"
expect 2 "schema 'gupbench-results/99'" summary "$tmp/newer.jsonl"
expect 2 "not a gupbench results file" summary "$tmp/foreign.jsonl"
expect 2 "not a JSON object" summary "$tmp/cut.jsonl"
expect 2 "empty file" summary "$tmp/empty.jsonl"
expect 2 "No such file" summary "$tmp/missing.jsonl"
expect 2 "fingerprints differ" compare "$ok" "$tmp/other.jsonl"
expect 3 "gate:" compare "$ok" "$tmp/other.jsonl" --ignore-fingerprint

# A load is a case of its own (idle adds nothing), and must be a name.
mutate "$tmp/load.jsonl" 3 'r["load"] = "fifo"'
"$GBSTAT" summary "$tmp/load.jsonl" > "$tmp/load.md" 2>/dev/null || fail "summary with a load failed"
grep -qF "| io_uring/movable/settled/cpus=1/4096K/load=fifo | synthetic | 1 |" "$tmp/load.md" ||
	fail "the fifo call was pooled with the idle ones"
mutate "$tmp/badload.jsonl" 3 'r["load"] = "fifo; rm -rf /"'
expect 2 "badload.jsonl:3: sample: load is not a plain name" summary "$tmp/badload.jsonl"

# Numeric options: nan would switch the gate off; refused like garbage.
for bad in nan inf -inf NaN lots 5x "" 1e400; do
	expect 2 "threshold" compare "$ok" "$tmp/b.jsonl" --threshold "$bad"
done
for bad in nan inf 0 1 -0.1 0.05x; do
	expect 2 "alpha" compare "$ok" "$tmp/b.jsonl" --alpha "$bad"
done
expect 2 "go together" compare "$ok" --base-policy lru
expect 2 "unknown option" summary "$ok" --frob
expect 2 "compare takes BASE and CAND" compare "$ok"
expect 2 "no candidate file after --" compare "$ok" --
expect 0 "reads gupbench-results/1 to gupbench-results/" --version

# Calls that missed their conditions are counted, named and left out:
# the summary's n drops by exactly as many, and stderr says why.
mutate "$tmp/miss.jsonl" 3 'r["conditions_met"] = False; r["conditions_missed"] = "placement: 270 of 512 pages in cma (below 95%)"'
python3 - "$tmp/miss.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
recs[4]["conditions_met"] = False
recs[4]["conditions_missed"] = "batch: \x1b[2Jflushed"
recs[5]["conditions_met"] = None	# could not be looked at: kept
open(sys.argv[1], "w").write("".join(json.dumps(r) + "\n" for r in recs))
PY
"$GBSTAT" summary "$tmp/miss.jsonl" > "$tmp/miss.md" 2> "$tmp/miss.err" || fail "summary of a file with excluded calls failed"
grep -q "miss.jsonl: 2 call(s) missed their conditions and are left out of the statistics (first: placement: 270 of 512" "$tmp/miss.err" ||
	fail "no warning naming the excluded calls: $(cat "$tmp/miss.err")"
grep -qF '| 2 (missed their conditions; first: placement: 270 of 512 pages in cma (below 95%)) |' "$tmp/miss.md" ||
	fail "the run table does not say 2 calls were left out"
grep -qF "| io_uring/movable/settled/cpus=1/4096K | synthetic | 8 |" "$tmp/miss.md" ||
	fail "the excluded calls were averaged in: $(grep io_uring "$tmp/miss.md" | cut -c1-80)"
"$GBSTAT" summary "$ok" > "$tmp/ok.md" 2>/dev/null
grep -qF "| io_uring/movable/settled/cpus=1/4096K | synthetic | 10 |" "$tmp/ok.md" || fail "baseline n is not 10"
mutate "$tmp/esc.jsonl" 3 'r["conditions_met"] = False; r["conditions_missed"] = "\x1b[2J\x07cleared"'
"$GBSTAT" summary "$tmp/esc.jsonl" > /dev/null 2> "$tmp/esc.err"
grep -q "first: ?\[2J?cleared" "$tmp/esc.err" && ! grep -q $'\x1b' "$tmp/esc.err" ||
	fail "control characters from the file reached the terminal"

# explore's findings: a page state is a recipe's steps or a fixed
# scenario's name, never both or neither; what reaches the report and a
# shell is plain.
findings() {	# findings OUT PYTHON-EXPR-ON-f (the fixed scenario's finding)
	python3 - "$ok" "$1" "$2" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
end = recs.pop()
f = dict(type="finding", rank=1, recipe="", scenario="mlock-remote", pinner="io_uring",
         placement="movable", cpus=2, metric="derived.missed_drain", base_policy="lru",
         cand_policy="refcount", base=1, cand=0, base_calls=6, cand_calls=6, every_call=True,
         p=None, reproduce="gupbench run --scenario mlock-remote --pinner io_uring "
         "--placement movable --cpus 2 --policy lru,refcount --size 1048576 --reps 6")
g = dict(f, rank=2, recipe="memfd;fork", metric="counters.drains_all", base=0, cand=2,
         reproduce="gupbench run --scenario recipe --pinner io_uring --placement movable "
         "--cpus 1 --recipe 'memfd;fork' --policy lru,refcount --size 1048576 --reps 6")
del g["scenario"]
exec(sys.argv[3])
ex = dict(type="explore", budget=560, calls=300, candidates=40, findings=2, alpha=0.05)
with open(sys.argv[2], "w") as out:
    for x in recs + [f, g, ex, end]:
        out.write(json.dumps(x) + "\n")
PY
}
findings "$tmp/f-ok.jsonl" ''
expect 1 "| 1 | scenario mlock-remote | io_uring/movable/2 | missed_drain_rate | 1 (lru, 6 calls) | 0 (refcount, 6 calls) | yes | better |" explore "$tmp/f-ok.jsonl"
grep -q "^| 2 | memfd;fork | io_uring/movable/2 | drains_all_per_call | 0 (lru, 6 calls) | 2 " "$tmp/out" ||
	fail "the recipe's finding is not its own row: $(cat "$tmp/out")"
grep -q "^gupbench run --scenario mlock-remote --pinner io_uring" "$tmp/out" ||
	fail "no command replays the fixed scenario's finding"
findings "$tmp/f-both.jsonl" 'f["recipe"] = "fork"'
expect 2 "f-both.jsonl:12: finding: needs either a recipe or a scenario" explore "$tmp/f-both.jsonl"
findings "$tmp/f-none.jsonl" 'del f["scenario"]'
expect 2 "f-none.jsonl:12: finding: needs either a recipe or a scenario" explore "$tmp/f-none.jsonl"
findings "$tmp/f-name.jsonl" 'f["scenario"] = "x|\`id\`"'
expect 2 "f-name.jsonl:12: finding: scenario" explore "$tmp/f-name.jsonl"
findings "$tmp/f-cmd.jsonl" 'f["reproduce"] = "gupbench run; rm -rf ~"'
expect 2 "f-cmd.jsonl:12: finding: reproduce has characters" explore "$tmp/f-cmd.jsonl"
echo "reader: all checks passed"
