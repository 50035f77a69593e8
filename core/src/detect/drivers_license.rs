//! 運転免許証番号: 12 digits = commission code (2) + year (2) + serial (6) + check digit + reissue
//! count. The check digit rule is unofficial, so a bare number stays Low; the 免許 keywords lift it.

use super::{checksum, Draft, Sep, View};
use crate::finding::{Kind, Reason};

pub(crate) fn validate(v: &View) -> Option<Draft> {
    if v.ndigits() != 12 || !v.stands_alone() || v.glued_to_word() {
        return None;
    }
    let lens = v.lens();
    let grouped = lens == [4, 4, 4] && matches!(v.uniform_sep(), Some(Sep::Hyphen | Sep::Space));
    if lens != [12] && !grouped {
        return None;
    }
    // `req=…`, `order=…`: a machine log's field.
    if v.keyed_by_other_field(&["license", "licence", "menkyo", "driver"]) {
        return None;
    }
    let d = v.digits();
    let code: u32 = d[..2].parse().ok()?;
    let commission = checksum::drivers_license_commission(code)?;
    if !checksum::drivers_license(d) || checksum::all_same(d) {
        return None;
    }
    Some(
        Draft::new(Kind::DriversLicense, v.span(), 0.25, d.to_string())
            .reason(Reason::Checksum { algorithm: "drivers_license_mod11" })
            .reason(Reason::Format { detail: format!("公安委員会 {code:02} {commission}").into() }),
    )
}
