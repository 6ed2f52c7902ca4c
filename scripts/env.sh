# Sourced by the other scripts: the environment for wasm32 builds (see ../shared/TOOLCHAIN.md).
# Debian's Rust 1.96 builds the wasm32 std from source; npm's wasm-opt comes first on PATH so that
# Trunk finds binaryen 132, not an older system copy.
SPANWISE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$SPANWISE_ROOT/tests/node_modules/.bin:/usr/bin:$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
