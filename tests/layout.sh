#!/usr/bin/env bash
# The architecture stays as docs/layout.md draws it: no include cycle
# between modules (a .c and its .h are one), and every folder of
# bench/ and analysis/ that holds sources is named on that page.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
python3 - "$top" <<'PY' || fail "the layout has a cycle or an unnamed folder"
import os, re, sys
top = sys.argv[1]
os.chdir(top)
deps, folders = {}, set()
for tree in ("bench", "analysis"):
    for root, _, files in os.walk(tree):
        for f in files:
            if not f.endswith((".c", ".h", ".def")):
                continue
            folders.add(root)
            p = os.path.join(root, f)
            mod = os.path.splitext(p)[0]
            for inc in re.findall(r'#include "([^"]+)"', open(p).read()):
                t = os.path.splitext(os.path.normpath(os.path.join(root, inc)))[0]
                if t != mod:
                    deps.setdefault(mod, set()).add(t)
def cycle_from(start):
    stack, seen = [(start, [start])], set()
    while stack:
        n, path = stack.pop()
        for m in deps.get(n, ()):
            if m == start:
                return path + [m]
            if m not in seen:
                seen.add(m)
                stack.append((m, path + [m]))
for mod in sorted(deps):
    c = cycle_from(mod)
    assert not c, "include cycle: " + " -> ".join(c)
page = open("docs/layout.md").read()
for d in sorted(folders):
    last = d.split("/")[-1]
    assert "`%s/`" % last in page or "`%s/`" % d in page, "docs/layout.md does not name " + d
print("layout: %d modules, no include cycle; %d folders, each named" % (len(deps), len(folders)))
PY
