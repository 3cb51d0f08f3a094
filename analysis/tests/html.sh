#!/usr/bin/env bash
# report.html: the headline first, every chart inline as SVG with how to
# read it, the appendices folded, nothing fetched from anywhere; and a
# real browser (Debian's chromium-headless-shell) draws it with every
# image decoded and no error.
. "$(dirname "$0")/lib.sh"
top=$(cd "$here/../.." && pwd)
command -v gnuplot >/dev/null || { echo "SKIP: no gnuplot (apt-get install gnuplot-nox)" >&2; exit 4; }

a=$fx/vm-6.12-policies-a.jsonl
mkdir "$tmp/rep"
rc=0
"$GBSTAT" report "$a" --dir "$tmp/rep" --base-policy lru --cand-policy refcount >/dev/null || rc=$?
case $rc in 0|1|3) ;; *) fail "gbstat report: exit $rc" ;; esac
"$top/plots/render.sh" "$tmp/rep" || fail "render.sh failed"
"$GBSTAT" html --dir "$tmp/rep" || fail "gbstat html failed"

# The page itself: tags balanced, order as promised, nothing external.
python3 - "$tmp/rep/report.html" "$tmp/rep/report.md" <<'PY' || fail "report.html is not what it should be"
import base64, re, sys
from html.parser import HTMLParser
VOID = {"meta", "img", "br", "hr", "link", "input"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.h2, self.imgs, self.details, self.scripts = [], [], [], 0, 0
        self.in_h2 = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href"):
            assert k not in a or a[k].startswith("data:image/svg+xml;base64,"), (tag, k, a[k][:60])
        if tag == "img":
            self.imgs.append(a)
        self.scripts += tag in ("script", "iframe", "object", "embed", "link")
        self.details += tag == "details"
        if tag == "h2":
            self.in_h2 = True
            self.h2.append("")
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, ("unbalanced", tag, self.stack[-3:])
        self.stack.pop()
        self.in_h2 &= tag != "h2"
    def handle_data(self, d):
        if self.in_h2:
            self.h2[-1] += d
p = P()
ids = re.findall(r'id="([^"]*)"', open(sys.argv[1]).read())
assert len(ids) == len(set(ids)), "headings share an id"
p.feed(open(sys.argv[1]).read())
p.close()
assert not p.stack, p.stack
assert not p.scripts, "script or external element in the page"
assert p.h2[:4] == ["Headline", "Mail-ready summary", "Gate", "Charts"], p.h2
assert p.details == 5, ("appendices folded", p.details)
# Every chart report.md shows is drawn inline; the rest say why not.
shown = len(re.findall(r"^!\[", open(sys.argv[2]).read(), flags=re.M))
assert len(p.imgs) == shown and shown >= 3, (len(p.imgs), shown)
for i in p.imgs:
    svg = base64.b64decode(i["src"].split(",", 1)[1]).decode()
    assert "<svg" in svg and i["alt"], i["alt"]
PY
html=$(cat "$tmp/rep/report.html")
# An emulated run's time charts are left out, with the reason.
grep -q "^Not shown: the runs were emulated (QEMU TCG): pin times are not meaningful.$" "$tmp/rep/report.md" ||
	fail "the TCG pin-time CDF is drawn, or left out without a word"
for how in "How to read it" "refcount regresses extra-ref"; do
	case $html in *"$how"*) ;; *) fail "report.html lacks '$how'" ;; esac
done

# A chart that was not drawn is said, not a broken image.
mkdir "$tmp/nocharts"
cp "$tmp/rep/report.md" "$tmp/nocharts/"
"$GBSTAT" html --dir "$tmp/nocharts" || fail "gbstat html without charts failed"
grep -q 'Chart not drawn: no drains.svg' "$tmp/nocharts/report.html" || fail "a missing chart is not named"
grep -q '<img' "$tmp/nocharts/report.html" && fail "an image without its chart"
# Bad input: one line, exit 2, nothing written.
expect 2 "report.md" html --dir "$tmp/nothing-here"
expect 2 "html takes --dir DIR only" html "$a" --dir "$tmp/rep"

# A real browser: every image decodes, no error fires, and it paints.
browser=$(command -v chromium-headless-shell || command -v chromium || true)
[ -n "$browser" ] || { echo "SKIP: the page checks passed; no headless browser to draw it (apt-get install chromium-headless-shell)" >&2; exit 4; }
python3 - "$tmp/rep/report.html" "$tmp/probe.html" <<'PY'
import sys
s = open(sys.argv[1]).read()
probe = """<script>
var gbErrors = [];
window.addEventListener('error', function (e) { gbErrors.push(e.message || 'load error'); }, true);
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var bad = imgs.filter(function (i) { return !i.complete || i.naturalWidth === 0; }).length;
  document.body.setAttribute('data-check', 'images=' + imgs.length + ' broken=' + bad + ' errors=' + gbErrors.length);
});
</script>"""
open(sys.argv[2], "w").write(s.replace("<head>", "<head>" + probe, 1))
PY
# Root needs --no-sandbox; a fresh profile keeps runs apart.
flags=(--headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" --virtual-time-budget=10000)
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$tmp/probe.html" > "$tmp/dom" 2>"$tmp/browser.err" ||
	fail "$browser failed: $(tail -n 3 "$tmp/browser.err")"
check=$(grep -o 'data-check="[^"]*"' "$tmp/dom" || true)
# Every chart report.md shows (the rest say why not) drawn, none broken.
charts=$(grep -c '^!\[' "$tmp/rep/report.md")
[ "$check" = "data-check=\"images=$charts broken=0 errors=0\"" ] || fail "the browser saw: ${check:-no check (the page did not load)} ($charts charts shown)"
timeout 120 "$browser" "${flags[@]}" --window-size=1280,4000 --screenshot="$tmp/shot.png" \
	"file://$tmp/rep/report.html" > /dev/null 2>>"$tmp/browser.err" || fail "screenshot failed"
# It painted: charts and tables in many colours, not a blank page.
python3 - "$tmp/shot.png" <<'PY' || fail "the screenshot is blank"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        bpp = {2: 3, 6: 4}[ctype]
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp + 1
# Distinct raw byte triples over a sample of rows (filters make them
# differ from pixels, but a blank page has one colour and zero deltas).
seen = set()
for y in range(0, len(raw) // stride, 37):
    row = raw[y * stride + 1:(y + 1) * stride]
    seen.update(row[i:i + 3] for i in range(0, len(row), bpp * 7))
assert len(seen) > 50, len(seen)
PY
echo "html: report.html checked and drawn by $(basename "$browser") ($check)"
