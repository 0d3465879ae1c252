#!/usr/bin/env bash
# WhatsApp against Messenger, webhook to committed ticket message: alternating rounds of
# bench/webhook-load.sh, the order swapped every round, each run a fresh parley.jar --sandbox.
# Usage: bench/platform-ab.sh [rounds=4] [events=4000] (events measured after as many of warm-up)
# Prints each run's committed rate and CPU per event, then the paired ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-4}; events=${2:-4000}
ratios=()
for round in $(seq "$rounds"); do
  order=(whatsapp messenger); [ $((round % 2)) = 0 ] && order=(messenger whatsapp)
  declare -A rate=()
  for p in "${order[@]}"; do
    echo "=== round $round: $p, load average $(cut -d' ' -f1 /proc/loadavg)"
    out=$(PARLEY_BENCH_PLATFORM=$p bench/webhook-load.sh "$events" 500 32 0 "$events" 2>&1)
    grep -E "committed|server CPU [0-9]|warm-up" <<<"$out"
    rate[$p]=$(sed -n 's/.*committed as ticket messages in .* s: \([0-9]*\) events\/s.*/\1/p' <<<"$out")
  done
  ratios+=("$(awk -v w="${rate[whatsapp]}" -v m="${rate[messenger]}" 'BEGIN { printf "%.2f", w / m }')")
  echo "round $round: WhatsApp / Messenger = ${ratios[-1]}"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ r[NR] = $1; l += log($1) }
  END { printf "paired ratios: median %.2f, geometric mean %.2f (%d rounds)\n", (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2), exp(l / NR), NR }'
