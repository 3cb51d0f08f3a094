# Pin latency CDF, one line per scenario, kernel/policy and CPU count.
set title "Pin latency distribution\n".subtitle
set xlabel "pin call time (".unit_pin_us.", log scale)"
set ylabel "fraction of calls"
set yrange [0:1.02]
set key outside right top font ",7"
if (ncdf > 0) {
	set logscale x
	plot for [i=0:ncdf-1] datadir."/cdf.dat" index i using 1:2 with steps title columnheader(1)
} else {
	set label 1 no_data("pin time") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
}
