//! `jpii-corpus generate --seed N --out DIR [--docs N]`
//! `jpii-corpus eval DIR [--predictions PRED.jsonl] [--min-confidence low|medium|high] [--kinds a,b] [--json] [--errors N]`
//! `jpii-corpus predict DIR [--min-confidence low|medium|high]`

use std::path::PathBuf;
use std::process::ExitCode;

use jpii_corpus::eval::{score, Corpus};

const USAGE: &str = "usage:
  jpii-corpus generate --seed N --out DIR [--docs N]      (default: --seed 7 --docs 64)
  jpii-corpus eval DIR [--predictions PRED.jsonl] [--min-confidence low|medium|high]
                       [--kinds k1,k2] [--json] [--errors N]
  jpii-corpus predict DIR [--min-confidence low|medium|high]   (jpii's findings as PRED.jsonl lines)
eval scans DIR's documents with jpii, or scores PRED.jsonl ({\"path\",\"kind\",\"start\",\"end\"} lines,
extra fields ignored; \"confidence\" filtered by --min-confidence when present). A prediction matches a
truth span of the same kind when they overlap by >= 50% of the truth span (one-to-one).";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jpii-corpus: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut it = args.into_iter();
    let cmd = it.next().ok_or("missing command")?;
    let mut pos = Vec::new();
    let mut opt = std::collections::HashMap::new();
    let mut flags = Vec::new();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => flags.push(a),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            s if s.starts_with("--") => {
                let v = it.next().ok_or(format!("{s} needs a value"))?;
                opt.insert(s.to_string(), v);
            }
            _ => pos.push(a),
        }
    }
    let num = |k: &str, d: u64| -> Result<u64, String> {
        opt.get(k)
            .map(|v| v.parse().map_err(|_| format!("{k}: not a number: {v}")))
            .unwrap_or(Ok(d))
    };
    match cmd.as_str() {
        "generate" => {
            let out = PathBuf::from(opt.get("--out").ok_or("generate needs --out DIR")?);
            let docs = jpii_corpus::generate(
                num("--seed", jpii_corpus::SAMPLE_SEED)?,
                num("--docs", jpii_corpus::SAMPLE_DOCS as u64)? as usize,
            );
            jpii_corpus::write(&out, &docs).map_err(|e| format!("{}: {e}", out.display()))?;
            let labels: usize = docs.iter().map(|d| d.truth.len()).sum();
            let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
            eprintln!(
                "wrote {} documents ({bytes} bytes, {labels} labeled values) to {}",
                docs.len(),
                out.display()
            );
            Ok(())
        }
        "eval" => {
            let dir = PathBuf::from(pos.first().ok_or("eval needs DIR")?);
            let corpus = Corpus::load(&dir)?;
            let min = opt
                .get("--min-confidence")
                .map(|s| jpii::Confidence::from_id(s).ok_or(format!("--min-confidence: {s}")))
                .transpose()?
                .unwrap_or(jpii::Confidence::Low);
            let pred = match opt.get("--predictions") {
                Some(p) => corpus.predictions(
                    &std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"))?,
                    min,
                )?,
                None => corpus.scan(min),
            };
            let kinds: Vec<String> = opt
                .get("--kinds")
                .map(|k| {
                    k.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            let report = score(&corpus, &pred, &kinds);
            if flags.iter().any(|f| f == "--json") {
                println!("{}", serde_json::to_string_pretty(&report).unwrap());
            } else {
                print!("{}", report.table(num("--errors", 0)? as usize));
            }
            Ok(())
        }
        "predict" => {
            let dir = PathBuf::from(pos.first().ok_or("predict needs DIR")?);
            let corpus = Corpus::load(&dir)?;
            let min = opt
                .get("--min-confidence")
                .map(|s| jpii::Confidence::from_id(s).ok_or(format!("--min-confidence: {s}")))
                .transpose()?
                .unwrap_or(jpii::Confidence::Low);
            let mut out = String::new();
            for s in corpus.scan(min) {
                out.push_str(&serde_json::to_string(&s).unwrap());
                out.push('\n');
            }
            print!("{out}");
            Ok(())
        }
        _ => Err(format!("unknown command {cmd}")),
    }
}
