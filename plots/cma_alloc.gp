# CMA allocations beside the pins: the whole area allocated while the
# pins are held (cma-alloc) and small chunks allocated while the pin
# migrates (cma-race).  Latency on the left, failures on the right.
set multiplot layout 1,2 title "cma_alloc() beside longterm pins\n".subtitle
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35
# The labels lean right: room for the last one.
set rmargin 18
if (has_cma) {
	set title "latency (".unit_cma_alloc_whole_ms.": whole area, racing p99)"
	set ylabel unit_cma_alloc_whole_ms
	set yrange [0:*]
	plot for [v=0:nvariants-1] for [k=0:1] datadir."/cma_alloc.dat" using (column(2+4*v+k)):xtic(1) title columnheader(2+4*v+k)
	set title "failures (".unit_cma_alloc_whole_failure_rate.")"
	set ylabel "failed allocations"
	set yrange [0:1.05]
	plot for [v=0:nvariants-1] for [k=2:3] datadir."/cma_alloc.dat" using (column(2+4*v+k)):xtic(1) title columnheader(2+4*v+k)
} else {
	set label 1 no_data("CMA allocations (scenarios cma-alloc, cma-race)") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
}
unset multiplot
