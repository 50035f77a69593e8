//! Redaction keeps the input's encoding, length, BOM and every byte outside the findings.

use jpii::encoding::decode_span;
use jpii::{Encoding, Kind, Scanner};

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

fn decode(e: Encoding, b: &[u8]) -> (String, bool) {
    let codec = match e {
        Encoding::Utf8 => encoding_rs::UTF_8,
        Encoding::ShiftJis => encoding_rs::SHIFT_JIS,
        Encoding::EucJp => encoding_rs::EUC_JP,
        Encoding::Iso2022Jp => encoding_rs::ISO_2022_JP,
        Encoding::Utf16Le => encoding_rs::UTF_16LE,
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        _ => unreachable!(),
    };
    let (t, bad) = codec.decode_with_bom_removal(b);
    (t.into_owned(), bad)
}

const TEXT: &str = "氏名,携帯,メール\n\
山田太郎,090-1234-5678,taro@example.jp\n\
鈴木花子,080-2345-6789,hanako.suzuki@example.co.jp\n\
マイナンバー：6214 9832 0257\n\
連絡先 ０３－１２３４－５６７８（代表）\n";

#[test]
fn redacted_in_every_encoding() {
    let s = Scanner::new();
    let want = s.redact_str(TEXT);
    assert_ne!(want, TEXT);
    assert_eq!(want.len(), TEXT.len());
    for needle in ["1234-5678", "taro@", "6214 9832", "１２３４－５６７８"] {
        assert!(!want.contains(needle), "{needle} left in {want}");
    }
    assert!(
        want.contains("090-****-5678") && want.contains("０３－＊＊＊＊－５６７８"),
        "{want}"
    );
    for &e in Encoding::ALL {
        for bom in [false, true] {
            if bom && !matches!(e, Encoding::Utf8 | Encoding::Utf16Le | Encoding::Utf16Be) {
                continue;
            }
            let input = encode(e, TEXT, bom);
            let copy = input.clone();
            let r = s.redact_bytes(&input);
            assert_eq!(input, copy, "the input is never modified");
            assert_eq!(r.report.encoding.encoding, e);
            assert!(!r.report.findings.is_empty());
            assert_eq!(r.bytes.len(), input.len(), "{e}: length kept");
            if bom {
                assert_eq!(r.bytes[..2], input[..2], "{e}: BOM kept");
            }
            let (text, bad) = decode(e, &r.bytes);
            assert!(!bad, "{e}: still valid");
            assert_eq!(text, want, "{e}");
            // Outside the findings, not a byte changed.
            let mut inside = vec![false; input.len()];
            for f in &r.report.findings {
                inside[f.span.clone()].iter_mut().for_each(|x| *x = true);
            }
            for (i, (a, b)) in input.iter().zip(&r.bytes).enumerate() {
                if !inside[i] {
                    assert_eq!(a, b, "{e}: byte {i} outside findings changed");
                }
            }
            // Nothing left to find of what was masked.
            let again = s.scan_bytes(&r.bytes);
            assert!(
                again
                    .findings
                    .iter()
                    .all(|f| !matches!(f.kind, Kind::PhoneNumber | Kind::MyNumber)),
                "{e}: {:?}",
                again
                    .findings
                    .iter()
                    .map(|f| decode_span(&r.bytes, e, f.span.clone()))
                    .collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn iso_2022_jp_keeps_its_modes() {
    let s = Scanner::new();
    // Full-width digits inside JIS X 0208, ASCII digits in ASCII mode, half-width katakana mode.
    let text = "電話番号は０９０－１２３４－５６７８です ﾃﾞﾝﾜ 携帯 080-2345-6789\n";
    let mut input = encode(Encoding::Iso2022Jp, text, false);
    // A half-width katakana mode run too (the encoder never writes one).
    input.extend_from_slice(b"\x1b(I;C\x1b(B 070-1111-2222\n");
    let r = s.redact_bytes(&input);
    assert_eq!(r.bytes.len(), input.len());
    let (out, bad) = decode(Encoding::Iso2022Jp, &r.bytes);
    assert!(!bad);
    // (The ISO-2022-JP encoder writes half-width katakana as full-width: compare with what it wrote.)
    assert_eq!(out, s.redact_str(&decode(Encoding::Iso2022Jp, &input).0));
    assert!(
        out.contains("０９０－＊＊＊＊－５６７８") && out.contains("080-****-6789"),
        "{out}"
    );
}

#[test]
fn nothing_found_nothing_changed() {
    let s = Scanner::new();
    let input = encode(Encoding::ShiftJis, "本日は晴天なり。\n", false);
    let r = s.redact_bytes(&input);
    assert!(r.report.findings.is_empty());
    assert_eq!(r.bytes, input);
    assert_eq!(s.redact_str("no PII here"), "no PII here");
}

#[test]
fn binary_not_scanned_is_returned_as_is() {
    let s = Scanner::new();
    // Binary data: NULs among other control bytes (NULs alone are padding, and read).
    let mut input = b"090-1234-5678".to_vec();
    input.extend((0..100).map(|i| [0u8, 1, 2, 3][i % 4]));
    let r = s.redact_bytes(&input);
    assert!(r.report.binary);
    assert_eq!(r.bytes, input);
    let s = Scanner::builder().scan_binary(true).build().unwrap();
    let r = s.redact_bytes(&input);
    assert_eq!(&r.bytes[..13], b"090-****-5678");
}
