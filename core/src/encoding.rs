//! Encodings: which one the input is in, how that was decided, and decoding with a map back to
//! the original byte offsets.

use serde::Serialize;

/// A text encoding jpii reads. Serialized with its WHATWG/IANA name (`Shift_JIS`, `EUC-JP`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Encoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    /// Shift_JIS as Windows code page 932 (NEC and IBM extensions included).
    #[serde(rename = "Shift_JIS")]
    ShiftJis,
    #[serde(rename = "EUC-JP")]
    EucJp,
    #[serde(rename = "ISO-2022-JP")]
    Iso2022Jp,
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
}

impl Encoding {
    /// Every supported encoding.
    pub const ALL: &'static [Encoding] = &[
        Encoding::Utf8,
        Encoding::ShiftJis,
        Encoding::EucJp,
        Encoding::Iso2022Jp,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
    ];

    /// The name used in reports (`UTF-8`, `Shift_JIS`, `EUC-JP`, `ISO-2022-JP`, `UTF-16LE`, `UTF-16BE`).
    pub const fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::ShiftJis => "Shift_JIS",
            Encoding::EucJp => "EUC-JP",
            Encoding::Iso2022Jp => "ISO-2022-JP",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }

    /// Parses a name, case-insensitively, with common aliases (`sjis`, `cp932`, `windows-31j`, `eucjp`, `jis`, `utf16le`…).
    ///
    /// ```
    /// use jpii::Encoding;
    /// assert_eq!(Encoding::from_name("cp932"), Some(Encoding::ShiftJis));
    /// assert_eq!(Encoding::from_name("latin1"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Encoding> {
        let n: String = name
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect::<String>()
            .to_ascii_lowercase();
        Some(match n.as_str() {
            "utf8" => Encoding::Utf8,
            "shiftjis" | "sjis" | "cp932" | "windows31j" | "ms932" | "mskanji" => Encoding::ShiftJis,
            "eucjp" | "ujis" => Encoding::EucJp,
            "iso2022jp" | "jis" => Encoding::Iso2022Jp,
            "utf16le" | "utf16" => Encoding::Utf16Le,
            "utf16be" => Encoding::Utf16Be,
            _ => return None,
        })
    }

    /// The `encoding_rs` codec.
    pub(crate) fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::ShiftJis => encoding_rs::SHIFT_JIS,
            Encoding::EucJp => encoding_rs::EUC_JP,
            Encoding::Iso2022Jp => encoding_rs::ISO_2022_JP,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
        }
    }
}

impl core::fmt::Display for Encoding {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// How the encoding was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Detection {
    /// A byte-order mark said so.
    Bom,
    /// The bytes were analysed.
    Sniffed,
    /// The caller said so.
    Forced,
    /// Nothing decided it (e.g. empty or pure ASCII input): UTF-8 assumed.
    Default,
}

/// The encoding of one input, as reported with its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EncodingInfo {
    /// The encoding the input was decoded with.
    pub encoding: Encoding,
    /// How it was chosen.
    pub how: Detection,
    /// Whether malformed byte sequences were met (they are replaced, and never stop the scan).
    pub malformed: bool,
}
