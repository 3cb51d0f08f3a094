# gbstat trend: one metric across kernels, dates, revisions or hosts (x,
# in the order of their first run), one line per drain policy with its
# 95% bootstrap interval; points from runs under TCG are ringed.
# Drawn by plots/render.sh DIR trend from DIR/trend.dat and DIR/meta.gp,
# which gbstat trend --dir wrote (strings cut to a safe alphabet).
set title trend_metric." (".trend_unit.") by ".trend_by.", ".trend_case.(strlen(timing_note) > 0 ? "\n".timing_note : "")
set xlabel trend_by
set ylabel trend_metric." (".trend_unit.")"
set xrange [-0.5:ngroups-0.5]
set xtics rotate by -30
set key below
plot for [i=0:nseries-1] datadir."/trend.dat" index i using 1:2:3:4:xtic(6) with yerrorlines title columnheader(1), \
     for [i=0:nseries-1] datadir."/trend.dat" index i using 1:($5 > 0 ? $2 : NaN) with points pt 6 ps 2.5 lc rgb "black" title (i == 0 ? "run(s) under TCG" : "")
