# Pin failure rate per scenario: where the heuristics differ in outcome.
set title "Longterm pin failures per call\n".subtitle
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35
# The labels lean right: room for the last one.
set rmargin 18
set yrange [0:1.05]
set ylabel "failed pins per call (".unit_pin_failure_rate.")"
if (has_failures) {
	plot for [i=2:nvariants+1] datadir."/failures.dat" using i:xtic(1) title columnheader(i)
} else {
	set label 1 no_data("pin outcomes") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
}
