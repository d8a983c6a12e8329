#!/usr/bin/env bash
# The performance matrix of issue 6, in one run, side by side:
#   client plaintext -> smtpguard | stunnel (client = yes, protocol = smtp, verifyChain, checkHost)
#   -> a fast STARTTLS sink on loopback (nginx mail with TCP_NODELAY -> Postfix's smtp-sink),
#   plus "direct" (the load generator doing STARTTLS + verification to the sink itself) and
#   "ceiling" (the load generator against smtp-sink in plaintext: its own limit).
# Cells: 2 KB and 100 KB messages x 1 and 32 concurrent sessions x 1 and 20 messages per connection.
# Then: idle sessions (memory, threads) through fresh smtpguard and stunnel processes, and 50 MB
# messages through stunnel and smtpguard (heap sampled) against the plaintext sink.
# The load generator is `smtpguard bench` (Netty, its own CPU reported as bench_cpu_ms_per_msg).
#
#   proxy/bench/run-matrix.sh          # ~10 minutes; writes docs/benchmarks/{results.md,throughput-p99.png,*.jsonl}
#   QUICK=1 proxy/bench/run-matrix.sh  # a tenth of the messages, 1000 idle sessions: a smoke run
# Env: BENCH_DIR (state, default /tmp/smtpguard-bench), OUT (default docs/benchmarks), IDLE_SESSIONS
# (10000), BENCH_PORT_BASE (27000: ports base+25, +26, +80, +125 ... +725 on 127.0.0.1), IDLE_STUNNEL (2000: one thread each), BIG_SIZE (50000000), PROXY_JAVA, BENCH_JAVA (JVM options).
# Needs root for the Debian packages (setup.sh); not part of .ci/run (too long and too noisy for CI).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export BENCH_DIR=${BENCH_DIR:-/tmp/smtpguard-bench}
OUT=${OUT:-$repo/docs/benchmarks}
QUICK=${QUICK:-0}
IDLE_SESSIONS=${IDLE_SESSIONS:-$([ "$QUICK" = 1 ] && echo 1000 || echo 10000)}
IDLE_STUNNEL=${IDLE_STUNNEL:-$([ "$QUICK" = 1 ] && echo 500 || echo 2000)}
BIG_SIZE=${BIG_SIZE:-50000000}
read -r -a PROXY_JAVA <<< "${PROXY_JAVA:--XX:+UseSerialGC -Xms64m -Xmx1g}"
read -r -a BENCH_JAVA <<< "${BENCH_JAVA:--XX:+UseSerialGC -Xmx1g}"

bash "$here/setup.sh"
JAR="$repo/proxy/target/smtpguard.jar"
[ -s "$JAR" ] || (cd "$repo" && mvn -B -q package -DskipTests)
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# smtpguard holds two sockets per session (client and upstream): stay under the open-files limit
max_idle=$(( ($(ulimit -n) - 200) / 2 ))
if [ "$IDLE_SESSIONS" -gt "$max_idle" ]; then
  echo "run-matrix: open-files limit $(ulimit -n): idle sessions capped at $max_idle (asked for $IDLE_SESSIONS)"
  IDLE_SESSIONS=$max_idle
fi
mkdir -p "$BENCH_DIR"
. "$here/peers.sh"
STUNNEL_PORT=$((BENCH_PORT_BASE + 125)) GUARD_PORT=$((BENCH_PORT_BASE + 225))
IDLE_GUARD_PORT=$((BENCH_PORT_BASE + 325)) IDLE_STUNNEL_PORT=$((BENCH_PORT_BASE + 425)) BIG_PORT=$((BENCH_PORT_BASE + 525))
NOREUSE_PORT=$((BENCH_PORT_BASE + 625)) BIG_STUNNEL_PORT=$((BENCH_PORT_BASE + 725))
trap stop_all EXIT
stop_all
: > "$BENCH_DIR/runs.jsonl"; : > "$BENCH_DIR/idle.jsonl"; : > "$BENCH_DIR/big.jsonl"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  commit: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo -)"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GB"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$(java -version 2>&1 | head -1); smtpguard JVM: ${PROXY_JAVA[*]}; bench JVM: ${BENCH_JAVA[*]}"
  echo "$(stunnel -version 2>&1 | grep -m1 -o 'stunnel [0-9.]*'); $(nginx -v 2>&1 | sed 's/.*: //'); $(openssl version | cut -d' ' -f1-2)"
  echo "sink certificate: RSA-2048 'mail.test' from a private CA; all TLS verified (chain + name) on every hop"
} > "$BENCH_DIR/env.txt"

sink_up
stunnel_up stunnel "$STUNNEL_PORT"
# "smtpguard" keeps verified upstream connections for the next session (upstream.reuse_connections);
# "smtpguard-noreuse" opens one per session like stunnel (run in the one-message-per-connection cells)
GUARD_REUSE=${GUARD_REUSE:-64} smtpguard_up smtpguard "$GUARD_PORT" "${PROXY_JAVA[@]}"
GUARD_REUSE=0 smtpguard_up smtpguard-noreuse "$NOREUSE_PORT" "${PROXY_JAVA[@]}"

bench() { java "${BENCH_JAVA[@]}" -jar "$JAR" bench --json --duration 60s "$@"; }
count() { # messages per run: about 3-10 s each on 2 cores
  local size=$1 conc=$2 k=$3 n
  case "$conc/$k" in 1/1) n=1200 ;; 1/20) n=4000 ;; 32/1) n=3000 ;; *) n=12000 ;; esac
  [ "$size" -gt 10000 ] && n=$((n / 2))
  [ "$QUICK" = 1 ] && n=$((n / 10))
  echo "$n"
}
# Before each measured run, its own shape is run until the server's JIT compiler threads are quiet
# (under 2% of its CPU in the last round; at most 6 rounds): smtpguard's figures are then those of a
# running service, not of a JVM still compiling the paths the cell uses (one C2 burst in a 1.5 s run
# added up to 0.5 ms per message). Every run still reports the JIT's part (server_jit_cpu_ms_per_msg).
# For stunnel and the sink (no JIT) this is one round, like the warm-up below.
settle() { # bench options, -m last: each round sends half as many
  local round line total jit args=("$@")
  args[$((${#args[@]} - 1))]=$(( ${args[-1]} / 2 ))
  for ((round = 0; round < 6; round++)); do
    line=$(bench "${args[@]}") || return 0
    total=$(echo "$line" | grep -o '"server_cpu_ms_per_msg":[-0-9.]*' | cut -d: -f2)
    jit=$(echo "$line" | grep -o '"server_jit_cpu_ms_per_msg":[-0-9.]*' | cut -d: -f2)
    awk -v t="${total:--1}" -v j="${jit:--1}" 'BEGIN { exit !(t <= 0 || j <= 0.02 * t) }' && return 0
  done
  return 0 # not settled after 6 rounds: measured anyway, its JIT part shows in the report
}
# warm-up: the JVM compiles smtpguard's hot paths after a few thousand sessions; stunnel gets the same
warm=$([ "$QUICK" = 1 ] && echo 300 || echo 3000)
for port in "$STUNNEL_PORT" "$GUARD_PORT" "$NOREUSE_PORT"; do
  bench --target "127.0.0.1:$port" -c 8 -k 1 -s 2048 -m "$warm" > /dev/null || true
  bench --target "127.0.0.1:$port" -c 8 -k 20 -s 2048 -m "$warm" > /dev/null || true
  bench --target "127.0.0.1:$port" -c 8 -k 4 -s 102400 -m $((warm / 3)) > /dev/null || true
done
for size in 2048 102400; do
  for conc in 1 32; do
    for k in 1 20; do
      n=$(count "$size" "$conc" "$k")
      warm=$((n / 4 > 40 ? n / 4 : 40))
      configs=(ceiling direct stunnel smtpguard)
      [ "$k" = 1 ] && configs+=(smtpguard-noreuse)
      for config in "${configs[@]}"; do
        case $config in
          ceiling) args=(--target "127.0.0.1:$SINK_PLAIN_PORT" --mode plain --server-pid "$(pid_of smtp-sink)") ;;
          direct) args=(--target "127.0.0.1:$SINK_PORT" --mode starttls --tls-ca "$BENCH_DIR/certs/ca.crt" --tls-name mail.test) ;;
          stunnel) args=(--target "127.0.0.1:$STUNNEL_PORT" --server-pid "$(pid_of stunnel)") ;;
          smtpguard) args=(--target "127.0.0.1:$GUARD_PORT" --server-pid "$(pid_of smtpguard)") ;;
          smtpguard-noreuse) args=(--target "127.0.0.1:$NOREUSE_PORT" --server-pid "$(pid_of smtpguard-noreuse)") ;;
        esac
        settle "${args[@]}" -c "$conc" -k "$k" -s "$size" -m "$n"
        line=$(bench "${args[@]}" -c "$conc" -k "$k" -s "$size" -m "$n" --warmup "$warm" || true)
        [ -n "$line" ] || line='{"msgs_per_s":0,"failed":-1}'
        echo "${line/#\{/{\"config\":\"$config\",}" >> "$BENCH_DIR/runs.jsonl"
        printf 'size=%-6s c=%-2s k=%-2s %-9s %s\n' "$size" "$conc" "$k" "$config" \
          "$(echo "$line" | grep -o '"msgs_per_s":[0-9.]*\|"p99_ms":[0-9.]*\|"server_cpu_ms_per_msg":[-0-9.]*\|"failed":[0-9]*' | tr '\n' ' ')"
      done
    done
  done
done
resumed=$(grep -c 'resumed=yes' "$BENCH_DIR/smtpguard.log" || true)
verified=$(grep -c 'upstream verified' "$BENCH_DIR/smtpguard.log" || true)
echo "smtpguard upstream handshakes: $verified, resumed: $resumed" | tee -a "$BENCH_DIR/env.txt"
stop_one smtpguard; stop_one smtpguard-noreuse; stop_one stunnel

# ---- idle sessions: fresh processes, so that earlier runs' heaps and threads do not hide the growth
smtpguard_up idle-smtpguard $IDLE_GUARD_PORT "${PROXY_JAVA[@]}"
sleep 2
python3 "$here/idle.py" $IDLE_GUARD_PORT "$IDLE_SESSIONS" "$(pid_of idle-smtpguard)" smtpguard | tee -a "$BENCH_DIR/idle.jsonl"
stop_one idle-smtpguard
stunnel_up idle-stunnel $IDLE_STUNNEL_PORT
python3 "$here/idle.py" $IDLE_STUNNEL_PORT "$IDLE_STUNNEL" "$(pid_of idle-stunnel)" stunnel | tee -a "$BENCH_DIR/idle.jsonl"
stop_one idle-stunnel

# ---- one big message: the plaintext sink, the generator's own TLS, stunnel, then a fresh smtpguard
# whose heap is sampled. BIG_COUNT messages one after the other on one connection: a run of a second
# or two, since single 50 MB runs of the plaintext sink alone varied from 169 to 280 MB/s between two
# matrix runs. Each path is settled first, as the cells are: a fresh smtpguard's compiler threads took
# 30-140 ms per message over its first dozen 50 MB messages on this machine, and under 10 after.
BIG_COUNT=${BIG_COUNT:-6}
big() { # label target-args... ; prints one JSON line (without the closing brace)
  local name=$1 line secs cpu jit
  shift
  settle "$@" -c 1 -k "$BIG_COUNT" -s "$BIG_SIZE" --reply-timeout 120s -m $((2 * BIG_COUNT))
  line=$(bench "$@" -c 1 -k "$BIG_COUNT" -m "$BIG_COUNT" -s "$BIG_SIZE" --warmup 1 --reply-timeout 120s)
  secs=$(echo "$line" | grep -o '"seconds":[0-9.]*' | cut -d: -f2)
  cpu=$(echo "$line" | grep -o '"server_cpu_ms_per_msg":[-0-9.]*' | cut -d: -f2)
  jit=$(echo "$line" | grep -o '"server_jit_cpu_ms_per_msg":[-0-9.]*' | cut -d: -f2)
  echo "{\"label\":\"$name\",\"messages\":$BIG_COUNT,\"seconds\":$secs,\"mb_per_s\":$(awk -v s="$secs" -v b="$BIG_SIZE" -v n="$BIG_COUNT" 'BEGIN{printf "%.1f", n*b/1e6/s}'),\"server_cpu_ms_per_msg\":${cpu:--1},\"server_jit_cpu_ms_per_msg\":${jit:--1}"
}
sleep 5 # let the idle tests' closed connections settle
big_heap_xmx=${BIG_HEAP:-64m}
echo "$(big ceiling --target "127.0.0.1:$SINK_PLAIN_PORT")}" | tee -a "$BENCH_DIR/big.jsonl"
# the load generator doing STARTTLS itself (Java's TLS): what a client would get without a proxy
echo "$(big direct --target "127.0.0.1:$SINK_PORT" --mode starttls --tls-ca "$BENCH_DIR/certs/ca.crt" --tls-name mail.test)}" \
  | tee -a "$BENCH_DIR/big.jsonl"
# another relay in the same place: what a proxy in front of this sink can reach here
stunnel_up big-stunnel $BIG_STUNNEL_PORT
echo "$(big stunnel --target "127.0.0.1:$BIG_STUNNEL_PORT" --server-pid "$(pid_of big-stunnel)")}" | tee -a "$BENCH_DIR/big.jsonl"
stop_one big-stunnel
smtpguard_up big-smtpguard $BIG_PORT -XX:+UseSerialGC -Xms16m "-Xmx$big_heap_xmx"
sleep 1
gpid=$(pid_of big-smtpguard)
heap_used() { jstat -gc "$gpid" | awk 'NR==2{printf "%.1f", ($3+$4+$6+$8)/1024}'; }
before=$(heap_used)
( peak=0; for _ in $(seq 1 1200); do h=$(heap_used 2>/dev/null) || break; awk -v h="$h" -v p="$peak" 'BEGIN{exit !(h>p)}' && peak=$h; echo "$peak" > "$BENCH_DIR/heap-peak"; sleep 0.2; done ) &
sampler=$!
line=$(big smtpguard --target "127.0.0.1:$BIG_PORT" --server-pid "$gpid")
kill "$sampler" 2>/dev/null || true
echo "$line,\"heap_before_mb\":$before,\"heap_peak_mb\":$(cat "$BENCH_DIR/heap-peak"),\"xmx\":\"$big_heap_xmx\"}" | tee -a "$BENCH_DIR/big.jsonl"
stop_one big-smtpguard

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$BENCH_DIR/env.txt"
python3 "$here/report.py" "$BENCH_DIR" "$OUT"
gnuplot -e "dat='$OUT/plot.dat'; png='$OUT/throughput-p99.png'" "$here/plot.gp"
# the README's summary, between its bench-summary markers (only when writing to the repository's docs/)
if [ "$OUT" = "$repo/docs/benchmarks" ] && grep -q '<!-- bench-summary-start -->' "$repo/README.md"; then
  python3 - "$repo/README.md" "$OUT/summary.md" <<'PY'
import sys
readme, summary = sys.argv[1], open(sys.argv[2]).read()
text = open(readme).read()
head, rest = text.split("<!-- bench-summary-start -->\n", 1)
_, tail = rest.split("<!-- bench-summary-end -->", 1)
open(readme, "w").write(head + "<!-- bench-summary-start -->\n" + summary + "<!-- bench-summary-end -->" + tail)
PY
fi
echo "run-matrix: wrote $OUT/results.md and $OUT/throughput-p99.png"
