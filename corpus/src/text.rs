//! A document under construction (text + labeled spans) and the character conversions the value
//! generators need: full width, half-width katakana, romaji, kanji numerals.

use jpii::Kind;

/// A labeled value: `kind` at byte range `start..end` of the UTF-8 text.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// Text being written, with the spans of the personal information in it.
#[derive(Clone, Debug, Default)]
pub struct Out {
    pub s: String,
    pub labels: Vec<Label>,
}

impl Out {
    pub fn new() -> Out {
        Out::default()
    }

    /// Plain text (no personal information in it).
    pub fn t(&mut self, s: &str) -> &mut Self {
        self.s.push_str(s);
        self
    }

    /// A labeled value.
    pub fn v(&mut self, kind: Kind, s: &str) -> &mut Self {
        let start = self.s.len();
        self.s.push_str(s);
        if !s.is_empty() {
            self.labels.push(Label {
                kind,
                start,
                end: self.s.len(),
            });
        }
        self
    }

    /// Labels `kind` over everything written by `f` (e.g. an address written in pieces).
    pub fn span(&mut self, kind: Kind, f: impl FnOnce(&mut Out)) -> &mut Self {
        let start = self.s.len();
        f(self);
        if self.s.len() > start {
            self.labels.push(Label {
                kind,
                start,
                end: self.s.len(),
            });
        }
        self
    }

    /// Appends another piece with its labels.
    pub fn append(&mut self, o: Out) -> &mut Self {
        let base = self.s.len();
        self.s.push_str(&o.s);
        self.labels.extend(o.labels.into_iter().map(|l| Label {
            start: l.start + base,
            end: l.end + base,
            ..l
        }));
        self
    }
}

/// ASCII → full-width (digits, letters, `-` → `－`, `@` → `＠`, …; space → ideographic space).
pub fn fw(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            ' ' => '\u{3000}',
            _ => c,
        })
        .collect()
}

const KANA: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー";
const HALF: &str = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ";
const VOICED: &str = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
const VOICED_BASE: &str = "カキクケコサシスセソタチツテトハヒフヘホ";
const SEMI: &str = "パピプペポ";
const SEMI_BASE: &str = "ハヒフヘホ";

/// Full-width katakana → half-width (`ガ` → `ｶﾞ`). `zengin`: small kana become large (全銀 style).
pub fn half_kana(s: &str, zengin: bool) -> String {
    let half: Vec<char> = HALF.chars().collect();
    let mut out = String::new();
    for c in s.chars() {
        let c = if zengin { large(c) } else { c };
        if let Some(i) = KANA.chars().position(|k| k == c) {
            out.push(half[i]);
        } else if let Some(i) = VOICED.chars().position(|k| k == c) {
            out.push_str(&half_kana(
                &VOICED_BASE.chars().nth(i).unwrap().to_string(),
                zengin,
            ));
            out.push('ﾞ');
        } else if let Some(i) = SEMI.chars().position(|k| k == c) {
            out.push_str(&half_kana(
                &SEMI_BASE.chars().nth(i).unwrap().to_string(),
                zengin,
            ));
            out.push('ﾟ');
        } else if c == 'ヴ' {
            out.push_str("ｳﾞ");
        } else if c == '　' || c == ' ' {
            out.push(' ');
        } else if c == '－' || c == '‐' {
            out.push('-');
        } else if c.is_ascii() {
            out.push(c);
        } else if let Some(h) = fold_ascii(c) {
            out.push(h);
        }
        // Anything else (kanji in a bank name) is dropped: Zengin fields hold kana only.
    }
    out
}

fn fold_ascii(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

fn large(c: char) -> char {
    match c {
        'ァ' => 'ア',
        'ィ' => 'イ',
        'ゥ' => 'ウ',
        'ェ' => 'エ',
        'ォ' => 'オ',
        'ャ' => 'ヤ',
        'ュ' => 'ユ',
        'ョ' => 'ヨ',
        'ッ' => 'ツ',
        'ヮ' => 'ワ',
        _ => c,
    }
}

/// Katakana → hiragana.
pub fn hira(s: &str) -> String {
    s.chars()
        .map(|c| {
            if ('ァ'..='ヶ').contains(&c) {
                char::from_u32(c as u32 - 0x60).unwrap()
            } else {
                c
            }
        })
        .collect()
}

/// Katakana → lower-case Hepburn-ish romaji (for e-mail local parts).
pub fn romaji(s: &str) -> String {
    const T: &[(&str, &str)] = &[
        ("キャ", "kya"),
        ("キュ", "kyu"),
        ("キョ", "kyo"),
        ("シャ", "sha"),
        ("シュ", "shu"),
        ("ショ", "sho"),
        ("チャ", "cha"),
        ("チュ", "chu"),
        ("チョ", "cho"),
        ("ニャ", "nya"),
        ("ニュ", "nyu"),
        ("ニョ", "nyo"),
        ("ヒャ", "hya"),
        ("ヒュ", "hyu"),
        ("ヒョ", "hyo"),
        ("ミャ", "mya"),
        ("ミュ", "myu"),
        ("ミョ", "myo"),
        ("リャ", "rya"),
        ("リュ", "ryu"),
        ("リョ", "ryo"),
        ("ギャ", "gya"),
        ("ギュ", "gyu"),
        ("ギョ", "gyo"),
        ("ジャ", "ja"),
        ("ジュ", "ju"),
        ("ジョ", "jo"),
        ("ビャ", "bya"),
        ("ビュ", "byu"),
        ("ビョ", "byo"),
        ("ピャ", "pya"),
        ("ピュ", "pyu"),
        ("ピョ", "pyo"),
        ("ア", "a"),
        ("イ", "i"),
        ("ウ", "u"),
        ("エ", "e"),
        ("オ", "o"),
        ("カ", "ka"),
        ("キ", "ki"),
        ("ク", "ku"),
        ("ケ", "ke"),
        ("コ", "ko"),
        ("サ", "sa"),
        ("シ", "shi"),
        ("ス", "su"),
        ("セ", "se"),
        ("ソ", "so"),
        ("タ", "ta"),
        ("チ", "chi"),
        ("ツ", "tsu"),
        ("テ", "te"),
        ("ト", "to"),
        ("ナ", "na"),
        ("ニ", "ni"),
        ("ヌ", "nu"),
        ("ネ", "ne"),
        ("ノ", "no"),
        ("ハ", "ha"),
        ("ヒ", "hi"),
        ("フ", "fu"),
        ("ヘ", "he"),
        ("ホ", "ho"),
        ("マ", "ma"),
        ("ミ", "mi"),
        ("ム", "mu"),
        ("メ", "me"),
        ("モ", "mo"),
        ("ヤ", "ya"),
        ("ユ", "yu"),
        ("ヨ", "yo"),
        ("ラ", "ra"),
        ("リ", "ri"),
        ("ル", "ru"),
        ("レ", "re"),
        ("ロ", "ro"),
        ("ワ", "wa"),
        ("ヲ", "o"),
        ("ン", "n"),
        ("ガ", "ga"),
        ("ギ", "gi"),
        ("グ", "gu"),
        ("ゲ", "ge"),
        ("ゴ", "go"),
        ("ザ", "za"),
        ("ジ", "ji"),
        ("ズ", "zu"),
        ("ゼ", "ze"),
        ("ゾ", "zo"),
        ("ダ", "da"),
        ("ヂ", "ji"),
        ("ヅ", "zu"),
        ("デ", "de"),
        ("ド", "do"),
        ("バ", "ba"),
        ("ビ", "bi"),
        ("ブ", "bu"),
        ("ベ", "be"),
        ("ボ", "bo"),
        ("パ", "pa"),
        ("ピ", "pi"),
        ("プ", "pu"),
        ("ペ", "pe"),
        ("ポ", "po"),
        ("ヴ", "vu"),
        ("ァ", "a"),
        ("ィ", "i"),
        ("ゥ", "u"),
        ("ェ", "e"),
        ("ォ", "o"),
        ("ャ", "ya"),
        ("ュ", "yu"),
        ("ョ", "yo"),
    ];
    let mut out = String::new();
    let mut rest = s;
    let mut double = false;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('ッ') {
            double = true;
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix('ー') {
            rest = r;
            continue;
        }
        if let Some((k, r)) = T.iter().find(|(k, _)| rest.starts_with(k)) {
            if double {
                out.push(r.chars().next().unwrap());
                double = false;
            }
            out.push_str(r);
            rest = &rest[k.len()..];
        } else {
            let c = rest.chars().next().unwrap();
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

const KD: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1..=99 as kanji with 十 (`45` → `四十五`).
pub fn kanji_num(n: u32) -> String {
    assert!((1..100).contains(&n));
    let (t, o) = (n / 10, n % 10);
    let mut s = String::new();
    if t > 1 {
        s.push_str(KD[t as usize]);
    }
    if t >= 1 {
        s.push('十');
    }
    if o > 0 {
        s.push_str(KD[o as usize]);
    }
    s
}

/// Digits written one kanji each (`2024` → `二〇二四`).
pub fn kanji_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            c.to_digit(10)
                .map(|d| KD[d as usize].to_string())
                .unwrap_or_else(|| c.to_string())
        })
        .collect()
}

/// Groups thousands with commas (`12800` → `12,800`).
pub fn commas(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(half_kana("ヤマダ　タロウ", false), "ﾔﾏﾀﾞ ﾀﾛｳ");
        assert_eq!(half_kana("キョウコ", true), "ｷﾖｳｺ");
        assert_eq!(half_kana("ペ", false), "ﾍﾟ");
        assert_eq!(romaji("キョウコ"), "kyouko");
        assert_eq!(romaji("ハットリ"), "hattori");
        assert_eq!(kanji_num(45), "四十五");
        assert_eq!(kanji_num(10), "十");
        assert_eq!(kanji_num(3), "三");
        assert_eq!(commas(1486651), "1,486,651");
        assert_eq!(fw("090-1"), "０９０－１");
    }
}
