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

/// A delimited table found in the input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableSummary {
    /// `,` or `\t` (or `;`, `|`).
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

/// Table context carried through a scan (and across chunks of a streamed input).
#[derive(Clone, Debug, Default)]
pub(crate) struct TableState {}
