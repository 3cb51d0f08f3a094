#!/usr/bin/env bash
# Debian packages of another architecture (or of this one, apart from
# this machine's own), for a guest's initramfs: each unpacked into the
# cache (apt-get download and dpkg-deb -x, never installed: an :arm64
# busybox-static or python3.X-minimal would replace this machine's own),
# at the version apt serves today.  Prints each package's folder, one a
# line, in the order asked.
# usage: foreign-packages.sh ARCH PKG...   (ARCH: arm64 or amd64)
set -euo pipefail
cache=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}
die() { echo "foreign-packages: $1" >&2; exit "${2:-1}"; }
arch=${1:-}
[[ $arch =~ ^(arm64|amd64)$ ]] || die "'$arch' is not an architecture this fetches (arm64, amd64)" 2
shift
[ $# -gt 0 ] || die "usage: foreign-packages.sh ARCH PKG..." 2
for name in "$@"; do
	[[ $name =~ ^[a-z0-9][a-z0-9.+-]+$ ]] || die "'$name' is not a package name" 2
	pkg=$name:$arch
	ver=$(apt-cache policy "$pkg" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }')
	[ -n "$ver" ] || die "apt has no $pkg (dpkg --add-architecture $arch; apt-get update)" 4
	dir=$cache/foreign/${name}_${arch}_${ver//:/%3a}
	if [ ! -d "$dir/usr" ] && [ ! -d "$dir/bin" ]; then
		mkdir -p "$cache/foreign"
		fetch=$(mktemp -d "$cache/foreign/fetch.XXXXXX")
		said=$(cd "$fetch" && apt-get download "$pkg=$ver" 2>&1) || {
			rm -rf "$fetch"; die "apt-get download $pkg=$ver failed: $(tail -n 1 <<<"$said")"; }
		# Unpacked aside and moved whole: an interrupted fetch leaves no
		# half a package under the name a later run would trust.
		dpkg-deb -x "$fetch"/*.deb "$fetch/root" && rm -rf "$dir" && mv -T "$fetch/root" "$dir" || {
			rm -rf "$fetch"; die "cannot unpack $pkg $ver into $dir"; }
		rm -rf "$fetch"
	fi
	echo "$dir"
done
