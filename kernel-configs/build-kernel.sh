#!/usr/bin/env bash
# Build a kernel for gupbench; prints the image's path on stdout (bzImage
# for x86_64, Image for arm64).
set -euo pipefail

usage() {
	cat <<'TXT'
usage: build-kernel.sh [--base tiny|distro|CONFIG] [--src TREE[@REV]]
                       [--src-deb FILE|VERSION]
                       [--patch FILE|DIR]... [--no-patches] [--jobs N]
                       [--arch x86_64|arm64] [--print-key] [--deb]
       build-kernel.sh --cache-info | --gc

Debian's linux-source-6.12 (or the tree you give), the gupbench.config
fragment merged onto a tiny base (for VMs, with vm-host.config: the
host of the nested KVM test) or a distro config (for bare metal), the
patches in patches/ applied, then any --patch of yours.

Images are cached by content: the source (Debian's package version; a
git tree's revision plus its work tree's diff and untracked files; other
trees' file names, sizes and times), base config, fragment and patches,
never by path.  A clean git work tree and TREE@HEAD are the same source.

Builds are incremental: each source tree (and base config) keeps one
build folder, whose files are synced by content, so an edit of mm/gup.c
recompiles mm/gup.c, and switching between revisions or patch sets
recompiles what differs (ccache makes switching back cheap).

  --arch arm64  cross-build for arm64 (gcc-aarch64-linux-gnu), the same
                patches and fragment with arch/arm64.config instead of
                arch/x86_64.config; its own image key and build folder.
                The default is this machine's architecture
  TREE@REV      build that git revision (not the work tree)
  --src-deb     Debian's linux-source-6.12 as a package file or a version
                apt has (6.12.118-1); without it and without --src, the
                version apt serves today (said on stderr)
  --deb         also package it the Debian way (make bindeb-pkg: a
                linux-image .deb with its modules, installed with
                apt-get install ./FILE.deb, which updates the boot loader);
                the .deb paths are printed on stdout after the bzImage
  --patch DIR   applies DIR's *.patch in name order (git format-patch)
  --print-key   print the cache key the build would be stored under; build nothing
  --cache-info  what the cache holds: images, build trees, ccache
  --gc          empty the cache (images, build trees, ccache; fetched packages stay)

Environment: GB_CACHE (default ~/.cache/gupbench), GB_KERNEL_CACHE_GB
(build trees' limit, default 20; the least recently used go first),
GB_CCACHE_SIZE (default 5G).
exit: 0 built or cached, 2 usage, 1 build failed (log path printed)
TXT
}

here=$(cd "$(dirname "$0")" && pwd)
cache=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}
base=tiny src= src_deb= patches=1 print_key=0 action=build jobs=$(nproc) want_deb=0
# x86_64 or arm64 (uname's aarch64), as vm/lib/common.sh's gb_host_arch says it.
host_arch=$(uname -m | sed 's/^aarch64$/arm64/')
arch=$host_arch
extra=()

die() { echo "build-kernel: $1" >&2; exit "${2:-2}"; }
. "$here/lib/ksource.sh"
. "$here/lib/kcache.sh"

while [ $# -gt 0 ]; do
	case $1 in
	--base|--src|--src-deb|--patch|--jobs|--arch)
		[ $# -ge 2 ] && [ -n "$2" ] || die "$1 needs a value (try --help)" ;;
	esac
	case $1 in
	--base) base=$2; shift 2 ;;
	--arch) arch=$2; shift 2 ;;
	--src) src=$2; shift 2 ;;
	--src-deb) src_deb=$2; shift 2 ;;
	--patch)
		if [ -d "$2" ]; then
			for p in "$2"/*.patch; do
				[ -f "$p" ] || die "--patch: no *.patch in '$2'"
				extra+=("$(cd "$(dirname "$p")" && pwd)/$(basename "$p")")
			done
		elif [ -f "$2" ] && [ -r "$2" ]; then
			extra+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")")
		else
			die "--patch: cannot read '$2'"
		fi
		shift 2 ;;
	--no-patches) patches=0; shift ;;
	--print-key) print_key=1; shift ;;
	--deb) want_deb=1; shift ;;
	--jobs) [[ $2 =~ ^[1-9][0-9]{0,3}$ ]] || die "--jobs: '$2' is not a count from 1 to 9999"
		jobs=$2; shift 2 ;;
	--cache-info) action=info; shift ;;
	--check-args) action=check; shift ;;	# run_bench.sh: before installing
	--gc) action=gc; shift ;;
	-h|--help) usage; exit 0 ;;
	*) die "unknown option '$1' (try --help)" ;;
	esac
done
kc_check_limits
case $arch in
x86_64|arm64) ;;
*) die "--arch: '$arch' is not x86_64 or arm64" ;;
esac
# Kbuild's names for it, the image it makes, and a cross compiler when
# this machine is the other architecture.
case $arch in
x86_64) karch=x86_64 image=bzImage image_path=arch/x86/boot/bzImage ;;
arm64) karch=arm64 image=Image image_path=arch/arm64/boot/Image ;;
esac
cross=
[ "$arch" = "$host_arch" ] || cross=$([ "$arch" = arm64 ] && echo aarch64-linux-gnu- || echo x86_64-linux-gnu-)
case $action in
info) kc_info; exit 0 ;;
gc) kc_gc; exit 0 ;;
esac
case $base in
tiny) ;;
distro) base=/boot/config-$(uname -r)
	[ -r "$base" ] || die "no distro config at $base" 4 ;;
*) [ -f "$base" ] && [ -r "$base" ] || die "--base: cannot read '$base'"
   base=$(cd "$(dirname "$base")" && pwd)/$(basename "$base") ;;
esac
if [ -n "$src_deb" ]; then
	[ -z "$src" ] || die "--src-deb and --src name two sources: give one"
	[ -f "$src_deb" ] || [[ $src_deb =~ ^([0-9]+:)?[0-9][A-Za-z0-9.+~-]*$ ]] ||
		die "--src-deb: '$src_deb' is neither a package file nor a Debian version"
	[ ! -f "$src_deb" ] || [ -r "$src_deb" ] || die "--src-deb: cannot read '$src_deb'"
fi
[ -z "$cross" ] || [ "$action" != build ] || command -v "${cross}gcc" >/dev/null ||
	die "--arch $arch: no ${cross}gcc (apt-get install gcc-${cross%-})" 4
[ -z "$cross" ] || [ "$want_deb" = 0 ] || die "--deb: packages a kernel built for this machine, not a cross build (build it on the arm64 server)"
if [ "$action" = check ]; then
	t=$src
	[[ $t == *@* ]] && [ ! -e "$t" ] && t=${t%@*}
	[ -z "$t" ] || [ -f "$t/Makefile" ] || die "--src: '$t' is not a kernel tree"
	exit 0
fi
mkdir -p "$cache" || die "cannot create the cache folder $cache" 1

ks_identify
patch_list=()
if [ "$patches" = 1 ]; then
	for p in "$here"/patches/*.patch; do patch_list+=("$p"); done
fi
patch_list+=(${extra[@]+"${extra[@]}"})
base_id=$([ "$base" = tiny ] && echo tiny || { echo "$base"; cat "$base"; } | sha256sum | cut -c1-16)
# The fragments: gupbench.config, and for the VM kernel (tiny base) also
# vm-host.config, so that one image is both the test guest and the host
# of the nested KVM test (one build, not two).
# An architecture's own lines (arch/), and the nested-KVM host is x86's.
fragments=("$here/gupbench.config" "$here/arch/$arch.config")
[ "$base" != tiny ] || [ "$arch" != x86_64 ] || fragments+=("$here/vm-host.config")
key=$( { echo "$src_id"; echo "base:$base"; echo "arch:$arch"; cat "${fragments[@]}";
	 [ "$base" = tiny ] || cat "$base";
	 for p in ${patch_list[@]+"${patch_list[@]}"}; do cat "$p"; done;
	 sed -n '/^# cache-version/p' "$0"; } | sha256sum | cut -c1-16)
# cache-version 1: bump when the steps below change what gets built.
out="$cache/kernels/$key"
if [ "$print_key" = 1 ]; then
	echo "$key"
	exit 0
fi
# The packages, when asked, are part of what must be cached.
have_debs() { compgen -G "$out/deb/*.deb" > /dev/null; }
# Which source made it, beside the image (written once: same key, same lines).
provenance() {
	[ -s "$out/provenance" ] && return 0
	cat "${fragments[@]}" > "$out/fragment.$$" &&
	ks_provenance "$base" "$out/fragment.$$" "$key" ${patch_list[@]+"${patch_list[@]}"} \
		> "$out/provenance.$$" && mv "$out/provenance.$$" "$out/provenance" &&
		rm -f "$out/fragment.$$" ||
		die "cannot write $out/provenance" 1
}
if [ -f "$out/$image" ] && { [ "$want_deb" = 0 ] || have_debs; }; then
	provenance
	echo "build-kernel: cached $out/$image" >&2
	echo "$out/$image"
	[ "$want_deb" = 0 ] || ls "$out"/deb/*.deb
	exit 0
fi

fam=$cache/trees/$fam_id-$base_id
# The objects and config of each architecture apart, beside one source.
tree=$fam/src obj=$fam/src/.gb-obj cfg=$fam/config
[ "$arch" = x86_64 ] || obj=$fam/src/.gb-obj-$arch cfg=$fam/config-$arch
mkdir -p "$fam" "$tree" || die "cannot create $fam" 1
# One build at a time in a tree (two gates at once would mix objects).
exec 9>"$fam/lock"
flock 9
touch "$fam" "$fam/used"
printf '%s (base %s)\n' "${src:-Debian linux-source: $src_id}" "$base" > "$fam/what"
log=$fam/build.log
: > "$log"
echo "build-kernel: building $key in $fam (log: $log)" >&2
t0=$(date +%s)

# The wanted files (source, then patches) beside the tree, then into it
# by content: only what changed gets a new time and is recompiled.
farm=$fam/wanted
ks_farm "$farm"
for p in ${patch_list[@]+"${patch_list[@]}"}; do
	patch -d "$farm" -p1 --forward --quiet < "$p" >>"$log" 2>&1 ||
		die "patch $(basename "$p") does not apply to $src_id (see $log)" 1
done
ks_sync "$farm" "$tree"
rm -rf "$farm"

kc_set_cc
[ -z "$cross" ] || cc=${cc/gcc/${cross}gcc}
make_k() { make -C "$tree" ARCH=$karch ${cross:+CROSS_COMPILE=$cross} O="$obj" CC="$cc" "$@" >>"$log" 2>&1; }
# The config is made beside the objects and copied in only when it
# differs, so an unchanged config leaves kbuild nothing to redo.
if [ "$base" = tiny ]; then
	make -C "$tree" ARCH=$karch ${cross:+CROSS_COMPILE=$cross} O="$cfg" CC="$cc" tinyconfig >>"$log" 2>&1 ||
		die "make tinyconfig failed (see $log)" 1
else
	mkdir -p "$cfg" && cp "$base" "$cfg/.config"
fi
"$tree/scripts/kconfig/merge_config.sh" -m -O "$cfg" "$cfg/.config" \
	"${fragments[@]}" >>"$log" 2>&1 || die "merge_config failed (see $log)" 1
make -C "$tree" ARCH=$karch ${cross:+CROSS_COMPILE=$cross} O="$cfg" CC="$cc" olddefconfig >>"$log" 2>&1 ||
	die "make olddefconfig failed (see $log)" 1
mkdir -p "$obj"
cmp -s "$cfg/.config" "$obj/.config" || cp "$cfg/.config" "$obj/.config" ||
	die "cannot write $obj/.config" 1
make_k olddefconfig || die "make olddefconfig failed (see $log)" 1

# Every line of the fragments must have survived olddefconfig.
missing=()
while IFS= read -r line; do
	case $line in CONFIG_*=*) grep -qx "$line" "$obj/.config" || missing+=("$line") ;; esac
done < <(cat "${fragments[@]}")
[ ${#missing[@]} -eq 0 ] || die "options that did not survive olddefconfig: ${missing[*]}" 1

echo "build-kernel: make -j$jobs $image for $arch (10-13 minutes on 2 cores from nothing; an edit: what it touches)" >&2
make_k -j"$jobs" $image || die "kernel build failed (see $log)" 1
compiled=$(grep -c '^  CC ' "$log" || true)
if [ ! -f "$out/$image" ]; then
	rm -rf "$out.tmp" && mkdir -p "$out.tmp"
	cp "$obj/$image_path" "$obj/.config" "$log" "$out.tmp/" &&
		mv "$out.tmp/.config" "$out.tmp/config" &&
		printf '%s\n' "$src_id" ${patch_list[@]+"${patch_list[@]##*/}"} > "$out.tmp/source" &&
		mv "$out.tmp" "$out" || die "cannot store the image in $out" 1
fi
if [ "$want_deb" = 1 ]; then
	# Kbuild's own Debian packaging: the .debs land beside the tree.
	echo "build-kernel: make bindeb-pkg (the kernel is built: this packages it and its modules)" >&2
	rm -f "$tree"/*.deb "$tree"/*.buildinfo "$tree"/*.changes
	make_k -j"$jobs" bindeb-pkg || die "make bindeb-pkg failed (see $log)" 1
	rm -rf "$out/deb.tmp" && mkdir -p "$out/deb.tmp" &&
		cp "$tree"/linux-image-*.deb "$out/deb.tmp/" &&
		mv "$out/deb.tmp" "$out/deb" || die "no linux-image .deb from bindeb-pkg (see $log)" 1
fi
provenance
kc_prune "$(basename "$fam")"
echo "build-kernel: built in $(($(date +%s) - t0)) s, $compiled files compiled: $out/$image" >&2
echo "$out/$image"
[ "$want_deb" = 0 ] || ls "$out"/deb/*.deb
