//! The root's side of storage: starting writes and hearing how they ended, the storage usage,
//! reading the rest of a large workspace after the first paint, and pacing a corpus import by
//! its writes (a step waits for the last one's write, so a refused write stops the import).

use std::rc::Rc;

use super::{App, Msg};
use crate::model::document::Document;
use crate::model::schema::Schema;
use crate::model::workspace::Entry;
use crate::session::Intent;
use crate::store::StorageError;
use crate::web::persistence;

/// The rest of a large workspace as it is read.
#[derive(Default)]
pub(super) struct OpeningParts {
    before: Vec<Entry>,
    after: Vec<Entry>,
    problems: Vec<String>,
    read: usize,
    total: usize,
}

impl App {
    /// A write is due (after the paint), or the page may be going away (`force`).
    pub(super) fn save(&mut self, force: bool) -> bool {
        self.keeper
            .write(self.session.workspace(), force, self.written());
        if !force {
            self.import_after_write();
        }
        true
    }

    /// A write ended: a refusal stops an import under way; changes made meanwhile are written.
    pub(super) fn written_back(&mut self, id: u64, result: Result<(), StorageError>) -> bool {
        let stored = result.is_ok();
        if let (Err(e), Some(_)) = (&result, self.session.import_progress()) {
            let why = e.to_string();
            self.dispatch(Intent::StorageRefused(why));
        }
        if self.keeper.completed(id, result, self.session.workspace()) {
            self.keeper
                .write(self.session.workspace(), false, self.written());
        }
        if stored {
            self.refresh_usage(false);
            // What storage holds as it is need not stay in memory (a corpus).
            if !self.keeper.busy() {
                let keeper = &self.keeper;
                self.session.rest_stored(|id| keeper.holds(id));
            }
        }
        self.import_after_write();
        true
    }

    /// A part of the rest of a large workspace is read.
    pub(super) fn opened_part(&mut self, part: persistence::OpenedPart) -> bool {
        let Some(opening) = self.opening.as_mut() else {
            return false;
        };
        opening.read += part.entries.len() + part.problems.len();
        let (read, total) = (opening.read, opening.total);
        if part.before {
            opening.before.extend(part.entries);
        } else {
            opening.after.extend(part.entries);
        }
        opening.problems.extend(part.problems);
        if !part.orphans.is_empty() {
            self.keeper
                .delete_orphans(part.orphans, self.session.workspace());
            return false;
        }
        self.dispatch(Intent::Opening { read, total })
    }

    /// Reads documents resting in storage and hands them to the session as the intent
    /// `back` makes of them: woken ([`Intent::DocumentsRead`]) or for the export under way
    /// ([`Intent::ExportRead`], not woken).
    pub(super) fn read_back(
        &self,
        ids: Vec<crate::model::document::DocumentId>,
        back: fn(Vec<(Document, Schema)>, Vec<String>) -> Intent,
    ) {
        let link = self.link.clone();
        self.keeper.read_documents(
            ids.iter().map(|id| id.to_string()).collect(),
            Rc::new(move |documents, problems| {
                link.send_message(Msg::Intent(back(documents, problems)))
            }),
        );
    }

    pub(super) fn refresh_usage(&mut self, force: bool) {
        let link = self.link.clone();
        self.keeper.refresh_usage(
            force,
            Rc::new(move |usage| link.send_message(Msg::Usage(usage))),
        );
    }

    pub(super) fn start_opening(&mut self, opening: persistence::Opening) {
        let total = opening.rest.len();
        self.opening = Some(OpeningParts {
            total,
            ..OpeningParts::default()
        });
        self.dispatch(Intent::Opening { read: 0, total });
        let (part, done) = (self.link.clone(), self.link.clone());
        opening.read(
            &self.keeper,
            Rc::new(move |p| part.send_message(Msg::OpenedPart(p))),
            Rc::new(move |failed| done.send_message(Msg::OpeningDone(failed))),
        );
    }

    /// The rest of a large workspace is read: it joins around the open document, and what
    /// could not be read is reported (and left in storage untouched).
    pub(super) fn finish_opening(&mut self, failed: Option<String>) -> bool {
        let Some(opening) = self.opening.take() else {
            return false;
        };
        let mut problems = opening.problems;
        problems.extend(failed.map(|e| format!("the rest could not be read ({e})")));
        let expected = 1 + opening.before.len() + opening.after.len();
        let render = self.dispatch(Intent::Opened {
            before: opening.before,
            after: opening.after,
        });
        // Only once they are all in may the saver treat a stored document that is not in the
        // workspace as removed.
        if self.session.workspace().entries().len() == expected {
            self.keeper.opened(self.session.workspace());
        } else {
            problems.push("the rest did not join the workspace".into());
        }
        if !problems.is_empty() {
            self.keeper.fail(format!(
                "Some stored documents could not be opened and were left untouched: {}",
                problems.join("; ")
            ));
        }
        render
    }

    /// Runs a corpus import's next step once the last one's write has settled, or stops the
    /// import when storage refused it (a refusal known at once, without the database).
    pub(super) fn import_after_write(&mut self) {
        if !self.import_waiting || self.keeper.busy() || self.session.import_progress().is_none() {
            return;
        }
        if let crate::store::saver::SaveState::Failed(why) = self.keeper.state() {
            let why = why.clone();
            self.import_waiting = false;
            self.dispatch(Intent::StorageRefused(why));
        } else {
            self.import_step_soon();
        }
    }

    /// Where a write reports how it ended.
    pub(super) fn written(&self) -> persistence::Written {
        let link = self.link.clone();
        Rc::new(move |id, result| link.send_message(Msg::Written(id, result)))
    }
}
