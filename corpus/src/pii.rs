//! Generators of valid personal-information values in the notations people write them in, and of
//! the hard negatives that look like them. Check digits are computed here, independently of the
//! engine (so the corpus tests the engine rather than mirroring it).

use std::sync::OnceLock;

use regex_automata::meta::Regex;

use crate::data::{data, Branch, Given, Place, Surname};
use crate::rng::Rng;
use crate::text::{commas, fw, kanji_num, romaji};

// ---------------------------------------------------------------- check digits

/// 個人番号 check digit over 11 digits: weights 6,5,4,3,2,7,6,5,4,3,2; r = Σ mod 11; 0 if r ≤ 1 else 11 − r.
pub fn my_number_cd(d11: &str) -> u32 {
    const W: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let r = d11
        .bytes()
        .zip(W)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum::<u32>()
        % 11;
    if r <= 1 {
        0
    } else {
        11 - r
    }
}

pub fn my_number_valid(d: &str) -> bool {
    d.len() == 12
        && d.bytes().all(|b| b.is_ascii_digit())
        && my_number_cd(&d[..11]) == (d.as_bytes()[11] - b'0') as u32
}

/// 法人番号 leading check digit over the 12-digit base: 9 − (Σ Pn·Qn mod 9), Pn from the right, Qn = 1, 2, 1, …
pub fn corporate_cd(base12: &str) -> u32 {
    let s: u32 = base12
        .bytes()
        .rev()
        .enumerate()
        .map(|(n, b)| (b - b'0') as u32 * if n % 2 == 0 { 1 } else { 2 })
        .sum();
    9 - s % 9
}

/// Luhn check digit to append to `body`.
pub fn luhn_cd(body: &str) -> u32 {
    let s: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let x = (b - b'0') as u32;
            if i % 2 == 0 {
                let y = x * 2;
                if y > 9 {
                    y - 9
                } else {
                    y
                }
            } else {
                x
            }
        })
        .sum();
    (10 - s % 10) % 10
}

/// 運転免許証 check digit (11th digit) over the first 10: (11 − Σ w·d mod 11) mod 10, w = 5,4,3,2,7,6,5,4,3,2.
pub fn license_cd(d10: &str) -> u32 {
    const W: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let r = d10
        .bytes()
        .zip(W)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum::<u32>()
        % 11;
    (11 - r) % 10
}

/// EAN-13 / JAN check digit over 12 digits.
pub fn ean_cd(d12: &str) -> u32 {
    let s: u32 = d12
        .bytes()
        .enumerate()
        .map(|(i, b)| (b - b'0') as u32 * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    (10 - s % 10) % 10
}

fn all_same(s: &str) -> bool {
    s.bytes().all(|b| b == s.as_bytes()[0])
}

// ---------------------------------------------------------------- identifiers

pub fn my_number(r: &mut Rng) -> String {
    loop {
        let b = r.digits(11);
        let d = format!("{b}{}", my_number_cd(&b));
        if !all_same(&d) {
            return d;
        }
    }
}

/// 12 digits that FAIL the My Number check (a hard negative).
pub fn not_my_number(r: &mut Rng) -> String {
    let b = format!("{}{}", r.range(1, 9), r.digits(10));
    let cd = (my_number_cd(&b) + r.range(1, 9)) % 10;
    let d = format!("{b}{cd}");
    if my_number_valid(&d) {
        format!("{b}{}", (cd + 1) % 10)
    } else {
        d
    }
}

/// A My Number in one of its notations.
pub fn fmt_my_number(r: &mut Rng, d: &str) -> String {
    let (a, b, c) = (&d[..4], &d[4..8], &d[8..]);
    match r.below(10) {
        0..=3 => d.to_string(),
        4..=5 => format!("{a}-{b}-{c}"),
        6..=7 => format!("{a} {b} {c}"),
        8 => fw(d),
        _ => fw(&format!("{a} {b} {c}")),
    }
}

/// A fresh My Number in a random notation.
pub fn my_number_fmt(r: &mut Rng) -> String {
    let d = my_number(r);
    fmt_my_number(r, &d)
}

/// A fresh corporate number in a random notation.
pub fn corporate_fmt(r: &mut Rng) -> String {
    let d = corporate_number(r);
    fmt_corporate(r, &d)
}

pub fn corporate_number(r: &mut Rng) -> String {
    let base = format!("{}{}", r.range(1, 9), r.digits(11));
    format!("{}{base}", corporate_cd(&base))
}

pub fn fmt_corporate(r: &mut Rng, d: &str) -> String {
    match r.below(6) {
        0..=2 => d.to_string(),
        3 => format!("T{d}"),
        4 => format!("{}-{}-{}-{}", &d[..1], &d[1..5], &d[5..9], &d[9..]),
        _ => fw(d),
    }
}

fn fixed_line() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // libphonenumber JP fixed_line (national significant number), see ../shared/data/jp-phone-metadata.txt.
    R.get_or_init(|| {
        Regex::new(r"^(?:(?:1(?:1[235-8]|2[3-6]|3[3-9]|4[2-6]|[58][2-8]|6[2-7]|7[2-9]|9[1-9])|(?:2[2-9]|[36][1-9])\d|4(?:[2-578]\d|6[02-8]|9[2-59])|5(?:[2-589]\d|6[1-9]|7[2-8])|7(?:[25-9]\d|3[4-9]|4[02-9])|8(?:[2679]\d|3[2-9]|4[5-9]|5[1-9]|8[03-9])|9(?:[2-58]\d|[679][1-9]))\d{6})$").unwrap()
    })
}

/// Phone number groups (national form with the trunk 0), e.g. `["03", "1234", "5678"]`.
pub fn phone_groups(r: &mut Rng) -> Vec<String> {
    match r.below(10) {
        // Geographic: area code (2–5 digits incl. 0) + exchange (6 − area) + 4 digits.
        0..=4 => {
            let a = r.pick(&data().areas);
            loop {
                let rest = r.digits(10 - a.prefix.len());
                let n = format!("{}{rest}", a.prefix);
                if !fixed_line().is_match(&n[1..]) {
                    continue;
                }
                let al = a.area.len();
                return vec![
                    n[..al].to_string(),
                    n[al..6].to_string(),
                    n[6..].to_string(),
                ];
            }
        }
        5..=7 => vec![
            r.s(&["090", "080", "070"]).to_string(),
            format!("{}{}", r.range(1, 9), r.digits(3)),
            r.digits(4),
        ],
        8 => vec![
            "050".into(),
            format!("{}{}", r.range(1, 9), r.digits(3)),
            r.digits(4),
        ],
        _ => {
            if r.chance(0.5) {
                vec!["0120".into(), r.digits(3), r.digits(3)]
            } else {
                vec!["0570".into(), r.digits(3), r.digits(3)]
            }
        }
    }
}

/// A phone number in one of its notations. `uni`: Unicode-only characters (U+2212) allowed.
pub fn fmt_phone(r: &mut Rng, g: &[String], uni: bool) -> String {
    let (a, b, c) = (&g[0], &g[1], &g[2]);
    match r.below(21) {
        0..=8 => format!("{a}-{b}-{c}"),
        20 => fw(&format!("{a}-{b}-{c}")).replace('－', "ー"),
        10..=11 => format!("{a}{b}{c}"),
        12 if !a.starts_with("01") || a.len() < 4 => format!("{a}({b}){c}"),
        13 => format!("({a}){b}-{c}"),
        14..=15 => fw(&format!("{a}-{b}-{c}")),
        16 => format!("+81-{}-{b}-{c}", &a[1..]),
        17 => format!("+81 {} {b} {c}", &a[1..]),
        18 if uni => format!("{a}\u{2212}{b}\u{2212}{c}"),
        18 => format!("{a}‐{b}‐{c}"),
        _ => format!("{a} {b} {c}"),
    }
}

pub fn phone(r: &mut Rng, uni: bool) -> String {
    let g = phone_groups(r);
    fmt_phone(r, &g, uni)
}

pub fn mobile(r: &mut Rng, uni: bool) -> String {
    let g = vec![
        r.s(&["090", "080", "070"]).to_string(),
        format!("{}{}", r.range(1, 9), r.digits(3)),
        r.digits(4),
    ];
    fmt_phone(r, &g, uni)
}

/// A fixed-line number of a place (a company's switchboard).
pub fn landline(r: &mut Rng, uni: bool) -> String {
    loop {
        let g = phone_groups(r);
        if !g[0].starts_with("0120")
            && !g[0].starts_with("0570")
            && !["090", "080", "070", "050"].contains(&g[0].as_str())
        {
            return fmt_phone(r, &g, uni);
        }
    }
}

pub fn postal(r: &mut Rng, code: &str) -> String {
    let h = format!("{}-{}", &code[..3], &code[3..]);
    match r.below(10) {
        0..=5 => h,
        6 => format!("{}ー{}", &code[..3], &code[3..]),
        7 => code.to_string(),
        _ => fw(&h),
    }
}

/// 丁目/番地 part of an address. `style`: 0 arabic with 丁目番号, 1 hyphens, 2 kanji numerals, 3 full width.
pub fn block(r: &mut Rng, place: &Place) -> String {
    let (c, b, g) = (r.range(1, 5), r.range(1, 30), r.range(1, 25));
    let style = r.below(10);
    if place.chome {
        match style {
            0..=3 => format!("{c}丁目{b}番{g}号"),
            4..=5 => format!("{c}-{b}-{g}"),
            6 => format!("{c}ー{b}ー{g}"),
            7 => format!("{}丁目{b}-{g}", kanji_num(c)),
            8 => format!("{}丁目{}番{}号", kanji_num(c), kanji_num(b), kanji_num(g)),
            _ => fw(&format!("{c}-{b}-{g}")),
        }
    } else {
        let b = r.range(1, 2500);
        match style {
            0..=3 => format!("{b}番地{g}"),
            4..=6 => format!("{b}-{g}"),
            7 => format!("{b}番地"),
            8 => format!("{b}番地の{g}"),
            9 => format!("{}ー{}", fw(&b.to_string()), fw(&g.to_string())),
            _ => fw(&format!("{b}-{g}")),
        }
    }
}

pub fn building(r: &mut Rng) -> String {
    let names = [
        "サンハイツ",
        "グランメゾン",
        "コーポ",
        "パークハウス",
        "メゾン",
        "ハイム",
        "レジデンス",
        "ビル",
        "荘",
        "マンション",
    ];
    let stems = [
        "桜",
        "青葉",
        "緑",
        "朝日",
        "富士見",
        "若葉",
        "ひかり",
        "中央",
        "松風",
        "港",
    ];
    let room = r.range(1, 12) * 100 + r.range(1, 9);
    let n = r.pick(&names);
    let s = r.pick(&stems);
    match r.below(4) {
        0 => format!("{s}{n}{room}号室"),
        1 => format!("{s}{n} {room}"),
        2 => format!("{n}{s}{}F", r.range(2, 9)),
        _ => format!("{s}{n}{}号室", fw(&room.to_string())),
    }
}

/// An address: prefecture (usually) + municipality + town + block (+ building).
pub fn address(r: &mut Rng, place: &Place) -> String {
    let mut s = String::new();
    if r.chance(0.85) {
        s.push_str(place.pref);
    }
    s.push_str(place.city);
    s.push_str(place.town);
    s.push_str(&block(r, place));
    if r.chance(0.35) {
        let b = building(r);
        if r.chance(0.5) {
            s.push(' ');
        }
        s.push_str(&b);
    }
    s
}

/// A payment card number (Luhn-valid, real issuer ranges) in a common notation.
pub fn card(r: &mut Rng) -> String {
    let (prefix, len): (String, usize) = match r.below(8) {
        0..=2 => ("4".into(), 16),
        3 => (format!("5{}", r.range(1, 5)), 16),
        4 => (format!("{}", r.range(2221, 2720)), 16),
        5 => (format!("35{}", r.range(28, 89)), 16),
        6 => (r.s(&["34", "37"]).to_string(), 15),
        _ => (r.s(&["36", "300", "305"]).to_string(), 14),
    };
    let body = format!("{prefix}{}", r.digits(len - 1 - prefix.len()));
    let d = format!("{body}{}", luhn_cd(&body));
    let groups: Vec<&str> = match len {
        16 => vec![&d[..4], &d[4..8], &d[8..12], &d[12..]],
        15 => vec![&d[..4], &d[4..10], &d[10..]],
        _ => vec![&d[..4], &d[4..10], &d[10..]],
    };
    match r.below(6) {
        0..=1 => groups.join("-"),
        2..=3 => groups.join(" "),
        4 => d.clone(),
        _ => fw(&groups.join("-")),
    }
}

/// A calendar-valid date in `y0..=y1`.
pub fn date(r: &mut Rng, y0: u32, y1: u32) -> (u32, u32, u32) {
    let y = r.range(y0, y1);
    let m = r.range(1, 12);
    let dim = match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (y, m, r.range(1, dim))
}

/// (era name, letter, era year) of a date (明治 and 大正 are not needed for living people).
pub fn era(y: u32, m: u32, d: u32) -> (&'static str, char, u32) {
    let k = y * 10000 + m * 100 + d;
    if k >= 20190501 {
        ("令和", 'R', y - 2018)
    } else if k >= 19890108 {
        ("平成", 'H', y - 1988)
    } else if k >= 19261225 {
        ("昭和", 'S', y - 1925)
    } else {
        ("大正", 'T', y - 1911)
    }
}

/// A date as a database or a mainframe writes it, one run of digits: `19700312`, or with `era_code`
/// the era's digit (1 明治 … 5 令和) and YYMMDD, `3450312`.
pub fn digits_date((y, m, d): (u32, u32, u32), era_code: bool) -> String {
    if era_code {
        let (_, letter, n) = era(y, m, d);
        let code = match letter {
            'T' => 2,
            'S' => 3,
            'H' => 4,
            'R' => 5,
            _ => 1,
        };
        format!("{code}{n:02}{m:02}{d:02}")
    } else {
        format!("{y}{m:02}{d:02}")
    }
}

/// A date in one of the notations used for birth dates (and other dates).
pub fn fmt_date(r: &mut Rng, (y, m, d): (u32, u32, u32)) -> String {
    let (e, l, n) = era(y, m, d);
    let ey = if n == 1 && r.chance(0.5) {
        "元".to_string()
    } else {
        n.to_string()
    };
    match r.below(15) {
        0..=2 => format!("{y}/{m:02}/{d:02}"),
        3 => format!("{y}-{m:02}-{d:02}"),
        4 => format!("{y}/{m}/{d}"),
        5..=6 => format!("{y}年{m}月{d}日"),
        7..=8 => format!("{e}{ey}年{m}月{d}日"),
        9 => format!("{l}{n}.{m}.{d}"),
        10 => format!("{l}{n}/{m}/{d}"),
        11 => format!(
            "{e}{}年{}月{}日",
            if ey == "元" {
                ey.clone()
            } else {
                kanji_num(n)
            },
            kanji_num(m),
            kanji_num(d)
        ),
        12 => fw(&format!("{y}/{m:02}/{d:02}")),
        13 => format!("{y}年{m:02}月{d:02}日"),
        _ => format!("{y}（{e}{n}）年{m}月{d}日"),
    }
}

/// A 7-digit account number.
pub fn account(r: &mut Rng) -> String {
    format!("{}{}", r.range(0, 9), r.digits(6))
}

/// ゆうちょ 記号-番号: 1xxx0-nnnnnnn1.
pub fn yucho(r: &mut Rng) -> String {
    format!("1{}0-{}1", r.digits(3), r.digits(7))
}

/// 運転免許証番号: commission code + year + serial + check digit + reissue count.
pub fn drivers_license(r: &mut Rng) -> String {
    const CODES: [u32; 20] = [
        10, 11, 20, 22, 25, 30, 40, 43, 44, 45, 49, 54, 61, 62, 63, 73, 82, 90, 93, 97,
    ];
    let d10 = format!(
        "{:02}{:02}{}",
        r.pick(&CODES),
        r.range(70, 99) % 100,
        r.digits(6)
    );
    format!("{d10}{}{}", license_cd(&d10), r.range(0, 2))
}

pub fn passport(r: &mut Rng) -> String {
    format!(
        "{}{}",
        r.s(&["TK", "TR", "TZ", "MZ", "MU", "TH", "RE", "AA"]),
        r.range(1_000_000, 9_999_999)
    )
}

pub fn residence_card(r: &mut Rng) -> String {
    let l = |r: &mut Rng| (b'A' + r.below(26) as u8) as char;
    format!("{}{}{}{}{}", l(r), l(r), r.digits(8), l(r), l(r))
}

pub fn pension(r: &mut Rng) -> String {
    let d = format!("{}{}", r.range(1000, 9999), r.digits(6));
    if r.chance(0.75) {
        format!("{}-{}", &d[..4], &d[4..])
    } else {
        d
    }
}

/// 保険者番号: 法別番号 + 都道府県 + serial + Luhn 検証番号 (8 digits).
pub fn insurer(r: &mut Rng) -> String {
    let body = format!(
        "{}{:02}{}",
        r.s(&["01", "06", "31", "32", "34", "39"]),
        r.range(1, 47),
        r.digits(3)
    );
    format!("{body}{}", luhn_cd(&body))
}

// ---------------------------------------------------------------- people

pub struct Person {
    pub sur: &'static Surname,
    pub given: &'static Given,
    pub birth: (u32, u32, u32),
    pub place: &'static Place,
    pub email: String,
}

impl Person {
    pub fn random(r: &mut Rng, y0: u32, y1: u32) -> Person {
        let d = data();
        let sur = r.pick(&d.surnames);
        let given = r.pick(&d.given);
        let birth = date(r, y0, y1);
        let place = r.pick(&d.places);
        let email = email_for(r, sur, given);
        Person {
            sur,
            given,
            birth,
            place,
            email,
        }
    }

    /// Kanji name: `山田 太郎`, `山田太郎` or `山田　太郎`.
    pub fn name(&self, r: &mut Rng) -> String {
        let sep = r.s(&["", " ", "　", "　", ""]);
        format!("{}{sep}{}", self.sur.kanji, self.given.kanji)
    }

    /// Katakana (sometimes hiragana) reading, space-separated.
    pub fn kana(&self, r: &mut Rng) -> String {
        let sep = r.s(&[" ", "　", ""]);
        let s = format!("{}{sep}{}", self.sur.kana, self.given.kana);
        if r.chance(0.15) {
            crate::text::hira(&s)
        } else {
            s
        }
    }

    /// Romanized, as in e-mail signatures: `Taro YAMADA` or `Yamada Taro`.
    pub fn roman(&self, r: &mut Rng) -> String {
        let (s, g) = (romaji(self.sur.kana), romaji(self.given.kana));
        let cap = |x: &str| x[..1].to_uppercase() + &x[1..];
        if r.chance(0.5) {
            format!("{} {}", cap(&g), s.to_uppercase())
        } else {
            format!("{} {}", cap(&s), cap(&g))
        }
    }

    pub fn female(&self) -> bool {
        self.given.female
    }
}

fn email_for(r: &mut Rng, s: &Surname, g: &Given) -> String {
    let (sr, gr) = (romaji(s.kana), romaji(g.kana));
    let local = match r.below(6) {
        0 => format!("{gr}.{sr}"),
        1 => format!("{sr}.{gr}"),
        2 => format!("{}{sr}{}", &gr[..1], r.range(1, 99)),
        3 => format!("{gr}_{sr}{}", r.range(60, 99)),
        4 if r.chance(0.3) => format!("{sr}.{gr}+shop"),
        4 => format!("{sr}-{gr}"),
        _ => format!("{gr}{}", r.range(100, 9999)),
    };
    let dom = *r.pick(&[
        "gmail.com",
        "yahoo.co.jp",
        "docomo.ne.jp",
        "ezweb.ne.jp",
        "softbank.ne.jp",
        "icloud.com",
        "outlook.jp",
        "nifty.com",
        "example.co.jp",
        "sample-shoji.co.jp",
        "kobe-u.ac.jp",
        "city.example.lg.jp",
    ]);
    format!("{local}@{dom}")
}

pub fn company(r: &mut Rng) -> String {
    let a = ["株式会社", "有限会社", "合同会社"];
    let b = [
        "山田商事",
        "ひまわり物流",
        "東和システム",
        "青葉不動産",
        "北斗製作所",
        "みらい保険サービス",
        "丸三食品",
        "日の出電機",
        "さくら会計事務所",
        "中央ビルサービス",
    ];
    let (a, b) = (r.pick(&a), r.pick(&b));
    if r.chance(0.7) {
        format!("{a}{b}")
    } else {
        format!("{b}{a}")
    }
}

pub fn branch(r: &mut Rng) -> &'static Branch {
    r.pick(&data().branches)
}

// ---------------------------------------------------------------- hard negatives

/// A sentence or phrase with numbers that are NOT personal information.
pub fn negative(r: &mut Rng) -> String {
    match r.below(16) {
        0 => format!(
            "注文番号：{}",
            if r.chance(0.5) {
                my_number(r)
            } else {
                r.digits(12)
            }
        ),
        1 => format!(
            "合計金額 ￥{}（税込）",
            commas(r.range(300, 2_000_000) as u64)
        ),
        2 => format!("{}円", commas(r.range(100, 99_999_999) as u64)),
        3 => format!("{}名", commas(r.range(10_000, 9_999_999) as u64)),
        4 => {
            let (y, m, d) = date(r, 2019, 2025);
            format!(
                "{y}-{m:02}-{d:02} {:02}:{:02}:{:02}",
                r.range(0, 23),
                r.range(0, 59),
                r.range(0, 59)
            )
        }
        5 => {
            let b = format!("49{}", r.digits(10));
            format!("JAN {b}{}", ean_cd(&b))
        }
        6 => {
            let b = format!("9784{}", r.digits(8));
            format!(
                "ISBN{}-{}-{}-{}-{}",
                &b[..3],
                &b[3..4],
                &b[4..7],
                &b[7..12],
                ean_cd(&b)
            )
        }
        7 => format!("管理番号 {}", not_my_number(r)),
        8 => format!("追跡番号：{}-{}-{}", r.digits(4), r.digits(4), r.digits(4)),
        9 => format!("品番 ABC-0{}", r.digits(9)),
        10 => format!("会員番号 {}", r.digits(10)),
        11 => format!("前年比 {}.{}%", r.range(80, 130), r.range(0, 9)),
        12 => format!("受付番号 {}-{}", r.digits(4), r.digits(6)),
        13 => format!("在庫 {}個", commas(r.range(1000, 999_999) as u64)),
        14 => {
            let b = format!("45{}", r.digits(10));
            format!("商品コード {b}{}", ean_cd(&b))
        }
        _ => format!(
            "ver.{}.{}.{} build {}",
            r.range(1, 9),
            r.range(0, 30),
            r.range(0, 99),
            r.digits(8)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_match_published_vectors() {
        assert!(my_number_valid("621498320257"));
        assert!(!my_number_valid("621498320258"));
        assert_eq!(corporate_cd("835678256246"), 5);
        assert_eq!(corporate_cd("000012050002"), 7);
        assert_eq!(luhn_cd("411111111111111"), 1);
        assert_eq!(luhn_cd("3312001"), 5);
        assert_eq!(license_cd("3090123456"), 2);
        assert_eq!(license_cd("4598033587"), 2);
        assert_eq!(ean_cd("490123456789"), 4);
    }

    #[test]
    fn generated_values_validate() {
        let mut r = Rng::new(1);
        for _ in 0..500 {
            assert!(my_number_valid(&my_number(&mut r)));
            assert!(!my_number_valid(&not_my_number(&mut r)));
            let c = corporate_number(&mut r);
            assert_eq!(corporate_cd(&c[1..]), (c.as_bytes()[0] - b'0') as u32);
            let g = phone_groups(&mut r);
            assert_eq!(
                g.concat().len(),
                10 + (g[0] == "090" || g[0] == "080" || g[0] == "070" || g[0] == "050") as usize,
                "{g:?}"
            );
        }
    }
}
