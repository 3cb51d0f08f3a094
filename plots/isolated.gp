# Isolated CPUs against the spinners beside the pin: the spinners'
# interruptions, drain works on isolated CPUs and the IPIs the pin's
# drain sent them, per call; one line per kernel/policy and scenario.
set multiplot layout 1,3 title "What a pin costs isolated CPUs, by isolated CPUs with a spinner\n".subtitle
set xlabel "isolated CPUs with a spinner"
set xtics 1
set key top left inside
if (has_isolated) {
	set ylabel "spinner interruptions per pin (".unit_spinner_interruptions_per_call.")"
	plot for [i=0:nisolated-1] datadir."/isolated.dat" index i using 1:2 with linespoints title columnheader(1)
	set ylabel "drain works the pin queued there (".unit_isolated_works_pin_per_call.")"
	plot for [i=0:nisolated-1] datadir."/isolated.dat" index i using 1:3 with linespoints title columnheader(1)
	set ylabel "IPIs of the pin's drain to them (".unit_isolated_ipis_drain_all_per_call.")"
	plot for [i=0:nisolated-1] datadir."/isolated.dat" index i using 1:4 with linespoints title columnheader(1)
} else {
	set label 1 no_data("spinners on isolated CPUs") at graph 0.5,0.5 center
	plot [0:1][0:1] -1 notitle
	unset label 1
}
unset multiplot
