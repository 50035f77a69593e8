//! Oracle tests: the engine against a naive per-kind reference on random text with planted PII.
//! The reference is deliberately simple (find maximal ASCII digit runs, check them directly), so any
//! disagreement points at the fast path: tokenization, view splitting, boundaries or overlaps.

use jpii::{Kind, Scanner};
use proptest::prelude::*;

fn my_number_ok(d: &[u8]) -> bool {
    const W: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let r = d[..11].iter().zip(W).map(|(a, w)| (a - b'0') as u32 * w).sum::<u32>() % 11;
    (d[11] - b'0') as u32 == if r <= 1 { 0 } else { 11 - r } && !d.iter().all(|&c| c == d[0])
}

fn with_check(base: &str) -> String {
    (0..10).map(|c| format!("{base}{c}")).find(|s| my_number_ok(s.as_bytes())).unwrap()
}

/// Segments of filler prose, numbers of random length, and planted values.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["です。", "お客様の", "こんにちは", "、", "資料", "東京", "の件", "会議室", "\n", "（", "）", "：", "　"]).prop_map(String::from),
        3 => "[0-9]{1,14}".prop_map(|s| s),
        1 => "[0-9]{11}".prop_map(|b| with_check(&b)),
        1 => "[0-9]{11}".prop_map(|b| format!("個人番号：{}", with_check(&b))),
        1 => "[a-z]{1,8}".prop_map(|l| format!("{l}@example.jp")),
    ]
}

/// Maximal runs of ASCII digits with their byte ranges.
fn digit_runs(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            out.push(s..i);
        } else {
            i += 1;
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn my_numbers_match_the_reference(segs in prop::collection::vec(segment(), 1..40)) {
        // Separate segments so that digit runs from neighbours never merge.
        let text = segs.join("。");
        let scanner = Scanner::builder().only(&[Kind::MyNumber]).build().unwrap();
        let found: Vec<_> = scanner.scan_str(&text).into_iter().map(|f| f.span).collect();
        let expected: Vec<_> = digit_runs(&text)
            .into_iter()
            .filter(|r| r.len() == 12 && my_number_ok(&text.as_bytes()[r.clone()]))
            .collect();
        prop_assert_eq!(found, expected, "text: {:?}", text);
    }

    #[test]
    fn planted_emails_are_found_exactly(segs in prop::collection::vec(segment(), 1..40)) {
        let text = segs.join("。");
        let scanner = Scanner::builder().only(&[Kind::EmailAddress]).build().unwrap();
        let found: Vec<String> = scanner.scan_str(&text).iter().map(|f| text[f.span.clone()].to_string()).collect();
        // Reference: every `@example.jp` with its ASCII-letter local part.
        let expected: Vec<String> = text.match_indices("@example.jp").map(|(at, m)| {
            let local_start = text[..at].rfind(|c: char| !c.is_ascii_lowercase()).map_or(0, |i| i + text[i..].chars().next().unwrap().len_utf8());
            text[local_start..at + m.len()].to_string()
        }).collect();
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let scanner = Scanner::new();
        let report = scanner.scan_bytes(&bytes);
        for f in &report.findings {
            prop_assert!(f.span.start <= f.span.end && f.span.end <= bytes.len());
        }
    }

    #[test]
    fn never_panics_on_japanese_looking_text(s in "[0-9０-９\\-ー－ 　()（）+＋@＠.年月日昭和平成令和元〒電話個人番号a-zA-Z\\n,]{0,200}") {
        let scanner = Scanner::new();
        for f in scanner.scan_str(&s) {
            prop_assert!(s.is_char_boundary(f.span.start) && s.is_char_boundary(f.span.end));
            prop_assert!((0.0..=1.0).contains(&f.score));
            let _ = f.masked(&s);
        }
    }

    /// The address and name paths: place names, block words, honorifics, labels, kana of both
    /// widths and the characters that end or join them, in any order.
    #[test]
    fn never_panics_on_address_and_name_material(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "東京都", "千代田区", "横浜市中区", "北海道", "石狩郡当別町", "府中市", "京都市中京区", "寺町通", "上る", "西入",
            "丁目", "番地", "番地の", "番", "号", "号室", "の", "なし", "ハイツ", "ビル", "5F", "201", "三", "十", "一番町",
            "1", "2", "-", "－", "ー", "〒100-0001", "山田", "太郎", "様", "さん", "氏", "氏名", "：", "名前", "フリガナ",
            "ﾔﾏﾀﾞ", "ﾀﾛｳ", "ﾞ", "ﾟ", " ", "　", "、", "。", ",", "\n", "\"name\":\"", "<td>", "株式会社", "担当",
        ]), 0..40)
    ) {
        let s: String = parts.concat();
        let scanner = Scanner::new();
        for f in scanner.scan_str(&s) {
            prop_assert!(s.is_char_boundary(f.span.start) && s.is_char_boundary(f.span.end) && f.span.start <= f.span.end);
            prop_assert!((0.0..=1.0).contains(&f.score));
            let _ = f.masked(&s);
        }
        // The same text as Shift_JIS bytes: spans stay inside the input.
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&s);
        for f in scanner.scan_bytes(&bytes).findings {
            prop_assert!(f.span.end <= bytes.len());
        }
    }

    /// Tables whose address or name is split into columns, read across cells: any cells (empty,
    /// quoted, more or fewer than the header, place names in the wrong order) give spans on
    /// character boundaries, inside one line, and no panic.
    #[test]
    fn never_panics_on_split_column_tables(
        header in proptest::sample::select(vec![
            "姓,名,セイ,メイ,都道府県,市区町村,番地,建物名", "氏名\t住所1\t住所2\t電話", "姓（漢字）,名（漢字）,都道府県名,市区町村名,町域,番地",
            "自宅住所,勤務先住所", "名,姓,市区町村,都道府県",
        ]),
        rows in proptest::collection::vec(proptest::collection::vec(proptest::sample::select(vec![
            "", "\"", "東京都", "千代田区", "千代田", "1-1-1", "201", "サンハイツ201", "大阪府", "大阪市北区梅田2-3-4", "山田", "太郎", "健",
            "ヤマダ", "ﾀﾛｳ", "　", " ", "\r", "03-1234-5678", "〒100-0001", "番地なし", "三丁目", "株式会社",
        ]), 0..10), 0..8),
        delimiter in proptest::sample::select(vec![",", "\t"]),
    ) {
        let header = header.replace([',', '\t'], delimiter);
        let mut s = format!("{header}\n");
        for row in &rows {
            s.push_str(&row.join(delimiter));
            s.push('\n');
        }
        for f in Scanner::new().scan_str(&s) {
            prop_assert!(s.is_char_boundary(f.span.start) && s.is_char_boundary(f.span.end) && f.span.start < f.span.end);
            prop_assert!(!s[f.span.clone()].contains('\n'), "{:?} in {:?}", f, s);
            let _ = f.masked(&s);
        }
    }
}
