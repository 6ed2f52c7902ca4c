#!/usr/bin/env bash
# What the team-room server needs (scripts/serve-team.sh, tests/team/): Debian's PostgreSQL and
# Redis, and the npm packages in team/ (Hocuspocus and its extensions, pg, yjs; the test client).
# Idempotent, like setup.sh (which calls it): each step checks first.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
say() { printf '[setup-team] %s\n' "$*" >&2; }

apt_packages=(postgresql redis-server)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d "$HERE/team/node_modules/@hocuspocus/server" ] \
   || [ "$HERE/team/package-lock.json" -nt "$HERE/team/node_modules/.package-lock.json" ]; then
  say "installing npm packages in team/"
  (cd "$HERE/team" && npm ci --no-audit --no-fund --loglevel=error)
fi
