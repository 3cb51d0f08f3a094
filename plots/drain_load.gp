# Drain latency under load: time per lru_add_drain_all (median and p99
# over the calls that drained) against the CPUs with non-empty batches,
# one line per kernel/policy and --load.  A CPU spinning at SCHED_FIFO
# holds its drain work back until RT throttling lets the kworker run,
# which is why the axis is logarithmic.
set multiplot layout 1,2 title "lru_add_drain_all under load (--load)\n".subtitle
set xlabel "CPUs with non-empty batches"
set xtics 1
set logscale y
set key below
set offsets graph 0.05, graph 0.05, graph 0.1, graph 0.05
if (has_drain_load) {
	set title "median"
	set ylabel "time per drain (".unit_us_per_drain_all.")"
	plot for [i=0:ndrainload-1] datadir."/drain_load.dat" index i using 1:2 with linespoints title columnheader(1)
	set title "p99"
	plot for [i=0:ndrainload-1] datadir."/drain_load.dat" index i using 1:3 with linespoints title columnheader(1)
} else {
	unset logscale y
	set label 1 no_data("drain time") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
}
unset multiplot
