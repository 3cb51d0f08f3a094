#!/usr/bin/env bash
# ./run_bench.sh doctor says, in a few lines, what this machine can do,
# and each line agrees with the source it summarises: KVM with
# vm/kvm-works.py, the VM with gbvmplan, the pin paths with gupbench
# list, where the study runs with the probe the main job asks.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
GBVMPLAN=$GBVMPLAN "$top/vm/doctor.sh" > "$TMP/doctor" || fail "doctor exited $?"
cat "$TMP/doctor"
[ "$(wc -l < "$TMP/doctor")" -le 10 ] || fail "doctor is more than a few lines"
for row in KVM VM ZONE_MOVABLE CMA "drain switch" counters "pin paths" run_bench.sh; do
	grep -q "^  $row " "$TMP/doctor" || fail "no '$row' line"
done
. "$top/vm/lib/common.sh"
if gb_kvm_works; then accel=kvm; kvm=yes; else accel=tcg; kvm=no; fi
grep -q "^  KVM  *$kvm:" "$TMP/doctor" || fail "the KVM line does not say $kvm"
"$GBVMPLAN" --accel $accel > "$TMP/plan"
vcpus=$(awk '$1 == "vcpus" { print $2 }' "$TMP/plan")
grep -q "^  VM  *$vcpus vCPUs" "$TMP/doctor" || fail "the VM line is not gbvmplan's $vcpus vCPUs"
"$GUPBENCH" list --json > "$TMP/list"
pycheck "$TMP/doctor" "$TMP/list" <<'PY'
import json, sys
doctor = open(sys.argv[1]).read()
line = [l for l in doctor.splitlines() if l.startswith("  pin paths")][0]
for c in map(json.loads, open(sys.argv[2])):
    if c["kind"] != "pinner":
        continue
    if c["supported"]:
        assert c["name"] in line.split(";")[0], (c["name"], line)
    else:
        assert "no %s: %s" % (c["name"], c["reason"]) in line, (c["name"], line)
print("doctor: every pin path's line agrees with gupbench list")
PY
# Where the study runs: the main job asks the same question (probe --study-ready).
if "$GUPBENCH" probe --study-ready 2>/dev/null; then where="runs the study on this host"; else where="runs the study in a VM"; fi
grep -q "^  run_bench.sh  *$where" "$TMP/doctor" || fail "the run_bench.sh line is not '$where': $(grep run_bench.sh "$TMP/doctor")"
echo "doctor: all checks passed"
