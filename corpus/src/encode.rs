//! Encoding a labeled UTF-8 document into its file encoding, with byte spans computed in the
//! ENCODED bytes: each character is encoded in turn and the output length recorded at every
//! character boundary. For ISO-2022-JP a value's span starts after any escape sequence that switches
//! into the value's first character set (the escape belongs to the mode change, not the value).

use encoding_rs::{EncoderResult, Encoding as Enc, EUC_JP, ISO_2022_JP, SHIFT_JIS, UTF_8};

use crate::text::Label;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileEncoding {
    Utf8,
    Utf8Bom,
    ShiftJis,
    EucJp,
    Iso2022Jp,
    Utf16Le,
    Utf16Be,
    /// UTF-16LE without a byte order mark.
    Utf16LeNoBom,
}

impl FileEncoding {
    pub const ALL: [FileEncoding; 8] = [
        FileEncoding::Utf8,
        FileEncoding::Utf8Bom,
        FileEncoding::ShiftJis,
        FileEncoding::EucJp,
        FileEncoding::Iso2022Jp,
        FileEncoding::Utf16Le,
        FileEncoding::Utf16Be,
        FileEncoding::Utf16LeNoBom,
    ];

    pub fn id(self) -> &'static str {
        match self {
            FileEncoding::Utf8 => "utf-8",
            FileEncoding::Utf8Bom => "utf-8-bom",
            FileEncoding::ShiftJis => "shift_jis",
            FileEncoding::EucJp => "euc-jp",
            FileEncoding::Iso2022Jp => "iso-2022-jp",
            FileEncoding::Utf16Le => "utf-16le",
            FileEncoding::Utf16Be => "utf-16be",
            FileEncoding::Utf16LeNoBom => "utf-16le-nobom",
        }
    }

    pub fn from_id(s: &str) -> Option<FileEncoding> {
        FileEncoding::ALL.into_iter().find(|e| e.id() == s)
    }

    /// Short tag for file names.
    pub fn tag(self) -> &'static str {
        match self {
            FileEncoding::Utf8 => "u8",
            FileEncoding::Utf8Bom => "u8bom",
            FileEncoding::ShiftJis => "sjis",
            FileEncoding::EucJp => "eucjp",
            FileEncoding::Iso2022Jp => "jis",
            FileEncoding::Utf16Le => "u16le",
            FileEncoding::Utf16Be => "u16be",
            FileEncoding::Utf16LeNoBom => "u16le-nobom",
        }
    }

    /// Whether every Unicode character survives (so U+2212, emoji, … may be written).
    pub fn unicode(self) -> bool {
        !matches!(
            self,
            FileEncoding::ShiftJis | FileEncoding::EucJp | FileEncoding::Iso2022Jp
        )
    }

    fn legacy(self) -> Option<&'static Enc> {
        match self {
            FileEncoding::ShiftJis => Some(SHIFT_JIS),
            FileEncoding::EucJp => Some(EUC_JP),
            FileEncoding::Iso2022Jp => Some(ISO_2022_JP),
            _ => None,
        }
    }

    fn bom(self) -> &'static [u8] {
        match self {
            FileEncoding::Utf8Bom => b"\xEF\xBB\xBF",
            FileEncoding::Utf16Le => b"\xFF\xFE",
            FileEncoding::Utf16Be => b"\xFE\xFF",
            _ => b"",
        }
    }

    /// Decodes `bytes` of this encoding (BOM skipped if present), strictly: `None` on malformed input.
    pub fn decode(self, bytes: &[u8]) -> Option<String> {
        let bytes = bytes.strip_prefix(self.bom()).unwrap_or(bytes);
        let (enc, bytes) = match self {
            FileEncoding::Utf8 | FileEncoding::Utf8Bom => (UTF_8, bytes),
            FileEncoding::Utf16Le | FileEncoding::Utf16LeNoBom => (encoding_rs::UTF_16LE, bytes),
            FileEncoding::Utf16Be => (encoding_rs::UTF_16BE, bytes),
            e => (e.legacy().unwrap(), bytes),
        };
        enc.decode_without_bom_handling_and_without_replacement(bytes)
            .map(|c| c.into_owned())
    }
}

/// The encoded bytes of a document and its labels as byte ranges of those bytes.
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub spans: Vec<std::ops::Range<usize>>,
}

/// Encodes `text` and maps each label's UTF-8 range to the encoded bytes. Panics if a character
/// cannot be represented (the generator only writes representable text; a test checks round trips).
pub fn encode(text: &str, labels: &[Label], e: FileEncoding) -> Encoded {
    // starts[i] / ends[i]: encoded offset where the character at UTF-8 offset i begins / ends.
    let mut start_at = vec![usize::MAX; text.len() + 1];
    let mut end_at = vec![usize::MAX; text.len() + 1];
    let mut out: Vec<u8> = e.bom().to_vec();
    match e.legacy() {
        None => {
            let mut buf = [0u16; 2];
            for (i, c) in text.char_indices() {
                start_at[i] = out.len();
                match e {
                    FileEncoding::Utf8 | FileEncoding::Utf8Bom => {
                        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes())
                    }
                    FileEncoding::Utf16Be => c
                        .encode_utf16(&mut buf)
                        .iter()
                        .for_each(|u| out.extend_from_slice(&u.to_be_bytes())),
                    _ => c
                        .encode_utf16(&mut buf)
                        .iter()
                        .for_each(|u| out.extend_from_slice(&u.to_le_bytes())),
                }
                end_at[i + c.len_utf8()] = out.len();
            }
        }
        Some(enc) => {
            let mut encoder = enc.new_encoder();
            let mut buf = [0u8; 16];
            for (i, c) in text.char_indices() {
                let s = c.encode_utf8(&mut [0; 4]).to_string();
                let (res, read, written) =
                    encoder.encode_from_utf8_without_replacement(&s, &mut buf, false);
                assert!(
                    matches!(res, EncoderResult::InputEmpty) && read == s.len(),
                    "{c:?} (U+{:04X}) cannot be encoded in {}",
                    c as u32,
                    e.id()
                );
                out.extend_from_slice(&buf[..written]);
                // The character's own bytes are the last ones written (after any escape sequence).
                let own = if e == FileEncoding::Iso2022Jp {
                    if c.is_ascii() || c == '¥' || c == '‾' {
                        1
                    } else {
                        2
                    }
                } else {
                    written
                };
                start_at[i] = out.len() - own;
                end_at[i + c.len_utf8()] = out.len();
            }
            let (_, _, written) = encoder.encode_from_utf8_without_replacement("", &mut buf, true);
            out.extend_from_slice(&buf[..written]);
        }
    }
    let spans = labels
        .iter()
        .map(|l| {
            let (s, t) = (start_at[l.start], end_at[l.end]);
            assert!(
                s != usize::MAX && t != usize::MAX,
                "label not on character boundaries"
            );
            s..t
        })
        .collect();
    Encoded { bytes: out, spans }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jpii::Kind;

    #[test]
    fn spans_slice_back_to_values() {
        let text = "氏名：山田太郎 TEL 03-1234-5678 ｶﾅ ﾔﾏﾀﾞ";
        let labels = vec![
            Label {
                kind: Kind::PersonName,
                start: text.find("山田").unwrap(),
                end: text.find(" TEL").unwrap(),
            },
            Label {
                kind: Kind::PhoneNumber,
                start: text.find("03").unwrap(),
                end: text.find(" ｶﾅ").unwrap(),
            },
        ];
        for e in FileEncoding::ALL {
            if e == FileEncoding::Iso2022Jp {
                continue; // half-width katakana become full width in ISO-2022-JP
            }
            let enc = encode(text, &labels, e);
            assert_eq!(e.decode(&enc.bytes).unwrap(), text, "{e:?}");
            for (l, sp) in labels.iter().zip(&enc.spans) {
                let v = &text[l.start..l.end];
                let pre = e.decode(&enc.bytes[..sp.start]).unwrap();
                let upto = e.decode(&enc.bytes[..sp.end]).unwrap();
                assert_eq!(upto, format!("{pre}{v}"), "{e:?}");
            }
        }
    }
}
