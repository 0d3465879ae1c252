#!/usr/bin/env bash
# Event -> live view latency: boots parley.jar in a fresh home, then posts agent first replies one at a
# time and times each until a /api/sla/stream client receives the ticket's 'changed' event.
# Usage: bench/sla-stream-latency.sh [events=500] [port=18096] [rate=0: one at a time; N: N replies/s]
#   (PARLEY_JAR: another parley.jar to measure; PARLEY_JAVA_OPTS: its JVM options)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-500}; port=${2:-18096}; rate=${3:-0}; jar=${PARLEY_JAR:-runtime/target/parley.jar}
[ -f "$jar" ] && [ -f bench/target/classpath.txt ] || mvn -B -q -DskipTests package
home=$(mktemp -d)
java ${PARLEY_JAVA_OPTS:-} -jar "$jar" --home "$home" --port "$port" --sandbox > "$home/console.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$home"' EXIT
until grep -q "Parley is ready" "$home/console.log"; do kill -0 $pid || { cat "$home/console.log"; exit 1; }; sleep 0.2; done
until curl -sf "http://127.0.0.1:$port/api/sla/policies" -H "Authorization: Bearer $(cat "$home/etc/admin.token")" >/dev/null; do sleep 0.2; done
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.parley.bench.SlaStreamLatency \
  --url "http://127.0.0.1:$port" --token-file "$home/etc/admin.token" --events "$events" --rate "$rate"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
