//! 生年月日: western (1970/03/12, 1970-03-12, 1970年3月12日) and era dates (昭和45年3月12日, 平成元年,
//! S45.3.12, H2/3/4, kanji numerals), calendar-valid and inside the era's range. A date alone is
//! not personal: every birth date needs birth-date context (keyword or column).

use super::{Draft, Sep, View};
use crate::finding::{Kind, Reason};
use crate::normalize::{digit, letter, parse_kanji_number};

/// Latest plausible birth year.
const MAX_YEAR: u32 = 2026;

struct Era {
    names: &'static [&'static str],
    letter: char,
    offset: u32,
    start: (u32, u32, u32),
    end: (u32, u32, u32),
}

const ERAS: &[Era] = &[
    Era { names: &["明治", "㍾", "明"], letter: 'M', offset: 1867, start: (1868, 1, 1), end: (1912, 7, 29) },
    Era { names: &["大正", "㍽", "大"], letter: 'T', offset: 1911, start: (1912, 7, 30), end: (1926, 12, 24) },
    Era { names: &["昭和", "㍼", "昭"], letter: 'S', offset: 1925, start: (1926, 12, 25), end: (1989, 1, 7) },
    Era { names: &["平成", "㍻", "平"], letter: 'H', offset: 1988, start: (1989, 1, 8), end: (2019, 4, 30) },
    Era { names: &["令和", "㋿", "令"], letter: 'R', offset: 2018, start: (2019, 5, 1), end: (9999, 12, 31) },
];

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A valid calendar date in the range of plausible birth dates.
pub(crate) fn valid_date(y: u32, m: u32, d: u32) -> bool {
    (1868..=MAX_YEAR).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

fn era_date(era: &Era, n: u32, m: u32, d: u32) -> Option<(u32, u32, u32)> {
    if n == 0 {
        return None;
    }
    let y = era.offset + n;
    let date = (y, m, d);
    (valid_date(y, m, d) && date >= era.start && date <= era.end).then_some(date)
}

/// `YYYY-MM-DD`, written without the formatting machinery (one per birth-date candidate).
fn iso_date(y: u32, m: u32, d: u32) -> String {
    let mut s = String::with_capacity(10);
    for (n, width) in [(y, 4), (m, 2), (d, 2)] {
        if width == 2 {
            s.push('-');
        }
        for k in (0..width).rev() {
            s.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
        }
    }
    s
}

fn draft(span: core::ops::Range<usize>, (y, m, d): (u32, u32, u32), form: &'static str) -> Draft {
    Draft::new(Kind::BirthDate, span, 0.35, iso_date(y, m, d))
        .room(2)
        .reason(Reason::Format { detail: form.into() })
        .needs_context()
}

/// A time of day right after a date (`2024-08-09 13:51`, `2024-08-09T13:51`): a timestamp, such
/// as a chat log's, whose line may sit next to someone's 生まれ.
fn followed_by_time(text: &str, end: usize) -> bool {
    let rest = text[end..].strip_prefix([' ', 'T', '\u{3000}']).unwrap_or("");
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits) && rest[digits..].starts_with([':', '：'])
}

/// `c` is the last character of one of the [`ERAS`]' names (a test checks the list).
fn ends_era_name(c: char) -> bool {
    matches!(c, '治' | '㍾' | '明' | '正' | '㍽' | '大' | '和' | '㍼' | '昭' | '成' | '㍻' | '平' | '㋿' | '令')
}

/// Numeric dates from a digit token: `1970/03/12`, `S45.3.12`, `H2/3/4`, `昭45・1・1`.
pub(crate) fn validate_numeric(v: &View) -> Option<Draft> {
    let lens = v.lens();
    // `1959/09/04（66歳）`: an opening parenthesis after the date is a fair break.
    let alone = matches!(v.sep_before(), None | Some(Sep::Space) | Some(Sep::Close)) && matches!(v.sep_after(), None | Some(Sep::Space) | Some(Sep::Open));
    if lens.len() != 3 || !alone {
        return None;
    }
    let sep = v.uniform_sep()?;
    if !matches!(sep, Sep::Hyphen | Sep::Slash | Sep::Dot | Sep::MiddleDot) {
        return None;
    }
    let n: [u32; 3] = core::array::from_fn(|k| v.group_digits(k).parse().unwrap_or(0));
    if lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2 && sep != Sep::MiddleDot {
        if v.glued_to_word() || !valid_date(n[0], n[1], n[2]) || followed_by_time(v.text, v.end()) {
            return None;
        }
        return Some(draft(v.span(), (n[0], n[1], n[2]), "western"));
    }
    if lens.iter().all(|&l| l <= 2) && v.i == 0 {
        // An era mark right before: S45.3.12, Ｈ２．３．４, 昭45・1・1, 昭和45.3.12. Most short
        // dotted numbers follow none (an address's block, `千代田1-19-16`): the character before
        // decides that without comparing the fifteen names.
        let before = &v.text[..v.start()];
        if !before.chars().next_back().is_some_and(|c| letter(c).is_some() || ends_era_name(c)) {
            return None;
        }
        for era in ERAS {
            let mark = era.names.iter().find(|name| before.ends_with(**name)).map(|s| s.len()).or_else(|| {
                let c = before.chars().next_back()?;
                let prev = before[..before.len() - c.len_utf8()].chars().next_back();
                (letter(c) == Some(era.letter) && !prev.is_some_and(|p| letter(p).is_some() || digit(p).is_some())).then(|| c.len_utf8())
            });
            if let Some(len) = mark {
                let date = era_date(era, n[0], n[1], n[2])?;
                return Some(draft(v.start() - len..v.end(), date, "era"));
            }
        }
    }
    None
}

/// Dates written as one run of digits, as databases and mainframe exports write them: `19700312`
/// (YYYYMMDD) and the era-code form `3450312` (an era digit, 1 明治 … 5 令和, then YYMMDD: 昭和45年3月12日).
/// A run of digits is a date far less often than a separated one is, so these count only with
/// birth-date context, as every birth date does, and start lower.
pub(crate) fn validate_compact(v: &View) -> Option<Draft> {
    if !v.stands_alone() || v.glued_to_word() || followed_by_time(v.text, v.end()) {
        return None;
    }
    let d = v.digits().as_bytes();
    let num = |r: core::ops::Range<usize>| d[r].iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
    let (date, form) = match d.len() {
        8 => {
            let (y, m, day) = (num(0..4), num(4..6), num(6..8));
            (valid_date(y, m, day).then_some((y, m, day))?, "western, digits only")
        }
        7 => {
            let era = ERAS.get(usize::from(d[0].checked_sub(b'1')?))?;
            (era_date(era, num(1..3), num(3..5), num(5..7))?, "era code")
        }
        _ => return None,
    };
    let mut draft = draft(v.span(), date, form);
    draft.base = 0.3;
    Some(draft)
}

/// `1970年3月12日`, `昭和45年3月12日`, `平成元年1月8日`, `昭和四十五年三月十二日` (whole token from the candidate pass).
pub(crate) fn validate_kanji(text: &str, span: core::ops::Range<usize>) -> Option<Draft> {
    let s = &text[span.clone()];
    if let (Some(open), Some(close)) = (s.find(['（', '(']), s.find(['）', ')'])) {
        // `1985（昭和60）年4月3日`: both years must name the same year.
        let western: u32 = s[..open].chars().try_fold(0u32, |a, c| Some(a * 10 + digit(c)? as u32))?;
        let inner = &s[open + s[open..].chars().next()?.len_utf8()..close];
        let rest = &s[close + s[close..].chars().next()?.len_utf8()..];
        let date = validate_kanji(&format!("{inner}{rest}"), 0..inner.len() + rest.len())?;
        if !date.normalized.starts_with(&format!("{western:04}-")) {
            return None;
        }
        return Some(Draft { span, ..date });
    }
    let era = ERAS.iter().find(|e| e.names[..2].iter().any(|n| s.starts_with(n)));
    let body = match era {
        Some(e) => {
            let name = e.names[..2].iter().find(|n| s.starts_with(**n))?;
            &s[name.len()..]
        }
        None => s,
    };
    let mut parts = body.split(['年', '月', '日']).map(|p| p.trim_matches([' ', '\u{3000}']));
    let num = |p: &str| -> Option<u32> {
        if p == "元" {
            return Some(1);
        }
        if p.chars().all(|c| digit(c).is_some()) && !p.is_empty() {
            return p.chars().try_fold(0u32, |a, c| Some(a * 10 + digit(c)? as u32));
        }
        parse_kanji_number(p).and_then(|v| u32::try_from(v).ok())
    };
    let (y, m, d) = (num(parts.next()?)?, num(parts.next()?)?, num(parts.next()?)?);
    let date = match era {
        Some(e) => era_date(e, y, m, d)?,
        None => valid_date(y, m, d).then_some((y, m, d))?,
    };
    Some(draft(span, date, if era.is_some() { "era" } else { "western" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn era_name_endings_cover_every_name() {
        let ends: Vec<char> = ERAS.iter().flat_map(|e| e.names).map(|n| n.chars().next_back().unwrap()).collect();
        for c in &ends {
            assert!(ends_era_name(*c), "{c}");
        }
        // And nothing else: the test before the names is no looser than they are.
        for c in ['区', '田', '1', 'S', '年'] {
            assert!(!ends_era_name(c), "{c}");
        }
        assert_eq!(ends.len(), 15);
    }

    #[test]
    fn iso_date_matches_format() {
        for (y, m, d) in [(1970, 3, 12), (1868, 10, 23), (2019, 5, 1), (987, 1, 1)] {
            assert_eq!(iso_date(y, m, d), format!("{y:04}-{m:02}-{d:02}"));
        }
    }

    #[test]
    fn era_ranges() {
        let showa = &ERAS[2];
        assert_eq!(era_date(showa, 45, 3, 12), Some((1970, 3, 12)));
        assert_eq!(era_date(showa, 64, 1, 7), Some((1989, 1, 7)));
        assert_eq!(era_date(showa, 64, 1, 8), None);
        assert_eq!(era_date(&ERAS[3], 1, 1, 8), Some((1989, 1, 8)));
        assert_eq!(era_date(&ERAS[3], 1, 1, 7), None);
        assert!(!valid_date(2023, 2, 29));
        assert!(valid_date(2024, 2, 29));
    }

    #[test]
    fn kanji_forms() {
        let t = "昭和四十五年三月十二日";
        assert_eq!(validate_kanji(t, 0..t.len()).unwrap().normalized, "1970-03-12");
        let t = "平成元年1月8日";
        assert_eq!(validate_kanji(t, 0..t.len()).unwrap().normalized, "1989-01-08");
        let t = "令和元年4月30日";
        assert!(validate_kanji(t, 0..t.len()).is_none());
    }
}
