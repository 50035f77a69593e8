// The package API from Node: the same module a page uses, loaded with initSync.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { initSync, Scanner, kinds } from "../pkg/jpii_wasm.js";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
initSync({ module: readFileSync(here("../pkg/jpii_wasm_bg.wasm")) });

test("scanText: spans are UTF-16 code units of the JS string, even after emoji", () => {
  const s = new Scanner();
  const text = "😀🎉 連絡先：090-1234-5678 😀 マイナンバー 6214 9832 0257";
  const f = s.scanText(text);
  assert.equal(f.length, 2);
  assert.equal(text.slice(f[0].start, f[0].end), "090-1234-5678");
  assert.equal(f[0].kind, "phone_number");
  assert.equal(f[0].masked, "090-****-5678");
  assert.equal(text.slice(f[1].start, f[1].end), "6214 9832 0257");
  const utf8 = new TextEncoder().encode(text);
  assert.equal(new TextDecoder().decode(utf8.slice(f[0].byteStart, f[0].byteEnd)), "090-1234-5678");
});

test("scanText: the SIMD skip (simd128) misses nothing, at every byte alignment", () => {
  // The stepping pass skips 32 bytes at a time where nothing can start; a value must be found
  // wherever it falls in a block. The prose around it shares first characters with words (社, 上).
  const s = new Scanner();
  const filler = "社内の上期の売上は前年並みでした。当社の取り組みをご説明いたします。";
  for (let shift = 0; shift < 40; shift++) {
    const pad = (shift % 2 ? "a" : "") + "の".repeat(shift >> 1);
    const text = pad + filler + "お客様：山田太郎様　携帯：090-1234-5678　〒100-0001 東京都千代田区千代田1-1" + filler.repeat(3);
    const kinds = s.scanText(text).map((f) => f.kind);
    for (const k of ["person_name", "phone_number", "postal_code", "address"]) {
      assert.ok(kinds.includes(k), `${k} at shift ${shift}: ${kinds}`);
    }
  }
});

test("scanBytes: a Shift_JIS roster, byte spans in the original bytes", () => {
  const bytes = new Uint8Array(readFileSync(here("fixtures/roster_sjis.csv")));
  const r = new Scanner().scanBytes(bytes);
  assert.equal(r.encoding, "Shift_JIS");
  assert.equal(r.how, "sniffed");
  assert.equal(r.tables.length, 1);
  assert.equal(r.tables[0].records, 3);
  assert.ok(r.tables[0].roster);
  const phones = r.findings.filter((f) => f.kind === "phone_number");
  assert.equal(phones.length, 3);
  const sjis = new TextDecoder("shift_jis");
  assert.equal(sjis.decode(bytes.slice(phones[0].start, phones[0].end)), "090-1234-5678");
  const names = r.findings.filter((f) => f.kind === "person_name");
  assert.equal(sjis.decode(bytes.slice(names[0].start, names[0].end)), "山田太郎");
  // The report is masked through and through: the dictionary reasons quote no name.
  const shown = JSON.stringify(r.findings);
  assert.match(shown, /"list":"surnames","entry":"山\*"/);
  assert.doesNotMatch(shown, /山田|太郎|ヤマダ|タロウ/);
});

test("scanText: reasons quote no part of a value (surname, given name, postal code)", () => {
  const text = "氏名：伊藤一郎\n〒100-0001 東京都千代田区千代田1-19-16";
  const shown = JSON.stringify(new Scanner().scanText(text));
  assert.match(shown, /"kind":"person_name"/);
  assert.match(shown, /"kind":"postal_code"/);
  assert.doesNotMatch(shown, /伊藤|一郎|1000001|100-0001/);
});

test("streaming gives the same findings as one scan, whatever the chunk size", () => {
  const bytes = new Uint8Array(readFileSync(here("fixtures/roster_sjis.csv")));
  const scanner = new Scanner();
  const whole = scanner.scanBytes(bytes).findings.map((f) => `${f.kind}@${f.start}-${f.end}`);
  for (const size of [1, 7, 64, 4096]) {
    const s = scanner.stream();
    const got = [];
    for (let i = 0; i < bytes.length; i += size) got.push(...s.feed(bytes.slice(i, i + size)));
    const end = s.finish();
    got.push(...end.findings);
    assert.equal(end.encoding, "Shift_JIS");
    assert.deepEqual(got.map((f) => `${f.kind}@${f.start}-${f.end}`), whole, `chunk ${size}`);
  }
});

test("redactText masks in place, same length", () => {
  const s = new Scanner();
  const text = "携帯：090-1234-5678 です";
  const red = s.redactText(text);
  assert.equal(red.length, text.length);
  assert.ok(red.includes("090-****-5678"));
});

test("options: kinds, minimum confidence, allowlist; bad options throw with a message", () => {
  const text = "携帯：090-1234-5678 マイナンバー 6214 9832 0257";
  assert.deepEqual(new Scanner({ kinds: ["my_number"] }).scanText(text).map((f) => f.kind), ["my_number"]);
  assert.deepEqual(new Scanner({ allowValues: ["090-1234-5678"] }).scanText(text).map((f) => f.kind), ["my_number"]);
  assert.equal(new Scanner({ minConfidence: "high" }).scanText("6214 9832 0257").length, 0);
  assert.throws(() => new Scanner({ kinds: ["nope"] }), /unknown kind/);
  assert.throws(() => new Scanner({ minConfidence: "very" }), /unknown confidence/);
  assert.throws(() => new Scanner({ allowPatterns: ["("] }), /pattern/i);
  assert.throws(() => new Scanner({ bogus: 1 }), /invalid options/);
  const s = new Scanner().stream();
  s.finish();
  assert.throws(() => s.feed(new Uint8Array([1])), /finished/);
});

test("kinds() lists the 15 stable ids", () => {
  const k = kinds();
  assert.equal(k.length, 15);
  assert.ok(k.some((x) => x.id === "my_number" && x.labelJa === "個人番号"));
});
