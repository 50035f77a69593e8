//! (being written)
use crate::engine::Engine;
use crate::scanner::ScanReport;
impl Engine {
    pub(crate) fn scan_bytes(&self, bytes: &[u8]) -> ScanReport {
        let text = String::from_utf8_lossy(bytes);
        let findings = self.scan_text(&text, &mut Default::default());
        ScanReport {
            encoding: crate::EncodingInfo { encoding: crate::Encoding::Utf8, how: crate::Detection::Default, malformed: false },
            binary: false, scanned_binary: false, findings, tables: Vec::new(), notes: Vec::new(),
        }
    }
}
