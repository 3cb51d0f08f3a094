#!/usr/bin/env bash
# Fetch one of Debian's kernel images (no install: apt-get download and
# unpack into the cache) and print its vmlinuz path.
#
# usage: debian-kernel.sh debian-6.1|debian-6.12|debian:PACKAGE
#   debian-6.1   linux-image-cloud-amd64 (bookworm's 6.1)
#   debian-6.12  linux-image-6.12-cloud-amd64
#   debian:PKG   PKG, a linux-image-* package or a meta-package naming one
# exit: 0, 2 not a Debian kernel spec, 4 apt does not have it, 1 download failed
set -euo pipefail
cache=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}
die() { echo "debian-kernel: $1" >&2; exit "${2:-2}"; }

case ${1:-} in
debian-6.1) want=linux-image-cloud-amd64 ;;
debian-6.12) want=linux-image-6.12-cloud-amd64 ;;
debian:*) want=${1#debian:} ;;
*) die "'${1:-}' is not debian-6.1, debian-6.12 or debian:PACKAGE" ;;
esac
[[ $want =~ ^linux-image-[a-z0-9.+~-]+$ ]] || die "'$want' is not a linux-image-* package name"

# A meta-package names the real image in its Depends.
pkg=$want
dep=$(apt-cache depends "$want" 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}')
[ -z "$dep" ] || pkg=$dep
apt-cache show "$pkg" >/dev/null 2>&1 || die "apt has no $pkg (apt-get update?)" 4
dir=$cache/debian/$pkg
if ! ls "$dir"/boot/vmlinuz-* >/dev/null 2>&1; then
	mkdir -p "$cache/debian"
	(cd "$cache/debian" && apt-get download "$pkg" >&2) || die "apt-get download $pkg failed" 1
	deb=$(ls "$cache/debian/${pkg}"_*.deb | head -n 1)
	rm -rf "$dir.tmp" && dpkg-deb -x "$deb" "$dir.tmp" && mv "$dir.tmp" "$dir"
fi
ls "$dir"/boot/vmlinuz-* | head -n 1
