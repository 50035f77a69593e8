//! Masking for reports: a scanner's report must not become the next leak.
//!
//! Digits are replaced by `*` except the few a person needs to recognise the value (the last four, and
//! a phone number's first group); separators and letters keep their place so the shape stays readable.

use crate::finding::Kind;
use crate::normalize::digit;

/// Masks the matched text `value` of a finding of `kind`.
///
/// ```
/// use jpii::{mask, Kind};
/// assert_eq!(mask(Kind::PhoneNumber, "090-1234-5678"), "090-****-5678");
/// assert_eq!(mask(Kind::MyNumber, "6214 9832 0257"), "**** **** 0257");
/// assert_eq!(mask(Kind::EmailAddress, "taro@example.jp"), "t***@example.jp");
/// assert_eq!(mask(Kind::PostalCode, "100-0001"), "100-****");
/// ```
pub fn mask(kind: Kind, value: &str) -> String {
    match kind {
        Kind::EmailAddress => mask_email(value),
        Kind::PersonName => mask_after_chars(value, 1),
        Kind::Address => mask_address(value),
        Kind::BirthDate => mask_digits(value, 4, 0),
        Kind::PostalCode => mask_digits(value, 3, 0),
        Kind::PhoneNumber => {
            let lead = match leading_group_digits(value) {
                n if n > 5 => 3, // unseparated: keep the 0X0 / area prefix only
                n => n.max(2),
            };
            mask_digits(value, lead, 4)
        }
        _ => mask_digits(value, 0, 4),
    }
}

/// Number of digits before the first non-digit (ignoring a leading `+`/`(`).
fn leading_group_digits(value: &str) -> usize {
    value
        .trim_start_matches(['+', '＋', '(', '（'])
        .chars()
        .take_while(|c| digit(*c).is_some())
        .count()
}

/// Replaces digits with `*`, keeping the first `keep_head` and the last `keep_tail` digits.
fn mask_digits(value: &str, keep_head: usize, keep_tail: usize) -> String {
    let total = value.chars().filter(|c| digit(*c).is_some()).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if digit(c).is_none() {
                return c;
            }
            seen += 1;
            if seen <= keep_head || seen + keep_tail > total {
                c
            } else {
                '*'
            }
        })
        .collect()
}

fn mask_email(value: &str) -> String {
    match value.find(['@', '＠']) {
        Some(at) => {
            let local = &value[..at];
            let first: String = local.chars().take(1).collect();
            format!("{first}***{}", &value[at..])
        }
        None => mask_after_chars(value, 1),
    }
}

fn mask_after_chars(value: &str, keep: usize) -> String {
    value
        .chars()
        .enumerate()
        .map(|(i, c)| if i < keep || c.is_whitespace() || c == '\u{3000}' { c } else { '*' })
        .collect()
}

/// Keeps the prefecture and municipality (up to the last 都/道/府/県/市/区/郡/町/村 in the first
/// ten characters), masks the rest but its separators.
fn mask_address(value: &str) -> String {
    let keep = value
        .char_indices()
        .take(10)
        .filter(|(_, c)| matches!(c, '都' | '道' | '府' | '県' | '市' | '区' | '郡' | '町' | '村'))
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    let (head, tail) = value.split_at(keep);
    let masked: String = tail
        .chars()
        .map(|c| if crate::normalize::is_hyphen(c) || c.is_whitespace() { c } else { '*' })
        .collect();
    format!("{head}{masked}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_survive() {
        assert_eq!(mask(Kind::CreditCard, "4111 1111 1111 1111"), "**** **** **** 1111");
        assert_eq!(mask(Kind::PhoneNumber, "03-1234-5678"), "03-****-5678");
        assert_eq!(mask(Kind::PhoneNumber, "09012345678"), "090****5678");
        assert_eq!(mask(Kind::PhoneNumber, "+81 90-1234-5678"), "+81 **-****-5678");
        assert_eq!(mask(Kind::PassportNumber, "TR1234567"), "TR***4567");
        assert_eq!(mask(Kind::BirthDate, "1970年3月12日"), "1970年*月**日");
        assert_eq!(mask(Kind::PersonName, "山田 太郎"), "山* **");
        assert_eq!(mask(Kind::Address, "東京都千代田区千代田1-1"), "東京都千代田区****-*");
    }

    #[test]
    fn never_reveals_full_value() {
        for (k, v) in [(Kind::MyNumber, "621498320257"), (Kind::EmailAddress, "a@b.jp")] {
            assert_ne!(mask(k, v), v);
        }
    }
}
