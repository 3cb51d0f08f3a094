#!/usr/bin/env bash
# The store against what a fleet, a careless user and an attacker do:
# parallel imports into a new or an old store lose nothing; import stores
# exactly the bytes the reader checked (the file is read once); a FIFO in
# a gate folder is refused, not waited on; a two-column kernels.tsv gives
# a clean revision; a store name is a file name (no SQLite URI, no
# :memory:) and a read command never creates one; selectors are checked
# (no empty part, no wildcard, policies as swept, real dates); trend on a
# store with NULLs does not crash; a SIGTERM leaves no copy of the runs
# in TMPDIR; the reader refuses negative counts, times and sizes.
. "$(dirname "$0")/lib.sh"
sql() { python3 -c 'import sqlite3, sys; r = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(); print(r[0] if r else "")' "$@"; }
for i in 1 2 3 4 5; do synth "$tmp/p$i.jsonl" 6 0 --seed "$i"; done

# Five importers at once into a store that does not exist yet, and into
# a schema-1 store, ten times each: every run stored, no error.
for kind in new v1; do
	for t in $(seq 1 10); do
		db=$tmp/par-$kind-$t.sqlite
		[ $kind = new ] || v1_store "$db"
		pids=()
		for i in 1 2 3 4 5; do
			"$GBSTAT" import --db "$db" "$tmp/p$i.jsonl" > "$tmp/par-$i.out" 2>&1 & pids+=($!)
		done
		for i in 1 2 3 4 5; do
			wait "${pids[i - 1]}" || fail "parallel import into a $kind store (trial $t): $(cat "$tmp/par-$i.out")"
		done
		[ "$(sql "$db" 'select count(*) from runs')" = 5 ] || fail "parallel imports ($kind, trial $t) stored $(sql "$db" 'select count(*) from runs') runs"
		[ "$(sql "$db" "select value from meta where key = 'schema'")" = 3 ] || fail "not at schema 3 after parallel imports"
	done
done

# Read once: the file is opened once, and what is stored hashes as the file.
if command -v strace > /dev/null; then
	strace -f -qq -e trace=openat -o "$tmp/trace" "$GBSTAT" import --db "$tmp/once.sqlite" "$tmp/p1.jsonl" > /dev/null ||
		fail "import under strace failed"
	n=$(grep -c "p1.jsonl\"" "$tmp/trace")
	[ "$n" = 1 ] || fail "import opened the results file $n times: what it stores is not what it checked"
else
	echo "store_hostile: strace missing: the single read is not counted here (apt-get install strace)" >&2
fi
python3 - "$tmp/once.sqlite" "$tmp/p1.jsonl" <<'PY' || fail "the stored run is not the file's bytes"
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
sha, = db.execute("select sha256 from runs").fetchone()
lines = [j for j, in db.execute("select json from records order by line")]
data = open(sys.argv[2], "rb").read()
assert sha == hashlib.sha256(data).hexdigest()
assert "\n".join(lines).encode() + b"\n" == data
PY

# A gate folder: a FIFO is refused within seconds; two columns are enough.
gate() {	# gate DIR
	mkdir -p "$1"
	cp "$tmp/p1.jsonl" "$1/base-1.jsonl"
	cp "$tmp/p2.jsonl" "$1/cand-1.jsonl"
	echo "gate: pass: synthetic" > "$1/gate.txt"
}
gate "$tmp/g-fifo"
mkfifo "$tmp/g-fifo/kernels.tsv"
rc=0; timeout 20 "$GBSTAT" import --db "$tmp/g.sqlite" "$tmp/g-fifo" > /dev/null 2> "$tmp/err" || rc=$?
[ $rc = 2 ] && grep -q "kernels.tsv: is a pipe (FIFO), not a regular file" "$tmp/err" ||
	fail "a FIFO kernels.tsv: exit $rc: $(cat "$tmp/err")"
gate "$tmp/g-fifo2"
rm "$tmp/g-fifo2/gate.txt" && mkfifo "$tmp/g-fifo2/gate.txt"
rc=0; timeout 20 "$GBSTAT" import --db "$tmp/g.sqlite" "$tmp/g-fifo2" > /dev/null 2> "$tmp/err" || rc=$?
[ $rc = 2 ] && grep -q "gate.txt: is a pipe (FIFO)" "$tmp/err" || fail "a FIFO gate.txt: exit $rc: $(cat "$tmp/err")"
gate "$tmp/g-two"
printf 'base\t/src/linux@abc123\ncand\t/src/linux@def456\n' > "$tmp/g-two/kernels.tsv"
expect 0 "2 run(s) stored" import --db "$tmp/g.sqlite" "$tmp/g-two"
[ "$(sql "$tmp/g.sqlite" "select revision from runs where side = 'cand'")" = def456 ] &&
	[ "$(sql "$tmp/g.sqlite" "select count(*) from runs where revision like '%' || char(10) || '%'")" = 0 ] ||
	fail "a two-column kernels.tsv stored its revision with the newline"

# Store names are file names; a read command creates nothing.
(
	cd "$tmp"
	expect 0 "1 run(s) stored" import --db ':memory:' "$tmp/p1.jsonl"
	[ -s ':memory:' ] || fail "--db :memory: kept nothing on disk"
	expect 0 "| 1 |" runs --db ':memory:'
	expect 0 "1 run(s) stored" import --db 'file:x?mode=memory' "$tmp/p1.jsonl"
	[ -s 'file:x?mode=memory' ] || fail "an SQLite URI was taken as a URI"
	expect 2 "no store there (gbstat import makes one)" runs --db typo.sqlite
	[ ! -e typo.sqlite ] || fail "a read command created the store"
	expect 2 "no store there" summary --db typo2.sqlite all
	[ ! -e typo2.sqlite ] || fail "summary --db created the store"
)

# Selectors: whole parts, exact policies (as swept), real dates.
db=$tmp/sel.sqlite
python3 - "$tmp/p1.jsonl" "$tmp/swept.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
recs[0]["options"]["policy"] = "all"
for i, r in enumerate(recs[1:-1]):
    r["policy"] = ("lru", "refcount")[i % 2]
with open(sys.argv[2], "w") as f:
    for r in recs:
        f.write(json.dumps(r) + "\n")
PY
expect 0 "2 run(s) stored" import --db "$db" "$tmp/swept.jsonl" "$tmp/p2.jsonl"
expect 0 "| 1 |" runs --db "$db" policy=lru
expect 0 "| 1 |" runs --db "$db" policy=refcount
for bad in ',' 'id=1,' ',id=1' 'id=1,,id=2'; do
	expect 2 "is not KEY=VALUE" runs --db "$db" "$bad"
done
expect 2 "is not a policy name" runs --db "$db" policy=LRU
for bad in 'policy=%' 'policy=_' 'policy=lr%'; do
	expect 2 "is not a policy name" runs --db "$db" "$bad"
done
for bad in since=2026-2-1 since=yesterday until=2026-02-31 since=2026-01-01T25:00:00Z; do
	expect 2 "is not a date" runs --db "$db" "$bad"
done
expect 0 "| 2 |" runs --db "$db" since=2026-01-01
expect 2 "is not a number" runs --db "$db" id=1x

# 70 policy names in one run (a crafted file): all kept, none merged into
# another; trend over more than it draws says so instead of dropping any.
python3 - "$tmp/p3.jsonl" "$tmp/many.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
base = recs[1]
recs = [recs[0]] + [dict(base, seq=i, policy="p" + "abcdefghij"[i // 10] + "abcdefghij"[i % 10]) for i in range(70)] + [recs[-1]]
recs[-1]["samples"] = 70
with open(sys.argv[2], "w") as f:
    for r in recs:
        f.write(json.dumps(r) + "\n")
PY
expect 0 "1 run(s) stored" import --db "$tmp/many.sqlite" "$tmp/many.jsonl"
expect 0 "| 1 |" runs --db "$tmp/many.sqlite" policy=pgj
expect 2 "more than 8 policies in one trend" trend drains_all_per_call --db "$tmp/many.sqlite"

# trend on a store a hand (or damage) left NULLs in: no crash, no leftovers.
export TMPDIR=$tmp/tmpdir
mkdir "$TMPDIR"
sql "$db" "select 1" > /dev/null
python3 -c 'import sqlite3, sys; d = sqlite3.connect(sys.argv[1]); d.execute("update runs set accel = NULL where id = 2") if False else None' "$db"
python3 - "$db" <<'PY'
import sqlite3, sys
d = sqlite3.connect(sys.argv[1])
# accel is NOT NULL in the schema: rebuild the table as a damaged copy would be.
d.executescript("""
PRAGMA writable_schema = 1;
UPDATE sqlite_master SET sql = replace(sql, 'accel TEXT NOT NULL', 'accel TEXT') WHERE name = 'runs';
PRAGMA writable_schema = 0;
""")
d.commit()
d = sqlite3.connect(sys.argv[1])
d.execute("UPDATE runs SET accel = NULL WHERE id = 2")
d.commit()
PY
rc=0; "$GBSTAT" trend drains_all_per_call --db "$db" > "$tmp/trend.out" 2>&1 || rc=$?
[ $rc = 0 ] || [ $rc = 2 ] || fail "trend on a NULL accel: exit $rc (crashed?): $(tail -n 2 "$tmp/trend.out")"
[ -z "$(ls -A "$TMPDIR")" ] || fail "trend left $(ls "$TMPDIR") in TMPDIR"
# SIGTERM while runs are out of the store: their copies go with it.
big=$tmp/big.sqlite
synth "$tmp/big.jsonl" 60000 0 --seed 9
expect 0 "1 run(s) stored" import --db "$big" "$tmp/big.jsonl"
"$GBSTAT" report --db "$big" --dir "$tmp/bigrep" all > /dev/null 2>&1 &
pid=$!
for i in $(seq 1 200); do
	compgen -G "$TMPDIR/gbstat-select-*/run-*.jsonl" > /dev/null && break
	sleep 0.05
done
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[ -z "$(ls -A "$TMPDIR")" ] || fail "SIGTERM left $(ls "$TMPDIR") in TMPDIR"
unset TMPDIR

# Negative counts, times and sizes are refused, naming the key.
for mut in 'r["pin_ns"] = -1000000000' 'r["cpus"] = -7' 'r["size"] = -1' 'r["counters"]["ipis"] = -3'; do
	python3 - "$tmp/p1.jsonl" "$tmp/neg.jsonl" "$mut" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
r = recs[2]
exec(sys.argv[3])
with open(sys.argv[2], "w") as f:
    for x in recs:
        f.write(json.dumps(x) + "\n")
PY
	expect 2 "below 0" summary "$tmp/neg.jsonl"
done
echo "store_hostile: all checks passed"
