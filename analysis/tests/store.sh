#!/usr/bin/env bash
# The results store: import is idempotent, refuses what the strict reader
# refuses (one line, exit 2, nothing stored), keeps every record; runs
# come back out by selector and gbstat reads them exactly as the files;
# a version-1 store is migrated; a foreign or newer database is refused;
# trend groups runs by kernel with one point per policy; text from
# results files reaches the tables escaped and the chart cut to a safe
# alphabet.
. "$(dirname "$0")/lib.sh"
db=$tmp/s.sqlite
sql() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"; }

synth "$tmp/k1.jsonl" 12 0 --seed 1 --release 6.1.0-41-cloud-amd64 --drains 1
synth "$tmp/k2.jsonl" 12 0 --seed 2 --release 6.12.57+deb13-cloud-amd64 --drains 2
synth "$tmp/k3.jsonl" 12 0 --seed 3 --release 6.12.117 --drains 0
synth "$tmp/k3b.jsonl" 12 0 --seed 4 --release 6.12.117 --drains 0
expect 0 "4 run(s) stored, 0 path(s) already there" import --db "$db" --host h1 "$tmp/k1.jsonl" "$tmp/k2.jsonl" "$tmp/k3.jsonl" "$tmp/k3b.jsonl"
expect 0 "0 run(s) stored, 1 path(s) already there" import --db "$db" "$tmp/k1.jsonl"
[ "$(sql "$db" 'select count(*) from runs')" = 4 ] || fail "importing twice stored twice"
[ "$(sql "$db" 'select count(*) from records where run_id = 1')" = "$(wc -l < "$tmp/k1.jsonl")" ] ||
	fail "a run's records are not all stored"
[ "$(sql "$db" "select count(*) from runs where host = 'h1'")" = 4 ] || fail "--host not kept"

# Refused: one line, exit 2, nothing stored.
synth "$tmp/trunc.jsonl" 12 0 --truncate
expect 2 "trunc.jsonl" import --db "$db" "$tmp/trunc.jsonl"
expect 2 "no-such.jsonl" import --db "$db" "$tmp/no-such.jsonl"
expect 2 "--host: needs a name" import --db "$db" --host '' "$tmp/k1.jsonl"
[ "$(sql "$db" 'select count(*) from runs')" = 4 ] || fail "a refused file was stored"
expect 2 "no key 'bogus'" runs --db "$db" bogus=1
expect 2 "no run in the store matches" runs --db "$db" kernel=5.10
expect 2 "is not KEY=VALUE" runs --db "$db" kernel
expect 2 "--host and --revision are import's" summary --db "$db" --host x all

# Out again, read as the files: the same bytes from compare.
"$GBSTAT" compare "$tmp/k3.jsonl" "$tmp/k1.jsonl" > "$tmp/files.txt" || true
"$GBSTAT" compare --db "$db" id=3 id=1 > "$tmp/store.txt" || true
sed -i "s|$tmp/[a-z0-9]*.jsonl||g; s|/tmp/gbstat-select-[A-Za-z0-9]*/run-[0-9]*.jsonl||g" "$tmp/files.txt" "$tmp/store.txt"
diff -q "$tmp/files.txt" "$tmp/store.txt" > /dev/null || fail "compare on the store differs from compare on the files"
expect 0 "| 3 |" runs --db "$db" kernel=6.12.117
grep -q "| 4 |" "$tmp/out" && grep -vq "| 1 |" "$tmp/out" || fail "runs kernel=6.12.117: not runs 3 and 4 alone"

# trend: three kernels, runs of one kernel pooled, the values the files hold.
mkdir "$tmp/tr"
expect 0 "drains_all_per_call (calls) by kernel" trend drains_all_per_call --db "$db" --dir "$tmp/tr"
pycheck() { python3 - "$@"; }
pycheck "$tmp/out" <<'PY'
import sys
rows = [l.split("|")[1:-1] for l in open(sys.argv[1]) if l.startswith("| ") and not l.startswith("| kernel")]
got = {r[0].strip().rstrip(" *"): (int(r[1]), int(r[3]), float(r[4])) for r in rows}
assert set(got) == {"6.1.0-41-cloud-amd64", "6.12.57+deb13-cloud-amd64", "6.12.117"}, got
assert got["6.1.0-41-cloud-amd64"][2] == 1 and got["6.12.57+deb13-cloud-amd64"][2] == 2, got
assert got["6.12.117"][:2] == (2, 24) and got["6.12.117"][2] == 0, got   # two runs pooled
print("trend: %d kernels" % len(got))
PY
[ -s "$tmp/tr/trend.dat" ] && grep -q "^ngroups = 3" "$tmp/tr/meta.gp" || fail "trend --dir wrote no chart data"
if command -v gnuplot > /dev/null; then
	"$here/../../plots/render.sh" "$tmp/tr" trend || fail "the trend chart did not draw"
	[ -s "$tmp/tr/trend.svg" ] && grep -q "6.12.57+deb13-cloud-amd64" "$tmp/tr/trend.svg" ||
		fail "the trend chart lacks a kernel's label"
fi
# The report over three kernels' pooled runs is one command.
mkdir "$tmp/rep"
expect 0 "" report --db "$db" --dir "$tmp/rep" kernel=6.1.0-41-cloud-amd64 kernel=6.12.57+deb13-cloud-amd64 kernel=6.12.117
for k in 6.1.0-41-cloud-amd64 6.12.57+deb13-cloud-amd64 6.12.117; do
	grep -q "\"$k" "$tmp/rep/drains.dat" || fail "the report's charts lack kernel $k"
done
expect 2 "no metric 'nosuch'" trend nosuch --db "$db"
expect 2 "is not kernel, date, revision or host" trend pin_us --db "$db" --by week

# Text from a results file is data in the store's tables and charts too.
synth "$tmp/evil.jsonl" 12 0 --release '6.9 `touch pwned` $(id) |x| <img src=x>' --drains 1
expect 0 "" import --db "$db" "$tmp/evil.jsonl"
expect 0 "" runs --db "$db" id=5
grep -q '[^\\]<img' "$tmp/out" && fail "runs: raw markup from a results file"
grep -q '|x|' "$tmp/out" && fail "runs: a results file's text broke the table"
expect 0 "" trend drains_all_per_call --db "$db" id=5 --dir "$tmp/tr"
grep -q '[`$<|]' "$tmp/tr/trend.dat" && fail "trend.dat carries unsafe characters"
[ ! -e pwned ] && [ ! -e "$tmp/tr/pwned" ] || fail "text from a results file ran"

# A gate's folder: its boots with their sides and revisions, and the verdict.
g=$tmp/gate-x && mkdir "$g"
cp "$tmp/k3.jsonl" "$g/base-1.jsonl" && cp "$tmp/k2.jsonl" "$g/cand-1.jsonl"
printf 'base\t/src/linux@4e67b003878d\t/img\tsha\tv\ncand\t/src/linux\t/img\tsha\tv\n' > "$g/kernels.tsv"
printf 'gate: FAIL: 3 regressed\nnot gated: x\n' > "$g/gate.txt"
expect 0 "0 run(s) stored, 1 path(s) already there" import --db "$db" "$g"
[ "$(sql "$db" "select verdict from gates")" = FAIL ] || fail "the gate's verdict was not stored"
[ "$(sql "$db" "select count(*) from gate_runs")" = 2 ] || fail "the gate's runs are not linked to it"
expect 0 "FAIL" runs --db "$db" gate=1
expect 0 "" runs --db "$db" revision=4e67b0
grep -q "| 4e67b003878d | base |" "$tmp/out" || fail "the base side's revision was not kept"
expect 0 "" import --db "$db" "$g"
[ "$(sql "$db" "select count(*) from gates")" = 1 ] || fail "a gate imported twice is stored twice"
expect 2 "not a gate folder" import --db "$db" "$tmp/tr"
expect 0 "" runs --db "$db" machine=Synthetic

# Migrations: a version-1 store, made as version 1 made it, comes up to date.
v1_store "$tmp/v1.sqlite" "$tmp/k1.jsonl"
expect 0 "oldhost" runs --db "$tmp/v1.sqlite"
[ "$(sql "$tmp/v1.sqlite" "select value from meta where key = 'schema'")" = 3 ] || fail "not migrated to schema 3"
[ "$(sql "$tmp/v1.sqlite" "select count(*) from runs where revision is null and side is null and kernel_source is null")" = 1 ] ||
	fail "the migrated store lost its run or its new columns"
expect 0 "" import --db "$tmp/v1.sqlite" "$tmp/k2.jsonl"
python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).executescript("create table t(x); ")' "$tmp/foreign.sqlite"
expect 2 "not a gupbench store" runs --db "$tmp/foreign.sqlite"
python3 -c 'import sqlite3, sys; d = sqlite3.connect(sys.argv[1]); d.executescript("create table meta(key text primary key, value text not null); insert into meta values(\"schema\", \"99\");")' "$tmp/newer.sqlite"
expect 2 "store schema 99 is newer" runs --db "$tmp/newer.sqlite"
echo "store: all checks passed"
