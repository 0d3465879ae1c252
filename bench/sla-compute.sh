#!/usr/bin/env bash
# SLA state for N open tickets through the SLA bundle's real classes (engine, store, servlet, ladder)
# on the runtime's H2 file database. Builds the bench and the modules it uses from the reactor
# (package, never install: ~/.m2 is shared with other builds) and runs on their target/ jars.
# Usage: bench/sla-compute.sh [tickets=100000] [repeats=5] [db-dir: kept, reused by later runs]
# JAVA_OPTS adds JVM options (e.g. -XX:StartFlightRecording=filename=/tmp/sla.jfr); -Dbench.setupOnly=true
# only creates the tickets (a database to copy before each run of an A/B comparison, so all start alike).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o package -DskipTests -pl bench -am
# a private copy of the jars: a later build in this tree may replace target/ while this runs
jars=$(mktemp -d); trap 'rm -rf "$jars"' EXIT
cp -r bench/target/classes "$jars/classes"
# classpath.txt names reactor modules by their target/ jars (this build's) and the rest from ~/.m2
cp $(tr ':' ' ' < bench/target/classpath.txt) "$jars/"
echo "load before: $(uptime)"
java -Xmx2g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jars/classes:$jars/*" dev.parley.bench.SlaCompute "$@"
echo "load after: $(uptime)"
