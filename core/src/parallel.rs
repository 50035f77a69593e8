//! One large input on many cores.
//!
//! The decoded text is cut into regions at line starts; each region is scanned (with rayon) inside a
//! window that reaches at least [`OVERLAP`] bytes further on both sides, also at line starts, and
//! keeps only the findings that start in its own region — the same rule as the streaming scan, so
//! every finding is found once and the merged result equals one sequential scan (property test
//! below). Table statistics are counted per region and summed.

use rayon::prelude::*;

use crate::engine::{line_start_at_or_after, line_start_at_or_before, Engine};
use crate::finding::Finding;
use crate::stream::{scan_window, Owned, OVERLAP};
use crate::table::TableState;

/// Decoded text size from which `scan_bytes` splits the work.
pub(crate) const PARALLEL_MIN: usize = 8 * 1024 * 1024;
/// Smallest region per task.
const MIN_REGION: usize = 1024 * 1024;
/// Largest region per task (keeps the work balanced and each window in cache-friendly sizes).
const MAX_REGION: usize = 32 * 1024 * 1024;

/// Scans `text` on the rayon pool; same findings (and table statistics) as `engine.scan_text`.
pub(crate) fn scan(engine: &Engine, text: &str, table: &mut TableState) -> Vec<Finding> {
    let threads = rayon::current_num_threads().max(1);
    // Many small regions per thread: a file mixes cheap prose with dense rosters (up to 15× slower
    // per byte), and big regions left one thread finishing a roster part alone (1.56× on 2 threads).
    let region = (text.len() / (threads * 32)).clamp(MIN_REGION, MAX_REGION);
    scan_regions(engine, text, table, region)
}

/// Region boundaries: line starts about `region` bytes apart, from 0 to the end.
pub(crate) fn regions(text: &str, region: usize) -> Vec<usize> {
    let mut b = vec![0];
    let mut at = 0;
    while at < text.len() {
        let next = line_start_at_or_after(text, at + region.max(1));
        b.push(next);
        at = next;
    }
    b
}

/// [`scan`] with a given region size (tests use small ones).
pub(crate) fn scan_regions(
    engine: &Engine,
    text: &str,
    table: &mut TableState,
    region: usize,
) -> Vec<Finding> {
    let bounds = regions(text, region);
    if bounds.len() <= 2 {
        return engine.scan_text(text, table);
    }
    table.detect(text);
    let base: &TableState = table;
    let parts: Vec<Owned> = bounds
        .par_windows(2)
        .map(|w| {
            let (o1, o2) = (w[0], w[1]);
            let a = if o1 <= OVERLAP {
                0
            } else {
                line_start_at_or_before(text, o1 - OVERLAP)
            };
            let b = line_start_at_or_after(text, o2.saturating_add(OVERLAP));
            scan_window(engine, &text[a..b], a, o1..o2, base)
        })
        .collect();
    let mut findings = Vec::with_capacity(parts.iter().map(|p| p.findings.len()).sum());
    for p in parts {
        p.apply(table);
        findings.extend(p.findings);
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scanner::Config;
    use proptest::prelude::*;

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("携帯：090-1234-5678".to_string()),
            Just("マイナンバー 6214 9832 0257 です".to_string()),
            Just("連絡先 taro.yamada@example.co.jp まで".to_string()),
            Just("山田太郎,090-1234-5678,1970/03/12,東京都千代田区千代田1-1".to_string()),
            Just("注文番号 1234-5678-9012".to_string()),
            Just("000123    山田　太郎        090-1234-5678".to_string()),
            Just("".to_string()),
            "[ -~ぁ-んァ-ン一-龥０-９]{0,60}",
            "[0-9\\- ]{0,30}",
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        (
            proptest::collection::vec(line(), 0..120),
            prop_oneof![Just(""), Just("氏名,電話番号,生年月日\n"), Just("顧客番号  氏名              電話番号\n")],
        )
            .prop_map(|(lines, header)| format!("{header}{}", lines.join("\n")))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn parallel_equals_sequential(t in text(), region in 1usize..3000) {
            let engine = Engine::new(Config::default()).unwrap();
            let mut seq_table = TableState::default();
            let seq = engine.scan_text(&t, &mut seq_table);
            let mut par_table = TableState::default();
            let par = scan_regions(&engine, &t, &mut par_table, region);
            prop_assert_eq!(&par, &seq);
            prop_assert_eq!(par_table.summaries(), seq_table.summaries());
        }
    }

    #[test]
    fn regions_cover_at_line_starts() {
        let t = "a\nbb\nccc\n\ndddd";
        let r = regions(t, 2);
        assert_eq!(r.first(), Some(&0));
        assert_eq!(r.last(), Some(&t.len()));
        for &x in &r[1..r.len() - 1] {
            assert_eq!(&t[x - 1..x], "\n");
        }
    }

    #[test]
    fn big_input_goes_parallel_and_agrees() {
        let engine = Engine::new(Config::default()).unwrap();
        let mut t = String::from("氏名,携帯,メール\n");
        let mut i = 0u32;
        while t.len() < PARALLEL_MIN + 4096 {
            t.push_str(&format!(
                "山田{i},090-{:04}-{:04},user{i}@example.jp\n",
                i % 10000,
                (i * 7) % 10000
            ));
            i += 1;
        }
        let mut a = TableState::default();
        let mut b = TableState::default();
        let seq = engine.scan_text(&t, &mut a);
        let par = scan(&engine, &t, &mut b);
        assert!(
            !seq.is_empty(),
            "the engine finds phone numbers and e-mail addresses"
        );
        assert_eq!(par, seq);
        assert_eq!(a.summaries(), b.summaries());
    }
}
