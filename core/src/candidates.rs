//! The single candidate pass: one `regex_automata::meta::Regex` built with `new_many` over
//! *shapes*, not kinds. Every numeric kind starts from the same digit-run token (validators decide
//! what it is), so N detectors never mean N passes.
//!
//! Every pattern starts with a digit, an era name or `@`: the regex's prefilter skips prose quickly.
//! No Unicode `\d`, `\w` or `\b`: explicit classes only (DESIGN §2.3); boundaries are checked by the
//! validators, which look at the characters around the token.

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use regex_automata::util::syntax;

// Without SIMD (WebAssembly without simd128, other targets) the tables are built but not used.
#[cfg_attr(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))), allow(dead_code))]
mod fingerprint;

use fingerprint::{Block, ByteSet, Fingerprint, Fingerprints};

/// What a candidate's pattern says about its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `1970年3月12日`, `昭和45年3月12日`, `平成元年…`, kanji-numeral era dates.
    KanjiDate,
    /// Digits with separators between groups: phones, IDs, card numbers, numeric dates, postal codes.
    Numeric,
    /// `@` or `＠`: an e-mail address is expanded around it.
    At,
    /// A word of the word automaton that is not an era name (see [`Word`]).
    Word(Word),
    /// A run of half-width katakana (`ﾔﾏﾀﾞ ﾀﾛｳ`): bank-data names.
    HalfKana,
}

/// Literal words found in the same pass as the digit triggers: each is evidence that a value is
/// near (an address block, a name before an honorific or after a label).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Word {
    /// An era name: the candidate regex decides whether a date starts there (never yielded).
    Era,
    /// `丁目`, `番地`, Kyoto's `上る`/`下る`/`西入`/`東入`: an address ends here or after.
    AddressBlock,
    /// `様`, `さん`, `氏`, `先生`, `社長`…: a name may end right before.
    Honorific,
    /// `氏名`, `お名前`, `フリガナ`, `口座名義`…: a name may follow.
    NameLabel,
    /// `：` or `:`: it may end a label naming a person (`顧客名：`, `申込者：`, `生徒名: `); the
    /// words before it are checked there, so the tables stop at one rare character, not at dozens
    /// of label words.
    Colon,
}

/// The word automaton's entries. Kept short on purpose: the automaton runs over every byte, and
/// with more than a few dozen words its SIMD prefilter gives out (measured: 18 words ≈ 1.7 GB/s, 65
/// words ≈ 0.45 GB/s on Japanese prose), so rarer titles are left to labels and table columns.
const WORDS: &[(Word, &[&str])] = &[
    (Word::Era, &["明治", "大正", "昭和", "平成", "令和", "㍾", "㍽", "㍼", "㍻", "㋿"]),
    (Word::AddressBlock, &["丁目", "番地", "上る", "下る", "上ル", "下ル", "西入", "東入"]),
    // `（本名です）` after a name works like an honorific: `中の人：山田花子（本名です）`.
    (Word::Honorific, &["様", "さん", "氏", "殿", "君", "先生", "社長", "部長", "弁護士", "容疑者", "被告", "（本名"]),
    (Word::NameLabel, &["氏名", "名前", "宛名", "名義", "担当", "契約者", "受取人", "フリガナ", "ふりがな", "\"name\"", "\"kana\"", "\"full_name\""]),
    // The ASCII colon is a trigger of its own (see `skip_tables`): one byte, no fingerprint.
    (Word::Colon, &["：", ":"]),
];

const D: &str = "[0-9０-９]";
/// Characters that separate two digit groups: hyphen family, dots, slashes, parentheses, tilde,
/// middle dot (each may have one space on either side); a single space alone separates too.
const SEP_CHARS: &str = "-‐‑‒–—―−ーｰ－﹣.．/／()（）~〜～・";

/// A separator of [`SEP_CHARS`] at `i`: its length in bytes (0 for anything else).
#[inline]
fn sep_len(text: &str, i: usize) -> usize {
    // Most numbers end before a kanji (E4–E9 lead bytes), kana without a separator among them
    // aside, or ASCII: decided on the first byte. Only the lead bytes E2, E3 and EF start the
    // non-ASCII separators.
    match text.as_bytes().get(i) {
        Some(b'-' | b'.' | b'/' | b'(' | b')' | b'~') => return 1,
        Some(0xE2 | 0xE3 | 0xEF) => {}
        _ => return 0,
    }
    match text[i..].chars().next() {
        Some(
            c @ ('-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | 'ｰ' | '－' | '﹣' | '.' | '．' | '/' | '／' | '(' | ')' | '（'
            | '）' | '~' | '〜' | '～' | '・'),
        ) => c.len_utf8(),
        _ => 0,
    }
}

/// A space of the patterns (`' '` or `'　'`) at `i`: its length in bytes (0 for anything else).
#[inline]
fn space_len(hay: &[u8], i: usize) -> usize {
    match hay.get(i) {
        Some(b' ') => 1,
        Some(0xE3) if hay.get(i + 1..i + 3) == Some(&[0x80, 0x80]) => 3,
        _ => 0,
    }
}

/// The run of digits (either width) from `i`: its end and how many digits it has.
#[inline]
fn digit_run(hay: &[u8], mut i: usize) -> (usize, usize) {
    let mut n = 0;
    loop {
        match hay.get(i) {
            Some(b) if b.is_ascii_digit() => i += 1,
            Some(0xEF) if hay.get(i + 1) == Some(&0xBC) && hay.get(i + 2).is_some_and(|b| (0x90..=0x99).contains(b)) => i += 3,
            _ => return (i, n),
        }
        n += 1;
    }
}

/// The end of the `Numeric` match at the digit `start`, found by hand, or `None` when a date
/// pattern (which the regex prefers) could match there: four digits followed by `年` and a digit
/// (spaces allowed as in the patterns) or by a parenthesis (`2024年度` is settled here). The hand-written loop is the pattern
/// `{D}+(?:{sep}{D}+)*` with the regex's leftmost-first (backtracking) preferences: within a
/// separator, spaces are taken when a digit can still follow, and a lone space separates too.
/// On a roster nearly every cell is a number with separators (`03-1234-5678`, `1974/12/24`), and
/// running the regex there cost more than validating them.
///
/// Also says whether the match is one run of ASCII digits (no separator, no full-width digit).
#[inline]
fn numeric_end(text: &str, start: usize) -> Option<(usize, bool)> {
    let hay = text.as_bytes();
    let (mut end, n) = digit_run(hay, start);
    if n == 0 {
        return None;
    }
    let mut plain = end - start == n;
    if n == 4 {
        // `1970年3月12日`: `年` (a space allowed before and after it) and then a digit.
        let nen = end + space_len(hay, end);
        let date = text[nen..].starts_with('年') && {
            let after = nen + '年'.len_utf8();
            digit_run(hay, after + space_len(hay, after)).1 > 0
        };
        if date || text[end..].starts_with(['(', '（']) {
            return None;
        }
    }
    loop {
        let lead = space_len(hay, end);
        let sep = sep_len(text, end + lead);
        if sep > 0 {
            let after = end + lead + sep;
            let trail = space_len(hay, after);
            let (e, k) = digit_run(hay, after + trail);
            if k > 0 {
                (end, plain) = (e, false);
                continue;
            }
        }
        if lead > 0 {
            let (e, k) = digit_run(hay, end + lead);
            if k > 0 {
                (end, plain) = (e, false);
                continue;
            }
        }
        return Some((end, plain));
    }
}

const ERA: &str = "(?:明治|大正|昭和|平成|令和|[㍾㍽㍼㍻㋿])";
const KANJI_NUM: &str = "[〇一二三四五六七八九十]";

/// The patterns, in priority order (leftmost-first: at the same start, the earlier one wins).
fn patterns() -> Vec<(Shape, String)> {
    let sp = "[ 　]?";
    // SEP_CHARS starts with `-`: escaped, it is a literal inside the class.
    let sep = format!(r"(?:[ 　]?[\{SEP_CHARS}][ 　]?|[ 　])");
    vec![
        // `1985（昭和60）年4月3日`: western year with the era year in parentheses.
        (
            Shape::KanjiDate,
            format!("{D}{{4}}[（(]{ERA}(?:元|{D}{{1,2}})[）)]{sp}年{sp}{D}{{1,2}}{sp}月{sp}{D}{{1,2}}{sp}日"),
        ),
        (
            Shape::KanjiDate,
            format!(
                "(?:{ERA}{sp}(?:元|{D}{{1,2}})|{D}{{4}}){sp}年{sp}{D}{{1,2}}{sp}月{sp}{D}{{1,2}}{sp}日"
            ),
        ),
        (
            Shape::KanjiDate,
            format!("{ERA}(?:元|{KANJI_NUM}{{1,3}})年{KANJI_NUM}{{1,3}}月{KANJI_NUM}{{1,3}}日"),
        ),
        (Shape::Numeric, format!("{D}+(?:{sep}{D}+)*")),
        (Shape::At, "[@＠]".to_string()),
    ]
}

/// The compiled candidate pass.
///
/// The regex's own prefilter runs at about 450 MB/s on Japanese prose: its prefix literals (digits of
/// two widths, `@`) defeat its SIMD literal search. So the pass is driven by hand, one step per
/// character: ASCII digits, `@`, full-width digits and `＠` are triggers; the first character of a
/// word is looked up in a 64K-bit set of code points ([`WordTable`]). At a digit, a number that
/// cannot start a date is matched by hand ([`numeric_end`]); anything else runs the multi-pattern
/// regex *anchored* there. Same patterns, same leftmost-first priorities (property-tested against
/// the plain regex), one pass over the bytes.
///
/// An `aho_corasick` automaton was used for the words before (Teddy, SIMD): on Japanese prose its
/// 3-byte fingerprints hit on every `大`, `上`, `東`, `名`, `さ` (first characters of 41 words) and
/// its verification of those hits cost more than this whole loop (1.1 GB/s for the words alone).
#[derive(Debug)]
pub(crate) struct Candidates {
    pub regex: Regex,
    shapes: Vec<Shape>,
    /// `None` when no enabled kind has words: then the loop jumps between triggers with a
    /// vectorized byte scan instead of stepping through every character.
    words: Option<WordTable>,
    /// Half-width katakana runs are yielded (person names are enabled).
    half_kana: bool,
    /// The enabled kinds (which short numbers a scan uses depends on them).
    kinds: u32,
}

/// The words of the enabled kinds, by first character.
#[derive(Debug)]
struct WordTable {
    /// Bit `cp` is set when a word starts with the code point `cp` (every word starts in the BMP).
    first: Box<[u64; 1024]>,
    /// Bit [`pair_key`]`(first, second)` is set for the first two characters of every word of two
    /// or more characters: most hits on a common first character (`大阪`, `東京`, `名古屋`) end
    /// here, without a look at the word list.
    pairs: Box<[u64; 1024]>,
    /// Bit `cp` is set when a one-character word is `cp` (`様`, `氏`, `㍻`).
    single: Box<[u64; 1024]>,
    /// (first code point, word, kind), sorted by code point, longer words first.
    words: Vec<(u32, &'static str, Word)>,
    /// Where each first code point's words are in `words` (a hash look-up instead of a binary
    /// search of ~50 entries at every flagged character).
    by_first: rustc_hash::FxHashMap<u32, (u16, u16)>,
    /// Where a candidate may start, 32 bytes at a time (see [`fingerprint`]).
    skip: Fingerprints,
}

#[inline(always)]
fn bit(set: &[u64; 1024], key: u32) -> bool {
    (set[(key >> 6) as usize & 1023] >> (key & 63)) & 1 == 1
}

fn set_bit(set: &mut [u64; 1024], key: u32) {
    set[(key >> 6) as usize & 1023] |= 1 << (key & 63);
}

/// A 16-bit hash of two code points.
#[inline(always)]
fn pair_key(a: u32, b: u32) -> u32 {
    (a.wrapping_mul(0x9E37_79B1) ^ b.wrapping_mul(0x85EB_CA77)) >> 16
}

/// The code point of a three-byte UTF-8 character.
#[inline(always)]
pub(crate) fn code_point3(b0: u8, b1: u8, b2: u8) -> u32 {
    (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F)
}

/// The code point of the character at `i`, for a lead byte of one, two or three bytes (0 for
/// anything else, which starts no word).
#[inline(always)]
fn code_point(hay: &[u8], i: usize) -> u32 {
    match hay.get(i) {
        Some(&b) if b < 0x80 => u32::from(b),
        Some(&b) if (0xE0..0xF0).contains(&b) && i + 2 < hay.len() => code_point3(b, hay[i + 1], hay[i + 2]),
        Some(&b) if (0xC0..0xE0).contains(&b) && i + 1 < hay.len() => (u32::from(b & 0x1F) << 6) | u32::from(hay[i + 1] & 0x3F),
        _ => 0,
    }
}

impl WordTable {
    fn new(words: Vec<(Word, &'static str)>, half_kana: bool) -> Option<WordTable> {
        if words.is_empty() {
            return None;
        }
        let (mut first, mut pairs, mut single) = (Box::new([0u64; 1024]), Box::new([0u64; 1024]), Box::new([0u64; 1024]));
        let mut list: Vec<(u32, &'static str, Word)> = words
            .into_iter()
            .map(|(w, s)| {
                let mut chars = s.chars().map(|c| c as u32);
                let cp = chars.next().expect("words are not empty");
                assert!(cp < 0x10000, "word {s} starts outside the BMP");
                set_bit(&mut first, cp);
                match chars.next() {
                    Some(second) => set_bit(&mut pairs, pair_key(cp, second)),
                    None => set_bit(&mut single, cp),
                }
                (cp, s, w)
            })
            .collect();
        list.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.len().cmp(&a.1.len())));
        let skip = skip_tables(&list, half_kana);
        let mut by_first = rustc_hash::FxHashMap::default();
        for (k, w) in list.iter().enumerate() {
            let k = u16::try_from(k).expect("a few dozen words");
            by_first.entry(w.0).and_modify(|r: &mut (u16, u16)| r.1 = k + 1).or_insert((k, k + 1));
        }
        Some(WordTable { first, pairs, single, words: list, by_first, skip })
    }

    /// The longest word at `at`, whose first character (`len` bytes) is `cp`: its kind and end.
    #[inline]
    fn at(&self, hay: &[u8], at: usize, cp: u32, len: usize) -> Option<(Word, usize)> {
        if !bit(&self.single, cp) && !bit(&self.pairs, pair_key(cp, code_point(hay, at + len))) {
            return None;
        }
        let &(from, to) = self.by_first.get(&cp)?;
        let rest = &hay[at..];
        // Byte by byte: the words are 1–15 bytes, shorter than a `memcmp` call is worth.
        let written = |w: &[u8]| rest.len() >= w.len() && rest.iter().zip(w).all(|(a, b)| a == b);
        self.words[usize::from(from)..usize::from(to)].iter().find(|w| written(w.1.as_bytes())).map(|w| (w.2, at + w.1.len()))
    }
}

/// Which of Teddy's buckets 1–7 each fingerprint goes in (bucket 0: ASCII digits and `@`). A bucket
/// accepts any mix of its members' nibbles, so which members share one decides how often the
/// tables flag a position where nothing starts. This grouping came from a greedy search that merged,
/// step by step, the two buckets whose union flagged the fewest extra positions on the corpus
/// generator's documents (`scripts/skip-buckets.py`; the benchmark texts were not used), keeping
/// one-character words of different lead bytes apart (their three bytes are all that filters
/// them). On the benchmark prose it flags a quarter of the non-digit positions that buckets of
/// neighbouring byte values did. A word missing here (one added later) goes in the last bucket:
/// found all the same. Words are keyed by their first two characters, one-character words by
/// themselves; `FULL_WIDTH_DIGITS` and `HALF_KANA` stand for those triggers.
const SKIP_BUCKETS: [&[&str]; 7] = [
    &[FULL_WIDTH_DIGITS, "君", "："],
    &[HALF_KANA, "㋿", "㍻", "㍼", "㍽", "㍾", "\"n", "\"f", "\"k"],
    &["さん", "ふり", "フリ", "担当"],
    &["丁目", "上る", "上ル", "令和", "先生", "受取", "契約", "昭和"],
    &["下る", "下ル", "名前", "名義", "宛名", "明治", "被告"],
    &["様", "殿", "氏"],
    &["大正", "容疑", "平成", "部長", "（本", "弁護", "東入", "番地", "社長", "西入"],
];
const FULL_WIDTH_DIGITS: &str = "０";
const HALF_KANA: &str = "ｦ";

/// The fingerprints of everything the stepping loop stops for: digits and at signs of both widths,
/// half-width katakana (when names are on), and the words, by their first two characters (a word
/// whose first character is itself a word adds nothing: `氏名` after `氏`).
fn skip_tables(words: &[(u32, &'static str, Word)], half_kana: bool) -> Fingerprints {
    let one = |b: u8| ByteSet::of([b]);
    let mut buckets: Vec<Vec<Fingerprint>> = vec![Vec::new(); 8];
    // A word of one ASCII byte (`:`) joins the digits' bucket: its only byte is all that filters
    // it, and beside `0`–`9` and `@` (0x30–0x39, 0x40) the nibble tables flag just `:` and `J` more.
    let ascii_words = words.iter().filter(|&&(_, w, _)| w.len() == 1).map(|&(_, w, _)| w.as_bytes()[0]);
    buckets[0].push(vec![ByteSet::of((b'0'..=b'9').chain([b'@']).chain(ascii_words))]);
    let bucket = |key: &str| 1 + SKIP_BUCKETS.iter().position(|b| b.contains(&key)).unwrap_or(SKIP_BUCKETS.len() - 1);
    buckets[bucket(FULL_WIDTH_DIGITS)].push(vec![one(0xEF), one(0xBC), ByteSet::of((0x90..=0x99).chain([0xA0]))]);
    if half_kana {
        buckets[bucket(HALF_KANA)].push(vec![one(0xEF), one(0xBD), ByteSet::of(0xA6..=0xBF)]);
        buckets[bucket(HALF_KANA)].push(vec![one(0xEF), one(0xBE), ByteSet::of(0x80..=0x9F)]);
    }
    let single = |w: &str| w.chars().nth(1).is_none();
    let mut keys: Vec<&str> = words
        .iter()
        .map(|&(_, w, _)| w.char_indices().nth(2).map_or(w, |(end, _)| &w[..end]))
        .filter(|key| key.len() > 1 && (single(key) || !words.iter().any(|&(_, w, _)| single(w) && key.starts_with(w))))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        buckets[bucket(key)].push(fingerprint::exact(key));
    }
    Fingerprints::new(&buckets)
}

/// A byte that can start a candidate (or, for 0xEF, may: the next two bytes decide).
#[inline(always)]
fn is_trigger(b: u8) -> bool {
    (b.wrapping_sub(b'0') < 10) | (b == b'@') | (b == 0xEF)
}

/// The next position ≥ `from` whose byte is a trigger. Works 32 bytes at a time with a branch-free
/// test the compiler vectorizes.
#[inline]
fn next_trigger(hay: &[u8], from: usize) -> Option<usize> {
    const CHUNK: usize = 32;
    let mut i = from;
    while i + CHUNK <= hay.len() {
        let chunk: &[u8; CHUNK] = hay[i..i + CHUNK].try_into().expect("chunk");
        let mut any = false;
        for &b in chunk {
            any |= is_trigger(b);
        }
        if any {
            if let Some(k) = chunk.iter().position(|&b| is_trigger(b)) {
                return Some(i + k);
            }
        }
        i += CHUNK;
    }
    hay[i.min(hay.len())..].iter().position(|&b| is_trigger(b)).map(|k| i + k)
}

/// Skips 16-byte blocks of ASCII with no digit, `@` or `"` (the only ASCII bytes that start
/// anything; a `:` does only after Japanese and spaces, and the caller skips only after an ASCII
/// byte that is not a space, so no colon in these blocks counts); returns where the byte-by-byte
/// loop resumes.
#[inline]
fn skip_plain_ascii(hay: &[u8], mut i: usize) -> usize {
    const CHUNK: usize = 16;
    while i + CHUNK <= hay.len() {
        let chunk: &[u8; CHUNK] = hay[i..i + CHUNK].try_into().expect("chunk");
        let mut any = false;
        for &b in chunk {
            any |= (b >= 0x80) | (b.wrapping_sub(b'0') < 10) | (b == b'@') | (b == b'"');
        }
        if any {
            break;
        }
        i += CHUNK;
    }
    i
}

/// A full-width form that starts a candidate: `０`–`９` (EF BC 90–99) or `＠` (EF BC A0).
#[inline]
fn fullwidth_start(hay: &[u8], at: usize) -> bool {
    hay.get(at + 1) == Some(&0xBC) && hay.get(at + 2).is_some_and(|&b| (0x90..=0x99).contains(&b) || b == 0xA0)
}

/// Half-width katakana `ｦ`–`ﾟ` (U+FF66–FF9F: EF BD A6–BF, EF BE 80–9F) at `at`.
#[inline]
fn halfkana_at(hay: &[u8], at: usize) -> bool {
    hay.get(at) == Some(&0xEF)
        && match hay.get(at + 1) {
            Some(0xBD) => hay.get(at + 2).is_some_and(|&b| b >= 0xA6),
            Some(0xBE) => hay.get(at + 2).is_some_and(|&b| b <= 0x9F),
            _ => false,
        }
}

/// The end of a half-width katakana run starting at `at`: kana, and single spaces between kana.
fn halfkana_end(hay: &[u8], at: usize) -> usize {
    let mut i = at;
    let mut end = at;
    while i < hay.len() {
        if halfkana_at(hay, i) {
            i += 3;
            end = i;
        } else if hay[i] == b' ' && i > at && halfkana_at(hay, i + 1) {
            i += 1;
        } else {
            break;
        }
    }
    end
}

impl Candidates {
    /// The candidate pass for a kind mask: words of disabled kinds are left out of the table, so a
    /// scan for numbers only does not pay for honorifics.
    pub fn new(kinds: u32) -> Candidates {
        let on = |k: crate::finding::Kind| kinds & k.bit() != 0;
        let wanted = |w: Word| match w {
            Word::Era => on(crate::finding::Kind::BirthDate),
            Word::AddressBlock => on(crate::finding::Kind::Address),
            Word::Honorific | Word::NameLabel | Word::Colon => on(crate::finding::Kind::PersonName),
        };
        let pats = patterns();
        let sources: Vec<&str> = pats.iter().map(|(_, s)| s.as_str()).collect();
        let regex = Regex::builder()
            .syntax(syntax::Config::new().unicode(true).utf8(true))
            .configure(Regex::config().hybrid_cache_capacity(4 << 20))
            .build_many(&sources)
            .expect("candidate patterns are valid");
        let words: Vec<(Word, &'static str)> =
            WORDS.iter().filter(|(w, _)| wanted(*w)).flat_map(|(w, list)| list.iter().map(move |s| (*w, *s))).collect();
        let half_kana = on(crate::finding::Kind::PersonName);
        Candidates { regex, shapes: pats.into_iter().map(|(s, _)| s).collect(), words: WordTable::new(words, half_kana), half_kana, kinds }
    }

    pub fn shape(&self, pattern: usize) -> Shape {
        self.shapes[pattern]
    }

    /// Every candidate of `text`, in order, each starting at or after the previous one's end.
    #[cfg(test)]
    pub fn iter<'t>(&'t self, text: &'t str) -> CandidateIter<'t> {
        CandidateIter { c: self, text, pos: 0, block: Block::default(), drop_unused: false }
    }

    /// The candidates a scan reads: [`iter`](Self::iter) without the short numbers no detector
    /// reads ([`detect::unused_short_number`](crate::detect::unused_short_number)). Those are most
    /// numbers of prose (`2024年度`, `前年比12％`); dropped here, each costs a few dozen
    /// instructions instead of a round through the engine's candidate loop.
    pub fn used<'t>(&'t self, text: &'t str) -> CandidateIter<'t> {
        CandidateIter { c: self, text, pos: 0, block: Block::default(), drop_unused: true }
    }
}

/// Iterator over the candidates of one text (see [`Candidates::iter`]).
pub(crate) struct CandidateIter<'t> {
    c: &'t Candidates,
    text: &'t str,
    pos: usize,
    /// The skip tables' last block (see [`Fingerprints::next`]).
    block: Block,
    /// Short numbers no detector reads are passed over (see [`Candidates::used`]).
    drop_unused: bool,
}

type Item = (Shape, core::ops::Range<usize>);

impl<'t> Iterator for CandidateIter<'t> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.c.words.is_some() {
            self.next_stepping()
        } else {
            self.next_jumping()
        }
    }
}

impl<'t> CandidateIter<'t> {
    /// Without words: jump from trigger byte to trigger byte.
    fn next_jumping(&mut self) -> Option<Item> {
        let hay = self.text.as_bytes();
        while let Some(p) = next_trigger(hay, self.pos) {
            if hay[p] == 0xEF && !fullwidth_start(hay, p) {
                self.pos = p + 1;
                continue;
            }
            if let Some(found) = self.at_trigger(p) {
                return Some(found);
            }
        }
        self.pos = hay.len();
        None
    }

    /// With words: one step per character, looking each character up. Three-byte characters
    /// (kana, kanji, full-width forms) come first: they are most of Japanese text.
    fn next_stepping(&mut self) -> Option<Item> {
        let hay = self.text.as_bytes();
        let words = self.c.words.as_ref().expect("stepping has words");
        let first = &*words.first;
        let mut i = self.pos;
        while i < hay.len() {
            // The common case first, skipped in bulk: characters where nothing starts. Without the
            // tables, a loop of its own over kana and kanji (lead bytes E0–EE) that start no word.
            let special = |c: &[u8]| c[0].wrapping_sub(0xE0) >= 0x0F || bit(first, code_point3(c[0], c[1], c[2]));
            let step_from = |mut j: usize| {
                while let Some(c) = hay.get(j..j + 3) {
                    if special(c) {
                        break;
                    }
                    j += 3;
                }
                j
            };
            i = match words.skip.next(hay, i, &mut self.block) {
                // A position the tables flag; they skipped every one where nothing can start.
                Some(Ok(flagged)) => flagged,
                // Near the end, where the tables stopped; or without SIMD: character by character.
                Some(Err(tail)) => step_from(tail),
                None => step_from(i),
            };
            let Some(&b) = hay.get(i) else { break };
            if let Some(&[_, b1, b2]) = hay.get(i..i + 3).filter(|_| b & 0xF0 == 0xE0) {
                if b == 0xEF {
                    if fullwidth_start(hay, i) {
                        if let Some(found) = self.at_trigger(i) {
                            return Some(found);
                        }
                        i = self.pos.max(i + 3);
                        continue;
                    }
                    if self.c.half_kana && halfkana_at(hay, i) {
                        let end = halfkana_end(hay, i);
                        self.pos = end;
                        return Some((Shape::HalfKana, i..end));
                    }
                }
                let cp = code_point3(b, b1, b2);
                if bit(first, cp) {
                    if let Some((word, end)) = words.at(hay, i, cp, 3) {
                        if word != Word::Era {
                            self.pos = end;
                            return Some((Shape::Word(word), i..end));
                        }
                        // An era name: a date may start here.
                        if let Some(found) = self.anchored(i) {
                            return Some(found);
                        }
                        i = end;
                        continue;
                    }
                }
                i += 3;
                continue;
            }
            if b < 0x80 {
                if b.is_ascii_digit() || b == b'@' {
                    if let Some(found) = self.at_trigger(i) {
                        return Some(found);
                    }
                    i = self.pos;
                    continue;
                } else if b == b':' && bit(first, u32::from(b)) {
                    // An ASCII colon ends a person label only after one written in Japanese
                    // (`生徒名: `, `差出人 :`): the colons of JSON, times and URLs follow ASCII and
                    // are passed over here, without a look at the word list.
                    if hay[..i].trim_ascii_end().last().is_some_and(|&p| p >= 0x80) {
                        self.pos = i + 1;
                        return Some((Shape::Word(Word::Colon), i..i + 1));
                    }
                    i += 1;
                    continue;
                } else if b == b'"' && bit(first, u32::from(b)) {
                    if let Some((word, end)) = words.at(hay, i, u32::from(b), 1) {
                        self.pos = end;
                        return Some((Shape::Word(word), i..end));
                    }
                } else if b.is_ascii_whitespace() {
                    // Spaces may stand between Japanese and a colon that counts (`生徒名 : `): the
                    // blocks below are skipped only after other ASCII, which no colon in them
                    // can look past.
                    i += 1;
                    continue;
                }
                i = skip_plain_ascii(hay, i + 1);
                continue;
            }
            // Two- and four-byte characters start nothing (continuation bytes never start a
            // character of a `str`).
            i += match b {
                0xC0..=0xDF => 2,
                0xF0.. => 4,
                _ => 1,
            };
        }
        self.pos = hay.len();
        None
    }

    /// The candidate at a trigger `p` (a digit of either width or an at sign), if any; moves past it
    /// (`self.pos`) either way.
    #[inline]
    fn at_trigger(&mut self, p: usize) -> Option<Item> {
        // A number that cannot start a date is matched by hand; dates, `@` and `＠` by the regex.
        if let Some((end, plain)) = numeric_end(self.text, p) {
            self.pos = end;
            if self.drop_unused && plain && end - p <= 4 && crate::detect::unused_short_number(self.text, p..end, self.c.kinds) {
                return None;
            }
            return Some((Shape::Numeric, p..end));
        }
        let found = self.anchored(p);
        if found.is_none() {
            self.pos = p + 1;
        }
        found
    }

    fn anchored(&mut self, at: usize) -> Option<Item> {
        let input = Input::new(self.text).range(at..).anchored(Anchored::Yes);
        let m = self.c.regex.search(&input)?;
        self.pos = m.end().max(at + 1);
        Some((self.c.shape(m.pattern().as_usize()), m.range()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(Shape, &str)> {
        let c = Candidates::new(u32::MAX);
        let fast: Vec<(Shape, &str)> =
            c.iter(text).filter(|(s, _)| !matches!(s, Shape::Word(_) | Shape::HalfKana)).map(|(s, r)| (s, &text[r])).collect();
        // The driven pass must equal a plain leftmost-first scan with the same regex.
        let plain: Vec<(Shape, &str)> = c.regex.find_iter(text).map(|m| (c.shape(m.pattern().as_usize()), &text[m.range()])).collect();
        assert_eq!(fast, plain, "{text}");
        fast
    }

    #[test]
    fn shapes() {
        assert_eq!(tokens("電話03-1234-5678です"), [(Shape::Numeric, "03-1234-5678")]);
        assert_eq!(tokens("昭和45年3月12日生"), [(Shape::KanjiDate, "昭和45年3月12日")]);
        assert_eq!(tokens("1970年３月12日"), [(Shape::KanjiDate, "1970年３月12日")]);
        assert_eq!(tokens("平成元年1月8日"), [(Shape::KanjiDate, "平成元年1月8日")]);
        assert_eq!(tokens("1985（昭和60）年4月3日"), [(Shape::KanjiDate, "1985（昭和60）年4月3日")]);
        assert_eq!(tokens("昭和四十五年三月十二日"), [(Shape::KanjiDate, "昭和四十五年三月十二日")]);
        assert_eq!(tokens("a@b"), [(Shape::At, "@")]);
        assert_eq!(tokens("+81 (0)3-1234-5678"), [(Shape::Numeric, "81 (0)3-1234-5678")]);
        assert_eq!(tokens("1,486,651名"), [(Shape::Numeric, "1"), (Shape::Numeric, "486"), (Shape::Numeric, "651")]);
        // A separator never ends a token.
        assert_eq!(tokens("0120-"), [(Shape::Numeric, "0120")]);
        assert!(tokens("電話番号はありません").is_empty());
        // Settled without the regex, and still equal to it (see `tokens`).
        assert_eq!(tokens("2024年度"), [(Shape::Numeric, "2024")]);
        assert_eq!(tokens("1970 年3月12日"), [(Shape::KanjiDate, "1970 年3月12日")]);
        assert_eq!(tokens("1970年 3月 12日"), [(Shape::KanjiDate, "1970年 3月 12日")]);
        assert_eq!(tokens("2024年 度"), [(Shape::Numeric, "2024")]);
        assert_eq!(tokens("1985(昭和60)年4月3日"), [(Shape::KanjiDate, "1985(昭和60)年4月3日")]);
        assert_eq!(tokens("3. 5"), [(Shape::Numeric, "3. 5")]);
        assert_eq!(tokens("3. あ"), [(Shape::Numeric, "3")]);
        assert_eq!(tokens("12 ‐ 34"), [(Shape::Numeric, "12 ‐ 34")]);
        assert_eq!(tokens("1 件"), [(Shape::Numeric, "1")]);
        assert_eq!(tokens("（１２）＠ＡＢ"), [(Shape::Numeric, "１２"), (Shape::At, "＠")]);
    }

    #[test]
    fn hand_written_separators_and_spaces_are_the_patterns_classes() {
        for c in (0..0x1_0000u32).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(sep_len(&s, 0) > 0, SEP_CHARS.contains(c), "{c:?}");
            assert_eq!(space_len(s.as_bytes(), 0) > 0, c == ' ' || c == '　', "{c:?}");
            let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
            assert_eq!(digit_run(s.as_bytes(), 0), if digit { (s.len(), 1) } else { (0, 0) }, "{c:?}");
        }
    }

    #[test]
    fn words_and_half_width_kana() {
        let c = Candidates::new(u32::MAX);
        let text = "氏名：山田様　ﾔﾏﾀﾞ ﾀﾛｳ　3丁目";
        let got: Vec<(Shape, &str)> = c.iter(text).map(|(s, r)| (s, &text[r])).collect();
        assert_eq!(
            got,
            [
                (Shape::Word(Word::NameLabel), "氏名"),
                (Shape::Word(Word::Colon), "："),
                (Shape::Word(Word::Honorific), "様"),
                (Shape::HalfKana, "ﾔﾏﾀﾞ ﾀﾛｳ"),
                (Shape::Numeric, "3"),
                (Shape::Word(Word::AddressBlock), "丁目"),
            ]
        );
    }

    /// The candidates by the definition: at each character from the end of the previous candidate,
    /// a trigger runs the regex anchored there, then half-width kana, then the longest word (an era
    /// name runs the regex; without a date it is passed over).
    fn naive(c: &Candidates, text: &str) -> Vec<(Shape, core::ops::Range<usize>)> {
        let words: Vec<(Word, &str)> = WORDS.iter().flat_map(|(w, l)| l.iter().map(move |s| (*w, *s))).collect();
        let anchored = |at: usize| {
            c.regex.search(&Input::new(text).range(at..).anchored(Anchored::Yes)).map(|m| (c.shape(m.pattern().as_usize()), m.range()))
        };
        let (mut out, mut pos) = (Vec::new(), 0);
        while let Some((i, ch)) = text[pos..].char_indices().next().map(|(k, ch)| (pos + k, ch)) {
            let rest = &text[i..];
            if ch.is_ascii_digit() || matches!(ch, '@' | '＠' | '０'..='９') {
                let found = anchored(i).expect("a trigger always matches");
                pos = found.1.end;
                out.push(found);
            } else if ('\u{FF66}'..='\u{FF9F}').contains(&ch) {
                let end = halfkana_end(text.as_bytes(), i);
                out.push((Shape::HalfKana, i..end));
                pos = end;
            } else if ch == ':' {
                // The ASCII colon counts only after Japanese, spaces between allowed.
                if text[..i].trim_end_matches([' ', '\t', '\n', '\r', '\x0C']).chars().next_back().is_some_and(|p| !p.is_ascii()) {
                    out.push((Shape::Word(Word::Colon), i..i + 1));
                }
                pos = i + 1;
            } else if let Some((w, s)) = words.iter().filter(|(_, s)| rest.starts_with(s)).max_by_key(|(_, s)| s.len()) {
                let end = i + s.len();
                pos = end;
                if *w != Word::Era {
                    out.push((Shape::Word(*w), i..end));
                } else if let Some(found) = anchored(i) {
                    pos = found.1.end;
                    out.push(found);
                }
            } else {
                pos = i + ch.len_utf8();
            }
        }
        out
    }

    #[test]
    fn jumping_differs_only_at_era_names() {
        // With birth dates off there are no era words: `昭和45年…` yields the digits alone.
        let jumping: Vec<_> = Candidates::new(crate::finding::Kind::PhoneNumber.bit()).iter("昭和45年3月12日").collect();
        assert_eq!(jumping[0], (Shape::Numeric, 6..8));
        let stepping: Vec<_> = Candidates::new(u32::MAX).iter("昭和45年3月12日").collect();
        assert_eq!(stepping, [(Shape::KanjiDate, 0.."昭和45年3月12日".len())]);
    }

    #[test]
    fn a_colon_after_japanese_and_spaces_counts_before_plain_ascii() {
        // The colon opens a 16-byte block of ASCII with nothing else in it.
        let c = Candidates::new(u32::MAX);
        let s = "生徒名 : https://example.jp/";
        let found: Vec<_> = c.iter(s).collect();
        assert!(found.contains(&(Shape::Word(Word::Colon), s.find(':').unwrap()..s.find(':').unwrap() + 1)), "{found:?}");
        assert_eq!(found, naive(&c, s));
    }

    proptest::proptest! {
        #[test]
        fn stepping_pass_equals_naive(s in "([0-9０-９\\-ー 　()@＠年月日元四三ｱｲｳﾞ ab\"\n:：]|名:|者 :|様|さん|氏名|氏|名前|名義|丁目|番地|上る|先生|被告|昭和|平成|令和|大正|大|名|上|\"name\"|\"kana\"){0,40}") {
            let c = Candidates::new(u32::MAX);
            let fast: Vec<_> = c.iter(&s).collect();
            proptest::prop_assert_eq!(fast, naive(&c, &s));
        }

        /// Long enough for the SIMD skip's 32-byte blocks (the test above mostly runs the
        /// character loop that finishes the last 37 bytes), with the characters that share nibbles
        /// with words (`お`, `合`, `り`, `（`, `％`) and every word's first two characters.
        #[test]
        fn stepping_pass_equals_naive_on_long_text(s in "([0-9０-９\\-ー 　()（）％：:@＠年月日元ｱｲｳﾞ ab\"\n\t]|名:|生徒名 : |\"申込者\":|12:30|https://|おり|合同|社内|のご|様|さん|ふり|フリ|氏名|氏|君|殿|担当|名前|名義|宛名|丁目|番地|上る|上ル|下る|下ル|西入|東入|先生|社長|部長|弁護士|容疑者|被告|受取人|契約者|（本名|昭和|平成|令和|大正|明治|㍻|㋿|\"name\"|\"kana\"|\"full_name\"|\"n|\"k|あいうえおかきくけこ|漢字仮名交じり文){0,120}") {
            let c = Candidates::new(u32::MAX);
            let fast: Vec<_> = c.iter(&s).collect();
            proptest::prop_assert_eq!(fast, naive(&c, &s));
        }

        #[test]
        fn driven_pass_equals_plain_regex(s in "[0-9０-９\\-ー－‐−ｰ 　()（）@＠.．/／~〜・年月日昭和平成令和元明治大正四十五三二一〇あ漢ABC%％円,\n]{0,80}") {
            let _ = tokens(&s);
            // Without any word kind the pass jumps from trigger to trigger instead of stepping
            // through characters: the same candidates, where no era name can start a date.
            proptest::prop_assume!(!WORDS[0].1.iter().any(|era| s.contains(era)));
            let numbers_only = Candidates::new(crate::finding::Kind::PhoneNumber.bit() | crate::finding::Kind::MyNumber.bit());
            proptest::prop_assert!(numbers_only.words.is_none());
            let jumping: Vec<_> = numbers_only.iter(&s).collect();
            let stepping: Vec<_> = Candidates::new(u32::MAX).iter(&s).filter(|(shape, _)| !matches!(shape, Shape::Word(_) | Shape::HalfKana)).collect();
            proptest::prop_assert_eq!(jumping, stepping);
        }
    }
}
