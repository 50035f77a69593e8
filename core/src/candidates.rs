//! The single candidate pass: one `regex_automata::meta::Regex` built with `new_many` over
//! *shapes*, not kinds. Every numeric kind starts from the same digit-run token (validators decide
//! what it is), so N detectors never mean N passes.
//!
//! Every pattern starts with a digit, an era name or `@`: the regex's prefilter skips prose quickly.
//! No Unicode `\d`, `\w` or `\b`: explicit classes only (DESIGN §2.3); boundaries are checked by the
//! validators, which look at the characters around the token.

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use regex_automata::util::syntax;

/// What a candidate's pattern says about its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `1970年3月12日`, `昭和45年3月12日`, `平成元年…`, kanji-numeral era dates.
    KanjiDate,
    /// Digits with separators between groups: phones, IDs, card numbers, numeric dates, postal codes.
    Numeric,
    /// `@` or `＠`: an e-mail address is expanded around it.
    At,
    /// A word of the word automaton that is not an era name (see [`Word`]).
    Word(Word),
    /// A run of half-width katakana (`ﾔﾏﾀﾞ ﾀﾛｳ`): bank-data names.
    HalfKana,
}

/// Literal words found in the same pass as the digit triggers: each is evidence that a value is
/// near (an address block, a name before an honorific or after a label).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Word {
    /// An era name: the candidate regex decides whether a date starts there (never yielded).
    Era,
    /// `丁目`, `番地`, Kyoto's `上る`/`下る`/`西入`/`東入`: an address ends here or after.
    AddressBlock,
    /// `様`, `さん`, `氏`, `先生`, `社長`…: a name may end right before.
    Honorific,
    /// `氏名`, `お名前`, `フリガナ`, `口座名義`…: a name may follow.
    NameLabel,
}

/// The word automaton's entries. Kept short on purpose: the automaton runs over every byte, and
/// with more than a few dozen words its SIMD prefilter gives out (measured: 18 words ≈ 1.7 GB/s, 65
/// words ≈ 0.45 GB/s on Japanese prose), so rarer titles are left to labels and table columns.
const WORDS: &[(Word, &[&str])] = &[
    (Word::Era, &["明治", "大正", "昭和", "平成", "令和", "㍾", "㍽", "㍼", "㍻", "㋿"]),
    (Word::AddressBlock, &["丁目", "番地", "上る", "下る", "上ル", "下ル", "西入", "東入"]),
    (Word::Honorific, &["様", "さん", "氏", "殿", "君", "先生", "社長", "部長", "弁護士", "容疑者", "被告"]),
    (Word::NameLabel, &["氏名", "名前", "宛名", "名義", "担当", "契約者", "受取人", "フリガナ", "ふりがな", "\"name\"", "\"kana\"", "\"full_name\""]),
];

const D: &str = "[0-9０-９]";
/// Separators allowed between two digit groups: hyphen family, dots, slashes, parentheses, tilde,
/// middle dot, optionally with one space on each side; or a single space.
const SEP: &str = r"(?:[ 　]?[\-‐‑‒–—―−ーｰ－﹣.．/／()（）~〜～・][ 　]?|[ 　])";
const ERA: &str = "(?:明治|大正|昭和|平成|令和|[㍾㍽㍼㍻㋿])";
const KANJI_NUM: &str = "[〇一二三四五六七八九十]";

/// The patterns, in priority order (leftmost-first: at the same start, the earlier one wins).
fn patterns() -> Vec<(Shape, String)> {
    let sp = "[ 　]?";
    vec![
        // `1985（昭和60）年4月3日`: western year with the era year in parentheses.
        (
            Shape::KanjiDate,
            format!("{D}{{4}}[（(]{ERA}(?:元|{D}{{1,2}})[）)]{sp}年{sp}{D}{{1,2}}{sp}月{sp}{D}{{1,2}}{sp}日"),
        ),
        (
            Shape::KanjiDate,
            format!(
                "(?:{ERA}{sp}(?:元|{D}{{1,2}})|{D}{{4}}){sp}年{sp}{D}{{1,2}}{sp}月{sp}{D}{{1,2}}{sp}日"
            ),
        ),
        (
            Shape::KanjiDate,
            format!("{ERA}(?:元|{KANJI_NUM}{{1,3}})年{KANJI_NUM}{{1,3}}月{KANJI_NUM}{{1,3}}日"),
        ),
        (Shape::Numeric, format!("{D}+(?:{SEP}{D}+)*")),
        (Shape::At, "[@＠]".to_string()),
    ]
}

/// The compiled candidate automaton.
///
/// The regex's own prefilter runs at about 450 MB/s on Japanese prose: its prefix literals (digits of
/// two widths, `@`) defeat its SIMD literal search. So the pass is driven by a vectorizable byte scan
/// for the bytes a candidate can start with (ASCII digits, `@`, and 0xEF, the lead byte of `０`–`９`
/// and `＠`) plus a Teddy (SIMD) search for the five era names; the same multi-pattern regex then
/// runs *anchored* at each of those positions. Same patterns, same leftmost-first priorities, one
/// pass over the bytes.
#[derive(Debug)]
pub(crate) struct Candidates {
    pub regex: Regex,
    shapes: Vec<Shape>,
    /// `None` when no enabled kind has words (an empty automaton would still visit every byte).
    words: Option<aho_corasick::AhoCorasick>,
    word_kinds: Vec<Word>,
    /// Half-width katakana runs are yielded (person names are enabled).
    half_kana: bool,
}

/// A byte that can start a candidate (or, for 0xEF, may: the next two bytes decide).
#[inline(always)]
fn is_trigger(b: u8) -> bool {
    (b.wrapping_sub(b'0') < 10) | (b == b'@') | (b == 0xEF)
}

/// The next position ≥ `from` whose byte is a trigger. Works 32 bytes at a time with a branch-free
/// test the compiler vectorizes.
#[inline]
fn next_trigger(hay: &[u8], from: usize) -> Option<usize> {
    const CHUNK: usize = 32;
    let mut i = from;
    while i + CHUNK <= hay.len() {
        let chunk: &[u8; CHUNK] = hay[i..i + CHUNK].try_into().expect("chunk");
        let mut any = false;
        for &b in chunk {
            any |= is_trigger(b);
        }
        if any {
            if let Some(k) = chunk.iter().position(|&b| is_trigger(b)) {
                return Some(i + k);
            }
        }
        i += CHUNK;
    }
    hay[i.min(hay.len())..].iter().position(|&b| is_trigger(b)).map(|k| i + k)
}

/// A full-width form that starts a candidate: `０`–`９` (EF BC 90–99) or `＠` (EF BC A0).
#[inline]
fn fullwidth_start(hay: &[u8], at: usize) -> bool {
    hay.get(at + 1) == Some(&0xBC) && hay.get(at + 2).is_some_and(|&b| (0x90..=0x99).contains(&b) || b == 0xA0)
}

/// Half-width katakana `ｦ`–`ﾟ` (U+FF66–FF9F: EF BD A6–BF, EF BE 80–9F) at `at`.
#[inline]
fn halfkana_at(hay: &[u8], at: usize) -> bool {
    hay.get(at) == Some(&0xEF)
        && match hay.get(at + 1) {
            Some(0xBD) => hay.get(at + 2).is_some_and(|&b| b >= 0xA6),
            Some(0xBE) => hay.get(at + 2).is_some_and(|&b| b <= 0x9F),
            _ => false,
        }
}

/// The end of a half-width katakana run starting at `at`: kana, and single spaces between kana.
fn halfkana_end(hay: &[u8], at: usize) -> usize {
    let mut i = at;
    let mut end = at;
    while i < hay.len() {
        if halfkana_at(hay, i) {
            i += 3;
            end = i;
        } else if hay[i] == b' ' && i > at && halfkana_at(hay, i + 1) {
            i += 1;
        } else {
            break;
        }
    }
    end
}

impl Candidates {
    /// The candidate pass for a kind mask: words of disabled kinds are left out of the automaton,
    /// so a scan for numbers only does not pay for honorifics.
    pub fn new(kinds: u32) -> Candidates {
        let on = |k: crate::finding::Kind| kinds & k.bit() != 0;
        let wanted = |w: Word| match w {
            Word::Era => on(crate::finding::Kind::BirthDate),
            Word::AddressBlock => on(crate::finding::Kind::Address),
            Word::Honorific | Word::NameLabel => on(crate::finding::Kind::PersonName),
        };
        let pats = patterns();
        let sources: Vec<&str> = pats.iter().map(|(_, s)| s.as_str()).collect();
        let regex = Regex::builder()
            .syntax(syntax::Config::new().unicode(true).utf8(true))
            .configure(Regex::config().hybrid_cache_capacity(4 << 20))
            .build_many(&sources)
            .expect("candidate patterns are valid");
        let (word_kinds, words): (Vec<Word>, Vec<&str>) =
            WORDS.iter().filter(|(w, _)| wanted(*w)).flat_map(|(w, list)| list.iter().map(move |s| (*w, *s))).unzip();
        let words = (!words.is_empty()).then(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(words)
                .expect("word list")
        });
        Candidates { regex, shapes: pats.into_iter().map(|(s, _)| s).collect(), words, word_kinds, half_kana: on(crate::finding::Kind::PersonName) }
    }

    pub fn shape(&self, pattern: usize) -> Shape {
        self.shapes[pattern]
    }

    /// Every candidate of `text`, in order, non-overlapping.
    pub fn iter<'t>(&'t self, text: &'t str) -> CandidateIter<'t> {
        CandidateIter { c: self, text, pos: 0, words: self.words.as_ref().map(|w| w.find_iter(text).peekable()) }
    }
}

/// Iterator over the candidates of one text (see [`Candidates::iter`]).
pub(crate) struct CandidateIter<'t> {
    c: &'t Candidates,
    text: &'t str,
    pos: usize,
    words: Option<core::iter::Peekable<aho_corasick::FindIter<'t, 't>>>,
}

impl<'t> Iterator for CandidateIter<'t> {
    type Item = (Shape, core::ops::Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let hay = self.text.as_bytes();
        loop {
            let mut at = next_trigger(hay, self.pos);
            while let Some(p) = at {
                if hay[p] != 0xEF || fullwidth_start(hay, p) || (self.c.half_kana && halfkana_at(hay, p)) {
                    break;
                }
                at = next_trigger(hay, p + 1);
            }
            // A word before the next trigger comes first.
            while let Some(m) = self.words.as_mut().and_then(|w| w.peek()) {
                if m.start() < self.pos {
                    self.words.as_mut().and_then(|w| w.next());
                    continue;
                }
                if at.is_some_and(|p| p <= m.start()) {
                    break;
                }
                let (start, end) = (m.start(), m.end());
                let word = self.c.word_kinds[m.pattern().as_usize()];
                self.words.as_mut().and_then(|w| w.next());
                if word != Word::Era {
                    self.pos = end;
                    return Some((Shape::Word(word), start..end));
                }
                if let Some(found) = self.anchored(start) {
                    return Some(found);
                }
            }
            let p = at?;
            if self.c.half_kana && halfkana_at(hay, p) {
                let end = halfkana_end(hay, p);
                self.pos = end;
                return Some((Shape::HalfKana, p..end));
            }
            if let Some(found) = self.anchored(p) {
                return Some(found);
            }
            self.pos = p + 1;
        }
    }
}

impl<'t> CandidateIter<'t> {
    fn anchored(&mut self, at: usize) -> Option<(Shape, core::ops::Range<usize>)> {
        let input = Input::new(self.text).range(at..).anchored(Anchored::Yes);
        let m = self.c.regex.search(&input)?;
        self.pos = m.end().max(at + 1);
        Some((self.c.shape(m.pattern().as_usize()), m.range()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(Shape, &str)> {
        let c = Candidates::new(u32::MAX);
        let fast: Vec<(Shape, &str)> =
            c.iter(text).filter(|(s, _)| !matches!(s, Shape::Word(_) | Shape::HalfKana)).map(|(s, r)| (s, &text[r])).collect();
        // The driven pass must equal a plain leftmost-first scan with the same regex.
        let plain: Vec<(Shape, &str)> = c.regex.find_iter(text).map(|m| (c.shape(m.pattern().as_usize()), &text[m.range()])).collect();
        assert_eq!(fast, plain, "{text}");
        fast
    }

    #[test]
    fn shapes() {
        assert_eq!(tokens("電話03-1234-5678です"), [(Shape::Numeric, "03-1234-5678")]);
        assert_eq!(tokens("昭和45年3月12日生"), [(Shape::KanjiDate, "昭和45年3月12日")]);
        assert_eq!(tokens("1970年３月12日"), [(Shape::KanjiDate, "1970年３月12日")]);
        assert_eq!(tokens("平成元年1月8日"), [(Shape::KanjiDate, "平成元年1月8日")]);
        assert_eq!(tokens("1985（昭和60）年4月3日"), [(Shape::KanjiDate, "1985（昭和60）年4月3日")]);
        assert_eq!(tokens("昭和四十五年三月十二日"), [(Shape::KanjiDate, "昭和四十五年三月十二日")]);
        assert_eq!(tokens("a@b"), [(Shape::At, "@")]);
        assert_eq!(tokens("+81 (0)3-1234-5678"), [(Shape::Numeric, "81 (0)3-1234-5678")]);
        assert_eq!(tokens("1,486,651名"), [(Shape::Numeric, "1"), (Shape::Numeric, "486"), (Shape::Numeric, "651")]);
        // A separator never ends a token.
        assert_eq!(tokens("0120-"), [(Shape::Numeric, "0120")]);
        assert!(tokens("電話番号はありません").is_empty());
        assert_eq!(tokens("（１２）＠ＡＢ"), [(Shape::Numeric, "１２"), (Shape::At, "＠")]);
    }

    #[test]
    fn words_and_half_width_kana() {
        let c = Candidates::new(u32::MAX);
        let text = "氏名：山田様　ﾔﾏﾀﾞ ﾀﾛｳ　3丁目";
        let got: Vec<(Shape, &str)> = c.iter(text).map(|(s, r)| (s, &text[r])).collect();
        assert_eq!(
            got,
            [
                (Shape::Word(Word::NameLabel), "氏名"),
                (Shape::Word(Word::Honorific), "様"),
                (Shape::HalfKana, "ﾔﾏﾀﾞ ﾀﾛｳ"),
                (Shape::Numeric, "3"),
                (Shape::Word(Word::AddressBlock), "丁目"),
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn driven_pass_equals_plain_regex(s in "[0-9０-９\\-ー－ 　()（）@＠.年月日昭和平成令和元明治大正四十五三二一〇あ漢ABC\n]{0,80}") {
            let _ = tokens(&s);
        }
    }
}
