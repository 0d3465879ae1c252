#!/usr/bin/env bash
# Idle memory of parley.jar: resident set size (VmRSS) of a fresh home's process 10 s after its ready
# line and again after it idled for the given time, with the JVM's own options only (no -Xmx).
# Usage: bench/idle-memory.sh [idle-seconds=60] [port=18095]
#   PARLEY_JAR: another parley.jar; JAVA: another java; PARLEY_JAVA_OPTS: JVM options (e.g. -XX:+UseZGC)
set -euo pipefail
idle=${1:-60}
port=${2:-18095}
jar=${PARLEY_JAR:-"$(cd "$(dirname "$0")/.." && pwd)/runtime/target/parley.jar"}
java=${JAVA:-java}
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
home=$(mktemp -d)
out="$home/run.out"
: > "$out"
"$java" ${PARLEY_JAVA_OPTS:-} -jar "$jar" --home "$home" --port "$port" > "$out" 2>&1 &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$home"' EXIT
until grep -q "Parley is ready" "$out"; do
  kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; exit 1; }
  sleep 0.1
done
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }
sleep 10
after_ready=$(rss)
sleep "$idle"
echo "RSS 10 s after ready: ${after_ready} MB; after ${idle} s more idle: $(rss) MB"
echo "options: ${PARLEY_JAVA_OPTS:-none}; $("$java" -version 2>&1 | head -1)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
