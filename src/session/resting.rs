//! Documents that rest in storage (a corpus keeps only the open document and its neighbours
//! in memory): reading them back when a step needs them, then taking that step; reading the
//! neighbours ahead, so that the next and previous document open at once; and letting the
//! documents the person has left rest again once storage holds them.

use super::{Effect, Intent, Session};
use crate::model::document::{Document, DocumentId};
use crate::model::schema::Schema;

/// A workspace of at most this many documents keeps them all in memory (nothing to gain, and
/// no read to wait for).
pub const KEEP_ALL: usize = 50;

impl Session {
    /// Asks for `ids` to be read from storage, and `then` to be taken once they are. A step
    /// that still needs documents after they were read (storage held another version) is
    /// refused instead of asked again.
    pub(super) fn read_then(&mut self, ids: Vec<DocumentId>, then: Intent) -> bool {
        if self.retrying {
            return self.error("Not done: a document it needs could not be read back from storage");
        }
        self.waiting = Some((ids.clone(), then));
        self.effects.push(Effect::ReadDocuments(ids));
        false
    }

    /// Documents read back: they are in memory again, and the step that waited for them is
    /// taken.
    pub(super) fn documents_read(
        &mut self,
        documents: Vec<(Document, Schema)>,
        problems: Vec<String>,
    ) -> bool {
        let read: Vec<DocumentId> = documents.iter().map(|(d, _)| d.id.clone()).collect();
        let woken = self.workspace.wake(documents);
        // Another read (ahead of the person) may come back first: the step waits for its own.
        let waiting = match self.waiting.take() {
            Some((ids, intent))
                if ids.iter().any(|id| read.contains(id)) || !problems.is_empty() =>
            {
                Some(intent)
            }
            other => {
                self.waiting = other;
                None
            }
        };
        if !problems.is_empty() {
            return self.error(&format!(
                "Could not read from storage: {}",
                problems.join("; ")
            ));
        }
        let Some(intent) = waiting else {
            // Read ahead: the list says how many are in memory.
            return woken > 0;
        };
        self.retrying = true;
        let render = self.decide(intent);
        self.retrying = false;
        render
    }

    /// Reads the open document's resting neighbours ahead.
    pub(super) fn read_ahead(&mut self) {
        let ids = self.workspace.resting_neighbours();
        if !ids.is_empty() {
            self.effects.push(Effect::ReadDocuments(ids));
        }
    }

    /// Lets the documents the person has left rest, those that `stored` says storage holds as
    /// they are (not the open one and its neighbours, nor any with undo history); in a
    /// workspace of more than [`KEEP_ALL`] documents. Returns how many rest now.
    pub fn rest_stored(&mut self, stored: impl Fn(&DocumentId) -> bool) -> usize {
        if self.workspace.entries().len() <= KEEP_ALL || self.opening.is_some() {
            return 0;
        }
        self.workspace.rest(stored)
    }
}
