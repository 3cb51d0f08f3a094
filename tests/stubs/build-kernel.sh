#!/usr/bin/env bash
# Stand-in for kernel-configs/build-kernel.sh in the gate's tests: the
# "kernel" of a tree is a file saying how many drains per call its pins
# make (the tree's file `drains`); a tree with a file `broken` fails to
# build.  Prints the image path like the real one.
set -euo pipefail
src=
while [ $# -gt 0 ]; do
	case $1 in
	--src) src=$2; shift 2 ;;
	--patch) shift 2 ;;
	*) shift ;;
	esac
done
[ -n "$src" ] || { echo "stub build: the patched kernel is not stubbed" >&2; exit 1; }
[ ! -e "$src/broken" ] || { echo "stub build: $src does not build" >&2; exit 1; }
img=$STUB_DIR/image-$(cat "$src/drains")
echo "drains=$(cat "$src/drains")" > "$img"
echo "$img"
