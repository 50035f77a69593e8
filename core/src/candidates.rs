//! The single candidate pass: one `regex_automata::meta::Regex` built with `new_many` over
//! *shapes*, not kinds. Every numeric kind starts from the same digit-run token (validators decide
//! what it is), so N detectors never mean N passes.
//!
//! Every pattern starts with a digit, an era name or `@`: the regex's prefilter skips prose quickly.
//! No Unicode `\d`, `\w` or `\b`: explicit classes only (DESIGN §2.3); boundaries are checked by the
//! validators, which look at the characters around the token.

use regex_automata::meta::Regex;
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
#[derive(Debug)]
pub(crate) struct Candidates {
    pub regex: Regex,
    shapes: Vec<Shape>,
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
        Candidates { regex, shapes: pats.into_iter().map(|(s, _)| s).collect() }
    }

    pub fn shape(&self, pattern: usize) -> Shape {
        self.shapes[pattern]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(Shape, &str)> {
        let c = Candidates::new();
        c.regex
            .find_iter(text)
            .map(|m| (c.shape(m.pattern().as_usize()), &text[m.range()]))
            .collect()
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
    }
}
