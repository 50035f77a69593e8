//! Streaming scans in fixed memory: [`Scanner::stream`] (push) and [`Scanner::scan_reader`] (pull).
//!
//! The bytes go through the same decision as [`Scanner::scan_bytes`] (see `encoding::sniff`: the
//! first 64 KiB, or 64 KiB from the first non-ASCII byte), an incremental decoder, and a window of
//! decoded text. The window is scanned in overlapping pieces: each scan covers whole lines, reaches
//! at least [`OVERLAP`] bytes before and after the region it *owns*, and keeps only the findings
//! that start in that region. No candidate spans a line break and no context look-up reaches
//! further than `MAX_CONTEXT_BYTES`, so every finding is found exactly once, with the same span,
//! score and reasons as in one scan of the whole text. The source bytes of the window are kept
//! beside it, and spans are mapped back by walking them (`encoding::walk`).
//!
//! Memory: the window holds about [`CHUNK`] + 2 × [`OVERLAP`] bytes of text plus the rest of its
//! last line; a line longer than [`WINDOW_CAP`] is cut at a character boundary (with a note: a value
//! spanning such a cut may be missed).

use std::io::Read;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::encoding::walk::{self, Pos};
use crate::encoding::{self, Detection, Encoding, EncodingInfo, Head, Malformed, SNIFF_LEN};
use crate::engine::{Engine, MAX_CONTEXT_BYTES, MAX_MATCH_BYTES};
use crate::finding::Finding;
use crate::scanner::Scanner;
use crate::table::{TableState, TableSummary};
use crate::Error;

/// Text before and after an owned region that every chunked scan includes.
pub(crate) const OVERLAP: usize = MAX_CONTEXT_BYTES + MAX_MATCH_BYTES;
/// New text per scan of a stream.
pub(crate) const CHUNK: usize = 256 * 1024;
/// Carried text beyond which a line without a break is cut.
pub(crate) const WINDOW_CAP: usize = 4 * 1024 * 1024;
/// Read size of [`Scanner::scan_reader`].
const READ_BUF: usize = 64 * 1024;
/// Fewest bytes [`Scanner::scan_reader`] hands to one feed before the end of the input.
const MIN_FEED: usize = 16 * 1024;

/// How a stream ended: the findings not yet returned by [`ScanStream::feed`], and what was learned
/// about the input.
#[derive(Clone, Debug, Serialize)]
pub struct StreamEnd {
    /// Findings not returned before (always empty from [`Scanner::scan_reader`], which hands every
    /// finding to its callback).
    pub findings: Vec<Finding>,
    /// The encoding the input was read as, and how it was chosen.
    pub encoding: EncodingInfo,
    /// The input looked binary.
    pub binary: bool,
    /// Binary input was scanned anyway.
    pub scanned_binary: bool,
    /// Delimited tables recognised in the input.
    pub tables: Vec<TableSummary>,
    /// Things the reader should know (malformed bytes, binary data, lines cut).
    pub notes: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Collecting the first [`SNIFF_LEN`] bytes.
    Head,
    /// The head was plain ASCII: passing plain ASCII through until a trigger byte.
    Plain,
    /// A trigger byte came: collecting [`SNIFF_LEN`] bytes from it.
    Deferred,
    /// Decoding with the chosen encoding.
    Decoding,
    /// Binary data not to be scanned: the rest is ignored.
    Stopped,
}

/// A push scanner: give it the input in pieces of any size with [`feed`](Self::feed), get findings
/// as soon as they are final, and [`finish`](Self::finish) at the end. Spans are absolute byte
/// offsets in the whole input, identical to [`Scanner::scan_bytes`] on the concatenation.
///
/// ```
/// use jpii::{Kind, Scanner};
/// let scanner = Scanner::new();
/// let mut stream = scanner.stream();
/// let mut findings = Vec::new();
/// for piece in ["電話：090-12", "34-5678\n"] {
///     findings.extend(stream.feed(piece.as_bytes()));
/// }
/// let end = stream.finish();
/// findings.extend(end.findings);
/// assert_eq!(findings.len(), 1);
/// assert_eq!(findings[0].span, 9..22);
/// ```
#[derive(Debug)]
pub struct ScanStream {
    engine: Arc<Engine>,
    phase: Phase,
    /// Raw bytes not yet given to the decoder (the head, or the deferred window).
    pending: Vec<u8>,
    /// Absolute offset of `pending[0]`.
    pending_at: usize,
    /// Bytes received so far.
    received: usize,
    enc: Encoding,
    how: Detection,
    decoder: Option<encoding_rs::Decoder>,
    /// Source bytes of the window, from absolute offset `src_base`.
    src: Vec<u8>,
    src_base: usize,
    /// Decoded text of the window, from absolute decoded offset `dst_base` (a line start).
    text: String,
    dst_base: usize,
    /// Where the text starts in the source (after a BOM).
    text_start: usize,
    /// Walk position at (`src_base`, `dst_base`).
    base: Pos,
    /// Mapping cursor.
    cursor: Pos,
    /// Findings starting before this decoded offset have been returned.
    owned_from: usize,
    table: TableState,
    malformed: Malformed,
    /// Malformed samples whose mixed-encoding check waits for more bytes.
    mixed_pending: Vec<usize>,
    mixed: Option<String>,
    binary_at: Option<usize>,
    /// New text per scan, and the window size over which a line is cut.
    chunk: usize,
    cap: usize,
    /// Lines cut for length: count and first decoded offset.
    cuts: usize,
    first_cut: Option<usize>,
}

impl Scanner {
    /// Starts a streaming scan (see [`ScanStream`]).
    pub fn stream(&self) -> ScanStream {
        ScanStream::new(self.engine.clone())
    }

    /// Scans a reader of any size in fixed memory, handing each finding to `on_finding` as soon as
    /// it is final. Spans are absolute byte offsets, identical to [`Scanner::scan_bytes`] on the
    /// whole input. The returned [`StreamEnd`] has no findings (they all went to the callback).
    /// Small reads are gathered into at least 16 KB before they are scanned (each [`ScanStream::feed`]
    /// costs about a microsecond whatever its size), so from a slow source a finding arrives once
    /// that much more has been read, or at the end.
    ///
    /// ```
    /// let scanner = jpii::Scanner::new();
    /// let input: &[u8] = "氏名,携帯\n山田太郎,090-1234-5678\n".as_bytes();
    /// let mut spans = Vec::new();
    /// let end = scanner.scan_reader(input, |f| spans.push(f.span)).unwrap();
    /// assert_eq!(end.encoding.encoding, jpii::Encoding::Utf8);
    /// assert!(spans.contains(&(27..40)));
    /// ```
    pub fn scan_reader<R: Read>(
        &self,
        mut reader: R,
        mut on_finding: impl FnMut(Finding),
    ) -> Result<StreamEnd, Error> {
        let mut stream = self.stream();
        let mut buf = vec![0u8; READ_BUF];
        // Small reads (a pipe, a decompressor, a reader handing out a few bytes at a time) are
        // gathered into feeds of at least MIN_FEED bytes: a feed has a fixed cost (~1 µs), and
        // one-byte reads made 300 KB take 400 ms instead of 1 ms.
        let mut filled = 0;
        loop {
            let n = match reader.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::Io(e)),
            };
            filled += n;
            if filled >= MIN_FEED {
                for f in stream.feed(&buf[..filled]) {
                    on_finding(f);
                }
                filled = 0;
            }
        }
        if filled > 0 {
            for f in stream.feed(&buf[..filled]) {
                on_finding(f);
            }
        }
        let mut end = stream.finish();
        for f in end.findings.drain(..) {
            on_finding(f);
        }
        Ok(end)
    }
}

impl ScanStream {
    fn new(engine: Arc<Engine>) -> ScanStream {
        ScanStream::with_limits(engine, CHUNK, WINDOW_CAP)
    }

    /// A stream with other window sizes (tests use small ones to cross many windows).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn with_limits(engine: Arc<Engine>, chunk: usize, cap: usize) -> ScanStream {
        ScanStream {
            chunk: chunk.max(1),
            cap: cap.max(4 * OVERLAP),
            engine,
            phase: Phase::Head,
            pending: Vec::new(),
            pending_at: 0,
            received: 0,
            enc: Encoding::Utf8,
            how: Detection::Default,
            decoder: None,
            src: Vec::new(),
            src_base: 0,
            text: String::new(),
            dst_base: 0,
            text_start: 0,
            base: Pos::default(),
            cursor: Pos::default(),
            owned_from: 0,
            table: TableState::default(),
            malformed: Malformed::default(),
            mixed_pending: Vec::new(),
            mixed: None,
            binary_at: None,
            cuts: 0,
            first_cut: None,
        }
    }

    /// Bytes the stream holds right now (raw input waiting for the encoding decision, the source
    /// bytes and the decoded text of its window). Stays bounded whatever the input size.
    pub fn buffered_bytes(&self) -> usize {
        self.pending.len() + self.src.len() + self.text.len()
    }

    /// Gives the next piece of input; returns the findings that are final so far (sorted, spans in
    /// the whole input).
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<Finding> {
        self.received += chunk.len();
        self.take(chunk);
        self.scan(false)
    }

    /// Ends the input: returns the remaining findings and what was learned about the input.
    pub fn finish(mut self) -> StreamEnd {
        match self.phase {
            Phase::Head => self.decide_head(true),
            Phase::Deferred => self.decide_deferred(true),
            _ => {}
        }
        if self.phase == Phase::Decoding {
            self.decode(&[], true);
        }
        self.check_mixed(true);
        let findings = self.scan(true);
        if self.malformed.count > 0 {
            self.malformed.at_eof = encoding::ends_inside_char(
                self.enc,
                &self.src,
                self.src_base,
                &self.text,
                self.dst_base,
                self.base,
            );
        }
        let scan_binary = self.engine.config.scan_binary;
        let mut notes = Vec::new();
        if let Some(at) = self.binary_at {
            notes.push(encoding::binary_note(at, scan_binary));
        }
        let len = if self.binary_at.is_some() && !scan_binary {
            self.binary_at.unwrap_or(0)
        } else {
            self.received
        };
        notes.extend(encoding::malformed_notes(
            self.enc,
            &self.malformed,
            len,
            self.mixed.take(),
        ));
        if let Some(at) = self.first_cut {
            notes.push(format!(
                "{} over-long line cut(s) (no line break for {} bytes), the first at decoded offset {at}: a value spanning a cut may be missed",
                self.cuts, self.cap
            ));
        }
        StreamEnd {
            findings,
            encoding: EncodingInfo {
                encoding: self.enc,
                how: self.how,
                malformed: self.malformed.count > 0,
            },
            binary: self.binary_at.is_some(),
            scanned_binary: self.binary_at.is_some() && scan_binary,
            tables: self.table.summaries(),
            notes,
        }
    }

    /// Routes input bytes by phase.
    fn take(&mut self, chunk: &[u8]) {
        match self.phase {
            Phase::Head => {
                self.pending.extend_from_slice(chunk);
                if self.pending.len() > SNIFF_LEN {
                    self.decide_head(false);
                }
            }
            Phase::Plain => match chunk.iter().position(|&b| encoding::is_trigger(b)) {
                None => self.push_plain(chunk),
                Some(i) => {
                    self.push_plain(&chunk[..i]);
                    self.pending_at = self.received - (chunk.len() - i);
                    self.pending.clear();
                    self.pending.extend_from_slice(&chunk[i..]);
                    self.phase = Phase::Deferred;
                    if self.pending.len() > SNIFF_LEN {
                        self.decide_deferred(false);
                    }
                }
            },
            Phase::Deferred => {
                self.pending.extend_from_slice(chunk);
                if self.pending.len() > SNIFF_LEN {
                    self.decide_deferred(false);
                }
            }
            Phase::Decoding => self.decode(chunk, false),
            Phase::Stopped => {}
        }
    }

    /// Plain ASCII reads the same in every candidate encoding: straight into the window.
    fn push_plain(&mut self, bytes: &[u8]) {
        self.src.extend_from_slice(bytes);
        // Plain bytes are ASCII (no trigger byte), so this never replaces anything.
        self.text.push_str(&String::from_utf8_lossy(bytes));
    }

    fn decide_head(&mut self, eof: bool) {
        let pending = std::mem::take(&mut self.pending);
        let head = &pending[..pending.len().min(SNIFF_LEN)];
        match encoding::judge_head(head, eof, self.engine.config.encoding) {
            Head::Decided(v) => {
                let bom = encoding::bom_len_for(&pending, v.encoding);
                self.src_base = bom;
                self.text_start = bom;
                self.base = Pos {
                    src: bom,
                    dst: 0,
                    state: Default::default(),
                };
                self.cursor = self.base;
                self.start(v, v.binary.then_some(0), &pending[bom..]);
            }
            Head::Plain => {
                // `received` counts these bytes already, as `take` expects.
                self.phase = Phase::Plain;
                self.take(&pending);
            }
        }
    }

    fn decide_deferred(&mut self, eof: bool) {
        let pending = std::mem::take(&mut self.pending);
        let window = &pending[..pending.len().min(SNIFF_LEN)];
        let v = encoding::judge_deferred(window, eof);
        self.start(v, v.binary.then_some(self.pending_at), &pending);
    }

    /// The encoding is known: start decoding `rest` (unless it is binary data not to be scanned).
    fn start(&mut self, v: encoding::Verdict, binary_at: Option<usize>, rest: &[u8]) {
        self.enc = v.encoding;
        self.how = v.how;
        self.binary_at = binary_at;
        if binary_at.is_some() && !self.engine.config.scan_binary {
            self.phase = Phase::Stopped;
            return;
        }
        self.decoder = Some(v.encoding.codec().new_decoder_without_bom_handling());
        self.phase = Phase::Decoding;
        self.decode(rest, false);
    }

    /// Decodes `bytes` into the window.
    fn decode(&mut self, bytes: &[u8], last: bool) {
        let Some(dec) = self.decoder.as_mut() else {
            return;
        };
        let at = self.src_base + self.src.len();
        self.src.extend_from_slice(bytes);
        let mut p = 0;
        loop {
            let need = dec
                .max_utf8_buffer_length_without_replacement(bytes.len() - p)
                .unwrap_or(bytes.len() - p);
            self.text.reserve(need);
            let (res, read) =
                dec.decode_to_string_without_replacement(&bytes[p..], &mut self.text, last);
            p += read;
            match res {
                encoding_rs::DecoderResult::InputEmpty => break,
                encoding_rs::DecoderResult::OutputFull => continue,
                encoding_rs::DecoderResult::Malformed(bad, retained) => {
                    self.text.push('\u{FFFD}');
                    let pos = (at + p)
                        .saturating_sub(bad as usize + retained as usize)
                        .max(self.text_start);
                    if self.malformed.samples.len() < 8 {
                        self.mixed_pending.push(pos);
                    }
                    self.malformed.record(pos);
                }
            }
        }
        self.check_mixed(false);
    }

    /// Runs the mixed-encoding check on malformed samples whose surroundings have arrived (the
    /// same bytes `scan_bytes` looks at: 256 either side, within the line).
    fn check_mixed(&mut self, eof: bool) {
        if self.mixed.is_some() {
            self.mixed_pending.clear();
            return;
        }
        let end = self.src_base + self.src.len();
        while let Some(&at) = self.mixed_pending.first() {
            if !eof && at + 256 > end {
                return;
            }
            self.mixed_pending.remove(0);
            if at < self.src_base {
                continue;
            }
            // The view of `scan_bytes`: the input up to `end`, seen from `at - 256`.
            let lo = at.saturating_sub(256).max(self.src_base);
            let view = &self.src[lo - self.src_base..];
            if let Some((line, other)) = encoding::mixed_hint(self.enc, view, at - lo) {
                self.mixed = Some(encoding::mixed_note(self.enc, line + lo, other));
                self.mixed_pending.clear();
                return;
            }
        }
    }

    /// Scans what can be scanned; with `last`, everything.
    fn scan(&mut self, last: bool) -> Vec<Finding> {
        let mut out = Vec::new();
        if self.phase == Phase::Head {
            return out;
        }
        // (Plain text before a deferred decision is final: it may be scanned.)
        loop {
            let end = self.dst_base + self.text.len();
            let (o2, b) = if last {
                (end, end)
            } else {
                if end < self.owned_from + self.chunk + 2 * OVERLAP {
                    break;
                }
                match self.bounds() {
                    Some(x) => x,
                    None => break,
                }
            };
            if o2 <= self.owned_from {
                break;
            }
            // Lines ending in `\r` alone are read as `\n` (see `engine::cr_lines`): for the header,
            // the scan, the columns and the row count alike.
            let window = &self.text[..b - self.dst_base];
            let lf = crate::engine::cr_lines(window);
            let window = lf.as_deref().unwrap_or(window);
            if !self.table.checked && self.dst_base == 0 {
                self.table.detect(window);
            }
            let owned = scan_window(&self.engine, window, self.dst_base, self.owned_from..o2, &self.table);
            owned.apply(&mut self.table);
            let mut found = owned.findings;
            self.map_spans(&mut found, last);
            out.extend(found);
            self.owned_from = o2;
            if last {
                break;
            }
            self.trim();
        }
        out
    }

    /// Owned end and scan end for a non-final scan: both line starts, the scan end at least
    /// [`OVERLAP`] past the owned end; cut inside a line only when the window is over its cap.
    fn bounds(&mut self) -> Option<(usize, usize)> {
        let t = self.text.as_bytes();
        let end = self.dst_base + t.len();
        if let Some(i) = memchr::memrchr(b'\n', t) {
            let b = self.dst_base + i + 1;
            if b >= self.owned_from + OVERLAP {
                let lim = b - OVERLAP - self.dst_base;
                if let Some(j) = memchr::memrchr(b'\n', &t[..lim]) {
                    let o2 = self.dst_base + j + 1;
                    if o2 > self.owned_from {
                        return Some((o2, b));
                    }
                }
            }
        }
        if t.len() <= self.cap {
            return None;
        }
        // A line over the cap: cut at a character boundary.
        let o2 = floor_char_boundary(&self.text, end - OVERLAP - self.dst_base) + self.dst_base;
        if o2 <= self.owned_from {
            return None;
        }
        self.cuts += 1;
        self.first_cut.get_or_insert(o2);
        Some((o2, end))
    }

    /// Drops the window before the line start at or before `owned_from - OVERLAP`.
    fn trim(&mut self) {
        let Some(lim) = self.owned_from.checked_sub(OVERLAP) else {
            return;
        };
        if lim <= self.dst_base {
            return;
        }
        let t = &self.text.as_bytes()[..lim - self.dst_base];
        let new_a = match memchr::memrchr(b'\n', t) {
            Some(i) => self.dst_base + i + 1,
            None if self.text.len() > self.cap => {
                floor_char_boundary(&self.text, lim - self.dst_base) + self.dst_base
            }
            None => return,
        };
        if new_a <= self.dst_base {
            return;
        }
        let from = if self.cursor.dst <= new_a && self.cursor.dst >= self.dst_base {
            self.cursor
        } else {
            self.base
        };
        let p = walk::walk(walk::Decoded { enc: self.enc, src: &self.src, src_base: self.src_base, text: &self.text, dst_base: self.dst_base, eof: false }, from, new_a, false);
        if p.dst != new_a || p.src < self.src_base {
            return;
        }
        self.src.drain(..p.src - self.src_base);
        self.text.drain(..new_a - self.dst_base);
        self.src_base = p.src;
        self.dst_base = new_a;
        self.base = p;
        if self.cursor.dst < new_a {
            self.cursor = p;
        }
    }

    /// Decoded spans (absolute) → source spans (absolute).
    fn map_spans(&mut self, findings: &mut [Finding], eof: bool) {
        for f in findings.iter_mut() {
            let s = self.map(f.span.start, true, eof);
            let e = if f.span.end > f.span.start {
                self.map(f.span.end, false, eof).max(s)
            } else {
                s
            };
            f.span = s..e;
        }
    }

    fn map(&mut self, d: usize, skip_after: bool, eof: bool) -> usize {
        if d < self.cursor.dst || self.cursor.dst < self.dst_base {
            self.cursor = self.base;
        }
        self.cursor = walk::walk(walk::Decoded { enc: self.enc, src: &self.src, src_base: self.src_base, text: &self.text, dst_base: self.dst_base, eof }, self.cursor, d, skip_after);
        self.cursor.src
    }
}

/// The largest char boundary of `s` at or before `i`.
pub(crate) fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The findings a window owns, and its share of the table statistics.
#[derive(Debug, Default)]
pub(crate) struct Owned {
    /// Spans in absolute decoded offsets.
    pub findings: Vec<Finding>,
    pub records: usize,
    pub columns: Vec<usize>,
}

impl Owned {
    /// Adds this window's table statistics to `table`.
    pub(crate) fn apply(&self, table: &mut TableState) {
        if let Some(h) = table.header.as_mut() {
            h.records += self.records;
            for (i, n) in self.columns.iter().enumerate() {
                if let Some(c) = h.findings.get_mut(i) {
                    *c += n;
                }
            }
        }
    }
}

/// Scans `window` (text starting at absolute decoded offset `start`, a line start, ending at a
/// line start or the end of the text) and keeps the findings that start in `owned` (absolute).
/// `table` is the input's table state (header already detected); it is not changed here: the
/// counts come back in [`Owned`] so that overlapping windows count each line once.
pub(crate) fn scan_window(
    engine: &Engine,
    window: &str,
    start: usize,
    owned: Range<usize>,
    table: &TableState,
) -> Owned {
    let mut scratch = table.clone();
    let mut findings = engine.scan_text(window, &mut scratch);
    let (lo, hi) = (
        owned.start.saturating_sub(start),
        owned.end.saturating_sub(start).min(window.len()),
    );
    findings.retain(|f| f.span.start >= lo && f.span.start < hi);
    let mut columns = Vec::new();
    let mut records = 0;
    if let Some(h) = table.header.as_ref() {
        columns = vec![0; h.findings.len()];
        for f in &findings {
            if let Some(c) = table.column_at(window, f.span.start) {
                if let Some(n) = columns.get_mut(c) {
                    *n += 1;
                }
            }
        }
        let mut counter = table.clone();
        if let Some(h) = counter.header.as_mut() {
            h.records = 0;
        }
        if let Some(part) = window.get(lo..hi) {
            counter.count_records(part);
        }
        records = counter.header.map_or(0, |h| h.records);
    }
    for f in &mut findings {
        f.span = f.span.start + start..f.span.end + start;
    }
    Owned {
        findings,
        records,
        columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scanner::Config;

    fn engine(config: Config) -> Arc<Engine> {
        Arc::new(Engine::new(config).unwrap())
    }

    pub(crate) fn encode(e: Encoding, s: &str, bom: bool) -> Vec<u8> {
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
            _ => {
                if bom && e == Encoding::Utf8 {
                    out.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
                }
                out.extend_from_slice(&e.codec().encode(s).0);
            }
        }
        out
    }

    /// A reader handing out `size` bytes a read (a slow pipe).
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn small_reads_are_gathered_and_scan_as_one() {
        // One-byte reads are gathered into feeds of MIN_FEED bytes; findings, tables and notes
        // are those of the whole input, whatever the read size.
        let bytes = encode(Encoding::ShiftJis, &roster(600), false);
        assert!(bytes.len() > 2 * MIN_FEED);
        let whole = crate::Scanner::new().scan_bytes(&bytes);
        for size in [1, 5, MIN_FEED - 1, MIN_FEED + 3] {
            let mut got = Vec::new();
            let end = crate::Scanner::new().scan_reader(Trickle(&bytes, size), |f| got.push(f)).unwrap();
            assert_eq!(got, whole.findings, "reads of {size}");
            assert_eq!((end.tables, end.notes), (whole.tables.clone(), whole.notes.clone()), "reads of {size}");
        }
    }

    /// A roster with a header, prose, long and short lines, full-width digits: many findings.
    fn roster(rows: usize) -> String {
        let mut t = String::from("氏名,携帯,メール,備考\n");
        for i in 0..rows {
            let pad = "あ".repeat(i * 37 % 50);
            t.push_str(&format!(
                "山田{i},090-{:04}-{:04},user{i}@example.jp,{pad}\n",
                (i * 13) % 10000,
                (i * 7919) % 10000
            ));
            if i % 5 == 0 {
                t.push_str(
                    "マイナンバー：6214 9832 0257　連絡先 ０３－１２３４－５６７８（代表）\n",
                );
            }
            if i % 11 == 0 {
                t.push('\n');
            }
        }
        t
    }

    fn stream_all(
        engine: &Arc<Engine>,
        bytes: &[u8],
        piece: usize,
        chunk: usize,
        cap: usize,
    ) -> (Vec<Finding>, StreamEnd, usize) {
        let mut st = ScanStream::with_limits(engine.clone(), chunk, cap);
        let mut got = Vec::new();
        let mut peak = 0;
        for p in bytes.chunks(piece.max(1)) {
            got.extend(st.feed(p));
            peak = peak.max(st.buffered_bytes());
        }
        let mut end = st.finish();
        got.append(&mut end.findings);
        (got, end, peak)
    }

    #[test]
    fn windows_agree_with_whole_scan_in_every_encoding() {
        let eng = engine(Config::default());
        let text = roster(160);
        for &e in Encoding::ALL {
            for bom in [false, true] {
                let bytes = encode(e, &text, bom);
                let whole = eng.scan_bytes(&bytes);
                assert!(whole.findings.len() > 200, "{e}: {}", whole.findings.len());
                for piece in [1, 2, 3, 7, 64, 1000, 4097, 1 << 20] {
                    let (got, end, _) = stream_all(&eng, &bytes, piece, 300, 64 * 1024);
                    assert_eq!(got, whole.findings, "{e} bom={bom} piece={piece}");
                    assert_eq!(end.encoding, whole.encoding);
                    assert_eq!(end.notes, whole.notes);
                    assert_eq!(end.tables, whole.tables);
                }
            }
        }
    }

    #[test]
    fn every_split_point_across_windows() {
        let eng = engine(Config::default());
        // About 4.5 KB: with 100-byte chunks, several overlapping windows.
        let text = roster(24);
        for &e in Encoding::ALL {
            let bytes = encode(e, &text, false);
            let whole = eng.scan_bytes(&bytes);
            assert!(!whole.findings.is_empty());
            for k in (0..=bytes.len()).step_by(if e == Encoding::ShiftJis { 1 } else { 7 }) {
                let mut st = ScanStream::with_limits(eng.clone(), 100, 64 * 1024);
                let mut got = st.feed(&bytes[..k]);
                got.extend(st.feed(&bytes[k..]));
                got.extend(st.finish().findings);
                assert_eq!(got, whole.findings, "{e} split at {k}");
            }
        }
    }

    #[test]
    fn long_line_is_cut_and_memory_stays_bounded() {
        let eng = engine(Config::default());
        // One line of 600 KB: phone numbers separated by prose, no line break.
        let mut text = String::new();
        let mut i = 0;
        while text.len() < 600 * 1024 {
            text.push_str(&format!(
                "お電話は090-{:04}-5678までお願いします。",
                i % 10000
            ));
            i += 1;
        }
        let bytes = text.as_bytes();
        let cap = 64 * 1024;
        let (got, end, peak) = stream_all(&eng, bytes, 4096, 16 * 1024, cap);
        assert!(peak < 3 * cap, "peak {peak}");
        assert!(
            end.notes.iter().any(|n| n.contains("over-long line")),
            "{:?}",
            end.notes
        );
        let whole = eng.scan_bytes(bytes);
        assert!(
            got.len() * 100 >= whole.findings.len() * 99,
            "{} of {}",
            got.len(),
            whole.findings.len()
        );
        for f in &got {
            assert!(whole.findings.contains(f));
        }
    }

    #[test]
    fn binary_and_deferred_decisions_agree() {
        let eng = engine(Config::default());
        let mut bin = b"tel 090-1234-5678\n".repeat(4000);
        bin.extend_from_slice(&[0u8; 300]);
        bin.extend_from_slice(b"090-2345-6789\n");
        let mut late = b"ascii log 0123\n".repeat(6000);
        late.extend(encode(
            Encoding::EucJp,
            "氏名：山田太郎\n携帯：090-1234-5678\n",
            false,
        ));
        for input in [bin, late] {
            for scan_binary in [false, true] {
                let eng = engine(Config {
                    scan_binary,
                    ..Config::default()
                });
                let whole = eng.scan_bytes(&input);
                for piece in [1, 5000, 70_000] {
                    let (got, end, _) = stream_all(&eng, &input, piece, 1000, 64 * 1024);
                    assert_eq!(got, whole.findings, "piece {piece}");
                    assert_eq!(end.encoding, whole.encoding);
                    assert_eq!(end.binary, whole.binary);
                    assert_eq!(end.notes, whole.notes);
                }
            }
        }
        let _ = eng;
    }
}
