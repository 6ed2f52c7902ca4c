//! Find and replace (issue 16): the dialog's query — the text to find, plain or a regular
//! expression, case or not — counted before anything changes, and "Replace all" as one
//! undoable step ([`crate::assist::search::replace_all`]). Annotations follow every edit by the
//! model's rules; the corrected text keeps its provenance.

use std::rc::Rc;

use super::{Modal, Session};
use crate::assist::search::{self, Query};

/// What the dialog shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplaceView {
    pub find: String,
    pub with: String,
    pub regex: bool,
    pub case: bool,
    /// Matches of the query in the open document.
    pub matches: usize,
    /// Why the query cannot be searched (a bad regular expression).
    pub error: Option<String>,
}

/// The dialog's fields as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplaceQuery {
    pub find: String,
    pub with: String,
    pub regex: bool,
    pub case: bool,
}

fn query_of(q: &ReplaceQuery) -> Option<Query> {
    if q.find.is_empty() {
        return None;
    }
    let query = if q.regex {
        Query::regex(&q.find)
    } else {
        Query::plain(&q.find)
    };
    Some(query.case_sensitive(q.case))
}

impl Session {
    pub(super) fn open_replace(&mut self) -> Modal {
        Modal::Replace(Rc::new(ReplaceView::default()))
    }

    /// The fields changed: the matches are counted again.
    pub(super) fn replace_query(&mut self, q: ReplaceQuery) -> bool {
        if !matches!(self.modal, Some(Modal::Replace(_))) {
            return false;
        }
        let (matches, error) = match query_of(&q) {
            None => (0, None),
            Some(query) => match search::find(self.editor().document(), &query) {
                Ok(found) => (found.len(), None),
                Err(e) => (0, Some(e.to_string())),
            },
        };
        self.modal = Some(Modal::Replace(Rc::new(ReplaceView {
            find: q.find,
            with: q.with,
            regex: q.regex,
            case: q.case,
            matches,
            error,
        })));
        true
    }

    /// "Replace all": one step; the dialog stays open with the new count (none, unless the
    /// replacement itself matches).
    pub(super) fn replace_all(&mut self) -> bool {
        let Some(Modal::Replace(view)) = &self.modal else {
            return false;
        };
        let q = ReplaceQuery {
            find: view.find.clone(),
            with: view.with.clone(),
            regex: view.regex,
            case: view.case,
        };
        let Some(query) = query_of(&q) else {
            return self.error("Not replaced: type what to find first");
        };
        let found = match search::find(self.editor().document(), &query) {
            Ok(found) => found,
            Err(e) => return self.error(&format!("Not replaced: {e}")),
        };
        let Some(command) = search::replace_all(self.editor(), &found, &q.with) else {
            return self.info("Nothing to replace: no match would change");
        };
        let n = found.len();
        let message = format!(
            "Replaced {n} match{} of “{}” with “{}” (Ctrl+Z takes it back)",
            if n == 1 { "" } else { "es" },
            q.find,
            q.with
        );
        if !self.run_reporting(command) {
            return true;
        }
        self.replace_query(q);
        self.info(&message)
    }
}
