// The demo page in Debian's headless Chromium (playwright-core drives it; no browser is
// downloaded): drop a Shift_JIS roster, check the findings shown, and that the upload form refuses
// a file with High findings until the user confirms. Saves a screenshot in wasm/test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

function serve() {
  const server = createServer(async (req, res) => {
    const p = path.normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = path.join(root, p);
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("demo page: a dropped Shift_JIS roster is summarised and its upload is blocked", { skip: !existsSync(executablePath) && "no Chromium" }, async () => {
  const server = await serve();
  const port = server.address().port;
  const browser = await chromium.launch({ executablePath, args: ["--headless", "--no-sandbox"] });
  const requests = [];
  try {
    const page = await browser.newPage();
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`http://127.0.0.1:${port}/www/index.html`);
    const fixture = path.join(root, "tests/fixtures/roster_sjis.csv");
    await page.setInputFiles("#files", fixture);
    const summary = page.locator('.summary[data-file="roster_sjis.csv"]');
    await summary.waitFor({ timeout: 20000 });
    const text = await summary.innerText();
    assert.match(text, /Shift_JIS/);
    assert.match(text, /3 records: name, kana, phone, postal code, address/);
    assert.match(text, /phone_number 3/);
    assert.match(text, /090-\*\*\*\*-5678/);
    assert.doesNotMatch(text, /090-1234-5678/, "values are masked on the page too");
    // Pasted text is highlighted.
    await page.fill("#text", "😀 携帯：090-1234-5678");
    await page.locator("#highlight mark").first().waitFor({ timeout: 10000 });
    assert.equal(await page.locator("#highlight mark").first().innerText(), "090-1234-5678");
    // The upload form refuses the roster until confirmed.
    await page.setInputFiles("#uploadFile", fixture);
    await page.locator("#confirmRow").waitFor({ state: "visible", timeout: 20000 });
    await page.click("#submit");
    assert.equal(await page.getAttribute("#upload", "data-blocked"), "true");
    assert.match(await page.innerText("#uploadStatus"), /確度の高い個人情報/);
    await mkdir(path.join(root, "test-results"), { recursive: true });
    await page.screenshot({ path: path.join(root, "test-results/demo.png"), fullPage: true });
    await page.check("#confirm");
    await page.click("#submit");
    assert.equal(await page.getAttribute("#upload", "data-blocked"), "false");
    // Nothing left the page: every request went to the local server.
    assert.ok(requests.every((u) => u.startsWith(`http://127.0.0.1:${port}/`)), requests.join("\n"));
  } finally {
    await browser.close();
    server.close();
  }
});
