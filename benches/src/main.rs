//! jpii's benchmark suite: one run measures every figure the README reports, with the compared
//! variants interleaved so that the noise of a shared machine hits all of them alike (medians of
//! several repetitions; the ratios are the meaningful part).
//!
//! `cargo run --release -p jpii-benches -- all` writes `benches/results/<date>-<host>.{md,json}`.
//! Subcommands: `all`, `rss --gb N` (peak memory of a streamed multi-GB input; run as a child
//! process by `all`), `data` (just write the inputs to `target/bench-data/`).
//!
//! A plain harness, not criterion: the figures are throughputs of multi-MB inputs, ratios between
//! variants measured in the same run, and external programs (ripgrep, Node) timed beside the
//! library — things criterion's per-function statistics do not model.

mod data;

/// The CLI's allocator (see cli/src/main.rs), so library figures match what the binary does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::hint::black_box;
use std::time::{Duration, Instant};

use jpii::{Kind, Scanner};
use rayon::prelude::*;
use serde_json::{json, Value};

const REPS: usize = 5;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / d.as_secs_f64() / 1e6
}

/// Times each closure `REPS` times, interleaved; returns the medians.
fn interleaved(runs: Vec<Box<dyn FnMut() + '_>>) -> Vec<Duration> {
    interleaved_then(runs, |_| {})
}

/// Rounds for an on/off ratio: a ratio target is judged on it, so it gets more rounds than `REPS`.
const RATIO_ROUNDS: usize = 11;

/// Times each closure `rounds` times, interleaved; returns every time, per closure, in round order.
fn interleaved_rounds(mut runs: Vec<Box<dyn FnMut() + '_>>, rounds: usize) -> Vec<Vec<Duration>> {
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); runs.len()];
    for r in runs.iter_mut() {
        r(); // warm-up
    }
    for _ in 0..rounds {
        for (i, r) in runs.iter_mut().enumerate() {
            let t = Instant::now();
            r();
            times[i].push(t.elapsed());
        }
    }
    times
}

/// The median over rounds of `slow[k] / fast[k]` (time ratios, so throughput `fast / slow`): each
/// round's two runs are back to back, so a load that comes and goes on a shared machine cancels out
/// within the pair instead of landing on one median and not the other.
fn paired_ratio(slow: &[Duration], fast: &[Duration]) -> f64 {
    let mut r: Vec<f64> = slow.iter().zip(fast).map(|(s, f)| f.as_secs_f64() / s.as_secs_f64()).collect();
    r.sort_by(f64::total_cmp);
    r[r.len() / 2]
}

/// [`interleaved`], calling `after(i)` untimed after each run of closure `i` (to release what it
/// produced outside the measurement).
fn interleaved_then(mut runs: Vec<Box<dyn FnMut() + '_>>, mut after: impl FnMut(usize)) -> Vec<Duration> {
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); runs.len()];
    for (i, r) in runs.iter_mut().enumerate() {
        r(); // warm-up (lazy tables, page cache)
        after(i);
    }
    for _ in 0..REPS {
        for (i, r) in runs.iter_mut().enumerate() {
            let t = Instant::now();
            r();
            times[i].push(t.elapsed());
            after(i);
        }
    }
    times.into_iter().map(median).collect()
}

fn one_thread<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("pool").install(f)
}

fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())).unwrap_or_default();
    let rustc = Command::new("rustc").arg("--version").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default();
    let commit = Command::new("git").args(["rev-parse", "--short", "HEAD"]).output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default();
    json!({"cpu": cpu, "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1), "rustc": rustc, "commit": commit, "note": "a shared 2-core machine: absolute figures vary run to run; ratios measured in one run are the meaningful part"})
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("rss") => {
            let gb: f64 = args.iter().position(|a| a == "--gb").and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok()).unwrap_or(4.0);
            rss(gb);
        }
        Some("data") => {
            data::write_all(&data_dir());
        }
        Some("wasm") => {
            let files = data::write_all(&data_dir());
            let (mut rows, mut out) = (Vec::new(), json!({}));
            wasm_vs_native(&files, &Scanner::new(), &mut rows, &mut out);
            for (m, f, t) in rows {
                println!("| {m} | {f} | {t} |");
            }
        }
        Some("kinds") => {
            // Which kinds cost what on the prose and the roster (1 thread, interleaved).
            let files = data::write_all(&data_dir());
            let prose = std::fs::read_to_string(&files.prose).expect("prose");
            let roster = std::fs::read_to_string(&files.roster).expect("roster");
            let variants: Vec<(&str, Scanner)> = vec![
                ("all kinds", Scanner::new()),
                ("without person_name", Scanner::builder().disable(Kind::PersonName).build().expect("s")),
                ("without address", Scanner::builder().disable(Kind::Address).build().expect("s")),
                ("without both", Scanner::builder().disable(Kind::Address).disable(Kind::PersonName).build().expect("s")),
            ];
            for (name, text) in [("prose", &prose), ("roster", &roster)] {
                let rounds = one_thread(|| interleaved_rounds(variants.iter().map(|(_, s)| Box::new(move || drop(s.scan_str(text))) as Box<dyn FnMut()>).collect(), RATIO_ROUNDS));
                for ((v, _), d) in variants.iter().zip(&rounds) {
                    println!("{name:7} {v:22} {:7.1} MB/s", mbps(text.len(), median(d.clone())));
                }
                println!("{name:7} all / without both      {:7.3} (median of {RATIO_ROUNDS} paired rounds)", paired_ratio(&rounds[0], &rounds[3]));
            }
        }
        Some("loop") => {
            // One input scanned over and over on one thread, for a profiler:
            // `loop prose|roster|FILE [secs | Nx] [--without kind,kind] [--bytes]` (FILE: any UTF-8
            // text, to see what one kind of line costs; with `--bytes`, any file, through
            // `scan_bytes`: what sniffing and decoding its encoding add).
            let which = args.get(1).map(String::as_str).unwrap_or("prose");
            let path = match which {
                "prose" => data_dir().join("prose.txt"),
                "roster" => data_dir().join("roster.csv"),
                file => PathBuf::from(file),
            };
            if !path.exists() && matches!(which, "prose" | "roster") {
                data::write_all(&data_dir());
            }
            let bytes_mode = args.iter().any(|a| a == "--bytes");
            let (text, bytes) = if bytes_mode { (String::new(), std::fs::read(&path).expect("input")) } else { (std::fs::read_to_string(&path).expect("input"), Vec::new()) };
            // `[secs]`, or `[n]x` for exactly n scans (for `valgrind --tool=callgrind`, whose
            // instruction counts do not depend on what else the machine is doing).
            let arg = args.get(2).map(String::as_str).unwrap_or("5");
            let (secs, count): (f64, usize) = match arg.strip_suffix('x') {
                Some(n) => (f64::INFINITY, n.parse().unwrap_or(1)),
                None => (arg.parse().unwrap_or(5.0), usize::MAX),
            };
            // `--without kind,kind`: the same with those kinds disabled.
            let mut builder = Scanner::builder();
            if let Some(list) = args.iter().position(|a| a == "--without").and_then(|i| args.get(i + 1)) {
                for id in list.split(',') {
                    builder = builder.disable(Kind::from_id(id).expect("a kind id"));
                }
            }
            let scanner = builder.build().expect("scanner");
            let (t, mut n, mut found) = (Instant::now(), 0usize, 0usize);
            while n < count && t.elapsed().as_secs_f64() < secs {
                found = if bytes_mode { scanner.scan_bytes(&bytes).findings.len() } else { scanner.scan_str(&text).len() };
                n += 1;
            }
            // Peak memory of the process (input, tables, the findings of one scan at a time).
            println!("{which}: {:.1} MB/s ({found} findings, {n} scans); peak RSS {} KB", mbps((text.len() + bytes.len()) * n, t.elapsed()), vm_hwm_kb());
        }
        Some("threads") => {
            let mb: usize = args.iter().position(|a| a == "--mb").and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok()).unwrap_or(256);
            threads(mb);
        }
        _ => all(),
    }
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data")
}

/// This process's peak resident memory (`VmHWM`), in KB (0 where `/proc` does not say).
fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
}

/// Peak RSS while streaming `gb` GB of generated text through `scan_reader` (printed as JSON).
fn rss(gb: f64) {
    let total = (gb * 1e9) as u64;
    let scanner = Scanner::new();
    let mut findings = 0u64;
    let t = Instant::now();
    let end = scanner.scan_reader(data::Generator::new(total), |_| findings += 1).expect("scan");
    let secs = t.elapsed().as_secs_f64();
    println!("{}", json!({"bytes": total, "findings": findings, "seconds": secs, "mb_per_s": total as f64 / secs / 1e6, "vm_hwm_kb": vm_hwm_kb(), "tables": end.tables.len()}));
}

/// Thread scaling alone, with more repetitions: the directory, and one large file of `mb` MB
/// (prose with a roster part, as in `all`), 1 thread against 2, interleaved.
fn threads(mb: usize) {
    let dir = data_dir();
    let files = data::write_all(&dir);
    let full = Scanner::new();
    let dir_files: Vec<Vec<u8>> = files.dir_files.iter().map(|p| std::fs::read(p).expect("read")).collect();
    let dir_bytes: usize = dir_files.iter().map(Vec::len).sum();
    let mut big = data::prose(mb * 750_000, 11);
    big.push_str(&data::roster(mb * 250_000, 12));
    let big = big.into_bytes();
    let p1 = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("pool");
    let p2 = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("pool");
    let (s, f, b) = (&full, &dir_files, &big);
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); 4];
    let mut releases: Vec<Vec<Duration>> = vec![Vec::new(); 2];
    for _ in 0..9 {
        for (i, (pool, file)) in [(&p1, false), (&p2, false), (&p1, true), (&p2, true)].into_iter().enumerate() {
            let t = Instant::now();
            if file {
                // The scan timed alone, and the caller's release of its findings apart.
                let r = pool.install(|| s.scan_bytes(b));
                times[i].push(t.elapsed());
                let t = Instant::now();
                drop(r);
                releases[i - 2].push(t.elapsed());
                continue;
            }
            pool.install(|| black_box(f.par_iter().map(|x| s.scan_bytes(x).findings.len()).sum::<usize>()));
            times[i].push(t.elapsed());
        }
    }
    let m: Vec<Duration> = times.into_iter().map(median).collect();
    let r: Vec<Duration> = releases.into_iter().map(median).collect();
    println!("{}", json!({
        "directory_mb": dir_bytes / 1_000_000, "directory_speedup_2_over_1": m[0].as_secs_f64() / m[1].as_secs_f64(),
        "file_mb": big.len() / 1_000_000, "file_speedup_2_over_1": m[2].as_secs_f64() / m[3].as_secs_f64(),
        "file_speedup_2_over_1_with_release": (m[2] + r[0]).as_secs_f64() / (m[3] + r[1]).as_secs_f64(),
        "file_release_ms": r[1].as_secs_f64() * 1e3,
        "file_mb_s_1": mbps(big.len(), m[2]), "file_mb_s_2": mbps(big.len(), m[3]), "repetitions": 9,
    }));
}

fn all() {
    let dir = data_dir();
    let files = data::write_all(&dir);
    let mut rows: Vec<(String, String, String)> = Vec::new(); // (measure, figure, target)
    let mut out = json!({"machine": machine(), "date": today()});
    let full = Scanner::new();
    let numbers = Scanner::builder().disable(Kind::Address).disable(Kind::PersonName).build().expect("scanner");

    // 1. One thread, UTF-8 text: prose and roster, all kinds vs without addresses and names.
    let prose = std::fs::read_to_string(&files.prose).expect("prose");
    let roster = std::fs::read_to_string(&files.roster).expect("roster");
    let rounds = one_thread(|| {
        interleaved_rounds(
            vec![
                Box::new(|| drop(full.scan_str(&prose))),
                Box::new(|| drop(numbers.scan_str(&prose))),
                Box::new(|| drop(full.scan_str(&roster))),
                Box::new(|| drop(numbers.scan_str(&roster))),
            ],
            RATIO_ROUNDS,
        )
    });
    let t: Vec<Duration> = rounds.iter().cloned().map(median).collect();
    let (prose_all, prose_num, roster_all, roster_num) = (mbps(prose.len(), t[0]), mbps(prose.len(), t[1]), mbps(roster.len(), t[2]), mbps(roster.len(), t[3]));
    let (prose_ratio, roster_ratio) = (paired_ratio(&rounds[0], &rounds[1]), paired_ratio(&rounds[2], &rounds[3]));
    let pf = full.scan_str(&prose).len();
    let rf = full.scan_str(&roster).len();
    rows.push(("prose, sparse PII, 1 thread (all kinds)".into(), format!("{prose_all:.0} MB/s ({} MB, {pf} findings)", prose.len() / 1_000_000), "≥ 1,000 MB/s".into()));
    rows.push(("dense roster, 1 thread (all kinds)".into(), format!("{roster_all:.1} MB/s ({} MB, {rf} findings)", roster.len() / 1_000_000), "≥ 300 MB/s".into()));
    rows.push(("addresses + names on / off, prose (median of paired rounds)".into(), format!("{prose_ratio:.2} ({prose_all:.0} vs {prose_num:.0} MB/s)"), "≥ 0.75".into()));
    rows.push(("addresses + names on / off, roster (median of paired rounds)".into(), format!("{roster_ratio:.2} ({roster_all:.1} vs {roster_num:.1} MB/s)"), "≥ 0.75".into()));
    out["throughput"] = json!({
        "prose_mb_s": prose_all, "prose_numbers_only_mb_s": prose_num, "roster_mb_s": roster_all, "roster_numbers_only_mb_s": roster_num,
        "prose_on_off_paired": prose_ratio, "roster_on_off_paired": roster_ratio, "prose_on_off_of_medians": prose_all / prose_num, "roster_on_off_of_medians": roster_all / roster_num,
        "rounds": RATIO_ROUNDS, "prose_findings": pf, "roster_findings": rf,
    });

    // 2. Encodings: the same roster as bytes, each encoding against UTF-8 (scan_bytes, 1 thread).
    let enc_files = [("UTF-8", &files.roster), ("Shift_JIS", &files.roster_sjis), ("EUC-JP", &files.roster_eucjp), ("UTF-16LE", &files.roster_utf16)];
    let blobs: Vec<Vec<u8>> = enc_files.iter().map(|(_, p)| std::fs::read(p).expect("read")).collect();
    let fr = &full;
    let t = one_thread(|| interleaved(blobs.iter().map(|b| Box::new(move || drop(fr.scan_bytes(b))) as Box<dyn FnMut()>).collect()));
    let utf8 = mbps(roster.len(), t[0]);
    let mut enc = json!({});
    for (i, (name, _)) in enc_files.iter().enumerate() {
        // Throughput per character of text: the UTF-8 size of the same text, so ratios compare work.
        let m = mbps(roster.len(), t[i]);
        enc[*name] = json!({"mb_s_of_text": m, "ratio_to_utf8": m / utf8, "findings": full.scan_bytes(&blobs[i]).findings.len()});
        if i > 0 {
            rows.push((format!("roster in {name} / UTF-8 (scan_bytes)"), format!("{:.2}", m / utf8), "≥ 0.7".into()));
        }
    }
    out["encodings"] = enc;

    // 3. ripgrep with a typical Japanese-PII regex set, one thread, same files.
    if let Some(rg) = which("rg") {
        let pattern_file = dir.join("pii-regex.txt");
        std::fs::write(&pattern_file, data::RIPGREP_PATTERNS.join("\n") + "\n").expect("patterns");
        let run_rg = |f: &Path| {
            let o = Command::new(&rg).args(["-j1", "--no-config", "--count-matches", "-f"]).arg(&pattern_file).arg(f).output().expect("rg");
            String::from_utf8_lossy(&o.stdout).trim().parse::<u64>().unwrap_or(0)
        };
        let t = one_thread(|| {
            interleaved(vec![
                Box::new(|| { black_box(run_rg(&files.prose)); }),
                Box::new(|| drop(full.scan_str(&prose))),
                Box::new(|| { black_box(run_rg(&files.roster)); }),
                Box::new(|| drop(full.scan_str(&roster))),
            ])
        });
        let (rg_p, jp_p, rg_r, jp_r) = (mbps(prose.len(), t[0]), mbps(prose.len(), t[1]), mbps(roster.len(), t[2]), mbps(roster.len(), t[3]));
        rows.push(("jpii / ripgrep, prose".into(), format!("{:.2} ({jp_p:.0} vs {rg_p:.0} MB/s; rg matches {})", jp_p / rg_p, run_rg(&files.prose)), "≥ 1".into()));
        rows.push(("jpii / ripgrep, roster".into(), format!("{:.2} ({jp_r:.1} vs {rg_r:.0} MB/s; rg matches {})", jp_r / rg_r, run_rg(&files.roster)), "≥ 1".into()));
        out["ripgrep"] = json!({"prose_mb_s": rg_p, "roster_mb_s": rg_r, "jpii_prose_mb_s": jp_p, "jpii_roster_mb_s": jp_r, "patterns": data::RIPGREP_PATTERNS});
    } else {
        rows.push(("jpii / ripgrep".into(), "ripgrep not installed (apt-get install ripgrep)".into(), "≥ 1".into()));
    }

    // 4. Threads: a directory of many files (rayon over files) and one large file (chunked scan).
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut counts: Vec<usize> = vec![1, 2, cores];
    counts.dedup();
    let dir_files: Vec<Vec<u8>> = files.dir_files.iter().map(|p| std::fs::read(p).expect("read")).collect();
    let dir_bytes: usize = dir_files.iter().map(Vec::len).sum();
    let big = std::fs::read(&files.big).expect("big");
    let pools: Vec<rayon::ThreadPool> = counts.iter().map(|&n| rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("pool")).collect();
    let reports: Vec<std::cell::RefCell<Option<jpii::ScanReport>>> = pools.iter().map(|_| Default::default()).collect();
    let mut runs: Vec<Box<dyn FnMut()>> = Vec::new();
    for p in &pools {
        let files = &dir_files;
        let s = &full;
        runs.push(Box::new(move || { p.install(|| black_box(files.par_iter().map(|b| s.scan_bytes(b).findings.len()).sum::<usize>())); }));
    }
    // The file's report is released untimed, and that release timed apart: `scan_bytes` is the
    // engine's work; freeing hundreds of thousands of findings is the caller's, on its own thread.
    for (p, slot) in pools.iter().zip(&reports) {
        let big = &big;
        let s = &full;
        runs.push(Box::new(move || *slot.borrow_mut() = Some(p.install(|| s.scan_bytes(big)))));
    }
    let n = counts.len();
    let mut releases: Vec<Vec<Duration>> = vec![Vec::new(); n];
    let t = interleaved_then(runs, |i| {
        if i >= n {
            let r = reports[i - n].borrow_mut().take();
            let t = Instant::now();
            drop(r);
            releases[i - n].push(t.elapsed());
        }
    });
    let release: Vec<Duration> = releases.into_iter().map(median).collect();
    let mut threads = json!({});
    for (i, c) in counts.iter().enumerate() {
        threads[format!("dir_{c}")] = json!(mbps(dir_bytes, t[i]));
        threads[format!("file_{c}")] = json!(mbps(big.len(), t[n + i]));
    }
    if counts.len() > 1 {
        rows.push((format!("directory ({} files, {} MB), 2 threads / 1", dir_files.len(), dir_bytes / 1_000_000), format!("{:.2}×", t[0].as_secs_f64() / t[1].as_secs_f64()), "≥ 1.8×".into()));
        rows.push((format!("one {} MB file, 2 threads / 1 (`scan_bytes`)", big.len() / 1_000_000), format!("{:.2}×", t[n].as_secs_f64() / t[n + 1].as_secs_f64()), "≥ 1.8×".into()));
        let with_release = |k: usize| (t[n + k] + release[k]).as_secs_f64();
        rows.push((
            "same, the caller's release of the findings included".into(),
            format!("{:.2}× (release {:.0} ms, one thread)", with_release(0) / with_release(1), release[1].as_secs_f64() * 1e3),
            "(diagnostic)".into(),
        ));
        threads["file_release_ms"] = json!(release[1].as_secs_f64() * 1e3);
    }
    out["threads"] = threads;

    // 4b. The CLI on the directory (its own walk, reading, formatting), 1 and 2 threads, beside
    // ripgrep with the regex set on the same files.
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/jpii");
    let many = dir.join("many");
    if cli.exists() {
        let pattern_file = dir.join("pii-regex.txt");
        std::fs::write(&pattern_file, data::RIPGREP_PATTERNS.join("\n") + "\n").expect("patterns");
        let run_cli = |threads: &str| {
            let o = Command::new(&cli).args(["scan", "--format", "jsonl", "--fail-on", "never", "--threads", threads]).arg(&many).output().expect("jpii");
            o.stdout.iter().filter(|&&b| b == b'\n').count()
        };
        let rg = which("rg");
        let run_rg = |threads: &str| {
            if let Some(rg) = &rg {
                let _ = Command::new(rg).args(["--no-config", "--count-matches", "-j", threads, "-f"]).arg(&pattern_file).arg(&many).output();
            }
        };
        let t = interleaved(vec![Box::new(|| { black_box(run_cli("1")); }), Box::new(|| { black_box(run_cli("2")); }), Box::new(|| run_rg("1")), Box::new(|| run_rg("2"))]);
        let (c1, c2, r1, r2) = (mbps(dir_bytes, t[0]), mbps(dir_bytes, t[1]), mbps(dir_bytes, t[2]), mbps(dir_bytes, t[3]));
        rows.push((format!("CLI `jpii scan` on the directory, 2 threads / 1 ({} findings)", run_cli("2")), format!("{:.2}× ({c2:.1} vs {c1:.1} MB/s)", t[0].as_secs_f64() / t[1].as_secs_f64()), "≥ 1.8×".into()));
        if rg.is_some() {
            rows.push(("CLI / ripgrep on the directory, 2 threads".into(), format!("{:.2} ({c2:.1} vs {r2:.1} MB/s; rg 1 thread {r1:.1})", c2 / r2), "≥ 1".into()));
        }
        out["cli"] = json!({"threads_1_mb_s": c1, "threads_2_mb_s": c2, "rg_1_mb_s": r1, "rg_2_mb_s": r2});
    } else {
        rows.push(("CLI on the directory".into(), "target/release/jpii not built (cargo build --release -p jpii-cli)".into(), "≥ 1.8×".into()));
    }

    // 5. Peak RSS streaming a multi-GB input (child process, so this process's data does not count).
    let gb = std::env::var("JPII_BENCH_STREAM_GB").ok().and_then(|s| s.parse::<f64>().ok()).unwrap_or(2.0);
    let me = std::env::current_exe().expect("exe");
    match Command::new(me).args(["rss", "--gb", &gb.to_string()]).output() {
        Ok(o) if o.status.success() => {
            let v: Value = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
            let mb = v["vm_hwm_kb"].as_f64().unwrap_or(0.0) / 1024.0;
            rows.push((format!("peak RSS streaming {gb} GB (scan_reader)"), format!("{mb:.0} MB ({:.0} MB/s)", v["mb_per_s"].as_f64().unwrap_or(0.0)), "< 64 MB".into()));
            out["stream"] = v;
        }
        other => rows.push(("peak RSS streaming".into(), format!("failed: {other:?}"), "< 64 MB".into())),
    }

    // 6. Peak RSS of one in-memory scan of the roster (child process: the input, the tables and
    // one scan's findings, about 350,000 of them).
    let roster_rss = Command::new(std::env::current_exe().expect("exe")).args(["loop", "roster", "1x"]).output().ok().filter(|o| o.status.success()).and_then(|o| {
        let s = String::from_utf8_lossy(&o.stdout).into_owned();
        s.split("peak RSS ").nth(1)?.split_whitespace().next()?.parse::<f64>().ok()
    });
    match roster_rss {
        Some(kb) => {
            rows.push(("peak RSS, one `scan_str` of the 8 MB roster (input and findings included)".into(), format!("{:.0} MB", kb / 1024.0), "(diagnostic)".into()));
            out["roster_rss_kb"] = json!(kb);
        }
        None => rows.push(("peak RSS, one `scan_str` of the roster".into(), "failed".into(), "(diagnostic)".into())),
    }

    wasm_vs_native(&files, &full, &mut rows, &mut out);

    // Report.
    let mut md = format!("# jpii benchmarks, {}\n\nMachine: {} ({} cores), {}, commit {}. {}\n\n| measure | figure | target |\n| --- | --- | --- |\n", out["date"].as_str().unwrap_or(""), out["machine"]["cpu"].as_str().unwrap_or(""), out["machine"]["cores"], out["machine"]["rustc"].as_str().unwrap_or(""), out["machine"]["commit"].as_str().unwrap_or(""), out["machine"]["note"].as_str().unwrap_or(""));
    for (m, f, t) in &rows {
        md.push_str(&format!("| {m} | {f} | {t} |\n"));
    }
    md.push_str(&format!("\nInputs: `target/bench-data/` (generated by `benches/src/data.rs`, deterministic). Medians of {REPS} interleaved runs.\n"));
    print!("{md}");
    let results = Path::new(env!("CARGO_MANIFEST_DIR")).join("results");
    std::fs::create_dir_all(&results).expect("results dir");
    let stem = format!("{}-{}", out["date"].as_str().unwrap_or("today"), hostname());
    std::fs::write(results.join(format!("{stem}.md")), &md).expect("write md");
    out["rows"] = json!(rows.iter().map(|(m, f, t)| json!({"measure": m, "figure": f, "target": t})).collect::<Vec<_>>());
    std::fs::write(results.join(format!("{stem}.json")), serde_json::to_string_pretty(&out).expect("json")).expect("write json");
    eprintln!("written to benches/results/{stem}.{{md,json}}");
}

/// 6. WASM (Node) on the same text, against native scan_str / scan_bytes on one thread.
fn wasm_vs_native(files: &data::Files, full: &Scanner, rows: &mut Vec<(String, String, String)>, out: &mut Value) {
    let bench_js = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wasm/bench/bench.mjs");
    let pkg = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wasm/pkg/jpii_wasm_bg.wasm");
    if which("node").is_some() && pkg.exists() {
        let sample = &files.wasm_sample;
        let text = std::fs::read_to_string(sample).expect("sample");
        let sjis = std::fs::read(&files.wasm_sample_sjis).expect("sample sjis");
        let native = one_thread(|| interleaved(vec![Box::new(|| drop(full.scan_str(&text))), Box::new(|| drop(full.scan_bytes(&sjis)))]));
        let (nt, nb) = (mbps(text.len(), native[0]), mbps(text.len(), native[1]));
        match Command::new("node").arg(&bench_js).arg(sample).arg(&files.wasm_sample_sjis).output() {
            Ok(o) if o.status.success() => {
                let v: Value = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
                let (wt, wb) = (v["scanText_mb_s"].as_f64().unwrap_or(0.0), v["scanBytes_mb_s"].as_f64().unwrap_or(0.0));
                rows.push(("WASM scanText / native (mixed text)".into(), format!("{:.2} ({wt:.0} vs {nt:.0} MB/s)", wt / nt), "≥ 0.3".into()));
                rows.push(("WASM scanBytes / native (Shift_JIS)".into(), format!("{:.2} ({wb:.0} vs {nb:.0} MB/s)", wb / nb), "≥ 0.3".into()));
                out["wasm"] = json!({"node": v, "native_scan_str_mb_s": nt, "native_scan_bytes_mb_s": nb});
            }
            other => rows.push(("WASM vs native".into(), format!("node bench failed: {:?}", other.map(|o| String::from_utf8_lossy(&o.stderr).to_string())), "≥ 0.3".into())),
        }
    } else {
        rows.push(("WASM vs native".into(), "wasm/pkg not built (bash wasm/build.sh)".into(), "≥ 0.3".into()));
    }

}

fn which(cmd: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| std::env::split_paths(&p).map(|d| d.join(cmd)).find(|f| f.is_file()))
}

fn today() -> String {
    Command::new("date").arg("+%Y-%m-%d").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_else(|_| "today".into())
}

fn hostname() -> String {
    let mut s = String::new();
    let _ = std::fs::File::open("/etc/hostname").and_then(|mut f| f.read_to_string(&mut s));
    let h = s.trim();
    if h.is_empty() { "machine".into() } else { h.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(24).collect() }
}
