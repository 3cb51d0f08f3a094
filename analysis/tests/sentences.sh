#!/usr/bin/env bash
# Every sentence of the headline is true of every case it names: each row
# a sentence names has the case verdict the sentence claims for all its
# cases, and each metric it names as the price, the gain, the saving or
# the regression was decided so by the gate in every one of those cases
# (headline.tsv: the gate's decisions, row by row and case by case).  No
# row that the gate found changed is left out of the sentences.  Run on
# the recorded main jobs of every schema, where all five verdicts occur.
. "$(dirname "$0")/lib.sh"

report() {	# report DIR RESULTS...: lru against refcount into DIR
	local dir=$1 rc=0
	shift
	mkdir "$dir"
	"$GBSTAT" report "$@" --dir "$dir" --base-policy lru --cand-policy refcount >/dev/null 2>&1 || rc=$?
	case $rc in 0|1|3) ;; *) fail "gbstat report $*: exit $rc" ;; esac
}

verify() {	# verify DIR: its headline sentences against its headline.tsv
	python3 - "$1/report.md" "$1/headline.tsv" "$1/mail.txt" <<'PY'
import csv, re, sys
md, tsv, mail = sys.argv[1:4]
rows = {}
for r in csv.DictReader(open(tsv), delimiter="\t"):
    rows.setdefault(r["row"], []).append(r)
text = open(md).read()
head = text.split("## Headline\n\n", 1)[1].split("\n\n", 1)[0]
sentences = [l[2:] for l in head.splitlines() if l.startswith("- ")]
assert sentences, "no sentences"
unesc = lambda s: re.sub(r"\\(.)", r"\1", s)
def names(s):
    s = re.sub(r" and \d+ more \(the table\)$", "", s)
    parts = re.split(r", | and ", s)
    for p in parts:
        p = unesc(p)
        assert p in rows, "sentence names %r, which is no headline row" % p
    return [unesc(p) for p in parts]
def metrics(s):
    # "all-CPU drains 0 -> 1, local drains 0 -> 1 (fresh), 1 -> 2 (thp)" -> their names
    s = re.sub(r" \([^()]*\)", "", s)
    return [m.group(1) for m in re.finditer(r"([a-zA-Z][a-zA-Z -]*?) [0-9.e+-]+%? -> [0-9.e+-]+%?", s)]
def claim(row_names, case_verdict, metric_names=(), metric_verdict=None):
    for n in row_names:
        for r in rows[n]:
            ok = r["case_verdict"] in case_verdict if isinstance(case_verdict, tuple) else r["case_verdict"] == case_verdict
            assert ok, (n, r["case"], r["case_verdict"], case_verdict)
            checked.add(r["case"])
            if r["metric"] in metric_names:
                assert r["verdict"] == metric_verdict, (n, r["case"], r["metric"], r["verdict"], metric_verdict)
named, checks, checked = set(), 0, set()
for s in sentences:
    m = re.match(r"\S+ fixes (.+?): (.*); the price, per call: (.*)\.$", s)
    if m:
        who = names(m.group(1))
        claim(who, "fixed at a price", metrics(m.group(3)), "price of fewer failures")
        claim(who, "fixed at a price", [x for x in metrics(m.group(2)) if x != "pins failed"], "improved")
        if "pins failed" in m.group(2):
            claim(who, "fixed at a price", ["pins failed"], "improved")
        named.update(who); checks += 1
        continue
    m = re.match(r"\S+ improves (.+?): (.*?) per call(?:, with a cheap local drain in place of all-CPU work \((.*)\))?\.$", s)
    if m:
        who = names(m.group(1))
        claim(who, "improved", metrics(m.group(2)), "improved")
        claim(who, "improved", metrics(m.group(3) or ""), "saving: a local drain for all-CPU work")
        named.update(who); checks += 1
        continue
    m = re.match(r"\S+ regresses (.+?): (.*?)( per call)?(, on pins that fail anyway \((\d+)/(\d+) and (\d+)/(\d+)\))?\.$", s)
    if m:
        who = names(m.group(1))
        claim(who, "regressed", metrics(m.group(2)), "REGRESSED")
        if m.group(4):
            assert m.group(5) == m.group(6) and m.group(7) == m.group(8), s
            claim(who, "regressed", ["pins failed"], "same")
        named.update(who); checks += 1
        continue
    m = re.match(r"(?:The same on (.+?))?(?:; n|N)?(?:othing decided on (.+?), where some cases are undecided: the gate names the calls that would settle them)?\.$", s)
    if m and (m.group(1) or m.group(2)):
        if m.group(1):
            who = names(m.group(1)); claim(who, "same"); named.update(who)
        if m.group(2):
            who = names(m.group(2)); claim(who, ("same", "inconclusive")); named.update(who)
            assert any(r["case_verdict"] == "inconclusive" for n in who for r in rows[n]), who
        checks += 1
        continue
    assert s.startswith("Some rows have no gate verdict"), "a sentence no rule covers: %r" % s
# Every row the gate found changed is in a sentence (or behind "and N more").
more = "more (the table)" in head
for n, rs in rows.items():
    if rs[0]["case_verdict"] in ("regressed", "fixed at a price", "improved") and not more:
        assert n in named, "row %r (%s) is in no sentence" % (n, rs[0]["case_verdict"])
# mail.txt opens with the same conclusions, in plain text.
body = open(mail).read().split("\n\n")[1].replace("\n  ", " ")
assert len(body.splitlines()) == len(sentences), (body, sentences)
print("sentences: %d sentence(s) true of the %d row(s) they name" % (checks, len(named)))
PY
}

n=0
for f in "$fx"/main-job-*.jsonl "$fx/vm-6.12-policies-a.jsonl"; do
	n=$((n + 1))
	report "$tmp/rep-$n" "$f"
	verify "$tmp/rep-$n" || fail "a headline sentence is not true of its rows (${f##*/})"
done
# The checker is not vacuous: a planted lie (extra-ref, a regression,
# said to improve) is caught.
report "$tmp/lie" "$fx/main-job-2026-11-29-schema1-before-wasted-split.jsonl"
sed -i 's/^- refcount improves fresh/- refcount improves extra-ref, fresh/' "$tmp/lie/report.md"
grep -q "^- refcount improves extra-ref, fresh" "$tmp/lie/report.md" || fail "the planted lie did not take"
verify "$tmp/lie" 2>/dev/null && fail "a sentence calling extra-ref improved passed the check"
echo "sentences: all checks passed"
