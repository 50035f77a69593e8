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
}

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
    eras: aho_corasick::AhoCorasick,
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

impl Candidates {
    pub fn new() -> Candidates {
        let pats = patterns();
        let sources: Vec<&str> = pats.iter().map(|(_, s)| s.as_str()).collect();
        let regex = Regex::builder()
            .syntax(syntax::Config::new().unicode(true).utf8(true))
            .configure(Regex::config().hybrid_cache_capacity(4 << 20))
            .build_many(&sources)
            .expect("candidate patterns are valid");
        let eras = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(["明治", "大正", "昭和", "平成", "令和", "㍾", "㍽", "㍼", "㍻", "㋿"])
            .expect("era names");
        Candidates { regex, shapes: pats.into_iter().map(|(s, _)| s).collect(), eras }
    }

    pub fn shape(&self, pattern: usize) -> Shape {
        self.shapes[pattern]
    }

    /// Every candidate of `text`, in order, non-overlapping.
    pub fn iter<'t>(&'t self, text: &'t str) -> CandidateIter<'t> {
        CandidateIter { c: self, text, pos: 0, eras: self.eras.find_iter(text).peekable() }
    }
}

/// Iterator over the candidates of one text (see [`Candidates::iter`]).
pub(crate) struct CandidateIter<'t> {
    c: &'t Candidates,
    text: &'t str,
    pos: usize,
    eras: core::iter::Peekable<aho_corasick::FindIter<'t, 't>>,
}

impl<'t> Iterator for CandidateIter<'t> {
    type Item = (Shape, core::ops::Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let hay = self.text.as_bytes();
        loop {
            let mut at = next_trigger(hay, self.pos);
            while let Some(p) = at {
                if hay[p] != 0xEF || fullwidth_start(hay, p) {
                    break;
                }
                at = next_trigger(hay, p + 1);
            }
            // An era name before the next trigger starts a candidate there.
            while let Some(m) = self.eras.peek() {
                if m.start() < self.pos {
                    self.eras.next();
                    continue;
                }
                if at.is_some_and(|p| p <= m.start()) {
                    break;
                }
                let start = m.start();
                self.eras.next();
                if let Some(found) = self.anchored(start) {
                    return Some(found);
                }
            }
            let p = at?;
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
        let c = Candidates::new();
        let fast: Vec<(Shape, &str)> = c.iter(text).map(|(s, r)| (s, &text[r])).collect();
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
        assert_eq!(tokens("昭和四十五年三月十二日"), [(Shape::KanjiDate, "昭和四十五年三月十二日")]);
        assert_eq!(tokens("a@b"), [(Shape::At, "@")]);
        assert_eq!(tokens("+81 (0)3-1234-5678"), [(Shape::Numeric, "81 (0)3-1234-5678")]);
        assert_eq!(tokens("1,486,651名"), [(Shape::Numeric, "1"), (Shape::Numeric, "486"), (Shape::Numeric, "651")]);
        // A separator never ends a token.
        assert_eq!(tokens("0120-"), [(Shape::Numeric, "0120")]);
        assert!(tokens("電話番号はありません").is_empty());
        assert_eq!(tokens("（１２）＠ＡＢ"), [(Shape::Numeric, "１２"), (Shape::At, "＠")]);
    }

    proptest::proptest! {
        #[test]
        fn driven_pass_equals_plain_regex(s in "[0-9０-９\\-ー－ 　()（）@＠.年月日昭和平成令和元明治大正四十五三二一〇あ漢ABC\n]{0,80}") {
            let _ = tokens(&s);
        }
    }
}
