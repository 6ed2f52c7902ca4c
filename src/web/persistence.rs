//! Keeping the workspace in the browser: loading it at start, and a [`Saver`] that writes what
//! changed a moment after the last change (short enough that nothing on screen a second ago is
//! lost, long enough that a burst of edits is saved once).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;

use crate::formats::{self, spanwise, workspace as workspace_file};
use crate::model::document::Document;
use crate::model::schema::Schema;
use crate::model::workspace::{Entry, Workspace};
use crate::session::Persist;
use crate::web::{self, storage};

/// How long after the last change the workspace is saved.
const SAVE_DELAY_MS: u32 = 300;

/// The article shown on first start, embedded in the build.
pub const SAMPLE_TEXT: &str = include_str!("../../samples/blinken-cairo-gaza.txt");
pub const SAMPLE_TITLE: &str = "Blinken in Cairo (sample)";

/// Whether the work on screen is in the browser's storage.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    Saved,
    Pending,
    /// Saving failed; the message says why and the person is offered the workspace export.
    Failed(String),
}

/// Writes the workspace to storage: documents changed since the last save, the texts not yet
/// stored, the index, and removes documents that left the workspace.
pub struct Saver {
    state: SaveState,
    /// Documents changed since the last save.
    dirty: BTreeSet<String>,
    /// The text last written to storage for each document id (a document's text never
    /// changes; one replaced by an import has a new text, so it is compared by identity).
    stored_texts: HashMap<String, Rc<str>>,
    /// Every document id in storage, so that the ones gone from the workspace are removed.
    stored_ids: HashSet<String>,
    timer: Option<Timeout>,
}

impl Saver {
    pub fn state(&self) -> &SaveState {
        &self.state
    }

    /// Notes what changed and saves a moment later; `save` is called when the time comes.
    pub fn note(&mut self, what: &Persist, workspace: &Workspace, save: impl FnOnce() + 'static) {
        match what {
            Persist::Document(id) => {
                self.dirty.insert(id.to_string());
            }
            Persist::All => self.dirty.extend(
                workspace
                    .entries()
                    .iter()
                    .map(|e| e.editor.document().id.to_string()),
            ),
            Persist::Index => {}
        }
        if !matches!(self.state, SaveState::Failed(_)) {
            self.state = SaveState::Pending;
        }
        self.timer = Some(Timeout::new(SAVE_DELAY_MS, save));
    }

    /// Writes now what is waiting for the save delay, if anything is.
    pub fn flush_pending(&mut self, workspace: &Workspace) {
        if self.timer.is_some() {
            self.flush(workspace);
        }
    }

    /// Writes the changed documents and the index now. On failure the state says why, and the
    /// dirty marks stay so that the next save tries again.
    pub fn flush(&mut self, workspace: &Workspace) {
        self.timer = None;
        let present: HashSet<&str> = workspace
            .entries()
            .iter()
            .map(|e| &*e.editor.document().id)
            .collect();
        // The index lists every document, so each must be in storage: one never changed (the
        // sample on a first visit) is written at the first save too.
        for id in &present {
            if !self.stored_ids.contains(*id) {
                self.dirty.insert(id.to_string());
            }
        }
        let mut result = Ok(());
        for id in std::mem::take(&mut self.dirty) {
            if result.is_err() {
                // Not written: it stays marked for the next save.
                self.dirty.insert(id);
                continue;
            }
            let Some(index) = workspace.position(&id) else {
                continue;
            };
            let editor = &workspace.entries()[index].editor;
            let text = editor.document().shared_text();
            if !self
                .stored_texts
                .get(&id)
                .is_some_and(|stored| Rc::ptr_eq(stored, &text))
            {
                if let Err(e) = storage::write_text(&id, &text) {
                    result = Err(e);
                    self.dirty.insert(id);
                    continue;
                }
                self.stored_texts.insert(id.clone(), text);
            }
            let file = spanwise::export_without_text(editor.document(), editor.schema());
            let json = serde_json::to_string(&file).expect("a Spanwise file always serialises");
            match storage::write_document(&id, &json) {
                Ok(()) => {
                    self.stored_ids.insert(id);
                }
                Err(e) => {
                    result = Err(e);
                    self.dirty.insert(id);
                }
            }
        }
        if result.is_ok() {
            let index = serde_json::to_string(&workspace_file::stored_index(workspace))
                .expect("an index always serialises");
            result = storage::write_index(&index);
        }
        // Documents no longer in the workspace go from storage once the index no longer lists
        // them; one that cannot be removed is tried again at the next save.
        if result.is_ok() {
            let gone: Vec<String> = self
                .stored_ids
                .iter()
                .filter(|id| !present.contains(id.as_str()))
                .cloned()
                .collect();
            for id in gone {
                if storage::remove_document(&id).is_ok() {
                    self.stored_ids.remove(&id);
                    self.stored_texts.remove(&id);
                }
            }
        }
        self.state = match result {
            Ok(()) => SaveState::Saved,
            Err(e) => SaveState::Failed(format!(
                "Not saved: {e}. Export the workspace to keep your work."
            )),
        };
    }
}

/// A stored document: its annotations, with its text stored apart (then `true`) — or, as
/// earlier versions stored it, the whole file.
fn read_stored(id: &str, json: &str) -> Result<(Document, Schema, bool), String> {
    match storage::read_text(id) {
        Ok(Some(text)) => spanwise::import_with_text(json, text)
            .map(|(d, s)| (d, s, true))
            .map_err(|e| e.to_string()),
        Ok(None) => spanwise::import_json(json)
            .map(|(d, s)| (d, s, false))
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

fn sample() -> Entry {
    Entry::new(
        Document::new(
            &formats::document_id(SAMPLE_TEXT),
            SAMPLE_TITLE,
            SAMPLE_TEXT,
        ),
        Schema::default(),
    )
}

/// The workspace kept in the browser, or the sample article on a first visit, with the saver
/// that keeps it. A stored document that cannot be read is left in storage untouched and
/// reported, never overwritten.
pub fn load_workspace() -> (Workspace, Saver) {
    let mut saver = Saver {
        state: SaveState::Saved,
        dirty: BTreeSet::new(),
        stored_texts: HashMap::new(),
        stored_ids: HashSet::new(),
        timer: None,
    };
    let index = match storage::read_index() {
        Ok(Some(json)) => json,
        Ok(None) => return (Workspace::new(sample()), saver),
        Err(e) => {
            saver.state = SaveState::Failed(format!(
                "Not saved: {e}. Export the workspace to keep your work."
            ));
            return (Workspace::new(sample()), saver);
        }
    };
    let index = match workspace_file::read_index(&index) {
        Ok(index) => index,
        Err(e) => {
            saver.state = SaveState::Failed(format!(
                "The stored workspace could not be read ({e}); it was left as it is."
            ));
            return (Workspace::new(sample()), saver);
        }
    };
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for stored in &index.documents {
        match storage::read_document(&stored.id) {
            Ok(Some(json)) => match read_stored(&stored.id, &json) {
                Ok((document, schema, text_apart)) => {
                    if text_apart {
                        saver
                            .stored_texts
                            .insert(stored.id.to_string(), document.shared_text());
                    }
                    saver.stored_ids.insert(stored.id.to_string());
                    let mut entry = Entry::new(document, schema);
                    entry.done = stored.done;
                    entries.push(entry);
                }
                Err(e) => problems.push(format!("“{}”: {e}", stored.title)),
            },
            Ok(None) => problems.push(format!("“{}” is missing from storage", stored.title)),
            Err(e) => problems.push(format!("“{}”: {e}", stored.title)),
        }
    }
    let current = entries
        .iter()
        .position(|e| *e.editor.document().id == *index.current)
        .unwrap_or(0);
    if !problems.is_empty() {
        saver.state = SaveState::Failed(format!(
            "Some stored documents could not be opened and were left untouched: {}",
            problems.join("; ")
        ));
    }
    let workspace =
        Workspace::from_entries(entries, current).unwrap_or_else(|| Workspace::new(sample()));
    (workspace, saver)
}

/// Calls `save` whenever the page may be about to go away — hidden (another tab, the phone's
/// home screen), hidden for good (`pagehide`: reload, navigation, closing) or unloading — so
/// that a change made less than the save delay before is not lost. `localStorage` writes are
/// synchronous, so what `save` writes is stored before the page goes.
pub fn on_leave(save: Rc<dyn Fn()>) -> Vec<EventListener> {
    let window = web::window();
    let (on_hide, on_unload) = (Rc::clone(&save), Rc::clone(&save));
    vec![
        EventListener::new(&window, "pagehide", move |_| on_hide()),
        EventListener::new(&window, "beforeunload", move |_| on_unload()),
        EventListener::new(&web::document(), "visibilitychange", move |_| {
            if web::document().hidden() {
                save();
            }
        }),
    ]
}
