//! Helpers shared by the format modules' tests: reading the real corpus files in
//! `tests/corpus/`, and listing a document's spans in a form that compares exactly.

use crate::model::document::Document;

// The integration tests name the corpus folder through the same file.
#[path = "../../tests/common/corpus.rs"]
mod corpus;

pub use corpus::read_corpus_file;

/// Reads `tests/corpus/<dir>/<file>`; a missing file names the path it looked for.
pub fn read_corpus(dir: &str, file: &str) -> String {
    read_corpus_file(&format!("{dir}/{file}"))
}

/// A span as the tests compare it: (id, label, start, end, text).
pub type SpanTuple = (String, String, usize, usize, String);

/// Every span of a document, in text order.
pub fn spans(document: &Document) -> Vec<SpanTuple> {
    document
        .annotations()
        .iter()
        .map(|a| {
            (
                a.id.to_string(),
                a.label.to_string(),
                a.range.start.0,
                a.range.end.0,
                document.slice(a.range).to_string(),
            )
        })
        .collect()
}

pub fn span(id: &str, label: &str, start: usize, end: usize, text: &str) -> SpanTuple {
    (id.into(), label.into(), start, end, text.into())
}
