#!/usr/bin/env bash
# SLA state for N open tickets through the SLA bundle's real classes (engine, store, servlet, ladder)
# on the runtime's H2 file database. Rebuilds the SLA bundle and the bench classpath first.
# Usage: bench/sla-compute.sh [tickets=100000] [repeats=5] [db-dir: kept, reused by later runs]
# JAVA_OPTS adds JVM options (e.g. -XX:StartFlightRecording=filename=/tmp/sla.jfr).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o install -DskipTests -pl bundles/sla
mvn -B -q -o package -DskipTests -pl bench
# a private copy of the jars: other builds may replace ~/.m2's snapshots while this runs
jars=$(mktemp -d); trap 'rm -rf "$jars"' EXIT
cp bench/target/classpath.txt "$jars/"; cp -r bench/target/classes "$jars/classes"
cp $(tr ':' ' ' < bench/target/classpath.txt) "$jars/"
java -Xmx2g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jars/classes:$jars/*" dev.parley.bench.SlaCompute "$@"
