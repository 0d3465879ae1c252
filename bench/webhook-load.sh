#!/usr/bin/env bash
# Inbound benchmark: boots parley.jar in a fresh home (embedded H2, sandbox accounts), drives signed
# X DM webhooks at /webhooks/x/sandbox-x over loopback and reports ack latency and sustained
# webhook-to-ticket-message throughput.
# Usage: bench/webhook-load.sh [events=10000] [conversations=500] [concurrency=32] [rate=0: as fast as acked]
#                             [warmup=events/2] [port=18095]
# A warm-up run (same conversations, not counted) goes first: a fresh JVM spends its first seconds
# compiling, and "sustained" means after that.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-10000}; conversations=${2:-500}; concurrency=${3:-32}; rate=${4:-0}; warmup=${5:-$((events / 2))}
port=${6:-18095}
# PARLEY_BENCH_JAR=<jar> runs another build of the runtime (A/B runs on this machine, whose speed drifts)
jar=${PARLEY_BENCH_JAR:-runtime/target/parley.jar}
[ -f "$jar" ] && [ -f bench/target/classpath.txt ] || mvn -B -q -DskipTests package
home=$(mktemp -d)
# the JVM options the README recommends under load (processing threads behind the webhook answers, ZGC);
# PARLEY_JAVA_OPTS replaces them (PARLEY_JAVA_OPTS= runs without)
java_opts=${PARLEY_JAVA_OPTS-"-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10 -XX:CompilerThreadPriority=0 -XX:+UseZGC"}
java $java_opts -jar "$jar" --home "$home" --port "$port" --sandbox > "$home/console.log" 2>&1 &
pid=$!
echo "JVM options: ${java_opts:-(none)}"
# PARLEY_BENCH_LOG=<file> keeps the server's console log for a look afterwards
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; [ -n "${PARLEY_BENCH_LOG:-}" ] && cp "$home/console.log" "$PARLEY_BENCH_LOG"; rm -rf "$home"' EXIT
until grep -q "Parley is ready" "$home/console.log"; do kill -0 $pid || { cat "$home/console.log"; exit 1; }; sleep 0.2; done
until curl -sf "http://127.0.0.1:$port/webhooks/x/sandbox-x?crc_token=warm" >/dev/null; do sleep 0.2; done
# PARLEY_BENCH_WITHOUT="escalation sla" measures the connector alone: those
# plugins are removed first (see GET /api/plugins for the names)
for plugin in ${PARLEY_BENCH_WITHOUT:-}; do
  if curl -sf -X DELETE -H "Authorization: Bearer $(cat "$home/etc/admin.token")" \
      "http://127.0.0.1:$port/api/plugins/$plugin" > /dev/null; then
    echo "without the $plugin plugin"
  else
    echo "could not remove the $plugin plugin (see GET /api/plugins)" >&2; exit 1
  fi
done
# PARLEY_BENCH_PLATFORM=messenger|whatsapp sends that platform's webhooks to its sandbox account instead of X DMs
load() {
  java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.parley.bench.WebhookLoad \
    --url "http://127.0.0.1:$port" --token-file "$home/etc/admin.token" --conversations "$conversations" \
    --platform "${PARLEY_BENCH_PLATFORM:-x}" "$@"
}
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system clock ticks
# "<tid> <user + system ticks> <name>" for each of the server's threads (spaces in names as _)
thread_ticks() {
  local t rest comm
  for t in /proc/$pid/task/*/stat; do
    IFS= read -r rest < "$t" 2>/dev/null || continue
    comm=${rest#*(}; comm=${comm%%)*}; rest=${rest##*) }
    # shellcheck disable=SC2086
    set -- $rest && echo "${t//[^0-9]/} $((${12} + ${13})) ${comm// /_}"
  done
}
# user + system ticks of the server's threads whose name starts with $1 (JIT compilers, GC workers)
threads_cpu() {
  thread_ticks | awk -v prefix="${1// /_}" 'index($3, prefix) == 1 { total += $2 } END { print total + 0 }'
}
# waits until the server is idle: plugins that react to ticket events (SLA clocks, escalation rules)
# may still be catching up after the last message is committed
idle() {
  local last now; last=$(cpu $pid)
  for _ in $(seq 120); do sleep 0.5; now=$(cpu $pid); [ $((now - last)) -le 2 ] && return; last=$now; done
}
if [ "$warmup" -gt 0 ]; then
  # at the measured rate: the JIT profiles a paced run differently from a flood, and recompiles when that changes
  load --events "$warmup" --concurrency "$concurrency" --rate "$rate" > /dev/null && idle
  echo "warm-up: $warmup events sent and committed first, not counted"
fi
# PARLEY_BENCH_JFR=<file> records a JFR profile of the measured run only (after the warm-up)
[ -n "${PARLEY_BENCH_JFR:-}" ] && jcmd $pid JFR.start name=bench settings=profile > /dev/null
server_before=$(cpu $pid)
server_sys_before=$(awk '{print $15}' "/proc/$pid/stat")
# G1's threads (GC Thread#N, G1 ...) and ZGC's (ZWorker#N, ZDriver, ZDirector, ...)
gc_cpu() { echo $(( $(threads_cpu "GC Thread") + $(threads_cpu "G1 ") + $(threads_cpu "Z") )); }
jit_before=$(( $(threads_cpu "C2 Compil") + $(threads_cpu "C1 Compil") ))
gc_before=$(gc_cpu)
steal_before=$(awk '/^cpu /{print $9; exit}' /proc/stat)
thread_ticks > "$home/threads.before"
TIMEFORMAT='load generator CPU %U s user + %S s system (it shares the 2 cores)'
# PARLEY_BENCH_SLOW=<file> lists each ack over 20 ms with its scheduled send time (to line up with a GC log)
time load --events "$events" --concurrency "$concurrency" --rate "$rate" ${PARLEY_BENCH_SLOW:+--slow-log "$PARLEY_BENCH_SLOW"}
lag_start=$(date +%s.%N)
idle # their work counts in the CPU figure, and their lag shows
awk -v a="$lag_start" -v b="$(date +%s.%N)" 'BEGIN { printf "server idle %.1f s after the last commit was seen\n", b - a - 0.5 }'
server_after=$(cpu $pid)
server_sys_after=$(awk '{print $15}' "/proc/$pid/stat")
jit_after=$(( $(threads_cpu "C2 Compil") + $(threads_cpu "C1 Compil") ))
gc_after=$(gc_cpu)
steal_after=$(awk '/^cpu /{print $9; exit}' /proc/stat)
thread_ticks > "$home/threads.after"
[ -n "${PARLEY_BENCH_JFR:-}" ] && jcmd $pid JFR.stop name=bench filename="$PARLEY_BENCH_JFR" > /dev/null
awk -v t=$((server_after - server_before)) -v hz="$(getconf CLK_TCK)" -v n="$events" \
  'BEGIN { printf "server CPU %.1f s in all, %.2f ms per event (2 cores = 2 s of CPU per second)\n", t / hz, 1000 * t / hz / n }'
awk -v s=$((server_sys_after - server_sys_before)) -v hz="$(getconf CLK_TCK)" \
  'BEGIN { printf "of which in the kernel (system time: sockets, file writes, thread wake-ups): %.1f s\n", s / hz }'
awk -v j=$((jit_after - jit_before)) -v g=$((gc_after - gc_before)) -v hz="$(getconf CLK_TCK)" \
  'BEGIN { printf "of which the JIT compilers %.1f s and the garbage collector threads %.1f s\n", j / hz, g / hz }'
# a virtual machine's cores can be taken by its host: figures from runs with much stolen time do not compare
awk -v s=$((steal_after - steal_before)) -v hz="$(getconf CLK_TCK)" \
  'BEGIN { printf "CPU time stolen by the hypervisor during the run: %.1f s\n", s / hz }'
# where the server's CPU went, by thread group (digits in names folded: qtp123-45 is qtpN-N), from /proc:
# no profiler, which would make the JIT recompile; threads that ended during the run are not counted
awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { before[$1] = $2; next }
  { name = $3; gsub(/[0-9]+/, "N", name); used[name] += $2 - before[$1] }
  END { for (n in used) if (used[n] > 0) printf "%.1f %s\n", used[n] / hz, n }' \
  "$home/threads.before" "$home/threads.after" | sort -rn | head -12 | awk '{ printf "%s%s %s s", (NR > 1 ? ", " : "server CPU by thread group: "), $2, $1 } END { print "" }'
