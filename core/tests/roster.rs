//! Rosters: a 50,000-row Shift_JIS customer list is recognised as one table, every column's kind is
//! reported, and spans slice the original Shift_JIS bytes.

use jpii::{Encoding, Kind, Scanner};

const SURNAMES: &[(&str, &str)] = &[("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"), ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ")];
const GIVEN: &[(&str, &str)] = &[("太郎", "タロウ"), ("花子", "ハナコ"), ("一郎", "イチロウ"), ("美咲", "ミサキ"), ("健", "ケン"), ("陽菜", "ヒナ")];
const PLACES: &[(&str, &str)] = &[("100-0001", "東京都千代田区千代田"), ("530-0001", "大阪府大阪市北区梅田"), ("231-0023", "神奈川県横浜市中区山下町"), ("900-0021", "沖縄県那覇市泉崎")];

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

#[test]
fn a_numbered_name_list_is_a_table_and_its_names_are_found() {
    // `No.,氏名`: one named column beside a row counter (a class list, a mailing list).
    let mut text = String::from("No.,氏名\r\n");
    for i in 0..30 {
        let (sur, _) = SURNAMES[i % SURNAMES.len()];
        let (giv, _) = GIVEN[i % GIVEN.len()];
        text.push_str(&format!("{},{sur}{giv}\r\n", i + 1));
    }
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let report = Scanner::new().scan_bytes(&bytes);
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].summary, "30 records: name");
    let names: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.kind == Kind::PersonName)
        .map(|f| encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes[f.span.clone()]).0.into_owned())
        .collect();
    assert_eq!(names.len(), 30);
    for (i, name) in names.iter().enumerate() {
        assert_eq!(name, &format!("{}{}", SURNAMES[i % SURNAMES.len()].0, GIVEN[i % GIVEN.len()].0));
    }
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
