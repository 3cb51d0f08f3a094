#!/usr/bin/env bash
# A metric across three kernels from the store: Debian's 6.1 (the old
# heuristic), Debian's 6.12 and the patched kernel each run the same
# short study in a VM; run-vm.sh stores each run (GB_STORE, as
# run_bench.sh sets it); gbstat trend then gives one row per kernel, and
# each row's value is the one the run's own records give.  The chart is
# drawn.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu
export GB_STORE=$TMP/store.sqlite GBSTAT
for k in debian-6.1 debian-6.12 patched; do
	GUPBENCH=$GUPBENCH vm_run "$k" --kernel "$k" --smp 2 --mem 2G --cmdline movable \
		--out "$TMP/$k.jsonl" -- run --pinner io_uring --placement movable \
		--scenario fresh --cpus 2 --size 1M --reps 4 --warmup 0 --quiet > /dev/null
	grep -q "1 run(s) stored" "$TMP/$k.err" || fail "$k: run-vm did not store its run: $(tail -n 2 "$TMP/$k.err")"
done
"$GBSTAT" runs --db "$GB_STORE" > "$TMP/runs.md"
[ "$(grep -c '^| [0-9]' "$TMP/runs.md")" = 3 ] || fail "the store does not hold the three runs: $(cat "$TMP/runs.md")"
grep -q "| $(hostname) |" "$TMP/runs.md" || fail "the runs are not stored under this machine's name"
mkdir "$TMP/chart"
"$GBSTAT" trend drains_all_per_call --db "$GB_STORE" --case fresh --dir "$TMP/chart" > "$TMP/trend.md" ||
	fail "gbstat trend failed"
cat "$TMP/trend.md"
pycheck "$TMP/trend.md" "$TMP/debian-6.1.jsonl" "$TMP/debian-6.12.jsonl" "$TMP/patched.jsonl" <<'PY'
import json, sys
rows = [l.split("|")[1:-1] for l in open(sys.argv[1]) if l.startswith("| ") and not l.startswith("| kernel")]
got = {}
for r in rows:
    # The cell is Markdown-escaped: "RELEASE \(build 1\) *".
    got[r[0].replace("\\", "").strip().rstrip(" *").split(" (build")[0]] = float(r[4])
assert len(got) == 3, got
for path in sys.argv[2:]:
    recs = [json.loads(l) for l in open(path)]
    rel = recs[0]["kernel"]["release"]
    S = [r for r in recs if r["type"] == "sample" and not r["warmup"] and r["conditions_met"] is not False
         and r["counters"]["drains_all"] is not None]
    mean = sum(r["counters"]["drains_all"] for r in S) / len(S)
    assert abs(got[rel] - mean) < 1e-3, (rel, got[rel], mean)
print("vm_trend: %s" % got)
# Each run names the source that built its kernel, and it is the kernel
# that ran: Debian's image package is linux-image-RELEASE; the patched
# kernel's linux-source version starts with its release.
for path in sys.argv[2:]:
    k = json.loads(open(path).readline())["kernel"]
    src = k["source"]
    assert src and len(src["sha256"]) == 64, (path, k)
    if "debian-6" in path:
        assert src["kind"] == "debian-image" and src["package"] == "linux-image-" + k["release"], (path, src)
    else:
        assert src["kind"] == "debian-source" and src["package"] == "linux-source-6.12", src
        assert src["version"].split("-")[0] == k["release"], (src["version"], k["release"])
        assert len(src["patches"]) >= 2 and len(src["fragment_sha256"]) == 64, src
    print("vm_trend: %s built from %s %s" % (k["release"], src["package"], src["version"]))
PY
if command -v gnuplot > /dev/null; then
	"$top/plots/render.sh" "$TMP/chart" trend || fail "the trend chart did not draw"
	for k in debian-6.1 debian-6.12 patched; do
		grep -qF "$(release_of "$TMP/$k.jsonl")" "$TMP/chart/trend.svg" ||
			fail "the chart lacks $k's label ($(release_of "$TMP/$k.jsonl"))"
	done
fi
echo "vm_trend: all checks passed"
