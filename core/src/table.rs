//! CSV/TSV awareness: a header row gives every cell of its column a kind; data rows are counted so
//! that a customer list (a roster) is reported as one.

use serde::Serialize;

use crate::finding::Kind;

/// One column of a recognised table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ColumnSummary {
    /// 0-based column index.
    pub index: usize,
    /// The header cell text.
    pub header: String,
    /// The kind the header names, if any (`None` for e.g. 性別 or 年収).
    pub kind: Option<Kind>,
    /// A short label of what the column holds (`name`, `kana`, `address`, `phone`, `gender`, `income`, …).
    pub label: String,
    /// Findings reported in this column.
    pub findings: usize,
}

/// The cells of one line, for [`TableState::column_at_cached`].
#[derive(Debug, Default)]
pub(crate) struct ColumnCursor {
    /// The line (without its LF) whose cells are below; `None` before the first look-up.
    line: Option<core::ops::Range<usize>>,
    /// The line is a row of the table ([`Header::is_row`]).
    is_row: bool,
    /// Cell ranges within the line ([`cells_into`]).
    cells: Vec<core::ops::Range<usize>>,
    /// For a line with more cells than the header, the header column of each cell (see
    /// [`split_numbers`]); empty otherwise.
    columns: Vec<usize>,
}

/// The header column of each cell of a line that has more cells than the header has columns,
/// when unquoted numbers written with a thousands separator (`7,519`) explain the surplus: each
/// cell of exactly three digits after a cell ending in a digit is joined to it, from the left,
/// until the surplus is used up. Empty when the surplus has another cause (the cells are then
/// read as they are). Without this, every cell after such a price was read under the wrong header
/// (a 管理番号 column lost its "codes, not personal numbers" effect).
fn split_numbers(line: &str, cells: &[core::ops::Range<usize>], header_len: usize) -> Vec<usize> {
    let Some(mut surplus) = cells.len().checked_sub(header_len).filter(|&n| n > 0) else { return Vec::new() };
    let mut columns = Vec::with_capacity(cells.len());
    let mut column = 0;
    for (i, c) in cells.iter().enumerate() {
        let cell = line[c.clone()].as_bytes();
        let continues = i > 0
            && surplus > 0
            && cell.len() == 3
            && cell.iter().all(u8::is_ascii_digit)
            && line[cells[i - 1].clone()].as_bytes().last().is_some_and(u8::is_ascii_digit);
        if continues {
            surplus -= 1;
        } else if i > 0 {
            column += 1;
        }
        columns.push(column);
    }
    if surplus > 0 {
        return Vec::new();
    }
    columns
}

/// Splits a row into `cells`, at least up to header column `upto`, and returns the header column of
/// each cell when the row has more cells than the header ([`split_numbers`]; empty: cell `i` is
/// column `i`). Only a line with as many delimiters as the header has columns can have more cells:
/// the others are split just as far as asked (counting the delimiters, vectorized, costs less than
/// splitting every line to its end).
pub(crate) fn row_cells(line: &str, delimiter: u8, header_len: usize, upto: usize, cells: &mut Vec<core::ops::Range<usize>>) -> Vec<usize> {
    // (Asked for every cell, there is nothing to save by counting first.)
    if upto != usize::MAX && memchr::memchr_iter(delimiter, line.as_bytes()).count() < header_len {
        cells_into(line, delimiter, upto.saturating_add(1), cells);
        return Vec::new();
    }
    cells_into(line, delimiter, usize::MAX, cells);
    split_numbers(line, cells, header_len)
}

/// The cell of header column `column` in a row whose cell columns are `columns` ([`row_cells`]).
pub(crate) fn cell_of_column(columns: &[usize], column: usize) -> Option<usize> {
    if columns.is_empty() {
        Some(column)
    } else {
        columns.iter().position(|&c| c == column)
    }
}

/// A delimited table found in the input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableSummary {
    /// `,` or `\t` (or `;`, `|`); a space for a table aligned with spaces (a fixed-width export).
    pub delimiter: char,
    /// Data rows (the header excluded).
    pub records: usize,
    /// Columns with a recognised header.
    pub columns: Vec<ColumnSummary>,
    /// The table holds personal data of many people: the strongest leak signal there is.
    pub roster: bool,
    /// One line for humans: `312 records: name, kana, address, phone, birth date`.
    pub summary: String,
}

/// What a header cell says about its column: (substring, kind, label). Checked in order, so the
/// more specific names come first (口座名義 before 口座, フリガナ before 氏名).
const HEADER_NAMES: &[(&str, Option<Kind>, &str)] = &[
    ("フリガナ", Some(Kind::PersonName), "kana"),
    ("ふりがな", Some(Kind::PersonName), "kana"),
    ("カナ", Some(Kind::PersonName), "kana"),
    ("口座名義", Some(Kind::PersonName), "account holder"),
    ("受取人名", Some(Kind::PersonName), "account holder"),
    ("氏名", Some(Kind::PersonName), "name"),
    ("名前", Some(Kind::PersonName), "name"),
    ("契約者", Some(Kind::PersonName), "name"),
    ("宛名", Some(Kind::PersonName), "name"),
    ("担当者", Some(Kind::PersonName), "name"),
    ("保護者", Some(Kind::PersonName), "name"),
    ("name", Some(Kind::PersonName), "name"),
    ("郵便番号", Some(Kind::PostalCode), "postal code"),
    ("〒", Some(Kind::PostalCode), "postal code"),
    ("zip", Some(Kind::PostalCode), "postal code"),
    ("postal", Some(Kind::PostalCode), "postal code"),
    ("住所", Some(Kind::Address), "address"),
    ("所在地", Some(Kind::Address), "address"),
    ("address", Some(Kind::Address), "address"),
    ("メール", Some(Kind::EmailAddress), "email"),
    ("mail", Some(Kind::EmailAddress), "email"),
    ("携帯", Some(Kind::PhoneNumber), "mobile"),
    ("mobile", Some(Kind::PhoneNumber), "mobile"),
    ("電話", Some(Kind::PhoneNumber), "phone"),
    ("tel", Some(Kind::PhoneNumber), "phone"),
    ("fax", Some(Kind::PhoneNumber), "fax"),
    ("phone", Some(Kind::PhoneNumber), "phone"),
    ("連絡先", Some(Kind::PhoneNumber), "phone"),
    ("生年月日", Some(Kind::BirthDate), "birth date"),
    ("誕生日", Some(Kind::BirthDate), "birth date"),
    ("birth", Some(Kind::BirthDate), "birth date"),
    ("dob", Some(Kind::BirthDate), "birth date"),
    ("個人番号", Some(Kind::MyNumber), "my number"),
    ("マイナンバー", Some(Kind::MyNumber), "my number"),
    ("法人番号", Some(Kind::CorporateNumber), "corporate number"),
    ("口座番号", Some(Kind::BankAccount), "bank account"),
    ("口座", Some(Kind::BankAccount), "bank account"),
    ("account", Some(Kind::BankAccount), "bank account"),
    ("カード番号", Some(Kind::CreditCard), "card number"),
    ("card", Some(Kind::CreditCard), "card number"),
    ("基礎年金番号", Some(Kind::BasicPensionNumber), "pension number"),
    ("年金番号", Some(Kind::BasicPensionNumber), "pension number"),
    ("免許", Some(Kind::DriversLicense), "driver's licence"),
    ("旅券", Some(Kind::PassportNumber), "passport"),
    ("パスポート", Some(Kind::PassportNumber), "passport"),
    ("passport", Some(Kind::PassportNumber), "passport"),
    ("在留カード", Some(Kind::ResidenceCard), "residence card"),
    ("保険者番号", Some(Kind::HealthInsurance), "health insurance"),
    ("保険証", Some(Kind::HealthInsurance), "health insurance"),
    ("記号", Some(Kind::HealthInsurance), "health insurance"),
    ("性別", None, "gender"),
    ("gender", None, "gender"),
    ("年収", None, "income"),
    ("収入", None, "income"),
    ("income", None, "income"),
    ("勤務先", None, "employer"),
    ("会社名", None, "employer"),
    ("employer", None, "employer"),
    ("職業", None, "occupation"),
    ("年齢", None, "age"),
    ("age", None, "age"),
    ("学校", None, "school"),
    ("学年", None, "school"),
    ("金額", None, "amount"),
    ("振込金額", None, "amount"),
];

/// Column names that count only as the whole cell: a name split in two (`姓`, `名`, `セイ`, `メイ`:
/// `名` is also in 商品名, 会社名) and an address split into its parts (`都道府県`, `市区町村`, `番地`).
/// A part of an address is no address on its own, but the column is a column name: the header of
/// a customer export split this way is recognised, and the engine reads each row's parts (and a
/// `姓` | `名` pair) as one value across the cells.
const EXACT_HEADER_NAMES: &[(&str, Option<Kind>, &str)] = &[
    ("姓", Some(Kind::PersonName), "name"),
    ("名", Some(Kind::PersonName), "name"),
    ("姓名", Some(Kind::PersonName), "name"),
    ("苗字", Some(Kind::PersonName), "name"),
    ("名字", Some(Kind::PersonName), "name"),
    ("セイ", Some(Kind::PersonName), "kana"),
    ("メイ", Some(Kind::PersonName), "kana"),
    ("せい", Some(Kind::PersonName), "kana"),
    ("めい", Some(Kind::PersonName), "kana"),
    // Not as a substring: a JSON log's `"kana":"やまだ"` split at its commas is no header cell.
    ("kana", Some(Kind::PersonName), "kana"),
    ("furigana", Some(Kind::PersonName), "kana"),
    ("都道府県", Some(Kind::Address), "address"),
    ("市区町村", Some(Kind::Address), "address"),
    ("市町村", Some(Kind::Address), "address"),
    ("番地", Some(Kind::Address), "address"),
    ("町名番地", Some(Kind::Address), "address"),
    ("丁目番地", Some(Kind::Address), "address"),
    ("建物名", Some(Kind::Address), "address"),
    ("都道府県名", Some(Kind::Address), "address"),
    ("市区町村名", Some(Kind::Address), "address"),
    ("町名", Some(Kind::Address), "address"),
    ("町域", Some(Kind::Address), "address"),
    ("町域名", Some(Kind::Address), "address"),
    ("番地以降", Some(Kind::Address), "address"),
    ("建物", Some(Kind::Address), "address"),
    ("マンション名", Some(Kind::Address), "address"),
    // Readings, as systems limited to half-width katakana (JIS X 0201: mainframe exports, bank
    // data) name their columns, `ｼﾒｲ`, `ｼﾞﾕｳｼﾖ` (the key converts them to full width); both the big-kana
    // spelling those systems use and the small-kana one. Whole cells only: `ケイタ` is a name.
    ("シメイ", Some(Kind::PersonName), "name"),
    ("ナマエ", Some(Kind::PersonName), "name"),
    ("コウザメイギ", Some(Kind::PersonName), "account holder"),
    ("ジユウシヨ", Some(Kind::Address), "address"),
    ("ジュウショ", Some(Kind::Address), "address"),
    ("デンワ", Some(Kind::PhoneNumber), "phone"),
    ("デンワバンゴウ", Some(Kind::PhoneNumber), "phone"),
    ("ケイタイ", Some(Kind::PhoneNumber), "mobile"),
    ("ケイタイデンワ", Some(Kind::PhoneNumber), "mobile"),
    ("ケイタイバンゴウ", Some(Kind::PhoneNumber), "mobile"),
    ("ユウビンバンゴウ", Some(Kind::PostalCode), "postal code"),
    ("ユウビン", Some(Kind::PostalCode), "postal code"),
    ("セイネンガツピ", Some(Kind::BirthDate), "birth date"),
    ("セイネンガッピ", Some(Kind::BirthDate), "birth date"),
    ("コウザバンゴウ", Some(Kind::BankAccount), "bank account"),
];

/// Columns a list of people often has beside the name: with them, `氏名,備考` and `名前,部署` are
/// tables (a header needs two column names) and the name column is read as one. Ordinary words
/// (`担当部署までご連絡ください`), so only a short cell counts: at most [`SHORT_LABEL`] characters.
const SHORT_HEADER_NAMES: &[(&str, &str)] = &[("所属", "affiliation"), ("部署", "affiliation"), ("役職", "position"), ("クラス", "school"), ("備考", "note"), ("メモ", "note")];
const SHORT_LABEL: usize = 6;

/// Header words that say a column holds codes, not personal data (product, order, management
/// numbers): values in it need more than a checksum to be reported.
const CODE_HEADERS: &[&str] = &["管理番号", "注文番号", "受注番号", "伝票番号", "品番", "商品コード", "商品番号", "型番", "jan", "isbn", "issn", "sku", "order", "serial", "シリアル", "製造番号", "会員番号", "顧客番号", "社員番号", "受付番号", "証券番号", "request", "trace", "id"];

/// The header cell names a column of codes (see [`CODE_HEADERS`]).
pub(crate) fn is_code_header(cell: &str) -> bool {
    let c = crate::normalize::fold_width(cell.trim().trim_matches('"')).to_ascii_lowercase();
    let word_at = |i: usize, w: &str| {
        let before_ok = i == 0 || !c.as_bytes()[i - 1].is_ascii_alphabetic();
        let after_ok = c.as_bytes().get(i + w.len()).is_none_or(|b| !b.is_ascii_alphabetic());
        before_ok && after_ok
    };
    // A sentence is not a column name (`注文番号 2024-1108-0032 の商品を発送しました。`).
    !c.contains('。') && CODE_HEADERS.iter().any(|w| if w.is_ascii() { c.match_indices(w).any(|(i, _)| word_at(i, w)) } else { c.contains(w) })
}

/// Headers of a row-number column (`No.`, `番号`, `連番`): exact, after width folding and lowercasing.
const ROW_NUMBER_HEADERS: &[&str] = &["no", "no.", "#", "№", "番号", "連番", "通番", "通し番号", "項番", "整理番号", "出席番号", "名簿番号"];

/// The header cell names a row-number column. It says nothing about the values (they are counters),
/// but it is a column name: `No.,氏名` is a two-column header, as `氏名,住所` is.
pub(crate) fn is_row_number_header(cell: &str) -> bool {
    ROW_NUMBER_HEADERS.contains(&header_key(cell).as_str())
}

/// A header cell as its names are looked up: unquoted, full-width folded, lowercase, half-width
/// katakana in full width.
fn header_key(cell: &str) -> String {
    let key = crate::normalize::fold_width(cell.trim().trim_matches(['"', '\'', '\u{feff}'])).to_ascii_lowercase();
    if key.contains(|c| ('\u{FF61}'..='\u{FF9F}').contains(&c)) {
        crate::detect::person_name::half_to_full_kana(&key)
    } else {
        key
    }
}

/// Classifies a header cell: the kind it names (if any) and a label.
pub(crate) fn classify_header(cell: &str) -> Option<(Option<Kind>, &'static str)> {
    let c = header_key(cell);
    let n = c.chars().count();
    // A sentence is not a column name.
    if c.is_empty() || n > 24 || c.contains('。') {
        return None;
    }
    HEADER_NAMES
        .iter()
        .find(|(name, _, _)| c.contains(name))
        .map(|&(_, k, l)| (k, l))
        .or_else(|| {
            let bare = without_note(&c);
            EXACT_HEADER_NAMES.iter().find(|(name, _, _)| c == *name || bare == *name).map(|&(_, k, l)| (k, l))
        })
        .or_else(|| SHORT_HEADER_NAMES.iter().find(|(name, _)| n <= SHORT_LABEL && c.contains(name)).map(|&(_, l)| (None, l)))
}

/// A header key without a note in brackets after the name (`姓(漢字)`, `名（カナ）` once folded to
/// ASCII brackets).
fn without_note(key: &str) -> &str {
    key.strip_suffix(')').and_then(|t| t.rfind('(').map(|i| t[..i].trim_end())).unwrap_or(key)
}

/// The half of a split name a column holds (`姓` | `名`, `セイ` | `メイ`, with or without a note in
/// brackets): `Some(true)` the surname, `Some(false)` the given name.
pub(crate) fn split_name_part(cell: &str) -> Option<bool> {
    match without_note(&header_key(cell)) {
        "姓" | "せい" | "セイ" | "苗字" | "名字" => Some(true),
        "名" | "めい" | "メイ" => Some(false),
        _ => None,
    }
}

/// `cell` is, as a whole, a column name of this module's lists (`住所`, `セイ`), or one of them with
/// `番号`, `アドレス` or `先` after it (`電話番号`, `メールアドレス`, `連絡先`): in a form laid out with
/// spaces (`氏名　　住所　　電話番号`), the word after a name label is the next column's name, not a
/// name. Whole words only: `カナエ` holds `カナ` and is a name.
pub(crate) fn is_column_name(cell: &str) -> bool {
    let c = header_key(cell);
    let base = ["番号", "アドレス", "先"].iter().find_map(|s| c.strip_suffix(s)).filter(|base| base.chars().count() >= 2);
    HEADER_NAMES.iter().map(|h| h.0).chain(EXACT_HEADER_NAMES.iter().map(|h| h.0)).chain(SHORT_HEADER_NAMES.iter().map(|h| h.0)).any(|name| c == name || base == Some(name))
}

/// How many non-empty lines at the start of an input may precede and include the header.
const HEADER_LINES: usize = 4;

/// Rows after a header that [`one_personal_column_confirmed`] reads.
const CONFIRMING_ROWS: usize = 2;

/// A header with one column name of a personal kind beside words that are not column names (and
/// perhaps a row counter: `出席番号,氏名,国語,数学,英語`, a gradebook; `氏名,点数`) is a table when the
/// rows after it confirm it:
/// every header cell is a short word (no digits, no punctuation; the others not a listed full name), and the next
/// [`CONFIRMING_ROWS`] rows have exactly as many cells, none of them a column name where the
/// personal column is. That last test keeps a key-value form (`氏名,山田太郎` / `住所,東京都…`)
/// from being read as a header over its own keys.
fn one_personal_column_confirmed(columns: &[(std::sync::Arc<str>, Option<Kind>, &'static str)], named: usize, delimiter: u8, rows: &[&str]) -> bool {
    let Some(col) = columns.iter().position(|c| c.1.is_some()) else { return false };
    // Besides the personal column, a row counter may be named (`出席番号,氏名,国語,数学,…`).
    let counters = columns.iter().filter(|c| is_row_number_header(&c.0)).count();
    if named != 1 + counters || rows.len() < CONFIRMING_ROWS {
        return false;
    }
    let word = |c: &str| {
        let n = c.chars().count();
        (1..=10).contains(&n) && !c.chars().any(|ch| crate::normalize::digit(ch).is_some() || matches!(ch, '。' | '、' | '：' | ':' | ' ' | '\u{3000}'))
    };
    let header_ok = columns.iter().enumerate().all(|(i, c)| word(&c.0) && (i == col || !crate::detect::person_name::is_listed_full_name(&c.0)));
    header_ok
        && rows.iter().take(CONFIRMING_ROWS).all(|row| {
            let cs = cells(row, delimiter);
            cs.len() == columns.len() && classify_header(&row[cs[col].clone()]).is_none()
        })
}

/// A recognised header row.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    /// The delimiter; a space for an aligned table.
    pub delimiter: u8,
    /// For a table aligned with spaces (a fixed-width export, `氏名        電話番号`), the display
    /// column each header column starts at ([`display_width`]); `None` for a delimited table.
    pub aligned: Option<Box<[usize]>>,
    /// Per column: header text, kind, label.
    pub columns: Vec<(std::sync::Arc<str>, Option<Kind>, &'static str)>,
    /// Findings per column (for the summary).
    pub findings: Vec<usize>,
    /// Data rows seen so far.
    pub records: usize,
    /// The header line itself (a line equal to it is not a data row).
    pub line: std::sync::Arc<str>,
}

impl Header {
    /// `line` is one of the table's data rows: it holds the delimiter (an aligned table: its text
    /// keeps to the columns, see [`aligned_row`]) and is not the header line itself.
    pub(crate) fn is_row(&self, line: &str) -> bool {
        // (A `\r` at either end: CRLF lines, and the header repeated after a `\n\r` break.)
        let line = line.trim_end_matches('\r');
        let line = if line.as_bytes().first() == Some(&b'\r') { line.trim_start_matches('\r') } else { line };
        line != &*self.line
            && match &self.aligned {
                None => line.as_bytes().contains(&self.delimiter),
                Some(starts) => aligned_row(line, starts),
            }
    }

    /// Splits a row into `cells` ([`row_cells`]; an aligned row at the header's column starts) and
    /// returns the header column of each cell when they differ (empty: cell `i` is column `i`).
    pub(crate) fn row_cells(&self, line: &str, upto: usize, cells: &mut Vec<core::ops::Range<usize>>) -> Vec<usize> {
        match &self.aligned {
            None => row_cells(line, self.delimiter, self.columns.len(), upto, cells),
            Some(starts) => {
                aligned_cells_into(line, starts, upto.saturating_add(1), cells);
                Vec::new()
            }
        }
    }
}

/// Display columns of `c` in a fixed-width export: one for ASCII and half-width katakana, two for
/// the rest (the byte widths of Shift_JIS, in which such files are laid out).
fn display_width(c: char) -> usize {
    if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
        1
    } else {
        2
    }
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\t' | '\r')
}

/// The cells of a header laid out with spaces (`顧客番号  氏名          電話番号`): runs of text parted
/// by two or more columns of blanks (an ideographic space counts two; one space stays inside a
/// cell), each with the display column it starts at.
fn aligned_cells(line: &str) -> Vec<(core::ops::Range<usize>, usize)> {
    let mut out = Vec::new();
    let (mut col, mut gap) = (0, 0);
    // The open cell: its byte start, its display column, and the end of its last non-blank.
    let mut open: Option<(usize, usize, usize)> = None;
    for (i, c) in line.char_indices() {
        let w = display_width(c);
        if is_blank(c) {
            gap += w;
        } else {
            match open {
                Some((s, sc, e)) if gap >= 2 => {
                    out.push((s..e, sc));
                    open = Some((i, col, i + c.len_utf8()));
                }
                Some((s, sc, _)) => open = Some((s, sc, i + c.len_utf8())),
                None => open = Some((i, col, i + c.len_utf8())),
            }
            gap = 0;
        }
        col += w;
    }
    out.extend(open.map(|(s, sc, e)| (s..e, sc)));
    out
}

/// A line of an aligned table whose header columns start at `starts`: text in at least two columns,
/// no character cut by a column start, and a blank before at least half of the column starts it
/// reaches. Prose after the table runs across the columns and is no row.
fn aligned_row(line: &str, starts: &[usize]) -> bool {
    let (mut col, mut next, mut reached, mut gaps, mut filled) = (0, 1, 0, 0, 0);
    let (mut blank_before, mut cell_filled) = (false, false);
    for c in line.trim_end_matches(is_blank).chars() {
        let w = display_width(c);
        if next < starts.len() && col + w > starts[next] {
            if col != starts[next] {
                return false;
            }
            reached += 1;
            gaps += usize::from(blank_before);
            filled += usize::from(cell_filled);
            cell_filled = false;
            next += 1;
        }
        blank_before = is_blank(c);
        cell_filled |= !blank_before;
        col += w;
    }
    filled += usize::from(cell_filled);
    filled >= 2 && gaps * 2 >= reached && !is_rule(line)
}

/// A rule drawn under a header (`--------  ------`, `────　──`): it keeps to the columns but is no
/// record.
fn is_rule(line: &str) -> bool {
    line.chars().all(|c| is_blank(c) || matches!(c, '-' | '=' | '_' | '─' | '━' | '－' | '＝' | 'ー'))
}

/// Splits a row of an aligned table at the column starts (what comes before `starts[1]` is the
/// first column), stopping after the first `max` cells; a row that ends early has fewer cells.
fn aligned_cells_into(line: &str, starts: &[usize], max: usize, out: &mut Vec<core::ops::Range<usize>>) {
    out.clear();
    let (mut col, mut next, mut start) = (0, 1, 0);
    for (i, c) in line.char_indices() {
        if next < starts.len() && col >= starts[next] {
            out.push(start..i);
            if out.len() >= max {
                return;
            }
            start = i;
            next += 1;
        }
        col += display_width(c);
    }
    out.push(start..line.len());
}

/// Table context carried through a scan (and across chunks of a streamed input).
#[derive(Clone, Debug, Default)]
pub(crate) struct TableState {
    pub header: Option<Header>,
    /// The start of the input was examined for a header already.
    pub checked: bool,
}

/// Splits one line into cells (RFC 4180 quotes; a quoted delimiter does not split), returning each
/// cell's byte range within `line`.
pub(crate) fn cells(line: &str, delimiter: u8) -> Vec<core::ops::Range<usize>> {
    let mut out = Vec::new();
    cells_into(line, delimiter, usize::MAX, &mut out);
    out
}

/// [`cells`] into a reused vector, stopping after the first `max` cells (a roster's every line
/// is split, and only the columns that matter are read).
///
/// Sixteen bytes at a time on x86-64 (an SSE2 compare and mask), else eight (the delimiters and
/// quotes of a word found with a bit trick), so a line costs about one step per chunk plus one per
/// cell. Roster lines are split twice (columns of findings, column cells), and a `memchr2` call
/// per cell cost more than that on cells of a dozen bytes.
pub(crate) fn cells_into(line: &str, delimiter: u8, max: usize, out: &mut Vec<core::ops::Range<usize>>) {
    out.clear();
    let b = line.as_bytes();
    let (mut start, mut quoted) = (0, false);
    // Returns true when `max` cells are out.
    let mut at = |i: usize, out: &mut Vec<core::ops::Range<usize>>| {
        if b[i] == b'"' {
            quoted = !quoted;
        } else if !quoted {
            out.push(start..i);
            start = i + 1;
            return out.len() >= max;
        }
        false
    };
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `v` that is zero (exact per byte: no carries across bytes).
    let zero_bytes = |v: u64| !(((v & LOW7) + LOW7) | v) & HIGH;
    let (delims, quotes) = (u64::from_le_bytes([delimiter; 8]), u64::from_le_bytes([b'"'; 8]));
    let mut i = 0;
    // Sixteen bytes at a time where SSE2 is there (every x86-64 CPU): a compare and a mask per
    // chunk; the words below take the rest (and everything on other targets).
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::*;
        // SAFETY (every `unsafe` here): SSE2 is part of x86-64, so the intrinsics need no CPU
        // check; the load reads `b[i..i + 16]`, inside `b` by the loop's condition.
        let (d, q) = unsafe { (_mm_set1_epi8(delimiter as i8), _mm_set1_epi8(b'"' as i8)) };
        while i + 16 <= b.len() {
            let mut hits = unsafe {
                let v = _mm_loadu_si128(b.as_ptr().add(i).cast());
                _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q))) as u32
            };
            while hits != 0 {
                if at(i + hits.trailing_zeros() as usize, out) {
                    return;
                }
                hits &= hits - 1;
            }
            i += 16;
        }
    }
    while i + 8 <= b.len() {
        let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"));
        let mut hits = zero_bytes(w ^ delims) | zero_bytes(w ^ quotes);
        while hits != 0 {
            if at(i + hits.trailing_zeros() as usize / 8, out) {
                return;
            }
            hits &= hits - 1;
        }
        i += 8;
    }
    for (j, &c) in b.iter().enumerate().skip(i) {
        if (c == delimiter || c == b'"') && at(j, out) {
            return;
        }
    }
    out.push(start..b.len());
}

impl TableState {
    /// Looks for a header row among the first lines of `text` (once per input): exports often put a
    /// title line (`令和6年度 学年費 口座振替依頼一覧`) above the header.
    pub(crate) fn detect(&mut self, text: &str) {
        if self.checked {
            return;
        }
        self.checked = true;
        let lines: Vec<&str> = text.trim_start_matches(['\u{feff}', '\n', '\r']).lines().filter(|l| !l.trim().is_empty()).take(HEADER_LINES + CONFIRMING_ROWS).collect();
        for (i, first) in lines.iter().take(HEADER_LINES).enumerate() {
            if first.len() > 4096 {
                return;
            }
            if self.detect_line(first, &lines[i + 1..]) {
                return;
            }
        }
    }

    /// Reads `first` as a header, `rows` being the lines after it.
    fn detect_line(&mut self, first: &str, rows: &[&str]) -> bool {
        type Column = (std::sync::Arc<str>, Option<Kind>, &'static str);
        // The header's columns (text, kind, label) from its cells, and how many are named.
        let columns_of = |cs: &mut dyn Iterator<Item = core::ops::Range<usize>>| -> (Vec<Column>, usize) {
            let columns: Vec<Column> = cs
                .map(|r| {
                    let cell = &first[r];
                    match classify_header(cell) {
                        Some((k, l)) => (cell.trim().trim_matches('"').into(), k, l),
                        None => (cell.trim().trim_matches('"').into(), None, ""),
                    }
                })
                .collect();
            let named = columns.iter().filter(|c| !c.2.is_empty() || is_code_header(&c.0) || is_row_number_header(&c.0)).count();
            (columns, named)
        };
        let line: std::sync::Arc<str> = first.trim_end_matches('\r').into();
        for delimiter in [b',', b'\t', b';', b'|'] {
            let cs = cells(first, delimiter);
            if cs.len() < 2 {
                continue;
            }
            let (columns, named) = columns_of(&mut cs.into_iter());
            if (named >= 2 && named * 3 >= columns.len()) || one_personal_column_confirmed(&columns, named, delimiter, rows) {
                let n = columns.len();
                self.header = Some(Header { delimiter, aligned: None, columns, findings: vec![0; n], records: 0, line });
                return true;
            }
        }
        // Laid out with spaces (a fixed-width export): column names as above, at least three
        // columns, and the rows after it keep to the header's columns.
        let aligned = aligned_cells(first);
        if aligned.len() >= 3 {
            let starts: Box<[usize]> = aligned.iter().map(|c| c.1).collect();
            let (columns, named) = columns_of(&mut aligned.into_iter().map(|c| c.0));
            let mut data = rows.iter().filter(|r| !is_rule(r)).take(CONFIRMING_ROWS).peekable();
            if named >= 2 && named * 3 >= columns.len() && data.peek().is_some() && data.all(|r| aligned_row(r, &starts)) {
                let n = columns.len();
                self.header = Some(Header { delimiter: b' ', aligned: Some(starts), columns, findings: vec![0; n], records: 0, line });
                return true;
            }
        }
        false
    }

    /// The header column of the cell holding byte `pos` of `text` (None outside a table row).
    pub(crate) fn column_at(&self, text: &str, pos: usize) -> Option<usize> {
        self.column_at_cached(text, pos, &mut ColumnCursor::default())
    }

    /// [`column_at`](Self::column_at) with the cell boundaries of the last line asked about kept in
    /// `cursor` (one cursor per text: findings come line by line, and re-reading the line from its
    /// start for each cost as much as scoring them).
    pub(crate) fn column_at_cached(&self, text: &str, pos: usize, cursor: &mut ColumnCursor) -> Option<usize> {
        let h = self.header.as_ref()?;
        let line = match &cursor.line {
            Some(l) if l.start <= pos && pos <= l.end => l.clone(),
            _ => {
                let bytes = text.as_bytes();
                let start = memchr::memrchr(b'\n', &bytes[..pos]).map_or(0, |i| i + 1);
                let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(text.len(), |i| pos + i);
                let line = &text[start..end];
                // (The header line of a delimited table is read by its columns too, as before.)
                cursor.is_row = match h.aligned {
                    None => line.as_bytes().contains(&h.delimiter),
                    Some(_) => h.is_row(line),
                };
                cursor.columns = h.row_cells(line, usize::MAX, &mut cursor.cells);
                cursor.line = Some(start..end);
                start..end
            }
        };
        // A line without the delimiter is not a row of this table (unless it has one column).
        if !cursor.is_row && h.columns.len() > 1 {
            return None;
        }
        // The column is the number of cells that end (at an unquoted delimiter) before `pos`; the
        // last cell ends at the line's end, never before `pos`.
        let at = pos - line.start;
        // (An aligned row's cells touch: the next cell starts where one ends.)
        let cell = if h.aligned.is_some() { cursor.cells.partition_point(|c| c.end <= at) } else { cursor.cells.partition_point(|c| c.end < at) };
        let col = cursor.columns.get(cell).copied().unwrap_or(cell);
        (col < h.columns.len()).then_some(col)
    }

    /// Counts the data rows of `text`: lines that hold the delimiter, except the header line.
    pub(crate) fn count_records(&mut self, text: &str) {
        let Some(h) = self.header.as_mut() else { return };
        h.records += text.lines().filter(|l| h.is_row(l)).count();
    }

    /// The summary of the recognised table, if any.
    pub(crate) fn summaries(&self) -> Vec<TableSummary> {
        let Some(h) = self.header.as_ref() else { return Vec::new() };
        let columns: Vec<ColumnSummary> = h
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.2.is_empty())
            .map(|(i, c)| ColumnSummary { index: i, header: c.0.to_string(), kind: c.1, label: c.2.to_string(), findings: h.findings[i] })
            .collect();
        let personal = columns.iter().filter(|c| c.kind.is_some()).count();
        let roster = h.records >= 2 && personal >= 2;
        let mut labels: Vec<&str> = Vec::new();
        for c in &columns {
            if !labels.contains(&c.label.as_str()) {
                labels.push(&c.label);
            }
        }
        let delimiter = h.delimiter as char;
        let summary = format!("{} records: {}", h.records, labels.join(", "));
        vec![TableSummary { delimiter, records: h.records, columns, roster, summary }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_columns() {
        let text = "氏名,フリガナ,電話番号,生年月日,年収\n山田太郎,ヤマダタロウ,090-1234-5678,1970/03/12,500万\n";
        let mut st = TableState::default();
        st.detect(text);
        let h = st.header.as_ref().unwrap();
        assert_eq!(h.columns[2].1, Some(Kind::PhoneNumber));
        assert_eq!(h.columns[1].2, "kana");
        let pos = text.find("090").unwrap();
        assert_eq!(st.column_at(text, pos), Some(2));
        assert_eq!(st.column_at(text, text.find("1970").unwrap()), Some(3));
        st.count_records(text);
        let s = &st.summaries()[0];
        assert_eq!(s.records, 1);
        assert_eq!(s.summary, "1 records: name, kana, phone, birth date, income");
        assert!(is_code_header("管理番号") && is_code_header("JANコード") && is_code_header("order_id") && !is_code_header("電話番号"));
    }

    #[test]
    fn split_name_and_address_columns_count_only_as_whole_cells() {
        for (cell, kind, label) in [("姓", Kind::PersonName, "name"), ("名", Kind::PersonName, "name"), ("姓（漢字）", Kind::PersonName, "name"), ("名(漢字)", Kind::PersonName, "name"), ("都道府県名", Kind::Address, "address"), ("町域", Kind::Address, "address"), ("メイ", Kind::PersonName, "kana"), ("kana", Kind::PersonName, "kana"), ("name_kana", Kind::PersonName, "name"), ("市区町村", Kind::Address, "address"), ("\"番地\"", Kind::Address, "address")] {
            assert_eq!(classify_header(cell), Some((Some(kind), label)), "{cell}");
        }
        for cell in ["\"kana\":\"やまだ たろう\"", "商品名", "名称", "姓名判断の結果", "番地なし", "メイン", "セイル", "商品名（税込）", "名（", "()"] {
            assert_eq!(classify_header(cell), None, "{cell}");
        }
        assert_eq!(classify_header("会社名"), Some((None, "employer")));
    }

    #[test]
    fn a_title_line_above_the_header() {
        let text = "令和6年度 学年費 口座振替依頼一覧\nNo,学年,児童氏名,口座番号,口座名義\n1,1,千葉一道,6224697,ﾁﾊﾞ ﾕｲ\n";
        let mut st = TableState::default();
        st.detect(text);
        assert_eq!(st.header.as_ref().unwrap().columns[2].1, Some(Kind::PersonName));
        st.count_records(text);
        assert_eq!(st.summaries()[0].records, 1);
    }

    /// The column of `pos` by reading its line's prefix, quote by quote.
    fn column_by_prefix(st: &TableState, text: &str, pos: usize) -> Option<usize> {
        let h = st.header.as_ref()?;
        let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if !text.as_bytes()[start..end].contains(&h.delimiter) && h.columns.len() > 1 {
            return None;
        }
        let mut quoted = false;
        let col = text.as_bytes()[start..pos].iter().filter(|&&b| {
            quoted ^= b == b'"';
            b == h.delimiter && !quoted
        });
        let col = col.count();
        (col < h.columns.len()).then_some(col)
    }

    #[test]
    fn cached_column_equals_prefix_reading_everywhere() {
        let text = "氏名,住所,電話番号\n\"山田, 太郎\",\"東京都\"\"A\"\",03-1234-5678\n注記のみの行\n,,\n鈴木,大阪,06\n";
        let mut st = TableState::default();
        st.detect(text);
        assert!(st.header.is_some());
        let mut cursor = ColumnCursor::default();
        for pos in (0..text.len()).filter(|&p| text.is_char_boundary(p)) {
            assert_eq!(st.column_at_cached(text, pos, &mut cursor), column_by_prefix(&st, text, pos), "at {pos}");
        }
        // Backwards too: the cursor refills when it is asked about another line.
        for pos in (0..text.len()).rev().filter(|&p| text.is_char_boundary(p)) {
            assert_eq!(st.column_at_cached(text, pos, &mut cursor), column_by_prefix(&st, text, pos), "at {pos}");
        }
    }

    proptest::proptest! {
        #[test]
        fn cells_equal_a_byte_by_byte_split(line in "[a\",\t;山\u{80}\u{7F}\u{FF}+-]{0,40}", max in 1usize..6) {
            for delimiter in [b',', b'\t', b';'] {
                let mut expected = Vec::new();
                let (mut start, mut quoted) = (0, false);
                for (i, c) in line.bytes().enumerate() {
                    if c == b'"' {
                        quoted = !quoted;
                    } else if c == delimiter && !quoted {
                        expected.push(start..i);
                        start = i + 1;
                    }
                }
                expected.push(start..line.len());
                proptest::prop_assert_eq!(&cells(&line, delimiter), &expected);
                let mut some = Vec::new();
                cells_into(&line, delimiter, max, &mut some);
                proptest::prop_assert_eq!(&some[..], &expected[..max.min(expected.len())]);
            }
        }
    }

    #[test]
    fn half_width_katakana_column_names() {
        assert_eq!(classify_header("ｼﾒｲ"), Some((Some(Kind::PersonName), "name")));
        assert_eq!(classify_header("ﾃﾞﾝﾜﾊﾞﾝｺﾞｳ"), Some((Some(Kind::PhoneNumber), "phone")));
        assert_eq!(classify_header("ｾｲﾈﾝｶﾞﾂﾋﾟ"), Some((Some(Kind::BirthDate), "birth date")));
        assert_eq!(classify_header("ｼﾞﾕｳｼﾖ"), Some((Some(Kind::Address), "address")));
        assert_eq!(classify_header("ﾌﾘｶﾞﾅ"), Some((Some(Kind::PersonName), "kana")));
        // Whole cells only: a reading that holds one is a name.
        assert_eq!(classify_header("ｹｲﾀ"), None);
        assert_eq!(classify_header("ﾃﾞﾝﾜｷﾞ"), None);
    }

    #[test]
    fn column_names_with_their_usual_endings() {
        for name in ["住所", "電話番号", "携帯番号", "メールアドレス", "連絡先", "セイ", "備考"] {
            assert!(is_column_name(name), "{name}");
        }
        for name in ["カナエ", "山田太郎", "番号", "先", "田中先"] {
            assert!(!is_column_name(name), "{name}");
        }
    }

    #[test]
    fn aligned_header_cells_start_at_their_display_columns() {
        let line = "顧客番号  氏名　　カナ 名   生年月日\r";
        let cells: Vec<(&str, usize)> = aligned_cells(line).into_iter().map(|(r, c)| (&line[r], c)).collect();
        // Two columns of blanks part cells (an ideographic space is two); one space does not.
        assert_eq!(cells, [("顧客番号", 0), ("氏名", 10), ("カナ 名", 18), ("生年月日", 28)]);
    }

    #[test]
    fn aligned_rows_keep_to_the_columns() {
        let starts = [0, 10, 18, 28];
        assert!(aligned_row("000123    山田太  ヤマダ    1970/03/12", &starts));
        assert!(aligned_row("000124            ｻﾄｳ ﾊﾅｺ   1985/11/02\r", &starts), "an empty column, half-width kana");
        assert!(aligned_row("000125    山田太郎ヤマダ    1970/03/12", &starts), "a full column: a blank before two of three starts");
        assert!(!aligned_row("000125", &starts), "one column");
        assert!(!aligned_row("--------  ------  --------  ----------", &starts), "a rule under the header");
        assert!(!aligned_row("────────　────　──────　─────", &starts), "a rule of box-drawing characters");
        assert!(!aligned_row("000127    山田太郎ヤマダタロ1970/03/12", &starts), "a blank before one start of three");
        assert!(!aligned_row("000126   山田太郎    ヤマダ    1970/03/12", &starts), "a character across a column start");
        assert!(!aligned_row("本日、山田様より1970年3月12日生まれとのご連絡がありました。", &starts), "prose");
    }

    proptest::proptest! {
        #[test]
        fn aligned_split_equals_grouping_by_display_column(line in "[a 山　ｱ1\\-]{0,40}", widths in proptest::collection::vec(3usize..9, 1..6)) {
            let starts: Vec<usize> = core::iter::once(0).chain(widths.iter().scan(0, |at, w| { *at += w; Some(*at) })).collect();
            // Each character belongs to the last column starting at or before its display column.
            let mut expected: Vec<core::ops::Range<usize>> = Vec::new();
            let (mut col, mut current) = (0, 0);
            for (i, c) in line.char_indices() {
                let cell = starts[1..].iter().filter(|&&s| s <= col).count();
                if expected.is_empty() || cell != current {
                    if let Some(last) = expected.last_mut() {
                        last.end = i;
                    }
                    expected.push(i..line.len());
                    current = cell;
                }
                col += display_width(c);
            }
            if expected.is_empty() {
                expected.push(0..0);
            }
            let mut got = Vec::new();
            aligned_cells_into(&line, &starts, usize::MAX, &mut got);
            proptest::prop_assert_eq!(&got, &expected);
            let mut some = Vec::new();
            aligned_cells_into(&line, &starts, 2, &mut some);
            proptest::prop_assert_eq!(&some[..], &expected[..2.min(expected.len())]);
        }
    }

    #[test]
    fn unquoted_thousands_do_not_shift_the_columns_after_them() {
        let text = "品番,商品名,定価,在庫数,管理番号\nTN-1,傘,7,519,2060,339584128619\nTN-2,鞄,1,2,3,4\n";
        let mut st = TableState::default();
        st.detect(text);
        let mut cursor = ColumnCursor::default();
        let code = text.find("339584128619").unwrap();
        assert_eq!(st.column_at_cached(text, code, &mut cursor), Some(4), "joined: 7,519");
        assert_eq!(st.column_at_cached(text, text.find("2060").unwrap(), &mut cursor), Some(3));
        assert_eq!(st.column_at_cached(text, text.find("7,519").unwrap() + 2, &mut cursor), Some(2));
        // A surplus that no thousands separator explains: the cells are read as they are.
        let last = text.rfind('4').unwrap();
        assert_eq!(st.column_at_cached(text, last, &mut cursor), None);
        assert_eq!(st.column_at_cached(text, text.rfind('3').unwrap(), &mut cursor), Some(4));
    }

    #[test]
    fn a_row_number_column_names_a_column() {
        for header in ["No.,氏名", "番号,氏名", "ＮＯ,氏名", "連番\t氏名", "\"#\",氏名"] {
            let delimiter = if header.contains('\t') { '\t' } else { ',' };
            let text = format!("{header}\n1{delimiter}山田太郎\n2{delimiter}鈴木花子\n");
            let mut st = TableState::default();
            st.detect(&text);
            let h = st.header.as_ref().unwrap_or_else(|| panic!("{header}: no header"));
            assert_eq!(h.columns[1].1, Some(Kind::PersonName), "{header}");
        }
        // The other columns of a list of people make it a table too.
        for header in ["氏名,備考", "名前,部署", "氏名,所属,役職", "クラス,氏名"] {
            let mut st = TableState::default();
            st.detect(&format!("{header}\n山田太郎,x\n"));
            let h = st.header.as_ref().unwrap_or_else(|| panic!("{header}: no header"));
            assert!(h.columns.iter().any(|c| c.1 == Some(Kind::PersonName)), "{header}");
        }
        // Sentences holding those words (or a code header's) are not column names.
        for text in ["担当部署までご連絡ください。会員数は1,486,651名を突破しました。注文番号 2024-1108-0032 の商品を発送しました。\n", "備考欄をご確認のうえ、ご記入ください,氏名\n"] {
            let mut st = TableState::default();
            st.detect(text);
            assert!(st.header.is_none(), "{text}");
        }
        // One named column and a counter is a table; one named column alone, or next to a word
        // that is not a column name, is not.
        for line in ["番号について,氏名", "氏名,山田太郎", "No.1,氏名"] {
            let mut st = TableState::default();
            st.detect(&format!("{line}\n"));
            assert!(st.header.is_none(), "{line}");
        }
    }

    #[test]
    fn one_personal_column_is_a_table_when_the_rows_confirm_it() {
        // A gradebook, an attendance list, a name and a score.
        for text in ["氏名,国語,数学,英語\n山田太郎,80,75,90\n佐藤花子,65,88,72\n", "氏名,点数\n山田太郎,80\n佐藤花子,65\n", "名前\t出欠\t連絡\n山田太郎\t○\t済\n佐藤花子\t×\t未\n", "出席番号,氏名,国語\n1,山田太郎,80\n2,佐藤花子,65\n"] {
            let mut st = TableState::default();
            st.detect(text);
            let h = st.header.as_ref().unwrap_or_else(|| panic!("{text}: no header"));
            assert!(h.columns.iter().any(|c| c.1 == Some(Kind::PersonName)), "{text}");
        }
        for text in [
            // Too few rows to confirm it.
            "氏名,点数\n山田太郎,80\n",
            // Rows of another shape.
            "氏名,点数\n山田太郎,80,90\n佐藤花子,65\n",
            // A key-value form: its keys are column names where the "personal column" would be.
            "氏名,山田太郎\n住所,東京都千代田区千代田1-1\n電話,03-1234-5678\n",
            "氏名,自己紹介\n学年,3\nクラス,2\n",
            // A full name or a number among the header cells: a row of data, not a header.
            "氏名,鈴木一郎\n山田太郎,佐藤花子\n高橋次郎,田中三郎\n",
            "氏名,2024年度\n山田太郎,80\n佐藤花子,65\n",
            // A sentence.
            "氏名、住所をご記入ください,点数\nx,1\ny,2\n",
        ] {
            let mut st = TableState::default();
            st.detect(text);
            assert!(st.header.is_none(), "{text}");
        }
    }

    #[test]
    fn prose_is_not_a_table() {
        let mut st = TableState::default();
        st.detect("お世話になっております。氏名、住所、電話番号をご記入ください。\n");
        assert!(st.header.is_none());
    }
}
