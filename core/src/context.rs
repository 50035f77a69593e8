//! Context: keywords near a value, found as raw substrings (no tokenizer, so `口座番号は1234567` and
//! `個人番号：` work), in a direction-aware window per kind.
//!
//! One `aho_corasick` automaton holds every keyword of every kind (plus negative words such as
//! 注文番号 or 円). It runs lazily: only around candidates that validated, and each byte of the
//! input is searched at most once per scan ([`KeywordIndex`] extends its covered range forward).

use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

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
        (PersonName, 0.3, &["氏名", "名前", "お名前", "宛名", "名義", "口座名義", "名義人", "担当者", "契約者", "受取人", "フリガナ", "ふりがな", "申込者", "保護者", "full name"]),
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
        "特許", "文献", "ロット", "lot",
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

/// Every keyword, compiled into one automaton.
#[derive(Debug)]
pub(crate) struct Keywords {
    ac: AhoCorasick,
    pub entries: Vec<Keyword>,
    pub max_len: usize,
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
        // A full DFA: on dense rosters the index covers nearly every byte, and with ~250 keywords
        // (Japanese and ASCII) no prefilter helps, so the per-byte cost is what counts.
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(entries.iter().map(|e| &*e.text))
            .expect("keywords compile");
        let max_len = entries.iter().map(|e| e.text.len()).max().unwrap_or(1);
        Keywords { ac, entries, max_len }
    }
}

/// A keyword occurrence in the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub id: usize,
}

/// The least a contiguous extension of the index searches ahead, in bytes.
const EXTEND_AHEAD: usize = 512;

/// Keyword hits of one input, computed lazily and only forward: a candidate asks for the window
/// around it and the index searches just the part not yet searched.
pub(crate) struct KeywordIndex<'a> {
    kw: &'a Keywords,
    text: &'a str,
    hits: Vec<Hit>,
    covered_from: usize,
    covered_to: usize,
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
        KeywordIndex { kw, text, hits: Vec::new(), covered_from: 0, covered_to: 0 }
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
            // end is found. Keywords ending at or before the old end were found already. Values
            // that close together (a roster) will ask again soon: extending by at least
            // [`EXTEND_AHEAD`] keeps that re-searched overlap a small part of the work.
            to = floor_boundary(self.text, to.max(self.covered_to + EXTEND_AHEAD));
            (floor_boundary(self.text, self.covered_to.saturating_sub(self.kw.max_len - 1)).max(self.covered_from), self.covered_to)
        } else {
            // A gap (or a jump backwards, which in-order candidates never make): start afresh.
            self.hits.clear();
            self.covered_from = from;
            (from, from)
        };
        let hay = &self.text[start..to];
        let batch = self.hits.len();
        // Leftmost-longest: `個人番号` wins over a shorter keyword inside it.
        for m in self.kw.ac.find_iter(hay) {
            let (s, e) = (start + m.start(), start + m.end());
            if e > old_to {
                self.hits.push(Hit { start: s, end: e, id: m.pattern().as_usize() });
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
        let text = self.text;
        // A character is at most 4 bytes: search a byte window that surely holds the character
        // window, and count characters only for the hits found in it (counting back 40 characters
        // for every value cost more than the search on a dense roster).
        let from = span.start.saturating_sub(before * 4);
        let to = span.end.saturating_add(after * 4).min(text.len());
        self.ensure(from, to);
        let first = self.hits.partition_point(|h| h.end < from);
        let mut best: Option<(f32, usize, usize, Near)> = None;
        for h in self.hits[first..].iter().take_while(|h| h.end <= to) {
            let k = &self.kw.entries[h.id];
            if h.start < from || k.role != role || k.kinds & kind.bit() == 0 {
                continue;
            }
            // The whole keyword lies within the window: its own characters count too.
            let (distance, before_value) = if h.end <= span.start {
                let d = text[h.end..span.start].chars().count();
                if d + k.chars > before {
                    continue;
                }
                (d, true)
            } else if h.start >= span.end {
                let d = text[span.end..h.start].chars().count();
                if d + k.chars > after {
                    continue;
                }
                (d, false)
            } else {
                continue; // inside the value
            };
            if k.before_only.is_some_and(|b| b != before_value) || k.max_distance.is_some_and(|m| distance > m) {
                continue;
            }
            // The strongest evidence wins: strength decayed by distance, then the closer, then the longer.
            let window = if before_value { before } else { after };
            let weight = k.strength * decay(distance, window);
            let key = (weight, usize::MAX - distance, h.end - h.start);
            if best.as_ref().is_none_or(|(w, d, l, _)| key > (*w, *d, *l)) {
                best = Some((key.0, key.1, key.2, Near { id: h.id, distance, before: before_value }));
            }
        }
        best.map(|(_, _, _, n)| n)
    }
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
