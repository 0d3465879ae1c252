#!/usr/bin/env bash
# Outbound benchmark: boots parley.jar in a fresh home (embedded H2, sandbox accounts), opens DM
# conversations as sandbox customers, posts agents' replies over REST and reports REST ack and
# queue latency (reply stored -> sandbox X API received it) and delivered replies/s.
# Usage: bench/outbound-load.sh [replies=2000] [conversations=50] [concurrency=16] [port=18097]
# PARLEY_JAR runs another build (A/B), PARLEY_JAVA_OPTS adds server JVM options (e.g. -XX:StartFlightRecording),
# WARMUP=<replies> sends that many first, unmeasured, so the figures are not the JIT's compile time.
set -euo pipefail
cd "$(dirname "$0")/.."
replies=${1:-2000}; conversations=${2:-50}; concurrency=${3:-16}; port=${4:-18097}
[ -f runtime/target/parley.jar ] && [ -f bench/target/classpath.txt ] || mvn -B -q -DskipTests package
home=$(mktemp -d)
java ${PARLEY_JAVA_OPTS:-} -jar "${PARLEY_JAR:-runtime/target/parley.jar}" --home "$home" --port "$port" --sandbox > "$home/console.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$home"' EXIT
until grep -q "Parley is ready" "$home/console.log"; do kill -0 $pid || { cat "$home/console.log"; exit 1; }; sleep 0.2; done
until curl -sf "http://127.0.0.1:$port/webhooks/x/sandbox-x?crc_token=warm" >/dev/null; do sleep 0.2; done
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.parley.bench.OutboundLoad \
  --url "http://127.0.0.1:$port" --token-file "$home/etc/admin.token" \
  --replies "$replies" --conversations "$conversations" --concurrency "$concurrency" --warmup "${WARMUP:-0}"
