//! The public entry point: [`ScannerBuilder`] → [`Scanner`] (frozen configuration, cheap to clone
//! and share across threads) → [`Finding`]s and [`ScanReport`]s.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::encoding::{Encoding, EncodingInfo};
use crate::engine::Engine;
use crate::finding::{Confidence, Finding, Kind};
use crate::table::TableSummary;
use crate::Error;

/// Frozen configuration of a [`Scanner`]. Built by [`ScannerBuilder`].
#[derive(Clone, Debug)]
pub(crate) struct Config {
    /// Bit mask of enabled kinds (`Kind::bit`).
    pub kinds: u32,
    pub min_confidence: Confidence,
    pub extra_keywords: Vec<(Kind, String)>,
    pub allow_values: Vec<String>,
    pub allow_patterns: Vec<String>,
    /// Context window, in characters, before and after a value; per-kind overrides.
    pub window: Option<(usize, usize)>,
    pub kind_windows: HashMap<Kind, (usize, usize)>,
    pub encoding: Option<Encoding>,
    pub scan_binary: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            kinds: Kind::ALL.iter().fold(0, |m, k| m | k.bit()),
            min_confidence: Confidence::Low,
            extra_keywords: Vec::new(),
            allow_values: Vec::new(),
            allow_patterns: Vec::new(),
            window: None,
            kind_windows: HashMap::new(),
            encoding: None,
            scan_binary: false,
        }
    }
}

/// Configures a [`Scanner`]. Every method takes and returns the builder; [`build`](Self::build)
/// freezes it.
///
/// ```
/// use jpii::{Confidence, Kind, Scanner};
/// let scanner = Scanner::builder()
///     .only(&[Kind::PhoneNumber, Kind::MyNumber])
///     .min_confidence(Confidence::Medium)
///     .allow_value("03-1234-5678") // the company's own switchboard
///     .build()
///     .unwrap();
/// assert!(scanner.scan_str("代表 03-1234-5678").is_empty());
/// assert_eq!(scanner.scan_str("携帯 090-1234-5678").len(), 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct ScannerBuilder {
    config: Config,
}

impl ScannerBuilder {
    /// A builder with every kind enabled and minimum confidence Low.
    pub fn new() -> ScannerBuilder {
        ScannerBuilder::default()
    }

    /// Enables only these kinds.
    pub fn only(mut self, kinds: &[Kind]) -> Self {
        self.config.kinds = kinds.iter().fold(0, |m, k| m | k.bit());
        self
    }

    /// Enables one kind.
    pub fn enable(mut self, kind: Kind) -> Self {
        self.config.kinds |= kind.bit();
        self
    }

    /// Disables one kind.
    pub fn disable(mut self, kind: Kind) -> Self {
        self.config.kinds &= !kind.bit();
        self
    }

    /// Drops findings below this confidence (default: Low, i.e. report everything that validates).
    pub fn min_confidence(mut self, c: Confidence) -> Self {
        self.config.min_confidence = c;
        self
    }

    /// Adds a context keyword for a kind (matched as a raw substring, ASCII case-insensitively).
    ///
    /// ```
    /// use jpii::{Confidence, Kind, Scanner};
    /// let s = Scanner::builder().keyword(Kind::MyNumber, "従業員識別").build().unwrap();
    /// let f = s.scan_str("従業員識別：621498320257");
    /// assert_eq!(f[0].confidence, Confidence::High);
    /// ```
    pub fn keyword(mut self, kind: Kind, keyword: &str) -> Self {
        if !keyword.is_empty() {
            self.config.extra_keywords.push((kind, keyword.to_string()));
        }
        self
    }

    /// Never reports this value. Compared with the matched text and with the normalized value
    /// (so `03-1234-5678` also allows `０３（１２３４）５６７８`).
    pub fn allow_value(mut self, value: &str) -> Self {
        self.config.allow_values.push(value.to_string());
        self
    }

    /// Never reports a value that this regex matches in full (matched text or normalized value).
    /// An invalid pattern makes [`build`](Self::build) fail with [`Error::InvalidPattern`].
    ///
    /// ```
    /// let err = jpii::Scanner::builder().allow_pattern("(").build().unwrap_err();
    /// assert!(matches!(err, jpii::Error::InvalidPattern { .. }));
    /// ```
    pub fn allow_pattern(mut self, pattern: &str) -> Self {
        self.config.allow_patterns.push(pattern.to_string());
        self
    }

    /// Context window in characters before and after a value, for every kind.
    pub fn context_window(mut self, before: usize, after: usize) -> Self {
        self.config.window = Some((before, after));
        self
    }

    /// Context window for one kind (overrides [`context_window`](Self::context_window)).
    pub fn kind_context_window(mut self, kind: Kind, before: usize, after: usize) -> Self {
        self.config.kind_windows.insert(kind, (before, after));
        self
    }

    /// Decodes byte input with this encoding instead of sniffing it.
    pub fn encoding(mut self, e: Encoding) -> Self {
        self.config.encoding = Some(e);
        self
    }

    /// Scans input that looks binary anyway (text embedded in binary formats). Default: report it as
    /// binary and do not scan.
    pub fn scan_binary(mut self, yes: bool) -> Self {
        self.config.scan_binary = yes;
        self
    }

    /// Freezes the configuration and compiles the automata.
    pub fn build(self) -> Result<Scanner, Error> {
        Ok(Scanner { engine: Arc::new(Engine::new(self.config)?) })
    }
}

/// An immutable, thread-safe scanner. Clone it freely (it is an `Arc`).
///
/// ```
/// use jpii::{Kind, Scanner};
/// let scanner = Scanner::new();
/// let text = "マイナンバー：6214 9832 0257、連絡先はtaro@example.jpまで";
/// let kinds: Vec<Kind> = scanner.scan_str(text).iter().map(|f| f.kind).collect();
/// assert_eq!(kinds, [Kind::MyNumber, Kind::EmailAddress]);
/// ```
#[derive(Clone, Debug)]
pub struct Scanner {
    pub(crate) engine: Arc<Engine>,
}

impl Default for Scanner {
    fn default() -> Scanner {
        Scanner::new()
    }
}

impl Scanner {
    /// A scanner with the default configuration (every kind, every confidence).
    pub fn new() -> Scanner {
        ScannerBuilder::new().build().expect("the default configuration always builds")
    }

    /// Starts a configuration.
    pub fn builder() -> ScannerBuilder {
        ScannerBuilder::new()
    }

    /// Scans a UTF-8 string. Spans are byte offsets into `text`. Findings are sorted by position.
    pub fn scan_str(&self, text: &str) -> Vec<Finding> {
        self.engine.scan_text(text, &mut crate::table::TableState::default())
    }

    /// Scans raw bytes: the encoding is sniffed (or forced by the builder), the text decoded, and every
    /// span is a byte range of `bytes` itself.
    pub fn scan_bytes(&self, bytes: &[u8]) -> ScanReport {
        self.engine.scan_bytes(bytes)
    }

    /// The kinds this scanner reports.
    pub fn kinds(&self) -> Vec<Kind> {
        Kind::ALL.iter().copied().filter(|k| self.engine.config.kinds & k.bit() != 0).collect()
    }
}

/// The result of scanning one input of bytes.
#[derive(Clone, Debug, Serialize)]
pub struct ScanReport {
    /// The encoding the input was read as, and how it was chosen.
    pub encoding: EncodingInfo,
    /// The input looked binary. It was scanned only if the builder allowed it (`scanned_binary`).
    pub binary: bool,
    /// Binary input was scanned anyway (see [`ScannerBuilder::scan_binary`]).
    pub scanned_binary: bool,
    /// Findings, sorted by position; spans are byte ranges of the original input.
    pub findings: Vec<Finding>,
    /// Delimited tables (CSV/TSV) recognised in the input, with their column kinds and record counts.
    pub tables: Vec<TableSummary>,
    /// Things the reader should know (malformed bytes, mixed encodings, binary input not scanned).
    pub notes: Vec<String>,
}
