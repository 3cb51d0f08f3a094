# Sourced by build-kernel.sh: the kernel cache, what it holds, its limit.
#
#   kernels/KEY/   images by content key (bzImage or arm64's Image, config, build.log, source)
#   trees/FAMILY/  one build tree per source tree and base config: its
#                  files (src/) and objects (src/.gb-obj/), kept between
#                  builds so a rebuild compiles only what changed
#   ccache/        compiler results, shared by every family
#   src/           Debian's linux-source unpacked once; *.deb as fetched
#
# The trees are what grows (about 2.5 GB each): over the limit the least
# recently used ones go, never the one in use.  ccache keeps its own.

kc_limit_gb=${GB_KERNEL_CACHE_GB:-20}
kc_ccache_size=${GB_CCACHE_SIZE:-5G}

kc_check_limits() {
	[[ $kc_limit_gb =~ ^[1-9][0-9]{0,4}$ ]] ||
		die "GB_KERNEL_CACHE_GB: '$kc_limit_gb' is not a whole number of GiB from 1 to 99999"
	[[ $kc_ccache_size =~ ^[1-9][0-9]{0,4}[MG]$ ]] ||
		die "GB_CCACHE_SIZE: '$kc_ccache_size' is not a size like 5G or 500M"
}

# The compiler (cc) through ccache when it is there, every family the
# same way: kbuild rebuilds all of a tree whose compiler line changes.
# Not in a subshell: the exports are for make.
kc_set_cc() {
	if command -v ccache >/dev/null; then
		export CCACHE_DIR=$cache/ccache CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=$kc_ccache_size
		cc="ccache gcc"
	else
		cc=gcc
	fi
}

kc_kib() { du -sk "$1" 2>/dev/null | cut -f1; }
kc_human() { numfmt --to=iec --from-unit=1024 --suffix=B "${1:-0}"; }

# One line of --cache-info, its size added to total.
kc_row() {	# kc_row DIR WHEN WHAT
	local k
	k=$(kc_kib "$1")
	total=$((total + k))
	printf '  %s  %6s  %s  %s\n' "$(basename "$1")" "$(kc_human "$k")" "$2" "$3"
}

kc_info() {
	local d n f img total=0
	echo "kernel cache: $cache (trees limit ${kc_limit_gb} GiB: GB_KERNEL_CACHE_GB; ccache $kc_ccache_size: GB_CCACHE_SIZE)"
	echo "images:"
	n=0
	for d in "$cache"/kernels/*/; do
		# x86's bzImage or arm64's Image.
		img=
		for f in "$d"bzImage "$d"Image; do
			[ -f "$f" ] && { img=$f; break; }
		done
		[ -n "$img" ] || continue
		n=$((n + 1))
		kc_row "$d" "$(date -r "$img" '+%F %H:%M') $(basename "$img")" "$(head -n 1 "$d/source" 2>/dev/null)"
	done
	[ "$n" -gt 0 ] || echo "  (none)"
	echo "build trees:"
	n=0
	for d in "$cache"/trees/*/; do
		[ -d "$d" ] || continue
		n=$((n + 1))
		kc_row "$d" "used $(date -r "$d/used" '+%F %H:%M' 2>/dev/null || echo never)" \
			"$(cat "$d/what" 2>/dev/null)"
	done
	[ "$n" -gt 0 ] || echo "  (none)"
	if [ -d "$cache/ccache" ] && command -v ccache >/dev/null; then
		kc_row "$cache/ccache" "$(CCACHE_DIR=$cache/ccache ccache --print-stats 2>/dev/null |
			awk -F'\t' '$1=="direct_cache_hit"||$1=="preprocessed_cache_hit"{h+=$2} $1=="cache_miss"{m=$2}
				END{printf "%d hits, %d misses", h, m}')" "(compiler results, all trees)"
	fi
	echo "total: $(kc_human "$total")"
}

# Everything built goes; fetched packages stay (they are inputs).
kc_gc() {
	local before after
	before=$(kc_kib "$cache")
	rm -rf "$cache/kernels" "$cache/trees" "$cache/src" "$cache/ccache" ||
		die "cannot empty $cache" 1
	after=$(kc_kib "$cache")
	echo "build-kernel: emptied the kernel cache: $(kc_human $((before - after))) freed, $(kc_human "$after") of fetched packages kept" >&2
}

# Least recently used trees out until the trees fit the limit.
kc_prune() {	# kc_prune KEEP-FAMILY
	local d used limit=$((kc_limit_gb * 1024 * 1024))
	used=$(kc_kib "$cache/trees")
	local trees=()
	# Oldest first, by modification time; names are the cache's own keys.
	mapfile -t trees < <(ls -1dtr "$cache"/trees/*/ 2>/dev/null)
	for d in ${trees[@]+"${trees[@]}"}; do
		[ "${used:-0}" -gt "$limit" ] || break
		[ "$(basename "$d")" != "$1" ] || continue
		echo "build-kernel: cache over ${kc_limit_gb} GiB: removing the build tree $(basename "$d") ($(cat "$d/what" 2>/dev/null))" >&2
		rm -rf "$d"
		used=$(kc_kib "$cache/trees")
	done
}
