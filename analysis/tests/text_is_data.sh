#!/usr/bin/env bash
# Strings from a results file are data, never code: a file with gnuplot,
# shell and Markdown metacharacters in every free-text field draws its
# charts without running anything and leaves every Markdown table one
# row a line, one cell a column.  Charts with an empty series are drawn
# (saying "no data") instead of failing, and the report states the
# gate's real outcome.
. "$(dirname "$0")/lib.sh"
top=$(cd "$here/../.." && pwd)
command -v gnuplot >/dev/null || { echo "SKIP: no gnuplot (apt-get install gnuplot-nox)" >&2; exit 4; }

canary=$tmp/ran
evil="x\`touch $canary.1\`\"; system(\"touch $canary.2\"); print \"' @evil \$(touch $canary.3) | <script>alert(1)</script> [a](javascript:x) ![i](http://e/i.png) **b** _u_ #h
next"
synth "$tmp/evil-a.jsonl" 12 0 --seed 1 --text "$evil"
synth "$tmp/evil-b.jsonl" 12 0 --seed 2 --text "$evil"
# A path may not hold '/', so this one would create ran.4 where gnuplot
# runs (plots/) or where the test does.
weird="$tmp/it's \`touch ran.4\` dir"
mkdir "$tmp/rep" "$weird"
rc=0
"$GBSTAT" report --dir "$tmp/rep" "$tmp/evil-a.jsonl" -- "$tmp/evil-b.jsonl" > "$tmp/out" || rc=$?
case $rc in 0|3) ;; *) fail "report of the crafted file: exit $rc: $(cat "$tmp/out")" ;; esac
"$top/plots/render.sh" "$tmp/rep" || fail "render.sh failed on the crafted file"
# The directory name reaches gnuplot as an argument, not as source.
cp "$tmp/rep"/*.dat "$tmp/rep/meta.gp" "$weird/"
(cd "$tmp" && "$top/plots/render.sh" "$weird") || fail "render.sh failed in a directory with quotes"
for f in "$tmp"/ran.* "$top/plots/ran.4" "$tmp/ran.4"; do
	[ ! -e "$f" ] || fail "a command from the results file or path ran: $f"
done
for chart in drain_cost throughput drains failures cdf; do
	[ -s "$tmp/rep/$chart.png" ] && [ -s "$tmp/rep/$chart.svg" ] || fail "no $chart chart"
done
# meta.gp holds single-quoted strings of a safe alphabet only.
grep -q '["`@$\\]' <<< "$(grep -v '^#' "$tmp/rep/meta.gp")" && fail "meta.gp has characters gnuplot could expand: $(cat "$tmp/rep/meta.gp")"
# Markdown: no tag, link or image survives, and every table row keeps
# its column count (unescaped pipes only between cells).
python3 - "$tmp/rep/report.md" <<'PY' || fail "report.md carries markup from the results file"
import re, sys
text = open(sys.argv[1]).read()
# Inside a code fence text is shown as it is, never markup (mail.txt may
# hold no backquote, checked below, so nothing closes the fence early).
fences = re.findall(r"^```text\n.*?^```$", text, flags=re.S | re.M)
assert fences, "no mail block"
prose = re.sub(r"^```text\n.*?^```$", "", text, flags=re.S | re.M)
# Markup only where its opening character is not escaped: "\](x)" is
# text, "](x)" would close a link.
for bad in ("<script>", "](javascript:", "![i](", "**b**"):
    assert not re.search(r"(?<!\\)" + re.escape(bad), prose), bad
cols = None
for line in text.splitlines():
    if not line.startswith("|"):
        cols = None
        continue
    n = len(re.findall(r"(?<!\\)\|", line))
    assert cols is None or n == cols, (line, n, cols)
    cols = n
PY

# The mail-ready table: 80 columns, no control character, no backquote
# (it sits in a code fence in report.md).
python3 - "$tmp/rep/mail.txt" <<'PY' || fail "mail.txt carries the results file's text raw"
import sys
for line in open(sys.argv[1]).read().splitlines():
    assert len(line) <= 80 and "`" not in line, line
    assert all(ord(c) >= 0x20 and ord(c) != 0x7f for c in line), repr(line)
PY
# report.html: the crafted text arrives as text (escaped), never as a
# tag, attribute or link; the release named in the headline included.
"$GBSTAT" html --dir "$tmp/rep" || fail "gbstat html failed on the crafted file"
python3 - "$tmp/rep/report.html" <<'PY' || fail "report.html carries markup from the results file"
import sys
from html.parser import HTMLParser
html = open(sys.argv[1]).read()
assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, "the crafted text is not shown as text"
assert "the base kernel (" in html, "no headline naming the kernels"
class P(HTMLParser):
    def handle_starttag(self, tag, attrs):
        assert tag not in ("script", "a", "iframe", "object", "embed", "link"), tag
        for k, v in attrs:
            assert k in ("lang", "charset", "name", "content", "id", "class", "alt", "src"), (tag, k)
            assert k != "src" or v.startswith("data:image/svg+xml;base64,"), v[:80]
P().feed(html)
PY

# IPIs never counted (null in every call): the drain-cost panels draw.
synth "$tmp/null-a.jsonl" 12 0 --seed 3 --null-ipis --drains 1
synth "$tmp/null-b.jsonl" 12 0 --seed 4 --null-ipis --drains 1
mkdir "$tmp/null"
"$GBSTAT" report --dir "$tmp/null" "$tmp/null-a.jsonl" -- "$tmp/null-b.jsonl" >/dev/null || true
grep -q "has_drain_ipis = 0" "$tmp/null/meta.gp" || fail "meta.gp does not say the IPI panel is empty"
"$top/plots/render.sh" "$tmp/null" || fail "render.sh failed on an all-null IPI column"
[ -s "$tmp/null/drain_cost.png" ] || fail "no drain_cost chart with null IPIs"

# The report says what the gate found, and only that.
synth "$tmp/d0.jsonl" 3 0 --seed 5 --drains 0
synth "$tmp/d1.jsonl" 3 0 --seed 6 --drains 1
mkdir "$tmp/g1" "$tmp/g3" "$tmp/g0"
rc=0; "$GBSTAT" report --dir "$tmp/g1" "$tmp/d0.jsonl" -- "$tmp/d1.jsonl" > "$tmp/out" || rc=$?
[ $rc = 1 ] && grep -q "gate: FAIL" "$tmp/out" || fail "report of a regression: exit $rc, $(cat "$tmp/out")"
synth "$tmp/s1.jsonl" 60 0 --seed 8
synth "$tmp/s2.jsonl" 60 0 --seed 9
rc=0; "$GBSTAT" report --dir "$tmp/g0" "$tmp/s1.jsonl" -- "$tmp/s2.jsonl" > "$tmp/out" || rc=$?
[ $rc = 0 ] && grep -q "gate: pass" "$tmp/out" || fail "report of A/A: exit $rc, $(cat "$tmp/out")"
# A gate that cannot run (no case in common) is inconclusive, not a pass.
synth "$tmp/f.jsonl" 3 0 --seed 7 --scenario fresh
rc=0; "$GBSTAT" report --dir "$tmp/g3" "$tmp/d0.jsonl" -- "$tmp/f.jsonl" > "$tmp/out" 2>&1 || rc=$?
[ $rc = 3 ] && grep -q "gate: INCONCLUSIVE" "$tmp/out" || fail "report without a common case: exit $rc, $(cat "$tmp/out")"
grep -q "gate not run" "$tmp/g3/report.md" || fail "report.md does not say the gate did not run"
# gbstat kernel (what the gate compares with the image it booted): a
# release with a tab and a newline is one line of two fields, never more.
synth "$tmp/k.jsonl" 2 0 --release "$(printf '6.12\tx\ny')"
"$GBSTAT" kernel "$tmp/k.jsonl" > "$tmp/k.out" || fail "gbstat kernel refused a file"
[ "$(wc -l < "$tmp/k.out")" = 1 ] && [ "$(awk -F'\t' '{ print NF }' "$tmp/k.out")" = 2 ] ||
	fail "gbstat kernel passed control characters through: $(cat -A "$tmp/k.out")"
echo "text_is_data: all checks passed"
