#!/usr/bin/env bash
# The project's test command (README "Test"): every Rust test of the workspace, then the WASM
# package's Node and browser tests (wasm/ci.sh installs what they need: the wasm32 target,
# wasm-bindgen-cli at the crate's exact version, binaryen, Chromium, playwright-core).
# Set JPII_SKIP_WASM=1 to run only the Rust tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked
if [ "${JPII_SKIP_WASM:-0}" != "1" ] && [ -x wasm/ci.sh ]; then
    bash wasm/ci.sh
fi
