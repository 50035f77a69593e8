//! Containers never drop content silently: every gzip member, every tar entry that holds data,
//! zip entries named like directories, zips renamed to Office names, every Office part that holds
//! text (sheets however named, comments, notes, headers, embedded files), malformed XML, files that
//! grow while read, zip bombs (memory), bad globs, encrypted and legacy Office files.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::{jpii, tmp, zip_bytes};


fn run(args: &[&str], path: &Path) -> Output {
    jpii().args(args).arg(path).output().expect("run jpii")
}


const PHONE: &str = "携帯：090-1234-5678\n";

/// The `json` report of a scan: (exit code, findings as (path, value), errors as (path, problem, message)).
type Scan = (Option<i32>, Vec<(String, String)>, Vec<(String, String, String)>);

fn scan(args: &[&str], path: &Path) -> Scan {
    let out = jpii().args(["scan", "--format", "json", "--show-values"]).args(args).arg(path).output().expect("run jpii");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let findings = doc["findings"].as_array().unwrap().iter().map(|f| (s(&f["path"]), s(&f["value"]))).collect();
    let errors = doc["errors"].as_array().unwrap().iter().map(|e| (s(&e["path"]), s(&e["problem"]), s(&e["message"]))).collect();
    (out.status.code(), findings, errors)
}

fn has_finding(findings: &[(String, String)], suffix: &str, value: &str) -> bool {
    findings.iter().any(|(p, v)| p.ends_with(suffix) && v == value)
}

fn problem_of(errors: &[(String, String, String)], suffix: &str) -> Option<(String, String)> {
    errors.iter().find(|(p, _, _)| p.ends_with(suffix)).map(|(_, k, m)| (k.clone(), m.clone()))
}


fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// An Office file from (part, XML) pairs.
fn office(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut all: Vec<(&str, &[u8])> = vec![("[Content_Types].xml", b"<Types/>")];
    all.extend_from_slice(parts);
    zip_bytes(&all)
}

const WORKBOOK: &str = r#"<workbook xmlns:r="r"><sheets><sheet name="顧客" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A worksheet of inline-string rows.
fn sheet(rows: &[&[&str]]) -> String {
    let mut x = String::from("<worksheet><sheetData>");
    for (i, row) in rows.iter().enumerate() {
        x += &format!("<row r=\"{}\">", i + 1);
        for (j, v) in row.iter().enumerate() {
            x += &format!("<c r=\"{}{}\" t=\"inlineStr\"><is><t>{v}</t></is></c>", (b'A' + j as u8) as char, i + 1);
        }
        x += "</row>";
    }
    x + "</sheetData></worksheet>"
}

#[test]
fn every_member_of_a_gzip_file_is_read() {
    let dir = tmp();
    let mut bytes = gz(b"hello\n");
    bytes.extend(gz(PHONE.as_bytes()));
    std::fs::write(dir.path().join("x.txt.gz"), &bytes).unwrap();
    let (code, findings, errors) = scan(&[], &dir.path().join("x.txt.gz"));
    assert_eq!(code, Some(1), "{errors:?}");
    assert!(has_finding(&findings, "x.txt.gz!x.txt", "090-1234-5678"), "{findings:?}");
    // Data after the last member that is not gzip: the members are scanned, the rest reported.
    bytes.extend(b"not gzip");
    std::fs::write(dir.path().join("y.txt.gz"), &bytes).unwrap();
    let (_, findings, errors) = scan(&[], &dir.path().join("y.txt.gz"));
    assert!(has_finding(&findings, "y.txt.gz!y.txt", "090-1234-5678"), "{findings:?}");
    assert_eq!(problem_of(&errors, "y.txt.gz").map(|p| p.0).as_deref(), Some("corrupt"), "{errors:?}");
    // Zero padding after the stream (tape blocks) is not a problem.
    let mut padded = gz(PHONE.as_bytes());
    padded.extend([0u8; 512]);
    std::fs::write(dir.path().join("z.txt.gz"), &padded).unwrap();
    let (code, _, errors) = scan(&[], &dir.path().join("z.txt.gz"));
    assert_eq!((code, errors.len()), (Some(1), 0), "{errors:?}");
}

#[test]
fn tar_entries_with_data_are_scanned_or_reported() {
    let dir = tmp();
    let mut b = tar::Builder::new(Vec::new());
    let data = PHONE.as_bytes();
    // A contiguous file ('7'): a regular file to every reader.
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Continuous);
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    b.append_data(&mut h, "cont.txt", data).unwrap();
    // A GNU sparse file ('S') of one block of data: its content is the data, holes as zeros.
    let other = "携帯：080-2345-6789\n".as_bytes();
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::GNUSparse);
    h.set_size(other.len() as u64);
    h.set_mode(0o644);
    let g = h.as_gnu_mut().unwrap();
    g.sparse[0].set_offset(0);
    g.sparse[0].set_length(other.len() as u64);
    g.set_real_size(other.len() as u64);
    b.append_data(&mut h, "sparse.txt", other).unwrap();
    // An unknown entry type with data: reported, not skipped.
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::new(b'Z'));
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    b.append_data(&mut h, "odd.bin", data).unwrap();
    // Entries without data stay skipped.
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Directory);
    h.set_size(0);
    h.set_mode(0o755);
    b.append_data(&mut h, "dir/", std::io::empty()).unwrap();
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Symlink);
    h.set_size(0);
    h.set_mode(0o777);
    b.append_link(&mut h, "link", "cont.txt").unwrap();
    std::fs::write(dir.path().join("t.tar"), b.into_inner().unwrap()).unwrap();
    let (code, findings, errors) = scan(&[], &dir.path().join("t.tar"));
    assert_eq!(code, Some(1));
    assert!(has_finding(&findings, "t.tar!cont.txt", "090-1234-5678"), "{findings:?}");
    assert!(has_finding(&findings, "t.tar!sparse.txt", "080-2345-6789"), "{findings:?}");
    assert_eq!(problem_of(&errors, "t.tar!odd.bin").map(|p| p.0).as_deref(), Some("corrupt"), "{errors:?}");
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn a_zip_entry_named_like_a_directory_with_data_is_scanned() {
    let dir = tmp();
    std::fs::write(dir.path().join("z.zip"), zip_bytes(&[("empty/", b""), ("notes/", PHONE.as_bytes())])).unwrap();
    let (code, findings, errors) = scan(&[], &dir.path().join("z.zip"));
    assert_eq!(code, Some(1), "{errors:?}");
    assert!(has_finding(&findings, "z.zip!notes/", "090-1234-5678"), "{findings:?}");
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_zip_renamed_to_an_office_name_is_read_as_a_zip() {
    let dir = tmp();
    for name in ["fake.xlsx", "fake.docx", "fake.pptx"] {
        std::fs::write(dir.path().join(name), zip_bytes(&[("list.csv", PHONE.as_bytes())])).unwrap();
        let (code, findings, _) = scan(&[], &dir.path().join(name));
        assert_eq!(code, Some(1), "{name}");
        assert!(has_finding(&findings, &format!("{name}!list.csv"), "090-1234-5678"), "{name}: {findings:?}");
    }
}

#[test]
fn shared_strings_over_the_ratio_limit_are_reported_and_the_sheets_scanned() {
    let dir = tmp();
    let shared = format!("<sst><si><t>氏名</t></si>{}</sst>", " ".repeat(2_000_000));
    let rows = sheet(&[&["携帯"], &["090-1234-5678"]]);
    let x = office(&[("xl/workbook.xml", WORKBOOK.as_bytes()), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()), ("xl/sharedStrings.xml", shared.as_bytes()), ("xl/worksheets/sheet1.xml", rows.as_bytes())]);
    std::fs::write(dir.path().join("book.xlsx"), x).unwrap();
    let (_, findings, errors) = scan(&["--max-ratio", "100"], &dir.path().join("book.xlsx"));
    assert_eq!(problem_of(&errors, "book.xlsx!xl/sharedStrings.xml").map(|p| p.0).as_deref(), Some("limit_exceeded"), "{errors:?}");
    assert!(has_finding(&findings, "book.xlsx!顧客!A2", "090-1234-5678"), "{findings:?}");
}

#[test]
fn malformed_office_xml_is_read_leniently_or_reported() {
    let dir = tmp();
    // A mismatched end tag before the rows, and an unknown entity in a cell: read on.
    let rows = r#"<worksheet><sheetData><x></y><row r="1"><c r="A1" t="inlineStr"><is><t>携帯：090-1234-5678</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>携帯：080-2345-6789&nbsp;(自宅) &amp; 0</t></is></c></row></sheetData></worksheet>"#;
    let x = office(&[("xl/workbook.xml", WORKBOOK.as_bytes()), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()), ("xl/worksheets/sheet1.xml", rows.as_bytes())]);
    std::fs::write(dir.path().join("book.xlsx"), x).unwrap();
    let (code, findings, errors) = scan(&[], &dir.path().join("book.xlsx"));
    assert_eq!(code, Some(1));
    assert!(has_finding(&findings, "book.xlsx!顧客!A1", "090-1234-5678"), "{findings:?}");
    assert!(has_finding(&findings, "book.xlsx!顧客!A2", "080-2345-6789"), "{findings:?}");
    assert!(errors.is_empty(), "{errors:?}");
    // An unclosed comment swallows the rest of a document: what was lost is reported.
    let doc = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>はじめに</w:t></w:r></w:p><!-- <w:p><w:r><w:t>携帯：090-1234-5678</w:t></w:r></w:p></w:body></w:document>"#;
    std::fs::write(dir.path().join("doc.docx"), office(&[("word/document.xml", doc.as_bytes())])).unwrap();
    let (code, _, errors) = scan(&[], &dir.path().join("doc.docx"));
    assert_eq!(code, Some(2), "the gate could not read everything");
    assert_eq!(problem_of(&errors, "doc.docx!document").map(|p| p.0).as_deref(), Some("corrupt"), "{errors:?}");
}

#[test]
fn worksheets_are_found_through_the_workbook_whatever_their_names() {
    let dir = tmp();
    let book = r#"<workbook xmlns:r="r"><sheets><sheet name="表紙" sheetId="1" r:id="rId1"/><sheet name="名簿" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
    let rels = r#"<Relationships><Relationship Id="rId2" Target="/xl/worksheets/data.xml"/><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let cover = sheet(&[&["顧客名簿"]]);
    let data = sheet(&[&["氏名", "携帯"], &["山田太郎", "090-1234-5678"]]);
    let extra = sheet(&[&["携帯：080-2345-6789"]]);
    let x = office(&[
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/data.xml", data.as_bytes()),
        ("xl/worksheets/sheet1.xml", cover.as_bytes()),
        ("xl/worksheets/extra.xml", extra.as_bytes()),
    ]);
    std::fs::write(dir.path().join("book.xlsx"), x).unwrap();
    let (_, findings, errors) = scan(&[], &dir.path().join("book.xlsx"));
    assert!(has_finding(&findings, "book.xlsx!名簿!B2", "090-1234-5678"), "{findings:?}");
    assert!(has_finding(&findings, "book.xlsx!extra!A1", "080-2345-6789"), "{findings:?}");
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn comments_notes_headers_and_embedded_files_are_scanned() {
    let dir = tmp();
    // xlsx: legacy and threaded comments, an embedded CSV and an embedded workbook.
    let comments = r#"<comments><authors><author>作成者</author></authors><commentList><comment ref="B3" authorId="0"><text><r><t>携帯：</t></r><r><t>090-1234-5678</t></r></text></comment></commentList></comments>"#;
    let threaded = r#"<ThreadedComments><threadedComment ref="C4" id="{1}"><text>携帯：080-2345-6789</text></threadedComment></ThreadedComments>"#;
    let inner = office(&[("xl/workbook.xml", WORKBOOK.as_bytes()), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()), ("xl/worksheets/sheet1.xml", sheet(&[&["携帯：070-3456-7890"]]).as_bytes())]);
    let x = office(&[
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet(&[&["メモ"]]).as_bytes()),
        ("xl/comments1.xml", comments.as_bytes()),
        ("xl/threadedComments/threadedComment1.xml", threaded.as_bytes()),
        ("xl/embeddings/list.csv", "携帯：090-8765-4321\n".as_bytes()),
        ("xl/embeddings/Microsoft_Excel_Worksheet.xlsx", &inner),
    ]);
    std::fs::write(dir.path().join("book.xlsx"), x).unwrap();
    let (_, findings, errors) = scan(&[], &dir.path().join("book.xlsx"));
    assert!(has_finding(&findings, "book.xlsx!comments1!B3", "090-1234-5678"), "{findings:?}");
    assert!(has_finding(&findings, "book.xlsx!threadedComment1!C4", "080-2345-6789"), "{findings:?}");
    assert!(has_finding(&findings, "book.xlsx!xl/embeddings/list.csv", "090-8765-4321"), "{findings:?}");
    assert!(has_finding(&findings, "book.xlsx!xl/embeddings/Microsoft_Excel_Worksheet.xlsx!顧客!A1", "070-3456-7890"), "{findings:?}");
    assert!(errors.is_empty(), "{errors:?}");

    // docx: comments, footnotes, endnotes, headers, footers, tracked deletions.
    let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let part = |root: &str, body: &str| format!(r#"<w:{root} xmlns:w="w">{body}</w:{root}>"#);
    let document = part("document", &format!("<w:body>{}<w:p><w:del><w:r><w:delText>携帯：090-1111-2222</w:delText></w:r></w:del></w:p></w:body>", p("本文")));
    let comments = part("comments", &format!(r#"<w:comment w:id="0" w:author="a">{}</w:comment>"#, p("携帯：090-3333-4444")));
    let footnotes = part("footnotes", &format!(r#"<w:footnote w:id="-1">{}</w:footnote><w:footnote w:id="1">{}</w:footnote>"#, p(""), p("携帯：090-5555-6666")));
    let endnotes = part("endnotes", &format!(r#"<w:endnote w:id="1">{}</w:endnote>"#, p("携帯：090-7777-8888")));
    let header = part("hdr", &p("携帯：080-1111-2222"));
    let footer = part("ftr", &p("携帯：080-3333-4444"));
    let d = office(&[
        ("word/document.xml", document.as_bytes()),
        ("word/comments.xml", comments.as_bytes()),
        ("word/footnotes.xml", footnotes.as_bytes()),
        ("word/endnotes.xml", endnotes.as_bytes()),
        ("word/header1.xml", header.as_bytes()),
        ("word/footer2.xml", footer.as_bytes()),
        ("word/embeddings/list.csv", "携帯：080-5555-6666\n".as_bytes()),
    ]);
    std::fs::write(dir.path().join("doc.docx"), d).unwrap();
    let (_, findings, errors) = scan(&[], &dir.path().join("doc.docx"));
    for (suffix, value) in [
        ("doc.docx!document!p2", "090-1111-2222"),
        ("doc.docx!comments!comment1", "090-3333-4444"),
        ("doc.docx!footnotes!p2", "090-5555-6666"),
        ("doc.docx!endnotes!p1", "090-7777-8888"),
        ("doc.docx!header1!p1", "080-1111-2222"),
        ("doc.docx!footer2!p1", "080-3333-4444"),
        ("doc.docx!word/embeddings/list.csv", "080-5555-6666"),
    ] {
        assert!(has_finding(&findings, suffix, value), "{suffix}: {findings:?}");
    }
    assert!(errors.is_empty(), "{errors:?}");

    // pptx: speaker notes and embedded files.
    let slide = r#"<p:sld xmlns:p="p" xmlns:a="a"><p:txBody><a:p><a:r><a:t>議題</a:t></a:r></a:p></p:txBody></p:sld>"#;
    let notes = r#"<p:notes xmlns:p="p" xmlns:a="a"><p:txBody><a:p><a:r><a:t>携帯：070-1111-2222</a:t></a:r></a:p></p:txBody></p:notes>"#;
    let deck = office(&[
        ("ppt/presentation.xml", b"<p:presentation xmlns:p=\"p\"/>"),
        ("ppt/slides/slide1.xml", slide.as_bytes()),
        ("ppt/notesSlides/notesSlide1.xml", notes.as_bytes()),
        ("ppt/embeddings/list.csv", "携帯：070-3333-4444\n".as_bytes()),
    ]);
    std::fs::write(dir.path().join("deck.pptx"), deck).unwrap();
    let (_, findings, errors) = scan(&[], &dir.path().join("deck.pptx"));
    assert!(has_finding(&findings, "deck.pptx!notesSlide1!p1", "070-1111-2222"), "{findings:?}");
    assert!(has_finding(&findings, "deck.pptx!ppt/embeddings/list.csv", "070-3333-4444"), "{findings:?}");
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn phonetic_runs_are_not_glued_to_the_text() {
    let dir = tmp();
    let shared = r#"<sst><si><t>氏名</t></si><si><t>携帯</t></si><si><r><t>山田</t></r><r><t>太郎</t></r><rPh sb="0" eb="2"><t>ヤマダ</t></rPh><rPh sb="2" eb="4"><t>タロウ</t></rPh><phoneticPr fontId="1"/></si><si/><si><t>090-1234-5678</t></si></sst>"#;
    let rows = r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>4</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>鈴木花子</t><rPh sb="0" eb="2"><t>スズキ</t></rPh></is></c><c r="B3" t="inlineStr"><is><t>080-2345-6789</t></is></c></row></sheetData></worksheet>"#;
    let x = office(&[("xl/workbook.xml", WORKBOOK.as_bytes()), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()), ("xl/sharedStrings.xml", shared.as_bytes()), ("xl/worksheets/sheet1.xml", rows.as_bytes())]);
    std::fs::write(dir.path().join("book.xlsx"), x).unwrap();
    let out = run(&["scan", "--format", "jsonl", "--show-values"], &dir.path().join("book.xlsx"));
    let rows: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // Offsets are in the extracted text: the cells without their furigana, and an empty string
    // item (`<si/>`) keeps the indices of the items after it.
    let text = "氏名,携帯\n山田太郎,090-1234-5678\n鈴木花子,080-2345-6789\n";
    for r in &rows {
        let (start, end) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
        assert_eq!(text.get(start..end), r["value"].as_str(), "{r}");
    }
    let values: Vec<&str> = rows.iter().map(|r| r["value"].as_str().unwrap()).collect();
    assert!(values.contains(&"090-1234-5678") && values.contains(&"080-2345-6789"), "{values:?}");
}

#[test]
fn a_file_longer_than_its_metadata_says_is_read_only_up_to_the_limit() {
    // Files in /proc report a size of 0 and hold more: like a file growing while it is read.
    let p = Path::new("/proc/self/status");
    if !p.exists() {
        return;
    }
    let (code, _, errors) = scan(&["--max-filesize", "64"], p);
    assert_eq!(problem_of(&errors, "status").map(|p| p.0).as_deref(), Some("too_large"), "{errors:?}");
    assert_eq!(code, Some(2));
}

/// A deflate stream of `mib` MiB of `0` built without compressing them all: one MiB compressed
/// and flushed to a byte boundary, repeated, then an empty final block.
fn zeros_deflated(mib: usize) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let mut block = Vec::with_capacity(1 << 20);
    c.compress_vec(&vec![b'0'; 1 << 20], &mut block, flate2::FlushCompress::Full).unwrap();
    let mut out = block.repeat(mib);
    out.extend([0x03, 0x00]);
    out
}

/// A zip of one deflated member, written by hand (the CRC is not checked before the limits).
fn zip_of_deflated(name: &str, deflated: &[u8], size: u32) -> Vec<u8> {
    let mut z = Vec::new();
    let n = name.len() as u16;
    let c = deflated.len() as u32;
    z.extend([0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 0, 0, 0x21, 0]);
    z.extend(0u32.to_le_bytes());
    z.extend(c.to_le_bytes());
    z.extend(size.to_le_bytes());
    z.extend(n.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    z.extend(name.as_bytes());
    z.extend(deflated);
    let cd = z.len() as u32;
    z.extend([0x50, 0x4B, 0x01, 0x02, 20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0x21, 0]);
    z.extend(0u32.to_le_bytes());
    z.extend(c.to_le_bytes());
    z.extend(size.to_le_bytes());
    z.extend(n.to_le_bytes());
    z.extend([0u8; 12]);
    z.extend(0u32.to_le_bytes());
    z.extend(name.as_bytes());
    let cd_len = z.len() as u32 - cd;
    z.extend([0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend(cd_len.to_le_bytes());
    z.extend(cd.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    z
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    let dir = tmp();
    // 1 MB holding 1 GiB: over the ratio, refused on its declared size.
    let bomb = dir.path().join("bomb.zip");
    std::fs::write(&bomb, zip_of_deflated("zeros.txt", &zeros_deflated(1024), 1 << 30)).unwrap();
    let time = Path::new("/usr/bin/time");
    let out = if time.exists() {
        Command::new(time).args(["-f", "maxrss_kb=%M"]).arg(env!("CARGO_BIN_EXE_jpii")).args(["scan", "--format", "json"]).arg(&bomb).output().unwrap()
    } else {
        run(&["scan", "--format", "json"], &bomb)
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bomb.zip!zeros.txt: compression ratio above 200:1"), "{stderr}");
    if let Some(kb) = stderr.lines().find_map(|l| l.strip_prefix("maxrss_kb=")) {
        let kb: u64 = kb.trim().parse().unwrap();
        assert!(kb < 100_000, "peak memory {kb} kB to refuse a 1 MB zip bomb");
    }
    // A member that declares less than it holds is cut at the limit while read.
    let liar = dir.path().join("liar.zip");
    std::fs::write(&liar, zip_of_deflated("zeros.txt", &zeros_deflated(64), 1000)).unwrap();
    let (code, _, errors) = scan(&[], &liar);
    assert_eq!(code, Some(2));
    assert_eq!(problem_of(&errors, "liar.zip!zeros.txt").map(|p| p.0).as_deref(), Some("limit_exceeded"), "{errors:?}");
}

#[test]
fn an_invalid_glob_is_an_error() {
    let dir = tmp();
    std::fs::write(dir.path().join("a.txt"), PHONE).unwrap();
    let out = run(&["scan", "--format", "jsonl", "--glob", "["], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"[\""), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "nothing scanned");
    std::fs::write(dir.path().join("jpii.toml"), "exclude_paths = [\"logs/{a,b\"]\n").unwrap();
    let out = run(&["scan", "--format", "jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("logs/{a,b"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// An OLE compound file whose directory holds these stream names (enough of the format for a
/// reader that looks at the directory entries).
fn ole(streams: &[&str]) -> Vec<u8> {
    let mut b = vec![0u8; 512];
    b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    b[28..30].copy_from_slice(&[0xFE, 0xFF]);
    b[30..32].copy_from_slice(&9u16.to_le_bytes());
    let mut dir = vec![0u8; 512];
    for (i, name) in ["Root Entry"].iter().chain(streams).enumerate() {
        let e = &mut dir[i * 128..(i + 1) * 128];
        let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&(units.len() as u16 + 2).to_le_bytes());
        e[66] = if i == 0 { 5 } else { 2 };
    }
    b.extend(dir);
    b.extend(vec![0x5Au8; 2048]);
    b
}

#[test]
fn encrypted_and_legacy_office_files_are_reported() {
    let dir = tmp();
    std::fs::write(dir.path().join("secret.xlsx"), ole(&["EncryptionInfo", "EncryptedPackage"])).unwrap();
    let (code, _, errors) = scan(&[], &dir.path().join("secret.xlsx"));
    assert_eq!(code, Some(2));
    let (problem, message) = problem_of(&errors, "secret.xlsx").unwrap();
    assert_eq!(problem, "encrypted");
    assert!(message.contains("encrypted Office document"), "{message}");
    std::fs::write(dir.path().join("old.doc"), ole(&["WordDocument", "1Table"])).unwrap();
    std::fs::write(dir.path().join("old.xls"), ole(&["Workbook"])).unwrap();
    for name in ["old.doc", "old.xls"] {
        let (code, _, errors) = scan(&[], &dir.path().join(name));
        assert_eq!(code, Some(2), "{name}");
        let (problem, message) = problem_of(&errors, name).unwrap();
        assert_eq!(problem, "corrupt", "{name}");
        assert!(message.contains("legacy Office format"), "{message}");
    }
    // Other compound files (thumbnail caches, installers) stay binary files.
    std::fs::write(dir.path().join("Thumbs.db"), ole(&["Catalog"])).unwrap();
    let (code, _, errors) = scan(&[], &dir.path().join("Thumbs.db"));
    assert_eq!(code, Some(0));
    assert_eq!(problem_of(&errors, "Thumbs.db").map(|p| p.0).as_deref(), Some("binary"));
}

#[test]
fn members_are_named_by_their_own_names() {
    let dir = tmp();
    // A gzip inside a zip is named after its own name, not the zip's path; one without `.gz`: data.
    let z = zip_bytes(&[("x.csv.gz", &gz(PHONE.as_bytes())), ("noext", &gz(PHONE.as_bytes()))]);
    std::fs::write(dir.path().join("a.zip"), &z).unwrap();
    let (_, findings, errors) = scan(&[], &dir.path().join("a.zip"));
    let paths: Vec<&str> = findings.iter().map(|(p, _)| p.rsplit('/').next().unwrap()).collect();
    assert_eq!(paths, ["a.zip!x.csv.gz!x.csv", "a.zip!noext!data"], "{errors:?}");
    // A member name written in CP932 without the UTF-8 flag (Japanese Windows) reads as written.
    let sjis_name = encoding_rs::SHIFT_JIS.encode("名簿.csv").0.into_owned();
    let placeholder = b"abcd.csv";
    assert_eq!(sjis_name.len(), placeholder.len());
    let mut z = zip_bytes(&[("abcd.csv", PHONE.as_bytes())]);
    let mut at = 0;
    while let Some(i) = z[at..].windows(placeholder.len()).position(|w| w == placeholder) {
        z[at + i..at + i + placeholder.len()].copy_from_slice(&sjis_name);
        at += i + placeholder.len();
    }
    std::fs::write(dir.path().join("b.zip"), &z).unwrap();
    let (_, findings, errors) = scan(&[], &dir.path().join("b.zip"));
    assert!(has_finding(&findings, "b.zip!名簿.csv", "090-1234-5678"), "{findings:?} {errors:?}");
}

#[test]
fn a_zip_after_other_data_and_an_old_tar_are_read() {
    let dir = tmp();
    // A self-extracting archive: a program's bytes, then the zip (its end record says where).
    let mut sfx: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 256) as u8).collect();
    sfx.extend(zip_bytes(&[("customers.txt", PHONE.as_bytes())]));
    std::fs::write(dir.path().join("setup.exe"), &sfx).unwrap();
    let (_, findings, errors) = scan(&[], &dir.path().join("setup.exe"));
    assert!(has_finding(&findings, "setup.exe!customers.txt", "090-1234-5678"), "{findings:?} {errors:?}");
    // A tar in the old v7 format, without the `ustar` magic.
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_old();
    h.set_path("customers.txt").unwrap();
    h.set_size(PHONE.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    b.append(&h, PHONE.as_bytes()).unwrap();
    let v7 = b.into_inner().unwrap();
    assert_ne!(&v7[257..262], b"ustar");
    std::fs::write(dir.path().join("old.tar"), &v7).unwrap();
    let (_, findings, errors) = scan(&[], &dir.path().join("old.tar"));
    assert!(has_finding(&findings, "old.tar!customers.txt", "090-1234-5678"), "{findings:?} {errors:?}");
}

#[test]
fn files_left_out_by_ignore_files_or_as_hidden_are_counted() {
    // An ignore file placed in an export folder hides what it names: the scan says how many.
    let dir = tmp();
    let root = dir.path().join("export");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join(".jpiiignore"), "*.csv\n").unwrap();
    std::fs::write(root.join("customers.csv"), PHONE).unwrap();
    std::fs::write(root.join(".hidden.txt"), PHONE).unwrap();
    std::fs::write(root.join("letter.txt"), "こんにちは\n").unwrap();
    let out = jpii().args(["scan", "--format", "json"]).arg(&root).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // customers.csv (ignored), .hidden.txt and .jpiiignore (hidden).
    assert_eq!(doc["summary"]["files_hidden_or_ignored"], 3, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(doc["summary"]["files_scanned"], 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 files not scanned: hidden, or excluded by an ignore file"));
    let all = jpii().args(["scan", "--format", "json", "--hidden", "--no-ignore"]).arg(&root).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!((doc["summary"]["files_hidden_or_ignored"].as_u64(), doc["summary"]["files_scanned"].as_u64()), (Some(0), Some(4)));
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_reported_losslessly() {
    // 名簿.csv in Shift_JIS, as an old disc or share holds it: the path names that file.
    use std::os::unix::ffi::OsStrExt;
    let dir = tmp();
    let name = std::ffi::OsStr::from_bytes(b"\x96\xbc\x95\xeb.csv");
    std::fs::write(dir.path().join(name), PHONE).unwrap();
    let (_, findings, errors) = scan(&[], dir.path());
    assert!(findings.iter().any(|(p, _)| p.ends_with("/\\x96\\xbc\\x95\\xeb.csv")), "{findings:?} {errors:?}");
    assert!(!findings.iter().any(|(p, _)| p.contains('\u{FFFD}')));
}
