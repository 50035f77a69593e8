//! Check-digit algorithms (see `../shared/reference/algorithms-and-data.md` §1). Inputs are ASCII
//! digit strings; wrong lengths or non-digits return `false`.

/// The digit values of `s`, if it is all ASCII digits (no allocation: checksums run on every
/// candidate of the right length).
fn digits(s: &str) -> Option<impl DoubleEndedIterator<Item = u32> + ExactSizeIterator + Clone + '_> {
    s.bytes().all(|b| b.is_ascii_digit()).then(|| s.bytes().map(|b| u32::from(b - b'0')))
}

/// The digit values of `s` if it is exactly `N` ASCII digits: the length is checked first, and the
/// digits in the same pass that reads them (these run on every candidate of a fitting length).
fn values<const N: usize>(s: &str) -> Option<[u32; N]> {
    let b: &[u8; N] = s.as_bytes().try_into().ok()?;
    let mut v = [0; N];
    for (v, &b) in v.iter_mut().zip(b) {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        *v = u32::from(d);
    }
    Some(v)
}

/// Σ weight × digit over the first digits of `d` (as many as there are weights), mod `m`.
fn weighted(d: &[u32], weights: &[u32], m: u32) -> u32 {
    d.iter().zip(weights).map(|(a, w)| a * w).sum::<u32>() % m
}

/// 個人番号: 12 digits, weights 6,5,4,3,2,7,6,5,4,3,2 over d1..d11; r = Σ mod 11; cd = 0 if r ≤ 1 else 11 − r.
pub fn my_number(s: &str) -> bool {
    let Some(d) = values::<12>(s) else { return false };
    let r = weighted(&d, &[6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2], 11);
    let cd = if r <= 1 { 0 } else { 11 - r };
    d[11] == cd
}

/// 法人番号: 13 digits, the FIRST is the check digit: 9 − (Σ Pn×Qn mod 9), Pn from the right of the
/// 12-digit base, Qn = 1 for odd n, 2 for even n.
pub fn corporate_number(s: &str) -> bool {
    let Some(d) = values::<13>(s) else { return false };
    let sum: u32 = d[1..].iter().rev().enumerate().map(|(n, p)| p * if n % 2 == 0 { 1 } else { 2 }).sum();
    d[0] == 9 - sum % 9
}

/// Luhn (ISO/IEC 7812): payment cards and 保険者番号.
pub fn luhn(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() == 0 {
        return false;
    }
    let sum: u32 = d
        .rev()
        .enumerate()
        .map(|(i, x)| if i % 2 == 1 { let y = x * 2; if y > 9 { y - 9 } else { y } } else { x })
        .sum();
    sum.is_multiple_of(10)
}

/// 運転免許証番号 (unofficial but widely reproduced): digit 11 = (11 − (Σ w·d over d1..d10, weights
/// 5,4,3,2,7,6,5,4,3,2) mod 11) mod 10.
pub fn drivers_license(s: &str) -> bool {
    let Some(d) = values::<12>(s) else { return false };
    let r = weighted(&d, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2], 11);
    d[10] == (11 - r) % 10
}

/// Public-safety-commission codes that start a driver's licence number.
pub fn drivers_license_commission(code: u32) -> Option<&'static str> {
    Some(match code {
        0 => "外国免許切替",
        10 => "北海道(札幌)",
        11 => "函館",
        12 => "旭川",
        13 => "釧路",
        14 => "北見",
        20 => "青森",
        21 => "岩手",
        22 => "宮城",
        23 => "秋田",
        24 => "山形",
        25 => "福島",
        30 => "東京",
        40 => "茨城",
        41 => "栃木",
        42 => "群馬",
        43 => "埼玉",
        44 => "千葉",
        45 => "神奈川",
        46 => "新潟",
        47 => "山梨",
        48 => "長野",
        49 => "静岡",
        50 => "富山",
        51 => "石川",
        52 => "福井",
        53 => "岐阜",
        54 => "愛知",
        55 => "三重",
        60 => "滋賀",
        61 => "京都",
        62 => "大阪",
        63 => "兵庫",
        64 => "奈良",
        65 => "和歌山",
        70 => "鳥取",
        71 => "島根",
        72 => "岡山",
        73 => "広島",
        74 => "山口",
        80 => "徳島",
        81 => "香川",
        82 => "愛媛",
        83 => "高知",
        90 => "福岡",
        91 => "佐賀",
        92 => "長崎",
        93 => "熊本",
        94 => "大分",
        95 => "宮崎",
        96 => "鹿児島",
        97 => "沖縄",
        _ => return None,
    })
}

/// All digits the same (`000000000000` passes the My Number check).
pub fn all_same(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().all(|&c| c == b[0])
}

/// EAN-13 / JAN check digit (weights 1,3 alternating from the left; the last digit checks).
pub fn ean13(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 13 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b[..12].iter().enumerate().map(|(i, &d)| u32::from(d - b'0') * if i % 2 == 0 { 1 } else { 3 }).sum();
    (10 - sum % 10) % 10 == u32::from(b[12] - b'0')
}

/// A 13-digit product code: a Japanese JAN (45/49 prefix) or an ISBN-13 (978/979) with a valid
/// EAN check digit. Checksum-valid IDs of other kinds collide with these about one time in ten.
pub fn is_product_code(s: &str) -> bool {
    (s.starts_with("45") || s.starts_with("49") || s.starts_with("978") || s.starts_with("979")) && ean13(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_examples() {
        assert!(my_number("621498320257"));
        assert!(my_number("983205673214"));
        assert!(!my_number("621498320258"));
        assert!(corporate_number("5835678256246"));
        assert!(corporate_number("7000012050002"));
        assert!(!corporate_number("2835678256246"));
        assert!(luhn("4111111111111111"));
        assert!(luhn("33120015"));
        assert!(!luhn("4111111111111112"));
        assert!(drivers_license("309012345620"));
        assert!(drivers_license("459803358720"));
        assert!(!drivers_license("309012345630"));
        assert!(!my_number("62149832025X"));
        assert!(!my_number("62149832025") && !my_number("6214983202570"));
        assert!(!drivers_license("30901234562X") && !drivers_license("30901234562"));
        assert!(!corporate_number("583567825624X") && !corporate_number("583567825624"));
        assert!(!luhn(""));
    }
}
