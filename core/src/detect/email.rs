//! E-mail addresses, expanded around the `@`/`＠` found by the candidate pass. Boundaries are the
//! characters an address cannot contain, so `連絡先はtaro@example.jpまで` gives `taro@example.jp`.

use super::Draft;
use crate::finding::{Kind, Reason};
use crate::normalize::{fold_char, fold_width};

fn local_char(c: char) -> bool {
    let c = fold_char(c);
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

fn domain_char(c: char) -> bool {
    let c = fold_char(c);
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// `at` is the byte range of the `@` or `＠`.
pub(crate) fn validate(text: &str, at: core::ops::Range<usize>) -> Option<Draft> {
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
