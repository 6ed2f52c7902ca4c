#!/usr/bin/env bash
# Takes a fresh Debian machine of this project's kind to one that can build, serve and test
# Spanwise. Idempotent: every step checks whether its tool is already at the pinned version.
# Only the package registries are used (Debian's apt, crates.io, npm); see ../shared/TOOLCHAIN.md.
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130 # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
HERE="$(cd "$(dirname "$0")/.." && pwd)"

say() { printf '[setup] %s\n' "$*" >&2; }

# 1. Debian packages: Rust 1.96 with its std sources (for wasm32 via build-std), lld, Chromium.
apt_packages=(rustc-web cargo-web rust-web-src rust-web-llvm libstd-rust-web-dev rustfmt-web
  chromium chromium-driver)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ] || ! command -v rust-lld >/dev/null 2>&1; then
  say "installing Debian packages: ${missing[*]:-lld}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # rust-web-llvm depends on llvm-N; its linker is lld-N (rust-lld points at it).
  llvm_pkg=$(apt-cache depends rust-web-llvm 2>/dev/null | sed -n 's/.*Depends: \(llvm-[0-9]*\)$/\1/p' | head -n1)
  lld_pkg="lld-${llvm_pkg#llvm-}"
  [ "$lld_pkg" = "lld-" ] && { say "cannot tell which lld rust-web-llvm needs"; exit 1; }
  apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" "$lld_pkg" >/dev/null
fi
debian_rustc=$(/usr/bin/rustc --version)
src_version=$(sed -n 's/^version = "\(.*\)"/\1/p' /usr/lib/rustlib/src/rust/library/std/Cargo.toml | head -n1)
case "$debian_rustc" in
  *"$src_version"*) ;;
  *) if [ -n "$src_version" ] && [ "$src_version" != "0.0.0" ]; then
       say "Debian rustc ($debian_rustc) and its std sources ($src_version) disagree"; exit 1
     fi ;;
esac

# 2. Cargo-installed tools, built with the machine's rustup toolchain.
export PATH="$HOME/.cargo/bin:$PATH"
if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (takes ~10 minutes once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --quiet
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file names a webpki-roots release the registry here lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --quiet
fi

# 3. npm: wasm-opt (binaryen 132 accepts rustc 1.96's output), playwright-core and axe-core for browser tests.
if [ ! -x "$HERE/tests/node_modules/.bin/wasm-opt" ] || [ ! -d "$HERE/tests/node_modules/playwright-core" ] \
   || [ ! -d "$HERE/tests/node_modules/axe-core" ] \
   || [ "$HERE/tests/package-lock.json" -nt "$HERE/tests/node_modules/.package-lock.json" ]; then
  say "installing npm packages in tests/"
  (cd "$HERE/tests" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 4. The team-room server and its tests: Debian's PostgreSQL and Redis, npm packages in team/.
bash "$HERE/scripts/setup-team.sh"

# 5. The wasm32 standard library's own crates, fetched once so later builds can be offline.
# shellcheck source=env.sh
. "$HERE/scripts/env.sh"
(cd "$HERE" && cargo fetch -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown >/dev/null 2>&1) \
  || (cd "$HERE" && cargo fetch -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown)
say "ready"
