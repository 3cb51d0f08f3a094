#!/usr/bin/env bash
# Which source built a kernel image: the provenance lines the kernel cache
# keeps beside its images (kernel-configs/build-kernel.sh: Debian's
# linux-source version and SHA-256 or a tree and revision, base config,
# fragment and patch hashes; vm/debian-kernel.sh: Debian's image package
# and version), as bench/system/ksource.c reads them.  Read only from
# inside the cache, so a file planted beside a kernel given by path
# speaks for nothing: such a kernel is its SHA-256 alone.
#
# usage: kernel-provenance.sh IMAGE        the lines, on stdout
#        kernel-provenance.sh --line IMAGE one line for people and kernels.tsv
# exit: 0, 2 usage, 1 unreadable image
set -euo pipefail
cache=${GB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gupbench}
line=0
[ "${1:-}" != --line ] || { line=1; shift; }
[ $# = 1 ] || { echo "usage: kernel-provenance.sh [--line] IMAGE" >&2; exit 2; }
[ -f "$1" ] && [ -r "$1" ] || { echo "kernel-provenance: cannot read '$1'" >&2; exit 1; }

lines() {
	local d c f
	d=$(cd "$(dirname "$1")" && pwd -P)
	c=$(cd "$cache" 2>/dev/null && pwd -P) || c=
	for f in "$d/provenance" "$(dirname "$d")/provenance"; do
		[ -n "$c" ] && [[ $f == "$c"/* ]] && [ -f "$f" ] && [ ! -L "$f" ] &&
			{ head -c 8192 "$f"; return 0; }
	done
	printf 'kind image-file\nsha256 %s\n' "$(sha256sum < "$1" | cut -d' ' -f1)"
}
if [ $line = 0 ]; then
	lines "$1"
	exit 0
fi
# "Debian linux-source-6.12 6.12.118-1 (sha256 1a2b3c4d...) + 2 patches"
lines "$1" | awk '
	{ v = $0; sub(/^[^ ]+ /, "", v) }
	$1 == "kind" { kind = v } $1 == "package" { pkg = v } $1 == "version" { ver = v }
	$1 == "sha256" { sum = substr(v, 1, 12) } $1 == "tree" { tree = v }
	$1 == "revision" { rev = v } $1 == "patch" { np++ }
	$1 == "fragment_sha256" { frag = substr(v, 1, 12) }
	END {
		if (kind == "tree") s = tree " @ " rev
		else if (kind == "image-file") s = "image file"
		else s = "Debian " pkg " " ver
		if (sum != "") s = s " (sha256 " sum ")"
		if (frag != "") s = s ", fragment " frag
		if (np) s = s " + " np " patch(es)"
		print s
	}' | tr -d '\t\r'
