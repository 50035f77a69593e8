//! Redaction: a copy of the input with every finding masked, in the input's own encoding.
//!
//! Each finding is masked the way reports show it ([`mask`](crate::mask::mask): digits become `*`,
//! separators stay), but written over the original bytes character by character: a masked
//! character becomes mask characters of the *same encoded width* (`*` for one byte, `＊` for a
//! two-byte Shift_JIS/EUC-JP or three-byte UTF-8 character, `＊` or `*` for a UTF-16 code unit, and
//! in ISO-2022-JP the mask character of the mode in force). So the output has the input's length,
//! stays valid in its encoding, and keeps everything else — BOM, escape sequences, line breaks, other
//! bytes — untouched. The input itself is never modified.

use serde::Serialize;

use crate::encoding::walk::{self, IsoMode, Pos, Step, WalkState};
use crate::encoding::{Encoding, SpanDecoder};
use crate::finding::Kind;
use crate::scanner::{ScanReport, Scanner};

/// A redacted copy of some input, with the scan that found what was masked.
#[derive(Clone, Debug, Serialize)]
pub struct Redacted {
    /// The input with every finding masked, in the input's encoding, of the input's length.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The scan of the original input (spans refer to both the input and `bytes`).
    pub report: ScanReport,
}

impl Scanner {
    /// `text` with every finding masked (same length in bytes).
    ///
    /// ```
    /// let s = jpii::Scanner::new();
    /// assert_eq!(s.redact_str("携帯：090-1234-5678 です"), "携帯：090-****-5678 です");
    /// ```
    pub fn redact_str(&self, text: &str) -> String {
        let mut out = text.as_bytes().to_vec();
        let mut spans = SpanDecoder::new(text.as_bytes(), Encoding::Utf8);
        for f in self.scan_str(text) {
            mask_span(&mut out, &mut spans, f.kind, f.span.clone());
        }
        // Whole characters were replaced by ASCII or `＊`: still UTF-8.
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// A copy of `bytes` with every finding masked, in the encoding the scan read it as.
    ///
    /// ```
    /// use jpii::Encoding;
    /// let s = jpii::Scanner::new();
    /// let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("携帯：０９０-1234-5678\n");
    /// let r = s.redact_bytes(&sjis);
    /// assert_eq!(r.report.encoding.encoding, Encoding::ShiftJis);
    /// assert_eq!(r.bytes.len(), sjis.len());
    /// let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&r.bytes);
    /// assert!(!bad);
    /// assert_eq!(text, "携帯：０９０-****-5678\n");
    /// ```
    pub fn redact_bytes(&self, bytes: &[u8]) -> Redacted {
        let report = self.scan_bytes(bytes);
        let mut out = bytes.to_vec();
        let mut spans = SpanDecoder::new(bytes, report.encoding.encoding);
        for f in &report.findings {
            mask_span(&mut out, &mut spans, f.kind, f.span.clone());
        }
        Redacted { bytes: out, report }
    }
}

/// Masks `src[span]` (`spans` reads `src` in its encoding) into `out` (a copy of `src`). Spans
/// come in increasing order: `spans` carries the ISO-2022-JP mode from one to the next.
pub(crate) fn mask_span(out: &mut [u8], spans: &mut SpanDecoder, kind: Kind, span: core::ops::Range<usize>) {
    let (src, enc) = (spans.bytes(), spans.encoding());
    if span.end > src.len() || span.start >= span.end || out.len() != src.len() {
        return;
    }
    // The characters of the span with their source bytes and the ISO-2022-JP mode they were in.
    let mode = if enc == Encoding::Iso2022Jp { spans.mode_at(span.start) } else { IsoMode::Ascii };
    let value = spans.decode(span.clone());
    // For ISO-2022-JP, `decode_span` may have prefixed an escape sequence: walk the same way.
    let mut chars: Vec<(char, usize, usize, IsoMode)> = Vec::new();
    let region = &src[..span.end];
    let mut p = Pos {
        src: span.start,
        dst: 0,
        state: WalkState { mode, flag: false },
    };
    let mut it = value.chars();
    let mut guard = 0usize;
    while p.src < span.end && guard <= span.len() * 2 + 8 {
        guard += 1;
        let next = it.clone().next();
        let mut st = p.state;
        match walk::step(enc, &mut st, region, p.src, true, next == Some('\u{FFFD}')) {
            Step::Char(end) => {
                let Some(c) = it.next() else { break };
                chars.push((c, p.src, end, p.state.mode));
                p = Pos {
                    src: end,
                    dst: p.dst + c.len_utf8(),
                    state: st,
                };
            }
            Step::Skip(end) => {
                p = Pos {
                    src: end,
                    dst: p.dst,
                    state: st,
                }
            }
            Step::NeedMore | Step::End => break,
        }
    }
    let original: String = chars.iter().map(|c| c.0).collect();
    let masked: Vec<char> = crate::mask::mask(kind, &original).chars().collect();
    let flags = changed(&chars.iter().map(|c| c.0).collect::<Vec<_>>(), &masked);
    for ((c, s, e, mode), masked) in chars.iter().zip(flags) {
        if masked {
            write_mask(&mut out[*s..*e], enc, *c, *mode);
        }
    }
}

/// Which characters of `orig` the mask changed. Same length: position by position. Otherwise
/// (a mask that shortens, e.g. an e-mail's local part): everything between the common prefix and
/// the common suffix.
fn changed(orig: &[char], masked: &[char]) -> Vec<bool> {
    if orig.len() == masked.len() {
        return orig.iter().zip(masked).map(|(a, b)| a != b).collect();
    }
    let pre = orig.iter().zip(masked).take_while(|(a, b)| a == b).count();
    let max_suf = orig.len().min(masked.len()) - pre;
    let suf = orig
        .iter()
        .rev()
        .zip(masked.iter().rev())
        .take(max_suf)
        .take_while(|(a, b)| a == b)
        .count();
    (0..orig.len())
        .map(|i| i >= pre && i < orig.len() - suf)
        .collect()
}

/// Overwrites the bytes of one character with mask characters of the same total width.
fn write_mask(dst: &mut [u8], enc: Encoding, c: char, mode: IsoMode) {
    let w = dst.len();
    let wide = !c.is_ascii();
    let fill = |dst: &mut [u8], wide_mask: &[u8], narrow: &[u8]| {
        // As many wide masks as fit, then narrow ones.
        let mut i = 0;
        if wide || narrow.len() > w {
            while i + wide_mask.len() <= w && !wide_mask.is_empty() {
                dst[i..i + wide_mask.len()].copy_from_slice(wide_mask);
                i += wide_mask.len();
            }
        }
        while i + narrow.len() <= w && !narrow.is_empty() {
            dst[i..i + narrow.len()].copy_from_slice(narrow);
            i += narrow.len();
        }
    };
    match enc {
        Encoding::Utf8 => fill(dst, "＊".as_bytes(), b"*"),
        Encoding::ShiftJis => fill(dst, &[0x81, 0x96], b"*"),
        Encoding::EucJp => fill(dst, &[0xA1, 0xF6], b"*"),
        Encoding::Utf16Le => fill(dst, &[0x0A, 0xFF], &[0x2A, 0x00]),
        Encoding::Utf16Be => fill(dst, &[0xFF, 0x0A], &[0x00, 0x2A]),
        Encoding::Iso2022Jp => match mode {
            IsoMode::Jis => fill(dst, &[0x21, 0x76], &[]),
            // `･` (U+FF65) is the half-width katakana mode's closest mask character.
            IsoMode::Katakana => fill(dst, &[], &[0x25]),
            IsoMode::Ascii | IsoMode::Roman => fill(dst, &[], b"*"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_alignment() {
        let a: Vec<char> = "hanako@x.jp".chars().collect();
        let m: Vec<char> = "h***@x.jp".chars().collect();
        let f = changed(&a, &m);
        assert_eq!(f.iter().filter(|x| **x).count(), 5);
        assert!(!f[0] && f[1] && !f[6]);
    }

    #[test]
    fn widths_kept() {
        for (enc, c, w) in [
            (Encoding::Utf8, '０', 3),
            (Encoding::Utf8, 'é', 2),
            (Encoding::ShiftJis, '０', 2),
            (Encoding::EucJp, '丂', 3),
            (Encoding::Utf16Le, '😀', 4),
        ] {
            let mut b = vec![0u8; w];
            write_mask(&mut b, enc, c, IsoMode::Ascii);
            assert!(b.iter().all(|&x| x != 0) || enc.is_utf16(), "{enc:?} {c}");
            let (s, bad) = enc.codec().decode_without_bom_handling(&b);
            assert!(!bad, "{enc:?} {c} {b:02X?}");
            assert!(s.chars().all(|c| c == '*' || c == '＊'), "{s}");
        }
    }
}
