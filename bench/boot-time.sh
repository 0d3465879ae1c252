#!/usr/bin/env bash
# Boot-to-ready benchmark for parley.jar: wall time from process start until the launcher prints its
# ready line (which it prints only after GET /health answers 200), over N runs with a warm bundle
# cache (run 0, the first boot of a fresh home, is reported separately: it also unpacks the bundles
# and creates the database).
# Usage: bench/boot-time.sh [runs=10] [port=18090]
#   PARLEY_JAR: another parley.jar; JAVA: another java; PARLEY_ARGS: more launcher options (e.g. --sandbox)
set -euo pipefail
runs=${1:-10}
port=${2:-18090}
jar=${PARLEY_JAR:-"$(cd "$(dirname "$0")/.." && pwd)/runtime/target/parley.jar"}
java=${JAVA:-java}
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
home=$(mktemp -d)
trap 'pkill -TERM -f -- "--home $home" >/dev/null 2>&1 || true; rm -rf "$home"' EXIT

boot() {
  local out="$home/boot.out" start end
  : > "$out"
  start=$(date +%s%N)
  "$java" -jar "$jar" --home "$home" --port "$port" ${PARLEY_ARGS:-} > "$out" 2>&1 &
  local pid=$!
  until grep -q "Parley is ready" "$out"; do
    kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  kill -TERM "$pid"; wait "$pid" || true
  echo $(( (end - start) / 1000000 ))
}

first=$(boot)
times=()
for _ in $(seq 1 "$runs"); do times+=("$(boot)"); done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( runs / 2 ))]}
echo "first boot (fresh home): ${first} ms"
echo "warm boots (n=${runs}): min ${sorted[0]} ms, median ${median} ms, max ${sorted[$(( runs - 1 ))]} ms"
echo "machine: $(nproc) cores, $("$java" -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
