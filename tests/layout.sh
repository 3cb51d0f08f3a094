#!/usr/bin/env bash
# The architecture stays as docs/layout.md draws it (tests/layout.py):
# every include as the folder's "may include" column allows, no include
# cycle, every source folder named.  The check must be able to fail: an
# include from a lower layer to a higher one, planted in a copy of the
# tree, is refused by name.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
python3 "$top/tests/layout.py" "$top" || fail "the layout is not as docs/layout.md draws it"

mkdir "$TMP/tree"
cp -r "$top/bench" "$top/analysis" "$top/docs" "$TMP/tree/"
# system/ is below run/: its files may not know the option table.
sed -i '0,/^#include "/s//#include "..\/run\/options.h"\n#include "/' "$TMP/tree/bench/system/files.c"
rc=0
python3 "$top/tests/layout.py" "$TMP/tree" 2>"$TMP/err" >/dev/null || rc=$?
[ $rc = 1 ] && grep -q "bench/system/files.c includes bench/run/options.h: bench/system/ may include" "$TMP/err" ||
	fail "an upward include was not refused: exit $rc, $(cat "$TMP/err")"
# ... and from the reader to the renderers, in gbstat.
cp -r "$top/analysis" "$TMP/tree2"
mkdir "$TMP/t2" && mv "$TMP/tree2" "$TMP/t2/analysis" && cp -r "$top/bench" "$top/docs" "$TMP/t2/"
sed -i '0,/^#include "/s//#include "..\/render\/report.h"\n#include "/' "$TMP/t2/analysis/read/validate.c"
rc=0
python3 "$top/tests/layout.py" "$TMP/t2" 2>"$TMP/err" >/dev/null || rc=$?
[ $rc = 1 ] && grep -q "analysis/read/validate.c includes analysis/render/report.h" "$TMP/err" ||
	fail "an include from read/ to render/ was not refused: exit $rc, $(cat "$TMP/err")"
echo "layout: planted upward includes are refused by name"
