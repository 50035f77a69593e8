//! Walking the original bytes in step with the decoded text.
//!
//! `encoding_rs` decodes; this module answers the one question it does not: *which source bytes
//! produced the character at decoded offset `d`?* It reproduces, for each of the six encodings, how
//! the WHATWG decoders (which `encoding_rs` implements exactly) consume bytes per output character,
//! including malformed sequences (one U+FFFD per error, with the bytes the standard "restores"
//! re-read as the next character) and ISO-2022-JP escape sequences (bytes with no output).
//!
//! The walk runs in lock-step with the decoded text: where a Shift_JIS or EUC-JP pair may or may not
//! be in the index (the decision between a 2-byte character and a 1-byte error with the trail byte
//! re-read), the decoded text says which (a U+FFFD there means the pair was not mapped; no index
//! entry maps to U+FFFD). So the walker needs no tables and cannot drift from the decoder on
//! well-formed input. `tests::walk_matches_encoding_rs` checks it against `encoding_rs` on random
//! bytes: every character boundary it reports is one where decoding the source prefix gives exactly
//! the decoded-text prefix.

use super::Encoding;

/// The ISO-2022-JP mode (the only decoder state that survives a character boundary).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum IsoMode {
    #[default]
    Ascii,
    Roman,
    Katakana,
    Jis,
}

/// Decoder state at a character boundary. Only ISO-2022-JP has any.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct WalkState {
    pub mode: IsoMode,
    /// ISO-2022-JP "output flag": an escape sequence was the last thing read (a second one in a row
    /// is an error).
    pub flag: bool,
}

/// One step of the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// The next decoded character came from `src[pos..end]`.
    Char(usize),
    /// `src[pos..end]` produced no output (an ISO-2022-JP escape sequence).
    Skip(usize),
    /// More bytes are needed to know (only when not at the end of the input).
    NeedMore,
    /// No bytes left.
    End,
}

/// A position in the walk: source offset, decoded offset, decoder state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    pub src: usize,
    pub dst: usize,
    pub state: WalkState,
}

/// The ISO-2022-JP mode an escape sequence `ESC b1 b2` selects, if it is a valid one.
pub(crate) fn iso_designation(b1: u8, b2: u8) -> Option<IsoMode> {
    match (b1, b2) {
        (0x28, 0x42) => Some(IsoMode::Ascii),
        (0x28, 0x4A) => Some(IsoMode::Roman),
        (0x28, 0x49) => Some(IsoMode::Katakana),
        (0x24, 0x40) | (0x24, 0x42) => Some(IsoMode::Jis),
        _ => None,
    }
}

/// The escape sequence that selects `mode`.
pub(crate) fn iso_escape(mode: IsoMode) -> &'static [u8] {
    match mode {
        IsoMode::Ascii => b"\x1b(B",
        IsoMode::Roman => b"\x1b(J",
        IsoMode::Katakana => b"\x1b(I",
        IsoMode::Jis => b"\x1b$B",
    }
}

/// The ISO-2022-JP mode in force at `at`, found from the last valid escape sequence in
/// `bytes[from..at]` (`None` when there is none there). Every ESC byte starts an escape sequence
/// whatever the state, and an invalid one leaves the mode unchanged, so the last valid one decides.
pub(crate) fn iso_mode_before(bytes: &[u8], from: usize, at: usize) -> Option<IsoMode> {
    let at = at.min(bytes.len());
    let from = from.min(at);
    let mut end = at;
    while let Some(i) = memchr::memrchr(0x1B, &bytes[from..end]) {
        let i = from + i;
        if i + 2 < at {
            if let Some(m) = iso_designation(bytes[i + 1], bytes[i + 2]) {
                return Some(m);
            }
        }
        end = i;
    }
    None
}

/// One step of the walk at `pos`. `next_is_fffd`: the next decoded character is U+FFFD.
/// `eof`: `src` ends where the input ends (otherwise more bytes may follow).
pub(crate) fn step(
    enc: Encoding,
    st: &mut WalkState,
    src: &[u8],
    pos: usize,
    eof: bool,
    next_is_fffd: bool,
) -> Step {
    let Some(&b) = src.get(pos) else {
        return if eof { Step::End } else { Step::NeedMore };
    };
    let at = |i: usize| src.get(pos + i).copied();
    // A byte needed at `pos + i` is missing: an error covering what was read (at the end), or wait.
    let missing = |consumed: usize| {
        if eof {
            Step::Char(pos + consumed)
        } else {
            Step::NeedMore
        }
    };
    match enc {
        Encoding::Utf8 => {
            let (needed, mut lo, mut hi) = match b {
                0x00..=0x7F => return Step::Char(pos + 1),
                0xC2..=0xDF => (1, 0x80, 0xBF),
                0xE0 => (2, 0xA0, 0xBF),
                0xED => (2, 0x80, 0x9F),
                0xE1..=0xEF => (2, 0x80, 0xBF),
                0xF0 => (3, 0x90, 0xBF),
                0xF4 => (3, 0x80, 0x8F),
                0xF1..=0xF3 => (3, 0x80, 0xBF),
                _ => return Step::Char(pos + 1),
            };
            for i in 1..=needed {
                match at(i) {
                    None => return missing(i),
                    Some(c) if c < lo || c > hi => return Step::Char(pos + i),
                    Some(_) => {}
                }
                lo = 0x80;
                hi = 0xBF;
            }
            Step::Char(pos + needed + 1)
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let be = enc == Encoding::Utf16Be;
            let unit = |i: usize| -> Option<u16> {
                let (x, y) = (at(i)?, at(i + 1)?);
                Some(if be {
                    u16::from_be_bytes([x, y])
                } else {
                    u16::from_le_bytes([x, y])
                })
            };
            let Some(u) = unit(0) else {
                return missing(src.len() - pos);
            };
            match u {
                0xDC00..=0xDFFF => Step::Char(pos + 2),
                0xD800..=0xDBFF => match unit(2) {
                    // At the end, the lone lead surrogate and any odd byte make one error.
                    None => missing(src.len() - pos),
                    Some(0xDC00..=0xDFFF) => Step::Char(pos + 4),
                    Some(_) => Step::Char(pos + 2),
                },
                _ => Step::Char(pos + 2),
            }
        }
        Encoding::ShiftJis => match b {
            0x00..=0x80 | 0xA1..=0xDF => Step::Char(pos + 1),
            0x81..=0x9F | 0xE0..=0xFC => match at(1) {
                None => missing(1),
                Some(t) if next_is_fffd && t < 0x80 => Step::Char(pos + 1),
                Some(_) => Step::Char(pos + 2),
            },
            _ => Step::Char(pos + 1),
        },
        Encoding::EucJp => match b {
            0x00..=0x7F => Step::Char(pos + 1),
            0x8E | 0xA1..=0xFE => match at(1) {
                None => missing(1),
                Some(t) if next_is_fffd && t < 0x80 => Step::Char(pos + 1),
                Some(_) => Step::Char(pos + 2),
            },
            0x8F => match at(1) {
                None => missing(1),
                Some(0xA1..=0xFE) => match at(2) {
                    None => missing(2),
                    Some(t) if next_is_fffd && t < 0x80 => Step::Char(pos + 2),
                    Some(_) => Step::Char(pos + 3),
                },
                Some(t) if t < 0x80 => Step::Char(pos + 1),
                Some(_) => Step::Char(pos + 2),
            },
            _ => Step::Char(pos + 1),
        },
        Encoding::Iso2022Jp => {
            if b == 0x1B {
                let Some(b1) = at(1) else {
                    if !eof {
                        return Step::NeedMore;
                    }
                    st.flag = false;
                    return Step::Char(pos + 1);
                };
                if b1 == 0x24 || b1 == 0x28 {
                    let Some(b2) = at(2) else {
                        if !eof {
                            return Step::NeedMore;
                        }
                        st.flag = false;
                        return Step::Char(pos + 1);
                    };
                    if let Some(m) = iso_designation(b1, b2) {
                        st.mode = m;
                        let was = st.flag;
                        st.flag = true;
                        return if was {
                            Step::Char(pos + 3)
                        } else {
                            Step::Skip(pos + 3)
                        };
                    }
                }
                // Invalid escape: the ESC is the error, the bytes after it are read again.
                st.flag = false;
                return Step::Char(pos + 1);
            }
            st.flag = false;
            match st.mode {
                IsoMode::Ascii | IsoMode::Roman | IsoMode::Katakana => Step::Char(pos + 1),
                IsoMode::Jis => {
                    if !(0x21..=0x7E).contains(&b) {
                        return Step::Char(pos + 1);
                    }
                    match at(1) {
                        None => missing(1),
                        // The lead byte is the error; ESC starts an escape sequence.
                        Some(0x1B) => Step::Char(pos + 1),
                        Some(_) => Step::Char(pos + 2),
                    }
                }
            }
        }
    }
}

/// What a walk moves through: `src` holds the source bytes (in `enc`) from absolute offset
/// `src_base`, `text` the decoded text from absolute decoded offset `dst_base`; `eof`: nothing
/// follows `src`.
#[derive(Clone, Copy)]
pub(crate) struct Decoded<'a> {
    pub enc: Encoding,
    pub src: &'a [u8],
    pub src_base: usize,
    pub text: &'a str,
    pub dst_base: usize,
    pub eof: bool,
}

/// Walks from `from` (absolute offsets) until the decoded offset reaches `target`.
///
/// With `skip_after`, zero-output bytes (ISO-2022-JP escape sequences) right after the target are
/// consumed too, so that a span's start points at the first byte of its first character. Never
/// panics: on inconsistent input it stops where it can.
pub(crate) fn walk(d: Decoded, from: Pos, target: usize, skip_after: bool) -> Pos {
    let Decoded { enc, src, src_base, text, dst_base, eof } = d;
    let mut p = from;
    let tb = text.as_bytes();
    loop {
        if p.dst < target {
            let (si, di) = fast_run(enc, src, p.src.wrapping_sub(src_base), tb, p.dst.wrapping_sub(dst_base), target.wrapping_sub(dst_base));
            p.src = src_base.wrapping_add(si);
            p.dst = dst_base.wrapping_add(di);
        }
        let di = p.dst.wrapping_sub(dst_base);
        let next = text.get(di..).and_then(|t| t.chars().next());
        if p.dst >= target {
            if !skip_after || enc != Encoding::Iso2022Jp {
                return p;
            }
            let mut st = p.state;
            match step(
                enc,
                &mut st,
                src,
                p.src.wrapping_sub(src_base),
                eof,
                next == Some('\u{FFFD}'),
            ) {
                Step::Skip(end) => {
                    p.src = src_base + end;
                    p.state = st;
                    continue;
                }
                _ => return p,
            }
        }
        let Some(c) = next else { return p };
        let mut st = p.state;
        match step(
            enc,
            &mut st,
            src,
            p.src.wrapping_sub(src_base),
            eof,
            c == '\u{FFFD}',
        ) {
            Step::Char(end) => {
                p.src = src_base + end;
                p.dst += c.len_utf8();
                p.state = st;
            }
            Step::Skip(end) => {
                p.src = src_base + end;
                p.state = st;
            }
            Step::NeedMore | Step::End => return p,
        }
    }
}

/// The walk through the characters whose source length the source's first byte tells (ASCII,
/// Shift_JIS pairs and half-width katakana, EUC-JP pairs, UTF-16 units outside the surrogates;
/// in UTF-8 that needed a walk, its ASCII):
/// most of a Japanese text, without [`step`]'s general rules or decoding each character (the
/// decoded text's first byte gives its length). It stops at anything else (a U+FFFD, whose source
/// length depends on the byte after it; EUC-JP's 3-byte `8F`; a surrogate; a character cut by the
/// end of `src`), where `step` takes over. `si`, `di`: offsets in `src` and `tb`; returns them
/// where it stopped, at or past `dst_end` or before such a character.
fn fast_run(enc: Encoding, src: &[u8], si: usize, tb: &[u8], di: usize, dst_end: usize) -> (usize, usize) {
    // One loop per encoding, so that the encoding is not asked per character. Each closure gives
    // the source length of the character at `src[si..]` whose text starts with the byte `t0`, if
    // it is one of the easy ones (`si` is in bounds).
    match enc {
        Encoding::ShiftJis => fast_loop(src, si, tb, di, dst_end, |src, si, t0| match src[si] {
            s0 @ 0x00..=0x7F => (s0 == t0).then_some(1),
            0xA1..=0xDF => Some(1),
            0x81..=0x9F | 0xE0..=0xFC => (si + 1 < src.len()).then_some(2),
            _ => None,
        }),
        Encoding::EucJp => fast_loop(src, si, tb, di, dst_end, |src, si, t0| match src[si] {
            s0 @ 0x00..=0x7F => (s0 == t0).then_some(1),
            0x8E | 0xA1..=0xFE => (si + 1 < src.len()).then_some(2),
            _ => None,
        }),
        // UTF-8 is walked only where it had malformed bytes: ASCII maps one to one.
        Encoding::Utf8 => fast_loop(src, si, tb, di, dst_end, |src, si, t0| (src[si] == t0 && t0 < 0x80).then_some(1)),
        // A unit outside the surrogates (D8–DF in its high byte) is one character.
        Encoding::Utf16Le => fast_loop(src, si, tb, di, dst_end, |src, si, _| src.get(si + 1).filter(|&&hi| !(0xD8..=0xDF).contains(&hi)).map(|_| 2)),
        Encoding::Utf16Be => fast_loop(src, si, tb, di, dst_end, |src, si, _| (si + 1 < src.len() && !(0xD8..=0xDF).contains(&src[si])).then_some(2)),
        // Its decoder has a state: `step` walks it.
        Encoding::Iso2022Jp => (si, di),
    }
}

/// The loop of [`fast_run`], with `src_len` for one encoding.
#[inline(always)]
fn fast_loop(src: &[u8], mut si: usize, tb: &[u8], mut di: usize, dst_end: usize, src_len: impl Fn(&[u8], usize, u8) -> Option<usize>) -> (usize, usize) {
    while di < dst_end && si < src.len() {
        let Some(&t0) = tb.get(di) else { break };
        let text_len = match t0 {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            // U+FFFD (EF BF BD): an error, which `step` sizes.
            0xEF if tb.get(di + 1..di + 3) == Some(&[0xBF, 0xBD]) => break,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => break,
        };
        let Some(n) = src_len(src, si, t0) else { break };
        si += n;
        di += text_len;
    }
    (si, di)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Decodes `bytes` as a whole (end of input at the end), the way `scan_bytes` does.
    fn full(enc: Encoding, bytes: &[u8]) -> String {
        let mut d = enc.codec().new_decoder_without_bom_handling();
        let mut s = String::with_capacity(d.max_utf8_buffer_length(bytes.len()).unwrap_or(0) + 16);
        let _ = d.decode_to_string(bytes, &mut s, true);
        s
    }

    /// Every boundary the walker reports must be a place where decoding the source prefix gives the
    /// decoded-text prefix, and the walk must cover all bytes and all text.
    fn check(enc: Encoding, bytes: &[u8]) {
        let text = full(enc, bytes);
        let mut p = Pos::default();
        let mut guard = 0;
        loop {
            guard += 1;
            assert!(guard < 10_000);
            let next = text[p.dst..].chars().next();
            let mut st = p.state;
            match step(enc, &mut st, bytes, p.src, true, next == Some('\u{FFFD}')) {
                Step::Char(end) => {
                    let c = next.unwrap_or_else(|| {
                        panic!(
                            "{enc:?} {bytes:02X?}: walker has a char past the text at {}",
                            p.src
                        )
                    });
                    assert!(end > p.src);
                    p = Pos {
                        src: end,
                        dst: p.dst + c.len_utf8(),
                        state: st,
                    };
                }
                Step::Skip(end) => {
                    assert!(end > p.src);
                    p = Pos {
                        src: end,
                        dst: p.dst,
                        state: st,
                    };
                }
                Step::End => break,
                Step::NeedMore => panic!("NeedMore at eof"),
            }
            assert_eq!(
                full(enc, &bytes[..p.src]),
                text[..p.dst],
                "{enc:?} {bytes:02X?} boundary src={} dst={}",
                p.src,
                p.dst
            );
        }
        assert_eq!(p.src, bytes.len(), "{enc:?} {bytes:02X?}");
        assert_eq!(p.dst, text.len(), "{enc:?} {bytes:02X?}");
    }

    /// Bytes biased towards the interesting ones for each encoding.
    fn interesting() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            any::<u8>(),
            Just(0x1Bu8),
            Just(b'$'),
            Just(b'('),
            Just(b'B'),
            Just(b'@'),
            Just(b'J'),
            Just(b'I'),
            Just(b'\n'),
            Just(0x00),
            0x21u8..0x7F,
            0x80u8..0xA0,
            0xA1u8..0xFF,
            0xD8u8..0xE0,
        ];
        proptest::collection::vec(byte, 0..40)
    }

    /// `walk` (with its fast runs) to every decoded offset of `bytes` lands where stepping
    /// character by character with [`step`] first reaches it: at the end of the input (`eof`) and,
    /// for a chunk cut anywhere, before the bytes that need more.
    fn check_walk(enc: Encoding, bytes: &[u8], eof: bool) {
        let text = if eof {
            full(enc, bytes)
        } else {
            let mut d = enc.codec().new_decoder_without_bom_handling();
            let mut s = String::with_capacity(d.max_utf8_buffer_length(bytes.len()).unwrap_or(0) + 16);
            let _ = d.decode_to_string(bytes, &mut s, false);
            s
        };
        // The reference: every boundary, by steps.
        let mut bounds = vec![Pos::default()];
        let mut p = Pos::default();
        loop {
            let next = text[p.dst..].chars().next();
            let mut st = p.state;
            match step(enc, &mut st, bytes, p.src, eof, next == Some('\u{FFFD}')) {
                Step::Char(end) => match next {
                    Some(c) => p = Pos { src: end, dst: p.dst + c.len_utf8(), state: st },
                    None => break,
                },
                Step::Skip(end) => p = Pos { src: end, dst: p.dst, state: st },
                Step::NeedMore | Step::End => break,
            }
            bounds.push(p);
        }
        for target in 0..=text.len() {
            let want = bounds.iter().find(|b| b.dst >= target).or(bounds.last()).copied().unwrap_or_default();
            let got = walk(Decoded { enc, src: bytes, src_base: 0, text: &text, dst_base: 0, eof }, Pos::default(), target, false);
            assert_eq!(got, want, "{enc:?} eof={eof} {bytes:02X?} target {target}");
        }
    }

    /// Japanese text in every encoding, cut anywhere: mostly the characters the fast runs take.
    fn japanese() -> impl Strategy<Value = String> {
        "([a-z0-9,\\n ]|山田|太郎|東京都|千代田区|ｱｲｳﾞ|①|〜|－|￥|😀|\u{FFFD}|髙|\u{00A2}){0,30}"
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn walk_matches_encoding_rs(bytes in interesting()) {
            for &enc in Encoding::ALL {
                check(enc, &bytes);
                check_walk(enc, &bytes, true);
                check_walk(enc, &bytes, false);
            }
        }
    }

    proptest! {
        #[test]
        fn walk_matches_steps_on_encoded_japanese(text in japanese(), cut in 0usize..200) {
            for &enc in Encoding::ALL {
                let bytes: Vec<u8> = match enc {
                    Encoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
                    Encoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
                    _ => enc.codec().encode(&text).0.into_owned(),
                };
                check_walk(enc, &bytes, true);
                check_walk(enc, &bytes[..cut.min(bytes.len())], false);
            }
        }
    }

    #[test]
    fn known_cases() {
        let cases: &[&[u8]] = &[
            b"\x1b$B\x1b(B",
            b"\x1b$B$\"\x1b$B$\"\x1b(B",
            b"\x1b$B$\x1b(Babc",
            b"\x1b$\n",
            b"\x1b$",
            b"\x1b",
            b"\x1b(Ia\x1b(Jab\\~",
            b"\x82\xa0\x82",
            b"\x82\x31\x8f\xa1\x31\x8f\x31",
            b"\xed\xa0\x80\xf0\x9f\x98",
            b"\x00\xd8\x00\xdc\x00\xd8a\x00\x00",
            b"\xa4\xa2\x8e\xb1\x8e\x31\x8f\xb0\xa1",
        ];
        for c in cases {
            for &enc in Encoding::ALL {
                check(enc, c);
            }
        }
    }

    #[test]
    fn iso_mode_lookback() {
        let b = b"ab\x1b$B$\"\x1b(x\n";
        assert_eq!(iso_mode_before(b, 0, b.len()), Some(IsoMode::Jis));
        assert_eq!(iso_mode_before(b, 0, 4), None);
        assert_eq!(iso_mode_before(b, 3, b.len()), None);
    }
}
