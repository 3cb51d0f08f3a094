# Needed, false-positive and missed drains per scenario: the share of pin
# calls with each, old vs new.  Exact where the kernel has the drain
# tracepoint, from the scenario's ground truth otherwise.
set title "Drain verdicts per pin call (needed / false positive / missed)\n".subtitle
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35
set yrange [0:1.05]
set ylabel "fraction of pin calls (".unit_false_positive_drain_rate.")"
if (has_drains) {
	plot for [i=2:3*nvariants+1] datadir."/drains.dat" using i:xtic(1) title columnheader(i)
} else {
	set label 1 no_data("drain verdicts") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
}
