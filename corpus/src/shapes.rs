//! Document shapes: the forms personal data takes when it leaks. Each writes an [`Out`] (text and
//! labeled spans). `uni` says whether the file encoding is Unicode (so characters outside JIS X 0208
//! may be used).

use jpii::Kind::{self, *};

use crate::data::data;
use crate::pii::{self, Person};
use crate::rng::Rng;
use crate::text::{commas, fw, half_kana, Out};

/// One kind of document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    RosterCsv,
    RosterTsv,
    HrList,
    SchoolFees,
    Zengin,
    Email,
    Letter,
    Report,
    Application,
    Chat,
    Sns,
    JsonLog,
    Html,
    NegCatalog,
    NegReport,
    NegLog,
}

use crate::encode::FileEncoding::{self, *};

impl Shape {
    pub const ALL: [Shape; 16] = [
        Shape::RosterCsv,
        Shape::RosterTsv,
        Shape::HrList,
        Shape::SchoolFees,
        Shape::Zengin,
        Shape::Email,
        Shape::Letter,
        Shape::Report,
        Shape::Application,
        Shape::Chat,
        Shape::Sns,
        Shape::JsonLog,
        Shape::Html,
        Shape::NegCatalog,
        Shape::NegReport,
        Shape::NegLog,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Shape::RosterCsv => "roster",
            Shape::RosterTsv => "roster_tsv",
            Shape::HrList => "hr_list",
            Shape::SchoolFees => "school_fees",
            Shape::Zengin => "zengin",
            Shape::Email => "email",
            Shape::Letter => "letter",
            Shape::Report => "report",
            Shape::Application => "application",
            Shape::Chat => "chat",
            Shape::Sns => "sns",
            Shape::JsonLog => "json_log",
            Shape::Html => "html",
            Shape::NegCatalog => "neg_catalog",
            Shape::NegReport => "neg_report",
            Shape::NegLog => "neg_log",
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Shape::RosterCsv | Shape::HrList | Shape::SchoolFees | Shape::NegCatalog => "csv",
            Shape::RosterTsv => "tsv",
            Shape::Email => "eml",
            Shape::JsonLog => "jsonl",
            Shape::Html => "html",
            Shape::NegLog | Shape::Chat => "log",
            _ => "txt",
        }
    }

    /// The encodings this shape is written in (cycled over documents).
    pub fn encodings(self) -> &'static [FileEncoding] {
        match self {
            Shape::RosterCsv => &[Utf8Bom, ShiftJis, Utf8, EucJp],
            Shape::RosterTsv => &[Utf16Le, Utf16LeNoBom, Utf16Be],
            Shape::HrList => &[ShiftJis, Utf8, EucJp, Utf8Bom],
            Shape::SchoolFees => &[ShiftJis, Utf8Bom, Utf8],
            Shape::Zengin => &[ShiftJis],
            Shape::Email => &[Iso2022Jp, Utf8, Iso2022Jp],
            Shape::Letter => &[ShiftJis, Utf8, EucJp, Iso2022Jp, Utf16Be, Utf16Le],
            Shape::Report => &[Utf8, ShiftJis, EucJp, Utf16Le],
            Shape::Application => &[Utf8, ShiftJis, EucJp, Utf16Le],
            Shape::Chat => &[Utf8, Utf16Le, ShiftJis],
            Shape::Sns => &[Utf8, Utf8Bom],
            Shape::JsonLog => &[Utf8],
            Shape::Html => &[Utf8, ShiftJis, EucJp],
            Shape::NegCatalog => &[ShiftJis, Utf8, Utf16Le],
            Shape::NegReport => &[Utf8, EucJp, ShiftJis, Iso2022Jp],
            Shape::NegLog => &[Utf8],
        }
    }

    pub fn negative_only(self) -> bool {
        matches!(self, Shape::NegCatalog | Shape::NegReport | Shape::NegLog)
    }

    pub fn write(self, r: &mut Rng, e: FileEncoding) -> Out {
        let uni = e.unicode();
        match self {
            Shape::RosterCsv => {
                let sep = if r.chance(0.3) {
                    Sep::QuotedCsv
                } else {
                    Sep::Csv
                };
                roster(r, uni, sep)
            }
            Shape::RosterTsv => roster(r, uni, Sep::Tsv),
            Shape::HrList => hr_list(r, uni),
            Shape::SchoolFees => school_fees(r),
            Shape::Zengin => zengin(r),
            Shape::Email => email(r, e),
            Shape::Letter => letter(r, uni),
            Shape::Report => report(r, uni),
            Shape::Application => application(r, uni),
            Shape::Chat => chat(r, uni),
            Shape::Sns => sns(r, uni),
            Shape::JsonLog => json_log(r),
            Shape::Html => html(r, e),
            Shape::NegCatalog => neg_catalog(r),
            Shape::NegReport => neg_report(r),
            Shape::NegLog => neg_log(r),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Sep {
    Csv,
    QuotedCsv,
    Tsv,
}

/// Writes delimited rows; each cell is plain text or a labeled value (`None` kind = not PII).
struct Table {
    sep: Sep,
    crlf: bool,
}

impl Table {
    fn row(&self, o: &mut Out, cells: &[(Option<Kind>, String)]) {
        self.row_across(o, cells, &[]);
    }

    /// [`row`](Self::row), where the cells of each of `across` hold one value of its kind written
    /// in parts (a name in 姓, 名 columns; an address in 都道府県, 市区町村, 町名番地, 建物名): one label
    /// from the first part to the last one that is not empty, the delimiters (and quotes) between
    /// included.
    fn row_across(&self, o: &mut Out, cells: &[(Option<Kind>, String)], across: &[(std::ops::Range<usize>, Kind)]) {
        let mut values = Vec::with_capacity(cells.len());
        for (i, (k, v)) in cells.iter().enumerate() {
            if i > 0 {
                o.t(if self.sep == Sep::Tsv { "\t" } else { "," });
            }
            let quote = self.sep == Sep::QuotedCsv || (self.sep == Sep::Csv && v.contains(','));
            if quote {
                o.t("\"");
            }
            let start = o.s.len();
            match k {
                Some(k) => o.v(*k, v),
                None => o.t(v),
            };
            values.push(start..o.s.len());
            if quote {
                o.t("\"");
            }
        }
        for (range, kind) in across {
            if let Some(last) = range.clone().rev().find(|&i| !cells[i].1.is_empty()) {
                o.labels.push(crate::text::Label { kind: *kind, start: values[range.start].start, end: values[last].end });
            }
        }
        o.t(if self.crlf { "\r\n" } else { "\n" });
    }
}

fn h(s: &str) -> (Option<Kind>, String) {
    (None, s.to_string())
}
fn p(k: Kind, s: String) -> (Option<Kind>, String) {
    (Some(k), s)
}
fn n(s: String) -> (Option<Kind>, String) {
    (None, s)
}

fn income(r: &mut Rng) -> String {
    r.s(&[
        "300万円未満",
        "300～500万円",
        "500～700万円",
        "700～1,000万円",
        "1,000万円以上",
        "不明",
    ])
    .to_string()
}

fn roster(r: &mut Rng, uni: bool, sep: Sep) -> Out {
    let t = Table {
        sep,
        crlf: r.chance(0.6),
    };
    let mut o = Out::new();
    // A customer system's export often splits the address into its parts.
    let split = r.chance(0.3);
    // One unsplit CSV roster in four is a fixed-width export instead (a mainframe's: fields padded
    // with spaces, no delimiter), decided on a side stream so that the other documents of a seed
    // stay as they were.
    let aligned = !split && sep != Sep::Tsv && r.fork(0x0A11_97ED).chance(0.25);
    let rule = r.fork(0x0A11_97EE).chance(0.5);
    // Half of them write dates as digits only, some with the era code (`19700312`, `3450312`).
    let digit_dates = aligned && r.fork(0x0A11_97EF).chance(0.5);
    // One plain CSV roster in five went through Excel: its phone and postal-code cells became
    // numbers, without separators and without a leading 0.
    let excel = !aligned && !split && sep == Sep::Csv && r.fork(0x0A11_97F0).chance(0.2);
    let mut fixed: Vec<Vec<(Option<Kind>, String)>> = Vec::new();
    let name_head: &[&str] = if split { &["姓", "名", "セイ", "メイ"] } else { &["氏名", "フリガナ"] };
    let address_head: &[&str] = if split { &["都道府県", "市区町村", "町名番地", "建物名"] } else { &["住所"] };
    let head: Vec<&str> = ["顧客番号"]
        .iter()
        .chain(name_head)
        .chain(&["性別", "生年月日", "郵便番号"])
        .chain(address_head)
        .chain(&["電話番号", "携帯電話", "メール", "勤務先", "年収区分", "登録日"])
        .copied()
        .collect();
    let head: Vec<(Option<Kind>, String)> = head.into_iter().map(h).collect();
    if aligned {
        fixed.push(head.clone());
    } else {
        t.row(&mut o, &head);
    }
    let rows = r.range(8, 16);
    let id0 = r.range(10000, 90000);
    for i in 0..rows {
        let ps = Person::random(r, 1945, 2004);
        let names: Vec<(Option<Kind>, String)> = if split {
            [ps.sur.kanji, ps.given.kanji, ps.sur.kana, ps.given.kana].into_iter().map(|v| n(v.into())).collect()
        } else {
            vec![p(PersonName, ps.name(r)), p(PersonName, ps.kana(r))]
        };
        let sex = if ps.female() {
            r.s(&["女", "女性"])
        } else {
            r.s(&["男", "男性"])
        }
        .to_string();
        let birth = pii::fmt_date(r, ps.birth);
        let birth = if digit_dates { pii::digits_date(ps.birth, i % 3 == 2) } else { birth };
        let zip = pii::postal(r, ps.place.code);
        let addr: Vec<(Option<Kind>, String)> = if split {
            let building = if r.chance(0.35) { pii::building(r) } else { String::new() };
            vec![n(ps.place.pref.into()), n(ps.place.city.into()), n(format!("{}{}", ps.place.town, pii::block(r, ps.place))), n(building)]
        } else {
            vec![p(Address, pii::address(r, ps.place))]
        };
        let tel = if r.chance(0.6) {
            pii::phone(r, uni)
        } else {
            String::new()
        };
        let mob = if r.chance(0.8) {
            pii::mobile(r, uni)
        } else {
            String::new()
        };
        let (zip, tel, mob) = if excel { (as_excel_number(&zip), as_excel_number(&tel), as_excel_number(&mob)) } else { (zip, tel, mob) };
        let co = pii::company(r);
        let reg = pii::date(r, 2015, 2025);
        let parts = addr.len();
        let mut cells = vec![n(format!("C{:07}", id0 + i))];
        cells.extend(names);
        cells.extend([
            n(sex),
            p(BirthDate, birth),
            p(PostalCode, zip),
        ]);
        cells.extend(addr);
        cells.extend([
            p(PhoneNumber, tel),
            p(PhoneNumber, mob),
            p(EmailAddress, ps.email.clone()),
            n(co),
            n(income(r)),
            n(format!("{}/{:02}/{:02}", reg.0, reg.1, reg.2)),
        ]);
        // Split: 姓 名 and セイ メイ after the customer number, the address from the header's 都道府県.
        let across = if split {
            let address = head.iter().position(|c| c.1 == "都道府県").expect("a split header");
            vec![(1..3, PersonName), (3..5, PersonName), (address..address + parts, Address)]
        } else {
            Vec::new()
        };
        if aligned {
            fixed.push(cells);
        } else {
            t.row_across(&mut o, &cells, &across);
        }
    }
    if aligned {
        fixed_width(&mut o, &fixed, rule, if t.crlf { "\r\n" } else { "\n" });
    }
    o
}

/// A cell as Excel saves it back after reading it as a number: an ASCII value of digits and
/// hyphens (`090-1234-5678`, `060-0001`) loses its separators and leading zeros; anything else
/// (full width, parentheses, `+81`) stays text.
fn as_excel_number(v: &str) -> String {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return v.to_string();
    }
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').to_string()
}

/// Display columns of a fixed-width field: one for ASCII and half-width katakana, two for the rest
/// (the widths of Shift_JIS bytes).
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) { 1 } else { 2 }).sum()
}

/// Writes `rows` (the header first) as a fixed-width table: each column as wide as its widest
/// cell, two spaces after it; with `rule`, a line of `-` under the header.
fn fixed_width(o: &mut Out, rows: &[Vec<(Option<Kind>, String)>], rule: bool, eol: &str) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns).map(|c| rows.iter().filter_map(|row| row.get(c)).map(|(_, v)| display_width(v)).max().unwrap_or(0)).collect();
    for (i, row) in rows.iter().enumerate() {
        for (c, (k, v)) in row.iter().enumerate() {
            match k {
                Some(k) => o.v(*k, v),
                None => o.t(v),
            };
            if c + 1 < row.len() {
                o.t(&" ".repeat(widths[c] - display_width(v) + 2));
            }
        }
        o.t(eol);
        if i == 0 && rule {
            let line: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
            o.t(&line.join("  "));
            o.t(eol);
        }
    }
}

fn hr_list(r: &mut Rng, uni: bool) -> Out {
    let t = Table {
        sep: Sep::Csv,
        crlf: r.chance(0.7),
    };
    let mut o = Out::new();
    let head = [
        "社員番号",
        "氏名",
        "所属",
        "入社年月日",
        "生年月日",
        "個人番号",
        "基礎年金番号",
        "保険者番号",
        "運転免許証番号",
        "緊急連絡先",
        "基本給",
    ];
    t.row(&mut o, &head.map(h));
    let depts = ["営業部", "総務部", "経理部", "開発部", "製造部", "人事部"];
    for i in 0..r.range(8, 14) {
        let ps = Person::random(r, 1960, 2003);
        let name = ps.name(r);
        let joined = pii::date(r, 1985, 2025);
        let mn = pii::my_number(r);
        let license = if r.chance(0.7) {
            pii::drivers_license(r)
        } else {
            String::new()
        };
        let cells = vec![
            n(format!("{:06}", 100000 + r.range(0, 899999) + i)),
            p(PersonName, name),
            n(r.pick(&depts).to_string()),
            n(pii::fmt_date(r, joined)),
            p(BirthDate, pii::fmt_date(r, ps.birth)),
            p(MyNumber, pii::fmt_my_number(r, &mn)),
            p(BasicPensionNumber, pii::pension(r)),
            p(HealthInsurance, pii::insurer(r)),
            p(DriversLicense, license),
            p(PhoneNumber, pii::phone(r, uni)),
            n(commas(r.range(180, 650) as u64 * 1000)),
        ];
        t.row(&mut o, &cells);
    }
    o
}

/// A class's marks (成績一覧): a title line, perhaps a row counter (出席番号), the name column, three
/// to seven subjects and 合計. Only the names are personal data; the marks are numbers beside them.
fn gradebook(r: &mut Rng) -> Out {
    let t = Table { sep: Sep::Csv, crlf: true };
    let mut o = Out::new();
    o.t(&format!("令和{}年度 {}学期 成績一覧\r\n", r.range(5, 7), r.range(1, 3)));
    let counter = r.chance(0.6).then(|| r.s(&["出席番号", "No", "番号"]));
    let subjects = ["国語", "数学", "英語", "理科", "社会", "音楽", "美術"];
    let taken = r.range(3, 7) as usize;
    let mut head: Vec<(Option<Kind>, String)> = counter.iter().map(|c| h(c)).collect();
    head.push(h(r.s(&["氏名", "生徒氏名", "児童氏名"])));
    head.extend(subjects[..taken].iter().map(|s| h(s)));
    head.push(h("合計"));
    t.row(&mut o, &head);
    for i in 0..r.range(10, 20) {
        let student = Person::random(r, 2006, 2016);
        let marks: Vec<u32> = (0..taken).map(|_| r.range(35, 100)).collect();
        let mut cells: Vec<(Option<Kind>, String)> = counter.iter().map(|_| n((i + 1).to_string())).collect();
        cells.push(p(PersonName, student.name(r)));
        cells.extend(marks.iter().map(|m| n(m.to_string())));
        cells.push(n(marks.iter().sum::<u32>().to_string()));
        t.row(&mut o, &cells);
    }
    o
}

fn school_fees(r: &mut Rng) -> Out {
    // A school's other list, one time in four: its marks (decided on a side stream, so the other
    // documents of a seed stay as they were).
    if r.fork(0x06AD_E800).chance(0.25) {
        return gradebook(r);
    }
    let t = Table {
        sep: Sep::Csv,
        crlf: true,
    };
    let mut o = Out::new();
    o.t("令和")
        .t(&r.range(5, 7).to_string())
        .t("年度 学年費 口座振替依頼一覧\r\n");
    let head = [
        "No",
        "学年",
        "組",
        "児童氏名",
        "保護者氏名",
        "金融機関",
        "支店名",
        "預金種目",
        "口座番号",
        "口座名義",
        "月額",
    ];
    t.row(&mut o, &head.map(h));
    for i in 0..r.range(8, 14) {
        let parent = Person::random(r, 1975, 1992);
        let kid = data().given[r.below(data().given.len())].kanji;
        let b = pii::branch(r);
        let holder = half_kana(&format!("{} {}", parent.sur.kana, parent.given.kana), false);
        let cells = vec![
            n((i + 1).to_string()),
            n(r.range(1, 6).to_string()),
            n(r.range(1, 4).to_string()),
            p(
                PersonName,
                format!(
                    "{}{}{kid}",
                    parent.sur.kanji,
                    if r.chance(0.5) { "　" } else { "" }
                ),
            ),
            p(PersonName, parent.name(r)),
            n(format!("{}銀行", b.bank_name)),
            n(b.branch_name.to_string()),
            n(r.s(&["普通", "普通", "当座"]).to_string()),
            p(BankAccount, pii::account(r)),
            p(PersonName, holder),
            n(format!("{}円", commas(r.range(3, 15) as u64 * 1000))),
        ];
        t.row(&mut o, &cells);
    }
    o
}

fn pad(s: &str, n: usize) -> String {
    let s: String = s.chars().take(n).collect();
    format!("{s}{}", " ".repeat(n - s.chars().count()))
}

fn zengin(r: &mut Rng) -> Out {
    let crlf = r.chance(0.8);
    let eol = if crlf { "\r\n" } else { "" };
    let mut o = Out::new();
    let own = pii::branch(r);
    let co = r
        .s(&["ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ", "ｶ)ﾋﾏﾜﾘﾌﾞﾂﾘﾕｳ", "ﾕ)ﾏﾙｻﾝｼﾖｸﾋﾝ", "ｶ)ﾎｸﾄｾｲｻｸｼﾖ"])
        .to_string();
    // Header record.
    o.t(&format!(
        "1210{}{}{:02}{:02}{}{}{}{}1",
        r.digits(10),
        pad(&co, 40),
        r.range(1, 12),
        r.range(1, 28),
        own.bank_code,
        pad(&half_kana(own.bank_kana, true), 15),
        own.branch_code,
        pad(&half_kana(own.branch_kana, true), 15)
    ));
    o.v(BankAccount, &pii::account(r));
    o.t(&" ".repeat(17)).t(eol);
    let k = r.range(5, 12);
    let mut total = 0u64;
    for _ in 0..k {
        let ps = Person::random(r, 1950, 2000);
        let b = pii::branch(r);
        let amount = r.range(1000, 500_000) as u64;
        total += amount;
        o.t(&format!(
            "2{}{}{}{}0000{}",
            b.bank_code,
            pad(&half_kana(b.bank_kana, true), 15),
            b.branch_code,
            pad(&half_kana(b.branch_kana, true), 15),
            r.s(&["1", "1", "2"])
        ));
        o.v(BankAccount, &pii::account(r));
        let name = half_kana(&format!("{} {}", ps.sur.kana, ps.given.kana), true);
        let name: String = name.chars().take(30).collect();
        o.v(PersonName, &name);
        o.t(&" ".repeat(30 - name.chars().count()));
        o.t(&format!(
            "{amount:010}0{}{} {}",
            r.digits(10),
            r.digits(10),
            " ".repeat(8)
        ));
        o.t(eol);
    }
    o.t(&format!("8{k:06}{total:012}{}", " ".repeat(101)))
        .t(eol);
    o.t(&format!("9{}", " ".repeat(119))).t(eol);
    debug_assert!(crlf || o.s.chars().count().is_multiple_of(120));
    o
}

/// A person's contact lines (signature, letterhead). Returns the text with labels.
fn signature(r: &mut Rng, uni: bool, sender: &Person) -> Out {
    let mut o = Out::new();
    let co = pii::company(r);
    o.t("――――――――――――――――\n").t(&co).t("\n");
    o.t(r.s(&["営業部 ", "総務課 ", "カスタマーサポート ", ""]));
    o.v(PersonName, &sender.name(r));
    if r.chance(0.3) {
        o.t(" / ").v(PersonName, &sender.roman(r));
    }
    o.t("\n");
    let place = &data().places[r.below(data().places.len())];
    o.t("〒")
        .v(PostalCode, &pii::postal(r, place.code))
        .t(" ")
        .v(Address, &pii::address(r, place))
        .t("\n");
    o.t(r.s(&["TEL: ", "TEL ", "電話：", "Tel."]))
        .v(PhoneNumber, &pii::landline(r, uni));
    if r.chance(0.5) {
        o.t(r.s(&["  FAX: ", " / FAX "]))
            .v(PhoneNumber, &pii::landline(r, uni));
    }
    o.t("\n");
    if r.chance(0.6) {
        o.t(r.s(&["携帯: ", "Mobile: ", "携帯電話 "]))
            .v(PhoneNumber, &pii::mobile(r, uni))
            .t("\n");
    }
    o.t(r.s(&["Mail: ", "E-mail: ", "メール："]))
        .v(EmailAddress, &sender.email)
        .t("\n");
    if r.chance(0.5) {
        o.t(r.s(&["登録番号: ", "法人番号："]))
            .v(CorporateNumber, &pii::corporate_fmt(r))
            .t("\n");
    }
    o.t("――――――――――――――――\n");
    o
}

fn base64(b: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in b.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

/// Day of the week (Sakamoto's method).
fn weekday((y, m, d): (u32, u32, u32)) -> &'static str {
    const T: [u32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if m < 3 { y - 1 } else { y };
    ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        [((y + y / 4 - y / 100 + y / 400 + T[m as usize - 1] + d) % 7) as usize]
}

fn email(r: &mut Rng, e: FileEncoding) -> Out {
    let uni = e.unicode();
    let sender = Person::random(r, 1960, 2000);
    let to = Person::random(r, 1960, 2000);
    let customer = Person::random(r, 1950, 2004);
    let mut o = Out::new();
    let subject = r
        .s(&[
            "お客様情報のご確認",
            "【至急】登録内容の件",
            "ご契約者様リスト送付の件",
            "Re: 先日のお打ち合わせについて",
        ])
        .to_string();
    let (d, hh, mm) = (pii::date(r, 2023, 2025), r.range(8, 19), r.range(0, 59));
    let cs = if e == Iso2022Jp {
        "ISO-2022-JP"
    } else {
        "UTF-8"
    };
    let subj_bytes = if e == Iso2022Jp {
        encoding_rs::ISO_2022_JP.encode(&subject).0.into_owned()
    } else {
        subject.clone().into_bytes()
    };
    o.t("From: ").v(EmailAddress, &sender.email).t("\n");
    o.t("To: ").v(EmailAddress, &to.email).t("\n");
    o.t(&format!("Subject: =?{cs}?B?{}?=\n", base64(&subj_bytes)));
    o.t(&format!(
        "Date: {}, {} {} {} {hh:02}:{mm:02}:{:02} +0900\n",
        weekday(d),
        d.2,
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            [d.1 as usize - 1],
        d.0,
        r.range(0, 59)
    ));
    o.t(&format!(
        "Message-ID: <{}{:02}{:02}{hh:02}{mm:02}.{}@mail.example.co.jp>\n",
        d.0,
        d.1,
        d.2,
        r.digits(6)
    ));
    o.t(&format!("MIME-Version: 1.0\nContent-Type: text/plain; charset={cs}\nContent-Transfer-Encoding: {}\n\n", if e == Iso2022Jp { "7bit" } else { "8bit" }));
    o.v(PersonName, &to.name(r))
        .t("様\n\nいつもお世話になっております。\n")
        .t(sender.sur.kanji)
        .t("です。\n\n");
    match r.below(3) {
        0 => {
            o.t("ご依頼いただいたお客様の情報をお送りします。\n\n");
            o.t("お名前：").v(PersonName, &customer.name(r)).t(" 様\n");
            o.t("ご住所：〒")
                .v(PostalCode, &pii::postal(r, customer.place.code))
                .t(" ")
                .v(Address, &pii::address(r, customer.place))
                .t("\n");
            o.t("お電話：").v(PhoneNumber, &pii::phone(r, uni)).t("\n");
            o.t("生年月日：")
                .v(BirthDate, &pii::fmt_date(r, customer.birth))
                .t("\n");
            o.t(&pii::negative(r)).t("\n\n");
        }
        1 => {
            o.t("先日の件ですが、")
                .v(PersonName, &customer.name(r))
                .t("さんの携帯（")
                .v(PhoneNumber, &pii::mobile(r, uni))
                .t("）にご連絡ください。\n");
            o.t("なお、お振込先は")
                .t(&format!(
                    "{}銀行 {}支店 ",
                    pii::branch(r).bank_name,
                    pii::branch(r).branch_name
                ))
                .t("普通預金 ")
                .v(BankAccount, &pii::account(r))
                .t(" です。\n");
            o.t(&pii::negative(r))
                .t("、")
                .t(&pii::negative(r))
                .t("となっております。\n\n");
        }
        _ => {
            o.t("マイナンバーの提出をお願いしておりました件、")
                .v(PersonName, &customer.name(r))
                .t("様より\n個人番号：")
                .v(MyNumber, &pii::my_number_fmt(r))
                .t("\nとのご回答をいただきました。\n");
            o.t("基礎年金番号は ")
                .v(BasicPensionNumber, &pii::pension(r))
                .t(" です。\n");
            o.t(&pii::negative(r)).t("\n\n");
        }
    }
    o.t("よろしくお願いいたします。\n\n");
    o.append(signature(r, uni, &sender));
    // A forwarded or replied-to message quoted below, as Outlook writes it: display names before
    // the addresses.
    if r.chance(0.4) {
        o.t("\n-----Original Message-----\n差出人: ")
            .v(PersonName, &customer.name(r))
            .t(" <")
            .v(EmailAddress, &customer.email)
            .t(">\n送信日時: ")
            .t(&format!("{}年{}月{}日 {hh:02}:{mm:02}", d.0, d.1, d.2))
            .t("\n宛先: ")
            .v(PersonName, &sender.name(r))
            .t(" <")
            .v(EmailAddress, &sender.email)
            .t(">\n件名: ")
            .t(&subject)
            .t("\n");
    }
    o
}

fn wareki_today(r: &mut Rng) -> String {
    format!(
        "令和{}年{}月{}日",
        r.range(5, 7),
        r.range(1, 12),
        r.range(1, 28)
    )
}

fn letter(r: &mut Rng, uni: bool) -> Out {
    let to = Person::random(r, 1940, 2000);
    let sender = Person::random(r, 1960, 2000);
    let mut o = Out::new();
    o.t(&format!("{}{}\n\n", "　".repeat(20), wareki_today(r)));
    o.t("〒")
        .v(PostalCode, &pii::postal(r, to.place.code))
        .t("\n");
    o.v(Address, &pii::address(r, to.place)).t("\n");
    // One letter in five is addressed to a business named after its owner's surname (`中村製作所
    // 様`): written like a person's name with 様, and no person. Decided on side streams, so the
    // other letters of a seed stay as they were.
    let name = to.name(r);
    let mut side = r.fork(0x0B12_5A3E);
    if side.chance(0.2) {
        let ending = side.s(&["商事", "製作所", "工務店", "商店", "不動産", "建設", "印刷", "薬局"]);
        o.t(&format!("{}{ending} 様\n\n", to.sur.kanji));
    } else {
        o.v(PersonName, &name).t(" 様\n\n");
    }
    let co = pii::company(r);
    o.t(&format!(
        "{}{co}\n{}お客様センター\n",
        "　".repeat(16),
        "　".repeat(16)
    ));
    if r.chance(0.5) {
        o.t(&"　".repeat(16))
            .t("登録番号 ")
            .v(CorporateNumber, &format!("T{}", pii::corporate_number(r)))
            .t("\n");
    }
    o.t(&"　".repeat(16))
        .t("TEL ")
        .v(PhoneNumber, &pii::landline(r, uni))
        .t("\n\n");
    o.t("拝啓　時下ますますご清栄のこととお慶び申し上げます。平素は格別のお引き立てを賜り、厚く御礼申し上げます。\n");
    o.t("さて、先般お申し込みいただきました契約につきまして、下記の通りご登録内容を確認いたしました。\n");
    o.t("内容に誤りがございましたら、お手数ですが")
        .t(&co)
        .t("までご連絡ください。\n\n");
    o.t(&format!("{}記\n\n", "　".repeat(18)));
    o.t("ご契約者名：").v(PersonName, &to.name(r)).t("\n");
    o.t("フリガナ：").v(PersonName, &to.kana(r)).t("\n");
    o.t("生年月日：")
        .v(BirthDate, &pii::fmt_date(r, to.birth))
        .t("\n");
    o.t("ご登録電話番号：")
        .v(PhoneNumber, &pii::phone(r, uni))
        .t("\n");
    let b = pii::branch(r);
    o.t(&format!(
        "お引落口座：{}銀行 {}支店 ",
        b.bank_name, b.branch_name
    ))
    .t(r.s(&["普通 ", "普通預金 ", "当座 "]))
    .v(BankAccount, &pii::account(r))
    .t("\n");
    o.t(&format!("証券番号：{}\n", r.digits(10)));
    o.t(&format!(
        "月額保険料：{}円\n",
        commas(r.range(1500, 30000) as u64)
    ));
    o.t(&format!(
        "保険期間：{}から{}年間\n",
        wareki_today(r),
        r.range(1, 20)
    ));
    if r.chance(0.5) {
        o.t("ご登録カード番号：")
            .v(CreditCard, &pii::card(r))
            .t("\n");
    }
    o.t("\n以上\n").t(&format!("{}敬具\n\n", "　".repeat(20)));
    o.t("担当：").v(PersonName, &sender.name(r)).t("\n");
    o
}

fn application(r: &mut Rng, uni: bool) -> Out {
    let ps = Person::random(r, 1950, 2004);
    let mut o = Out::new();
    o.t("【口座開設申込書】\n受付番号：")
        .t(&format!("{}-{}", r.digits(4), r.digits(6)))
        .t("\n受付日：")
        .t(&wareki_today(r))
        .t("\n\n");
    o.t("■お客様情報\n");
    // The form's own word for the applicant: a name slot, or a person (顧客, 申込者), after a
    // full-width colon or, as forms typed in half-width have it, an ASCII one.
    o.t(r.s(&["お名前　　：", "お名前: ", "申込者名　：", "お申込者:", "顧客名　　："])).v(PersonName, &ps.name(r)).t("\n");
    o.t("フリガナ　：").v(PersonName, &ps.kana(r)).t("\n");
    o.t("生年月日　：")
        .v(BirthDate, &pii::fmt_date(r, ps.birth))
        .t(&format!(
            "（{}歳）\n",
            2025 - ps.birth.0 - (ps.birth.1 > 6) as u32
        ));
    o.t("ご住所　　：〒")
        .v(PostalCode, &pii::postal(r, ps.place.code))
        .t("　")
        .v(Address, &pii::address(r, ps.place))
        .t("\n");
    o.t("電話番号　：")
        .v(PhoneNumber, &pii::phone(r, uni))
        .t("\n");
    o.t("メール　　：")
        .v(
            EmailAddress,
            &if r.chance(0.2) {
                ps.email.replace('@', "＠")
            } else {
                ps.email.clone()
            },
        )
        .t("\n\n");
    o.t("■本人確認書類\n");
    // A domestic card (driver's licence or health insurance card: arms 0 and 3) and a passport or
    // residence card (arms 1 and 2).
    let first = if r.chance(0.5) { 0 } else { 3 };
    let second = if r.chance(0.5) { 1 } else { 2 };
    for which in [first, second] {
        match which {
            0 => {
                o.t("種類：運転免許証\n免許証番号：")
                    .v(
                        DriversLicense,
                        &if r.chance(0.3) {
                            fw(&pii::drivers_license(r))
                        } else {
                            pii::drivers_license(r)
                        },
                    )
                    .t("\n");
            }
            1 => {
                o.t("種類：パスポート\n旅券番号：")
                    .v(PassportNumber, &pii::passport(r))
                    .t("\n");
            }
            2 => {
                o.t("種類：在留カード\n在留カード番号：")
                    .v(ResidenceCard, &pii::residence_card(r))
                    .t("\n");
            }
            _ => {
                o.t("種類：健康保険証\n保険者番号：")
                    .v(HealthInsurance, &pii::insurer(r))
                    .t("\n");
                let len = r.range(4, 8) as usize;
                o.t("記号：")
                    .v(HealthInsurance, &r.digits(len))
                    .t("　番号：")
                    .v(HealthInsurance, &r.range(1, 999).to_string())
                    .t("\n");
            }
        }
    }
    o.t("マイナンバー：")
        .v(MyNumber, &pii::my_number_fmt(r))
        .t("\n\n");
    o.t("■お勤め先\n")
        .t(&pii::company(r))
        .t("\n法人番号：")
        .v(CorporateNumber, &pii::corporate_number(r))
        .t("\n");
    o.t("勤務先電話：")
        .v(PhoneNumber, &pii::landline(r, uni))
        .t("\n\n");
    o.t("■お振込先\n");
    if r.chance(0.5) {
        let b = pii::branch(r);
        o.t(&format!(
            "{}銀行（{}）{}支店（{}）\n",
            b.bank_name, b.bank_code, b.branch_name, b.branch_code
        ));
        o.t("口座番号：").v(BankAccount, &pii::account(r)).t("\n");
    } else {
        o.t("ゆうちょ銀行 記号番号：")
            .v(BankAccount, &pii::yucho(r))
            .t("\n");
    }
    o.t("\n■お支払い\nクレジットカード番号：")
        .v(CreditCard, &pii::card(r))
        .t(&format!(
            "　有効期限：{:02}/{}\n",
            r.range(1, 12),
            r.range(26, 31)
        ));
    o.t("\n").t(&pii::negative(r)).t("\n");
    o
}

fn chat(r: &mut Rng, uni: bool) -> Out {
    let handles = ["kenji_s", "mika.t", "yuto", "ayaka_k", "hiro", "総務_k"];
    let mut o = Out::new();
    let d = pii::date(r, 2023, 2025);
    let (mut hh, mut mm) = (r.range(8, 18), r.range(0, 50));
    let mut line = |r: &mut Rng, o: &mut Out, f: &dyn Fn(&mut Rng, &mut Out)| {
        mm += r.range(0, 3);
        if mm >= 60 {
            mm -= 60;
            hh += 1;
        }
        o.t(&format!(
            "[{}-{:02}-{:02} {hh:02}:{mm:02}] {}: ",
            d.0,
            d.1,
            d.2,
            r.pick(&handles)
        ));
        f(r, o);
        o.t("\n");
    };
    for _ in 0..r.range(8, 14) {
        let ps = Person::random(r, 1950, 2004);
        match r.below(12) {
            0 => line(r, &mut o, &|r, o| {
                o.v(PersonName, &ps.name(r))
                    .t("さんの携帯って何番でしたっけ？");
            }),
            1 => line(r, &mut o, &|r, o| {
                o.v(PhoneNumber, &pii::mobile(r, uni)).t(" です");
            }),
            2 => line(r, &mut o, &|r, o| {
                o.t("送り先は〒")
                    .v(PostalCode, &pii::postal(r, ps.place.code))
                    .t(" ")
                    .v(Address, &pii::address(r, ps.place))
                    .t(" でお願いします");
            }),
            3 => line(r, &mut o, &|r, o| {
                o.t("マイナンバー ")
                    .v(MyNumber, &pii::my_number_fmt(r))
                    .t(" で登録しておきました");
            }),
            4 => line(r, &mut o, &|r, o| {
                o.t(&pii::negative(r)).t(" の件、確認お願いします");
            }),
            5 => line(r, &mut o, &|_, o| {
                o.t("了解です！");
            }),
            6 => line(r, &mut o, &|_, o| {
                o.t("メールは ")
                    .v(EmailAddress, &ps.email)
                    .t(" に送ってください");
            }),
            7 => line(r, &mut o, &|r, o| {
                o.v(PersonName, &ps.name(r))
                    .t("さん、")
                    .v(BirthDate, &pii::fmt_date(r, ps.birth))
                    .t("生まれだって");
            }),
            8 => line(r, &mut o, &|r, o| {
                o.t("この番号なんだろ ").v(MyNumber, &pii::my_number(r));
            }),
            9 => line(r, &mut o, &|r, o| {
                o.t(&format!(
                    "{}時から会議室{}で",
                    r.range(9, 17),
                    r.range(101, 905)
                ));
            }),
            10 => line(r, &mut o, &|r, o| {
                o.t("代表番号は")
                    .v(PhoneNumber, &pii::landline(r, uni))
                    .t("ですよ");
            }),
            _ => line(r, &mut o, &|r, o| {
                o.t("振込先 ")
                    .t(&format!("{}銀行 ", pii::branch(r).bank_name))
                    .t("普通 ")
                    .v(BankAccount, &pii::account(r));
            }),
        }
    }
    o
}

fn sns(r: &mut Rng, uni: bool) -> Out {
    let mut o = Out::new();
    for _ in 0..r.range(3, 6) {
        let ps = Person::random(r, 1970, 2005);
        let (y, m, d) = pii::date(r, 2023, 2025);
        o.t(&format!(
            "@{}_{} · {y}年{m}月{d}日\n",
            crate::text::romaji(ps.sur.kana),
            r.range(1, 999)
        ));
        match r.below(6) {
            0 => {
                o.t("【拡散希望】迷子の猫を探しています！見つけた方は ")
                    .v(PhoneNumber, &pii::mobile(r, uni))
                    .t(" までご連絡ください");
                o.t(if uni { " 🙏🐈" } else { "！！" });
            }
            1 => {
                o.t("今日で")
                    .t(&r.range(18, 50).to_string())
                    .t("歳になりました")
                    .t(if uni { "🎂" } else { "♪" })
                    .t(" ")
                    .v(BirthDate, &pii::fmt_date(r, ps.birth))
                    .t("生まれです");
            }
            2 => {
                o.t("引っ越しました！新住所は ")
                    .v(Address, &pii::address(r, ps.place))
                    .t(" です。遊びに来てね");
            }
            3 => {
                o.t("フォロワー")
                    .t(&commas(r.range(1000, 99999) as u64))
                    .t("人ありがとうございます！ リツイート")
                    .t(&commas(r.range(100, 9999) as u64))
                    .t("件");
            }
            4 => {
                o.t("お問い合わせはDMか ")
                    .v(EmailAddress, &ps.email)
                    .t(" まで");
            }
            _ => {
                o.t("中の人：").v(PersonName, &ps.name(r)).t("（本名です）");
            }
        }
        o.t(&format!(
            "\n♡ {}  ↻ {}\n\n",
            r.range(0, 999),
            r.range(0, 99)
        ));
    }
    o
}

fn json_str(o: &mut Out, key: &str, kind: Option<Kind>, v: &str) {
    o.t(&format!("\"{key}\":\""));
    match kind {
        Some(k) => o.v(k, v),
        None => o.t(v),
    };
    o.t("\"");
}

fn json_log(r: &mut Rng) -> Out {
    let mut o = Out::new();
    let d = pii::date(r, 2024, 2025);
    for i in 0..r.range(10, 18) {
        let ts = format!(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}+09:00",
            d.0,
            d.1,
            d.2,
            9 + i / 4,
            r.range(0, 59),
            r.range(0, 59),
            r.range(0, 999)
        );
        o.t("{");
        json_str(&mut o, "ts", None, &ts);
        if r.chance(0.45) {
            let ps = Person::random(r, 1950, 2004);
            o.t(",\"level\":\"INFO\",\"event\":\"signup\",\"user\":{");
            json_str(&mut o, "name", Some(PersonName), &ps.name(r));
            o.t(",");
            json_str(&mut o, "kana", Some(PersonName), &ps.kana(r));
            o.t(",");
            json_str(&mut o, "tel", Some(PhoneNumber), &pii::phone(r, true));
            o.t(",");
            json_str(&mut o, "email", Some(EmailAddress), &ps.email);
            o.t(",");
            let (y, m, dd) = ps.birth;
            json_str(
                &mut o,
                "birthday",
                Some(BirthDate),
                &format!("{y}-{m:02}-{dd:02}"),
            );
            o.t(",");
            json_str(
                &mut o,
                "zip",
                Some(PostalCode),
                &format!("{}-{}", &ps.place.code[..3], &ps.place.code[3..]),
            );
            o.t(",");
            json_str(&mut o, "address", Some(Address), &pii::address(r, ps.place));
            if r.chance(0.3) {
                o.t(",");
                json_str(&mut o, "card_number", Some(CreditCard), &pii::card(r));
            }
            o.t("}");
        } else {
            o.t(&format!(
                ",\"level\":\"{}\",\"event\":\"{}\"",
                r.s(&["INFO", "DEBUG", "WARN"]),
                r.s(&["order", "healthcheck", "login", "payment"])
            ));
            o.t(&format!(
                ",\"order_id\":\"{}\",\"amount\":{},\"latency_ms\":{}",
                r.digits(12),
                r.range(100, 200000),
                r.range(1, 2000)
            ));
        }
        o.t(&format!(
            ",\"ip\":\"{}.{}.{}.{}\",\"session\":\"{:016x}\"}}\n",
            r.range(10, 223),
            r.range(0, 255),
            r.range(0, 255),
            r.range(1, 254),
            r.next_u64()
        ));
    }
    o
}

fn html(r: &mut Rng, e: FileEncoding) -> Out {
    let uni = e.unicode();
    let cs = match e {
        ShiftJis => "Shift_JIS",
        EucJp => "EUC-JP",
        _ => "UTF-8",
    };
    let ps = Person::random(r, 1950, 2004);
    let mut o = Out::new();
    o.t(&format!("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"{cs}\">\n<title>ご注文内容の確認</title>\n</head>\n<body>\n"));
    o.t(&format!("<h1>ご注文内容の確認</h1>\n<p>ご注文番号：{}<br>ご注文日時：{}</p>\n<table class=\"form\">\n", r.digits(12), wareki_today(r)));
    let row = |o: &mut Out, th: &str, k: Option<Kind>, v: &str| {
        o.t(&format!("<tr><th>{th}</th><td>"));
        match k {
            Some(k) => o.v(k, v),
            None => o.t(v),
        };
        o.t("</td></tr>\n");
    };
    row(&mut o, "お名前", Some(PersonName), &ps.name(r));
    row(&mut o, "フリガナ", Some(PersonName), &ps.kana(r));
    row(
        &mut o,
        "郵便番号",
        Some(PostalCode),
        &pii::postal(r, ps.place.code),
    );
    row(&mut o, "ご住所", Some(Address), &pii::address(r, ps.place));
    row(&mut o, "電話番号", Some(PhoneNumber), &pii::phone(r, uni));
    row(&mut o, "メールアドレス", Some(EmailAddress), &ps.email);
    row(
        &mut o,
        "生年月日",
        Some(BirthDate),
        &pii::fmt_date(r, ps.birth),
    );
    o.t("</table>\n<table class=\"items\">\n<tr><th>商品コード</th><th>商品名</th><th>数量</th><th>価格</th></tr>\n");
    for _ in 0..r.range(2, 5) {
        let b = format!("49{}", r.digits(10));
        o.t(&format!(
            "<tr><td>{b}{}</td><td>{}</td><td>{}</td><td>&yen;{}</td></tr>\n",
            pii::ean_cd(&b),
            r.s(&[
                "オーガニック緑茶 500ml",
                "ボールペン 黒 10本",
                "加湿器 KX-2400",
                "文庫本セット"
            ]),
            r.range(1, 5),
            commas(r.range(100, 30000) as u64)
        ));
    }
    o.t(&format!(
        "</table>\n<p>合計：{}円（税込）</p>\n<p>お問い合わせ：",
        commas(r.range(1000, 100000) as u64)
    ));
    o.v(PhoneNumber, &pii::landline(r, uni))
        .t("（平日 9:00～18:00）</p>\n</body>\n</html>\n");
    o
}

fn neg_catalog(r: &mut Rng) -> Out {
    let mut o = Out::new();
    o.t("品番,商品名,JANコード,ISBN,定価,在庫数,発売日,管理番号\r\n");
    let names = [
        "ステンレスボトル 350ml",
        "ノート A5 5冊組",
        "LEDデスクライト",
        "保存容器 3点セット",
        "入門 データ分析",
        "折りたたみ傘 55cm",
    ];
    for _ in 0..r.range(10, 20) {
        let jan = format!("49{}", r.digits(10));
        let isbn = format!("9784{}", r.digits(8));
        let (y, m, d) = pii::date(r, 2015, 2025);
        o.t(&format!(
            "{}-{:04},{},{}{},{}{},{},{},{y}/{m:02}/{d:02},{}\r\n",
            r.s(&["AB", "KX", "TN", "ZR"]),
            r.range(1, 9999),
            r.pick(&names),
            jan,
            pii::ean_cd(&jan),
            isbn,
            pii::ean_cd(&isbn),
            commas(r.range(200, 50000) as u64),
            r.range(0, 9999),
            pii::not_my_number(r)
        ));
    }
    o
}

fn neg_report(r: &mut Rng) -> Out {
    let mut o = Out::new();
    o.t(&format!(
        "{}の人口動態統計（概数）\n\n",
        r.s(&["令和5年", "令和4年", "2023年"])
    ));
    o.t(&format!(
        "出生数は{}人で、前年より{}人減少した。合計特殊出生率は{}.{}。\n",
        commas(r.range(700_000, 800_000) as u64),
        commas(r.range(10_000, 60_000) as u64),
        1,
        r.range(15, 30)
    ));
    o.t(&format!(
        "死亡数は{}人、婚姻件数は{}組であった。\n",
        commas(r.range(1_400_000, 1_600_000) as u64),
        commas(r.range(400_000, 500_000) as u64)
    ));
    o.t(&format!(
        "調査票番号 {} に基づく集計。公表日 {}年{}月{}日。\n\n",
        pii::not_my_number(r),
        r.range(2023, 2025),
        r.range(1, 12),
        r.range(1, 28)
    ));
    for _ in 0..r.range(6, 12) {
        o.t("・").t(&pii::negative(r)).t("\n");
    }
    o.t(&format!(
        "\n表1 都道府県別（単位：人）\n東京都 {}\n大阪府 {}\n愛知県 {}\n",
        commas(r.range(80_000, 99_999) as u64),
        commas(r.range(50_000, 70_000) as u64),
        commas(r.range(50_000, 60_000) as u64)
    ));
    o.t(&format!(
        "\n参考文献：厚生労働省（{}）ISBN978-4-{}-{}-{}\n",
        r.range(2019, 2024),
        r.digits(2),
        r.digits(6),
        r.digits(1)
    ));
    o
}

fn neg_log(r: &mut Rng) -> Out {
    let mut o = Out::new();
    let d = pii::date(r, 2024, 2025);
    for i in 0..r.range(15, 30) {
        o.t(&format!(
            "{}-{:02}-{:02} {:02}:{:02}:{:02}.{:03} [{}] req={} order={} status={} bytes={} took={}ms client={}.{}.{}.{}\n",
            d.0,
            d.1,
            d.2,
            10 + i / 10,
            r.range(0, 59),
            r.range(0, 59),
            r.range(0, 999),
            r.s(&["INFO", "WARN", "DEBUG"]),
            r.digits(13),
            r.digits(12),
            r.s(&["200", "201", "404", "500"]),
            r.range(100, 9_999_999),
            r.range(1, 9000),
            r.range(10, 223),
            r.range(0, 255),
            r.range(0, 255),
            r.range(1, 254)
        ));
    }
    o
}

/// A name followed by an honorific (labeled without it).
fn honored(o: &mut Out, r: &mut Rng, ps: &Person) {
    match r.below(7) {
        0 => o.v(PersonName, ps.sur.kanji).t(r.s(&["さん", "様", "氏"])),
        1 => o.v(PersonName, &ps.name(r)).t("氏"),
        2 => o.v(PersonName, &ps.name(r)).t("様"),
        3 => o
            .v(PersonName, &format!("{}{}", ps.sur.kanji, ps.given.kanji))
            .t(r.s(&["君", "先生", "さん"])),
        _ => o.v(PersonName, &ps.name(r)).t("さん"),
    };
}

/// Prose with sparse personal information in many notations, mostly without labels, between
/// paragraphs of ordinary business text full of numbers.
fn report(r: &mut Rng, uni: bool) -> Out {
    let mut o = Out::new();
    o.t("個人情報の取扱いに関するインシデント報告書\n\n");
    o.t(&format!(
        "報告日：{}\n報告者：情報システム部\n管理番号：IR-{}-{}\n\n",
        wareki_today(r),
        r.range(2023, 2025),
        r.digits(4)
    ));
    let filler = [
        "本件は、委託先の作業端末から顧客データの一部が社外に送信された可能性があるとの連絡を受け、調査を行ったものである。",
        "調査の結果、送信されたファイルは暗号化されておらず、閲覧可能な状態であったことが判明した。",
        "当社では、再発防止策として外部記憶媒体の利用制限とログ監視の強化を実施する。",
        "なお、現時点で二次被害の報告は受けていない。",
        "関係部署には本報告書の内容を周知し、対応状況を週次で確認する。",
        "対象システムのバージョンは ver.3.2.1 であり、保守契約に基づき修正版の適用を依頼した。",
    ];
    for _ in 0..r.range(6, 10) {
        let ps = Person::random(r, 1950, 2004);
        o.t(r.s(&filler));
        match r.below(11) {
            0 => {
                o.t("最初に異常に気付いたのは経理部の");
                honored(&mut o, r, &ps);
                o.t("で、");
                o.v(PhoneNumber, &pii::phone(r, uni))
                    .t("から当番者へ連絡があった。");
            }
            1 => {
                o.t("流出したとみられる記録には、");
                honored(&mut o, r, &ps);
                o.t("（")
                    .v(BirthDate, &pii::fmt_date(r, ps.birth))
                    .t("生）の住所「")
                    .v(Address, &pii::address(r, ps.place))
                    .t("」が含まれていた。");
            }
            2 => {
                o.t("顧客からの問い合わせは ")
                    .v(EmailAddress, &ps.email)
                    .t(" 宛てに届いている。");
            }
            3 => {
                o.t("対象者の一人である");
                honored(&mut o, r, &ps);
                o.t("の携帯番号")
                    .v(PhoneNumber, &pii::mobile(r, uni))
                    .t("も記載されていた。");
            }
            4 => {
                o.t("送付先は郵便番号")
                    .v(PostalCode, &pii::postal(r, ps.place.code))
                    .t("の")
                    .v(Address, &pii::address(r, ps.place))
                    .t("である。");
            }
            5 => {
                o.t("ファイルには個人番号（")
                    .v(MyNumber, &pii::my_number_fmt(r))
                    .t("など）も含まれていた。");
            }
            6 => {
                o.t("返金は")
                    .t(&format!(
                        "{}銀行{}支店の",
                        pii::branch(r).bank_name,
                        pii::branch(r).branch_name
                    ))
                    .t(r.s(&["普通預金口座", "口座番号"]))
                    .v(BankAccount, &pii::account(r))
                    .t("へ行う。");
            }
            7 => {
                o.t("決済に使われたカード（")
                    .v(CreditCard, &pii::card(r))
                    .t("）は利用停止済みである。");
            }
            8 => {
                o.t(&format!(
                    "影響件数は{}件、想定損害額は{}円である。",
                    commas(r.range(100, 99999) as u64),
                    commas(r.range(100_000, 99_999_999) as u64)
                ));
            }
            9 => {
                o.t(&format!(
                    "{}年{}月{}日{}時{}分に",
                    r.range(2023, 2025),
                    r.range(1, 12),
                    r.range(1, 28),
                    r.range(0, 23),
                    r.range(0, 59)
                ))
                .t(&pii::negative(r))
                .t("を確認した。");
            }
            _ => {
                o.t("担当は");
                honored(&mut o, r, &ps);
                o.t("（内線")
                    .t(&r.range(1000, 9999).to_string())
                    .t("）である。");
            }
        }
        o.t("\n\n");
    }
    o.t("以上\n");
    o
}
