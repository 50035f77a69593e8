//! Text of Office Open XML parts with `quick-xml`: spreadsheet cells become comma-separated rows
//! (so a header row of 氏名, 電話番号… is recognised as a roster, as in a CSV export), document and
//! slide paragraphs become lines, comments one line each. Each cell, paragraph or comment keeps its
//! location (`C12`, `p3`, `comment2`).
//!
//! The XML is read leniently: Office never writes malformed XML, but a file edited by hand or by a
//! broken exporter still holds personal information. End tags need not match, an unknown entity
//! stays as written, and where the reader cannot go on the part says so (`lost`).

use std::borrow::Cow;

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::Reader;

fn local(name: &[u8]) -> &[u8] {
    name.rsplit(|&b| b == b':').next().unwrap_or(name)
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| local(a.key.as_ref()) == key).map(|a| unescape_lenient(&String::from_utf8_lossy(&a.value)).into_owned())
}

/// The extracted text of one part, the (offset, location) of each cell, paragraph or comment in
/// it, and why the rest of the part could not be read, if it could not.
#[derive(Debug, Default)]
pub struct PartText {
    pub text: String,
    pub locations: Vec<(usize, String)>,
    pub lost: Option<String>,
}

/// Parts may be UTF-16 (Open Packaging allows it): read as UTF-8.
fn utf8(xml: &[u8]) -> Cow<'_, [u8]> {
    let units = |be: bool| xml[2..].chunks_exact(2).map(move |c| if be { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) });
    match xml {
        [0xFF, 0xFE, ..] => Cow::Owned(char::decode_utf16(units(false)).map(|c| c.unwrap_or('\u{FFFD}')).collect::<String>().into_bytes()),
        [0xFE, 0xFF, ..] => Cow::Owned(char::decode_utf16(units(true)).map(|c| c.unwrap_or('\u{FFFD}')).collect::<String>().into_bytes()),
        _ => Cow::Borrowed(xml),
    }
}

/// Hands every event of `xml` to `f`, leniently (end tags need not match their start tags).
/// Returns the error after which the rest of the part could not be read.
fn read_xml(xml: &[u8], mut f: impl FnMut(Event<'_>)) -> Option<String> {
    let xml = utf8(xml);
    let mut r = Reader::from_reader(xml.as_ref());
    r.config_mut().check_end_names = false;
    r.config_mut().allow_unmatched_ends = true;
    let mut lost = None;
    loop {
        let at = r.buffer_position();
        match r.read_event() {
            Ok(Event::Eof) => break,
            Ok(e) => f(e),
            Err(e) => {
                lost.get_or_insert_with(|| format!("malformed XML at byte {at} ({e}): text from there on not read"));
                // Read on if the reader can (it skips what it could not parse); stop if it cannot.
                if r.buffer_position() <= at {
                    break;
                }
            }
        }
    }
    lost
}

/// Text with its entities resolved; an entity that cannot be (`&nbsp;`, a stray `&`) and bytes
/// that are not UTF-8 are kept as written rather than losing the text around them.
fn text(t: &BytesText) -> String {
    unescape_lenient(&String::from_utf8_lossy(t)).into_owned()
}

fn unescape_lenient(raw: &str) -> Cow<'_, str> {
    if let Ok(s) = quick_xml::escape::unescape(raw) {
        return s;
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // An entity is short and ends at `;` before any other `&`.
        let end = rest.char_indices().skip(1).take(32).find(|&(_, c)| c == ';' || c == '&').filter(|&(_, c)| c == ';').map(|(j, _)| j);
        match end.and_then(|j| quick_xml::escape::unescape(&rest[..=j]).ok().map(|s| (j, s.into_owned()))) {
            Some((j, s)) => {
                out.push_str(&s);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `xl/sharedStrings.xml`: the strings cells refer to by index (an empty `<si/>` keeps its index).
/// Phonetic runs (`<rPh>`, the furigana Japanese Excel stores after the text) are left out: glued
/// on, 山田太郎 would read 山田太郎ヤマダタロウ.
pub fn shared_strings(xml: &[u8]) -> (Vec<String>, Option<String>) {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let (mut in_t, mut in_rph) = (0usize, 0usize);
    let lost = read_xml(xml, |ev| match ev {
        Event::Start(e) => match local(e.name().as_ref()) {
            b"si" => cur = Some(String::new()),
            b"t" => in_t += 1,
            b"rPh" => in_rph += 1,
            _ => {}
        },
        Event::Empty(e) if local(e.name().as_ref()) == b"si" => out.push(String::new()),
        Event::End(e) => match local(e.name().as_ref()) {
            b"t" => in_t = in_t.saturating_sub(1),
            b"rPh" => in_rph = in_rph.saturating_sub(1),
            b"si" => out.push(cur.take().unwrap_or_default()),
            _ => {}
        },
        Event::Text(t) if in_t > 0 && in_rph == 0 => {
            if let Some(c) = cur.as_mut() {
                c.push_str(&text(&t));
            }
        }
        Event::CData(t) if in_t > 0 && in_rph == 0 => {
            if let Some(c) = cur.as_mut() {
                c.push_str(&String::from_utf8_lossy(&t));
            }
        }
        _ => {}
    });
    (out, lost)
}

/// `xl/workbook.xml`: the sheets in order, each with its name and relationship id.
pub fn workbook_sheets(xml: &[u8]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    read_xml(xml, |ev| {
        if let Event::Start(e) | Event::Empty(e) = ev {
            if local(e.name().as_ref()) == b"sheet" {
                if let Some(n) = attr(&e, b"name") {
                    out.push((n, attr(&e, b"id")));
                }
            }
        }
    });
    out
}

/// A `_rels/*.rels` part: (id, target) of each relationship.
pub fn relationships(xml: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    read_xml(xml, |ev| {
        if let Event::Start(e) | Event::Empty(e) = ev {
            if local(e.name().as_ref()) == b"Relationship" {
                if let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    out.push((id, target));
                }
            }
        }
    });
    out
}

/// A worksheet as text: one line per row, cells separated by commas (quoted when they hold a comma
/// or quote), with the cell reference of every cell. Inline strings (`<is>`) are read like shared
/// ones, without their phonetic runs.
pub fn sheet_text(xml: &[u8], shared: &[String]) -> PartText {
    let mut p = PartText::default();
    let (mut cell_ref, mut cell_type) = (String::new(), String::new());
    let mut value = String::new();
    let (mut in_v, mut in_t, mut in_rph) = (false, 0usize, 0usize);
    let mut first_in_row = true;
    p.lost = read_xml(xml, |ev| match ev {
        Event::Start(e) => match local(e.name().as_ref()) {
            b"row" => first_in_row = true,
            b"c" => {
                cell_ref = attr(&e, b"r").unwrap_or_default();
                cell_type = attr(&e, b"t").unwrap_or_default();
                value.clear();
            }
            b"v" => in_v = true,
            b"t" => in_t += 1,
            b"rPh" => in_rph += 1,
            _ => {}
        },
        Event::End(e) => match local(e.name().as_ref()) {
            b"v" => in_v = false,
            b"t" => in_t = in_t.saturating_sub(1),
            b"rPh" => in_rph = in_rph.saturating_sub(1),
            b"c" => {
                let v = if cell_type == "s" { value.trim().parse::<usize>().ok().and_then(|i| shared.get(i)).cloned().unwrap_or_default() } else { value.clone() };
                if !first_in_row {
                    p.text.push(',');
                }
                first_in_row = false;
                p.locations.push((p.text.len(), cell_ref.clone()));
                if v.contains([',', '"', '\n']) {
                    p.text.push('"');
                    p.text.push_str(&v.replace('"', "\"\""));
                    p.text.push('"');
                } else {
                    p.text.push_str(&v);
                }
            }
            b"row" => p.text.push('\n'),
            _ => {}
        },
        Event::Text(t) if (in_v || in_t > 0) && in_rph == 0 => value.push_str(&text(&t)),
        Event::CData(t) if (in_v || in_t > 0) && in_rph == 0 => value.push_str(&String::from_utf8_lossy(&t)),
        _ => {}
    });
    p
}

/// Paragraphs of a document, slide, notes, header, footer, footnote or drawing part
/// (`w:p`/`w:t`, `a:p`/`a:t`), one line each, with `pN` locations. Deleted text of tracked changes
/// (`w:delText`) is text of the file too; ruby text (`w:rt`, furigana written before its base)
/// is left out like Excel's phonetic runs.
pub fn paragraph_text(xml: &[u8]) -> PartText {
    let mut p = PartText::default();
    let (mut in_t, mut in_rt) = (0usize, 0usize);
    let mut n = 0;
    p.lost = read_xml(xml, |ev| match ev {
        Event::Start(e) => match local(e.name().as_ref()) {
            b"p" => {
                n += 1;
                p.locations.push((p.text.len(), format!("p{n}")));
            }
            b"t" | b"delText" => in_t += 1,
            b"rt" => in_rt += 1,
            b"tab" => p.text.push('\t'),
            _ => {}
        },
        Event::Empty(e) => match local(e.name().as_ref()) {
            b"tab" => p.text.push('\t'),
            b"br" | b"cr" => p.text.push('\n'),
            _ => {}
        },
        Event::End(e) => match local(e.name().as_ref()) {
            b"t" | b"delText" => in_t = in_t.saturating_sub(1),
            b"rt" => in_rt = in_rt.saturating_sub(1),
            b"p" => p.text.push('\n'),
            _ => {}
        },
        Event::Text(t) if in_t > 0 && in_rt == 0 => p.text.push_str(&text(&t)),
        Event::CData(t) if in_t > 0 && in_rt == 0 => p.text.push_str(&String::from_utf8_lossy(&t)),
        _ => {}
    });
    p
}

/// Comments, one line each: Excel's (`<comment ref="B3">`, threaded `<threadedComment ref>`),
/// Word's (`<w:comment>`) and PowerPoint's (`<p:cm>`), located by their cell (`B3`) or their
/// number in the part (`comment2`).
pub fn comment_text(xml: &[u8]) -> PartText {
    let mut p = PartText::default();
    let (mut depth, mut in_t, mut in_rph) = (0usize, 0usize, 0usize);
    let mut n = 0;
    p.lost = read_xml(xml, |ev| match ev {
        Event::Start(e) => match local(e.name().as_ref()) {
            b"comment" | b"threadedComment" | b"cm" => {
                depth += 1;
                if depth == 1 {
                    n += 1;
                    p.locations.push((p.text.len(), attr(&e, b"ref").unwrap_or_else(|| format!("comment{n}"))));
                }
            }
            b"t" | b"text" | b"delText" => in_t += 1,
            b"rPh" | b"rt" => in_rph += 1,
            _ => {}
        },
        Event::Empty(e) if depth > 0 && matches!(local(e.name().as_ref()), b"br" | b"cr") => p.text.push('\n'),
        Event::End(e) => match local(e.name().as_ref()) {
            b"comment" | b"threadedComment" | b"cm" => {
                depth = depth.saturating_sub(1);
                if depth == 0 && !p.text.ends_with('\n') {
                    p.text.push('\n');
                }
            }
            b"t" | b"text" | b"delText" => in_t = in_t.saturating_sub(1),
            b"rPh" | b"rt" => in_rph = in_rph.saturating_sub(1),
            b"p" if depth > 0 && !p.text.ends_with('\n') => p.text.push('\n'),
            _ => {}
        },
        Event::Text(t) if depth > 0 && in_t > 0 && in_rph == 0 => p.text.push_str(&text(&t)),
        Event::CData(t) if depth > 0 && in_t > 0 && in_rph == 0 => p.text.push_str(&String::from_utf8_lossy(&t)),
        _ => {}
    });
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_become_rows() {
        let (shared, lost) = shared_strings(r#"<sst><si><t>氏名</t></si><si><t>携帯</t></si><si><t>山田太郎</t></si><si><t>090-1234-5678</t></si></sst>"#.as_bytes());
        assert!(lost.is_none());
        let p = sheet_text(r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row></sheetData></worksheet>"#.as_bytes(), &shared);
        assert_eq!(p.text, "氏名,携帯\n山田太郎,090-1234-5678\n");
        assert_eq!(p.locations.last().unwrap().1, "B2");
    }

    #[test]
    fn paragraphs_become_lines() {
        let p = paragraph_text(r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>連絡先</w:t></w:r></w:p><w:p><w:r><w:t>090-1234-5678</w:t></w:r></w:p></w:body></w:document>"#.as_bytes());
        assert_eq!(p.text, "連絡先\n090-1234-5678\n");
        assert_eq!(p.locations[1], (10, "p2".to_string()));
    }

    #[test]
    fn phonetic_runs_and_ruby_are_left_out() {
        let (shared, _) = shared_strings(r#"<sst><si><r><t>山田</t></r><r><t>太郎</t></r><rPh sb="0" eb="2"><t>ヤマダ</t></rPh><phoneticPr fontId="1"/></si><si/><si><t>x</t></si></sst>"#.as_bytes());
        assert_eq!(shared, ["山田太郎", "", "x"]);
        let p = paragraph_text(r#"<w:p><w:ruby><w:rt><w:r><w:t>やまだ</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>山田</w:t></w:r></w:rubyBase></w:ruby></w:p>"#.as_bytes());
        assert_eq!(p.text, "山田\n");
    }

    #[test]
    fn malformed_xml_is_read_leniently() {
        let p = paragraph_text("<w:p><x></y><w:t>a&nbsp;b &amp; &#x3042; & c</w:t></w:p>".as_bytes());
        assert_eq!(p.text, "a&nbsp;b & あ & c\n");
        assert!(p.lost.is_none());
        let p = paragraph_text("<w:p><w:t>a</w:t></w:p><!-- <w:p><w:t>b</w:t></w:p>".as_bytes());
        assert_eq!(p.text, "a\n");
        assert!(p.lost.is_some());
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("<w:p><w:t>山田</w:t></w:p>".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(paragraph_text(&utf16).text, "山田\n");
    }

    #[test]
    fn comments_are_located_by_cell_or_number() {
        let p = comment_text(r#"<comments><authors><author>a</author></authors><commentList><comment ref="B3"><text><r><t>x</t></r><r><t>y</t></r></text></comment></commentList></comments>"#.as_bytes());
        assert_eq!((p.text.as_str(), p.locations[0].1.as_str()), ("xy\n", "B3"));
        let p = comment_text(r#"<w:comments xmlns:w="w"><w:comment w:id="0"><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:comment></w:comments>"#.as_bytes());
        assert_eq!((p.text.as_str(), p.locations[0].1.as_str()), ("a\nb\n", "comment1"));
    }
}
