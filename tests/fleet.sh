#!/usr/bin/env bash
# The Ansible playbook (vm/fleet/study.yml) over an inventory of three
# local hosts: two install the suite from this checkout, build it and run
# a short host study; the third fails (no suite where it looks).  The
# failure is reported and the playbook fails, but the two hosts' runs are
# fetched and stored on the controller under their inventory names.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
command -v ansible-playbook > /dev/null || skip "no ansible-playbook (./run_bench.sh test installs ansible-core)"
study='["--pinner", "io_uring", "--placement", "normal", "--scenario", "settled", "--size", "1M", "--reps", "3", "--warmup", "0", "--quiet"]'
cat > "$TMP/inventory" <<INV
[gupbench]
h1 gupbench_dir=$TMP/h1
h2 gupbench_dir=$TMP/h2
h3 gupbench_dir=$TMP/h3 gupbench_install=false

[gupbench:vars]
ansible_connection=local
ansible_python_interpreter=/usr/bin/python3
gupbench_study='$study'
INV
# The old fixed tarball name, planted as a link by "another user": never written through.
planted=/tmp/gupbench-fleet-${USER:-x}.tar.gz
echo victim > "$TMP/victim"
[ -e "$planted" ] || [ -L "$planted" ] || { ln -s "$TMP/victim" "$planted"; trap 'rm -f "$planted"; rm -rf "$TMP"' EXIT; }
rc=0
ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=0 ansible-playbook -i "$TMP/inventory" "$top/vm/fleet/study.yml" \
	-e gupbench_store="$TMP/store.sqlite" -e gupbench_results="$TMP/fetched" -e gupbench_gbstat="$GBSTAT" \
	> "$TMP/play.log" 2>&1 || rc=$?
tail -n 12 "$TMP/play.log"
[ $rc != 0 ] || fail "the playbook passed although h3 failed"
grep -q "1 host(s) failed: h3: " "$TMP/play.log" || fail "h3's failure was not reported"
"$GBSTAT" runs --db "$TMP/store.sqlite" > "$TMP/runs.md" || fail "gbstat runs on the fleet's store failed"
cat "$TMP/runs.md"
[ "$(grep -c '^| [0-9]' "$TMP/runs.md")" = 2 ] || fail "the store does not hold exactly the two hosts' runs"
grep -q '^| [0-9]* | [^|]* | h1 |' "$TMP/runs.md" && grep -q '^| [0-9]* | [^|]* | h2 |' "$TMP/runs.md" ||
	fail "the runs are not stored under h1 and h2"
for h in h1 h2; do
	[ -x "$TMP/$h/build/bench/gupbench" ] || fail "$h: the suite was not built there"
done
# A second run on h1: its new run is stored beside the first.
ANSIBLE_NOCOLOR=1 ansible-playbook -i "$TMP/inventory" "$top/vm/fleet/study.yml" --limit h1 \
	-e gupbench_install=false -e gupbench_store="$TMP/store.sqlite" -e gupbench_results="$TMP/fetched" \
	-e gupbench_gbstat="$GBSTAT" \
	> "$TMP/play2.log" 2>&1 || fail "a second run on h1 failed: $(tail -n 5 "$TMP/play2.log")"
[ "$(("$GBSTAT" runs --db "$TMP/store.sqlite" host=h1 || true) | grep -c '^| [0-9]')" = 2 ] ||
	fail "h1's second run was not stored beside its first"
[ "$(cat "$TMP/victim")" = victim ] || fail "the playbook wrote through a link planted at $planted"
ls -d /tmp/gupbench-fleet.* 2>/dev/null && fail "the playbook left its packed source behind"
# The main job on h1 (its run_bench.sh a stub that writes a new run the way
# the main job does): the run it just made is fetched, not the earlier
# study's fleet-h1.jsonl still beside it.
[ -s "$TMP/h1/results/fleet-h1.jsonl" ] || fail "no earlier study file on h1 to be fooled by"
python3 - "$TMP/h1/results/fleet-h1.jsonl" "$TMP/main-run.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
recs[0]["started"] = "2099-01-01T00:00:00Z"
with open(sys.argv[2], "w") as f:
    for r in recs:
        f.write(json.dumps(r) + "\n")
PY
cat > "$TMP/h1/run_bench.sh" <<STUB
#!/bin/sh
mkdir -p results/20990101T000000Z && cp "$TMP/main-run.jsonl" results/20990101T000000Z/results.jsonl
STUB
chmod +x "$TMP/h1/run_bench.sh"
ANSIBLE_NOCOLOR=1 ansible-playbook -i "$TMP/inventory" "$top/vm/fleet/study.yml" --limit h1 \
	-e gupbench_install=false -e gupbench_store="$TMP/store.sqlite" -e gupbench_results="$TMP/fetched" \
	-e gupbench_gbstat="$GBSTAT" -e '{"gupbench_study": []}' \
	> "$TMP/play3.log" 2>&1 || fail "the main job on h1 failed: $(grep -E "FAILED|failed:" "$TMP/play3.log" | tail -n 3)"
cmp -s "$TMP/fetched/h1/results.jsonl" "$TMP/main-run.jsonl" ||
	fail "the fleet fetched $(head -c 120 "$TMP/fetched/h1/results.jsonl"), not the main job's new run"
"$GBSTAT" runs --db "$TMP/store.sqlite" host=h1,since=2099-01-01 > "$TMP/runs3.md" 2>&1 &&
	grep -q '^| [0-9]' "$TMP/runs3.md" || fail "the main job's run was not stored: $(cat "$TMP/runs3.md")"
echo "fleet: all checks passed"
