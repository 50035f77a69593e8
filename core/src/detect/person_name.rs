//! 氏名: a name is reported only with evidence, because most surnames are ordinary words too
//! (中村橋, 金子を借りる, 岸): an honorific or title after it (`山田太郎様`, `田中部長`), a label before it
//! (`氏名：`, `お名前 `, `口座名義：`), a name or kana column (see `engine`), or the shape of bank data
//! (half-width katakana `ﾔﾏﾀﾞ ﾀﾛｳ`). The surname and given-name dictionaries then decide how sure
//! the finding is and where the name starts; a name outside the dictionaries is still reported in
//! an unmistakable slot (a label or a column), with a lower score.

use core::ops::Range;

use super::Draft;
use crate::data;
use crate::finding::{Kind, Reason};
use crate::normalize::is_space;

/// Longest name considered, in characters (spaces included).
const MAX_CHARS: usize = 16;

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々')
}
fn is_katakana(c: char) -> bool {
    matches!(c, 'ァ'..='ヺ' | 'ー' | '・')
}
fn is_hiragana(c: char) -> bool {
    matches!(c, 'ぁ'..='ゖ')
}
fn is_half_kana(c: char) -> bool {
    matches!(c, '\u{FF66}'..='\u{FF9F}')
}
fn is_name_char(c: char) -> bool {
    is_kanji(c) || is_katakana(c) || is_hiragana(c) || is_half_kana(c)
}

/// Half-width katakana to full-width, with voiced marks composed (`ﾀﾞ` → `ダ`); other characters
/// are kept.
pub(crate) fn half_to_full_kana(s: &str) -> String {
    const BASE: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
    let base: Vec<char> = BASE.chars().collect();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{FF9E}' | '\u{FF9F}' => {
                let handaku = c == '\u{FF9F}';
                if let Some(last) = out.pop() {
                    let composed = match (last, handaku) {
                        ('ウ', false) => 'ヴ',
                        (l, false) if "カキクケコサシスセソタチツテトハヒフヘホ".contains(l) => char::from_u32(l as u32 + 1).unwrap_or(l),
                        (l, true) if "ハヒフヘホ".contains(l) => char::from_u32(l as u32 + 2).unwrap_or(l),
                        (l, _) => {
                            out.push(l);
                            continue;
                        }
                    };
                    out.push(composed);
                }
            }
            '\u{FF66}'..='\u{FF9D}' => out.push(base[(c as u32 - 0xFF66) as usize]),
            '\u{FF65}' => out.push('・'),
            _ => out.push(c),
        }
    }
    out
}

/// What the dictionaries say about a candidate name.
#[derive(Debug, Default)]
struct Analysis {
    /// Characters of the surname part (0 = no listed surname at the start).
    surname: usize,
    given_listed: bool,
    reasons: Vec<Reason>,
}

/// Half-width katakana present (then the dictionaries need the full-width spelling).
fn has_half_kana(s: &str) -> bool {
    s.as_bytes().windows(2).any(|w| w[0] == 0xEF && (w[1] == 0xBD || w[1] == 0xBE))
}

/// The script of a word's first character: it says which name lists can hold the word (spellings
/// start with a kanji, readings with a katakana; given-name spellings also with hiragana, `さくら`,
/// or katakana, `マリ子`: a test checks the data), so a look-up consults one list, not three.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Kanji,
    Katakana,
    Hiragana,
    Other,
}

fn script(c: char) -> Script {
    if is_kanji(c) {
        Script::Kanji
    } else if is_katakana(c) {
        Script::Katakana
    } else if is_hiragana(c) {
        Script::Hiragana
    } else {
        Script::Other
    }
}

/// The listed surname `s` is, as the list writes it (a spelling, or a reading in katakana).
/// `hiragana`: a reading may be written in hiragana here (after a label, in a column), where it
/// would not be before an honorific (`みなさん` is not ミナ).
fn surname_entry(s: &str, hiragana: bool) -> Option<&'static str> {
    if has_half_kana(s) {
        data::surname_reading(&half_to_full_kana(s))
    } else {
        surname_in(s, script(s.chars().next()?), hiragana)
    }
}
/// [`surname_entry`] of a word without half-width kana whose first character is of `first`.
fn surname_in(s: &str, first: Script, hiragana: bool) -> Option<&'static str> {
    match first {
        Script::Kanji => data::surname_spelling(s),
        Script::Katakana => data::surname_reading(s),
        Script::Hiragana if hiragana => hiragana_reading(s).and_then(|k| data::surname_reading(&k)),
        _ => None,
    }
}
fn surname_listed(s: &str, hiragana: bool) -> bool {
    surname_entry(s, hiragana).is_some()
}
/// The listed given name `s` is (see [`surname_entry`]).
fn given_entry(s: &str, hiragana: bool) -> Option<&'static str> {
    if has_half_kana(s) {
        data::given_reading(&half_to_full_kana(s))
    } else {
        given_in(s, script(s.chars().next()?), hiragana)
    }
}
/// [`given_entry`] of a word without half-width kana whose first character is of `first`.
fn given_in(s: &str, first: Script, hiragana: bool) -> Option<&'static str> {
    match first {
        Script::Kanji => data::given_spelling(s),
        Script::Katakana => data::given_reading(s).or_else(|| data::given_spelling(s)),
        Script::Hiragana => data::given_spelling(s).or_else(|| if hiragana { hiragana_reading(s).and_then(|k| data::given_reading(&k)) } else { None }),
        Script::Other => None,
    }
}

/// A reading written in hiragana (`なかお`, as フリガナ fields are often filled) in katakana, the
/// script of the reading lists; `None` unless `s` is all hiragana.
fn hiragana_reading(s: &str) -> Option<String> {
    (!s.is_empty() && s.chars().all(is_hiragana)).then(|| s.chars().map(|c| char::from_u32(c as u32 + 0x60).unwrap_or(c)).collect())
}

/// `s` splits into a listed surname and a listed given name (`山田太郎`): a header cell that reads
/// like this is a row of names, not a column name.
pub(crate) fn is_listed_full_name(s: &str) -> bool {
    let a = analyze(s.trim().trim_matches('"'), false);
    a.surname > 0 && a.given_listed
}

/// Longest surname tried, in characters (kanji surnames have 1–3, readings up to 7).
const MAX_SURNAME: usize = 7;

/// Splits `name` (one optional inner space) into a listed surname and a given name. `hiragana`: see
/// [`surname_listed`].
fn analyze(name: &str, hiragana: bool) -> Analysis {
    analyze_with(words(name), hiragana, has_half_kana(name))
}

/// The first two words of `name` between spaces ([`is_space`]; empty words skipped), and whether
/// there are more.
fn words(name: &str) -> Words<'_> {
    let mut parts = name.split(is_space).filter(|p| !p.is_empty());
    (parts.next(), parts.next(), parts.next().is_some())
}

/// [`words`] of `name` whose spaces, at most two, the caller has found (`spaces`: their byte
/// ranges, in order): a name cell's check looks at every character already, and splitting the
/// cell again by characters cost ~200 instructions.
fn words_around<'a>(name: &'a str, spaces: &[Range<usize>]) -> Words<'a> {
    let mut found: [Option<&str>; 3] = [None; 3];
    let mut n = 0;
    let mut start = 0;
    for end in spaces.iter().map(|r| r.start).chain([name.len()]) {
        if end > start && n < 3 {
            found[n] = Some(&name[start..end]);
            n += 1;
        }
        start = spaces.iter().find(|r| r.start == end).map_or(end, |r| r.end);
    }
    (found[0], found[1], found[2].is_some())
}

/// A name's first two words and whether there are more ([`words`]).
type Words<'a> = (Option<&'a str>, Option<&'a str>, bool);

/// [`analyze`] of a name whose half-width kana the caller knows of (`half`): a cell's check has
/// looked at every character already.
fn analyze_with((first, second, more): Words<'_>, hiragana: bool, half: bool) -> Analysis {
    let mut a = Analysis::default();
    // Half-width kana are converted per word; without them (every name cell, once normalized) each
    // look-up is told the script of the word's first character, which the caller has at hand.
    let surname_of = |s: &str, first: Script| if half { surname_entry(s, hiragana) } else { surname_in(s, first, hiragana) };
    let given_of = |s: &str, first: Script| if half { given_entry(s, hiragana) } else { given_in(s, first, hiragana) };
    let script_of = |s: &str| s.chars().next().map_or(Script::Other, script);
    let found = |sur: &str, entry: &'static str, given: Option<&'static str>, a: &mut Analysis| {
        a.surname = sur.chars().count();
        // Room for the given name, and for the column header or keyword that scoring adds.
        a.reasons = Vec::with_capacity(3);
        a.reasons.push(Reason::Dictionary { list: "surnames", entry: entry.into() });
        if let Some(g) = given {
            a.given_listed = true;
            a.reasons.push(Reason::Dictionary { list: "given_names", entry: g.into() });
        }
    };
    match (first, second, more) {
        (Some(sur), Some(given), false) => {
            if let Some(entry) = surname_of(sur, script_of(sur)) {
                found(sur, entry, given_of(given, script_of(given)), &mut a);
            }
        }
        (Some(one), None, _) => {
            // Every split's surname starts with the name's first character.
            let sur_script = script_of(one);
            // A spelling is at most as long as the longest listed one (kanji: 3 characters).
            let limit = if sur_script == Script::Kanji { data::longest_surname_spelling().min(MAX_SURNAME) } else { MAX_SURNAME };
            // The splits (end of the surname, first character of the given name), at most `limit`.
            let mut splits = [(0, ' '); MAX_SURNAME];
            let mut count = 0;
            for split in one.char_indices().skip(1).chain([(one.len(), ' ')]).take(limit) {
                splits[count] = split;
                count += 1;
            }
            // Prefer the split where both halves are listed, then the longest listed surname: from
            // the longest surname down, the first split with both halves listed is the one (the
            // shorter surnames need no look-up then; `伊藤一郎` is not tried as `伊` + `藤一郎`).
            let mut best: Option<(usize, &'static str, Option<&'static str>)> = None;
            for &(k, c) in splits[..count].iter().rev() {
                let (sur, given) = one.split_at(k);
                if let Some(entry) = surname_of(sur, sur_script) {
                    let g = given_of(given, script(c));
                    if g.is_some() || best.is_none() {
                        best = Some((k, entry, g));
                    }
                    if g.is_some() {
                        break;
                    }
                }
            }
            if let Some((k, entry, given)) = best {
                found(&one[..k], entry, given, &mut a);
            } else if one.chars().count() >= 2 {
                // Not a listed surname: a listed given name at the end still says "name".
                for (k, c) in one.char_indices().skip(1) {
                    let given = &one[k..];
                    if given.chars().count() < 2 {
                        break;
                    }
                    if let Some(g) = given_of(given, script(c)) {
                        a.given_listed = true;
                        a.reasons.push(Reason::Dictionary { list: "given_names", entry: g.into() });
                        break;
                    }
                }
            }
        }
        _ => {}
    }
    a
}

/// Endings of a business's name built on a surname (`山田商事`, `中村製作所`, `田中工務店`,
/// `中村屋`): invoices and letters address businesses with 様 as often as people.
const BUSINESS_ENDINGS: &[&str] = &[
    "商事", "商店", "商会", "製作所", "工務店", "工業", "工場", "建設", "産業", "興業", "物産", "電機", "電気", "運輸", "運送", "不動産", "事務所", "病院", "医院", "歯科", "薬局",
    "書店", "酒店", "食品", "印刷", "設計", "企画", "技研", "鉄工所", "ホテル", "旅館", "農園", "牧場", "屋", "堂", "店", "社", "園",
];

/// `value` (`n` characters besides spaces, analysed as `a`) is a business named after a surname:
/// a listed surname, more after it that is no listed given name, and a business ending (`山田商事`).
fn business_named_after_surname(value: &str, a: &Analysis, n: usize) -> bool {
    a.surname >= 1 && !a.given_listed && n > a.surname && BUSINESS_ENDINGS.iter().any(|e| value.trim_end_matches(is_space).ends_with(e))
}

/// `run` (at `run_start`), a listed one-character surname, is a name before `honorific` (`、東氏（…`,
/// `経理部の星様`, `谷さん`; `next`: the character after the honorific): the run is that character
/// alone, not the end of a longer word, and no `お`/`ご` makes it a word with the honorific
/// (`お星様`, `お前さん`); before 様 and さん, not one of the surnames that are also words with them
/// (`奥様`, `神様`, `宮様`); after さん, no kana that would make さん the start of a word (`さんざん`,
/// `さんぽ`, `さんかく`): only a particle (`谷さんは`, `谷さんの`) or anything but hiragana. Reports and
/// mails write people this way; 彼氏, 両氏, 同氏 start with no listed surname.
fn one_character_surname_before(honorific: &str, next: Option<char>, text: &str, run_start: usize, run: &str) -> bool {
    if !matches!(honorific, "氏" | "様" | "さん") || run.chars().count() != 1 {
        return false;
    }
    if honorific == "さん" && next.is_some_and(|c| is_hiragana(c) && !matches!(c, 'は' | 'が' | 'の' | 'に' | 'を' | 'と' | 'も' | 'へ' | 'で' | 'や' | 'よ' | 'ね')) {
        return false;
    }
    if text[..run_start].ends_with(['お', 'ご']) {
        return false;
    }
    honorific == "氏" || !matches!(run, "奥" | "神" | "宮")
}

/// Titles and honorifics that may follow a name, with how much they say.
fn honorific_base(word: &str) -> f32 {
    match word {
        "様" | "さん" | "氏" | "殿" | "君" => 0.55,
        _ => 0.52,
    }
}

/// A name right before an honorific or title (`山田太郎様`, `田中部長`, `山田 花子さん`).
pub(crate) fn before_honorific(text: &str, word: Range<usize>) -> Option<Draft> {
    let w = &text[word.clone()];
    let next = text[word.end..].chars().next();
    // 様子, 様式, 様々, 氏族, 殿下, 君主: the word is part of another word.
    if matches!(w, "様" | "氏" | "殿" | "君") && next.is_some_and(|c| is_kanji(c) || c == '々') {
        return None;
    }
    // `白井　真広 様`: letters put a space between the name and the honorific.
    let before = &text[..word.start];
    let name_end = match before.chars().next_back() {
        Some(c) if is_space(c) => word.start - c.len_utf8(),
        _ => word.start,
    };
    // Walk back over name characters (one inner space allowed).
    let mut start = name_end;
    let mut chars = 0;
    let mut spaces = 0;
    for (i, c) in text[..name_end].char_indices().rev() {
        if is_name_char(c) && !matches!(c, 'は' | 'を' | 'に' | 'へ' | 'で' | 'と' | 'が' | 'も' | 'の' | 'や' | 'お' | 'ご') {
            start = i;
            chars += 1;
        } else if is_space(c) && spaces == 0 && chars > 0 && chars <= 4 {
            spaces += 1;
            continue;
        } else {
            break;
        }
        if chars >= 10 {
            break;
        }
    }
    if chars == 0 {
        return None;
    }
    let run = &text[start..name_end];
    let run = run.trim_start_matches(is_space);
    let run_start = name_end - run.len();
    // The name is the longest suffix of the run the dictionaries explain.
    let offsets: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
    let mut best: Option<(f32, usize, Analysis)> = None;
    for &k in &offsets {
        let cand = &run[k..];
        let n = cand.chars().filter(|c| !is_space(*c)).count();
        if cand.starts_with(is_space) || n > 8 {
            continue;
        }
        // A name starts with a listed surname (checked cheaply first), or is a short run ending in
        // a listed given name.
        let starts_with_surname = cand.char_indices().skip(1).map(|(i, _)| i).chain([cand.len()]).take(MAX_SURNAME).any(|e| surname_listed(&cand[..e], false));
        if !starts_with_surname && !(3..=5).contains(&n) {
            continue;
        }
        let a = analyze(cand, false);
        let given = n.saturating_sub(a.surname);
        if business_named_after_surname(cand, &a, n) {
            continue;
        }
        let score = if a.surname >= 1 && a.given_listed {
            0.72
        } else if a.surname >= 2 && given == 0 {
            honorific_base(w)
        } else if a.surname >= 1 && given <= 3 && a.surname + given >= 2 && !cand.chars().skip(a.surname).any(is_katakana) {
            honorific_base(w) - 0.05
        } else if a.surname == 0 && a.given_listed && (3..=5).contains(&n) {
            0.4
        } else if a.surname == 1 && n == 1 && one_character_surname_before(w, next, text, run_start, run) {
            if w == "氏" {
                0.5
            } else {
                0.45
            }
        } else {
            continue;
        };
        if best.as_ref().is_none_or(|b| score > b.0 || (score == b.0 && k < b.1)) {
            best = Some((score, k, a));
        }
    }
    let (score, k, a) = best?;
    let span = run_start + k..name_end;
    let value = text[span.clone()].trim_end_matches(is_space);
    let span = span.start..span.start + value.len();
    let mut d = Draft::new(Kind::PersonName, span, score, value.to_string()).reason(Reason::Format { detail: ["followed by ", w].concat().into() });
    d.reasons.extend(a.reasons);
    Some(d)
}

/// Titles written before a name as well as after it (`代表取締役社長 高橋一郎`, `営業部長　鈴木一郎`,
/// `弁護士 山田太郎`): signatures, letterheads, minutes.
const TITLES_BEFORE: &[&str] = &["社長", "部長", "弁護士"];

/// A name right after a title (`営業部長　鈴木一郎`). Nothing but the order says "name" here (`部長会議`,
/// `社長室`, `弁護士法人` are words), so the name must be a listed surname and a listed given name, in
/// kanji, right after the title (one space or colon between).
pub(crate) fn after_title(text: &str, word: Range<usize>) -> Option<Draft> {
    let w = &text[word.clone()];
    if !TITLES_BEFORE.contains(&w) {
        return None;
    }
    let rest = &text[word.end..];
    let gap = rest.chars().next().filter(|&c| is_space(c) || matches!(c, ':' | '：')).map_or(0, char::len_utf8);
    let start = word.end + gap;
    // The kanji run after the title, with at most one inner space (`山田 太郎`).
    let mut end = start;
    let mut spaced = false;
    for (i, c) in text[start..].char_indices() {
        if is_kanji(c) {
            end = start + i + c.len_utf8();
        } else if is_space(c) && !spaced && end > start {
            spaced = true;
        } else {
            break;
        }
        if end - start > 8 * 3 {
            return None;
        }
    }
    // The longest prefix of the run that is a surname and a given name, both listed (`鈴木一郎氏`:
    // the honorific after it is not part of the name).
    let run = &text[start..end];
    let mut ends: Vec<usize> = run.char_indices().map(|(i, c)| i + c.len_utf8()).filter(|&e| !run[..e].ends_with(is_space)).collect();
    ends.reverse();
    for e in ends {
        let cand = &run[..e];
        if cand.chars().filter(|c| !is_space(*c)).count() < 3 {
            break;
        }
        let a = analyze(cand, false);
        if a.surname >= 1 && a.given_listed {
            let mut d = Draft::new(Kind::PersonName, start..start + e, 0.6, cand.to_string()).reason(Reason::Format { detail: ["after ", w].concat().into() });
            d.reasons.extend(a.reasons);
            return Some(d);
        }
    }
    None
}

/// A mail signature's name: alone (or after a department) on the line above an address that opens
/// with `〒` at `mark`, under a line naming an organisation:
///
/// ```text
/// 丸三食品株式会社
/// 総務課 辻数枝
/// 〒612-0867 京都府京都市伏見区…
/// ```
///
/// No honorific or label says "name" here, so both halves must be listed (a surname and a given
/// name), and the layout must be exactly this one.
pub(crate) fn above_address(text: &str, mark: usize) -> [Option<Draft>; 2] {
    let line_start = |end: usize| text[..end].rfind('\n').map_or(0, |i| i + 1);
    let here = line_start(mark);
    if here != mark || here == 0 {
        return [None, None];
    }
    let name_line_start = line_start(here - 1);
    let name_line = text[name_line_start..here - 1].trim_end_matches('\r');
    if name_line_start == 0 || name_line.chars().count() > 60 {
        return [None, None];
    }
    let above = text[line_start(name_line_start - 1)..name_line_start - 1].trim_end_matches('\r');
    if !is_organisation(&above.replace(' ', "")) {
        return [None, None];
    }
    // `営業部 三浦　愛乃 / Aino MIURA`: the name in Latin letters after a slash.
    let (name_part, latin) = match name_line.find(" / ") {
        Some(slash) => {
            let r = &name_line[slash + " / ".len()..];
            let start = name_line.len() - r.trim_start().len();
            (&name_line[..slash], Some((start, r.trim())))
        }
        None => (name_line, None),
    };
    // The whole line, or what follows its first space (`総務課 辻数枝`, `カスタマーサポート 藤井　典江`).
    let trimmed = name_part.trim_matches(is_space);
    let after_department = trimmed.find(is_space).map(|i| (&trimmed[..i], trimmed[i..].trim_start_matches(is_space)));
    // A two-character name (`谷健`, `東央`) only after a department word (`営業部 東央`): alone on the
    // line, two kanji that split into a listed surname and given name are as often a place or a
    // branch (`東京`, `中央`).
    let department = after_department.is_some_and(|(d, _)| is_affiliation(d));
    for (cand, least) in [(Some(trimmed), 3), (after_department.map(|(_, c)| c), if department { 2 } else { 3 })] {
        let Some(cand) = cand else { continue };
        let n = cand.chars().filter(|c| !is_space(*c)).count();
        if !(least..=8).contains(&n) || cand.chars().filter(|c| is_space(*c)).count() > 1 || !cand.chars().all(|c| is_kanji(c) || is_space(c)) {
            continue;
        }
        let a = analyze(cand, false);
        if a.surname >= 1 && a.given_listed && !is_organisation(cand) {
            let start = name_line_start + (name_line.len() - name_line.trim_start_matches(is_space).len()) + (trimmed.len() - cand.len());
            let reason = || Reason::Format { detail: "mail signature: under an organisation, above its address".into() };
            let mut d = Draft::new(Kind::PersonName, start..start + cand.len(), 0.6, cand.to_string()).reason(reason());
            d.reasons.extend(a.reasons);
            // `Aino MIURA`, `Eguchi Shino`: two capitalised words (the kanji name beside them is the
            // evidence).
            let latin = latin.filter(|(_, l)| {
                let mut parts = l.split(' ');
                let word = |w: &str| w.len() >= 2 && w.as_bytes()[0].is_ascii_uppercase() && w.bytes().all(|b| b.is_ascii_alphabetic());
                matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None) if word(a) && word(b))
            });
            let latin = latin.map(|(offset, l)| {
                let at = name_line_start + offset;
                Draft::new(Kind::PersonName, at..at + l.len(), 0.55, l.to_string()).reason(reason())
            });
            return [Some(d), latin];
        }
    }
    [None, None]
}

/// Words that make a "name" an organisation (company, bank, branch), in full-width spelling.
const ORGANISATIONS: &[&str] = &["株式会社", "有限会社", "合同会社", "合資会社", "㈱", "㈲", "(株)", "（株）", "カブシキガイシャ", "ユウゲンガイシャ", "ゴウドウガイシャ", "カ)", "銀行", "ギンコウ", "支店", "シテン", "信用金庫", "シンキン", "組合", "クミアイ", "協会", "キヨウカイ", "法人", "ホウジン"];

fn is_organisation(full: &str) -> bool {
    // Most cells of a name column hold no character that starts an organisation word: those need
    // no automaton (on a roster, its setup per cell cost more than the search).
    full.chars().any(starts_organisation_word) && has_organisation_word(full)
}

/// An [`ORGANISATIONS`] word in `full`, without [`is_organisation`]'s prefilter (for a caller that
/// has checked the characters already).
fn has_organisation_word(full: &str) -> bool {
    static AC: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    AC.get_or_init(|| aho_corasick::AhoCorasick::new(ORGANISATIONS).expect("organisation words")).is_match(full)
}

/// `c` is the first character of an [`ORGANISATIONS`] word (a test checks the list). A test of the
/// first two characters (`キ` or `シ` alone starts many readings) cost more than it saved.
fn starts_organisation_word(c: char) -> bool {
    matches!(c, '株' | '有' | '合' | '㈱' | '㈲' | '(' | '（' | 'カ' | 'ユ' | 'ゴ' | '銀' | 'ギ' | '支' | 'シ' | '信' | '組' | 'ク' | '協' | 'キ' | '法' | 'ホ')
}

/// An [`ORGANISATIONS`] word starts at byte `i` of `s`, where character `c` is.
#[inline]
fn organisation_word_at(s: &str, i: usize, c: char) -> bool {
    organisation_words(c).iter().any(|w| s[i..].starts_with(w))
}

/// The [`ORGANISATIONS`] words that start with `c` (a test checks that they are the list's).
fn organisation_words(c: char) -> &'static [&'static str] {
    match c {
        '株' => &["株式会社"],
        '有' => &["有限会社"],
        '合' => &["合同会社", "合資会社"],
        '㈱' => &["㈱"],
        '㈲' => &["㈲"],
        '(' => &["(株)"],
        '（' => &["（株）"],
        'カ' => &["カブシキガイシャ", "カ)"],
        'ユ' => &["ユウゲンガイシャ"],
        'ゴ' => &["ゴウドウガイシャ"],
        '銀' => &["銀行"],
        'ギ' => &["ギンコウ"],
        '支' => &["支店"],
        'シ' => &["シテン", "シンキン"],
        '信' => &["信用金庫"],
        '組' => &["組合"],
        'ク' => &["クミアイ"],
        '協' => &["協会"],
        'キ' => &["キヨウカイ"],
        '法' => &["法人"],
        'ホ' => &["ホウジン"],
        _ => &[],
    }
}

/// Particles and copulas that end a name written before them.
const PARTICLES: &[&str] = &["です", "でし", "が", "は", "を", "に", "の", "と", "へ", "で", "も", "から", "まで", "より", "や"];

/// Values that fill a name slot without being a name.
const NOT_NAMES: &[&str] = &["未記入", "不明", "なし", "無し", "記入", "省略", "同上", "本人", "未定", "空欄", "御中", "各位", "様", "殿", "変更", "欄"];

/// A label's value that fills the slot without a name: one of [`NOT_NAMES`] at its start (`未記入です`,
/// `同上`), a word in hiragana only as the whole value (`なし`): a reading written in hiragana starts
/// with one as often as not (`なしもと`; `はやかわ`, `はしもと` were all lost to a `は` on this list).
fn fills_name_slot(value: &str) -> bool {
    NOT_NAMES.iter().any(|w| if w.chars().all(is_hiragana) { value.trim_end_matches(is_space) == *w } else { value.starts_with(w) })
}

/// Notes in parentheses after a name label on how to write the value (`氏名（カナ）`).
const LABEL_QUALIFIERS: &[&str] = &["カナ", "かな", "ｶﾅ", "フリガナ", "ふりがな", "ﾌﾘｶﾞﾅ", "漢字", "全角", "半角", "姓・名", "姓名", "楷書", "自署", "ローマ字", "英字"];

/// Endings of a department or office written before a person's name (`営業部 鈴木`, `総務課 山本`).
const UNIT_ENDINGS: &[&str] = &["部", "課", "室", "係", "班", "グループ", "チーム", "センター", "支店", "支社", "営業所", "事業所", "サポート", "窓口", "デスク"];

/// A character of an organisation or department word (`株式会社サンプル`, `(株)サンプル`, `営業部`).
fn is_affiliation_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, 'ー' | '・' | '(' | ')' | '（' | '）' | '&' | '＆')
}

/// `word` names an organisation or a department (`株式会社サンプル`, `人事部`), not a person: a listed
/// surname that ends like a department (`阿部`, `服部`) is a person's.
fn is_affiliation(word: &str) -> bool {
    let n = word.chars().count();
    let unit = n >= 2 && UNIT_ENDINGS.iter().any(|e| word.ends_with(e) && word.len() > e.len()) && !surname_listed(word, false);
    n <= 20 && (unit || is_organisation(word))
}

/// A mail's display name right before its address in angle brackets (`差出人: 山田 太郎
/// <taro@example.jp>`, a `To:` line of `佐藤 花子 <hanako@…>, 鈴木 一郎 <…>`): `address_start` is
/// where the address begins. Nothing else says "name" here, so the display name must be the whole
/// of it, after a line start or a list separator (or after an organisation and department), and
/// start with a listed surname.
pub(crate) fn before_email(text: &str, address_start: usize) -> Option<Draft> {
    let before = &text[..address_start];
    let before = before.strip_suffix('<').or_else(|| before.strip_suffix('＜'))?.trim_end_matches(is_space);
    let before = before.strip_suffix('"').unwrap_or(before);
    let end = before.len();
    // Up to two name-character words, the last two words of the display name.
    let mut start = end;
    let mut parts = 0;
    let mut in_word = false;
    for (i, c) in before.char_indices().rev() {
        if is_name_char(c) {
            if end - i > MAX_CHARS * 3 + 3 {
                return None;
            }
            start = i;
            in_word = true;
        } else if is_space(c) && in_word && parts == 0 {
            parts = 1;
            in_word = false;
        } else {
            break;
        }
    }
    let run = &text[start..end];
    // What stands before the run: a line start, a header's colon, a list separator, a quote; or a
    // space after an organisation or department (`株式会社サンプル 人事部 小林美咲 <…>`).
    let head = text[..start].trim_end_matches(is_space);
    let spaced = head.len() < start;
    let run = match head.chars().next_back() {
        None | Some('\n' | '\r' | ':' | '：' | ',' | '、' | ';' | '"' | '\t' | '>' | '（' | '(') => run,
        Some(_) if spaced => {
            let word_start = head.rfind(|ch: char| !is_affiliation_char(ch)).map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
            if !is_affiliation(&head[word_start..]) {
                return None;
            }
            run
        }
        Some(_) => return None,
    };
    // `人事部 小林美咲`: a department as the first of the two words.
    let run = skip_affiliation(run);
    let start = end - run.len();
    let n = run.chars().filter(|c| !is_space(*c)).count();
    if !(2..=MAX_CHARS).contains(&n) || is_organisation(&half_to_full_kana(run)) {
        return None;
    }
    let a = analyze(run, false);
    if a.surname == 0 {
        return None;
    }
    let base = if a.given_listed { 0.7 } else { 0.55 };
    let mut d = Draft::new(Kind::PersonName, start..end, base, half_to_full_kana(run)).reason(Reason::Format { detail: "display name of an e-mail address".into() });
    d.reasons.extend(a.reasons);
    Some(d)
}

/// The value after a label may name the person's organisation and department first
/// (`担当：営業部　鈴木一郎`, `差出人：株式会社サンプル 人事部 小林美咲`): up to two such words, each
/// followed by a space, are skipped. A word that is a listed surname (`阿部`, `服部`) is the name.
fn skip_affiliation(value: &str) -> &str {
    let mut v = value;
    for _ in 0..2 {
        // The word: letters up to a space.
        let Some(space) = v.find(|c: char| !is_affiliation_char(c)) else { break };
        if !v[space..].starts_with(is_space) {
            break;
        }
        if !is_affiliation(&v[..space]) {
            break;
        }
        let next = v[space..].trim_start_matches(is_space);
        // A name after a department is written in kanji or katakana (`営業部 までご連絡を` is no name).
        if !next.chars().next().is_some_and(|c| is_kanji(c) || is_katakana(c) || is_half_kana(c)) {
            break;
        }
        v = next;
    }
    v
}

/// A name right after a label (`氏名：山田太郎`, `【お名前】山田 花子`, `口座名義: ﾔﾏﾀﾞ ﾀﾛｳ`).
pub(crate) fn after_label(text: &str, word: Range<usize>) -> Option<Draft> {
    after_label_with(text, word, false)
}

/// People a form names in a `…：` (or `…:`) label (`顧客名：`, `患者名：`, `申込者：`, `ご依頼主：`, `差出人：`),
/// optionally with `名` after them. Unlike `氏名`, these say "a person" but not always "a name"
/// (`参加者：営業部全員`, `会員：1,234名`), so the value must be a listed surname and a listed given
/// name. Labels the word table has (`氏名`, `担当`, `契約者`, `受取人`) are not repeated here.
const PERSON_LABELS: &[&str] = &[
    "顧客", "お客様", "患者", "生徒", "児童", "園児", "学生", "会員", "利用者", "保護者", "社員", "職員", "受講者", "申込者", "お申込者", "申込人", "依頼者",
    "依頼人", "依頼主", "ご依頼主", "ご依頼人", "注文者", "ご注文者", "購入者", "被保険者", "受診者", "来院者", "参加者", "代表者", "入居者", "相談者",
    "差出人", "届出人", "申請者", "申請人", "請求者", "保証人", "代理人", "記入者", "本人", "世帯主", "送り主", "被害者",
    "配偶者", "お子様", "加入者", "被扶養者", "扶養者", "受付者", "応対者", "発信者", "送信者", "受信者", "名宛人", "申告者", "届出者",
    "受験者", "応募者", "出席者", "欠席者", "退職者",
];

/// The last characters of [`PERSON_LABELS`] (a test checks the list).
const PERSON_LABEL_ENDS: [char; 10] = ['客', '様', '者', '徒', '童', '児', '生', '員', '人', '主'];

/// A name after a person label that ends at `colon` (`：`, or `:` after Japanese; see [`PERSON_LABELS`]).
pub(crate) fn after_person_label(text: &str, colon: Range<usize>) -> Option<Draft> {
    let before = text[..colon.start].trim_end_matches(is_space);
    let bare = before.strip_suffix('名').unwrap_or(before);
    // Most colons end other labels (`電話：`, `お届け先：`, `生年月日：`): their last character says so
    // before the list is searched.
    if !bare.ends_with(PERSON_LABEL_ENDS) {
        return None;
    }
    let label = PERSON_LABELS.iter().find(|l| bare.ends_with(*l))?;
    after_label_with(text, bare.len() - label.len()..before.len(), true)
}

/// [`after_label`]; `strict`: the label says "a person" only (see [`PERSON_LABELS`]), so the value
/// must be a listed surname and a listed given name.
fn after_label_with(text: &str, word: Range<usize>, strict: bool) -> Option<Draft> {
    let label = &text[word.clone()];
    let mut rest = &text[word.end..];
    // `担当者名`, `ご契約者様名`, `氏名欄`: up to three of these after the label word.
    for _ in 0..3 {
        match ["人", "者", "名", "様", "欄"].iter().find_map(|s| rest.strip_prefix(s)) {
            Some(r) => rest = r,
            None => break,
        }
    }
    // `氏名（カナ）：ヤマダ タロウ`, `氏名(漢字) 山田太郎`: a note on how to write the value.
    let mut qualified = false;
    if let Some(inner) = rest.strip_prefix('（').or_else(|| rest.strip_prefix('(')) {
        if let Some(close) = inner.find(['）', ')']) {
            if LABEL_QUALIFIERS.contains(&&inner[..close]) {
                rest = &inner[close + inner[close..].chars().next().map_or(0, char::len_utf8)..];
                qualified = true;
            }
        }
    }
    // `<th>お名前</th><td>山田 太郎</td>`: markup between the label and the value.
    let mut tags = 0;
    while tags < 3 && rest.starts_with('<') {
        let Some(close) = rest.find('>') else { break };
        rest = &rest[close + 1..];
        tags += 1;
    }
    let trimmed = if tags > 0 { rest.trim_start_matches(is_space) } else { rest };
    let trimmed_sp = trimmed.trim_start_matches(is_space);
    let had_space = trimmed_sp.len() < trimmed.len() || tags > 0 || qualified;
    let trimmed = trimmed_sp;
    let sep = trimmed.chars().next()?;
    let after_sep = if matches!(sep, '：' | ':' | '】' | '」' | '』' | '）' | ')' | '＝' | '=' | '］' | ']') {
        // `"name":"山田 太郎"`: a JSON value's opening quote.
        let v = trimmed[sep.len_utf8()..].trim_start_matches(is_space);
        v.strip_prefix('"').unwrap_or(v)
    } else if had_space || (label == "担当" && sep == 'は') {
        // `担当は山田`, `担当 は 山田`: the particle, not the first kana of a reading written in
        // hiragana (`<th>フリガナ</th><td>はっとり たくと`).
        let after_ha = &trimmed[sep.len_utf8()..];
        if sep == 'は' && !after_ha.starts_with(is_hiragana) { after_ha } else { trimmed }
    } else {
        return None;
    };
    let value_text = skip_affiliation(after_sep.trim_start_matches(is_space));
    let start = text.len() - value_text.len();
    // The value: name characters, one inner space between two parts.
    let mut end = start;
    let mut chars = 0;
    let mut first_part_end = None;
    let mut it = value_text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_name_char(c) {
            chars += 1;
            end = start + i + c.len_utf8();
        } else if is_space(c) && first_part_end.is_none() && chars > 0 && it.peek().is_some_and(|&(_, n)| is_name_char(n)) {
            first_part_end = Some(end);
        } else {
            break;
        }
        if chars >= MAX_CHARS {
            break;
        }
    }
    // `山田太郎　住所：…`: a second part followed by a colon is the next label.
    if let Some(fe) = first_part_end {
        let after = text[end..].chars().next();
        if after.is_some_and(|c| matches!(c, '：' | ':' | '】' | '」')) || end - fe > 6 * 3 + 3 {
            end = fe;
        }
    }
    let mut value = &text[start..end];
    // `鈴木です`, `山田が`: a particle or copula after a kanji name ends it.
    if let Some((i, _)) = value.char_indices().skip(1).find(|&(i, c)| {
        is_hiragana(c) && value[..i].chars().next_back().is_some_and(is_kanji) && PARTICLES.iter().any(|p| value[i..].starts_with(p))
    }) {
        value = &value[..i];
    }
    for h in ["様", "さん", "殿"] {
        if let Some(v) = value.strip_suffix(h) {
            value = v.trim_end_matches(is_space);
        }
    }
    let end = start + value.len();
    let n = value.chars().filter(|c| !is_space(*c)).count();
    if !(2..=MAX_CHARS).contains(&n) || fills_name_slot(value) || is_organisation(&half_to_full_kana(value)) || crate::table::is_column_name(value) {
        return None;
    }
    let a = analyze(value, true);
    // `宛名：山田商事`: a business named after its owner.
    if business_named_after_surname(value, &a, n) || (strict && !(a.surname > 0 && a.given_listed)) {
        return None;
    }
    if a.surname == 0 && !a.given_listed {
        // Outside the dictionaries only a clean name shape counts (all kanji, or all kana), and
        // only after a label that is nothing but a name slot (担当 is also 担当部署, 担当業務).
        let kanji = value.chars().all(|c| is_kanji(c) || is_space(c));
        let kana = value.chars().all(|c| is_katakana(c) || is_half_kana(c) || is_space(c));
        if !(kanji && n <= 6 || kana) || matches!(label, "担当") {
            return None;
        }
    }
    let mut base = 0.45;
    if a.surname > 0 {
        base += 0.15;
    }
    if a.given_listed {
        base += 0.1;
    }
    let mut d = Draft::new(Kind::PersonName, start..end, base, half_to_full_kana(value)).reason(Reason::Format { detail: ["after ", label].concat().into() });
    d.reasons.extend(a.reasons);
    Some(d)
}

/// Half-width katakana (`ﾔﾏﾀﾞ ﾀﾛｳ`): bank data writes account holders this way. Reported on its own
/// only when both parts are listed readings; otherwise only with a label or a column.
pub(crate) fn half_kana(text: &str, range: Range<usize>) -> Option<Draft> {
    let s = &text[range.clone()];
    if s.chars().count() < 3 || text[..range.start].ends_with([')', '(', '）', '（']) || text[range.end..].starts_with([')', '）']) {
        return None;
    }
    let full = half_to_full_kana(s);
    if is_organisation(&full) {
        return None;
    }
    let a = analyze(&full, false);
    let mut d = Draft::new(Kind::PersonName, range, 0.3, full);
    d.reasons.push(Reason::Format { detail: "half-width katakana".into() });
    if a.surname > 0 && a.given_listed && s.contains(' ') {
        d.base = 0.55;
    } else {
        d = d.needs_context();
    }
    d.reasons.extend(a.reasons);
    Some(d)
}

/// The text of a cell in a name or kana column (`山田太郎`, `"ヤマダ タロウ"`).
pub(crate) fn in_cell(text: &str, cell: Range<usize>) -> Option<Draft> {
    let raw = &text[cell.clone()];
    // The same padding at both ends (a `\r` too: a row after a `\n\r` line break starts with one).
    let padding = |c: char| is_space(c) || c == '"' || c == '\r';
    let lead = raw.len() - raw.trim_start_matches(padding).len();
    let v = raw[lead..].trim_end_matches(padding);
    if v.is_empty() {
        return None;
    }
    let start = cell.start + lead;
    cell_value(v, start..start + v.len())
}

/// A name split over two cells of a row (`山田` | `太郎` under `姓` | `名`; `surname` and `given`: the
/// values' ranges in `text`): one name, `山田 太郎`, whose span runs from the first value to the end
/// of the second, the delimiter between included. A one-character given name (`健`), too short
/// alone, is found this way.
pub(crate) fn in_cells(text: &str, surname: Range<usize>, given: Range<usize>) -> Option<Draft> {
    let joined = [&text[surname.clone()], " ", &text[given.clone()]].concat();
    cell_value(&joined, surname.start..given.end)
}

/// [`in_cell`] of a cell's value `v` (trimmed), found at `span`.
fn cell_value(v: &str, span: Range<usize>) -> Option<Draft> {
    // One pass: name characters and at most two spaces, 2–20 characters besides the spaces; on the
    // way, whether there are half-width kana, and an organisation word (`株式会社`, `ギンコウ`)
    // where a character starts one (on a roster, most kana cells hold such a character: a look at
    // the few words it starts costs a tenth of an automaton's search of the cell).
    let (mut n, mut spaces, mut half) = (0, 0, false);
    let mut space_at: [Range<usize>; 2] = [0..0, 0..0];
    for (i, c) in v.char_indices() {
        if is_space(c) {
            if let Some(r) = space_at.get_mut(spaces) {
                *r = i..i + c.len_utf8();
            }
            spaces += 1;
        } else if is_name_char(c) {
            n += 1;
            half |= is_half_kana(c);
            if organisation_word_at(v, i, c) {
                return None;
            }
        } else {
            return None;
        }
    }
    if !(2..=20).contains(&n) || spaces > 2 || NOT_NAMES.contains(&v) {
        return None;
    }
    let normalized = if half { half_to_full_kana(v) } else { v.to_string() };
    // Converted half-width kana are checked afresh.
    if half && is_organisation(&normalized) {
        return None;
    }
    // `half_to_full_kana` leaves no half-width kana (and may change the spaces' offsets).
    let a = if half { analyze_with(words(&normalized), true, false) } else { analyze_with(words_around(v, &space_at[..spaces]), true, false) };
    let mut base = 0.35;
    if a.surname > 0 {
        base += 0.1;
    }
    if a.given_listed {
        base += 0.05;
    }
    let mut d = Draft::new(Kind::PersonName, span, base, normalized).needs_context();
    d.reasons = a.reasons;
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`analyze_with`]'s split of a one-word name the plain way: every split tried, the one with
    /// both halves listed preferred, then the longest listed surname. Returns (surname characters,
    /// given name listed).
    fn every_split(one: &str) -> (usize, bool) {
        let first = script(one.chars().next().unwrap());
        let limit = if first == Script::Kanji { data::longest_surname_spelling() } else { MAX_SURNAME };
        let mut best: Option<(bool, usize)> = None;
        for (n, (k, c)) in one.char_indices().skip(1).chain([(one.len(), ' ')]).enumerate() {
            if n >= limit {
                break;
            }
            if surname_in(&one[..k], first, true).is_some() {
                let key = (given_in(&one[k..], script(c), true).is_some(), k);
                best = best.max(Some(key));
            }
        }
        match best {
            Some((given, k)) => (one[..k].chars().count(), given),
            // (No listed surname: a listed given name at the end, as analyze_with looks for one.)
            None => (0, one.chars().count() >= 2 && one.char_indices().skip(1).any(|(k, c)| one[k..].chars().count() >= 2 && given_in(&one[k..], script(c), true).is_some())),
        }
    }

    fn honor(text: &str, word: &str) -> Option<String> {
        let at = text.find(word)?;
        before_honorific(text, at..at + word.len()).map(|d| text[d.span].to_string())
    }
    fn label(text: &str, word: &str) -> Option<String> {
        let at = text.find(word)?;
        after_label(text, at..at + word.len()).map(|d| text[d.span].to_string())
    }

    #[test]
    fn person_label_ends_cover_every_label() {
        for l in PERSON_LABELS {
            assert!(l.ends_with(PERSON_LABEL_ENDS), "{l}");
        }
    }

    #[test]
    fn honorifics() {
        assert_eq!(honor("担当の山田太郎様へ", "様").as_deref(), Some("山田太郎"));
        assert_eq!(honor("営業部の田中部長が", "部長").as_deref(), Some("田中"));
        assert_eq!(honor("株式会社山田商事　佐藤様", "様").as_deref(), Some("佐藤"));
        assert_eq!(honor("山田 花子さん", "さん").as_deref(), Some("山田 花子"));
        // Businesses named after a surname.
        for (t, w) in [("株式会社中村製作所様", "様"), ("山田商事様", "様"), ("田中工務店様", "様"), ("佐藤病院様", "様"), ("中村屋さん", "さん"), ("山本商店さん", "さん")] {
            assert_eq!(honor(t, w), None, "{t}");
        }
        assert_eq!(honor("株式会社中村製作所　中村様", "様").as_deref(), Some("中村"));
        // A listed given name is a person's, whatever it ends with (`健堂` is not, `一郎` is).
        assert_eq!(honor("山田一郎様", "様").as_deref(), Some("山田一郎"));
        assert_eq!(label("宛名：山田商事\n", "宛名"), None);
        for (t, w) in [("お客様各位", "様"), ("皆様へ", "様"), ("様子を見る", "様"), ("同様に", "様"), ("氏名", "氏"), ("彼氏が", "氏"), ("みなさん", "さん"), ("仕様書", "様")] {
            assert_eq!(honor(t, w), None, "{t}");
        }
    }

    /// The display name before the last address of `text`.
    fn display(text: &str) -> Option<String> {
        let at = text.rfind('@')?;
        let e = crate::detect::email::validate(text, at..at + 1)?;
        before_email(text, e.span.start).map(|d| text[d.span].to_string())
    }

    #[test]
    fn display_names() {
        assert_eq!(display("差出人: 山田 太郎 <taro@example.jp>").as_deref(), Some("山田 太郎"));
        assert_eq!(display("From: \"佐藤花子\" <hanako@example.jp>").as_deref(), Some("佐藤花子"));
        assert_eq!(display("To: 佐藤 花子 <hanako@example.jp>").as_deref(), Some("佐藤 花子"));
        // After a list separator: the second entry of a To: line.
        assert_eq!(display("To: 佐藤 花子 <hanako@example.jp>, 鈴木 一郎 <ichiro@example.jp>").as_deref(), Some("鈴木 一郎"));
        assert_eq!(display("To: a@example.jp、鈴木一郎 <ichiro@example.jp>").as_deref(), Some("鈴木一郎"));
        assert_eq!(display("差出人: 株式会社サンプル 人事部 小林美咲 <misaki@example.jp>").as_deref(), Some("小林美咲"));
        assert_eq!(display("差出人: 人事部 小林美咲 <misaki@example.jp>").as_deref(), Some("小林美咲"));
        assert_eq!(display("From: 高橋 <t@example.jp>").as_deref(), Some("高橋"));
        assert_eq!(display("ヤマダ タロウ＜taro@example.jp＞").as_deref(), Some("ヤマダ タロウ"));
        // Not a person: an organisation, a word, a sentence, no brackets.
        for t in ["From: 株式会社サンプル <info@example.jp>", "From: 事務局 <office@example.jp>", "お問い合わせは窓口 <info@example.jp>", "差出人: 山田 太郎 taro@example.jp", "From: お知らせ <news@example.jp>"] {
            assert_eq!(display(t), None, "{t}");
        }
    }

    #[test]
    fn labels() {
        assert_eq!(label("氏名：山田太郎　住所：東京都", "氏名").as_deref(), Some("山田太郎"));
        assert_eq!(label("【お名前】山田 花子", "名前").as_deref(), Some("山田 花子"));
        assert_eq!(label("フリガナ：ヤマダ タロウ\n", "フリガナ").as_deref(), Some("ヤマダ タロウ"));
        assert_eq!(label("担当は鈴木です", "担当").as_deref(), Some("鈴木"));
        assert_eq!(label("氏名：未記入", "氏名"), None);
        assert_eq!(label("氏名,フリガナ,住所", "氏名"), None);
        assert_eq!(label("名前変更の手続き", "名前"), None);
        assert_eq!(label("担当：営業部", "担当"), None);
        assert_eq!(label("担当：営業部　鈴木一郎", "担当").as_deref(), Some("鈴木一郎"));
        assert_eq!(label("担当者：総務課 山本\n", "担当").as_deref(), Some("山本"));
        assert_eq!(label("担当：株式会社サンプル 人事部 小林美咲\n", "担当").as_deref(), Some("小林美咲"));
        // A surname that ends like a department is the name.
        assert_eq!(label("担当：阿部 太郎", "担当").as_deref(), Some("阿部 太郎"));
        assert_eq!(label("担当：服部\n", "担当").as_deref(), Some("服部"));
        assert_eq!(label("氏名（カナ）：ヤマダ タロウ\n", "氏名").as_deref(), Some("ヤマダ タロウ"));
        assert_eq!(label("氏名(漢字) 山田太郎\n", "氏名").as_deref(), Some("山田太郎"));
        assert_eq!(label("氏名（カナ）ヤマダ タロウ\n", "氏名").as_deref(), Some("ヤマダ タロウ"));
        // Not a qualifier: the parentheses hold something else.
        assert_eq!(label("氏名（必須）\n", "氏名"), None);
        // A department and nothing after it, or a department and no name after it.
        assert_eq!(label("担当：営業部 までご連絡ください", "担当"), None);
        // The next line's department is not this value's.
        assert_eq!(label("氏名：山田太郎\n担当者：総務課 山本", "氏名").as_deref(), Some("山田太郎"));
        assert_eq!(label("氏名：山田太郎。営業部 佐藤", "氏名").as_deref(), Some("山田太郎"));
        assert_eq!(label("担当者）お送りします", "担当"), None);
        assert_eq!(label("{\"name\":\"本多 清加\",\"kana\":\"ホンダキヨカ\"}", "\"name\"").as_deref(), Some("本多 清加"));
        assert_eq!(label("{\"kana\":\"ホンダキヨカ\"}", "\"kana\"").as_deref(), Some("ホンダキヨカ"));
        assert_eq!(label("<tr><th>お名前</th><td>山田 太郎</td></tr>", "名前").as_deref(), Some("山田 太郎"));
    }

    /// The look-ups consult only the lists a word's first character allows: every entry of every
    /// list starts with a character of the scripts assumed there.
    #[test]
    fn name_lists_start_with_the_scripts_the_lookups_assume() {
        for (list, firsts) in data::name_list_first_chars() {
            let allowed = |c: char| match list {
                "surname spellings" => is_kanji(c),
                "surname readings" | "given readings" => is_katakana(c),
                _ => is_kanji(c) || is_hiragana(c) || is_katakana(c),
            };
            let odd: Vec<char> = firsts.iter().copied().filter(|&c| !allowed(c)).collect();
            assert!(odd.is_empty(), "{list} start with {odd:?}");
            assert!(firsts.len() > 1000, "{list}");
        }
    }

    #[test]
    fn hiragana_slot_fillers_count_only_as_the_whole_value() {
        assert!(fills_name_slot("なし") && fills_name_slot("なし　") && fills_name_slot("未記入です") && fills_name_slot("同上"));
        assert!(!fills_name_slot("なしもと　さちこ") && !fills_name_slot("はやかわ　さちこ") && !fills_name_slot("山田太郎"));
    }

    #[test]
    fn organisation_prefilter_covers_every_word() {
        for w in ORGANISATIONS {
            let first = w.chars().next().unwrap();
            assert!(starts_organisation_word(first), "{w}");
            assert!(organisation_words(first).contains(w), "{w}");
        }
        for c in ORGANISATIONS.iter().filter_map(|w| w.chars().next()) {
            for w in organisation_words(c) {
                assert!(w.starts_with(c) && ORGANISATIONS.contains(w), "{w}");
            }
        }
        // A name cell holding an organisation word is no name, wherever the word sits.
        for cell in ["山田株式会社", "ヤマダ ギンコウ", "カブシキガイシャ ヤマダ", "サンプル信用金庫", "ヤマダキヨウカイ"] {
            assert!(cell_value(cell, 0..cell.len()).is_none(), "{cell}");
        }
        assert!(cell_value("ヤマダ ミサキ", 0..19).is_some() && cell_value("キクチ シンイチ", 0..22).is_some());
        assert!(is_organisation("サンプル株式会社") && is_organisation("ｶ)ｻﾝﾌﾟﾙ".replace('ｶ', "カ").as_str()) && !is_organisation("山田太郎"));
    }

    #[test]
    fn half_width() {
        assert_eq!(half_to_full_kana("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダ タロウ");
        assert_eq!(half_to_full_kana("ﾎﾟﾝﾌﾟ"), "ポンプ");
        let t = "ﾔﾏﾀﾞ ﾀﾛｳ";
        let d = half_kana(t, 0..t.len()).unwrap();
        assert!(!d.needs_context && d.base >= 0.5, "{d:?}");
        let t = "ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞ";
        assert!(half_kana(t, 0..t.len()).is_none(), "a company");
        let t = "ﾎﾟﾝﾌﾟ ｺｳｼﾞ";
        assert!(half_kana(t, 0..t.len()).unwrap().needs_context, "not listed readings");
    }

    proptest::proptest! {
        /// The split from the longest surname down finds what trying every split finds.
        #[test]
        fn longest_split_first_equals_every_split(s in "(中|中野|高|高野|藤|藤野|上|佐藤|山田|ヤマダ|イトウ)(子|野子|上子|一郎|太郎|花子|野|上|タロウ|ハナコ)(|山|子|ウ)") {
            let got = analyze(&s, true);
            let (surname, given) = every_split(&s);
            proptest::prop_assert_eq!((got.surname, got.given_listed), (surname, given), "{}", s);
        }

        /// A cell's words from the spaces its check found equal a split at the spaces.
        #[test]
        fn words_around_found_spaces_are_the_words(s in "[ 　\u{00A0}、ぁ山ヤa]{0,10}") {
            let spaces: Vec<Range<usize>> = s.char_indices().filter(|&(_, c)| is_space(c)).map(|(i, c)| i..i + c.len_utf8()).collect();
            proptest::prop_assume!(spaces.len() <= 2);
            proptest::prop_assert_eq!(words_around(&s, &spaces), words(&s), "{:?}", s);
        }

        /// The words a character starts find what the automaton over the list finds.
        #[test]
        fn organisation_words_find_what_the_automaton_finds(s in "(株式会社|株式|有限会社|合同|合資会社|ギンコウ|ギン|キヨウカイ|シテン|シンキン|信用金庫|組合|クミアイ|ホウジン|法人|山田|ヤマダ|キ|シ|カ|ン|ウ| ){0,8}") {
            let inline = s.char_indices().any(|(i, c)| organisation_word_at(&s, i, c));
            proptest::prop_assert_eq!(inline, has_organisation_word(&s), "{}", s);
        }

        /// No half-width kana survive the conversion (a name cell's analysis relies on it), not
        /// even a voiced mark with nothing to join.
        #[test]
        fn full_width_kana_have_no_half_width_left(s in "[ｦ-ﾟ･ｰ ア-ン山a]{0,12}") {
            let full = half_to_full_kana(&s);
            proptest::prop_assert!(!has_half_kana(&full), "{s:?} -> {full:?}");
            proptest::prop_assert!(!full.chars().any(is_half_kana), "{s:?} -> {full:?}");
        }
    }
}
