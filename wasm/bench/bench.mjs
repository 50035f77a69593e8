// MB/s of scanText and scanBytes in WASM (Node), on the files the native benchmark uses
// (`cargo run --release -p jpii-benches -- all` runs this and prints the ratio to native).
// Usage: node wasm/bench/bench.mjs TEXT_FILE SJIS_FILE
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { initSync, Scanner } from "../pkg/jpii_wasm.js";

initSync({ module: readFileSync(fileURLToPath(new URL("../pkg/jpii_wasm_bg.wasm", import.meta.url))) });
const [textFile, sjisFile] = process.argv.slice(2);
const text = readFileSync(textFile, "utf8");
const utf8Bytes = Buffer.byteLength(text);
const sjis = new Uint8Array(readFileSync(sjisFile));
const scanner = new Scanner();
function median(f, reps = 5) {
  f();
  const t = [];
  for (let i = 0; i < reps; i++) {
    const s = process.hrtime.bigint();
    f();
    t.push(Number(process.hrtime.bigint() - s) / 1e9);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}
const tText = median(() => scanner.scanText(text));
const tBytes = median(() => scanner.scanBytes(sjis));
console.log(JSON.stringify({ scanText_mb_s: utf8Bytes / tText / 1e6, scanBytes_mb_s: utf8Bytes / tBytes / 1e6, bytes: utf8Bytes, findings: scanner.scanText(text).length }));
