//! Phone numbers by the Japanese numbering plan (libphonenumber's JP metadata), not by digit count.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex_automata::meta::Regex;

use super::{Draft, Sep, View, MAX_GROUPS};
use crate::data;
use crate::finding::{Kind, Reason};

/// National significant number of a fixed line (libphonenumber `JP` fixedLine pattern): a
/// 3-digit prefix from the alternation, then 6 digits.
const FIXED_LINE_NSN: &str = r"^(?:1(?:1[235-8]|2[3-6]|3[3-9]|4[2-6]|[58][2-8]|6[2-7]|7[2-9]|9[1-9])|(?:2[2-9]|[36][1-9])[0-9]|4(?:[2-578][0-9]|6[02-8]|9[2-59])|5(?:[2-589][0-9]|6[1-9]|7[2-8])|7(?:[25-9][0-9]|3[4-9]|4[02-9])|8(?:[2679][0-9]|3[2-9]|4[5-9]|5[1-9]|8[03-9])|9(?:[2-58][0-9]|[679][1-9]))[0-9]{6}$";

/// The 3-digit prefixes [`FIXED_LINE_NSN`] accepts, one bit each, read off the pattern once: every
/// 10-digit national number asks, and the regex cost ~300 instructions a number on a roster.
fn fixed_line_prefixes() -> &'static [u64; 16] {
    static T: OnceLock<[u64; 16]> = OnceLock::new();
    T.get_or_init(|| {
        let re = Regex::new(FIXED_LINE_NSN).expect("valid");
        let mut bits = [0u64; 16];
        for p in 0..1000usize {
            if re.is_match(&format!("{p:03}000000")) {
                bits[p / 64] |= 1 << (p % 64);
            }
        }
        bits
    })
}

/// `nsn` (ASCII digits) is a fixed-line national significant number: 9 digits whose first three
/// are a prefix of the pattern.
fn is_fixed_line_nsn(nsn: &str) -> bool {
    let b = nsn.as_bytes();
    if b.len() != 9 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let p = b[..3].iter().fold(0usize, |v, &d| v * 10 + usize::from(d - b'0'));
    fixed_line_prefixes()[p / 64] >> (p % 64) & 1 == 1
}

/// The service a national number belongs to, and how it is grouped when written.
fn classify(national: &str) -> Option<(&'static str, &'static [&'static [usize]])> {
    let b = national.as_bytes();
    let n = b.len();
    if n < 10 || b[0] != b'0' {
        return None;
    }
    let p3 = &national[..3];
    let p4 = &national[..4];
    Some(match (n, p3, p4) {
        (11, "070" | "080" | "090", _) if b[3] != b'0' => ("mobile", &[&[3, 4, 4]]),
        (11, "050", _) if b[3] != b'0' => ("ip_phone", &[&[3, 4, 4]]),
        (11, "020", _) if b[3] != b'0' => ("pager", &[&[3, 4, 4]]),
        (11, _, "0800") => ("toll_free", &[&[4, 3, 4]]),
        (10, _, "0120") => ("toll_free", &[&[4, 3, 3], &[4, 2, 4]]),
        (10, _, "0570") => ("navi_dial", &[&[4, 3, 3]]),
        (10, _, "0990") => ("premium_rate", &[&[4, 3, 3]]),
        (10, "060", _) => ("personal", &[&[3, 3, 4]]),
        (10, _, _) if is_fixed_line_nsn(&national[1..]) => ("fixed_line", &[]),
        _ => return None,
    })
}

fn phone_sep(s: Sep) -> bool {
    matches!(s, Sep::Hyphen | Sep::Space | Sep::Open | Sep::Close | Sep::Dot)
}

/// Text just before the view ends with a phone label written without a space (`TEL03-…`).
fn glued_label(v: &View) -> bool {
    let before = &v.text[..v.start()];
    let tail: String = before.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    let t = crate::normalize::fold_width(&tail).to_ascii_lowercase();
    t.ends_with("tel") || t.ends_with("fax") || t.ends_with("tel.") || t.ends_with("no.") || t.ends_with("phone")
}

pub(crate) fn validate(v: &View) -> Option<Draft> {
    if !v.stands_alone() || !v.seps().iter().all(|&s| phone_sep(s)) {
        return None;
    }
    // International forms: +81 90-…, +81 (0)3-…, 0081-3-…
    let before = v.text[..v.start()].trim_end_matches([' ', '\u{3000}']);
    let plus = before.ends_with(['+', '＋']);
    // A national number starts with the trunk prefix 0; one that does not is an international
    // form (`+81 3-…`) or nothing. Most numbers offered here are the latter (order numbers,
    // ISBNs): they leave before any of the work below.
    if !plus && v.group_digits(0).as_bytes().first() != Some(&b'0') {
        return None;
    }
    if v.glued_to_word() && !glued_label(v) {
        return None;
    }
    let groups = v.groups();
    let seps = v.seps();
    // `+1 090…`: a later group of an international number belongs to that number.
    if v.i > 0 && v.text[..v.token.groups[0].start].trim_end_matches([' ', '\u{3000}']).ends_with(['+', '＋']) {
        return None;
    }
    let mut start = v.start();
    // The national number's groups, on the stack (this runs for every run of 9–15 digits): the
    // view's groups from `first` on, the first one rewritten for international forms.
    let mut national_groups: [Cow<str>; MAX_GROUPS] = Default::default();
    let n = groups.len().min(MAX_GROUPS);
    for (k, g) in national_groups.iter_mut().enumerate().take(n) {
        *g = Cow::Borrowed(v.group_digits(k));
    }
    let mut first = 0;
    let mut international = false;
    if plus || v.group_digits(0).starts_with("0081") {
        let cc_len = if plus { 2 } else { 4 };
        if !v.group_digits(0).starts_with(if plus { "81" } else { "0081" }) {
            return None;
        }
        international = true;
        if plus {
            start = before.len() - before.chars().next_back().map_or(1, char::len_utf8);
        }
        let rest = &v.group_digits(0)[cc_len..];
        if rest.is_empty() {
            // `+81 90-…`: the country code is a group of its own.
            if seps.is_empty() {
                return None;
            }
            first = 1;
            // "(0)": the trunk prefix written in parentheses.
            if n > 1 && national_groups[1] == "0" && seps.get(1) == Some(&Sep::Close) {
                first = 2;
            }
        } else {
            national_groups[0] = Cow::Borrowed(rest);
        }
        if first >= n {
            return None;
        }
        if national_groups[first].starts_with('0') {
            return None;
        }
        national_groups[first] = Cow::Owned(["0", &national_groups[first]].concat());
    } else if v.char_before().is_some_and(|c| c == '(' || c == '（') && seps.first() == Some(&Sep::Close) {
        // (03)1234-5678: the parenthesis belongs to the number.
        start -= v.char_before().map_or(0, char::len_utf8);
    }
    let national_groups = &national_groups[first..n];
    // At most 19 digits (longer views are not offered): a stack buffer, not a String.
    let mut buf = [0u8; 32];
    let mut len = 0;
    for g in national_groups {
        let b = g.as_bytes();
        if len + b.len() > buf.len() {
            return None;
        }
        buf[len..len + b.len()].copy_from_slice(b);
        len += b.len();
    }
    let national = core::str::from_utf8(&buf[..len]).ok()?;
    let (service, groupings) = classify(national)?;
    let mut lens_buf = [0usize; MAX_GROUPS];
    for (l, g) in lens_buf.iter_mut().zip(national_groups) {
        *l = g.len();
    }
    let lens = &lens_buf[..national_groups.len()];
    let mut draft_base;
    // The service, the area code's place (fixed lines), the grouping, and the context.
    let mut reasons = Vec::with_capacity(if service == "fixed_line" { 4 } else { 3 });
    let area_len = data::area_code_len(national);
    match lens.len() {
        1 => draft_base = if service == "fixed_line" { 0.35 } else { 0.5 },
        2 | 3 => {
            if service == "fixed_line" {
                if !data::is_area_code(&national_groups[0]) {
                    return None;
                }
                let ok = if lens.len() == 3 { lens[0] + lens[1] == 6 && lens[2] == 4 } else { lens[1] == 10 - lens[0] };
                if !ok {
                    return None;
                }
                draft_base = 0.5;
                if area_len == Some(lens[0]) {
                    draft_base = 0.6;
                    if let Some(detail) = data::area_code_reason(&national_groups[0]) {
                        reasons.push(Reason::Format { detail: detail.into() });
                    }
                }
            } else {
                let two = lens.len() == 2 && lens[0] == groupings.first().map_or(0, |g| g[0]);
                if !groupings.contains(&lens) && !two {
                    return None;
                }
                draft_base = 0.6;
            }
            reasons.push(Reason::Grouping { pattern: super::grouping_pattern(lens) });
        }
        _ => return None,
    }
    if service == "fixed_line" && area_len.is_none() {
        return None;
    }
    if matches!(service, "toll_free" | "navi_dial" | "premium_rate") {
        draft_base -= 0.1; // business numbers: validated, less often personal
    }
    if international {
        draft_base += 0.1;
    }
    reasons.insert(0, Reason::Format { detail: service.into() });
    let normalized = format_national(national, service, area_len);
    let mut d = Draft::new(Kind::PhoneNumber, start..v.end(), draft_base, normalized);
    d.reasons = reasons;
    Some(d)
}

/// A phone number whose trunk prefix a spreadsheet dropped: a number cell loses its leading 0 when a
/// CSV is opened in Excel and saved again (`9012345678` for 090-1234-5678, `312345678` for
/// 03-1234-5678). One run of 9 or 10 digits that is a mobile, IP, fixed-line (with a real area code),
/// toll-free or navi-dial number once the 0 is put back; only reported with phone context (the
/// column or a keyword).
pub(crate) fn validate_without_trunk_zero(v: &View) -> Option<Draft> {
    let digits = v.digits();
    if v.i != v.j || !matches!(digits.len(), 9 | 10) || digits.starts_with('0') || !v.stands_alone() || v.glued_to_word() {
        return None;
    }
    if v.text[..v.start()].trim_end_matches([' ', '\u{3000}']).ends_with(['+', '＋']) {
        return None;
    }
    let mut buf = [b'0'; 11];
    buf[1..=digits.len()].copy_from_slice(digits.as_bytes());
    let national = core::str::from_utf8(&buf[..=digits.len()]).ok()?;
    let (service, _) = classify(national)?;
    let area_len = data::area_code_len(national);
    if !matches!(service, "mobile" | "ip_phone" | "fixed_line" | "toll_free" | "navi_dial") || (service == "fixed_line" && area_len.is_none()) {
        return None;
    }
    // Business numbers (0120, 0570) less often personal, as in `validate`.
    let base = if matches!(service, "toll_free" | "navi_dial") { 0.2 } else { 0.3 };
    let d = Draft::new(Kind::PhoneNumber, v.span(), base, format_national(national, service, area_len))
        .room(3)
        .reason(Reason::Format { detail: service.into() })
        .reason(Reason::Format { detail: "leading 0 dropped".into() })
        .needs_context();
    Some(d)
}

/// `090-1234-5678`, `03-1234-5678`, `0120-123-456`.
fn format_national(national: &str, service: &str, area_len: Option<usize>) -> String {
    let cut = |a: usize, b: usize| [&national[..a], "-", &national[a..b], "-", &national[b..]].concat();
    match service {
        "mobile" | "ip_phone" | "pager" => cut(3, 7),
        "toll_free" if national.len() == 11 => cut(4, 7),
        "toll_free" | "navi_dial" | "premium_rate" => cut(4, 7),
        "personal" => cut(3, 6),
        _ => match area_len {
            Some(a) if a < 6 => cut(a, 6),
            _ => national.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_regex(nsn: &str) -> bool {
        static RE: OnceLock<Regex> = OnceLock::new();
        RE.get_or_init(|| Regex::new(FIXED_LINE_NSN).expect("valid")).is_match(nsn)
    }

    #[test]
    fn fixed_line_table_equals_the_pattern_for_every_prefix() {
        let mut accepted = 0;
        for p in 0..1000 {
            for suffix in ["000000", "123456", "999999"] {
                let nsn = format!("{p:03}{suffix}");
                assert_eq!(is_fixed_line_nsn(&nsn), by_regex(&nsn), "{nsn}");
                accepted += usize::from(by_regex(&nsn));
            }
        }
        // The pattern is not all-or-nothing (a table of all ones or zeros would pass the above
        // only if the regex were too).
        assert!(accepted > 0 && accepted < 3000, "{accepted}");
        assert!(is_fixed_line_nsn("312345678") && !is_fixed_line_nsn("012345678") && !is_fixed_line_nsn("31234567"));
    }

    proptest! {
        #[test]
        fn fixed_line_table_equals_the_pattern(nsn in "[0-9]{0,12}|[0-9]{3}[0-9a]{6}") {
            prop_assert_eq!(is_fixed_line_nsn(&nsn), by_regex(&nsn));
        }
    }
}
