//! The check-digit vectors of `tests/data/jp-id-test-vectors.csv` (valid and invalid examples with
//! their sources), each scanned in a labelled sentence: valid ones must be found with their
//! normalized value, invalid ones must not be reported as that kind.

use jpii::{Kind, Scanner};

#[test]
fn id_test_vectors() {
    let csv = include_str!("data/jp-id-test-vectors.csv");
    let scanner = Scanner::new();
    let mut checked = 0;
    let mut failures = vec![];
    for line in csv.lines().skip(1) {
        let mut cols = line.splitn(3, ',');
        let (ty, value, expected) = (cols.next().unwrap(), cols.next().unwrap(), cols.next().unwrap());
        let valid = expected.starts_with("valid");
        let (kind, label) = match ty {
            "my_number" => (Kind::MyNumber, "個人番号："),
            "corporate_number" => (Kind::CorporateNumber, "法人番号："),
            "drivers_license" => (Kind::DriversLicense, "運転免許証番号："),
            "health_insurer_number" => (Kind::HealthInsurance, "保険者番号："),
            "credit_card" => (Kind::CreditCard, "カード番号："),
            "passport" => (Kind::PassportNumber, "旅券番号："),
            "residence_card" => (Kind::ResidenceCard, "在留カード番号："),
            "basic_pension_number" => (Kind::BasicPensionNumber, "基礎年金番号："),
            "postal_code" => (Kind::PostalCode, "住所 "),
            // JIS X 0402 municipality codes are not personal data; they are used inside the crate only.
            "lg_code_jisx0402" => continue,
            other => panic!("unknown vector type {other}"),
        };
        // The degenerate all-zero My Number passes the checksum but must not be reported.
        let valid = valid && !value.bytes().all(|b| b == b'0');
        let text = format!("{label}{value}");
        let found = scanner.scan_str(&text).into_iter().find(|f| f.kind == kind);
        checked += 1;
        match (valid, found) {
            (true, None) => failures.push(format!("valid {ty} {value} not found")),
            // The 〒 mark is context, not part of the code's span.
            (true, Some(f)) if &text[f.span.clone()] != value.trim_start_matches('〒') => failures.push(format!("{ty} {value}: span {:?}", &text[f.span])),
            (false, Some(f)) => failures.push(format!("invalid {ty} {value} reported as {:?}", &text[f.span])),
            _ => {}
        }
    }
    assert!(checked >= 30, "{checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
