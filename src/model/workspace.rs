//! The workspace: every document the person works on, each with its own editor (so undo
//! history survives switching documents), and which one is open.

use crate::model::command::{Command, Editor};
use crate::model::document::Document;
use crate::model::schema::Schema;

/// One document of the workspace.
#[derive(Clone, Debug)]
pub struct Entry {
    pub editor: Editor,
    /// Marked done by the person (the list shows in-progress otherwise).
    pub done: bool,
}

impl Entry {
    pub fn new(document: Document, schema: Schema) -> Entry {
        Entry {
            editor: Editor::new(document, schema),
            done: false,
        }
    }
}

/// How importing a set of documents would change the workspace, shown before it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    /// Documents whose id is new here.
    pub added: Vec<String>,
    /// Documents whose id exists here: merging replaces them.
    pub replaced: Vec<String>,
    /// Documents here that replacing the whole workspace would drop.
    pub dropped: Vec<String>,
}

/// All documents, never empty, and the index of the open one.
#[derive(Clone, Debug)]
pub struct Workspace {
    entries: Vec<Entry>,
    current: usize,
}

impl Workspace {
    pub fn new(first: Entry) -> Workspace {
        Workspace {
            entries: vec![first],
            current: 0,
        }
    }

    /// A workspace of several entries, open at `current` (clamped). `None` when `entries` is empty.
    pub fn from_entries(entries: Vec<Entry>, current: usize) -> Option<Workspace> {
        if entries.is_empty() {
            return None;
        }
        let current = current.min(entries.len() - 1);
        Some(Workspace { entries, current })
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn current_index(&self) -> usize {
        self.current
    }

    pub fn current(&self) -> &Entry {
        &self.entries[self.current]
    }

    pub fn current_mut(&mut self) -> &mut Entry {
        &mut self.entries[self.current]
    }

    pub fn position(&self, document_id: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| &*e.editor.document().id == document_id)
    }

    /// Opens another document; returns false when there is no such entry.
    pub fn switch_to(&mut self, index: usize) -> bool {
        if index < self.entries.len() {
            self.current = index;
            true
        } else {
            false
        }
    }

    /// Brings a document in and opens it. A document whose id is here already replaces that
    /// one's content through a command, so the replacement can be undone there; a new one is
    /// added at the end with a fresh history.
    pub fn open(&mut self, document: Document, schema: Schema) -> usize {
        match self.position(&document.id) {
            Some(index) => {
                let command = Command::Replace {
                    document: Box::new(document),
                    schema: Box::new(schema),
                };
                self.entries[index]
                    .editor
                    .apply(command)
                    .expect("replacing a whole document always applies");
                self.current = index;
            }
            None => {
                self.entries.push(Entry::new(document, schema));
                self.current = self.entries.len() - 1;
            }
        }
        self.current
    }

    /// Removes a document; the last one cannot go. Returns the removed entry.
    pub fn remove(&mut self, index: usize) -> Option<Entry> {
        if self.entries.len() < 2 || index >= self.entries.len() {
            return None;
        }
        let removed = self.entries.remove(index);
        if self.current > index || self.current == self.entries.len() {
            self.current -= 1;
        }
        Some(removed)
    }

    pub fn set_done(&mut self, index: usize, done: bool) {
        if let Some(entry) = self.entries.get_mut(index) {
            entry.done = done;
        }
    }

    /// What importing documents with these ids would do.
    pub fn plan_import(&self, incoming: &[&str]) -> ImportPlan {
        let (replaced, added): (Vec<&str>, Vec<&str>) =
            incoming.iter().partition(|id| self.position(id).is_some());
        let dropped = self
            .entries
            .iter()
            .map(|e| e.editor.document().id.to_string())
            .filter(|id| !incoming.contains(&id.as_str()))
            .collect();
        ImportPlan {
            added: added.into_iter().map(String::from).collect(),
            replaced: replaced.into_iter().map(String::from).collect(),
            dropped,
        }
    }

    /// Adds the incoming entries; those with an id already here replace it (undoably).
    pub fn merge(&mut self, incoming: Vec<Entry>) {
        for entry in incoming {
            let done = entry.done;
            let editor = entry.editor;
            let index = self.open(editor.document().clone(), editor.schema().clone());
            self.entries[index].done = done;
        }
    }

    /// Replaces every document with the incoming ones (which must not be empty).
    pub fn replace_all(&mut self, incoming: Vec<Entry>) -> bool {
        if incoming.is_empty() {
            return false;
        }
        self.entries = incoming;
        self.current = 0;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::{parse_fixture, render_fixture};
    use crate::model::offsets::CpRange;

    fn entry(fixture: &str, id: &str) -> Entry {
        let mut document = parse_fixture(fixture);
        document.id = std::rc::Rc::from(id);
        Entry::new(document, Schema::default())
    }

    fn ids(workspace: &Workspace) -> Vec<String> {
        workspace
            .entries()
            .iter()
            .map(|e| e.editor.document().id.to_string())
            .collect()
    }

    #[test]
    fn undo_history_survives_switching_documents() {
        let mut w = Workspace::new(entry("Blinken in Cairo", "d1"));
        w.open(
            parse_fixture("Shoukry in Doha").with_id("d2"),
            Schema::default(),
        );
        assert_eq!(w.current_index(), 1);
        let editor = &mut w.current_mut().editor;
        editor
            .apply(editor.tag(CpRange::new(0, 7), "PERSON").unwrap())
            .unwrap();
        w.switch_to(0);
        let editor = &mut w.current_mut().editor;
        editor
            .apply(editor.tag(CpRange::new(11, 16), "GPE").unwrap())
            .unwrap();
        w.switch_to(1);
        w.current_mut().editor.undo();
        assert_eq!(
            render_fixture(w.current().editor.document()),
            "Shoukry in Doha"
        );
        w.switch_to(0);
        assert_eq!(
            render_fixture(w.current().editor.document()),
            "Blinken in [Cairo|GPE#a1]"
        );
        w.current_mut().editor.undo();
        assert_eq!(
            render_fixture(w.current().editor.document()),
            "Blinken in Cairo"
        );
        assert!(!w.switch_to(2));
    }

    #[test]
    fn opening_a_known_document_replaces_it_undoably() {
        let mut w = Workspace::new(entry("Blinken", "d1"));
        w.open(
            parse_fixture("[Blinken|PERSON]").with_id("d1"),
            Schema::default(),
        );
        assert_eq!(ids(&w), ["d1"]);
        assert_eq!(
            render_fixture(w.current().editor.document()),
            "[Blinken|PERSON#a1]"
        );
        w.current_mut().editor.undo();
        assert_eq!(render_fixture(w.current().editor.document()), "Blinken");
    }

    #[test]
    fn removing_keeps_the_open_document_and_never_the_last() {
        let mut w = Workspace::from_entries(
            vec![entry("a", "d1"), entry("b", "d2"), entry("c", "d3")],
            2,
        )
        .unwrap();
        assert_eq!(
            w.remove(0).map(|e| e.editor.document().id.to_string()),
            Some("d1".into())
        );
        assert_eq!(w.current().editor.document().text(), "c");
        assert!(w.remove(1).is_some());
        assert_eq!(w.current().editor.document().text(), "b");
        assert!(w.remove(0).is_none(), "the last document stays");
        assert!(Workspace::from_entries(Vec::new(), 0).is_none());
    }

    #[test]
    fn import_plans_then_merges_or_replaces() {
        let mut w = Workspace::from_entries(vec![entry("a", "d1"), entry("b", "d2")], 0).unwrap();
        let plan = w.plan_import(&["d2", "d3"]);
        assert_eq!(
            plan,
            ImportPlan {
                added: vec!["d3".into()],
                replaced: vec!["d2".into()],
                dropped: vec!["d1".into()]
            }
        );
        let mut incoming = entry("[B|ORG]", "d2");
        incoming.done = true;
        w.merge(vec![incoming, entry("c", "d3")]);
        assert_eq!(ids(&w), ["d1", "d2", "d3"]);
        assert!(w.entries()[1].done);
        assert_eq!(
            render_fixture(w.entries()[1].editor.document()),
            "[B|ORG#a1]"
        );
        assert!(w.replace_all(vec![entry("z", "d9")]));
        assert_eq!(ids(&w), ["d9"]);
        assert!(!w.replace_all(Vec::new()));
    }
}
