#!/usr/bin/env bash
# vm/gate.sh end to end with stand-ins for the kernel build and the VM
# (tests/stubs/): boots alternate A B A B, the verdict's exit codes,
# usage errors, a kernel that does not build or boot, `git bisect run`
# semantics (0 good, 1 bad, 125 skip), and build-kernel.sh's cache keyed
# by a tree's content, never its path.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
: "${GBSTAT:?ctest sets GBSTAT}"
export STUB_DIR=$TMP/stub SYNTH=$top/analysis/tests/synth.py GBSTAT
export GB_GATE_BUILD=$top/tests/stubs/build-kernel.sh GB_GATE_RUNVM=$top/tests/stubs/run-vm.sh
export GB_RESULTS=$TMP/results
mkdir -p "$STUB_DIR"
gate() { "$top/vm/gate.sh" "$@" >"$TMP/gate.out" 2>"$TMP/gate.err"; }
expect_gate() {	# expect_gate CODE PATTERN gate-args...
	local want=$1 pattern=$2 rc=0
	shift 2
	: > "$STUB_DIR/boots.log"
	gate "$@" || rc=$?
	[ "$rc" = "$want" ] || fail "gate $*: exit $rc, expected $want: $(tail -n 3 "$TMP/gate.err")"
	[ -z "$pattern" ] || grep -q -- "$pattern" "$TMP/gate.err" ||
		fail "gate $*: no '$pattern' in: $(tail -n 5 "$TMP/gate.err")"
}
echo drains=0 > "$STUB_DIR/zero"
echo drains=1 > "$STUB_DIR/one"
echo noboot > "$STUB_DIR/dead"

# A regression: every call of cand drains where base's never does (the
# drain, the wasted drain and the works the pin paid for it; its IPIs,
# under TCG, are named as not gated).
expect_gate 1 "gate: FAIL: .* 3 regressed, .* 2 not gated (2 TCG times" "$STUB_DIR/zero" "$STUB_DIR/one" --boots 2 --out "$TMP/r1"
grep -q "^not gated: .*ipis_pin_per_call (1 case): TCG times: a count that follows vCPU timing" "$TMP/r1/gate.txt" ||
	fail "the pin's IPIs under TCG are not named as not gated: $(grep '^not gated' "$TMP/r1/gate.txt")"
[ "$(tr '\n' ' ' < "$STUB_DIR/boots.log")" = "zero one zero one " ] ||
	fail "boots do not alternate A B A B: $(cat "$STUB_DIR/boots.log")"
for f in base-1 base-2 cand-1 cand-2; do [ -s "$TMP/r1/$f.jsonl" ] || fail "no $f.jsonl"; done
grep -q "drains_all_per_call (calls) | 0 | 1 .*REGRESSED" "$TMP/r1/report.md" || fail "report.md does not show the regression"
grep -q "2/4 boots done, .* elapsed, ETA" "$TMP/gate.err" || fail "no progress line"
grep -q "same image" "$TMP/gate.err" && fail "different images called the same"
# The stand-in images carry no version string: the gate says it cannot
# tie boots to them rather than checking nothing in silence.
grep -q "cand: no version string in .*boots are not checked" "$TMP/gate.err" ||
	fail "an image without a version string went unmentioned"
# A/A: the same image on both sides passes (TCG: counts gated, times not).
expect_gate 0 "gate: pass" --base "$STUB_DIR/zero" --cand "$STUB_DIR/zero" --boots 2
grep -q "A/A comparison" "$TMP/gate.err" || fail "the same image twice not named an A/A comparison"
# Adaptive boots (no --boots): a pair at a time, stopping once the
# verdict is decided at that look's share of the level, which the report
# then takes too.  Every call of cand drains: decided after one pair.
expect_gate 1 "decided after 1 of at most 3 pairs of boots (FAIL" "$STUB_DIR/zero" "$STUB_DIR/one" --out "$TMP/r2"
[ "$(tr '\n' ' ' < "$STUB_DIR/boots.log")" = "zero one " ] ||
	fail "adaptive boots did not stop after the first pair: $(cat "$STUB_DIR/boots.log")"
grep -q "drains_all_per_call (calls) | 0 | 1 .*REGRESSED" "$TMP/r2/report.md" || fail "the adaptive gate's report does not show the regression"
grep -q "^look: 1/3 (pairs of boots run / at most" "$TMP/r2/gate.txt" || fail "the gate's verdict does not say which look it is"
# An A/A whose counts are the same in every call passes after one pair
# (the synthetic calls' counts are; a count that varies is what makes a
# look undecided: tests/vm_gate.sh's A/A on a real kernel).
expect_gate 0 "decided after 1 of at most 3 pairs of boots (pass" --base "$STUB_DIR/zero" --cand "$STUB_DIR/zero"
[ "$(wc -l < "$STUB_DIR/boots.log")" = 2 ] || fail "adaptive A/A: $(wc -l < "$STUB_DIR/boots.log") boots, expected 2"
# Pin IPIs that vary from call to call (on a server: under TCG they are
# not gated): 3 calls a boot cannot settle them after one pair, so the
# gate boots on (all 3 pairs: the look at 2 may not spend enough of the
# level either).
printf 'drains=0\nnoisy\n' > "$STUB_DIR/noisy"
rc=0; : > "$STUB_DIR/boots.log"; gate --base "$STUB_DIR/noisy" --cand "$STUB_DIR/noisy" --out "$TMP/r3" || rc=$?
case $rc in 0|3) ;; *) fail "adaptive A/A of noisy counts: exit $rc: $(tail -n 3 "$TMP/gate.err")" ;; esac
[ "$(wc -l < "$STUB_DIR/boots.log")" -ge 4 ] || fail "noisy counts decided after one pair: $(cat "$STUB_DIR/boots.log")"
grep -q "decided after 1 of" "$TMP/gate.err" && fail "noisy counts called decided after one pair"
# Usage errors: exit 2, one line; under --bisect they abort (255).
expect_gate 2 "unknown option" "$STUB_DIR/zero" "$STUB_DIR/one" --frob
expect_gate 255 "unknown option" "$STUB_DIR/zero" "$STUB_DIR/one" --frob --bisect
expect_gate 2 "takes two kernels" "$STUB_DIR/zero"
expect_gate 2 "--boots" "$STUB_DIR/zero" "$STUB_DIR/one" --boots 0
expect_gate 2 "--threshold" "$STUB_DIR/zero" "$STUB_DIR/one" --threshold nan
expect_gate 2 "--threshold: '1000000%'" "$STUB_DIR/zero" "$STUB_DIR/one" --threshold 1000000%
expect_gate 2 "--mem: 'banana'" "$STUB_DIR/zero" "$STUB_DIR/one" --mem banana
expect_gate 255 "--mem: 'banana'" "$STUB_DIR/zero" "$STUB_DIR/one" --mem banana --bisect
[ ! -s "$STUB_DIR/boots.log" ] || fail "a bad --threshold or --mem booted before it was refused"
expect_gate 2 "--alpha" "$STUB_DIR/zero" "$STUB_DIR/one" --alpha .0
expect_gate 2 "--alpha: '0.9'" "$STUB_DIR/zero" "$STUB_DIR/one" --alpha 0.9
[ ! -s "$STUB_DIR/boots.log" ] || fail "--alpha 0.9 booted before it was refused"
expect_gate 2 "--require: 'ipx' is not a primary metric" "$STUB_DIR/zero" "$STUB_DIR/one" --require ipx
expect_gate 2 "--require: 'drains' names more than one primary metric" "$STUB_DIR/zero" "$STUB_DIR/one" --require drains
[ ! -s "$STUB_DIR/boots.log" ] || fail "a bad --require booted before it was refused"
# A required metric that cannot be gated (pin times under TCG) makes the
# gate inconclusive, and the verdict names it with its reason.
expect_gate 3 "inconclusive: --require pin_us" --base "$STUB_DIR/zero" --cand "$STUB_DIR/zero" --boots 2 --require pin_us,ipis
grep -q "^gate: not gated: pin_us" "$TMP/gate.err" && fail "the not-gated line lost its own prefix"
grep -q "^not gated: pin_us (1 case): TCG times" "$TMP/gate.err" || fail "not-gated metrics not named in the gate's output"
expect_gate 2 "not a kernel image, a kernel tree" "$STUB_DIR/zero" /nonexistent
echo "--scenario fresh --out /tmp/x" > "$TMP/study"
expect_gate 2 "names --out" "$STUB_DIR/zero" "$STUB_DIR/one" --study "$TMP/study"
mkdir -p "$TMP/full" && touch "$TMP/full/x"
expect_gate 2 "not empty" "$STUB_DIR/zero" "$STUB_DIR/one" --out "$TMP/full"
# A kernel that does not boot: unusable, or a skip for git bisect.
expect_gate 2 "no usable results" "$STUB_DIR/zero" "$STUB_DIR/dead" --boots 1
expect_gate 125 "no usable results" "$STUB_DIR/zero" "$STUB_DIR/dead" --boots 1 --bisect

# git bisect run: c0 c1 good, c2 does not build, c3 good, c4 c5 drain.
repo=$TMP/repo
mkdir -p "$repo"
git -C "$repo" init -q
commit() {
	rm -f "$repo/broken"
	echo "$1" > "$repo/drains"
	[ -z "${2:-}" ] || touch "$repo/broken"
	git -C "$repo" add -A
	git -C "$repo" -c user.email=t@t -c user.name=t commit -q --allow-empty -m "c$3"
	git -C "$repo" tag "c$3"
}
commit 0 "" 0; commit 0 "" 1; commit 0 broken 2; commit 0 "" 3; commit 1 "" 4; commit 1 "" 5
(cd "$repo" && git bisect start c5 c0 >/dev/null &&
	git bisect run "$top/vm/gate.sh" --bisect --boots 1 "$STUB_DIR/zero" "$repo" \
		> "$TMP/bisect.log" 2>&1) || fail "git bisect run failed: $(tail -n 5 "$TMP/bisect.log")"
first=$(git -C "$repo" rev-parse c4)
grep -q "^$first is the first bad commit" "$TMP/bisect.log" ||
	fail "bisect did not name c4: $(grep -i 'first bad\|skip' "$TMP/bisect.log")"
git -C "$repo" bisect reset >/dev/null 2>&1
# The broken commit, tested on its own, is a skip.
git -C "$repo" checkout -q c2
expect_gate 125 "did not build" --bisect --boots 1 "$STUB_DIR/zero" "$repo"
git -C "$repo" checkout -q c5

# build-kernel.sh keys trees by content: an edit is a new build, undoing
# it finds the old one, and neither the path nor the time matters.
key() { "$top/kernel-configs/build-kernel.sh" --print-key "$@"; }
echo "all:" > "$repo/Makefile"
git -C "$repo" add Makefile && git -C "$repo" -c user.email=t@t -c user.name=t commit -qm mk
k0=$(key --src "$repo")
echo "int x;" > "$repo/gup.c"
k_untracked=$(key --src "$repo")
rm "$repo/gup.c"
echo 2 > "$repo/drains"
k_edit=$(key --src "$repo")
git -C "$repo" checkout -q drains
[ "$(key --src "$repo")" = "$k0" ] || fail "undoing an edit did not give the old key back"
[ "$k_untracked" != "$k0" ] && [ "$k_edit" != "$k0" ] && [ "$k_edit" != "$k_untracked" ] ||
	fail "edits did not change the key: $k0 $k_untracked $k_edit"
cp -a "$repo" "$TMP/moved"
[ "$(key --src "$TMP/moved")" = "$k0" ] || fail "the same content at another path has another key"
[ "$(key --src "$repo@c4")" != "$(key --src "$repo@c5")" ] || true
[ "$(key --src "$repo@c4")" = "$(key --src "$repo@c4")" ] || fail "a revision's key is not stable"
[ "$(key --src "$repo@c3")" != "$(key --src "$repo@c4")" ] || fail "two revisions with different trees share a key"
# The same content reached two ways is one key: a clean tree and TREE@HEAD.
[ "$(key --src "$repo@HEAD")" = "$k0" ] || fail "a clean work tree and TREE@HEAD have different keys"
# A tree whose ignore rules hide its sources from git (Debian's
# linux-source ships a .gitignore of '/*'): one line says so, and edits
# still change the key (it is keyed by its files, not by git).
hidden=$TMP/hidden
mkdir -p "$hidden" && echo "all:" > "$hidden/Makefile" && echo '/*' > "$hidden/.gitignore"
git -C "$hidden" init -q && git -C "$hidden" add -A &&
	git -C "$hidden" -c user.email=t@t -c user.name=t commit -q --allow-empty -m empty
kh0=$(key --src "$hidden" 2>"$TMP/hidden.err")
[ "$(grep -c "git's ignore rules hide its sources" "$TMP/hidden.err")" = 1 ] ||
	fail "a tree git cannot see was not named in one line: $(cat "$TMP/hidden.err")"
echo "int y;" > "$hidden/gup.c"
[ "$(key --src "$hidden" 2>/dev/null)" != "$kh0" ] || fail "an edit git ignores did not change the key"
printf 'diff --git a/x b/x\n' > "$TMP/p.patch"
[ "$(key --src "$repo" --patch "$TMP/p.patch")" != "$k0" ] || fail "a patch did not change the key"
rc=0; key --src "$repo@nope" 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "an unknown revision: exit $rc"
echo "gate_cli: all checks passed"
