#!/usr/bin/env bash
# The gate: an A/A comparison passes, known differences are flagged, a
# 10% shift is flagged and a 0% one is not, and unusable input is refused
# with one line and exit 2.
set -euo pipefail
: "${GBSTAT:?ctest sets GBSTAT}"
here=$(cd "$(dirname "$0")" && pwd)
fx=$here/fixtures
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

a=$fx/vm-6.12-policies-a.jsonl b=$fx/vm-6.12-policies-b.jsonl
# A/A: two boots of the same kernel, every policy against itself.
expect 0 "gate: .* 0 regressed" compare "$a" "$b"
# Known differences within one run: always vs never, refcount vs lru.
expect 1 "drains_all_per_call.*REGRESSED" compare "$a" "$a" --base-policy never --cand-policy always
expect 1 "extra-ref.*false_positive_drain_rate.*REGRESSED" compare "$a" "$a" --base-policy lru --cand-policy refcount
# The other way round, fewer drains are an improvement; in extra-ref the
# folios that then fail to migrate count as missed drains (the spec's
# definition, though no drain could have removed the pipe's references).
expect 1 "settled/cpus=1/1024K | drains_all_per_call (calls) | 1 | 0 | -100.0% | .*improved" \
	compare "$a" "$a" --base-policy always --cand-policy never
expect 1 "extra-ref/cpus=1/1024K | missed_drain_rate (fraction) | 0 | 1 .*REGRESSED" \
	compare "$a" "$a" --base-policy always --cand-policy never
# Times from TCG guests are shown but never gated.
expect 0 "not gated: TCG times" compare "$a" "$b"

# Synthetic data with a known shift, native (so times are gated).
python3 "$here/synth.py" "$tmp/base.jsonl" 60 0 --seed 1
python3 "$here/synth.py" "$tmp/same.jsonl" 60 0 --seed 2
python3 "$here/synth.py" "$tmp/slow.jsonl" 60 0.10 --seed 3
python3 "$here/synth.py" "$tmp/fast.jsonl" 60 -0.10 --seed 4
expect 0 "0 regressed" compare "$tmp/base.jsonl" "$tmp/same.jsonl"
expect 1 "pin_us (us).*REGRESSED" compare "$tmp/base.jsonl" "$tmp/slow.jsonl"
expect 0 "pin_us (us).*improved" compare "$tmp/base.jsonl" "$tmp/fast.jsonl"
# A 10% shift under a 20% threshold is not a regression.
expect 0 "0 regressed" compare "$tmp/base.jsonl" "$tmp/slow.jsonl" --threshold 20%

# Unusable input: one line, exit 2.
python3 "$here/synth.py" "$tmp/trunc.jsonl" 10 0 --truncate
python3 "$here/synth.py" "$tmp/v2.jsonl" 10 0 --schema gupbench-results/2
python3 "$here/synth.py" "$tmp/other.jsonl" 10 0 --cpu "Another CPU"
echo '{"hello": "world"}' > "$tmp/foreign.jsonl"
head -c 300 "$tmp/base.jsonl" > "$tmp/cut.jsonl"
: > "$tmp/empty.jsonl"
expect 2 "truncated: no end record" compare "$tmp/base.jsonl" "$tmp/trunc.jsonl"
expect 2 "schema 'gupbench-results/2'" summary "$tmp/v2.jsonl"
expect 2 "not a gupbench results file" summary "$tmp/foreign.jsonl"
expect 2 "not a JSON object" summary "$tmp/cut.jsonl"
expect 2 "empty file" summary "$tmp/empty.jsonl"
expect 2 "No such file" summary "$tmp/missing.jsonl"
expect 2 "fingerprints differ" compare "$tmp/base.jsonl" "$tmp/other.jsonl"
expect 0 "gate:" compare "$tmp/base.jsonl" "$tmp/other.jsonl" --ignore-fingerprint
expect 2 "threshold" compare "$tmp/base.jsonl" "$tmp/same.jsonl" --threshold lots
expect 2 "go together" compare "$a" "$a" --base-policy lru
expect 2 "unknown option" summary "$a" --frob
expect 2 "compare takes BASE and CAND" compare "$a"

# Golden: the summary of a captured run does not drift.
"$GBSTAT" summary "$a" | sed "s|$fx/||" > "$tmp/summary.md"
diff -u "$here/golden/summary-a.md" "$tmp/summary.md" || fail "summary differs from golden/summary-a.md"

# The report: data, charts and page.
if command -v gnuplot >/dev/null; then
	mkdir "$tmp/rep"
	"$GBSTAT" report "$a" --dir "$tmp/rep" --base-policy lru --cand-policy refcount >/dev/null || rc=$?
	[ "${rc:-0}" = 1 ] || fail "report gate: exit ${rc:-0}, expected 1 (refcount drains more than lru)"
	"$here/../../plots/render.sh" "$tmp/rep"
	for chart in drain_cost throughput drains failures cdf; do
		[ -s "$tmp/rep/$chart.png" ] && [ -s "$tmp/rep/$chart.svg" ] || fail "no $chart chart"
		grep -q "$chart.png" "$tmp/rep/report.md" || fail "report does not show $chart"
	done
	grep -q "TCG" "$tmp/rep/report.md" || fail "report does not say the times are emulated"
	grep -q "QEMU TCG emulation" "$tmp/rep/meta.gp" || fail "charts would not say the times are emulated"
fi
echo "gate: all checks passed"
