//! One document of the workspace: in memory with its editor (*open*, so it can be shown and
//! edited, and its undo history lives), or *resting* — what the document list needs (id, title,
//! text for the search, the counts of a [`Summary`]) while its annotations stay in storage
//! until the document is needed again.
//!
//! A corpus of ten thousand documents keeps only the documents that are open or near the open
//! one in memory; the rest rest. The [`Workspace`](super::workspace::Workspace) keeps the open
//! document open, and lets a document rest only when nothing would be lost: it has no undo or
//! redo history, and storage holds what it shows (the caller says so).

use std::collections::VecDeque;
use std::rc::Rc;

use crate::model::command::Editor;
use crate::model::document::{Document, DocumentId};
use crate::model::schema::Schema;
use crate::model::stats;

/// What the list and the statistics know of a document without its annotations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Annotations of every kind.
    pub annotations: usize,
    /// The distinct labels used, in the order first used.
    pub labels: Vec<Rc<str>>,
    pub entity_spans: usize,
    pub claims: usize,
    /// Claims with a verdict other than unverified.
    pub checked_claims: usize,
}

impl Summary {
    pub fn of(document: &Document) -> Summary {
        let progress = stats::document_progress(document, false);
        Summary {
            annotations: document.annotations().len(),
            labels: document.labels_used(),
            entity_spans: progress.n_entity_spans,
            claims: progress.n_claims,
            checked_claims: progress.n_checked_claims,
        }
    }
}

/// A document whose annotations are in storage, not in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resting {
    pub id: DocumentId,
    pub title: Rc<str>,
    pub text: Rc<str>,
    /// The text's length in code points.
    pub characters: usize,
    pub summary: Summary,
}

#[derive(Clone, Debug)]
enum Body {
    Open(Box<Editor>),
    Resting(Rc<Resting>),
}

/// One document of the workspace.
#[derive(Clone, Debug)]
pub struct Entry {
    body: Body,
    /// Marked done by the person (the list shows in-progress otherwise).
    pub done: bool,
    /// The timeline stamp of each step on the editor's undo stack, oldest first.
    pub(super) undo_stamps: VecDeque<u64>,
    /// The stamp of each step on the editor's redo stack, the next redo last.
    pub(super) redo_stamps: Vec<u64>,
}

impl Entry {
    pub fn new(document: Document, schema: Schema) -> Entry {
        Entry {
            body: Body::Open(Box::new(Editor::new(document, schema))),
            done: false,
            undo_stamps: VecDeque::new(),
            redo_stamps: Vec::new(),
        }
    }

    /// A document known by its list record, its annotations left in storage.
    pub fn resting(resting: Resting, done: bool) -> Entry {
        Entry {
            body: Body::Resting(Rc::new(resting)),
            done,
            undo_stamps: VecDeque::new(),
            redo_stamps: Vec::new(),
        }
    }

    /// The editor, when the document is in memory.
    pub fn editor(&self) -> Option<&Editor> {
        match &self.body {
            Body::Open(editor) => Some(editor),
            Body::Resting(_) => None,
        }
    }

    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match &mut self.body {
            Body::Open(editor) => Some(editor),
            Body::Resting(_) => None,
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self.body, Body::Open(_))
    }

    /// The document's id (open or resting).
    pub fn document_id(&self) -> &DocumentId {
        match &self.body {
            Body::Open(editor) => &editor.document().id,
            Body::Resting(resting) => &resting.id,
        }
    }

    pub fn id(&self) -> DocumentId {
        self.document_id().clone()
    }

    pub fn title(&self) -> &Rc<str> {
        match &self.body {
            Body::Open(editor) => &editor.document().title,
            Body::Resting(resting) => &resting.title,
        }
    }

    /// The shared text (the same `Rc` while the document is the same).
    pub fn text(&self) -> Rc<str> {
        match &self.body {
            Body::Open(editor) => editor.document().shared_text(),
            Body::Resting(resting) => Rc::clone(&resting.text),
        }
    }

    /// The text's length in code points.
    pub fn characters(&self) -> usize {
        match &self.body {
            Body::Open(editor) => editor.document().index().len().0,
            Body::Resting(resting) => resting.characters,
        }
    }

    pub fn summary(&self) -> Summary {
        match &self.body {
            Body::Open(editor) => Summary::of(editor.document()),
            Body::Resting(resting) => resting.summary.clone(),
        }
    }

    /// The resting form of this entry's document.
    pub fn to_resting(&self) -> Rc<Resting> {
        match &self.body {
            Body::Open(editor) => {
                let document = editor.document();
                Rc::new(Resting {
                    id: document.id.clone(),
                    title: Rc::clone(&document.title),
                    text: document.shared_text(),
                    characters: document.index().len().0,
                    summary: Summary::of(document),
                })
            }
            Body::Resting(resting) => Rc::clone(resting),
        }
    }

    /// Lets the document rest, when nothing would be lost: no undo or redo history. (Whether
    /// storage holds it is the caller's to know.) True when it rests now.
    pub(super) fn rest(&mut self) -> bool {
        let Body::Open(editor) = &self.body else {
            return true;
        };
        if editor.undo_depth() > 0 || editor.redo_depth() > 0 {
            return false;
        }
        self.body = Body::Resting(self.to_resting());
        self.undo_stamps.clear();
        self.redo_stamps.clear();
        true
    }

    /// Brings a resting document back with what storage held of it. Refused (false) when the
    /// document read is another one (another id or another text).
    pub(super) fn wake(&mut self, mut document: Document, schema: Schema) -> bool {
        let Body::Resting(resting) = &self.body else {
            return false;
        };
        if document.id != resting.id || !document.share_text(&resting.text) {
            return false;
        }
        document.title = Rc::clone(&resting.title);
        self.body = Body::Open(Box::new(Editor::new(document, schema)));
        true
    }

    /// Brings the stamps in step with the editor's stacks after changes made on the editor
    /// directly (not through [`Workspace::edit`](super::workspace::Workspace::edit)): steps
    /// without a stamp get `stamp()`, steps undone directly carry theirs over to the redo side.
    pub(super) fn reconcile(&mut self, stamp: &mut dyn FnMut() -> u64) {
        let (undo_depth, redo_depth) = match &self.body {
            Body::Open(editor) => (editor.undo_depth(), editor.redo_depth()),
            Body::Resting(_) => (0, 0),
        };
        let mut undone = Vec::new();
        while self.undo_stamps.len() > undo_depth {
            undone.extend(self.undo_stamps.pop_back());
        }
        while self.undo_stamps.len() < undo_depth {
            self.undo_stamps.push_back(stamp());
        }
        self.redo_stamps.truncate(redo_depth);
        let mut undone = undone.into_iter();
        while self.redo_stamps.len() < redo_depth {
            let next = undone.next().unwrap_or_else(&mut *stamp);
            self.redo_stamps.push(next);
        }
    }

    /// Records a step the editor has just applied, and forgets as the editor forgets: its
    /// oldest step past the undo limit, and everything it could redo.
    pub(super) fn record(&mut self, stamp: u64) {
        let depth = self.editor().map_or(0, Editor::undo_depth);
        self.undo_stamps.push_back(stamp);
        while self.undo_stamps.len() > depth {
            self.undo_stamps.pop_front();
        }
        self.redo_stamps.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::{parse_fixture, render_fixture};
    use crate::model::workspace::{Workspace, WorkspaceError};

    fn document(id: &str, fixture: &str) -> Document {
        parse_fixture(fixture).with_id(id)
    }

    /// Five documents, `d0` … `d4`, `d2` with a claim and an entity; open at `open`.
    fn five(open: usize) -> Workspace {
        let entries = (0..5)
            .map(|i| {
                let fixture = if i == 2 {
                    "[Blinken|PERSON] said [it rains|CLAIM]".to_string()
                } else {
                    format!("Text {i}")
                };
                Entry::new(document(&format!("d{i}"), &fixture), Schema::default())
            })
            .collect();
        Workspace::from_entries(entries, open).unwrap()
    }

    fn open_ones(w: &Workspace) -> String {
        w.entries()
            .iter()
            .map(|e| if e.is_open() { 'o' } else { '-' })
            .collect()
    }

    #[test]
    fn documents_far_from_the_open_one_rest_when_storage_holds_them() {
        let mut w = five(0);
        assert_eq!(w.rest(|id| id.as_str() != "d3"), 2);
        assert_eq!(open_ones(&w), "oo-o-");
        let resting = &w.entries()[2];
        assert_eq!(resting.title().as_ref(), "fixture");
        assert_eq!(resting.characters(), 21);
        assert_eq!(
            resting.summary(),
            Summary {
                annotations: 2,
                labels: vec![Rc::from("PERSON"), Rc::from("CLAIM")],
                entity_spans: 1,
                claims: 1,
                checked_claims: 0,
            }
        );
    }

    #[test]
    fn a_document_with_undo_history_stays_in_memory() {
        let mut w = five(2);
        let command = w.editor().tag(CpRange::new(0, 4), "ORG").unwrap();
        w.edit(command).unwrap();
        w.switch_to(4);
        assert_eq!(w.rest(|_| true), 2);
        assert_eq!(open_ones(&w), "--ooo");
    }

    #[test]
    fn a_resting_document_opens_only_once_read_back_and_then_as_stored() {
        let mut w = five(0);
        w.rest(|_| true);
        assert!(!w.switch_to(3));
        assert_eq!(
            w.resting_among(["d1", "d3", "d9"]),
            [DocumentId::from("d3")]
        );
        // Another text under its id is not taken for it.
        assert_eq!(
            w.wake(vec![(document("d3", "Other"), Schema::default())]),
            0
        );
        let text = w.entries()[3].text();
        assert_eq!(
            w.wake(vec![(document("d3", "[Text|ORG] 3"), Schema::default())]),
            1
        );
        assert!(w.switch_to(3));
        assert_eq!(render_fixture(w.editor().document()), "[Text|ORG#a1] 3");
        // The text kept while it rested is the one it shows (compared by identity elsewhere).
        assert!(Rc::ptr_eq(&w.editor().document().shared_text(), &text));
        assert_eq!(
            w.resting_neighbours(),
            [DocumentId::from("d2"), DocumentId::from("d4")]
        );
    }

    #[test]
    fn removing_the_only_document_in_memory_waits_for_its_neighbour() {
        let mut w = five(0);
        w.rest(|_| true);
        assert_eq!(open_ones(&w), "oo---");
        let command = w.remove_command(1);
        w.apply_workspace(command).unwrap();
        assert_eq!(open_ones(&w), "o---");
        let command = w.remove_command(0);
        assert_eq!(
            w.apply_workspace(command),
            Err(WorkspaceError::NotOpen(vec![DocumentId::from("d2")]))
        );
        let d2 = "[Blinken|PERSON] said [it rains|CLAIM]";
        w.wake(vec![(document("d2", d2), Schema::default())]);
        let command = w.remove_command(0);
        w.apply_workspace(command).unwrap();
        assert_eq!(w.current().document_id().as_str(), "d2");
        // Undo puts d0 back, open as it was.
        assert!(w.undo_needs().is_empty());
        w.undo().unwrap();
        assert_eq!(w.current().document_id().as_str(), "d0");
        assert_eq!(open_ones(&w), "oo--");
    }

    #[test]
    fn undoing_an_import_that_leaves_nothing_in_memory_asks_for_a_document_first() {
        let mut w = five(0);
        w.append(vec![
            Entry::new(document("n1", "New"), Schema::default()),
            Entry::new(document("n2", "Newer"), Schema::default()),
        ])
        .unwrap();
        assert!(w.switch_to(6));
        assert_eq!(w.rest(|_| true), 5);
        assert_eq!(open_ones(&w), "-----oo");
        assert_eq!(w.undo_needs(), [DocumentId::from("d4")]);
        assert!(w.undo().is_none(), "refused until d4 is read back");
        w.wake(vec![(document("d4", "Text 4"), Schema::default())]);
        assert!(w.undo_needs().is_empty());
        w.undo().unwrap();
        assert_eq!(w.entries().len(), 5);
        assert_eq!(w.current().document_id().as_str(), "d4");
    }

    #[test]
    fn replacing_a_resting_document_waits_for_it() {
        let mut w = five(0);
        w.rest(|_| true);
        let incoming = vec![Entry::new(
            document("d3", "[Text|ORG] 3"),
            Schema::default(),
        )];
        assert_eq!(
            w.merge_command(incoming.clone()).err(),
            Some(WorkspaceError::NotOpen(vec![DocumentId::from("d3")]))
        );
        assert_eq!(
            w.replace_all_command(incoming, None).err(),
            Some(WorkspaceError::NotOpen(vec![DocumentId::from("d3")]))
        );
        assert_eq!(
            w.open(document("d3", "Text 3"), Schema::default()),
            Err(WorkspaceError::NotOpen(vec![DocumentId::from("d3")]))
        );
        // A resting document can be marked done (its list record changes, nothing else).
        let command = w.set_done_command(3, true);
        w.apply_workspace(command).unwrap();
        assert!(w.entries()[3].done && !w.entries()[3].is_open());
    }

    use crate::model::offsets::CpRange;
}
