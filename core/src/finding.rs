//! What a scan reports: [`Finding`], its [`Kind`], [`Confidence`] and [`Reason`]s.
//!
//! The kind ids (`Kind::id`) and the serialized shape of these types are a public contract:
//! the CLI's `jsonl` output and the WASM package expose them. Extend, never rename.

use core::ops::Range;
use std::borrow::Cow;
use std::sync::Arc;
use serde::Serialize;

/// A kind of personal information. Ids are stable snake_case strings (see [`Kind::id`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// 個人番号 (My Number): 12 digits with a mod-11 check digit.
    MyNumber,
    /// 法人番号: 13 digits with a leading mod-9 check digit; also the invoice form `T` + 13 digits.
    CorporateNumber,
    /// A Japanese phone number, validated against the numbering plan.
    PhoneNumber,
    /// 郵便番号: 7 digits, validated against Japan Post's list.
    PostalCode,
    /// 住所: prefecture/municipality + town + block numbers (+ building).
    Address,
    /// 氏名: a person's name, found through dictionaries and evidence (honorifics, labels, columns).
    PersonName,
    /// An e-mail address, including the full-width `＠` form.
    EmailAddress,
    /// A payment card number (Luhn + issuer ranges).
    CreditCard,
    /// 生年月日: a calendar-valid date (western or era) in a birth-date context.
    BirthDate,
    /// 口座番号: a bank account number (7 digits after 普通/当座/貯蓄 or a label; ゆうちょ 記号-番号).
    BankAccount,
    /// 運転免許証番号: 12 digits, commission code + check digit.
    DriversLicense,
    /// 旅券番号: 2 letters + 7 digits, with a passport keyword.
    PassportNumber,
    /// 在留カード番号: 2 letters + 8 digits + 2 letters.
    ResidenceCard,
    /// 基礎年金番号: 4 + 6 digits, with a pension keyword.
    BasicPensionNumber,
    /// 健康保険: 保険者番号 (8 digits, Luhn) and 記号・番号 next to their labels.
    HealthInsurance,
}

impl Kind {
    /// Every kind, in id order of the public list.
    pub const ALL: &'static [Kind] = &[
        Kind::MyNumber,
        Kind::CorporateNumber,
        Kind::PhoneNumber,
        Kind::PostalCode,
        Kind::Address,
        Kind::PersonName,
        Kind::EmailAddress,
        Kind::CreditCard,
        Kind::BirthDate,
        Kind::BankAccount,
        Kind::DriversLicense,
        Kind::PassportNumber,
        Kind::ResidenceCard,
        Kind::BasicPensionNumber,
        Kind::HealthInsurance,
    ];

    /// The stable id used in every output (`my_number`, `phone_number`, …).
    pub const fn id(self) -> &'static str {
        match self {
            Kind::MyNumber => "my_number",
            Kind::CorporateNumber => "corporate_number",
            Kind::PhoneNumber => "phone_number",
            Kind::PostalCode => "postal_code",
            Kind::Address => "address",
            Kind::PersonName => "person_name",
            Kind::EmailAddress => "email_address",
            Kind::CreditCard => "credit_card",
            Kind::BirthDate => "birth_date",
            Kind::BankAccount => "bank_account",
            Kind::DriversLicense => "drivers_license",
            Kind::PassportNumber => "passport_number",
            Kind::ResidenceCard => "residence_card",
            Kind::BasicPensionNumber => "basic_pension_number",
            Kind::HealthInsurance => "health_insurance",
        }
    }

    /// Parses a kind id (as produced by [`Kind::id`]).
    ///
    /// ```
    /// use jpii::Kind;
    /// assert_eq!(Kind::from_id("phone_number"), Some(Kind::PhoneNumber));
    /// assert_eq!(Kind::from_id("phone"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.id() == id)
    }

    /// A short Japanese label (for human output).
    pub const fn label_ja(self) -> &'static str {
        match self {
            Kind::MyNumber => "個人番号",
            Kind::CorporateNumber => "法人番号",
            Kind::PhoneNumber => "電話番号",
            Kind::PostalCode => "郵便番号",
            Kind::Address => "住所",
            Kind::PersonName => "氏名",
            Kind::EmailAddress => "メールアドレス",
            Kind::CreditCard => "クレジットカード番号",
            Kind::BirthDate => "生年月日",
            Kind::BankAccount => "口座番号",
            Kind::DriversLicense => "運転免許証番号",
            Kind::PassportNumber => "旅券番号",
            Kind::ResidenceCard => "在留カード番号",
            Kind::BasicPensionNumber => "基礎年金番号",
            Kind::HealthInsurance => "健康保険証番号",
        }
    }

    /// How values of this kind are validated (one line, for `jpii kinds` and documentation).
    pub const fn validation(self) -> &'static str {
        match self {
            Kind::MyNumber => "12 digits (plain or 4-4-4), mod-11 check digit, all-same digits rejected; Low without a keyword",
            Kind::CorporateNumber => "13 digits, leading mod-9 check digit; invoice form T + 13 digits",
            Kind::PhoneNumber => "Japanese numbering plan (libphonenumber JP): real area codes, grouping consistent with the area-code length, mobile/IP/toll-free/navi-dial prefixes, +81 forms",
            Kind::PostalCode => "7 digits in Japan Post's list; after 〒/郵便番号 or next to an address in the code's prefecture",
            Kind::Address => "prefecture + municipality validated against the municipality list, town, block numbers, building",
            Kind::PersonName => "surname/given-name dictionaries with evidence (honorifics, labels, name columns); Zengin 受取人名",
            Kind::EmailAddress => "local@domain (full-width ＠ too) with boundaries that work beside Japanese text",
            Kind::CreditCard => "13-19 digits, Luhn, issuer ranges and lengths (Visa, Mastercard, JCB, Amex, Diners, Discover, UnionPay)",
            Kind::BirthDate => "western and era dates, calendar-valid, inside the era's range; only with birth-date context",
            Kind::BankAccount => "7 digits after 普通/当座/貯蓄 or an account label; ゆうちょ 記号-番号; Zengin records; bank/branch codes checked",
            Kind::DriversLicense => "12 digits, public-safety-commission code, check digit (11th digit)",
            Kind::PassportNumber => "2 letters + 7 digits; Low without a passport keyword",
            Kind::ResidenceCard => "2 letters + 8 digits + 2 letters",
            Kind::BasicPensionNumber => "4-6 digits (or 10); only with pension context (no public check digit)",
            Kind::HealthInsurance => "保険者番号: 8 digits with Luhn 検証番号 and a known 法別番号 (6 for 国保); 記号・番号 after their labels; only with insurance context",
        }
    }

    /// The built-in context keywords of this kind (matched as raw substrings, ASCII case-insensitively).
    pub fn keywords(self) -> Vec<&'static str> {
        crate::context::builtin_keywords(self)
    }

    /// Bit used in kind masks.
    pub(crate) const fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl core::fmt::Display for Kind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.id())
    }
}

impl core::str::FromStr for Kind {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Kind, crate::Error> {
        Kind::from_id(s).ok_or_else(|| crate::Error::UnknownKind(s.to_string()))
    }
}

/// How sure the scanner is. Ordered: `Low < Medium < High`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Shape and validation pass but nothing around it says what it is.
    Low,
    /// Validated, with some supporting evidence.
    Medium,
    /// Validated and labelled (keyword, column header) or unmistakable.
    High,
}

impl Confidence {
    /// The confidence a score maps to: `< 0.5` Low, `< 0.8` Medium, else High.
    pub fn from_score(score: f32) -> Confidence {
        if score >= 0.8 {
            Confidence::High
        } else if score >= 0.5 {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }

    /// `low`, `medium` or `high`.
    pub const fn id(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    /// Parses `low`, `medium` or `high`.
    pub fn from_id(s: &str) -> Option<Confidence> {
        match s.to_ascii_lowercase().as_str() {
            "low" => Some(Confidence::Low),
            "medium" => Some(Confidence::Medium),
            "high" => Some(Confidence::High),
            _ => None,
        }
    }
}

/// Why a finding was reported (or scored as it was). Serialized with a `type` tag.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// A check digit or checksum passed (`my_number_mod11`, `luhn`, …).
    Checksum { algorithm: &'static str },
    /// The number fits the numbering plan or issuer ranges (`mobile`, `fixed_line 03`, `jcb`, …).
    Format { detail: Cow<'static, str> },
    /// A context keyword near the match; `distance` in characters, `before` = keyword precedes the value.
    Keyword { keyword: Arc<str>, distance: usize, before: bool },
    /// A word near the match that argues against it (注文番号, ISBN, 円, …).
    NegativeKeyword { keyword: Arc<str>, distance: usize },
    /// The value sits in a table column whose header names it.
    ColumnHeader { header: Arc<str> },
    /// The value was found in a reference list (postal codes, municipalities, surnames, banks).
    /// `entry` may quote the value: reports show [`Finding::masked_reasons`].
    Dictionary { list: &'static str, entry: Cow<'static, str> },
    /// The digits are grouped the way this kind is written (4-4-4, 3-4-4, …).
    Grouping { pattern: Cow<'static, str> },
    /// Another finding supports this one (a postal code matching the address next to it).
    Corroborated { kind: Kind, detail: Cow<'static, str> },
}

/// One piece of personal information found in the input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// What was found.
    pub kind: Kind,
    /// Byte range in the scanned input (for `scan_bytes`, in the ORIGINAL bytes, whatever the encoding).
    pub span: Range<usize>,
    /// 0.0–1.0; `confidence` is derived from it.
    pub score: f32,
    /// Low / Medium / High.
    pub confidence: Confidence,
    /// The evidence, strongest first.
    pub reasons: Vec<Reason>,
    /// The canonical value (ASCII digits, `+81` removed, addresses with arabic numerals, …).
    /// Sensitive: mask it before showing it (see [`Finding::masked`]).
    pub normalized: String,
}

impl Finding {
    /// The matched text, masked for reports: `090-****-5678`, `**** **** 0257`, `t***@example.jp`.
    ///
    /// `input` is the text the span refers to (for `scan_str`). For byte scans of non-UTF-8 input use
    /// [`Finding::masked_value`] on the decoded value.
    ///
    /// ```
    /// let s = jpii::Scanner::new();
    /// let text = "携帯：090-1234-5678";
    /// let f = &s.scan_str(text)[0];
    /// assert_eq!(f.masked(text), "090-****-5678");
    /// ```
    pub fn masked(&self, input: &str) -> String {
        match input.get(self.span.clone()) {
            Some(v) => crate::mask::mask(self.kind, v),
            None => "*".repeat(self.span.len().min(16)),
        }
    }

    /// The reasons as a report may show them: a dictionary entry or a corroboration that quotes the
    /// value (a surname, a given name, a postal code) is masked like the value; the rest is as is.
    ///
    /// ```
    /// let s = jpii::Scanner::new();
    /// let text = "氏名：伊藤一郎";
    /// let f = &s.scan_str(text)[0];
    /// let shown = serde_json::to_string(&*f.masked_reasons()).unwrap();
    /// assert!(!shown.contains("伊藤") && !shown.contains("一郎"), "{shown}");
    /// ```
    pub fn masked_reasons(&self) -> Cow<'_, [Reason]> {
        crate::mask::mask_reasons(&self.reasons)
    }

    /// Masks `value` (the matched text, already decoded) the way [`Finding::masked`] would.
    pub fn masked_value(&self, value: &str) -> String {
        crate::mask::mask(self.kind, value)
    }
}
