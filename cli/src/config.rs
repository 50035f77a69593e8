//! `jpii.toml` (found in the first scanned directory, or given with `--config`) and baselines.
//!
//! ```toml
//! kinds = ["my_number", "phone_number"]   # only these (default: all)
//! exclude_kinds = ["birth_date"]
//! min_confidence = "medium"
//! exclude_paths = ["vendor/**", "*.min.js"]
//! [keywords]
//! phone_number = ["代表番号"]
//! [allow]
//! values = ["03-1234-5678"]               # the company's own switchboard
//! patterns = ["0120-\\d{3}-\\d{3}"]
//! ```

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::fingerprint::Key;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub exclude_kinds: Vec<String>,
    pub min_confidence: Option<String>,
    #[serde(default)]
    pub exclude_paths: Vec<String>,
    #[serde(default)]
    pub keywords: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub allow: Allow,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
}

/// The configuration: `--config`, else `jpii.toml` in the first scanned directory (or the
/// directory of the first scanned file), else defaults.
pub fn load(explicit: Option<&Path>, paths: &[PathBuf]) -> Result<Config, String> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => paths.iter().find(|p| p.as_os_str() != "-").and_then(|p| {
            let dir = if p.is_dir() { p.clone() } else { p.parent().map(Path::to_path_buf).unwrap_or_default() };
            let c = dir.join("jpii.toml");
            c.is_file().then_some(c)
        }),
    };
    let Some(path) = path else { return Ok(Config::default()) };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A baseline: the fingerprints (keyed hashes of path, kind and normalized value, see
/// `fingerprint.rs`) of accepted findings, and the id of the key they were made with.
#[derive(serde::Serialize, Deserialize)]
struct Baseline {
    version: u32,
    /// Absent in version 1, whose fingerprints were plain sha256 (no longer written or accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_id: Option<String>,
    fingerprints: Vec<String>,
}

pub fn write_baseline(path: &Path, fingerprints: &[&str], key: &Key) -> Result<(), String> {
    let mut fps: Vec<String> = fingerprints.iter().map(|s| s.to_string()).collect();
    fps.sort();
    fps.dedup();
    let text = serde_json::to_string_pretty(&Baseline { version: 2, key_id: Some(key.id.clone()), fingerprints: fps }).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
}

/// The fingerprints of a baseline written under `key`. A baseline of another key (or of the
/// unkeyed version 1) is an error: compared anyway, every finding would be reported as new.
pub fn read_baseline(path: &Path, key: &Key) -> Result<HashSet<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let b: Baseline = serde_json::from_str(&text).map_err(|e| format!("{}: not a jpii baseline: {e}", path.display()))?;
    match b.key_id {
        Some(id) if id == key.id => Ok(b.fingerprints.into_iter().collect()),
        Some(id) => Err(format!(
            "{}: this baseline was written under fingerprint key {id}, this run has key {}: set JPII_FINGERPRINT_KEY (or JPII_FINGERPRINT_KEY_FILE) to the key it was written with",
            path.display(),
            key.id
        )),
        None => Err(format!(
            "{}: a version-1 baseline (unkeyed sha256 fingerprints, which a masked value lets anyone reverse): write it again with --write-baseline",
            path.display()
        )),
    }
}
