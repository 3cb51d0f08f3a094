#!/usr/bin/env bash
# build-kernel.sh rebuilds incrementally and never serves a stale object.
# After the patched kernel is built once, a one-line mm/gup.c change
# compiles a handful of files (counted in the build log, not timed), and
# the image carries the change.  Then the hazard of incremental builds:
# mm/gup.c goes back to content built before (image A, evicted, rebuilt
# after B) and must be recompiled; A's image carries A's line, not B's.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/kernel-configs/build-kernel.sh
cache=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}
command -v rsync >/dev/null || skip "no rsync (./run_bench.sh deps)"

"$build" > "$TMP/patched" 2>"$TMP/patched.err" || fail "the patched kernel did not build: $(tail -n 3 "$TMP/patched.err")"
# The source the image was built from (its provenance), not whichever
# version the cache happens to list first.
ver=$(awk '$1 == "version" { print $2 }' "$(dirname "$(cat "$TMP/patched")")/provenance")
[ -n "$ver" ] || fail "the image has no provenance naming its linux-source version"
src_id=linux-source-6.12_${ver//:/%3a}_all
tree=$cache/trees/deb-$src_id-tiny/src
pristine=$cache/src/$src_id/linux-source-6.12
[ -f "$tree/mm/gup.c" ] && [ -f "$pristine/mm/gup.c" ] ||
	fail "no build tree or unpacked Debian source under $cache"

# mm/gup.c as the patched kernel has it (the build tree holds whatever
# was built last), then a patch that adds one line to it.  The line is
# new in every run of this test, so the build is never cached.
mkdir -p "$TMP/base/mm"
# Every file the patches touch that Debian's source has (0001 touches
# mm/swap.c and mm/internal.h beside mm/gup.c; 0002 adds a header).
for f in $(sed -n 's|^+++ b/||p' "$top"/kernel-configs/patches/*.patch | sort -u); do
	[ -f "$pristine/$f" ] || continue
	mkdir -p "$TMP/base/$(dirname "$f")"
	cp "$pristine/$f" "$TMP/base/$f"
done
for p in "$top"/kernel-configs/patches/*.patch; do
	patch -d "$TMP/base" -p1 --quiet < "$p" || fail "$(basename "$p") does not apply to Debian's source"
done
nonce=$(date +%s%N)-$$
marker_patch() {	# marker_patch NAME
	mkdir -p "$TMP/$1/a/mm" "$TMP/$1/b/mm"
	cp "$TMP/base/mm/gup.c" "$TMP/$1/a/mm/gup.c"
	{ cat "$TMP/base/mm/gup.c"
	  echo "const char gupbench_marker_$1[] __used = \"gupbench-marker-$1-$nonce\";"; } > "$TMP/$1/b/mm/gup.c"
	(cd "$TMP/$1" && diff -u a/mm/gup.c b/mm/gup.c > "$TMP/$1.patch") && fail "diff saw no change"
	[ -s "$TMP/$1.patch" ] || fail "cannot make the $1 patch"
}
marker_patch A
marker_patch B

# The strings of an image: its vmlinux, out of the bzImage.
image_has() {	# image_has BZIMAGE TEXT
	"$tree/scripts/extract-vmlinux" "$1" > "$TMP/vmlinux" 2>/dev/null ||
		fail "cannot extract vmlinux from $1"
	grep -c -a -F -- "$2" "$TMP/vmlinux" || true
}
compiled() { grep -c '^  CC ' "$1" || true; }

bz_a=$("$build" --patch "$TMP/A.patch" 2>"$TMP/A.err") || fail "A did not build: $(tail -n 3 "$TMP/A.err")"
log_a=$(dirname "$bz_a")/build.log
n_a=$(compiled "$log_a")
echo "one line added to mm/gup.c: $n_a files compiled ($(grep -o 'built in [0-9]* s' "$TMP/A.err"))"
grep -q '^  CC      mm/gup.o$' "$log_a" || fail "mm/gup.c was not recompiled"
[ "$n_a" -ge 1 ] && [ "$n_a" -le 10 ] ||
	fail "a one-line change compiled $n_a files (a full build is ~1000): not incremental"
[ "$(image_has "$bz_a" "gupbench-marker-A-$nonce")" -ge 1 ] || fail "image A does not carry its change"

bz_b=$("$build" --patch "$TMP/B.patch" 2>"$TMP/B.err") || fail "B did not build: $(tail -n 3 "$TMP/B.err")"
[ "$(image_has "$bz_b" "gupbench-marker-B-$nonce")" -ge 1 ] || fail "image B does not carry its change"
[ "$(image_has "$bz_b" "gupbench-marker-A-$nonce")" = 0 ] || fail "image B still carries A's line"

# A again, its image gone: mm/gup.c returns to content it had before.
rm -rf "$(dirname "$bz_a")"
bz_a2=$("$build" --patch "$TMP/A.patch" 2>"$TMP/A2.err") || fail "A did not rebuild: $(tail -n 3 "$TMP/A2.err")"
grep -q '^  CC      mm/gup.o$' "$(dirname "$bz_a2")/build.log" ||
	fail "going back to an earlier mm/gup.c did not recompile it (a stale object)"
[ "$(image_has "$bz_a2" "gupbench-marker-A-$nonce")" -ge 1 ] || fail "rebuilt A does not carry A's line"
[ "$(image_has "$bz_a2" "gupbench-marker-B-$nonce")" = 0 ] || fail "rebuilt A carries B's line: a stale object"

# The plain patched kernel is still the cached image, untouched.
[ "$("$build" 2>/dev/null)" = "$(cat "$TMP/patched")" ] || fail "the patched kernel's image moved"
[ "$(image_has "$(cat "$TMP/patched")" "gupbench-marker-")" = 0 ] || fail "the patched image carries a test line"

# What the cache holds is listed, with this tree in it.
"$build" --cache-info > "$TMP/info" || fail "--cache-info failed"
grep -q "^build trees:" "$TMP/info" && grep -q "deb-.*-tiny" "$TMP/info" ||
	fail "--cache-info does not list the build tree: $(cat "$TMP/info")"
# Test images go; the cache keeps what the other tests use.
rm -rf "$(dirname "$bz_a2")" "$(dirname "$bz_b")"
# Which Debian source: the one built, named again by version or by its
# package file, is the same image; the build says which it took and why.
k0=$("$build" --print-key 2>"$TMP/k0.err") || fail "--print-key: $(cat "$TMP/k0.err")"
grep -qF "build-kernel: linux-source-6.12 $ver (" "$TMP/k0.err" || fail "the build did not say which version it took: $(cat "$TMP/k0.err")"
k1=$("$build" --src-deb "$ver" --print-key 2>"$TMP/k1.err") || fail "--src-deb $ver: $(cat "$TMP/k1.err")"
grep -q "pinned with --src-deb" "$TMP/k1.err" || fail "--src-deb VERSION not said: $(cat "$TMP/k1.err")"
k2=$("$build" --src-deb "$cache/$src_id.deb" --print-key 2>"$TMP/k2.err") || fail "--src-deb FILE: $(cat "$TMP/k2.err")"
grep -q "the package file given" "$TMP/k2.err" || fail "--src-deb FILE not said: $(cat "$TMP/k2.err")"
[ "$k0" = "$k1" ] && [ "$k1" = "$k2" ] || fail "one source, three keys: $k0 $k1 $k2"
rc=0; "$build" --src-deb 0.0.1-1 --print-key >/dev/null 2>"$TMP/k3.err" || rc=$?
[ $rc = 1 ] && [ "$(wc -l < "$TMP/k3.err")" = 1 ] && grep -q "linux-source-6.12=0.0.1-1 failed: .*0.0.1-1" "$TMP/k3.err" ||
	fail "--src-deb of a version apt lacks: exit $rc: $(cat "$TMP/k3.err")"
echo "kernel_incremental: all checks passed"
