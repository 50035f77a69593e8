//! Context: keywords near a value, found as raw substrings (no tokenizer, so `口座番号は1234567` and
//! `個人番号：` work), in a direction-aware window per kind.
//!
//! One `aho_corasick` automaton holds every keyword of every kind (plus negative words such as
//! 注文番号 or 円). It runs lazily: only around candidates that validated, and each byte of the
//! input is searched at most once per scan ([`KeywordIndex`] extends its covered range forward).

use std::sync::Arc;

use crate::finding::Kind;

/// What a keyword says about a value near it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// A label that names the kind (マイナンバー, 電話, 口座番号…).
    Label,
    /// A word that says the number is something else (注文番号, ISBN, 円…).
    Negative,
}

#[derive(Clone, Debug)]
pub(crate) struct Keyword {
    pub text: Arc<str>,
    /// Kinds this keyword supports (or, for negatives, argues against): `Kind::bit` mask.
    pub kinds: u32,
    pub role: Role,
    /// How much a label adds to the score at distance 0.
    pub strength: f32,
    /// Only counts this close (in characters); e.g. `生` right after a date, `円` right after a price.
    pub max_distance: Option<usize>,
    /// Only counts when the keyword comes after (`Some(false)`) / before (`Some(true)`) the value.
    pub before_only: Option<bool>,
    /// Length of `text` in characters.
    pub chars: usize,
}

const NUMERIC_KINDS: u32 = (1 << Kind::MyNumber as u32)
    | (1 << Kind::CorporateNumber as u32)
    | (1 << Kind::PhoneNumber as u32)
    | (1 << Kind::PostalCode as u32)
    | (1 << Kind::CreditCard as u32)
    | (1 << Kind::BankAccount as u32)
    | (1 << Kind::DriversLicense as u32)
    | (1 << Kind::PassportNumber as u32)
    | (1 << Kind::ResidenceCard as u32)
    | (1 << Kind::BasicPensionNumber as u32)
    | (1 << Kind::HealthInsurance as u32)
    | (1 << Kind::BirthDate as u32);

/// The built-in keyword table: (kind, strength, words). Purview's lists are a floor.
fn labels() -> Vec<(Kind, f32, &'static [&'static str])> {
    use Kind::*;
    vec![
        (MyNumber, 0.55, &["マイナンバー", "個人番号", "共通番号", "通知カード", "個人識別番号", "個人識別ナンバー", "my number", "mynumber", "my no"]),
        (CorporateNumber, 0.5, &["法人番号", "corporate number", "適格請求書", "登録番号", "インボイス", "指定通知書", "会社法人等番号"]),
        (PhoneNumber, 0.35, &["電話", "携帯", "連絡先", "tel", "ｔｅｌ", "ＴＥＬ", "fax", "ＦＡＸ", "ファックス", "ファクス", "phone", "mobile", "☎", "℡", "自宅", "代表", "内線", "お問い合わせ", "お問合せ", "問合せ先", "緊急連絡"]),
        (PostalCode, 0.5, &["郵便番号", "〒", "〶", "郵便", "zip", "postal", "ポストコード"]),
        (PostalCode, 0.25, &["住所", "所在地", "送付先", "届け先", "現住所"]),
        (Address, 0.3, &["住所", "所在地", "現住所", "住居", "お届け先", "送付先", "届け先", "居所", "本籍", "address", "在住"]),
        (PersonName, 0.3, &["氏名", "名前", "お名前", "宛名", "名義", "口座名義", "名義人", "担当者", "契約者", "受取人", "差出人", "フリガナ", "ふりがな", "申込者", "保護者", "本名", "full name"]),
        (EmailAddress, 0.3, &["メール", "mail", "アドレス", "連絡先"]),
        (CreditCard, 0.45, &["カード番号", "クレジットカード", "クレジット", "card number", "credit card", "card no", "有効期限", "セキュリティコード", "visa", "mastercard", "master card", "jcb", "amex", "アメックス", "ダイナース", "カード"]),
        (BirthDate, 0.6, &["生年月日", "誕生日", "生まれ", "出生", "dob", "date of birth", "birthday", "birth date", "birthdate", "ご生誕"]),
        (BankAccount, 0.6, &["口座番号", "口座", "銀行口座", "普通預金", "当座預金", "総合口座", "預金口座", "振替口座", "振込先", "口座名義", "account number", "account no", "acct", "bank account", "ゆうちょ", "貯金", "記号番号"]),
        (BankAccount, 0.25, &["銀行", "支店", "店番", "信用金庫", "信金", "労働金庫", "農協", "ＪＡバンク"]),
        (DriversLicense, 0.55, &["運転免許", "免許証", "免許番号", "免許", "運転経歴証明書", "driver's license", "drivers license", "driver license", "driverlicense", "dl#", "lic#"]),
        (PassportNumber, 0.55, &["旅券番号", "旅券", "パスポート", "passport"]),
        (ResidenceCard, 0.55, &["在留カード", "在留番号", "特別永住者証明書", "residence card"]),
        (BasicPensionNumber, 0.55, &["基礎年金番号", "年金番号", "年金手帳", "基礎年金", "厚生年金", "国民年金", "年金", "pension"]),
        (HealthInsurance, 0.55, &["保険者番号", "被保険者番号", "保険証", "健康保険", "被保険者証", "健保", "資格確認書", "国民健康保険", "後期高齢者", "保険者", "social insurance"]),
    ]
}

/// The built-in label keywords of one kind.
pub(crate) fn builtin_keywords(kind: Kind) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = labels().into_iter().filter(|(k, _, _)| *k == kind).flat_map(|(_, _, w)| w.iter().copied()).collect();
    if kind == Kind::BirthDate {
        v.push("生");
    }
    v
}

/// Words that argue against a numeric reading (order numbers, product codes, prices, counts).
fn negatives() -> Vec<(&'static str, Option<usize>, Option<bool>)> {
    let before = |w| (w, None, Some(true));
    let unit = |w| (w, Some(0), Some(false));
    let mut v = vec![];
    for w in [
        "注文番号", "注文", "受注", "発注", "伝票", "請求書番号", "請求番号", "受付番号", "問い合わせ番号", "お問合せ番号",
        "管理番号", "商品番号", "商品コード", "品番", "型番", "製品番号", "製造番号", "シリアル", "serial", "jan", "isbn",
        "issn", "会員番号", "顧客番号", "顧客コード", "社員番号", "従業員番号", "予約番号", "追跡番号", "整理番号", "order",
        "invoice no", "価格", "金額", "合計", "税込", "売上", "残高", "人口", "件数", "id:", "ＩＤ", "ip", "version", "ver.",
        "特許", "文献", "ロット", "lot", "build", "ビルド", "証券番号", "契約番号",
    ] {
        v.push(before(w));
    }
    for w in ["円", "件", "名", "人", "個", "回", "台", "冊", "枚", "本", "株", "%", "％", "kg", "km", "ｍ", "m2", "㎡", "万", "億", "円）", "yen", "ドル"] {
        v.push(unit(w));
    }
    for w in ["¥", "￥", "$", "＄", "№"] {
        v.push((w, Some(1), Some(true)));
    }
    v
}

/// Every keyword: most compiled into one automaton, the few that only count right next to a value
/// looked up at the value's edges.
#[derive(Debug)]
pub(crate) struct Keywords {
    ac: KeywordDfa,
    pub entries: Vec<Keyword>,
    pub max_len: usize,
    /// Keywords with a maximum distance of a few characters on one side (units such as `円`, `株`,
    /// `台`; currency signs; `生` after a date), sorted by first (after the value) or last (before
    /// it) character. On a roster, `株式会社` and `万円台` on every row made these most of the
    /// automaton's matches, and each match restarts its search; at the edges they cost a lookup.
    adjacent: Vec<Adjacent>,
    /// Per side (`[before, after]`) and role (`[label, negative]`): how far adjacent keywords reach
    /// and the kinds they concern, so that most values skip the lookup altogether.
    side_reach: [[usize; 2]; 2],
    side_kinds: [[u32; 2]; 2],
    /// Per side, bit `cp` set when an adjacent keyword's edge character is `cp` (BMP).
    side_edges: [Box<[u64; 1024]>; 2],
    /// Per role (`[label, negative]`), the kinds any keyword concerns: names and addresses have no
    /// negative keywords, and need no search for one.
    role_kinds: [u32; 2],
}

/// A keyword of [`Keywords::adjacent`].
#[derive(Clone, Debug)]
struct Adjacent {
    /// The character on the value's side: the first one for a keyword after the value, the last
    /// one before it (ASCII letters lower-cased).
    edge: char,
    after: bool,
    id: usize,
    /// Longer keywords of the automaton that start (after the value) or end (before it) with this
    /// one: where one of them is written, the automaton matches it instead (`本籍` is not `本`).
    longer: Vec<usize>,
}

impl Keywords {
    /// The keyword table for a configuration. Without extra keywords (the usual case) every scanner
    /// of the process shares one table: building the DFA takes milliseconds.
    pub fn shared(extra: &[(Kind, String)]) -> Arc<Keywords> {
        static BUILTIN: std::sync::OnceLock<Arc<Keywords>> = std::sync::OnceLock::new();
        if extra.is_empty() {
            return BUILTIN.get_or_init(|| Arc::new(Keywords::new(&[]))).clone();
        }
        Arc::new(Keywords::new(extra))
    }

    pub fn new(extra: &[(Kind, String)]) -> Keywords {
        Keywords::build(extra, true)
    }

    /// `split`: keywords that only count next to a value go to [`Keywords::adjacent`] (false puts
    /// every keyword in the automaton: the reference the split is tested against).
    fn build(extra: &[(Kind, String)], split: bool) -> Keywords {
        let mut entries: Vec<Keyword> = Vec::new();
        let mut push = |text: &str, kind_mask: u32, role, strength, max_distance, before_only| {
            // Keep one entry per text: merge kind masks of labels.
            if let Some(e) = entries.iter_mut().find(|e: &&mut Keyword| e.text.eq_ignore_ascii_case(text) && e.role == role) {
                e.kinds |= kind_mask;
                e.strength = e.strength.max(strength);
                return;
            }
            entries.push(Keyword { text: text.into(), kinds: kind_mask, role, strength, max_distance, before_only, chars: text.chars().count() });
        };
        for (kind, strength, words) in labels() {
            for w in words {
                push(w, kind.bit(), Role::Label, strength, None, None);
            }
        }
        // 生 right after a date: 昭和45年3月12日生.
        push("生", Kind::BirthDate.bit(), Role::Label, 0.5, Some(1), Some(false));
        push("歳", Kind::BirthDate.bit(), Role::Label, 0.3, Some(3), Some(false));
        for (kind, w) in extra {
            push(w, kind.bit(), Role::Label, 0.55, None, None);
        }
        for (w, maxd, before_only) in negatives() {
            push(w, NUMERIC_KINDS, Role::Negative, 0.0, maxd, before_only);
        }
        let is_adjacent = |e: &Keyword| split && e.max_distance.is_some_and(|m| m <= ADJACENT_REACH) && e.before_only.is_some();
        let ac_entries: Vec<usize> = (0..entries.len()).filter(|&i| !is_adjacent(&entries[i])).collect();
        let mut adjacent: Vec<Adjacent> = (0..entries.len())
            .filter(|&i| is_adjacent(&entries[i]))
            .map(|id| {
                let e = &entries[id];
                let after = e.before_only == Some(false);
                let edge = if after { e.text.chars().next() } else { e.text.chars().next_back() };
                let lower = e.text.to_ascii_lowercase();
                let longer = (0..entries.len())
                    .filter(|&j| j != id && entries[j].text.len() > e.text.len())
                    .filter(|&j| {
                        let t = entries[j].text.to_ascii_lowercase();
                        if after { t.starts_with(&lower) } else { t.ends_with(&lower) }
                    })
                    .collect();
                Adjacent { edge: edge.expect("keywords are not empty").to_ascii_lowercase(), after, id, longer }
            })
            .collect();
        adjacent.sort_by_key(|a| (a.after, a.edge));
        let (mut side_reach, mut side_kinds) = ([[0; 2]; 2], [[0; 2]; 2]);
        let mut side_edges = [Box::new([0u64; 1024]), Box::new([0u64; 1024])];
        for a in &adjacent {
            let e = &entries[a.id];
            let (side, role) = (usize::from(a.after), usize::from(e.role == Role::Negative));
            side_reach[side][role] = side_reach[side][role].max(e.max_distance.unwrap_or(0));
            side_kinds[side][role] |= e.kinds;
            let cp = a.edge as u32;
            assert!(cp < 0x1_0000, "adjacent keyword {} outside the BMP", e.text);
            side_edges[side][cp as usize >> 6] |= 1 << (cp & 63);
            if a.edge.is_ascii_lowercase() {
                let up = a.edge.to_ascii_uppercase() as u32;
                side_edges[side][up as usize >> 6] |= 1 << (up & 63);
            }
        }
        let ac_entries: Vec<usize> = ac_entries.into_iter().filter(|&i| !entries[i].text.is_empty()).collect();
        let ac = KeywordDfa::new(&entries, &ac_entries);
        let max_len = entries.iter().map(|e| e.text.len()).max().unwrap_or(1);
        let mut role_kinds = [0; 2];
        for e in &entries {
            role_kinds[usize::from(e.role == Role::Negative)] |= e.kinds;
        }
        Keywords { ac, entries, max_len, adjacent, side_reach, side_kinds, side_edges, role_kinds }
    }

    /// The adjacent keywords on one side whose edge character is `c`.
    fn adjacent_at(&self, after: bool, c: char) -> &[Adjacent] {
        let c = c.to_ascii_lowercase();
        let from = self.adjacent.partition_point(|a| (a.after, a.edge) < (after, c));
        let to = from + self.adjacent[from..].iter().take_while(|a| a.after == after && a.edge == c).count();
        &self.adjacent[from..to]
    }
}

/// Keywords whose maximum distance is at most this many characters are [`Keywords::adjacent`].
const ADJACENT_REACH: usize = 3;

/// A keyword occurrence in the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub id: usize,
}

/// How far a contiguous extension of the index searches ahead of what was asked, in bytes: it
/// starts small and doubles with each extension in a row, up to the most. Values close together (a
/// roster) keep asking, and searching well ahead keeps the re-searched overlap at the old end a
/// small part of the work; a pair of values in prose (a name, then its phone number) asks twice and
/// then not for a long way, and searching 512 bytes ahead for it was most of its keyword search.
const EXTEND_AHEAD_LEAST: usize = 64;
const EXTEND_AHEAD_MOST: usize = 512;

/// Keyword hits of one input, computed lazily and only forward: a candidate asks for the window
/// around it and the index searches just the part not yet searched.
pub(crate) struct KeywordIndex<'a> {
    kw: &'a Keywords,
    text: &'a str,
    hits: Vec<Hit>,
    covered_from: usize,
    covered_to: usize,
    /// Contiguous extensions in a row (see [`EXTEND_AHEAD_LEAST`]).
    streak: u32,
}

/// The keywords that are searched for (all but the adjacent ones): non-overlapping,
/// leftmost-longest matches, ASCII letters in either case. On a dense roster the index covers
/// nearly every byte, and with ~200 keywords starting with ~130 different characters no prefilter
/// helps, so the cost per byte is what counts.
///
/// The automaton is `aho_corasick`'s DFA, read once into a table of our own: its search loop
/// spent ~17 instructions a byte (callgrind) on bounds checks and the generic automaton interface;
/// this one is a class lookup and a transition, ~7. The matches are the crate's by construction
/// (same states, same match rule), and a test compares them with its `find_iter`.
#[derive(Debug)]
struct KeywordDfa {
    /// The equivalence class of each byte (bytes no keyword uses share one).
    classes: [u8; 256],
    /// `trans[s + class]`: the next state of state `s`, states premultiplied by the class count.
    trans: Vec<u32>,
    /// The start state (unanchored).
    start: u32,
    /// States below this are special: the dead state (0), then the match states.
    special_end: u32,
    /// Per match state (index `s / stride - 1`): the match's byte length and keyword entry.
    matches: Vec<(usize, usize)>,
    stride: u32,
}

impl KeywordDfa {
    /// The automaton of `entries[ids]`.
    fn new(entries: &[Keyword], ids: &[usize]) -> KeywordDfa {
        use aho_corasick::automaton::Automaton;
        use aho_corasick::{Anchored, MatchKind, StartKind};
        let aut = aho_corasick::dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Unanchored)
            .prefilter(false)
            .build(ids.iter().map(|&i| &*entries[i].text))
            .expect("keywords compile");
        // Byte classes: a byte no keyword uses (in either case) behaves like any other such byte.
        // Keywords are UTF-8, which never holds 13 of the 256 byte values: at most 244 classes.
        let mut classes = [0u8; 256];
        let mut n_classes = 1usize;
        for &i in ids {
            for b in entries[i].text.bytes().flat_map(|b| [b.to_ascii_lowercase(), b.to_ascii_uppercase()]) {
                if classes[usize::from(b)] == 0 {
                    classes[usize::from(b)] = u8::try_from(n_classes).expect("at most 255 byte classes");
                    n_classes += 1;
                }
            }
        }
        let representative: Vec<u8> = (0..n_classes).map(|c| (0..=255u8).find(|&b| usize::from(classes[usize::from(b)]) == c).unwrap_or(0)).collect();
        // Every state reachable from the start.
        let start = aut.start_state(Anchored::No).expect("unanchored searches");
        // (Fx hashing: the table below looks a state up ~200 times per state, and SipHash made
        // that most of building the scanner.)
        let mut seen: rustc_hash::FxHashSet<_> = [start].into_iter().collect();
        let mut order = vec![start];
        let mut k = 0;
        while k < order.len() {
            let sid = order[k];
            k += 1;
            if aut.is_dead(sid) {
                continue;
            }
            for &b in &representative {
                let next = aut.next_state(Anchored::No, sid, b);
                if seen.insert(next) {
                    order.push(next);
                }
            }
        }
        // Rows: the dead state first (row 0, all zeros: it stays dead), then the match states,
        // then the rest; specials are the rows below the first of the rest.
        let matching: Vec<_> = order.iter().copied().filter(|&s| !aut.is_dead(s) && aut.is_match(s)).collect();
        let rows: Vec<_> = matching.iter().copied().chain(order.iter().copied().filter(|&s| !aut.is_dead(s) && !aut.is_match(s))).collect();
        let stride = u32::try_from(n_classes).expect("classes");
        let row = |k: usize| u32::try_from(k + 1).expect("states") * stride;
        let mut index: rustc_hash::FxHashMap<_, u32> = rows.iter().enumerate().map(|(k, &s)| (s, row(k))).collect();
        index.extend(order.iter().copied().filter(|&s| aut.is_dead(s)).map(|s| (s, 0)));
        let mut trans = vec![0u32; (rows.len() + 1) * n_classes];
        for (k, &sid) in rows.iter().enumerate() {
            for (c, &b) in representative.iter().enumerate() {
                trans[row(k) as usize + c] = index[&aut.next_state(Anchored::No, sid, b)];
            }
        }
        let matches = matching
            .iter()
            .map(|&s| {
                let pid = aut.match_pattern(s, 0);
                (aut.pattern_len(pid), ids[pid.as_usize()])
            })
            .collect();
        KeywordDfa { classes, trans, start: index[&start], special_end: row(matching.len()), matches, stride }
    }

    /// The leftmost-longest match in `hay[at..]`: (start, end, entry). The rule of
    /// `aho_corasick`'s leftmost search: a match state records a match and the walk goes on for a
    /// longer one, until the dead state or the end.
    fn find_at(&self, hay: &[u8], at: usize) -> Option<(usize, usize, usize)> {
        let (trans, classes, special_end) = (&self.trans[..], &self.classes, self.special_end);
        let mut s = self.start;
        let mut found = None;
        for (i, &b) in hay.iter().enumerate().skip(at) {
            let next = s as usize + usize::from(classes[usize::from(b)]);
            debug_assert!(next < trans.len());
            // SAFETY: `s` is a state (a multiple of `stride` below `trans.len()`: the constructor
            // writes only such values into `trans`, and `start` is one) and a class is below
            // `stride`, so `next` is inside `trans`.
            s = unsafe { *trans.get_unchecked(next) };
            if s < special_end {
                if s == 0 {
                    return found;
                }
                let (len, id) = self.matches[(s / self.stride - 1) as usize];
                found = Some((i + 1 - len, i + 1, id));
            }
        }
        found
    }

    /// The non-overlapping leftmost-longest matches in `hay`: (start, end, entry).
    fn find_iter<'h>(&'h self, hay: &'h [u8]) -> impl Iterator<Item = (usize, usize, usize)> + 'h {
        let mut at = 0;
        core::iter::from_fn(move || {
            let m = self.find_at(hay, at)?;
            at = m.1;
            Some(m)
        })
    }
}

/// The nearest keyword for a kind.
#[derive(Clone, Debug)]
pub(crate) struct Near {
    pub id: usize,
    pub distance: usize,
    pub before: bool,
}

impl<'a> KeywordIndex<'a> {
    pub fn new(kw: &'a Keywords, text: &'a str) -> KeywordIndex<'a> {
        KeywordIndex { kw, text, hits: Vec::new(), covered_from: 0, covered_to: 0, streak: 0 }
    }

    /// Makes sure every keyword lying entirely inside `from..to` is indexed.
    fn ensure(&mut self, from: usize, to: usize) {
        let mut to = floor_boundary(self.text, to.min(self.text.len()));
        let from = floor_boundary(self.text, from);
        if from >= to || (from >= self.covered_from && to <= self.covered_to) {
            return;
        }
        let (start, old_to) = if from >= self.covered_from && from <= self.covered_to {
            // Extend forward; re-search the last `max_len - 1` bytes so a keyword straddling the old
            // end is found. Keywords ending at or before the old end were found already.
            let ahead = (EXTEND_AHEAD_LEAST << self.streak.min(8)).min(EXTEND_AHEAD_MOST);
            self.streak += 1;
            to = floor_boundary(self.text, to.max(self.covered_to + ahead));
            (floor_boundary(self.text, self.covered_to.saturating_sub(self.kw.max_len - 1)).max(self.covered_from), self.covered_to)
        } else {
            // A gap (or a jump backwards, which in-order candidates never make): start afresh.
            self.hits.clear();
            self.streak = 0;
            self.covered_from = from;
            (from, from)
        };
        let hay = &self.text[start..to];
        let batch = self.hits.len();
        // Leftmost-longest: `個人番号` wins over a shorter keyword inside it.
        for (s, e, id) in self.kw.ac.find_iter(hay.as_bytes()) {
            let (s, e) = (start + s, start + e);
            if e > old_to {
                self.hits.push(Hit { start: s, end: e, id });
            }
        }
        // Every new hit ends after every old one: sorting the batch keeps `hits` sorted by end.
        self.hits[batch..].sort_by_key(|h| (h.end, h.start));
        self.covered_to = to;
    }

    /// All keyword hits overlapping `from..to`.
    #[cfg(test)]
    pub fn hits_in(&mut self, from: usize, to: usize) -> impl Iterator<Item = Hit> + '_ {
        self.ensure(from, to);
        let first = self.hits.partition_point(|h| h.end < from);
        self.hits[first..].iter().copied().take_while(move |h| h.end <= to).filter(move |h| h.start >= from)
    }

    pub fn keyword(&self, id: usize) -> &Keyword {
        &self.kw.entries[id]
    }

    /// The nearest hit of `role` concerning `kind` around `span`, within `before`/`after` characters.
    /// Ties go to the longer (more specific) keyword.
    pub fn nearest(&mut self, kind: Kind, role: Role, span: &core::ops::Range<usize>, before: usize, after: usize) -> Option<Near> {
        if self.kw.role_kinds[usize::from(role == Role::Negative)] & kind.bit() == 0 {
            return None;
        }
        let text = self.text;
        // A character is at most 4 bytes: search a byte window that surely holds the character
        // window, and count characters only for the hits found in it (counting back 40 characters
        // for every value cost more than the search on a dense roster).
        let from = span.start.saturating_sub(before * 4);
        let to = span.end.saturating_add(after * 4).min(text.len());
        self.ensure(from, to);
        let first = self.hits.partition_point(|h| h.end < from);
        let mut best: Option<((f32, usize, usize, usize), Near)> = None;
        let entries = &self.kw.entries;
        // The strongest evidence wins: strength decayed by distance, then the closer, then the longer,
        // then the earlier (so the order in which keywords are looked at does not matter).
        let mut consider = |id: usize, distance: usize, before_value: bool, at: core::ops::Range<usize>| {
            let k = &entries[id];
            if k.before_only.is_some_and(|b| b != before_value) || k.max_distance.is_some_and(|m| distance > m) {
                return;
            }
            let window = if before_value { before } else { after };
            let weight = k.strength * decay(distance, window);
            let key = (weight, usize::MAX - distance, at.len(), usize::MAX - at.start);
            if best.as_ref().is_none_or(|(b, _)| key > *b) {
                best = Some((key, Near { id, distance, before: before_value }));
            }
        };
        let window_hits = &self.hits[first..];
        let window_hits = &window_hits[..window_hits.partition_point(|h| h.end <= to)];
        for h in window_hits {
            let k = &entries[h.id];
            if h.start < from || k.role != role || k.kinds & kind.bit() == 0 {
                continue;
            }
            // The whole keyword lies within the window: its own characters count too.
            let (distance, before_value) = if h.end <= span.start {
                let d = text[h.end..span.start].chars().count();
                if d + k.chars > before || blank_line_between(&text[h.end..span.start]) {
                    continue;
                }
                (d, true)
            } else if h.start >= span.end {
                let d = text[span.end..h.start].chars().count();
                if d + k.chars > after || blank_line_between(&text[span.end..h.start]) {
                    continue;
                }
                (d, false)
            } else {
                continue; // inside the value
            };
            consider(h.id, distance, before_value, h.start..h.end);
        }
        // Adjacent keywords, character by character away from the value. A longer keyword written
        // at the same place wins, as it would inside the automaton (`本籍` is not `本`).
        let bytes = text.as_bytes();
        let written_at = |k: &str, pos: usize, after: bool| {
            let k = k.as_bytes();
            if after {
                bytes.get(pos..pos + k.len()).is_some_and(|t| t.eq_ignore_ascii_case(k))
            } else {
                pos >= k.len() && bytes[pos - k.len()..pos].eq_ignore_ascii_case(k)
            }
        };
        let role_index = usize::from(role == Role::Negative);
        for after_value in [true, false] {
            let side = usize::from(after_value);
            if self.kw.side_kinds[side][role_index] & kind.bit() == 0 {
                continue;
            }
            let edges = &self.kw.side_edges[side];
            let mut pos = if after_value { span.end } else { span.start };
            for distance in 0..=self.kw.side_reach[side][role_index] {
                let c = if after_value { text[pos..].chars().next() } else { text[..pos].chars().next_back() };
                let Some(c) = c else { break };
                let cp = c as u32;
                if cp >= 0x1_0000 || (edges[cp as usize >> 6] >> (cp & 63)) & 1 == 0 {
                    pos = if after_value { pos + c.len_utf8() } else { pos - c.len_utf8() };
                    continue;
                }
                // The longest keyword written here, as the automaton would match it.
                let written = self.kw.adjacent_at(after_value, c).iter().filter(|a| written_at(&entries[a.id].text, pos, after_value));
                if let Some(a) = written.max_by_key(|a| entries[a.id].text.len()) {
                    let k = &entries[a.id];
                    let len = k.text.len();
                    let fits = distance + k.chars <= if after_value { after } else { before };
                    let hidden = a.longer.iter().any(|&j| written_at(&entries[j].text, pos, after_value));
                    if k.role == role && k.kinds & kind.bit() != 0 && fits && !hidden {
                        consider(a.id, distance, !after_value, if after_value { pos..pos + len } else { pos - len..pos });
                    }
                }
                pos = if after_value { pos + c.len_utf8() } else { pos - c.len_utf8() };
            }
        }
        best.map(|(_, n)| n)
    }
}

/// `gap` (the text between a keyword and a value) holds a blank line: they are in different
/// paragraphs, posts or records (`…2004-03-17生まれです` / blank line / `@ono_570 · 2025年10月4日`, the
/// next post's date), and the keyword says nothing about the value.
fn blank_line_between(gap: &str) -> bool {
    // The lines wholly inside the gap: all but the first (the keyword's) and the last (the value's).
    let mut lines = gap.split('\n').skip(1).peekable();
    while let Some(line) = lines.next() {
        if lines.peek().is_some() && line.trim().is_empty() {
            return true;
        }
    }
    false
}

/// How much a keyword at `distance` characters still counts: fully within 10 characters, then
/// falling linearly to half at the window's edge.
pub(crate) fn decay(distance: usize, window: usize) -> f32 {
    if distance <= 10 {
        1.0
    } else {
        (1.0 - 0.5 * (distance - 10) as f32 / (window.max(11) - 10) as f32).max(0.5)
    }
}

/// The largest char boundary ≤ `i`.
pub(crate) fn floor_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_part_a_keyword_from_a_value() {
        for gap in ["です\n\n@ono · ", "\r\n\r\n", "\n　\n", "x\n \t\nx", "\n\n"] {
            assert!(blank_line_between(gap), "{gap:?}");
        }
        for gap in ["", "：", "\n", "です\n♡ 9\n@ono · ", "\r\n", "\nx\n"] {
            assert!(!blank_line_between(gap), "{gap:?}");
        }
    }

    #[test]
    fn finds_keyword_before_value_without_tokenizer() {
        let kw = Keywords::new(&[]);
        let text = "口座番号は1234567です";
        let mut idx = KeywordIndex::new(&kw, text);
        let span = text.find('1').unwrap()..text.find('で').unwrap();
        let near = idx.nearest(Kind::BankAccount, Role::Label, &span, 20, 10).unwrap();
        assert_eq!(&*idx.keyword(near.id).text, "口座番号");
        assert_eq!(near.distance, 1);
        assert!(near.before);
    }

    /// The keywords' matches by `aho_corasick`'s own search, for the table built from its DFA.
    fn reference_matches(kw: &Keywords, ids: &[usize], text: &str) -> Vec<(usize, usize, usize)> {
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(ids.iter().map(|&i| &*kw.entries[i].text))
            .unwrap();
        reference_with(&ac, ids, text)
    }

    fn reference_with(ac: &aho_corasick::AhoCorasick, ids: &[usize], text: &str) -> Vec<(usize, usize, usize)> {
        ac.find_iter(text).map(|m| (m.start(), m.end(), ids[m.pattern().as_usize()])).collect()
    }

    fn searched_ids(kw: &Keywords) -> Vec<usize> {
        let mut ids: Vec<usize> = kw.ac.matches.iter().map(|&(_, id)| id).collect();
        // Every searched keyword has a match state of its own (its last byte).
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// The table walks the same automaton as `aho_corasick`'s search: the same matches, on
        /// texts made of keywords, their halves, case changes and other characters.
        #[test]
        fn keyword_table_equals_the_automaton(pieces in proptest::collection::vec((0usize..400, 0usize..8), 0..40)) {
            static KW: std::sync::OnceLock<(Keywords, Vec<usize>)> = std::sync::OnceLock::new();
            let (kw, ids) = KW.get_or_init(|| {
                let extra = [(Kind::PhoneNumber, "Tel.(1)".to_string()), (Kind::Address, "[所在]".to_string()), (Kind::MyNumber, "a+b\\c".to_string())];
                let kw = Keywords::new(&extra);
                let ids = searched_ids(&kw);
                (kw, ids)
            });
            let words: Vec<&str> = ids.iter().map(|&i| &*kw.entries[i].text).collect();
            let mut text = String::new();
            for (w, how) in pieces {
                let word = words[w % words.len()];
                match how {
                    0 => text.push_str(word),
                    1 => text.push_str(&word.to_ascii_uppercase()),
                    2 => text.extend(word.chars().take(word.chars().count() / 2 + 1)),
                    3 => text.extend(word.chars().skip(1)),
                    4 => text.push_str("の1-2 "),
                    5 => text.push_str("電話番号は"),
                    // Characters of every UTF-8 length that may or may not start a keyword.
                    _ => text.push([' ', 'x', 'T', 'é', 'ｱ', 'ア', '住', '〒', '所', '😀', '\u{7FF}', '\u{FFFF}'][w % 12]),
                }
            }
            let got: Vec<(usize, usize, usize)> = kw.ac.find_iter(text.as_bytes()).collect();
            proptest::prop_assert_eq!(got, reference_matches(kw, ids, &text), "{}", text);
        }
    }

    #[test]
    fn keywords_over_many_byte_values_build() {
        // Every ASCII character, every continuation byte, and the edges of each UTF-8 length: the
        // byte classes fit their `u8`.
        let mut extra: Vec<(Kind, String)> = (1u8..0x80).map(|b| (Kind::PhoneNumber, format!("k{}", b as char))).collect();
        for c in ['\u{80}', '\u{7FF}', '\u{800}', '\u{FFFF}', '\u{10000}', '\u{10FFFF}'] {
            extra.push((Kind::PhoneNumber, c.to_string()));
        }
        for cont in 0x80u32..0xC0 {
            // U+0800 + (cont - 0x80) * 64 + …: a three-byte character with `cont` as its second byte.
            let c = char::from_u32(0x1000 + (cont - 0x80) * 64 + (cont - 0x80)).unwrap();
            extra.push((Kind::PhoneNumber, c.to_string()));
        }
        let kw = Keywords::new(&extra);
        // Near the limit: the 127 ASCII characters, the 64 continuation bytes and lead bytes.
        assert!(kw.ac.stride > 200, "{}", kw.ac.stride);
        let ids = searched_ids(&kw);
        let text = "電話kAk\u{10FFFF}\u{1010}";
        let got: Vec<_> = kw.ac.find_iter(text.as_bytes()).collect();
        assert_eq!(got, reference_matches(&kw, &ids, text));
        assert!(got.len() >= 3, "{got:?}");
    }

    #[test]
    fn every_keyword_is_searched_and_found_alone() {
        let kw = Keywords::new(&[]);
        let ids = searched_ids(&kw);
        let adjacent: Vec<usize> = kw.adjacent.iter().map(|a| a.id).collect();
        assert_eq!(ids.len() + adjacent.len(), kw.entries.len(), "every keyword is searched or adjacent");
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(ids.iter().map(|&i| &*kw.entries[i].text))
            .unwrap();
        for &i in &ids {
            let word = &*kw.entries[i].text;
            for text in [word.to_string(), format!("x{word}y"), format!("あ{}い", word.to_ascii_uppercase())] {
                let got: Vec<_> = kw.ac.find_iter(text.as_bytes()).collect();
                assert_eq!(got, reference_with(&ac, &ids, &text), "{text}");
                assert!(!got.is_empty(), "{text}");
            }
        }
    }

    #[test]
    fn window_counts_characters_of_the_whole_keyword() {
        let kw = Keywords::new(&[]);
        // `電話` (2 characters) then `n` characters, then the value: inside a window of `n + 2`.
        for (gap, width) in [("", 2), ("あいう", 5), ("abc", 5), ("あaい", 5)] {
            let text = format!("電話{gap}0312345678");
            let span = text.find('0').unwrap()..text.len();
            let mut idx = KeywordIndex::new(&kw, &text);
            assert!(idx.nearest(Kind::PhoneNumber, Role::Label, &span, width, 0).is_some(), "{text} in {width}");
            let mut idx = KeywordIndex::new(&kw, &text);
            assert!(idx.nearest(Kind::PhoneNumber, Role::Label, &span, width - 1, 0).is_none(), "{text} in {}", width - 1);
        }
        // After the value, the same.
        let text = "0312345678（電話）";
        let span = 0..10;
        let mut idx = KeywordIndex::new(&kw, text);
        assert!(idx.nearest(Kind::PhoneNumber, Role::Label, &span, 0, 3).is_some());
        let mut idx = KeywordIndex::new(&kw, text);
        assert!(idx.nearest(Kind::PhoneNumber, Role::Label, &span, 0, 2).is_none());
    }

    /// The keyword `nearest` reports for the value `value` inside `text`, with its distance.
    fn nearest_to(text: &str, value: &str, kind: Kind, role: Role, before: usize, after: usize) -> Option<(String, usize, bool)> {
        let kw = Keywords::new(&[]);
        let start = text.find(value).expect("value in text");
        let mut idx = KeywordIndex::new(&kw, text);
        idx.nearest(kind, role, &(start..start + value.len()), before, after).map(|n| (idx.keyword(n.id).text.to_string(), n.distance, n.before))
    }

    #[test]
    fn kinds_without_keywords_of_a_role_find_none() {
        let text = "注文番号：0312345678 山田太郎";
        assert!(nearest_to(text, "0312345678", Kind::PhoneNumber, Role::Negative, 30, 12).is_some());
        assert!(nearest_to(text, "山田太郎", Kind::PersonName, Role::Negative, 30, 12).is_none());
        let kw = Keywords::new(&[]);
        let negative = kw.entries.iter().filter(|e| e.role == Role::Negative).fold(0, |m, e| m | e.kinds);
        assert_eq!(kw.role_kinds[1], negative);
        assert_eq!(negative & (Kind::PersonName.bit() | Kind::Address.bit() | Kind::EmailAddress.bit()), 0);
    }

    #[test]
    fn adjacent_keywords_count_only_next_to_the_value() {
        let neg = |text: &str, value: &str| nearest_to(text, value, Kind::PhoneNumber, Role::Negative, 12, 4);
        // Units right after, currency signs right before (or one character before).
        assert_eq!(neg("12800円", "12800"), Some(("円".into(), 0, false)));
        assert_eq!(neg("12800 円", "12800"), None);
        assert_eq!(neg("12800ＫＧ", "12800"), None, "full-width letters are not the ASCII unit");
        assert_eq!(neg("12800KG", "12800"), Some(("kg".into(), 0, false)), "ASCII case-insensitive");
        assert_eq!(neg("¥ 12800", "12800"), Some(("¥".into(), 1, true)));
        assert_eq!(neg("¥  12800", "12800"), None);
        assert_eq!(neg("1280万円台", "1280"), Some(("万".into(), 0, false)));
        // A longer keyword at the same place wins, as inside the automaton.
        assert_eq!(neg("3本籍", "3"), None);
        assert_eq!(neg("3本", "3"), Some(("本".into(), 0, false)));
        // `人口` argues only before a value, and it hides the unit `人` it starts with.
        assert_eq!(neg("12人口", "12"), None);
        // A wider-reaching label: 生 up to one character after a date, 歳 up to three.
        let dob = |text: &str, value: &str| nearest_to(text, value, Kind::BirthDate, Role::Label, 30, 10);
        assert_eq!(dob("1970年3月12日生", "1970年3月12日"), Some(("生".into(), 0, false)));
        assert_eq!(dob("1970年3月12日 生", "1970年3月12日"), Some(("生".into(), 1, false)));
        assert_eq!(dob("1970年3月12日  生", "1970年3月12日"), None);
        assert_eq!(dob("1970年3月12日生まれ", "1970年3月12日"), Some(("生まれ".into(), 0, false)));
        assert_eq!(dob("1970/3/12（54歳）", "1970/3/12"), Some(("歳".into(), 3, false)));
        // Other kinds are not concerned.
        assert_eq!(nearest_to("1970年3月12日生", "1970年3月12日", Kind::PhoneNumber, Role::Label, 30, 10), None);
    }

    proptest::proptest! {
        /// Looking adjacent keywords up at the value's edges gives what searching them with the
        /// automaton gives.
        #[test]
        fn adjacent_lookup_equals_the_automaton(
            parts in proptest::collection::vec("円|円）|万|株|株式会社|本|本籍|人|人口|名|名前|kg|KM|yen|¥|￥|\\$|№|生|生まれ|生年月日|歳|電話|注文|価格| |　|あ|a|,|（|）", 0..8),
            after in proptest::collection::vec("円|円）|万|株|株式会社|本|本籍|人|人口|名|名前|kg|KM|yen|¥|生|生まれ|歳|電話|注文| |　|あ|a|,|（|）", 0..8),
        ) {
            static TABLES: std::sync::OnceLock<(Keywords, Keywords)> = std::sync::OnceLock::new();
            let (split, whole) = TABLES.get_or_init(|| (Keywords::build(&[], true), Keywords::build(&[], false)));
            proptest::prop_assert!(whole.adjacent.is_empty() && !split.adjacent.is_empty());
            let text = format!("{}0312345678{}", parts.concat(), after.concat());
            let start = parts.concat().len();
            let span = start..start + 10;
            for kind in [Kind::PhoneNumber, Kind::BirthDate, Kind::MyNumber] {
                for role in [Role::Label, Role::Negative] {
                    for (before, after) in [(12, 4), (30, 10), (2, 1)] {
                        // Both indexes search the whole text first, so that the automaton's matches
                        // do not depend on where a window cuts the text.
                        let near = |kw: &Keywords| {
                            let mut idx = KeywordIndex::new(kw, &text);
                            let _ = idx.hits_in(0, text.len()).count();
                            idx.nearest(kind, role, &span, before, after).map(|n| (n.id, n.distance, n.before))
                        };
                        let (got, want) = (near(split), near(whole));
                        proptest::prop_assert_eq!(got, want, "{} {:?} {:?} {} {}", text, kind, role, before, after);
                    }
                }
            }
        }
    }

    #[test]
    fn index_extends_forward_without_duplicates() {
        let kw = Keywords::new(&[]);
        let text = "電話 1 電話 2 電話 3";
        let mut idx = KeywordIndex::new(&kw, text);
        let a: Vec<_> = idx.hits_in(0, 8).collect();
        let b: Vec<_> = idx.hits_in(0, text.len()).collect();
        assert_eq!(a.len(), 1);
        assert_eq!(b.len(), 3);
    }
}
