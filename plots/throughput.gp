# Pin throughput per placement and scenario, old vs new side by side.
set title "Pin throughput (median per call)\n".subtitle
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35
# The labels lean right: room for the last one.
set rmargin 18
set ylabel "pages pinned per second (".unit_pages_per_s.")"
if (has_throughput) {
	plot for [i=2:nvariants+1] datadir."/throughput.dat" using i:xtic(1) title columnheader(i)
} else {
	set label 1 no_data("pin throughput") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
}
