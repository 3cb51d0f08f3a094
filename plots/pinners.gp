# Pin latency by concurrent pinners: the measured pinner's median and p99
# against how many threads pinned at once (--pinners), one line per
# kernel/policy.  They meet in lru_add_drain_all()'s mutex.
set multiplot layout 1,2 title "Pin latency by concurrent pinners (--pinners)\n".subtitle
set xlabel "pinning threads"
set xtics 1
set key below
set offsets graph 0.05, graph 0.05, graph 0.1, graph 0.05
if (has_pinners) {
	set title "median"
	set ylabel "pin time (".unit_pin_us.")"
	plot for [i=0:npinners-1] datadir."/pinners.dat" index i using 1:2 with linespoints title columnheader(1)
	set title "p99"
	plot for [i=0:npinners-1] datadir."/pinners.dat" index i using 1:3 with linespoints title columnheader(1)
} else {
	set label 1 no_data("a sweep of --pinners") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
}
unset multiplot
