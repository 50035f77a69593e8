#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((cfg, input)) = common::split(data) else { return };
    let text = String::from_utf8_lossy(input);
    let fs = cfg.scanner.scan_str(&text);
    common::check(&fs, text.len(), cfg.min, Some(&text));
    let _ = jpii::normalize::ascii_digits(&text);
    let _ = jpii::normalize::fold_width(&text);
    let _ = jpii::normalize::parse_kanji_number(&text);
});
