//! The session's vocabulary: what the person did ([`Intent`]), what the browser must do
//! ([`Effect`]), and the small types of the screen's state (the open dialog, the side tab, the
//! status line, the caret).

use std::rc::Rc;

use crate::assist::review::SuggestionId;
use crate::assist::search::Query;
use crate::charts::PanelChart;
use crate::formats::interchange::{ExportFormat, InputFile, OutputFile};
use crate::formats::workspace_export::WorkspaceFormat;
use crate::model::claim::ClaimAttributes;
use crate::model::command::{SpanFate, Speaker};
use crate::model::document::{AnnotationId, Document, DocumentId, EntityId};
use crate::model::keymap::KeyPress;
use crate::model::offsets::{CodePoint, CpRange};
use crate::model::schema::Schema;
use crate::model::workspace::{Entry, ImportPlan};

use super::agreement::{AgreementFile, AgreementScope, AgreementView};
use super::queue::{DocumentSort, DocumentStatus};
use super::Mark;

/// The lists the side panel can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SideTab {
    Documents,
    Suggestions,
    Annotations,
    Claims,
    Entities,
}

/// The status line: a message for the person, or why something was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Info(String),
    Error(String),
}

/// The caret in the article: its offset, and where the browser draws it (left, top, height in
/// pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Caret {
    pub at: CodePoint,
    pub drawn: (f64, f64, f64),
}

/// A workspace file read and checked, waiting for the person's choice.
#[derive(Clone, Debug)]
pub struct PendingImport {
    pub name: String,
    pub entries: Vec<Entry>,
    pub current: Option<String>,
    pub plan: ImportPlan,
}

/// The person's answer to a workspace import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportChoice {
    Merge,
    Replace,
    Cancel,
}

/// A change asked for in the label editor.
#[derive(Clone, Debug, PartialEq)]
pub enum SchemaEdit {
    Add {
        name: String,
        color: String,
        key: String,
    },
    Rename {
        from: Rc<str>,
        to: String,
    },
    Recolor {
        name: Rc<str>,
        color: String,
    },
    Rekey {
        name: Rc<str>,
        key: String,
    },
    Delete {
        name: Rc<str>,
        fate: SpanFate,
    },
}

/// The dialog that has the keyboard. One at a time: two open at once cannot be written.
#[derive(Clone, Debug)]
pub enum Modal {
    NewDocument,
    Import(Box<PendingImport>),
    /// The label editor, with how many of its edits were refused so far: its fields show the
    /// label's own values again after each refusal (a refused key must not stay in its field).
    Labels {
        refused: u32,
    },
    Shortcuts,
    /// The statistics panel with its charts, computed when it opens (nothing changes under a
    /// modal panel).
    Statistics(Rc<Vec<PanelChart>>),
    /// The agreement panel: its scope, and the computation under way or its report.
    Agreement(AgreementView),
    /// Find and replace: the query and how many matches it has.
    Replace(Rc<super::replace::ReplaceView>),
    /// Share…: the room's address, or the room the document is in.
    Share,
}

/// The dialogs that can be opened by name (the import dialog opens itself with its file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    NewDocument,
    Labels,
    Shortcuts,
    Statistics,
    Agreement,
    Replace,
    Share,
}

/// Where keyboard focus goes after the next render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusTarget {
    /// The selected span's panel: the claim panel's first field, or the entity box's.
    Details,
    Shortcuts,
    Statistics,
    Agreement,
    /// The open dialog's first control.
    Dialog,
    Article,
}

/// What needs storing after a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Persist {
    /// One document changed (and the index, which lists it).
    Document(DocumentId),
    /// Every document may have changed (an import, an undone removal).
    All,
    /// Only the list of documents changed (its order, or a document's list record).
    Index,
    /// Only another document is open: nothing to store but which one.
    Current,
}

/// How the article view must follow a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redraw {
    /// Another document is open (or the whole one was replaced): rebuild every list now.
    Document,
    /// An edit: the lists are stale; the mention list is rebuilt once the edit is painted.
    Edit { schema: bool },
}

/// Work for the browser, returned by [`Session::apply`] and run by the root (`ui::app`).
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    ClearDomSelection,
    ScrollTo(Mark),
    Focus(FocusTarget),
    Download(Vec<OutputFile>),
    Persist(Persist),
    Redraw(Redraw),
    /// Compute the open article's suggestions in a task of their own, after this paint.
    SuggestSoon,
    /// Run the next step of suggestion work on a long text, after this paint.
    SuggestStep,
    /// Drop any suggestion work that was scheduled.
    StopSuggesting,
    /// Run the next step of a corpus import, in a task of its own.
    ImportStep,
    /// Read these documents (resting in storage) and hand them back as
    /// [`Intent::DocumentsRead`].
    ReadDocuments(Vec<DocumentId>),
    /// Read these resting documents for the export under way ([`Intent::ExportRead`]).
    ReadForExport(Vec<DocumentId>),
    /// Run the next step of an export, in a task of its own.
    ExportStep,
    /// A part of a file being downloaded: kept by the browser, downloaded when it is the last.
    Stream(super::export::DownloadPart),
    /// Forget the parts kept of this file (its export was cancelled).
    DropStream(String),
    /// Run the next step of the agreement computation, in a task of its own.
    AgreementStep,
    /// Put the caret in the article at this offset once the change is drawn.
    PlaceCaret(CodePoint),
    /// Remember the person's annotator name with the settings (`None`: forget it).
    RememberAnnotator(Option<String>),
    /// Run the next step of training the model, in a task of its own.
    TrainStep,
    /// Keep this model (a model file's JSON) with the workspace (`None`: forget it).
    StoreModel(Option<String>),
    /// Open a WebSocket to this team-room server; its events come back as
    /// [`Intent::RoomOpened`], [`Intent::RoomMessage`] and [`Intent::RoomClosed`].
    RoomConnect(String),
    /// Send these bytes on the room's socket.
    RoomSend(Vec<u8>),
    /// Close the room's socket.
    RoomDisconnect,
    /// Hand back [`Intent::RoomRetry`] after this many milliseconds.
    RoomRetry(u32),
    /// Hand back [`Intent::RoomSettled`] after this many milliseconds.
    RoomSettle(u32),
    /// Hand back [`Intent::RoomRenew`] after this many milliseconds.
    RoomRenew(u32),
    /// Hand back [`Intent::RoomKeep`] after this many milliseconds.
    RoomKeep(u32),
    /// Keep the team room and its Yjs state with the settings (`None`: forget it).
    StoreRoom(Option<String>),
}

/// What the person did, as the session understands it (the root reads the DOM first).
#[derive(Debug)]
pub enum Intent {
    /// The DOM selection in the article changed: its range in code points (empty for a caret)
    /// and, for a caret, where the browser draws it.
    SelectionChanged {
        range: Option<CpRange>,
        caret_box: Option<(f64, f64, f64)>,
    },
    /// A key outside form fields (or Esc in one); `in_side_panel` when focus is in the panel.
    Key {
        press: KeyPress,
        in_side_panel: bool,
    },
    Open(Dialog),
    Close(Dialog),
    /// Share…'s Connect, or a link's `?server=…&room=…&token=…`.
    JoinRoom(super::room::RoomAddress),
    LeaveRoom,
    /// The room's socket opened.
    RoomOpened,
    /// A message from the room.
    RoomMessage(Vec<u8>),
    /// The room's socket closed (or never opened).
    RoomClosed,
    /// Time to reconnect to the room.
    RoomRetry,
    /// The pause after finding the room empty is over.
    RoomSettled,
    /// Time to tell the room again that this person is there.
    RoomRenew,
    /// Time to keep the room's state with the settings (changes came since it was last kept).
    RoomKeep,
    /// The page is hidden, reloading or closing: a keep of the room that waits is done now.
    Leaving,
    /// At start: the room kept with the settings (JSON), and the one the page's link names.
    RoomRestored {
        stored: Option<String>,
        link: Option<super::room::RoomAddress>,
    },
    ShowError(String),
    ShowInfo(String),
    ApplyLabel(Rc<str>),
    /// A click in the article with a collapsed selection: the annotations under it (innermost
    /// first), the suggestion under it, and whether Alt/Ctrl/Meta was held.
    Click {
        annotations: Vec<AnnotationId>,
        suggestion: Option<SuggestionId>,
        modified: bool,
    },
    /// A row picked in a list: select the annotation and scroll to it.
    Pick(AnnotationId),
    DeleteSelected,
    Undo,
    Redo,
    Export(ExportFormat),
    /// "Export workspace": the Spanwise workspace file ([`Intent::ExportWorkspaceAs`] with
    /// [`WorkspaceFormat::Workspace`]).
    ExportWorkspace,
    /// Every document of the workspace in one file of a format, streamed a part at a time.
    ExportWorkspaceAs(WorkspaceFormat),
    ExportSchema,
    /// A large stored workspace opens (its open document is shown): documents read so far.
    Opening {
        read: usize,
        total: usize,
    },
    /// The rest of the stored workspace is read: the documents before and after the open one.
    Opened {
        before: Vec<Entry>,
        after: Vec<Entry>,
    },
    /// The next step of an export is due.
    ExportStep,
    /// Resting documents read for an export (asked for by [`Effect::ReadForExport`]).
    ExportRead {
        documents: Vec<(Document, Schema)>,
        problems: Vec<String>,
    },
    /// Cancel pressed on an export.
    CancelExport,
    /// Documents read back from storage (asked for by [`Effect::ReadDocuments`]), with what
    /// could not be read.
    DocumentsRead {
        documents: Vec<(Document, Schema)>,
        problems: Vec<String>,
    },
    /// Files chosen and read, in the order chosen.
    FilesRead(Vec<InputFile>),
    /// The next step of a corpus import is due.
    ImportStep,
    /// Cancel pressed on a corpus import.
    CancelImport,
    /// Storage refused a write (the reason): a corpus import under way stops.
    StorageRefused(String),
    ImportChoice(ImportChoice),
    SwitchDocument(usize),
    SetDone(usize, bool),
    RemoveDocument(usize),
    EditSchema(SchemaEdit),
    DismissDiagnostics,
    /// "Suggest" pressed: compute suggestions even on a long text.
    Suggest,
    /// The scheduled suggestion work for an article is due.
    RefreshSuggestions,
    SuggestStep,
    AcceptSuggestion(SuggestionId),
    RejectSuggestion(SuggestionId),
    PickSuggestion(SuggestionId),
    AcceptAll(Option<Rc<str>>),
    /// "Fix all glued words": every visible fix of the text, as one undoable step.
    FixAll,
    Search(Option<Query>),
    TagMatches(Rc<str>),
    Create {
        title: String,
        text: String,
    },
    DismissStatus,
    TagClaim,
    /// A label button pressed: tags the selection, relabels the selected span, or else arms
    /// the label so that every selection is tagged on mouse release.
    ClickLabel(Rc<str>),
    /// The mouse was released over the article, with the selection there then.
    MouseUp(Option<CpRange>),
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
    /// The Documents tab's search box changed.
    SearchDocuments(String),
    /// Show only the documents of a status (`None`: all).
    FilterDocuments(Option<DocumentStatus>),
    /// Show only the documents that use a label (`None`: any).
    FilterDocumentsByLabel(Option<Rc<str>>),
    SortDocuments(DocumentSort),
    /// The annotator name typed in its field (empty: none).
    SetAnnotatorName(String),
    /// Show (and edit) the open document's version at this place in its versions list.
    ShowVersion(usize),
    /// Rename the open document's version at this place.
    RenameVersion(usize, String),
    /// The find-and-replace dialog's fields changed.
    ReplaceQuery(super::replace::ReplaceQuery),
    /// "Replace all" pressed.
    ReplaceAll,
    /// "Correct text" pressed (or F2): the correction mode on or off.
    Correct(bool),
    /// A change of the text asked for in the correction mode.
    TextInput(super::correct::TextInput),
    /// A step of the adjudication mode: start, decide, move, end.
    Adjudicate(super::adjudication::AdjudicationStep),
    /// The agreement panel's scope chosen: compute it again over that.
    AgreementScope(AgreementScope),
    /// The next step of the agreement computation is due.
    AgreementStep,
    /// A report download pressed in the agreement panel.
    DownloadAgreement(AgreementFile),
    /// Open the next document in workspace order that is not done.
    NextUnfinished,
    PreviousUnfinished,
    /// Learn from the workspace's annotated documents now: "Train model" (`asked`, and the
    /// status line says when it is done), or training started by itself.
    Train {
        asked: bool,
    },
    /// The next step of training is due.
    TrainStep,
    /// "Reset model": forget what it learnt.
    ResetModel,
    /// "Export model": download it as a file.
    ExportModel,
    /// The model kept in the browser, read at start (`None`: none is kept).
    ModelRead(Option<String>),
    /// Suggestions below this confidence (percent) are hidden.
    MinConfidence(u8),
    /// The Suggested tab lists the most confident first (else in text order).
    SortByConfidence(bool),
}

/// What applying an intent asks of the view: whether to render, and the effects to run.
#[derive(Debug, Default, PartialEq)]
pub struct Update {
    pub render: bool,
    pub effects: Vec<Effect>,
}
