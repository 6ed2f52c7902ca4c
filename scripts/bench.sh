#!/usr/bin/env bash
# Builds the app and prints the benchmark table (see tests/bench/bench.mjs for what is timed).
#   scripts/bench.sh [--reps N] [--docs doc-1m-n10000,...]
#   scripts/bench.sh --corpus [--docs N] [--reps R]   (the corpus table: tests/bench/corpus.mjs)
#   scripts/bench.sh --agreement [--reps R] [--annotators N]   (the agreement panel: tests/bench/agreement.mjs)
#   scripts/bench.sh --editing [--reps R] [--keys K]   (correcting the text: tests/bench/editing.mjs)
#   scripts/bench.sh --learn [--reps R] [--docs D]   (training and suggesting: tests/bench/learn.mjs)
#   scripts/bench.sh --rooms [--clients 20] [--edits 200] [--instances 2]   (a team room under load:
#     tests/bench/rooms.mjs; starts and stops its own server, database and Redis on 127.0.0.1)
#   scripts/bench.sh --room-app [--rounds R] [--doc D]   (a colleague's change on the page of the
#     built app, the 1 MB / 10,000-span document shared in a room: tests/bench/room_app.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--rooms" ]; then
  shift
  # No app build: the clients are node processes speaking the protocol.
  bash scripts/setup-team.sh
  exec node tests/bench/rooms.mjs "$@"
fi
if [ "${1:-}" = "--room-app" ]; then
  shift
  bash scripts/setup.sh
  bash scripts/setup-team.sh
  (. scripts/env.sh && trunk build --release --quiet)
  exec node tests/bench/room_app.mjs "$@"
fi
if [ "${1:-}" = "--agreement" ]; then
  shift
  bash scripts/setup.sh
  (. scripts/env.sh && trunk build --release --quiet)
  exec node tests/bench/agreement.mjs "$@"
fi
if [ "${1:-}" = "--learn" ]; then
  shift
  bash scripts/setup.sh
  (. scripts/env.sh && trunk build --release --quiet)
  exec node tests/bench/learn.mjs "$@"
fi
if [ "${1:-}" = "--editing" ]; then
  shift
  bash scripts/setup.sh
  (. scripts/env.sh && trunk build --release --quiet)
  exec node tests/bench/editing.mjs "$@"
fi
if [ "${1:-}" = "--corpus" ]; then
  shift
  bash scripts/setup.sh
  (. scripts/env.sh && trunk build --release --quiet)
  exec node tests/bench/corpus.mjs "$@"
fi
# The peer-bench folder is outside the repository: fail before the build when it is needed
# (no --data DIR, or --peers) and missing. bench.mjs checks the same.
peer_bench="$(cd .. && pwd)/shared/peer-bench"
case " $* " in
  *" --data "*) needs_peer_bench=0 ;;
  *) needs_peer_bench=1 ;;
esac
case " $* " in *" --peers "*) needs_peer_bench=1 ;; esac
if [ "$needs_peer_bench" = 1 ] && [ ! -d "$peer_bench" ]; then
  echo "The benchmark needs the peer-bench folder $peer_bench (beside the repository), and it is missing." >&2
  exit 2
fi
bash scripts/setup.sh
(. scripts/env.sh && trunk build --release --quiet)
exec node tests/bench/bench.mjs "$@"
