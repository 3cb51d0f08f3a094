# Drain cost against CPU count: time per lru_add_drain_all call of the
# pin's, and the per-CPU works it queued and the IPIs the pinning task
# sent inside it; one line per kernel/policy.
set multiplot layout 1,3 title "Cost of one lru_add_drain_all of the pin's by CPUs the scenario filled a batch on\n".subtitle
set xlabel "CPUs the scenario filled a batch on"
set xtics 1
set key top left inside
set ylabel "time per drain (".unit_us_per_drain_all.")"
if (has_drain_us) {
	plot for [i=0:nvariants-1] datadir."/drain_cost.dat" index i using 1:2 with linespoints title columnheader(1)
} else {
	set label 1 no_data("drain time") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
	unset label 1
}
set ylabel "works the pin queued per drain (".unit_works_pin_per_drain_all.")"
if (has_drain_works) {
	if (has_other_node) {
		# NUMA: the works that ran on other nodes than the pinning CPU's, dashed.
		plot for [i=0:nvariants-1] datadir."/drain_cost.dat" index i using 1:3 with linespoints title columnheader(1), \
		     for [i=0:nvariants-1] datadir."/drain_cost.dat" index i using 1:5 with linespoints dashtype 2 title "on other nodes"
	} else {
		plot for [i=0:nvariants-1] datadir."/drain_cost.dat" index i using 1:3 with linespoints title columnheader(1)
	}
} else {
	set label 1 no_data("per-CPU works") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
	unset label 1
}
set ylabel "IPIs the pin sent per drain (".unit_ipis_pin_per_drain_all.")"
if (has_drain_ipis) {
	plot for [i=0:nvariants-1] datadir."/drain_cost.dat" index i using 1:4 with linespoints title columnheader(1)
} else {
	set label 1 no_data("IPIs") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
	unset label 1
}
unset multiplot
