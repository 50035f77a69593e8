//! 基礎年金番号: 4-digit office code + 6-digit serial (`1234-567890`), no public check digit, so it
//! is reported only with a pension keyword or column.

use super::{Draft, Sep, View};
use crate::finding::Kind;

pub(crate) fn validate(v: &View) -> Option<Draft> {
    if v.ndigits() != 10 || !v.stands_alone() || v.glued_to_word() {
        return None;
    }
    let lens = v.lens();
    let grouped = lens == [4, 6] && matches!(v.uniform_sep(), Some(Sep::Hyphen | Sep::Space));
    if lens != [10] && !grouped {
        return None;
    }
    // `req=…`, `id=…`: a machine log's field (every line of a log may have one).
    if v.keyed_by_other_field(&["pension", "nenkin", "kiso"]) {
        return None;
    }
    let d = v.digits();
    if crate::detect::checksum::all_same(d) {
        return None;
    }
    let mut draft = Draft::new(Kind::BasicPensionNumber, v.span(), if grouped { 0.4 } else { 0.3 }, format!("{}-{}", &d[..4], &d[4..]));
    if grouped {
        draft = draft.reason(v.grouping_reason());
    }
    Some(draft.needs_context())
}
