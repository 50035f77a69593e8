//! 住所: prefecture + municipality (a validated pair from the municipality list) + town + block
//! (`3丁目4番5号`, `三丁目四番五号`, `３丁目４−５`, `3-4-5`, `4番地の2`, `番地なし`) + an optional
//! building and room; or the same from an unambiguous municipality (`横浜市中区…`); or Kyoto's street
//! form (`…通…上る`).
//!
//! Nothing here scans the whole text: the single pass yields a trigger (a digit run right after a
//! town-like character, or `丁目`/`番地`/`上る`…), and [`at_trigger`] looks back along the line for a
//! place name with a small automaton of the 47 prefectures and 1,912 municipality names, then parses
//! forward. A place name with no block after it (`東京駅`, `大阪支社`, `中央区役所`) is not an address,
//! except in a column whose header says 住所.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap;

use super::Draft;
use crate::data::{self, Municipality, MunicipalityKind};
use crate::finding::{Kind, Reason};
use crate::normalize::{digit, is_hyphen, is_kanji_numeral, is_space, kanji_digit, parse_kanji_number};

/// How far back (bytes) from a trigger an address may start.
const LOOK_BACK: usize = 240;
/// The longest address parsed (bytes from its start).
const MAX_LEN: usize = 400;

/// What a place-name match names.
#[derive(Clone, Debug)]
enum Place {
    /// Index into `data::prefectures()`.
    Pref(usize),
    /// Indexes into `data::municipalities()` sharing this written name.
    Munis(Vec<usize>),
}

struct Places {
    /// Every name, for the look-back along a line (unanchored).
    ac: AhoCorasick,
    places: Vec<Place>,
    /// The names by their first two characters, longest first: the look-up at a known start (the
    /// prefecture, then the municipality right after it), twice per address. The automaton's
    /// anchored search cost ~570 instructions a call on the benchmark roster, this ~400.
    by_start: FxHashMap<u64, Vec<(&'static str, u32)>>,
}

/// The bytes of the first two characters of `s` (fewer if it is shorter), as a key.
#[inline]
fn two_chars(s: &str) -> u64 {
    let b = s.as_bytes();
    let width = |lead: u8| match lead {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    let Some(&lead) = b.first() else { return 0 };
    let first = width(lead);
    let end = b.get(first).map_or(first, |&next| first + width(next)).min(b.len());
    b[..end].iter().fold(0u64, |k, &c| k << 8 | u64::from(c))
}

impl Places {
    /// The longest name starting exactly at `at` within `text[..limit]`: its place index and end
    /// (what the automaton's anchored leftmost-longest search finds; every name has at least two
    /// characters, checked when the index is built).
    #[inline]
    fn anchored(&self, text: &str, at: usize, limit: usize) -> Option<(usize, usize)> {
        let rest = text.get(at..limit)?;
        let names = self.by_start.get(&two_chars(rest))?;
        names.iter().find(|(name, _)| rest.starts_with(name)).map(|&(name, place)| (place as usize, at + name.len()))
    }
}

fn places() -> &'static Places {
    static P: OnceLock<Places> = OnceLock::new();
    P.get_or_init(|| {
        let mut names: Vec<&'static str> = Vec::new();
        let mut places: Vec<Place> = Vec::new();
        // Each name's place, to find a name met before (a linear search of the ~2,500 names here
        // was ~90 M instructions of every process's start).
        let mut index: FxHashMap<&'static str, usize> = FxHashMap::default();
        for (i, p) in data::prefectures().iter().enumerate() {
            index.entry(p).or_insert(names.len());
            names.push(p);
            places.push(Place::Pref(i));
        }
        let mut add = |name: &'static str, i: usize, names: &mut Vec<&'static str>, places: &mut Vec<Place>| {
            if name.is_empty() {
                return;
            }
            match index.get(name) {
                Some(&k) => {
                    if let Place::Munis(v) = &mut places[k] {
                        v.push(i);
                    }
                }
                None => {
                    index.insert(name, names.len());
                    names.push(name);
                    places.push(Place::Munis(vec![i]));
                }
            }
        };
        for (i, m) in data::municipalities().iter().enumerate() {
            if m.kind == MunicipalityKind::Prefecture {
                continue;
            }
            add(m.name, i, &mut names, &mut places);
            // Addresses often leave out the 郡: `当別町` for `石狩郡当別町`.
            if m.short != m.name && m.kind != MunicipalityKind::DesignatedCityWard {
                add(m.short, i, &mut names, &mut places);
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .expect("place names");
        let mut by_start: FxHashMap<u64, Vec<(&'static str, u32)>> = FxHashMap::default();
        for (i, name) in names.iter().enumerate() {
            assert!(name.chars().nth(1).is_some(), "place name {name} has two characters");
            by_start.entry(two_chars(name)).or_default().push((name, i as u32));
        }
        for list in by_start.values_mut() {
            list.sort_by_key(|(name, _)| core::cmp::Reverse(name.len()));
        }
        Places { ac, places, by_start }
    })
}

/// A parsed address.
#[derive(Clone, Debug)]
pub(crate) struct Parsed {
    pub start: usize,
    pub end: usize,
    pub pref: &'static str,
    pub muni: &'static Municipality,
    /// The prefecture was written (not inferred from an unambiguous municipality).
    pub pref_written: bool,
    /// Town, block and building with arabic block numbers (`丸の内3-4-5 〇〇ハイツ201号室`).
    pub rest: String,
    pub has_block: bool,
    pub has_building: bool,
    /// Where the town part begins (after the municipality).
    rest_start: usize,
}

/// The last address parse of one text, by start. A postal code's corroboration and the address's
/// own trigger parse the same address (`〒100-0001 東京都千代田区千代田1-1`): on a roster, once
/// per row instead of twice.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// (text length, start, parse before the block check).
    last: Option<(usize, usize, Option<Parsed>)>,
}

impl Parsed {
    pub fn normalized(&self) -> String {
        let mut s = [self.pref, " ", self.muni.name, " ", &self.rest].concat();
        s.truncate(s.trim_end().len());
        s
    }
}

/// A digit run is worth an address look-up when it follows a town-like character (`千代田1-1`,
/// `丸の内３丁目`) or a block word, and looks like a block: hyphenated groups, or a number followed by
/// a block marker. `前年比3％` and `2024年度` are not looked up.
pub(crate) fn digit_trigger(text: &str, token: &core::ops::Range<usize>) -> bool {
    follows_town(text, token.start) && (text[token.clone()].chars().any(is_hyphen) || block_like_next(text, token.end))
}

/// The character before `at` may end a town name or a block word (`千代田`, `3丁目`, `番地`).
#[inline]
pub(crate) fn follows_town(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    // Kana and kanji (three bytes) decoded in place; anything else by `chars`.
    let c = match b[..at] {
        [.., b0, b1, b2] if b0 & 0xF0 == 0xE0 => char::from_u32(crate::candidates::code_point3(b0, b1, b2)),
        _ => text[..at].chars().next_back(),
    };
    c.is_some_and(|c| is_town_char(c) || matches!(c, '目' | '地' | '番'))
}

/// What follows a block number at `at`: a block marker, a list or line break, or the end.
#[inline]
pub(crate) fn block_like_next(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_none_or(|c| matches!(c, '丁' | '番' | '号' | 'の' | '条' | '線' | '地' | ',' | '、' | '。' | '\t' | '\r' | '\n' | '"' | ' ' | '　' | '）' | ')'))
}

/// Looks for an address that covers byte `at` (a trigger), starting at most [`LOOK_BACK`] bytes
/// before it on the same line.
pub(crate) fn at_trigger(text: &str, at: usize, memo: &mut Memo) -> Option<Parsed> {
    let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1);
    let from = crate::context::floor_boundary(text, at.saturating_sub(LOOK_BACK).max(line_start));
    // The address just parsed for a postal code (`〒100-0001 東京都千代田区千代田1-1`) covers the
    // trigger: it is the answer, without searching the line again.
    if let Some((len, start, Some(a))) = &memo.last {
        if *len == text.len() && *start >= from && *start < at && a.end > at && a.has_block {
            // Taken, not copied: the pass skips the address's other triggers, and a parse at the
            // same start again would only parse afresh.
            return memo.last.take().and_then(|(_, _, a)| a);
        }
    }
    let p = places();
    for m in p.ac.find_iter(&text[from..at]) {
        if let Some(a) = parse_with(text, from + m.start(), false, memo) {
            if a.end > at {
                return Some(a);
            }
        }
    }
    None
}

/// Parses an address starting exactly at `start`. `cell`: the text is a cell of an address column,
/// where a town without a block number is still an address.
pub(crate) fn parse(text: &str, start: usize, cell: bool) -> Option<Parsed> {
    parse_with(text, start, cell, &mut Memo::default())
}

/// An address written across adjacent cells of a row (`東京都` | `千代田区` | `千代田1-1-1` |
/// `サンハイツ201`; 住所1 | 住所2; each of `parts` a cell's value in `text`): the values read as one
/// text, in order. `None` when the reading does not go past the first cell, or when the first cell
/// and a later one are whole addresses by themselves (`自宅住所,勤務先住所`: two addresses, read one by
/// one). Offsets are mapped back into `text`: the address runs from the first cell to where the
/// reading ends, the delimiters between included.
pub(crate) fn parse_cells(text: &str, parts: &[core::ops::Range<usize>]) -> Option<Parsed> {
    let first = parts.first()?;
    let whole = |p: &core::ops::Range<usize>| parse(&text[..p.end], p.start, false).is_some();
    if parts.len() < 2 || (whole(first) && parts[1..].iter().any(whole)) {
        return None;
    }
    let mut joined = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    let mut starts = Vec::with_capacity(parts.len());
    for p in parts {
        let v = &text[p.clone()];
        // A block number and a bare room number (`1-1-1` | `201`) stay two numbers.
        if joined.ends_with(|c: char| digit(c).is_some()) && v.starts_with(|c: char| digit(c).is_some()) {
            joined.push(' ');
        }
        starts.push(joined.len());
        joined.push_str(v);
    }
    let a = parse(&joined, 0, true)?;
    if a.end <= starts[1] {
        return None;
    }
    let back = |at: usize| {
        let k = starts.partition_point(|&s| s < at).saturating_sub(1);
        (parts[k].start + (at - starts[k])).min(parts[k].end)
    };
    Some(Parsed { start: first.start, end: back(a.end), rest_start: back(a.rest_start), ..a })
}

/// [`parse`], remembering the last parse of `text` in `memo` (one text per memo).
pub(crate) fn parse_with(text: &str, start: usize, cell: bool, memo: &mut Memo) -> Option<Parsed> {
    let raw = match &memo.last {
        Some((len, s, raw)) if *len == text.len() && *s == start => raw.clone(),
        _ => {
            let raw = parse_unchecked(text, start);
            memo.last = Some((text.len(), start, raw.clone()));
            raw
        }
    };
    // A town without a block number is an address only in an address column.
    raw.filter(|a| a.has_block || (cell && a.end > a.rest_start))
}

/// An address at `start` up to its end, with or without a block number.
fn parse_unchecked(text: &str, start: usize) -> Option<Parsed> {
    let p = places();
    let limit = (start + MAX_LEN).min(text.len());
    let limit = crate::context::floor_boundary(text, limit);
    let mut pos = start;
    let mut pref: Option<&'static str> = None;
    let first = p.anchored(text, pos, limit)?;
    if let Place::Pref(i) = p.places[first.0] {
        pref = Some(data::prefectures()[i]);
        pos = skip_one_space(text, first.1);
    }
    let m_start = pos;
    let (m, m_end) = if pref.is_some() { p.anchored(text, pos, limit)? } else { first };
    let Place::Munis(ref idx) = p.places[m] else { return None };
    let munis = data::municipalities();
    let muni = match pref {
        Some(pf) => idx.iter().map(|&i| &munis[i]).find(|x| x.pref == pf)?,
        None => {
            // Without a prefecture, only a name no other municipality shares (横浜市中区, not 府中市).
            let [i] = idx[..] else { return None };
            let x = &munis[i];
            // A bare ward or town name is too common a word to start an address on its own.
            // A name written with its 郡 (`上益城郡甲佐町`) is specific enough.
            let with_gun = text[m_start..m_end].contains('郡');
            // Tokyo's wards are written without 東京都 as often as with it (`世田谷区太子堂4-1-1`); those
            // that other cities have too (`中央区`, `北区`, `港区`) stay out.
            let ward = x.kind == MunicipalityKind::SpecialWard && !ward_of_other_cities(x.name);
            if !with_gun && !ward && !matches!(x.kind, MunicipalityKind::DesignatedCity | MunicipalityKind::DesignatedCityWard | MunicipalityKind::City) {
                return None;
            }
            x
        }
    };
    pos = m_end;
    let (rest, end, has_block, has_building) = parse_rest(&text[..limit], skip_one_space(text, pos));
    Some(Parsed { start, end, pref: muni.pref, muni, pref_written: pref.is_some(), rest, has_block, has_building, rest_start: pos })
}

/// A Tokyo ward name that a designated city's ward also has (`中央区`: 札幌市中央区, 大阪市中央区…).
fn ward_of_other_cities(ward: &str) -> bool {
    static SHARED: OnceLock<Vec<&'static str>> = OnceLock::new();
    SHARED
        .get_or_init(|| {
            let munis = data::municipalities();
            munis
                .iter()
                .filter(|w| w.kind == MunicipalityKind::SpecialWard && munis.iter().any(|d| d.kind == MunicipalityKind::DesignatedCityWard && d.name.ends_with(w.name) && d.name.len() > w.name.len()))
                .map(|w| w.name)
                .collect()
        })
        .contains(&ward)
}

fn skip_one_space(text: &str, pos: usize) -> usize {
    match text[pos..].chars().next() {
        Some(c) if is_space(c) => pos + c.len_utf8(),
        _ => pos,
    }
}

/// Characters a town name is made of.
const fn town_char_rule(c: char) -> bool {
    is_kanji(c) || matches!(c, 'ァ'..='ヺ' | 'ー' | '々' | 'の' | 'が')
        || matches!(c, 'ぁ'..='ゖ') && !matches!(c, 'は' | 'を' | 'に' | 'へ' | 'で' | 'と' | 'や' | 'も' | 'か' | 'な' | 'よ' | 'ね')
}

/// [`town_char_rule`] of every character of the Basic Multilingual Plane, one bit each (8 KB,
/// built at compile time): the rule's ranges cost ~20 instructions a character, and it is asked
/// before every number of a text and at every character of a town.
static TOWN_CHARS: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut cp = 0u32;
    while cp < 0x1_0000 {
        if let Some(c) = char::from_u32(cp) {
            if town_char_rule(c) {
                bits[(cp >> 6) as usize] |= 1 << (cp & 63);
            }
        }
        cp += 1;
    }
    bits
};

/// Characters a town name is made of ([`town_char_rule`]; every one is in the BMP).
#[inline]
fn is_town_char(c: char) -> bool {
    let cp = c as u32;
    cp < 0x1_0000 && (TOWN_CHARS[(cp >> 6) as usize] >> (cp & 63)) & 1 == 1
}

const fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々' | '〆')
}

/// Words that end the address: what follows is something else.
const STOP_WORDS: &[&str] = &["電話", "携帯", "TEL", "Tel", "tel", "ＴＥＬ", "FAX", "ＦＡＸ", "在住", "出身", "まで", "から", "付近", "周辺", "方面", "にて", "駅"];

/// A stop word starts at the start of `rest`, whose first character is `c`. The first character
/// is tested before any word is compared: the town and building loops ask at every character.
fn stop_word_at(rest: &str, c: char) -> bool {
    matches!(c, '電' | '携' | 'T' | 't' | 'Ｔ' | 'F' | 'Ｆ' | '在' | '出' | 'ま' | 'か' | '付' | '周' | '方' | 'に' | '駅')
        && STOP_WORDS.iter().any(|w| rest.starts_with(w))
}

/// Kyoto's street directions: `…通御池上る` places an address without a block number.
const KYOTO_DIRECTIONS: &[&str] = &["上る", "下る", "上ル", "下ル", "西入ル", "東入ル", "西入る", "東入る", "西入", "東入"];

/// Block markers after a number: (marker, what it becomes in the normalized form).
const MARKERS: &[(&str, &str)] = &[
    ("丁目", "-"),
    ("番地の", "-"),
    ("番地", "-"),
    ("番の", "-"),
    ("番", "-"),
    ("号室", "号室"),
    ("号", ""),
    ("地割", "地割"),
    ("条", "条"),
    ("線", "線"),
    ("の", "-"),
];

/// Building-name endings (a building without a room number is included only with one of these).
const BUILDINGS: &[&str] = &["ビル", "ハイツ", "マンション", "コーポ", "レジデンス", "タワー", "ハウス", "荘", "棟", "館", "ヒルズ", "ガーデン", "パレス", "メゾン", "ハイム", "アパート", "寮", "団地", "コート", "プラザ", "ヴィラ", "カーサ"];

/// A number at `i`: ASCII/full-width digits, or kanji numerals followed by a block marker.
/// Returns its end and, for kanji numerals, its value (digits are taken as written). Nothing is
/// allocated: the town loop asks at every character.
fn number_at(s: &str, i: usize) -> Option<(usize, Option<u64>)> {
    let digits: usize = s[i..].chars().take_while(|&c| digit(c).is_some()).map(char::len_utf8).sum();
    if digits > 0 {
        return Some((i + digits, None));
    }
    // Kanji numerals count as a block number only before a marker (`三丁目`, `四番地`, `五号`):
    // `六本木`, `三田`, `一番町` stay town names as written.
    let j = i + s[i..].chars().take_while(|&c| is_kanji_numeral(c)).map(char::len_utf8).sum::<usize>();
    if j == i {
        return None;
    }
    let after = &s[j..];
    // `一番町`, `五番丁` are town names.
    if !["丁目", "番地", "番", "号"].iter().any(|m| after.starts_with(m)) || after.starts_with("番町") || after.starts_with("番丁") {
        return None;
    }
    let v = parse_kanji_number(&s[i..j]).or_else(|| s[i..j].chars().map(kanji_digit).sum::<Option<u32>>().map(u64::from))?;
    Some((j, Some(v)))
}

/// Where a number at `i` ends, if one is there.
fn number_end(s: &str, i: usize) -> Option<usize> {
    number_at(s, i).map(|(end, _)| end)
}

/// Appends the number at `i` to `out` in arabic digits; returns its end.
fn push_number(s: &str, i: usize, out: &mut String) -> Option<usize> {
    let (end, value) = number_at(s, i)?;
    match value {
        Some(v) => {
            use core::fmt::Write;
            let _ = write!(out, "{v}");
        }
        None => out.extend(s[i..end].chars().filter_map(digit).map(|d| char::from(b'0' + d))),
    }
    Some(end)
}

/// Town, block and building after the municipality: (normalized rest, end, has block, has building).
fn parse_rest(s: &str, pos: usize) -> (String, usize, bool, bool) {
    let mut out = String::with_capacity(64);
    let mut i = pos;
    let mut town_end = pos;
    let mut block_end = None;
    let mut town_chars = 0;
    let mut kyoto = false;
    // Town.
    while i < s.len() {
        let rest = &s[i..];
        let Some(c) = rest.chars().next() else { break };
        if number_end(s, i).is_some() || stop_word_at(rest, c) {
            break;
        }
        if c == '番' && rest.starts_with("番地なし") {
            out.push_str("番地なし");
            i += "番地なし".len();
            block_end = Some(i);
            break;
        }
        if matches!(c, '上' | '下' | '西' | '東') && KYOTO_DIRECTIONS.iter().any(|w| rest.starts_with(w)) {
            kyoto = true;
        }
        if !is_town_char(c) || town_chars >= 24 {
            break;
        }
        out.push(c);
        i += c.len_utf8();
        town_chars += 1;
        town_end = i;
    }
    // Block: numbers joined by markers or hyphens.
    if block_end.is_none() {
        let mut numbers = 0;
        let mut j = i;
        let mut blk = String::with_capacity(16);
        'block: loop {
            let len_before = blk.len();
            let Some(after) = push_number(s, j, &mut blk) else { break };
            if numbers == 0 && blk.len() - len_before > 5 {
                blk.truncate(len_before);
                break;
            }
            numbers += 1;
            j = after;
            block_end = Some(j);
            let rest = &s[j..];
            for (m, rep) in MARKERS {
                if rest.starts_with(m) {
                    let after_marker = j + m.len();
                    let more = number_end(s, after_marker).is_some();
                    if *m == "の" && !more {
                        break 'block;
                    }
                    if *m == "号室" {
                        // `201号室` right after the block is a room: leave it to the building part.
                        break 'block;
                    }
                    blk.push_str(rep);
                    j = after_marker;
                    block_end = Some(j);
                    // Hokkaido's grid: `北8条西5丁目`, `西1条南2丁目`, `4条通8丁目`: a direction after
                    // 条 or 線, then the next number.
                    if !more && matches!(*m, "条" | "線") {
                        if let Some(d) = s[j..].chars().next().filter(|d| matches!(d, '東' | '西' | '南' | '北' | '通')) {
                            if number_end(s, j + d.len_utf8()).is_some() {
                                blk.push(d);
                                j += d.len_utf8();
                                continue 'block;
                            }
                        }
                    }
                    if !more {
                        break 'block;
                    }
                    continue 'block;
                }
            }
            match rest.chars().next() {
                Some(h) if is_hyphen(h) && number_end(s, j + h.len_utf8()).is_some_and(|e| e > j + h.len_utf8()) && numbers < 5 => {
                    blk.push('-');
                    j += h.len_utf8();
                }
                Some(u) if numbers == 1 && blk.bytes().all(|b| b.is_ascii_digit()) && "年月日時分秒円人名件回個歳才%％万億".contains(u) => {
                    // `港区2024年`, `3名`: a count or a date, not a block number.
                    block_end = None;
                    break;
                }
                _ => break,
            }
        }
        let blk = blk.trim_end_matches('-');
        if numbers > 0 && block_end.is_some() {
            out.push_str(blk);
        }
    }
    // Kyoto's street directions (`…通御池上る`) place an address without a block number.
    if kyoto && block_end.is_none() {
        block_end = Some(town_end);
    }
    let Some(mut end) = block_end else {
        return (out, town_end, false, false);
    };
    // Building and room.
    let mut has_building = false;
    let b_start = skip_one_space(s, end);
    let mut k = b_start;
    let mut name = String::new();
    let mut spaced = false;
    for c in s[b_start..].chars() {
        // `サンハイツ 502号室`, `森タワー 23F`: one space between a building and its room or floor.
        let room_after_space = !spaced
            && matches!(c, ' ' | '\u{3000}')
            && BUILDINGS.iter().any(|b| name.contains(b))
            && s[k + c.len_utf8()..].chars().next().is_some_and(|n| digit(n).is_some());
        spaced |= room_after_space;
        let ok = c.is_alphanumeric() && !matches!(c, '。' | '、') || matches!(c, 'ー' | '・' | '-' | '－' | '‐' | '#' | '＃') || room_after_space;
        if !ok || name.chars().count() >= 30 {
            break;
        }
        if stop_word_at(&s[k..], c) || matches!(c, 'は' | 'を' | 'に' | 'へ' | 'で' | 'と' | 'が' | 'も' | 'の' | 'や') {
            break;
        }
        name.push(c);
        k += c.len_utf8();
    }
    // Accept the longest prefix of `name` that ends in a room marker or a building word.
    let mut best: Option<usize> = None;
    let mut acc = 0;
    for c in name.chars() {
        acc += c.len_utf8();
        let head = &name[..acc];
        let room = ["号室", "号", "F", "Ｆ", "階"].iter().any(|m| head.ends_with(m)) && head.chars().rev().nth(if head.ends_with("号室") { 2 } else { 1 }).is_some_and(|d| digit(d).is_some());
        let numbered = digit(c).is_some() && {
            // `ハイツ201`: digits right after a building word.
            // `コーポ梅田 201`: after the one space, the building word may be anywhere before it.
            let t = head.trim_end_matches(|x: char| digit(x).is_some());
            let before_space = t.trim_end_matches([' ', '\u{3000}']);
            // There the room number must stand alone (1–4 digits, no leading 0: not a phone number).
            let room_number = || {
                let digits = &head[t.len()..];
                digits.chars().count() <= 4 && !digits.starts_with(['0', '０']) && !name[acc..].starts_with(|x: char| digit(x).is_some() || matches!(x, '-' | '－' | '‐'))
            };
            head.len() - t.len() >= 3
                && if before_space.len() < t.len() { BUILDINGS.iter().any(|b| before_space.contains(b)) && room_number() } else { BUILDINGS.iter().any(|b| t.ends_with(b)) }
        };
        if room || BUILDINGS.iter().any(|b| head.ends_with(b)) || numbered {
            best = Some(acc);
        }
    }
    if let Some(n) = best {
        let building = &name[..n];
        // Not mangled: the building name is kept as written.
        out.push(' ');
        out.push_str(building);
        end = b_start + n;
        has_building = true;
    }
    (out, end, true, has_building)
}

/// The draft for a parsed address.
pub(crate) fn draft(text: &str, a: &Parsed, cell: bool) -> Draft {
    let mut base = if a.pref_written { 0.7 } else { 0.6 };
    if !a.has_block {
        base = if cell { 0.4 } else { 0.3 };
    }
    if a.has_building {
        base += 0.1;
    }
    let corroborating = postal_code_before(text, a.start)
        .filter(|&code| data::postal_code_municipalities(code).any(|m| m.code == a.muni.code || m.name == a.muni.parent && m.pref == a.pref));
    // The municipality, the block, the postal code before it, and the context.
    let room = 2 + usize::from(a.has_block) + usize::from(corroborating.is_some());
    let mut d = Draft::new(Kind::Address, a.start..a.end, base, a.normalized())
        .room(room)
        .reason(Reason::Dictionary { list: "municipalities", entry: a.muni.full.into() });
    if a.has_block {
        d = d.reason(Reason::Format { detail: "block number".into() });
    }
    if let Some(code) = corroborating {
        d.base += 0.15;
        // `100-0001 is in 東京都千代田区`, written without `format!` (its machinery cost more than
        // the rest of the draft).
        let mut written = *b"000-0000";
        let mut rest = code;
        for i in [7, 6, 5, 4, 2, 1, 0] {
            written[i] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        let written = core::str::from_utf8(&written).unwrap_or_default();
        d = d.reason(Reason::Corroborated { kind: Kind::PostalCode, detail: [written, " is in ", a.pref, a.muni.name].concat().into() });
    }
    d
}

/// A postal code written right before an address (`〒100-0001 東京都…`).
fn postal_code_before(text: &str, start: usize) -> Option<u32> {
    let before = text[..start].trim_end_matches([' ', '\u{3000}', '　']);
    let mut digits = Vec::new();
    let mut hyphens = 0;
    for c in before.chars().rev() {
        if let Some(d) = digit(c) {
            digits.push(d);
        } else if is_hyphen(c) && hyphens == 0 && digits.len() == 4 {
            hyphens += 1;
        } else {
            break;
        }
        if digits.len() > 7 {
            return None;
        }
    }
    if digits.len() != 7 {
        return None;
    }
    Some(digits.iter().rev().fold(0u32, |v, &d| v * 10 + u32::from(d)))
}

/// An address right after a postal code at `at`: the municipalities it names (for the postal-code
/// validator's corroboration).
pub(crate) fn after_postal_code(text: &str, at: usize, memo: &mut Memo) -> Option<Parsed> {
    let from = text[at..].char_indices().find(|&(_, c)| !is_space(c) && c != ',' && c != '、').map(|(i, _)| at + i)?;
    parse_with(text, from, true, memo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn town_character_table_is_the_rule() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            assert_eq!(is_town_char(c), town_char_rule(c), "{c:?}");
        }
        assert!(is_town_char('町') && is_town_char('ケ') && is_town_char('の') && is_town_char('々'));
        assert!(!is_town_char('は') && !is_town_char('1') && !is_town_char('、') && !is_town_char('𠮷'));
    }

    #[test]
    fn first_character_gates_cover_every_word() {
        for w in STOP_WORDS {
            let c = w.chars().next().unwrap();
            assert!(stop_word_at(w, c), "{w}");
        }
        for w in KYOTO_DIRECTIONS {
            assert!(matches!(w.chars().next(), Some('上' | '下' | '西' | '東')), "{w}");
        }
    }

    fn find(text: &str) -> Option<(String, String)> {
        // Trigger at the last digit run or block word, as the engine does.
        let at = text.char_indices().filter(|&(_, c)| digit(c).is_some() || c == '丁' || c == '番' || c == '上').map(|(i, _)| i).next()?;
        let a = at_trigger(text, at, &mut Memo::default())?;
        Some((text[a.start..a.end].to_string(), a.normalized()))
    }

    #[test]
    fn notations() {
        let cases = [
            ("東京都千代田区千代田1-1", "東京都千代田区千代田1-1", "東京都 千代田区 千代田1-1"),
            ("住所：東京都港区六本木六丁目10番1号です", "東京都港区六本木六丁目10番1号", "東京都 港区 六本木6-10-1"),
            ("大阪府大阪市北区梅田３丁目４−５　梅田ハイツ201号室", "大阪府大阪市北区梅田３丁目４−５　梅田ハイツ201号室", "大阪府 大阪市北区 梅田3-4-5 梅田ハイツ201号室"),
            ("北海道石狩郡当別町白樺町58番地の9", "北海道石狩郡当別町白樺町58番地の9", "北海道 石狩郡当別町 白樺町58-9"),
            ("北海道当別町白樺町58番地の9", "北海道当別町白樺町58番地の9", "北海道 石狩郡当別町 白樺町58-9"),
            ("横浜市中区山下町1-2-3", "横浜市中区山下町1-2-3", "神奈川県 横浜市中区 山下町1-2-3"),
            ("京都府京都市中京区寺町通御池上る上本能寺前町488番地", "京都府京都市中京区寺町通御池上る上本能寺前町488番地", "京都府 京都市中京区 寺町通御池上る上本能寺前町488"),
            ("東京都新宿区西新宿二丁目8番1号", "東京都新宿区西新宿二丁目8番1号", "東京都 新宿区 西新宿2-8-1"),
            ("東京都千代田区一番町5-3 第三ビル5F", "東京都千代田区一番町5-3 第三ビル5F", "東京都 千代田区 一番町5-3 第三ビル5F"),
            // Hokkaido's grid; a Tokyo ward without 東京都.
            ("北海道札幌市北区北8条西5丁目1-1", "北海道札幌市北区北8条西5丁目1-1", "北海道 札幌市北区 北8条西5-1-1"),
            ("札幌市中央区南1条西10丁目", "札幌市中央区南1条西10丁目", "北海道 札幌市中央区 南1条西10"),
            ("北海道旭川市4条通8丁目1702番地", "北海道旭川市4条通8丁目1702番地", "北海道 旭川市 4条通8-1702"),
            ("世田谷区太子堂4-1-1", "世田谷区太子堂4-1-1", "東京都 世田谷区 太子堂4-1-1"),
            ("住所：練馬区豊玉北6丁目12番1号", "練馬区豊玉北6丁目12番1号", "東京都 練馬区 豊玉北6-12-1"),
            // One space between the building and its room or floor.
            ("北海道札幌市中央区北一条西2丁目1番地 サンハイツ 502号室です", "北海道札幌市中央区北一条西2丁目1番地 サンハイツ 502号室", "北海道 札幌市中央区 北一条西2-1 サンハイツ 502号室"),
            ("東京都港区六本木6-10-1 六本木ヒルズ森タワー　23F", "東京都港区六本木6-10-1 六本木ヒルズ森タワー　23F", "東京都 港区 六本木6-10-1 六本木ヒルズ森タワー　23F"),
            ("大阪府大阪市北区梅田1-2-3 コーポ梅田 201", "大阪府大阪市北区梅田1-2-3 コーポ梅田 201", "大阪府 大阪市北区 梅田1-2-3 コーポ梅田 201"),
            // A number after a space that belongs to no building: not the address's.
            ("大阪府大阪市北区梅田1-2-3 梅田ハイツ 電話 06", "大阪府大阪市北区梅田1-2-3 梅田ハイツ", "大阪府 大阪市北区 梅田1-2-3 梅田ハイツ"),
            ("大阪府大阪市北区梅田1-2-3 梅田 06-1234-5678", "大阪府大阪市北区梅田1-2-3", "大阪府 大阪市北区 梅田1-2-3"),
            ("大阪府大阪市北区梅田1-2-3 梅田ハイツ 090-1234-5678", "大阪府大阪市北区梅田1-2-3 梅田ハイツ", "大阪府 大阪市北区 梅田1-2-3 梅田ハイツ"),
            ("大阪府大阪市北区梅田1-2-3 梅田ハイツ 0612345678", "大阪府大阪市北区梅田1-2-3 梅田ハイツ", "大阪府 大阪市北区 梅田1-2-3 梅田ハイツ"),
            ("大阪府大阪市北区梅田1-2-3 梅田ハイツ 612345678", "大阪府大阪市北区梅田1-2-3 梅田ハイツ", "大阪府 大阪市北区 梅田1-2-3 梅田ハイツ"),
            ("大阪府大阪市北区梅田1-2-3 梅田ハイツ 201-1234", "大阪府大阪市北区梅田1-2-3 梅田ハイツ", "大阪府 大阪市北区 梅田1-2-3 梅田ハイツ"),
        ];
        for (text, span, norm) in cases {
            let got = find(text).unwrap_or_else(|| panic!("missed {text}"));
            assert_eq!(got, (span.to_string(), norm.to_string()), "{text}");
        }
    }

    #[test]
    fn anchored_look_up_equals_the_automaton() {
        use aho_corasick::{Anchored, Input, StartKind};
        let p = places();
        // The names in place order, so that the reference's pattern ids are place indexes.
        let mut by_place: Vec<(u32, &str)> = p.by_start.values().flatten().map(|&(n, i)| (i, n)).collect();
        by_place.sort_unstable();
        assert!(by_place.iter().enumerate().all(|(k, &(i, _))| k == i as usize) && by_place.len() == p.places.len());
        let names: Vec<&str> = by_place.iter().map(|&(_, n)| n).collect();
        let ac = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).start_kind(StartKind::Anchored).build(&names).unwrap();
        let want = |text: &str, at: usize| ac.find(Input::new(text).range(at..).anchored(Anchored::Yes)).map(|m| (m.pattern().as_usize(), m.end()));
        // Every name, its prefixes and extensions (`府中市` and `府中町`, `北区` inside `北区役所`),
        // at the start and after another character.
        for name in &names {
            let cut = name.char_indices().nth(2).map_or(name.len(), |(i, _)| i);
            for text in [name.to_string(), format!("{name}1-2"), format!("{name}北区"), format!("x{name}"), name[..cut].to_string()] {
                for at in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                    assert_eq!(p.anchored(&text, at, text.len()), want(&text, at), "{text} at {at}");
                }
            }
        }
    }

    #[test]
    fn a_postal_code_before_the_address_corroborates_it() {
        // Leading zeros kept: the detail is written digit by digit.
        let text = "〒060-0001 北海道札幌市中央区北一条西2丁目";
        let start = text.find("北海道").unwrap();
        let a = parse_with(text, start, true, &mut Memo::default()).expect("address");
        let d = draft(text, &a, false);
        let detail = d.reasons.iter().find_map(|r| match r {
            Reason::Corroborated { kind: Kind::PostalCode, detail } => Some(detail.to_string()),
            _ => None,
        });
        assert_eq!(detail.as_deref(), Some("060-0001 is in 北海道札幌市中央区"));
    }

    #[test]
    fn not_addresses() {
        // 中央区, 北区, 港区 without a prefecture or city: Tokyo's, or 大阪市's, 札幌市's…
        for text in ["東京駅の3番線", "大阪支社の3名", "府中市3-4-5", "中央区役所2階", "東京都は3日", "港区3名", "中央区銀座1-2-3", "北区王子1-2-3", "港区芝公園4-2-8", "世田谷区民2名", "渋谷区役所"] {
            assert!(find(text).is_none(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn an_address_across_cells() {
        // (cells of one row, the address's text in the row, its normalized form); None: no address
        // read across the cells.
        type Case<'a> = (&'a [&'a str], Option<(&'a str, &'a str)>);
        let cases: &[Case] = &[
            (&["東京都", "千代田区", "千代田1-1-1", "サンハイツ201"], Some(("東京都,千代田区,千代田1-1-1,サンハイツ201", "東京都 千代田区 千代田1-1-1 サンハイツ201"))),
            (&["大阪府", "大阪市北区梅田", "2-3-4"], Some(("大阪府,大阪市北区梅田,2-3-4", "大阪府 大阪市北区 梅田2-3-4"))),
            (&["東京都千代田区", "千代田1-1-1 サンハイツ201"], Some(("東京都千代田区,千代田1-1-1 サンハイツ201", "東京都 千代田区 千代田1-1-1 サンハイツ201"))),
            // 住所1 whole, 住所2 its building.
            (&["大阪府大阪市北区梅田2-3-4", "梅田ビル5F"], Some(("大阪府大阪市北区梅田2-3-4,梅田ビル5F", "大阪府 大阪市北区 梅田2-3-4 梅田ビル5F"))),
            // A bare room number after the block is not read into it (`1-1-1201`): left out.
            (&["東京都", "千代田区", "千代田1-1-1", "201"], Some(("東京都,千代田区,千代田1-1-1", "東京都 千代田区 千代田1-1-1"))),
            (&["東京都", "千代田区千代田1-1-1"], Some(("東京都,千代田区千代田1-1-1", "東京都 千代田区 千代田1-1-1"))),
            // Two whole addresses (home, office): read one by one, not as one.
            (&["東京都千代田区千代田1-1-1", "大阪府大阪市北区梅田2-3-4梅田ビル5F"], None),
            // A prefecture and another prefecture's city: no address.
            (&["東京都", "大阪市北区", "梅田2-3-4"], None),
            // The reading stops in the first cell.
            (&["東京都千代田区千代田1-1-1", "不在時は宅配ボックス"], None),
            (&["東京都千代田区千代田1-1-1"], None),
        ];
        for (cells, want) in cases {
            let row = cells.join(",");
            let mut parts = Vec::new();
            let mut at = 0;
            for c in *cells {
                parts.push(at..at + c.len());
                at += c.len() + 1;
            }
            let got = parse_cells(&row, &parts).map(|a| (row[a.start..a.end].to_string(), a.normalized()));
            assert_eq!(got.as_ref().map(|(t, n)| (t.as_str(), n.as_str())), *want, "{row}");
        }
    }

    #[test]
    fn postal_code_corroborates() {
        let text = "〒100-0001 東京都千代田区千代田1-1";
        let a = at_trigger(text, text.rfind('1').unwrap(), &mut Memo::default()).unwrap();
        let d = draft(text, &a, false);
        assert!(d.reasons.iter().any(|r| matches!(r, Reason::Corroborated { .. })), "{:?}", d.reasons);
        let text = "〒530-0001 東京都千代田区千代田1-1";
        let a = at_trigger(text, text.rfind('1').unwrap(), &mut Memo::default()).unwrap();
        assert!(!draft(text, &a, false).reasons.iter().any(|r| matches!(r, Reason::Corroborated { .. })));
    }
}
