//! Masking for reports: a scanner's report must not become the next leak.
//!
//! Digits are replaced by `*` except the few a person needs to recognise the value (the last four, and
//! a phone number's first group); separators and letters keep their place so the shape stays readable.

use std::borrow::Cow;

use crate::finding::{Kind, Reason};
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

/// A reason as a report may show it: the evidence that quotes the value itself is masked the way
/// the value is (the surname keeps its first character, as a masked name does; a given name and a
/// postal code keep nothing a masked value would not show). Every other reason is returned as is:
/// list names, keywords, column headers, municipalities (a masked address shows them) and formats
/// say what the value is, not what it says.
///
/// ```
/// use jpii::{mask_reason, Reason};
/// let r = Reason::Dictionary { list: "surnames", entry: "山田".into() };
/// assert_eq!(mask_reason(&r), Reason::Dictionary { list: "surnames", entry: "山*".into() });
/// ```
pub fn mask_reason(reason: &Reason) -> Reason {
    match reason_mask(reason) {
        Some(masked) => masked,
        None => reason.clone(),
    }
}

/// The masked form of `reason` when it quotes the value (`None`: show it as it is).
pub(crate) fn reason_mask(reason: &Reason) -> Option<Reason> {
    match reason {
        Reason::Dictionary { list, entry } => {
            let entry = match *list {
                "surnames" => mask_after_chars(entry, 1),
                "given_names" => mask_after_chars(entry, 0),
                "japan_post_postal_codes" => mask(Kind::PostalCode, entry),
                _ => return None,
            };
            Some(Reason::Dictionary { list, entry: entry.into() })
        }
        // `100-0001 is in 東京都千代田区`: the postal code beside an address.
        Reason::Corroborated { kind: Kind::PostalCode, detail } if detail.chars().any(|c| digit(c).is_some()) => {
            Some(Reason::Corroborated { kind: Kind::PostalCode, detail: Cow::Owned(mask(Kind::PostalCode, detail)) })
        }
        _ => None,
    }
}

/// `reasons` as a report may show them (see [`mask_reason`]); borrowed when nothing quotes a value,
/// copied from the first reason that does.
pub(crate) fn mask_reasons(reasons: &[Reason]) -> Cow<'_, [Reason]> {
    let mut out: Option<Vec<Reason>> = None;
    for (i, r) in reasons.iter().enumerate() {
        match (reason_mask(r), &mut out) {
            (Some(masked), out) => out.get_or_insert_with(|| reasons[..i].to_vec()).push(masked),
            (None, Some(out)) => out.push(r.clone()),
            (None, None) => {}
        }
    }
    out.map_or(Cow::Borrowed(reasons), Cow::Owned)
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
        // A name read across cells (`山田,太郎`) keeps its delimiter, as an address does.
        .map(|(i, c)| if i < keep || c.is_whitespace() || c == '\u{3000}' || matches!(c, ',' | ';' | '|' | '"') { c } else { '*' })
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
        // An address read across cells (`東京都,千代田区,千代田1-1-1`) keeps its delimiters: a
        // redacted CSV keeps its columns.
        .map(|c| if crate::normalize::is_hyphen(c) || c.is_whitespace() || matches!(c, ',' | ';' | '|' | '"') { c } else { '*' })
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
        assert_eq!(mask(Kind::PersonName, "山田,太郎"), "山*,**");
        assert_eq!(mask(Kind::Address, "東京都千代田区千代田1-1"), "東京都千代田区****-*");
        assert_eq!(mask(Kind::Address, "東京都,千代田区,千代田1-1,サンハイツ201"), "東京都,千代田区,****-*,********");
    }

    #[test]
    fn reasons_that_quote_the_value_are_masked() {
        let surname = Reason::Dictionary { list: "surnames", entry: "伊藤".into() };
        let given = Reason::Dictionary { list: "given_names", entry: "一郎".into() };
        let postal = Reason::Dictionary { list: "japan_post_postal_codes", entry: "1000001".into() };
        let beside = Reason::Corroborated { kind: Kind::PostalCode, detail: "100-0001 is in 東京都千代田区".into() };
        assert_eq!(mask_reason(&surname), Reason::Dictionary { list: "surnames", entry: "伊*".into() });
        assert_eq!(mask_reason(&given), Reason::Dictionary { list: "given_names", entry: "**".into() });
        assert_eq!(mask_reason(&postal), Reason::Dictionary { list: "japan_post_postal_codes", entry: "100****".into() });
        assert_eq!(mask_reason(&beside), Reason::Corroborated { kind: Kind::PostalCode, detail: "100-**** is in 東京都千代田区".into() });
        // What says what the value is, not what it says, stays.
        for r in [
            Reason::Dictionary { list: "municipalities", entry: "東京都千代田区".into() },
            Reason::Corroborated { kind: Kind::Address, detail: "address in 東京都千代田区".into() },
            Reason::Checksum { algorithm: "luhn" },
        ] {
            assert_eq!(mask_reason(&r), r);
            assert!(reason_mask(&r).is_none());
        }
        let luhn = Reason::Checksum { algorithm: "luhn" };
        let mixed = [luhn.clone(), surname.clone(), luhn.clone(), given.clone()];
        assert_eq!(&*mask_reasons(&mixed), [luhn.clone(), mask_reason(&surname), luhn.clone(), mask_reason(&given)]);
        assert!(matches!(mask_reasons(std::slice::from_ref(&surname)), Cow::Owned(_)));
        assert!(matches!(mask_reasons(&[Reason::Checksum { algorithm: "luhn" }]), Cow::Borrowed(_)));
    }

    #[test]
    fn never_reveals_full_value() {
        for (k, v) in [(Kind::MyNumber, "621498320257"), (Kind::EmailAddress, "a@b.jp")] {
            assert_ne!(mask(k, v), v);
        }
    }
}
