# Draw one chart: gnuplot -c chart.gp DATADIR FORMAT OUTPUT CHART
# The paths arrive as call arguments, which gnuplot never parses as
# commands, so a directory name cannot inject any.
datadir = ARG1
fmt = ARG2
out = ARG3
load "common.gp"
load ARG4.".gp"
