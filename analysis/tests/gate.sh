#!/usr/bin/env bash
# The gate's verdicts: an A/A comparison passes, known differences are
# flagged, a 10% shift at n=60 is flagged and 0% is not, a certain 0 -> 1
# change at n=3 is never a pass, what the data cannot settle is
# "inconclusive" with the calls it would need, and the false alarm rate
# of A/A comparisons stays within alpha.
. "$(dirname "$0")/lib.sh"

a=$fx/vm-6.12-policies-a.jsonl b=$fx/vm-6.12-policies-b.jsonl
# A/A: two boots of the same kernel, every policy against itself.
expect 0 "gate: .* 0 regressed" compare "$a" "$b"
# Known differences within one run: always vs never, refcount vs lru.
expect 1 "drains_all_per_call.*REGRESSED" compare "$a" --base-policy never --cand-policy always
expect 1 "extra-ref.*wasted_drains_all_per_call.*REGRESSED" compare "$a" --base-policy lru --cand-policy refcount
# Counts identical within each side need no test: a certain change.
expect 1 "extra-ref/cpus=1/1024K | drains_all_per_call (calls) | 0 | 1 | +inf | .* constant .*REGRESSED" \
	compare "$a" --base-policy lru --cand-policy refcount
# The other way round, fewer drains are an improvement.  In extra-ref
# never fails every pin, but no drain would have helped (the retry under
# "always" fails too): no missed drains, so missed_drain_rate is the same.
expect 0 "settled/cpus=1/1024K | drains_all_per_call (calls) | 1 | 0 | -100.0% | .*improved" \
	compare "$a" --base-policy always --cand-policy never
expect 0 "extra-ref/cpus=1/1024K | missed_drain_rate (fraction) | 0 | 0 | .*| same |" \
	compare "$a" --base-policy always --cand-policy never
# Times from TCG guests are shown but never gated.
expect 0 "not gated: TCG times" compare "$a" "$b"
# Metrics outside the primary family are shown, not gated.
expect 0 "works_per_drain_all.*info (not gated)" compare "$a" "$b"

# Synthetic data with a known shift, native (so times are gated).
synth "$tmp/base.jsonl" 60 0 --seed 1
synth "$tmp/same.jsonl" 60 0 --seed 2
synth "$tmp/slow.jsonl" 60 0.10 --seed 3
synth "$tmp/fast.jsonl" 60 -0.10 --seed 4
expect 0 "0 regressed" compare "$tmp/base.jsonl" "$tmp/same.jsonl"
expect 0 "pin_us (us) .*| same |" compare "$tmp/base.jsonl" "$tmp/same.jsonl"
expect 1 "pin_us (us).*REGRESSED" compare "$tmp/base.jsonl" "$tmp/slow.jsonl"
expect 0 "pin_us (us).*improved" compare "$tmp/base.jsonl" "$tmp/fast.jsonl"
# A 10% shift under a 20% threshold is not a regression.
expect 0 "0 regressed" compare "$tmp/base.jsonl" "$tmp/slow.jsonl" --threshold 20%

# A deterministic 0 -> 1 drains-per-call shift with 3 calls per side is
# flagged (or inconclusive), never a pass.
synth "$tmp/d0.jsonl" 3 0 --seed 5 --drains 0
synth "$tmp/d1.jsonl" 3 0 --seed 6 --drains 1
rc=0; "$GBSTAT" compare "$tmp/d0.jsonl" "$tmp/d1.jsonl" > "$tmp/out" || rc=$?
[ $rc = 1 ] || [ $rc = 3 ] || fail "0 -> 1 drains at n=3: exit $rc, expected 1 or 3"
grep -q "drains_all_per_call (calls) | 0 | 1 .*REGRESSED" "$tmp/out" || fail "0 -> 1 drains at n=3 not flagged"
# A doubled pin time at n=3 cannot be significant after Holm: not "same",
# but inconclusive, with the calls per side that would settle it.
synth "$tmp/t0.jsonl" 3 0 --seed 7
synth "$tmp/t1.jsonl" 3 1.0 --seed 8 --drains 0
expect 3 "pin_us (us) .* exact .*inconclusive: needs ~[0-9]* calls per side" \
	compare "$tmp/t0.jsonl" "$tmp/t1.jsonl"
expect 3 "gate: .*INCONCLUSIVE" compare "$tmp/t0.jsonl" "$tmp/t1.jsonl"

# Several runs per side are pooled.
expect 0 "pin_us (us) .* 120/120 " compare "$tmp/base.jsonl" "$tmp/same.jsonl" -- "$tmp/same.jsonl" "$tmp/base.jsonl"
# A case measured on one side only: the gate cannot vouch for it.
synth "$tmp/other-case.jsonl" 60 0 --seed 9 --scenario fresh
expect 3 "measured only in cand" compare "$tmp/base.jsonl" -- "$tmp/base.jsonl" "$tmp/other-case.jsonl"
# ... and the mail's gate line counts it apart, never as a verdict.
mkdir "$tmp/lonely"
"$GBSTAT" report --dir "$tmp/lonely" "$tmp/base.jsonl" -- "$tmp/base.jsonl" "$tmp/other-case.jsonl" >/dev/null 2>&1 || true
sed -e ':a' -e 'N' -e '$!ba' -e 's/\n  / /g' "$tmp/lonely/mail.txt" > "$tmp/lonely/joined.txt"	# unfold
grep -q "^1 case(s) measured on one side only" "$tmp/lonely/joined.txt" &&
	grep -q "^gate: INCONCLUSIVE: cases 0 regressed, 0 fixed at a price, 0 improved, 0 undecided, 1 same$" "$tmp/lonely/joined.txt" ||
	fail "a case on one side only is counted as a verdict: $(tail -n 3 "$tmp/lonely/mail.txt")"
# TCG runs: nothing but counts can be gated; times alone are no verdict.
synth "$tmp/tcg-a.jsonl" 10 0 --seed 10 --tcg
synth "$tmp/tcg-b.jsonl" 10 0 --seed 11 --tcg
expect 0 "pin_us (us).*not gated: TCG times" compare "$tmp/tcg-a.jsonl" "$tmp/tcg-b.jsonl"
# KVM nested on a TCG host (vm/nested-kvm.sh): accel kvm, times emulated
# all the same: shown, marked, never gated.
synth "$tmp/nested-a.jsonl" 10 0 --seed 10 --nested-tcg
synth "$tmp/nested-b.jsonl" 10 0.5 --seed 11 --nested-tcg
expect 0 "^not gated: pin_us (1 case): TCG times: wall-clock times under emulation (TCG, or KVM nested on TCG)" \
	compare "$tmp/nested-a.jsonl" "$tmp/nested-b.jsonl"
mkdir "$tmp/nested"
"$GBSTAT" report --dir "$tmp/nested" "$tmp/nested-a.jsonl" -- "$tmp/nested-b.jsonl" >/dev/null 2>&1 || true
grep -q "^Accel kvm, nested-emulated: KVM ran in a guest of QEMU TCG" "$tmp/nested/report.md" &&
	grep -q "| KVM nested on TCG (emulated SVM): times not comparable with bare metal |" "$tmp/nested/report.md" &&
	grep -q "^timing_note = 'accel kvm, nested-emulated" "$tmp/nested/meta.gp" &&
	grep -q "^accel kvm, nested-emulated (KVM on a TCG host): counts only, times not compared$" "$tmp/nested/mail.txt" &&
	grep -q "^the pin's IPIs shown, not gated: emulated, they follow vCPU timing$" "$tmp/nested/mail.txt" ||
	fail "a nested-KVM report does not mark its times: $(grep -i -m2 'nested\|emulated' "$tmp/nested/report.md")"

# A primary metric one side did not count (Debian's 6.1 has no ipi:*
# tracepoints) is a row naming why, and counted in the verdict line;
# never dropped.  Required, it makes the gate inconclusive.
synth "$tmp/noipi.jsonl" 60 0 --seed 12 --null-ipis
expect 0 "ipis_pin_per_call (IPIs) | - | 0 | .*| not gated: not counted on base (tracepoint ipi:ipi.*send.*cpu is not in this kernel) |" \
	compare "$tmp/noipi.jsonl" "$tmp/base.jsonl"
expect 0 "gate: .*1 not gated (0 TCG times, 0 lower bounds, 1 not counted)" compare "$tmp/noipi.jsonl" "$tmp/base.jsonl"
expect 0 "^not gated: ipis_pin_per_call (1 case): not counted on base: tracepoint" compare "$tmp/noipi.jsonl" "$tmp/base.jsonl"
expect 3 "inconclusive: --require ipis_pin_per_call" compare --require ipis "$tmp/noipi.jsonl" "$tmp/base.jsonl"
expect 0 "gate: .*pass" compare --require ipis,drains_all "$tmp/base.jsonl" "$tmp/same.jsonl"
expect 3 "inconclusive: --require pin_us" compare --require pin_us "$tmp/tcg-a.jsonl" "$tmp/tcg-b.jsonl"
expect 2 "--require: 'ipx' is not a primary metric" compare --require ipx "$tmp/base.jsonl" "$tmp/same.jsonl"
expect 2 "names more than one primary metric" compare --require drains "$tmp/base.jsonl" "$tmp/same.jsonl"

# Background IPIs (timers, wakeups) are the window's, not the pin's: the
# gate judges the IPIs the pinning task sent, so noise in the window is
# shown (info) and decides nothing, and two IPIs more that the pin sent
# in every call are a regression.  The pin's own keep a floor of half an
# IPI a call (whether a wakeup needs an IPI is the scheduler's call).
# Native runs (32 calls, so their times are decided too): under TCG
# the pin's IPIs are not gated (below).
synth "$tmp/ipi-a.jsonl" 32 0 --seed 13 --ipi-noise
synth "$tmp/ipi-b.jsonl" 32 0 --seed 14 --ipi-noise
synth "$tmp/ipi-c.jsonl" 32 0 --seed 15 --ipi-noise --ipis-extra 2
expect 0 "ipis_per_call (IPIs) .*| info (not gated) |" compare "$tmp/ipi-a.jsonl" "$tmp/ipi-b.jsonl"
expect 0 "ipis_pin_per_call (IPIs) .*| same |" compare "$tmp/ipi-a.jsonl" "$tmp/ipi-b.jsonl"
expect 1 "ipis_pin_per_call (IPIs) .*REGRESSED" compare "$tmp/ipi-a.jsonl" "$tmp/ipi-c.jsonl"
expect 1 "^regressed: .*/settled/cpus=1/4096K (ipis_pin_per_call)$" compare "$tmp/ipi-a.jsonl" "$tmp/ipi-c.jsonl"
"$GBSTAT" compare "$tmp/ipi-a.jsonl" "$tmp/ipi-c.jsonl" > "$tmp/ipi-ac.txt" || true
grep -q "threshold 5.0%; at least ipis_pin_per_call 0.5 IPIs)" "$tmp/ipi-ac.txt" ||
	fail "the gate line does not name the pin's IPIs' floor: $(grep '^gate:' "$tmp/ipi-ac.txt")"
grep -q "at least ipis_per_call" "$tmp/ipi-ac.txt" &&
	fail "the window's IPIs (background) are gated with a floor again"
# Under emulation the pin's IPIs follow vCPU timing (whether the other
# vCPU is idle when the pin wakes something): shown, not gated, and the
# verdict names them and why, as it names TCG times; the drains' cost is
# still gated (all-CPU drains, works: tests/vm_gate.sh, vm.patched).
synth "$tmp/ipi-ta.jsonl" 16 0 --seed 13 --ipi-noise --pin-ipi-noise --tcg
synth "$tmp/ipi-tc.jsonl" 16 0 --seed 15 --ipi-noise --pin-ipi-noise --ipis-extra 2 --tcg
expect 0 "ipis_pin_per_call (IPIs) .*| not gated: TCG times |" compare "$tmp/ipi-ta.jsonl" "$tmp/ipi-tc.jsonl"
expect 0 "^not gated: .*ipis_pin_per_call (1 case): TCG times: a count that follows vCPU timing under emulation" \
	compare "$tmp/ipi-ta.jsonl" "$tmp/ipi-tc.jsonl"
expect 0 "gate: pass: .*threshold 5.0%)" compare "$tmp/ipi-ta.jsonl" "$tmp/ipi-tc.jsonl"

# A/A false alarms: 100 pairs of runs of one distribution, 12 calls each
# (native, so times are gated too).  Holm keeps the family-wise rate at
# alpha = 5%; more than 10 alarms in 100 would be off beyond chance.
alarms=0 inconclusive=0
for k in $(seq 1 100); do
	synth "$tmp/aa1.jsonl" 12 0 --seed $((1000 + 2 * k))
	synth "$tmp/aa2.jsonl" 12 0 --seed $((1001 + 2 * k))
	rc=0; "$GBSTAT" compare "$tmp/aa1.jsonl" "$tmp/aa2.jsonl" >/dev/null || rc=$?
	case $rc in
	0) ;;
	1) alarms=$((alarms + 1)) ;;
	3) inconclusive=$((inconclusive + 1)) ;;
	*) fail "A/A pair $k: exit $rc" ;;
	esac
done
echo "synthetic A/A, 100 pairs of 12 calls: $alarms false alarm(s), $inconclusive inconclusive"
[ $alarms -le 10 ] || fail "A/A false alarms: $alarms in 100"

# Golden: the summary of a captured run does not drift.
"$GBSTAT" summary "$a" | sed "s|$fx/||" > "$tmp/summary.md"
diff -u "$here/golden/summary-a.md" "$tmp/summary.md" || fail "summary differs from golden/summary-a.md"
# Who wins, case by case (an appendix now): the new heuristic against
# the old one per case, and the reason, from the counts.
mkdir -p "$tmp/report"
"$GBSTAT" report "$a" --dir "$tmp/report" > /dev/null 2>&1 || fail "gbstat report failed"
# The answer first: the headline (lru against refcount, both ran), then
# the mail-ready table, then the gate; who wins per case in an appendix.
[ "$(grep -m 4 '^## ' "$tmp/report/report.md" | tr '\n' '|')" = "## Headline|## Mail-ready summary|## Gate|## Charts|" ] ||
	fail "report.md does not lead with the headline: $(grep '^## ' "$tmp/report/report.md" | head -n 5)"
grep -qF "| extra-ref | movable; 1 CPU | 12/12 | 100% -> 100% | 0% -> 0% | **0 -> 1** (worse) | **0 -> 1** (worse) | **0 -> 1** (worse) |" "$tmp/report/report.md" ||
	fail "the headline's extra-ref row is wrong"
grep -qF -- "- refcount regresses extra-ref: all-CPU drains 0 -> 1, local drains 0 -> 1, wasted all-CPU drains 0 -> 1 per call, on pins that fail anyway (12/12 and 12/12)." \
	"$tmp/report/report.md" || fail "no cover-letter sentence on extra-ref's wasted drains"
grep -qF -- "- io_uring/movable/extra-ref/cpus=1/1024K: 6.12.117/lru wins over 6.12.117/refcount on wasted all-CPU drains per call: 0 vs 1 (equal on everything decided before it)." \
	"$tmp/report/report.md" || fail "extra-ref: lru should win on wasted all-CPU drains"
grep -qF -- "- io_uring/movable/settled/cpus=1/1024K: no difference on any of these counts (times not compared: TCG)." \
	"$tmp/report/report.md" || fail "settled: no difference expected"
grep -qF "| io_uring/movable/extra-ref/cpus=1/1024K | 6.12.117/never | 12 | 100% | 0% | 0 | null | null | 0 |" \
	"$tmp/report/report.md" || fail "the table's extra-ref/never row is wrong"
# The mail-ready table: 80 columns at most, beside the report and in it.
[ -s "$tmp/report/mail.txt" ] || fail "no mail.txt"
awk 'length($0) > 80 { exit 1 }' "$tmp/report/mail.txt" || fail "mail.txt has a line over 80 columns"
grep -q "^  wasted all-CPU drains  *0  *1  *+1 worse$" "$tmp/report/mail.txt" ||
	fail "mail.txt does not mark extra-ref's wasted all-CPU drain: $(cat "$tmp/report/mail.txt")"
# The change column: relative only on a base of at least one a call, else
# the difference (0.25 -> 0.417 IPIs is +0.167, not +66.7%).
grep -q "^    in the window  *0.25  *0.417  *+0.167$" "$tmp/report/mail.txt" ||
	fail "a small base is given as a percentage: $(grep IPIs "$tmp/report/mail.txt")"
synth "$tmp/d2.jsonl" 12 0 --seed 1 --drains 2
synth "$tmp/d1.jsonl" 12 0 --seed 2 --drains 1
mkdir "$tmp/rel"
"$GBSTAT" report --dir "$tmp/rel" "$tmp/d2.jsonl" -- "$tmp/d1.jsonl" > /dev/null 2>&1 || true
grep -q "^  IPIs  *4  *2  *-50.0% better$" "$tmp/rel/mail.txt" ||
	fail "a base of 4 IPIs a call is not given as a percentage: $(grep IPIs "$tmp/rel/mail.txt")"
echo "gate: all checks passed"
