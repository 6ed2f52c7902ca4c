//! What each write to the database carries, and whether the work on screen is stored.
//!
//! The [`Saver`] is told what changed ([`Saver::note`]), hands out the next write when asked
//! ([`Saver::take_batch`]), and learns how it ended ([`Saver::completed`]). It counts a
//! document as stored only once the write carrying it has completed, so "Saved" is shown only
//! when it is true. One write is normally in flight at a time, and the changes made meanwhile
//! go in the next one; when the page may be going away a write is started at once, in flight
//! or not (`force`), and it carries everything not yet confirmed — the database runs writes
//! in the order they were started.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use crate::formats::spanwise;
use crate::model::workspace::Workspace;
use crate::session::Persist;

use super::{Batch, Meta, StorageError};

/// Whether the work on screen is in the browser's storage.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    Saved,
    /// Changes wait for a write, or a write has not completed yet.
    Pending,
    /// Saving failed; the message says why and the person is offered the workspace export.
    Failed(String),
}

/// A write started and not yet completed: what it carries, to be counted as stored once it
/// completes, or marked to write again if it fails.
#[derive(Debug)]
struct InFlight {
    id: u64,
    documents: Vec<String>,
    texts: Vec<(String, Rc<str>)>,
    removed: Vec<String>,
    orphans: Vec<String>,
    order: bool,
    current: Option<String>,
}

/// See the module documentation.
#[derive(Debug)]
pub struct Saver {
    state: SaveState,
    /// Documents changed since their last write was started.
    dirty: BTreeSet<String>,
    /// The set or order of documents changed since the last write of the order.
    order_dirty: bool,
    /// The text stored for each document id (compared by identity: a document replaced by an
    /// import has a new text).
    stored_texts: HashMap<String, Rc<str>>,
    /// Every document id stored, so that the ones gone from the workspace are deleted.
    stored_ids: HashSet<String>,
    /// The open document's id as stored.
    stored_current: Option<String>,
    in_flight: Vec<InFlight>,
    next_id: u64,
    /// Stored documents not yet in the workspace (it is still being opened): never deleted, and
    /// the order, which names them, is not written until they are in.
    opening: HashSet<String>,
    /// Texts and annotations of documents no longer listed, to delete with the next write.
    orphans: Vec<String>,
    /// The workspace's roster when its documents were last compared with those stored: until
    /// it changes, no document can have joined or left (a corpus of 10,000 is not compared
    /// on every write).
    compared: Option<u64>,
    /// How many documents the workspace had then.
    compared_len: usize,
}

impl Saver {
    /// A saver for a workspace as read from storage: `stored` are the ids found there with
    /// their texts, `current` the stored open document.
    pub fn new(stored: Vec<(String, Rc<str>)>, current: Option<String>) -> Saver {
        Saver {
            state: SaveState::Saved,
            dirty: BTreeSet::new(),
            order_dirty: false,
            stored_ids: stored.iter().map(|(id, _)| id.clone()).collect(),
            stored_texts: stored.into_iter().collect(),
            stored_current: current,
            in_flight: Vec::new(),
            next_id: 1,
            opening: HashSet::new(),
            orphans: Vec::new(),
            compared: None,
            compared_len: 0,
        }
    }

    /// Stored texts and annotations that no list record names (documents removed in an
    /// earlier visit): the next write deletes them.
    pub fn delete_orphans(&mut self, ids: Vec<String>) {
        self.orphans = ids;
    }

    /// Stored documents the workspace does not hold yet (it opens with the open one first):
    /// they count as stored, are never deleted, and the order waits for them.
    pub fn still_opening(&mut self, ids: impl IntoIterator<Item = String>) {
        self.opening = ids.into_iter().collect();
        self.stored_ids.extend(self.opening.iter().cloned());
        self.compared = None;
    }

    /// The documents still opening are in the workspace now, with their texts.
    pub fn opened(&mut self, texts: impl IntoIterator<Item = (String, Rc<str>)>) {
        self.opening.clear();
        self.stored_texts.extend(texts);
        self.compared = None;
    }

    pub fn state(&self) -> &SaveState {
        &self.state
    }

    /// Marks storage as failing from the start (it could not be read), with the message shown.
    pub fn fail(&mut self, message: String) {
        self.state = SaveState::Failed(message);
    }

    /// Notes what changed; the next [`Saver::take_batch`] writes it.
    pub fn note(&mut self, what: &Persist, workspace: &Workspace) {
        match what {
            Persist::Document(id) => {
                self.dirty.insert(id.to_string());
            }
            Persist::All => {
                self.dirty.extend(
                    workspace
                        .entries()
                        .iter()
                        .map(|e| e.document_id().to_string()),
                );
                self.order_dirty = true;
            }
            Persist::Index => self.order_dirty = true,
            // The open document's id is compared at the write (`stored_current`).
            Persist::Current => {}
        }
        if !matches!(self.state, SaveState::Failed(_)) {
            self.state = SaveState::Pending;
        }
    }

    /// True when a write would carry something (the open document may be another one).
    pub fn wants_write(&self, workspace: &Workspace) -> bool {
        if !self.orphans.is_empty() {
            return true;
        }
        if !self.opening.is_empty() {
            return !self.dirty.is_empty()
                || self.stored_current.as_deref() != Some(&*workspace.editor().document().id);
        }
        !self.dirty.is_empty()
            || self.order_dirty
            || self.stored_current.as_deref() != Some(&*workspace.editor().document().id)
            || ((self.compared != Some(workspace.roster()) || !self.in_flight.is_empty())
                && (self.compared_len != workspace.entries().len()
                    || workspace
                        .entries()
                        .iter()
                        .any(|e| !self.stored_ids.contains(e.document_id().as_str()))
                    || self.stored_ids.len() != workspace.entries().len()))
    }

    /// The next write, or `None` when nothing waits or (unless `force`) a write is in flight.
    pub fn take_batch(&mut self, workspace: &Workspace, force: bool) -> Option<Batch> {
        if !force && !self.in_flight.is_empty() {
            return None;
        }
        let entries = workspace.entries();
        let mut order = self.order_dirty;
        let mut removed = Vec::new();
        // Unconfirmed writes are carried again by a forced one: compared then too.
        let appended = self.in_flight.is_empty()
            && self
                .compared
                .is_some_and(|r| workspace.only_appended_since(r))
            && self.compared_len <= entries.len();
        if self.compared != Some(workspace.roster()) && appended {
            // Only documents joined at the end (an import step): only they are new.
            for e in &entries[self.compared_len..] {
                if !self.stored_ids.contains(e.document_id().as_str()) {
                    self.dirty.insert(e.document_id().to_string());
                    order = true;
                }
            }
            self.compared = Some(workspace.roster());
            self.compared_len = entries.len();
        } else if self.compared != Some(workspace.roster()) || !self.in_flight.is_empty() {
            let present: HashSet<&str> = entries.iter().map(|e| e.document_id().as_str()).collect();
            // A document listed must be stored: one never changed (the sample on a first
            // visit) is written with the first write too.
            for e in entries {
                if !self.stored_ids.contains(e.document_id().as_str()) {
                    self.dirty.insert(e.document_id().to_string());
                    order = true;
                }
            }
            removed = self
                .stored_ids
                .iter()
                .filter(|id| !present.contains(id.as_str()) && !self.opening.contains(id.as_str()))
                .cloned()
                .collect();
            order |= !removed.is_empty();
            self.compared = Some(workspace.roster());
            self.compared_len = entries.len();
        }
        // The order names documents not yet opened: it waits (a new document is listed at the
        // end meanwhile, by its meta).
        if !self.opening.is_empty() {
            self.order_dirty |= order;
            order = false;
        }
        let current_id = workspace.editor().document().id.to_string();
        let current = (self.stored_current.as_deref() != Some(&current_id)).then_some(current_id);
        let mut batch = Batch {
            id: self.next_id,
            order: order.then(|| {
                let ids: Vec<&str> = entries.iter().map(|e| e.document_id().as_str()).collect();
                serde_json::to_string(&ids).expect("ids always serialise")
            }),
            current,
            removed,
            orphans: std::mem::take(&mut self.orphans),
            ..Batch::default()
        };
        let mut documents = Vec::new();
        // A few are looked up one by one; a corpus step marks a hundred documents of ten
        // thousand: one pass finds them all.
        let at: Option<std::collections::HashMap<&str, usize>> =
            (self.dirty.len() > 8).then(|| {
                entries
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.document_id().as_str(), i))
                    .collect()
            });
        for id in std::mem::take(&mut self.dirty) {
            let index = match &at {
                Some(at) => at.get(id.as_str()).copied(),
                None => workspace.position(&id),
            };
            let Some(index) = index else {
                continue;
            };
            let entry = &entries[index];
            let text = entry.text();
            if !self
                .stored_texts
                .get(&id)
                .is_some_and(|stored| Rc::ptr_eq(stored, &text))
            {
                batch.texts.push((id.clone(), text));
            }
            // A resting document's annotations are in storage as they are: its list record
            // (the done mark, or listed again by an undo) is all that changed.
            if let Some(editor) = entry.editor() {
                let file = spanwise::export_without_text(editor.document(), editor.schema());
                let json = serde_json::to_string(&file).expect("a Spanwise file always serialises");
                batch.docs.push((id.clone(), json));
            }
            let meta = serde_json::to_string(&Meta::of(entry)).expect("meta always serialises");
            batch.metas.push((id.clone(), meta));
            documents.push(id);
        }
        if self.opening.is_empty() {
            self.order_dirty = false;
        }
        if batch.is_empty() {
            if self.in_flight.is_empty() && !matches!(self.state, SaveState::Failed(_)) {
                self.state = SaveState::Saved;
            }
            return None;
        }
        self.next_id += 1;
        if !matches!(self.state, SaveState::Failed(_)) {
            self.state = SaveState::Pending;
        }
        self.in_flight.push(InFlight {
            id: batch.id,
            documents,
            texts: batch.texts.clone(),
            removed: batch.removed.clone(),
            orphans: batch.orphans.clone(),
            order: batch.order.is_some(),
            current: batch.current.clone(),
        });
        Some(batch)
    }

    /// A write ended. On success what it carried counts as stored; on failure it is marked to
    /// write again, and the state says why until a later write succeeds.
    pub fn completed(&mut self, id: u64, result: Result<(), StorageError>) {
        let Some(at) = self.in_flight.iter().position(|f| f.id == id) else {
            return;
        };
        let done = self.in_flight.remove(at);
        match result {
            Ok(()) => {
                self.stored_ids.extend(done.documents);
                for (id, text) in done.texts {
                    self.stored_texts.insert(id, text);
                }
                for id in &done.removed {
                    self.stored_ids.remove(id);
                    self.stored_texts.remove(id);
                }
                if let Some(current) = done.current {
                    self.stored_current = Some(current);
                }
                // While the workspace opens, the order waits for it: the work itself is stored.
                let order_waits = self.order_dirty && self.opening.is_empty();
                if self.in_flight.is_empty() && self.dirty.is_empty() && !order_waits {
                    self.state = SaveState::Saved;
                } else if matches!(self.state, SaveState::Failed(_)) {
                    // A later write may still fail; until all is written, say it is pending.
                    self.state = SaveState::Pending;
                }
            }
            Err(e) => {
                self.dirty.extend(done.documents);
                self.orphans.extend(done.orphans);
                // What it removed is still stored: compared again at the next write.
                self.compared = None;
                self.order_dirty |= done.order || !done.removed.is_empty();
                self.state = SaveState::Failed(format!(
                    "Not saved: {e}. Export the workspace to keep your work."
                ));
            }
        }
    }

    /// Whether storage holds the document `id` as the workspace has it: stored, and changed
    /// neither since its last write nor in a write not yet completed.
    pub fn holds(&self, id: &str) -> bool {
        self.stored_ids.contains(id)
            && !self.dirty.contains(id)
            && !self
                .in_flight
                .iter()
                .any(|f| f.documents.iter().any(|d| d == id))
    }

    /// True while a write has not completed.
    pub fn writing(&self) -> bool {
        !self.in_flight.is_empty()
    }
}
