# gnuplot -e "dat='plot.dat'; png='throughput-p99.png'" plot.gp
set terminal pngcairo size 1400,900 font ",11"
set output png
set multiplot layout 2,1 title "smtpguard vs stunnel vs direct STARTTLS (same run, loopback, 2 cores)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set key top left
set xtics rotate by -20 scale 0
set yrange [0:*]
set ylabel "messages/s (higher is better)"
plot dat using 2:xtic(1) title "direct", '' using 3 title "stunnel", '' using 4 title "smtpguard"
set logscale y
set yrange [*:*]
set ylabel "p99 latency ms, log scale (lower is better)"
plot dat using 5:xtic(1) title "direct", '' using 6 title "stunnel", '' using 7 title "smtpguard"
unset multiplot
