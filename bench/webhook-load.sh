#!/usr/bin/env bash
# Inbound benchmark: boots parley.jar in a fresh home (embedded H2, sandbox accounts), drives signed
# X DM webhooks at /webhooks/x/sandbox-x over loopback and reports ack latency and sustained
# webhook-to-ticket-message throughput.
# Usage: bench/webhook-load.sh [events=10000] [conversations=500] [concurrency=32] [rate=0: as fast as acked]
#                             [warmup=events/2] [port=18095]
# PARLEY_BENCH_DB=postgres runs on one embedded PostgreSQL instead (binaries from Maven: BenchPostgres; more server
# settings with PARLEY_BENCH_PG_CONFIG="name=value;..."), and
# PARLEY_BENCH_NODES=N starts N parley.jar on it (ports port..port+N-1, each a fresh home), the webhooks spread
# over them round robin; CPU then counts every Parley JVM and every PostgreSQL process (postmaster and children).
# A warm-up run (same conversations, not counted) goes first: a fresh JVM spends its first seconds
# compiling, and "sustained" means after that.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-10000}; conversations=${2:-500}; concurrency=${3:-32}; rate=${4:-0}; warmup=${5:-$((events / 2))}
port=${6:-18095}
db=${PARLEY_BENCH_DB:-h2}; nodes=${PARLEY_BENCH_NODES:-1}
case "$db" in h2|postgres) ;; *) echo "PARLEY_BENCH_DB is h2 or postgres, not '$db'" >&2; exit 2;; esac
[ "$db" = postgres ] || [ "$nodes" = 1 ] || { echo "several nodes need PARLEY_BENCH_DB=postgres" >&2; exit 2; }
# PARLEY_BENCH_JAR=<jar> runs another build of the runtime (A/B runs on this machine, whose speed drifts)
jar=${PARLEY_BENCH_JAR:-runtime/target/parley.jar}
[ -f "$jar" ] && [ -f bench/target/classpath.txt ] || mvn -B -q -DskipTests package
work=$(mktemp -d)
classpath="bench/target/classes:$(cat bench/target/classpath.txt)"
pg_pid=; postmaster=
pids=(); homes=(); urls=()
# PARLEY_BENCH_LOG=<file> keeps the servers' console logs (and PostgreSQL's) for a look afterwards
finish() {
  set +e # a node that already exited must not stop the clean-up
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  # BenchPostgres stops the PostgreSQL server on SIGTERM (embedded-postgres's shutdown hook)
  [ -n "$pg_pid" ] && { kill -TERM "$pg_pid" 2>/dev/null; wait "$pg_pid" 2>/dev/null; }
  [ -n "${PARLEY_BENCH_LOG:-}" ] && cat "$work"/*/console.log "$work"/postgres.log > "$PARLEY_BENCH_LOG" 2>/dev/null
  rm -rf "$work"
}
trap finish EXIT
echo "store: $db, $nodes node(s); machine load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$db" = postgres ]; then
  # PARLEY_BENCH_PG_STATEMENTS=<file> loads pg_stat_statements and writes the measured run's statements by
  # total time and the tables' sequential scans to that file (the extension costs some CPU: not for the figures)
  java -cp "$classpath" dev.parley.bench.BenchPostgres "$work/postgres.ready" ${PARLEY_BENCH_PG_STATEMENTS:+--statements} \
    > "$work/postgres.log" 2>&1 &
  pg_pid=$!
  until [ -f "$work/postgres.ready" ]; do kill -0 $pg_pid || { cat "$work/postgres.log"; exit 1; }; sleep 0.2; done
  postmaster=$(sed -n 's/^postmaster=//p' "$work/postgres.ready")
  pg_port=$(sed -n 's/^port=//p' "$work/postgres.ready")
  echo "PostgreSQL $(/proc/"$postmaster"/exe --version 2>/dev/null | awk '{print $NF}') on port $pg_port (synchronous_commit on)"
fi
# the JVM options the README recommends under load (processing threads behind the webhook answers, ZGC);
# PARLEY_JAVA_OPTS replaces them (PARLEY_JAVA_OPTS= runs without)
java_opts=${PARLEY_JAVA_OPTS-"-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10 -XX:CompilerThreadPriority=0 -XX:+UseZGC"}
for n in $(seq "$nodes"); do
  home="$work/node$n"; mkdir -p "$home/etc"
  if [ "$db" = postgres ]; then
    printf 'url = jdbc:postgresql://127.0.0.1:%s/parley\nuser = parley\npassword = parley-bench\n' "$pg_port" \
      > "$home/etc/dev.parley.helpdesk.store.cfg"
  fi
  # one after another: two JVMs booting at once on two cores only take longer each
  java $java_opts -jar "$jar" --home "$home" --port $((port + n - 1)) --sandbox > "$home/console.log" 2>&1 &
  pids+=($!); homes+=("$home"); urls+=("http://127.0.0.1:$((port + n - 1))")
  until grep -qs "Parley is ready" "$home/console.log"; do kill -0 "${pids[-1]}" || { cat "$home/console.log"; exit 1; }; sleep 0.2; done
  until curl -sf "${urls[-1]}/webhooks/x/sandbox-x?crc_token=warm" >/dev/null; do sleep 0.2; done
  # PARLEY_BENCH_WITHOUT="escalation sla" measures the connector alone: those
  # plugins are removed first (see GET /api/plugins for the names)
  for plugin in ${PARLEY_BENCH_WITHOUT:-}; do
    if curl -sf -X DELETE -H "Authorization: Bearer $(cat "$home/etc/admin.token")" \
        "${urls[-1]}/api/plugins/$plugin" > /dev/null; then
      echo "node $n without the $plugin plugin"
    else
      echo "could not remove the $plugin plugin (see GET /api/plugins)" >&2; exit 1
    fi
  done
done
echo "JVM options: ${java_opts:-(none)}"
home=${homes[0]}
# PARLEY_BENCH_PLATFORM=messenger|whatsapp sends that platform's webhooks to its sandbox account instead of X DMs
load() {
  java -cp "$classpath" dev.parley.bench.WebhookLoad \
    --url "$(IFS=,; echo "${urls[*]}")" --token-file "$home/etc/admin.token" --conversations "$conversations" \
    --platform "${PARLEY_BENCH_PLATFORM:-x}" "$@"
}
# user + system clock ticks of all Parley JVMs
cpu() { local p t=0; for p in "${pids[@]}"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo $t; }
# "<pid> <user + system ticks> <kind>" for PostgreSQL: the postmaster with the time of its children that
# ended (cutime + cstime: backends and autovacuum workers that came and went), and each live child,
# named from its process title (client backends are "backend")
pg_ticks() {
  [ -n "$postmaster" ] || return 0
  awk '{print "postmaster", $14 + $15 + $16 + $17, "postmaster+ended_children"}' "/proc/$postmaster/stat"
  local s rest title
  for s in /proc/[0-9]*/stat; do
    { IFS= read -r rest < "$s"; } 2>/dev/null || continue # processes come and go
    rest=${rest##*) }
    # shellcheck disable=SC2086
    set -- $rest
    [ "$2" = "$postmaster" ] || continue
    title=$(tr '\0' ' ' < "${s%stat}cmdline" 2>/dev/null); title=${title#postgres: }
    case "$title" in parley\ *) title=backend;; *) title=${title%% *}; title=${title:-other};; esac
    echo "${s//[^0-9]/} $((${12} + ${13})) $title"
  done
}
pg_cpu() { pg_ticks | awk '{ t += $2 } END { print t + 0 }'; }
# "<tid> <user + system ticks> <name>" for each thread of the Parley JVMs (spaces in names as _)
thread_ticks() {
  local t rest comm
  for t in $(printf '/proc/%s/task/*/stat ' "${pids[@]}"); do
    { IFS= read -r rest < "$t"; } 2>/dev/null || continue
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
  local last now; last=$(( $(cpu) + $(pg_cpu) ))
  for _ in $(seq 120); do
    sleep 0.5; now=$(( $(cpu) + $(pg_cpu) ))
    [ $((now - last)) -le $((2 * nodes)) ] && return; last=$now
  done
}
if [ "$warmup" -gt 0 ]; then
  # at the measured rate: the JIT profiles a paced run differently from a flood, and recompiles when that changes
  load --events "$warmup" --concurrency "$concurrency" --rate "$rate" > /dev/null && idle
  echo "warm-up: $warmup events sent and committed first, not counted"
fi
# PARLEY_BENCH_JFR=<file> records a JFR profile of the measured run only (after the warm-up)
# (with several nodes, one file per node: <name>-node<N>.jfr)
jfr_file() { if [ "$nodes" = 1 ]; then echo "$PARLEY_BENCH_JFR"; else echo "${PARLEY_BENCH_JFR%.jfr}-node$1.jfr"; fi; }
if [ -n "${PARLEY_BENCH_JFR:-}" ]; then
  for n in $(seq "$nodes"); do jcmd "${pids[n - 1]}" JFR.start name=bench settings=profile > /dev/null; done
fi
sys_cpu() { local p t=0; for p in "${pids[@]}"; do t=$((t + $(awk '{print $15}' "/proc/$p/stat"))); done; echo $t; }
[ -n "${PARLEY_BENCH_PG_STATEMENTS:-}" ] && java -cp "$classpath" dev.parley.bench.BenchPostgres --reset "$pg_port"
echo "machine load average before the measured run: $(cut -d' ' -f1-3 /proc/loadavg)"
server_before=$(cpu)
server_sys_before=$(sys_cpu)
pg_ticks > "$work/pg.before"
# G1's threads (GC Thread#N, G1 ...) and ZGC's (ZWorker#N, ZDriver, ZDirector, ...)
gc_cpu() { echo $(( $(threads_cpu "GC Thread") + $(threads_cpu "G1 ") + $(threads_cpu "Z") )); }
jit_before=$(( $(threads_cpu "C2 Compil") + $(threads_cpu "C1 Compil") ))
gc_before=$(gc_cpu)
steal_before=$(awk '/^cpu /{print $9; exit}' /proc/stat)
thread_ticks > "$work/threads.before"
TIMEFORMAT='load generator CPU %U s user + %S s system (it shares the 2 cores)'
# PARLEY_BENCH_SLOW=<file> lists each ack over 20 ms with its scheduled send time (to line up with a GC log)
time load --events "$events" --concurrency "$concurrency" --rate "$rate" ${PARLEY_BENCH_SLOW:+--slow-log "$PARLEY_BENCH_SLOW"}
lag_start=$(date +%s.%N)
idle # their work counts in the CPU figure, and their lag shows
awk -v a="$lag_start" -v b="$(date +%s.%N)" 'BEGIN { printf "server idle %.1f s after the last commit was seen\n", b - a - 0.5 }'
server_after=$(cpu)
server_sys_after=$(sys_cpu)
pg_ticks > "$work/pg.after"
echo "machine load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "${PARLEY_BENCH_PG_STATEMENTS:-}" ] && java -cp "$classpath" dev.parley.bench.BenchPostgres --report "$pg_port" "$PARLEY_BENCH_PG_STATEMENTS"
jit_after=$(( $(threads_cpu "C2 Compil") + $(threads_cpu "C1 Compil") ))
gc_after=$(gc_cpu)
steal_after=$(awk '/^cpu /{print $9; exit}' /proc/stat)
thread_ticks > "$work/threads.after"
if [ -n "${PARLEY_BENCH_JFR:-}" ]; then
  for n in $(seq "$nodes"); do jcmd "${pids[n - 1]}" JFR.stop name=bench filename="$(jfr_file "$n")" > /dev/null; done
fi
awk -v t=$((server_after - server_before)) -v hz="$(getconf CLK_TCK)" -v n="$events" -v nodes="$nodes" \
  'BEGIN { printf "server CPU %.1f s in all%s, %.2f ms per event (2 cores = 2 s of CPU per second)\n", t / hz,
           (nodes > 1 ? " (" nodes " Parley JVMs)" : ""), 1000 * t / hz / n }'
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
  "$work/threads.before" "$work/threads.after" | sort -rn | head -12 |
  awk -v label="server CPU by thread group$([ "$nodes" = 1 ] || echo ", summed over the $nodes nodes"): " '{ printf "%s%s %s s", (NR > 1 ? ", " : label), $2, $1 } END { print "" }'
if [ "$db" = postgres ]; then
  # after minus before, summed: a child that ended during the run moved its whole time into the
  # postmaster's cutime, and its share from before the run is taken off through its "before" line
  awk -v hz="$(getconf CLK_TCK)" -v n="$events" -v server=$((server_after - server_before)) '
    NR == FNR { total -= $2; kind[$3] -= $2; next }
    { total += $2; kind[$3] += $2 }
    END {
      printf "PostgreSQL CPU %.1f s (", total / hz
      sep = ""; for (k in kind) if (kind[k] > 0) { printf "%s%s %.1f s", sep, k, kind[k] / hz; sep = ", " }
      printf ")\nCPU per committed event, Parley JVMs + PostgreSQL: %.2f ms\n", 1000 * (server + total) / hz / n
    }' "$work/pg.before" "$work/pg.after"
fi
