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
		deb=$(ls "$cache"/linux-source-6.12_*.deb 2>/dev/null | tail -n 1 || true)
		if [ -z "$deb" ]; then
			(cd "$cache" && apt-get download linux-source-6.12 >&2) ||
				die "apt-get download linux-source-6.12 failed (run apt-get update?)" 1
			deb=$(ls "$cache"/linux-source-6.12_*.deb | tail -n 1)
		fi
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
