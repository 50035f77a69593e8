//! jpii-corpus: a deterministic, seeded generator of labeled Japanese documents (rosters, HR lists,
//! fee lists, Zengin transfer files, e-mails, letters, chats, posts, logs, HTML) in every Japanese
//! encoding, with ground truth as byte spans of the encoded files; and the evaluator that scores
//! jpii, or any tool's predictions, against it.
//!
//! ```
//! let docs = jpii_corpus::generate(7, 15);
//! let corpus = jpii_corpus::eval::Corpus::from_docs(&docs);
//! let report = jpii_corpus::eval::score(&corpus, &corpus.scan(jpii::Confidence::Low), &[]);
//! assert!(report.overall.truth > 100);
//! ```

pub mod data;
pub mod encode;
pub mod eval;
pub mod generate;
pub mod pii;
pub mod rng;
pub mod shapes;
pub mod text;

pub use generate::{generate, write, Doc};

/// The seed and size of the committed sample set (`corpus/sample/`).
pub const SAMPLE_SEED: u64 = 7;
pub const SAMPLE_DOCS: usize = 64;
