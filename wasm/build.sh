#!/usr/bin/env bash
# Builds wasm/pkg/: an npm package (ES module JS, .d.ts types, .wasm) usable from a bundler, a plain
# <script type="module"> and Node (`initSync`). Needs the wasm32-unknown-unknown target and
# wasm-bindgen-cli at the exact version of the wasm-bindgen crate (wasm/ci.sh installs both);
# wasm-opt (binaryen) is used when present.
set -euo pipefail
cd "$(dirname "$0")/.."
# Speed matters as much as size here (the goal is >= 0.3x native): -O3, fat LTO, one codegen unit,
# abort on panic (the engine never panics on input; a bug then traps instead of unwinding), SIMD.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=${JPII_WASM_OPT_LEVEL:-3}
export CARGO_PROFILE_RELEASE_PANIC=abort
export CARGO_PROFILE_RELEASE_LTO=fat
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export RUSTFLAGS="-C target-feature=+simd128"
cargo build --release -p jpii-wasm --target wasm32-unknown-unknown --target-dir target/wasm
rm -rf wasm/pkg
wasm-bindgen --target web --out-dir wasm/pkg --out-name jpii_wasm target/wasm/wasm32-unknown-unknown/release/jpii_wasm.wasm
# wasm-opt: binaryen from npm (wasm/node_modules, installed by `npm ci`; Debian 12's wasm-opt 108
# breaks the externref table wasm-bindgen emits), else a system wasm-opt of version >= 116.
opt=""
if [ -x wasm/node_modules/.bin/wasm-opt ]; then
    opt=wasm/node_modules/.bin/wasm-opt
elif command -v wasm-opt >/dev/null && [ "$(wasm-opt --version | grep -o '[0-9]\+' | head -1)" -ge 116 ]; then
    opt=wasm-opt
fi
if [ -n "$opt" ]; then
    "$opt" ${JPII_WASM_OPT:--O3} --enable-simd --enable-bulk-memory --enable-reference-types --enable-sign-ext \
        --enable-nontrapping-float-to-int --enable-mutable-globals --enable-multivalue \
        wasm/pkg/jpii_wasm_bg.wasm -o wasm/pkg/jpii_wasm_bg.opt.wasm
    mv wasm/pkg/jpii_wasm_bg.opt.wasm wasm/pkg/jpii_wasm_bg.wasm
else
    echo "no suitable wasm-opt: module not optimized (run npm ci in wasm/ first)" >&2
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
sed "s/@VERSION@/$version/" wasm/package.template.json > wasm/pkg/package.json
cp wasm/README.pkg.md wasm/pkg/README.md
raw=$(wc -c < wasm/pkg/jpii_wasm_bg.wasm)
gz=$(gzip -9c wasm/pkg/jpii_wasm_bg.wasm | wc -c)
echo "jpii_wasm_bg.wasm: $raw bytes, $gz gzipped"
