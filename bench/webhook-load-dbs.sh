#!/usr/bin/env bash
# Inbound benchmark on both stores in one session: bench/webhook-load.sh with the same arguments on
# H2 (1 node), PostgreSQL 1 node and PostgreSQL 2 nodes, the order reversed every other round (this
# machine's speed drifts with other work on it), then one table of the rows. The last column leaves out
# the JIT compilers' CPU: a fresh JVM still compiles during the measured run, and two nodes compile twice.
# Usage: bench/webhook-load-dbs.sh [rounds=1] [webhook-load.sh arguments: events conversations concurrency rate warmup]
# Each run's full output is kept in $PARLEY_BENCH_OUT (default: a temporary folder, printed).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-1}; shift || true
out=${PARLEY_BENCH_OUT:-$(mktemp -d)}; mkdir -p "$out"
rows=("h2 1" "postgres 1" "postgres 2")
table="| round | store, nodes | load average (before → after) | committed events/s | acks/s | ack p50 | ack p99 | Parley CPU per event | PostgreSQL CPU per event | together | together without the JIT compilers |"
table+=$'\n'"|---|---|---|---|---|---|---|---|---|---|---|"
for round in $(seq "$rounds"); do
  order=("${rows[@]}")
  [ $((round % 2)) = 0 ] && order=("${rows[2]}" "${rows[1]}" "${rows[0]}")
  for row in "${order[@]}"; do
    read -r db nodes <<< "$row"
    log="$out/round$round-$db-$nodes.txt"
    echo "== round $round: $db, $nodes node(s) -> $log"
    PARLEY_BENCH_DB=$db PARLEY_BENCH_NODES=$nodes bench/webhook-load.sh "$@" 2>&1 | tee "$log"
    # the figures from the run's own lines (see webhook-load.sh)
    table+=$'\n'$(awk -v round="$round" -v row="$db, $nodes" '
      /load average before the measured run/ { split($0, a, ": "); split(a[2], l, " "); before = l[1] }
      /^machine load average after/ { split($0, a, ": "); split(a[2], l, " "); after = l[1] }
      /^ack latency/ { p50 = $4 " ms"; p99 = $7 " ms" }
      /^acked in/ { acks = $5; gsub(/[(]/, "", acks); rate = $(NF - 1) }
      /^server CPU [0-9.]+ s in all/ { for (i = 1; i <= NF; i++) if ($(i + 1) == "ms" && $(i + 2) == "per") server = $i }
      /^PostgreSQL CPU/ { pg_s = $3 }
      /^CPU per committed event/ { together = $(NF - 1) }
      /^of which the JIT compilers/ { jit_s = $6 }
      /^events [0-9]+/ { events = $2 }
      END {
        pg = pg_s == "" ? "-" : sprintf("%.2f ms", 1000 * pg_s / events)
        together = together == "" ? server : together
        printf "| %s | %s | %s → %s | %s | %s | %s | %s | %s ms | %s | %s ms | %.2f ms |", round, row, before, after, rate,
          acks, p50, p99, server, pg, together, together - 1000 * jit_s / events
      }' "$log")
  done
done
echo
echo "$table"
echo "(full output of each run in $out)"
