# Shared by the analysis tests: ctest sets GBSTAT.
set -euo pipefail
: "${GBSTAT:?ctest sets GBSTAT}"
here=$(cd "$(dirname "$0")" && pwd)
fx=$here/fixtures
synth() { python3 "$here/synth.py" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() {	# expect CODE PATTERN gbstat-args...
	local want=$1 pattern=$2 rc=0
	shift 2
	"$GBSTAT" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	[ "$rc" = "$want" ] || fail "gbstat $*: exit $rc, expected $want: $(head -c 300 "$tmp/err")"
	[ -z "$pattern" ] || grep -q -- "$pattern" "$tmp/out" "$tmp/err" ||
		fail "gbstat $*: no '$pattern' in the output"
	if [ "$want" = 2 ]; then
		[ "$(wc -l < "$tmp/err")" = 1 ] || fail "gbstat $*: error is not one line"
	fi
}

# v1_store DB [RESULTS]: a version-1 store made the way version 1 made it,
# with RESULTS stored as run 1 when given (migration tests).
v1_store() {
	python3 - "$@" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,
 imported TEXT NOT NULL, source TEXT NOT NULL, host TEXT,
 fingerprint TEXT NOT NULL, release TEXT NOT NULL, kversion TEXT,
 cmdline TEXT, config_hash TEXT, started TEXT, accel TEXT NOT NULL,
 policies TEXT, calls INTEGER NOT NULL);
CREATE TABLE records(run_id INTEGER NOT NULL REFERENCES runs(id),
 line INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY(run_id, line));
INSERT INTO meta VALUES('schema', '1');
""")
if len(sys.argv) > 2:
    db.execute("INSERT INTO runs VALUES(1, 'x', '2026-01-01T00:00:00Z', 'old', 'oldhost', 'fp', '6.1.0-41-cloud-amd64', NULL, NULL, NULL, '2026-01-01T00:00:00Z', 'tcg', NULL, 12)")
    for i, line in enumerate(open(sys.argv[2])):
        db.execute("INSERT INTO records VALUES(1, ?, ?)", (i + 1, line.rstrip("\n")))
db.commit()
PY
}
