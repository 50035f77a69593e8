#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((cfg, input)) = common::split(data) else { return };
    // redact_str
    let text = String::from_utf8_lossy(input);
    let red = cfg.scanner.redact_str(&text);
    assert_eq!(red.len(), text.len(), "redact_str changed the length (cfg {})", cfg.name);
    let fs = cfg.scanner.scan_str(&text);
    let mut covered = vec![false; text.len()];
    for f in &fs {
        for i in f.span.clone() { covered[i] = true; }
    }
    for (i, (a, b)) in text.as_bytes().iter().zip(red.as_bytes()).enumerate() {
        if !covered[i] {
            assert_eq!(a, b, "redact_str changed byte {i} outside every finding (cfg {})", cfg.name);
        }
    }
    let again = cfg.scanner.scan_str(&red);
    common::check(&again, red.len(), cfg.min, Some(&red));

    // redact_bytes
    let r = cfg.scanner.redact_bytes(input);
    assert_eq!(r.bytes.len(), input.len(), "redact_bytes changed the length (cfg {})", cfg.name);
    let mut covered = vec![false; input.len()];
    for f in &r.report.findings {
        for i in f.span.clone() { covered[i] = true; }
    }
    for i in 0..input.len() {
        if !covered[i] {
            assert_eq!(input[i], r.bytes[i], "redact_bytes changed byte {i} outside every finding (cfg {})", cfg.name);
        }
    }
    let enc = r.report.encoding.encoding;
    let c = common::codec(enc);
    let (_, bad_in) = c.decode_without_bom_handling(input);
    let (_, bad_out) = c.decode_without_bom_handling(&r.bytes);
    if !bad_in {
        assert!(!bad_out, "redacted bytes no longer valid {enc:?} (input was valid) (cfg {})", cfg.name);
    }
    let again = cfg.scanner.scan_bytes(&r.bytes);
    common::check(&again.findings, r.bytes.len(), cfg.min, None);
});
