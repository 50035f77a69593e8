//! Encodings: which one the input is in, how that was decided, and decoding with a map back to
//! the original byte offsets.

use std::borrow::Cow;
use std::ops::Range;

use encoding_rs::DecoderResult;
use serde::Serialize;

mod sniff;
pub(crate) mod walk;

pub(crate) use sniff::{
    bom_len_for, is_trigger, judge_deferred, judge_head, Head, Verdict, SNIFF_LEN,
};
use walk::{IsoMode, Pos, WalkState};

/// A text encoding jpii reads. Serialized with its WHATWG/IANA name (`Shift_JIS`, `EUC-JP`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Encoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    /// Shift_JIS as Windows code page 932 (NEC and IBM extensions included).
    #[serde(rename = "Shift_JIS")]
    ShiftJis,
    #[serde(rename = "EUC-JP")]
    EucJp,
    #[serde(rename = "ISO-2022-JP")]
    Iso2022Jp,
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
}

impl Encoding {
    /// Every supported encoding.
    pub const ALL: &'static [Encoding] = &[
        Encoding::Utf8,
        Encoding::ShiftJis,
        Encoding::EucJp,
        Encoding::Iso2022Jp,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
    ];

    /// The name used in reports (`UTF-8`, `Shift_JIS`, `EUC-JP`, `ISO-2022-JP`, `UTF-16LE`, `UTF-16BE`).
    pub const fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::ShiftJis => "Shift_JIS",
            Encoding::EucJp => "EUC-JP",
            Encoding::Iso2022Jp => "ISO-2022-JP",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }

    /// Parses a name, case-insensitively, with common aliases (`sjis`, `cp932`, `windows-31j`, `eucjp`, `jis`, `utf16le`…).
    ///
    /// ```
    /// use jpii::Encoding;
    /// assert_eq!(Encoding::from_name("cp932"), Some(Encoding::ShiftJis));
    /// assert_eq!(Encoding::from_name("latin1"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Encoding> {
        let n: String = name
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect::<String>()
            .to_ascii_lowercase();
        Some(match n.as_str() {
            "utf8" => Encoding::Utf8,
            "shiftjis" | "sjis" | "cp932" | "windows31j" | "ms932" | "mskanji" => {
                Encoding::ShiftJis
            }
            "eucjp" | "ujis" => Encoding::EucJp,
            "iso2022jp" | "jis" => Encoding::Iso2022Jp,
            "utf16le" | "utf16" => Encoding::Utf16Le,
            "utf16be" => Encoding::Utf16Be,
            _ => return None,
        })
    }

    /// UTF-16LE or UTF-16BE.
    pub(crate) const fn is_utf16(self) -> bool {
        matches!(self, Encoding::Utf16Le | Encoding::Utf16Be)
    }

    /// Plain ASCII bytes read as themselves.
    pub(crate) const fn is_ascii_compatible(self) -> bool {
        !self.is_utf16()
    }

    /// The `encoding_rs` codec.
    pub(crate) fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::ShiftJis => encoding_rs::SHIFT_JIS,
            Encoding::EucJp => encoding_rs::EUC_JP,
            Encoding::Iso2022Jp => encoding_rs::ISO_2022_JP,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
        }
    }
}

impl core::fmt::Display for Encoding {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// How the encoding was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Detection {
    /// A byte-order mark said so.
    Bom,
    /// The bytes were analysed.
    Sniffed,
    /// The caller said so.
    Forced,
    /// Nothing decided it (e.g. empty or pure ASCII input): UTF-8 assumed.
    Default,
}

/// The encoding of one input, as reported with its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EncodingInfo {
    /// The encoding the input was decoded with.
    pub encoding: Encoding,
    /// How it was chosen.
    pub how: Detection,
    /// Whether malformed byte sequences were met (they are replaced, and never stop the scan).
    pub malformed: bool,
}

/// Guesses the encoding of `bytes`: BOM, UTF-16 without BOM, valid UTF-8, ISO-2022-JP escape
/// sequences, then Shift_JIS (CP932) against EUC-JP by score. Pure ASCII (and empty input) is
/// UTF-8 with [`Detection::Default`]. This is the decision [`Scanner::scan_bytes`](crate::Scanner::scan_bytes)
/// and the streaming scans make.
///
/// ```
/// use jpii::encoding::sniff;
/// use jpii::{Detection, Encoding};
/// let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("氏名,電話番号\n山田太郎,090-1234-5678\n");
/// assert_eq!(sniff(&sjis), (Encoding::ShiftJis, Detection::Sniffed));
/// let (euc, _, _) = encoding_rs::EUC_JP.encode("山田太郎 様");
/// assert_eq!(sniff(&euc), (Encoding::EucJp, Detection::Sniffed));
/// assert_eq!(sniff(b"plain ascii"), (Encoding::Utf8, Detection::Default));
/// assert_eq!(sniff(b"\xff\xfe\x30\x00"), (Encoding::Utf16Le, Detection::Bom));
/// ```
pub fn sniff(bytes: &[u8]) -> (Encoding, Detection) {
    let p = plan(bytes, None);
    (p.verdict.encoding, p.verdict.how)
}

/// Whether `bytes` look like binary data rather than text (by the same rule as [`sniff`]): NUL
/// bytes outside UTF-16, or many control characters.
///
/// ```
/// assert!(jpii::encoding::is_binary(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"));
/// assert!(!jpii::encoding::is_binary("電話 03-1234-5678".as_bytes()));
/// ```
pub fn is_binary(bytes: &[u8]) -> bool {
    plan(bytes, None).binary_at.is_some()
}

/// How one whole input is to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    pub verdict: Verdict,
    /// Bytes of BOM to skip.
    pub bom_len: usize,
    /// Binary data starts here (0 when the head is binary; later when a plain-ASCII head is
    /// followed by binary data).
    #[cfg_attr(not(test), allow(dead_code))]
    pub binary_at: Option<usize>,
}

/// Decides how to read `bytes` (see the `sniff` module for the rule).
pub(crate) fn plan(bytes: &[u8], forced: Option<Encoding>) -> Plan {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    match judge_head(head, bytes.len() <= SNIFF_LEN, forced) {
        Head::Decided(v) => {
            let bom_len = bom_len_for(bytes, v.encoding);
            Plan {
                verdict: v,
                bom_len,
                binary_at: v.binary.then_some(0),
            }
        }
        Head::Plain => match bytes[SNIFF_LEN..].iter().position(|&b| is_trigger(b)) {
            None => Plan {
                verdict: Verdict {
                    encoding: Encoding::Utf8,
                    how: Detection::Default,
                    binary: false,
                },
                bom_len: 0,
                binary_at: None,
            },
            Some(i) => {
                let at = SNIFF_LEN + i;
                let end = bytes.len().min(at + SNIFF_LEN);
                let v = judge_deferred(&bytes[at..end], end == bytes.len());
                Plan {
                    verdict: v,
                    bom_len: 0,
                    binary_at: v.binary.then_some(at),
                }
            }
        },
    }
}

/// Bytes decoded per `encoding_rs` call; a checkpoint is recorded after each.
const BLOCK: usize = 8 * 1024;

/// Malformed byte sequences met while decoding.
#[derive(Clone, Debug, Default)]
pub(crate) struct Malformed {
    pub count: usize,
    /// Source offset of the first one.
    pub first: Option<usize>,
    /// The input ended inside a character.
    pub at_eof: bool,
    /// Source offsets of the first few (for the mixed-encoding check).
    pub samples: Vec<usize>,
}

impl Malformed {
    pub(crate) fn record(&mut self, at: usize) {
        self.count += 1;
        self.first.get_or_insert(at);
        if self.samples.len() < 8 {
            self.samples.push(at);
        }
    }
}

/// Maps offsets of the decoded text back to offsets of the source bytes.
#[derive(Clone, Debug)]
pub(crate) enum OffsetMap {
    /// The text is the source from this offset on, byte for byte (valid UTF-8, after any BOM).
    Shift(usize),
    /// Re-walk from the nearest checkpoint (sorted by `dst`; the first is the start of the text).
    Walk {
        enc: Encoding,
        checkpoints: Vec<Pos>,
    },
}

impl OffsetMap {
    /// The last checkpoint at or before decoded offset `d`.
    fn nearest(&self, d: usize) -> Pos {
        match self {
            OffsetMap::Shift(n) => Pos {
                src: n + d,
                dst: d,
                state: WalkState::default(),
            },
            OffsetMap::Walk { checkpoints, .. } => {
                let i = checkpoints.partition_point(|c| c.dst <= d);
                checkpoints
                    .get(i.saturating_sub(1))
                    .copied()
                    .unwrap_or_default()
            }
        }
    }
}

/// A cursor over an [`OffsetMap`]: mapping offsets in increasing order costs one walk over the
/// input in all; going back restarts from the nearest checkpoint.
pub(crate) struct Mapper<'a> {
    map: &'a OffsetMap,
    src: &'a [u8],
    text: &'a str,
    cur: Pos,
    /// The first checkpoint after the one last looked up: until an offset reaches it, the walk
    /// goes on from `cur` without a search of the checkpoints (two look-ups per finding).
    next: usize,
}

impl<'a> Mapper<'a> {
    pub(crate) fn new(map: &'a OffsetMap, src: &'a [u8], text: &'a str) -> Mapper<'a> {
        Mapper {
            map,
            src,
            text,
            cur: map.nearest(0),
            next: 0,
        }
    }

    fn go(&mut self, d: usize, skip_after: bool) -> usize {
        match self.map {
            OffsetMap::Shift(n) => (n + d).min(self.src.len()),
            OffsetMap::Walk { enc, checkpoints } => {
                // From the nearest checkpoint when `d` is behind `cur` or a checkpoint lies
                // between them (a shorter walk); else on from `cur`.
                if d < self.cur.dst || checkpoints.get(self.next).is_some_and(|c| c.dst <= d) {
                    let i = checkpoints.partition_point(|c| c.dst <= d);
                    let near = checkpoints.get(i.saturating_sub(1)).copied().unwrap_or_default();
                    if d < self.cur.dst || near.dst > self.cur.dst {
                        self.cur = near;
                    }
                    self.next = i;
                }
                self.cur = walk::walk(walk::Decoded { enc: *enc, src: self.src, src_base: 0, text: self.text, dst_base: 0, eof: true }, self.cur, d, skip_after);
                self.cur.src
            }
        }
    }

    /// Start of the character at `d`.
    pub(crate) fn start(&mut self, d: usize) -> usize {
        self.go(d, true)
    }

    /// End of the character that ends at `d`.
    pub(crate) fn end(&mut self, d: usize) -> usize {
        self.go(d, false)
    }

    /// A decoded range as a source range.
    pub(crate) fn span(&mut self, r: Range<usize>) -> Range<usize> {
        let s = self.start(r.start);
        if r.end <= r.start {
            return s..s;
        }
        let e = self.end(r.end);
        s..e.max(s)
    }
}

/// An input decoded to UTF-8, with the way back to its bytes.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    /// The input.
    pub source: &'a [u8],
    /// The decoded text (borrowed when the input is valid UTF-8).
    pub text: Cow<'a, str>,
    pub info: EncodingInfo,
    pub map: OffsetMap,
    /// The input looks binary.
    pub binary: bool,
    /// What the reader should know (malformed bytes, binary data, mixed encodings).
    pub notes: Vec<String>,
}

impl Decoded<'_> {
    /// A cursor for mapping many offsets in increasing order.
    pub(crate) fn mapper(&self) -> Mapper<'_> {
        Mapper::new(&self.map, self.source, &self.text)
    }
}

/// Decodes what is to be scanned: all of it if it is text or `scan_binary`, otherwise the text
/// before the binary data.
pub(crate) fn decode_for_scan(
    bytes: &[u8],
    forced: Option<Encoding>,
    scan_binary: bool,
) -> Decoded<'_> {
    let plan = plan(bytes, forced);
    let enc = plan.verdict.encoding;
    let end = match plan.binary_at {
        Some(at) if !scan_binary => at.max(plan.bom_len),
        _ => bytes.len(),
    };
    let start = plan.bom_len.min(end);
    let mut notes = Vec::new();
    // UTF-8 input is scanned in place once validated. simdutf8: std's validator walks Japanese
    // text (no ASCII fast path) at about 1 GB/s, and this check runs before a large input is
    // split among threads, so it was the largest sequential part of a multi-core scan.
    let valid_utf8 = if enc == Encoding::Utf8 { simdutf8::basic::from_utf8(&bytes[start..end]).ok() } else { None };
    let (text, map, malformed) =
        if let Some(t) = valid_utf8 {
            (
                Cow::Borrowed(t),
                OffsetMap::Shift(start),
                Malformed::default(),
            )
        } else {
            let (t, cps, m) = decode_range(bytes, enc, start, end);
            (
                Cow::Owned(t),
                OffsetMap::Walk {
                    enc,
                    checkpoints: cps,
                },
                m,
            )
        };
    if let Some(at) = plan.binary_at {
        notes.push(binary_note(at, scan_binary));
    }
    let mixed = malformed
        .samples
        .iter()
        .find_map(|&at| mixed_hint(enc, &bytes[..end], at))
        .map(|(l, o)| mixed_note(enc, l, o));
    notes.extend(malformed_notes(enc, &malformed, end, mixed));
    let info = EncodingInfo {
        encoding: enc,
        how: plan.verdict.how,
        malformed: malformed.count > 0,
    };
    Decoded {
        source: &bytes[..end],
        text,
        info,
        map,
        binary: plan.binary_at.is_some(),
        notes,
    }
}

/// The note for binary input.
pub(crate) fn binary_note(at: usize, scanned: bool) -> String {
    let what = if at == 0 {
        "the input looks binary".to_string()
    } else {
        format!("binary data from byte {at}")
    };
    if scanned {
        format!("{what} (NUL or control bytes); scanned anyway as requested")
    } else if at == 0 {
        format!("{what} (NUL or control bytes): not scanned (scan_binary scans it anyway)")
    } else {
        format!("{what} (NUL or control bytes): the text before it was scanned, the rest not (scan_binary scans it anyway)")
    }
}

/// Notes about malformed input: how much, where, whether the input (of `len` bytes) ends inside a
/// character, and `mixed` (see [`mixed_hint`]).
pub(crate) fn malformed_notes(
    enc: Encoding,
    m: &Malformed,
    len: usize,
    mixed: Option<String>,
) -> Vec<String> {
    let mut notes = Vec::new();
    let Some(first) = m.first else { return notes };
    let what = match enc {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            "malformed UTF-16 sequences (unpaired surrogates or an odd byte)".to_string()
        }
        _ => format!("malformed {enc} byte sequences"),
    };
    notes.push(format!(
        "{} {what}, the first at byte {first}: replaced with U+FFFD, the scan went on",
        m.count
    ));
    if m.at_eof {
        let why = if enc.is_utf16() && len % 2 == 1 {
            "an odd number of bytes"
        } else {
            "the input ends inside a character"
        };
        notes.push(format!("truncated input: {why}"));
    }
    notes.extend(mixed);
    notes
}

/// If the line holding the malformed byte at `at` is valid in another encoding: the line's start and
/// that encoding. The line is looked for within 256 bytes either side of `at`.
pub(crate) fn mixed_hint(enc: Encoding, bytes: &[u8], at: usize) -> Option<(usize, Encoding)> {
    if enc.is_utf16() || at >= bytes.len() {
        return None;
    }
    let lo = at.saturating_sub(256);
    let hi = (at + 256).min(bytes.len());
    let start = memchr::memrchr(b'\n', &bytes[lo..at]).map_or(lo, |i| lo + i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..hi]).map_or(hi, |i| at + i);
    let line = &bytes[start..end];
    [Encoding::Utf8, Encoding::ShiftJis, Encoding::EucJp]
        .into_iter()
        .find(|&other| {
            other != enc
                && line.iter().any(|&b| b >= 0x80)
                && sniff::score(other, line, true).errors == 0
        })
        .map(|other| (start, other))
}

/// The note for [`mixed_hint`]'s answer.
pub(crate) fn mixed_note(enc: Encoding, line_start: usize, other: Encoding) -> String {
    format!("mixed encodings suspected: the line at byte {line_start} is not valid {enc} but reads as {other}")
}

/// A clean place to end a decoder call at or after `pos + BLOCK`: a position where every decoder
/// holds no pending bytes, so a checkpoint there restarts the walk exactly. `base` is where the
/// text starts (after a BOM; UTF-16 code units are counted from there).
fn next_cut(enc: Encoding, bytes: &[u8], base: usize, pos: usize, end: usize) -> usize {
    let mut from = pos + BLOCK;
    while from < end {
        let to = end.min(from + BLOCK);
        let w = &bytes[from..to];
        let found = match enc {
            // After a LF nothing is pending; after any ASCII byte neither (UTF-8, EUC-JP trail
            // bytes are >= 0x80), nor after a byte below 0x40 in Shift_JIS (trail bytes >= 0x40).
            Encoding::Utf8 | Encoding::EucJp => memchr::memchr(b'\n', w)
                .or_else(|| w.iter().position(|&b| b < 0x80))
                .map(|i| from + i + 1),
            Encoding::ShiftJis => memchr::memchr(b'\n', w)
                .or_else(|| w.iter().position(|&b| b < 0x40))
                .map(|i| from + i + 1),
            // A LF leaves no lead byte pending, whatever the mode (the mode is recorded).
            Encoding::Iso2022Jp => memchr::memchr(b'\n', w).map(|i| from + i + 1),
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let mut c = from + ((from - base) & 1);
                let mut found = None;
                while c <= to && c >= base + 2 {
                    let u = [bytes[c - 2], bytes[c - 1]];
                    let u = if enc == Encoding::Utf16Le {
                        u16::from_le_bytes(u)
                    } else {
                        u16::from_be_bytes(u)
                    };
                    if !(0xD800..=0xDBFF).contains(&u) {
                        found = Some(c);
                        break;
                    }
                    c += 2;
                }
                found
            }
        };
        if let Some(c) = found {
            if c < end {
                return c;
            }
            return end;
        }
        from = to;
    }
    end
}

/// Decodes `bytes[start..end]` (the input ends at `end`) with checkpoints after each decoder call.
pub(crate) fn decode_range(
    bytes: &[u8],
    enc: Encoding,
    start: usize,
    end: usize,
) -> (String, Vec<Pos>, Malformed) {
    let mut dec = enc.codec().new_decoder_without_bom_handling();
    let n = end - start;
    let mut out = String::with_capacity(if enc.is_utf16() { n / 2 * 3 } else { n + n / 2 } + 16);
    let mut cps = vec![Pos {
        src: start,
        dst: 0,
        state: WalkState::default(),
    }];
    let mut malformed = Malformed::default();
    let mut mode = IsoMode::Ascii;
    let mut pos = start;
    loop {
        let cut = next_cut(enc, bytes, start, pos, end);
        let last = cut >= end;
        let mut p = pos;
        loop {
            let need = dec
                .max_utf8_buffer_length_without_replacement(cut - p)
                .unwrap_or(cut - p);
            out.reserve(need);
            let (res, read) =
                dec.decode_to_string_without_replacement(&bytes[p..cut], &mut out, last);
            p += read;
            match res {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => continue,
                DecoderResult::Malformed(bad, retained) => {
                    out.push('\u{FFFD}');
                    let at = p
                        .saturating_sub(bad as usize + retained as usize)
                        .max(start);
                    malformed.record(at);
                }
            }
        }
        if last {
            break;
        }
        if enc == Encoding::Iso2022Jp {
            mode = walk::iso_mode_before(bytes, pos, cut).unwrap_or(mode);
        }
        cps.push(Pos {
            src: cut,
            dst: out.len(),
            state: WalkState { mode, flag: false },
        });
        pos = cut;
    }
    if malformed.count > 0 {
        let from = cps.last().copied().unwrap_or_default();
        malformed.at_eof = ends_inside_char(enc, &bytes[..end], 0, &out, 0, from);
    }
    (out, cps, malformed)
}

/// Whether the input ends inside a character: walking from `from` as if more could follow, the
/// walk cannot reach the end. `src`/`text` start at absolute offsets `src_base`/`dst_base`.
pub(crate) fn ends_inside_char(
    enc: Encoding,
    src: &[u8],
    src_base: usize,
    text: &str,
    dst_base: usize,
    from: Pos,
) -> bool {
    let p = walk::walk(walk::Decoded { enc, src, src_base, text, dst_base, eof: false }, from, dst_base + text.len(), true);
    p.src < src_base + src.len()
}

/// The text of `bytes[span]` decoded as `encoding` (the original text of a finding).
///
/// For ISO-2022-JP the mode in force at `span.start` is taken from the escape sequences before it.
/// Out-of-range spans are clamped; malformed bytes become U+FFFD.
///
/// ```
/// use jpii::encoding::decode_span;
/// use jpii::Encoding;
/// let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("電話：090-1234-5678");
/// assert_eq!(decode_span(&sjis, Encoding::ShiftJis, 6..19), "090-1234-5678");
/// assert_eq!(decode_span(&sjis, Encoding::ShiftJis, 0..4), "電話");
/// ```
pub fn decode_span(bytes: &[u8], encoding: Encoding, span: Range<usize>) -> String {
    SpanDecoder::new(bytes, encoding).decode(span)
}

/// [`decode_span`] for many spans of one input, in increasing order (a report's findings): the
/// ISO-2022-JP mode in force at each span is carried forward from the previous span instead of
/// searched for back from the start, which made decoding every finding of a large file with few
/// escape sequences quadratic. Spans out of order still decode correctly (from the start).
///
/// ```
/// use jpii::encoding::SpanDecoder;
/// use jpii::{Encoding, Kind, Scanner};
/// let (jis, _, _) = encoding_rs::ISO_2022_JP.encode("山田太郎様 携帯 090-1234-5678\n鈴木花子様 携帯 080-2345-6789\n");
/// let report = Scanner::new().scan_bytes(&jis);
/// assert_eq!(report.encoding.encoding, Encoding::Iso2022Jp);
/// let mut spans = SpanDecoder::new(&jis, report.encoding.encoding);
/// let values: Vec<String> = report.findings.iter().map(|f| spans.decode(f.span.clone())).collect();
/// assert!(values.contains(&"鈴木花子".to_string()) && values.contains(&"080-2345-6789".to_string()), "{values:?}");
/// ```
pub struct SpanDecoder<'a> {
    bytes: &'a [u8],
    encoding: Encoding,
    /// The ISO-2022-JP mode in force at `at`.
    at: usize,
    mode: IsoMode,
}

impl<'a> SpanDecoder<'a> {
    pub fn new(bytes: &'a [u8], encoding: Encoding) -> SpanDecoder<'a> {
        SpanDecoder { bytes, encoding, at: 0, mode: IsoMode::Ascii }
    }

    /// The ISO-2022-JP mode in force at byte `s`: that of the last valid escape sequence ending
    /// before `s`. From the carried position, only escape sequences that can end after it are
    /// looked at (one starting up to two bytes before it was not complete there).
    pub(crate) fn mode_at(&mut self, s: usize) -> IsoMode {
        let mode = if s >= self.at {
            walk::iso_mode_before(self.bytes, self.at.saturating_sub(2), s).unwrap_or(self.mode)
        } else {
            walk::iso_mode_before(self.bytes, 0, s).unwrap_or(IsoMode::Ascii)
        };
        (self.at, self.mode) = (s, mode);
        mode
    }

    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    pub(crate) fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The text of `bytes[span]` (see [`decode_span`]).
    pub fn decode(&mut self, span: Range<usize>) -> String {
        let (bytes, encoding) = (self.bytes, self.encoding);
        let e = span.end.min(bytes.len());
        let s = span.start.min(e);
        let slice = &bytes[s..e];
        let mut owned;
        let mut input = slice;
        if encoding == Encoding::Iso2022Jp && !slice.starts_with(b"\x1b") {
            let mode = self.mode_at(s);
            if mode != IsoMode::Ascii {
                owned = walk::iso_escape(mode).to_vec();
                owned.extend_from_slice(slice);
                input = &owned;
            }
        }
        let mut dec = encoding.codec().new_decoder_without_bom_handling();
        let mut out = String::with_capacity(dec.max_utf8_buffer_length(input.len()).unwrap_or(input.len()) + 4);
        let _ = dec.decode_to_string(input, &mut out, true);
        out
    }
}

/// The character that ends a line of `bytes`, as the low byte of its code unit: `\n`, or `\r` in
/// a text without any `\n` (classic Mac OS line ends; the scan reads them so too). In the
/// encodings read here neither byte occurs inside another character.
///
/// ```
/// use jpii::{encoding::line_break, Encoding};
/// assert_eq!(line_break(b"a\r\nb", Encoding::Utf8), b'\n');
/// assert_eq!(line_break(b"a\rb\r", Encoding::ShiftJis), b'\r');
/// ```
pub fn line_break(bytes: &[u8], encoding: Encoding) -> u8 {
    let has = |c: u8| match encoding {
        Encoding::Utf16Le => bytes.chunks_exact(2).any(|u| u == [c, 0]),
        Encoding::Utf16Be => bytes.chunks_exact(2).any(|u| u == [0, c]),
        _ => memchr::memchr(c, bytes).is_some(),
    };
    if !has(b'\n') && has(b'\r') {
        b'\r'
    } else {
        b'\n'
    }
}

/// [`line_column`] of many offsets in one pass over the input (offsets in any order): what a
/// report of thousands of findings in a large file needs, where calling [`line_column`] per
/// finding would walk the input from the start each time.
///
/// ```
/// use jpii::encoding::{line_column, line_columns};
/// use jpii::Encoding;
/// let text = "一行目\n電話 090-1234-5678\nメール a@b.jp";
/// let offs = [text.find("a@").unwrap(), text.find("090").unwrap(), 0];
/// let each: Vec<_> = offs.iter().map(|&o| line_column(text.as_bytes(), Encoding::Utf8, o)).collect();
/// assert_eq!(line_columns(text.as_bytes(), Encoding::Utf8, &offs), each);
/// ```
pub fn line_columns(bytes: &[u8], encoding: Encoding, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let base = bom_len_for(bytes, encoding);
    let mut out = vec![(1, 1); offsets.len()];
    let (mut pos, mut line, mut line_start) = (base, 1usize, base);
    let nl = line_break(bytes, encoding);
    let lf: Option<[u8; 2]> = match encoding {
        Encoding::Utf16Le => Some([nl, 0x00]),
        Encoding::Utf16Be => Some([0x00, nl]),
        _ => None,
    };
    // Line starts only move forward: one decoder carries the ISO-2022-JP mode along.
    let mut spans = SpanDecoder::new(bytes, encoding);
    for i in order {
        let offset = offsets[i].min(bytes.len());
        if offset < base {
            out[i] = line_column(bytes, encoding, offset);
            continue;
        }
        match lf {
            Some(lf) => {
                while pos + 2 <= offset {
                    if bytes[pos..pos + 2] == lf {
                        line += 1;
                        line_start = pos + 2;
                    }
                    pos += 2;
                }
            }
            None => {
                if offset > pos {
                    let region = &bytes[pos..offset];
                    line += memchr::memchr_iter(nl, region).count();
                    if let Some(k) = memchr::memrchr(nl, region) {
                        line_start = pos + k + 1;
                    }
                    pos = offset;
                }
            }
        }
        let column = spans.decode(line_start..offset).chars().count() + 1;
        out[i] = (line, column);
    }
    out
}

/// 1-based line and 1-based column (in characters) of byte `offset` of `bytes` read as `encoding`.
/// Lines end at LF (a LF code unit in UTF-16); a BOM is not a character.
///
/// ```
/// use jpii::encoding::line_column;
/// use jpii::Encoding;
/// let text = "一行目\n電話 090-1234-5678";
/// let off = text.find("090").unwrap();
/// assert_eq!(line_column(text.as_bytes(), Encoding::Utf8, off), (2, 4));
/// let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
/// assert_eq!(line_column(&utf16, Encoding::Utf16Le, 2 + 2 * 7), (2, 4));
/// ```
pub fn line_column(bytes: &[u8], encoding: Encoding, offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let base = bom_len_for(bytes, encoding).min(offset);
    let mut line = 1;
    let mut line_start = base;
    let nl = line_break(bytes, encoding);
    if encoding.is_utf16() {
        let lf: [u8; 2] = if encoding == Encoding::Utf16Le {
            [nl, 0x00]
        } else {
            [0x00, nl]
        };
        let mut i = base;
        while i + 2 <= offset {
            if bytes[i..i + 2] == lf {
                line += 1;
                line_start = i + 2;
            }
            i += 2;
        }
    } else {
        let region = &bytes[base..offset];
        line += memchr::memchr_iter(nl, region).count();
        if let Some(i) = memchr::memrchr(nl, region) {
            line_start = base + i + 1;
        }
    }
    let column = decode_span(bytes, encoding, line_start..offset)
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A cursor mapping spans in any order (several 8 KB checkpoints apart, backwards too)
        /// gives what a fresh cursor gives for each span alone.
        #[test]
        fn a_mapper_in_any_order_equals_a_fresh_one(spans in proptest::collection::vec((0usize..40_000, 1usize..60), 1..40), enc in 0usize..4) {
            let enc = [Encoding::ShiftJis, Encoding::EucJp, Encoding::Utf16Le, Encoding::Iso2022Jp][enc];
            let line = "山田太郎,ヤマダ タロウ,03-1234-5678,東京都千代田区千代田1-1\n";
            let text = line.repeat(40_000 / line.len() + 1);
            let bytes: Vec<u8> = match enc {
                Encoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
                _ => enc.codec().encode(&text).0.into_owned(),
            };
            let decoded = decode_for_scan(&bytes, Some(enc), false);
            proptest::prop_assert!(*decoded.text == text);
            let mut cursor = decoded.mapper();
            for (at, len) in spans {
                let start = crate::context::floor_boundary(&decoded.text, at.min(decoded.text.len()));
                let end = crate::context::floor_boundary(&decoded.text, (start + len).min(decoded.text.len()));
                let got = cursor.span(start..end);
                proptest::prop_assert_eq!(got, decoded.mapper().span(start..end), "{:?} at {}..{}", enc, start, end);
            }
        }
    }
}
