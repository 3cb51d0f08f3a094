#!/usr/bin/env bash
# Debian's stock 6.12 cloud kernel: ZONE_MOVABLE through movablecore=,
# no CMA and no gup_test (skipped with reasons), no drain tracepoint
# (ground-truth classification instead).
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu

# --out among gupbench's own arguments names the host file.
GUPBENCH=$GUPBENCH boot_once_more --kernel debian-6.12 --smp 2 --mem 2G \
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
# Debian's kernel has no iommufd self-test: skipped, naming the option.
assert "CONFIG_IOMMUFD" in skips[("iommufd", None)], skips
# Nor, in an initramfs without its modules, RDMA: skipped, naming it.
assert "CONFIG_INFINIBAND" in skips[("rdma", None)], skips
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
        # Wasted drains by cost from the truth too, never a silent 0.
        assert r["derived"]["wasted_drains_all"] is not None, r["derived"]
assert end["exit_code"] == 0 and end["samples"] == len(S)
print("vm_debian: %d calls on %s; skipped: %s" % (len(S), env["kernel"]["release"], sorted(k for k in skips)))
PY

# Debian's 6.1 has no ipi:* tracepoints: gated against 6.12, IPIs per
# call cannot be compared, and the verdict says so with the reason,
# never leaving them out (a primary metric never vanishes).
: "${GBSTAT:?ctest sets GBSTAT}"
GUPBENCH=$GUPBENCH boot_once_more --kernel debian-6.1 --smp 2 --mem 2G \
	--cmdline movable -- run --pinner all \
	--placement all --scenario fresh,settled --size 2M --reps 2 --warmup 0 \
	--quiet --out "$TMP/r61.jsonl" > /dev/null || fail "6.1 VM run failed ($?)"
rc=0; "$GBSTAT" compare "$TMP/r.jsonl" "$TMP/r61.jsonl" > "$TMP/cmp.txt" 2>&1 || rc=$?
[ $rc != 2 ] || fail "6.12 against 6.1 could not be compared: $(tail -n 2 "$TMP/cmp.txt")"
grep -q "ipis_pin_per_call (IPIs) | [0-9.]* | - | .*| not gated: not counted on cand (.*ipi.*is not in this kernel) |" "$TMP/cmp.txt" ||
	fail "6.1's missing IPI counts are not a named row: $(grep ipis_pin_per_call "$TMP/cmp.txt" | head -n 2)"
grep -q "^gate: .*[1-9][0-9]* not counted)" "$TMP/cmp.txt" && grep -q "^not gated: .*ipis_pin_per_call ([0-9]* cases\?): not counted on cand" "$TMP/cmp.txt" ||
	fail "the verdict does not count and name what it could not gate: $(grep -E '^(gate|not gated):' "$TMP/cmp.txt")"
echo "vm_debian: 6.12 against 6.1: $(grep '^not gated:' "$TMP/cmp.txt")"
