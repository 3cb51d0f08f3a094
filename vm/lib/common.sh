# Shell helpers the suite's scripts share, each written once: sourced
# (". "$top/vm/lib/common.sh", with $top the suite's folder), never run.
# POSIX sh, as the nested guest's /bin/sh runs them too.  They print and
# return; the caller decides what an answer means for it.

# gb_help FILE: a script's help, the comment block under its #! line.
gb_help() {
	awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$1"
}

# gb_kvm_works [--why]: KVM runs guest code here (vm/kvm-works.py: a
# /dev/kvm that exists is not enough).  --why prints the reason it does
# not on stderr.  GB_KVM_PROBE_TIMEOUT: seconds (default 10).
gb_kvm_works() {
	if [ ! -e /dev/kvm ]; then
		[ "${1:-}" != --why ] || echo "no /dev/kvm" >&2
		return 1
	fi
	timeout "${GB_KVM_PROBE_TIMEOUT:-10}" python3 "$top/vm/kvm-works.py" "$@"
}

# gb_host_arch: this machine's architecture in the suite's (and Debian's,
# kbuild's) words: x86_64 or arm64 (uname says aarch64).
gb_host_arch() { uname -m | sed 's/^aarch64$/arm64/'; }

# gb_image_arch IMAGE: the architecture a kernel image boots, x86_64 or
# arm64, from its header (a bzImage's "HdrS" at 0x202, an arm64 Image's
# "ARMd" at 56); else return 1 with the reason on stdout.
gb_image_arch() {
	if [ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null | tr -d '\0')" = HdrS ]; then
		echo x86_64
	elif [ "$(dd if="$1" bs=1 skip=56 count=4 2>/dev/null | tr -d '\0')" = ARMd ]; then
		echo arm64
	else
		echo "'$1' is neither an x86 bzImage nor an arm64 Image (a compressed arm64 vmlinuz.gz is not booted)"
		return 1
	fi
}

# gb_kernel_spec SPEC: what a kernel argument names, on stdout:
# "patched" (the suite's test kernel, built), "debian" (debian-6.1,
# debian-6.12 or debian:PACKAGE: Debian's image, fetched), "image" (a
# readable file), "tree" (a folder, TREE or TREE@REV); else return 1
# with the reason on stdout.
gb_kernel_spec() {
	case $1 in
	patched) echo patched ;;
	debian-6.1|debian-6.12|debian-6.12-arm64|debian-6.12-arm64-16k) echo debian ;;
	debian:*)
		local pkg=${1#debian:}
		case ${pkg%:arm64} in
		''|[!a-z0-9]*|*[!a-z0-9.+-]*)
			echo "'$1' names no Debian package (debian:linux-image-...)"
			return 1 ;;
		*) echo debian ;;
		esac ;;
	*)
		if [ -f "$1" ] && [ -r "$1" ]; then
			echo image
		elif [ -d "${1%@*}" ]; then
			echo tree
		else
			echo "'$1' is not a kernel image, a kernel tree, patched, debian-6.1, debian-6.12, debian-6.12-arm64(-16k) or debian:PACKAGE"
			return 1
		fi ;;
	esac
}
