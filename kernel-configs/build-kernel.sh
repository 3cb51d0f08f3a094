#!/usr/bin/env bash
# Build a kernel for gupbench: Debian's linux-source-6.12 (or a tree you
# give), the gupbench.config fragment merged onto a tiny base (for VMs) or
# a distro config (for bare metal), the patches in patches/ applied.
# Results are cached by source version + base + fragment + patches, so a
# second run is instant.  Prints the bzImage path on stdout.
#
# usage: build-kernel.sh [--base tiny|distro|CONFIG] [--src TREE]
#                        [--no-patches] [--jobs N]
# exit: 0 built or cached, 2 usage, 1 build failed (log path printed)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}
base=tiny
src=
patches=1
jobs=$(nproc)

die() { echo "build-kernel: $*" >&2; exit "${2:-2}"; }

while [ $# -gt 0 ]; do
	case $1 in
	--base) base=${2:?}; shift 2 ;;
	--src) src=${2:?}; shift 2 ;;
	--no-patches) patches=0; shift ;;
	--jobs) jobs=${2:?}; shift 2 ;;
	-h|--help) sed -n '2,12p' "$0"; exit 0 ;;
	*) die "unknown option '$1' (try --help)" ;;
	esac
done
case $base in
tiny) ;;
distro) base=/boot/config-$(uname -r)
	[ -r "$base" ] || die "no distro config at $base" 4 ;;
*) [ -r "$base" ] || die "--base: cannot read '$base'" ;;
esac
mkdir -p "$cache"

# The source: Debian's package unless a tree was given.
if [ -z "$src" ]; then
	deb=$(ls "$cache"/linux-source-6.12_*.deb 2>/dev/null | tail -n 1 || true)
	if [ -z "$deb" ]; then
		(cd "$cache" && apt-get download linux-source-6.12 >&2) ||
			die "apt-get download linux-source-6.12 failed (run apt-get update?)" 1
		deb=$(ls "$cache"/linux-source-6.12_*.deb | tail -n 1)
	fi
	src_id=$(basename "$deb" .deb)
else
	[ -f "$src/Makefile" ] || die "--src: '$src' is not a kernel tree"
	src_id="tree:$(cd "$src" && pwd):$(make -s -C "$src" kernelversion 2>/dev/null)"
fi

patch_list=()
if [ "$patches" = 1 ]; then
	for p in "$here"/patches/*.patch; do patch_list+=("$p"); done
fi
key=$( { echo "$src_id"; echo "base:$base"; cat "$here/gupbench.config";
	 [ "$base" = tiny ] || cat "$base";
	 for p in "${patch_list[@]}"; do cat "$p"; done;
	 sed -n '/^# cache-version/p' "$0"; } | sha256sum | cut -c1-16)
# cache-version 1: bump when the steps below change what gets built.
out="$cache/kernels/$key"
if [ -f "$out/bzImage" ]; then
	echo "build-kernel: cached $out/bzImage" >&2
	echo "$out/bzImage"
	exit 0
fi

work="$cache/build-$key"
rm -rf "$work"
mkdir -p "$work"
log="$work/build.log"
echo "build-kernel: building in $work (log: $log)" >&2
if [ -z "$src" ]; then
	dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*/linux-source-6.12.tar.xz' |
		tar -xJ -C "$work" || die "cannot unpack $deb" 1
	tree="$work/linux-source-6.12"
else
	cp -a "$src" "$work/tree"
	tree="$work/tree"
fi
for p in "${patch_list[@]}"; do
	patch -d "$tree" -p1 --forward --quiet < "$p" >>"$log" 2>&1 ||
		die "patch $(basename "$p") does not apply to $src_id (see $log)" 1
done

make_k() { make -C "$tree" ARCH=x86_64 O="$work/obj" "$@" >>"$log" 2>&1; }
if [ "$base" = tiny ]; then
	make_k tinyconfig || die "make tinyconfig failed (see $log)" 1
else
	mkdir -p "$work/obj" && cp "$base" "$work/obj/.config"
fi
"$tree/scripts/kconfig/merge_config.sh" -m -O "$work/obj" "$work/obj/.config" \
	"$here/gupbench.config" >>"$log" 2>&1 || die "merge_config failed (see $log)" 1
make_k olddefconfig || die "make olddefconfig failed (see $log)" 1

# Every line of the fragment must have survived olddefconfig.
missing=()
while IFS= read -r line; do
	case $line in CONFIG_*=*) grep -qx "$line" "$work/obj/.config" || missing+=("$line") ;; esac
done < "$here/gupbench.config"
[ ${#missing[@]} -eq 0 ] || die "options that did not survive olddefconfig: ${missing[*]}" 1

echo "build-kernel: make -j$jobs bzImage (3-5 minutes on 2 cores)" >&2
make_k -j"$jobs" bzImage || die "kernel build failed (see $log)" 1
mkdir -p "$out"
cp "$work/obj/arch/x86/boot/bzImage" "$out/bzImage"
cp "$work/obj/.config" "$out/config"
cp "$log" "$out/build.log"
printf '%s\n' "$src_id" "${patch_list[@]##*/}" > "$out/source"
rm -rf "$work"
echo "$out/bzImage"
