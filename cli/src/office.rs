//! Text of Office Open XML parts with `quick-xml`: spreadsheet cells become comma-separated rows
//! (so a header row of 氏名, 電話番号… is recognised as a roster, as in a CSV export), document and
//! slide paragraphs become lines. Each cell or paragraph keeps its location (`C12`, `p3`).

use quick_xml::events::Event;
use quick_xml::Reader;

fn local(name: &[u8]) -> &[u8] {
    name.rsplit(|&b| b == b':').next().unwrap_or(name)
}

fn attr(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| local(a.key.as_ref()) == key).and_then(|a| a.unescape_value().ok().map(|v| v.to_string()))
}

/// `xl/sharedStrings.xml`: the strings cells refer to by index.
pub fn shared_strings(xml: &[u8]) -> Vec<String> {
    let mut r = Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let mut in_t = false;
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if local(e.name().as_ref()) == b"si" => cur = Some(String::new()),
            Ok(Event::Start(e)) if local(e.name().as_ref()) == b"t" => in_t = true,
            Ok(Event::End(e)) if local(e.name().as_ref()) == b"t" => in_t = false,
            Ok(Event::End(e)) if local(e.name().as_ref()) == b"si" => out.push(cur.take().unwrap_or_default()),
            Ok(Event::Text(t)) if in_t => {
                if let (Some(c), Ok(s)) = (cur.as_mut(), t.unescape()) {
                    c.push_str(&s);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// `xl/workbook.xml`: sheet names in order.
pub fn sheet_names(xml: &[u8]) -> Vec<String> {
    let mut r = Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if local(e.name().as_ref()) == b"sheet" => {
                if let Some(n) = attr(&e, b"name") {
                    out.push(n);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// A worksheet as text: one line per row, cells separated by commas (quoted when they hold a comma
/// or quote). Returns the text and (offset, cell reference) of every cell.
pub fn sheet_text(xml: &[u8], shared: &[String]) -> (String, Vec<(usize, String)>) {
    let mut r = Reader::from_reader(xml);
    let mut text = String::new();
    let mut cells = Vec::new();
    let mut buf = Vec::new();
    let (mut cell_ref, mut cell_type) = (String::new(), String::new());
    let mut value = String::new();
    let (mut in_v, mut in_t) = (false, false);
    let mut first_in_row = true;
    loop {
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match local(e.name().as_ref()) {
                b"row" => first_in_row = true,
                b"c" => {
                    cell_ref = attr(&e, b"r").unwrap_or_default();
                    cell_type = attr(&e, b"t").unwrap_or_default();
                    value.clear();
                }
                b"v" => in_v = true,
                b"t" => in_t = true,
                _ => {}
            },
            Ok(Event::End(e)) => match local(e.name().as_ref()) {
                b"v" => in_v = false,
                b"t" => in_t = false,
                b"c" => {
                    let v = if cell_type == "s" { value.trim().parse::<usize>().ok().and_then(|i| shared.get(i)).cloned().unwrap_or_default() } else { value.clone() };
                    if !first_in_row {
                        text.push(',');
                    }
                    first_in_row = false;
                    cells.push((text.len(), cell_ref.clone()));
                    if v.contains([',', '"', '\n']) {
                        text.push('"');
                        text.push_str(&v.replace('"', "\"\""));
                        text.push('"');
                    } else {
                        text.push_str(&v);
                    }
                }
                b"row" => text.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_v || in_t => {
                if let Ok(s) = t.unescape() {
                    value.push_str(&s);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    (text, cells)
}

/// Paragraphs of a document or slide part (`w:p`/`w:t`, `a:p`/`a:t`), one line each, with `pN`
/// locations.
pub fn paragraph_text(xml: &[u8]) -> (String, Vec<(usize, String)>) {
    let mut r = Reader::from_reader(xml);
    let mut text = String::new();
    let mut paras = Vec::new();
    let mut buf = Vec::new();
    let mut in_t = false;
    let mut n = 0;
    loop {
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match local(e.name().as_ref()) {
                b"p" => {
                    n += 1;
                    paras.push((text.len(), format!("p{n}")));
                }
                b"t" => in_t = true,
                b"tab" => text.push('\t'),
                _ => {}
            },
            Ok(Event::Empty(e)) if local(e.name().as_ref()) == b"tab" => text.push('\t'),
            Ok(Event::End(e)) => match local(e.name().as_ref()) {
                b"t" => in_t = false,
                b"p" => text.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_t => {
                if let Ok(s) = t.unescape() {
                    text.push_str(&s);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    (text, paras)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_become_rows() {
        let shared = shared_strings(r#"<sst><si><t>氏名</t></si><si><t>携帯</t></si><si><t>山田太郎</t></si><si><t>090-1234-5678</t></si></sst>"#.as_bytes());
        let (text, cells) = sheet_text(r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row></sheetData></worksheet>"#.as_bytes(), &shared);
        assert_eq!(text, "氏名,携帯\n山田太郎,090-1234-5678\n");
        assert_eq!(cells.last().unwrap().1, "B2");
    }

    #[test]
    fn paragraphs_become_lines() {
        let (text, paras) = paragraph_text(r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>連絡先</w:t></w:r></w:p><w:p><w:r><w:t>090-1234-5678</w:t></w:r></w:p></w:body></w:document>"#.as_bytes());
        assert_eq!(text, "連絡先\n090-1234-5678\n");
        assert_eq!(paras[1], (10, "p2".to_string()));
    }
}
