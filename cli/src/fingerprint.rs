//! Finding fingerprints for baselines and SARIF: HMAC-SHA256 of path, kind and normalized value
//! under a secret key.
//!
//! A plain hash of the value is not safe beside a masked value: `090-****-5678` leaves 10,000
//! candidates, and hashing them all takes milliseconds. Keyed, the fingerprint says nothing to
//! whoever does not hold the key, and stays stable for whoever does. The key comes from
//! `JPII_FINGERPRINT_KEY` (CI: a secret), else from a key file created once per user
//! (`$JPII_FINGERPRINT_KEY_FILE`, else `$XDG_CONFIG_HOME/jpii/fingerprint.key` or
//! `~/.config/jpii/fingerprint.key`). A baseline records the key's id (a hash of the key, not the
//! key), so a baseline read under another key is an error instead of every finding reported as new.

use std::path::PathBuf;

use hmac::{Hmac, Mac};
use jpii::Kind;
use sha2::{Digest, Sha256};

/// A fingerprint key and its public id.
pub struct Key {
    secret: Vec<u8>,
    /// The first 16 hex digits of sha256("jpii fingerprint key id" + key): names the key in a
    /// baseline without revealing it.
    pub id: String,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key").field("id", &self.id).finish_non_exhaustive()
    }
}

impl Key {
    pub fn new(secret: Vec<u8>) -> Key {
        let mut h = Sha256::new();
        h.update(b"jpii fingerprint key id\0");
        h.update(&secret);
        let id = hex(&h.finalize()[..8]);
        Key { secret, id }
    }

    /// The key from the environment or the user's key file, creating the file (32 random bytes,
    /// readable by the user only) the first time.
    pub fn resolve() -> Result<Key, String> {
        if let Some(k) = std::env::var_os("JPII_FINGERPRINT_KEY").filter(|k| !k.is_empty()) {
            return Ok(Key::new(k.into_encoded_bytes()));
        }
        let path = key_file().ok_or("no key for fingerprints: set JPII_FINGERPRINT_KEY or JPII_FINGERPRINT_KEY_FILE (no home directory for the default key file)")?;
        match std::fs::read(&path) {
            Ok(secret) if !secret.is_empty() => return Ok(Key::new(secret)),
            Ok(_) => return Err(format!("{}: the fingerprint key file is empty", path.display())),
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(format!("{}: {e}", path.display())),
            Err(_) => {}
        }
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| format!("no randomness for a fingerprint key: {e}"))?;
        let text = hex(&secret);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        write_private(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("jpii: created the fingerprint key {} (keep it to keep baselines valid; CI: set JPII_FINGERPRINT_KEY)", path.display());
        Ok(Key::new(text.into_bytes()))
    }

    /// The fingerprint of a finding: hex HMAC-SHA256 of path, kind and normalized value.
    pub fn fingerprint(&self, path: &str, kind: Kind, normalized: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes keys of any length");
        for part in [path.as_bytes(), b"\0", kind.id().as_bytes(), b"\0", normalized.as_bytes()] {
            mac.update(part);
        }
        hex(&mac.finalize().into_bytes())
    }
}

/// Lower-case hex digits of `bytes`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn key_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("JPII_FINGERPRINT_KEY_FILE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).filter(|p| !p.is_empty()).map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("jpii").join("fingerprint.key"))
}

/// Creates `path` with `bytes`, readable and writable by its owner only (where the platform has
/// such modes); never overwrites an existing key.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_stable_and_distinct() {
        let a = Key::new(b"one".to_vec());
        let b = Key::new(b"two".to_vec());
        let fa = a.fingerprint("x.csv", Kind::PhoneNumber, "09012345678");
        assert_eq!(fa, a.fingerprint("x.csv", Kind::PhoneNumber, "09012345678"), "stable under one key");
        assert_ne!(fa, b.fingerprint("x.csv", Kind::PhoneNumber, "09012345678"), "another key, another fingerprint");
        assert_ne!(fa, a.fingerprint("x.csv", Kind::PhoneNumber, "09012345679"));
        assert_ne!(fa, a.fingerprint("y.csv", Kind::PhoneNumber, "09012345678"));
        assert_eq!(fa.len(), 64);
        // Not the plain hash a masked value lets anyone search for.
        let mut h = Sha256::new();
        h.update(b"x.csv\x00phone_number\x0009012345678");
        let plain = hex(&h.finalize());
        assert_ne!(fa, plain);
        assert_ne!(a.id, b.id);
        assert_eq!(a.id.len(), 16);
        assert!(!format!("{a:?}").contains("one"), "Debug does not print the key");
    }

    /// RFC 4231 test case 2: the HMAC is the standard one.
    #[test]
    fn hmac_sha256_vector() {
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(hex(&mac.finalize().into_bytes()), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
