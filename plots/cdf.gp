# Pin latency CDFs as small multiples: a panel per scenario (pooled over
# pinners, placements and CPU counts), a line per kernel/policy, so each
# panel compares the policies on one page state.  Panel p, variant v is
# index p * nvariants + v of cdf.dat; the panels' names are cdf_panels.
if (ncdf > 0) {
	cols = ncdf < 4 ? ncdf : 4
	rows = (ncdf + cols - 1) / cols
	set multiplot layout rows,cols title "Pin latency distribution by scenario (".unit_pin_us.", log x)\n".subtitle
	set logscale x
	set yrange [0:1.02]
	set ytics 0.5
	set format x "%g"
	set xtics font ",7"
	set key bottom right font ",7"
	do for [p=0:ncdf-1] {
		set title word(cdf_panels, p + 1) font ",9"
		# The policies named once, in the first panel.
		if (p > 0) { unset key }
		plot for [v=0:nvariants-1] datadir."/cdf.dat" index p*nvariants+v using 1:2 with steps \
			lt v+1 title columnheader(1)
	}
	unset multiplot
} else {
	set title "Pin latency distribution\n".subtitle
	set label 1 no_data("pin time") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
}
