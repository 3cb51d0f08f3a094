#!/usr/bin/env bash
# Fetch one of Debian's kernel images (no install: apt-get download and
# unpack into the cache) and print its vmlinuz path.
#
# usage: debian-kernel.sh debian-6.1|debian-6.12|debian-6.12-arm64|debian-6.12-arm64-16k|debian:PACKAGE
#   debian-6.1   linux-image-cloud-amd64 (bookworm's 6.1)
#   debian-6.12  linux-image-6.12-cloud-amd64
#   debian-6.12-arm64      linux-image-6.12-arm64:arm64 (4K pages)
#   debian-6.12-arm64-16k  linux-image-6.12-arm64-16k:arm64 (16K pages)
#   debian:PKG   PKG, a linux-image-* package or a meta-package naming one
#                (PKG:arm64 for another architecture's)
# exit: 0, 2 not a Debian kernel spec, 4 apt does not have it, 1 download failed
set -euo pipefail
cache=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}
die() { echo "debian-kernel: $1" >&2; exit "${2:-2}"; }

case ${1:-} in
debian-6.1) want=linux-image-cloud-amd64 ;;
debian-6.12) want=linux-image-6.12-cloud-amd64 ;;
debian-6.12-arm64) want=linux-image-6.12-arm64:arm64 ;;
debian-6.12-arm64-16k) want=linux-image-6.12-arm64-16k:arm64 ;;
debian:*) want=${1#debian:} ;;
*) die "'${1:-}' is not debian-6.1, debian-6.12, debian-6.12-arm64, debian-6.12-arm64-16k or debian:PACKAGE" ;;
esac
[[ $want =~ ^linux-image-[a-z0-9.+~-]+(:arm64)?$ ]] || die "'$want' is not a linux-image-* package name"
# Another architecture's packages are there only once dpkg knows it.
[[ $want != *:arm64 ]] || dpkg --print-foreign-architectures | grep -qx arm64 ||
	die "apt has no arm64 packages: dpkg --add-architecture arm64 && apt-get update (run_bench.sh build-arm64 does both)" 4

# A meta-package names the real image in its Depends.
pkg=$want
dep=$(apt-cache depends "$want" 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}')
[ -z "$dep" ] || pkg=$dep
# The version apt serves today: a fetched image of another version is
# another kernel, kept apart.
ver=$(apt-cache policy "$pkg" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }')
[ -n "$ver" ] || die "apt has no $pkg (apt-get update?)" 4
[[ $ver =~ ^([0-9]+:)?[0-9][A-Za-z0-9.+~-]*$ ]] || die "apt gives $pkg the version '$ver'" 1
dir=$cache/debian/${pkg//:/_}_${ver//:/%3a}
if ! ls "$dir"/boot/vmlinuz-* >/dev/null 2>&1; then
	mkdir -p "$cache/debian/fetch.$$"
	trap 'rm -rf "$cache/debian/fetch.$$" "$dir.tmp.$$"' EXIT
	said=$(cd "$cache/debian/fetch.$$" && apt-get download "$pkg=$ver" 2>&1) ||
		die "apt-get download $pkg=$ver failed: $(tail -n 1 <<<"$said")" 1
	deb=$(ls "$cache/debian/fetch.$$"/*.deb | head -n 1)
	# Which package made the image, for the results (bench/system/ksource.c).
	rm -rf "$dir.tmp.$$" && dpkg-deb -x "$deb" "$dir.tmp.$$" &&
		printf 'kind debian-image\npackage %s\nversion %s\nsha256 %s\n' "$pkg" "$ver" \
			"$(sha256sum < "$deb" | cut -d' ' -f1)" > "$dir.tmp.$$/provenance" &&
		mv -T "$dir.tmp.$$" "$dir" || die "cannot unpack $pkg $ver into $dir" 1
fi
echo "debian-kernel: $pkg $ver" >&2
ls "$dir"/boot/vmlinuz-* | head -n 1
