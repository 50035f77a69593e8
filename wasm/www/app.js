// The demo page: paste text or drop files; findings are highlighted and summarised; the example
// upload form refuses a file with High findings until the user confirms. All scanning happens in
// worker.js, in this browser.

const T = {
  ja: {
    title: "個人情報チェック（ブラウザ内で完結）",
    lead: "ファイルやテキストはこのページの中だけで検査されます。どこにも送信されません。",
    pasteTitle: "テキストを貼り付け", pastePlaceholder: "ここにテキストを貼り付けてください",
    dropTitle: "ファイルをドロップ", dropHint: "ここにファイルをドロップ（Shift_JIS・EUC-JP・UTF-16 の CSV もそのまま）",
    formTitle: "アップロードフォームの例", confirm: "個人情報が含まれていることを確認したうえで送信します", submit: "送信",
    lang: "English", encoding: "文字コード", findings: "検出", none: "個人情報は見つかりませんでした",
    kind: "種類", confidence: "確度", where: "位置", value: "値（マスク済み）", roster: "名簿",
    blocked: "確度の高い個人情報が含まれています。確認のチェックを入れてから送信してください。",
    sent: "送信しました（デモのため実際には送信していません）", scanning: "検査中…", records: "件",
  },
  en: {
    title: "Personal-information check (stays in your browser)",
    lead: "Files and text are checked inside this page only. Nothing is sent anywhere.",
    pasteTitle: "Paste text", pastePlaceholder: "Paste text here",
    dropTitle: "Drop files", dropHint: "Drop files here (Shift_JIS, EUC-JP and UTF-16 CSVs work as they are)",
    formTitle: "Example upload form", confirm: "I confirm this file contains personal information and send it anyway", submit: "Send",
    lang: "日本語", encoding: "Encoding", findings: "Findings", none: "No personal information found",
    kind: "Kind", confidence: "Confidence", where: "Where", value: "Value (masked)", roster: "Roster",
    blocked: "This file holds High-confidence personal information. Tick the confirmation to send it.",
    sent: "Sent (a demo: nothing was actually sent)", scanning: "Scanning…", records: "records",
  },
};
let lang = "ja";
const t = (k) => T[lang][k];

function applyLang() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  document.getElementById("lang").textContent = t("lang");
}
document.getElementById("lang").addEventListener("click", () => { lang = lang === "ja" ? "en" : "ja"; applyLang(); });

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
let nextId = 1;
const pending = new Map();
worker.onmessage = (e) => {
  const m = e.data;
  if (m.type === "progress") {
    document.getElementById("progress").textContent = `${t("scanning")} ${m.name} ${Math.round((100 * m.done) / m.size)}%`;
    return;
  }
  const p = pending.get(m.id);
  if (!p) return;
  pending.delete(m.id);
  m.type === "error" ? p.reject(new Error(m.message)) : p.resolve(m);
};
function ask(msg) {
  const id = nextId++;
  return new Promise((resolve, reject) => { pending.set(id, { resolve, reject }); worker.postMessage({ ...msg, id }); });
}

// Text: highlight findings (spans are UTF-16 code units, the JS string's own indices).
const textArea = document.getElementById("text");
const view = document.getElementById("highlight");
let timer;
textArea.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(scanText, 150); });
async function scanText() {
  const text = textArea.value;
  const { findings } = await ask({ type: "text", text });
  view.replaceChildren();
  let at = 0;
  for (const f of findings) {
    if (f.start < at) continue;
    view.append(text.slice(at, f.start));
    const mark = document.createElement("mark");
    mark.className = f.confidence;
    mark.dataset.kind = f.kind;
    mark.title = `${f.kind} (${f.confidence}, ${f.score.toFixed(2)})`;
    mark.textContent = text.slice(f.start, f.end);
    view.append(mark);
    at = f.end;
  }
  view.append(text.slice(at));
}

// Files: a summary per file.
const summaries = document.getElementById("summaries");
async function scanFiles(files) {
  for (const file of files) {
    const m = await ask({ type: "file", file });
    document.getElementById("progress").textContent = "";
    summaries.prepend(renderSummary(m.name, m.report));
  }
}
function renderSummary(name, r) {
  const box = document.createElement("div");
  box.className = "summary";
  box.dataset.file = name;
  const h = document.createElement("h3");
  h.textContent = `${name} — ${t("encoding")}: ${r.encoding} (${r.how})`;
  box.append(h);
  for (const tb of r.tables || []) {
    if (!tb.roster) continue;
    const p = document.createElement("p");
    p.className = "roster";
    p.textContent = `${t("roster")}: ${tb.summary}`;
    box.append(p);
  }
  const counts = {};
  for (const f of r.findings) counts[f.kind] = (counts[f.kind] || 0) + 1;
  const p = document.createElement("p");
  p.className = "kinds";
  p.textContent = r.findings.length ? `${t("findings")}: ` + Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(", ") : t("none");
  box.append(p);
  if (r.findings.length) {
    const table = document.createElement("table");
    const head = table.insertRow();
    for (const k of ["kind", "confidence", "where", "value"]) { const th = document.createElement("th"); th.textContent = t(k); head.append(th); }
    for (const f of r.findings.slice(0, 500)) {
      const row = table.insertRow();
      row.className = "finding";
      for (const v of [f.kind, f.confidence, f.line ? `${f.line}:${f.column}` : `${f.start}..${f.end}`, f.masked ?? ""]) row.insertCell().textContent = v;
    }
    box.append(table);
  }
  return box;
}
const drop = document.getElementById("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); scanFiles(e.dataTransfer.files); });
document.getElementById("files").addEventListener("change", (e) => scanFiles(e.target.files));

// The upload form: a file with High findings needs an explicit confirmation.
const form = document.getElementById("upload");
const status = document.getElementById("uploadStatus");
const confirmRow = document.getElementById("confirmRow");
const confirmBox = document.getElementById("confirm");
let uploadHigh = 0;
document.getElementById("uploadFile").addEventListener("change", async (e) => {
  status.textContent = t("scanning");
  uploadHigh = 0;
  const file = e.target.files[0];
  if (!file) { status.textContent = ""; return; }
  const m = await ask({ type: "file", file });
  uploadHigh = m.report.findings.filter((f) => f.confidence === "high").length;
  confirmRow.hidden = uploadHigh === 0;
  confirmBox.checked = false;
  status.textContent = "";
  summaries.prepend(renderSummary(file.name, m.report));
});
form.addEventListener("submit", (e) => {
  e.preventDefault(); // a demo: never sends anything
  if (uploadHigh > 0 && !confirmBox.checked) {
    status.className = "blocked";
    status.textContent = t("blocked");
    form.dataset.blocked = "true";
    return;
  }
  form.dataset.blocked = "false";
  status.className = "ok";
  status.textContent = t("sent");
});

applyLang();
