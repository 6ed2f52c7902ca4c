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
        pattern
            .map(|pattern| Search { pattern })
            .map_err(|e: PatternError| SearchError::BadRegex(e.to_string()))
    }

    /// Non-empty matches, in text order, as code-point ranges.
    pub fn matches(&self, document: &Document) -> Vec<CpRange> {
        let chars: Vec<char> = document.text().chars().collect();
        self.pattern
            .find_all(&chars)
            .into_iter()
            .filter(|(start, end)| end > start)
            .map(|(start, end)| CpRange::new(start, end))
            .collect()
    }
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

/// "Replace all": every match replaced by `with`, as one step (undone at once). The edits go
/// from the last match to the first, so each one's offsets are still those of the text it was
/// found in; annotations follow each edit by the rules of [`crate::model::text_edit`].
/// `None` when no match would change.
pub fn replace_all(editor: &Editor, matches: &[CpRange], with: &str) -> Option<Command> {
    let mut ordered = matches.to_vec();
    ordered.sort_by_key(|r| (r.start, r.end));
    ordered.dedup();
    let mut steps = Vec::new();
    let mut before = None;
    for range in ordered.into_iter().rev() {
        // Overlapping matches (a regular expression can find them) are replaced once.
        if before.is_some_and(|start| range.end > start) {
            continue;
        }
        before = Some(range.start);
        steps.extend(editor.replace_text(range, with));
    }
    (!steps.is_empty()).then_some(Command::Batch(steps))
}
