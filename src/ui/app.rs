//! The root component. It owns the [`Editor`] and turns browser events into model commands;
//! the model decides, the view redraws what the reported [`Change`] touched.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::file::callbacks::FileReader;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::assist::search::{self, Query};
use crate::assist::{self, Progress, SpeakerRef, Suggester, Suggestion};
use crate::charts;
use crate::formats::interchange::{self, ExportFormat, InputFile, Opened};
use crate::formats::{self, spanwise, workspace as workspace_file, Diagnostic};
use crate::model::claim::ClaimAttributes;
use crate::model::command::{Change, Command, Editor, Speaker};
use crate::model::document::{
    is_wikidata_id, Annotation, AnnotationId, Document, Entity, EntityId, Place, SpanKind,
    CLAIM_LABEL, CUE,
};
use crate::model::identity::{suggest_group_for, suggest_groups};
use crate::model::keymap::{self, Action, KeyPress};
use crate::model::layout::{Layout, OverlayKind, OverlaySpan};
use crate::model::offsets::{CodePoint, CpRange};
use crate::model::schema::{parse_color, text_color_on, Label, Schema};
use crate::model::stats;
use crate::model::workspace::{Entry, ImportPlan, Workspace};
use crate::ui::annotation_list::{rows_of, AnnotationList, Row};
use crate::ui::claim_list::{ClaimList, ClaimRow};
use crate::ui::claim_panel::{ClaimPanel, SpeakerOption};
use crate::ui::diagnostics::DiagnosticsPanel;
use crate::ui::document_list::{DocumentList, DocumentRow};
use crate::ui::document_view::{colors_of, Colors, DocumentView, Emphasis, CLAIM_COLOR};
use crate::ui::entity_list::{EntityList, EntityRow, SuggestionRow};
use crate::ui::import_dialog::{ImportChoice, ImportDialog};
use crate::ui::new_document::NewDocumentDialog;
use crate::ui::schema_editor::{SchemaEdit, SchemaEditor};
use crate::ui::search_bar::SearchBar;
use crate::ui::shortcuts::ShortcutsOverlay;
use crate::ui::statistics::{ChartView, StatisticsPanel};
use crate::ui::suggestion_panel::{SuggestionPanel, SuggestionRow as SuggestedRow};
use crate::ui::text_field::TextField;
use crate::ui::theme_toggle::ThemeToggle;
use crate::web;
use crate::web::storage;

/// A file's bytes, or why the browser could not read it.
type ReadResult = Result<Vec<u8>, String>;

/// A workspace file read and checked, waiting for the person's choice.
struct PendingImport {
    name: String,
    entries: Vec<Entry>,
    current: Option<String>,
    plan: ImportPlan,
}

/// Whether the work on screen is in the browser's storage.
#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Saved,
    Pending,
    /// Saving failed; the message says why and the person is offered the workspace export.
    Failed(String),
}

/// Documents up to this many code points (about ten news articles) get their suggestions
/// computed on load and again just after every change, in a task of its own so that the edit
/// itself paints first; longer ones are computed on demand, in steps.
const SUGGEST_AT_ONCE: usize = 50_000;
/// Code points of suggestion work per step on long documents: a step stays well under a frame
/// budget's worth of blocking, and the progress bar moves.
const SUGGEST_STEP: usize = 30_000;

/// How long after the last change the workspace is saved: short enough that nothing on screen
/// a second ago is lost, long enough that a burst of edits is saved once.
const SAVE_DELAY_MS: u32 = 300;

/// How many entities the statistics panel ranks by mentions.
const TOP_ENTITIES: usize = 10;

/// Lists derived from the document; `None` until first needed after a change.
#[derive(Default)]
struct DerivedLists {
    claim_rows: Option<Rc<Vec<ClaimRow>>>,
    entity_rows: Option<Rc<Vec<EntityRow>>>,
    suggestions: Option<Rc<Vec<SuggestionRow>>>,
    speaker_options: Option<Rc<Vec<SpeakerOption>>>,
}

/// The text of a mention, or its id when it no longer exists.
fn mention_text(document: &Document, id: &AnnotationId) -> String {
    document
        .annotation(id)
        .map_or_else(|| id.to_string(), |a| document.slice(a.range).to_string())
}

/// The key that marks the selection as a claim (unless a label of the schema uses it).
pub const CLAIM_KEY: char = 'c';

/// The lists the side panel can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SideTab {
    Documents,
    Suggestions,
    Annotations,
    Claims,
    Entities,
}

/// The article shown on first start, embedded in the build.
pub const SAMPLE_TEXT: &str = include_str!("../../samples/blinken-cairo-gaza.txt");
pub const SAMPLE_TITLE: &str = "Blinken in Cairo (sample)";

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Info(String),
    Error(String),
}

/// What the page-wide key listener must know at once, before the app has seen the key: whether
/// Tab and Shift+Tab have an annotation to go to (else they move focus as usual), and whether a
/// dialog has the keyboard. The app writes it after every render.
#[derive(Clone, Copy, Debug, Default)]
struct KeyState {
    next: bool,
    previous: bool,
    dialog: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FocusTarget {
    /// The selected span's panel: the claim panel's first field, or the entity box's.
    Details,
    Shortcuts,
    Statistics,
    Article,
}

/// The first control of the panel that Enter opens for the selected span.
const DETAILS_FOCUS: &str = "[data-testid=\"claim-panel\"] select, [data-testid=\"claim-panel\"] button, [data-testid=\"entity-box\"] input, [data-testid=\"entity-box\"] button, .entity-box button";

/// The caret in the article: its offset, and where to draw it (left, top, height in pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Caret {
    at: CodePoint,
    drawn: (f64, f64, f64),
}

pub enum Msg {
    SelectionChanged,
    Key(KeyPress),
    ShowShortcuts(bool),
    ShowStatistics(bool),
    ShowError(String),
    RefreshRows,
    ApplyLabel(Rc<str>),
    DocumentClick(MouseEvent),
    Pick(AnnotationId),
    DeleteSelected,
    Undo,
    Redo,
    Export,
    ExportAs(ExportFormat),
    ExportWorkspace,
    ExportSchema,
    OpenFiles(Vec<web_sys::File>),
    Loaded {
        index: usize,
        name: String,
        result: Result<Vec<u8>, String>,
    },
    ImportChoice(ImportChoice),
    SwitchDocument(usize),
    SetDone(usize, bool),
    RemoveDocument(usize),
    Save,
    ShowSchemaEditor(bool),
    EditSchema(SchemaEdit),
    DismissDiagnostics,
    Suggest,
    /// Suggestions for an article, computed after the first paint and after each edit.
    RefreshSuggestions,
    SuggestStep,
    AcceptSuggestion(String),
    RejectSuggestion(String),
    PickSuggestion(String),
    AcceptAll(Option<Rc<str>>),
    Search(Option<Query>),
    TagMatches(Rc<str>),
    ShowNewDialog(bool),
    Create {
        title: String,
        text: String,
    },
    DismissStatus,
    TagClaim,
    /// A label button pressed: tags the selection, relabels the selected span, or else arms
    /// the label so that every selection is tagged on mouse release.
    ClickLabel(Rc<str>),
    /// The mouse was released over the article.
    DocumentMouseUp,
    Hover(Option<AnnotationId>),
    SetSpeaker(Speaker),
    PickSpeaker(bool),
    SetCue,
    SetClaim(ClaimAttributes),
    Group(Vec<AnnotationId>),
    GroupSameName(AnnotationId),
    Ungroup(AnnotationId),
    EditEntity {
        id: EntityId,
        name: String,
        wikidata: String,
    },
    Tab(SideTab),
}

pub struct App {
    workspace: Workspace,
    link: html::Scope<App>,
    layout: Rc<Layout>,
    colors: Colors,
    rows: Rc<Vec<Row>>,
    selected: Option<AnnotationId>,
    /// The text selection in the article, in code points, kept from the last `selectionchange`.
    pending: Option<CpRange>,
    status: Option<Status>,
    new_dialog: bool,
    readers: Vec<FileReader>,
    /// Files being read, in the order chosen; opened together once all have arrived.
    loading: Vec<(String, Option<ReadResult>)>,
    /// A workspace file waiting for the person to choose merge or replace.
    pending_import: Option<PendingImport>,
    diagnostics: Option<(AttrValue, Rc<Vec<Diagnostic>>)>,
    schema_editor: bool,
    export_format: ExportFormat,
    save: SaveState,
    /// Documents changed since the last save, and documents removed since then.
    dirty: std::collections::BTreeSet<String>,
    removed: Vec<String>,
    /// The text last written to storage for each document id (see `flush`).
    stored_texts: HashMap<String, Rc<str>>,
    save_timer: Option<gloo::timers::callback::Timeout>,
    /// The mention list's rebuild after an edit, once the edit is painted.
    rows_refresh: Option<web::AfterPaint>,
    document_ref: NodeRef,
    /// An annotation to scroll to once the DOM shows it.
    scroll_to: Option<AnnotationId>,
    hovered: Option<AnnotationId>,
    /// The label that tags every selection on mouse release, if one is armed.
    armed: Option<Rc<str>>,
    /// What a screen reader announces after a span is tagged or removed ("PERSON: Abbas Kamel").
    announcement: String,
    /// Suggestion work in progress on a long document, and where it is.
    suggester: Option<Suggester>,
    progress: Option<Progress>,
    /// Computed suggestions (rejected ones and ones already accepted are left out when drawn).
    suggestions: Rc<Vec<Suggestion>>,
    current_suggestion: Option<String>,
    search: Option<Query>,
    matches: Rc<Vec<CpRange>>,
    search_error: Option<String>,
    /// Suggestions and search matches as drawn over the text, sorted.
    overlays: Rc<Vec<OverlaySpan>>,
    suggest_timer: Option<gloo::timers::callback::Timeout>,
    /// When the running suggestion work started, and the longest step so far (ms).
    suggest_clock: (f64, f64),
    /// The last suggestion run: total and longest step, in milliseconds.
    suggest_timing: Option<(f64, f64)>,
    /// True while the next click on an entity in the text sets the selected claim's speaker.
    picking_speaker: bool,
    side_tab: SideTab,
    /// Lists derived from the document, built when first shown after a change: on a long
    /// document, rebuilding every list on every edit would cost more than the edit.
    lists: RefCell<DerivedLists>,
    /// The text caret in the article, when the selection there is collapsed.
    caret: Option<Caret>,
    shortcuts_open: bool,
    /// The charts of the statistics panel while it is open (computed when it opens; the panel
    /// is modal, so nothing changes under it).
    statistics: Option<Rc<Vec<ChartView>>>,
    /// Where keyboard focus goes after the next render.
    focus_after_render: Option<FocusTarget>,
    key_state: Rc<RefCell<KeyState>>,
    _listeners: Vec<EventListener>,
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let (workspace, problem, stored_texts) = load_workspace();
        let key_state = Rc::new(RefCell::new(KeyState::default()));
        let document_ref = NodeRef::default();
        let listeners = global_listeners(ctx.link(), document_ref.clone(), Rc::clone(&key_state));
        let editor = &workspace.current().editor;
        let mut app = App {
            layout: Rc::new(Layout::new(editor.document())),
            colors: colors_of(editor.schema()),
            rows: rows_of(editor.document()),
            workspace,
            link: ctx.link().clone(),
            selected: None,
            pending: None,
            status: None,
            new_dialog: false,
            readers: Vec::new(),
            loading: Vec::new(),
            pending_import: None,
            diagnostics: None,
            schema_editor: false,
            export_format: ExportFormat::Spanwise,
            save: SaveState::Saved,
            dirty: Default::default(),
            removed: Vec::new(),
            save_timer: None,
            rows_refresh: None,
            stored_texts,
            document_ref,
            scroll_to: None,
            hovered: None,
            armed: None,
            announcement: String::new(),
            suggester: None,
            progress: None,
            suggestions: Rc::default(),
            current_suggestion: None,
            search: None,
            matches: Rc::default(),
            search_error: None,
            overlays: Rc::default(),
            suggest_timer: None,
            suggest_clock: (0.0, 0.0),
            suggest_timing: None,
            picking_speaker: false,
            side_tab: SideTab::Annotations,
            lists: RefCell::default(),
            caret: None,
            shortcuts_open: false,
            statistics: None,
            focus_after_render: None,
            key_state,
            _listeners: listeners,
        };
        if let Some(problem) = problem {
            app.save = SaveState::Failed(problem);
        }
        // After the first paint: the article shows first, its suggestions a moment later.
        let link = ctx.link().clone();
        app.suggest_timer = Some(gloo::timers::callback::Timeout::new(0, move || {
            link.send_message(Msg::RefreshSuggestions)
        }));
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::SelectionChanged => {
                let range = self.selection_range();
                let pending = range.filter(|range| !range.is_empty());
                let caret = range.and_then(|range| self.caret_at(range));
                let changed = pending != self.pending || caret != self.caret;
                self.pending = pending;
                self.caret = caret;
                changed
            }
            Msg::Key(key) => self.on_key(key),
            Msg::ShowError(message) => self.error(&message),
            Msg::RefreshRows => {
                self.rows_refresh = None;
                self.rows = rows_of(self.editor().document());
                true
            }
            Msg::ShowStatistics(open) => {
                self.statistics = open.then(|| Rc::new(self.charts()));
                self.focus_after_render = Some(if open {
                    FocusTarget::Statistics
                } else {
                    FocusTarget::Article
                });
                true
            }
            Msg::ShowShortcuts(open) => {
                self.shortcuts_open = open;
                self.focus_after_render = Some(if open {
                    FocusTarget::Shortcuts
                } else {
                    FocusTarget::Article
                });
                true
            }
            Msg::ApplyLabel(label) => self.apply_label(&label),
            Msg::DocumentClick(event) => {
                if !web::selection_is_collapsed() {
                    return false;
                }
                let ids: Vec<AnnotationId> = event
                    .target()
                    .map(|t| web::span_ids_at(&t))
                    .unwrap_or_default()
                    .iter()
                    .map(|id| AnnotationId::new(id))
                    .collect();
                // Alt+click (or Ctrl+click) on a name sets the selected claim's speaker in one action.
                let speaker_click = (event.alt_key() || event.ctrl_key() || event.meta_key())
                    && self.selected_claim().is_some();
                if self.picking_speaker || speaker_click {
                    return self.pick_speaker(&ids);
                }
                if let Some(suggestion) = event.target().and_then(|t| web::suggestion_id_at(&t)) {
                    self.current_suggestion = Some(suggestion);
                    self.selected = None;
                    self.refresh_overlays();
                    return true;
                }
                if self.current_suggestion.take().is_some() {
                    self.refresh_overlays();
                }
                let id = ids.into_iter().next();
                let changed = id != self.selected;
                self.selected = id;
                changed
            }
            Msg::Pick(id) => {
                self.scroll_to = Some(id.clone());
                self.selected = Some(id);
                true
            }
            Msg::DeleteSelected => match self.selected.clone() {
                Some(id) => self.run(Command::Remove(id)),
                None => false,
            },
            Msg::Undo => self.update_undo(),
            Msg::Redo => self.update_redo(),
            Msg::Export => self.export(ExportFormat::Spanwise),
            Msg::ExportAs(format) => {
                self.export_format = format;
                self.export(format)
            }
            Msg::ExportWorkspace => {
                let json = workspace_file::export_workspace(&self.workspace);
                let name = formats::download_name("spanwise-workspace", "json");
                self.download(&name, "application/json", &json)
            }
            Msg::ExportSchema => {
                let json = workspace_file::export_schema(self.editor().schema());
                let name = formats::download_name(&self.editor().document().title, "schema.json");
                self.download(&name, "application/json", &json)
            }
            Msg::OpenFiles(files) => {
                if files.is_empty() {
                    return false;
                }
                let names: Vec<String> = files.iter().map(|f| f.name()).collect();
                if let Some(f) = files
                    .iter()
                    .find(|f| f.size() > formats::MAX_FILE_BYTES as f64)
                {
                    return self.error(&format!(
                        "Not opened: {} is {:.1} MB; Spanwise opens files up to {} MB. Your work on screen is unchanged.",
                        f.name(),
                        f.size() / 1e6,
                        formats::MAX_FILE_BYTES / (1024 * 1024)
                    ));
                }
                self.loading = names.iter().map(|n| (n.clone(), None)).collect();
                self.readers = files
                    .into_iter()
                    .enumerate()
                    .map(|(index, file)| {
                        let link = ctx.link().clone();
                        let name = file.name();
                        let file = gloo::file::File::from(file);
                        gloo::file::callbacks::read_as_bytes(&file, move |result| {
                            let result = result.map_err(|e| e.to_string());
                            link.send_message(Msg::Loaded {
                                index,
                                name,
                                result,
                            });
                        })
                    })
                    .collect();
                self.info(&format!("Reading {}…", names.join(", ")))
            }
            Msg::Loaded {
                index,
                name,
                result,
            } => {
                if let Some(slot) = self.loading.get_mut(index).filter(|(n, _)| *n == name) {
                    slot.1 = Some(result);
                }
                if self.loading.iter().any(|(_, r)| r.is_none()) {
                    return false;
                }
                self.readers.clear();
                let loading = std::mem::take(&mut self.loading);
                let mut files = Vec::with_capacity(loading.len());
                for (name, result) in loading {
                    match result {
                        Some(Ok(bytes)) => files.push(InputFile { name, bytes }),
                        Some(Err(e)) => {
                            return self.error(&format!(
                                "{name} could not be read ({e}). Your work on screen is unchanged."
                            ))
                        }
                        None => return false,
                    }
                }
                self.open_loaded(files)
            }
            Msg::ImportChoice(choice) => {
                let Some(pending) = self.pending_import.take() else {
                    return false;
                };
                match choice {
                    ImportChoice::Cancel => self.info("Import cancelled; nothing changed"),
                    ImportChoice::Merge | ImportChoice::Replace => {
                        let n = pending.entries.len();
                        let removed: Vec<String> = if choice == ImportChoice::Replace {
                            pending
                                .plan
                                .dropped
                                .iter()
                                .map(ToString::to_string)
                                .collect()
                        } else {
                            Vec::new()
                        };
                        if choice == ImportChoice::Merge {
                            self.workspace.merge(pending.entries);
                        } else {
                            self.workspace.replace_all(pending.entries);
                        }
                        if let Some(index) =
                            pending.current.and_then(|id| self.workspace.position(&id))
                        {
                            self.workspace.switch_to(index);
                        }
                        self.removed.extend(removed);
                        self.mark_all_dirty();
                        self.reload_view();
                        self.info(&format!(
                            "{} {n} document(s) from {}",
                            if choice == ImportChoice::Merge {
                                "Merged"
                            } else {
                                "Replaced the workspace with"
                            },
                            pending.name
                        ))
                    }
                }
            }
            Msg::SwitchDocument(index) => {
                if index == self.workspace.current_index() || !self.workspace.switch_to(index) {
                    return false;
                }
                self.index_changed();
                self.reload_view();
                true
            }
            Msg::SetDone(index, done) => {
                self.workspace.set_done(index, done);
                self.index_changed();
                true
            }
            Msg::RemoveDocument(index) => match self.workspace.remove(index) {
                Some(entry) => {
                    let id = entry.editor.document().id.to_string();
                    self.dirty.remove(&id);
                    self.removed.push(id);
                    self.index_changed();
                    self.reload_view();
                    self.info(&format!(
                        "Removed “{}” from the workspace",
                        entry.editor.document().title
                    ))
                }
                None => false,
            },
            Msg::Save => {
                self.save_timer = None;
                self.flush();
                true
            }
            Msg::ShowSchemaEditor(show) => {
                self.schema_editor = show;
                true
            }
            Msg::EditSchema(edit) => self.edit_schema(edit),
            Msg::DismissDiagnostics => {
                self.diagnostics = None;
                true
            }
            Msg::Suggest => {
                self.start_suggestions(true);
                true
            }
            Msg::RefreshSuggestions => {
                self.suggest_timer = None;
                self.start_suggestions(false);
                true
            }
            Msg::SuggestStep => self.suggest_step(),
            Msg::AcceptSuggestion(id) => self.accept_suggestion(&id),
            Msg::RejectSuggestion(id) => self.reject_suggestion(&id),
            Msg::PickSuggestion(id) => {
                self.current_suggestion = Some(id.clone());
                self.selected = None;
                self.scroll_to = Some(AnnotationId::new(&id));
                self.refresh_overlays();
                true
            }
            Msg::AcceptAll(label) => self.accept_all(label.as_deref()),
            Msg::Search(query) => {
                self.search = query;
                self.run_search();
                self.refresh_overlays();
                true
            }
            Msg::TagMatches(label) => {
                let matches = Rc::clone(&self.matches);
                match search::tag_all(self.editor(), &matches, &label) {
                    Some(command) => {
                        let n = matches.len();
                        let changed = self.run(command);
                        self.info(&format!(
                            "Tagged {n} match(es) as {label} (one undo takes them back)"
                        ));
                        changed
                    }
                    None => self.info(&format!("Every match is tagged {label} already")),
                }
            }
            Msg::ShowNewDialog(show) => {
                self.new_dialog = show;
                true
            }
            Msg::Create { title, text } => {
                self.new_dialog = false;
                let document = Document::new(&formats::document_id(&text), &title, &text);
                let schema = self.editor().schema().clone();
                self.workspace.open(document, schema);
                self.index_changed();
                self.mark_dirty();
                self.reload_view();
                self.info(&format!("New document “{title}”"))
            }
            Msg::DismissStatus => {
                self.status = None;
                true
            }
            Msg::TagClaim => self.tag_claim(),
            Msg::ClickLabel(label) => {
                let has_target = self.pending.is_some() || self.selected.is_some();
                if self.armed.as_deref() == Some(&*label) {
                    self.armed = None;
                    true
                } else if has_target {
                    self.apply_label(&label)
                } else {
                    self.armed = Some(label);
                    true
                }
            }
            Msg::DocumentMouseUp => {
                let Some(label) = self.armed.clone() else {
                    return false;
                };
                self.pending = self.read_selection();
                match self
                    .pending
                    .and_then(|range| self.editor().tag(range, &label))
                {
                    Some(command) => {
                        web::clear_selection();
                        self.pending = None;
                        self.run(command)
                    }
                    None => false,
                }
            }
            Msg::Hover(id) => {
                let changed = id != self.hovered;
                self.hovered = id;
                changed
            }
            Msg::SetSpeaker(speaker) => match self.selected_claim() {
                Some(claim) if self.editor().speaker_of(&claim) == speaker => false,
                Some(claim) => {
                    self.picking_speaker = false;
                    let command = self.editor().set_speaker(&claim, speaker);
                    self.run_keeping_selection(command)
                }
                None => false,
            },
            Msg::PickSpeaker(on) => {
                self.picking_speaker = on && self.selected_claim().is_some();
                if self.picking_speaker {
                    self.info("Click the speaker's name in the text (Esc cancels)")
                } else {
                    true
                }
            }
            Msg::SetCue => {
                let (Some(claim), Some(range)) = (self.selected_claim(), self.pending) else {
                    return self.info(
                        "Select the cue in the text first, then press “Set cue from selection”",
                    );
                };
                match self.editor().set_cue(&claim, range) {
                    Some(command) => {
                        web::clear_selection();
                        self.pending = None;
                        self.run_keeping_selection(command)
                    }
                    None => false,
                }
            }
            Msg::SetClaim(attributes) => match self.selected_claim() {
                Some(id) => self.run_keeping_selection(Command::SetClaim {
                    id,
                    attributes: Box::new(attributes),
                }),
                None => false,
            },
            Msg::Group(mentions) => match self.editor().group(&mentions) {
                Some(command) => self.run_keeping_selection(command),
                None => self.info("These mentions are one entity already"),
            },
            Msg::GroupSameName(mention) => {
                let group = suggest_group_for(self.editor().document(), &mention);
                match group.and_then(|group| Some((group.len(), self.editor().group(&group)?))) {
                    Some((n, command)) => {
                        self.run_keeping_selection(command);
                        self.info(&format!("Grouped {n} mentions with the same name"))
                    }
                    None => self.info("No other mention with this name is outside its entity"),
                }
            }
            Msg::Ungroup(mention) => match self.editor().ungroup(&mention) {
                Some(command) => self.run_keeping_selection(command),
                None => false,
            },
            Msg::EditEntity { id, name, wikidata } => {
                let Some(entity) = self.editor().document().entity(&id).cloned() else {
                    return false;
                };
                let wikidata = wikidata.trim();
                if !wikidata.is_empty() && !is_wikidata_id(wikidata) {
                    return self.error(&format!(
                        "“{wikidata}” is not a Wikidata id: it is Q followed by a number, such as Q311440"
                    ));
                }
                let edited = Entity {
                    name: Rc::from(name.trim()),
                    wikidata: (!wikidata.is_empty()).then(|| Rc::from(wikidata)),
                    ..entity.clone()
                };
                if edited == entity {
                    return false;
                }
                self.run_keeping_selection(Command::PutEntity(edited))
            }
            Msg::Tab(tab) => {
                self.side_tab = tab;
                true
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let document = self.editor().document();
        let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
        let ondrop = link.callback(|e: DragEvent| {
            e.prevent_default();
            Msg::OpenFiles(
                e.data_transfer()
                    .and_then(|d| d.files())
                    .map(file_list)
                    .unwrap_or_default(),
            )
        });
        let onopen = link.callback(|e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let files = input.files().map(file_list).unwrap_or_default();
            // Let the same file be chosen again later.
            input.set_value("");
            Msg::OpenFiles(files)
        });
        let onexport_format = link.callback(|e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            Msg::ExportAs(ExportFormat::parse(&select.value()).unwrap_or(ExportFormat::Spanwise))
        });
        let selected_paragraphs = self.selected.as_ref().and_then(|id| {
            let a = document.annotation(id)?;
            let first = self.layout.paragraph_at(a.range.start);
            let last = self.layout.paragraph_at(CodePoint(a.range.end.0 - 1));
            Some((id.clone(), first, last))
        });
        html! {
                        <div class="app" {ondragover} {ondrop}
                data-suggestions={if self.suggest_timer.is_some() || self.suggester.is_some() { "pending" } else { "ready" }}>
                <header class="toolbar">
                    <h1 class="brand">{ "Spanwise" }</h1>
                    <span class="doc-title" data-testid="doc-title" title={document.id.to_string()}>
                        { document.title.to_string() }
                    </span>
                    <nav class="actions" aria-label="File and history">
                        <button type="button" onclick={link.callback(|_| Msg::ShowNewDialog(true))}>{ "New" }</button>
                        <label class="button" title="Open an article (.txt), a Spanwise, W3C, Label Studio, doccano or CoNLL file, a brat .txt with its .ann, a workspace or a schema file (or drop them on the page)">
                            { "Open" }
                            <input type="file" class="visually-hidden" multiple=true
                                accept=".txt,.json,.jsonl,.jsonld,.ann,.conf,.conll,.iob,.tsv,text/plain,application/json"
                                data-testid="open-file" onchange={onopen} />
                        </label>
                        <button type="button" onclick={link.callback(|_| Msg::Export)}>{ "Export JSON" }</button>
                        <select aria-label="Export as" data-testid="export-format" onchange={onexport_format}>
                            <option value="" selected=true disabled=true>{ "Export as…" }</option>
                            { for ExportFormat::ALL.iter().map(|f| html! {
                                <option value={f.key()}>{ f.name() }</option>
                            }) }
                        </select>
                        <button type="button" onclick={link.callback(|_| Msg::ExportWorkspace)}
                            title="All documents, schemas and annotations in one file">{ "Export workspace" }</button>
                        <button type="button" onclick={link.callback(|_| Msg::ShowSchemaEditor(true))}>{ "Labels…" }</button>
                        <button type="button" onclick={link.callback(|_| Msg::ShowStatistics(true))}
                            title="Charts of the labels, claims, coverage, entities and progress">{ "Statistics" }</button>
                        <button type="button" onclick={link.callback(|_| Msg::ShowShortcuts(true))}
                            title="Every keyboard shortcut (key ?)" aria-keyshortcuts="?">{ "Shortcuts" }</button>
                        <button type="button" onclick={link.callback(|_| Msg::Undo)}
                            disabled={!self.editor().can_undo()} title="Ctrl+Z">{ "Undo" }</button>
                        <button type="button" onclick={link.callback(|_| Msg::Redo)}
                            disabled={!self.editor().can_redo()} title="Ctrl+Shift+Z">{ "Redo" }</button>
                    </nav>
                    { self.view_save_state(ctx) }
                    <ThemeToggle />
                </header>
                                { self.view_labels(ctx) }
                { self.view_status(ctx) }
                <div class="visually-hidden" aria-live="polite" data-testid="announcer">{ self.announcement.clone() }</div>
                if let Some((title, diagnostics)) = &self.diagnostics {
                    <DiagnosticsPanel title={title.clone()} diagnostics={Rc::clone(diagnostics)}
                        ondismiss={link.callback(|_| Msg::DismissDiagnostics)} />
                }
                <main class="workspace">
                    <DocumentView layout={Rc::clone(&self.layout)} colors={Rc::clone(&self.colors)}
                        selected={selected_paragraphs} emphasis={self.emphasis()}
                        node_ref={self.document_ref.clone()} caret={self.caret.map(|c| c.drawn)}
                                                onclick={link.callback(Msg::DocumentClick)}
                        onmouseup={link.callback(|_| Msg::DocumentMouseUp)}
                        onmouseover={link.callback(|e: MouseEvent| {
                            Msg::Hover(e.target().and_then(|t| web::span_ids_at(&t).into_iter().next()).map(|id| AnnotationId::new(&id)))
                        })} />
                    <aside class={classes!("side", self.picking_speaker.then_some("picking"))} aria-label="Annotations">
                        { self.view_selected(ctx) }
                        { self.view_side_lists(ctx) }
                    </aside>
                </main>
                if let Some(charts) = &self.statistics {
                    <StatisticsPanel charts={Rc::clone(charts)} file_stem={document.id.to_string()}
                        onclose={link.callback(|_| Msg::ShowStatistics(false))}
                        onerror={link.callback(Msg::ShowError)} />
                }
                if self.shortcuts_open {
                    <ShortcutsOverlay schema={Rc::new(self.editor().schema().clone())}
                        onclose={link.callback(|_| Msg::ShowShortcuts(false))} />
                }
                if self.new_dialog {
                    <NewDocumentDialog
                        oncreate={link.callback(|(title, text)| Msg::Create { title, text })}
                        oncancel={link.callback(|_| Msg::ShowNewDialog(false))} />
                }
                if let Some(pending) = &self.pending_import {
                    <ImportDialog name={pending.name.clone()} plan={pending.plan.clone()}
                        onchoose={link.callback(Msg::ImportChoice)} />
                }
                if self.schema_editor {
                    <SchemaEditor schema={self.editor().schema().clone()} counts={self.label_counts()}
                        onedit={link.callback(Msg::EditSchema)} onexport={link.callback(|_| Msg::ExportSchema)}
                        onclose={link.callback(|_| Msg::ShowSchemaEditor(false))} />
                }
            </div>
        }
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        if let Some(id) = self.scroll_to.take() {
            web::scroll_to_span(id.as_str());
        }
        match self.focus_after_render.take() {
            Some(FocusTarget::Details) => {
                web::focus_first(DETAILS_FOCUS);
            }
            Some(FocusTarget::Shortcuts) => {
                web::focus_first("[data-testid=\"shortcuts\"] button");
            }
            Some(FocusTarget::Statistics) => {
                web::focus_first("[data-testid=\"statistics\"] button");
            }
            Some(FocusTarget::Article) => {
                web::focus(self.document_ref.cast::<web_sys::HtmlElement>())
            }
            None => {}
        }
        let neighbours = self.editor().document().neighbours(&self.place());
        *self.key_state.borrow_mut() = KeyState {
            next: neighbours.1.is_some(),
            previous: neighbours.0.is_some(),
            dialog: self.new_dialog
                || self.statistics.is_some()
                || self.schema_editor
                || self.pending_import.is_some()
                || self.shortcuts_open,
        };
    }
}

impl App {
    /// Computes suggestions for the open document: at once for an article (also on load), in
    /// steps with a progress bar for a long text — and for those only when asked, because tens
    /// of thousands of suggested spans drawn over a 1 MB text would slow every edit.
    fn start_suggestions(&mut self, asked: bool) {
        self.suggest_timer = None;
        let editor = &self.workspace.current().editor;
        if !asked && editor.document().len().0 > SUGGEST_AT_ONCE {
            self.suggester = None;
            self.progress = None;
            return;
        }
        let started = web::now();
        if editor.document().len().0 <= SUGGEST_AT_ONCE {
            self.suggester = None;
            self.progress = None;
            self.suggestions = Rc::new(assist::suggest(editor.document(), editor.schema()));
            let took = web::now() - started;
            self.suggest_timing = Some((took, took));
            self.refresh_overlays();
        } else {
            self.suggest_clock = (started, 0.0);
            let suggester = Suggester::new(editor.document(), editor.schema());
            self.progress = Some(suggester.progress());
            self.suggester = Some(suggester);
            self.schedule_suggest_step();
        }
    }

    /// After an edit on an article: suggestions are recomputed once the edit has painted.
    fn schedule_suggestion_refresh(&mut self) {
        if self.suggester.is_none() && self.editor().document().len().0 <= SUGGEST_AT_ONCE {
            let link = self.link.clone();
            self.suggest_timer = Some(gloo::timers::callback::Timeout::new(0, move || {
                link.send_message(Msg::RefreshSuggestions)
            }));
        }
    }

    fn schedule_suggest_step(&mut self) {
        let link = self.link.clone();
        self.suggest_timer = Some(gloo::timers::callback::Timeout::new(0, move || {
            link.send_message(Msg::SuggestStep)
        }));
    }

    /// One step of suggestion work; the page stays responsive between steps.
    fn suggest_step(&mut self) -> bool {
        let Some(suggester) = self.suggester.as_mut() else {
            return false;
        };
        let step_started = web::now();
        let progress = suggester.step(SUGGEST_STEP);
        self.suggest_clock.1 = self.suggest_clock.1.max(web::now() - step_started);
        self.progress = Some(progress);
        if progress.is_finished() {
            self.suggest_timing = Some((web::now() - self.suggest_clock.0, self.suggest_clock.1));
            let suggester = self.suggester.take().expect("a suggester is running");
            self.suggestions = Rc::new(suggester.into_suggestions());
            self.refresh_overlays();
        } else {
            self.schedule_suggest_step();
        }
        true
    }

    /// After an edit, suggestions where the edit was are dropped at once; an article's are
    /// then computed again in a task of their own (so tagging "Blinken" once suggests its other
    /// mentions), a long text's when asked.
    fn update_suggestions(&mut self, change: &Change) {
        if self.suggester.is_some() || change.ranges.is_empty() {
            return;
        }
        let kept: Vec<Suggestion> = self
            .suggestions
            .iter()
            .filter(|s| !change.ranges.iter().any(|r| r.overlaps(s.range)))
            .cloned()
            .collect();
        self.suggestions = Rc::new(kept);
    }

    /// The suggestions to show: not rejected, not already accepted as they are.
    fn visible_suggestions(&self) -> impl Iterator<Item = &Suggestion> {
        let document = self.editor().document();
        self.suggestions.iter().filter(move |s| {
            !document.is_rejected(&s.id)
                && !document
                    .annotations()
                    .iter()
                    .any(|a| a.range == s.range && a.label == s.label)
        })
    }

    fn suggestion_rows(&self) -> Rc<Vec<SuggestedRow>> {
        let document = self.editor().document();
        Rc::new(
            self.visible_suggestions()
                .map(|s| SuggestedRow {
                    id: s.id.clone(),
                    label: Rc::clone(&s.label),
                    preview: ellipsize(document.slice(s.range), 60),
                    detail: s.speaker.as_ref().map(|speaker| match speaker {
                        SpeakerRef::Annotation(id) => format!("— {}", mention_text(document, id)),
                        SpeakerRef::Suggested { range, .. } => {
                            format!("— {}", document.slice(*range))
                        }
                    }),
                })
                .collect(),
        )
    }

    fn find_suggestion(&self, id: &str) -> Option<Suggestion> {
        self.suggestions.iter().find(|s| s.id == id).cloned()
    }

    fn accept_suggestion(&mut self, id: &str) -> bool {
        let Some(suggestion) = self.find_suggestion(id) else {
            return false;
        };
        let next = self.next_suggestion_after(id, true);
        let command = assist::accept(&suggestion, self.editor());
        let changed = self.run(command);
        self.current_suggestion = next;
        self.refresh_overlays();
        changed
    }

    fn reject_suggestion(&mut self, id: &str) -> bool {
        let next = self.next_suggestion_after(id, true);
        let changed = self.run(Command::SetRejected {
            suggestion: Rc::from(id),
            rejected: true,
        });
        self.current_suggestion = next;
        self.refresh_overlays();
        changed
    }

    /// Accepts every visible suggestion (of one label, if given) in one undoable step.
    fn accept_all(&mut self, label: Option<&str>) -> bool {
        let chosen: Vec<Suggestion> = self
            .visible_suggestions()
            .filter(|s| label.is_none_or(|l| *s.label == *l))
            .cloned()
            .collect();
        // Each command is built against the state after the ones before it, on a scratch copy,
        // so that fresh ids never collide; the real editor then applies them as one batch.
        let mut scratch = Editor::new(
            self.editor().document().clone(),
            self.editor().schema().clone(),
        );
        let mut steps = Vec::new();
        for suggestion in &chosen {
            let command = assist::accept(suggestion, &scratch);
            if scratch.apply(command.clone()).is_ok() {
                steps.push(command);
            }
        }
        if steps.is_empty() {
            return self.info("No suggestion to accept");
        }
        let n = steps.len();
        let changed = self.run(Command::Batch(steps));
        self.current_suggestion = None;
        self.info(&format!(
            "Accepted {n} suggestion(s); one undo takes them all back"
        ));
        changed
    }

    /// The suggestion after (or before) `from` in text order, for N / Shift+N and for moving on
    /// after accepting or rejecting.
    fn next_suggestion_after(&self, from: &str, forward: bool) -> Option<String> {
        let visible: Vec<&Suggestion> = self.visible_suggestions().collect();
        if visible.is_empty() {
            return None;
        }
        let position = visible.iter().position(|s| s.id == from);
        let index = match (position, forward) {
            (Some(i), true) => (i + 1) % visible.len(),
            (Some(i), false) => (i + visible.len() - 1) % visible.len(),
            (None, _) => 0,
        };
        let next = &visible[index];
        (next.id != from).then(|| next.id.clone())
    }

    fn run_search(&mut self) {
        self.search_error = None;
        self.matches = Rc::new(match &self.search {
            None => Vec::new(),
            Some(query) => match search::find(self.editor().document(), query) {
                Ok(matches) => matches,
                Err(e) => {
                    self.search_error = Some(e.to_string());
                    Vec::new()
                }
            },
        });
    }

    /// Rebuilds the overlays (visible suggestions, search matches) and redraws the paragraphs
    /// where they changed.
    fn refresh_overlays(&mut self) {
        let mut overlays: Vec<OverlaySpan> = self
            .visible_suggestions()
            .map(|s| OverlaySpan {
                id: AnnotationId::new(&s.id),
                label: Rc::clone(&s.label),
                range: s.range,
                kind: OverlayKind::Suggestion,
            })
            .collect();
        overlays.extend(
            self.matches
                .iter()
                .enumerate()
                .map(|(i, range)| OverlaySpan {
                    id: AnnotationId::new(&format!("m{i}")),
                    label: Rc::from(""),
                    range: *range,
                    kind: OverlayKind::Match,
                }),
        );
        overlays.sort_by_key(|o| (o.range.start, std::cmp::Reverse(o.range.end)));
        let changed: Vec<CpRange> = {
            let old: std::collections::HashSet<(&str, CpRange)> = self
                .overlays
                .iter()
                .map(|o| (o.id.as_str(), o.range))
                .collect();
            let new: std::collections::HashSet<(&str, CpRange)> =
                overlays.iter().map(|o| (o.id.as_str(), o.range)).collect();
            old.symmetric_difference(&new).map(|(_, r)| *r).collect()
        };
        if !changed.is_empty() {
            let document = self.workspace.current().editor.document();
            Rc::make_mut(&mut self.layout).update_with_overlays(document, &overlays, &changed);
        }
        self.overlays = Rc::new(overlays);
    }

    fn editor(&self) -> &Editor {
        &self.workspace.current().editor
    }

    fn editor_mut(&mut self) -> &mut Editor {
        &mut self.workspace.current_mut().editor
    }

    fn export(&mut self, format: ExportFormat) -> bool {
        let exported =
            interchange::export(format, self.editor().document(), self.editor().schema());
        for file in &exported.files {
            if let Err(e) = web::download(&file.name, file.mime, &file.content) {
                return self.error(&format!("Could not download {}: {e:?}", file.name));
            }
        }
        let names: Vec<&str> = exported.files.iter().map(|f| f.name.as_str()).collect();
        if exported.left_out.is_empty() {
            self.diagnostics = None;
        } else {
            let lines = exported
                .left_out
                .iter()
                .map(|m| Diagnostic {
                    line: None,
                    message: m.clone(),
                })
                .collect();
            self.diagnostics = Some((
                format!("Not in the {} export", format.name()).into(),
                Rc::new(lines),
            ));
        }
        self.info(&format!("Downloaded {}", names.join(" and ")))
    }

    fn download(&mut self, name: &str, mime: &str, content: &str) -> bool {
        match web::download(name, mime, content) {
            Ok(()) => self.info(&format!("Downloaded {name}")),
            Err(e) => self.error(&format!("Could not download {name}: {e:?}")),
        }
    }

    /// Opens files that have been read: documents join the workspace, a workspace file waits
    /// for the person's choice, a schema applies to the open document.
    fn open_loaded(&mut self, files: Vec<InputFile>) -> bool {
        let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
        let names = names.join(", ");
        match interchange::open_files(&files, self.editor()) {
            Err(e) => self.error(&format!(
                "Not opened: {e}. Your work on screen is unchanged."
            )),
            Ok(Opened::Workspace { entries, current }) => {
                let ids: Vec<String> = entries
                    .iter()
                    .map(|e| e.editor.document().id.to_string())
                    .collect();
                let plan = self
                    .workspace
                    .plan_import(&ids.iter().map(String::as_str).collect::<Vec<_>>());
                self.pending_import = Some(PendingImport {
                    name: names,
                    entries,
                    current,
                    plan,
                });
                true
            }
            Ok(Opened::Schema(schema)) => {
                // Labels in use stay, so no span is left without its label.
                let mut merged = schema;
                for annotation in self.editor().document().annotations() {
                    if annotation.kind == SpanKind::Entity {
                        merged.ensure_label(&annotation.label);
                    }
                }
                self.run(Command::SetSchema(Box::new(merged)));
                self.info(&format!(
                    "Applied the label set from {names} to this document"
                ))
            }
            Ok(Opened::Documents {
                format,
                documents,
                unit,
                diagnostics,
                encoding,
            }) => {
                let n_documents = documents.len();
                let n_annotations: usize =
                    documents.iter().map(|(d, _)| d.annotations().len()).sum();
                let mut first = None;
                for (document, schema) in documents {
                    let index = self.workspace.open(document, schema);
                    first.get_or_insert(index);
                    let id = self.workspace.entries()[index]
                        .editor
                        .document()
                        .id
                        .to_string();
                    self.dirty.insert(id);
                }
                if let Some(first) = first {
                    self.workspace.switch_to(first);
                }
                self.index_changed();
                self.reload_view();
                let unit = match unit {
                    Some(formats::OffsetUnit::CodePoint) => "; offsets counted in code points",
                    Some(formats::OffsetUnit::Utf16) => {
                        "; offsets counted in UTF-16 units, converted"
                    }
                    Some(formats::OffsetUnit::Byte) => "; offsets counted in bytes, converted",
                    None => "",
                };
                let encoding = match encoding {
                    formats::decode::Encoding::Utf8 => String::new(),
                    other => format!("; decoded as {}", other.name()),
                };
                self.diagnostics = (!diagnostics.is_empty()).then(|| {
                    (
                        AttrValue::from(format!(
                            "{} problem(s) importing {names} — the rest imported",
                            diagnostics.len()
                        )),
                        Rc::new(diagnostics),
                    )
                });
                let documents = if n_documents == 1 {
                    String::new()
                } else {
                    format!("{n_documents} documents, ")
                };
                self.info(&format!(
                    "Opened {names} as {format} ({documents}{n_annotations} annotation{}{unit}{encoding})",
                    if n_annotations == 1 { "" } else { "s" }
                ))
            }
        }
    }

    /// Redraws everything after the open document changed (switch, open, import).
    fn reload_view(&mut self) {
        let editor = &self.workspace.current().editor;
        self.overlays = Rc::default();
        self.layout = Rc::new(Layout::new(editor.document()));
        self.colors = colors_of(editor.schema());
        self.rows = rows_of(editor.document());
        self.rows_refresh = None;
        self.current_suggestion = None;
        self.suggestions = Rc::default();
        self.run_search();
        self.start_suggestions(false);
        self.selected = None;
        self.pending = None;
        self.hovered = None;
        self.picking_speaker = false;
        *self.lists.borrow_mut() = DerivedLists::default();
    }

    /// The document list or the open document changed: the stored index must follow.
    fn index_changed(&mut self) {
        self.schedule_save();
    }

    fn mark_dirty(&mut self) {
        let id = self.editor().document().id.to_string();
        self.dirty.insert(id);
        self.schedule_save();
    }

    fn mark_all_dirty(&mut self) {
        let ids: Vec<String> = self
            .workspace
            .entries()
            .iter()
            .map(|e| e.editor.document().id.to_string())
            .collect();
        self.dirty.extend(ids);
        self.schedule_save();
    }

    fn schedule_save(&mut self) {
        if !matches!(self.save, SaveState::Failed(_)) {
            self.save = SaveState::Pending;
        }
        let link = self.link.clone();
        self.save_timer = Some(gloo::timers::callback::Timeout::new(
            SAVE_DELAY_MS,
            move || link.send_message(Msg::Save),
        ));
    }

    /// Writes the changed documents and the index to storage. On failure the state says why,
    /// and the dirty marks stay so that the next save tries again.
    fn flush(&mut self) {
        let mut result = Ok(());
        for id in std::mem::take(&mut self.removed) {
            if !self.dirty.contains(&id) && self.workspace.position(&id).is_none() {
                let _ = storage::remove_document(&id);
            }
        }
        let dirty: Vec<String> = self.dirty.iter().cloned().collect();
        for id in dirty {
            let Some(index) = self.workspace.position(&id) else {
                self.dirty.remove(&id);
                continue;
            };
            let editor = &self.workspace.entries()[index].editor;
            // The text is written once per document (it never changes; a document replaced by
            // an import has a new text, so it is compared by identity), the annotations on
            // every save.
            let text = editor.document().shared_text();
            if !self
                .stored_texts
                .get(&id)
                .is_some_and(|stored| Rc::ptr_eq(stored, &text))
            {
                if let Err(e) = storage::write_text(&id, &text) {
                    result = Err(e);
                    break;
                }
                self.stored_texts.insert(id.clone(), text);
            }
            let file = spanwise::export_without_text(editor.document(), editor.schema());
            let json = serde_json::to_string(&file).expect("a Spanwise file always serialises");
            match storage::write_document(&id, &json) {
                Ok(()) => {
                    self.dirty.remove(&id);
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        if result.is_ok() {
            let index = serde_json::to_string(&workspace_file::stored_index(&self.workspace))
                .expect("an index always serialises");
            result = storage::write_index(&index);
        }
        self.save = match result {
            Ok(()) => SaveState::Saved,
            Err(e) => SaveState::Failed(format!(
                "Not saved: {e}. Export the workspace to keep your work."
            )),
        };
    }

    fn view_save_state(&self, ctx: &Context<Self>) -> Html {
        match &self.save {
            SaveState::Saved => {
                html! { <span class="save-state" data-testid="save-state" role="status">{ "Saved" }</span> }
            }
            SaveState::Pending => {
                html! { <span class="save-state" data-testid="save-state" role="status">{ "Saving…" }</span> }
            }
            SaveState::Failed(message) => html! {
                <span class="save-state failed" data-testid="save-state" role="alert">
                    { message.clone() }
                    <button type="button" onclick={ctx.link().callback(|_| Msg::ExportWorkspace)}>{ "Export workspace" }</button>
                </span>
            },
        }
    }

    fn document_rows(&self) -> Rc<Vec<DocumentRow>> {
        Rc::new(
            self.workspace
                .entries()
                .iter()
                .map(|e| DocumentRow {
                    title: e.editor.document().title.to_string(),
                    n_annotations: e.editor.document().annotations().len(),
                    done: e.done,
                })
                .collect(),
        )
    }

    fn label_counts(&self) -> Vec<usize> {
        let document = self.editor().document();
        self.editor()
            .schema()
            .labels
            .iter()
            .map(|l| {
                document
                    .annotations()
                    .iter()
                    .filter(|a| a.kind == SpanKind::Entity && a.label == l.name)
                    .count()
            })
            .collect()
    }

    fn edit_schema(&mut self, edit: SchemaEdit) -> bool {
        let schema = self.editor().schema().clone();
        let with_label = |name: &str, change: &dyn Fn(&mut Label)| {
            let mut schema = schema.clone();
            if let Some(label) = schema.labels.iter_mut().find(|l| &*l.name == name) {
                change(label);
            }
            Command::SetSchema(Box::new(schema))
        };
        let command = match edit {
            SchemaEdit::Add { name, color, key } => {
                let name = name.trim().to_string();
                if name.is_empty() {
                    return self.error("A new label needs a name");
                }
                let color = match parse_color(&color) {
                    Ok(color) => color,
                    Err(e) => return self.error(&e.to_string()),
                };
                let key = key.trim().chars().next();
                if let Some(problem) = key.and_then(key_taken) {
                    return self.error(&problem);
                }
                let mut schema = schema.clone();
                schema.labels.push(Label {
                    name: Rc::from(name.as_str()),
                    color: Rc::from(color),
                    key,
                    description: Rc::from(""),
                });
                Command::SetSchema(Box::new(schema))
            }
            SchemaEdit::Rename { from, to } => match self.editor().rename_label(&from, &to) {
                Some(command) => command,
                None => return false,
            },
            SchemaEdit::Recolor { name, color } => match parse_color(&color) {
                Ok(color) => with_label(&name, &|l| l.color = Rc::from(color.as_str())),
                Err(e) => return self.error(&e.to_string()),
            },
            SchemaEdit::Rekey { name, key } => {
                let key = key.trim().chars().next();
                if let Some(problem) = key.and_then(key_taken) {
                    return self.error(&problem);
                }
                with_label(&name, &|l| l.key = key)
            }
            SchemaEdit::Delete { name, fate } => match self.editor().delete_label(&name, fate) {
                Some(command) => command,
                None => return false,
            },
        };
        self.run(command)
    }

    fn view_labels(&self, ctx: &Context<Self>) -> Html {
        let buttons = self.editor().schema().labels.iter().map(|label| {
            let name = Rc::clone(&label.name);
                        let onclick = ctx.link().callback(move |_| Msg::ClickLabel(Rc::clone(&name)));
            let armed = self.armed.as_deref() == Some(&*label.name);
            // Keep the text selection when the button is pressed with the mouse.
            let onmousedown = Callback::from(|e: MouseEvent| e.prevent_default());
            let title = match label.key {
                Some(key) => format!("{} (key {key})", label.description),
                None => label.description.to_string(),
            };
            html! {
                                <button type="button" class={classes!("label-button", armed.then_some("armed"))}
                    style={format!("--c:{};--t:{}", label.color, text_color_on(&label.color))}
                    data-label={label.name.to_string()}
                    aria-keyshortcuts={label.key.map(|k| k.to_string())}
                    aria-pressed={armed.to_string()}
                    {title} {onclick} {onmousedown}>
                    { label.name.to_string() }
                    if let Some(key) = label.key {
                        <kbd aria-hidden="true">{ key.to_string() }</kbd>
                    }
                </button>
            }
        });
        let hint = match (&self.armed, self.pending) {
            (Some(label), _) => format!("{label} is armed: every selection is tagged {label} when the mouse is released (Esc or click {label} to stop)"),
            (None, pending) => match pending {
            None if self.caret.is_some() => format!(
                "Caret at {} — Shift+arrows select, Tab goes to the next annotation, ? lists every key",
                self.caret.map_or(0, |c| c.at.0)
            ),
            Some(range) => format!(
                "Selected {}–{}: “{}” — press a label's key or button",
                range.start,
                range.end,
                ellipsize(self.editor().document().slice(range), 40)
            ),
                        None => "Select text in the article, then press a label's key or button (or click a label first to tag on release)".to_string(),
            },
        };
        html! {
            <div class="labels" role="toolbar" aria-label="Labels">
                <div class="label-buttons">
                    { for buttons }
                    <button type="button" class="label-button claim-button" style={format!("--c:{CLAIM_COLOR}")}
                        data-label={CLAIM_LABEL} aria-keyshortcuts="C"
                        title="A statement someone makes that could be checked (key C)"
                        onclick={ctx.link().callback(|_| Msg::TagClaim)}
                        onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())}>
                        { CLAIM_LABEL }<kbd aria-hidden="true">{ "C" }</kbd>
                    </button>
                </div>
                <span class="hint" id="article-help" data-testid="selection-hint">{ hint }</span>
            </div>
        }
    }

    fn view_status(&self, ctx: &Context<Self>) -> Html {
        let (class, text, role) = match &self.status {
            None => return html! { <div class="status" role="status" data-testid="status"></div> },
            Some(Status::Info(text)) => ("status", text, "status"),
            Some(Status::Error(text)) => ("status error", text, "alert"),
        };
        html! {
            <div class={class} role={role} data-testid={if role == "alert" { "error" } else { "status" }}>
                <span>{ text.clone() }</span>
                <button type="button" class="dismiss" aria-label="Dismiss message"
                    onclick={ctx.link().callback(|_| Msg::DismissStatus)}>{ "×" }</button>
            </div>
        }
    }

    fn view_side_lists(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let tab = |tab: SideTab, name: String| {
            let selected = self.side_tab == tab;
            html! {
                <button type="button" role="tab" aria-selected={selected.to_string()}
                    class={classes!("tab", selected.then_some("active"))}
                    onclick={link.callback(move |_| Msg::Tab(tab))}>{ name }</button>
            }
        };
        let list = match self.side_tab {
            SideTab::Documents => html! {
                <DocumentList rows={self.document_rows()} current={self.workspace.current_index()}
                    onswitch={link.callback(Msg::SwitchDocument)}
                    ondone={link.callback(|(i, done)| Msg::SetDone(i, done))}
                    onremove={link.callback(Msg::RemoveDocument)} />
            },
            SideTab::Suggestions => html! {
                                <SuggestionPanel rows={self.suggestion_rows()} progress={self.progress} timing={self.suggest_timing}
                    current={self.current_suggestion.clone()}
                    onpick={link.callback(Msg::PickSuggestion)} onaccept={link.callback(Msg::AcceptSuggestion)}
                    onreject={link.callback(Msg::RejectSuggestion)} onacceptall={link.callback(Msg::AcceptAll)}
                    onsuggest={link.callback(|_| Msg::Suggest)} />
            },
            SideTab::Annotations => html! {
                <AnnotationList rows={Rc::clone(&self.rows)} text={self.editor().document().shared_text()}
                    colors={Rc::clone(&self.colors)}
                    selected={self.selected.clone()} onpick={link.callback(Msg::Pick)} />
            },
            SideTab::Claims => html! {
                <ClaimList rows={self.claim_rows()} selected={self.selected.clone()}
                    onpick={link.callback(Msg::Pick)} />
            },
            SideTab::Entities => html! {
                <EntityList entities={self.entity_rows()} suggestions={self.suggestions()}
                    onpick={link.callback(Msg::Pick)} ongroup={link.callback(Msg::Group)} />
            },
        };
        let document = self.editor().document();
        let n_claims = document
            .annotations()
            .iter()
            .filter(|a| a.kind == SpanKind::Claim)
            .count();
        let n_entities = document.entities().len();
        let labels: Rc<Vec<Rc<str>>> = Rc::new(
            self.editor()
                .schema()
                .labels
                .iter()
                .map(|l| Rc::clone(&l.name))
                .collect(),
        );
        html! {
            <>
                <SearchBar n_matches={self.matches.len()} error={self.search_error.clone().map(AttrValue::from)}
                    {labels} onsearch={link.callback(Msg::Search)} ontag={link.callback(Msg::TagMatches)} />
                <div class="tabs" role="tablist" aria-label="Lists">
                                        { tab(SideTab::Documents, format!("Documents ({})", self.workspace.entries().len())) }
                    { tab(SideTab::Suggestions, format!("Suggested ({})", self.visible_suggestions().count())) }
                    { tab(SideTab::Annotations, format!("Mentions ({})", self.rows.len())) }
                    { tab(SideTab::Claims, format!("Claims ({})", n_claims)) }
                    { tab(SideTab::Entities, format!("Entities ({})", n_entities)) }
                </div>
                <div class="tab-panel" role="tabpanel">{ list }</div>
            </>
        }
    }

    fn view_selected(&self, ctx: &Context<Self>) -> Html {
        let document = self.editor().document();
        let Some(annotation) = self
            .selected
            .as_ref()
            .and_then(|id| document.annotation(id))
        else {
            return html! {};
        };
        let link = ctx.link();
        let text: AttrValue = ellipsize(document.slice(annotation.range), 160).into();
        if let Some(attributes) = &annotation.claim {
            let cue_text = document
                .relation_from(&annotation.id, CUE)
                .and_then(|r| document.annotation(&r.to))
                .map(|cue| AttrValue::from(document.slice(cue.range).to_string()));
            return html! {
                <ClaimPanel id={annotation.id.clone()} {text} attributes={(**attributes).clone()}
                    speaker={self.editor().speaker_of(&annotation.id)}
                    speaker_options={self.speaker_options()} {cue_text}
                    picking_speaker={self.picking_speaker} has_selection={self.pending.is_some()}
                    onspeaker={link.callback(Msg::SetSpeaker)} onpick={link.callback(Msg::PickSpeaker)}
                    oncue={link.callback(|_| Msg::SetCue)} onchange={link.callback(Msg::SetClaim)}
                    ondelete={link.callback(|_| Msg::DeleteSelected)} />
            };
        }
        let label_select = (annotation.kind == SpanKind::Entity).then(|| {
            let onchange = link.callback(|e: Event| {
                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                Msg::ApplyLabel(Rc::from(select.value()))
            });
            let options = self.editor().schema().labels.iter().map(|l| {
                html! {
                    <option value={l.name.to_string()} selected={l.name == annotation.label}>{ l.name.to_string() }</option>
                }
            });
            html! {
                <label>{ "Label " }
                    <select {onchange} data-testid="selected-label">{ for options }</select>
                </label>
            }
        });
        let claims_said: Vec<&Annotation> = document
            .relations_of(&annotation.id)
            .filter(|r| r.to == annotation.id)
            .filter_map(|r| document.annotation(&r.from))
            .collect();
        html! {
            <section class="selected-panel" data-testid="selected-annotation" aria-label="Selected annotation">
                <p class="selected-text">{ text }</p>
                <p class="selected-meta">{ format!("{} · {}–{} · {}", annotation.id, annotation.range.start, annotation.range.end, annotation.kind.as_str()) }</p>
                { for label_select }
                <button type="button" onclick={link.callback(|_| Msg::DeleteSelected)}
                    title="Delete key">{ "Delete" }</button>
                { for claims_said.iter().map(|claim| html! {
                    <p class="selected-meta">{ format!("{} of claim “{}”", if annotation.kind == SpanKind::Cue { "Cue" } else { "Speaker" }, ellipsize(document.slice(claim.range), 60)) }</p>
                }) }
                if annotation.kind == SpanKind::Entity {
                    { self.view_entity(ctx, annotation) }
                }
            </section>
        }
    }

    /// The entity a selected mention belongs to (name, Wikidata id), or the offer to group it.
    fn view_entity(&self, ctx: &Context<Self>, mention: &Annotation) -> Html {
        let link = ctx.link();
        let document = self.editor().document();
        // The suggestion is computed when asked for: on a long document, scanning every mention
        // on each selection would slow down tagging.
        let group_button = {
            let id = mention.id.clone();
            html! {
                <button type="button" data-testid="group-same-name"
                    title="Group this mention with the others that have the same name"
                    onclick={link.callback(move |_| Msg::GroupSameName(id.clone()))}>
                    { "Group mentions with this name" }
                </button>
            }
        };
        let Some(entity) = document.entity_of(&mention.id) else {
            return html! { <div class="entity-box">{ group_button }</div> };
        };
        let name_ref = NodeRef::default();
        let wikidata_ref = NodeRef::default();
        let id = entity.id.clone();
        let save = {
            let (name_ref, wikidata_ref) = (name_ref.clone(), wikidata_ref.clone());
            link.callback(move |_: Event| {
                let value = |r: &NodeRef| {
                    r.cast::<HtmlInputElement>()
                        .map(|i| i.value())
                        .unwrap_or_default()
                };
                Msg::EditEntity {
                    id: id.clone(),
                    name: value(&name_ref),
                    wikidata: value(&wikidata_ref),
                }
            })
        };
        let mention_id = mention.id.clone();
        html! {
            <div class="entity-box" data-testid="entity-box">
                <p class="selected-meta">{ format!("Entity {} · {} mention{}", entity.id.0, entity.mentions.len(), if entity.mentions.len() == 1 { "" } else { "s" }) }</p>
                <label class="field">{ "Name" }
                    <TextField node_ref={name_ref} value={entity.name.to_string()}
                        onchange={save.clone()} testid="entity-name" />
                </label>
                <label class="field">{ "Wikidata" }
                    <TextField node_ref={wikidata_ref} placeholder="Q…" pattern="Q[1-9][0-9]*"
                        value={entity.wikidata.as_deref().unwrap_or("").to_string()}
                        onchange={save} testid="entity-wikidata" />
                </label>
                { group_button }
                <button type="button" onclick={link.callback(move |_| Msg::Ungroup(mention_id.clone()))}>
                    { "Remove from entity" }
                </button>
            </div>
        }
    }

    /// What tagging or removing a span should announce, worked out before the command runs.
    fn announcement_for(&self, command: &Command) -> Option<String> {
        let document = self.editor().document();
        match command {
            Command::Add(a) => Some(format!(
                "{}: {}",
                a.label,
                ellipsize(document.slice(a.range), 80)
            )),
            Command::Remove(id) => document.annotation(id).map(|a| {
                format!(
                    "Removed {}: {}",
                    a.label,
                    ellipsize(document.slice(a.range), 80)
                )
            }),
            Command::Batch(steps) => match steps.as_slice() {
                [one] => self.announcement_for(one),
                steps if steps.iter().all(|s| matches!(s, Command::Add(_))) => {
                    Some(format!("{} spans tagged", steps.len()))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Applies a command, redraws what it touched, and reports a refusal to the person.
    fn run(&mut self, command: Command) -> bool {
        let announcement = self.announcement_for(&command);
        match self.editor_mut().apply(command) {
            Ok(change) => {
                if let Some(announcement) = announcement {
                    self.announcement = announcement;
                }
                if let Some(focus) = &change.focus {
                    self.selected = self
                        .editor()
                        .document()
                        .annotation(focus)
                        .map(|a| a.id.clone());
                }
                self.redraw(change);
                true
            }
            Err(e) => self.error(&e.to_string()),
        }
    }

    fn after_history(&mut self, change: Change) -> bool {
        if let Some(focus) = &change.focus {
            self.selected = self
                .editor()
                .document()
                .annotation(focus)
                .map(|a| a.id.clone());
            self.scroll_to = self.selected.clone();
        }
        self.redraw(change);
        true
    }

    fn redraw(&mut self, change: Change) {
        if change.everything {
            self.overlays = Rc::default();
            self.layout = Rc::new(Layout::new(self.workspace.current().editor.document()));
            self.colors = colors_of(self.editor().schema());
            self.selected = None;
            self.pending = None;
        } else if !change.ranges.is_empty() {
            let document = self.workspace.current().editor.document();
            Rc::make_mut(&mut self.layout).update_with_overlays(
                document,
                &self.overlays,
                &change.ranges,
            );
        }
        // The list of mentions follows once the edit is on screen: rebuilding its 10,000 rows
        // took a third of an edit's time on a 1 MB article.
        let link = self.link.clone();
        self.rows_refresh = Some(web::after_next_paint(move || {
            link.send_message(Msg::RefreshRows)
        }));
        *self.lists.borrow_mut() = DerivedLists::default();
        self.update_suggestions(&change);
        self.run_search();
        self.refresh_overlays();
        self.mark_dirty();
        self.schedule_suggestion_refresh();
    }

    /// The claims, for the Claims tab.
    fn claim_rows(&self) -> Rc<Vec<ClaimRow>> {
        let document = self.editor().document();
        let build = || {
            document
                .annotations()
                .iter()
                .filter_map(|a| {
                    let attributes = a.claim.as_ref()?;
                    Some(ClaimRow {
                        id: a.id.clone(),
                        preview: ellipsize(document.slice(a.range), 80),
                        speaker: match self.editor().speaker_of(&a.id) {
                            Speaker::Mention(id) => mention_text(document, &id),
                            Speaker::Other(attribution) => attribution.human().to_string(),
                        },
                        verdict: attributes.verdict,
                        check_worthiness: attributes.check_worthiness,
                    })
                })
                .collect()
        };
        Rc::clone(
            self.lists
                .borrow_mut()
                .claim_rows
                .get_or_insert_with(|| Rc::new(build())),
        )
    }

    /// The entities with their mention counts, for the Entities tab.
    fn entity_rows(&self) -> Rc<Vec<EntityRow>> {
        let build = || {
            self.editor()
                .document()
                .entities()
                .iter()
                .map(|e| EntityRow {
                    id: e.id.0.to_string(),
                    name: e.name.to_string(),
                    wikidata: e.wikidata.as_ref().map(|w| w.to_string()),
                    n_mentions: e.mentions.len(),
                    first_mention: e.mentions[0].clone(),
                })
                .collect()
        };
        Rc::clone(
            self.lists
                .borrow_mut()
                .entity_rows
                .get_or_insert_with(|| Rc::new(build())),
        )
    }

    /// Mentions that probably name one entity, for the Entities tab.
    fn suggestions(&self) -> Rc<Vec<SuggestionRow>> {
        let document = self.editor().document();
        let build = || {
            suggest_groups(document)
                .into_iter()
                .map(|mentions| {
                    let mut texts: Vec<String> =
                        mentions.iter().map(|m| mention_text(document, m)).collect();
                    texts.dedup();
                    SuggestionRow {
                        preview: format!("{} ({} mentions)", texts.join(" · "), mentions.len()),
                        mentions,
                    }
                })
                .collect()
        };
        Rc::clone(
            self.lists
                .borrow_mut()
                .suggestions
                .get_or_insert_with(|| Rc::new(build())),
        )
    }

    /// The PERSON and ORG mentions a claim's speaker can be chosen from.
    fn speaker_options(&self) -> Rc<Vec<SpeakerOption>> {
        let document = self.editor().document();
        let build = || {
            document
                .annotations()
                .iter()
                .filter(|a| {
                    a.kind == SpanKind::Entity && matches!(&*a.label, "PERSON" | "ORG" | "PER")
                })
                .map(|a| SpeakerOption {
                    id: a.id.clone(),
                    label: format!(
                        "{} ({}, {})",
                        ellipsize(document.slice(a.range), 40),
                        a.label,
                        a.id
                    ),
                })
                .collect()
        };
        Rc::clone(
            self.lists
                .borrow_mut()
                .speaker_options
                .get_or_insert_with(|| Rc::new(build())),
        )
    }

    /// Annotations linked to the selected or hovered one (its speaker, cue, claims, or the other
    /// mentions of its entity), drawn with emphasis so a person sees what belongs together.
    fn emphasis(&self) -> Rc<Vec<Emphasis>> {
        let document = self.editor().document();
        let mut linked: Vec<(AnnotationId, &'static str)> = Vec::new();
        for focus in [self.selected.as_ref(), self.hovered.as_ref()]
            .into_iter()
            .flatten()
        {
            for relation in document.relations_of(focus) {
                let other = if &relation.from == focus {
                    &relation.to
                } else {
                    &relation.from
                };
                linked.push((other.clone(), "linked"));
            }
            if let Some(entity) = document.entity_of(focus) {
                linked.extend(
                    entity
                        .mentions
                        .iter()
                        .filter(|m| *m != focus)
                        .map(|m| (m.clone(), "same-entity")),
                );
            }
        }
        if let Some(current) = &self.current_suggestion {
            linked.push((AnnotationId::new(current), "current"));
        }
        linked.sort();
        linked.dedup();
        Rc::new(
            linked
                .into_iter()
                .filter_map(|(id, class)| {
                    let range = document
                        .annotation(&id)
                        .map(|a| a.range)
                        .or_else(|| self.overlays.iter().find(|o| o.id == id).map(|o| o.range))?;
                    Some(Emphasis {
                        first: self.layout.paragraph_at(range.start),
                        last: self.layout.paragraph_at(CodePoint(range.end.0 - 1)),
                        id,
                        class,
                    })
                })
                .collect(),
        )
    }

    fn selected_claim(&self) -> Option<AnnotationId> {
        let id = self.selected.as_ref()?;
        let annotation = self.editor().document().annotation(id)?;
        (annotation.kind == SpanKind::Claim).then(|| id.clone())
    }

    /// Sets the selected claim's speaker to the innermost entity among the clicked annotations.
    fn pick_speaker(&mut self, clicked: &[AnnotationId]) -> bool {
        let document = self.editor().document();
        let entity = clicked.iter().find(|id| {
            document
                .annotation(id)
                .is_some_and(|a| a.kind == SpanKind::Entity)
        });
        match (self.selected_claim(), entity.cloned()) {
            (Some(claim), Some(mention)) => {
                self.picking_speaker = false;
                self.status = None;
                if self.editor().speaker_of(&claim) == Speaker::Mention(mention.clone()) {
                    return true;
                }
                let command = self.editor().set_speaker(&claim, Speaker::Mention(mention));
                self.run_keeping_selection(command)
            }
            _ => self.info("Click a tagged name (a PERSON or ORG mention) to make it the speaker"),
        }
    }

    fn tag_claim(&mut self) -> bool {
        match self
            .pending
            .and_then(|range| self.editor().tag_claim(range))
        {
            Some(command) => {
                web::clear_selection();
                self.pending = None;
                self.run(command)
            }
            None => self.info("Select the claim's text first, then press C or the CLAIM button"),
        }
    }

    /// Applies a command about the selected annotation without moving the selection elsewhere.
    fn run_keeping_selection(&mut self, command: Command) -> bool {
        let selected = self.selected.clone();
        let changed = self.run(command);
        if selected
            .as_ref()
            .is_some_and(|id| self.editor().document().annotation(id).is_some())
        {
            self.selected = selected;
        }
        changed
    }

    fn apply_label(&mut self, label: &str) -> bool {
        if let Some(command) = self
            .pending
            .and_then(|range| self.editor().tag(range, label))
        {
            web::clear_selection();
            self.pending = None;
            return self.run(command);
        }
        match self.selected.clone() {
            Some(id) => self.run(Command::Relabel {
                id,
                label: Rc::from(label),
            }),
            None => self.info("Select some text first, then choose a label"),
        }
    }

    /// A key press outside form fields. The shortcut table says what it may mean; the first of
    /// its actions that applies now wins. A letter or digit that is a label's key tags with that
    /// label first.
    fn on_key(&mut self, key: KeyPress) -> bool {
        if self.shortcuts_open {
            let closes = keymap::actions_for(&key)
                .iter()
                .any(|a| matches!(a, Action::Clear | Action::ShowShortcuts));
            if closes {
                self.shortcuts_open = false;
                self.focus_after_render = Some(FocusTarget::Article);
            }
            return closes;
        }
        if self.new_dialog
            || self.schema_editor
            || self.pending_import.is_some()
            || self.statistics.is_some()
        {
            return false;
        }
        // A way for tests to check that a crash keeps the saved work: only with #debug-panic.
        if key.ctrl
            && key.alt
            && key.shift
            && key.key.eq_ignore_ascii_case("p")
            && web::location_hash().contains("debug-panic")
        {
            panic!("forced panic (#debug-panic)");
        }
        if !key.ctrl && !key.alt {
            let mut chars = key.key.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if let Some(label) = self.editor().schema().label_for_key(c) {
                    let name = Rc::clone(&label.name);
                    return self.apply_label(&name);
                }
            }
        }
        for action in keymap::actions_for(&key) {
            if let Some(redraw) = self.act(action) {
                return redraw;
            }
        }
        false
    }

    /// Carries out a shortcut's action; `None` when it does not apply now (the next action for
    /// the same key is tried).
    fn act(&mut self, action: Action) -> Option<bool> {
        let current = self.current_suggestion.clone();
        Some(match action {
            // The page-wide listener moves the caret itself, synchronously.
            Action::Move(..) | Action::Extend(..) => return None,
            Action::AcceptSuggestion => self.accept_suggestion(&current?),
            Action::RejectSuggestion => self.reject_suggestion(&current?),
            Action::NextSuggestion | Action::PreviousSuggestion => {
                if self.pending.is_some() {
                    return None;
                }
                let from = current.unwrap_or_default();
                let next = self.next_suggestion_after(&from, action == Action::NextSuggestion)?;
                self.current_suggestion = Some(next.clone());
                self.selected = None;
                self.scroll_to = Some(AnnotationId::new(&next));
                self.refresh_overlays();
                true
            }
            Action::NextAnnotation | Action::PreviousAnnotation => {
                let forward = action == Action::NextAnnotation;
                let document = self.editor().document();
                let next = document.neighbour(&self.place(), forward)?;
                let id = next.id.clone();
                self.announcement = format!(
                    "{}: {}",
                    next.label,
                    ellipsize(document.slice(next.range), 80)
                );
                web::clear_selection();
                self.pending = None;
                self.caret = None;
                self.current_suggestion = None;
                self.scroll_to = Some(id.clone());
                self.selected = Some(id);
                true
            }
            Action::OpenDetails => {
                self.selected.as_ref()?;
                self.focus_after_render = Some(FocusTarget::Details);
                true
            }
            Action::TagClaim => self.tag_claim(),
            Action::Remove => self.run(Command::Remove(self.selected.clone()?)),
            Action::Clear => {
                web::clear_selection();
                let changed = self.selected.is_some()
                    || self.pending.is_some()
                    || self.caret.is_some()
                    || self.picking_speaker
                    || self.armed.is_some();
                self.armed = None;
                self.current_suggestion = None;
                if !self.picking_speaker {
                    self.selected = None;
                }
                self.picking_speaker = false;
                self.pending = None;
                self.caret = None;
                // Esc in a panel's field goes back to the article.
                if web::focus_is_within(".side") {
                    self.focus_after_render = Some(FocusTarget::Article);
                }
                changed
            }
            Action::Undo => self.update_undo(),
            Action::Redo => self.update_redo(),
            Action::ShowShortcuts => {
                self.shortcuts_open = true;
                self.focus_after_render = Some(FocusTarget::Shortcuts);
                true
            }
        })
    }

    /// The statistics panel's charts: of the open document, and the workspace's progress.
    fn charts(&self) -> Vec<ChartView> {
        let (document, schema) = (self.editor().document(), self.editor().schema());
        let stats = stats::document_stats(document, schema, TOP_ENTITIES);
        let chart = |kind, title, svg: String| ChartView {
            kind,
            title,
            svg: Rc::from(svg),
        };
        vec![
            chart(
                "labels",
                "Spans per label",
                charts::labels_chart(&stats.labels, schema),
            ),
            chart(
                "claims-verdict",
                "Claims by verdict",
                charts::claims_verdict_chart(&stats.claims),
            ),
            chart(
                "claims-worthiness",
                "Claims by check-worthiness",
                charts::claims_worthiness_chart(&stats.claims),
            ),
            chart(
                "coverage",
                "Coverage of the text",
                charts::coverage_chart(&stats.coverage),
            ),
            chart(
                "entities",
                "Top entities by mentions",
                charts::top_entities_chart(&stats.top_entities),
            ),
            chart(
                "progress",
                "Progress per document (workspace)",
                charts::progress_chart(&stats::workspace_progress(&self.workspace)),
            ),
        ]
    }

    /// Where Tab and Shift+Tab start from: the selected span, else the caret, else the start.
    fn place(&self) -> Place {
        match (&self.selected, &self.caret, &self.pending) {
            (Some(id), _, _) => Place::Annotation(id.clone()),
            (None, Some(caret), _) => Place::Caret(caret.at),
            (None, None, Some(range)) => Place::Caret(range.start),
            (None, None, None) => Place::Nowhere,
        }
    }

    fn update_undo(&mut self) -> bool {
        match self.editor_mut().undo() {
            Some(change) => self.after_history(change),
            None => self.info("Nothing to undo"),
        }
    }

    fn update_redo(&mut self) -> bool {
        match self.editor_mut().redo() {
            Some(change) => self.after_history(change),
            None => self.info("Nothing to redo"),
        }
    }

    /// The DOM selection inside the article, in code points (empty for a caret); `None` when
    /// there is none there.
    fn selection_range(&self) -> Option<CpRange> {
        let container = self.document_ref.cast::<web_sys::Element>()?;
        let index = self.editor().document().index();
        let paragraphs = &self.layout.paragraphs;
        let (start, end) = web::selection_offsets(
            &container,
            |i| paragraphs.get(i).map(|p| index.to_utf16(p.range.start)),
            index.len_utf16(),
        )?;
        Some(CpRange {
            start: index.from_utf16(start),
            end: index.from_utf16(end),
        })
    }

    /// The selected text in the article, in code points; `None` when it is empty or elsewhere.
    fn read_selection(&self) -> Option<CpRange> {
        self.selection_range().filter(|range| !range.is_empty())
    }

    /// The caret drawn for a collapsed selection in the article.
    fn caret_at(&self, range: CpRange) -> Option<Caret> {
        if !range.is_empty() {
            return None;
        }
        let container = self.document_ref.cast::<web_sys::Element>()?;
        Some(Caret {
            at: range.start,
            drawn: web::caret_box(&container)?,
        })
    }

    fn info(&mut self, text: &str) -> bool {
        self.status = Some(Status::Info(text.to_string()));
        true
    }

    fn error(&mut self, text: &str) -> bool {
        self.status = Some(Status::Error(text.to_string()));
        true
    }
}

/// Listeners on the whole page: keyboard shortcuts and selection changes. Caret moves happen
/// here, synchronously (the browser does not move a caret in text that is not editable), and so
/// does the choice whether Tab walks the annotations or moves focus on (the default must be
/// prevented before the app has seen the key).
fn global_listeners(
    link: &html::Scope<App>,
    article: NodeRef,
    state: Rc<RefCell<KeyState>>,
) -> Vec<EventListener> {
    let document = web::document();
    let key_link = link.clone();
    let options = EventListenerOptions::enable_prevent_default();
    let keydown = EventListener::new_with_options(&document, "keydown", options, move |event| {
        let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let press = KeyPress {
            key: event.key(),
            ctrl: event.ctrl_key() || event.meta_key(),
            shift: event.shift_key(),
            alt: event.alt_key(),
        };
        let state = *state.borrow();
        // A modal dialog keeps the keyboard: Tab cycles through its controls.
        if state.dialog
            && press.key == "Tab"
            && !press.ctrl
            && !press.alt
            && web::keep_tab_in_dialog(press.shift)
        {
            event.prevent_default();
            return;
        }
        let typing = event.target().is_some_and(|t| web::is_typing_target(&t));
        if typing {
            // Esc leaves a panel's field for the article; other keys are the field's.
            if press.key == "Escape" && !state.dialog {
                key_link.send_message(Msg::Key(press));
            }
            return;
        }
        let container = article.cast::<web_sys::Element>();
        let on_article = !state.dialog && container.as_ref().is_some_and(web::focus_is_on_article);
        for action in keymap::actions_for(&press) {
            match action {
                Action::Move(direction, granularity) | Action::Extend(direction, granularity) => {
                    if let (true, Some(container)) = (on_article, &container) {
                        event.prevent_default();
                        let extend = matches!(action, Action::Extend(..));
                        web::modify_selection(
                            container,
                            extend,
                            direction.as_str(),
                            granularity.as_str(),
                        );
                    }
                    return;
                }
                Action::NextAnnotation | Action::PreviousAnnotation => {
                    let possible = if action == Action::NextAnnotation {
                        state.next
                    } else {
                        state.previous
                    };
                    if !(on_article && possible) {
                        return;
                    }
                    event.prevent_default();
                }
                // Enter on a button or link is that control's own.
                Action::AcceptSuggestion | Action::OpenDetails if !on_article => return,
                // In the article, Enter's default would reach the field it moves focus to
                // (and open a drop-down list there).
                Action::AcceptSuggestion | Action::OpenDetails => event.prevent_default(),
                Action::Undo | Action::Redo => event.prevent_default(),
                _ => {}
            }
        }
        key_link.send_message(Msg::Key(press));
    });
    let selection_link = link.clone();
    let selectionchange = EventListener::new(&document, "selectionchange", move |_| {
        selection_link.send_message(Msg::SelectionChanged);
    });
    vec![keydown, selectionchange]
}

/// Why a key cannot be a label's key: a shortcut uses it, or it is not a letter or digit.
fn key_taken(key: char) -> Option<String> {
    if keymap::is_free_for_labels(key) {
        return None;
    }
    if !key.is_ascii_alphanumeric() {
        return Some(format!(
            "A label's key must be a letter or digit, not “{key}”"
        ));
    }
    let shortcut = keymap::shortcut_using(key).map_or("a shortcut", |s| s.description);
    Some(format!(
        "The key “{key}” is taken: {}. Choose another letter or digit.",
        shortcut.to_lowercase()
    ))
}

/// The files of a file list, in order.
fn file_list(list: web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
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

/// The texts already in storage apart from their documents, by document id: a save need not
/// write them again. Documents stored whole (by an earlier version) get theirs at the next save.
type StoredTexts = HashMap<String, Rc<str>>;

/// The workspace kept in the browser, or the sample article on a first visit. A stored document
/// that cannot be read is left in storage untouched and reported, never overwritten.
fn load_workspace() -> (Workspace, Option<String>, StoredTexts) {
    let mut stored_texts = StoredTexts::new();
    let sample = || {
        Entry::new(
            Document::new(
                &formats::document_id(SAMPLE_TEXT),
                SAMPLE_TITLE,
                SAMPLE_TEXT,
            ),
            Schema::default(),
        )
    };
    let index = match storage::read_index() {
        Ok(Some(json)) => json,
        Ok(None) => return (Workspace::new(sample()), None, stored_texts),
        Err(e) => {
            return (
                Workspace::new(sample()),
                Some(format!(
                    "Not saved: {e}. Export the workspace to keep your work."
                )),
                stored_texts,
            )
        }
    };
    let index = match workspace_file::read_index(&index) {
        Ok(index) => index,
        Err(e) => {
            return (
                Workspace::new(sample()),
                Some(format!(
                    "The stored workspace could not be read ({e}); it was left as it is."
                )),
                stored_texts,
            )
        }
    };
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for stored in &index.documents {
        match storage::read_document(&stored.id) {
            Ok(Some(json)) => match read_stored(&stored.id, &json) {
                Ok((document, schema, text_apart)) => {
                    if text_apart {
                        stored_texts.insert(stored.id.to_string(), document.shared_text());
                    }
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
    let problem = (!problems.is_empty()).then(|| {
        format!(
            "Some stored documents could not be opened and were left untouched: {}",
            problems.join("; ")
        )
    });
    match Workspace::from_entries(entries, current) {
        Some(workspace) => (workspace, problem, stored_texts),
        None => (Workspace::new(sample()), problem, stored_texts),
    }
}

fn ellipsize(text: &str, max_chars: usize) -> String {
    let text = text.replace(['\n', '\r'], " ");
    if text.chars().count() <= max_chars {
        return text;
    }
    let mut short: String = text.chars().take(max_chars - 1).collect();
    short.push('…');
    short
}
