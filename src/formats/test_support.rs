//! Helpers shared by the format modules' tests: reading the real corpus files beside the
//! repository, and listing a document's spans in a form that compares exactly.

use crate::model::document::Document;

/// Reads `../shared/corpus/<dir>/<file>`; a missing corpus names the path it looked for.
pub fn read_corpus(dir: &str, file: &str) -> String {
    let path = format!(
        "{}/../shared/corpus/{dir}/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("corpus file {path} must be readable: {e}"))
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
