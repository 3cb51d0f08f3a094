# Shared by every chart: terminal from fmt ("png" or "svg"), titles from
# meta.gp (written by gbstat data), which says what kernels, machine and
# run the chart shows, and whether times were emulated.
load datadir."/meta.gp"
if (fmt eq "svg") {
	set terminal svg size 1200,700 dynamic font "sans,11" noenhanced
} else {
	set terminal pngcairo size 1200,700 font "sans,10" noenhanced
}
set output out
subtitle = "kernel(s): ".kernels."\nmachine: ".machine."   run: ".run
if (strlen(timing_note) > 0) { subtitle = subtitle."\n".timing_note }
set grid ytics
set key below
set datafile missing "NaN"
# A panel with nothing to show says so instead of failing to draw.
no_data(what) = sprintf("no data: %s not measured in these runs", what)
