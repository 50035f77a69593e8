//! E-mail addresses, expanded around the `@`/`＠` found by the candidate pass. Boundaries are the
//! characters an address cannot contain, so `連絡先はtaro@example.jpまで` gives `taro@example.jp`.

use super::Draft;
use crate::finding::{Kind, Reason};
use crate::normalize::fold_char;

fn local_char(c: char) -> bool {
    u8::try_from(fold_char(c)).is_ok_and(local_byte)
}

fn domain_char(c: char) -> bool {
    u8::try_from(fold_char(c)).is_ok_and(domain_byte)
}

fn local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-' | b'\'')
}

fn domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// `at` is the byte range of the `@` or `＠`.
///
/// Byte by byte where the text is ASCII (a roster's e-mail column is thousands of these; the
/// `char`-and-`String` version cost ~2.9k instructions an address), decoding only around other
/// characters; the test module keeps that version as the reference.
pub(crate) fn validate(text: &str, at: core::ops::Range<usize>) -> Option<Draft> {
    let bytes = text.as_bytes();
    let mut start = at.start;
    while start > 0 {
        let (ok, len) = match bytes[start - 1] {
            b if b < 0x80 => (local_byte(b), 1),
            _ => text[..start].chars().next_back().map(|c| (local_char(c), c.len_utf8()))?,
        };
        if !ok || at.start - (start - len) > 64 * 3 {
            break;
        }
        start -= len;
    }
    let mut end = at.end;
    while end < bytes.len() && end - at.end <= 253 * 3 {
        let (ok, len) = match bytes[end] {
            b if b < 0x80 => (domain_byte(b), 1),
            _ => text[end..].chars().next().map(|c| (domain_char(c), c.len_utf8()))?,
        };
        if !ok {
            break;
        }
        end += len;
    }
    // Trim dots and hyphens the address cannot start or end with.
    let local = text[start..at.start].trim_start_matches(['.', '．', '-', '－']);
    start = at.start - local.len();
    let domain = text[at.end..end].trim_end_matches(['.', '．', '-', '－']);
    end = at.end + domain.len();
    if local.is_empty() || local.len() > 64 * 3 || local.as_bytes().windows(2).any(|w| w == b"..") || message_id(text, start, end) {
        return None;
    }
    // The domain's characters fold to ASCII letters, digits, `.` and `-` (`domain_char`): the
    // normalized value is built once, and its domain checked as bytes.
    let mut normalized = String::with_capacity(local.len() + 1 + domain.len());
    push_folded(&mut normalized, local);
    normalized.push('@');
    let at_dom = normalized.len();
    push_folded(&mut normalized, domain);
    normalized[at_dom..].make_ascii_lowercase();
    let dom = &normalized.as_bytes()[at_dom..];
    if !dom.contains(&b'.') || dom.split(|&b| b == b'.').any(|l| l.is_empty() || l.len() > 63 || l[0] == b'-' || l[l.len() - 1] == b'-') {
        return None;
    }
    let tld = &normalized[normalized.rfind('.')? + 1..];
    if tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let (detail, score): (std::borrow::Cow<'static, str>, f32) = match tld {
        "jp" => ("domain .jp".into(), 0.75),
        "com" => ("domain .com".into(), 0.7),
        "net" => ("domain .net".into(), 0.7),
        "org" => ("domain .org".into(), 0.7),
        _ => (format!("domain .{tld}").into(), 0.7),
    };
    Some(Draft::new(Kind::EmailAddress, start..end, score, normalized).room(2).reason(Reason::Format { detail }))
}

/// `s` with full-width ASCII folded ([`fold_char`]), onto `out`; ASCII is copied as it is.
#[inline]
fn push_folded(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.push_str(s);
    } else {
        out.extend(s.chars().map(fold_char));
    }
}

/// Mail headers whose `<…@…>` values identify messages, not people.
const MESSAGE_ID_HEADERS: &[&str] = &["message-id", "in-reply-to", "references", "content-id", "resent-message-id"];

/// `start..end` is a message identifier in a mail header (`Message-ID: <20240101.1234@mail.example.jp>`,
/// also on the folded lines of `References:`): the shape of an address, but every mail has one, and
/// reporting them buried real addresses in mail exports.
fn message_id(text: &str, start: usize, end: usize) -> bool {
    if !(text[..start].ends_with('<') && text[end..].starts_with('>')) {
        return false;
    }
    let mut line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // A folded header continues on lines that start with a space or tab (looked back at most a
    // few dozen lines: a long References header).
    for _ in 0..64 {
        let line = &text[line_start..];
        if line_start > 0 && line.starts_with([' ', '\t']) {
            line_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
            continue;
        }
        let name = line.split(':').next().unwrap_or("").trim();
        return MESSAGE_ID_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold_width;

    /// The `char`-and-`String` version [`validate`] replaced: the reference it is tested against.
    fn reference(text: &str, at: core::ops::Range<usize>) -> Option<Draft> {
        let mut start = at.start;
        for (i, c) in text[..at.start].char_indices().rev() {
            if !local_char(c) || at.start - i > 64 * 3 {
                break;
            }
            start = i;
        }
        let mut end = at.end;
        for (i, c) in text[at.end..].char_indices() {
            if !domain_char(c) || i > 253 * 3 {
                break;
            }
            end = at.end + i + c.len_utf8();
        }
        // Trim dots and hyphens the address cannot start or end with.
        let local = text[start..at.start].trim_start_matches(['.', '．', '-', '－']);
        start = at.start - local.len();
        let domain = text[at.end..end].trim_end_matches(['.', '．', '-', '－']);
        end = at.end + domain.len();
        if local.is_empty() || local.len() > 64 * 3 || local.contains("..") || message_id(text, start, end) {
            return None;
        }
        let dom = fold_width(domain).to_ascii_lowercase();
        if !dom.contains('.') || dom.split('.').any(|l| l.is_empty() || l.len() > 63 || l.starts_with('-') || l.ends_with('-')) {
            return None;
        }
        let tld = dom.rsplit('.').next()?;
        if tld.len() < 2 || !tld.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let detail: std::borrow::Cow<'static, str> = match tld {
            "jp" => "domain .jp".into(),
            "com" => "domain .com".into(),
            "net" => "domain .net".into(),
            "org" => "domain .org".into(),
            _ => format!("domain .{tld}").into(),
        };
        let score = if tld == "jp" { 0.75 } else { 0.7 };
        let mut normalized = String::with_capacity(local.len() + 1 + dom.len());
        normalized.extend(local.chars().map(fold_char));
        normalized.push('@');
        normalized.push_str(&dom);
        Some(Draft::new(Kind::EmailAddress, start..end, score, normalized).room(2).reason(Reason::Format { detail }))
    }

    fn both(text: &str) -> Vec<(Option<String>, Option<String>)> {
        let mut out = Vec::new();
        for (i, c) in text.char_indices().filter(|&(_, c)| matches!(c, '@' | '＠')) {
            let at = i..i + c.len_utf8();
            let show = |d: Option<Draft>| d.map(|d| format!("{:?} {} {} {:?}", d.span, d.base, d.normalized, d.reasons));
            out.push((show(validate(text, at.clone())), show(reference(text, at))));
        }
        out
    }

    #[test]
    fn examples() {
        let text = "連絡先はtaro.yamada@Example.CO.jpまで、ｈａｎａ＠ｅｘａｍｐｌｅ．ｎｅｔ。.a..b@x.jp -x@-y.jp a@b.c0m\nMessage-ID: <1.2@mail.example.jp>";
        let found: Vec<_> = both(text).into_iter().map(|(new, old)| {
            assert_eq!(new, old);
            new.map(|s| s.split(' ').nth(2).unwrap_or("").to_string())
        }).collect();
        assert_eq!(found, [Some("taro.yamada@example.co.jp".into()), Some("hana@example.net".into()), None, None, None, None]);
    }

    proptest::proptest! {
        #[test]
        fn equals_the_char_by_char_reference(text in "[a-zA-Z0-9._%+'\\-@＠．－ａＺ０あ山 <>:\n]{0,60}") {
            for (new, old) in both(&text) {
                proptest::prop_assert_eq!(new, old);
            }
        }
    }

    #[test]
    fn the_local_part_stops_at_192_bytes() {
        for n in [60, 63, 64, 65, 70] {
            let text = format!("{}@example.jp", "ａ".repeat(n));
            for (new, old) in both(&text) {
                assert_eq!(new, old, "{n}");
            }
        }
    }
}
