//! The scanning pipeline over UTF-8 text:
//! candidates (one regex pass) → validators (`detect`) → context scoring (keywords, table columns)
//! → allowlist and confidence filter → overlap resolution → findings sorted by position.

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

/// Everything a scan needs, compiled once.
#[derive(Debug)]
pub(crate) struct Engine {
    pub(crate) config: Config,
    candidates: Candidates,
    keywords: std::sync::Arc<Keywords>,
    allow_digits: Vec<String>,
    allow_patterns: Option<Regex>,
    windows: [(usize, usize); 32],
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
        Ok(Engine { candidates: Candidates::new(config.kinds), keywords: Keywords::shared(&config.extra_keywords), allow_digits, allow_patterns, windows, config })
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
        state.detect(text);
        let mut index = KeywordIndex::new(&self.keywords, text);
        // A table's findings are about one per cell of its PII columns: room for them at once,
        // rather than doubling to there (each doubling is a fresh block for the kernel to zero, and
        // a copy of everything before: on the roster, 11 M instructions and most of the copying).
        let expected = self.expected_findings(text, state);
        let mut scored: Vec<Finding> = Vec::with_capacity(expected);
        let mut drafts: Vec<Draft> = Vec::new();
        let mut token = Token::default();
        let mut local = Local { columns: Vec::with_capacity(expected), cell_columns: Vec::with_capacity(expected), ..Local::default() };
        let mut memo = detect::address::Memo::default();
        let addresses = self.enabled(Kind::Address);
        let names = self.enabled(Kind::PersonName);
        // An address is parsed once, from its first trigger; later triggers inside it are skipped.
        let mut address_end = 0;
        let mut address_starts: Vec<usize> = Vec::new();
        for (shape, range) in self.candidates.iter(text) {
            drafts.clear();
            match shape {
                Shape::Numeric => {
                    if addresses && range.start >= address_end && detect::address::digit_trigger(text, &range) {
                        if let Some(a) = detect::address::at_trigger(text, range.start, &mut memo) {
                            address_end = a.end;
                            address_starts.push(a.start);
                            drafts.push(detect::address::draft(text, &a, false));
                        }
                    }
                    // `〒` opening a line: a signature's name may be on the line above.
                    if names && text[..range.start].ends_with('〒') {
                        drafts.extend(detect::person_name::above_address(text, range.start - '〒'.len_utf8()).into_iter().flatten());
                    }
                    if detect::worth_parsing(text, &range) {
                        token.parse_into(text, range);
                        detect::numeric(text, &token, self.config.kinds, &mut memo, &mut drafts);
                    }
                }
                Shape::KanjiDate => {
                    if self.enabled(Kind::BirthDate) {
                        drafts.extend(detect::birth_date::validate_kanji(text, range));
                    }
                }
                Shape::At => {
                    let emails = self.enabled(Kind::EmailAddress);
                    if emails || names {
                        if let Some(e) = detect::email::validate(text, range) {
                            // `山田 太郎 <taro@example.jp>`: the display name before the address.
                            if names {
                                drafts.extend(detect::person_name::before_email(text, e.span.start));
                            }
                            if emails {
                                drafts.push(e);
                            }
                        }
                    }
                }
                Shape::Word(Word::AddressBlock) => {
                    if addresses && range.start >= address_end {
                        if let Some(a) = detect::address::at_trigger(text, range.start, &mut memo) {
                            address_end = a.end;
                            address_starts.push(a.start);
                            drafts.push(detect::address::draft(text, &a, false));
                        }
                    }
                }
                Shape::Word(Word::Honorific) => {
                    if names {
                        drafts.extend(detect::person_name::before_honorific(text, range.clone()));
                        drafts.extend(detect::person_name::after_title(text, range));
                    }
                }
                Shape::Word(Word::NameLabel) => {
                    if names {
                        drafts.extend(detect::person_name::after_label(text, range));
                    }
                }
                Shape::Word(Word::Colon) => {
                    if names {
                        drafts.extend(detect::person_name::after_person_label(text, range));
                    }
                }
                Shape::Word(Word::Era) => {}
                Shape::HalfKana => {
                    if names {
                        drafts.extend(detect::person_name::half_kana(text, range));
                    }
                }
            }
            for d in drafts.drain(..) {
                if let Some(f) = self.score(d, None, &mut index, state, &mut local, text) {
                    scored.push(f);
                }
            }
        }
        // Cells of name and address columns: the header is the evidence, even without a trigger.
        if (names || addresses) && state.header.is_some() {
            self.column_drafts(text, state, &address_starts, |column, d| {
                if let Some(f) = self.score(d, Some(column), &mut index, state, &mut local, text) {
                    scored.push(f);
                }
            });
        }
        // Zengin transfer records: fixed columns say what each field is, no keywords needed.
        if self.enabled(Kind::BankAccount) || self.enabled(Kind::PersonName) {
            for d in detect::zengin::scan(text) {
                if self.enabled(d.kind) {
                    let score = d.base;
                    scored.push(Finding { kind: d.kind, span: d.span, score, confidence: Confidence::from_score(score), reasons: d.reasons, normalized: d.normalized });
                }
            }
        }
        let mut findings = resolve_overlaps(scored);
        findings.retain(|f| f.confidence >= self.config.min_confidence && !self.allowed(f, text));
        self.count_columns(&findings, text, state, [&mut local.columns, &mut local.cell_columns]);
        state.count_records(text);
        findings
    }

    /// Drafts for the cells of name, kana and address columns that the candidate pass did not
    /// already cover, each given to `sink` with its column as it is made (a roster has tens of
    /// thousands: collected first, they were one more large vector to fill and grow).
    fn column_drafts(&self, text: &str, state: &TableState, address_starts: &[usize], mut sink: impl FnMut(usize, Draft)) {
        let Some(h) = state.header.as_ref() else { return };
        let wanted: Vec<(usize, Kind)> = h
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.1.filter(|k| matches!(k, Kind::PersonName | Kind::Address) && self.enabled(*k)).map(|k| (i, k)))
            .collect();
        if wanted.is_empty() {
            return;
        }
        let last_column = wanted.iter().map(|w| w.0).max().unwrap_or(0);
        let split = SplitColumns::new(h, &wanted);
        let mut parts: Vec<core::ops::Range<usize>> = Vec::new();
        let mut read_across: Vec<core::ops::Range<usize>> = Vec::new();
        let mut cells = Vec::new();
        let mut line_start = 0;
        for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
            let line = &text[line_start..end];
            let start = line_start;
            line_start = end + 1;
            if line.trim().is_empty() {
                continue;
            }
            if !line.as_bytes().contains(&h.delimiter) || line.trim_end_matches('\r') == &*h.line {
                continue;
            }
            // A row with more cells than the header (an unquoted price `7,519` before the name) is
            // read through the header's columns, as scoring reads it.
            let columns = crate::table::row_cells(line, h.delimiter, h.columns.len(), last_column, &mut cells);
            read_across.clear();
            if !split.is_empty() {
                let value = |col: usize| {
                    let r = crate::table::cell_of_column(&columns, col).and_then(|i| cells.get(i))?;
                    let raw = &line[r.clone()];
                    let from = r.start + (raw.len() - raw.trim_start_matches(CELL_PADDING).len());
                    let to = r.start + raw.trim_end_matches(CELL_PADDING).len();
                    (from < to).then(|| start + from..start + to)
                };
                split.read_row(text, value, &mut parts, &mut read_across, &mut sink);
            }
            for &(col, kind) in &wanted {
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
                        let from = cell.start + (raw.len() - raw.trim_start_matches([' ', '"', '\u{3000}']).len());
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

    /// How many findings a table is likely to give: a row's cells in columns of enabled kinds
    /// (0 without a table). Bounded by the text's length, so an odd header cannot ask for much.
    fn expected_findings(&self, text: &str, state: &TableState) -> usize {
        let Some(h) = state.header.as_ref() else { return 0 };
        let columns = h.columns.iter().filter(|c| c.1.is_some_and(|k| self.enabled(k))).count();
        let rows = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        rows.saturating_mul(columns).min(text.len() / 8)
    }

    /// Counts the kept findings per table column. A scored finding's column is the one scoring used
    /// (`scored`: the candidate pass's and the column cells', see [`Local::columns`]); only the
    /// others (Zengin records) are looked up, which splits their lines again.
    fn count_columns(&self, findings: &[Finding], text: &str, state: &mut TableState, mut scored: [&mut [ScoredColumn]; 2]) {
        if state.header.is_none() {
            return;
        }
        // Findings are sorted by span; so is each list, after this. Each is in position order but
        // for a few drafts made before the trigger they start at: sorted apart, neither needs the
        // merge (and its scratch memory) that one list of both did.
        for list in scored.iter_mut() {
            list.sort_by_key(|c| (c.span.start, c.span.end));
        }
        let mut cursor = ColumnCursor::default();
        let [candidates, cells] = scored;
        let (mut next_candidate, mut next_cell) = (0, 0);
        let cols: Vec<usize> = findings
            .iter()
            .filter_map(|f| match scored_column(candidates, &mut next_candidate, f).or_else(|| scored_column(cells, &mut next_cell, f)) {
                Some(column) => column,
                None => state.column_at_cached(text, f.span.start, &mut cursor),
            })
            .collect();
        if let Some(h) = state.header.as_mut() {
            for c in cols {
                h.findings[c] += 1;
            }
        }
    }

    /// Scores a draft with its context; `None` when a context-only kind has no context. `column`:
    /// the draft's table column when the caller knows it (cells of a column), else it is looked up.
    fn score(&self, d: Draft, column: Option<usize>, index: &mut KeywordIndex, table: &TableState, local: &mut Local, text: &str) -> Option<Finding> {
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
        // A column the caller knows is a column cell's (see `Local::cell_columns`).
        let cell = column.is_some();
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
        if table.header.is_some() {
            let list = if cell { &mut local.cell_columns } else { &mut local.columns };
            list.push(ScoredColumn { span: d.span.clone(), kind: d.kind, column });
        }
        Some(Finding { kind: d.kind, span: d.span, score, confidence: Confidence::from_score(score), reasons, normalized: d.normalized })
    }

    /// The configuration allows this value (exact text, same digits, or a full pattern match).
    fn allowed(&self, f: &Finding, text: &str) -> bool {
        let raw = &text[f.span.clone()];
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

/// The column `f` was scored in, if `list` (sorted by span) records it; `next` walks forward
/// through `list` as the findings do.
fn scored_column(list: &[ScoredColumn], next: &mut usize, f: &Finding) -> Option<Option<usize>> {
    let (start, end) = (f.span.start, f.span.end);
    while list.get(*next).is_some_and(|c| c.span.start < start || (c.span.start == start && c.span.end < end)) {
        *next += 1;
    }
    list[*next..].iter().take_while(|c| c.span.start == start && c.span.end == end).find(|c| c.kind == f.kind).map(|c| c.column)
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

/// Per-scan state of the scoring: the column cursor, and this scan's own copies of the shared
/// strings that findings point to (keywords, header names). The regions of one large input are
/// scored on several threads at once: cloning one process-wide `Arc` from all of them made its
/// reference count a contended cache line, and releasing the findings touched it again.
#[derive(Default)]
struct Local {
    cursor: ColumnCursor,
    /// The column each finding was scored in, for the table summary's counts: the candidate pass's
    /// findings here, the column cells' (scored after them) in `cell_columns`. Each list is in
    /// position order, nearly: kept apart, neither needs merging into the other.
    columns: Vec<ScoredColumn>,
    cell_columns: Vec<ScoredColumn>,
    keywords: Vec<Option<Arc<str>>>,
    headers: Vec<Option<Arc<str>>>,
}

/// The table column a finding was scored in (`None`: on a line outside the table).
struct ScoredColumn {
    span: core::ops::Range<usize>,
    kind: Kind,
    column: Option<usize>,
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

/// Keeps the best of overlapping findings (higher score, then longer span). Findings are sorted by
/// position and cut into clusters of overlapping spans; only inside a cluster (a handful of
/// alternatives for one value) is the choice made, so this stays O(n log n) on a dense roster. Works
/// in place: on a roster the vector holds hundreds of thousands of findings, and a second one of
/// the same size cost more in fresh pages than the choosing itself.
fn resolve_overlaps(mut v: Vec<Finding>) -> Vec<Finding> {
    v.sort_by_key(|f| (f.span.start, f.span.end));
    // v[..kept] are chosen; v[kept..i] are rejected; v[i..] are still to be looked at.
    let mut kept = 0;
    let mut i = 0;
    while i < v.len() {
        let mut j = i + 1;
        let mut end = v[i].span.end;
        while j < v.len() && v[j].span.start < end {
            end = end.max(v[j].span.end);
            j += 1;
        }
        if j - i > 1 {
            v[i..j].sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then((b.span.end - b.span.start).cmp(&(a.span.end - a.span.start)))
                    .then(a.span.start.cmp(&b.span.start))
                    .then(a.kind.cmp(&b.kind))
            });
        }
        let first = kept;
        for k in i..j {
            if !v[first..kept].iter().any(|f| f.span.start < v[k].span.end && v[k].span.start < f.span.end) {
                v.swap(kept, k);
                kept += 1;
            }
        }
        v[first..kept].sort_by_key(|f| (f.span.start, f.span.end));
        i = j;
    }
    v.truncate(kept);
    v
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
            proptest::prop_assert_eq!(key(&resolve_overlaps(findings.clone())), key(&greedy(findings)));
        }
    }
}
