#!/usr/bin/env bash
# Sets up the machine when needed, builds the app and serves it on http://127.0.0.1:8080
# with the sample article open. Ctrl+C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/env.sh
echo "Spanwise: http://127.0.0.1:8080"
exec trunk serve --release --address 127.0.0.1 --port 8080 --no-autoreload
