//! What the CLI's test files share: the binary with a fixed environment, a temporary folder, zip
//! bytes.

use std::io::Write;
use std::process::Command;

/// The `jpii` binary with a fixed fingerprint key (snapshots stay stable, and no test writes a
/// key file into $HOME) and no colour.
pub fn jpii() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jpii"));
    c.env("NO_COLOR", "1").env("JPII_FINGERPRINT_KEY", "test key").env_remove("JPII_FINGERPRINT_KEY_FILE");
    c
}

pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// A zip of (name, data) members, deflated.
pub fn zip_bytes(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in members {
        w.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}
