//! Width folding, the hyphen family and kanji numerals — applied to candidate windows only, never by
//! rewriting the input (so spans stay exact).

/// The value of an ASCII or full-width digit.
#[inline]
pub fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// ASCII or full-width letter, folded to ASCII upper case.
#[inline]
pub fn letter(c: char) -> Option<char> {
    match c {
        'A'..='Z' => Some(c),
        'a'..='z' => Some(c.to_ascii_uppercase()),
        'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32),
        'ａ'..='ｚ' => char::from_u32(c as u32 - 'ａ' as u32 + 'A' as u32),
        _ => None,
    }
}

/// Characters written for a hyphen between digit groups: `-` and its Unicode family, the katakana
/// prolonged sound marks (`ー`, `ｰ`) and the full-width hyphen-minus. Only meaningful between digits.
#[inline]
pub fn is_hyphen(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | 'ー' | 'ｰ' | '－' | '\u{FE63}' | '\u{2043}' | '\u{00AD}'
    )
}

/// ASCII or ideographic space (or no-break space).
#[inline]
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{00A0}')
}

/// ASCII letter, digit or underscore (what makes a number part of a longer identifier).
#[inline]
pub fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Folds one full-width ASCII character (`！`–`～`) or the ideographic space to ASCII; anything else
/// is returned unchanged.
#[inline]
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Folds full-width ASCII (`！`–`～`) and the ideographic space to ASCII; everything else unchanged.
pub fn fold_width(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(fold_char));
    out
}

/// Keeps only the digits of `s`, as ASCII.
pub fn ascii_digits(s: &str) -> String {
    s.chars().filter_map(digit).map(|d| (b'0' + d) as char).collect()
}

/// Value of one kanji numeral digit (`〇一二三四五六七八九`, old forms `壱弐参`, and `零`).
pub fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' | '壱' => 1,
        '二' | '弐' => 2,
        '三' | '参' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Whether `c` can appear in a kanji numeral.
pub fn is_kanji_numeral(c: char) -> bool {
    kanji_digit(c).is_some() || matches!(c, '十' | '拾' | '百' | '千' | '万')
}

/// Parses a kanji numeral: positional (`二〇二四`) or with units (`四十五`, `千二百三`, `三万`).
/// Returns `None` for anything else (including an empty string).
///
/// ```
/// # use jpii::normalize::parse_kanji_number;
/// assert_eq!(parse_kanji_number("四十五"), Some(45));
/// assert_eq!(parse_kanji_number("二〇二四"), Some(2024));
/// assert_eq!(parse_kanji_number("十"), Some(10));
/// assert_eq!(parse_kanji_number("千二百三"), Some(1203));
/// assert_eq!(parse_kanji_number("山"), None);
/// ```
pub fn parse_kanji_number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.chars().all(is_kanji_numeral) {
        return None;
    }
    if s.chars().all(|c| kanji_digit(c).is_some()) {
        let mut v: u64 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(kanji_digit(c)? as u64)?;
        }
        return Some(v);
    }
    let (mut total, mut section, mut current): (u64, u64, Option<u64>) = (0, 0, None);
    for c in s.chars() {
        if let Some(d) = kanji_digit(c) {
            current = Some(current.unwrap_or(0).checked_mul(10)?.checked_add(d as u64)?);
            continue;
        }
        let unit = match c {
            '十' | '拾' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                section += current.take().unwrap_or(0);
                total = total.checked_add(section.max(1).checked_mul(10_000)?)?;
                section = 0;
                continue;
            }
            _ => return None,
        };
        section = section.checked_add(current.take().unwrap_or(1).checked_mul(unit)?)?;
    }
    Some(total + section + current.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_letters() {
        assert_eq!(ascii_digits("０９０－１２３４"), "0901234");
        assert_eq!(letter('ｔ'), Some('T'));
        assert_eq!(fold_width("ＴＥＬ：０３"), "TEL:03");
        for c in ['-', '‐', '−', '–', '—', 'ー', 'ｰ', '－'] {
            assert!(is_hyphen(c), "{c}");
        }
        assert!(!is_hyphen('一'));
    }

    #[test]
    fn kanji_numbers() {
        assert_eq!(parse_kanji_number("三"), Some(3));
        assert_eq!(parse_kanji_number("二十"), Some(20));
        assert_eq!(parse_kanji_number("百"), Some(100));
        assert_eq!(parse_kanji_number("一万二千"), Some(12000));
        assert_eq!(parse_kanji_number(""), None);
    }
}
