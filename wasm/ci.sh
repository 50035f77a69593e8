#!/usr/bin/env bash
# The WASM package's tests, from a clean Debian machine (run by scripts/test.sh, as root in CI):
# installs the wasm32 target, wasm-bindgen-cli at the exact version of the wasm-bindgen crate in
# Cargo.lock, Chromium from Debian, and playwright-core and binaryen (wasm-opt) from npm (which never
# downloads a browser here: the test uses /usr/bin/chromium); builds wasm/pkg; runs the Node API
# tests and the headless-browser test of the demo page.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add wasm32-unknown-unknown
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
    cargo install wasm-bindgen-cli --version "$want"
fi
need=()
command -v chromium >/dev/null || need+=(chromium)
# Japanese glyphs for the screenshot (the test itself reads text, not pixels).
fc-list :lang=ja 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
    else
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
    fi
fi
# npm first: it brings playwright-core and binaryen's wasm-opt (used by build.sh).
(cd wasm && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
bash wasm/build.sh
cd wasm
node --test tests/
