#!/usr/bin/env bash
# Host store write throughput (TicketService.addMessage on the embedded H2 file database).
# Usage: bench/store-throughput.sh [messages=20000] [threads=1,4,8,16]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/target/classpath.txt ] || mvn -B -q -DskipTests package -pl bench -am
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.parley.bench.StoreThroughput "$@"
