#!/usr/bin/env bash
# io_uring pins on this host: page counts, placements, the after-pin
# check, and every counter either a number or null with a reason.
. "$(dirname "$0")/lib.sh"
need_root

"$GUPBENCH" run --pinner io_uring --placement normal,any --scenario fresh,settled \
	--size 8M --reps 4 --warmup 1 --cpus 1,all --quiet --out "$TMP/r.jsonl" ||
	fail "gupbench run exited $?"
pycheck "$TMP/r.jsonl" "$(gb_schema)" <<'PY'
import json, sys
from results import load
run = load(sys.argv[1])
recs, env, end = run.records, run.envelope, run.end
assert env["type"] == "envelope" and env["schema"] == sys.argv[2], env["schema"]
# Outside a VM nobody told gupbench which source built the kernel: null, and why.
assert env["kernel"]["source"] is None and "not booted by run-vm.sh" in env["kernel"]["source_reason"], env["kernel"]
for key in ("kernel", "machine", "layout", "counters", "cases", "command_line"):
    assert key in env, key
assert env["kernel"]["release"] and env["machine"]["pus"] >= 1
assert end["type"] == "end" and end["exit_code"] == 0 and end["failed_checks"] == 0
samples = [r for r in recs if r["type"] == "sample"]
measured = [r for r in samples if not r["warmup"]]
# 2 placements x 2 scenarios x 2 cpu counts x 4 reps
assert len(measured) == 32 == end["samples"], (len(measured), end)
assert len(samples) - len(measured) == 8, "one warmup per combination"
pages = 8 * 1024 * 1024 // 4096
counters = set(env["counters"])
for r in samples:
    assert r["result"] == "ok" and r["errno"] is None, r
    assert r["pages_pinned"] == pages and r["before"]["pages"] == pages, r
    assert r["before"]["none"] == 0, "every page faulted before the pin"
    assert sum(r["before"][w] for w in ("normal", "movable", "cma")) == pages
    assert r["pin_ns"] > 0 and r["unpin_ns"] > 0
    assert r["after_check"] == "pass" and r["after_unpinnable"] == 0
    if r["placement"] == "normal":
        assert r["before"]["fraction_in_placement"] == 1.0 or r["ballast_note"], r
    # Every counter: a number, or null with a reason; never missing.
    assert set(r["counters"]) == counters
    for name, v in list(r["counters"].items()) + [(k, h["value"]) for k, h in r["hw"].items()]:
        if v is None:
            assert r["null_reasons"].get(name), (name, r["null_reasons"])
        else:
            assert isinstance(v, int) and v >= 0 and name not in r["null_reasons"]
    for name, c in env["counters"].items():
        assert c["available"] == (r["counters"][name] is not None) or not r["counters_attached"], name
    # Ground truth: nothing to migrate on pinnable memory, so no drain.
    if r["before"]["movable"] == 0 and r["before"]["cma"] == 0:
        assert r["derived"]["drain_needed"] is False
        for k in ("migrate_calls", "migrated_ok", "migrated_failed"):
            assert r["counters"][k] in (0, None), (k, r["counters"][k])
    # No CPU is isolated and no spinner ran: those counters do not apply
    # here, which is null with the reason, never 0.
    if not env["machine"]["isolated_cpus"]:
        assert r["isolated_cpus"] is None, r["isolated_cpus"]
        for k in ("works_queued_isolated", "works_pin_isolated", "works_run_isolated",
                  "ipis_isolated", "ipis_isolated_drain_all"):
            assert r["counters"][k] is None and "not applicable" in r["null_reasons"][k], (k, r["null_reasons"])
    assert r["spinners"] is None and set(r["spinner_gaps"].values()) == {None}, r["spinner_gaps"]
    for k in ("spinner_irqs", "spinner_switches", "spinner_interruptions"):
        assert r["counters"][k] is None and r["null_reasons"][k], (k, r["null_reasons"])
cpus = {r["cpus"] for r in measured}
assert 1 in cpus and env["machine"]["cpu_order"] and max(cpus) == len(env["machine"]["cpu_order"])
print("host_run: %d samples, counters null on this kernel: %s" % (
    len(samples), sorted(k for k, c in env["counters"].items() if not c["available"])))
PY
