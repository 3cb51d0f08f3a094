# Sourced by build-kernel.sh: what a kernel source is (its identity, the
# image key's first line), which persistent build folder it shares (its
# family), and how its files reach that folder.
#
# Kbuild rebuilds by file times.  A tree copied afresh for every build
# gives every file a new time and rebuilds all of it; copying with the
# source's times is worse: a file put back to an older version keeps an
# older time than its object, and make silently keeps the stale object
# (a gate's base image would carry the candidate's code).  So each
# family keeps one build tree, and a build syncs it by content: a file
# whose bytes changed gets a new time, every other file keeps its own.

# ks_identify: from $src (empty: Debian's package) sets src_kind
# (deb|gitrev|gitwork|dir), src_id, fam_id, and for the kinds that need
# them deb, commit, src (made absolute).
ks_identify() {
	local is_git=0 rev= diff_sum
	if [ -z "$src" ]; then
		ks_debian_source
		src_kind=deb
		src_id=$(basename "$deb" .deb)
		fam_id=deb-$src_id
		return
	fi
	if [[ $src == *@* ]] && [ ! -e "$src" ]; then
		rev=${src##*@}
		src=${src%@*}
	fi
	[ -f "$src/Makefile" ] || die "--src: '$src' is not a kernel tree"
	src=$(cd "$src" && pwd -P)
	# One build folder per tree, whichever revision or work-tree state
	# is built in it: switching between them recompiles only what differs.
	fam_id=tree-$(printf '%s' "$src" | sha256sum | cut -c1-16)
	git -C "$src" rev-parse --git-dir >/dev/null 2>&1 && is_git=1
	if [ -n "$rev" ]; then
		[ $is_git = 1 ] || die "--src: '$src' is not a git tree, so @$rev means nothing"
		commit=$(git -C "$src" rev-parse --verify -q "$rev^{commit}") ||
			die "--src: no revision '$rev' in $src"
		src_kind=gitrev
		src_id="git-tree:$(git -C "$src" rev-parse "$commit^{tree}")"
		return
	fi
	if [ $is_git = 1 ] && [ -z "$(git -C "$src" ls-files -c -o --exclude-standard -- Makefile)" ]; then
		# Debian's linux-source ships a .gitignore of '/*': git sees no
		# source at all.  Keyed and copied by its files instead.
		echo "build-kernel: $src: git's ignore rules hide its sources (Makefile is ignored): built from its files, not from git (to use git: git add -A -f . && git commit)" >&2
		is_git=0
	fi
	if [ $is_git = 1 ]; then
		src_kind=gitwork
		# A clean work tree is its HEAD: the same key as TREE@HEAD.
		if [ -z "$(git -C "$src" diff HEAD --name-only)" ] &&
		   [ -z "$(git -C "$src" ls-files -o --exclude-standard | head -n 1)" ]; then
			src_id="git-tree:$(git -C "$src" rev-parse HEAD^{tree})"
			return
		fi
		diff_sum=$( { git -C "$src" diff HEAD --binary
			      git -C "$src" ls-files -z -o --exclude-standard |
				(cd "$src" && xargs -0 -r sha256sum); } |
			    sha256sum | cut -c1-16)
		src_id="git-worktree:$(git -C "$src" rev-parse HEAD^{tree}):$diff_sum"
		return
	fi
	src_kind=dir
	src_id="files:$(cd "$src" && find . -path ./.git -prune -o -type f -printf '%P %s %T@\n' |
		LC_ALL=C sort | sha256sum | cut -c1-16)"
}

# ks_deb_of VERSION: the fetched linux-source-6.12 .deb of that version
# in the cache, if any (file names escape an epoch's colon: asked of the
# package itself).
ks_deb_of() {
	local f
	for f in "$cache"/linux-source-6.12_*.deb; do
		[ -f "$f" ] && [ "$(dpkg-deb -f "$f" Version 2>/dev/null)" = "$1" ] && { echo "$f"; return 0; }
	done
	return 1
}

# ks_debian_source: sets deb to Debian's linux-source-6.12 package to
# build: --src-deb's file or version, else the version apt serves today
# (not whichever was fetched first: Debian's archive moves, and a study
# must say which it built).  Says which it took and why.
ks_debian_source() {
	local ver= why f newest= said
	if [ -n "$src_deb" ] && [ -f "$src_deb" ]; then
		deb=$(cd "$(dirname "$src_deb")" && pwd)/$(basename "$src_deb")
		[ "$(dpkg-deb -f "$deb" Package 2>/dev/null)" = linux-source-6.12 ] ||
			die "--src-deb: '$src_deb' is not a linux-source-6.12 package"
		why="the package file given"
	elif [ -n "$src_deb" ]; then
		ver=$src_deb
		why="pinned with --src-deb"
	else
		ver=$(apt-cache policy linux-source-6.12 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }')
		why="the newest apt serves; pin one with --src-deb VERSION"
	fi
	if [ -z "${deb:-}" ] && [ -n "$ver" ]; then
		deb=$(ks_deb_of "$ver") || {
			said=$(cd "$cache" && apt-get download "linux-source-6.12=$ver" 2>&1) ||
				die "apt-get download linux-source-6.12=$ver failed: $(tail -n 1 <<<"$said") (apt-cache policy linux-source-6.12 lists the versions apt has)" 1
			deb=$(ks_deb_of "$ver") || die "apt-get download gave no linux-source-6.12 $ver" 1
		}
	elif [ -z "${deb:-}" ]; then
		# apt lists nothing (no apt-get update yet): the newest fetched.
		for f in "$cache"/linux-source-6.12_*.deb; do
			[ -f "$f" ] || continue
			[ -z "$newest" ] || dpkg --compare-versions "$(dpkg-deb -f "$f" Version)" gt \
				"$(dpkg-deb -f "$newest" Version)" && newest=$f
		done
		[ -n "$newest" ] || die "apt has no linux-source-6.12 and none was fetched (apt-get update)" 1
		deb=$newest
		why="apt lists no linux-source-6.12 (apt-get update): the newest fetched before"
	fi
	deb_version=$(dpkg-deb -f "$deb" Version) || die "cannot read $deb" 1
	echo "build-kernel: linux-source-6.12 $deb_version ($why)" >&2
}

# ks_provenance BASE FRAGMENT KEY PATCHES...: which source, base config,
# fragment and patches make the image, as lines bench/system/ksource.c
# reads (kept beside the image; run-vm.sh hands it to the guest, whose
# results carry it as kernel.source).
ks_provenance() {
	local base=$1 frag=$2 key=$3 p sum
	shift 3
	case $src_kind in
	deb)
		sum=$deb.sha256
		[ -s "$sum" ] && [ "$sum" -nt "$deb" ] || sha256sum < "$deb" | cut -d' ' -f1 > "$sum" ||
			die "cannot write $sum" 1
		printf 'kind debian-source\npackage linux-source-6.12\nversion %s\nsha256 %s\n' \
			"$deb_version" "$(cat "$sum")" ;;
	gitrev) printf 'kind tree\ntree %s\nrevision %s\n' "$src" "$commit" ;;
	gitwork) printf 'kind tree\ntree %s\nrevision %s%s\n' "$src" "$(git -C "$src" rev-parse HEAD)" \
			"$([[ $src_id == git-worktree:* ]] && echo " + work tree ${src_id##*:}")" ;;
	dir) printf 'kind tree\ntree %s\nrevision %s\n' "$src" "$src_id" ;;
	esac
	printf 'base %s\nfragment_sha256 %s\n' "$base" "$(sha256sum < "$frag" | cut -d' ' -f1)"
	for p in "$@"; do
		printf 'patch %s %s\n' "$(basename "$p")" "$(sha256sum < "$p" | cut -d' ' -f1)"
	done
	printf 'image_key %s\n' "$key"
}

# ks_farm DIR: the source's files as DIR, hard-linked where the file
# system allows (patches write new files, so the originals are safe).
ks_farm() {
	local farm=$1 pristine
	rm -rf "$farm"
	case $src_kind in
	deb)
		pristine=$cache/src/$src_id
		if [ ! -f "$pristine/.unpacked" ]; then
			rm -rf "$pristine" && mkdir -p "$pristine"
			dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*/linux-source-6.12.tar.xz' |
				tar -xJ -C "$pristine" || die "cannot unpack $deb" 1
			: > "$pristine/.unpacked"
		fi
		ks_link_tree "$pristine/linux-source-6.12" "$farm" ;;
	gitrev)
		# A checkout of its own, moved from revision to revision by git
		# (only files that differ are rewritten), never the user's index.
		mkdir -p "$fam/rev"
		GIT_INDEX_FILE=$fam/rev.index git -C "$src" --work-tree="$fam/rev" \
			read-tree --reset -u "$commit" >>"$log" 2>&1 ||
			die "git read-tree $commit into $fam/rev failed (see $log)" 1
		ks_link_tree "$fam/rev" "$farm" ;;
	gitwork)
		# What git tracks or would add, as it is now; not deleted files.
		mkdir -p "$farm"
		(cd "$src" && LC_ALL=C comm -z -23 \
			<(git ls-files -z -c -o --exclude-standard | sort -z -u) \
			<(git ls-files -z -d | sort -z -u) |
			cpio -p -0 -d -l --quiet "$farm" 2>>"$log") ||
			die "cannot copy the files of $src (see $log)" 1 ;;
	dir)
		ks_link_tree "$src" "$farm" ;;
	esac
	rm -rf "$farm/.git"
}

ks_link_tree() {	# ks_link_tree FROM TO
	cp -al "$1" "$2" 2>/dev/null || { rm -rf "$2"; cp -a "$1" "$2"; } ||
		die "cannot copy $1 (disk full?)" 1
}

# ks_sync FARM TREE: TREE's files become FARM's, by content; the build
# folder inside TREE stays.
ks_sync() {
	rsync -rlp --checksum --delete --exclude=/.gb-obj/ "$1"/ "$2"/ >>"$log" 2>&1 ||
		die "rsync into $2 failed (see $log)" 1
}
