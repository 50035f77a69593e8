// Scans in a Web Worker so the page stays responsive; large files are streamed in chunks so a
// 200 MB file never needs 200 MB of WASM memory.
import init, { Scanner } from "../pkg/jpii_wasm.js";

const ready = init();
let scanner;
const STREAM_ABOVE = 8 * 1024 * 1024;
const CHUNK = 1024 * 1024;

self.onmessage = async (e) => {
  const msg = e.data;
  try {
    await ready;
    scanner ??= new Scanner({});
    if (msg.type === "text") {
      self.postMessage({ id: msg.id, type: "text", findings: scanner.scanText(msg.text) });
    } else if (msg.type === "file") {
      const file = msg.file;
      if (file.size <= STREAM_ABOVE) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        self.postMessage({ id: msg.id, type: "file", name: file.name, size: file.size, report: scanner.scanBytes(bytes) });
      } else {
        const stream = scanner.stream();
        const findings = [];
        for (let off = 0; off < file.size; off += CHUNK) {
          const chunk = new Uint8Array(await file.slice(off, off + CHUNK).arrayBuffer());
          findings.push(...stream.feed(chunk));
          self.postMessage({ id: msg.id, type: "progress", name: file.name, done: Math.min(off + CHUNK, file.size), size: file.size });
        }
        const end = stream.finish();
        end.findings = findings.concat(end.findings);
        self.postMessage({ id: msg.id, type: "file", name: file.name, size: file.size, report: end });
      }
    }
  } catch (err) {
    self.postMessage({ id: msg.id, type: "error", message: String(err && err.message || err) });
  }
};
