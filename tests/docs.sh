#!/usr/bin/env bash
# The front door and the manuals: the README stays short and keeps its
# two commands on top; every link in it and in docs/ leads somewhere;
# each script's help is its whole header; and both manual pages render
# with man and hold exactly the options their tool's help lists (one
# table makes both).
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
man_dir=$(cd "$(dirname "$GUPBENCH")/.." && pwd)/man

n=$(wc -l < "$top/README.md")
[ "$n" -le 150 ] || fail "README.md has $n lines (at most 150: the rest belongs in docs/)"
# The two set-up commands, first in the first code block, as written.
first=$(awk '/^```/ { if (inside) exit; inside = 1; next } inside' "$top/README.md" | sed 's/ *#.*//')
[ "$first" = "$(printf './run_bench.sh\n./run_bench.sh test')" ] ||
	fail "the README's first code block is not the two commands: $first"

# Every relative link resolves.
python3 - "$top" <<'PY' || fail "a broken link in the README or docs/"
import os, re, sys
top = sys.argv[1]
pages = [os.path.join(top, "README.md"), os.path.join(top, "CONTRIBUTING.md")] + [os.path.join(top, "docs", f)
         for f in os.listdir(os.path.join(top, "docs")) if f.endswith(".md")]
for page in pages:
    for target in re.findall(r"\]\(([^)#\s]+)", open(page).read()):
        if "://" in target:
            continue
        path = os.path.normpath(os.path.join(os.path.dirname(page), target))
        assert os.path.exists(path), (page, target)
PY

# A script's help is its header comment, whole: its last line included.
for s in run_bench.sh:help vm/gate.sh:--help vm/run-vm.sh:--help vm/nested-kvm.sh:--help; do
	script=${s%%:*} flag=${s#*:}
	want=$(awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); last = $0; next } NR > 1 { print last; exit }' "$top/$script")
	got=$("$top/$script" "$flag" | tail -n 1)
	[ "$got" = "$want" ] || fail "$script $flag ends with '$got', its header with '$want'"
done

# The manual pages: they render, and hold every option help lists.
command -v man >/dev/null || skip "the checks above passed; no man to render the pages (apt-get install man-db)"
for tool in gupbench gbstat; do
	page=$man_dir/$tool.1
	[ -s "$page" ] || fail "no $page (the build makes it)"
	MANWIDTH=100 man -l "$page" 2>"$TMP/$tool.err" | col -b > "$TMP/$tool.txt" || fail "man -l $page failed"
	[ ! -s "$TMP/$tool.err" ] || fail "man -l $page warned: $(head -n 3 "$TMP/$tool.err")"
	grep -q "^EXAMPLE" "$TMP/$tool.txt" || fail "$tool.1 has no EXAMPLE"
	bin=$([ $tool = gupbench ] && echo "$GUPBENCH" || echo "$GBSTAT")
	"$bin" help | grep -o -- '--[a-z][a-z-]*' | sort -u > "$TMP/$tool.help"
	grep -o -- '--[a-z][a-z-]*' "$TMP/$tool.txt" | sort -u > "$TMP/$tool.man"
	missing=$(comm -23 "$TMP/$tool.help" "$TMP/$tool.man" | tr '\n' ' ')
	[ -z "$missing" ] || fail "$tool.1 lacks options its help lists: $missing"
done
grep -q "wasted_drains_all_per_call" "$TMP/gbstat.txt" || fail "gbstat.1 does not list the metrics"
echo "docs: README $n lines, links resolve, help whole, both man pages render with every option"
