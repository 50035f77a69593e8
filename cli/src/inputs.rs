//! What gets scanned: paths walked with the `ignore` crate (gitignore rules, `.jpiiignore`,
//! `--glob`), stdin, and the members of containers (zip, gzip, tar, tar.gz, and the text of
//! xlsx/docx/pptx). Containers are opened in memory with limits against zip bombs; every member
//! that cannot be scanned is reported, never silently dropped.

use std::io::Read;
use std::path::{Path, PathBuf};

use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;
use jpii::Scanner;

use crate::scan::{scan_blob, FileReport, Problem, ValueMode};

/// Limits for reading files and opening containers.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Files larger than this are reported as too large, not read.
    pub max_filesize: u64,
    /// Total decompressed bytes per top-level file.
    pub max_total: u64,
    /// Largest allowed decompressed/compressed ratio of a member.
    pub max_ratio: u64,
    /// Deepest container nesting (`a.zip!b.zip!c.csv` is depth 2).
    pub max_depth: usize,
    /// Most members read per container.
    pub max_members: usize,
}

/// Options of a walk.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    pub hidden: bool,
    pub no_ignore: bool,
    pub globs: Vec<String>,
    pub excludes: Vec<String>,
}

/// One thing to scan.
#[derive(Clone, Debug)]
pub enum Input {
    File(PathBuf),
    Stdin,
    /// Found by the walk but not scannable (walk error, special file).
    Problem(String, Problem, String),
}

/// Expands the command-line paths into inputs (directories walked, in a stable order).
pub fn collect(paths: &[PathBuf], opts: &WalkOptions) -> Vec<Input> {
    let mut out = Vec::new();
    if paths.is_empty() {
        out.push(Input::Stdin);
        return out;
    }
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
            continue;
        }
        match std::fs::symlink_metadata(p) {
            Err(e) => out.push(Input::Problem(display(p), Problem::Unreadable, e.to_string())),
            Ok(m) if m.is_dir() => walk(p, opts, &mut out),
            Ok(_) => out.push(classify(p)),
        }
    }
    out
}

fn walk(root: &Path, opts: &WalkOptions, out: &mut Vec<Input>) {
    let mut b = WalkBuilder::new(root);
    b.hidden(!opts.hidden)
        .git_ignore(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .ignore(!opts.no_ignore)
        .parents(!opts.no_ignore)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_path(|a, b| a.cmp(b));
    if !opts.no_ignore {
        b.add_custom_ignore_filename(".jpiiignore");
    }
    let mut ov = OverrideBuilder::new(root);
    for g in &opts.globs {
        let _ = ov.add(g);
    }
    for g in &opts.excludes {
        let _ = ov.add(&format!("!{g}"));
    }
    if let Ok(o) = ov.build() {
        b.overrides(o);
    }
    for entry in b.build() {
        match entry {
            Err(e) => out.push(Input::Problem(display(root), Problem::Unreadable, e.to_string())),
            Ok(e) => {
                let Some(ft) = e.file_type() else { continue };
                if ft.is_dir() {
                    continue;
                }
                out.push(classify(e.path()));
            }
        }
    }
}

/// A regular file is scanned; links are followed only to regular files (a loop or a dangling link
/// is reported); FIFOs, sockets and devices are reported without being opened.
fn classify(p: &Path) -> Input {
    match std::fs::metadata(p) {
        Err(e) => Input::Problem(display(p), Problem::Unreadable, e.to_string()),
        Ok(m) if m.is_file() => Input::File(p.to_path_buf()),
        Ok(m) if m.is_dir() => Input::Problem(display(p), Problem::NotARegularFile, "a link to a directory (not followed)".into()),
        Ok(_) => Input::Problem(display(p), Problem::NotARegularFile, "not a regular file (FIFO, socket or device): not opened".into()),
    }
}

pub fn display(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// Scans one input into reports (one per file, or one per archive member).
pub fn scan_input(scanner: &Scanner, input: &Input, mode: ValueMode, limits: Limits) -> Vec<FileReport> {
    match input {
        Input::Problem(path, p, msg) => vec![FileReport::problem(path, 0, p.clone(), msg.clone())],
        Input::Stdin => {
            let mut buf = Vec::new();
            let mut r = std::io::stdin().lock().take(limits.max_filesize + 1);
            match r.read_to_end(&mut buf) {
                Err(e) => vec![FileReport::problem("-", 0, Problem::Unreadable, e.to_string())],
                Ok(_) if buf.len() as u64 > limits.max_filesize => vec![FileReport::problem("-", buf.len() as u64, Problem::TooLarge, format!("larger than --max-filesize ({} bytes)", limits.max_filesize))],
                Ok(_) => scan_bytes("-", &buf, scanner, mode, limits, 0, &mut Budget::new(limits)),
            }
        }
        Input::File(p) => {
            let path = display(p);
            let len = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
            if len > limits.max_filesize {
                return vec![FileReport::problem(&path, len, Problem::TooLarge, format!("{len} bytes, larger than --max-filesize ({} bytes): not scanned", limits.max_filesize))];
            }
            match std::fs::read(p) {
                Err(e) => vec![FileReport::problem(&path, len, Problem::Unreadable, e.to_string())],
                Ok(bytes) => scan_bytes(&path, &bytes, scanner, mode, limits, 0, &mut Budget::new(limits)),
            }
        }
    }
}

/// Decompressed bytes still allowed for one top-level file.
struct Budget {
    left: u64,
}

impl Budget {
    fn new(l: Limits) -> Budget {
        Budget { left: l.max_total }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Container {
    Zip,
    Office,
    Gzip,
    Tar,
}

fn container_of(path: &str, bytes: &[u8]) -> Option<Container> {
    let lower = path.to_ascii_lowercase();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        if [".xlsx", ".docx", ".pptx", ".xlsm", ".docm", ".pptm"].iter().any(|e| lower.ends_with(e)) {
            return Some(Container::Office);
        }
        return Some(Container::Zip);
    }
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return Some(Container::Gzip);
    }
    if bytes.len() >= 262 && &bytes[257..262] == b"ustar" {
        return Some(Container::Tar);
    }
    None
}

fn scan_bytes(path: &str, bytes: &[u8], scanner: &Scanner, mode: ValueMode, limits: Limits, depth: usize, budget: &mut Budget) -> Vec<FileReport> {
    let Some(kind) = container_of(path, bytes) else {
        return vec![scan_blob(scanner, path, bytes, mode)];
    };
    if depth >= limits.max_depth {
        return vec![FileReport::problem(path, bytes.len() as u64, Problem::LimitExceeded, format!("container nested deeper than --max-depth {}: not opened", limits.max_depth))];
    }
    match kind {
        Container::Zip => zip_members(path, bytes, scanner, mode, limits, depth, budget),
        Container::Office => office_text(path, bytes, scanner, mode, limits, budget),
        Container::Gzip => {
            let inner = path.strip_suffix(".gz").or_else(|| path.strip_suffix(".tgz")).map(str::to_string).unwrap_or_else(|| format!("{path}!data"));
            let inner = if path.ends_with(".tgz") { format!("{inner}.tar") } else { inner };
            match read_limited(flate2::read::GzDecoder::new(bytes), bytes.len() as u64, limits, budget) {
                Ok(data) => scan_bytes(&format!("{path}!{}", inner.rsplit('/').next().unwrap_or(&inner)), &data, scanner, mode, limits, depth + 1, budget),
                Err(p) => vec![p.into_report(path, bytes.len() as u64)],
            }
        }
        Container::Tar => tar_members(path, bytes, scanner, mode, limits, depth, budget),
    }
}

/// Why reading a compressed stream stopped.
enum ReadStop {
    Limit(String),
    Corrupt(String),
}

impl ReadStop {
    fn into_report(self, path: &str, bytes: u64) -> FileReport {
        match self {
            ReadStop::Limit(m) => FileReport::problem(path, bytes, Problem::LimitExceeded, m),
            ReadStop::Corrupt(m) => FileReport::problem(path, bytes, Problem::Corrupt, m),
        }
    }
}

/// Reads a decompressing stream, stopping at the budget, the file-size limit or the ratio limit.
fn read_limited(r: impl Read, compressed: u64, limits: Limits, budget: &mut Budget) -> Result<Vec<u8>, ReadStop> {
    let cap = budget.left.min(limits.max_filesize).min(compressed.max(1).saturating_mul(limits.max_ratio));
    let mut out = Vec::new();
    let got = r.take(cap + 1).read_to_end(&mut out).map_err(|e| ReadStop::Corrupt(format!("cannot decompress: {e}")))?;
    if got as u64 > cap {
        let why = if cap == budget.left {
            format!("decompressed size exceeds the total limit ({} bytes)", limits.max_total)
        } else if cap == limits.max_filesize {
            format!("decompressed member larger than --max-filesize ({} bytes)", limits.max_filesize)
        } else {
            format!("compression ratio above {}:1 (zip bomb?)", limits.max_ratio)
        };
        return Err(ReadStop::Limit(format!("{why}: not scanned")));
    }
    budget.left -= got as u64;
    Ok(out)
}

fn zip_members(path: &str, bytes: &[u8], scanner: &Scanner, mode: ValueMode, limits: Limits, depth: usize, budget: &mut Budget) -> Vec<FileReport> {
    let mut zip = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return vec![FileReport::problem(path, bytes.len() as u64, Problem::Corrupt, format!("not a readable zip: {e}"))],
    };
    let mut out = Vec::new();
    let n = zip.len();
    if n > limits.max_members {
        out.push(FileReport::problem(path, bytes.len() as u64, Problem::LimitExceeded, format!("{n} members, more than the limit of {}: only the first {} scanned", limits.max_members, limits.max_members)));
    }
    for i in 0..n.min(limits.max_members) {
        let (name, encrypted, is_dir, compressed) = match zip.by_index_raw(i) {
            Ok(f) => (f.name().to_string(), f.encrypted(), f.is_dir(), f.compressed_size()),
            Err(e) => {
                out.push(FileReport::problem(&format!("{path}!#{i}"), 0, Problem::Corrupt, e.to_string()));
                continue;
            }
        };
        if is_dir {
            continue;
        }
        let member = format!("{path}!{name}");
        if encrypted {
            out.push(FileReport::problem(&member, 0, Problem::Encrypted, "encrypted, not scanned"));
            continue;
        }
        let data = match zip.by_index(i) {
            Ok(f) => read_limited(f, compressed, limits, budget),
            Err(e) => Err(ReadStop::Corrupt(e.to_string())),
        };
        match data {
            Ok(d) => out.extend(scan_bytes(&member, &d, scanner, mode, limits, depth + 1, budget)),
            Err(p) => out.push(p.into_report(&member, compressed)),
        }
    }
    out
}

fn tar_members(path: &str, bytes: &[u8], scanner: &Scanner, mode: ValueMode, limits: Limits, depth: usize, budget: &mut Budget) -> Vec<FileReport> {
    let mut out = Vec::new();
    let mut ar = tar::Archive::new(bytes);
    let entries = match ar.entries() {
        Ok(e) => e,
        Err(e) => return vec![FileReport::problem(path, bytes.len() as u64, Problem::Corrupt, e.to_string())],
    };
    for (i, entry) in entries.enumerate() {
        if i >= limits.max_members {
            out.push(FileReport::problem(path, bytes.len() as u64, Problem::LimitExceeded, format!("more than {} members: the rest not scanned", limits.max_members)));
            break;
        }
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                out.push(FileReport::problem(path, bytes.len() as u64, Problem::Corrupt, err.to_string()));
                break;
            }
        };
        if !e.header().entry_type().is_file() {
            continue;
        }
        let name = e.path().map(|p| p.to_string_lossy().to_string()).unwrap_or_else(|_| format!("#{i}"));
        let member = format!("{path}!{name}");
        let size = e.header().size().unwrap_or(0);
        match read_limited(e, size.max(1), Limits { max_ratio: u64::MAX / 2, ..limits }, budget) {
            Ok(d) => out.extend(scan_bytes(&member, &d, scanner, mode, limits, depth + 1, budget)),
            Err(p) => out.push(p.into_report(&member, size)),
        }
    }
    out
}

/// The text of an Office Open XML file, one report per part, with cell or paragraph locations in
/// the notes (`book.xlsx!Sheet1!C12`). Spans are offsets in the extracted text of each part.
fn office_text(path: &str, bytes: &[u8], scanner: &Scanner, mode: ValueMode, limits: Limits, budget: &mut Budget) -> Vec<FileReport> {
    let mut zip = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return vec![FileReport::problem(path, bytes.len() as u64, Problem::Corrupt, format!("not a readable Office file: {e}"))],
    };
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let read = |zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str, budget: &mut Budget| -> Option<Result<Vec<u8>, ReadStop>> {
        let f = zip.by_name(name).ok()?;
        if f.encrypted() {
            return Some(Err(ReadStop::Corrupt("encrypted".into())));
        }
        let c = f.compressed_size();
        Some(read_limited(f, c, limits, budget))
    };
    let mut out = Vec::new();
    // Encrypted Office files are a CFB container, not a zip: they fail above as corrupt.
    if names.iter().any(|n| n == "xl/workbook.xml") {
        let shared: Vec<String> = match read(&mut zip, "xl/sharedStrings.xml", budget) {
            Some(Ok(x)) => crate::office::shared_strings(&x),
            _ => Vec::new(),
        };
        let sheet_names = match read(&mut zip, "xl/workbook.xml", budget) {
            Some(Ok(x)) => crate::office::sheet_names(&x),
            _ => Vec::new(),
        };
        let mut sheets: Vec<&String> = names.iter().filter(|n| n.starts_with("xl/worksheets/sheet") && n.ends_with(".xml")).collect();
        sheets.sort_by_key(|n| n.trim_start_matches("xl/worksheets/sheet").trim_end_matches(".xml").parse::<usize>().unwrap_or(0));
        for (k, s) in sheets.iter().enumerate() {
            let label = sheet_names.get(k).cloned().unwrap_or_else(|| format!("Sheet{}", k + 1));
            match read(&mut zip, s, budget) {
                Some(Ok(x)) => {
                    let (text, cells) = crate::office::sheet_text(&x, &shared);
                    out.push(office_report(scanner, &format!("{path}!{label}"), &text, &cells, mode));
                }
                Some(Err(p)) => out.push(p.into_report(&format!("{path}!{label}"), 0)),
                None => {}
            }
        }
    } else {
        let parts: Vec<String> = names
            .iter()
            .filter(|n| n.as_str() == "word/document.xml" || (n.starts_with("ppt/slides/slide") && n.ends_with(".xml")) || n.starts_with("word/header") || n.starts_with("word/footer"))
            .cloned()
            .collect();
        for part in parts {
            match read(&mut zip, &part, budget) {
                Some(Ok(x)) => {
                    let (text, cells) = crate::office::paragraph_text(&x);
                    let label = part.trim_end_matches(".xml").rsplit('/').next().unwrap_or(&part).to_string();
                    out.push(office_report(scanner, &format!("{path}!{label}"), &text, &cells, mode));
                }
                Some(Err(p)) => out.push(p.into_report(&format!("{path}!{part}"), 0)),
                None => {}
            }
        }
    }
    out
}

/// A report on extracted Office text: each finding's path names its cell or paragraph.
fn office_report(scanner: &Scanner, path: &str, text: &str, cells: &[(usize, String)], mode: ValueMode) -> FileReport {
    let mut r = scan_blob(scanner, path, text.as_bytes(), mode);
    for f in &mut r.findings {
        let k = cells.partition_point(|(start, _)| *start <= f.start);
        if let Some((_, loc)) = k.checked_sub(1).and_then(|k| cells.get(k)) {
            f.path = format!("{path}!{loc}");
        }
    }
    r.notes.push("offsets are in the extracted text of this part".into());
    r
}
