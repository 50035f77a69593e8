//! The corpus: documents of every shape in every encoding, written with their ground truth.
//!
//! Layout of a corpus directory:
//! - `NNN_<shape>_<encoding>.<ext>`: the documents, in their file encoding;
//! - `truth.jsonl`: one line per labeled value, `{"path","kind","start","end"}`, byte offsets in the
//!   ENCODED file (end exclusive);
//! - `docs.jsonl`: one line per document, `{"path","shape","encoding","negative_only"}`.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::encode::{encode, FileEncoding};
use crate::rng::Rng;
use crate::shapes::Shape;

/// One labeled value of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthLine {
    pub path: String,
    pub kind: String,
    pub start: usize,
    pub end: usize,
}

/// One document of the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLine {
    pub path: String,
    pub shape: String,
    pub encoding: String,
    pub negative_only: bool,
}

/// A generated document.
pub struct Doc {
    pub path: String,
    pub shape: Shape,
    pub encoding: FileEncoding,
    /// The text before encoding.
    pub text: String,
    pub bytes: Vec<u8>,
    /// Labels: kind, span in `bytes`, the labeled value (as in `text`).
    pub truth: Vec<(jpii::Kind, std::ops::Range<usize>, String)>,
}

impl Doc {
    pub fn line(&self) -> DocLine {
        DocLine {
            path: self.path.clone(),
            shape: self.shape.id().into(),
            encoding: self.encoding.id().into(),
            negative_only: self.truth.is_empty(),
        }
    }
}

/// Generates `n` documents from `seed`. Document `i` depends only on (`seed`, `i`).
pub fn generate(seed: u64, n: usize) -> Vec<Doc> {
    let root = Rng::new(seed);
    (0..n)
        .map(|i| {
            let shape = Shape::ALL[i % Shape::ALL.len()];
            let encs = shape.encodings();
            let encoding = encs[(i / Shape::ALL.len() + seed as usize) % encs.len()];
            let mut r = root.fork(i as u64);
            let out = shape.write(&mut r, encoding);
            let enc = encode(&out.s, &out.labels, encoding);
            let truth = out
                .labels
                .iter()
                .zip(enc.spans)
                .map(|(l, sp)| (l.kind, sp, out.s[l.start..l.end].to_string()))
                .collect();
            Doc {
                path: format!("{i:03}_{}_{}.{}", shape.id(), encoding.tag(), shape.ext()),
                shape,
                encoding,
                text: out.s,
                bytes: enc.bytes,
                truth,
            }
        })
        .collect()
}

/// Writes documents, `truth.jsonl` and `docs.jsonl` into `dir` (created if missing).
pub fn write(dir: &Path, docs: &[Doc]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let (truth, manifest) = manifest_bytes(docs);
    for d in docs {
        std::fs::write(dir.join(&d.path), &d.bytes)?;
    }
    std::fs::write(dir.join("truth.jsonl"), truth)?;
    std::fs::write(dir.join("docs.jsonl"), manifest)?;
    Ok(())
}

/// The bytes of `truth.jsonl` and `docs.jsonl`.
pub fn manifest_bytes(docs: &[Doc]) -> (Vec<u8>, Vec<u8>) {
    let (mut truth, mut manifest) = (Vec::new(), Vec::new());
    for d in docs {
        serde_json::to_writer(&mut manifest, &d.line()).unwrap();
        manifest.push(b'\n');
        for (k, sp, _) in &d.truth {
            let t = TruthLine {
                path: d.path.clone(),
                kind: k.id().into(),
                start: sp.start,
                end: sp.end,
            };
            serde_json::to_writer(&mut truth, &t).unwrap();
            truth.write_all(b"\n").unwrap();
        }
    }
    (truth, manifest)
}
