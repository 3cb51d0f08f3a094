# Drain cost against CPU count: time per lru_add_drain_all call, and the
# per-CPU works and IPIs each one causes; one line per kernel/policy.
load "common.gp"
set multiplot layout 1,3 title "Cost of one lru_add_drain_all by CPUs with non-empty LRU batches\n".subtitle
set xlabel "CPUs with non-empty batches"
set xtics 1
set key top left inside
set ylabel "time per drain (".unit_us_per_drain_all.")"
plot for [i=0:nvariants-1] datadir."/drain_cost.dat" index i using 1:2 with linespoints title columnheader(1)
set ylabel "per-CPU works per drain (".unit_works_per_drain_all.")"
plot for [i=0:nvariants-1] datadir."/drain_cost.dat" index i using 1:3 with linespoints title columnheader(1)
set ylabel "IPIs per drain (".unit_ipis_per_drain_all.")"
plot for [i=0:nvariants-1] datadir."/drain_cost.dat" index i using 1:4 with linespoints title columnheader(1)
unset multiplot
