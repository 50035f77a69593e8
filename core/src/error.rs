//! Typed errors of the public API.

use core::fmt;

/// Everything that can go wrong when configuring a scanner or reading input.
///
/// Scanning text never fails: malformed bytes, binary data and odd encodings are reported in the
/// [`ScanReport`](crate::ScanReport), not as errors.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An allowlist pattern did not compile.
    InvalidPattern { pattern: String, message: String },
    /// A kind id that does not exist (see [`Kind::id`](crate::Kind::id)).
    UnknownKind(String),
    /// An encoding name that jpii does not know.
    UnknownEncoding(String),
    /// An invalid configuration value.
    InvalidConfig(String),
    /// Reading the input failed (streaming scans only).
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidPattern { pattern, message } => {
                write!(f, "invalid allowlist pattern {pattern:?}: {message}")
            }
            Error::UnknownKind(k) => write!(f, "unknown kind {k:?} (see `jpii kinds`)"),
            Error::UnknownEncoding(e) => write!(f, "unknown encoding {e:?}"),
            Error::InvalidConfig(m) => write!(f, "invalid configuration: {m}"),
            Error::Io(e) => write!(f, "read error: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Io(e)
    }
}
