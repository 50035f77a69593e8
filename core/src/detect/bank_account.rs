//! 口座番号: 7 digits after 普通/当座/貯蓄 (預金) or with an account label nearby; ゆうちょ's
//! 記号-番号 (5 digits + up to 8) with its labels. Bank and branch names near it are supporting
//! context (keywords), and a 4+3 bank/branch code pair is checked against the Zengin list.

use super::{before_trimmed, Draft, Sep, View};
use crate::data;
use crate::finding::{Kind, Reason};

/// The deposit type written right before the number (`普通 1234567`, `普通預金口座：1234567`).
fn deposit_type(text: &str, at: usize) -> Option<&'static str> {
    let mut before = before_trimmed(text, at);
    // 普通預金口座番号： → 普通
    loop {
        let t = before.trim_end_matches([' ', '\u{3000}', '：', ':', '（', '(', '）', ')', '　']);
        let t = ["番号", "口座", "預金", "貯金", "No.", "No"].iter().fold(t, |t, s| t.strip_suffix(s).unwrap_or(t));
        if t.len() == before.len() {
            break;
        }
        before = t;
    }
    ["普通", "当座", "貯蓄", "総合"].into_iter().find(|t| before.ends_with(t))
}

/// A bank code (4 digits) and branch code (3 digits) written before the account, e.g. `0001-210 1234567`.
fn bank_branch_before(v: &View) -> Option<(u16, u16)> {
    if v.i < 2 {
        return None;
    }
    let (bank, branch) = (v.token.group_digits(v.i - 2), v.token.group_digits(v.i - 1));
    if bank.len() != 4 || branch.len() != 3 {
        return None;
    }
    let (b, r) = (bank.parse().ok()?, branch.parse().ok()?);
    data::branch_exists(b, r).then_some((b, r))
}

pub(crate) fn validate(v: &View) -> Option<Draft> {
    // One group (an account number) or two (ゆうちょ 記号-番号): a run of more groups (an ISBN, an
    // order number) leaves before anything is computed.
    if v.j - v.i > 1 || v.glued_to_word() {
        return None;
    }
    let lens = v.lens();
    let d = v.digits();
    // ゆうちょ 記号-番号: 1xxx0-nnnnnnn1 / 0xxxx-…
    if lens.len() == 2 && lens[0] == 5 && (6..=8).contains(&lens[1]) && v.uniform_sep() == Some(Sep::Hyphen) && v.stands_alone() {
        let first = d.as_bytes()[0];
        if first == b'1' || first == b'0' {
            return Some(
                Draft::new(Kind::BankAccount, v.span(), 0.4, format!("{}-{}", &d[..5], &d[5..]))
                    .reason(Reason::Format { detail: "ゆうちょ 記号-番号".into() })
                    .needs_context(),
            );
        }
    }
    if lens.len() != 1 || !(7..=8).contains(&lens[0]) {
        return None;
    }
    // A 4-3 code pair glued before with hyphens is fine: 0001-210-1234567.
    let pair = bank_branch_before(v);
    if pair.is_none() && !v.stands_alone() {
        return None;
    }
    let mut draft = Draft::new(Kind::BankAccount, v.span(), 0.25, d.to_string());
    if let Some(t) = deposit_type(v.text, v.start()) {
        draft.base = 0.75;
        draft = draft.reason(Reason::Format { detail: format!("預金種目 {t}").into() });
    } else {
        draft = draft.needs_context();
    }
    if let Some((b, r)) = pair {
        draft.base += 0.2;
        let name = data::bank_name(b).unwrap_or("");
        draft = draft.reason(Reason::Dictionary { list: "zengin_bank_branch", entry: format!("{b:04}-{r:03} {name}").into() });
    }
    Some(draft)
}
