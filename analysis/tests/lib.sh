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
