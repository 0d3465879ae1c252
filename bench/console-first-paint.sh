#!/usr/bin/env bash
# First paint of the agent console's queue with many open tickets: boots parley.jar, seeds the tickets
# through the REST API, then loads /agent/ in headless Chromium with a signed-in session and reads the
# Performance API (itests/.../AgentConsoleFirstPaintBench.java). Prints one line with the figures.
# Usage: bench/console-first-paint.sh [tickets=10000] [loads=7]   (needs Debian's chromium + chromium-driver)
set -euo pipefail
cd "$(dirname "$0")/.."
tickets=${1:-10000}; loads=${2:-7}
uptime
mvn -B -o verify -pl itests -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=AgentConsoleFirstPaintBench -Dconsole.bench.tickets="$tickets" -Dconsole.bench.loads="$loads" \
  | grep -E "AgentConsoleFirstPaintBench:|Tests run:|BUILD|ERROR" || true
grep -h "AgentConsoleFirstPaintBench:" itests/target/failsafe-reports/*FirstPaint*-output.txt 2>/dev/null || true
uptime
