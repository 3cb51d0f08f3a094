#!/usr/bin/env bash
# The kernel gate with real kernels under QEMU (TCG here: counts gated,
# times shown but not gated).
# 1. Debian's stock 6.12 against the patched 6.12 (whose default policy
#    is the stock heuristic): every drain count gates as the same, every
#    case compared, no case on one side only (background IPIs differ
#    with the config: shown, not required to match).
# 2. A/A over 6 boots of one kernel: of the 15 pairs of boots, at most
#    5% may be flagged as a regression (so none); the rates are printed
#    for the README.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
: "${GBSTAT:?ctest sets GBSTAT}"
need_qemu
export GBSTAT GUPBENCH

rc=0
"$top/vm/gate.sh" --base debian-6.12 --cand patched --study quick --boots 2 \
	--out "$TMP/stock-vs-patched" >"$TMP/gate.out" 2>"$TMP/gate.err" || rc=$?
r=$TMP/stock-vs-patched/report.md
[ -s "$r" ] || fail "stock 6.12 against patched 6.12: exit $rc, no report: $(tail -n 40 "$TMP/gate.err")"
# The drains are the same: every count of what the heuristic does.  The
# window's IPIs are not (Debian's cloud config sends about one background
# IPI a call more than the tiny test kernel): the gate judges the pin's.
grep -q "^gate: .* 0 regressed, .* 0 case(s) on one side only" "$r" ||
	fail "unexpected verdict: $(grep '^gate:' "$r")"
[ $rc = 0 ] || [ $rc = 3 ] || fail "stock 6.12 against patched 6.12: exit $rc"
grep -E "^\| [^|]+ \| (pin_failure_rate|drains_local_per_call|drains_all_per_call|wasted_drains_all_per_call|missed_drain_rate) \(" "$r" > "$TMP/drain-rows"
[ "$(wc -l < "$TMP/drain-rows")" -ge 24 ] || fail "too few drain rows: $(wc -l < "$TMP/drain-rows")"
grep -v "| same |" "$TMP/drain-rows" && fail "a drain count differs between stock and patched 6.12"
# The window's IPIs are shown, not gated; the pin's own are (printed where they differ).
grep -E "^\| [^|]+ \| ipis_pin_per_call \(" "$r" | grep -v "| same |" | cut -d'|' -f2,4,5,11 | sed 's/^/pin IPIs differ: /' || true
grep -q "not gated: TCG times" "$r" || fail "TCG times were gated"
# The headline names the two kernels; the mail table is printed and kept.
# The releases are the ones the boots ran (from their envelopes), never a
# version written here: Debian's archive moves.
base_rel=$(release_of "$TMP/stock-vs-patched/base-1.jsonl")
cand_rel=$(release_of "$TMP/stock-vs-patched/cand-1.jsonl")
case $base_rel in *-cloud-amd64) ;; *) fail "the base boot ran '$base_rel', not Debian's cloud kernel" ;; esac
[ "$cand_rel" != "$base_rel" ] || fail "base and cand both ran $base_rel"
head -n 1 "$r" | grep -qF "# gupbench report: the candidate kernel ($cand_rel)" &&
	head -n 1 "$r" | grep -qF "against the base kernel ($base_rel)" ||
	fail "the report's title does not name the kernels $cand_rel and $base_rel: $(head -n 1 "$r")"
# Which source built each side: in kernels.tsv and in the report.
awk -F'\t' '$1 == "base" && $6 ~ /^Debian linux-image-/ { b = 1 }
	$1 == "cand" && $6 ~ /^Debian linux-source-6\.12 .* \+ 2 patch/ { c = 1 }
	END { exit !(b && c) }' "$TMP/stock-vs-patched/kernels.tsv" ||
	fail "kernels.tsv does not name the sources: $(cut -f1,6 "$TMP/stock-vs-patched/kernels.tsv")"
grep -qF -- "- base: $base_rel, built from Debian linux-image-$base_rel " "$r" &&
	grep -qF -- "- cand: $cand_rel, built from Debian linux-source-6.12 $cand_rel" "$r" ||
	fail "the report does not say which source built each kernel: $(grep -A3 '^Kernels:' "$r")"
[ -s "$TMP/stock-vs-patched/report.html" ] || fail "no report.html"
grep -q "^gupbench: the candidate kernel" "$TMP/stock-vs-patched/mail.txt" || fail "no mail.txt"
# (A long kernel line is folded to 80 columns: read it joined.)
sed -e ':a' -e 'N' -e '$!ba' -e 's/\n  / /g' "$TMP/stock-vs-patched/mail.txt" > "$TMP/mail-joined.txt"
grep -qF "kernel cand $cand_rel, built from Debian linux-source-6.12 $cand_rel" "$TMP/mail-joined.txt" &&
	grep -qF "kernel base $base_rel, built from Debian linux-image-$base_rel " "$TMP/mail-joined.txt" ||
	fail "mail.txt does not name the exact kernels: $(head -n 6 "$TMP/stock-vs-patched/mail.txt")"
awk 'length($0) > 80 { exit 1 }' "$TMP/stock-vs-patched/mail.txt" || fail "mail.txt is wider than 80 columns"
cmp -s "$TMP/stock-vs-patched/mail.txt" "$TMP/gate.out" || fail "the gate did not print mail.txt (and only it) on stdout"
grep -q "boots done, .* ETA" "$TMP/gate.err" || fail "no progress line on the terminal"
grep -q "^guest: gupbench" "$TMP/gate.err" || fail "the guest's messages did not reach the terminal"
for c in drain_cost throughput drains failures cdf; do
	[ -s "$TMP/stock-vs-patched/$c.png" ] || fail "no $c chart"
done
grep -qF "base $base_rel" "$TMP/stock-vs-patched/throughput.dat" &&
	grep -qF "cand $cand_rel" "$TMP/stock-vs-patched/throughput.dat" ||
	fail "the charts do not show kernel against kernel"

# A/A: 6 boots of the patched kernel (base and cand are one image).
rc=0
"$top/vm/gate.sh" patched patched --study quick --boots 3 --out "$TMP/aa" 2>"$TMP/aa.err" || rc=$?
[ $rc = 0 ] || [ $rc = 3 ] || fail "A/A gate: exit $rc: $(tail -n 40 "$TMP/aa.err")"
aa_rc=$rc
files=("$TMP"/aa/base-*.jsonl "$TMP"/aa/cand-*.jsonl)
[ ${#files[@]} = 6 ] || fail "A/A: ${#files[@]} boots, expected 6"
alarms=0 inconclusive=0 pairs=0
for ((i = 0; i < 6; i++)); do
	for ((j = i + 1; j < 6; j++)); do
		rc=0
		"$GBSTAT" compare "${files[i]}" "${files[j]}" > "$TMP/pair.txt" || rc=$?
		pairs=$((pairs + 1))
		case $rc in
		0) ;;
		1) alarms=$((alarms + 1)); grep REGRESSED "$TMP/pair.txt" >&2 ;;
		3) inconclusive=$((inconclusive + 1)) ;;
		*) fail "A/A pair $i $j: exit $rc" ;;
		esac
	done
done
echo "vm_gate: A/A over 6 boots, $pairs pairs: $alarms false alarm(s), $inconclusive inconclusive; gate over 3+3 boots: exit $aa_rc"
[ $((alarms * 100)) -le $((5 * pairs)) ] || fail "A/A false alarms: $alarms of $pairs pairs"
