#![allow(dead_code)]
use jpii::{Confidence, Encoding, Finding, Kind, Scanner};
use std::sync::OnceLock;

pub struct Cfg {
    pub scanner: Scanner,
    pub min: Confidence,
    pub name: String,
}

pub fn scanners() -> &'static Vec<Cfg> {
    static S: OnceLock<Vec<Cfg>> = OnceLock::new();
    S.get_or_init(|| {
        let mut v = vec![
            Cfg { scanner: Scanner::new(), min: Confidence::Low, name: "default".into() },
            Cfg { scanner: Scanner::builder().scan_binary(true).build().unwrap(), min: Confidence::Low, name: "scan_binary".into() },
        ];
        for &e in Encoding::ALL {
            v.push(Cfg {
                scanner: Scanner::builder().encoding(e).scan_binary(true).build().unwrap(),
                min: Confidence::Low,
                name: format!("forced {e:?} scan_binary"),
            });
        }
        v.push(Cfg {
            scanner: Scanner::builder().min_confidence(Confidence::Medium).context_window(200, 200).build().unwrap(),
            min: Confidence::Medium,
            name: "min Medium, window 200".into(),
        });
        v.push(Cfg {
            scanner: Scanner::builder()
                .only(&[Kind::PersonName, Kind::Address, Kind::PhoneNumber])
                .context_window(0, 0)
                .keyword(Kind::PersonName, "名")
                .build()
                .unwrap(),
            min: Confidence::Low,
            name: "names/addr/phone window 0".into(),
        });
        v
    })
}

pub fn pick(sel: u8) -> &'static Cfg {
    let s = scanners();
    &s[sel as usize % s.len()]
}

/// A fuzz input as every target reads it: the first byte picks the configuration, the rest is the
/// target's. `None` for an empty input.
pub fn split(data: &[u8]) -> Option<(&'static Cfg, &[u8])> {
    let (&sel, rest) = data.split_first()?;
    Some((pick(sel), rest))
}

/// The `encoding_rs` codec of `e`, by its name (each is a WHATWG label).
pub fn codec(e: Encoding) -> &'static encoding_rs::Encoding {
    encoding_rs::Encoding::for_label(e.name().as_bytes()).expect("every encoding name is a label")
}

/// Contract checks on a list of findings over an input of `len` bytes.
pub fn check(findings: &[Finding], len: usize, min: Confidence, text: Option<&str>) {
    let mut prev: Option<&Finding> = None;
    for f in findings {
        assert!(f.span.start < f.span.end, "empty/reversed span {:?} ({:?})", f.span, f.kind);
        assert!(f.span.end <= len, "span {:?} beyond input len {len} ({:?})", f.span, f.kind);
        assert!(f.score.is_finite() && (0.0..=1.0).contains(&f.score), "score {} out of [0,1] ({:?})", f.score, f.kind);
        assert_eq!(f.confidence, Confidence::from_score(f.score), "confidence not derived from score {} ({:?} {:?})", f.score, f.kind, f.span);
        assert!(f.confidence >= min, "confidence {:?} below min {:?}", f.confidence, min);
        if let Some(t) = text {
            assert!(t.get(f.span.clone()).is_some(), "span {:?} not on char boundaries ({:?})", f.span, f.kind);
            let _ = f.masked(t);
        }
        let _ = f.masked_reasons();
        let _ = f.masked_value(&f.normalized);
        let _ = jpii::mask(f.kind, &f.normalized);
        for r in &f.reasons {
            let _ = jpii::mask_reason(r);
        }
        if let Some(p) = prev {
            assert!(p.span.start <= f.span.start, "findings not sorted: {:?} then {:?}", p.span, f.span);
            if std::env::var_os("NO_OVERLAP_CHECK").is_none() {
                assert!(p.span.end <= f.span.start, "overlapping findings: {:?} {:?} then {:?} {:?}", p.kind, p.span, f.kind, f.span);
            }
        }
        prev = Some(f);
    }
}
