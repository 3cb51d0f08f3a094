#!/usr/bin/env bash
# vm/pin-vcpus.py trusts nothing QMP says.  Against a fake QMP server
# (tests/fake_qmp.py, which stands for QEMU: its pidfile, its threads):
# its own two threads are pinned and read back; thread ids that repeat,
# are 0, or belong to another process are refused; a silent server, an
# event flood, half a line, an oversized line and malformed replies each
# end it with one line on stderr, exit 1, within the time limit; never a
# traceback, never exit 0.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs to pin two threads apart"
printf 'vcpu 0 node 0 cpu 0\nvcpu 1 node 0 cpu 1\n' > "$TMP/plan"
export GB_QMP_TIMEOUT=4

pin() {	# pin CASE: runs pin-vcpus against the fake; sets rc, out in $TMP/CASE.*
	local case=$1 fake
	rm -f "$TMP/qmp.sock" "$TMP/qemu.pid"
	python3 "$top/tests/fake_qmp.py" "$TMP/qmp.sock" "$TMP/qemu.pid" "$case" & fake=$!
	rc=0
	timeout 20 python3 "$top/vm/pin-vcpus.py" "$TMP/qmp.sock" "$TMP/plan" "$TMP/$case.report" \
		"$TMP/qemu.pid" > "$TMP/$case.out" 2> "$TMP/$case.err" || rc=$?
	kill "$fake" 2>/dev/null || true
	wait "$fake" 2>/dev/null || true
}

pin ok
[ $rc = 0 ] || fail "the honest server: exit $rc: $(cat "$TMP/ok.err")"
[ "$(wc -l < "$TMP/ok.report")" = 2 ] || fail "the report does not name both vCPUs"
awk '{ print $6 }' "$TMP/ok.report" | tr '\n' ' ' | grep -qx '0 1 ' || fail "vCPUs not on the planned CPUs: $(cat "$TMP/ok.report")"

for case in duplicate:"the same thread" zero:"is not a thread of QEMU" foreign:"is not a thread of QEMU" \
	    same-index:"names vCPU 0 twice" flood:"events and no answer" half:"did not answer within" \
	    huge:"longer than" silent:"did not answer within" not-json:"not JSON" array:"not an object" \
	    not-list:"did not return a list" entry-not-object:"not an object" index-string:"cpu-index" \
	    tid-null:"thread-id None" error-string:"nope" closed:"closed the connection" \
	    wrong-count:"the plan pins"; do
	name=${case%%:*} want=${case#*:}
	pin "$name"
	[ $rc = 1 ] || fail "$name: exit $rc, expected 1: $(head -c 300 "$TMP/$name.err")"
	[ "$(wc -l < "$TMP/$name.err")" = 1 ] || fail "$name: not one line: $(head -c 600 "$TMP/$name.err")"
	grep -q "^pin-vcpus: .*$want" "$TMP/$name.err" || fail "$name: '$want' not in: $(cat "$TMP/$name.err")"
	[ ! -s "$TMP/$name.report" ] || fail "$name: a report was written"
done
echo "pin_vcpus: the honest server pinned, 17 lying ones refused with one line"
