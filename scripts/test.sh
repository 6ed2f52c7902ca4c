#!/usr/bin/env bash
# Sets up the machine when needed, then runs every test: formatting and lints, the native tests
# of the model and formats (cargo test), a release build with Trunk, and the browser tests in
# headless Chromium against that build. Prints a summary line last.
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
echo "Spanwise: $((native_passed + ${browser_passed:-0})) passed, ${browser_failed:-1} failed"
exit "$browser_status"
