//! Identifiers with letters around digits: 旅券番号 (2 letters + 7 digits) and 在留カード番号
//! (2 letters + 8 digits + 2 letters). The candidate pass triggers on the digits; the letters are
//! read around them (ASCII or full-width).

use super::{Draft, View};
use crate::finding::{Kind, Reason};
use crate::normalize::letter;

/// Exactly two letters right before `at`, not preceded by another letter or digit.
fn two_letters_before(text: &str, at: usize) -> Option<(usize, String)> {
    let mut it = text[..at].char_indices().rev();
    let (i2, c2) = it.next()?;
    let (i1, c1) = it.next()?;
    let (l1, l2) = (letter(c1)?, letter(c2)?);
    let _ = i2;
    if let Some((_, c0)) = it.next() {
        if letter(c0).is_some() || c0.is_ascii_digit() || crate::normalize::digit(c0).is_some() {
            return None;
        }
    }
    Some((i1, format!("{l1}{l2}")))
}

/// Exactly two letters right after `at`.
fn two_letters_after(text: &str, at: usize) -> Option<(usize, String)> {
    let mut it = text[at..].char_indices();
    let (_, c1) = it.next()?;
    let (i2, c2) = it.next()?;
    let (l1, l2) = (letter(c1)?, letter(c2)?);
    if let Some((_, c3)) = it.next() {
        if letter(c3).is_some() || crate::normalize::digit(c3).is_some() {
            return None;
        }
    }
    Some((at + i2 + c2.len_utf8(), format!("{l1}{l2}")))
}

pub(crate) fn validate(v: &View) -> Vec<Draft> {
    let mut out = Vec::new();
    if v.lens().len() != 1 || v.i != 0 || v.j + 1 != v.token.groups.len() {
        return out;
    }
    let d = v.digits();
    let Some((start, prefix)) = two_letters_before(v.text, v.start()) else { return out };
    let after = v.char_after();
    let letter_after = after.and_then(letter).is_some();
    if d.len() == 7 && !letter_after {
        out.push(
            Draft::new(Kind::PassportNumber, start..v.end(), 0.3, format!("{prefix}{d}"))
                .reason(Reason::Format { detail: "2 letters + 7 digits".into() }),
        );
    }
    if d.len() == 8 {
        if let Some((end, suffix)) = two_letters_after(v.text, v.end()) {
            out.push(
                Draft::new(Kind::ResidenceCard, start..end, 0.5, format!("{prefix}{d}{suffix}"))
                    .reason(Reason::Format { detail: "2 letters + 8 digits + 2 letters".into() }),
            );
        }
    }
    out
}
