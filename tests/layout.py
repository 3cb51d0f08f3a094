#!/usr/bin/env python3
"""The architecture as docs/layout.md draws it, checked on a source tree.

usage: layout.py TOP

Every #include of bench/ and analysis/ (their tests/ aside) follows the
"may include" column of the folder's row; no module (a .c and its .h)
includes one that includes it back; every folder that holds sources is
named on the page.  Exit 1 naming the first include, cycle or folder
that breaks it.
"""
import os, re, sys

top = sys.argv[1]
os.chdir(top)
page = open("docs/layout.md").read()

# The rows of the two tables: folder -> the tokens of its last cell.
rules = {}
section = None
for line in page.splitlines():
    m = re.match(r"## (bench|analysis)/", line)
    if m:
        section = m.group(1)
    elif line.startswith("## "):
        section = None
    if not section or not line.startswith("| `"):
        continue
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    folder = re.match(r"`([^`]+)`", cells[0]).group(1).rstrip("/")
    folder = section if folder == section else section + "/" + folder
    rules[folder] = (cells[-1], re.findall(r"`([^`]+)`", cells[-1]))

def layer_of(path):
    """bench/cases/scenarios/x.c -> bench/cases; bench/gb.h -> bench."""
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else parts[0]

def allowed(src, dst):
    a, b = layer_of(src), layer_of(dst)
    if a == b:
        return True
    if dst == "bench/gb.h" and a.startswith("bench/") and a != "bench/lib":
        return True
    text, tokens = rules[a]
    if text.startswith("everything"):
        return not any(dst.endswith("/" + t) or dst == t for t in tokens)
    if text in ("anything",):
        return True
    program = a.split("/")[0]
    for t in tokens:
        target = t if t.split("/")[0] in ("bench", "analysis", "plots") else program + "/" + t
        if t.endswith("/") and dst.startswith(target):
            return True
        if dst == target:
            return True
    return False

deps, folders, problems = {}, set(), []
for tree in ("bench", "analysis"):
    for root, _, files in os.walk(tree):
        for f in sorted(files):
            if not f.endswith((".c", ".h", ".def")):
                continue
            folders.add(root)
            p = os.path.join(root, f)
            mod = os.path.splitext(p)[0]
            tests = "tests" in root.split("/")
            for inc in re.findall(r'#include "([^"]+)"', open(p).read()):
                t = os.path.normpath(os.path.join(root, inc))
                if not os.path.exists(t):
                    continue	# generated in the build tree
                if not tests and layer_of(p) in rules and not allowed(p, t):
                    problems.append("%s includes %s: %s/ may include %s" %
                                    (p, t, layer_of(p), rules[layer_of(p)][0]))
                tm = os.path.splitext(t)[0]
                if tm != mod:
                    deps.setdefault(mod, set()).add(tm)

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
    if c:
        problems.append("include cycle: " + " -> ".join(c))
        break
for d in sorted(folders):
    last = d.split("/")[-1]
    if "`%s/`" % last not in page and "`%s/`" % d not in page:
        problems.append("docs/layout.md does not name " + d)
    elif "tests" not in d.split("/") and layer_of(d + "/x") not in rules:
        problems.append("docs/layout.md has no row with what %s may include" % d)
if problems:
    for p in problems:
        print("layout: " + p, file=sys.stderr)
    sys.exit(1)
print("layout: %d modules, every include as docs/layout.md allows, no cycle; %d folders, each named"
      % (len(deps), len(folders)))
