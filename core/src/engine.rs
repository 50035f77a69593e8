//! The scanning pipeline over UTF-8 text:
//! candidates (one regex pass) → validators (`detect`) → context scoring (keywords, table columns)
//! → overlap resolution → allowlist and confidence filter → findings sorted by position.
//! Everything after the candidate pass runs a segment of lines at a time ([`Engine::scan_segments`]).

use std::sync::Arc;

use regex_automata::meta::Regex;

use crate::candidates::{Candidates, Shape, Word};
use crate::context::{KeywordIndex, Keywords, Role};
use crate::detect::{self, Draft, Token};
use crate::finding::{Confidence, Finding, Kind, Reason};
use crate::normalize::ascii_digits;
use crate::scanner::Config;
use crate::table::{ColumnCursor, TableState};
use crate::Error;

/// The longest span a finding can have, in bytes. Chunked scans overlap by at least this much.
pub(crate) const MAX_MATCH_BYTES: usize = 1024;
/// How far (bytes) before or after a value context is looked for. Chunked scans overlap by this too.
pub(crate) const MAX_CONTEXT_BYTES: usize = 1024;
/// Text per step of the pipeline after the candidate pass (see [`Engine::scan_segments`]): a
/// roster's findings of this much text are about 3,000. Smaller or larger (16 KB to 1 MB) measured
/// the same on the clock.
const SEGMENT: usize = 64 * 1024;

/// What pads a cell's value: spaces and the quotes of a quoted cell (and a CRLF line's `\r`).
const CELL_PADDING: [char; 4] = [' ', '"', '\u{3000}', '\r'];

/// Default context windows (characters before, after) per kind.
fn default_window(kind: Kind) -> (usize, usize) {
    match kind {
        Kind::PhoneNumber => (30, 12),
        Kind::BirthDate => (30, 10),
        Kind::PostalCode => (20, 6),
        Kind::EmailAddress => (30, 6),
        Kind::BankAccount => (40, 10),
        Kind::Address | Kind::PersonName => (20, 6),
        _ => (40, 15),
    }
}

/// A text whose lines end with a bare carriage return (classic Mac OS; Excel for Mac's CSV): no
/// `\n` anywhere, and a `\r`. It is scanned with each `\r` read as `\n`, so that its header,
/// rows and lines are seen: one byte for one, every span stays where it was.
pub(crate) fn cr_lines(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (memchr::memchr(b'\n', b).is_none() && memchr::memchr(b'\r', b).is_some()).then(|| text.replace('\r', "\n"))
}

/// Line start at or before `i` (0 if none).
pub(crate) fn line_start_at_or_before(text: &str, i: usize) -> usize {
    let i = i.min(text.len());
    memchr::memrchr(b'\n', &text.as_bytes()[..i]).map_or(0, |j| j + 1)
}

/// Line start at or after `i` (the end of the text if none).
pub(crate) fn line_start_at_or_after(text: &str, i: usize) -> usize {
    if i == 0 {
        return 0;
    }
    if i >= text.len() {
        return text.len();
    }
    // `i` itself is a line start if the byte before it is a LF.
    if text.as_bytes()[i - 1] == b'\n' {
        return i;
    }
    memchr::memchr(b'\n', &text.as_bytes()[i..]).map_or(text.len(), |j| i + j + 1)
}

/// Everything a scan needs, compiled once.
#[derive(Debug)]
pub(crate) struct Engine {
    pub(crate) config: Config,
    candidates: Candidates,
    keywords: std::sync::Arc<Keywords>,
    allow_digits: Vec<String>,
    allow_patterns: Option<Regex>,
    windows: [(usize, usize); 32],
    /// Tests only: read every candidate, the short numbers nothing reads included (the reference
    /// [`Candidates::used`] is tested against).
    #[cfg(test)]
    every_candidate: bool,
}

impl Engine {
    pub(crate) fn new(config: Config) -> Result<Engine, Error> {
        let allow_patterns = if config.allow_patterns.is_empty() {
            None
        } else {
            for p in &config.allow_patterns {
                Regex::new(p).map_err(|e| Error::InvalidPattern { pattern: p.clone(), message: e.to_string() })?;
            }
            let anchored: Vec<String> = config.allow_patterns.iter().map(|p| format!("^(?:{p})$")).collect();
            Some(Regex::new_many(&anchored).map_err(|e| Error::InvalidPattern { pattern: config.allow_patterns.join(" | "), message: e.to_string() })?)
        };
        let allow_digits = config.allow_values.iter().map(|v| ascii_digits(v)).filter(|d| d.len() >= 7).collect();
        let mut windows = [(0, 0); 32];
        for &k in Kind::ALL {
            windows[k as usize] = config.kind_windows.get(&k).copied().or(config.window).unwrap_or_else(|| default_window(k));
        }
        Ok(Engine {
            candidates: Candidates::new(config.kinds),
            keywords: Keywords::shared(&config.extra_keywords),
            allow_digits,
            allow_patterns,
            windows,
            config,
            #[cfg(test)]
            every_candidate: false,
        })
    }

    fn enabled(&self, k: Kind) -> bool {
        self.config.kinds & k.bit() != 0
    }

    /// Scans UTF-8 text. `state` carries table context across chunks of one input.
    pub(crate) fn scan_text(&self, text: &str, state: &mut TableState) -> Vec<Finding> {
        match cr_lines(text) {
            Some(lf) => self.scan_lf_text(&lf, state),
            None => self.scan_lf_text(text, state),
        }
    }

    /// [`scan_text`](Self::scan_text) of a text whose lines end with `\n` (or that has one line).
    fn scan_lf_text(&self, text: &str, state: &mut TableState) -> Vec<Finding> {
        self.scan_segments(text, state, SEGMENT)
    }

    /// The pipeline, a segment of whole lines (about `segment` bytes) at a time: the candidate pass
    /// over the segment, the cells of its name and address columns, then overlap resolution,
    /// filters and column counts for the findings that no later line can touch. On a roster every
    /// row gives a handful of findings, and overlap resolution needs them all, the rejected ones
    /// too: done over the whole text, they were all held at once (with a record of each one's
    /// column for the table's counts). Here only a segment's are pending, each carrying its
    /// column: the 8 MB roster's peak memory fell from 159 MB to 126 MB. The result equals one
    /// segment of the whole text (property test below).
    fn scan_segments(&self, text: &str, state: &mut TableState, segment: usize) -> Vec<Finding> {
        state.detect(text);
        let mut index = KeywordIndex::new(&self.keywords, text);
        // A table's findings are about one per cell of its PII columns: room for them at once,
        // rather than doubling to there (each doubling is a fresh block for the kernel to zero, and
        // a copy of everything before: on the roster, 11 M instructions and most of the copying).
        let mut out: Vec<Finding> = Vec::with_capacity(self.expected_findings(text, state));
        let mut pending = Pending::default();
        let mut pass = CandidatePass::default();
        let mut local = Local::default();
        let cells = ColumnCells::new(self, state);
        // Zengin transfer records: fixed columns say what each field is, no keywords needed.
        let mut records = if self.enabled(Kind::BankAccount) || self.enabled(Kind::PersonName) { detect::zengin::scan(text) } else { Vec::new() }.into_iter().filter(|d| self.enabled(d.kind)).peekable();
        let candidates = self.candidates.used(text);
        #[cfg(test)]
        let candidates = if self.every_candidate { self.candidates.iter(text) } else { candidates };
        let mut candidates = candidates.peekable();
        let mut counts = vec![0; state.header.as_ref().map_or(0, |h| h.columns.len())];
        // Findings starting before this are resolved and in `out`.
        let mut done = 0;
        let mut late = false;
        let mut start = 0;
        loop {
            let end = if segment >= text.len() - start { text.len() } else { line_start_at_or_after(text, start + segment) };
            while let Some((shape, range)) = candidates.next_if(|(_, r)| r.start < end) {
                self.candidate_drafts(text, shape, range, &mut pass);
                for d in pass.drafts.drain(..) {
                    if let Some((finding, column)) = self.score(d, None, &mut index, state, &mut local, text) {
                        late |= finding.span.start < done;
                        pending.items.push(Some(Scored { finding, column, pass: Pass::Candidates }));
                    }
                }
            }
            if let Some(cells) = &cells {
                cells.drafts(text, start..end, state, &pass.address_starts, |column, d| {
                    if let Some((finding, column)) = self.score(d, Some(column), &mut index, state, &mut local, text) {
                        pending.items.push(Some(Scored { finding, column, pass: Pass::Cells }));
                    }
                });
            }
            while let Some(d) = records.next_if(|d| d.span.start < end) {
                let column = state.column_at_cached(text, d.span.start, &mut local.cursor);
                let finding = Finding { kind: d.kind, span: d.span, score: d.base, confidence: Confidence::from_score(d.base), reasons: d.reasons, normalized: d.normalized };
                pending.items.push(Some(Scored { finding, column, pass: Pass::Records }));
            }
            if end >= text.len() {
                break;
            }
            // The segment's last line waits for the next segment: a trigger at the start of a line
            // can make a draft on the line above (a signature's name above its address). Every
            // other draft lies on its trigger's line.
            done = line_start_at_or_before(text, end - 1);
            self.finish(&mut pending, done, text, &mut out, &mut counts);
            start = end;
        }
        if late {
            // A draft before its trigger's line above (none is made so; a debug build says so): the
            // findings resolved early may have been chosen without it. The whole text as one segment.
            debug_assert!(false, "a draft starts before the line above its trigger");
            return self.scan_segments(text, state, usize::MAX);
        }
        self.finish(&mut pending, usize::MAX, text, &mut out, &mut counts);
        if let Some(h) = state.header.as_mut() {
            for (total, n) in h.findings.iter_mut().zip(counts) {
                *total += n;
            }
        }
        state.count_records(text);
        out
    }

    /// The drafts of one candidate, into `pass.drafts`. (Inlined: called once per candidate.)
    #[inline(always)]
    fn candidate_drafts(&self, text: &str, shape: Shape, range: core::ops::Range<usize>, pass: &mut CandidatePass) {
        let addresses = self.enabled(Kind::Address);
        let names = self.enabled(Kind::PersonName);
        match shape {
            Shape::Numeric => {
                if addresses && range.start >= pass.address_end && detect::address::digit_trigger(text, &range) {
                    pass.address_at(text, range.start);
                }
                // `〒` opening a line: a signature's name may be on the line above.
                if names && text[..range.start].ends_with('〒') {
                    pass.drafts.extend(detect::person_name::above_address(text, range.start - '〒'.len_utf8()).into_iter().flatten());
                }
                if detect::worth_parsing(text, &range) {
                    pass.token.parse_into(text, range);
                    detect::numeric(text, &pass.token, self.config.kinds, &mut pass.memo, &mut pass.drafts);
                }
            }
            Shape::KanjiDate => {
                if self.enabled(Kind::BirthDate) {
                    pass.drafts.extend(detect::birth_date::validate_kanji(text, range));
                }
            }
            Shape::At => {
                let emails = self.enabled(Kind::EmailAddress);
                if emails || names {
                    if let Some(e) = detect::email::validate(text, range) {
                        // `山田 太郎 <taro@example.jp>`: the display name before the address.
                        if names {
                            pass.drafts.extend(detect::person_name::before_email(text, e.span.start));
                        }
                        if emails {
                            pass.drafts.push(e);
                        }
                    }
                }
            }
            Shape::Word(Word::AddressBlock) => {
                if addresses && range.start >= pass.address_end {
                    pass.address_at(text, range.start);
                }
            }
            Shape::Word(Word::Honorific) => {
                if names {
                    pass.drafts.extend(detect::person_name::before_honorific(text, range.clone()));
                    pass.drafts.extend(detect::person_name::after_title(text, range));
                }
            }
            Shape::Word(Word::NameLabel) => {
                if names {
                    pass.drafts.extend(detect::person_name::after_label(text, range));
                }
            }
            Shape::Word(Word::Colon) => {
                if names {
                    pass.drafts.extend(detect::person_name::after_person_label(text, range));
                }
            }
            Shape::Word(Word::Era) => {}
            Shape::HalfKana => {
                if names {
                    pass.drafts.extend(detect::person_name::half_kana(text, range));
                }
            }
        }
    }

    /// Resolves the pending findings that start before `before` (the others stay pending) and moves
    /// those kept by overlap resolution, the confidence filter and the allowlist to `out`, counting
    /// them per table column. No finding spans a line break and `before` is a line start, so no
    /// finding left pending overlaps one resolved here.
    fn finish(&self, pending: &mut Pending, before: usize, text: &str, out: &mut Vec<Finding>, counts: &mut [usize]) {
        let Pending { items, order } = pending;
        // By position; among findings of one span, the candidate pass's first, then the cells',
        // then the records' (each in the order made), as when the passes ran one after the other.
        // The keys are sorted, not the findings: on a roster each row's cells come after its
        // candidates' findings, and merging the findings themselves (88 bytes each) moved them all.
        order.clear();
        order.extend(items.iter().enumerate().filter_map(|(i, s)| s.as_ref().map(|s| (s.finding.span.start, s.finding.span.end, s.pass, i))));
        order.sort();
        let ready = order.partition_point(|o| o.0 < before);
        let finding = |o: &(usize, usize, Pass, usize)| &items[o.3].as_ref().expect("every ordered finding is pending").finding;
        let kept = resolve_overlaps(&mut order[..ready], |o| (o.0, o.1), |o| finding(o).score, |o| finding(o).kind);
        for o in &order[..kept] {
            let s = items[o.3].take().expect("kept once");
            if s.finding.confidence >= self.config.min_confidence && !self.allowed(&s.finding, text) {
                if let Some(n) = s.column.and_then(|c| counts.get_mut(c)) {
                    *n += 1;
                }
                out.push(s.finding);
            }
        }
        // Drops the rejected; what is left waits, in the order it was made.
        items.retain(|s| s.as_ref().is_some_and(|s| s.finding.span.start >= before));
    }

    /// How many findings a table is likely to give: a row's cells in columns of enabled kinds
    /// (0 without a table). Bounded by the text's length, so an odd header cannot ask for much.
    fn expected_findings(&self, text: &str, state: &TableState) -> usize {
        let Some(h) = state.header.as_ref() else { return 0 };
        let columns = h.columns.iter().filter(|c| c.1.is_some_and(|k| self.enabled(k))).count();
        let rows = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        rows.saturating_mul(columns).min(text.len() / 8)
    }

    /// Scores a draft with its context; `None` when a context-only kind has no context. `column`:
    /// the draft's table column when the caller knows it (cells of a column), else it is looked up.
    /// Returns the finding and its table column (for the table summary's counts).
    fn score(&self, d: Draft, column: Option<usize>, index: &mut KeywordIndex, table: &TableState, local: &mut Local, text: &str) -> Option<(Finding, Option<usize>)> {
        let (before, after) = self.windows[d.kind as usize];
        let mut score = d.base;
        let mut reasons = d.reasons;
        let mut positive = false;
        if let Some(near) = index.nearest(d.kind, Role::Label, &d.span, before, after) {
            let kw = index.keyword(near.id);
            let window = if near.before { before } else { after };
            score += kw.strength * crate::context::decay(near.distance, window);
            positive = true;
            reasons.push(Reason::Keyword { keyword: Local::copy(&mut local.keywords, near.id, &kw.text), distance: near.distance, before: near.before });
        }
        let column = column.or_else(|| table.column_at_cached(text, d.span.start, &mut local.cursor));
        if let Some(col) = column {
            let h = table.header.as_ref().expect("column implies header");
            let (name, kind, _) = &h.columns[col];
            if *kind == Some(d.kind) {
                score += 0.45;
                positive = true;
                reasons.insert(0, Reason::ColumnHeader { header: Local::copy(&mut local.headers, col, name) });
            } else if kind.is_some() {
                score -= 0.25;
            } else if crate::table::is_code_header(name) {
                // 管理番号, JANコード, 注文番号 columns: a checksum match there is a code.
                score -= 0.45;
                reasons.push(Reason::NegativeKeyword { keyword: Local::copy(&mut local.headers, col, name), distance: 0 });
            }
        }
        if let Some(neg) = index.nearest(d.kind, Role::Negative, &d.span, before.min(12), after.min(4)) {
            score -= 0.45;
            let kw = index.keyword(neg.id);
            reasons.push(Reason::NegativeKeyword { keyword: Local::copy(&mut local.keywords, neg.id, &kw.text), distance: neg.distance });
        }
        if d.needs_context && !positive {
            return None;
        }
        let score = score.clamp(0.0, 1.0);
        if score < 0.05 {
            return None;
        }
        Some((Finding { kind: d.kind, span: d.span, score, confidence: Confidence::from_score(score), reasons, normalized: d.normalized }, column))
    }

    /// The configuration allows this value (exact text, same digits, or a full pattern match).
    fn allowed(&self, f: &Finding, text: &str) -> bool {
        // A span off the text's characters is a bug (a debug build says so); a release build
        // reports the finding rather than stopping the scan of everything else.
        let Some(raw) = text.get(f.span.clone()) else {
            debug_assert!(false, "span {:?} of a {} finding is not on character boundaries", f.span, f.kind);
            return false;
        };
        if self.config.allow_values.iter().any(|v| v == raw || *v == f.normalized) {
            return true;
        }
        if !self.allow_digits.is_empty() && raw.chars().any(|c| crate::normalize::digit(c).is_some()) {
            let d = ascii_digits(raw);
            if self.allow_digits.iter().any(|a| *a == d || *a == ascii_digits(&f.normalized)) {
                return true;
            }
        }
        self.allow_patterns.as_ref().is_some_and(|re| re.is_match(raw) || re.is_match(&f.normalized))
    }
}

/// A table's values written across adjacent columns: a name in `姓` | `名` (or `セイ` | `メイ`), an
/// address in `都道府県` | `市区町村` | `番地` | `建物名` (or `住所1` | `住所2`). Each is one finding per row.
struct SplitColumns {
    /// The surname column of each `姓` | `名` pair.
    names: Vec<usize>,
    /// Runs of two or more address columns side by side.
    addresses: Vec<core::ops::Range<usize>>,
}

impl SplitColumns {
    /// Read from the header; `wanted`: the name and address columns of enabled kinds, in order.
    fn new(h: &crate::table::Header, wanted: &[(usize, Kind)]) -> SplitColumns {
        let part = |c: usize| h.columns.get(c).and_then(|c| crate::table::split_name_part(&c.0));
        let names = wanted
            .iter()
            .filter(|&&(col, kind)| kind == Kind::PersonName && part(col) == Some(true) && part(col + 1) == Some(false) && wanted.contains(&(col + 1, Kind::PersonName)))
            .map(|&(col, _)| col)
            .collect();
        let mut addresses: Vec<core::ops::Range<usize>> = Vec::new();
        for &(col, kind) in wanted {
            if kind == Kind::Address {
                match addresses.last_mut() {
                    Some(run) if run.end == col => run.end += 1,
                    _ => addresses.push(col..col + 1),
                }
            }
        }
        addresses.retain(|run| run.len() > 1);
        SplitColumns { names, addresses }
    }

    fn is_empty(&self) -> bool {
        self.names.is_empty() && self.addresses.is_empty()
    }

    /// The drafts of one row, each given to `sink` with its first column; the columns they were
    /// read from go in `read` (the row's other cells are read one by one). `value(col)`: the
    /// trimmed value of that column's cell in `text`, if not empty.
    fn read_row(&self, text: &str, value: impl Fn(usize) -> Option<core::ops::Range<usize>>, parts: &mut Vec<core::ops::Range<usize>>, read: &mut Vec<core::ops::Range<usize>>, sink: &mut impl FnMut(usize, Draft)) {
        for &col in &self.names {
            if let (Some(surname), Some(given)) = (value(col), value(col + 1)) {
                if let Some(d) = detect::person_name::in_cells(text, surname, given) {
                    read.push(col..col + 2);
                    sink(col, d);
                }
            }
        }
        for run in &self.addresses {
            parts.clear();
            let mut first_column = None;
            for col in run.clone() {
                if let Some(part) = value(col) {
                    first_column.get_or_insert(col);
                    parts.push(part);
                }
            }
            if let (Some(col), Some(a)) = (first_column, detect::address::parse_cells(text, parts)) {
                // Even where the candidate pass found the first cell's address: this one is
                // longer, and overlap resolution keeps it.
                read.push(run.clone());
                sink(col, detect::address::draft(text, &a, true));
            }
        }
    }
}

/// The cells of a table's name, kana and address columns: drafts for the values the candidate pass
/// did not already cover (the header is the evidence, even without a trigger).
struct ColumnCells {
    /// The wanted columns (of enabled kinds), in order.
    wanted: Vec<(usize, Kind)>,
    last_column: usize,
    split: SplitColumns,
}

impl ColumnCells {
    /// `None` without a header or without name or address columns of enabled kinds.
    fn new(engine: &Engine, state: &TableState) -> Option<ColumnCells> {
        let h = state.header.as_ref()?;
        let wanted: Vec<(usize, Kind)> = h
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.1.filter(|k| matches!(k, Kind::PersonName | Kind::Address) && engine.enabled(*k)).map(|k| (i, k)))
            .collect();
        let last_column = wanted.iter().map(|w| w.0).max()?;
        let split = SplitColumns::new(h, &wanted);
        Some(ColumnCells { wanted, last_column, split })
    }

    /// The drafts of the rows in `lines` (whole lines of `text`), each given to `sink` with its
    /// column as it is made. `address_starts`: where the candidate pass found addresses (sorted).
    fn drafts(&self, text: &str, lines: core::ops::Range<usize>, state: &TableState, address_starts: &[usize], mut sink: impl FnMut(usize, Draft)) {
        let Some(h) = state.header.as_ref() else { return };
        let mut parts: Vec<core::ops::Range<usize>> = Vec::new();
        let mut read_across: Vec<core::ops::Range<usize>> = Vec::new();
        let mut cells = Vec::new();
        let mut line_start = lines.start;
        let ends = memchr::memchr_iter(b'\n', &text.as_bytes()[lines.clone()]).map(|i| lines.start + i);
        for end in ends.chain((lines.end == text.len()).then_some(text.len())) {
            let line = &text[line_start..end];
            let start = line_start;
            line_start = end + 1;
            // (A blank line is no row either.)
            if !h.is_row(line) {
                continue;
            }
            // A row with more cells than the header (an unquoted price `7,519` before the name) is
            // read through the header's columns, as scoring reads it.
            let columns = h.row_cells(line, self.last_column, &mut cells);
            read_across.clear();
            if !self.split.is_empty() {
                let value = |col: usize| {
                    let r = crate::table::cell_of_column(&columns, col).and_then(|i| cells.get(i))?;
                    let raw = &line[r.clone()];
                    let from = r.start + (raw.len() - raw.trim_start_matches(CELL_PADDING).len());
                    let to = r.start + raw.trim_end_matches(CELL_PADDING).len();
                    (from < to).then(|| start + from..start + to)
                };
                self.split.read_row(text, value, &mut parts, &mut read_across, &mut sink);
            }
            for &(col, kind) in &self.wanted {
                if read_across.iter().any(|run| run.contains(&col)) {
                    continue;
                }
                let Some(r) = crate::table::cell_of_column(&columns, col).and_then(|i| cells.get(i)) else { continue };
                let cell = start + r.start..start + r.end;
                match kind {
                    Kind::PersonName => {
                        if let Some(d) = detect::person_name::in_cell(text, cell) {
                            sink(col, d);
                        }
                    }
                    _ => {
                        let raw = &text[cell.clone()];
                        let from = cell.start + (raw.len() - raw.trim_start_matches(CELL_PADDING).len());
                        if from < cell.end && address_starts.binary_search(&from).is_err() {
                            if let Some(a) = detect::address::parse(&text[..cell.end], from, true) {
                                sink(col, detect::address::draft(text, &a, true));
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Per-scan state of the scoring: the column cursor, and this scan's own copies of the shared
/// strings that findings point to (keywords, header names). The regions of one large input are
/// scored on several threads at once: cloning one process-wide `Arc` from all of them made its
/// reference count a contended cache line, and releasing the findings touched it again.
#[derive(Default)]
struct Local {
    cursor: ColumnCursor,
    keywords: Vec<Option<Arc<str>>>,
    headers: Vec<Option<Arc<str>>>,
}

impl Local {
    /// This scan's copy of `shared`, the string number `id` of its table.
    fn copy(slot: &mut Vec<Option<Arc<str>>>, id: usize, shared: &Arc<str>) -> Arc<str> {
        if slot.len() <= id {
            slot.resize(id + 1, None);
        }
        slot[id].get_or_insert_with(|| Arc::from(&**shared)).clone()
    }
}

/// What the candidate pass carries from one candidate to the next.
#[derive(Default)]
struct CandidatePass {
    drafts: Vec<Draft>,
    token: Token,
    memo: detect::address::Memo,
    /// An address is parsed once, from its first trigger; later triggers inside it are skipped.
    address_end: usize,
    /// Where the pass found addresses, in order (their column cells are not parsed again).
    address_starts: Vec<usize>,
}

impl CandidatePass {
    /// The address that covers trigger `at`, if any, as a draft; the pass then skips its other
    /// triggers.
    #[inline]
    fn address_at(&mut self, text: &str, at: usize) {
        if let Some(a) = detect::address::at_trigger(text, at, &mut self.memo) {
            self.address_end = a.end;
            self.address_starts.push(a.start);
            self.drafts.push(detect::address::draft(text, &a, false));
        }
    }
}

/// The scored findings waiting for overlap resolution, in the order they were made (a finding
/// moved out is `None`), and the sort keys of [`Engine::finish`] (position, pass, index), kept for
/// their memory.
#[derive(Default)]
struct Pending {
    items: Vec<Option<Scored>>,
    order: Vec<(usize, usize, Pass, usize)>,
}

/// A scored finding waiting for overlap resolution: its table column (for the table summary's
/// counts) and the pass that made it.
struct Scored {
    finding: Finding,
    column: Option<usize>,
    pass: Pass,
}

/// The passes that make findings, in the order they ran when each covered the whole text: among
/// findings of one span, overlap resolution sees them in this order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pass {
    Candidates,
    Cells,
    /// Zengin records.
    Records,
}

/// Keeps the best of overlapping findings (higher score, then longer span) among `v`, sorted by
/// position (`span`, `score` and `kind` read an element's finding); the kept ones end
/// up first, in position order, and their number is returned. Findings are cut into clusters of
/// overlapping spans; only inside a cluster (a handful of alternatives for one value) is the
/// choice made, so this stays O(n log n) on a dense roster. Works in place.
fn resolve_overlaps<T, K: Ord>(v: &mut [T], span: impl Fn(&T) -> (usize, usize), score: impl Fn(&T) -> f32, kind: impl Fn(&T) -> K) -> usize {
    // v[..kept] are chosen; v[kept..i] are rejected; v[i..] are still to be looked at.
    let mut kept = 0;
    let mut i = 0;
    while i < v.len() {
        let mut j = i + 1;
        let mut end = span(&v[i]).1;
        while j < v.len() && span(&v[j]).0 < end {
            end = end.max(span(&v[j]).1);
            j += 1;
        }
        if j - i == 1 {
            v.swap(kept, i);
            kept += 1;
            i = j;
            continue;
        }
        v[i..j].sort_by(|a, b| {
            let (sa, sb) = (span(a), span(b));
            score(b)
                .total_cmp(&score(a))
                .then((sb.1 - sb.0).cmp(&(sa.1 - sa.0)))
                .then(sa.0.cmp(&sb.0))
                .then(kind(a).cmp(&kind(b)))
        });
        let first = kept;
        for k in i..j {
            let (start, end) = span(&v[k]);
            if !v[first..kept].iter().any(|f| {
                let (s, e) = span(f);
                s < end && start < e
            }) {
                v.swap(kept, k);
                kept += 1;
            }
        }
        v[first..kept].sort_by_key(|f| span(f));
        i = j;
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: best first (score, then length), keep what overlaps nothing kept.
    fn greedy(mut v: Vec<Finding>) -> Vec<Finding> {
        v.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then((b.span.end - b.span.start).cmp(&(a.span.end - a.span.start)))
                .then(a.span.start.cmp(&b.span.start))
                .then(a.kind.cmp(&b.kind))
        });
        let mut out: Vec<Finding> = Vec::new();
        for f in v {
            if !out.iter().any(|k| k.span.start < f.span.end && f.span.start < k.span.end) {
                out.push(f);
            }
        }
        out.sort_by_key(|f| (f.span.start, f.span.end));
        out
    }

    proptest::proptest! {
        #[test]
        fn in_place_overlap_resolution_equals_greedy(spans in proptest::collection::vec((0usize..60, 1usize..12, 0u8..5, 0usize..3), 0..40)) {
            let findings: Vec<Finding> = spans
                .iter()
                .map(|&(start, len, score, kind)| {
                    let score = f32::from(score) / 4.0;
                    Finding { kind: Kind::ALL[kind], span: start..start + len, score, confidence: Confidence::from_score(score), reasons: Vec::new(), normalized: String::new() }
                })
                .collect();
            let key = |v: &[Finding]| v.iter().map(|f| (f.span.clone(), f.kind)).collect::<Vec<_>>();
            let mut sorted = findings.clone();
            sorted.sort_by_key(|f| (f.span.start, f.span.end));
            let kept = resolve_overlaps(&mut sorted, |f| (f.span.start, f.span.end), |f| f.score, |f| f.kind);
            sorted.truncate(kept);
            proptest::prop_assert_eq!(key(&sorted), key(&greedy(findings)));
        }
    }

    /// Lines of rosters (one name column, split name and address columns, a fixed-width export),
    /// mail signatures (a name on the line above its address) and prose, in any order.
    fn segment_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let line = prop_oneof![
            Just("山田太郎,ヤマダ タロウ,東京都千代田区千代田1-1-1,090-1234-5678".to_string()),
            Just("鈴木,一郎,北海道,札幌市中央区,北一条西2-1".to_string()),
            Just("佐藤 花子,ｻﾄｳ ﾊﾅｺ,大阪府大阪市北区梅田3-1-3 梅田ハイツ201号室,06-6345-1234".to_string()),
            Just("株式会社サンプル\n総務課 辻数枝\n〒612-0867 京都府京都市伏見区深草西浦町4-72".to_string()),
            Just("〒100-0001 東京都千代田区千代田1-1".to_string()),
            Just("担当：高橋 美咲 様 TEL 03-1234-5678 連絡先 taro@example.jp".to_string()),
            Just("マイナンバー 6214 9832 0257 生年月日 1970/03/12".to_string()),
            Just("000123    山田　太郎        090-1234-5678".to_string()),
            Just("".to_string()),
            "[ -~ぁ-んァ-ン一-龥０-９,]{0,40}",
        ];
        let header = prop_oneof![Just(""), Just("氏名,フリガナ,住所,電話番号\n"), Just("姓,名,都道府県,市区町村,番地\n"), Just("顧客番号  氏名              電話番号\n")];
        (proptest::collection::vec(line, 0..60), header).prop_map(|(lines, header)| format!("{header}{}", lines.join("\n")))
    }

    #[test]
    fn a_signature_name_above_its_address_is_found_across_a_segment_boundary() {
        let engine = Engine::new(Config::default()).unwrap();
        let text = "株式会社サンプル\n総務課 辻数枝\n〒612-0867 京都府京都市伏見区深草西浦町4-72\n";
        let at = text.find('〒').unwrap();
        // Segments of one line each: the name's line ends a segment, its trigger opens the next.
        let found = engine.scan_segments(text, &mut TableState::default(), 1);
        assert!(found.iter().any(|f| f.kind == Kind::PersonName && &text[f.span.clone()] == "辻数枝" && f.span.end < at), "{found:?}");
        assert_eq!(found, engine.scan_segments(text, &mut TableState::default(), usize::MAX));
    }

    #[test]
    fn among_findings_of_one_span_the_candidate_pass_comes_first() {
        // Equal in all that overlap resolution weighs: the one made first wins, and the candidate
        // pass's finding is made before the cells' when the passes run one after the other. Here
        // the cell's is pending first (as one on a segment's last line would be).
        let engine = Engine::new(Config::default()).unwrap();
        let finding = |detail: &'static str| Finding { kind: Kind::PersonName, span: 0..6, score: 1.0, confidence: Confidence::High, reasons: vec![Reason::Format { detail: detail.into() }], normalized: "山田".into() };
        let mut pending = Pending { items: vec![Some(Scored { finding: finding("cell"), column: Some(0), pass: Pass::Cells }), Some(Scored { finding: finding("candidate"), column: Some(0), pass: Pass::Candidates })], order: Vec::new() };
        let (mut out, mut counts) = (Vec::new(), vec![0]);
        engine.finish(&mut pending, usize::MAX, "山田", &mut out, &mut counts);
        assert_eq!(out, vec![finding("candidate")]);
        assert_eq!(counts, vec![1]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]
        /// Resolving a segment at a time (any size, down to a line each) gives what one segment of
        /// the whole text gives: findings and table counts. A draft made before the line above its
        /// trigger fails a debug assertion here.
        #[test]
        fn segments_equal_one_segment(t in segment_text(), segment in 1usize..600) {
            let engine = Engine::new(Config::default()).unwrap();
            let (mut whole, mut parts) = (TableState::default(), TableState::default());
            let one = engine.scan_segments(&t, &mut whole, usize::MAX);
            let segmented = engine.scan_segments(&t, &mut parts, segment);
            proptest::prop_assert_eq!(segmented, one);
            proptest::prop_assert_eq!(parts.summaries(), whole.summaries());
        }
    }

    /// Text where short numbers stand where a detector may read them: after insurance card labels,
    /// town names and block words, before block markers, after `〒` (a name above), in prose.
    fn short_number_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            proptest::sample::select(vec![
                "記号", "番号", "枝番", "番号：", "記号 ", "保険者番号", "千代田", "丸の内", "西新宿", "丁目", "番地", "番", "号", "の", "〒", "\n", "\n〒",
                "前年比", "％", "年度", "第", "会議室", "時", "名", "、", "。", " ", "　", "-", "東京都千代田区", "山田太郎", "様", "TEL ", "被保険者証",
                "\n株式会社サンプル\n総務課 辻数枝\n〒",
            ])
            .prop_map(String::from),
            "[0-9]{1,5}",
            "[0-9]{1,4}",
            "[ぁ-んァ-ン一-龥０-９]{1,3}",
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// Dropping the short numbers nothing reads (the candidate pass's `used`) changes no finding,
        /// whichever of the kinds that read them are on.
        #[test]
        fn unused_short_numbers_change_nothing(t in short_number_text(), kinds in 0usize..4) {
            let kinds = match kinds {
                0 => Config::default().kinds,
                1 => Config::default().kinds & !Kind::Address.bit(),
                2 => Config::default().kinds & !Kind::PersonName.bit(),
                _ => Kind::HealthInsurance.bit() | Kind::PhoneNumber.bit(),
            };
            let config = Config { kinds, ..Config::default() };
            let used = Engine::new(config.clone()).unwrap();
            let every = Engine { every_candidate: true, ..Engine::new(config).unwrap() };
            let (mut a, mut b) = (TableState::default(), TableState::default());
            proptest::prop_assert_eq!(used.scan_segments(&t, &mut a, usize::MAX), every.scan_segments(&t, &mut b, usize::MAX), "{}", t);
        }
    }
}
