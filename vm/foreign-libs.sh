#!/usr/bin/env bash
# The shared libraries an ELF file of another architecture loads, and its
# dynamic loader, one path a line: ldd cannot run it, so its DT_NEEDED
# entries are resolved by name, recursively, in Debian's multiarch folders
# for the file's machine (readelf reads any architecture).
# usage: foreign-libs.sh ELF... (the first a program, the rest dlopen()ed)
# GB_FOREIGN_ROOTS: folders of unpacked packages (vm/foreign-packages.sh)
# searched as well, after this machine's own; a library found there is
# printed at its path in that folder.
set -euo pipefail
die() { echo "foreign-libs: $1" >&2; exit "${2:-1}"; }
[ $# -gt 0 ] || die "usage: foreign-libs.sh ELF..." 2
case $(readelf -h "$1" 2>/dev/null | awk -F: '/Machine:/ { gsub(/^ +/, "", $2); print $2 }') in
AArch64) triplet=aarch64-linux-gnu ;;
"Advanced Micro Devices X86-64") triplet=x86_64-linux-gnu ;;
*) die "$1: not an ELF file of a machine this knows (AArch64, x86-64)" 2 ;;
esac
dirs=(/lib/$triplet /usr/lib/$triplet)
for r in ${GB_FOREIGN_ROOTS:-}; do
	dirs+=("$r/lib/$triplet" "$r/usr/lib/$triplet")
done
interp=$(readelf -l "$1" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
[ -n "$interp" ] || die "$1: no program interpreter (a static program needs no libraries)" 2
[ -e "$interp" ] || die "$1 needs $interp, which this machine lacks (the :${triplet%%-*} libc6; run_bench.sh deps)" 4
echo "$interp"
declare -A seen=()
todo=("$@")
while [ ${#todo[@]} -gt 0 ]; do
	elf=${todo[0]}
	todo=("${todo[@]:1}")
	for lib in $(readelf -d "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -z "${seen[$lib]:-}" ] || continue
		path=
		for d in "${dirs[@]}"; do
			[ -e "$d/$lib" ] && { path=$d/$lib; break; }
		done
		[ -n "$path" ] || die "$elf needs $lib, found in none of ${dirs[*]}" 4
		seen[$lib]=$path
		echo "$path"
		todo+=("$path")
	done
done
