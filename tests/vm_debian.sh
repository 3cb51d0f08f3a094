#!/usr/bin/env bash
# Debian's stock 6.12 cloud kernel: ZONE_MOVABLE through movablecore=,
# no CMA and no gup_test (skipped with reasons), no drain tracepoint
# (ground-truth classification instead).
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64 (./run_bench.sh deps)"

# --out among gupbench's own arguments names the host file.
GUPBENCH=$GUPBENCH "$top/vm/run-vm.sh" --kernel debian-6.12 --smp 2 --mem 2G \
	--cmdline movable -- run --pinner all \
	--placement all --scenario fresh,settled --size 2M --reps 2 --warmup 0 \
	--quiet --out "$TMP/r.jsonl" > /dev/null || fail "VM run failed ($?)"
[ -s "$TMP/r.jsonl" ] || fail "the --out given after -- was not honoured"

pycheck "$TMP/r.jsonl" <<'PY'
import json, sys
from results import load
run = load(sys.argv[1])
recs, env, end = run.records, run.envelope, run.end
assert "cloud-amd64" in env["kernel"]["release"], env["kernel"]["release"]
skips = {(r["pinner"], r["placement"]): r["reason"] for r in recs if r["type"] == "skip"}
assert "CONFIG_GUP_TEST" in skips[("gup_test", None)], skips
assert "CONFIG_GUP_TEST" in skips[("gup_test_fast", None)], skips
assert "cma" in skips[("io_uring", "cma")].lower(), skips
assert not env["counters"]["tp_folios"]["available"]
assert "gup_longterm_drain" in env["counters"]["tp_folios"]["reason"]
S = [r for r in recs if r["type"] == "sample"]
mov = [r for r in S if r["placement"] == "movable"]
assert mov and all(r["before"]["fraction_in_placement"] == 1.0 for r in mov)
for r in S:
    assert r["result"] == "ok" and r["after_check"] == "pass", r
    c = r["counters"]
    assert c["drains_all"] is not None, "kprobes missing on Debian's kernel?"
    if r["placement"] == "movable" and c["migrated_ok"] is not None:
        assert c["migrated_ok"] == r["before"]["movable"], (c, r["before"])
    if r["derived"]["classification"] is not None:
        assert r["derived"]["classification"] == "ground_truth"
assert end["exit_code"] == 0 and end["samples"] == len(S)
print("vm_debian: %d calls on %s; skipped: %s" % (len(S), env["kernel"]["release"], sorted(k for k in skips)))
PY
