//! 健康保険: 保険者番号 (8 digits with a Luhn 検証番号, or 6 for 国民健康保険) and the 記号・番号
//! printed on the card, each only next to its labels.

use super::{before_trimmed, checksum, Draft, View};
use crate::finding::{Kind, Reason};

/// Insurer numbers start with a 法別番号; 8-digit ones carry a check digit.
fn houbetsu(code: &str) -> Option<&'static str> {
    Some(match code {
        "01" => "協会けんぽ",
        "02" => "船員保険",
        "03" | "04" => "日雇特例",
        "06" => "組合管掌健康保険",
        "07" => "自衛官等",
        "31" => "国家公務員共済",
        "32" => "地方公務員等共済",
        "33" => "警察共済",
        "34" => "公立学校・私学共済",
        "39" => "後期高齢者医療",
        "63" => "特定健保",
        "67" | "72" | "73" | "74" | "75" => "退職者医療",
        _ => return None,
    })
}

pub(crate) fn validate(v: &View) -> Option<Draft> {
    if v.i != v.j || !v.stands_alone() || v.glued_to_word() {
        return None;
    }
    let d = v.digits();
    let before = before_trimmed(v.text, v.start());
    // 記号 12345 番号 67: card fields, free-form digits right after their label.
    let card_label = ["記号", "番号", "被保険者番号", "枝番"]
        .into_iter()
        .find(|l| before.ends_with(l) && (*l == "被保険者番号" || !before.ends_with("保険者番号")));
    if d.len() == 8 && checksum::luhn(d) {
        if let Some(scheme) = houbetsu(&d[..2]) {
            return Some(
                Draft::new(Kind::HealthInsurance, v.span(), 0.4, d.to_string())
                    .reason(Reason::Checksum { algorithm: "luhn" })
                    .reason(Reason::Format { detail: format!("保険者番号 {scheme}").into() })
                    .needs_context(),
            );
        }
    }
    if d.len() == 6 && before.ends_with("保険者番号") {
        return Some(Draft::new(Kind::HealthInsurance, v.span(), 0.4, d.to_string()).reason(Reason::Format { detail: "保険者番号 国民健康保険".into() }).needs_context());
    }
    if let Some(label) = card_label {
        if (1..=10).contains(&d.len()) {
            return Some(
                Draft::new(Kind::HealthInsurance, v.span(), 0.3, d.to_string()).reason(Reason::Format { detail: label.to_string().into() }).needs_context(),
            );
        }
    }
    None
}
