//! 全銀協 (Zengin) fixed-length transfer files: 120-character records (header `1`, data `2`,
//! trailer `8`, end `9`) in JIS X 0201 / Shift_JIS. A data record reveals a bank, a branch, an account
//! number and the holder's name (half-width katakana) at fixed columns, so one record is a finding
//! of its own, whatever keywords are (not) around it.
//!
//! Records are recognised per line (or every 120 characters when the file has no line breaks), so a
//! chunked scan finds them without state. Columns count characters of the decoded text: in Shift_JIS
//! every character of a valid record is one byte.

use core::ops::Range;

use super::Draft;
use crate::data;
use crate::finding::{Kind, Reason};

/// Record length in characters.
pub(crate) const RECORD: usize = 120;

/// The number of characters of `s`, counted by bytes (every byte but a continuation byte starts one).
fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// Byte offsets of the characters of `line` (plus the end), if it has exactly 120 characters.
fn char_offsets(line: &str) -> Option<Vec<usize>> {
    // Counted first, without collecting: most lines of the right byte length that start with `1`
    // or `2` are no record (a log line `2024-05-01 …`, a sentence `2024年度…`).
    if char_count(line) != RECORD {
        return None;
    }
    Some(line.char_indices().map(|(i, _)| i).chain([line.len()]).collect())
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Characters allowed in Zengin C fields: half-width katakana, ASCII letters/digits, space and a few symbols.
fn zengin_text(s: &str) -> bool {
    s.chars().all(|c| matches!(c, 'ｦ'..='ﾟ' | 'A'..='Z' | '0'..='9' | ' ' | '(' | ')' | '.' | '-' | '/' | '\\' | ',' | '｢' | '｣'))
}

/// The drafts of one record line (`line_start..line_end` in `text`, without the line break).
pub(crate) fn record(text: &str, line: Range<usize>) -> Vec<Draft> {
    let s = &text[line.clone()];
    let mut out = Vec::new();
    let Some(o) = char_offsets(s) else { return out };
    // 1-based inclusive character columns → byte range in `text`.
    let col = |a: usize, b: usize| line.start + o[a - 1]..line.start + o[b];
    let field = |a: usize, b: usize| &text[col(a, b)];
    // (By byte: a block of a text without line breaks may start with any character.)
    match s.as_bytes().first() {
        Some(b'2') => {
            let (bank, branch, kind, account, amount) = (field(2, 5), field(21, 23), field(43, 43), field(44, 50), field(81, 90));
            if !(digits(bank) && digits(branch) && digits(kind) && digits(account) && digits(amount)) {
                return out;
            }
            if !zengin_text(field(6, 20)) || !zengin_text(field(51, 80)) {
                return out;
            }
            let (b, r): (u16, u16) = (bank.parse().unwrap_or(0), branch.parse().unwrap_or(0));
            let known = data::branch_exists(b, r);
            let bank_name = data::bank_name(b).unwrap_or("");
            let mut d = Draft::new(Kind::BankAccount, col(44, 50), if known { 0.95 } else { 0.85 }, account.to_string())
                .reason(Reason::Format { detail: format!("zengin data record: bank {bank} branch {branch} 種目 {kind}").into() });
            if known {
                d = d.reason(Reason::Dictionary { list: "zengin_bank_branch", entry: format!("{bank}-{branch} {bank_name}").into() });
            }
            out.push(d);
            // 受取人名: trailing spaces are padding.
            let name_range = col(51, 80);
            let name = text[name_range.clone()].trim_end();
            if !name.trim().is_empty() {
                let start = name_range.start + (name.len() - name.trim_start().len());
                let end = name_range.start + name.len();
                out.push(
                    Draft::new(Kind::PersonName, start..end, 0.9, name.trim().to_string())
                        .reason(Reason::Format { detail: "zengin data record: 受取人名".into() }),
                );
            }
        }
        Some(b'1') => {
            // Header: the requester's own account (columns 97–103).
            let (kind_code, bank, branch, account) = (field(2, 3), field(59, 62), field(78, 80), field(97, 103));
            if digits(kind_code) && digits(bank) && digits(branch) && digits(account) && zengin_text(field(15, 54)) {
                out.push(
                    Draft::new(Kind::BankAccount, col(97, 103), 0.85, account.to_string())
                        .reason(Reason::Format { detail: format!("zengin header record: bank {bank} branch {branch}").into() }),
                );
            }
        }
        _ => {}
    }
    out
}

/// Every record of `text`: lines of 120 characters, or consecutive 120-character blocks in a file
/// without line breaks.
pub(crate) fn scan(text: &str) -> Vec<Draft> {
    let mut out = Vec::new();
    if memchr::memchr(b'\n', text.as_bytes()).is_none() {
        // Text without line breaks (a one-line export, a minified file) is read as records only if
        // it could be some: the cheap tests first, and the characters' offsets collected only then
        // (collecting them for every such text cost ~8 instructions a byte).
        if !text.starts_with(['1', '2']) {
            return out;
        }
        let n = char_count(text);
        if n < RECORD || !n.is_multiple_of(RECORD) {
            return out;
        }
        let offs: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for k in 0..n / RECORD {
            out.extend(record(text, offs[k * RECORD]..offs[(k + 1) * RECORD]));
        }
        return out;
    }
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let line_end = if end > start && text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
        // 120 characters are 120..=360 bytes in UTF-8 (half-width katakana take 3).
        if (RECORD..=RECORD * 3).contains(&(line_end - start)) && matches!(text.as_bytes()[start], b'1' | b'2') {
            out.extend(record(text, start..line_end));
        }
        start = end + 1;
        if start >= text.len() {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pad(s: &str, n: usize) -> String {
        let len = s.chars().count();
        format!("{s}{}", " ".repeat(n - len))
    }

    /// A data record built field by field.
    pub(crate) fn data_record(bank: &str, branch: &str, account: &str, name: &str) -> String {
        let r = format!(
            "2{bank}{}{branch}{}{}1{account}{}{:010}{}{}{}{}{}{}",
            pad("ﾐｽﾞﾎ", 15),
            pad("ｼﾌﾞﾔ", 15),
            "0000",
            pad(name, 30),
            50000,
            "0",
            "0000000000",
            "0000000000",
            "0",
            " ",
            " ".repeat(7)
        );
        assert_eq!(r.chars().count(), RECORD, "{r}");
        r
    }

    #[test]
    fn data_record_fields() {
        let rec = data_record("0001", "210", "1234567", "ﾔﾏﾀﾞ ﾀﾛｳ");
        let text = format!("{rec}\r\n");
        let d = scan(&text);
        assert_eq!(d.len(), 2);
        assert_eq!(&text[d[0].span.clone()], "1234567");
        assert_eq!(d[0].kind, Kind::BankAccount);
        assert_eq!(&text[d[1].span.clone()], "ﾔﾏﾀﾞ ﾀﾛｳ");
        assert_eq!(d[1].kind, Kind::PersonName);
    }

    #[test]
    fn records_without_line_breaks() {
        let a = data_record("0001", "210", "1234567", "ﾔﾏﾀﾞ ﾀﾛｳ");
        let b = data_record("0005", "001", "7654321", "ｽｽﾞｷ ﾊﾅｺ");
        let text = format!("{a}{b}");
        let d = scan(&text);
        assert_eq!(d.iter().filter(|d| d.kind == Kind::BankAccount).count(), 2);
        assert_eq!(&text[d[3].span.clone()], "ｽｽﾞｷ ﾊﾅｺ");
    }

    #[test]
    fn ordinary_lines_are_not_records() {
        let line = format!("2{}", "あ".repeat(119));
        assert!(scan(&line).is_empty());
        let csv = "2024,01,15\n".repeat(20);
        assert!(scan(&csv).is_empty());
    }

    proptest::proptest! {
        /// Text without line breaks is cut into 120-character blocks, and a block may start with
        /// any character (a block starting with `あ` once panicked): no panic, spans on characters.
        #[test]
        fn any_blocks_are_read_without_panic(blocks in proptest::collection::vec(("[12あｱ ]", "[0-9あｱﾞ A-Z]{119}"), 1..4)) {
            let text: String = blocks.iter().map(|(first, rest)| format!("{first}{rest}")).collect();
            for d in scan(&text) {
                proptest::prop_assert!(text.get(d.span.clone()).is_some(), "{:?}", d.span);
            }
        }
    }

    #[test]
    fn a_block_starting_with_a_wide_character_is_no_record() {
        // Found by fuzzing: 240 characters, the second block starting with あ.
        let text = format!("2{}あ{}", "0".repeat(119), "0".repeat(119));
        assert!(scan(&text).iter().all(|d| d.span.end <= 121));
    }
}
