//! Rosters: a 50,000-row Shift_JIS customer list is recognised as one table, every column's kind is
//! reported, and spans slice the original Shift_JIS bytes.

use jpii::{Encoding, Kind, Scanner};

const SURNAMES: &[(&str, &str)] = &[("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"), ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ")];
const GIVEN: &[(&str, &str)] = &[("太郎", "タロウ"), ("花子", "ハナコ"), ("一郎", "イチロウ"), ("美咲", "ミサキ"), ("健", "ケン"), ("陽菜", "ヒナ")];
const PLACES: &[(&str, &str)] = &[("100-0001", "東京都千代田区千代田"), ("530-0001", "大阪府大阪市北区梅田"), ("231-0023", "神奈川県横浜市中区山下町"), ("900-0021", "沖縄県那覇市泉崎")];

/// The findings (kind, span) of `bytes` fed to a stream in pieces of `piece` bytes, in a scan's order.
fn streamed(bytes: &[u8], piece: usize) -> Vec<(Kind, std::ops::Range<usize>)> {
    let mut stream = Scanner::new().stream();
    let mut got: Vec<(Kind, std::ops::Range<usize>)> = Vec::new();
    for chunk in bytes.chunks(piece) {
        got.extend(stream.feed(chunk).into_iter().map(|f| (f.kind, f.span)));
    }
    got.extend(stream.finish().findings.into_iter().map(|f| (f.kind, f.span)));
    got.sort_by_key(|(k, s)| (s.start, s.end, *k));
    got
}

/// The `i`-th name of the short lists below (a surname and a given name, both cycling).
fn list_name(i: usize) -> String {
    format!("{}{}", SURNAMES[i % SURNAMES.len()].0, GIVEN[i % GIVEN.len()].0)
}

fn roster(rows: usize) -> String {
    let mut s = String::from("氏名,フリガナ,性別,生年月日,郵便番号,住所,電話番号,勤務先,年収\n");
    for i in 0..rows {
        let (sur, sk) = SURNAMES[i % SURNAMES.len()];
        let (giv, gk) = GIVEN[(i / 7) % GIVEN.len()];
        let (zip, place) = PLACES[(i / 3) % PLACES.len()];
        s.push_str(&format!(
            "{sur}{giv},{sk} {gk},{},19{:02}/{:02}/{:02},{zip},{place}{}-{}-{},090-{:04}-{:04},株式会社サンプル,{}万円\n",
            if i % 2 == 0 { "男" } else { "女" },
            50 + i % 40,
            1 + i % 12,
            1 + i % 28,
            1 + i % 9,
            1 + i % 20,
            1 + i % 30,
            1000 + i % 9000,
            i % 10000,
            300 + i % 700,
        ));
    }
    s
}

#[test]
fn shift_jis_roster_of_50000_rows_is_summarised() {
    let text = roster(50_000);
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!bad);
    let report = Scanner::new().scan_bytes(&bytes);
    assert_eq!(report.encoding.encoding, Encoding::ShiftJis);
    assert_eq!(report.tables.len(), 1, "{:?}", report.tables);
    let t = &report.tables[0];
    assert_eq!(t.records, 50_000);
    assert!(t.roster);
    assert_eq!(t.summary, "50000 records: name, kana, gender, birth date, postal code, address, phone, employer, income");
    let count = |k: Kind| report.findings.iter().filter(|f| f.kind == k).count();
    // Every row: a name and its kana, a birth date, a postal code, an address, a phone.
    assert_eq!(count(Kind::PersonName), 100_000, "name + kana per row");
    assert_eq!(count(Kind::PhoneNumber), 50_000);
    assert_eq!(count(Kind::Address), 50_000);
    assert_eq!(count(Kind::PostalCode), 50_000);
    assert_eq!(count(Kind::BirthDate), 50_000);
    for c in &t.columns {
        if c.kind.is_some() {
            assert_eq!(c.findings, 50_000, "column {}", c.header);
        }
    }
    // Spans are byte ranges of the Shift_JIS input.
    for f in report.findings.iter().step_by(997) {
        let (s, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes[f.span.clone()]);
        assert!(!bad);
        match f.kind {
            Kind::PhoneNumber => assert!(s.starts_with("090-")),
            Kind::Address => assert!(PLACES.iter().any(|(_, p)| s.starts_with(p)), "{s}"),
            Kind::PersonName => assert!(SURNAMES.iter().any(|(k, r)| s.starts_with(k) || s.starts_with(r)), "{s}"),
            _ => {}
        }
    }
}

#[test]
fn tables_without_a_header_are_not_rosters_but_values_are_found() {
    let text: String = roster(20).lines().skip(1).map(|l| format!("{l}\n")).collect();
    let report = Scanner::new().scan_bytes(text.as_bytes());
    assert!(report.tables.is_empty());
    let phones = report.findings.iter().filter(|f| f.kind == Kind::PhoneNumber).count();
    let addresses = report.findings.iter().filter(|f| f.kind == Kind::Address).count();
    assert_eq!(phones, 20);
    assert_eq!(addresses, 20, "a full address is found without a 住所 column");
}

#[test]
fn a_letter_with_a_few_phone_numbers_is_not_a_roster() {
    let text = "山田太郎様\n\nいつもお世話になっております。\n連絡先：090-1234-5678\n〒100-0001 東京都千代田区千代田1-1\n";
    let report = Scanner::new().scan_bytes(text.as_bytes());
    assert!(report.tables.iter().all(|t| !t.roster));
    let kinds: Vec<Kind> = report.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [Kind::PersonName, Kind::PhoneNumber, Kind::PostalCode, Kind::Address]);
}

/// The person names a scan of Shift_JIS `bytes` found, decoded from the original bytes.
fn shift_jis_names(bytes: &[u8], report: &jpii::ScanReport) -> Vec<String> {
    report.findings.iter().filter(|f| f.kind == Kind::PersonName).map(|f| encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes[f.span.clone()]).0.into_owned()).collect()
}

#[test]
fn a_numbered_name_list_is_a_table_and_its_names_are_found() {
    // `No.,氏名`: one named column beside a row counter (a class list, a mailing list).
    let mut text = String::from("No.,氏名\r\n");
    for i in 0..30 {
        text.push_str(&format!("{},{}\r\n", i + 1, list_name(i)));
    }
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let report = Scanner::new().scan_bytes(&bytes);
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].summary, "30 records: name");
    let names = shift_jis_names(&bytes, &report);
    assert_eq!(names.len(), 30);
    for (i, name) in names.iter().enumerate() {
        assert_eq!(name, &list_name(i));
    }
}

#[test]
fn an_export_with_split_name_and_address_columns_is_a_table() {
    // A customer system's export: the name in 姓/名 and セイ/メイ, the address in parts, tab-separated
    // UTF-16LE with a BOM (as Excel writes "Unicode text").
    let mut text = String::from("顧客ID\t姓\t名\tセイ\tメイ\t〒\t都道府県\t市区町村\t番地\t電話\r\n");
    for i in 0..20 {
        let (sur, sk) = SURNAMES[i % SURNAMES.len()];
        let (giv, gk) = GIVEN[i % GIVEN.len()];
        text.push_str(&format!("{}\t{sur}\t{giv}\t{sk}\t{gk}\t100-0001\t東京都\t千代田区\t千代田1-{}\t03-3{:03}-{:04}\r\n", 1000 + i, 1 + i, 100 + i, 1000 + i));
    }
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let report = Scanner::new().scan_bytes(&bytes);
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].records, 20);
    assert_eq!(report.tables[0].summary, "20 records: name, kana, postal code, address, phone");
    assert!(report.tables[0].roster);
    let decode = |r: std::ops::Range<usize>| String::from_utf16(&bytes[r].chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect::<Vec<_>>()).unwrap();
    // One name per row and script, read across its 姓/名 (セイ/メイ) cells: the span holds the tab
    // between them, the normalized value a space. The one-character given name 健 is found so.
    let names: Vec<(String, String)> = report.findings.iter().filter(|f| f.kind == Kind::PersonName).map(|f| (decode(f.span.clone()), f.normalized.clone())).collect();
    let expected: Vec<(String, String)> = (0..20)
        .flat_map(|i| {
            let (sur, sk) = SURNAMES[i % SURNAMES.len()];
            let (giv, gk) = GIVEN[i % GIVEN.len()];
            [(format!("{sur}\t{giv}"), format!("{sur} {giv}")), (format!("{sk}\t{gk}"), format!("{sk} {gk}"))]
        })
        .collect();
    assert_eq!(names, expected);
    assert_eq!(report.findings.iter().filter(|f| f.kind == Kind::PostalCode).count(), 20);
    assert_eq!(report.findings.iter().filter(|f| f.kind == Kind::PhoneNumber).count(), 20);
    // One address per row, read across its three cells: the span runs from the prefecture's cell to
    // the block's, tabs included, in the UTF-16LE bytes.
    let addresses: Vec<(String, String)> = report.findings.iter().filter(|f| f.kind == Kind::Address).map(|f| (decode(f.span.clone()), f.normalized.clone())).collect();
    let expected: Vec<(String, String)> = (0..20).map(|i| (format!("東京都\t千代田区\t千代田1-{}", 1 + i), format!("東京都 千代田区 千代田1-{}", 1 + i))).collect();
    assert_eq!(addresses, expected);
    assert!(report.findings.iter().filter(|f| f.kind == Kind::Address).all(|f| f.confidence == jpii::Confidence::High));
    // The customer ids are codes.
    assert!(report.findings.iter().all(|f| matches!(f.kind, Kind::PersonName | Kind::PostalCode | Kind::PhoneNumber | Kind::Address)));
    // Streamed in small pieces (cut inside UTF-16 code units and rows), the same findings.
    let whole: Vec<(Kind, std::ops::Range<usize>)> = report.findings.iter().map(|f| (f.kind, f.span.clone())).collect();
    for piece in [1, 7, 64] {
        assert_eq!(streamed(&bytes, piece), whole, "pieces of {piece}");
    }
}

#[test]
fn an_export_with_bracketed_column_notes_and_the_town_apart_from_the_block() {
    // `姓（漢字）`, `名（カナ）`: a note on the column name; the address in five columns, the town
    // (町域) apart from its block (番地), some rows without a building. Shift_JIS, CRLF.
    let mut text = String::from("姓（漢字）,名（漢字）,姓（カナ）,名（カナ）,郵便番号,都道府県名,市区町村名,町域,番地,建物名,電話番号\r\n");
    let mut expected = Vec::new();
    for i in 0..12 {
        let (sur, sk) = SURNAMES[i % SURNAMES.len()];
        let (giv, gk) = GIVEN[i % GIVEN.len()];
        let building = if i % 3 == 0 { format!("コーポ山下{}号室", 101 + i) } else { String::new() };
        let cells = format!("神奈川県,横浜市中区,山下町,{}-{},{building}", 1 + i, 2 + i);
        expected.push(cells.trim_end_matches(',').to_string());
        text.push_str(&format!("{sur},{giv},{sk},{gk},231-0023,{cells},045-6{:02}-{:04}\r\n", 10 + i, 1000 + i));
    }
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let report = Scanner::new().scan_bytes(&bytes);
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].summary, "12 records: name, kana, postal code, address, phone");
    let addresses: Vec<String> = report.findings.iter().filter(|f| f.kind == Kind::Address).map(|f| jpii::decode_span(&bytes, Encoding::ShiftJis, f.span.clone())).collect();
    assert_eq!(addresses, expected);
    let normalized: Vec<&str> = report.findings.iter().filter(|f| f.kind == Kind::Address).map(|f| f.normalized.as_str()).collect();
    assert_eq!(normalized[0], "神奈川県 横浜市中区 山下町1-2 コーポ山下101号室");
    assert_eq!(normalized[1], "神奈川県 横浜市中区 山下町2-3");
    // One name per row and script, read across 姓（漢字）/名（漢字） and 姓（カナ）/名（カナ）.
    let names: Vec<String> = report.findings.iter().filter(|f| f.kind == Kind::PersonName).map(|f| jpii::decode_span(&bytes, Encoding::ShiftJis, f.span.clone())).collect();
    let expected: Vec<String> = (0..12).flat_map(|i| [format!("{},{}", SURNAMES[i % SURNAMES.len()].0, GIVEN[i % GIVEN.len()].0), format!("{},{}", SURNAMES[i % SURNAMES.len()].1, GIVEN[i % GIVEN.len()].1)]).collect();
    assert_eq!(names, expected);
}

#[test]
fn a_gradebook_is_a_table_and_its_names_are_found() {
    // A school's marks: one personal column (氏名) beside subjects that are no column names.
    let mut text = String::from("氏名,国語,数学,英語,合計\r\n");
    for i in 0..12 {
        text.push_str(&format!("{},{},{},{},{}\r\n", list_name(i), 60 + i, 70 + i, 80 + i, 210 + 3 * i));
    }
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let report = Scanner::new().scan_bytes(&bytes);
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].summary, "12 records: name");
    let names = shift_jis_names(&bytes, &report);
    assert_eq!(names, (0..12).map(list_name).collect::<Vec<_>>());
    assert!(report.findings.iter().all(|f| f.kind == Kind::PersonName), "the marks are no PII");
}

#[test]
fn a_gradebook_with_an_attendance_number_and_many_subjects_is_a_table() {
    // A title line, then 出席番号 (a row counter) beside 氏名 and seven subjects: one personal column
    // and a counter among eight words that are no column names.
    let mut text = String::from("令和6年度 1学期 成績一覧\r\n出席番号,氏名,国語,数学,英語,理科,社会,合計\r\n");
    for i in 0..12 {
        text.push_str(&format!("{},{},{},{},{},{},{},{}\r\n", i + 1, list_name(i), 60 + i, 70 + i, 80 + i, 65 + i, 75 + i, 350 + 5 * i));
    }
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let report = Scanner::new().scan_bytes(&bytes);
    assert_eq!(report.tables.len(), 1, "{:?}", report.tables);
    assert_eq!(report.tables[0].summary, "12 records: name");
    assert_eq!(shift_jis_names(&bytes, &report), (0..12).map(list_name).collect::<Vec<_>>());
    assert!(report.findings.iter().all(|f| f.kind == Kind::PersonName), "the marks are no PII");
}

#[test]
fn a_name_list_with_a_notes_column_is_a_table() {
    let text = "氏名,備考\n佐藤太郎,欠席\n鈴木花子,\n高橋一郎,要連絡\n";
    let report = Scanner::new().scan_bytes(text.as_bytes());
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].summary, "3 records: name, note");
    let names: Vec<&str> = report.findings.iter().filter(|f| f.kind == Kind::PersonName).map(|f| &text[f.span.clone()]).collect();
    assert_eq!(names, ["佐藤太郎", "鈴木花子", "高橋一郎"]);
}

#[test]
fn lines_ending_in_a_bare_carriage_return_are_rows() {
    // Excel for Mac's CSV and classic Mac OS files end lines with `\r` alone.
    let mut text = String::from("氏名,電話番号\r");
    for i in 0..12 {
        text.push_str(&format!("{},03-{:04}-{:04}\r", list_name(i), 1000 + i, 2000 + i));
    }
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    for (bytes, encoding) in [(sjis.to_vec(), Encoding::ShiftJis), (utf16, Encoding::Utf16Le)] {
        let report = Scanner::new().scan_bytes(&bytes);
        assert_eq!(report.encoding.encoding, encoding);
        assert_eq!(report.tables.len(), 1, "{encoding:?}");
        assert_eq!(report.tables[0].summary, "12 records: name, phone", "{encoding:?}");
        let names: Vec<&jpii::Finding> = report.findings.iter().filter(|f| f.kind == Kind::PersonName).collect();
        assert_eq!(names.len(), 12, "{encoding:?}");
        // Spans slice the original bytes; rows are lines.
        let starts: Vec<usize> = names.iter().map(|f| f.span.start).collect();
        let lines = jpii::line_columns(&bytes, encoding, &starts);
        for (i, (f, (line, column))) in names.iter().zip(lines).enumerate() {
            let decoded = jpii::decode_span(&bytes, encoding, f.span.clone());
            assert_eq!(decoded, list_name(i));
            assert_eq!((line, column), (i + 2, 1), "{encoding:?}");
            assert_eq!(jpii::line_column(&bytes, encoding, f.span.start), (i + 2, 1));
        }
    }
    // Streamed in small pieces, the same findings.
    let whole: Vec<(Kind, core::ops::Range<usize>)> = Scanner::new().scan_bytes(&sjis).findings.iter().map(|f| (f.kind, f.span.clone())).collect();
    for piece in [1, 7, 64] {
        assert_eq!(streamed(&sjis, piece), whole, "pieces of {piece}");
    }
    // Lines ending in `\r\n` are read as before: the `\r` is not a line of its own.
    let crlf = text.replace('\r', "\r\n");
    let report = Scanner::new().scan_bytes(crlf.as_bytes());
    assert_eq!(report.tables[0].summary, "12 records: name, phone");
    let f = report.findings.iter().find(|f| f.kind == Kind::PhoneNumber).unwrap();
    assert_eq!(jpii::line_column(crlf.as_bytes(), Encoding::Utf8, f.span.start).0, 2);
}

#[test]
fn a_long_file_with_bare_carriage_returns_streams_as_it_scans() {
    // Longer than the stream's window: its windows are cut inside the one `\n`-less "line".
    let mut text = String::from("氏名,電話番号\r");
    for i in 0..20_000 {
        text.push_str(&format!("{},090-{:04}-{:04}\r", list_name(i), i % 10_000, (i * 7) % 10_000));
    }
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let whole = Scanner::new().scan_bytes(&sjis);
    assert_eq!(whole.tables[0].records, 20_000);
    assert_eq!(whole.findings.iter().filter(|f| f.kind == Kind::PersonName).count(), 20_000);
    let mut got = Vec::new();
    let end = Scanner::new().scan_reader(&sjis[..], |f| got.push((f.kind, f.span))).unwrap();
    got.sort_by_key(|(k, s)| (s.start, s.end, *k));
    let want: Vec<_> = whole.findings.iter().map(|f| (f.kind, f.span.clone())).collect();
    assert_eq!(got.len(), want.len());
    assert_eq!(got, want);
    assert_eq!(end.tables[0].records, 20_000);
}

/// `s` padded with spaces to `width` display columns (full-width characters count two, ASCII and
/// half-width katakana one), as a fixed-width export writes its fields.
fn pad(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| if c.is_ascii() || (0xFF61..=0xFF9F).contains(&(c as u32)) { 1 } else { 2 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// A customer list laid out with spaces (a mainframe's fixed-width export): no delimiter at all.
fn fixed_width_roster(rows: usize) -> String {
    let mut s = format!("{}{}{}{}{}\r\n", pad("顧客番号", 10), pad("氏名", 18), pad("フリガナ", 24), pad("生年月日", 12), "電話番号");
    // A rule under the header, as reports draw one.
    s.push_str("--------  ----------------  ----------------------  ----------  -------------\r\n");
    for i in 0..rows {
        let (sur, sk) = SURNAMES[i % SURNAMES.len()];
        let (giv, gk) = GIVEN[(i / 7) % GIVEN.len()];
        s.push_str(&format!(
            "{}{}{}{}090-{:04}-{:04}\r\n",
            pad(&format!("{:06}", 100 + i), 10),
            pad(&format!("{sur}　{giv}"), 18),
            pad(&format!("{sk}　{gk}"), 24),
            pad(&format!("19{:02}/{:02}/{:02}", 50 + i % 40, 1 + i % 12, 1 + i % 28), 12),
            1000 + i % 9000,
            i % 10000,
        ));
    }
    s.push_str("\r\n以上、全件を出力しました。担当：システム部 2024年4月1日\r\n");
    s
}

#[test]
fn a_fixed_width_roster_in_shift_jis_is_a_table() {
    let rows = 300;
    let text = fixed_width_roster(rows);
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!bad);
    let report = Scanner::new().scan_bytes(&bytes);
    assert_eq!(report.tables.len(), 1, "{:?}", report.tables);
    let t = &report.tables[0];
    assert_eq!((t.delimiter, t.records, t.roster), (' ', rows, true));
    assert_eq!(t.summary, format!("{rows} records: name, kana, birth date, phone"));
    let count = |k: Kind| report.findings.iter().filter(|f| f.kind == k).count();
    assert_eq!((count(Kind::PersonName), count(Kind::BirthDate), count(Kind::PhoneNumber)), (2 * rows, rows, rows));
    // Every finding is in its column, and its span slices the original Shift_JIS bytes.
    for f in &report.findings {
        assert!(f.reasons.iter().any(|r| matches!(r, jpii::Reason::ColumnHeader { .. })), "{f:?}");
        let (s, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes[f.span.clone()]);
        assert!(!bad);
        match f.kind {
            Kind::PersonName => assert!(SURNAMES.iter().any(|(k, r)| s.starts_with(&format!("{k}　")) || s.starts_with(&format!("{r}　"))), "{s}"),
            Kind::BirthDate => assert!(s.starts_with("19") && s.len() == 10, "{s}"),
            Kind::PhoneNumber => assert!(s.starts_with("090-"), "{s}"),
            k => panic!("{k:?}: {s}"),
        }
    }
    for c in &t.columns {
        if c.kind.is_some() {
            assert_eq!(c.findings, rows, "column {}", c.header);
        }
    }
    // Streamed in pieces, the same findings.
    let whole: Vec<(Kind, std::ops::Range<usize>)> = {
        let mut v: Vec<_> = report.findings.iter().map(|f| (f.kind, f.span.clone())).collect();
        v.sort_by_key(|(k, s)| (s.start, s.end, *k));
        v
    };
    for piece in [1, 7, 4096] {
        assert_eq!(streamed(&bytes, piece), whole, "pieces of {piece}");
    }
}

#[test]
fn prose_under_an_aligned_header_is_no_row() {
    // A header-like line of column names, then sentences: not a table (no row keeps to the columns).
    let text = "氏名        電話番号        生年月日\n本日、山田様より1970年3月12日生まれとのご連絡がありました。\n折り返しは090-1234-5678までお願いします。\n";
    let report = Scanner::new().scan_bytes(text.as_bytes());
    assert!(report.tables.is_empty(), "{:?}", report.tables);
}

#[test]
fn a_mainframe_export_in_half_width_katakana_with_digits_only_dates() {
    // JIS X 0201 only: column names and names in half-width katakana, dates as YYYYMMDD or as an
    // era code with YYMMDD (3 = 昭和), fields padded with spaces; Shift_JIS.
    let head = format!("{}{}{}{}\r\n", pad("ｺｷｬｸNO", 10), pad("ｼﾒｲ", 17), pad("ｾｲﾈﾝｶﾞﾂﾋﾟ", 11), "ﾃﾞﾝﾜﾊﾞﾝｺﾞｳ");
    let rows = [("ﾔﾏﾀﾞ ﾀﾛｳ", "19700312", "0312345678"), ("ｻﾄｳ ﾊﾅｺ", "3450312", "0898765432"), ("ｽｽﾞｷ ｲﾁﾛｳ", "19851102", "09012345678")];
    let mut text = head;
    for (i, (name, date, phone)) in rows.iter().enumerate() {
        text.push_str(&format!("{}{}{}{}\r\n", pad(&format!("{:07}", i + 1), 10), pad(name, 17), pad(date, 11), phone));
    }
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!bad);
    let report = Scanner::new().scan_bytes(&bytes);
    assert_eq!(report.tables.len(), 1, "{:?}", report.tables);
    assert_eq!(report.tables[0].summary, "3 records: name, birth date, phone");
    let found: Vec<(Kind, String, String)> = report
        .findings
        .iter()
        .map(|f| (f.kind, encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes[f.span.clone()]).0.into_owned(), f.normalized.clone()))
        .collect();
    let dates: Vec<(&str, &str)> = found.iter().filter(|f| f.0 == Kind::BirthDate).map(|f| (f.1.as_str(), f.2.as_str())).collect();
    assert_eq!(dates, [("19700312", "1970-03-12"), ("3450312", "1970-03-12"), ("19851102", "1985-11-02")]);
    assert_eq!(found.iter().filter(|f| f.0 == Kind::PersonName).count(), 3);
    assert_eq!(found.iter().filter(|f| f.0 == Kind::PhoneNumber).count(), 3);
    assert!(report.findings.iter().all(|f| f.reasons.iter().any(|r| matches!(r, jpii::Reason::ColumnHeader { .. }))), "{:?}", report.findings);
}

/// Line breaks written backwards (`\n\r`: a row then starts with a `\r`) and cell padding of every
/// kind: each name cell's span is its value, in every encoding, and the scan does not panic (a
/// name cell once took its start before the `\r` and its end inside the name's last character);
/// the header repeated after such a break is no row.
#[test]
fn rows_after_reversed_line_breaks_keep_their_spans() {
    for ending in ["\n\r", "\r\n", "\n", "\n\r\r", "\n \r"] {
        for pad in ["", " ", "\"", "　", "\r"] {
            let mut text = format!("氏名,電話番号{ending}");
            for i in 0..6 {
                text.push_str(&format!("{pad}{}{pad},03-{:04}-{:04}{ending}", list_name(i), 1000 + i, 2000 + i));
                // The header again (files put together): no row, and its 氏名 is no name.
                if i == 2 && !ending.contains(' ') {
                    text.push_str(&format!("氏名,電話番号{ending}"));
                }
            }
            for encoding in [Encoding::Utf8, Encoding::ShiftJis, Encoding::EucJp, Encoding::Utf16Le] {
                let bytes: Vec<u8> = match encoding {
                    Encoding::ShiftJis => encoding_rs::SHIFT_JIS.encode(&text).0.into_owned(),
                    Encoding::EucJp => encoding_rs::EUC_JP.encode(&text).0.into_owned(),
                    Encoding::Utf16Le => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
                    _ => text.clone().into_bytes(),
                };
                let report = Scanner::new().scan_bytes(&bytes);
                let names: Vec<String> = report.findings.iter().filter(|f| f.kind == Kind::PersonName).map(|f| jpii::decode_span(&bytes, report.encoding.encoding, f.span.clone())).collect();
                let want: Vec<String> = (0..6).map(list_name).collect();
                assert_eq!(names, want, "{ending:?} {pad:?} {encoding:?}");
            }
        }
    }
}
