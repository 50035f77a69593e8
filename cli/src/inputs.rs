//! What gets scanned: paths walked with the `ignore` crate (gitignore rules, `.jpiiignore`,
//! `--glob`), stdin, and the members of containers (zip, gzip, tar, tar.gz, and the text of
//! xlsx/docx/pptx and the files embedded in them). Containers are opened in memory with limits
//! against zip bombs; every member that cannot be scanned (encrypted, over a limit, an entry that
//! is not a file, a legacy or password-protected Office file) is reported, never silently dropped.

use std::collections::{HashMap, HashSet};
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

impl Input {
    /// The path the reports name it by (`-` for stdin).
    pub fn path(&self) -> String {
        match self {
            Input::File(p) => display(p),
            Input::Stdin => "-".to_string(),
            Input::Problem(p, ..) => p.clone(),
        }
    }
}

/// Expands the command-line paths into inputs (directories walked, in a stable order), with how
/// many files the directory walks listed (see [`left_out`]). A glob that does not parse would
/// select other files than meant: then nothing is scanned and the pattern is reported (a problem,
/// so the exit code is 2).
pub fn collect(paths: &[PathBuf], opts: &WalkOptions) -> (Vec<Input>, usize) {
    if let Err(e) = check_patterns(opts) {
        return (vec![Input::Problem("(configuration)".into(), Problem::Unreadable, e)], 0);
    }
    let mut out = Vec::new();
    let mut listed = 0;
    if paths.is_empty() {
        out.push(Input::Stdin);
        return (out, 0);
    }
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
            continue;
        }
        match std::fs::symlink_metadata(p) {
            Err(e) => out.push(Input::Problem(display(p), Problem::Unreadable, e.to_string())),
            Ok(m) if m.is_dir() => listed += walk(p, opts, &mut out),
            Ok(_) => out.push(classify(p)),
        }
    }
    (out, listed)
}

/// The walk of `root` with `opts` (`filtered`: hidden files and ignore files as `opts` say; else
/// neither, for counting what they leave out).
fn walker(root: &Path, opts: &WalkOptions, filtered: bool) -> WalkBuilder {
    let (hidden, no_ignore) = if filtered { (opts.hidden, opts.no_ignore) } else { (true, true) };
    let mut b = WalkBuilder::new(root);
    b.hidden(!hidden)
        .git_ignore(!no_ignore)
        .git_global(!no_ignore)
        .git_exclude(!no_ignore)
        .ignore(!no_ignore)
        .parents(!no_ignore)
        .require_git(false)
        .follow_links(false);
    if !no_ignore {
        b.add_custom_ignore_filename(".jpiiignore");
    }
    // The patterns parse (`check_patterns`): an error here cannot drop one silently.
    if let Ok(o) = overrides(root, opts) {
        b.overrides(o);
    }
    b
}

/// How many files under the directories of `paths` the walk leaves out as hidden or ignored
/// (`.gitignore`, `.ignore`, `.jpiiignore`, in the tree or above it): 0 with `--hidden
/// --no-ignore`. A gate should say so: an ignore file placed in an export folder would otherwise
/// hide what it holds without a word. (`--glob` and `exclude_paths` are the user's own choice and
/// apply to both counts.) `listed`: the files [`collect`]'s walks listed; only the walk without
/// the filters is made here.
pub fn left_out(paths: &[PathBuf], opts: &WalkOptions, listed: usize) -> usize {
    if opts.hidden && opts.no_ignore {
        return 0;
    }
    let all: usize = paths
        .iter()
        .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()))
        .map(|p| walker(p, opts, false).build().filter_map(Result::ok).filter(|e| e.file_type().is_some_and(|t| !t.is_dir())).count())
        .sum();
    all.saturating_sub(listed)
}

/// Walks `root` into `out`; returns how many files it listed (entries that are not folders).
fn walk(root: &Path, opts: &WalkOptions, out: &mut Vec<Input>) -> usize {
    let mut b = walker(root, opts, true);
    b.sort_by_file_path(|a, b| a.cmp(b));
    let mut listed = 0;
    for entry in b.build() {
        match entry {
            Err(e) => out.push(Input::Problem(display(root), Problem::Unreadable, e.to_string())),
            Ok(e) => {
                let Some(ft) = e.file_type() else { continue };
                if ft.is_dir() {
                    continue;
                }
                listed += 1;
                out.push(classify(e.path()));
            }
        }
    }
    listed
}

/// `--glob` patterns, then the configuration's `exclude_paths` (as `!pattern`).
fn overrides(root: &Path, opts: &WalkOptions) -> Result<ignore::overrides::Override, String> {
    let mut ov = OverrideBuilder::new(root);
    for g in &opts.globs {
        ov.add(g).map_err(|e| format!("invalid --glob {g:?}: {e}"))?;
    }
    for g in &opts.excludes {
        ov.add(&format!("!{g}")).map_err(|e| format!("invalid exclude_paths pattern {g:?} in the configuration: {e}"))?;
    }
    ov.build().map_err(|e| format!("invalid glob: {e}"))
}

/// Every pattern parses: one silently dropped would scan what it was meant to exclude, or
/// everything instead of what it was meant to select.
pub fn check_patterns(opts: &WalkOptions) -> Result<(), String> {
    overrides(Path::new("."), opts).map(|_| ()).map_err(|e| format!("{e}: nothing scanned"))
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
    let s = lossless(p);
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// A path as text that still names the file: as is when it is UTF-8; otherwise (a Shift_JIS name
/// from an old disc or share, on Unix) each byte that is not UTF-8 as `\xNN` and each backslash as
/// `\\`, where replacement characters would have lost which file it was.
fn lossless(p: &Path) -> std::borrow::Cow<'_, str> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = p.as_os_str().as_bytes();
        if std::str::from_utf8(bytes).is_err() {
            let mut out = String::with_capacity(bytes.len() * 2);
            for chunk in bytes.utf8_chunks() {
                out.push_str(&chunk.valid().replace('\\', "\\\\"));
                for b in chunk.invalid() {
                    use std::fmt::Write;
                    let _ = write!(out, "\\x{b:02x}");
                }
            }
            return std::borrow::Cow::Owned(out);
        }
    }
    p.to_string_lossy()
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
            // The size may have changed since (a log being written, a file in /proc that says 0):
            // one byte past the limit is read, never the whole file.
            let mut bytes = Vec::new();
            if bytes.try_reserve_exact(len as usize + 1).is_err() {
                return vec![FileReport::problem(&path, len, Problem::TooLarge, format!("{len} bytes: cannot allocate memory for it, not scanned"))];
            }
            match std::fs::File::open(p).and_then(|f| f.take(limits.max_filesize + 1).read_to_end(&mut bytes)) {
                Err(e) => vec![FileReport::problem(&path, len, Problem::Unreadable, e.to_string())],
                Ok(_) if bytes.len() as u64 > limits.max_filesize => {
                    vec![FileReport::problem(&path, bytes.len() as u64, Problem::TooLarge, format!("larger than --max-filesize ({} bytes) when read (its size was {len} bytes): not scanned", limits.max_filesize))]
                }
                Ok(_) => scan_bytes(&path, &bytes, scanner, mode, limits, 0, &mut Budget::new(limits)),
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
    if bytes.len() >= 262 && &bytes[257..262] == b"ustar" || old_tar(bytes) {
        return Some(Container::Tar);
    }
    None
}

/// A tar archive of the old (v7) format, which has no `ustar` magic: its first 512-byte header's
/// checksum holds (the tar crate's own: the one it stores, and the one it would write). An
/// all-zero block, the end of an archive, is no header.
fn old_tar(bytes: &[u8]) -> bool {
    let Some(block) = bytes.get(..512).filter(|b| b[0] != 0) else { return false };
    let header = tar::Header::from_byte_slice(block);
    let mut computed = header.clone();
    computed.set_cksum();
    header.cksum().is_ok_and(|stored| computed.cksum().is_ok_and(|c| c == stored))
}

/// A zip's end-of-central-directory record in the last 64 KiB (22 bytes and a comment of at most
/// 65,535) of data that does not start as a zip.
fn has_zip_end(bytes: &[u8]) -> bool {
    // (memchr's SIMD search: every file that is no container is looked at here.)
    memchr::memmem::rfind(&bytes[bytes.len().saturating_sub(65_557)..], b"PK\x05\x06").is_some()
}

fn scan_bytes(path: &str, bytes: &[u8], scanner: &Scanner, mode: ValueMode, limits: Limits, depth: usize, budget: &mut Budget) -> Vec<FileReport> {
    if let Some(r) = ole_office(path, bytes, scanner, mode) {
        return vec![r];
    }
    let Some(kind) = container_of(path, bytes) else {
        // A zip after other data (a self-extracting archive, a zip appended to an image) would
        // pass as one binary file: read as a zip when it opens as one.
        if has_zip_end(bytes) && zip::ZipArchive::new(std::io::Cursor::new(bytes)).is_ok() {
            return zip_members(path, bytes, scanner, mode, limits, depth, budget);
        }
        return vec![scan_blob(scanner, path, bytes, mode)];
    };
    if depth >= limits.max_depth {
        return vec![FileReport::problem(path, bytes.len() as u64, Problem::LimitExceeded, format!("container nested deeper than --max-depth {}: not opened", limits.max_depth))];
    }
    match kind {
        Container::Zip => zip_members(path, bytes, scanner, mode, limits, depth, budget),
        Container::Office => office_text(path, bytes, scanner, mode, limits, depth, budget),
        Container::Gzip => {
            // The member is named after the file's own name (`x.csv.gz!x.csv`, `a.tgz!a.tar`), not
            // its whole path (inside a zip: `a.zip!x.gz!x`), and `data` when it has no such suffix.
            let name = path.rsplit(['/', '!']).next().unwrap_or(path);
            let inner = name.strip_suffix(".gz").map(str::to_string).or_else(|| name.strip_suffix(".tgz").map(|n| format!("{n}.tar"))).unwrap_or_else(|| "data".to_string());
            // The trailer's size (of the last member, modulo 4 GiB) sizes the buffer, no more: a
            // file with data after its members has no trailer there.
            let hint = bytes.len().checked_sub(4).map(|i| u64::from(u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]])));
            let mut members = GzMembers { member: Some(flate2::bufread::GzDecoder::new(bytes)), trailing: 0 };
            match read_limited(&mut members, bytes.len() as u64, hint.map_or(Size::Unknown, Size::Hint), limits, budget) {
                Ok(data) => {
                    let mut out = scan_bytes(&format!("{path}!{inner}"), &data, scanner, mode, limits, depth + 1, budget);
                    if members.trailing > 0 {
                        out.push(FileReport::problem(path, bytes.len() as u64, Problem::Corrupt, format!("{} bytes after the gzip data are not gzip: not scanned", members.trailing)));
                    }
                    out
                }
                Err(p) => vec![p.into_report(path, bytes.len() as u64)],
            }
        }
        Container::Tar => tar_members(path, bytes, scanner, mode, limits, depth, budget),
    }
}

/// The members of a gzip file one after another (`cat a.gz b.gz > c.gz` is a gzip file of both);
/// zeros after the last one (padding to a block) end it, anything else is counted in `trailing`.
struct GzMembers<'a> {
    member: Option<flate2::bufread::GzDecoder<&'a [u8]>>,
    trailing: usize,
}

impl Read for GzMembers<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while let Some(m) = self.member.as_mut() {
            let n = m.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            let rest = self.member.take().map(|m| m.into_inner()).unwrap_or_default();
            if rest.starts_with(&[0x1F, 0x8B]) {
                self.member = Some(flate2::bufread::GzDecoder::new(rest));
            } else if rest.iter().any(|&b| b != 0) {
                self.trailing = rest.len();
            }
        }
        Ok(0)
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Office files in an OLE compound file: encrypted xlsx/docx/pptx (the zip, encrypted, in an
/// `EncryptedPackage` stream) and the legacy binary formats, whose text this does not read. Other
/// compound files (thumbnail caches, installers) are left to the binary check.
fn ole_office(path: &str, bytes: &[u8], scanner: &Scanner, mode: ValueMode) -> Option<FileReport> {
    if !bytes.starts_with(&OLE_MAGIC) {
        return None;
    }
    let mut format = None;
    for name in ole_names(bytes) {
        match name.as_str() {
            "EncryptedPackage" => return Some(FileReport::problem(path, bytes.len() as u64, Problem::Encrypted, "encrypted Office document (password-protected), not scanned")),
            "WordDocument" => format = Some("Word 97-2003 document"),
            "Workbook" | "Book" => format = Some("Excel 97-2003 workbook"),
            "PowerPoint Document" => format = Some("PowerPoint 97-2003 presentation"),
            n if n.starts_with("__substg1.0_") => format = Some("Outlook message"),
            _ => {}
        }
    }
    let what = format?;
    let mut r = scan_blob(scanner, path, bytes, mode);
    if r.problem.is_some() {
        // Binary and --scan-binary not given: a document that could not be read, not a binary file.
        return Some(FileReport::problem(path, bytes.len() as u64, Problem::Corrupt, format!("legacy Office format (OLE compound file: {what}), not supported: not scanned (--scan-binary scans its raw bytes)")));
    }
    r.notes.push(format!("legacy Office format (OLE compound file: {what}): its raw bytes were scanned, text stored compressed or split is missed"));
    Some(r)
}

/// Names in the directory of a compound file. Directory entries are 128 bytes, aligned to 128 in
/// sectors of any size, after the 512-byte header: the name in UTF-16LE, its length in bytes
/// (with the final NUL) at offset 64, the entry type (1 storage, 2 stream, 5 root) at 66. Looking
/// at every aligned slot finds them without following the sector chains.
fn ole_names(bytes: &[u8]) -> impl Iterator<Item = String> + '_ {
    bytes.chunks_exact(128).skip(4).filter_map(|e| {
        let n = usize::from(u16::from_le_bytes([e[64], e[65]]));
        if !(4..=64).contains(&n) || n % 2 == 1 || !matches!(e[66], 1 | 2 | 5) || e[n - 2..n] != [0, 0] {
            return None;
        }
        char::decode_utf16(e[..n - 2].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]))).collect::<Result<String, _>>().ok()
    })
}

/// Why reading a compressed stream stopped.
enum ReadStop {
    Limit(String),
    Corrupt(String),
    Encrypted,
}

impl ReadStop {
    fn into_report(self, path: &str, bytes: u64) -> FileReport {
        match self {
            ReadStop::Limit(m) => FileReport::problem(path, bytes, Problem::LimitExceeded, m),
            ReadStop::Corrupt(m) => FileReport::problem(path, bytes, Problem::Corrupt, m),
            ReadStop::Encrypted => FileReport::problem(path, bytes, Problem::Encrypted, "encrypted, not scanned"),
        }
    }
}

/// What a container says of a member's decompressed size.
#[derive(Clone, Copy, Debug)]
enum Size {
    Unknown,
    /// In its index (zip central directory, tar header): over the limit, refused unread.
    Declared(u64),
    /// A guess that only sizes the buffer (the gzip trailer).
    Hint(u64),
}

/// Reads a decompressing stream, stopping at the budget, the file-size limit or the ratio limit.
/// A declared size over the limit is refused before anything is inflated; otherwise the buffer
/// never grows past the limit (one byte more tells it was exceeded), whatever the stream holds, so
/// a zip bomb costs at most the memory it was allowed.
fn read_limited(mut r: impl Read, compressed: u64, size: Size, limits: Limits, budget: &mut Budget) -> Result<Vec<u8>, ReadStop> {
    let cap = budget.left.min(limits.max_filesize).min(compressed.max(1).saturating_mul(limits.max_ratio));
    let over = || {
        let why = if cap == budget.left {
            format!("decompressed size exceeds the total limit ({} bytes)", limits.max_total)
        } else if cap == limits.max_filesize {
            format!("decompressed member larger than --max-filesize ({} bytes)", limits.max_filesize)
        } else {
            format!("compression ratio above {}:1 (zip bomb?)", limits.max_ratio)
        };
        ReadStop::Limit(format!("{why}: not scanned"))
    };
    if let Size::Declared(d) = size {
        if d > cap {
            return Err(over());
        }
    }
    let limit = usize::try_from(cap.saturating_add(1)).unwrap_or(usize::MAX);
    let no_memory = |n: usize| ReadStop::Limit(format!("cannot allocate {n} bytes: not scanned"));
    let mut out: Vec<u8> = Vec::new();
    if let Size::Declared(n) | Size::Hint(n) = size {
        let n = usize::try_from(n.saturating_add(1)).unwrap_or(usize::MAX).min(limit);
        out.try_reserve_exact(n).map_err(|_| no_memory(n))?;
    }
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = match r.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n.min(limit - out.len()),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadStop::Corrupt(format!("cannot decompress: {e}"))),
        };
        if out.capacity() - out.len() < n {
            // More than it said: straight to the limit, so what was read is copied once (doubling
            // would hold the old and the new buffer, up to three times the limit). Pages not
            // written take no memory; where that much cannot be reserved, by doubling.
            let len = out.len();
            if out.try_reserve_exact(limit - len).is_err() {
                let want = (out.capacity() * 2).max(len + n).min(limit);
                out.try_reserve_exact(want - len).map_err(|_| no_memory(want))?;
            }
        }
        out.extend_from_slice(&chunk[..n]);
        if out.len() as u64 > cap {
            return Err(over());
        }
    }
    budget.left -= out.len() as u64;
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
        let (name, encrypted, is_dir, compressed, size) = match zip.by_index_raw(i) {
            Ok(f) => (member_name(f.name_raw(), f.name()), f.encrypted(), f.is_dir(), f.compressed_size(), f.size()),
            Err(e) => {
                out.push(FileReport::problem(&format!("{path}!#{i}"), 0, Problem::Corrupt, e.to_string()));
                continue;
            }
        };
        // A directory is a name ending in `/`: one that holds data (or more compressed bytes than
        // an empty deflate stream, whatever size it declares) is read like a file.
        if is_dir && size == 0 && compressed <= 2 {
            continue;
        }
        let member = format!("{path}!{name}");
        if encrypted {
            out.push(FileReport::problem(&member, 0, Problem::Encrypted, "encrypted, not scanned"));
            continue;
        }
        let data = match zip.by_index(i) {
            Ok(f) => read_limited(f, compressed, Size::Declared(size), limits, budget),
            Err(e) => Err(ReadStop::Corrupt(e.to_string())),
        };
        match data {
            Ok(d) => out.extend(scan_bytes(&member, &d, scanner, mode, limits, depth + 1, budget)),
            Err(p) => out.push(p.into_report(&member, compressed)),
        }
    }
    out
}

/// A zip member's name as its archiver wrote it: UTF-8 (flagged or not), else Shift_JIS when it
/// decodes as such (Japanese Windows writes names in CP932 without a flag; read as the zip
/// standard's CP437 they are mojibake a user cannot map back), else the CP437 reading.
fn member_name(raw: &[u8], cp437: &str) -> String {
    if let Ok(s) = std::str::from_utf8(raw) {
        return s.to_string();
    }
    match encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(raw) {
        Some(s) => s.into_owned(),
        None => cp437.to_string(),
    }
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
        let name = e.path().map(|p| p.to_string_lossy().to_string()).unwrap_or_else(|_| format!("#{i}"));
        let member = format!("{path}!{name}");
        // The real size of a sparse file (the crate fills its holes with zeros), else the data's.
        let size = e.size();
        let t = e.header().entry_type();
        // Regular, contiguous ('7') and GNU sparse ('S') entries are files. Metadata entries
        // (pax, GNU long names) describe others; links, directories and devices hold no data. Any
        // other entry that holds data cannot be read as a file: reported, not skipped.
        if !(t.is_file() || t.is_contiguous() || t.is_gnu_sparse()) {
            let metadata = t.is_pax_global_extensions() || t.is_pax_local_extensions() || t.is_gnu_longname() || t.is_gnu_longlink();
            if !metadata && size > 0 {
                out.push(FileReport::problem(&member, size, Problem::Corrupt, format!("tar entry of type '{}' holding {size} bytes, not a file: not scanned", t.as_byte().escape_ascii())));
            }
            continue;
        }
        match read_limited(e, size.max(1), Size::Declared(size), Limits { max_ratio: u64::MAX / 2, ..limits }, budget) {
            Ok(d) => out.extend(scan_bytes(&member, &d, scanner, mode, limits, depth + 1, budget)),
            Err(p) => out.push(p.into_report(&member, size)),
        }
    }
    out
}

/// How an Office part is read.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum PartKind {
    Sheet,
    Paragraphs,
    Comments,
    /// An embedded file (`xl/embeddings/…`): scanned as a member, a container if it is one.
    Embedded,
}

/// How a part other than a worksheet is read, if it holds text: comments, notes, headers,
/// footers, footnotes, drawings and diagrams (text boxes, SmartArt), embedded files.
fn part_kind(name: &str) -> Option<PartKind> {
    if name.contains("/_rels/") || name.ends_with('/') {
        return None;
    }
    let (dir, file) = name.rsplit_once('/')?;
    if matches!(dir, "xl/embeddings" | "word/embeddings" | "ppt/embeddings") {
        return Some(PartKind::Embedded);
    }
    let stem = file.strip_suffix(".xml")?;
    let word = dir == "word" || dir.starts_with("word/");
    match dir {
        "xl" if stem.starts_with("comments") => Some(PartKind::Comments),
        "xl/comments" | "xl/threadedComments" | "ppt/comments" => Some(PartKind::Comments),
        "ppt/slides" | "ppt/notesSlides" => Some(PartKind::Paragraphs),
        "xl/drawings" if stem.starts_with("drawing") => Some(PartKind::Paragraphs),
        "xl/diagrams" | "word/diagrams" | "ppt/diagrams" if stem.starts_with("data") => Some(PartKind::Paragraphs),
        _ if word && stem == "comments" => Some(PartKind::Comments),
        _ if word && (["document", "footnotes", "endnotes"].contains(&stem) || stem.starts_with("header") || stem.starts_with("footer")) => Some(PartKind::Paragraphs),
        _ => None,
    }
}

/// Sorts `sheet2` before `sheet10`.
fn natural(part: &str) -> (&str, u64, &str) {
    let base = part.strip_suffix(".xml").unwrap_or(part);
    let head = base.trim_end_matches(|c: char| c.is_ascii_digit());
    (head, base[head.len()..].parse().unwrap_or(0), part)
}

fn stem(part: &str) -> &str {
    let file = part.rsplit('/').next().unwrap_or(part);
    file.strip_suffix(".xml").unwrap_or(file)
}

/// A relationship's target as a part name: absolute (`/xl/worksheets/a.xml`) or relative to the
/// folder of the relationships' source (`worksheets/a.xml`).
fn resolve(base: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{base}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// (label, part) of every worksheet, in the workbook's order and with its names: found through the
/// workbook's relationships, then every other part under `xl/worksheets/` (`sheet2` before
/// `sheet10`), named by the workbook's sheets not found that way (a workbook without
/// relationships) or by the part.
fn sheet_order(names: &[String], sheets: &[(String, Option<String>)], rels: &[(String, String)]) -> Vec<(String, String)> {
    let present: HashSet<&str> = names.iter().map(String::as_str).collect();
    let targets: HashMap<&str, &str> = rels.iter().map(|(id, t)| (id.as_str(), t.as_str())).collect();
    let mut placed: HashSet<String> = HashSet::new();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut unplaced = Vec::new();
    for (name, id) in sheets {
        let part = id.as_deref().and_then(|id| targets.get(id)).map(|t| resolve("xl/", t));
        match part.filter(|p| present.contains(p.as_str()) && !placed.contains(p)) {
            Some(p) => {
                placed.insert(p.clone());
                out.push((name.clone(), p));
            }
            None => unplaced.push(name.clone()),
        }
    }
    let mut rest: Vec<&String> = names.iter().filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml") && !n.contains("/_rels/") && !placed.contains(n.as_str())).collect();
    rest.sort_by(|a, b| natural(a).cmp(&natural(b)));
    let mut unplaced = unplaced.into_iter();
    for n in rest {
        let label = unplaced.next().unwrap_or_else(|| stem(n).to_string());
        out.push((label, n.clone()));
    }
    out
}

/// The text of an Office Open XML file, one report per part, with cell or paragraph locations in
/// the notes (`book.xlsx!Sheet1!C12`, `doc.docx!footnotes!p2`). Spans are offsets in the extracted
/// text of each part. Embedded files are members (`doc.docx!word/embeddings/a.xlsx!Sheet1!A1`).
/// A zip with none of these parts (a zip renamed `.xlsx`) is read as a zip.
fn office_text(path: &str, bytes: &[u8], scanner: &Scanner, mode: ValueMode, limits: Limits, depth: usize, budget: &mut Budget) -> Vec<FileReport> {
    let mut zip = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return vec![FileReport::problem(path, bytes.len() as u64, Problem::Corrupt, format!("not a readable Office file: {e}"))],
    };
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    let is_xlsx = has("xl/workbook.xml") || names.iter().any(|n| n.starts_with("xl/worksheets/"));
    let mut others: Vec<(String, PartKind)> = names.iter().filter_map(|n| part_kind(n).map(|k| (n.clone(), k))).collect();
    if !is_xlsx && !has("word/document.xml") && !has("ppt/presentation.xml") && others.is_empty() {
        return zip_members(path, bytes, scanner, mode, limits, depth, budget);
    }
    let mut read = |name: &str, budget: &mut Budget| -> Result<Vec<u8>, ReadStop> {
        let f = zip.by_name(name).map_err(|e| ReadStop::Corrupt(e.to_string()))?;
        if f.encrypted() {
            return Err(ReadStop::Encrypted);
        }
        let (c, s) = (f.compressed_size(), f.size());
        read_limited(f, c, Size::Declared(s), limits, budget)
    };
    let mut out = Vec::new();
    let mut shared = Vec::new();
    // (label, part, how) in a stable order: sheets in the workbook's, then the rest by kind and name.
    let mut plan: Vec<(String, String, PartKind)> = Vec::new();
    if is_xlsx {
        if has("xl/sharedStrings.xml") {
            match read("xl/sharedStrings.xml", budget) {
                Ok(x) => {
                    let (strings, lost) = crate::office::shared_strings(&x);
                    shared = strings;
                    if let Some(m) = lost {
                        out.push(FileReport::problem(&format!("{path}!xl/sharedStrings.xml"), x.len() as u64, Problem::Corrupt, m));
                    }
                }
                // Cells that refer to them read empty; the rest of each sheet is scanned.
                Err(p) => out.push(p.into_report(&format!("{path}!xl/sharedStrings.xml"), 0)),
            }
        }
        let mut index = |part: &str, budget: &mut Budget, out: &mut Vec<FileReport>| -> Option<Vec<u8>> {
            if !has(part) {
                return None;
            }
            read(part, budget).map_err(|p| out.push(p.into_report(&format!("{path}!{part}"), 0))).ok()
        };
        let sheets = index("xl/workbook.xml", budget, &mut out).map(|x| crate::office::workbook_sheets(&x)).unwrap_or_default();
        let rels = index("xl/_rels/workbook.xml.rels", budget, &mut out).map(|x| crate::office::relationships(&x)).unwrap_or_default();
        plan.extend(sheet_order(&names, &sheets, &rels).into_iter().map(|(label, part)| (label, part, PartKind::Sheet)));
    }
    others.sort_by(|(a, ka), (b, kb)| (ka, natural(a)).cmp(&(kb, natural(b))));
    let mut stems: HashMap<String, usize> = HashMap::new();
    for (part, _) in &others {
        *stems.entry(stem(part).to_string()).or_default() += 1;
    }
    for (part, kind) in others {
        // Named like the sheets, by the part (`footnotes`), or in full when two parts share a name.
        let label = if kind == PartKind::Embedded || stems.get(stem(&part)).is_some_and(|&n| n > 1) { part.clone() } else { stem(&part).to_string() };
        plan.push((label, part, kind));
    }
    if plan.len() > limits.max_members {
        out.push(FileReport::problem(path, bytes.len() as u64, Problem::LimitExceeded, format!("{} parts, more than the limit of {}: only the first {} scanned", plan.len(), limits.max_members, limits.max_members)));
        plan.truncate(limits.max_members);
    }
    for (label, part, kind) in plan {
        let at = format!("{path}!{label}");
        let data = match read(&part, budget) {
            Ok(d) => d,
            Err(p) => {
                out.push(p.into_report(&at, 0));
                continue;
            }
        };
        let text = match kind {
            PartKind::Sheet => crate::office::sheet_text(&data, &shared),
            PartKind::Paragraphs => crate::office::paragraph_text(&data),
            PartKind::Comments => crate::office::comment_text(&data),
            PartKind::Embedded => {
                out.extend(scan_bytes(&at, &data, scanner, mode, limits, depth + 1, budget));
                continue;
            }
        };
        out.push(office_report(scanner, &at, &text.text, &text.locations, mode));
        if let Some(m) = text.lost {
            out.push(FileReport::problem(&at, data.len() as u64, Problem::Corrupt, m));
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
