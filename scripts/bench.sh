#!/usr/bin/env bash
# Builds the app and prints the benchmark table (see tests/bench/bench.mjs for what is timed).
#   scripts/bench.sh [--reps N] [--docs doc-1m-n10000,...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(. scripts/env.sh && trunk build --release --quiet)
exec node tests/bench/bench.mjs "$@"
