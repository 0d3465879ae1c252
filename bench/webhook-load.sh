#!/usr/bin/env bash
# Inbound benchmark: boots parley.jar in a fresh home (embedded H2, sandbox accounts), drives signed
# X DM webhooks at /webhooks/x/sandbox-x over loopback and reports ack latency and sustained
# webhook-to-ticket-message throughput.
# Usage: bench/webhook-load.sh [events=10000] [conversations=500] [concurrency=32] [port=18095]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-10000}; conversations=${2:-500}; concurrency=${3:-32}; port=${4:-18095}
[ -f runtime/target/parley.jar ] && [ -f bench/target/classpath.txt ] || mvn -B -q -DskipTests package
home=$(mktemp -d)
java ${PARLEY_JAVA_OPTS:-} -jar runtime/target/parley.jar --home "$home" --port "$port" > "$home/console.log" 2>&1 &
pid=$!
# PARLEY_BENCH_LOG=<file> keeps the server's console log for a look afterwards
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; [ -n "${PARLEY_BENCH_LOG:-}" ] && cp "$home/console.log" "$PARLEY_BENCH_LOG"; rm -rf "$home"' EXIT
until grep -q "Parley is ready" "$home/console.log"; do kill -0 $pid || { cat "$home/console.log"; exit 1; }; sleep 0.2; done
until curl -sf "http://127.0.0.1:$port/webhooks/x/sandbox-x?crc_token=warm" >/dev/null; do sleep 0.2; done
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.parley.bench.WebhookLoad \
  --url "http://127.0.0.1:$port" --token-file "$home/etc/admin.token" \
  --events "$events" --conversations "$conversations" --concurrency "$concurrency"
