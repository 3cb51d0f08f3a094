#!/usr/bin/env bash
# Build the gupbench initramfs: busybox (static), gupbench and exactly the
# shared libraries it loads (from ldd, and the rxe verbs provider it
# dlopens), /init, and the argument file.
# usage: mkinitramfs.sh GUPBENCH OUT.cpio.gz [gupbench args...]
# GB_ARCH=arm64: an aarch64 gupbench (cmake/aarch64-linux-gnu.cmake), its
# libraries from Debian's multiarch /usr/lib/aarch64-linux-gnu and
# busybox-static:arm64 unpacked into the cache (installing it would
# remove this machine's own busybox-static).
# GB_GUEST_PYTHON=1 (run-vm --guest-kvm): also Debian's python3 of the
# guest's architecture, unpacked (vm/foreign-packages.sh), and
# vm/kvm-works.py as /vm/kvm-works.py, so a test's script can ask the
# KVM probe in the guest what it would say on a server of that kind.
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
	busybox=$("$here/foreign-packages.sh" arm64 busybox-static)/bin/busybox || exit $?
	[ -x "$busybox" ] || die "busybox-static:arm64 has no bin/busybox" ;;
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
if [ "${GB_GUEST_PYTHON:-}" = 1 ]; then
	debarch=$([ "$arch" = arm64 ] && echo arm64 || echo amd64)
	# python3.X as Debian names it today (python3-minimal's pre-dependency).
	py=$(apt-cache depends "python3-minimal:$debarch" 2>/dev/null |
		sed -n 's/^ *PreDepends: \(python3\.[0-9]*\)-minimal.*/\1/p' | head -n 1)
	[ -n "$py" ] || die "apt names no python3.X-minimal:$debarch (apt-get update)"
	# With the libraries the interpreter and ctypes need that a host
	# with only the suite's :arm64 -dev packages lacks (expat, ffi), by
	# the names apt gives them today.
	libs=$(apt-cache depends "$py-minimal:$debarch" "lib$py-stdlib:$debarch" 2>/dev/null |
		sed -n 's/^ *Depends: \(lib\(expat\|ffi\)[0-9]*\)\(:[a-z0-9]*\)\?$/\1/p' | sort -u)
	[ -n "$libs" ] || die "apt names no expat or ffi library for $py:$debarch (apt-get update)"
	pyroots=$("$here/foreign-packages.sh" "$debarch" "$py-minimal" "lib$py-minimal" "lib$py-stdlib" $libs) || exit $?
	for d in $pyroots; do
		cp -a "$d/." "$root/" || die "cannot copy $d into the initramfs" 1
	done
	ln -sf "$py" "$root/usr/bin/python3"
	# The libraries the interpreter and the modules the probe imports
	# load; those the unpacked packages brought are in place already.
	multiarch=$([ "$arch" = arm64 ] && echo aarch64-linux-gnu || echo x86_64-linux-gnu)
	GB_FOREIGN_ROOTS=$pyroots "$here/foreign-libs.sh" "$root/usr/bin/$py" \
		"$root"/usr/lib/"$py"/lib-dynload/{_ctypes,mmap}.cpython-*-"$multiarch".so |
	while read -r lib; do
		for d in $pyroots; do
			case $lib in "$d"/*) continue 2 ;; esac
		done
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
	mkdir -p "$root/vm"
	cp "$here/kvm-works.py" "$root/vm/kvm-works.py"
fi
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
