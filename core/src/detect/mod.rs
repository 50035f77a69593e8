//! Validators, one module per kind. They run only on candidates from the single pass
//! (`candidates.rs`) and turn a shape into [`Draft`]s: a kind, an exact span, a base score, the
//! reasons, and the normalized value. Context (keywords, table columns) is scored afterwards by the
//! engine, the same way for every kind.
//!
//! A numeric candidate is a run of digit groups with separators between them ([`Token`]). Every
//! contiguous run of groups ([`View`]) is offered to every numeric validator, so
//! `090-1234-5678 03-1234-5678` yields two phone numbers and `〒100-0001` a postal code.

use core::ops::Range;

use crate::finding::{Kind, Reason};
use crate::normalize::{digit, is_hyphen, is_space};

pub(crate) mod address;
pub(crate) mod bank_account;
pub(crate) mod birth_date;
pub(crate) mod checksum;
pub(crate) mod corporate_number;
pub(crate) mod credit_card;
pub(crate) mod drivers_license;
pub(crate) mod email;
pub(crate) mod health_insurance;
pub(crate) mod letters_ids;
pub(crate) mod my_number;
pub(crate) mod pension;
pub(crate) mod person_name;
pub(crate) mod phone;
pub(crate) mod postal_code;
pub(crate) mod zengin;

/// A validated candidate before context scoring.
#[derive(Clone, Debug)]
pub(crate) struct Draft {
    pub kind: Kind,
    pub span: Range<usize>,
    /// Score from the value alone (shape, checksum, grouping), before context.
    pub base: f32,
    pub reasons: Vec<Reason>,
    pub normalized: String,
    /// Only reported with a positive keyword or column header (the value alone says too little).
    pub needs_context: bool,
}

impl Draft {
    pub fn new(kind: Kind, span: Range<usize>, base: f32, normalized: String) -> Draft {
        Draft { kind, span, base, reasons: Vec::new(), normalized, needs_context: false }
    }
    /// Room for `n` reasons in all, counting the one context (a column header or a keyword) that
    /// scoring usually adds. A roster keeps hundreds of thousands of findings: a vector grown by
    /// pushing holds four reasons (160 bytes) where most findings have two or three.
    pub fn room(mut self, n: usize) -> Draft {
        self.reasons.reserve_exact(n);
        self
    }
    pub fn reason(mut self, r: Reason) -> Draft {
        self.reasons.push(r);
        self
    }
    pub fn needs_context(mut self) -> Draft {
        self.needs_context = true;
        self
    }
}

/// What separates two digit groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sep {
    Hyphen,
    Space,
    Dot,
    Slash,
    Open,
    Close,
    Tilde,
    MiddleDot,
}

#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub start: usize,
    pub end: usize,
    /// Number of digits.
    pub len: usize,
}

/// A numeric candidate: digit groups and the separators between them (`seps[k]` is between
/// `groups[k]` and `groups[k + 1]`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Token {
    pub groups: Vec<Group>,
    pub seps: Vec<Sep>,
    /// All digits of the token, concatenated (views slice it without allocating).
    all: String,
    /// `offs[k]` = where group k's digits start in `all`.
    offs: Vec<usize>,
    /// The first group is glued to an identifier before it, the last to one after it (see
    /// [`View::glued_to_word`]): worked out once per token, not once per view and validator.
    glued_before: bool,
    glued_after: bool,
}

/// Digit-group lengths of a view, without allocating (a view has at most [`MAX_GROUPS`] groups).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lens {
    v: [usize; MAX_GROUPS],
    n: usize,
}

impl core::ops::Deref for Lens {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        &self.v[..self.n]
    }
}

impl<const N: usize> PartialEq<[usize; N]> for Lens {
    fn eq(&self, other: &[usize; N]) -> bool {
        &**self == other.as_slice()
    }
}

impl Lens {
    pub fn as_slice(&self) -> &[usize] {
        self
    }
}

/// Longest run of groups offered to the validators.
pub(crate) const MAX_GROUPS: usize = 6;

impl Token {
    #[cfg(test)]
    pub fn parse(text: &str, span: Range<usize>) -> Token {
        let mut t = Token::default();
        t.parse_into(text, span);
        t
    }

    /// Parses `text[span]` into this token, reusing its buffers (no allocation once warm).
    pub fn parse_into(&mut self, text: &str, span: Range<usize>) {
        self.groups.clear();
        self.seps.clear();
        self.all.clear();
        self.offs.clear();
        let mut open = false;
        let mut sep: Option<Sep> = None;
        let bytes = text.as_bytes();
        let mut next = span.start;
        while next < span.end {
            let at = next;
            // ASCII digits (most of every token) are taken a run at a time (`Ok(None)`), a
            // full-width digit (`Ok(Some(value))`) or anything else (`Err`) a character at a time,
            // decoded only for a non-ASCII lead byte.
            let piece = match bytes[at] {
                b if b.is_ascii_digit() => {
                    next = bytes[at..span.end].iter().position(|b| !b.is_ascii_digit()).map_or(span.end, |k| at + k);
                    Ok(None)
                }
                b if b < 0x80 => Err(char::from(b)),
                _ => {
                    let c = text[at..].chars().next().expect("a character at a boundary inside the span");
                    digit(c).map(Some).ok_or(c)
                }
            };
            let c = match piece {
                Err(c) => c,
                Ok(full_width) => {
                    if !open {
                        if !self.groups.is_empty() {
                            self.seps.push(sep.take().unwrap_or(Sep::Space));
                        }
                        self.offs.push(self.all.len());
                        self.groups.push(Group { start: at, end: at, len: 0 });
                        open = true;
                    }
                    let g = self.groups.last_mut().expect("group open");
                    match full_width {
                        Some(d) => {
                            next += '０'.len_utf8();
                            self.all.push((b'0' + d) as char);
                            g.len += 1;
                        }
                        None => {
                            self.all.push_str(&text[at..next]);
                            g.len += next - at;
                        }
                    }
                    g.end = next;
                    continue;
                }
            };
            next += c.len_utf8();
            open = false;
            // The strongest separator character wins (a space next to a hyphen is just padding).
            let s = if is_hyphen(c) {
                Sep::Hyphen
            } else if is_space(c) {
                Sep::Space
            } else {
                match c {
                    '.' | '．' => Sep::Dot,
                    '/' | '／' => Sep::Slash,
                    '(' | '（' => Sep::Open,
                    ')' | '）' => Sep::Close,
                    '・' => Sep::MiddleDot,
                    _ => Sep::Tilde,
                }
            };
            if sep.is_none() || sep == Some(Sep::Space) {
                sep = Some(s);
            }
        }
        self.offs.push(self.all.len());
        if let (Some(first), Some(last)) = (self.groups.first(), self.groups.last()) {
            self.glued_before = joined_to_word(text[..first.start].chars().rev());
            self.glued_after = joined_to_word(text[last.end..].chars());
        } else {
            (self.glued_before, self.glued_after) = (false, false);
        }
    }

    /// The digits of group `k`.
    pub fn group_digits(&self, k: usize) -> &str {
        &self.all[self.offs[k]..self.offs[k + 1]]
    }

    /// Groups `i..=j` as a view.
    pub fn view<'t>(&'t self, text: &'t str, i: usize, j: usize) -> View<'t> {
        View { text, token: self, i, j }
    }
}

/// Groups `i..=j` of a token.
#[derive(Clone, Copy)]
pub(crate) struct View<'t> {
    pub text: &'t str,
    pub token: &'t Token,
    pub i: usize,
    pub j: usize,
}

impl<'t> View<'t> {
    /// The digits of the view's `k`-th group.
    pub fn group_digits(&self, k: usize) -> &'t str {
        self.token.group_digits(self.i + k)
    }
    pub fn groups(&self) -> &'t [Group] {
        &self.token.groups[self.i..=self.j]
    }
    /// Separators inside the view.
    pub fn seps(&self) -> &'t [Sep] {
        &self.token.seps[self.i..self.j]
    }
    pub fn lens(&self) -> Lens {
        let mut l = Lens { v: [0; MAX_GROUPS], n: 0 };
        for g in self.groups().iter().take(MAX_GROUPS) {
            l.v[l.n] = g.len;
            l.n += 1;
        }
        l
    }
    /// The view's digits, ASCII, concatenated.
    pub fn digits(&self) -> &'t str {
        &self.token.all[self.token.offs[self.i]..self.token.offs[self.j + 1]]
    }
    pub fn ndigits(&self) -> usize {
        self.token.offs[self.j + 1] - self.token.offs[self.i]
    }
    pub fn span(&self) -> Range<usize> {
        self.token.groups[self.i].start..self.token.groups[self.j].end
    }
    pub fn start(&self) -> usize {
        self.token.groups[self.i].start
    }
    pub fn end(&self) -> usize {
        self.token.groups[self.j].end
    }
    /// All separators inside the view are the same one (or there are none).
    pub fn uniform_sep(&self) -> Option<Sep> {
        let s = self.seps();
        match s.first() {
            None => None,
            Some(&f) if s.iter().all(|&x| x == f) => Some(f),
            _ => None,
        }
    }
    /// The separator before the view inside the token (None at the token's start).
    pub fn sep_before(&self) -> Option<Sep> {
        (self.i > 0).then(|| self.token.seps[self.i - 1])
    }
    pub fn sep_after(&self) -> Option<Sep> {
        (self.j + 1 < self.token.groups.len()).then(|| self.token.seps[self.j])
    }
    /// The view is not glued to more digits by a hyphen, dot or slash (a space is a fair break).
    pub fn stands_alone(&self) -> bool {
        let ok = |s: Option<Sep>| matches!(s, None | Some(Sep::Space));
        ok(self.sep_before()) && ok(self.sep_after())
    }
    /// The character just before the view.
    pub fn char_before(&self) -> Option<char> {
        self.text[..self.start()].chars().next_back()
    }
    pub fn char_after(&self) -> Option<char> {
        self.text[self.end()..].chars().next()
    }
    /// The view is glued to an ASCII identifier (`ABC1234…`, `…99x`): usually a product or order code.
    /// Each side counts only when the view reaches that end of the token.
    pub fn glued_to_word(&self) -> bool {
        (self.i == 0 && self.token.glued_before) || (self.j + 1 == self.token.groups.len() && self.token.glued_after)
    }
    /// The view is the value of a `key=value` field whose key, an ASCII identifier, names something
    /// else (`req=8806325740385`, `order_id=…`): a field of a machine log, not a person's number.
    /// `names`: key words that do name the kind (`mynumber`, `houjin`…), matched case-insensitively
    /// inside the key.
    pub fn keyed_by_other_field(&self, names: &[&str]) -> bool {
        if self.i != 0 {
            return false;
        }
        let Some(rest) = self.text[..self.start()].strip_suffix('=') else { return false };
        let key = &rest[rest.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')).len()..];
        if !key.bytes().any(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        let key = key.to_ascii_lowercase();
        !names.iter().any(|n| key.contains(n))
    }
    /// A `Grouping` reason, e.g. `4-4-4`.
    pub fn grouping_reason(&self) -> Reason {
        Reason::Grouping { pattern: grouping_pattern(&self.lens()) }
    }
}

/// The characters next to a number (`chars`, going away from it) join it to an ASCII identifier:
/// a letter or `_` right there (`ABC1234`, `99x`), or a hyphen, `_` or `#` and then a letter or
/// digit (`ABC-090…`, `…5678-X`).
fn joined_to_word(mut chars: impl Iterator<Item = char>) -> bool {
    fn word(c: Option<char>) -> bool {
        c.is_some_and(|c| c == '_' || crate::normalize::letter(c).is_some())
    }
    let c = chars.next();
    word(c) || (c.is_some_and(|c| is_hyphen(c) || c == '_' || c == '#') && {
        let n = chars.next();
        word(n) || n.is_some_and(|n| n.is_ascii_digit())
    })
}

/// Whether a numeric candidate can be anything at all. Most numbers in prose are short single
/// groups (`3`, `2024`); they matter only right after an insurance card label (記号 12).
pub(crate) fn worth_parsing(text: &str, span: &Range<usize>) -> bool {
    let s = &text.as_bytes()[span.clone()];
    s.len() >= 5 || s.iter().any(|b| !b.is_ascii_digit()) || after_card_label(text, span.start)
}

/// An insurance card label (`記号`, `番号`, `枝番`) ends right before `at`, spaces and a colon aside.
#[inline(always)]
fn after_card_label(text: &str, at: usize) -> bool {
    // The last byte of what may stand right before: `号` (…B7), `番` (…AA), or the space or colon
    // `before_trimmed` skips. Most short numbers follow something else and leave here.
    matches!(text.as_bytes()[..at].last(), Some(0xB7 | 0xAA | b' ' | 0x80 | b':' | 0x9A)) && {
        let before = before_trimmed(text, at);
        ["記号", "番号", "枝番"].iter().any(|l| before.ends_with(l))
    }
}

/// A number of one to four ASCII digits that nothing of a scan with `kinds` reads: the engine
/// reads a numeric candidate for an address block after it (`千代田1-1`, `3丁目`), for a name above
/// it (`〒` opening a line) and for its validators ([`worth_parsing`]). Most numbers of prose are
/// such (`2024年度`, `前年比12％`, `9時`): the candidate pass drops them.
///
/// `span` is one to four ASCII digits (the candidate pass knows it).
#[inline]
pub(crate) fn unused_short_number(text: &str, span: Range<usize>, kinds: u32) -> bool {
    let bytes = text.as_bytes();
    debug_assert!(span.len() <= 4 && bytes[span.clone()].iter().all(u8::is_ascii_digit));
    // `worth_parsing`; and for a number of plain digits `digit_trigger` is its two character tests
    // (no hyphen inside).
    let read = after_card_label(text, span.start)
        || kinds & Kind::Address.bit() != 0 && address::follows_town(text, span.start) && address::block_like_next(text, span.end)
        || kinds & Kind::PersonName.bit() != 0 && bytes[..span.start].ends_with("〒".as_bytes());
    !read
}

/// Runs the numeric validators that fit each run of groups of a token (by digit count).
pub(crate) fn numeric(text: &str, token: &Token, kinds: u32, memo: &mut address::Memo, out: &mut Vec<Draft>) {
    let n = token.groups.len();
    for i in 0..n {
        // Nothing glued before group `i`: the token's start, or a space (see `View::stands_alone`).
        let open = i == 0 || token.seps[i - 1] == Sep::Space;
        for j in i..n.min(i + MAX_GROUPS) {
            let nd = token.offs[j + 1] - token.offs[i];
            if nd > 19 {
                break;
            }
            let groups = j - i + 1;
            // Phone, My Number, driver's licence, corporate, card, postal, pension and insurer
            // numbers all reject a view glued to more digits by a hyphen, dot or slash; what is
            // left for such a view is an account number's one group (after its bank and branch
            // codes; ゆうちょ's two groups stand alone), a passport's one or a date's three. Most
            // inner views of an ISBN or an order number are none of these: they are passed over
            // here, before a view is made (~12 of an ISBN's 15 views).
            let alone = open && (j + 1 == n || token.seps[j] == Sep::Space);
            let wanted = alone || groups == 1 && (7..=13).contains(&nd) || groups == 3 && nd <= 8;
            if !wanted {
                continue;
            }
            view_validators(token.view(text, i, j), nd, alone, kinds, memo, out);
        }
    }
}

/// The validators that fit one view of `nd` digits (`alone`: [`View::stands_alone`]).
#[inline]
fn view_validators(v: View, nd: usize, alone: bool, kinds: u32, memo: &mut address::Memo, out: &mut Vec<Draft>) {
    let on = |k: Kind| kinds & k.bit() != 0;
    let groups = v.j - v.i + 1;
    if alone && on(Kind::PhoneNumber) && (9..=15).contains(&nd) {
        out.extend(phone::validate(&v));
        if groups == 1 && nd <= 10 {
            out.extend(phone::validate_without_trunk_zero(&v));
        }
    }
    if alone && nd == 12 && on(Kind::MyNumber) {
        out.extend(my_number::validate(&v));
    }
    if alone && nd == 12 && on(Kind::DriversLicense) {
        out.extend(drivers_license::validate(&v));
    }
    if alone && nd == 13 && on(Kind::CorporateNumber) {
        out.extend(corporate_number::validate(&v));
    }
    if alone && nd >= 13 && on(Kind::CreditCard) {
        out.extend(credit_card::validate(&v));
    }
    if alone && nd == 7 && on(Kind::PostalCode) {
        out.extend(postal_code::validate(&v, memo));
    }
    if alone && nd == 6 && groups == 1 && on(Kind::PostalCode) {
        out.extend(postal_code::validate_without_leading_zero(&v));
    }
    // An account number has one group, or two (ゆうちょ): `validate` says so first.
    if groups <= 2 && (7..=13).contains(&nd) && on(Kind::BankAccount) {
        out.extend(bank_account::validate(&v));
    }
    if groups == 1 && (nd == 7 || nd == 8) && (on(Kind::PassportNumber) || on(Kind::ResidenceCard)) {
        out.extend(letters_ids::validate(&v).into_iter().filter(|d| on(d.kind)));
    }
    if alone && nd == 10 && on(Kind::BasicPensionNumber) {
        out.extend(pension::validate(&v));
    }
    if alone && groups == 1 && nd <= 10 && on(Kind::HealthInsurance) {
        out.extend(health_insurance::validate(&v));
    }
    if groups == 3 && nd <= 8 && on(Kind::BirthDate) {
        out.extend(birth_date::validate_numeric(&v));
    }
    if groups == 1 && (nd == 7 || nd == 8) && on(Kind::BirthDate) {
        out.extend(birth_date::validate_compact(&v));
    }
}

/// A grouping such as `3-4-4` as a reason string; the common ones are static (no allocation per
/// finding on a roster).
pub(crate) fn grouping_pattern(lens: &[usize]) -> std::borrow::Cow<'static, str> {
    match lens {
        [3, 4, 4] => "3-4-4".into(),
        [2, 4, 4] => "2-4-4".into(),
        [3, 3, 4] => "3-3-4".into(),
        [4, 2, 4] => "4-2-4".into(),
        [5, 1, 4] => "5-1-4".into(),
        [4, 4, 4] => "4-4-4".into(),
        [4, 4, 4, 4] => "4-4-4-4".into(),
        [3, 4] => "3-4".into(),
        [4, 4] => "4-4".into(),
        [4, 3, 3] => "4-3-3".into(),
        [1, 4, 4, 4] => "1-4-4-4".into(),
        _ => lens.iter().map(|l| l.to_string()).collect::<Vec<_>>().join("-").into(),
    }
}

/// Skips spaces backwards from `at`; returns the text before.
pub(crate) fn before_trimmed(text: &str, at: usize) -> &str {
    text[..at].trim_end_matches([' ', '\u{3000}', ':', '：'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_are_worth_parsing_only_after_a_card_label() {
        // The definition, without the last-byte test in front of it.
        let reference = |text: &str, span: &Range<usize>| {
            let s = &text.as_bytes()[span.clone()];
            s.len() >= 5 || s.iter().any(|b| !b.is_ascii_digit()) || ["記号", "番号", "枝番"].iter().any(|l| before_trimmed(text, span.start).ends_with(l))
        };
        let befores = ["", "記号", "番号", "枝番", "記号 ", "番号：", "枝番:　", "番号　 ：", "号", "番", "第", "約", "x", " ", "：", "信号", "順番", "記号は", "a番号"];
        for before in befores {
            for number in ["1", "12", "123", "1234", "12345", "１２"] {
                let text = format!("{before}{number}円");
                let span = before.len()..before.len() + number.len();
                assert_eq!(worth_parsing(&text, &span), reference(&text, &span), "{text}");
            }
        }
        assert!(worth_parsing("記号 12", &(7..9)) && !worth_parsing("第3会議室", &(3..4)));
    }

    use proptest::prelude::*;

    /// The definition `numeric` is held to: every view offered, each validator deciding for itself
    /// whether it stands alone (their own checks reject what the loop's skip passes over).
    fn numeric_by_definition(text: &str, token: &Token, kinds: u32, out: &mut Vec<Draft>) {
        let n = token.groups.len();
        let memo = &mut address::Memo::default();
        for i in 0..n {
            for j in i..n.min(i + MAX_GROUPS) {
                let v = token.view(text, i, j);
                let nd = v.ndigits();
                if nd > 19 {
                    break;
                }
                view_validators(v, nd, v.stands_alone(), kinds, memo, out);
            }
        }
    }

    /// Drafts of `numeric` and of its definition for the number in `text` (first to last digit).
    fn both(text: &str) -> (Vec<String>, Vec<String>) {
        let start = text.find(|c: char| c.is_ascii_digit()).expect("a digit");
        let end = text.rfind(|c: char| c.is_ascii_digit()).expect("a digit") + 1;
        let token = Token::parse(text, start..end);
        let show = |v: &[Draft]| v.iter().map(|d| format!("{:?} {}", d.kind, &text[d.span.clone()])).collect::<Vec<_>>();
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        numeric(text, &token, u32::MAX, &mut address::Memo::default(), &mut fast);
        numeric_by_definition(text, &token, u32::MAX, &mut slow);
        (show(&fast), show(&slow))
    }

    #[test]
    fn inner_views_that_validators_take() {
        // Views glued to more digits that still are something: a date before `（66歳）`, an account
        // after its bank and branch codes.
        for (text, want) in [("1959/09/04（66歳）", "BirthDate 1959/09/04"), ("普通 0001-210-1234567", "BankAccount 1234567")] {
            let (fast, slow) = both(text);
            assert_eq!(fast, slow, "{text}");
            assert!(fast.iter().any(|d| d == want), "{text}: {fast:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The views `numeric` passes over are those no validator would take.
        #[test]
        fn numeric_equals_its_definition(
            before in proptest::sample::select(vec!["", "普通 ", "口座番号：", "〒", "TEL ", "ABC", "旅券番号 TR", "記号 ", "生年月日 ", "x=", "昭和", "S"]),
            digits in proptest::collection::vec((
                prop_oneof![
                    "[0-9]{1,8}",
                    proptest::sample::select(vec!["1959", "09", "04", "66", "45", "3", "12", "0001", "210", "1234567", "12345", "1234561", "090", "1234", "5678", "03", "100", "621498320257", "4111111111111111", "2024", "1108", "0032", "978", "06", "512345"]).prop_map(String::from),
                ],
                proptest::sample::select(vec!["-", " ", "/", ".", "－", "(", ")", "（", "）", "・"]),
            ), 1..8),
            after in proptest::sample::select(vec!["", " 東京都千代田区千代田1-1", "円", "AB", "号"]),
        ) {
            let mut number: String = digits.iter().map(|(d, sep)| format!("{d}{sep}")).collect();
            number.truncate(number.trim_end_matches(|c: char| !c.is_ascii_digit()).len());
            let text = format!("{before}{number}{after}");
            let token = Token::parse(&text, before.len()..before.len() + number.len());
            let show = |v: &[Draft]| v.iter().map(|d| format!("{:?} {:?} {} {} {:?}", d.kind, d.span, d.base, d.normalized, d.reasons)).collect::<Vec<_>>();
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            numeric(&text, &token, u32::MAX, &mut address::Memo::default(), &mut fast);
            numeric_by_definition(&text, &token, u32::MAX, &mut slow);
            proptest::prop_assert_eq!(show(&fast), show(&slow), "{}", text);
        }
    }

    proptest::proptest! {
        /// ASCII digits are taken a run at a time, full-width ones a character at a time: a token
        /// parses the same whichever width each digit is written in (spans aside).
        #[test]
        fn a_token_parses_the_same_in_either_width(
            pieces in proptest::collection::vec((0u8..10, proptest::bool::ANY, proptest::sample::select(vec!["", "", "", "-", " ", "ー", "．", "/", "（", "）", "・", "～", "　"])), 1..20),
            before in proptest::sample::select(vec!["", "x", "番号 ", "AB"]),
        ) {
            let written = |wide: &dyn Fn(bool) -> bool| -> String {
                let body: String = pieces.iter().map(|&(d, w, sep)| {
                    let digit = if wide(w) { char::from_u32('０' as u32 + u32::from(d)).unwrap() } else { char::from(b'0' + d) };
                    format!("{digit}{sep}")
                }).collect();
                format!("{before}{}", body.trim_end_matches(|c: char| !c.is_ascii_digit() && !('０'..='９').contains(&c)))
            };
            let shape = |text: &str| {
                let t = Token::parse(text, before.len()..text.len());
                let chars = |at: usize| text[..at].chars().count();
                let groups: Vec<_> = t.groups.iter().enumerate().map(|(k, g)| (chars(g.start), chars(g.end), g.len, t.group_digits(k).to_string())).collect();
                (groups, t.seps.clone(), t.glued_before, t.glued_after)
            };
            let mixed = written(&|w| w);
            proptest::prop_assert_eq!(shape(&written(&|_| false)), shape(&mixed), "{}", mixed);
            proptest::prop_assert_eq!(shape(&written(&|_| true)), shape(&mixed), "{}", mixed);
        }
    }

    #[test]
    fn token_groups_and_separators() {
        let t = "(03)1234-5678";
        let tok = Token::parse(t, 1..t.len());
        assert_eq!((0..3).map(|k| tok.group_digits(k)).collect::<Vec<_>>(), ["03", "1234", "5678"]);
        assert_eq!(tok.seps, [Sep::Close, Sep::Hyphen]);
        let t = "０９０ー１２３４ー５６７８";
        let tok = Token::parse(t, 0..t.len());
        assert_eq!(tok.view(t, 0, 2).digits(), "09012345678");
        assert_eq!(tok.view(t, 0, 2).span(), 0..t.len());
        let t = "1 - 2";
        let tok = Token::parse(t, 0..t.len());
        assert_eq!(tok.seps, [Sep::Hyphen]);
    }
}
