//! Scoring predictions against the ground truth.
//!
//! **Matching rule.** A prediction matches a truth span of the same kind in the same file when
//! their byte ranges overlap by at least 50% of the truth span's length. Matching is one-to-one:
//! pairs are taken greedily by overlap (largest first), so a value reported twice, or split into
//! two findings, yields one true positive and one false positive. Precision = matched predictions /
//! predictions, recall = matched truths / truths, F1 their harmonic mean; "overall" is the micro
//! average over the kinds evaluated.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::encode::FileEncoding;
use crate::generate::{DocLine, TruthLine};

/// A predicted (or true) span. Extra fields of a prediction line are ignored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Span {
    pub path: String,
    pub kind: String,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
}

/// A corpus as the evaluator sees it: manifest, truth and the documents' bytes.
pub struct Corpus {
    pub docs: Vec<DocLine>,
    pub truth: Vec<TruthLine>,
    pub bytes: HashMap<String, Vec<u8>>,
}

impl Corpus {
    pub fn load(dir: &Path) -> Result<Corpus, String> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name))
                .map_err(|e| format!("{}: {e}", dir.join(name).display()))
        };
        let docs: Vec<DocLine> = jsonl(&read("docs.jsonl")?)?;
        let truth: Vec<TruthLine> = jsonl(&read("truth.jsonl")?)?;
        let mut bytes = HashMap::new();
        for d in &docs {
            let p = dir.join(&d.path);
            bytes.insert(
                d.path.clone(),
                std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?,
            );
        }
        Ok(Corpus { docs, truth, bytes })
    }

    pub fn from_docs(docs: &[crate::generate::Doc]) -> Corpus {
        let lines = docs.iter().map(|d| d.line()).collect();
        let truth = docs
            .iter()
            .flat_map(|d| {
                d.truth.iter().map(|(k, sp, _)| TruthLine {
                    path: d.path.clone(),
                    kind: k.id().into(),
                    start: sp.start,
                    end: sp.end,
                })
            })
            .collect();
        let bytes = docs
            .iter()
            .map(|d| (d.path.clone(), d.bytes.clone()))
            .collect();
        Corpus {
            docs: lines,
            truth,
            bytes,
        }
    }

    /// Scans every document with jpii (default scanner, `min` confidence).
    pub fn scan(&self, min: jpii::Confidence) -> Vec<Span> {
        let scanner = jpii::Scanner::builder()
            .min_confidence(min)
            .build()
            .expect("scanner");
        let mut out = Vec::new();
        for d in &self.docs {
            let report = scanner.scan_bytes(&self.bytes[&d.path]);
            for f in report.findings {
                out.push(Span {
                    path: d.path.clone(),
                    kind: f.kind.id().into(),
                    start: f.span.start,
                    end: f.span.end,
                    confidence: Some(f.confidence.id().into()),
                });
            }
        }
        out
    }

    /// Reads predictions (`{"path","kind","start","end"[,"confidence"]}` lines). Paths may carry a
    /// directory prefix; they are matched to the manifest by their trailing components.
    pub fn predictions(&self, text: &str, min: jpii::Confidence) -> Result<Vec<Span>, String> {
        let mut out = Vec::new();
        for mut s in jsonl::<Span>(text)? {
            let p = s.path.replace('\\', "/");
            let Some(d) = self
                .docs
                .iter()
                .find(|d| p == d.path || p.ends_with(&format!("/{}", d.path)))
            else {
                continue; // not a corpus document (e.g. truth.jsonl scanned by a tool)
            };
            s.path = d.path.clone();
            if let Some(c) = s.confidence.as_deref().and_then(jpii::Confidence::from_id) {
                if c < min {
                    continue;
                }
            }
            out.push(s);
        }
        Ok(out)
    }

    /// The text of a span, decoded (for error listings).
    pub fn text(&self, path: &str, start: usize, end: usize) -> String {
        let Some(d) = self.docs.iter().find(|d| d.path == path) else {
            return String::new();
        };
        let Some(e) = FileEncoding::from_id(&d.encoding) else {
            return String::new();
        };
        let b = &self.bytes[path];
        let (start, end) = (start.min(b.len()), end.min(b.len()));
        let pre = e.decode(&b[..start]);
        let upto = e.decode(&b[..end]);
        match (pre, upto) {
            (Some(p), Some(u)) if u.starts_with(&p) => u[p.len()..].to_string(),
            _ => String::from_utf8_lossy(&b[start..end]).into_owned(),
        }
    }
}

fn jsonl<T: for<'de> Deserialize<'de>>(text: &str) -> Result<Vec<T>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Counts {
    pub truth: usize,
    pub predicted: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Counts {
    fn finish(mut self) -> Counts {
        self.precision = if self.predicted == 0 {
            if self.truth == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            self.matched as f64 / self.predicted as f64
        };
        self.recall = if self.truth == 0 {
            1.0
        } else {
            self.matched as f64 / self.truth as f64
        };
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
        self
    }
}

/// An unmatched span, with its decoded text.
#[derive(Clone, Debug, Serialize)]
pub struct Miss {
    pub path: String,
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RecallRow {
    pub truth: usize,
    pub matched: usize,
    pub recall: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub documents: usize,
    pub negative_only_documents: usize,
    pub per_kind: BTreeMap<String, Counts>,
    pub overall: Counts,
    /// Predictions in documents that contain no personal information, per kind.
    pub negative_doc_false_positives: BTreeMap<String, usize>,
    pub recall_per_encoding: BTreeMap<String, RecallRow>,
    pub recall_per_shape: BTreeMap<String, RecallRow>,
    pub false_negatives: Vec<Miss>,
    pub false_positives: Vec<Miss>,
}

/// Scores `pred` against `corpus.truth`. `kinds`: evaluate only these kind ids (others ignored on
/// both sides); empty = every kind.
pub fn score(corpus: &Corpus, pred: &[Span], kinds: &[String]) -> Report {
    let keep = |k: &str| kinds.is_empty() || kinds.iter().any(|x| x == k);
    // Per (document, kind): the indexes of its truth spans and of its predictions.
    type Sides = (Vec<usize>, Vec<usize>);
    let mut by_doc: HashMap<(&str, &str), Sides> = HashMap::new();
    for (i, t) in corpus
        .truth
        .iter()
        .enumerate()
        .filter(|(_, t)| keep(&t.kind))
    {
        by_doc.entry((&t.path, &t.kind)).or_default().0.push(i);
    }
    for (j, p) in pred.iter().enumerate().filter(|(_, p)| keep(&p.kind)) {
        by_doc.entry((&p.path, &p.kind)).or_default().1.push(j);
    }
    let mut truth_hit = vec![false; corpus.truth.len()];
    let mut pred_hit = vec![false; pred.len()];
    for (ts, ps) in by_doc.values() {
        let mut pairs = Vec::new();
        for &i in ts {
            let t = &corpus.truth[i];
            for &j in ps {
                let p = &pred[j];
                let ov = t.end.min(p.end).saturating_sub(t.start.max(p.start));
                if ov > 0 && 2 * ov >= t.end - t.start {
                    let len_diff = (p.end - p.start).abs_diff(t.end - t.start);
                    pairs.push((std::cmp::Reverse(ov), len_diff, i, j));
                }
            }
        }
        pairs.sort();
        for (_, _, i, j) in pairs {
            if !truth_hit[i] && !pred_hit[j] {
                truth_hit[i] = true;
                pred_hit[j] = true;
            }
        }
    }
    let mut per_kind: BTreeMap<String, Counts> = BTreeMap::new();
    let mut overall = Counts::default();
    let mut false_negatives = Vec::new();
    let mut false_positives = Vec::new();
    for (i, t) in corpus
        .truth
        .iter()
        .enumerate()
        .filter(|(_, t)| keep(&t.kind))
    {
        let c = per_kind.entry(t.kind.clone()).or_default();
        c.truth += 1;
        overall.truth += 1;
        if truth_hit[i] {
            c.matched += 1;
            overall.matched += 1;
        } else {
            false_negatives.push(Miss {
                path: t.path.clone(),
                kind: t.kind.clone(),
                start: t.start,
                end: t.end,
                text: corpus.text(&t.path, t.start, t.end),
                confidence: None,
            });
        }
    }
    let neg_docs: Vec<&str> = corpus
        .docs
        .iter()
        .filter(|d| d.negative_only)
        .map(|d| d.path.as_str())
        .collect();
    let mut negative_doc_false_positives = BTreeMap::new();
    for (j, p) in pred.iter().enumerate().filter(|(_, p)| keep(&p.kind)) {
        per_kind.entry(p.kind.clone()).or_default().predicted += 1;
        overall.predicted += 1;
        if !pred_hit[j] {
            false_positives.push(Miss {
                path: p.path.clone(),
                kind: p.kind.clone(),
                start: p.start,
                end: p.end,
                text: corpus.text(&p.path, p.start, p.end),
                confidence: p.confidence.clone(),
            });
            if neg_docs.contains(&p.path.as_str()) {
                *negative_doc_false_positives
                    .entry(p.kind.clone())
                    .or_insert(0) += 1;
            }
        }
    }
    for c in per_kind.values_mut() {
        *c = c.finish();
    }
    let doc_of: HashMap<&str, &DocLine> =
        corpus.docs.iter().map(|d| (d.path.as_str(), d)).collect();
    let mut recall_per_encoding: BTreeMap<String, RecallRow> = BTreeMap::new();
    let mut recall_per_shape: BTreeMap<String, RecallRow> = BTreeMap::new();
    for d in &corpus.docs {
        recall_per_encoding
            .entry(d.encoding.clone())
            .or_insert(RecallRow {
                truth: 0,
                matched: 0,
                recall: 1.0,
            });
        recall_per_shape
            .entry(d.shape.clone())
            .or_insert(RecallRow {
                truth: 0,
                matched: 0,
                recall: 1.0,
            });
    }
    for (i, t) in corpus
        .truth
        .iter()
        .enumerate()
        .filter(|(_, t)| keep(&t.kind))
    {
        let Some(d) = doc_of.get(t.path.as_str()) else {
            continue;
        };
        for row in [
            recall_per_encoding.get_mut(&d.encoding).unwrap(),
            recall_per_shape.get_mut(&d.shape).unwrap(),
        ] {
            row.truth += 1;
            row.matched += truth_hit[i] as usize;
        }
    }
    for row in recall_per_encoding
        .values_mut()
        .chain(recall_per_shape.values_mut())
    {
        row.recall = if row.truth == 0 {
            1.0
        } else {
            row.matched as f64 / row.truth as f64
        };
    }
    Report {
        documents: corpus.docs.len(),
        negative_only_documents: neg_docs.len(),
        per_kind,
        overall: overall.finish(),
        negative_doc_false_positives,
        recall_per_encoding,
        recall_per_shape,
        false_negatives,
        false_positives,
    }
}

impl Report {
    /// A plain-text table (and, with `errors > 0`, up to that many misses per kind and side).
    pub fn table(&self, errors: usize) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        writeln!(s, "{} documents ({} negative-only); match = same kind, overlap >= 50% of the truth span, one-to-one", self.documents, self.negative_only_documents).unwrap();
        writeln!(
            s,
            "{:<22} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
            "kind", "truth", "pred", "match", "prec", "recall", "F1"
        )
        .unwrap();
        let row = |s: &mut String, k: &str, c: &Counts| {
            writeln!(
                s,
                "{:<22} {:>6} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3}",
                k, c.truth, c.predicted, c.matched, c.precision, c.recall, c.f1
            )
            .unwrap();
        };
        for (k, c) in &self.per_kind {
            row(&mut s, k, c);
        }
        row(&mut s, "OVERALL", &self.overall);
        let fp: usize = self.negative_doc_false_positives.values().sum();
        write!(s, "false positives in negative-only documents: {fp}").unwrap();
        if fp > 0 {
            let v: Vec<String> = self
                .negative_doc_false_positives
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            write!(s, " ({})", v.join(", ")).unwrap();
        }
        writeln!(s).unwrap();
        writeln!(s, "recall per encoding:").unwrap();
        for (e, r) in &self.recall_per_encoding {
            writeln!(
                s,
                "  {:<16} {:>5}/{:<5} {:.3}",
                e, r.matched, r.truth, r.recall
            )
            .unwrap();
        }
        writeln!(s, "recall per shape:").unwrap();
        for (e, r) in &self.recall_per_shape {
            writeln!(
                s,
                "  {:<16} {:>5}/{:<5} {:.3}",
                e, r.matched, r.truth, r.recall
            )
            .unwrap();
        }
        if errors > 0 {
            for (title, list) in [
                ("false negatives", &self.false_negatives),
                ("false positives", &self.false_positives),
            ] {
                writeln!(s, "{title} (up to {errors} per kind):").unwrap();
                let mut seen: HashMap<&str, usize> = HashMap::new();
                for m in list {
                    let n = seen.entry(&m.kind).or_insert(0);
                    *n += 1;
                    if *n <= errors {
                        let c = m
                            .confidence
                            .as_deref()
                            .map(|c| format!(" [{c}]"))
                            .unwrap_or_default();
                        writeln!(
                            s,
                            "  {:<20} {:?}{c}  {}@{}..{}",
                            m.kind, m.text, m.path, m.start, m.end
                        )
                        .unwrap();
                    }
                }
            }
        }
        s
    }
}
