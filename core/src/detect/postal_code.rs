//! 郵便番号: `〒` + 7 digits (hyphenated or not), or a bare `NNN-NNNN` next to an address or a label;
//! always validated against Japan Post's list of codes.

use super::{before_trimmed, Draft, Sep, View};
use crate::data;
use crate::finding::{Kind, Reason};

pub(crate) fn validate(v: &View, memo: &mut super::address::Memo) -> Option<Draft> {
    if v.ndigits() != 7 || !v.stands_alone() || v.glued_to_word() {
        return None;
    }
    let lens = v.lens();
    let hyphenated = lens == [3, 4] && v.uniform_sep() == Some(Sep::Hyphen);
    if lens != [7] && !hyphenated {
        return None;
    }
    let d = v.digits();
    let code: u32 = d.parse().ok()?;
    if !data::postal_code_exists(code) {
        return None;
    }
    let normalized = [&d[..3], "-", &d[3..]].concat();
    let before = before_trimmed(v.text, v.start());
    let mark = before.ends_with(['〒', '〶']);
    // The list, `〒`, an address after it, and the context.
    let mut draft = Draft::new(Kind::PostalCode, v.span(), if hyphenated { 0.35 } else { 0.3 }, normalized)
        .room(3 + usize::from(mark))
        .reason(Reason::Dictionary { list: "japan_post_postal_codes", entry: d.to_string().into() });
    if mark {
        draft.base = 0.9;
        draft = draft.reason(Reason::Format { detail: "〒".into() });
    }
    // An address right after the code: its municipality (or at least its prefecture) should be one
    // the code belongs to.
    if let Some(a) = super::address::after_postal_code(v.text, v.end(), memo) {
        if data::postal_code_municipalities(code).any(|m| m.code == a.muni.code || (m.name == a.muni.parent && m.pref == a.pref)) {
            draft.base = draft.base.max(0.8);
            draft = draft.reason(Reason::Corroborated { kind: Kind::Address, detail: ["address in ", a.pref, a.muni.name].concat().into() });
        } else if data::postal_code_prefectures(code).contains(&a.pref) {
            draft.base = draft.base.max(0.7);
            draft = draft.reason(Reason::Corroborated { kind: Kind::Address, detail: ["address in ", a.pref].concat().into() });
        }
    }
    if draft.base < 0.5 {
        draft = draft.needs_context();
    }
    Some(draft)
}

/// A postal code whose leading 0 a spreadsheet dropped (`600001` for 060-0001: Hokkaido's and
/// northern Tohoku's codes start with 0, and a number cell loses it when a CSV is saved again from
/// Excel). Six digits alone that are a listed code once the 0 is put back; only reported with
/// postal-code context (the column or a keyword).
pub(crate) fn validate_without_leading_zero(v: &View) -> Option<Draft> {
    if v.ndigits() != 6 || v.i != v.j || !v.stands_alone() || v.glued_to_word() {
        return None;
    }
    let d = v.digits();
    let code: u32 = d.parse().ok()?;
    if !data::postal_code_exists(code) {
        return None;
    }
    let normalized = ["0", &d[..2], "-", &d[2..]].concat();
    let entry = ["0", d].concat();
    let draft = Draft::new(Kind::PostalCode, v.span(), 0.3, normalized)
        .room(3)
        .reason(Reason::Dictionary { list: "japan_post_postal_codes", entry: entry.into() })
        .reason(Reason::Format { detail: "leading 0 dropped".into() })
        .needs_context();
    Some(draft)
}
