#!/usr/bin/env bash
# Build a kernel for gupbench: Debian's linux-source-6.12 (or a tree you
# give), the gupbench.config fragment merged onto a tiny base (for VMs) or
# a distro config (for bare metal), the patches in patches/ applied (and
# any --patch of yours after them).  Results are cached by content: the
# source (Debian's package version; a git tree's revision plus the diff
# and untracked files of its work tree; other trees' file names, sizes
# and times), base config, fragment and patches, never by path, so an
# edit to mm/gup.c is a new build.  Prints the bzImage path on stdout.
#
# usage: build-kernel.sh [--base tiny|distro|CONFIG] [--src TREE[@REV]]
#                        [--patch FILE|DIR]... [--no-patches] [--jobs N]
#                        [--print-key]
# TREE@REV builds that git revision (git archive), not the work tree.
# --print-key prints the cache key (what the build would be stored
# under) and builds nothing.
# A DIR of patches applies its *.patch in name order (git format-patch).
# exit: 0 built or cached, 2 usage, 1 build failed (log path printed)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}
base=tiny
src=
patches=1
extra=()
print_key=0
jobs=$(nproc)

die() { echo "build-kernel: $*" >&2; exit "${2:-2}"; }

while [ $# -gt 0 ]; do
	case $1 in
	--base) base=${2:?}; shift 2 ;;
	--src) src=${2:?}; shift 2 ;;
	--patch)
		[ -n "${2:-}" ] || die "--patch needs a file or a directory"
		if [ -d "$2" ]; then
			for p in "$2"/*.patch; do
				[ -f "$p" ] || die "--patch: no *.patch in '$2'"
				extra+=("$(cd "$(dirname "$p")" && pwd)/$(basename "$p")")
			done
		elif [ -r "$2" ]; then
			extra+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")")
		else
			die "--patch: cannot read '$2'"
		fi
		shift 2 ;;
	--no-patches) patches=0; shift ;;
	--print-key) print_key=1; shift ;;
	--jobs) jobs=${2:?}; shift 2 ;;
	-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
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
	rev=
	if [[ $src == *@* ]] && [ ! -e "$src" ]; then
		rev=${src##*@}
		src=${src%@*}
	fi
	[ -f "$src/Makefile" ] || die "--src: '$src' is not a kernel tree"
	src=$(cd "$src" && pwd)
	is_git=0
	git -C "$src" rev-parse --git-dir >/dev/null 2>&1 && is_git=1
	if [ -n "$rev" ]; then
		[ $is_git = 1 ] || die "--src: '$src' is not a git tree, so @$rev means nothing"
		commit=$(git -C "$src" rev-parse --verify -q "$rev^{commit}") ||
			die "--src: no revision '$rev' in $src"
		src_id="git-tree:$(git -C "$src" rev-parse "$commit^{tree}")"
	elif [ $is_git = 1 ]; then
		# The revision, and what the work tree adds to it.
		src_id="git-worktree:$(git -C "$src" rev-parse HEAD^{tree}):$(
			{ git -C "$src" diff HEAD --binary
			  git -C "$src" ls-files -z -o --exclude-standard |
				(cd "$src" && xargs -0 -r sha256sum); } | sha256sum | cut -c1-16)"
	else
		src_id="files:$(cd "$src" && find . -type f -printf '%P %s %T@\n' |
			LC_ALL=C sort | sha256sum | cut -c1-16)"
	fi
fi

patch_list=()
if [ "$patches" = 1 ]; then
	for p in "$here"/patches/*.patch; do patch_list+=("$p"); done
fi
patch_list+=(${extra[@]+"${extra[@]}"})
key=$( { echo "$src_id"; echo "base:$base"; cat "$here/gupbench.config";
	 [ "$base" = tiny ] || cat "$base";
	 for p in ${patch_list[@]+"${patch_list[@]}"}; do cat "$p"; done;
	 sed -n '/^# cache-version/p' "$0"; } | sha256sum | cut -c1-16)
# cache-version 1: bump when the steps below change what gets built.
out="$cache/kernels/$key"
if [ "$print_key" = 1 ]; then
	echo "$key"
	exit 0
fi
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
elif [ -n "$rev" ]; then
	mkdir -p "$work/tree"
	git -C "$src" archive "$commit" | tar -x -C "$work/tree" ||
		die "git archive $rev failed" 1
	tree="$work/tree"
elif [ $is_git = 1 ]; then
	# The files git knows or would add, as they are now; not .git, not
	# ignored build output.
	mkdir -p "$work/tree"
	(cd "$src" && git ls-files -z -c -o --exclude-standard |
		tar --null -T - --ignore-failed-read -cf - 2>>"$log") |
		tar -x -C "$work/tree" || die "cannot copy $src" 1
	tree="$work/tree"
else
	cp -a "$src" "$work/tree"
	tree="$work/tree"
fi
for p in ${patch_list[@]+"${patch_list[@]}"}; do
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
printf '%s\n' "$src_id" ${patch_list[@]+"${patch_list[@]##*/}"} > "$out/source"
rm -rf "$work"
echo "$out/bzImage"
