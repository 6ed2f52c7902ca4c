//! Search over a document's text, plain or by regular expression, with a case toggle, and
//! "tag all matches as LABEL" as one undoable command.
//!
//! Matches come back as code-point ranges. Regular expressions use the small matcher in
//! [`crate::assist::pattern`] (see there why not the `regex` crate).

use thiserror::Error;

use crate::assist::pattern::{Pattern, PatternError};
use crate::model::command::{Command, Editor};
use crate::model::document::{Annotation, Document, SpanKind};
use crate::model::offsets::CpRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub pattern: String,
    pub regex: bool,
    pub case_sensitive: bool,
}

impl Query {
    pub fn plain(pattern: &str) -> Query {
        Query {
            pattern: pattern.to_string(),
            regex: false,
            case_sensitive: false,
        }
    }

    pub fn regex(pattern: &str) -> Query {
        Query {
            pattern: pattern.to_string(),
            regex: true,
            case_sensitive: false,
        }
    }

    pub fn case_sensitive(mut self, yes: bool) -> Query {
        self.case_sensitive = yes;
        self
    }
}

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SearchError {
    #[error("the search is empty")]
    Empty,
    #[error("not a valid regular expression: {0}")]
    BadRegex(String),
}

/// A compiled search; matches may be taken on any document.
pub struct Search {
    pattern: Pattern,
    /// A plain query that minds case: found by comparing bytes, much faster on a long text.
    literal: Option<String>,
}

impl Search {
    pub fn new(query: &Query) -> Result<Search, SearchError> {
        if query.pattern.is_empty() {
            return Err(SearchError::Empty);
        }
        let pattern = if query.regex {
            Pattern::new(&query.pattern, query.case_sensitive)
        } else {
            Pattern::literal(&query.pattern, query.case_sensitive)
        };
        let literal = (!query.regex && query.case_sensitive).then(|| query.pattern.clone());
        pattern
            .map(|pattern| Search { pattern, literal })
            .map_err(|e: PatternError| SearchError::BadRegex(e.to_string()))
    }

    /// Non-empty matches, in text order, as code-point ranges.
    pub fn matches(&self, document: &Document) -> Vec<CpRange> {
        if let Some(literal) = &self.literal {
            return literal_matches(document.text(), literal);
        }
        let chars: Vec<char> = document.text().chars().collect();
        self.pattern
            .find_all(&chars)
            .into_iter()
            .filter(|(start, end)| end > start)
            .map(|(start, end)| CpRange::new(start, end))
            .collect()
    }
}

/// The non-overlapping occurrences of `literal` in `text`, left to right, in code points
/// (counted once along the text, between one match and the next).
fn literal_matches(text: &str, literal: &str) -> Vec<CpRange> {
    let n = literal.chars().count();
    let mut matches = Vec::new();
    let (mut byte, mut cp) = (0, 0);
    for (at, _) in text.match_indices(literal) {
        cp += text[byte..at].chars().count();
        matches.push(CpRange::new(cp, cp + n));
        cp += n;
        byte = at + literal.len();
    }
    matches
}

/// Matches of a query in a document.
pub fn find(document: &Document, query: &Query) -> Result<Vec<CpRange>, SearchError> {
    Ok(Search::new(query)?.matches(document))
}

/// One command that tags every match with `label`, skipping matches already annotated with
/// that label; `None` when there is nothing to tag. Undo takes them all back in one step.
pub fn tag_all(editor: &Editor, matches: &[CpRange], label: &str) -> Option<Command> {
    let document = editor.document();
    let first = document.fresh_id();
    let mut next: u64 = first
        .as_str()
        .strip_prefix('a')
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let mut taken: Vec<CpRange> = Vec::new();
    let mut steps = Vec::new();
    for &selection in matches {
        let Some(range) = document.trim_selection(selection) else {
            continue;
        };
        let annotated = document
            .annotations()
            .iter()
            .any(|a| a.kind == SpanKind::Entity && a.range == range && &*a.label == label);
        if annotated || taken.contains(&range) {
            continue;
        }
        taken.push(range);
        steps.push(Command::Add(Annotation::entity(
            &format!("a{next}"),
            label,
            range,
        )));
        next += 1;
    }
    (!steps.is_empty()).then_some(Command::Batch(steps))
}

/// "Replace all": every match replaced by `with`, as one step (undone at once): a run of edits
/// from the last match to the first, so each one's offsets are still those of the text it was
/// found in ([`Command::EditTexts`]); annotations follow each edit by the rules of
/// [`crate::model::text_edit`]. `None` when no match would change.
pub fn replace_all(editor: &Editor, matches: &[CpRange], with: &str) -> Option<Command> {
    let mut ordered = matches.to_vec();
    ordered.sort_by_key(|r| (r.start, r.end));
    ordered.dedup();
    let mut edits = Vec::new();
    let mut before = None;
    for range in ordered.into_iter().rev() {
        // Overlapping matches (a regular expression can find them) are replaced once.
        if before.is_some_and(|start| range.end > start) {
            continue;
        }
        before = Some(range.start);
        edits.extend(editor.minimal_edit(range, with));
    }
    Command::text_edits(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-wise path for a plain query with case finds what the general matcher finds.
    #[test]
    fn plain_queries_with_case_find_what_the_matcher_finds() {
        type Case<'a> = (&'a str, &'a str, &'a [(usize, usize)]);
        let cases: &[Case] = &[
            ("Refa and refa and Refa", "Refa", &[(0, 4), (18, 22)]),
            ("aaaa", "aa", &[(0, 2), (2, 4)]),
            ("aaa", "aa", &[(0, 2)]),
            ("🇪🇬 Cairo, 😀Cairo", "Cairo", &[(3, 8), (11, 16)]),
            ("é café é", "é", &[(0, 1), (5, 6), (7, 8)]),
            ("no match here", "Gaza", &[]),
        ];
        for (text, needle, expected) in cases {
            let document = Document::new("d", "t", text);
            let fast =
                find(&document, &Query::plain(needle).case_sensitive(true)).expect("a query");
            let general: Vec<CpRange> = {
                let pattern = Pattern::literal(needle, true).expect("a pattern");
                let chars: Vec<char> = text.chars().collect();
                pattern
                    .find_all(&chars)
                    .into_iter()
                    .map(|(s, e)| CpRange::new(s, e))
                    .collect()
            };
            let expected: Vec<CpRange> =
                expected.iter().map(|&(s, e)| CpRange::new(s, e)).collect();
            assert_eq!(fast, expected, "{text} / {needle}");
            assert_eq!(general, expected, "{text} / {needle}");
        }
    }
}
