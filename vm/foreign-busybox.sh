#!/usr/bin/env bash
# A static busybox of another architecture, for its guests' initramfs:
# busybox-static:ARCH unpacked into the cache (apt-get download, no
# install: the :arm64 package would replace this machine's own), the
# version apt serves today.  Prints its path.
# usage: foreign-busybox.sh arm64
set -euo pipefail
cache=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}
die() { echo "foreign-busybox: $1" >&2; exit "${2:-1}"; }
arch=${1:-}
[[ $arch =~ ^(arm64)$ ]] || die "'$arch' is not an architecture this fetches (arm64)" 2
pkg=busybox-static:$arch
ver=$(apt-cache policy "$pkg" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }')
[ -n "$ver" ] || die "apt has no $pkg (dpkg --add-architecture $arch; apt-get update)" 4
dir=$cache/foreign/busybox-static_${arch}_${ver//:/%3a}
if [ ! -x "$dir/bin/busybox" ]; then
	mkdir -p "$cache/foreign"
	fetch=$(mktemp -d "$cache/foreign/fetch.XXXXXX")
	trap 'rm -rf "$fetch"' EXIT
	said=$(cd "$fetch" && apt-get download "$pkg=$ver" 2>&1) ||
		die "apt-get download $pkg=$ver failed: $(tail -n 1 <<<"$said")"
	dpkg-deb -x "$fetch"/*.deb "$fetch/root" && rm -rf "$dir" && mv -T "$fetch/root" "$dir" ||
		die "cannot unpack $pkg $ver into $dir"
fi
[ -x "$dir/bin/busybox" ] || die "$pkg $ver has no bin/busybox"
echo "$dir/bin/busybox"
