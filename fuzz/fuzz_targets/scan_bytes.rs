#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((cfg, input)) = common::split(data) else { return };
    let r = cfg.scanner.scan_bytes(input);
    common::check(&r.findings, input.len(), cfg.min, None);
    if r.binary && !r.scanned_binary {
        assert!(r.findings.is_empty(), "binary not scanned but findings");
    }
    let lossy = String::from_utf8_lossy(input);
    let enc = r.encoding.encoding;
    let mut dec = jpii::SpanDecoder::new(input, enc);
    for f in &r.findings {
        let _ = f.masked(&lossy);
        let v = jpii::decode_span(input, enc, f.span.clone());
        let v2 = dec.decode(f.span.clone());
        assert_eq!(v, v2, "decode_span vs SpanDecoder differ at {:?}", f.span);
        let _ = f.masked_value(&v);
        let _ = jpii::line_column(input, enc, f.span.start);
    }
    let offs: Vec<usize> = r.findings.iter().map(|f| f.span.start).collect();
    let _ = jpii::line_columns(input, enc, &offs);
    let _ = jpii::sniff(input);
    let _ = jpii::encoding::is_binary(input);
});
