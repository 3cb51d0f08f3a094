# gate --explore BUDGET BASE CAND: explore between two kernels (or one
# kernel booted two ways), sourced by vm/gate.sh, whose variables,
# run_vm, check_ran, say, unusable and finish it uses.
#
# A kernel cannot run the other's calls, so the search goes in rounds:
# gupbench explore --rounds (on this machine: it runs nothing) plans a
# round's candidates, one boot of each kernel runs the same list
# (gupbench run --candidates), gbstat candidates reads each boot's
# values back, and the planner, replaying the search from its seed and
# every round's values, plans the next round or writes the findings
# (bench/run/explore_rounds.h).  Everything stays in $out/rounds.
explore_kernels() {
	local dir=$out/rounds planner=${GUPBENCH:-$top/build/bench/gupbench}
	local next code k plan ncand calls side bz ver app file boots=0
	[ -x "$planner" ] || usage "no gupbench at $planner: build first (run_bench.sh build)"
	mkdir -p "$dir" || unusable "cannot create $dir"
	say "explore: base against cand (each its own drain policy), $explore pin calls, a boot of each a round"
	while :; do
		code=0
		next=$("$planner" explore "${study_args[@]}" --explore "$explore" --rounds "$dir" 2>"$dir/planner.err") ||
			code=$?
		case $next in
		"round "*) ;;
		"done "*) break ;;
		*) say "explore: the planner stopped (exit $code): $(head -n 1 "$dir/planner.err")"; finish 2 ;;
		esac
		read -r _ k plan ncand calls <<<"$next"
		say "explore: round $k: $ncand candidates, $calls calls each on each kernel"
		for side in base cand; do
			bz=${side}_bz ver=${side}_ver app=${side}_append
			file=$dir/round-$k.$side.jsonl
			rc=0
			"$run_vm" --kernel "${!bz}" ${arch_args[@]+"${arch_args[@]}"} --smp "$smp" --mem "$mem" \
				--cmdline "$preset" ${!app:+--append "${!app}"} ${timeout:+--timeout "$timeout"} \
				--out "$file" -- run "${study_args[@]}" --warmup 0 --candidates "$plan" --quiet \
				> "$dir/round-$k.$side.summary.txt" || rc=$?
			[ -s "$file" ] || unusable "explore: round $k, $side: the boot gave no results (run-vm exit $rc)"
			check_ran "$file" "${!ver}" ||
				unusable "explore: round $k, $side: the guest did not run the kernel given (image says '${!ver}')"
			# The strict reader's values; written whole or not at all.
			"$gbstat" candidates "$file" > "$dir/round-$k.$side.tsv.tmp" 2>"$dir/round-$k.$side.gbstat.err" &&
				mv "$dir/round-$k.$side.tsv.tmp" "$dir/round-$k.$side.tsv" ||
				unusable "explore: round $k, $side: its results could not be read: $(head -n 1 "$dir/round-$k.$side.gbstat.err")"
			boots=$((boots + 1))
		done
	done
	# The planner's verdict: 0 nothing worse, 1 a finding where cand is worse.
	cp "$dir/findings.txt" "$out/gate.txt" || unusable "cannot write $out/gate.txt"
	{
		printf '## Explore: where the kernels differ\n\n'
		printf 'Base against cand, each with its own drain policy: %s boots in %s rounds (kernels: kernels.tsv).\n\n' "$boots" "$k"
		# The planner's own text (recipes, case names, numbers), in a block as it is.
		printf '```\n'
		cat "$dir/findings.txt"
		printf '```\n'
	} > "$out/report.md" || unusable "cannot write $out/report.md"
	cat "$out/gate.txt" >&2
	say "explore: $([ "$code" = 1 ] && echo "FAIL: cand is worse than base in a page state above" || echo "pass: no page state where cand is worse"); $out/gate.txt, $out/report.md"
	finish "$code"
}
