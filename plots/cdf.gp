# Pin latency CDF, one line per scenario, kernel/policy and CPU count.
load "common.gp"
set title "Pin latency distribution\n".subtitle
set logscale x
set xlabel "pin call time (".unit_pin_us.", log scale)"
set ylabel "fraction of calls"
set yrange [0:1.02]
set key outside right top font ",7"
plot for [i=0:ncdf-1] datadir."/cdf.dat" index i using 1:2 with steps title columnheader(1)
