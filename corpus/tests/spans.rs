//! The ground truth is exact: every encoded file decodes back to its text, and every truth span,
//! sliced out of the ENCODED bytes, decodes to the labeled value. Generation is deterministic.

use jpii_corpus::encode::FileEncoding;
use jpii_corpus::generate;

fn check(seed: u64, n: usize) {
    let docs = generate(seed, n);
    for d in &docs {
        let e = d.encoding;
        assert_eq!(
            e.decode(&d.bytes).as_deref(),
            Some(d.text.as_str()),
            "{}: round trip",
            d.path
        );
        for (kind, sp, value) in &d.truth {
            assert!(
                !value.is_empty() && sp.start < sp.end && sp.end <= d.bytes.len(),
                "{}: {kind} {sp:?}",
                d.path
            );
            // Decoding up to the end = decoding up to the start + the value (works for stateful ISO-2022-JP).
            let pre = e
                .decode(&d.bytes[..sp.start])
                .unwrap_or_else(|| panic!("{}: prefix {sp:?} does not decode", d.path));
            let upto = e
                .decode(&d.bytes[..sp.end])
                .unwrap_or_else(|| panic!("{}: prefix {sp:?} does not decode", d.path));
            assert_eq!(upto, format!("{pre}{value}"), "{}: {kind} {sp:?}", d.path);
            // Stateless encodings: the slice alone decodes to the value.
            if e != FileEncoding::Iso2022Jp {
                let raw = &d.bytes[sp.clone()];
                let alone = match e {
                    FileEncoding::Utf8 | FileEncoding::Utf8Bom => FileEncoding::Utf8.decode(raw),
                    FileEncoding::Utf16Le | FileEncoding::Utf16LeNoBom => {
                        FileEncoding::Utf16LeNoBom.decode(raw)
                    }
                    _ => e.decode(raw),
                };
                assert_eq!(
                    alone.as_deref(),
                    Some(value.as_str()),
                    "{}: {kind} {sp:?}",
                    d.path
                );
            }
        }
    }
}

#[test]
fn truth_spans_decode_to_their_values() {
    check(jpii_corpus::SAMPLE_SEED, 60);
    check(1, 45);
    check(20260101, 30);
}

#[test]
fn every_shape_encoding_and_kind_is_generated() {
    let docs = generate(jpii_corpus::SAMPLE_SEED, jpii_corpus::SAMPLE_DOCS);
    for s in jpii_corpus::shapes::Shape::ALL {
        assert!(docs.iter().any(|d| d.shape == s), "{s:?}");
    }
    for e in FileEncoding::ALL {
        assert!(docs.iter().any(|d| d.encoding == e), "{e:?}");
    }
    for k in jpii::Kind::ALL {
        assert!(
            docs.iter().any(|d| d.truth.iter().any(|t| t.0 == *k)),
            "{k}"
        );
    }
    for d in docs.iter().filter(|d| d.shape.negative_only()) {
        assert!(d.truth.is_empty(), "{}", d.path);
    }
}

#[test]
fn same_seed_same_bytes() {
    let a = generate(42, 30);
    let b = generate(42, 30);
    let c = generate(43, 30);
    assert!(a
        .iter()
        .zip(&b)
        .all(|(x, y)| x.path == y.path && x.bytes == y.bytes && x.truth == y.truth));
    assert!(a.iter().zip(&c).any(|(x, y)| x.bytes != y.bytes));
    // Document i depends only on (seed, i): a longer corpus starts with the same documents.
    let longer = generate(42, 40);
    assert!(a.iter().zip(&longer).all(|(x, y)| x.bytes == y.bytes));
}

#[test]
fn zengin_records_are_120_bytes() {
    for d in generate(3, 75)
        .iter()
        .filter(|d| d.shape == jpii_corpus::shapes::Shape::Zengin)
    {
        let body: Vec<&[u8]> = if d.bytes.contains(&b'\n') {
            d.bytes
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .collect()
        } else {
            d.bytes.chunks(120).collect()
        };
        for rec in body {
            let rec = rec.strip_suffix(b"\r").unwrap_or(rec);
            assert_eq!(rec.len(), 120, "{}", d.path);
        }
    }
}

#[test]
fn predictions_file_scores_like_the_builtin_scan() {
    use jpii_corpus::eval::{score, Corpus};
    let docs = generate(5, 20);
    let corpus = Corpus::from_docs(&docs);
    let scanned = corpus.scan(jpii::Confidence::Low);
    // As a tool would write them: a directory prefix and extra fields.
    let jsonl: String = scanned
        .iter()
        .map(|s| format!("{{\"path\":\"out/dir/{}\",\"kind\":\"{}\",\"start\":{},\"end\":{},\"confidence\":{:?},\"extra\":1}}\n", s.path, s.kind, s.start, s.end, s.confidence.clone().unwrap()))
        .collect();
    let read = corpus.predictions(&jsonl, jpii::Confidence::Low).unwrap();
    let (a, b) = (score(&corpus, &scanned, &[]), score(&corpus, &read, &[]));
    assert_eq!(
        (a.overall.predicted, a.overall.matched),
        (b.overall.predicted, b.overall.matched)
    );
    let high = corpus.predictions(&jsonl, jpii::Confidence::High).unwrap();
    assert_eq!(high.len(), corpus.scan(jpii::Confidence::High).len());
}

#[test]
fn matching_rule() {
    use jpii_corpus::eval::{score, Corpus, Span};
    let docs = generate(5, 3);
    let corpus = Corpus::from_docs(&docs);
    let t = &corpus.truth[0];
    let len = t.end - t.start;
    let span = |start: usize, end: usize| Span {
        path: t.path.clone(),
        kind: t.kind.clone(),
        start,
        end,
        confidence: None,
    };
    let only_first = |p: Vec<Span>| {
        let r = score(&corpus, &p, std::slice::from_ref(&t.kind));
        (r.overall.matched, r.overall.predicted)
    };
    // Half of the truth span covered: a match. Less than half: no match. Twice: one match, one false positive.
    assert_eq!(
        only_first(vec![span(t.start, t.start + len.div_ceil(2))]),
        (1, 1)
    );
    assert_eq!(
        only_first(vec![span(t.start, t.start + len / 2 - 1)]),
        (0, 1)
    );
    assert_eq!(
        only_first(vec![span(t.start, t.end), span(t.start, t.end)]),
        (1, 2)
    );
}
