//! The root component. It owns the [`Session`] and dispatches to it: browser events become
//! [`Intent`]s (after reading the DOM where needed), the session decides, and the root runs
//! the [`Effect`]s it returns (`effects.rs`) and draws. It makes no decision of its own.
//!
//! Rooms: `effects.rs` runs effects, `files.rs` reads chosen files, `lists.rs` keeps the lists
//! derived from the document until the next change, `storage.rs` starts writes and hears how
//! they ended, reads the rest of a large workspace, and paces a corpus import by its writes.

mod correct;
mod effects;
mod files;
mod lists;
mod storage;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::assist::review::SuggestionId;
use crate::model::document::AnnotationId;
use crate::model::keymap::KeyPress;
use crate::model::offsets::CpRange;
use crate::session::lists::SelectedView;
use crate::session::{lists as rows, Dialog, FocusTarget, Intent, Mark, Modal, Session};
use crate::store::StorageError;
use crate::ui::agreement_panel::AgreementPanel;
use crate::ui::annotation_list::{rows_of, Row};
use crate::ui::diagnostics::DiagnosticsPanel;
use crate::ui::document_view::{colors_of, Colors, DocumentView};
use crate::ui::import_dialog::{export_progress, import_progress, ImportDialog};
use crate::ui::label_bar::{label_bar, LabelBarProps};
use crate::ui::new_document::NewDocumentDialog;
use crate::ui::schema_editor::SchemaEditor;
use crate::ui::selected_panel::{selected_panel, SelectedPanelProps};
use crate::ui::shortcuts::ShortcutsOverlay;
use crate::ui::side_panel::{side_panel, SidePanelProps};
use crate::ui::statistics::StatisticsPanel;
use crate::ui::status_bar::{status_bar, StatusBarProps};
use crate::ui::toolbar::{toolbar, ToolbarProps};
use crate::web;
use crate::web::keyboard::{self, KeyState};
use crate::web::persistence::{self, Keeper, Start};

use lists::DerivedLists;
use storage::OpeningParts;

/// A file's bytes, or why the browser could not read it.
type ReadResult = Result<Vec<u8>, String>;

pub enum Msg {
    /// Something the person did, already in the session's terms.
    Intent(Intent),
    /// The DOM selection changed.
    SelectionChanged,
    Key(KeyPress, bool),
    DocumentClick(MouseEvent),
    DocumentMouseUp,
    OpenFiles(Vec<web_sys::File>),
    /// The files of a chosen folder: the ones Spanwise opens are read.
    OpenFolder(Vec<web_sys::File>),
    Loaded {
        index: usize,
        name: String,
        result: ReadResult,
    },
    /// The change is painted: write it.
    Save,
    /// The page may be going away: start a write now, even with one in flight.
    SaveNow,
    /// A write ended.
    Written(u64, Result<(), StorageError>),
    /// The browser said how much is stored.
    Usage(Option<persistence::Usage>),
    /// A part of the rest of a large workspace is read.
    OpenedPart(persistence::OpenedPart),
    /// The rest is read (or reading it failed, why).
    OpeningDone(Option<String>),
    /// The mention list is rebuilt once an edit is painted.
    RefreshRows,
    /// The browser asked to change the editable article (the correction mode).
    Edit(web::editing::EditEvent),
}

/// When the mention list is rebuilt after an edit: once it is painted, or at a pause in typing.
enum RowsRefresh {
    AfterPaint(#[allow(dead_code)] web::AfterPaint),
    AtPause(#[allow(dead_code)] Timeout),
}

/// The workspace read from storage before the app mounts (taken once, at creation).
#[derive(Properties)]
pub struct AppProps {
    pub start: Rc<RefCell<Option<Start>>>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.start, &other.start)
    }
}

pub struct App {
    session: Session,
    keeper: Keeper,
    link: html::Scope<App>,
    colors: Colors,
    rows: Rc<Vec<Row>>,
    /// Lists derived from the document, built when first shown after a change: on a long
    /// document, rebuilding every list on every edit would cost more than the edit.
    lists: RefCell<DerivedLists>,
    readers: Vec<FileReader>,
    /// Files being read, in the order chosen; opened together once all have arrived.
    loading: Vec<(String, Option<ReadResult>)>,
    suggest_timer: Option<Timeout>,
    /// Suggestions for an article, due once the change is painted.
    suggest_after_paint: Option<web::AfterPaint>,
    /// The next step of a corpus import, in a task of its own.
    import_timer: Option<Timeout>,
    /// A corpus import's next step waits for the write of the last one.
    import_waiting: bool,
    /// The next step of an export, in a task of its own.
    export_timer: Option<Timeout>,
    /// The next step of the agreement computation, in a task of its own.
    agreement_timer: Option<Timeout>,
    /// The next step of training the model.
    train_timer: Option<Timeout>,
    /// The team room's socket, and the timer of its next reconnection.
    room_socket: Option<web::room::RoomSocket>,
    room_timer: Option<Timeout>,
    room_renew_timer: Option<Timeout>,
    room_keep_timer: Option<Timeout>,
    /// Files being downloaded in parts, by name.
    streams: std::collections::HashMap<String, web::BlobParts>,
    /// While a large workspace opens: the documents read so far (before and after the open
    /// one), what could not be read, and how many there are in all.
    opening: Option<OpeningParts>,
    rows_refresh: Option<RowsRefresh>,
    document_ref: NodeRef,
    /// A mark to scroll to, and where focus goes, once the DOM shows them.
    scroll_to: Option<Mark>,
    focus_after_render: Option<FocusTarget>,
    key_state: Rc<Cell<KeyState>>,
    /// The correction mode's state of the DOM (`correct.rs`).
    typing: correct::Typing,
    /// The focus node of the DOM selection last recorded or placed (`correct.rs`).
    typing_focus: RefCell<Option<web_sys::Node>>,
    _listeners: Vec<EventListener>,
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let Start {
            workspace,
            keeper,
            opening,
            annotator,
        } = ctx
            .props()
            .start
            .borrow_mut()
            .take()
            .expect("the app is created once per start");
        let key_state = Rc::new(Cell::new(KeyState::default()));
        let document_ref = NodeRef::default();
        let mut listeners = {
            let article = document_ref.clone();
            let key_link = ctx.link().clone();
            let selection_link = ctx.link().clone();
            keyboard::listen(
                move || article.cast::<web_sys::Element>(),
                Rc::clone(&key_state),
                Rc::new(move |press, in_panel| key_link.send_message(Msg::Key(press, in_panel))),
                Rc::new(move || selection_link.send_message(Msg::SelectionChanged)),
            )
        };
        {
            let article = document_ref.clone();
            let edit_link = ctx.link().clone();
            listeners.extend(web::editing::listen(
                move || article.cast::<web_sys::Element>(),
                Rc::new(move |event| edit_link.send_message(Msg::Edit(event))),
            ));
        }
        let leave_link = ctx.link().clone();
        listeners.extend(persistence::on_leave(Rc::new(move || {
            leave_link.send_message(Msg::SaveNow)
        })));
        let mut session =
            Session::new(workspace, web::now).with_annotator_name(annotator.as_deref());
        let effects = session.start();
        let mut app = App {
            colors: colors_of(session.editor().schema()),
            rows: rows_of(session.editor().document()),
            session,
            keeper,
            link: ctx.link().clone(),
            lists: RefCell::default(),
            readers: Vec::new(),
            loading: Vec::new(),
            suggest_timer: None,
            suggest_after_paint: None,
            import_timer: None,
            import_waiting: false,
            export_timer: None,
            agreement_timer: None,
            train_timer: None,
            room_socket: None,
            room_timer: None,
            room_renew_timer: None,
            room_keep_timer: None,
            streams: Default::default(),
            opening: None,
            rows_refresh: None,
            document_ref,
            scroll_to: None,
            focus_after_render: None,
            key_state,
            typing: correct::Typing::default(),
            typing_focus: RefCell::default(),
            _listeners: listeners,
        };
        app.run_effects(effects);
        app.refresh_usage(true);
        let link = ctx.link().clone();
        app.keeper
            .read_model(move |json| link.send_message(Msg::Intent(Intent::ModelRead(json))));
        if let Some(opening) = opening {
            app.start_opening(opening);
        }
        // A room's link (`?server=…&room=…&token=…`), or the room this page was in before a
        // reload, with what was done there offline.
        let link_address = crate::session::room::RoomAddress::from_query(&web::location_search());
        let link = ctx.link().clone();
        app.keeper.read_room(move |stored| {
            link.send_message(Msg::Intent(Intent::RoomRestored {
                stored,
                link: link_address,
            }))
        });
        app
    }

    fn update(&mut self, _ctx: &Context<Self>, msg: Msg) -> bool {
        let render = match msg {
            Msg::Intent(intent) => self.dispatch(intent),
            // A composition's own selection moves are the browser's; so are those of a DOM
            // not drawn to the end yet.
            Msg::SelectionChanged
                if !self
                    .typing
                    .selection_is_persons(|| self.selection_damaged()) =>
            {
                false
            }
            Msg::SelectionChanged => {
                *self.typing_focus.borrow_mut() = web::editing::focus_node();
                let range = self.selection_range();
                self.typing.selection = range.filter(|_| self.session.correcting());
                // The browser draws its own caret in editable text.
                let caret_box = range
                    .filter(|r| r.is_empty() && !self.session.correcting())
                    .and_then(|_| web::caret_box(&self.document_ref.cast::<web_sys::Element>()?));
                self.dispatch(Intent::SelectionChanged { range, caret_box })
            }
            Msg::Key(press, in_side_panel) => self.dispatch(Intent::Key {
                press,
                in_side_panel,
            }),
            Msg::DocumentClick(event) => {
                // While correcting, a click places the caret and selects nothing.
                if !web::selection_is_collapsed() || self.session.correcting() {
                    return false;
                }
                let target = event.target();
                let annotations = target
                    .as_ref()
                    .map(|t| web::span_ids_at(t))
                    .unwrap_or_default()
                    .iter()
                    .map(|id| AnnotationId::new(id))
                    .collect();
                let suggestion = target
                    .as_ref()
                    .and_then(|t| web::suggestion_id_at(t))
                    .map(|id| SuggestionId::new(&id));
                self.dispatch(Intent::Click {
                    annotations,
                    suggestion,
                    modified: event.alt_key() || event.ctrl_key() || event.meta_key(),
                })
            }
            Msg::DocumentMouseUp => {
                // Only an armed label acts on release; the DOM selection is read for it alone.
                if self.session.armed().is_none() {
                    return false;
                }
                let selection = self.selection_range();
                self.dispatch(Intent::MouseUp(selection))
            }
            Msg::OpenFiles(files) => self.read_files(files),
            Msg::OpenFolder(files) => self.read_folder(files),
            Msg::Loaded {
                index,
                name,
                result,
            } => self.file_loaded(index, name, result),
            Msg::Save => self.save(false),
            Msg::SaveNow => {
                self.dispatch(Intent::Leaving);
                self.save(true)
            }
            Msg::Written(id, result) => self.written_back(id, result),
            Msg::Usage(usage) => {
                self.keeper.set_usage(usage);
                true
            }
            Msg::OpenedPart(part) => self.opened_part(part),
            Msg::OpeningDone(failed) => self.finish_opening(failed),
            Msg::RefreshRows => {
                self.rows_refresh = None;
                self.rows = rows_of(self.session.editor().document());
                true
            }
            Msg::Edit(event) => self.edit_event(event),
        };
        self.typing.after_update(render, self.session.correcting());
        render
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let session = &self.session;
        let editor = session.editor();
        let document = editor.document();
        let dispatch = link.callback(Msg::Intent);
        let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
        let ondrop = link.callback(|e: DragEvent| {
            e.prevent_default();
            Msg::OpenFiles(
                e.data_transfer()
                    .and_then(|d| d.files())
                    .map(files::file_list)
                    .unwrap_or_default(),
            )
        });
        let onopen = link.callback(|e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let files = input.files().map(files::file_list).unwrap_or_default();
            // Let the same file be chosen again later.
            input.set_value("");
            Msg::OpenFiles(files)
        });
        let onopenfolder = link.callback(|e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let files = input.files().map(files::file_list).unwrap_or_default();
            // Let the same file be chosen again later.
            input.set_value("");
            Msg::OpenFolder(files)
        });
        let schema = self.lists(|l| l.schema(session));
        let label_names = self.lists(|l| l.label_names(session));
        let counts = self.tab_counts();
        let tab_list = self.view_tab_list(&dispatch);
        let adjudication = session.adjudication();
        html! {
            <div class="app" {ondragover} {ondrop}
                data-suggestions={if session.suggestions_pending() { "pending" } else { "ready" }}>
                // The first tab stop: past the toolbar and the label buttons in one press.
                <a class="skip-link" href="#article">{ "Skip to the article" }</a>
                { toolbar(&ToolbarProps {
                    title: AttrValue::from(document.title.to_string()),
                    document_id: AttrValue::from(document.id.to_string()),
                    can_undo: session.workspace().can_undo(),
                    can_redo: session.workspace().can_redo(),
                    correcting: session.correcting(),
                    room: session.room().map(|room| (AttrValue::from(room.status_key()), AttrValue::from(room.describe()))),
                    save: self.keeper.state().clone(),
                    dispatch: dispatch.clone(),
                    onopen,
                    onopenfolder,
                }) }
                { label_bar(&LabelBarProps {
                    schema: Rc::clone(&schema),
                    armed: session.armed().cloned(),
                    hint: AttrValue::from(rows::hint(session)),
                    dispatch: dispatch.clone(),
                }) }
                { status_bar(&StatusBarProps { status: session.status().cloned(), dispatch: dispatch.clone() }) }
                if let Some(progress) = session.import_progress() {
                    { import_progress(&progress, dispatch.reform(|_| Intent::CancelImport)) }
                }
                if let Some(progress) = session.export_progress() {
                    { export_progress(&progress, dispatch.reform(|_| Intent::CancelExport)) }
                }
                <div class="visually-hidden" aria-live="polite" data-testid="announcer">{ session.announcement().to_string() }</div>
                if let Some((title, diagnostics)) = session.diagnostics() {
                    <DiagnosticsPanel title={AttrValue::from(title.clone())} diagnostics={Rc::clone(diagnostics)}
                        ondismiss={dispatch.reform(|_| Intent::DismissDiagnostics)} />
                }
                <main class={classes!("workspace", adjudication.is_some().then_some("adjudicating"))}>
                    if let Some(view) = adjudication {
                        <crate::ui::adjudication_bar::AdjudicationBar view={Rc::new(view)} dispatch={dispatch.clone()} />
                    }
                    <DocumentView layout={Rc::clone(session.layout())} colors={Rc::clone(&self.colors)}
                        selected={rows::selected_paragraphs(session)} emphasis={Rc::new(rows::emphasis(session))}
                        node_ref={self.document_ref.clone()} caret={session.caret().map(|c| c.drawn)}
                        editable={session.correcting()} recompose={self.typing.recompose}
                        onclick={link.callback(Msg::DocumentClick)}
                        onmouseup={link.callback(|_| Msg::DocumentMouseUp)}
                        onmouseover={dispatch.reform(|e: MouseEvent| {
                            Intent::Hover(e.target().and_then(|t| web::span_ids_at(&t).into_iter().next()).map(|id| AnnotationId::new(&id)))
                        })} />
                    <aside class={classes!("side", session.picking_speaker().then_some("picking"))} aria-label="Annotations">
                        if let Some(view) = rows::selected_view(session) {
                            { selected_panel(&SelectedPanelProps {
                                // Only a claim's panel lists the speakers: building that list
                                // scans every mention, too much for each edit on a long text.
                                speaker_options: if matches!(view, SelectedView::Claim { .. }) {
                                    self.lists(|l| l.speaker_options(session))
                                } else {
                                    Rc::default()
                                },
                                view: Rc::new(view),
                                schema: Rc::clone(&schema),
                                picking_speaker: session.picking_speaker(),
                                has_selection: session.selection().is_some(),
                                dispatch: dispatch.clone(),
                            }) }
                        }
                        { side_panel(&SidePanelProps {
                            tab: session.side_tab(),
                            counts,
                            labels: label_names,
                            n_matches: session.search().n_matches(),
                            search_error: session.search().error().map(|e| AttrValue::from(e.to_string())),
                            dispatch: dispatch.clone(),
                            children: tab_list,
                        }) }
                    </aside>
                </main>
                { self.view_modal(&dispatch) }
            </div>
        }
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        if let Some(mark) = self.scroll_to.take() {
            web::scroll_to(&mark);
        }
        match self.focus_after_render.take() {
            Some(FocusTarget::Details) => {
                web::focus_first(DETAILS_FOCUS);
            }
            Some(FocusTarget::Shortcuts) => {
                web::focus_first_in_place("[data-testid=\"shortcuts\"] button");
            }
            Some(FocusTarget::Statistics) => {
                web::focus_first("[data-testid=\"statistics\"] button");
            }
            Some(FocusTarget::Agreement) => {
                web::focus_first("[data-testid=\"agreement\"] input:checked");
            }
            Some(FocusTarget::Dialog) => {
                web::focus_first(DIALOG_FOCUS);
            }
            Some(FocusTarget::Article) => {
                web::focus(self.document_ref.cast::<web_sys::HtmlElement>())
            }
            None => {}
        }
        self.typing.drawn();
        self.keep_typing_selection();
        let (next, previous) = self.session.tab_targets();
        self.key_state.set(KeyState {
            next,
            previous,
            dialog: self.session.modal().is_some(),
        });
    }
}

/// The first control of the open dialog.
const DIALOG_FOCUS: &str = "[role=\"dialog\"] input, [role=\"dialog\"] select, [role=\"dialog\"] textarea, [role=\"dialog\"] button";

/// The first control of the panel that Enter opens for the selected span.
const DETAILS_FOCUS: &str = "[data-testid=\"claim-panel\"] select, [data-testid=\"claim-panel\"] button, [data-testid=\"entity-box\"] input, [data-testid=\"entity-box\"] button, .entity-box button";

impl App {
    /// Hands an intent to the session and runs what it asks for.
    fn dispatch(&mut self, intent: Intent) -> bool {
        let update = self.session.apply(intent);
        self.run_effects(update.effects);
        // Nothing to draw: the caret goes where it belongs now.
        if !update.render {
            self.keep_typing_selection();
        }
        update.render
    }

    /// The DOM selection inside the article, in code points (empty for a caret); `None` when
    /// there is none there.
    fn selection_range(&self) -> Option<CpRange> {
        let container = self.document_ref.cast::<web_sys::Element>()?;
        let index = self.session.editor().document().index();
        let (start, end) = web::selection_offsets(
            &container,
            |i| self.paragraph_start_utf16(i),
            index.len_utf16(),
        )?;
        Some(CpRange {
            start: index.from_utf16(start),
            end: index.from_utf16(end),
        })
    }

    /// Where paragraph `i` of the layout starts in the text, in UTF-16 units (the DOM's).
    fn paragraph_start_utf16(&self, i: usize) -> Option<crate::model::offsets::Utf16> {
        let index = self.session.editor().document().index();
        let paragraph = self.session.layout().paragraphs.get(i)?;
        Some(index.to_utf16(paragraph.range.start))
    }

    fn view_modal(&self, dispatch: &Callback<Intent>) -> Html {
        let session = &self.session;
        let close = |dialog: Dialog| dispatch.reform(move |_| Intent::Close(dialog));
        match session.modal() {
            None => html! {},
            Some(Modal::Statistics(charts)) => html! {
                <StatisticsPanel charts={Rc::clone(charts)} title={session.editor().document().title.to_string()}
                    onclose={close(Dialog::Statistics)} onerror={dispatch.reform(Intent::ShowError)} />
            },
            Some(Modal::Agreement(view)) => html! {
                <AgreementPanel view={view.clone()} dispatch={dispatch.clone()} />
            },
            Some(Modal::Share) => {
                let joined = session
                    .room()
                    .filter(|room| room.status_key() != "refused")
                    .map(|room| {
                        let link = room.address.link(&web::location_page());
                        (room.address.clone(), AttrValue::from(link))
                    });
                html! {
                    <crate::ui::share_dialog::ShareDialog {joined}
                        onjoin={dispatch.reform(Intent::JoinRoom)}
                        onleave={dispatch.reform(|_| Intent::LeaveRoom)}
                        onclose={close(Dialog::Share)} />
                }
            }
            Some(Modal::Shortcuts) => html! {
                <ShortcutsOverlay schema={self.lists(|l| l.schema(session))} onclose={close(Dialog::Shortcuts)} />
            },
            Some(Modal::Replace(view)) => html! {
                <crate::ui::replace_dialog::ReplaceDialog view={Rc::clone(view)}
                    onquery={dispatch.reform(Intent::ReplaceQuery)}
                    onreplace={dispatch.reform(|_| Intent::ReplaceAll)}
                    onclose={close(Dialog::Replace)} />
            },
            Some(Modal::NewDocument) => html! {
                <NewDocumentDialog
                    oncreate={dispatch.reform(|(title, text)| Intent::Create { title, text })}
                    oncancel={close(Dialog::NewDocument)} />
            },
            Some(Modal::Import(pending)) => html! {
                <ImportDialog name={pending.name.clone()} plan={pending.plan.clone()}
                    titles={rows::import_plan_titles(session, pending)}
                    onchoose={dispatch.reform(Intent::ImportChoice)} />
            },
            Some(Modal::Labels { refused }) => html! {
                <SchemaEditor schema={session.editor().schema().clone()} counts={rows::label_counts(session)}
                    refused={*refused}
                    onedit={dispatch.reform(Intent::EditSchema)} onexport={dispatch.reform(|_| Intent::ExportSchema)}
                    onclose={close(Dialog::Labels)} />
            },
        }
    }
}
