#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Read;
#[path = "common.rs"]
mod common;

/// A reader that hands out data in the given cycle of chunk sizes.
struct Chunky<'a> {
    data: &'a [u8],
    pos: usize,
    sizes: Vec<usize>,
    i: usize,
}
impl Read for Chunky<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = self.sizes[self.i % self.sizes.len()];
        self.i += 1;
        let n = want.min(buf.len()).min(self.data.len() - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

const SNIFF: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 { return; }
    let cfg = common::pick(data[0]);
    let mode = data[1] % 8;
    let nsizes = (data[2] % 4) as usize + 1;
    let sizes_src = &data[3..];
    let sizes: Vec<usize> = (0..nsizes)
        .map(|k| {
            let b = *sizes_src.get(k).unwrap_or(&1) as usize;
            // mostly small chunks, sometimes big ones
            if b >= 0xF0 { (b - 0xEF) * 4099 } else { b % 97 + 1 }
        })
        .collect();
    let body = &data[(3 + nsizes).min(data.len())..];
    let mut input: Vec<u8> = Vec::new();
    match mode {
        // ASCII prefix around the sniff length: the deferred decision path.
        1 | 2 => {
            let k = *data.get(3).unwrap_or(&0) as usize;
            let len = SNIFF - 128 + k;
            let line = b"plain ascii log line 0123 tel\n";
            while input.len() < len { input.extend_from_slice(line); }
            input.truncate(len);
            input.extend_from_slice(body);
        }
        // Large input with many lines: the windowed path (CHUNK = 256 KiB).
        3 => {
            if body.is_empty() { return; }
            while input.len() < 300 * 1024 {
                input.extend_from_slice(body);
                input.push(b'\n');
            }
        }
        // Body, ASCII filler lines to 300 KiB, body again.
        4 => {
            input.extend_from_slice(body);
            let line = b"filler line with a number 12345\n";
            while input.len() < 300 * 1024 { input.extend_from_slice(line); }
            input.extend_from_slice(body);
        }
        _ => input.extend_from_slice(body),
    }
    let whole = cfg.scanner.scan_bytes(&input);
    let mut got = Vec::new();
    let rd = Chunky { data: &input, pos: 0, sizes: sizes.clone(), i: 0 };
    let end = cfg.scanner.scan_reader(rd, |f| got.push(f)).unwrap();
    common::check(&got, input.len(), cfg.min, None);
    if got != whole.findings {
        let a: Vec<_> = got.iter().map(|f| (f.kind, f.span.clone(), f.confidence, f.score)).collect();
        let b: Vec<_> = whole.findings.iter().map(|f| (f.kind, f.span.clone(), f.confidence, f.score)).collect();
        if a == b {
            panic!("stream findings differ from scan_bytes only in reasons/normalized (cfg {}, mode {mode}, sizes {sizes:?}, len {})", cfg.name, input.len());
        }
        panic!("stream findings differ from scan_bytes (cfg {}, mode {mode}, sizes {sizes:?}, len {}):\nstream: {a:?}\nbytes:  {b:?}", cfg.name, input.len());
    }
    assert_eq!(end.encoding, whole.encoding, "encoding differs (cfg {}, mode {mode})", cfg.name);
    assert_eq!(end.binary, whole.binary, "binary differs (cfg {})", cfg.name);
    assert_eq!(end.scanned_binary, whole.scanned_binary, "scanned_binary differs");
    if std::env::var_os("NO_NOTES_CHECK").is_none() {
        assert_eq!(end.notes, whole.notes, "notes differ (cfg {}, mode {mode}, sizes {sizes:?})", cfg.name);
        assert_eq!(end.tables, whole.tables, "tables differ (cfg {}, mode {mode}, sizes {sizes:?})", cfg.name);
    }
    assert!(end.findings.is_empty());
});
