#!/usr/bin/env bash
# Escalation rule evaluation per event, JMH: 10, 100 and 1,000 declarative rules through Parley's
# indexed RuleSet and the same rules through Easy Rules 4.1, in one run.
# Usage: bench/rule-eval.sh [extra JMH options, e.g. -wi 5 -i 10]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o install -DskipTests -pl bundles/escalation-api,bundles/escalation
mvn -B -q -o package -DskipTests -pl bench
# a private copy of the jars: other builds may replace ~/.m2's snapshots while this runs
jars=$(mktemp -d); trap 'rm -rf "$jars"' EXIT
cp -r bench/target/classes "$jars/classes"
cp $(tr ':' ' ' < bench/target/classpath.txt) "$jars/"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jars/classes:$jars/*" org.openjdk.jmh.Main \
  'dev.parley.bench.escalation.RuleEvaluationBench' "$@"
