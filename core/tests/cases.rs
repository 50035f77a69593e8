//! Data-driven detection cases: one TOML file per kind in `tests/cases/`, with positives (the value
//! must be found, with its exact span and at least the stated confidence) and hard negatives (no
//! finding of that kind, or none at or above `min_confidence`).

use std::path::Path;

use jpii::{Confidence, Kind, Scanner};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    positive: Vec<Positive>,
    #[serde(default)]
    negative: Vec<Negative>,
}

#[derive(Deserialize)]
struct Positive {
    text: String,
    /// The exact matched text (the span must slice to it).
    value: String,
    /// Minimum confidence (default low).
    #[serde(default)]
    confidence: Option<String>,
    /// Maximum confidence, for values that must stay modest without context.
    #[serde(default)]
    max_confidence: Option<String>,
    /// Expected normalized value, if given.
    #[serde(default)]
    normalized: Option<String>,
}

#[derive(Deserialize)]
struct Negative {
    text: String,
    /// No finding of the kind at or above this (default low: no finding at all).
    #[serde(default)]
    min_confidence: Option<String>,
    #[serde(default)]
    why: Option<String>,
}

fn conf(s: &Option<String>, default: Confidence) -> Confidence {
    s.as_deref().map(|c| Confidence::from_id(c).unwrap_or_else(|| panic!("bad confidence {c}"))).unwrap_or(default)
}

#[test]
fn cases() {
    let scanner = Scanner::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut kinds_seen = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        let kind = Kind::from_id(&id).unwrap_or_else(|| panic!("{}: file name must be a kind id", path.display()));
        let file: File = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!file.positive.is_empty() && !file.negative.is_empty(), "{id}: needs positives and negatives");
        kinds_seen.push(kind);
        for p in &file.positive {
            checked += 1;
            let findings = scanner.scan_str(&p.text);
            let min = conf(&p.confidence, Confidence::Low);
            let max = conf(&p.max_confidence, Confidence::High);
            let hit = findings.iter().find(|f| f.kind == kind && p.text[f.span.clone()] == p.value);
            match hit {
                None => failures.push(format!("[{id}] missed {:?} in {:?}; found {:?}", p.value, p.text, summary(&p.text, &findings))),
                Some(f) if f.confidence < min || f.confidence > max => failures.push(format!(
                    "[{id}] {:?} in {:?}: confidence {:?} not in {:?}..={:?} (score {:.2}, reasons {:?})",
                    p.value, p.text, f.confidence, min, max, f.score, f.reasons
                )),
                Some(f) => {
                    if let Some(n) = &p.normalized {
                        if &f.normalized != n {
                            failures.push(format!("[{id}] {:?}: normalized {:?}, expected {:?}", p.value, f.normalized, n));
                        }
                    }
                }
            }
        }
        for n in &file.negative {
            checked += 1;
            let min = conf(&n.min_confidence, Confidence::Low);
            let findings = scanner.scan_str(&n.text);
            if let Some(f) = findings.iter().find(|f| f.kind == kind && f.confidence >= min) {
                failures.push(format!(
                    "[{id}] false positive {:?} ({:?}, score {:.2}, {:?}) in {:?}{}",
                    &n.text[f.span.clone()],
                    f.confidence,
                    f.score,
                    f.reasons,
                    n.text,
                    n.why.as_deref().map(|w| format!(" — {w}")).unwrap_or_default()
                ));
            }
        }
    }
    assert!(checked > 100, "only {checked} cases");
    for k in [Kind::MyNumber, Kind::CorporateNumber, Kind::PhoneNumber, Kind::PostalCode, Kind::EmailAddress, Kind::CreditCard, Kind::BirthDate, Kind::BankAccount, Kind::DriversLicense, Kind::PassportNumber, Kind::ResidenceCard, Kind::BasicPensionNumber, Kind::HealthInsurance] {
        assert!(kinds_seen.contains(&k), "no case file for {k}");
    }
    assert!(failures.is_empty(), "{} of {checked} cases failed:\n{}", failures.len(), failures.join("\n"));
}

fn summary(text: &str, f: &[jpii::Finding]) -> Vec<String> {
    f.iter().map(|f| format!("{}:{:?}:{:?}", f.kind, &text[f.span.clone()], f.confidence)).collect()
}
