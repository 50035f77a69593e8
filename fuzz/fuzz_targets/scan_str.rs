#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if data.is_empty() { return; }
    let cfg = common::pick(data[0]);
    let text = String::from_utf8_lossy(&data[1..]);
    let fs = cfg.scanner.scan_str(&text);
    common::check(&fs, text.len(), cfg.min, Some(&text));
    let _ = jpii::normalize::ascii_digits(&text);
    let _ = jpii::normalize::fold_width(&text);
    let _ = jpii::normalize::parse_kanji_number(&text);
});
