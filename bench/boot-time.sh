#!/usr/bin/env bash
# Boot-to-ready benchmark for parley.jar: wall time from process start until GET /health first
# answers 200 and until the launcher prints its ready line (which it prints only after its own
# /health probe got 200), over N runs with a warm bundle cache, plus a few boots of a fresh home
# (which also unpack the bundles and create the database).
# Usage: bench/boot-time.sh [runs=10] [port=18090]
#   PARLEY_JAR: another parley.jar; PARLEY_JARS="a.jar b.jar": several jars, run interleaved (a, b, a,
#   b, ...) so that they share the machine's load, each with its own home (an entry "a.jar::-XX:Opt,-XX:Other"
#   runs that jar with these JVM options, e.g. a CDS archive against none); JAVA: another java;
#   PARLEY_ARGS: more launcher options (e.g. --sandbox); JAVA_OPTS: JVM options before -jar;
#   FRESH: fresh-home boots per jar (default 3)
# Each run's 1-minute load average is recorded; the summary gives its range.
set -euo pipefail
runs=${1:-10}
port=${2:-18090}
fresh=${FRESH:-3}
default_jar="$(cd "$(dirname "$0")/.." && pwd)/runtime/target/parley.jar"
read -r -a jars <<< "${PARLEY_JARS:-${PARLEY_JAR:-$default_jar}}"
java=${JAVA:-java}
for entry in "${jars[@]}"; do
  [ -f "${entry%%::*}" ] || { echo "${entry%%::*}: build first: mvn -B -DskipTests package" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'pkill -TERM -f -- "--home $work/" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }
load1() { local l _; read -r l _ < /proc/loadavg; echo "$l"; }

# GET /health over bash's /dev/tcp (no process per poll, so polling adds little load)
health_ok() {
  local status=""
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 2>/dev/null || { exec 3<&-; return 1; }
  read -r -t 2 status <&3 || true
  exec 3<&-
  [[ $status == *" 200"* ]]
}

# one boot of entry $1 (jar[::options]) in home $2: prints "<ms to /health 200> <ms to ready line> <load>
# <CPU ms the JVM had used at the ready line>" (CPU time depends much less on the machine's load than wall time)
boot() {
  local jar=${1%%::*} opts="" home=$2 out="$2.out" start health=-1 ready=-1 pid cpu=-1
  [[ $1 == *::* ]] && opts=${1#*::} && opts=${opts//,/ }
  : > "$out"
  start=$(now_ms)
  "$java" ${JAVA_OPTS:-} $opts -jar "$jar" --home "$home" --port "$port" ${PARLEY_ARGS:-} > "$out" 2>&1 &
  pid=$!
  while :; do
    if (( health < 0 )) && health_ok; then health=$(( $(now_ms) - start )); fi
    if grep -q "Parley is ready" "$out"; then
      ready=$(( $(now_ms) - start ))
      local stat; read -r -a stat < "/proc/$pid/stat"; cpu=$(( (stat[13] + stat[14]) * 1000 / ticks ))
      break
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; exit 1; }
    sleep 0.01
  done
  (( health >= 0 )) || health=$ready # the ready line came between two polls
  kill -TERM "$pid"; wait "$pid" || true
  echo "$health $ready $(load1) $cpu"
}
ticks=$(getconf CLK_TCK)

median() { sort -n | awk '{a[NR]=$1} END {print a[int(NR/2)+1]}'; }
summary() { # label, file with "health ready load" lines
  local f=$2
  echo "$1 (n=$(wc -l < "$f")): /health 200 median $(cut -d' ' -f1 "$f" | median) ms;" \
    "ready line median $(cut -d' ' -f2 "$f" | median) ms (min $(cut -d' ' -f2 "$f" | sort -n | head -1)," \
    "max $(cut -d' ' -f2 "$f" | sort -n | tail -1)); ready - health median $(awk '{print $2-$1}' "$f" | median) ms;" \
    "CPU at ready median $(cut -d' ' -f4 "$f" | median) ms;" \
    "load $(cut -d' ' -f3 "$f" | sort -n | head -1)-$(cut -d' ' -f3 "$f" | sort -n | tail -1)"
}

for i in $(seq 1 "$fresh"); do
  for j in "${!jars[@]}"; do
    rm -rf "$work/fresh$j"
    boot "${jars[$j]}" "$work/fresh$j" >> "$work/fresh$j.txt"
  done
done
for j in "${!jars[@]}"; do boot "${jars[$j]}" "$work/warm$j" > /dev/null; done # fill each warm home
for i in $(seq 1 "$runs"); do
  for j in "${!jars[@]}"; do boot "${jars[$j]}" "$work/warm$j" >> "$work/warm$j.txt"; done
done
for j in "${!jars[@]}"; do
  echo "${jars[$j]}"
  summary "  fresh home" "$work/fresh$j.txt"
  summary "  warm" "$work/warm$j.txt"
  if (( j > 0 )); then # each round's boots ran back to back, so their difference is the least disturbed by load
    echo "  against ${jars[0]}, warm, round by round: /health 200 median difference" \
      "$(paste -d' ' "$work/warm$j.txt" "$work/warm0.txt" | awk '{print $1-$5}' | median) ms," \
      "ready line $(paste -d' ' "$work/warm$j.txt" "$work/warm0.txt" | awk '{print $2-$6}' | median) ms"
  fi
done
echo "machine: $(nproc) cores, $("$java" -version 2>&1 | head -1), JAVA_OPTS='${JAVA_OPTS:-}', load now $(cut -d' ' -f1-3 /proc/loadavg)"
