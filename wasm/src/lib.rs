//! jpii in the browser: the core engine behind a small `wasm-bindgen` API. Nothing leaves the page:
//! there is no network code here or in the core.
//!
//! JS: `new Scanner(options?)`, `scanner.scanText(string)` (spans in UTF-16 code units of the JS
//! string, plus UTF-8 byte spans), `scanner.scanBytes(Uint8Array)` (any Japanese encoding, spans in
//! the original bytes), `scanner.redactText(string)`, `scanner.stream()` → `feed(chunk)` /
//! `finish()` for large files in fixed memory, and `kinds()`.

use std::collections::BTreeMap;

use jpii::{Confidence, Encoding, Finding, Kind, Reason, ScanStream, Scanner as CoreScanner};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// Options accepted by `new Scanner(options)`; every field is optional.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Options {
    kinds: Option<Vec<String>>,
    exclude_kinds: Option<Vec<String>>,
    min_confidence: Option<String>,
    keywords: Option<BTreeMap<String, Vec<String>>>,
    allow_values: Option<Vec<String>>,
    allow_patterns: Option<Vec<String>>,
    encoding: Option<String>,
}

fn err(msg: impl std::fmt::Display) -> JsError {
    JsError::new(&msg.to_string())
}

fn kind(id: &str) -> Result<Kind, JsError> {
    Kind::from_id(id).ok_or_else(|| err(format!("unknown kind {id:?}")))
}

/// A result as plain JS objects (maps as objects, not `Map`s): serialized to JSON in WASM and
/// parsed by the engine's `JSON.parse`. Building the objects field by field across the boundary
/// (`serde-wasm-bindgen`) cost ~2.5 µs per finding, as much as finding it. The JSON is ASCII
/// (`\uXXXX` escapes): JS reads it from WASM memory as Latin-1, a copy, not UTF-8 decoding, into
/// a one-byte string, which `JSON.parse` reads faster too (4 MB sample: 45–85 ms → ~32 ms).
fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    let mut json = Vec::new();
    v.serialize(&mut serde_json::Serializer::with_formatter(&mut json, AsciiJson)).map_err(err)?;
    parse_ascii_json(&json).map_err(|_| err("result is not JSON"))
}

#[wasm_bindgen(inline_js = "const latin1 = new TextDecoder('latin1'); export function parse_ascii_json(bytes) { return JSON.parse(latin1.decode(bytes)); }")]
extern "C" {
    /// `JSON.parse` of ASCII JSON in WASM memory (read in place, as Latin-1: for ASCII the same).
    #[wasm_bindgen(catch)]
    fn parse_ascii_json(bytes: &[u8]) -> Result<JsValue, JsValue>;
}

/// serde_json's compact output with every non-ASCII character escaped (`\u5c71`, surrogate pairs
/// beyond the BMP), so that the JSON is ASCII.
struct AsciiJson;

impl serde_json::ser::Formatter for AsciiJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(&mut self, w: &mut W, fragment: &str) -> std::io::Result<()> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let bytes = fragment.as_bytes();
        let mut plain = 0;
        // (A byte from 0x80 up that follows a whole character starts the next one.)
        while let Some(at) = bytes[plain..].iter().position(|b| !b.is_ascii()).map(|i| plain + i) {
            w.write_all(&bytes[plain..at])?;
            let Some(c) = fragment[at..].chars().next() else { break };
            for unit in c.encode_utf16(&mut [0; 2]) {
                let u = usize::from(*unit);
                w.write_all(&[b'\\', b'u', HEX[u >> 12], HEX[(u >> 8) & 15], HEX[(u >> 4) & 15], HEX[u & 15]])?;
            }
            plain = at + c.len_utf8();
        }
        w.write_all(&bytes[plain..])
    }
}

/// A finding of `scanText`: spans in UTF-16 code units (what JS strings index) and UTF-8 bytes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TextFinding<'a> {
    kind: Kind,
    confidence: Confidence,
    score: f32,
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    masked: String,
    reasons: std::borrow::Cow<'a, [Reason]>,
}

/// A finding of `scanBytes` and of streams: byte spans in the original input.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ByteFinding<'a> {
    kind: Kind,
    confidence: Confidence,
    score: f32,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    masked: String,
    reasons: std::borrow::Cow<'a, [Reason]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BytesReport<'a> {
    encoding: &'static str,
    how: jpii::Detection,
    malformed: bool,
    binary: bool,
    findings: Vec<ByteFinding<'a>>,
    tables: &'a [jpii::TableSummary],
    notes: &'a [String],
}

/// Maps UTF-8 byte offsets of `text` (in any order) to UTF-16 code-unit offsets.
fn utf16_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![0; offsets.len()];
    let (mut byte, mut unit) = (0usize, 0usize);
    let mut chars = text.chars();
    for i in order {
        while byte < offsets[i] {
            let Some(c) = chars.next() else { break };
            byte += c.len_utf8();
            unit += c.len_utf16();
        }
        out[i] = unit;
    }
    out
}

fn byte_findings<'a>(bytes: &[u8], enc: Encoding, findings: &'a [Finding]) -> Vec<ByteFinding<'a>> {
    let starts: Vec<usize> = findings.iter().map(|f| f.span.start).collect();
    let positions = jpii::line_columns(bytes, enc, &starts);
    let mut spans = jpii::SpanDecoder::new(bytes, enc);
    findings
        .iter()
        .zip(positions)
        .map(|(f, (line, column))| {
            let raw = spans.decode(f.span.clone());
            ByteFinding { kind: f.kind, confidence: f.confidence, score: f.score, start: f.span.start, end: f.span.end, line, column, masked: jpii::mask(f.kind, &raw), reasons: f.masked_reasons() }
        })
        .collect()
}

/// The scanner. Build it once; scanning does not change it.
#[wasm_bindgen]
pub struct Scanner {
    inner: CoreScanner,
}

#[wasm_bindgen]
impl Scanner {
    /// `new Scanner({ kinds, excludeKinds, minConfidence, keywords, allowValues, allowPatterns, encoding })`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Scanner, JsError> {
        let o: Options = if options.is_undefined() || options.is_null() {
            Options::default()
        } else {
            // serde-wasm-bindgen reads only the fields it knows: a misspelt option would pass silently.
            const KNOWN: [&str; 7] = ["kinds", "excludeKinds", "minConfidence", "keywords", "allowValues", "allowPatterns", "encoding"];
            if let Some(obj) = options.dyn_ref::<js_sys::Object>() {
                for key in js_sys::Object::keys(obj).iter() {
                    let key = key.as_string().unwrap_or_default();
                    if !KNOWN.contains(&key.as_str()) {
                        return Err(err(format!("invalid options: unknown option {key:?} (known: {})", KNOWN.join(", "))));
                    }
                }
            }
            serde_wasm_bindgen::from_value(options).map_err(|e| err(format!("invalid options: {e}")))?
        };
        let mut b = CoreScanner::builder();
        if let Some(ks) = &o.kinds {
            let ks: Vec<Kind> = ks.iter().map(|k| kind(k)).collect::<Result<_, _>>()?;
            b = b.only(&ks);
        }
        for k in o.exclude_kinds.iter().flatten() {
            b = b.disable(kind(k)?);
        }
        if let Some(c) = &o.min_confidence {
            b = b.min_confidence(Confidence::from_id(c).ok_or_else(|| err(format!("unknown confidence {c:?}")))?);
        }
        for (k, words) in o.keywords.iter().flatten() {
            let k = kind(k)?;
            for w in words {
                b = b.keyword(k, w);
            }
        }
        for v in o.allow_values.iter().flatten() {
            b = b.allow_value(v);
        }
        for p in o.allow_patterns.iter().flatten() {
            b = b.allow_pattern(p);
        }
        if let Some(e) = &o.encoding {
            b = b.encoding(Encoding::from_name(e).ok_or_else(|| err(format!("unknown encoding {e:?}")))?);
        }
        Ok(Scanner { inner: b.build().map_err(err)? })
    }

    /// Findings in a JS string: `start`/`end` index the string (UTF-16 code units).
    #[wasm_bindgen(js_name = scanText)]
    pub fn scan_text(&self, text: &str) -> Result<JsValue, JsError> {
        let findings = self.inner.scan_str(text);
        let offs: Vec<usize> = findings.iter().flat_map(|f| [f.span.start, f.span.end]).collect();
        let units = utf16_offsets(text, &offs);
        let out: Vec<TextFinding> = findings
            .iter()
            .enumerate()
            .map(|(i, f)| TextFinding { kind: f.kind, confidence: f.confidence, score: f.score, start: units[2 * i], end: units[2 * i + 1], byte_start: f.span.start, byte_end: f.span.end, masked: f.masked(text), reasons: f.masked_reasons() })
            .collect();
        to_js(&out)
    }

    /// Findings in raw bytes of any Japanese encoding: `{ encoding, how, malformed, binary, findings, tables, notes }`.
    #[wasm_bindgen(js_name = scanBytes)]
    pub fn scan_bytes(&self, bytes: &[u8]) -> Result<JsValue, JsError> {
        let r = self.inner.scan_bytes(bytes);
        let enc = r.encoding.encoding;
        let report = BytesReport { encoding: enc.name(), how: r.encoding.how, malformed: r.encoding.malformed, binary: r.binary, findings: byte_findings(bytes, enc, &r.findings), tables: &r.tables, notes: &r.notes };
        to_js(&report)
    }

    /// The text with every finding masked (same length).
    #[wasm_bindgen(js_name = redactText)]
    pub fn redact_text(&self, text: &str) -> String {
        self.inner.redact_str(text)
    }

    /// A streaming scan for large files: `feed(chunk)` returns the findings found so far, `finish()`
    /// the rest and the summary. Memory stays bounded whatever the file size.
    pub fn stream(&self) -> Stream {
        Stream { inner: Some(self.inner.stream()), offset: 0 }
    }
}

/// A streaming scan (see [`Scanner::stream`]).
#[wasm_bindgen]
pub struct Stream {
    inner: Option<ScanStream>,
    offset: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StreamFinding<'a> {
    kind: Kind,
    confidence: Confidence,
    score: f32,
    start: usize,
    end: usize,
    reasons: std::borrow::Cow<'a, [Reason]>,
}

fn stream_findings(f: &[Finding]) -> Vec<StreamFinding<'_>> {
    f.iter().map(|f| StreamFinding { kind: f.kind, confidence: f.confidence, score: f.score, start: f.span.start, end: f.span.end, reasons: f.masked_reasons() }).collect()
}

#[wasm_bindgen]
impl Stream {
    /// Feeds the next chunk; returns findings (byte spans in the whole input) completed so far.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<JsValue, JsError> {
        let s = self.inner.as_mut().ok_or_else(|| err("stream already finished"))?;
        self.offset += chunk.len();
        let f = s.feed(chunk);
        to_js(&stream_findings(&f))
    }

    /// Ends the input: `{ encoding, how, findings, tables, notes }` with the remaining findings.
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let s = self.inner.take().ok_or_else(|| err("stream already finished"))?;
        let end = s.finish();
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct End<'a> {
            encoding: &'static str,
            how: jpii::Detection,
            malformed: bool,
            binary: bool,
            bytes: usize,
            findings: Vec<StreamFinding<'a>>,
            tables: &'a [jpii::TableSummary],
            notes: &'a [String],
        }
        to_js(&End { encoding: end.encoding.encoding.name(), how: end.encoding.how, malformed: end.encoding.malformed, binary: end.binary, bytes: self.offset, findings: stream_findings(&end.findings), tables: &end.tables, notes: &end.notes })
    }
}

/// Every detectable kind: `[{ id, labelJa, validation, keywords }]`.
#[wasm_bindgen]
pub fn kinds() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct K {
        id: &'static str,
        label_ja: &'static str,
        validation: &'static str,
        keywords: Vec<&'static str>,
    }
    to_js(&Kind::ALL.iter().map(|k| K { id: k.id(), label_ja: k.label_ja(), validation: k.validation(), keywords: k.keywords() }).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_ascii_and_reads_back() {
        let v = serde_json::json!({"masked": "山***", "keyword": "生年月日", "emoji": "😀a\"\n", "n": 1});
        let mut out = Vec::new();
        v.serialize(&mut serde_json::Serializer::with_formatter(&mut out, AsciiJson)).unwrap();
        assert!(out.is_ascii(), "{}", String::from_utf8_lossy(&out));
        assert!(String::from_utf8_lossy(&out).contains("\\u5c71***") && String::from_utf8_lossy(&out).contains("\\ud83d\\ude00a"));
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&out).unwrap(), v);
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let text = "😀a携帯090";
        // bytes: 😀=4, a=1, 携=3, 帯=3; units: 😀=2, a=1, 携=1, 帯=1
        assert_eq!(utf16_offsets(text, &[0, 4, 5, 11, 14]), [0, 2, 3, 5, 8]);
        assert_eq!(utf16_offsets(text, &[11, 0]), [5, 0]);
    }
}
