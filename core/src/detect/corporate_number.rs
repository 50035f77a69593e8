//! 法人番号: 13 digits whose FIRST digit is a mod-9 check digit; also the qualified-invoice
//! registration number `T` + 13 digits (適格請求書発行事業者登録番号).

use super::{checksum, Draft, Sep, View};
use crate::finding::{Kind, Reason};
use crate::normalize::letter;

pub(crate) fn validate(v: &View) -> Option<Draft> {
    if v.ndigits() != 13 || !v.stands_alone() {
        return None;
    }
    let lens = v.lens();
    let grouped = lens == [1, 4, 4, 4] && matches!(v.uniform_sep(), Some(Sep::Hyphen | Sep::Space));
    if lens != [13] && !grouped {
        return None;
    }
    // `req=…`, `order=…`: a machine log's field.
    if v.keyed_by_other_field(&["corporate", "houjin", "hojin", "invoice", "registration", "tnum"]) {
        return None;
    }
    let d = v.digits();
    if !checksum::corporate_number(d) || checksum::all_same(d) {
        return None;
    }
    // T + 13 digits: the invoice form. The T must not itself be part of a longer word.
    let before: Vec<char> = v.text[..v.start()].chars().rev().take(2).collect();
    let invoice = v.i == 0
        && before.first().is_some_and(|&c| letter(c) == Some('T'))
        && !before.get(1).is_some_and(|&c| letter(c).is_some() || c.is_ascii_digit());
    if !invoice && v.glued_to_word() {
        return None;
    }
    if invoice {
        let t_len = before[0].len_utf8();
        return Some(
            Draft::new(Kind::CorporateNumber, v.start() - t_len..v.end(), 0.7, format!("T{d}"))
                .reason(Reason::Checksum { algorithm: "corporate_number_mod9" })
                .reason(Reason::Format { detail: "invoice_registration_number".into() }),
        );
    }
    // A JAN or ISBN that happens to pass the mod-9 check: only with a 法人番号 label.
    let product = !grouped && checksum::is_product_code(d);
    let mut draft = Draft::new(Kind::CorporateNumber, v.span(), if grouped { 0.45 } else { 0.35 }, d.to_string())
        .reason(Reason::Checksum { algorithm: "corporate_number_mod9" });
    if product {
        draft = draft.needs_context();
    }
    if grouped {
        draft = draft.reason(v.grouping_reason());
    }
    Some(draft)
}
