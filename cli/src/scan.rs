//! Scanning one blob of bytes (a file, a stdin stream or an archive member) into a [`FileReport`]:
//! the core does the detection; this adds what a report needs (line/column, the masked or raw value,
//! inline allow markers, fingerprints).

use jpii::{Confidence, Encoding, Finding, Kind, Reason, Scanner, TableSummary};
use serde::Serialize;

/// Why a file (or member) was not scanned, or could only be partly scanned.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// The file could not be read (permissions, I/O error, dangling link).
    Unreadable,
    /// Not a regular file (FIFO, socket, device): never opened, so a scan never hangs.
    NotARegularFile,
    /// Larger than `--max-filesize`.
    TooLarge,
    /// Looks binary and `--scan-binary` was not given.
    Binary,
    /// An encrypted archive member: its content cannot be scanned.
    Encrypted,
    /// A corrupt or unsupported archive.
    Corrupt,
    /// A zip-bomb limit was hit (total bytes, ratio, depth or member count).
    LimitExceeded,
    /// The scan of this input failed inside jpii (a bug): nothing of it is reported as scanned.
    Internal,
}

/// One finding as the CLI reports it. The first eleven fields are the `jsonl` contract.
#[derive(Clone, Debug, Serialize)]
pub struct OutFinding {
    pub path: String,
    pub kind: Kind,
    /// Byte offsets in the original file (inside the decompressed member for archives).
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (column in characters) of `start`.
    pub line: usize,
    pub column: usize,
    pub confidence: Confidence,
    pub score: f32,
    pub encoding: Encoding,
    /// Masked unless `--show-values`.
    pub value: String,
    pub reasons: Vec<Reason>,
    /// Keyed hash of path, kind and normalized value (see `fingerprint.rs`); empty when the run
    /// needs none.
    #[serde(skip)]
    pub fingerprint: String,
}

/// The result of scanning one file or member.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    pub path: String,
    pub bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<jpii::EncodingInfo>,
    pub findings: Vec<OutFinding>,
    pub tables: Vec<TableSummary>,
    pub notes: Vec<String>,
    /// Set when the input was not (fully) scanned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl FileReport {
    pub fn problem(path: &str, bytes: u64, problem: Problem, message: impl Into<String>) -> FileReport {
        FileReport { path: path.to_string(), bytes, encoding: None, findings: Vec::new(), tables: Vec::new(), notes: Vec::new(), problem: Some(problem), error: Some(message.into()) }
    }
}

/// How values are reported.
#[derive(Clone, Copy, Debug)]
pub struct ValueMode {
    pub show_values: bool,
    pub scan_binary: bool,
    /// The key of finding fingerprints, when the run needs them (SARIF, baselines).
    pub fingerprints: Option<&'static crate::fingerprint::Key>,
}

/// The marker that silences every finding on its line.
pub const ALLOW_MARKER: &str = "jpii:allow";

/// Scans `bytes` (already read) and builds the report for `path`.
pub fn scan_blob(scanner: &Scanner, path: &str, bytes: &[u8], mode: ValueMode) -> FileReport {
    let report = scanner.scan_bytes(bytes);
    let enc = report.encoding.encoding;
    let mut out = FileReport {
        path: path.to_string(),
        bytes: bytes.len() as u64,
        encoding: Some(report.encoding),
        findings: Vec::new(),
        tables: report.tables.clone(),
        notes: report.notes.clone(),
        problem: None,
        error: None,
    };
    if report.binary && !report.scanned_binary && !mode.scan_binary {
        out.problem = Some(Problem::Binary);
        out.error = Some("binary data, not scanned (use --scan-binary to scan it anyway)".into());
        return out;
    }
    let allow = AllowMarkers::new(bytes, enc);
    let kept: Vec<&Finding> = report.findings.iter().filter(|f| !allow.on_line_of(bytes, f.span.start)).collect();
    // Lines and columns of every finding in one pass (per finding it would be quadratic).
    let starts: Vec<usize> = kept.iter().map(|f| f.span.start).collect();
    let positions = jpii::line_columns(bytes, enc, &starts);
    // Values decoded in order by one decoder (ISO-2022-JP state carried forward, not searched
    // for back from the start per finding).
    let mut spans = jpii::SpanDecoder::new(bytes, enc);
    for (f, pos) in kept.into_iter().zip(positions) {
        out.findings.push(out_finding(path, enc, &mut spans, f, pos, mode));
    }
    out
}

fn out_finding(path: &str, enc: Encoding, spans: &mut jpii::SpanDecoder, f: &Finding, (line, column): (usize, usize), mode: ValueMode) -> OutFinding {
    let raw = spans.decode(f.span.clone());
    let value = if mode.show_values { raw } else { jpii::mask(f.kind, &raw) };
    let fingerprint = mode.fingerprints.map(|key| key.fingerprint(path, f.kind, &f.normalized)).unwrap_or_default();
    OutFinding {
        path: path.to_string(),
        kind: f.kind,
        start: f.span.start,
        end: f.span.end,
        line,
        column,
        confidence: f.confidence,
        score: (f.score * 1000.0).round() / 1000.0,
        encoding: enc,
        value,
        // Dictionary entries quote the value (a surname, a postal code): masked with it.
        reasons: if mode.show_values { f.reasons.clone() } else { f.masked_reasons().into_owned() },
        fingerprint,
    }
}

/// Finds `jpii:allow` on a finding's line, in the file's own encoding.
struct AllowMarkers {
    marker: Vec<u8>,
    newline: Vec<u8>,
    present: bool,
}

impl AllowMarkers {
    fn new(bytes: &[u8], enc: Encoding) -> AllowMarkers {
        let unit = |c: u8| -> Vec<u8> {
            match enc {
                Encoding::Utf16Le => vec![c, 0x00],
                Encoding::Utf16Be => vec![0x00, c],
                // Every other supported encoding writes ASCII as ASCII (ISO-2022-JP after ESC ( B).
                _ => vec![c],
            }
        };
        let marker: Vec<u8> = match enc {
            Encoding::Utf16Le => ALLOW_MARKER.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
            Encoding::Utf16Be => ALLOW_MARKER.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
            _ => ALLOW_MARKER.as_bytes().to_vec(),
        };
        let present = find(bytes, &marker, 0).is_some();
        // Lines end as the scan reads them (`\r` alone in a file without any `\n`).
        let newline = unit(if present { jpii::encoding::line_break(bytes, enc) } else { b'\n' });
        AllowMarkers { marker, newline, present }
    }

    fn on_line_of(&self, bytes: &[u8], at: usize) -> bool {
        if !self.present {
            return false;
        }
        let step = self.newline.len();
        // Line start: after the last newline before `at` (aligned to the code unit for UTF-16).
        let mut start = 0;
        let mut i = at.min(bytes.len());
        while i >= step {
            i -= 1;
            if (step == 1 || i.is_multiple_of(2)) && bytes[i..].starts_with(&self.newline) {
                start = i + step;
                break;
            }
            if i == 0 {
                break;
            }
        }
        let end = {
            let mut j = at;
            let mut e = bytes.len();
            while j + step <= bytes.len() {
                if (step == 1 || j.is_multiple_of(2)) && bytes[j..].starts_with(&self.newline) {
                    e = j;
                    break;
                }
                j += 1;
            }
            e
        };
        find(&bytes[start..end], &self.marker, 0).is_some()
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_marker_silences_only_its_line() {
        let scanner = Scanner::new();
        let text = "携帯：090-1234-5678 # jpii:allow\n携帯：080-2345-6789\n";
        let r = scan_blob(&scanner, "a.txt", text.as_bytes(), ValueMode { show_values: true, scan_binary: false, fingerprints: None });
        let values: Vec<&str> = r.findings.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(values, ["080-2345-6789"]);
        // Lines that end in `\r` alone, and in UTF-16.
        let cr = text.replace('\n', "\r");
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(cr.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        for bytes in [cr.as_bytes().to_vec(), utf16] {
            let r = scan_blob(&scanner, "a.txt", &bytes, ValueMode { show_values: true, scan_binary: false, fingerprints: None });
            let values: Vec<(&str, usize)> = r.findings.iter().map(|f| (f.value.as_str(), f.line)).collect();
            assert_eq!(values, [("080-2345-6789", 2)]);
        }
    }

    #[test]
    fn values_are_masked_by_default() {
        let scanner = Scanner::new();
        let r = scan_blob(&scanner, "a.txt", "携帯：090-1234-5678".as_bytes(), ValueMode { show_values: false, scan_binary: false, fingerprints: Some(Box::leak(Box::new(crate::fingerprint::Key::new(b"k".to_vec())))) });
        assert_eq!(r.findings[0].value, "090-****-5678");
        assert_eq!(r.findings[0].fingerprint.len(), 64);
    }
}
