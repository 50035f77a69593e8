//! Which encoding, and is it text at all.
//!
//! The decision is made once per input, on a bounded window, by a rule that a stream can apply
//! without holding the whole input (so `scan_reader` and `scan_bytes` always agree):
//!
//! 1. The *head* is the first [`SNIFF_LEN`] bytes. A BOM decides. Otherwise, if the head holds a
//!    *trigger* byte (`>= 0x80`, NUL, ESC, SO, SI) the head is judged: UTF-16 without BOM (NUL
//!    bytes on one parity and a plausible decoding), binary (NUL or control-heavy), ISO-2022-JP
//!    (escape designations, 7-bit), else UTF-8 / Shift_JIS / EUC-JP by score.
//! 2. A head of plain ASCII (no trigger) decodes the same in UTF-8, Shift_JIS, EUC-JP and
//!    ISO-2022-JP, so the decision is *deferred*: it is made on the [`SNIFF_LEN`] bytes starting at
//!    the first trigger byte, wherever that is (a log that turns Japanese after a megabyte of ASCII
//!    is still read right). No trigger anywhere: UTF-8, `default`.
//!
//! Scoring: each candidate decodes the window; malformed sequences cost [`ERROR_COST`]; every
//! character earns what it says about Japanese text — hiragana most, then katakana, JIS level-1
//! kanji, punctuation; level-2 kanji, half-width katakana and user-defined characters little or
//! less. That separates the classic confusions: EUC-JP text is often *valid* Shift_JIS, but as
//! Shift_JIS it reads as runs of half-width katakana, while as EUC-JP it reads as level-1 kanji and
//! hiragana; Shift_JIS text is almost never valid EUC-JP (lead bytes 0x81–0x9F).

use super::walk::{self, Step};
use super::{Detection, Encoding};

/// Bytes a decision looks at.
pub(crate) const SNIFF_LEN: usize = 64 * 1024;

/// What a malformed sequence costs a candidate, in "plausible characters".
const ERROR_COST: f32 = 6.0;

/// The decision for one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub encoding: Encoding,
    pub how: Detection,
    /// The bytes judged are binary data, not text.
    pub binary: bool,
}

/// The judgement of the head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Head {
    Decided(Verdict),
    /// Plain ASCII so far: decide at the first trigger byte.
    Plain,
}

/// A byte that can change the decision (everything else is plain ASCII, read alike by all the
/// ASCII-compatible candidates).
#[inline]
pub(crate) fn is_trigger(b: u8) -> bool {
    b >= 0x80 || b == 0x00 || b == 0x1B || b == 0x0E || b == 0x0F
}

/// The BOM at the start of `bytes`, if any.
pub(crate) fn bom(bytes: &[u8]) -> Option<(Encoding, usize)> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((Encoding::Utf8, 3))
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((Encoding::Utf16Le, 2))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((Encoding::Utf16Be, 2))
    } else {
        None
    }
}

/// Length of the BOM to skip when decoding as `enc` (a BOM of another encoding is data).
pub(crate) fn bom_len_for(bytes: &[u8], enc: Encoding) -> usize {
    match bom(bytes) {
        Some((e, n)) if e == enc => n,
        _ => 0,
    }
}

/// Judges the head of an input. `head` is the first `min(len, SNIFF_LEN)` bytes; `eof` says the
/// head is the whole input.
pub(crate) fn judge_head(head: &[u8], eof: bool, forced: Option<Encoding>) -> Head {
    if let Some(enc) = forced {
        let body = &head[bom_len_for(head, enc)..];
        return Head::Decided(Verdict {
            encoding: enc,
            how: Detection::Forced,
            binary: looks_binary(body, enc),
        });
    }
    if let Some((enc, n)) = bom(head) {
        return Head::Decided(Verdict {
            encoding: enc,
            how: Detection::Bom,
            binary: looks_binary(&head[n..], enc),
        });
    }
    if !head.iter().any(|&b| is_trigger(b)) {
        if control_heavy(head) {
            return Head::Decided(Verdict {
                encoding: Encoding::Utf8,
                how: Detection::Default,
                binary: true,
            });
        }
        return if eof {
            Head::Decided(Verdict {
                encoding: Encoding::Utf8,
                how: Detection::Default,
                binary: false,
            })
        } else {
            Head::Plain
        };
    }
    // UTF-16 without BOM: NUL bytes on one parity (ASCII characters), the other parity (almost)
    // free of them (Japanese has some: U+3000 is `00 30`), and a plausible decoding.
    let (mut nul_even, mut nul_odd) = (0usize, 0usize);
    for (i, &b) in head.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                nul_even += 1
            } else {
                nul_odd += 1
            }
        }
    }
    let units = (head.len() / 2).max(1) as f32;
    let utf16 = |enc: Encoding| -> Option<Verdict> {
        let s = score(enc, head, eof);
        (s.errors == 0 && s.points >= 0.4 * units).then(|| Verdict {
            encoding: enc,
            how: Detection::Sniffed,
            binary: looks_binary(head, enc),
        })
    };
    if nul_odd > 0 && nul_odd > 2 * nul_even {
        if let Some(v) = utf16(Encoding::Utf16Le) {
            return Head::Decided(v);
        }
    } else if nul_even > 0 && nul_even > 2 * nul_odd {
        if let Some(v) = utf16(Encoding::Utf16Be) {
            return Head::Decided(v);
        }
    }
    let v = judge_8bit(head, eof);
    if nul_even + nul_odd == 0 && head.len() >= 8 {
        // Japanese-only UTF-16 (no ASCII, so no NUL bytes) is malformed in every 8-bit candidate
        // (and its bytes may look like control characters), and reads as kana and kanji.
        let best8 = score(v.encoding, head, eof);
        if best8.errors > 0 || v.binary {
            let le = score(Encoding::Utf16Le, head, eof);
            let be = score(Encoding::Utf16Be, head, eof);
            let (enc, s) = if be.points > le.points {
                (Encoding::Utf16Be, be)
            } else {
                (Encoding::Utf16Le, le)
            };
            if s.errors == 0
                && s.points >= 1.0 * units
                && s.points > best8.points - ERROR_COST * best8.errors as f32
            {
                return Head::Decided(Verdict {
                    encoding: enc,
                    how: Detection::Sniffed,
                    binary: looks_binary(head, enc),
                });
            }
        }
    }
    Head::Decided(v)
}

/// Judges a window that starts at the first trigger byte of an input whose head was plain ASCII
/// (UTF-16 is out of the question there).
pub(crate) fn judge_deferred(window: &[u8], eof: bool) -> Verdict {
    let mut v = judge_8bit(window, eof);
    if v.how == Detection::Default && window.iter().any(|&b| is_trigger(b) && b != 0) {
        v.how = Detection::Sniffed;
    }
    v
}

/// UTF-8 / Shift_JIS / EUC-JP / ISO-2022-JP, and binary.
fn judge_8bit(w: &[u8], eof: bool) -> Verdict {
    let high = w.iter().any(|&b| b >= 0x80);
    let iso = !high && has_iso_designation(w);
    let binary = looks_binary(w, Encoding::Utf8);
    if iso {
        return Verdict {
            encoding: Encoding::Iso2022Jp,
            how: Detection::Sniffed,
            binary,
        };
    }
    if !high {
        return Verdict {
            encoding: Encoding::Utf8,
            how: Detection::Default,
            binary,
        };
    }
    let mut best = (Encoding::Utf8, f32::NEG_INFINITY);
    for enc in [Encoding::Utf8, Encoding::ShiftJis, Encoding::EucJp] {
        let s = score(enc, w, eof);
        let total = s.points - ERROR_COST * s.errors as f32;
        if total > best.1 {
            best = (enc, total);
        }
    }
    Verdict {
        encoding: best.0,
        how: Detection::Sniffed,
        binary,
    }
}

/// An ISO-2022-JP designation of a Japanese character set (`ESC $ @`, `ESC $ B`, `ESC ( J`, `ESC ( I`).
fn has_iso_designation(w: &[u8]) -> bool {
    memchr::memchr_iter(0x1B, w).any(|i| {
        matches!(
            (w.get(i + 1), w.get(i + 2)),
            (Some(0x24), Some(0x40 | 0x42)) | (Some(0x28), Some(0x4A | 0x49))
        )
    })
}

/// Control characters that do not occur in text (TAB, LF, CR, FF, SUB and ESC do).
#[inline]
fn is_binary_control(b: u8) -> bool {
    matches!(b, 0x01..=0x08 | 0x0B | 0x0E..=0x19 | 0x1C..=0x1F | 0x7F)
}

fn control_heavy(w: &[u8]) -> bool {
    too_many_controls(w.iter().filter(|&&b| is_binary_control(b)).count(), w.len())
}

/// `n` control characters among `len` code units are too many for text (more than 1 in 20).
fn too_many_controls(n: usize, len: usize) -> bool {
    n >= 2 && n * 20 > len
}

/// Binary data: NUL bytes (more than 1 in 200) or control characters (more than 1 in 20), counted
/// per code unit for UTF-16. In an 8-bit encoding NULs alone (beside some text) are padding, not
/// binary: fixed-length records are padded with them, and a roster with NULs after every row must
/// not pass a gate as "binary, not scanned". Images, archives and programs hold other control
/// bytes too.
pub(crate) fn looks_binary(w: &[u8], enc: Encoding) -> bool {
    match enc {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let (mut nul, mut ctl, mut n) = (0usize, 0usize, 0usize);
            for c in w.chunks_exact(2) {
                let u = if enc == Encoding::Utf16Le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                };
                n += 1;
                if u == 0 {
                    nul += 1;
                } else if u < 0x80 && is_binary_control(u as u8) {
                    ctl += 1;
                }
            }
            nul * 200 > n || too_many_controls(nul + ctl, n)
        }
        _ => {
            let nul = memchr::memchr_iter(0, w).count();
            let ctl = w.iter().filter(|&&b| is_binary_control(b)).count();
            (nul * 200 > w.len() && (ctl > 0 || nul == w.len())) || too_many_controls(ctl, w.len()) || (nul >= 1 && ctl >= 1 && w.len() < 64)
        }
    }
}

/// What a candidate makes of a window.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Score {
    pub points: f32,
    pub errors: usize,
}

/// Decodes `w` as `enc` and scores the result.
pub(crate) fn score(enc: Encoding, w: &[u8], eof: bool) -> Score {
    let mut dec = enc.codec().new_decoder_without_bom_handling();
    let mut text =
        String::with_capacity(dec.max_utf8_buffer_length(w.len()).unwrap_or(w.len() * 3) + 8);
    // An incomplete character at the end waits in the decoder: not an error. At the end of the
    // input it is one (a truncated file), but a weak sign against the candidate, not a full error.
    let _ = dec.decode_to_string(w, &mut text, false);
    let mut s = Score::default();
    if eof {
        let mut tail = String::with_capacity(16);
        let _ = dec.decode_to_string(&[], &mut tail, true);
        if !tail.is_empty() {
            s.points -= 1.0;
        }
    }
    let mut p = walk::Pos::default();
    let mut prev_hw: Option<u8> = None;
    let tb = text.as_bytes();
    loop {
        // ASCII costs nothing and says nothing (UTF-16 aside): skip runs of it quickly.
        if enc.is_ascii_compatible() {
            let n = w[p.src.min(w.len())..]
                .iter()
                .zip(&tb[p.dst.min(tb.len())..])
                .take_while(|(a, b)| a == b && **a < 0x80 && **a != 0x1B)
                .count();
            if n > 0 {
                p.src += n;
                p.dst += n;
                prev_hw = None;
            }
        }
        let Some(c) = text.get(p.dst..).and_then(|t| t.chars().next()) else {
            break;
        };
        let mut st = p.state;
        match walk::step(enc, &mut st, w, p.src, false, c == '\u{FFFD}') {
            Step::Char(end) => {
                let bytes = &w[p.src..end.min(w.len())];
                if c == '\u{FFFD}'
                    && !(enc == Encoding::Utf8 && bytes == [0xEF, 0xBF, 0xBD])
                    && !(bytes.len() == 2 && enc.is_utf16())
                {
                    s.errors += 1;
                } else if c == '\u{FFFD}' && enc.is_utf16() && bytes.len() == 2 {
                    // A real U+FFFD unit, or a lone surrogate (an error).
                    let u = if enc == Encoding::Utf16Le {
                        u16::from_le_bytes([bytes[0], bytes[1]])
                    } else {
                        u16::from_be_bytes([bytes[0], bytes[1]])
                    };
                    if u == 0xFFFD {
                        s.points -= 1.0;
                    } else {
                        s.errors += 1;
                    }
                } else {
                    s.points += weight(enc, c, bytes, &mut prev_hw);
                }
                p = walk::Pos {
                    src: end,
                    dst: p.dst + c.len_utf8(),
                    state: st,
                };
            }
            Step::Skip(end) => {
                p = walk::Pos {
                    src: end,
                    dst: p.dst,
                    state: st,
                }
            }
            Step::NeedMore | Step::End => break,
        }
    }
    s
}

/// What one decoded character says about the candidate (`bytes`: its source bytes).
fn weight(enc: Encoding, c: char, bytes: &[u8], prev_hw: &mut Option<u8>) -> f32 {
    let u = c as u32;
    let lead = bytes.first().copied().unwrap_or(0);
    let hw = *prev_hw;
    *prev_hw = None;
    // Shift_JIS pairs 0x8E 0xA1–0xDF are EUC-JP's half-width katakana bytes: a run of them is more
    // likely that (one row of kanji after another is not how text reads).
    let euc_kana_shape = enc == Encoding::ShiftJis
        && bytes.len() == 2
        && lead == 0x8E
        && (0xA1..=0xDF).contains(&bytes[1]);
    if euc_kana_shape {
        *prev_hw = Some(0);
    }
    let utf16 = enc.is_utf16();
    match u {
        // ASCII text (tabs and line ends included) says UTF-16 when it decodes from unit pairs.
        0x09 | 0x0A | 0x0D | 0x20..=0x7E if utf16 => 0.5,
        0x09 | 0x0A | 0x0D | 0x20..=0x7E => 0.0,
        0x00..=0x1F | 0x7F..=0x9F => -2.0,
        0xA0..=0xFF => 0.0,
        0x100..=0x4FF => 0.1,
        0x500..=0x1FFF => -0.5,
        0x2000..=0x206F => 0.5,
        0x2070..=0x2BFF => 0.3,
        0x3000..=0x303F => 1.0 + utf8_bonus(enc, bytes),
        0x3041..=0x309F => 2.0 + utf8_bonus(enc, bytes),
        0x30A0..=0x30FF => 1.5 + utf8_bonus(enc, bytes),
        0x3200..=0x33FF => 0.5,
        0x3400..=0x4DBF => -0.3,
        0x4E00..=0x9FFF => {
            let base = match enc {
                Encoding::ShiftJis => {
                    if euc_kana_shape && hw == Some(0) {
                        0.3
                    } else if (0x88..=0x97).contains(&lead) {
                        1.2
                    } else {
                        0.4
                    }
                }
                Encoding::EucJp => {
                    if (0xB0..=0xCF).contains(&lead) {
                        1.2
                    } else {
                        0.4
                    }
                }
                _ => 1.0,
            };
            base + utf8_bonus(enc, bytes)
        }
        0xAC00..=0xD7AF => -0.5,
        0xE000..=0xF8FF => -1.0,
        0xFF01..=0xFF5E => 1.0 + utf8_bonus(enc, bytes),
        0xFF61..=0xFF9F => {
            // Half-width katakana: legacy Shift_JIS has it, but EUC-JP read as Shift_JIS is mostly
            // it. A voicing mark after a kana that takes one is the tell of real text.
            let b = u - 0xFF61 + 0xA1;
            let mut w = match enc {
                Encoding::ShiftJis => 0.2,
                Encoding::EucJp => 0.5,
                _ => 0.5 + utf8_bonus(enc, bytes),
            };
            if (b == 0xDE || b == 0xDF)
                && hw.is_some_and(|p| matches!(p, 0xB3 | 0xB6..=0xC4 | 0xCA..=0xCE))
            {
                w += 1.5;
            } else if b == 0xB0 && hw.is_some() {
                w += 0.3;
            }
            *prev_hw = Some(b as u8);
            w
        }
        0xFFF0..=0xFFFF => -2.0,
        _ => 0.0,
    }
}

/// Valid 3-byte UTF-8 is improbable by chance: a bonus that makes real UTF-8 win over the other
/// readings of the same bytes.
fn utf8_bonus(enc: Encoding, bytes: &[u8]) -> f32 {
    if enc == Encoding::Utf8 && bytes.len() == 3 {
        1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(e: Encoding, s: &str) -> Vec<u8> {
        match e {
            Encoding::Utf16Le => s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
            Encoding::Utf16Be => s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
            _ => e.codec().encode(s).0.into_owned(),
        }
    }

    fn sniffed(bytes: &[u8]) -> Encoding {
        match judge_head(bytes, true, None) {
            Head::Decided(v) => v.encoding,
            Head::Plain => Encoding::Utf8,
        }
    }

    #[test]
    fn short_inputs() {
        for e in [
            Encoding::ShiftJis,
            Encoding::EucJp,
            Encoding::Utf8,
            Encoding::Iso2022Jp,
        ] {
            for s in [
                "山田太郎 様",
                "氏名,電話番号\n山田太郎,090-1234-5678\n",
                "こんにちは",
                "ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞ",
                "東京都千代田区",
            ] {
                assert_eq!(sniffed(&enc(e, s)), e, "{s} as {e}");
            }
        }
        for e in [Encoding::Utf16Le, Encoding::Utf16Be] {
            for s in ["山田太郎,090-1234-5678\r\n", "電話：03-1234-5678"] {
                assert_eq!(sniffed(&enc(e, s)), e, "{s} as {e}");
            }
        }
    }

    #[test]
    fn binary() {
        let mut b = vec![0u8; 100];
        b.extend_from_slice(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02");
        assert!(matches!(
            judge_head(&b, true, None),
            Head::Decided(Verdict { binary: true, .. })
        ));
        // NULs alone are padding: a Shift_JIS roster with NULs after every row is text.
        let row = encoding_rs::SHIFT_JIS.encode("山田太郎,090-1234-5678\r\n").0.into_owned();
        let padded: Vec<u8> = (0..20).flat_map(|_| row.iter().copied().chain([0u8; 4])).collect();
        assert!(matches!(judge_head(&padded, true, None), Head::Decided(Verdict { binary: false, .. })));
        assert!(!looks_binary(&padded, Encoding::ShiftJis) && looks_binary(&[0u8; 64], Encoding::Utf8), "only NULs: nothing to read");
        // One control byte among the NULs and it is data again.
        let mut with_control = padded.clone();
        with_control[10] = 0x01;
        assert!(looks_binary(&with_control, Encoding::ShiftJis));
        assert!(matches!(
            judge_head(b"hello\n", true, None),
            Head::Decided(Verdict {
                binary: false,
                how: Detection::Default,
                ..
            })
        ));
    }
}
