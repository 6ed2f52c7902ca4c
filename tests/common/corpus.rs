//! Where the test corpus lives: `tests/corpus/`, inside the repository, so that `cargo test`
//! passes on a bare clone. The one place that names the folder for Rust: the integration tests
//! include this file as a module, and so does `src/formats/test_support.rs` (by `#[path]`).

// Each test crate uses only some of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus folder, as an absolute path.
pub const CORPUS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");

/// The path of `tests/corpus/<file>`; `file` may name a subfolder (`"brat/news/000-introduction.ann"`).
pub fn corpus_path(file: &str) -> PathBuf {
    PathBuf::from(CORPUS_DIR).join(file)
}

/// Reads `tests/corpus/<file>`; a missing file names the path it looked for.
pub fn read_corpus_file(file: &str) -> String {
    let path = corpus_path(file);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("corpus file {} must be readable: {e}", path.display()))
}
