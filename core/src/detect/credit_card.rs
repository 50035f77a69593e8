//! Payment card numbers: 13–19 digits, grouped or not, Luhn, issuer ranges and lengths.

use super::{checksum, Draft, Sep, View};
use crate::finding::{Kind, Reason};

/// The brand for a PAN, if its prefix and length fit a known issuer range.
pub(crate) fn brand(pan: &str) -> Option<&'static str> {
    let n = pan.len();
    let p = |k: usize| pan[..k.min(n)].parse::<u32>().unwrap_or(0);
    let b = match () {
        _ if pan.starts_with('4') && matches!(n, 13 | 16 | 19) => "visa",
        _ if (51..=55).contains(&p(2)) && n == 16 => "mastercard",
        _ if (2221..=2720).contains(&p(4)) && n == 16 => "mastercard",
        _ if matches!(p(2), 34 | 37) && n == 15 => "amex",
        _ if (3528..=3589).contains(&p(4)) && (16..=19).contains(&n) => "jcb",
        _ if ((300..=305).contains(&p(3)) || p(4) == 3095 || p(2) == 36 || matches!(p(2), 38 | 39)) && (14..=16).contains(&n) => "diners",
        _ if (p(4) == 6011 || (644..=649).contains(&p(3)) || p(2) == 65) && (16..=19).contains(&n) => "discover",
        _ if p(2) == 62 && (16..=19).contains(&n) => "unionpay",
        _ => return None,
    };
    Some(b)
}

const GROUPINGS: &[&[usize]] = &[&[4, 4, 4, 4], &[4, 6, 5], &[4, 6, 4], &[4, 4, 4, 4, 3], &[4, 4, 4, 3], &[4, 4, 4, 2], &[4, 4, 4, 1]];

pub(crate) fn validate(v: &View) -> Option<Draft> {
    let n = v.ndigits();
    if !(13..=19).contains(&n) || !v.stands_alone() || v.glued_to_word() {
        return None;
    }
    let lens = v.lens();
    let grouped = GROUPINGS.contains(&lens.as_slice()) && matches!(v.uniform_sep(), Some(Sep::Hyphen | Sep::Space));
    if lens.len() != 1 && !grouped {
        return None;
    }
    let d = v.digits();
    let brand = brand(d)?;
    if !checksum::luhn(d) || checksum::all_same(d) {
        return None;
    }
    // 13-digit Visa numbers are long retired, and a JAN code starting with 4 passes Luhn often
    // enough: a bare 13-digit value needs a card label.
    let thirteen = n == 13 && !grouped;
    if thirteen && checksum::is_product_code(d) {
        return None;
    }
    let mut draft = Draft::new(Kind::CreditCard, v.span(), if grouped { 0.6 } else { 0.45 }, d.to_string())
        .reason(Reason::Checksum { algorithm: "luhn" })
        .reason(Reason::Format { detail: brand.into() });
    if thirteen {
        draft = draft.needs_context();
    }
    if grouped {
        draft = draft.reason(v.grouping_reason());
    }
    Some(draft)
}
