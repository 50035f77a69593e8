//! Report formats. `jsonl` is the public contract: one object per finding with exactly the fields
//! `path, kind, start, end, line, column, confidence, score, encoding, value, reasons` (new fields
//! may be added, none renamed or dropped). Problems (files not scanned) go to stderr in every
//! format, and into the document in `json` and `sarif`.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::Duration;

use jpii::Kind;
use serde_json::{json, Value};

use crate::scan::{FileReport, OutFinding};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Jsonl,
    Json,
    Sarif,
    Csv,
}

/// Totals for the summary.
pub struct Totals {
    pub bytes: u64,
    pub elapsed: Duration,
    /// Files the walk left out as hidden or ignored ([`crate::inputs::left_out`]).
    pub left_out: usize,
}

pub fn write(format: Format, reports: &[FileReport], totals: &Totals, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            for r in reports {
                out.write_all(&jsonl_lines(r))?;
            }
            Ok(())
        }
        Format::Json => {
            let doc = json!({
                "version": 1,
                "findings": reports.iter().flat_map(|r| &r.findings).collect::<Vec<_>>(),
                "files": reports.iter().map(file_summary).collect::<Vec<_>>(),
                "errors": reports.iter().filter(|r| r.problem.is_some()).map(|r| json!({"path": r.path, "problem": r.problem, "message": r.error})).collect::<Vec<_>>(),
                "summary": summary_json(reports, totals),
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            out.write_all(b"\n")
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif(reports))?;
            out.write_all(b"\n")
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(["path", "kind", "start", "end", "line", "column", "confidence", "score", "encoding", "value", "reasons"])?;
            for f in reports.iter().flat_map(|r| &r.findings) {
                w.write_record([
                    f.path.clone(),
                    f.kind.id().to_string(),
                    f.start.to_string(),
                    f.end.to_string(),
                    f.line.to_string(),
                    f.column.to_string(),
                    f.confidence.id().to_string(),
                    format!("{}", f.score),
                    f.encoding.name().to_string(),
                    f.value.clone(),
                    reasons_text(f),
                ])?;
            }
            w.flush()
        }
        Format::Human => human(reports, totals, color, out),
    }
}

/// The `jsonl` lines of one file's findings.
pub fn jsonl_lines(r: &FileReport) -> Vec<u8> {
    let mut buf = Vec::with_capacity(r.findings.len() * 300);
    for f in &r.findings {
        if serde_json::to_writer(&mut buf, f).is_ok() {
            buf.push(b'\n');
        }
    }
    buf
}

fn file_summary(r: &FileReport) -> Value {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &r.findings {
        *kinds.entry(f.kind.id()).or_default() += 1;
    }
    json!({
        "path": r.path,
        "bytes": r.bytes,
        "encoding": r.encoding,
        "findings": r.findings.len(),
        "kinds": kinds,
        "tables": r.tables,
        "notes": r.notes,
        "problem": r.problem,
        "message": r.error,
    })
}

fn summary_json(reports: &[FileReport], t: &Totals) -> Value {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        *kinds.entry(f.kind.id()).or_default() += 1;
    }
    json!({
        "files_scanned": reports.iter().filter(|r| r.problem.is_none()).count(),
        "files_not_scanned": reports.iter().filter(|r| r.problem.is_some()).count(),
        "files_hidden_or_ignored": t.left_out,
        "bytes": t.bytes,
        "findings": kinds,
        "rosters": reports.iter().flat_map(|r| r.tables.iter().filter(|t| t.roster).map(move |t| json!({"path": r.path, "summary": t.summary}))).collect::<Vec<_>>(),
    })
}

fn reasons_text(f: &OutFinding) -> String {
    f.reasons
        .iter()
        .map(|r| match serde_json::to_value(r) {
            Ok(Value::Object(m)) => {
                let t = m.get("type").and_then(Value::as_str).unwrap_or("");
                let detail = ["detail", "keyword", "header", "entry", "algorithm", "pattern", "kind"]
                    .iter()
                    .find_map(|k| m.get(*k))
                    .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
                    .unwrap_or_default();
                // A dictionary entry is masked with the value: the list says what matched.
                let detail = match m.get("list").and_then(Value::as_str) {
                    Some(list) => format!("{list} {detail}"),
                    None => detail,
                };
                if detail.is_empty() { t.to_string() } else { format!("{t}:{detail}") }
            }
            _ => String::new(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn human(reports: &[FileReport], t: &Totals, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    for r in reports.iter().filter(|r| !r.findings.is_empty() || !r.tables.is_empty()) {
        let enc = r.encoding.as_ref().map(|e| e.encoding.name()).unwrap_or("");
        writeln!(out, "{}  ({enc})", paint("1", &r.path))?;
        for tb in r.tables.iter().filter(|t| t.roster) {
            writeln!(out, "  {} {}", paint("1;31", "roster:"), tb.summary)?;
        }
        for f in &r.findings {
            let conf = match f.confidence {
                jpii::Confidence::High => paint("31", "high"),
                jpii::Confidence::Medium => paint("33", "medium"),
                _ => paint("2", "low"),
            };
            writeln!(out, "  {}:{}:{}  {:<20}  {:<6}  {}  ({})", f.path, f.line, f.column, f.kind.id(), conf, f.value, reasons_text(f))?;
        }
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        *kinds.entry(f.kind.id()).or_default() += 1;
    }
    let scanned = reports.iter().filter(|r| r.problem.is_none()).count();
    writeln!(out)?;
    writeln!(out, "{} files scanned, {} bytes, {:.2}s", scanned, t.bytes, t.elapsed.as_secs_f64())?;
    if t.left_out > 0 {
        writeln!(out, "{} files hidden or excluded by an ignore file, not scanned (--hidden --no-ignore scans them)", t.left_out)?;
    }
    if kinds.is_empty() {
        writeln!(out, "no findings")?;
    } else {
        writeln!(out, "findings: {}", kinds.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", "))?;
    }
    let rosters: Vec<String> = reports.iter().flat_map(|r| r.tables.iter().filter(|t| t.roster).map(move |t| format!("{} ({})", r.path, t.summary))).collect();
    if !rosters.is_empty() {
        writeln!(out, "rosters: {}", rosters.join("; "))?;
    }
    let problems: Vec<&FileReport> = reports.iter().filter(|r| r.problem.is_some()).collect();
    if !problems.is_empty() {
        writeln!(out, "not scanned: {}", problems.len())?;
        for p in problems {
            writeln!(out, "  {}: {}", p.path, p.error.as_deref().unwrap_or(""))?;
        }
    }
    Ok(())
}

/// SARIF 2.1.0: one rule per kind, one result per finding (region with line, column, byte offset
/// and length), tool notifications for files not scanned.
pub fn sarif(reports: &[FileReport]) -> Value {
    let rules: Vec<Value> = Kind::ALL
        .iter()
        .map(|k| {
            json!({
                "id": k.id(),
                "name": k.id(),
                "shortDescription": {"text": format!("{} ({})", k.id(), k.label_ja())},
                "fullDescription": {"text": k.validation()},
                "helpUri": "https://example.invalid/jpii#what-is-detected-and-how-it-is-validated",
            })
        })
        .collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|r| &r.findings)
        .map(|f| {
            let level = match f.confidence {
                jpii::Confidence::High => "error",
                jpii::Confidence::Medium => "warning",
                _ => "note",
            };
            let (path, _) = f.path.split_once('!').unwrap_or((&f.path, ""));
            let uri = artifact_uri(path);
            json!({
                "ruleId": f.kind.id(),
                "ruleIndex": Kind::ALL.iter().position(|k| *k == f.kind).unwrap_or(0),
                "level": level,
                "message": {"text": format!("{} ({} confidence): {}", f.kind.id(), f.confidence.id(), f.value)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {"startLine": f.line, "startColumn": f.column, "byteOffset": f.start, "byteLength": f.end - f.start},
                    },
                    "logicalLocations": if f.path.contains('!') { json!([{"fullyQualifiedName": f.path}]) } else { json!([]) },
                }],
                "partialFingerprints": {"jpiiFinding/v1": f.fingerprint},
            })
        })
        .collect();
    let notifications: Vec<Value> = reports
        .iter()
        .filter(|r| r.problem.is_some())
        .map(|r| {
            json!({
                "level": "warning",
                "message": {"text": format!("{}: {}", r.path, r.error.as_deref().unwrap_or("not scanned"))},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "jpii", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://example.invalid/jpii", "rules": rules}},
            "invocations": [{"executionSuccessful": true, "toolExecutionNotifications": notifications}],
            "results": results,
        }],
    })
}

/// A path as SARIF's `artifactLocation.uri`, a URI reference: everything but unreserved characters
/// and `/` percent-encoded as UTF-8 (spaces, quotes, backslashes, newlines, Japanese file names).
fn artifact_uri(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');
    percent_encoding::utf8_percent_encode(path, KEEP).to_string()
}
