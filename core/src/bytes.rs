//! `scan_bytes`: decode (sniffed or forced encoding) → scan the text → map every span back to the
//! original bytes.
//!
//! Large inputs are scanned on several threads (`parallel` feature, see `parallel.rs`) with results
//! identical to the sequential scan; [`Scanner::stream`](crate::Scanner::stream) gives the same
//! findings without holding the input in memory.

use crate::encoding::{self, Decoded};
use crate::engine::Engine;
use crate::finding::Finding;
use crate::scanner::ScanReport;
use crate::table::TableState;

impl Engine {
    /// Scans raw bytes: every span in the report is a byte range of `bytes`.
    pub(crate) fn scan_bytes(&self, bytes: &[u8]) -> ScanReport {
        let decoded =
            encoding::decode_for_scan(bytes, self.config.encoding, self.config.scan_binary);
        let mut table = TableState::default();
        let mut findings = self.scan_decoded_text(&decoded.text, &mut table);
        map_to_source(&decoded, &mut findings);
        ScanReport {
            encoding: decoded.info,
            binary: decoded.binary,
            scanned_binary: decoded.binary && self.config.scan_binary,
            findings,
            tables: table.summaries(),
            notes: decoded.notes,
        }
    }

    /// Scans decoded text, on several threads when it is large.
    pub(crate) fn scan_decoded_text(&self, text: &str, table: &mut TableState) -> Vec<Finding> {
        // Lines ending in `\r` alone are read as `\n` before the split, which cuts at line ends.
        if let Some(lf) = crate::engine::cr_lines(text) {
            return self.scan_decoded_text(&lf, table);
        }
        #[cfg(feature = "parallel")]
        {
            if text.len() >= crate::parallel::PARALLEL_MIN && rayon::current_num_threads() > 1 {
                return crate::parallel::scan(self, text, table);
            }
        }
        self.scan_text(text, table)
    }
}

/// Rewrites decoded-text spans as source-byte spans (findings are sorted, so one walk suffices).
pub(crate) fn map_to_source(decoded: &Decoded<'_>, findings: &mut [Finding]) {
    let mut mapper = decoded.mapper();
    for f in findings.iter_mut() {
        f.span = mapper.span(f.span.clone());
    }
}
