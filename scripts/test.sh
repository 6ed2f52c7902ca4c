#!/usr/bin/env bash
# Sets up the machine when needed, then runs every test: formatting and lints, the native tests
# of the model and formats (cargo test), a release build with Trunk, the browser tests in
# headless Chromium against that build, and the team-room server's tests (they start and stop
# PostgreSQL, Redis and two server instances on 127.0.0.1 themselves). Prints a summary line last.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# Native work uses the machine's rustup toolchain (TOOLCHAIN.md, step 3).
export PATH="$HOME/.cargo/bin:$PATH"
echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy"
cargo clippy --quiet --all-targets -- -D warnings
echo "== cargo test (native)"
cargo test 2>&1 | tee target/native-tests.log
native_passed=$(awk '/^test result: ok\./ { n += $4 } END { print n + 0 }' target/native-tests.log)

echo "== trunk build --release"
(. scripts/env.sh && trunk build --release --quiet)

echo "== browser tests (headless Chromium)"
browser_status=0
(cd tests && node --test browser/) 2>&1 | tee target/browser-tests.log || browser_status=$?
browser_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' target/browser-tests.log)
browser_failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' target/browser-tests.log)

echo "== team-room server tests (PostgreSQL, Redis, Hocuspocus on 127.0.0.1)"
team_status=0
node --test tests/team/ 2>&1 | tee target/team-tests.log || team_status=$?
team_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' target/team-tests.log)
team_failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' target/team-tests.log)

echo "Spanwise: $((native_passed + ${browser_passed:-0} + ${team_passed:-0})) passed, $((${browser_failed:-1} + ${team_failed:-1})) failed"
[ "$browser_status" = 0 ] || exit "$browser_status"
exit "$team_status"
