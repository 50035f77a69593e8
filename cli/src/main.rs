//! `jpii`: scan file dumps for Japanese personal information, report without leaking, gate
//! pipelines. Detection lives in the `jpii` crate; this binary does I/O, walking, containers and
//! output.
//!
//! Exit codes: 0 = nothing at or above `--fail-on`, 1 = findings at or above it, 2 = an error
//! (bad arguments or configuration, or an input that could not be scanned when nothing was found).

mod config;
mod fingerprint;
mod inputs;
mod office;
mod output;
mod scan;

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use jpii::{Confidence, Kind, Scanner};
use rayon::prelude::*;

use crate::config::Config;
use crate::inputs::{Input, Limits, WalkOptions};
use crate::output::{Format, Totals};
use crate::scan::{FileReport, ValueMode};

/// mimalloc: findings are allocated on worker threads and released by the one writer; with glibc's
/// allocator those cross-thread frees kept one large file at 1.6× on 2 threads (2.0× with mimalloc).
/// Its default v3 line, although Rust asks for every block through `mi_malloc_aligned` and v3
/// serves an 8-aligned size that is not a power of two (a finding's reasons, 40 bytes each: two or four of them make 80 or 160) by
/// over-allocating into the next size class once that size's page is empty (mimalloc issue
/// #889): the v2 line avoids that (one roster scan: 126 -> 104 MB peak, -16 M instructions) but
/// one 32 MB file on 2 threads scaled 1.35-1.57x with it against 1.56-1.91x with v3, measured
/// in pairs (benches/HISTORY.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "jpii", version, about = "Find Japanese personal information (個人情報) in files, in any Japanese encoding")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan files, directories (walked in parallel) and archives; no path or `-` reads stdin.
    Scan(ScanArgs),
    /// Write a copy with every finding masked, in the source encoding (file or directory).
    Redact(RedactArgs),
    /// List the detectable kinds with their validation and keywords.
    Kinds {
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Clone)]
struct Common {
    /// Only these kinds (comma-separated ids, e.g. my_number,phone_number).
    #[arg(long, value_delimiter = ',')]
    kinds: Vec<String>,
    /// Every kind except these.
    #[arg(long, value_delimiter = ',')]
    exclude_kinds: Vec<String>,
    /// Report findings at or above this confidence.
    #[arg(long, value_parser = parse_confidence)]
    min_confidence: Option<Confidence>,
    /// Configuration file (default: jpii.toml in the first scanned directory, if present).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Read every input as this encoding (utf-8, shift_jis, euc-jp, iso-2022-jp, utf-16le, utf-16be).
    #[arg(long)]
    encoding: Option<String>,
    /// Scan inputs that look binary instead of reporting them.
    #[arg(long)]
    scan_binary: bool,
    /// Larger files are reported, not read (bytes; suffixes K, M, G).
    #[arg(long, default_value = "512M", value_parser = parse_size)]
    max_filesize: u64,
}

#[derive(Args)]
struct ScanArgs {
    /// Files or directories; none or `-`: stdin.
    paths: Vec<PathBuf>,
    /// Output format (default: human on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Print raw values instead of masked ones.
    #[arg(long)]
    show_values: bool,
    /// Exit 1 when a finding is at or above this confidence (low, medium, high, or never).
    #[arg(long, default_value = "medium")]
    fail_on: String,
    #[command(flatten)]
    common: Common,
    /// Worker threads (default: all cores; at most 1024).
    #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
    threads: Option<usize>,
    /// Walk hidden files and directories too.
    #[arg(long)]
    hidden: bool,
    /// Ignore .gitignore, .ignore and .jpiiignore rules.
    #[arg(long)]
    no_ignore: bool,
    /// Only paths matching these globs (`!glob` excludes).
    #[arg(long)]
    glob: Vec<String>,
    /// Report only findings not in this baseline.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Write a baseline of the current findings (keyed hashes, never values; key: JPII_FINGERPRINT_KEY or a per-user key file) to this file.
    #[arg(long)]
    write_baseline: Option<PathBuf>,
    /// Deepest archive nesting opened.
    #[arg(long, default_value_t = 4)]
    max_depth: usize,
    /// Total decompressed bytes allowed per archive.
    #[arg(long, default_value = "2G", value_parser = parse_size)]
    max_archive_bytes: u64,
    /// Largest decompressed/compressed ratio of an archive member.
    #[arg(long, default_value_t = 200)]
    max_ratio: u64,
    /// Most members read per archive.
    #[arg(long, default_value_t = 100_000)]
    max_members: usize,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct RedactArgs {
    /// File or directory to copy with findings masked.
    input: PathBuf,
    /// Where to write the masked copy (must not be the input or inside it).
    #[arg(short, long)]
    output: PathBuf,
    #[command(flatten)]
    common: Common,
}

fn parse_confidence(s: &str) -> Result<Confidence, String> {
    Confidence::from_id(s).ok_or_else(|| format!("unknown confidence {s:?} (low, medium, high)"))
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M') => (&s[..s.len() - 1], 1 << 20),
        Some('G') => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.trim().parse::<u64>().map(|n| n.saturating_mul(mult)).map_err(|_| format!("not a size: {s:?}"))
}

fn main() -> ExitCode {
    // A panic's message may quote the scanned text (a slice's bounds and contents): the report of
    // a scanner must not leak what it scanned, so only where it happened is printed.
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!("jpii: internal error{at} (a bug: please report it; the message is withheld because it may quote scanned data)");
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(a) => run_scan(a),
        Command::Redact(a) => run_redact(a),
        Command::Kinds { json } => run_kinds(json),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("jpii: error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Builds the scanner from the command line and the configuration file.
fn build_scanner(c: &Common, cfg: &Config) -> Result<Scanner, String> {
    let parse_kinds = |ids: &[String]| -> Result<Vec<Kind>, String> { ids.iter().filter(|s| !s.is_empty()).map(|s| Kind::from_id(s.trim()).ok_or_else(|| format!("unknown kind {s:?} (see `jpii kinds`)"))).collect() };
    let mut b = Scanner::builder();
    let only = if !c.kinds.is_empty() { parse_kinds(&c.kinds)? } else { parse_kinds(&cfg.kinds)? };
    if !only.is_empty() {
        b = b.only(&only);
    }
    for k in parse_kinds(&c.exclude_kinds)?.into_iter().chain(parse_kinds(&cfg.exclude_kinds)?) {
        b = b.disable(k);
    }
    let min = c.min_confidence.or(cfg.min_confidence.as_deref().map(parse_confidence).transpose()?);
    if let Some(m) = min {
        b = b.min_confidence(m);
    }
    for (kind, words) in &cfg.keywords {
        let k = Kind::from_id(kind).ok_or_else(|| format!("unknown kind {kind:?} in [keywords]"))?;
        for w in words {
            b = b.keyword(k, w);
        }
    }
    for v in &cfg.allow.values {
        b = b.allow_value(v);
    }
    for p in &cfg.allow.patterns {
        b = b.allow_pattern(p);
    }
    if let Some(e) = c.encoding.as_deref() {
        b = b.encoding(jpii::Encoding::from_name(e).ok_or_else(|| format!("unknown encoding {e:?}"))?);
    }
    b = b.scan_binary(c.scan_binary);
    b.build().map_err(|e| e.to_string())
}

fn run_scan(a: ScanArgs) -> Result<ExitCode, String> {
    let started = Instant::now();
    let cfg = config::load(a.common.config.as_deref(), &a.paths)?;
    let scanner = build_scanner(&a.common, &cfg)?;
    let fail_on = match a.fail_on.as_str() {
        "never" => None,
        s => Some(parse_confidence(s)?),
    };
    let format = a.format.unwrap_or(if std::io::stdout().is_terminal() { Format::Human } else { Format::Jsonl });
    // Fingerprints only where they are written or compared: SARIF results and baselines.
    let fingerprints = (format == Format::Sarif || a.baseline.is_some() || a.write_baseline.is_some())
        .then(fingerprint::Key::resolve)
        .transpose()?
        .map(|k| &*Box::leak(Box::new(k)));
    let mode = ValueMode { show_values: a.show_values, scan_binary: a.common.scan_binary, fingerprints };
    // Read before scanning: a baseline of another key is an error worth knowing before a long scan.
    // The same file for both (`--baseline F --write-baseline F`: report what is new, then accept
    // it) starts empty on the first run.
    let known: Option<HashSet<String>> = match &a.baseline {
        Some(path) if !path.exists() && a.write_baseline.as_ref() == Some(path) => Some(HashSet::new()),
        Some(path) => Some(config::read_baseline(path, fingerprints.expect("resolved for baselines"))?),
        None => None,
    };
    let limits = Limits { max_filesize: a.common.max_filesize, max_total: a.max_archive_bytes, max_ratio: a.max_ratio, max_depth: a.max_depth, max_members: a.max_members };
    let walk = WalkOptions { hidden: a.hidden, no_ignore: a.no_ignore, globs: a.glob.clone(), excludes: cfg.exclude_paths.clone() };
    // A pattern that does not compile is a configuration error, before anything is read.
    inputs::check_patterns(&walk)?;
    let (inputs, listed) = inputs::collect(&a.paths, &walk);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(a.threads.unwrap_or(0)).build().map_err(|e| e.to_string())?;
    let progress = (!a.quiet && std::io::stderr().is_terminal() && inputs.len() > 20).then(|| {
        let pb = indicatif::ProgressBar::new(inputs.len() as u64);
        pb.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
        pb
    });
    let mut reports: Vec<FileReport> = pool.install(|| {
        inputs
            .par_iter()
            .flat_map_iter(|i: &Input| {
                // One input's failure inside the engine is that input's problem, not the end of
                // the run: the other files' findings are still reported, and the exit code says 2.
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inputs::scan_input(&scanner, i, mode, limits)))
                    .unwrap_or_else(|_| vec![FileReport::problem(&i.path(), 0, scan::Problem::Internal, "internal error while scanning (a bug: please report it), not scanned")]);
                if let Some(pb) = &progress {
                    pb.inc(1);
                }
                r
            })
            .collect()
    });
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    if let Some(path) = &a.write_baseline {
        let fps: Vec<&str> = reports.iter().flat_map(|r| r.findings.iter().map(|f| f.fingerprint.as_str())).collect();
        config::write_baseline(path, &fps, fingerprints.expect("resolved for baselines"))?;
    }
    if let Some(known) = &known {
        for r in &mut reports {
            r.findings.retain(|f| !known.contains(&f.fingerprint));
        }
    }
    for r in reports.iter().filter(|r| r.problem.is_some()) {
        eprintln!("jpii: {}: {}", r.path, r.error.as_deref().unwrap_or("not scanned"));
    }
    let left_out = inputs::left_out(&a.paths, &walk, listed);
    if left_out > 0 {
        eprintln!("jpii: {left_out} files not scanned: hidden, or excluded by an ignore file (.gitignore, .ignore, .jpiiignore); --hidden --no-ignore scans them");
    }
    let totals = Totals { bytes: reports.iter().map(|r| r.bytes).sum(), elapsed: started.elapsed(), left_out };
    let color = format == Format::Human && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if format == Format::Jsonl {
        // The one writer only copies: each file's lines are serialized on the pool (with 140,000
        // findings, serializing alone was a tenth of a two-thread scan).
        let chunks: Vec<Vec<u8>> = pool.install(|| reports.par_iter().map(output::jsonl_lines).collect());
        chunks.iter().try_for_each(|c| out.write_all(c))
    } else {
        output::write(format, &reports, &totals, color, &mut out)
    };
    if let Err(e) = written.and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(format!("cannot write the report: {e}"));
        }
    }
    let failing = fail_on.is_some_and(|t| reports.iter().flat_map(|r| &r.findings).any(|f| f.confidence >= t));
    let problems = reports.iter().any(|r| r.problem.as_ref().is_some_and(|p| !matches!(p, scan::Problem::Binary)));
    Ok(if failing {
        ExitCode::from(1)
    } else if problems {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_redact(a: RedactArgs) -> Result<ExitCode, String> {
    let cfg = config::load(a.common.config.as_deref(), std::slice::from_ref(&a.input))?;
    let scanner = build_scanner(&a.common, &cfg)?;
    let input = a.input.canonicalize().map_err(|e| format!("{}: {e}", a.input.display()))?;
    let out_abs = absolute(&a.output)?;
    if out_abs == input || out_abs.starts_with(&input) && input.is_dir() {
        return Err(format!("refusing to write {} over or inside its input", a.output.display()));
    }
    if out_abs.exists() && out_abs.canonicalize().is_ok_and(|o| o == input) {
        return Err(format!("refusing to overwrite the input {}", a.input.display()));
    }
    let mut count = 0usize;
    let mut problems = 0usize;
    let files: Vec<(PathBuf, PathBuf)> = if input.is_dir() {
        let walk = WalkOptions { hidden: true, no_ignore: true, ..Default::default() };
        inputs::collect(std::slice::from_ref(&input), &walk)
            .0
            .into_iter()
            .filter_map(|i| match i {
                Input::File(p) => {
                    let rel = p.strip_prefix(&input).ok()?.to_path_buf();
                    Some((p, out_abs.join(rel)))
                }
                Input::Problem(path, _, msg) => {
                    eprintln!("jpii: {path}: {msg}");
                    problems += 1;
                    None
                }
                Input::Stdin => None,
            })
            .collect()
    } else {
        vec![(input.clone(), out_abs.clone())]
    };
    // No copy may land on an input, whatever the paths look like (an output folder above the
    // input folder, `redact t/d -o t`, writes t/d/d/f.txt's copy over t/d/f.txt; links): every
    // destination is resolved and checked before anything is written.
    let sources: HashSet<&Path> = files.iter().map(|(s, _)| s.as_path()).collect();
    for (_, dst) in &files {
        let resolved = dst.canonicalize().ok().or_else(|| Some(dst.parent()?.canonicalize().ok()?.join(dst.file_name()?)));
        if resolved.is_some_and(|r| sources.contains(r.as_path()) || (input.is_dir() && r.starts_with(&input))) {
            return Err(format!("refusing to write {}: it would overwrite or land inside the input {}", dst.display(), a.input.display()));
        }
    }
    for (src, dst) in files {
        let bytes = std::fs::read(&src).map_err(|e| format!("{}: {e}", src.display()))?;
        if bytes.len() as u64 > a.common.max_filesize {
            eprintln!("jpii: {}: larger than --max-filesize, copied unchanged would leak it: skipped", src.display());
            problems += 1;
            continue;
        }
        let red = scanner.redact_bytes(&bytes);
        if red.report.binary && !red.report.scanned_binary {
            eprintln!("jpii: {}: binary, not redacted: skipped", src.display());
            problems += 1;
            continue;
        }
        count += red.report.findings.len();
        write_atomically(&dst, &red.bytes)?;
    }
    eprintln!("jpii: {count} findings masked");
    Ok(if problems > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

fn absolute(p: &Path) -> Result<PathBuf, String> {
    if let Ok(c) = p.canonicalize() {
        return Ok(c);
    }
    let parent = p.parent().filter(|x| !x.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = p.file_name().ok_or_else(|| format!("not a file path: {}", p.display()))?;
    std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    Ok(parent.canonicalize().map_err(|e| format!("{}: {e}", parent.display()))?.join(name))
}

/// Writes through a temporary file in the same directory and renames it into place.
fn write_atomically(dst: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = dst.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let tmp = dir.join(format!(".{}.jpii-tmp-{}", dst.file_name().and_then(|n| n.to_str()).unwrap_or("out"), std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, dst).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {e}", dst.display())
    })
}

fn run_kinds(json: bool) -> Result<ExitCode, String> {
    match write_kinds(json) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.to_string()),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

fn write_kinds(json: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        let v: Vec<serde_json::Value> = Kind::ALL.iter().map(|k| serde_json::json!({"id": k.id(), "label_ja": k.label_ja(), "validation": k.validation(), "keywords": k.keywords()})).collect();
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        for k in Kind::ALL {
            let kw = k.keywords();
            let shown: Vec<&str> = kw.iter().take(8).copied().collect();
            let more = if kw.len() > 8 { format!(" …(+{})", kw.len() - 8) } else { String::new() };
            writeln!(out, "{:<22} {}\n    validation: {}\n    keywords:   {}{}", k.id(), k.label_ja(), k.validation(), if shown.is_empty() { "(evidence, see README)".to_string() } else { shown.join(", ") }, more)?;
        }
    }
    Ok(())
}
