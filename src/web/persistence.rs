//! Keeping the workspace in the browser's database: reading it at start (moving an earlier
//! version's `localStorage` workspace over first), and a [`Keeper`] that writes each change
//! once it is painted (a frame or two later), through the [`Saver`] that decides what each write carries.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::EventListener;
use idb::Database;

use crate::formats;
use crate::model::document::Document;
use crate::model::schema::Schema;
use crate::model::workspace::{Entry, Workspace};
use crate::session::Persist;
use crate::store::load::{self, assemble, assemble_first, from_local, Records, Rest};
use crate::store::saver::{SaveState, Saver};
use crate::store::{StorageError, DOCS, META, TEXTS};
use crate::web::{self, idb as db, storage};

/// The article shown on first start, embedded in the build.
pub const SAMPLE_TEXT: &str = include_str!("../../samples/blinken-cairo-gaza.txt");
pub const SAMPLE_TITLE: &str = "Blinken in Cairo (sample)";

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

/// How a write ended, for the root to hand back to [`Keeper::completed`].
pub type Written = Rc<dyn Fn(u64, Result<(), StorageError>)>;

/// Where documents read back from storage go, with what could not be read.
pub type ReadBack = Rc<dyn Fn(Vec<(Document, Schema)>, Vec<String>)>;

/// Storage used, available, and whether the browser keeps it (for the Documents tab).
pub type Usage = (f64, f64, bool);

/// The database, the saver, and the write scheduled after the next paint.
pub struct Keeper {
    database: Option<Rc<Database>>,
    saver: Saver,
    scheduled: Option<Scheduled>,
    /// Whether persistent storage was asked for (once the workspace holds real work).
    asked_to_persist: Rc<Cell<bool>>,
    usage: Option<Usage>,
    /// When the usage was last asked for (ms), so that a burst of writes asks once.
    usage_asked: f64,
}

/// When the next write starts: after two paints, or (while the text is typed) at a pause.
enum Scheduled {
    AfterPaint(#[allow(dead_code)] web::AfterTwoPaints),
    AtPause(#[allow(dead_code)] gloo::timers::callback::Timeout),
}

/// While the text is typed, a write waits for a pause this long: writing a long article's
/// text on every key would take the main thread from the typing (issue 16).
const TYPING_PAUSE_MS: u32 = 1000;

/// How often, at most, the usage is asked for again after writes.
const USAGE_EVERY_MS: f64 = 2000.0;

impl Keeper {
    fn new(database: Option<Rc<Database>>, saver: Saver) -> Keeper {
        Keeper {
            database,
            saver,
            scheduled: None,
            asked_to_persist: Rc::default(),
            usage: None,
            usage_asked: f64::NEG_INFINITY,
        }
    }

    pub fn state(&self) -> &SaveState {
        self.saver.state()
    }

    /// True while a write waits for the paint or has not completed.
    pub fn busy(&self) -> bool {
        self.scheduled.is_some() || self.saver.writing()
    }

    pub fn usage(&self) -> Option<Usage> {
        self.usage
    }

    /// Asks the browser how much is stored; `done` gets the answer. After a write, asked at
    /// most every two seconds unless `now` is forced.
    pub fn refresh_usage(&mut self, force: bool, done: Rc<dyn Fn(Option<Usage>)>) {
        let now = web::now();
        if !force && now - self.usage_asked < USAGE_EVERY_MS {
            return;
        }
        self.usage_asked = now;
        wasm_bindgen_futures::spawn_local(async move { done(db::usage().await) });
    }

    /// The rest of the workspace is in it now (see [`Saver::opened`]).
    pub fn opened(&mut self, workspace: &Workspace) {
        self.saver.opened(load::texts_of(workspace.entries()));
    }

    /// Whether storage holds the document as the workspace has it (see [`Saver::holds`]).
    pub fn holds(&self, id: &str) -> bool {
        self.saver.holds(id)
    }

    /// Reads resting documents back; `done` gets them, with what could not be read.
    pub fn read_documents(&self, ids: Vec<String>, done: ReadBack) {
        let Some(database) = self.database.clone() else {
            done(Vec::new(), vec![StorageError::Unavailable.to_string()]);
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            match db::read_documents(&database, &ids).await {
                Ok(documents) => {
                    let records = Records {
                        documents,
                        ..Records::default()
                    };
                    let (documents, problems) = load::documents_of(&ids, &records);
                    done(documents, problems);
                }
                Err(e) => done(Vec::new(), vec![e.to_string()]),
            }
        });
    }

    /// Deletes, with the next write, stored records no list record names — except those of
    /// documents in the workspace (imported meanwhile).
    pub fn delete_orphans(&mut self, ids: Vec<String>, workspace: &Workspace) {
        let here: std::collections::HashSet<&str> = workspace
            .entries()
            .iter()
            .map(|e| e.document_id().as_str())
            .collect();
        let orphans: Vec<String> = ids
            .into_iter()
            .filter(|id| !here.contains(id.as_str()))
            .collect();
        if !orphans.is_empty() {
            self.saver.delete_orphans(orphans);
        }
    }

    /// Storage cannot be trusted as it is (documents that could not be read): the toolbar says
    /// so.
    pub fn fail(&mut self, message: String) {
        self.saver.fail(message);
    }

    pub fn set_usage(&mut self, usage: Option<Usage>) {
        self.usage = usage;
    }

    /// Notes what changed; `wake` is called to write it once the change is painted and the
    /// next frame has begun (a frame or two: the write, which on a long article serialises
    /// thousands of annotations, never holds up the edit's own frame).
    pub fn note(&mut self, what: &Persist, workspace: &Workspace, wake: impl FnOnce() + 'static) {
        self.saver.note(what, workspace);
        if self.scheduled.is_none() {
            self.scheduled = Some(Scheduled::AfterPaint(web::after_two_paints(wake)));
        }
    }

    /// Notes a change made while the text is typed: its write waits until the typing pauses
    /// (each key puts it off again). Leaving the page writes at once, as ever.
    pub fn note_typing(
        &mut self,
        what: &Persist,
        workspace: &Workspace,
        wake: impl FnOnce() + 'static,
    ) {
        self.saver.note(what, workspace);
        let timeout = gloo::timers::callback::Timeout::new(TYPING_PAUSE_MS, wake);
        self.scheduled = Some(Scheduled::AtPause(timeout));
    }

    /// Starts the next write, if one waits; `force` starts it even with one in flight (the page
    /// may be going away).
    pub fn write(&mut self, workspace: &Workspace, force: bool, done: Written) {
        self.scheduled = None;
        let Some(batch) = self.saver.take_batch(workspace, force) else {
            return;
        };
        let Some(database) = &self.database else {
            self.saver
                .completed(batch.id, Err(StorageError::Unavailable));
            return;
        };
        match db::write(database, &batch) {
            Ok(written) => {
                let id = batch.id;
                wasm_bindgen_futures::spawn_local(async move { done(id, written.await) });
            }
            Err(e) => self.saver.completed(batch.id, Err(e)),
        }
    }

    /// Remembers the person's annotator name (or forgets it) in the settings store. Like the
    /// theme, a name the browser refuses to store still applies to this visit.
    pub fn remember_annotator(&self, name: Option<&str>) {
        self.remember_setting(crate::store::ANNOTATOR_KEY, name);
    }

    /// Keeps the trained model with the settings (or forgets it). A model the browser refuses
    /// to store still suggests for this visit.
    pub fn remember_model(&self, json: Option<&str>) {
        self.remember_setting(crate::store::MODEL_KEY, json);
    }

    /// Writes one setting (or deletes it) in a task of its own; a refused write is let go.
    fn remember_setting(&self, key: &str, value: Option<&str>) {
        let Some(database) = &self.database else {
            return;
        };
        if let Ok(written) = db::write_setting(database, key, value) {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = written.await;
            });
        }
    }

    /// Reads the stored model; `done` gets its JSON, `None` when there is none (or no
    /// database).
    pub fn read_model(&self, done: impl FnOnce(Option<String>) + 'static) {
        self.read_setting(crate::store::MODEL_KEY, done);
    }

    /// Keeps the team room and its state with the settings (`None`: forget it).
    pub fn remember_room(&self, json: Option<&str>) {
        self.remember_setting(crate::store::ROOM_KEY, json);
    }

    /// Reads the team room kept by [`Keeper::remember_room`].
    pub fn read_room(&self, done: impl FnOnce(Option<String>) + 'static) {
        self.read_setting(crate::store::ROOM_KEY, done);
    }

    fn read_setting(&self, key: &'static str, done: impl FnOnce(Option<String>) + 'static) {
        let Some(database) = self.database.clone() else {
            return done(None);
        };
        wasm_bindgen_futures::spawn_local(async move {
            done(db::read_setting(&database, key).await.ok().flatten());
        });
    }

    /// A write ended; true when another waits (changes made meanwhile).
    pub fn completed(
        &mut self,
        id: u64,
        result: Result<(), StorageError>,
        workspace: &Workspace,
    ) -> bool {
        let ok = result.is_ok();
        self.saver.completed(id, result);
        if ok && !self.asked_to_persist.get() && holds_real_work(workspace) {
            self.asked_to_persist.set(true);
            wasm_bindgen_futures::spawn_local(async {
                db::persist().await;
            });
        }
        !self.saver.writing() && self.saver.wants_write(workspace)
    }
}

/// More than the untouched sample: worth asking the browser to keep.
fn holds_real_work(workspace: &Workspace) -> bool {
    workspace.entries().len() > 1
        || workspace
            .entries()
            .iter()
            .any(|e| e.summary().annotations > 0)
}

/// A workspace of more documents than this opens with its open document first, the rest
/// read after the first paint.
const OPEN_AT_ONCE: usize = 50;
/// Documents read (and parsed) per task while the rest of a workspace opens.
const READ_PER_TASK: usize = 100;

/// The documents still to read after the first paint, with their list records.
pub struct Opening {
    first: String,
    pub rest: Rest,
}

/// The workspace at start, its keeper, and what is still to read.
pub struct Start {
    pub workspace: Workspace,
    pub keeper: Keeper,
    pub opening: Option<Opening>,
    /// The person's annotator name, when set.
    pub annotator: Option<String>,
}

/// A part of the rest, read: its entries (before the open document or after it), what could
/// not be read, and how many documents were read so far.
pub struct OpenedPart {
    pub before: bool,
    pub entries: Vec<Entry>,
    pub problems: Vec<String>,
    /// Stored texts and annotations no list record named at start (in the last part).
    pub orphans: Vec<String>,
}

impl Opening {
    /// Reads the rest in parts, each part in a task of its own; `part` gets each, `done` the
    /// end (with an error when the database stopped answering). A part is read by its list
    /// records and texts (a document rests), its annotations only where its list record is of
    /// an earlier version. Documents listed but missing from the order come last.
    pub fn read(
        self,
        keeper: &Keeper,
        part: Rc<dyn Fn(OpenedPart)>,
        done: Rc<dyn Fn(Option<String>)>,
    ) {
        let Some(database) = keeper.database.clone() else {
            done(Some(StorageError::Unavailable.to_string()));
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            let mut seen: std::collections::HashSet<String> = self
                .rest
                .before
                .iter()
                .chain(&self.rest.after)
                .cloned()
                .collect();
            seen.insert(self.first.clone());
            let read_part = |chunk: Vec<String>, before: bool| {
                let database = Rc::clone(&database);
                let part = Rc::clone(&part);
                async move {
                    let rows = db::read_keys(&database, &[META, TEXTS], &chunk).await?;
                    let rows = rows
                        .into_iter()
                        .map(|mut r| [r[0].take(), None, r[1].take()])
                        .collect();
                    let mut records = load::records_of(&chunk, rows);
                    let whole: Vec<String> = records
                        .metas
                        .iter()
                        .filter(|(_, meta)| !load::can_rest(meta))
                        .map(|(id, _)| id.clone())
                        .collect();
                    if !whole.is_empty() {
                        let docs = db::read_keys(&database, &[DOCS], &whole).await?;
                        for (id, mut doc) in whole.iter().zip(docs) {
                            records.documents.entry(id.clone()).or_default().0 = doc[0].take();
                        }
                    }
                    let listed = load::with_meta(&chunk, &records);
                    let (entries, problems) = load::read_resting(&listed, &records);
                    part(OpenedPart {
                        before,
                        entries,
                        problems,
                        orphans: Vec::new(),
                    });
                    Ok::<(), StorageError>(())
                }
            };
            for (before, ids) in [(true, self.rest.before), (false, self.rest.after)] {
                for chunk in ids.chunks(READ_PER_TASK) {
                    if let Err(e) = read_part(chunk.to_vec(), before).await {
                        return done(Some(e.to_string()));
                    }
                }
            }
            // Listed, but not in the order (it is written only with the documents it names:
            // a write refused, or a document imported as the page went away).
            let listed = match db::meta_keys(&database).await {
                Ok(keys) => keys,
                Err(e) => return done(Some(e.to_string())),
            };
            let extra: Vec<String> = listed
                .iter()
                .filter(|id| !seen.contains(*id))
                .cloned()
                .collect();
            for chunk in extra.chunks(READ_PER_TASK) {
                if let Err(e) = read_part(chunk.to_vec(), false).await {
                    return done(Some(e.to_string()));
                }
            }
            // The texts and annotations no list record names: documents removed in an
            // earlier visit, kept then so that an undo could list them again.
            if let Ok(keys) = db::stored_keys(&database).await {
                let listed: Vec<(String, String)> =
                    listed.into_iter().map(|id| (id, String::new())).collect();
                part(OpenedPart {
                    before: false,
                    entries: Vec::new(),
                    problems: Vec::new(),
                    orphans: load::orphans(&listed, &keys),
                });
            }
            done(None)
        });
    }
}

fn failed_start(database: Option<Rc<Database>>, message: String) -> Start {
    let mut saver = Saver::new(Vec::new(), None);
    saver.fail(message);
    Start {
        workspace: Workspace::new(sample()),
        opening: None,
        keeper: Keeper::new(database, saver),
        annotator: None,
    }
}

/// The workspace kept in the browser, or the sample article on a first visit. A stored
/// document that cannot be read is left in storage untouched and reported, never overwritten.
pub async fn start() -> Start {
    let database = match db::open().await {
        Ok(database) => Rc::new(database),
        Err(e) => {
            return failed_start(
                None,
                format!("Not saved: {e}. Export the workspace to keep your work."),
            )
        }
    };
    let unread = |e: StorageError| {
        // Not overwritten: without the database, nothing is written over what it holds.
        failed_start(
            None,
            format!("The stored workspace could not be read ({e}); it was left as it is."),
        )
    };
    // A large workspace: its settings, then the open document alone, before the first paint.
    let (order, current, annotator) = match db::read_settings(&database).await {
        Ok(settings) => settings,
        Err(e) => return unread(e),
    };
    if load::ordered_ids(order.as_deref()).len() > OPEN_AT_ONCE {
        if let Some(start) = start_with_first(&database, order.clone(), current.clone()).await {
            return Start { annotator, ..start };
        }
    }
    let mut records = match db::read_all_with(&database, order, current).await {
        Ok(records) => records,
        Err(e) => return unread(e),
    };
    let mut problems = Vec::new();
    if records.metas.is_empty() {
        if let Some(index) = storage::get(load::LOCAL_INDEX_KEY) {
            match migrate(&database, &index).await {
                Ok((moved, left)) => {
                    records = moved;
                    problems.extend(left);
                }
                Err(e) => problems.push(e),
            }
        }
    }
    let loaded = assemble(records, sample);
    problems.extend(loaded.problems);
    let mut saver = loaded.saver;
    if !problems.is_empty() {
        saver.fail(format!(
            "Some stored documents could not be opened and were left untouched: {}",
            problems.join("; ")
        ));
    }
    Start {
        workspace: loaded.workspace,
        opening: None,
        keeper: Keeper::new(Some(database), saver),
        annotator,
    }
}

/// A large workspace opens with its open document alone; the rest is read after the first
/// paint ([`Opening::read`]). `None` when that document cannot be read: then everything is
/// read at once, and the problem reported as usual.
async fn start_with_first(
    database: &Rc<Database>,
    order: Option<String>,
    current: Option<String>,
) -> Option<Start> {
    let (first, rest) = load::first_of_order(order.as_deref(), current.as_deref())?;
    let rows = db::read_keys(database, &[META, DOCS, TEXTS], std::slice::from_ref(&first))
        .await
        .ok()?;
    let rows = rows
        .into_iter()
        .map(|mut r| [r[0].take(), r[1].take(), r[2].take()])
        .collect();
    let mut records = load::records_of(std::slice::from_ref(&first), rows);
    records.order = order;
    records.current = current;
    let loaded = assemble_first(&records, &first, &rest)?;
    Some(Start {
        workspace: loaded.workspace,
        keeper: Keeper::new(Some(Rc::clone(database)), loaded.saver),
        opening: Some(Opening { first, rest }),
        annotator: None,
    })
}

/// Moves a workspace kept in `localStorage` by an earlier version into the database: written in
/// one transaction, read back, and only then are its keys removed (those of documents that could
/// not be read stay, with the index, and are reported). Returns the records read back and what
/// could not be moved.
async fn migrate(database: &Database, index: &str) -> Result<(Records, Vec<String>), String> {
    let left = |e: String| {
        format!("the workspace kept by an earlier version could not be moved ({e}); it was left as it is")
    };
    let local = from_local(index, storage::get).map_err(left)?;
    let problems = local.problems.clone();
    let current = local
        .current
        .as_deref()
        .and_then(|c| {
            local
                .entries
                .iter()
                .position(|e| e.document_id().as_str() == c)
        })
        .unwrap_or(0);
    let Some(workspace) = Workspace::from_entries(local.entries, current) else {
        return Ok((Records::default(), problems));
    };
    let mut saver = Saver::new(Vec::new(), None);
    let batch = saver
        .take_batch(&workspace, true)
        .expect("a workspace not yet stored has a first write");
    db::write(database, &batch)
        .map_err(|e| left(e.to_string()))?
        .await
        .map_err(|e| left(e.to_string()))?;
    let records = db::read_all(database)
        .await
        .map_err(|e| left(e.to_string()))?;
    let check = assemble(records.clone(), sample);
    let all_back = check.problems.is_empty()
        && local
            .read
            .iter()
            .all(|id| check.workspace.position(id).is_some());
    if !all_back {
        return Err(left("the copy did not read back whole".into()));
    }
    for id in &local.read {
        storage::remove(&load::local_text_key(id));
        storage::remove(&load::local_doc_key(id));
    }
    if problems.is_empty() {
        storage::remove(load::LOCAL_INDEX_KEY);
    }
    Ok((records, problems))
}

/// Calls `save` whenever the page may be about to go away — hidden (another tab, the phone's
/// home screen), hidden for good (`pagehide`: reload, navigation, closing) or unloading — so
/// that a change not yet written is. The write's requests are issued before `save` returns,
/// so the database has them before the page goes.
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
