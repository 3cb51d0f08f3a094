#!/usr/bin/env bash
# Run as an unprivileged user: PFNs are hidden, so where the pinned pages
# went cannot be checked.  The check says not_run with the reason, never
# pass; counts that need root are null, not 0.
. "$(dirname "$0")/lib.sh"
need_root
command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
chmod 0755 "$TMP"
mkdir "$TMP/u" && chown nobody "$TMP/u"
rc=0
setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$GUPBENCH" run --pinner io_uring --placement normal --scenario settled \
	--size 1M --reps 2 --warmup 0 --quiet --out "$TMP/u/r.jsonl" 2>"$TMP/err" || rc=$?
[ $rc = 0 ] || [ $rc = 4 ] || fail "unprivileged run: exit $rc: $(cat "$TMP/err")"
[ $rc = 4 ] && skip "io_uring pinning not allowed unprivileged here: $(tail -n 1 "$TMP/err")"
pycheck "$TMP/u/r.jsonl" <<'PY'
import sys
from results import load
S = load(sys.argv[1]).samples
assert S
for r in S:
    assert r["result"] == "ok", r["result"]
    assert r["after_check"] == "not_run", r["after_check"]
    assert r["after_unpinnable"] is None
    assert "PFNs hidden" in r["after_note"], r["after_note"]
    assert r["before"]["movable"] is None and r["before"]["fraction_in_placement"] is None, r["before"]
print("unprivileged: %d calls, after_check not_run with a reason" % len(S))
PY
