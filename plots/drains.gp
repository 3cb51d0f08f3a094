# Drains per scenario, old vs new, by cost: all-CPU drains (a work on
# every CPU with a batch) and, beside them, how many were wasted; local
# drains (the pinning CPU alone) and their wasted share; and the share of
# calls that missed a drain.  So fresh shows its all-CPU drain become a
# local one.  Exact where the kernel has the drain tracepoint, from the
# scenario's ground truth otherwise.
set title "Drains per pin call: all-CPU and local, each with its wasted part, and missed\n".subtitle
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35
# The labels lean right: room for the last one.
set rmargin 18
set yrange [0:*]
# Room above the tallest bar.
set offsets 0, 0, graph 0.05, 0
set ylabel "per pin call (share of calls; drains per call)"
if (has_drains) {
	# A colour per kernel/policy, a fill per kind: all-CPU solid, its
	# wasted part hatched, local dense, its wasted part sparse, missed open.
	plot for [i=2:5*nvariants+1] datadir."/drains.dat" using i:xtic(1) title columnheader(i) \
		lt ((i-2)/5+1) fs pattern word("3 4 2 5 1", (i-2)%5+1)+0
} else {
	set label 1 no_data("drain verdicts") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
}
