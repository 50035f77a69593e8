//! Spans of `scan_bytes` are byte ranges of the ORIGINAL input, in every encoding: proven by slicing
//! the input and decoding the slice.

use jpii::encoding::{decode_span, line_column, sniff, SpanDecoder};
use jpii::{Detection, Encoding, Kind, Scanner};

fn encode(e: Encoding, s: &str, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    match e {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let le = e == Encoding::Utf16Le;
            if bom {
                out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
            }
            for u in s.encode_utf16() {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
        }
        Encoding::Utf8 => {
            if bom {
                out.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            }
            out.extend_from_slice(s.as_bytes());
        }
        Encoding::ShiftJis => out.extend_from_slice(&encoding_rs::SHIFT_JIS.encode(s).0),
        Encoding::EucJp => out.extend_from_slice(&encoding_rs::EUC_JP.encode(s).0),
        Encoding::Iso2022Jp => out.extend_from_slice(&encoding_rs::ISO_2022_JP.encode(s).0),
        _ => unreachable!(),
    }
    out
}

const TEXT: &str = "氏名,携帯,メール\n\
山田太郎,090-1234-5678,taro@example.jp\n\
鈴木花子,080-2345-6789,hanako.suzuki@example.co.jp\n\
マイナンバー：6214 9832 0257\n\
連絡先 ０３－１２３４－５６７８（代表）\n\
ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞ 携帯 070-3456-7890\n";

/// (line, column in characters) of byte `off` of a UTF-8 string.
fn line_col_str(s: &str, off: usize) -> (usize, usize) {
    let before = &s[..off];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[test]
fn spans_decode_to_the_matched_text_in_every_encoding() {
    let scanner = Scanner::new();
    let expected = scanner.scan_str(TEXT);
    assert!(
        expected.len() >= 6,
        "the engine finds the phones, e-mails and My Number: {expected:?}"
    );
    for &e in Encoding::ALL {
        for bom in [false, true] {
            if bom && !matches!(e, Encoding::Utf8 | Encoding::Utf16Le | Encoding::Utf16Be) {
                continue;
            }
            let bytes = encode(e, TEXT, bom);
            let report = scanner.scan_bytes(&bytes);
            assert_eq!(report.encoding.encoding, e, "bom={bom}");
            assert_eq!(
                report.encoding.how,
                if bom {
                    Detection::Bom
                } else {
                    Detection::Sniffed
                }
            );
            assert!(!report.encoding.malformed);
            assert_eq!(report.findings.len(), expected.len(), "{e} bom={bom}");
            for (f, x) in report.findings.iter().zip(&expected) {
                assert_eq!(f.kind, x.kind);
                assert_eq!(f.normalized, x.normalized);
                let want = &TEXT[x.span.clone()];
                assert_eq!(
                    decode_span(&bytes, e, f.span.clone()),
                    want,
                    "{e} bom={bom}"
                );
                // Except in stateful ISO-2022-JP, the raw slice decodes on its own.
                if e != Encoding::Iso2022Jp {
                    let (alone, bad) = e
                        .codec_for_tests()
                        .decode_without_bom_handling(&bytes[f.span.clone()]);
                    assert!(!bad);
                    assert_eq!(alone, want);
                }
                assert_eq!(
                    line_column(&bytes, e, f.span.start),
                    line_col_str(TEXT, x.span.start),
                    "{e} {want}"
                );
            }
        }
    }
}

/// `Encoding::codec` is crate-private; tests name the codec here.
trait Codec {
    fn codec_for_tests(self) -> &'static encoding_rs::Encoding;
}
impl Codec for Encoding {
    fn codec_for_tests(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::ShiftJis => encoding_rs::SHIFT_JIS,
            Encoding::EucJp => encoding_rs::EUC_JP,
            Encoding::Iso2022Jp => encoding_rs::ISO_2022_JP,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            _ => unreachable!(),
        }
    }
}

#[test]
fn forced_encoding_is_used_and_reported() {
    let bytes = encode(Encoding::EucJp, TEXT, false);
    let s = Scanner::builder()
        .encoding(Encoding::EucJp)
        .build()
        .unwrap();
    let r = s.scan_bytes(&bytes);
    assert_eq!(
        (r.encoding.encoding, r.encoding.how),
        (Encoding::EucJp, Detection::Forced)
    );
    assert!(!r.findings.is_empty());
    // Forcing the wrong one is obeyed (and shows as malformed), never a panic.
    let s = Scanner::builder()
        .encoding(Encoding::Utf16Be)
        .build()
        .unwrap();
    let r = s.scan_bytes(&bytes);
    assert_eq!(r.encoding.encoding, Encoding::Utf16Be);
}

#[test]
fn iso_2022_jp_spans_inside_a_kanji_run() {
    // A full-width number inside JIS X 0208 text: the span starts mid-run, after no escape.
    let text = "電話番号は０９０－１２３４－５６７８です\n";
    let bytes = encode(Encoding::Iso2022Jp, text, false);
    assert_eq!(sniff(&bytes).0, Encoding::Iso2022Jp);
    let r = Scanner::new().scan_bytes(&bytes);
    let phone = r
        .findings
        .iter()
        .find(|f| f.kind == Kind::PhoneNumber)
        .expect("phone found");
    assert_eq!(
        decode_span(&bytes, Encoding::Iso2022Jp, phone.span.clone()),
        "０９０－１２３４－５６７８"
    );
    assert_ne!(bytes[phone.span.start], 0x1B);
    assert_eq!(
        line_column(&bytes, Encoding::Iso2022Jp, phone.span.start),
        (1, 6)
    );
}

#[test]
fn spans_stay_exact_around_malformed_bytes() {
    // Garbage before values: the mapping must still land on the values.
    let garbage: &[&[u8]] = &[
        b"\x82",
        b"\xff\xfe\xfd",
        b"\x8f\xa1",
        b"\x1b$",
        b"\xed\xa0\x80",
        b"\x80",
    ];
    let scanner = Scanner::new();
    for &e in &[
        Encoding::Utf8,
        Encoding::ShiftJis,
        Encoding::EucJp,
        Encoding::Iso2022Jp,
    ] {
        for g in garbage {
            let mut bytes = Vec::new();
            let mut planted = Vec::new();
            for (i, v) in ["090-1234-5678", "taro@example.jp", "080-2345-6789"]
                .iter()
                .enumerate()
            {
                bytes.extend(encode(e, "連絡先：", false));
                bytes.extend_from_slice(g);
                bytes.extend(encode(e, &format!(" 携帯 {v}\n"), false));
                planted.push(*v);
                if i == 1 {
                    bytes.extend_from_slice(g);
                }
            }
            let forced = Scanner::builder().encoding(e).build().unwrap();
            let r = forced.scan_bytes(&bytes);
            let found: Vec<String> = r
                .findings
                .iter()
                .map(|f| decode_span(&bytes, e, f.span.clone()))
                .collect();
            for v in &planted {
                assert!(
                    found.iter().any(|x| x == v),
                    "{e} {g:02X?}: {v} not among {found:?}"
                );
            }
            let _ = scanner.scan_bytes(&bytes);
        }
    }
}

#[test]
fn bad_input_is_reported_not_fatal() {
    let s = Scanner::new();
    // Truncated multibyte character at the end.
    let mut b = encode(Encoding::ShiftJis, "携帯 090-1234-5678 山田", false);
    b.pop();
    let r = s.scan_bytes(&b);
    assert_eq!(r.encoding.encoding, Encoding::ShiftJis);
    assert!(r.encoding.malformed);
    assert!(
        r.notes.iter().any(|n| n.contains("truncated")),
        "{:?}",
        r.notes
    );
    assert_eq!(r.findings.len(), 1);
    let mut b = "携帯 090-1234-5678 山田".as_bytes().to_vec();
    b.pop();
    let r = s.scan_bytes(&b);
    assert_eq!(r.encoding.encoding, Encoding::Utf8);
    assert!(
        r.notes.iter().any(|n| n.contains("truncated")),
        "{:?}",
        r.notes
    );
    assert_eq!(r.findings.len(), 1);

    // Odd-length UTF-16.
    let mut b = encode(Encoding::Utf16Le, "携帯 090-1234-5678\n", true);
    b.push(0x41);
    let r = s.scan_bytes(&b);
    assert_eq!(r.encoding.encoding, Encoding::Utf16Le);
    assert!(
        r.notes.iter().any(|n| n.contains("odd number of bytes")),
        "{:?}",
        r.notes
    );
    assert_eq!(r.findings.len(), 1);
    assert_eq!(
        decode_span(&b, Encoding::Utf16Le, r.findings[0].span.clone()),
        "090-1234-5678"
    );

    // Lone surrogates.
    let mut b = vec![0xFF, 0xFE];
    b.extend_from_slice(&[0x00, 0xD8, 0x41, 0x00, 0x00, 0xDC]);
    b.extend(encode(Encoding::Utf16Le, " 携帯 090-1234-5678", false));
    let r = s.scan_bytes(&b);
    assert!(r.encoding.malformed);
    assert!(
        r.notes.iter().any(|n| n.contains("UTF-16")),
        "{:?}",
        r.notes
    );
    assert_eq!(
        decode_span(&b, Encoding::Utf16Le, r.findings[0].span.clone()),
        "090-1234-5678"
    );

    // Mixed encodings: a Shift_JIS file with one UTF-8 line.
    let mut b = encode(
        Encoding::ShiftJis,
        "氏名,携帯\n山田太郎,090-1234-5678\n鈴木花子,080-2345-6789\n佐藤一郎,070-1111-2222\n",
        false,
    );
    b.extend_from_slice("田中次郎,090-9999-8888\n".as_bytes());
    let r = s.scan_bytes(&b);
    assert_eq!(r.encoding.encoding, Encoding::ShiftJis);
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("mixed encodings") && n.contains("UTF-8")),
        "{:?}",
        r.notes
    );
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.kind == Kind::PhoneNumber)
            .count(),
        4
    );

    // Binary data (NULs among other control bytes): reported, not scanned unless asked. (NULs
    // alone are padding: see `nul_padding_is_not_binary`.)
    let mut b = b"090-1234-5678 ".to_vec();
    b.extend((0..64).map(|i| [0u8, 1, 2, 3][i % 4]));
    let r = s.scan_bytes(&b);
    assert!(r.binary && !r.scanned_binary);
    assert!(r.findings.is_empty());
    assert!(
        r.notes.iter().any(|n| n.contains("binary")),
        "{:?}",
        r.notes
    );
    let r = Scanner::builder()
        .scan_binary(true)
        .build()
        .unwrap()
        .scan_bytes(&b);
    assert!(r.binary && r.scanned_binary);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].span, 0..13);
}

#[test]
fn nul_padding_is_not_binary() {
    // NULs after an ASCII head (a preallocated log, fixed-length records): read, not "binary".
    let mut b = "tel 090-1234-5678\n".repeat(5000).into_bytes();
    b.extend_from_slice(&[0u8; 1000]);
    b.extend_from_slice(b"080-2345-6789\n");
    let r = Scanner::new().scan_bytes(&b);
    assert!(!r.binary, "{:?}", r.notes);
    assert_eq!(r.findings.len(), 5001);
}

#[test]
fn binary_after_a_long_text_head() {
    // 100 KB of text, then binary data: the text is scanned, the rest reported.
    let mut b = "携帯 090-1234-5678\n".repeat(4000).into_bytes();
    let text_len = b.len();
    b.extend_from_slice(&[0u8; 1000]);
    b.extend_from_slice(b"080-2345-6789\n");
    let r = Scanner::new().scan_bytes(&b);
    // The head (first 64 KiB) is text, so the decision was made there: all of it is scanned as UTF-8.
    assert!(!r.binary);
    assert_eq!(r.findings.len(), 4001);
    assert!(r
        .findings
        .iter()
        .all(|f| f.span.end <= text_len || f.span.start >= text_len + 1000));
    // A plain-ASCII head followed by binary data: binary from there.
    let mut b = "tel 090-1234-5678\n".repeat(5000).into_bytes();
    let at = b.len();
    b.extend((0..1000).map(|i| [0u8, 1, 2, 3][i % 4]));
    b.extend_from_slice(b"080-2345-6789\n");
    let r = Scanner::new().scan_bytes(&b);
    assert!(r.binary);
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains(&format!("binary data from byte {at}"))),
        "{:?}",
        r.notes
    );
    assert_eq!(r.findings.len(), 5000);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn bytes() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..20),
            Just(b"090-1234-5678".to_vec()),
            Just(b"taro@example.jp".to_vec()),
            Just(b"\x1b$B".to_vec()),
            Just(b"\x1b(B".to_vec()),
            Just(vec![0xFF, 0xFE]),
            Just(vec![0x00, 0xD8]),
            Just("携帯".as_bytes().to_vec()),
            Just(encoding_rs::SHIFT_JIS.encode("携帯：").0.into_owned()),
            Just(encoding_rs::EUC_JP.encode("電話 ").0.into_owned()),
            Just(b"\n".to_vec()),
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn random_bytes_never_panic_and_spans_are_sane(b in bytes(), forced in 0usize..7) {
            let _ = sniff(&b);
            let _ = jpii::encoding::is_binary(&b);
            let mut builder = Scanner::builder().scan_binary(true);
            if forced < 6 {
                builder = builder.encoding(Encoding::ALL[forced]);
            }
            let s = builder.build().unwrap();
            let r = s.scan_bytes(&b);
            let mut last = 0;
            for f in &r.findings {
                prop_assert!(f.span.start <= f.span.end && f.span.end <= b.len());
                prop_assert!(f.span.start >= last);
                last = f.span.start;
                let _ = decode_span(&b, r.encoding.encoding, f.span.clone());
                let _ = line_column(&b, r.encoding.encoding, f.span.start);
            }
            let _ = s.redact_bytes(&b);
        }

        /// One decoder carried over many spans (in order, and some going back) decodes each as a
        /// fresh look-up from the start does, whatever escape sequences lie between them.
        #[test]
        fn span_decoder_carries_the_iso_2022_jp_mode_exactly(b in bytes(), cuts in proptest::collection::vec((0usize..300, 0usize..40), 0..12)) {
            let mut spans: Vec<(usize, usize)> = cuts.iter().map(|&(s, l)| (s.min(b.len()), (s + l).min(b.len()))).collect();
            spans.sort();
            if let Some(&back) = spans.first() {
                spans.push(back); // and once out of order
            }
            for &e in [Encoding::Iso2022Jp, Encoding::ShiftJis, Encoding::Utf8].iter() {
                let mut d = SpanDecoder::new(&b, e);
                for &(s, t) in &spans {
                    prop_assert_eq!(d.decode(s..t), decode_span(&b, e, s..t));
                }
            }
        }
    }
}

#[test]
fn line_columns_in_one_pass_equal_line_column_each() {
    let text = "氏名,携帯\n山田太郎,090-1234-5678\n\n鈴木花子,080-2345-6789\r\n最後の行 taro@example.jp";
    for &e in Encoding::ALL {
        let bytes = encode(e, text, matches!(e, Encoding::Utf16Le | Encoding::Utf16Be));
        let offsets: Vec<usize> = (0..=bytes.len()).rev().step_by(3).collect();
        let each: Vec<(usize, usize)> = offsets.iter().map(|&o| jpii::line_column(&bytes, e, o)).collect();
        assert_eq!(jpii::line_columns(&bytes, e, &offsets), each, "{e}");
    }
}
