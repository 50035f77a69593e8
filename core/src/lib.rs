//! # jpii — find Japanese personal information, fast, in any Japanese encoding
//!
//! ```
//! use jpii::{Confidence, Kind, Scanner};
//!
//! let scanner = Scanner::new();
//! let text = "お客様：山田太郎様　携帯：090-1234-5678　個人番号：6214 9832 0257";
//! for f in scanner.scan_str(text) {
//!     println!("{} {:?} {}", f.kind, f.confidence, f.masked(text));
//! }
//! let phone = scanner.scan_str(text).into_iter().find(|f| f.kind == Kind::PhoneNumber).unwrap();
//! assert_eq!(&text[phone.span.clone()], "090-1234-5678");
//! assert_eq!(phone.confidence, Confidence::High);
//! ```
//!
//! The pipeline (one module each):
//! `encoding` (sniff, decode with a map back to source offsets) → `candidates` (one multi-pattern
//! regex pass) → `detect` (validators: check digits, numbering plan, dictionaries) → `context`
//! (keywords near the value, table headers) → [`Finding`]s with spans in the original bytes.

mod bytes;
mod candidates;
mod context;
mod data;
mod detect;
mod engine;
mod error;
mod finding;
mod mask;
pub mod normalize;
mod scanner;
mod table;
pub mod encoding;
#[cfg(feature = "parallel")]
mod parallel;
mod redact;
mod stream;

pub use encoding::{Detection, Encoding, EncodingInfo};
pub use error::Error;
pub use finding::{Confidence, Finding, Kind, Reason};
pub use mask::{mask, mask_reason};
pub use scanner::{ScanReport, Scanner, ScannerBuilder};
pub use table::{ColumnSummary, TableSummary};
pub use encoding::{decode_span, line_column, line_columns, sniff, SpanDecoder};
pub use redact::Redacted;
pub use stream::{ScanStream, StreamEnd};

/// The README's Rust examples are compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
