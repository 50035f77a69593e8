//! The `jpii` binary end to end: the jsonl contract (offsets slice the original bytes in Shift_JIS,
//! UTF-16 and inside a zip), every format against its snapshot, exit codes, masking, baselines,
//! allow markers, archive limits, unreadable and special files, stdin.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod common;
use common::{jpii, tmp, zip_bytes};


fn run(args: &[&str]) -> Output {
    jpii().args(args).output().expect("run jpii")
}


const ROSTER: &str = "氏名,フリガナ,電話番号,住所\n山田太郎,ヤマダタロウ,090-1234-5678,東京都千代田区千代田1-1\n鈴木花子,スズキハナコ,080-2345-6789,大阪府大阪市北区梅田3-4-5\n";

fn sjis(s: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(s).0.into_owned()
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    [0xFF, 0xFE].into_iter().chain(s.encode_utf16().flat_map(|u| u.to_le_bytes())).collect()
}

fn jsonl(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

const CONTRACT: [&str; 11] = ["path", "kind", "start", "end", "line", "column", "confidence", "score", "encoding", "value", "reasons"];


#[test]
fn jsonl_contract_and_offsets_in_the_original_bytes() {
    let dir = tmp();
    let files: Vec<(&str, Vec<u8>, &encoding_rs::Encoding)> = vec![
        ("roster_sjis.csv", sjis(ROSTER), encoding_rs::SHIFT_JIS),
        ("roster_utf16.csv", utf16le_bom(ROSTER), encoding_rs::UTF_16LE),
    ];
    for (name, bytes, _) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    std::fs::write(dir.path().join("archive.zip"), zip_bytes(&[("inner/roster.csv", &sjis(ROSTER))])).unwrap();
    let out = jpii().args(["scan", "--format", "jsonl", "--show-values"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 24, "8 findings in each of three inputs");
    for r in &rows {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        for k in CONTRACT {
            assert!(keys.contains(&k), "missing {k} in {r}");
        }
        let path = r["path"].as_str().unwrap();
        let (start, end) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
        let (bytes, enc) = if path.contains("archive.zip!") {
            (sjis(ROSTER), encoding_rs::SHIFT_JIS)
        } else {
            let (_, b, e) = files.iter().find(|(n, _, _)| path.ends_with(n)).unwrap();
            (b.clone(), *e)
        };
        let (decoded, bad) = enc.decode_without_bom_handling(&bytes[start..end]);
        assert!(!bad);
        assert_eq!(decoded, r["value"].as_str().unwrap(), "{path} {start}..{end}");
    }
    assert!(rows.iter().any(|r| r["path"].as_str().unwrap().ends_with("archive.zip!inner/roster.csv")));
}

#[test]
fn values_are_masked_unless_asked() {
    let dir = tmp();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, "携帯：090-1234-5678\n").unwrap();
    let masked = jsonl(&run(&["scan", "--format", "jsonl", f.to_str().unwrap()]));
    assert_eq!(masked[0]["value"], "090-****-5678");
    let raw = jsonl(&run(&["scan", "--format", "jsonl", "--show-values", f.to_str().unwrap()]));
    assert_eq!(raw[0]["value"], "090-1234-5678");
    for fmt in ["human", "json", "sarif", "csv"] {
        let out = run(&["scan", "--format", fmt, f.to_str().unwrap()]);
        assert!(!String::from_utf8_lossy(&out.stdout).contains("1234-5678"), "{fmt} leaks the value");
    }
}

/// `out` with every run of 32 or more hex digits (a finding's fingerprint, an HMAC that differs
/// per run: the temporary directory is in its input) replaced by `#`, so that a value's digits
/// are looked for where a value could leak, not inside a hash that holds `0001` one run in ~500.
fn without_fingerprints(out: &str) -> String {
    let mut kept = String::with_capacity(out.len());
    let mut run = String::new();
    for c in out.chars().chain(['\n']) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        kept.push_str(if run.len() >= 32 { "#" } else { &run });
        run.clear();
        kept.push(c);
    }
    kept.pop();
    kept
}

#[test]
fn fingerprints_are_blanked_and_nothing_else() {
    let hash = "bdd6572d1b5cc3029cd77029f9bd3719b7c5e5b0001a0d2188b93b2f14c7e4cc";
    assert_eq!(without_fingerprints(&format!("{{\"v1\": \"{hash}\"}} 100-0001")), "{\"v1\": \"#\"} 100-0001");
}

/// Reasons quote what the dictionaries matched (a surname, a given name, a postal code): they are
/// masked with the values, in every format, and shown raw only with `--show-values`.
#[test]
fn reasons_do_not_leak_the_values() {
    let dir = tmp();
    let f = dir.path().join("r.csv");
    std::fs::write(&f, "氏名,フリガナ,郵便番号,住所\n伊藤一郎,イトウ イチロウ,100-0001,東京都千代田区千代田1-19-16\n").unwrap();
    let raw = run(&["scan", "--format", "jsonl", "--show-values", f.to_str().unwrap()]);
    let raw = String::from_utf8_lossy(&raw.stdout);
    for secret in ["伊藤", "一郎", "イトウ", "イチロウ", "1000001", "100-0001"] {
        assert!(raw.contains(secret), "the test input yields {secret} as evidence: {raw}");
    }
    for fmt in ["jsonl", "human", "json", "sarif", "csv"] {
        let out = run(&["scan", "--format", fmt, f.to_str().unwrap()]);
        let out = without_fingerprints(&String::from_utf8_lossy(&out.stdout));
        // SARIF results carry no reasons.
        assert!(fmt == "sarif" || out.contains("dictionary"), "{fmt}: the dictionary reasons are still there: {out}");
        for secret in ["伊藤", "一郎", "イトウ", "イチロウ", "1000001", "100-0001", "0001"] {
            assert!(!out.contains(secret), "{fmt} leaks {secret}: {out}");
        }
    }
}

#[test]
fn exit_codes() {
    let dir = tmp();
    let clean = dir.path().join("clean.txt");
    std::fs::write(&clean, "本日は晴天なり。会議は3時から。\n").unwrap();
    let pii = dir.path().join("pii.txt");
    std::fs::write(&pii, "マイナンバー：6214 9832 0257\n").unwrap();
    let medium = dir.path().join("medium.txt");
    std::fs::write(&medium, "山田太郎様\n").unwrap();
    assert_eq!(run(&["scan", clean.to_str().unwrap()]).status.code(), Some(0));
    assert_eq!(run(&["scan", pii.to_str().unwrap()]).status.code(), Some(1));
    assert_eq!(run(&["scan", "--fail-on", "high", medium.to_str().unwrap()]).status.code(), Some(0));
    assert_eq!(run(&["scan", medium.to_str().unwrap()]).status.code(), Some(1));
    assert_eq!(run(&["scan", "--fail-on", "never", pii.to_str().unwrap()]).status.code(), Some(0));
    let bad = run(&["scan", "--kinds", "not_a_kind", clean.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown kind"));
    assert_eq!(run(&["scan", "--kinds", "phone_number", pii.to_str().unwrap()]).status.code(), Some(0));
    assert_eq!(run(&["scan", "--exclude-kinds", "my_number", pii.to_str().unwrap()]).status.code(), Some(0));
}

#[test]
fn stdin_is_scanned() {
    let mut child = jpii().args(["scan", "--format", "jsonl", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all("連絡先 taro@example.jp\n".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["path"], "-");
    assert_eq!(rows[0]["kind"], "email_address");
}

#[test]
fn baseline_round_trip_reports_only_new_findings() {
    let dir = tmp();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, "携帯：090-1234-5678\n").unwrap();
    let base = dir.path().join("baseline.json");
    let out = run(&["scan", "--format", "jsonl", "--write-baseline", base.to_str().unwrap(), f.to_str().unwrap()]);
    assert_eq!(jsonl(&out).len(), 1);
    let text = std::fs::read_to_string(&base).unwrap();
    assert!(!text.contains("5678"), "a baseline holds hashes, never values");
    let again = run(&["scan", "--format", "jsonl", "--baseline", base.to_str().unwrap(), f.to_str().unwrap()]);
    assert_eq!(jsonl(&again).len(), 0);
    assert_eq!(again.status.code(), Some(0));
    std::fs::write(&f, "携帯：090-1234-5678\n携帯：080-2345-6789\n").unwrap();
    let new = jsonl(&run(&["scan", "--format", "jsonl", "--baseline", base.to_str().unwrap(), f.to_str().unwrap()]));
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["value"], "080-****-6789");
}

/// Fingerprints are keyed: a baseline is valid only under its key, a plain sha256 of the value
/// (which a masked value lets anyone reverse) appears nowhere, and without a key in the environment
/// one is created once in the user's config directory, readable by the user only.
#[test]
fn fingerprints_are_keyed() {
    let dir = tmp();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, "携帯：090-1234-5678\n").unwrap();
    let f = f.to_str().unwrap();
    let base = dir.path().join("baseline.json");
    let base = base.to_str().unwrap();
    assert_eq!(run(&["scan", "--format", "jsonl", "--write-baseline", base, f]).status.code(), Some(1));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(base).unwrap()).unwrap();
    assert_eq!(written["version"], 2);
    let fp = written["fingerprints"][0].as_str().unwrap().to_string();
    // The unkeyed fingerprint of earlier versions: path, kind and normalized value.
    use sha2::Digest;
    let plain: String = sha2::Sha256::digest(format!("{f}\0phone_number\009012345678")).iter().map(|b| format!("{b:02x}")).collect();
    assert_ne!(fp, plain);
    let sarif = String::from_utf8(run(&["scan", "--format", "sarif", f]).stdout).unwrap();
    assert!(sarif.contains(&fp) && !sarif.contains(&plain), "SARIF carries the keyed fingerprint");
    // Another key: a clear error, not every finding reported as new.
    let other = jpii().env("JPII_FINGERPRINT_KEY", "another key").args(["scan", "--format", "jsonl", "--baseline", base, f]).output().unwrap();
    assert_eq!(other.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other.stderr).contains("fingerprint key"), "{}", String::from_utf8_lossy(&other.stderr));
    // One file as both: the first run reports everything and writes it, the next reports nothing.
    let both = dir.path().join("both.json");
    let both = both.to_str().unwrap();
    assert_eq!(jsonl(&run(&["scan", "--format", "jsonl", "--baseline", both, "--write-baseline", both, f])).len(), 1);
    assert_eq!(jsonl(&run(&["scan", "--format", "jsonl", "--baseline", both, "--write-baseline", both, f])).len(), 0);
    // A missing baseline of its own is an error, not an empty one.
    let missing = run(&["scan", "--format", "jsonl", "--baseline", dir.path().join("missing.json").to_str().unwrap(), f]);
    assert_eq!(missing.status.code(), Some(2));
    // A version-1 baseline (plain sha256) is refused with the way out.
    let v1 = dir.path().join("v1.json");
    std::fs::write(&v1, format!("{{\"version\":1,\"fingerprints\":[\"{plain}\"]}}")).unwrap();
    let old = run(&["scan", "--format", "jsonl", "--baseline", v1.to_str().unwrap(), f]);
    assert_eq!(old.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&old.stderr).contains("--write-baseline"));
    // No key in the environment: one is created in the config directory, then reused.
    let config = dir.path().join("config");
    let no_env = || {
        let mut c = jpii();
        c.env_remove("JPII_FINGERPRINT_KEY").env("XDG_CONFIG_HOME", &config);
        c
    };
    let first = no_env().args(["scan", "--format", "sarif", f]).output().unwrap();
    let key_file = config.join("jpii/fingerprint.key");
    assert!(key_file.exists(), "{}", String::from_utf8_lossy(&first.stderr));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let second = no_env().args(["scan", "--format", "sarif", f]).output().unwrap();
    assert_eq!(first.stdout, second.stdout, "the created key is reused");
    assert_ne!(String::from_utf8(first.stdout).unwrap(), sarif, "a different key than the environment's");
    // Formats that carry no fingerprint need no key.
    let plain_run = no_env().env("XDG_CONFIG_HOME", dir.path().join("none")).args(["scan", "--format", "jsonl", f]).output().unwrap();
    assert_eq!(plain_run.status.code(), Some(1));
    assert!(!dir.path().join("none").exists());
}

#[test]
fn allow_marker_and_config_file() {
    let dir = tmp();
    std::fs::write(dir.path().join("a.txt"), "代表 03-1234-5678\n携帯：090-1234-5678 jpii:allow\n携帯：080-2345-6789\n").unwrap();
    std::fs::write(dir.path().join("jpii.toml"), "[allow]\nvalues = [\"03-1234-5678\"]\n").unwrap();
    let rows = jsonl(&run(&["scan", "--format", "jsonl", "--show-values", dir.path().to_str().unwrap()]));
    let values: Vec<&str> = rows.iter().map(|r| r["value"].as_str().unwrap()).collect();
    assert_eq!(values, ["080-2345-6789"]);
    std::fs::write(dir.path().join("jpii.toml"), "bogus = 1\n").unwrap();
    assert_eq!(run(&["scan", dir.path().to_str().unwrap()]).status.code(), Some(2));
}

#[test]
fn jpiiignore_and_globs() {
    let dir = tmp();
    std::fs::create_dir(dir.path().join("skip")).unwrap();
    std::fs::write(dir.path().join("skip/a.txt"), "携帯：090-1234-5678\n").unwrap();
    std::fs::write(dir.path().join("b.csv"), "携帯：080-2345-6789\n").unwrap();
    std::fs::write(dir.path().join("c.txt"), "携帯：070-3456-7890\n").unwrap();
    std::fs::write(dir.path().join(".jpiiignore"), "skip/\n").unwrap();
    let rows = jsonl(&run(&["scan", "--format", "jsonl", dir.path().to_str().unwrap()]));
    assert_eq!(rows.len(), 2);
    let rows = jsonl(&run(&["scan", "--format", "jsonl", "--glob", "*.csv", dir.path().to_str().unwrap()]));
    assert_eq!(rows.len(), 1);
    assert!(rows[0]["path"].as_str().unwrap().ends_with("b.csv"));
}

#[test]
fn archive_limits_nesting_and_encryption_are_reported() {
    let dir = tmp();
    // A highly compressible member: over the ratio limit.
    let bomb = zip_bytes(&[("zeros.txt", &vec![b'0'; 2_000_000])]);
    std::fs::write(dir.path().join("bomb.zip"), &bomb).unwrap();
    // Nested zips beyond the depth limit.
    let inner = zip_bytes(&[("deep.txt", "携帯：090-1234-5678".as_bytes())]);
    let middle = zip_bytes(&[("inner.zip", &inner)]);
    std::fs::write(dir.path().join("nested.zip"), zip_bytes(&[("middle.zip", &middle)])).unwrap();
    // An encrypted member: the encryption flag set in both headers.
    let mut enc = zip_bytes(&[("secret.csv", sjis(ROSTER).as_slice())]);
    for i in 0..enc.len() - 4 {
        if enc[i..i + 4] == [0x50, 0x4B, 0x03, 0x04] {
            enc[i + 6] |= 1;
        }
        if enc[i..i + 4] == [0x50, 0x4B, 0x01, 0x02] {
            enc[i + 8] |= 1;
        }
    }
    std::fs::write(dir.path().join("secret.zip"), &enc).unwrap();
    let out = run(&["scan", "--format", "json", "--max-depth", "2", "--max-ratio", "100", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "problems and no findings: exit 2");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = doc["errors"].as_array().unwrap();
    let problem = |suffix: &str| errors.iter().find(|e| e["path"].as_str().unwrap().ends_with(suffix)).map(|e| e["problem"].as_str().unwrap().to_string());
    assert_eq!(problem("bomb.zip!zeros.txt").as_deref(), Some("limit_exceeded"));
    assert_eq!(problem("nested.zip!middle.zip!inner.zip").as_deref(), Some("limit_exceeded"));
    assert_eq!(problem("secret.zip!secret.csv").as_deref(), Some("encrypted"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("encrypted, not scanned"), "{stderr}");
    // With a deeper limit the nested finding is reached.
    let out = run(&["scan", "--format", "jsonl", "--max-depth", "3", dir.path().join("nested.zip").to_str().unwrap()]);
    let rows = jsonl(&out);
    assert_eq!(rows[0]["path"], format!("{}!middle.zip!inner.zip!deep.txt", dir.path().join("nested.zip").to_string_lossy().trim_start_matches("./")));
}

#[test]
fn gzip_and_tar_members() {
    let dir = tmp();
    let mut tar = tar::Builder::new(Vec::new());
    let data = sjis("携帯：090-1234-5678\n");
    let mut h = tar::Header::new_gnu();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    tar.append_data(&mut h, "list.csv", data.as_slice()).unwrap();
    let tar = tar.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&tar).unwrap();
    std::fs::write(dir.path().join("dump.tar.gz"), gz.finish().unwrap()).unwrap();
    let rows = jsonl(&run(&["scan", "--format", "jsonl", dir.path().to_str().unwrap()]));
    assert_eq!(rows.len(), 1);
    assert!(rows[0]["path"].as_str().unwrap().ends_with("dump.tar.gz!dump.tar!list.csv"), "{}", rows[0]["path"]);
    assert_eq!(rows[0]["encoding"], "Shift_JIS");
}

#[test]
fn office_cells_have_locations() {
    let dir = tmp();
    let shared = r#"<sst><si><t>氏名</t></si><si><t>携帯</t></si><si><t>山田太郎</t></si><si><t>090-1234-5678</t></si></sst>"#;
    let sheet = r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row></sheetData></worksheet>"#;
    let book = r#"<workbook><sheets><sheet name="顧客" sheetId="1"/></sheets></workbook>"#;
    let x = zip_bytes(&[("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", book.as_bytes()), ("xl/sharedStrings.xml", shared.as_bytes()), ("xl/worksheets/sheet1.xml", sheet.as_bytes())]);
    std::fs::write(dir.path().join("book.xlsx"), x).unwrap();
    let rows = jsonl(&run(&["scan", "--format", "jsonl", dir.path().to_str().unwrap()]));
    let paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert!(paths.iter().any(|p| p.ends_with("book.xlsx!顧客!B2")), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("book.xlsx!顧客!A2")), "{paths:?}");
}

#[test]
fn unreadable_and_special_files_are_reported_never_fatal() {
    let dir = tmp();
    std::fs::write(dir.path().join("ok.txt"), "携帯：090-1234-5678\n").unwrap();
    std::os::unix::fs::symlink(dir.path().join("missing"), dir.path().join("dangling")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let fifo = dir.path().join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    let out = jpii().args(["scan", "--format", "json"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "findings still reported");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = doc["errors"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap().to_string()).collect();
    assert!(errors.iter().any(|p| p.ends_with("dangling")), "{errors:?}");
    if made {
        assert!(errors.iter().any(|p| p.ends_with("fifo")), "{errors:?}");
    }
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1);
    // A missing path on the command line.
    let out = run(&["scan", dir.path().join("nope.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn too_large_and_binary_files_are_reported() {
    let dir = tmp();
    std::fs::write(dir.path().join("big.txt"), "携帯：090-1234-5678\n".repeat(100)).unwrap();
    // Data: NULs and other control bytes around a number.
    let mut bin: Vec<u8> = (0..600u32).map(|i| [0u8, 1, 2, 0, 7, 0x10][i as usize % 6]).collect();
    bin[100..119].copy_from_slice("090-1234-5678 abcd".as_bytes().get(..19).unwrap_or(&[0; 19]));
    std::fs::write(dir.path().join("blob.bin"), &bin).unwrap();
    // NULs alone are padding: a Shift_JIS roster with NULs after every row is read.
    let padded: Vec<u8> = sjis(ROSTER).split(|&b| b == b'\n').flat_map(|row| row.iter().copied().chain([0u8; 4]).chain([b'\n'])).collect();
    std::fs::write(dir.path().join("padded.csv"), &padded).unwrap();
    let out = run(&["scan", "--format", "json", "--max-filesize", "1K", dir.path().to_str().unwrap()]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems: Vec<(String, String)> = doc["errors"].as_array().unwrap().iter().map(|e| (e["path"].as_str().unwrap().to_string(), e["problem"].as_str().unwrap().to_string())).collect();
    assert!(problems.iter().any(|(p, k)| p.ends_with("big.txt") && k == "too_large"), "{problems:?}");
    assert!(problems.iter().any(|(p, k)| p.ends_with("blob.bin") && k == "binary"), "{problems:?}");
    assert!(!problems.iter().any(|(p, _)| p.ends_with("padded.csv")), "{problems:?}");
    let found = doc["findings"].as_array().unwrap().iter().filter(|f| f["path"].as_str().unwrap().ends_with("padded.csv") && f["kind"] == "phone_number").count();
    assert!(found >= 2, "the padded roster's phone numbers: {found}");
}

/// Every format against its snapshot (`UPDATE_SNAPSHOTS=1` rewrites them).
#[test]
fn format_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let input = dir.join("input/roster_sjis.csv");
    assert_eq!(std::fs::read(&input).unwrap(), sjis(ROSTER), "the snapshot input is the test roster in Shift_JIS");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for fmt in ["human", "jsonl", "json", "sarif", "csv"] {
        let out = jpii().current_dir(root).args(["scan", "--format", fmt, "tests/snapshots/input/roster_sjis.csv"]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        // Times vary between runs.
        let text: String = text.lines().map(|l| if l.contains(" bytes, ") && l.ends_with('s') { "<files, bytes, time>" } else { l }).collect::<Vec<_>>().join("\n") + "\n";
        let text = text.replace(&format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")), "\"version\": \"<version>\"");
        let snap: PathBuf = dir.join(format!("roster.{fmt}"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&snap, &text).unwrap();
        }
        assert_eq!(text, std::fs::read_to_string(&snap).unwrap(), "format {fmt} differs from {}", snap.display());
    }
}

/// SARIF 2.1.0 structure: what code-scanning UIs require of a log.
#[test]
fn sarif_has_the_required_structure() {
    let dir = tmp();
    // A name with a space, a quote and Japanese: the uri is percent-encoded.
    let f = dir.path().join("a \"名簿\".txt");
    std::fs::write(&f, "携帯：090-1234-5678\n").unwrap();
    let out = run(&["scan", "--format", "sarif", f.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "jpii");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().all(|r| r["id"].is_string() && r["shortDescription"]["text"].is_string()));
    let res = &run0["results"][0];
    assert_eq!(res["ruleId"], "phone_number");
    assert!(["error", "warning", "note", "none"].contains(&res["level"].as_str().unwrap()));
    assert!(res["message"]["text"].is_string());
    let uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    assert!(uri.ends_with("/a%20%22%E5%90%8D%E7%B0%BF%22.txt") && !uri.contains(' '), "{uri}");
    let region = &res["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 1);
    assert!(region["startColumn"].as_u64().unwrap() >= 1);
    assert!(res["partialFingerprints"].is_object());
    let rule_index = res["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[rule_index]["id"], "phone_number");
    // The log deserializes into serde-sarif's types, which are generated from the SARIF 2.1.0 JSON
    // schema (unknown enum values, wrong types and missing required properties fail here).
    let typed: serde_sarif::sarif::Sarif = serde_json::from_slice(&out.stdout).expect("a SARIF 2.1.0 log");
    assert_eq!(typed.runs.len(), 1);
    assert!(serde_json::from_str::<serde_sarif::sarif::Sarif>(r#"{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}"#).is_err(), "the typed check rejects a driver without a name");
}

#[test]
fn redact_writes_a_masked_copy_and_never_touches_the_input() {
    let dir = tmp();
    let src = dir.path().join("roster.csv");
    let original = sjis(ROSTER);
    std::fs::write(&src, &original).unwrap();
    let dst = dir.path().join("out/roster.csv");
    let out = run(&["redact", src.to_str().unwrap(), "-o", dst.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&src).unwrap(), original, "the input is untouched");
    let masked = std::fs::read(&dst).unwrap();
    assert_eq!(masked.len(), original.len());
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&masked);
    assert!(!bad, "still valid Shift_JIS");
    assert!(!text.contains("090-1234-5678") && text.contains("090-****-5678"), "{text}");
    let refuse = run(&["redact", src.to_str().unwrap(), "-o", src.to_str().unwrap()]);
    assert_eq!(refuse.status.code(), Some(2));
    assert_eq!(std::fs::read(&src).unwrap(), original);
    let refuse_inside = run(&["redact", dir.path().to_str().unwrap(), "-o", dir.path().join("sub").to_str().unwrap()]);
    assert_eq!(refuse_inside.status.code(), Some(2));
}

#[test]
fn redact_never_writes_over_an_input_through_an_output_folder_above_it() {
    // `redact t/d -o t`: t/d/d/f.txt's copy would be t/d/f.txt, an input not yet copied.
    let dir = tmp();
    let (top, inner) = (dir.path().join("d/f.txt"), dir.path().join("d/d/f.txt"));
    std::fs::create_dir_all(inner.parent().unwrap()).unwrap();
    std::fs::write(&top, "氏名: 山田太郎様\n携帯：090-1234-5678\n").unwrap();
    std::fs::write(&inner, "携帯：080-2222-3333\n").unwrap();
    let out = run(&["redact", dir.path().join("d").to_str().unwrap(), "-o", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&top).unwrap(), "氏名: 山田太郎様\n携帯：090-1234-5678\n", "nothing written");
    assert_eq!(std::fs::read_to_string(&inner).unwrap(), "携帯：080-2222-3333\n");
    assert!(!dir.path().join("f.txt").exists(), "refused before writing anything");
}

#[test]
fn kinds_lists_every_kind() {
    let out = run(&["kinds", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v.as_array().unwrap().iter().map(|k| k["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 15);
    assert!(ids.contains(&"my_number") && ids.contains(&"person_name"));
}

#[test]
fn a_fixed_width_export_is_summarised_as_a_roster() {
    // A mainframe's customer list: fields padded with spaces, no delimiter, in Shift_JIS.
    let text = "顧客番号  氏名              生年月日    電話番号\r\n000123    山田　太郎        1970/03/12  090-1234-5678\r\n000124    佐藤　花子        1985/11/02  03-1234-5678\r\n";
    let dir = tmp();
    let f = dir.path().join("customers.txt");
    std::fs::write(&f, sjis(text)).unwrap();
    let out = run(&["scan", "--format", "json", f.to_str().unwrap()]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let table = &report["files"][0]["tables"][0];
    assert_eq!(table["delimiter"], " ");
    assert_eq!(table["summary"], "2 records: name, birth date, phone");
    assert_eq!(table["roster"], true);
    let rows = jsonl(&run(&["scan", "--format", "jsonl", "--show-values", f.to_str().unwrap()]));
    let bytes = sjis(text);
    let values: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            let (start, end) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
            let decoded = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes[start..end]).0.into_owned();
            assert_eq!(decoded, r["value"].as_str().unwrap());
            (r["kind"].as_str().unwrap().to_string(), decoded)
        })
        .collect();
    let kinds: Vec<&str> = values.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(kinds, ["person_name", "birth_date", "phone_number", "person_name", "birth_date", "phone_number"]);
    assert_eq!(values[0].1, "山田　太郎");
}
