//! A compact text notation for documents with annotations, for tests:
//! `"[Antony Blinken|PERSON#a1] arrived in [Cairo|GPE#a2]"`.
//!
//! `[` opens a span and `|LABEL#id]` closes the innermost open one (`#id` may be left out; ids
//! `a1`, `a2`… are then given in closing order). The label `CLAIM` makes a claim with the defaults
//! for its text and `CUE` a cue. Rendering puts openers longest-first and closers
//! innermost-first, so crossing spans render unambiguously though they cannot be parsed back.

use crate::model::claim::ClaimAttributes;
use crate::model::document::{Annotation, Document, CLAIM_LABEL, CUE_LABEL};
use crate::model::offsets::CpRange;

/// Parses the notation into a document titled "fixture". Panics on malformed fixtures: they are
/// written by the test author, so a mistake there is a bug in the test.
pub fn parse_fixture(fixture: &str) -> Document {
    let mut text = String::new();
    let mut n_chars = 0;
    let mut open: Vec<usize> = Vec::new();
    let mut spans = Vec::new();
    let mut chars = fixture.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '[' => open.push(n_chars),
            '|' => {
                let closer: String = chars.by_ref().take_while(|&c| c != ']').collect();
                let (label, id) = match closer.split_once('#') {
                    Some((label, id)) => (label.to_string(), id.to_string()),
                    None => (closer.clone(), format!("a{}", spans.len() + 1)),
                };
                let start = open
                    .pop()
                    .expect("fixture: `|LABEL]` without an opening `[`");
                spans.push((id, label, CpRange::new(start, n_chars)));
            }
            _ => {
                text.push(ch);
                n_chars += 1;
            }
        }
    }
    assert!(open.is_empty(), "fixture: unclosed `[` in {fixture:?}");
    let mut document = Document::new("fixture", "fixture", &text);
    for (id, label, range) in spans {
        let annotation = match label.as_str() {
            CLAIM_LABEL => {
                Annotation::claim(&id, range, ClaimAttributes::for_text(document.slice(range)))
            }
            CUE_LABEL => Annotation::cue(&id, range),
            _ => Annotation::entity(&id, &label, range),
        };
        document.insert(annotation);
    }
    document
}

/// Renders a document in the notation, every closer with its id.
pub fn render_fixture(document: &Document) -> String {
    let annotations = document.annotations();
    let mut out = String::new();
    let n = document.len().0;
    for (position, ch) in document
        .text()
        .chars()
        .chain(std::iter::once('\0'))
        .enumerate()
    {
        let mut closing: Vec<&Annotation> = annotations
            .iter()
            .filter(|a| a.range.end.0 == position)
            .collect();
        closing.sort_by(|a, b| b.range.start.cmp(&a.range.start).then(b.id.cmp(&a.id)));
        for a in closing {
            out.push_str(&format!("|{}#{}]", a.label, a.id));
        }
        // `annotations()` is already in opening order: start ascending, longest first.
        for _ in annotations.iter().filter(|a| a.range.start.0 == position) {
            out.push('[');
        }
        if position < n {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_round_trip() {
        for fixture in [
            "no spans at all",
            "[Antony Blinken|PERSON#a1] arrived in [Cairo|GPE#a2]",
            "[Secretary of State [Antony Blinken|PERSON#a2]|PERSON#a1]",
            "[[[x|A#a3]|B#a2]|C#a1]",
            "emoji [🇶🇦|GPE#a1] and [Zoë|PERSON#a2]",
            "",
        ] {
            assert_eq!(render_fixture(&parse_fixture(fixture)), fixture);
        }
        assert_eq!(
            render_fixture(&parse_fixture("[a|X] [b|Y]")),
            "[a|X#a1] [b|Y#a2]"
        );
    }
}
