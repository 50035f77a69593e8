//! 個人番号 (My Number): 12 digits (or 4-4-4), mod-11 check digit, all-same digits rejected.
//! A bare valid number is Low: one random 12-digit number in 11 passes the check.

use super::{checksum, Draft, Sep, View};
use crate::finding::{Kind, Reason};

pub(crate) fn validate(v: &View) -> Option<Draft> {
    if v.ndigits() != 12 || !v.stands_alone() || v.glued_to_word() {
        return None;
    }
    let lens = v.lens();
    let grouped = lens == [4, 4, 4] && matches!(v.uniform_sep(), Some(Sep::Hyphen | Sep::Space | Sep::Dot));
    if lens != [12] && !grouped {
        return None;
    }
    // `req=…`, `order=…`: a machine log's field.
    if v.keyed_by_other_field(&["mynumber", "my_number", "my-number", "kojin", "individual"]) {
        return None;
    }
    let d = v.digits();
    if !checksum::my_number(d) || checksum::all_same(d) {
        return None;
    }
    let mut draft = Draft::new(Kind::MyNumber, v.span(), if grouped { 0.4 } else { 0.3 }, d.to_string())
        .reason(Reason::Checksum { algorithm: "my_number_mod11" });
    if grouped {
        draft = draft.reason(v.grouping_reason());
    }
    Some(draft)
}
