#!/usr/bin/env bash
# Social inbox read paths (counts, one account's activity, a claim with a backlog) on a large inbox.
# Usage: bench/inbox-queries.sh [events=100000] [pending=5000] [days=7]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/target/classpath.txt ] || mvn -B -q -DskipTests package -pl bench -am
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.parley.bench.InboxQueries "$@"
