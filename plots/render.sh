#!/usr/bin/env bash
# Render every chart of plots/ from the data gbstat wrote into DIR, as PNG
# and SVG next to it; or only CHART (e.g. trend, which gbstat trend --dir
# writes the data of).  usage: plots/render.sh DIR [CHART]
# The directory reaches gnuplot as a call argument (gnuplot -c), never
# inside gnuplot source, and meta.gp holds only single-quoted strings
# gbstat cut to a safe alphabet: nothing in a path or a results file can
# run as a command.
set -euo pipefail
[ $# = 1 ] || [ $# = 2 ] && [ -n "$1" ] || { echo "render: usage: plots/render.sh DIR [CHART]" >&2; exit 2; }
only=${2:-}
[ -z "$only" ] || [ "$only" = trend ] || grep -q "^CHART($only," "$(dirname "$0")/charts.def" ||
	{ echo "render: no chart '$only' (plots/charts.def, or trend)" >&2; exit 2; }
# "-" is a folder named "-", not cd's OLDPWD; and a name ending in a
# newline keeps it (command substitution strips trailing newlines).
arg=$1
case $arg in /*) ;; *) arg=./$arg ;; esac
dir=$(cd "$arg" && pwd && echo x) || { echo "render: no folder '$1'" >&2; exit 2; }
dir=${dir%$'\n'x}
here=$(cd "$(dirname "$0")" && pwd)
command -v gnuplot >/dev/null || { echo "render: no gnuplot (apt-get install gnuplot-nox)" >&2; exit 4; }
[ -f "$dir/meta.gp" ] || { echo "render: $dir has no meta.gp: run gbstat data first" >&2; exit 2; }
cd "$here"
# The charts, from the one list of them (plots/charts.def).
charts=${only:-$(sed -n 's/^CHART(\([a-z_]*\),.*/\1/p' charts.def)}
[ -n "$charts" ] || { echo "render: no chart in plots/charts.def" >&2; exit 2; }
for chart in $charts; do
	for fmt in png svg; do
		gnuplot -c chart.gp "$dir" "$fmt" "$dir/$chart.$fmt" "$chart" 2>"$dir/$chart.$fmt.log" ||
			{ echo "render: $chart.$fmt failed: $(head -3 "$dir/$chart.$fmt.log")" >&2; exit 1; }
		[ -s "$dir/$chart.$fmt.log" ] || rm -f "$dir/$chart.$fmt.log"
	done
done
