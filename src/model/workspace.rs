//! The workspace: every document the person works on, each with its own editor (so undo
//! history survives switching documents), and which one is open.
//!
//! Changes to the set of documents (insert, remove, mark done, merge or replace on import) are
//! [`WorkspaceCommand`]s applied by [`Workspace::apply_workspace`], which records their inverse
//! just as the editor does for a document's commands. Both kinds of step share one timeline:
//! every step gets a stamp from one counter, so [`Workspace::undo`] takes back whichever is
//! newer, the open document's last edit or the last workspace change. Edits in documents that
//! are not open wait in their own history until the document is open again, as before.
//!
//! Messages stay in the UI: a [`WorkspaceChange`] says what happened (which documents came,
//! changed or went, and whether the open one is another), the UI words it, because the words
//! name things only the UI knows (the file a merge came from, the person's choice).

use std::collections::VecDeque;

pub use crate::model::entry::{Entry, Resting, Summary};

use thiserror::Error;

use crate::model::command::{Change, Command, CommandError, Editor};
use crate::model::document::{Document, DocumentId};
use crate::model::schema::Schema;

/// How many workspace steps undo remembers. Fewer than a document's, since a merge or a
/// replace-all remembers the whole workspace as it was.
pub const WORKSPACE_UNDO_LIMIT: usize = 100;

/// A change to the set of documents. Each has an exact inverse, so it can be undone.
#[derive(Clone, Debug)]
pub enum WorkspaceCommand {
    /// Puts a document at `index` (`0..=len`) and opens it.
    Insert { index: usize, entry: Box<Entry> },
    /// Takes a document out; the open one stays open, or its next neighbour opens.
    Remove { index: usize },
    /// Marks a document done, or in progress again.
    SetDone { index: usize, done: bool },
    /// The whole workspace as given: the inverse of a merge or a replace-all.
    Restore { entries: Vec<Entry>, current: usize },
    /// Adds brand-new documents at the end; the open one stays open (a corpus import).
    Append { entries: Vec<Entry> },
    /// Keeps the first `len` documents (the inverse of an append).
    Truncate { len: usize },
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum WorkspaceError {
    #[error("the last document cannot be removed")]
    LastDocument,
    #[error("there is no document {index} (the workspace has {len})")]
    NoSuchDocument { index: usize, len: usize },
    #[error("a document with the id {0} is in the workspace already")]
    DuplicateId(DocumentId),
    #[error("a workspace needs at least one document")]
    Empty,
    #[error("this changes nothing")]
    NothingToChange,
    #[error("the workspace is still opening")]
    StillOpening,
    /// The step needs these documents in memory (they rest in storage): read them, then try
    /// again.
    #[error("documents must be read from storage first")]
    NotOpen(Vec<DocumentId>),
}

/// What a workspace step changed, so the UI can reload, save and tell the person.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceChange {
    /// The open document is another one, or its content was replaced: the view reloads.
    pub current_changed: bool,
    /// Documents that came in, came back or changed (content or done mark): to be saved.
    pub changed: Vec<DocumentId>,
    /// Documents that left the workspace: to be deleted from storage.
    pub removed: Vec<DocumentId>,
}

/// What [`Workspace::undo`] or [`Workspace::redo`] took back or brought back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Undone {
    /// A step of the open document.
    Document(Change),
    /// A workspace step.
    Workspace(WorkspaceChange),
}

/// How importing a set of documents would change the workspace, shown before it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    /// Documents whose id is new here.
    pub added: Vec<DocumentId>,
    /// Documents whose id exists here: merging replaces them.
    pub replaced: Vec<DocumentId>,
    /// Documents here that replacing the whole workspace would drop.
    pub dropped: Vec<DocumentId>,
}

/// A workspace step on the undo or redo stack: the command that takes it back (or brings it
/// back), the document to open afterwards, and its place on the timeline.
#[derive(Clone, Debug)]
struct Step {
    command: WorkspaceCommand,
    current: usize,
    stamp: u64,
}

/// Whether the open document's step goes before the workspace's, given their stamps: for undo
/// the newer one, for redo the older one. `None` when neither has a step.
fn document_goes_first(document: Option<u64>, workspace: Option<u64>, undo: bool) -> Option<bool> {
    match (document, workspace) {
        (None, None) => None,
        (Some(d), Some(w)) => Some(if undo { d > w } else { d < w }),
        (document, _) => Some(document.is_some()),
    }
}

/// The entry in memory nearest `index` (itself first, then after it, then before it).
fn nearest_open(entries: &[Entry], index: usize) -> Option<usize> {
    if entries.get(index)?.is_open() {
        return Some(index);
    }
    let after = entries[index..]
        .iter()
        .position(Entry::is_open)
        .map(|i| index + i);
    let before = entries[..index].iter().rposition(Entry::is_open);
    match (after, before) {
        (Some(a), Some(b)) => Some(if a - index <= index - b { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// All documents, never empty, and the index of the open one.
#[derive(Clone, Debug)]
pub struct Workspace {
    entries: Vec<Entry>,
    current: usize,
    /// The last stamp given to a step, document or workspace.
    clock: u64,
    /// Counts the changes to which documents are here and in what order (not to their
    /// content or done marks), so that storage can tell when it must compare lists.
    roster: u64,
    /// The roster after the last change other than documents joining at the end: from then
    /// on, the documents before the end stayed where they were.
    reshaped: u64,
    undo: VecDeque<Step>,
    redo: Vec<Step>,
}

impl Workspace {
    pub fn new(first: Entry) -> Workspace {
        Workspace::from_entries(vec![first], 0).expect("one entry")
    }

    /// A workspace of several entries, open at `current` (clamped). `None` when `entries` is empty.
    pub fn from_entries(entries: Vec<Entry>, current: usize) -> Option<Workspace> {
        if entries.is_empty() {
            return None;
        }
        let current = nearest_open(&entries, current.min(entries.len() - 1))?;
        Some(Workspace {
            entries,
            current,
            clock: 0,
            roster: 0,
            reshaped: 0,
            undo: VecDeque::new(),
            redo: Vec::new(),
        })
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

    /// The open document's editor (the open document is always in memory).
    pub fn editor(&self) -> &Editor {
        self.entries[self.current]
            .editor()
            .expect("the open document is in memory")
    }

    /// See [`Workspace::current_mut`].
    pub fn editor_mut(&mut self) -> &mut Editor {
        self.entries[self.current]
            .editor_mut()
            .expect("the open document is in memory")
    }

    /// Changes whenever documents join, leave or change places (not when their content or done
    /// marks change).
    pub fn roster(&self) -> u64 {
        self.roster
    }

    /// True when since `roster` documents only joined at the end (the ones before stayed).
    pub fn only_appended_since(&self, roster: u64) -> bool {
        roster >= self.reshaped && roster <= self.roster
    }

    /// Whether the document at `index` is in memory (else it rests in storage).
    pub fn is_open(&self, index: usize) -> bool {
        self.entries.get(index).is_some_and(Entry::is_open)
    }

    /// The documents among `ids` that rest in storage (a step that replaces them needs them
    /// read first).
    pub fn resting_among<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<DocumentId> {
        let wanted: std::collections::HashSet<&str> = ids.into_iter().collect();
        self.entries
            .iter()
            .filter(|e| !e.is_open() && wanted.contains(e.document_id().as_str()))
            .map(Entry::id)
            .collect()
    }

    /// Brings resting documents back with what storage held of them; returns how many came
    /// back (one read for a document that is open already, removed, or another text is
    /// ignored).
    pub fn wake(&mut self, documents: Vec<(Document, Schema)>) -> usize {
        let at: std::collections::HashMap<DocumentId, usize> = documents
            .iter()
            .filter_map(|(d, _)| Some((d.id.clone(), self.position(&d.id)?)))
            .collect();
        let mut woken = 0;
        for (document, schema) in documents {
            if let Some(&index) = at.get(&document.id) {
                woken += usize::from(self.entries[index].wake(document, schema));
            }
        }
        woken
    }

    /// Lets documents rest that `stored` says storage holds as shown, except the open one and
    /// its neighbours, and any with undo or redo history. Returns how many rest now.
    pub fn rest(&mut self, stored: impl Fn(&DocumentId) -> bool) -> usize {
        self.reconcile_current();
        let near = self.current.saturating_sub(1)..=self.current + 1;
        let mut rested = 0;
        for (index, entry) in self.entries.iter_mut().enumerate() {
            if entry.is_open() && !near.contains(&index) && stored(entry.document_id()) {
                rested += usize::from(entry.rest());
            }
        }
        rested
    }

    /// The documents around the open one that rest (to read ahead, so that the next and
    /// previous open at once).
    pub fn resting_neighbours(&self) -> Vec<DocumentId> {
        let near = self.current.saturating_sub(1)..=(self.current + 1).min(self.entries.len() - 1);
        near.filter(|&i| !self.entries[i].is_open())
            .map(|i| self.entries[i].id())
            .collect()
    }

    /// The open entry. Edits made on its editor directly are not on the shared timeline until
    /// the workspace next looks (they then count as newer than every step before); prefer
    /// [`Workspace::edit`].
    pub fn current_mut(&mut self) -> &mut Entry {
        &mut self.entries[self.current]
    }

    /// The index of a document; takes a `&DocumentId` (which derefs to `str`) or a `&str`.
    pub fn position(&self, document_id: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| e.document_id().as_str() == document_id)
    }

    /// Opens another document; returns false when there is no such entry or it rests in
    /// storage (read it first: [`Workspace::wake`]). Navigation only: nothing to undo.
    pub fn switch_to(&mut self, index: usize) -> bool {
        if self.is_open(index) {
            self.reconcile_current();
            self.current = index;
            true
        } else {
            false
        }
    }

    /// Applies a command to the open document and puts it on the timeline.
    pub fn edit(&mut self, command: Command) -> Result<Change, CommandError> {
        self.reconcile_current();
        let change = self.editor_mut().apply(command)?;
        let stamp = self.next_stamp();
        self.entries[self.current].record(stamp);
        self.redo.clear();
        Ok(change)
    }

    /// Carries the open document's history over a colleague's text edit just applied to it
    /// ([`Editor::rebase_history`]); the steps it forgets leave the timeline too.
    pub fn rebase_history(&mut self, theirs: &crate::model::text_edit::TextEdit) {
        self.reconcile_current();
        let forgotten = self.editor_mut().rebase_history(theirs);
        let entry = &mut self.entries[self.current];
        entry.undo_stamps.drain(..forgotten.undo);
        entry.redo_stamps.drain(..forgotten.redo);
    }

    /// Applies a workspace command and records its inverse. A new step ends what could be
    /// redone, in the workspace and in the open document alike (one timeline).
    pub fn apply_workspace(
        &mut self,
        command: WorkspaceCommand,
    ) -> Result<WorkspaceChange, WorkspaceError> {
        self.check(&command)?;
        self.reconcile_current();
        self.editor_mut().forget_redo();
        self.entries[self.current].redo_stamps.clear();
        let current = self.current;
        let (inverse, change) = self.apply_step(command, None);
        let stamp = self.next_stamp();
        self.undo.push_back(Step {
            command: inverse,
            current,
            stamp,
        });
        if self.undo.len() > WORKSPACE_UNDO_LIMIT {
            self.undo.pop_front();
        }
        self.redo.clear();
        Ok(change)
    }

    pub fn can_undo(&self) -> bool {
        self.editor().can_undo() || !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        self.editor().can_redo() || !self.redo.is_empty()
    }

    /// The documents that must be read from storage before [`Workspace::undo`] can run: its
    /// step would leave no document in memory to open. Empty when it can run (or has nothing
    /// to do).
    pub fn undo_needs(&self) -> Vec<DocumentId> {
        self.replay_needs(true)
    }

    /// The stamp of the step that undo would take back now, when it is the open document's
    /// (`None` when it is the workspace's, or there is none): a typing run checks with it that
    /// its own edit is still the newest step before taking it back to grow it.
    pub fn newest_document_step(&self) -> Option<u64> {
        let document = self.current().undo_stamps.back().copied();
        let workspace = self.undo.back().map(|s| s.stamp);
        match document_goes_first(document, workspace, true) {
            Some(true) => document,
            _ => None,
        }
    }

    /// The same for [`Workspace::redo`].
    pub fn redo_needs(&self) -> Vec<DocumentId> {
        self.replay_needs(false)
    }

    fn replay_needs(&self, undo: bool) -> Vec<DocumentId> {
        let current = self.current();
        let (document, step) = if undo {
            (current.undo_stamps.back().copied(), self.undo.back())
        } else {
            (current.redo_stamps.last().copied(), self.redo.last())
        };
        // A document's own step never changes which document is open.
        let workspace_next = document_goes_first(document, step.map(|s| s.stamp), undo)
            .is_some_and(|document_first| !document_first);
        match step {
            Some(step) if workspace_next => self.needs(&step.command),
            _ => Vec::new(),
        }
    }

    /// The documents to read before `command` can apply: it would leave no document in
    /// memory to open.
    fn needs(&self, command: &WorkspaceCommand) -> Vec<DocumentId> {
        let open_besides = |range: std::ops::Range<usize>, except: Option<usize>| {
            range
                .filter(|&i| Some(i) != except)
                .any(|i| self.entries[i].is_open())
        };
        let len = self.entries.len();
        match *command {
            WorkspaceCommand::Remove { index }
                if index == self.current && len > 1 && !open_besides(0..len, Some(index)) =>
            {
                let neighbour = if index + 1 < len {
                    index + 1
                } else {
                    index - 1
                };
                vec![self.entries[neighbour].id()]
            }
            WorkspaceCommand::Truncate { len: keep }
                if keep > 0
                    && keep < len
                    && self.current >= keep
                    && !open_besides(0..keep, None) =>
            {
                vec![self.entries[keep - 1].id()]
            }
            _ => Vec::new(),
        }
    }

    /// Takes back the newest step: the open document's last edit or the last workspace change,
    /// whichever came later. `None` when there is nothing to undo, or when its documents must
    /// be read first ([`Workspace::undo_needs`]).
    pub fn undo(&mut self) -> Option<Undone> {
        if !self.undo_needs().is_empty() {
            return None;
        }
        self.reconcile_current();
        let document = self.current().undo_stamps.back().copied();
        let workspace = self.undo.back().map(|s| s.stamp);
        let document_first = document_goes_first(document, workspace, true)?;
        if document_first {
            let Some(change) = self.editor_mut().undo() else {
                // None of the document's steps applied any more (a colleague took away what
                // they would change back): they are gone, and the workspace's step is next.
                self.reconcile_current();
                return self.undo();
            };
            let entry = &mut self.entries[self.current];
            let stamp = entry.undo_stamps.pop_back().expect("checked above");
            entry.redo_stamps.push(stamp);
            Some(Undone::Document(change))
        } else {
            let step = self.undo.pop_back().expect("checked above");
            let (again, change) = self.replay(step);
            self.redo.push(again);
            Some(Undone::Workspace(change))
        }
    }

    /// Brings back the step undone last: of the open document's and the workspace's undone
    /// steps, the older one. `None` when there is nothing to redo, or when its documents must
    /// be read first ([`Workspace::redo_needs`]).
    pub fn redo(&mut self) -> Option<Undone> {
        if !self.redo_needs().is_empty() {
            return None;
        }
        self.reconcile_current();
        let document = self.current().redo_stamps.last().copied();
        let workspace = self.redo.last().map(|s| s.stamp);
        let document_first = document_goes_first(document, workspace, false)?;
        if document_first {
            let Some(change) = self.editor_mut().redo() else {
                // The step no longer applied (a colleague's change came between), and redo
                // forgot it and what came after it.
                self.reconcile_current();
                return self.redo();
            };
            let entry = &mut self.entries[self.current];
            let stamp = entry.redo_stamps.pop().expect("checked above");
            entry.undo_stamps.push_back(stamp);
            Some(Undone::Document(change))
        } else {
            let step = self.redo.pop().expect("checked above");
            let (again, change) = self.replay(step);
            self.undo.push_back(again);
            Some(Undone::Workspace(change))
        }
    }

    /// The command that adds a brand-new document at the end and opens it. (A document whose
    /// id is here already goes through [`Workspace::open`], which replaces it by a document
    /// command instead.)
    pub fn insert_command(&self, document: Document, schema: Schema) -> WorkspaceCommand {
        WorkspaceCommand::Insert {
            index: self.entries.len(),
            entry: Box::new(Entry::new(document, schema)),
        }
    }

    pub fn remove_command(&self, index: usize) -> WorkspaceCommand {
        WorkspaceCommand::Remove { index }
    }

    pub fn set_done_command(&self, index: usize, done: bool) -> WorkspaceCommand {
        WorkspaceCommand::SetDone { index, done }
    }

    /// The command that adds the incoming entries, undone in one step. One whose id is here
    /// replaces that document's content by a document command (so its history goes on) and
    /// takes its done mark; a new one joins at the end with a fresh history. The last incoming
    /// document opens.
    ///
    /// Refused with [`WorkspaceError::NotOpen`] when a document it replaces rests in storage
    /// (its content must be in memory to be undone back to).
    pub fn merge_command(&self, incoming: Vec<Entry>) -> Result<WorkspaceCommand, WorkspaceError> {
        let resting = self.resting_among(incoming.iter().map(|e| e.document_id().as_str()));
        if !resting.is_empty() {
            return Err(WorkspaceError::NotOpen(resting));
        }
        let mut entries = self.entries.clone();
        let mut current = self.current;
        // The replacements happen just before the merge, which gets the next stamp, so one
        // undo takes the merge back whole.
        let stamp = self.clock;
        // The open document's copy is the one that stays: like any new step, the merge ends
        // what it could redo.
        let open = &mut entries[current];
        open.reconcile(&mut || stamp);
        open.editor_mut()
            .expect("the open document is in memory")
            .forget_redo();
        open.redo_stamps.clear();
        let at: std::collections::HashMap<DocumentId, usize> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id(), i))
            .collect();
        for incoming in incoming {
            let Some(editor) = incoming.editor() else {
                continue;
            };
            let document = editor.document().clone();
            let schema = editor.schema().clone();
            current = match at.get(&document.id).copied() {
                Some(index) => {
                    let entry = &mut entries[index];
                    entry
                        .editor_mut()
                        .expect("checked above: replaced documents are in memory")
                        .apply(Command::Replace {
                            document: Box::new(document),
                            schema: Box::new(schema),
                        })
                        .expect("replacing a whole document always applies");
                    entry.record(stamp);
                    entry.done = incoming.done;
                    index
                }
                None => {
                    let mut entry = Entry::new(document, schema);
                    entry.done = incoming.done;
                    entries.push(entry);
                    entries.len() - 1
                }
            };
        }
        Ok(WorkspaceCommand::Restore { entries, current })
    }

    /// The command that makes the workspace exactly the incoming entries, open at the one with
    /// `current_id` (else the first). Applying it is refused when `incoming` is empty.
    pub fn replace_all_command(
        &self,
        incoming: Vec<Entry>,
        current_id: Option<&str>,
    ) -> Result<WorkspaceCommand, WorkspaceError> {
        // A document replaced under the same id is overwritten in storage: undo needs its
        // content in memory.
        let resting = self.resting_among(incoming.iter().map(|e| e.document_id().as_str()));
        if !resting.is_empty() {
            return Err(WorkspaceError::NotOpen(resting));
        }
        let current = current_id
            .and_then(|id| incoming.iter().position(|e| e.document_id().as_str() == id))
            .unwrap_or(0);
        Ok(WorkspaceCommand::Restore {
            entries: incoming,
            current,
        })
    }

    /// Brings a document in and opens it. A document whose id is here already replaces that
    /// one's content through a document command ([`Workspace::edit`]), so the replacement is
    /// undone there; a new one is inserted at the end with a fresh history
    /// ([`Workspace::insert_command`]), which undo takes out again. Refused with
    /// [`WorkspaceError::NotOpen`] when the document it replaces rests in storage.
    pub fn open(&mut self, document: Document, schema: Schema) -> Result<usize, WorkspaceError> {
        match self.position(&document.id) {
            Some(index) if !self.is_open(index) => {
                return Err(WorkspaceError::NotOpen(vec![document.id.clone()]))
            }
            Some(index) => {
                self.switch_to(index);
                self.edit(Command::Replace {
                    document: Box::new(document),
                    schema: Box::new(schema),
                })
                .expect("replacing a whole document always applies");
            }
            None => {
                let command = self.insert_command(document, schema);
                self.apply_workspace(command)
                    .expect("a document with a new id can always join");
            }
        }
        Ok(self.current)
    }

    /// Adds brand-new documents at the end, the open one staying open. When the newest step on
    /// the timeline is an append (an import under way, not interrupted by another step), they
    /// join it, so one undo takes the whole import back; else they are a new step.
    pub fn append(&mut self, entries: Vec<Entry>) -> Result<WorkspaceChange, WorkspaceError> {
        let command = WorkspaceCommand::Append { entries };
        self.check(&command)?;
        self.reconcile_current();
        let continues = self.redo.is_empty()
            && self
                .current()
                .undo_stamps
                .back()
                .is_none_or(|&d| self.undo.back().is_some_and(|s| s.stamp > d))
            && matches!(
                self.undo.back(),
                Some(Step {
                    command: WorkspaceCommand::Truncate { .. },
                    ..
                })
            );
        if !continues {
            return self.apply_workspace(command);
        }
        // The step's inverse (keep the first `len`) already takes these back too.
        let (_, change) = self.apply_step(command, None);
        Ok(change)
    }

    /// Puts documents before and after the open one, as they were stored: the workspace opened
    /// with its open document first, and the rest have been read. Not a step (nothing the
    /// person did); refused when an id is here already, or when a workspace step was taken
    /// meanwhile (its indices would name other documents; the session refuses such steps
    /// while the workspace opens).
    pub fn surround(
        &mut self,
        before: Vec<Entry>,
        after: Vec<Entry>,
    ) -> Result<(), WorkspaceError> {
        if !self.undo.is_empty() || !self.redo.is_empty() {
            return Err(WorkspaceError::StillOpening);
        }
        let mut seen: std::collections::HashSet<&str> = self
            .entries
            .iter()
            .map(|e| e.document_id().as_str())
            .collect();
        for entry in before.iter().chain(&after) {
            if !seen.insert(entry.document_id().as_str()) {
                return Err(WorkspaceError::DuplicateId(entry.id()));
            }
        }
        let shift = before.len();
        let mut entries = before;
        entries.append(&mut self.entries);
        entries.extend(after);
        self.entries = entries;
        self.roster += 1;
        self.reshaped = self.roster;
        self.current += shift;
        Ok(())
    }

    /// What importing documents with these ids would do.
    pub fn plan_import(&self, incoming: &[&str]) -> ImportPlan {
        let (replaced, added): (Vec<&str>, Vec<&str>) =
            incoming.iter().partition(|id| self.position(id).is_some());
        let dropped = self
            .entries
            .iter()
            .map(Entry::id)
            .filter(|id| !incoming.contains(&id.as_str()))
            .collect();
        ImportPlan {
            added: added.into_iter().map(DocumentId::from).collect(),
            replaced: replaced.into_iter().map(DocumentId::from).collect(),
            dropped,
        }
    }

    /// Applies a recorded workspace step, reopening the document that was open when it was
    /// recorded; returns the step that takes it back again, with the same stamp.
    fn replay(&mut self, step: Step) -> (Step, WorkspaceChange) {
        let current = self.current;
        let (command, change) = self.apply_step(step.command, Some(step.current));
        let again = Step {
            command,
            current,
            stamp: step.stamp,
        };
        (again, change)
    }

    fn next_stamp(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    fn reconcile_current(&mut self) {
        let clock = &mut self.clock;
        self.entries[self.current].reconcile(&mut || {
            *clock += 1;
            *clock
        });
    }

    /// Refuses a command that cannot apply, before anything changes.
    fn check(&self, command: &WorkspaceCommand) -> Result<(), WorkspaceError> {
        let needs = self.needs(command);
        if !needs.is_empty() {
            return Err(WorkspaceError::NotOpen(needs));
        }
        let len = self.entries.len();
        let exists = |index: usize| {
            if index < len {
                Ok(())
            } else {
                Err(WorkspaceError::NoSuchDocument { index, len })
            }
        };
        match command {
            WorkspaceCommand::Insert { index, entry } => {
                if *index > len {
                    return Err(WorkspaceError::NoSuchDocument { index: *index, len });
                }
                if self.position(entry.document_id()).is_some() {
                    return Err(WorkspaceError::DuplicateId(entry.id()));
                }
            }
            WorkspaceCommand::Remove { index } => {
                exists(*index)?;
                if len < 2 {
                    return Err(WorkspaceError::LastDocument);
                }
            }
            WorkspaceCommand::SetDone { index, done } => {
                exists(*index)?;
                if self.entries[*index].done == *done {
                    return Err(WorkspaceError::NothingToChange);
                }
            }
            WorkspaceCommand::Append { entries } => {
                let mut seen: std::collections::HashSet<&str> = self
                    .entries
                    .iter()
                    .map(|e| e.document_id().as_str())
                    .collect();
                for entry in entries {
                    if !seen.insert(entry.document_id().as_str()) {
                        return Err(WorkspaceError::DuplicateId(entry.id()));
                    }
                }
                if entries.is_empty() {
                    return Err(WorkspaceError::NothingToChange);
                }
            }
            WorkspaceCommand::Truncate { len: keep } => {
                if *keep == 0 {
                    return Err(WorkspaceError::Empty);
                }
                if *keep >= len {
                    return Err(WorkspaceError::NothingToChange);
                }
            }
            WorkspaceCommand::Restore { entries, current } => {
                if entries.is_empty() {
                    return Err(WorkspaceError::Empty);
                }
                if *current >= entries.len() {
                    return Err(WorkspaceError::NoSuchDocument {
                        index: *current,
                        len: entries.len(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Applies a checked command (or an inverse, which always applies) and returns its inverse;
    /// then opens `open_after` when given.
    fn apply_step(
        &mut self,
        command: WorkspaceCommand,
        open_after: Option<usize>,
    ) -> (WorkspaceCommand, WorkspaceChange) {
        match command {
            WorkspaceCommand::SetDone { .. } => {}
            WorkspaceCommand::Append { .. } => self.roster += 1,
            _ => {
                self.roster += 1;
                self.reshaped = self.roster;
            }
        }
        let open_before = self.current().id();
        let (inverse, mut change) = match command {
            WorkspaceCommand::Insert { index, entry } => {
                let id = entry.id();
                self.entries.insert(index, *entry);
                self.current = index;
                (
                    WorkspaceCommand::Remove { index },
                    WorkspaceChange {
                        changed: vec![id],
                        ..WorkspaceChange::default()
                    },
                )
            }
            WorkspaceCommand::Remove { index } => {
                let removed = self.entries.remove(index);
                if self.current > index || self.current == self.entries.len() {
                    self.current -= 1;
                }
                let id = removed.id();
                (
                    WorkspaceCommand::Insert {
                        index,
                        entry: Box::new(removed),
                    },
                    WorkspaceChange {
                        removed: vec![id],
                        ..WorkspaceChange::default()
                    },
                )
            }
            WorkspaceCommand::SetDone { index, done } => {
                let entry = &mut self.entries[index];
                let old = std::mem::replace(&mut entry.done, done);
                (
                    WorkspaceCommand::SetDone { index, done: old },
                    WorkspaceChange {
                        changed: vec![entry.id()],
                        ..WorkspaceChange::default()
                    },
                )
            }
            WorkspaceCommand::Restore { entries, current } => {
                let old_entries = std::mem::replace(&mut self.entries, entries);
                let old_current = std::mem::replace(&mut self.current, current);
                let changed: Vec<DocumentId> = self.entries.iter().map(Entry::id).collect();
                let removed = old_entries
                    .iter()
                    .map(Entry::id)
                    .filter(|id| !changed.contains(id))
                    .collect();
                (
                    WorkspaceCommand::Restore {
                        entries: old_entries,
                        current: old_current,
                    },
                    WorkspaceChange {
                        current_changed: true,
                        changed,
                        removed,
                    },
                )
            }
            WorkspaceCommand::Append { entries } => {
                let len = self.entries.len();
                let changed = entries.iter().map(Entry::id).collect();
                self.entries.extend(entries);
                (
                    WorkspaceCommand::Truncate { len },
                    WorkspaceChange {
                        changed,
                        ..WorkspaceChange::default()
                    },
                )
            }
            WorkspaceCommand::Truncate { len } => {
                let entries = self.entries.split_off(len);
                self.current = self.current.min(len - 1);
                let removed = entries.iter().map(Entry::id).collect();
                (
                    WorkspaceCommand::Append { entries },
                    WorkspaceChange {
                        removed,
                        ..WorkspaceChange::default()
                    },
                )
            }
        };
        if let Some(index) = open_after {
            self.current = index.min(self.entries.len() - 1);
        }
        // A document resting in storage cannot be shown: the nearest one in memory opens
        // (there is one: steps that would leave none are refused first, see `needs`).
        self.current = nearest_open(&self.entries, self.current)
            .expect("a step leaves a document in memory to open");
        change.current_changed |= self.current().id() != open_before;
        (inverse, change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::{parse_fixture, render_fixture};
    use crate::model::offsets::CpRange;

    fn entry(fixture: &str, id: &str) -> Entry {
        Entry::new(parse_fixture(fixture).with_id(id), Schema::default())
    }

    fn ids(workspace: &Workspace) -> Vec<String> {
        workspace
            .entries()
            .iter()
            .map(|e| e.document_id().to_string())
            .collect()
    }

    #[test]
    fn undo_history_survives_switching_documents() {
        let mut w = Workspace::new(entry("Blinken in Cairo", "d1"));
        w.open(
            parse_fixture("Shoukry in Doha").with_id("d2"),
            Schema::default(),
        )
        .unwrap();
        assert_eq!(w.current_index(), 1);
        let editor = w.editor_mut();
        editor
            .apply(editor.tag(CpRange::new(0, 7), "PERSON").unwrap())
            .unwrap();
        w.switch_to(0);
        let editor = w.editor_mut();
        editor
            .apply(editor.tag(CpRange::new(11, 16), "GPE").unwrap())
            .unwrap();
        w.switch_to(1);
        w.editor_mut().undo();
        assert_eq!(render_fixture(w.editor().document()), "Shoukry in Doha");
        w.switch_to(0);
        assert_eq!(
            render_fixture(w.editor().document()),
            "Blinken in [Cairo|GPE#a1]"
        );
        w.editor_mut().undo();
        assert_eq!(render_fixture(w.editor().document()), "Blinken in Cairo");
        assert!(!w.switch_to(2));
    }

    #[test]
    fn opening_a_known_document_replaces_it_undoably() {
        let mut w = Workspace::new(entry("Blinken", "d1"));
        w.open(
            parse_fixture("[Blinken|PERSON]").with_id("d1"),
            Schema::default(),
        )
        .unwrap();
        assert_eq!(ids(&w), ["d1"]);
        assert_eq!(render_fixture(w.editor().document()), "[Blinken|PERSON#a1]");
        w.editor_mut().undo();
        assert_eq!(render_fixture(w.editor().document()), "Blinken");
    }

    #[test]
    fn removing_keeps_the_open_document_and_never_the_last() {
        let mut w = Workspace::from_entries(
            vec![entry("a", "d1"), entry("b", "d2"), entry("c", "d3")],
            2,
        )
        .unwrap();
        let removed = w.apply_workspace(w.remove_command(0)).unwrap().removed;
        assert_eq!(removed, [DocumentId::from("d1")]);
        assert_eq!(w.editor().document().text(), "c");
        assert!(w.apply_workspace(w.remove_command(1)).is_ok());
        assert_eq!(w.editor().document().text(), "b");
        assert_eq!(
            w.apply_workspace(w.remove_command(0)),
            Err(WorkspaceError::LastDocument),
            "the last document stays"
        );
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
        w.apply_workspace(w.merge_command(vec![incoming, entry("c", "d3")]).unwrap())
            .unwrap();
        assert_eq!(ids(&w), ["d1", "d2", "d3"]);
        assert!(w.entries()[1].done);
        assert_eq!(
            render_fixture(w.entries()[1].editor().unwrap().document()),
            "[B|ORG#a1]"
        );
        assert!(w
            .apply_workspace(w.replace_all_command(vec![entry("z", "d9")], None).unwrap())
            .is_ok());
        assert_eq!(ids(&w), ["d9"]);
        assert!(w
            .apply_workspace(w.replace_all_command(Vec::new(), None).unwrap())
            .is_err());
    }

    /// The workspace in one line: each document as `id:fixture`, `*` after the open one's id
    /// and `+` after a done one's, separated by ` / `.
    fn render(w: &Workspace) -> String {
        w.entries()
            .iter()
            .enumerate()
            .map(|(i, e)| {
                format!(
                    "{}{}{}:{}",
                    e.editor().unwrap().document().id,
                    if i == w.current_index() { "*" } else { "" },
                    if e.done { "+" } else { "" },
                    render_fixture(e.editor().unwrap().document())
                )
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }

    fn workspace(documents: &[(&str, &str)], current: usize) -> Workspace {
        let entries = documents
            .iter()
            .map(|(id, fixture)| entry(fixture, id))
            .collect();
        Workspace::from_entries(entries, current).unwrap()
    }

    /// One step of a scenario, built from the workspace before it.
    enum Step {
        Tag(usize, usize, &'static str),
        Workspace(fn(&Workspace) -> WorkspaceCommand),
    }

    /// Runs the steps, checks the end, then checks that undoing step by step walks back through
    /// every state in reverse and that redoing walks forward again. (Edits are made in whatever
    /// document the steps leave open, so undo meets them all.)
    fn check(start: Workspace, steps: &[Step], expected: &str) -> Workspace {
        let mut w = start;
        let mut states = vec![render(&w)];
        for step in steps {
            match step {
                Step::Tag(start, end, label) => {
                    let command = w
                        .current()
                        .editor()
                        .unwrap()
                        .tag(CpRange::new(*start, *end), label)
                        .unwrap();
                    w.edit(command).unwrap();
                }
                Step::Workspace(build) => {
                    let command = build(&w);
                    w.apply_workspace(command).unwrap();
                }
            }
            states.push(render(&w));
        }
        assert_eq!(render(&w), expected);
        for state in states.iter().rev().skip(1) {
            assert!(w.can_undo());
            w.undo().expect("a step to undo");
            assert_eq!(&render(&w), state, "undo");
        }
        assert_eq!(w.undo(), None);
        assert!(!w.can_undo());
        for state in states.iter().skip(1) {
            assert!(w.can_redo());
            w.redo().expect("a step to redo");
            assert_eq!(&render(&w), state, "redo");
        }
        assert_eq!(w.redo(), None);
        w
    }

    #[test]
    fn removing_a_document_is_undone_with_its_history() {
        let w = check(
            workspace(&[("d1", "Blinken"), ("d2", "Cairo"), ("d3", "Doha")], 1),
            &[
                Step::Tag(0, 5, "GPE"),
                Step::Workspace(|w| w.remove_command(1)),
            ],
            "d1:Blinken / d3*:Doha",
        );
        let mut w = w;
        let change = w.undo().unwrap();
        assert_eq!(
            change,
            Undone::Workspace(WorkspaceChange {
                current_changed: true,
                changed: vec![DocumentId::from("d2")],
                removed: vec![],
            })
        );
        assert_eq!(render(&w), "d1:Blinken / d2*:[Cairo|GPE#a1] / d3:Doha");
        // Its own history came back with it.
        assert!(matches!(w.undo(), Some(Undone::Document(_))));
        assert_eq!(render(&w), "d1:Blinken / d2*:Cairo / d3:Doha");
        let command = w.editor().tag(CpRange::new(0, 5), "LOC").unwrap();
        w.edit(command).unwrap();
        assert_eq!(render(&w), "d1:Blinken / d2*:[Cairo|LOC#a1] / d3:Doha");
    }

    #[test]
    fn undo_interleaves_document_edits_and_workspace_changes() {
        let mut w = workspace(&[("a", "Blinken in Cairo"), ("b", "Doha")], 0);
        let command = w
            .current()
            .editor()
            .unwrap()
            .tag(CpRange::new(0, 7), "PERSON")
            .unwrap();
        w.edit(command).unwrap();
        w.apply_workspace(w.remove_command(1)).unwrap();
        assert_eq!(render(&w), "a*:[Blinken|PERSON#a1] in Cairo");
        assert!(matches!(w.undo(), Some(Undone::Workspace(_))));
        assert_eq!(render(&w), "a*:[Blinken|PERSON#a1] in Cairo / b:Doha");
        assert!(matches!(w.undo(), Some(Undone::Document(_))));
        assert_eq!(render(&w), "a*:Blinken in Cairo / b:Doha");
        assert_eq!(w.undo(), None);
        // Redo brings them back in the order they happened.
        assert!(matches!(w.redo(), Some(Undone::Document(_))));
        assert!(matches!(w.redo(), Some(Undone::Workspace(_))));
        assert_eq!(render(&w), "a*:[Blinken|PERSON#a1] in Cairo");
    }

    #[test]
    fn merges_replace_alls_done_marks_and_inserts_are_undone_in_one_step_each() {
        check(
            workspace(&[("d1", "a"), ("d2", "b")], 0),
            &[
                Step::Workspace(|w| w.set_done_command(1, true)),
                Step::Workspace(|w| {
                    let mut replaced = entry("[b|ORG]", "d2");
                    replaced.done = false;
                    let mut added = entry("c", "d3");
                    added.done = true;
                    w.merge_command(vec![replaced, added]).unwrap()
                }),
                Step::Tag(0, 1, "MISC"),
                Step::Workspace(|w| {
                    w.insert_command(parse_fixture("e").with_id("d4"), Schema::default())
                }),
                Step::Workspace(|w| {
                    w.replace_all_command(vec![entry("x", "d8"), entry("y", "d9")], Some("d9"))
                        .unwrap()
                }),
            ],
            "d8:x / d9*:y",
        );
        let w = check(
            workspace(&[("d1", "a"), ("d2", "b")], 0),
            &[Step::Workspace(|w| {
                w.merge_command(vec![entry("[b|ORG]", "d2"), entry("c", "d3")])
                    .unwrap()
            })],
            "d1:a / d2:[b|ORG#a1] / d3*:c",
        );
        // The replaced document keeps its history: its replacement is a document step.
        let mut w = w;
        w.switch_to(1);
        assert!(w.editor().can_undo());
    }

    #[test]
    fn merge_and_replace_report_what_to_save_and_delete() {
        let mut w = workspace(&[("d1", "a"), ("d2", "b")], 0);
        let change = w
            .apply_workspace(w.replace_all_command(vec![entry("c", "d2")], None).unwrap())
            .unwrap();
        let ids = |ids: &[&str]| ids.iter().map(|id| DocumentId::from(*id)).collect();
        assert_eq!(
            change,
            WorkspaceChange {
                current_changed: true,
                changed: ids(&["d2"]),
                removed: ids(&["d1"]),
            }
        );
        let change = w.apply_workspace(w.set_done_command(0, true)).unwrap();
        assert_eq!(
            change,
            WorkspaceChange {
                current_changed: false,
                changed: ids(&["d2"]),
                removed: vec![],
            }
        );
    }

    #[test]
    fn refused_workspace_commands_change_nothing() {
        let mut w = workspace(&[("d1", "[a|MISC]")], 0);
        let before = render(&w);
        let cases = [
            (w.remove_command(0), WorkspaceError::LastDocument),
            (
                w.remove_command(3),
                WorkspaceError::NoSuchDocument { index: 3, len: 1 },
            ),
            (
                w.set_done_command(0, false),
                WorkspaceError::NothingToChange,
            ),
            (
                w.insert_command(parse_fixture("z").with_id("d1"), Schema::default()),
                WorkspaceError::DuplicateId(DocumentId::from("d1")),
            ),
            (
                w.replace_all_command(Vec::new(), None).unwrap(),
                WorkspaceError::Empty,
            ),
        ];
        for (command, error) in cases {
            assert_eq!(w.apply_workspace(command).unwrap_err(), error);
            assert_eq!(render(&w), before);
        }
        assert_eq!(
            WorkspaceError::LastDocument.to_string(),
            "the last document cannot be removed"
        );
        // Nothing went on the timeline.
        assert_eq!(w.undo(), None);
        assert!(w.apply_workspace(w.remove_command(0)).is_err());
    }

    #[test]
    fn a_new_step_of_either_kind_ends_redo() {
        let mut w = workspace(&[("a", "Blinken"), ("b", "Doha")], 0);
        w.apply_workspace(w.remove_command(1)).unwrap();
        w.undo();
        let command = w
            .current()
            .editor()
            .unwrap()
            .tag(CpRange::new(0, 7), "PERSON")
            .unwrap();
        w.edit(command).unwrap();
        assert!(!w.can_redo());
        w.undo();
        w.apply_workspace(w.set_done_command(1, true)).unwrap();
        assert!(!w.can_redo());
        assert_eq!(w.redo(), None);
        let command = w
            .current()
            .editor()
            .unwrap()
            .tag(CpRange::new(0, 7), "PERSON")
            .unwrap();
        w.edit(command).unwrap();
        w.undo();
        assert!(w.editor().can_redo());
        w.apply_workspace(w.merge_command(vec![entry("c", "c")]).unwrap())
            .unwrap();
        w.switch_to(0);
        assert!(!w.can_redo(), "a merge ends redo too");
    }

    #[test]
    fn edits_made_on_the_editor_directly_join_the_timeline() {
        let mut w = workspace(&[("a", "Blinken"), ("b", "Doha")], 0);
        w.apply_workspace(w.set_done_command(1, true)).unwrap();
        let editor = w.editor_mut();
        editor
            .apply(editor.tag(CpRange::new(0, 7), "PERSON").unwrap())
            .unwrap();
        assert!(matches!(w.undo(), Some(Undone::Document(_))));
        assert!(matches!(w.undo(), Some(Undone::Workspace(_))));
        assert_eq!(render(&w), "a*:Blinken / b:Doha");
    }

    #[test]
    fn undo_takes_back_only_the_open_documents_edits_and_workspace_steps() {
        let mut w = workspace(&[("a", "Blinken"), ("b", "Doha")], 0);
        let tag = |w: &mut Workspace, end: usize, label: &str| {
            let command = w.editor().tag(CpRange::new(0, end), label).unwrap();
            w.edit(command).unwrap();
        };
        tag(&mut w, 7, "PERSON");
        w.switch_to(1);
        tag(&mut w, 4, "GPE");
        w.switch_to(0);
        w.apply_workspace(w.set_done_command(1, true)).unwrap();
        assert!(matches!(w.undo(), Some(Undone::Workspace(_))));
        // Doha's tag is newer, but Doha is not open: Blinken's tag goes.
        assert!(matches!(w.undo(), Some(Undone::Document(_))));
        assert_eq!(w.undo(), None);
        assert_eq!(render(&w), "a*:Blinken / b:[Doha|GPE#a1]");
        w.switch_to(1);
        assert!(matches!(w.undo(), Some(Undone::Document(_))));
        assert_eq!(render(&w), "a:Blinken / b*:Doha");
    }

    #[test]
    fn opening_documents_is_undone_like_any_step() {
        let mut w = workspace(&[("d1", "a")], 0);
        w.open(parse_fixture("b").with_id("d2"), Schema::default())
            .unwrap();
        w.open(parse_fixture("[a|MISC]").with_id("d1"), Schema::default())
            .unwrap();
        assert_eq!(render(&w), "d1*:[a|MISC#a1] / d2:b");
        assert!(matches!(w.undo(), Some(Undone::Document(_))));
        assert_eq!(render(&w), "d1*:a / d2:b");
        assert!(matches!(w.undo(), Some(Undone::Workspace(_))));
        assert_eq!(render(&w), "d1*:a");
    }

    #[test]
    fn the_timeline_forgets_as_the_editor_forgets() {
        use crate::model::command::UNDO_LIMIT;
        use crate::model::document::Annotation;
        let mut w = workspace(&[("a", "Blinken"), ("b", "Doha")], 0);
        w.apply_workspace(w.set_done_command(1, true)).unwrap();
        for i in 0..UNDO_LIMIT + 3 {
            let command = if i % 2 == 0 {
                Command::Add(Annotation::entity("a1", "PERSON", CpRange::new(0, 7)))
            } else {
                Command::Remove(crate::model::document::AnnotationId::new("a1"))
            };
            w.edit(command).unwrap();
        }
        for _ in 0..UNDO_LIMIT {
            assert!(matches!(w.undo(), Some(Undone::Document(_))));
        }
        assert!(matches!(w.undo(), Some(Undone::Workspace(_))));
        assert_eq!(w.undo(), None);
        assert_eq!(render(&w), "a*:[Blinken|PERSON#a1] / b:Doha");
    }

    #[test]
    fn appended_documents_join_one_step_until_another_step_comes_between() {
        let mut w = Workspace::new(entry("Blinken in Cairo", "d0"));
        w.append(vec![entry("One", "d1"), entry("Two", "d2")])
            .unwrap();
        let change = w.append(vec![entry("Three", "d3")]).unwrap();
        assert_eq!(change.changed, vec![DocumentId::from("d3")]);
        assert_eq!(w.current_index(), 0, "the open document stays open");
        assert_eq!(
            w.append(vec![entry("Again", "d1")]),
            Err(WorkspaceError::DuplicateId("d1".into()))
        );
        // An edit in between: what comes next is a step of its own.
        let tag = w
            .current()
            .editor()
            .unwrap()
            .tag(CpRange::new(0, 7), "PERSON")
            .unwrap();
        w.edit(tag).unwrap();
        w.append(vec![entry("Four", "d4")]).unwrap();
        assert_eq!(ids(&w), ["d0", "d1", "d2", "d3", "d4"]);
        assert!(matches!(w.undo(), Some(Undone::Workspace(_))));
        assert_eq!(ids(&w), ["d0", "d1", "d2", "d3"]);
        assert!(matches!(w.undo(), Some(Undone::Document(_))));
        assert!(matches!(w.undo(), Some(Undone::Workspace(_))));
        assert_eq!(ids(&w), ["d0"]);
        w.redo();
        assert_eq!(ids(&w), ["d0", "d1", "d2", "d3"]);
    }

    #[test]
    fn the_rest_of_a_workspace_surrounds_the_document_opened_first() {
        let mut w = Workspace::new(entry("Two", "d2"));
        let tag = w.editor().tag(CpRange::new(0, 3), "GPE").unwrap();
        w.edit(tag).unwrap();
        assert_eq!(
            w.surround(vec![entry("Two again", "d2")], vec![]),
            Err(WorkspaceError::DuplicateId("d2".into()))
        );
        w.surround(vec![entry("One", "d1")], vec![entry("Three", "d3")])
            .unwrap();
        assert_eq!(ids(&w), ["d1", "d2", "d3"]);
        assert_eq!(w.current_index(), 1);
        // The open document's history is its own still.
        assert!(matches!(w.undo(), Some(Undone::Document(_))));
        let mut w = Workspace::new(entry("Two", "d2"));
        w.open(parse_fixture("New").with_id("d9"), Schema::default())
            .unwrap();
        assert_eq!(
            w.surround(vec![], vec![entry("One", "d1")]),
            Err(WorkspaceError::StillOpening)
        );
    }
}
