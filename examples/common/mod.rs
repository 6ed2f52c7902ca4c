//! The document the examples time: about 1 MB of news-like text in paragraphs of about 1,000
//! bytes (as the benchmark's documents have), with 10,000 person spans spread evenly.

use spanwise::model::document::{Annotation, Document};
use spanwise::model::offsets::CpRange;

pub const TEXT_BYTES: usize = 1_000_000;
pub const N_SPANS: usize = 10_000;

/// The text alone.
pub fn big_text() -> String {
    let sentence =
        "US Secretary of State, anthony blinkenarrived this thursday cairois the second stop. ";
    let mut text = String::with_capacity(TEXT_BYTES + sentence.len());
    while text.len() < TEXT_BYTES {
        text.push_str(sentence);
        if text.len() % 1_000 < sentence.len() {
            text.push_str("\n\n");
        }
    }
    text
}

/// `text` as a document with the spans.
pub fn big_document(text: &str) -> Document {
    let mut document = Document::new("bench", "bench", text);
    let step = document.len().0 / N_SPANS;
    for i in 0..N_SPANS {
        let start = i * step + 1;
        document.insert(Annotation::entity(
            &format!("a{}", i + 1),
            "PERSON",
            CpRange::new(start, start + 7),
        ));
    }
    document
}
