#!/usr/bin/env bash
# Prints a token for a team room, signed with $SPANWISE_SECRET (the secret the server runs with):
#   scripts/team-token.sh ROOM NAME [--ttl SECONDS]     (default: valid for a day)
# The format is in team/token.mjs; the app takes it in "Share…" or in a link's &token=.
set -euo pipefail
exec node "$(cd "$(dirname "$0")/.." && pwd)/team/token.mjs" "$@"
