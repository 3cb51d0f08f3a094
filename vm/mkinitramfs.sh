#!/usr/bin/env bash
# Build the gupbench initramfs: busybox (static), gupbench and exactly the
# shared libraries it loads (from ldd, and the rxe verbs provider it
# dlopens), /init, and the argument file.
# usage: mkinitramfs.sh GUPBENCH OUT.cpio.gz [gupbench args...]
# GB_ARCH=arm64: an aarch64 gupbench (cmake/aarch64-linux-gnu.cmake), its
# libraries from Debian's multiarch /usr/lib/aarch64-linux-gnu and
# busybox-static:arm64 unpacked into the cache (installing it would
# remove this machine's own busybox-static).
set -euo pipefail
gupbench=${1:?gupbench binary}
out=${2:?output file}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
arch=${GB_ARCH:-x86_64}
die() { echo "mkinitramfs: $1" >&2; exit "${2:-4}"; }
case $arch in
x86_64)
	busybox=$(command -v busybox) || die "no busybox (apt-get install busybox-static)"
	case $(ldd "$busybox" 2>&1 || true) in
	*"not a dynamic"*) ;;
	*) die "$busybox is not static (apt-get install busybox-static)" ;;
	esac ;;
arm64)
	busybox=$("$here/foreign-busybox.sh" arm64) || exit $? ;;
*) die "GB_ARCH: '$arch' is not x86_64 or arm64" 2 ;;
esac

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc}
cp "$busybox" "$root/bin/busybox"
# Another architecture's busybox cannot run here to list its applets:
# the guest's /init installs them (busybox --install) before anything else.
if [ "$arch" = x86_64 ]; then
	for applet in $("$busybox" --list); do
		[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
	done
else
	ln -s busybox "$root/bin/sh"
fi
cp "$gupbench" "$root/bin/gupbench"
# Each library at the path the dynamic loader will look for it.
if [ "$arch" = x86_64 ]; then
	ldd "$gupbench" | awk '/=> \// {print $3} /^\t\/[^ ]+ \(/ {print $1}'
else
	"$here/foreign-libs.sh" "$gupbench" /usr/lib/aarch64-linux-gnu/libibverbs/librxe-rdmav*.so
fi | while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
# libibverbs loads its device providers with dlopen (ldd cannot see them):
# rxe's, for the pinner "rdma" on soft-RoCE, with the file naming it.
multiarch=$([ "$arch" = arm64 ] && echo aarch64-linux-gnu || echo x86_64-linux-gnu)
for provider in /usr/lib/$multiarch/libibverbs/librxe-rdmav*.so; do
	[ -e "$provider" ] || continue
	mkdir -p "$root$(dirname "$provider")" "$root/etc/libibverbs.d"
	cp -L "$provider" "$root$provider"
	cp /etc/libibverbs.d/rxe.driver "$root/etc/libibverbs.d/"
done
cp "$here/guest-init.sh" "$root/init"
# The VM's plan (vm/plan/gbvmplan), for the results' envelope ("vm").
[ -z "${GB_VM_PLAN:-}" ] || cp "$GB_VM_PLAN" "$root/vm-plan.txt"
# Which source built the kernel (run-vm.sh), for the envelope's kernel.source.
[ -z "${GB_KERNEL_SOURCE:-}" ] || cp "$GB_KERNEL_SOURCE" "$root/kernel-source.txt"
# gupbench run --candidates: the host's list, at the path run-vm.sh gives the guest.
[ -z "${GB_CANDIDATES:-}" ] || cp "$GB_CANDIDATES" "$root/candidates.txt"
# A test's guest script, run by /init instead of gupbench (run-vm --script).
[ -z "${GB_GUEST_SCRIPT:-}" ] || cp "$GB_GUEST_SCRIPT" "$root/gupbench.script"
# run-vm --host-root: the script runs in a chroot on the host's files.
[ -z "${GB_HOST_ROOT:-}" ] || : > "$root/host-root"
chmod +x "$root/init"
printf '%s\n' "$@" > "$root/gupbench.args"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
