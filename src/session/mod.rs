//! The session: everything the person works with that is not a file — the workspace of
//! documents, and the state of the screen around them (the selection and caret, the selected
//! annotation, the armed label, speaker picking, the open dialog, the current suggestion, the
//! side tab, the status line). It is plain Rust with no web crates: the Yew root turns browser
//! events into [`Intent`]s, [`Session::apply`] decides, and the root runs the [`Effect`]s it
//! returns (downloads, storage, focus, scroll, timers) through `web/`. Tested natively.
//!
//! The rooms: `edit` (commands and what they announce), `files` (open, import, export),
//! `review` (suggestions and search drawn over the text), `keys` (the keyboard), `lists`
//! (what the side panel and the selected panel show), `queue` (the Documents tab as a work
//! queue: search, filters, order, the next document to do), `versions` (the annotator name,
//! and annotators' versions of one document), `agreement` (the agreement panel and its job).

pub mod adjudication;
pub mod agreement;
mod corpus;
pub mod correct;
mod edit;
pub mod export;
pub mod files;
mod intent;
mod keys;
pub mod learning;
pub mod lists;
pub mod queue;
pub mod replace;
mod resting;
mod review;
pub mod room;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_adjudication;
#[cfg(test)]
mod tests_agreement;
#[cfg(test)]
mod tests_correct;
#[cfg(test)]
mod tests_dialogs;
#[cfg(test)]
mod tests_export;
#[cfg(test)]
mod tests_files;
#[cfg(test)]
mod tests_fixes;
#[cfg(test)]
mod tests_learning;
#[cfg(test)]
mod tests_queue;
#[cfg(test)]
mod tests_replace;
#[cfg(test)]
mod tests_resting;
#[cfg(test)]
mod tests_room;
#[cfg(test)]
mod tests_room_sync;
#[cfg(test)]
mod tests_versions;
pub mod versions;

use std::rc::Rc;

use crate::assist::review::SuggestionId;
use crate::assist::Suggestion;
use crate::formats::workspace_export::WorkspaceFormat;
use crate::formats::Diagnostic;
use crate::model::command::{Command, Editor};
use crate::model::document::{AnnotationId, Place};
use crate::model::layout::{Layout, OverlaySpan};
use crate::model::offsets::CpRange;
use crate::model::workspace::Workspace;
use queue::Queue;

pub use agreement::{AgreementFile, AgreementScope, AgreementState, AgreementView};
pub use corpus::ImportProgress;
pub use intent::{
    Caret, Dialog, Effect, FocusTarget, ImportChoice, Intent, Modal, PendingImport, Persist,
    Redraw, SchemaEdit, SideTab, Status, Update,
};
pub use review::{Mark, Review, SearchState};

/// The person's session. See the module documentation.
pub struct Session {
    workspace: Workspace,
    layout: Rc<Layout>,
    /// Suggestions and search matches as drawn over the text, sorted.
    overlays: Rc<Vec<OverlaySpan>>,
    /// The text selection in the article, in code points, kept from the last change.
    selection: Option<CpRange>,
    caret: Option<Caret>,
    selected: Option<AnnotationId>,
    hovered: Option<AnnotationId>,
    /// The label that tags every selection on mouse release, if one is armed.
    armed: Option<Rc<str>>,
    /// True while the next click on an entity in the text sets the selected claim's speaker.
    picking_speaker: bool,
    modal: Option<Modal>,
    side_tab: SideTab,
    status: Option<Status>,
    /// What a screen reader announces after a span is tagged or removed ("PERSON: Abbas Kamel").
    announcement: String,
    diagnostics: Option<(String, Rc<Vec<Diagnostic>>)>,
    review: Review,
    search: SearchState,
    /// A corpus being imported in the background.
    import: Option<corpus::ImportJob>,
    /// While a large stored workspace opens: documents read, documents in all.
    opening: Option<(usize, usize)>,
    /// Milliseconds, for the time budget of background steps.
    clock: fn() -> f64,
    /// The Documents tab's queue, brought up to date after every intent that stores a change.
    queue: Queue,
    /// Effects gathered while an intent is applied.
    effects: Vec<Effect>,
    /// A step waiting for documents to be read back from storage.
    waiting: Option<(Vec<crate::model::document::DocumentId>, Intent)>,
    /// The workspace being exported a part at a time.
    export: Option<export::ExportJob>,
    /// True while a step that waited for documents is taken.
    retrying: bool,
    /// The person's annotator name, written into every export ([`versions`]).
    annotator: Option<Rc<str>>,
    /// Counts the name and version edits asked for, refused ones too, so the fields show the
    /// model's names again after each.
    versions_revision: u32,
    /// The agreement panel's computation under way.
    agreement: Option<agreement::AgreementRun>,
    /// The adjudication mode, while it is on.
    adjudication: Option<adjudication::AdjudicationRun>,
    /// The correction mode: the article is editable text ([`correct`]).
    correcting: bool,
    /// The keys typed one after another, taken as one edit.
    typing: Option<correct::TypingRun>,
    /// The tagger that learns from the workspace, and the suggestions' scores ([`learning`]).
    learning: learning::Learning,
    /// The team room the open document is shared in, if any ([`room`]).
    room: Option<room::Room>,
}

impl Session {
    /// A session over a workspace, its clock (milliseconds, for the suggestion timings shown).
    pub fn new(workspace: Workspace, clock: fn() -> f64) -> Session {
        let layout = Rc::new(Layout::new(workspace.editor().document()));
        let queue = Queue::new(queue::summaries(workspace.entries()));
        Session {
            workspace,
            layout,
            overlays: Rc::default(),
            selection: None,
            caret: None,
            selected: None,
            hovered: None,
            armed: None,
            picking_speaker: false,
            modal: None,
            side_tab: SideTab::Annotations,
            status: None,
            announcement: String::new(),
            diagnostics: None,
            review: Review::new(clock),
            search: SearchState::default(),
            import: None,
            opening: None,
            clock,
            queue,
            effects: Vec::new(),
            waiting: None,
            export: None,
            retrying: false,
            annotator: None,
            versions_revision: 0,
            agreement: None,
            adjudication: None,
            correcting: false,
            typing: None,
            learning: learning::Learning::new(),
            room: None,
        }
    }

    /// The effects to run once the app has mounted: the article shows first, its suggestions
    /// a moment later.
    pub fn start(&mut self) -> Vec<Effect> {
        self.review.scheduled = true;
        vec![Effect::SuggestSoon]
    }

    /// Applies what the person did. Every decision of the interface is made here.
    pub fn apply(&mut self, intent: Intent) -> Update {
        let render = self.decide(intent);
        self.refresh_queue();
        Update {
            render,
            effects: std::mem::take(&mut self.effects),
        }
    }

    fn decide(&mut self, intent: Intent) -> bool {
        match intent {
            Intent::SelectionChanged { range, caret_box } => {
                let selection = range.filter(|r| !r.is_empty());
                let caret = range
                    .filter(|r| r.is_empty())
                    .and_then(|r| Some((r.start, caret_box?)))
                    .map(|(at, drawn)| Caret { at, drawn });
                let changed = selection != self.selection || caret != self.caret;
                self.selection = selection;
                self.caret = caret;
                if changed {
                    self.tell_presence();
                }
                changed
            }
            Intent::Key {
                press,
                in_side_panel,
            } => self.on_key(&press, in_side_panel),
            Intent::Open(dialog) => self.open_dialog(dialog),
            Intent::JoinRoom(address) => self.join_room(address),
            Intent::LeaveRoom => self.leave_room(),
            Intent::RoomOpened => self.room_opened(),
            Intent::RoomClosed => self.room_closed(),
            Intent::RoomRetry => self.room_retry(),
            Intent::RoomSettled => self.room_settled(),
            Intent::RoomRenew => self.room_renew(),
            Intent::RoomKeep | Intent::Leaving => self.room_keep_due(),
            Intent::RoomRestored { stored, link } => self.room_restored(stored.as_deref(), link),
            Intent::RoomMessage(bytes) => self.room_message(&bytes),
            Intent::Close(dialog) => self.close_dialog(dialog),
            Intent::ShowError(message) => self.error(&message),
            Intent::ShowInfo(message) => self.info(&message),
            Intent::ApplyLabel(label) => self.apply_label(&label),
            Intent::Click {
                annotations,
                suggestion,
                modified,
            } => self.click(annotations, suggestion, modified),
            Intent::Pick(id) => {
                self.effects
                    .push(Effect::ScrollTo(Mark::Annotation(id.clone())));
                self.selected = Some(id);
                true
            }
            Intent::DeleteSelected => match self.selected.clone() {
                Some(id) => self.run_reporting(Command::Remove(id)),
                None => false,
            },
            Intent::Undo => self.undo(),
            Intent::Redo => self.redo(),
            Intent::Export(format) => self.export(format),
            Intent::ExportWorkspace => self.export_workspace(WorkspaceFormat::Workspace),
            Intent::ExportWorkspaceAs(format) => self.export_workspace(format),
            Intent::ExportSchema => self.export_schema(),
            Intent::Opening { read, total } => {
                self.opening = Some((read, total));
                true
            }
            Intent::Opened { before, after } => self.opened(before, after),
            Intent::FilesRead(_)
            | Intent::RemoveDocument(_)
            | Intent::SetDone(..)
            | Intent::Create { .. }
            | Intent::ImportChoice(_)
                if self.refused_while_opening() =>
            {
                true
            }
            Intent::FilesRead(files) => self.open_files(files),
            Intent::ImportStep => self.import_step(),
            Intent::CancelImport => self.stop_import(None),
            Intent::StorageRefused(why) => self.stop_import(Some(why)),
            Intent::ImportChoice(choice) => self.import_choice(choice),
            Intent::SwitchDocument(index) => self.switch_document(index),
            Intent::SetDone(index, done) => self.set_done(index, done),
            Intent::RemoveDocument(index) => self.remove_document(index),
            Intent::EditSchema(edit) => self.edit_schema(edit),
            Intent::DismissDiagnostics => {
                self.diagnostics = None;
                true
            }
            Intent::Suggest => {
                self.start_suggestions(true);
                true
            }
            Intent::RefreshSuggestions => {
                self.review.scheduled = false;
                self.start_suggestions(false);
                true
            }
            Intent::SuggestStep => self.suggest_step(),
            Intent::AcceptSuggestion(id) => self.accept_suggestion(&id),
            Intent::RejectSuggestion(id) => self.reject_suggestion(&id),
            Intent::PickSuggestion(id) => {
                self.select_suggestion(id);
                true
            }
            Intent::AcceptAll(label) => self.accept_all(label.as_deref()),
            Intent::FixAll => self.fix_all(),
            Intent::Search(query) => {
                self.search.query = query;
                self.run_search();
                self.refresh_overlays();
                true
            }
            Intent::TagMatches(label) => self.tag_matches(&label),
            Intent::Create { title, text } => self.create(title, text),
            Intent::DismissStatus => {
                self.status = None;
                true
            }
            Intent::TagClaim => self.tag_claim(),
            Intent::ClickLabel(label) => self.click_label(label),
            Intent::MouseUp(selection) => self.mouse_up(selection),
            Intent::Hover(id) => {
                let changed = id != self.hovered;
                self.hovered = id;
                changed
            }
            Intent::SetSpeaker(speaker) => self.set_speaker(speaker),
            Intent::PickSpeaker(on) => self.pick_speaker_mode(on),
            Intent::SetCue => self.set_cue(),
            Intent::SetClaim(attributes) => self.set_claim(attributes),
            Intent::Group(mentions) => self.group(&mentions),
            Intent::GroupSameName(mention) => self.group_same_name(&mention),
            Intent::Ungroup(mention) => self.ungroup(&mention),
            Intent::EditEntity { id, name, wikidata } => self.edit_entity(&id, &name, &wikidata),
            Intent::Tab(tab) => {
                self.side_tab = tab;
                true
            }
            Intent::SearchDocuments(query) => {
                self.queue.set_query(query);
                true
            }
            Intent::FilterDocuments(status) => {
                self.queue.set_status(status);
                true
            }
            Intent::FilterDocumentsByLabel(label) => {
                self.queue.set_label(label);
                true
            }
            Intent::SortDocuments(sort) => {
                self.queue.set_sort(sort);
                true
            }
            Intent::DocumentsRead {
                documents,
                problems,
            } => self.documents_read(documents, problems),
            Intent::ExportStep => self.export_step(),
            Intent::ExportRead {
                documents,
                problems,
            } => self.export_read(documents, problems),
            Intent::CancelExport => self.stop_export(None),
            Intent::SetAnnotatorName(name) => {
                self.versions_revision += 1;
                self.set_annotator_name(&name);
                true
            }
            Intent::ShowVersion(index) => self.show_version(index),
            Intent::Adjudicate(step) => self.adjudicate(step),
            Intent::ReplaceQuery(query) => self.replace_query(query),
            Intent::ReplaceAll => self.replace_all(),
            Intent::Correct(on) => self.set_correcting(on),
            Intent::TextInput(input) => self.text_input(input),
            Intent::RenameVersion(index, name) => {
                self.versions_revision += 1;
                self.rename_version(index, &name);
                true
            }
            Intent::AgreementScope(scope) => self.agreement_scope(scope),
            Intent::AgreementStep => self.agreement_step(),
            Intent::DownloadAgreement(file) => self.download_agreement(file),
            Intent::Train { asked } => self.start_training(asked),
            Intent::TrainStep => self.train_step(),
            Intent::ResetModel => self.reset_model(),
            Intent::ExportModel => self.export_model(),
            Intent::ModelRead(json) => self.model_read(json),
            Intent::MinConfidence(percent) => self.set_min_confidence(percent),
            Intent::SortByConfidence(on) => self.set_by_confidence(on),
            Intent::NextUnfinished => self.step_unfinished(true),
            Intent::PreviousUnfinished => self.step_unfinished(false),
        }
    }

    /// Opens the next (or previous) document in workspace order that is not done, as a click
    /// on its row would; says so when there is none.
    fn step_unfinished(&mut self, forward: bool) -> bool {
        let documents = self.queue.documents();
        let from = self.workspace.current_index();
        let step = if forward {
            queue::next_unfinished
        } else {
            queue::previous_unfinished
        };
        let target = step(documents, from);
        let open_one_unfinished = documents.get(from).is_some_and(|d| !d.done);
        match target {
            Some(index) => self.switch_document(index),
            None if open_one_unfinished => self.info("Every other document is done"),
            None => self.info("Every document is done"),
        }
    }

    /// Brings the queue's summaries in step with what the intent changed: the effects that
    /// store changes name every document that changed (storage and the queue must both hear
    /// of it), so they are read here rather than each change telling the queue again. A
    /// change of the index alone (another document open) leaves the summaries as they are.
    /// The queue from every document again (the list of documents changed without a change
    /// to store).
    fn refresh_queue_all(&mut self) {
        self.queue
            .set_documents(queue::summaries(self.workspace.entries()));
    }

    fn refresh_queue(&mut self) {
        let mut all = false;
        let mut index = false;
        let mut changed = Vec::new();
        for effect in &self.effects {
            match effect {
                Effect::Persist(Persist::All) => all = true,
                Effect::Persist(Persist::Index) => index = true,
                Effect::Persist(Persist::Document(id)) => changed.push(id),
                _ => {}
            }
        }
        let entries = self.workspace.entries();
        let documents = self.queue.documents();
        if index && !all {
            let n = documents.len();
            let same = documents.iter().zip(entries).all(|(d, e)| d.names(e));
            if same && n < entries.len() {
                // Documents appended (an import step): only theirs are new.
                let appended: std::collections::HashSet<&str> = entries[n..]
                    .iter()
                    .map(|e| e.document_id().as_str())
                    .collect();
                changed.retain(|id| !appended.contains(id.as_str()));
                self.queue.extend(queue::summaries(&entries[n..]));
            } else if !same || n != entries.len() {
                all = true;
            }
        }
        if all {
            self.refresh_queue_all();
            return;
        }
        for id in changed {
            if let Some(index) = self.workspace.position(id.as_str()) {
                let summary = queue::DocumentSummary::of(&self.workspace.entries()[index]);
                self.queue.set_document(index, summary);
            }
        }
    }

    pub(super) fn open_dialog(&mut self, dialog: Dialog) -> bool {
        self.modal = Some(match dialog {
            Dialog::NewDocument => Modal::NewDocument,
            Dialog::Labels => {
                self.effects.push(Effect::Focus(FocusTarget::Dialog));
                Modal::Labels { refused: 0 }
            }
            Dialog::Shortcuts => {
                self.effects.push(Effect::Focus(FocusTarget::Shortcuts));
                Modal::Shortcuts
            }
            Dialog::Statistics => {
                self.effects.push(Effect::Focus(FocusTarget::Statistics));
                Modal::Statistics(Rc::new(crate::charts::panel_charts(&self.workspace)))
            }
            Dialog::Agreement => {
                self.reveal_room_layers();
                self.open_agreement()
            }
            Dialog::Share => {
                self.effects.push(Effect::Focus(FocusTarget::Dialog));
                Modal::Share
            }
            Dialog::Replace => {
                self.effects.push(Effect::Focus(FocusTarget::Dialog));
                self.open_replace()
            }
        });
        true
    }

    fn close_dialog(&mut self, dialog: Dialog) -> bool {
        if self.dialog() != Some(dialog) {
            return false;
        }
        self.modal = None;
        self.agreement = None;
        // The button that opened it may be anywhere; the article is where work goes on.
        self.effects.push(Effect::Focus(FocusTarget::Article));
        true
    }

    /// The dialog open by name, if one is (the import dialog has none).
    fn dialog(&self) -> Option<Dialog> {
        match self.modal.as_ref()? {
            Modal::NewDocument => Some(Dialog::NewDocument),
            Modal::Labels { .. } => Some(Dialog::Labels),
            Modal::Shortcuts => Some(Dialog::Shortcuts),
            Modal::Share => Some(Dialog::Share),
            Modal::Statistics(_) => Some(Dialog::Statistics),
            Modal::Agreement(_) => Some(Dialog::Agreement),
            Modal::Replace(_) => Some(Dialog::Replace),
            Modal::Import(_) => None,
        }
    }

    fn click(
        &mut self,
        annotations: Vec<AnnotationId>,
        suggestion: Option<SuggestionId>,
        modified: bool,
    ) -> bool {
        // Alt+click (or Ctrl+click) on a name sets the selected claim's speaker in one action.
        let speaker_click = modified && self.selected_claim().is_some();
        if self.picking_speaker || speaker_click {
            return self.pick_speaker(&annotations);
        }
        if let Some(suggestion) = suggestion {
            self.review.current = Some(suggestion);
            self.selected = None;
            self.refresh_overlays();
            return true;
        }
        if self.review.current.take().is_some() {
            self.refresh_overlays();
        }
        let id = annotations.into_iter().next();
        let changed = id != self.selected;
        self.selected = id;
        changed
    }

    /// Where Tab and Shift+Tab start from: the selected span, else the caret, else the start.
    pub fn place(&self) -> Place {
        match (&self.selected, &self.caret, &self.selection) {
            (Some(id), _, _) => Place::Annotation(id.clone()),
            (None, Some(caret), _) => Place::Caret(caret.at),
            (None, None, Some(range)) => Place::Caret(range.start),
            (None, None, None) => Place::Nowhere,
        }
    }

    fn info(&mut self, text: &str) -> bool {
        self.status = Some(Status::Info(text.to_string()));
        true
    }

    fn error(&mut self, text: &str) -> bool {
        self.status = Some(Status::Error(text.to_string()));
        true
    }

    // What the view reads.

    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    pub fn editor(&self) -> &Editor {
        self.workspace.editor()
    }

    pub fn layout(&self) -> &Rc<Layout> {
        &self.layout
    }

    pub fn selection(&self) -> Option<CpRange> {
        self.selection
    }

    pub fn caret(&self) -> Option<Caret> {
        self.caret
    }

    pub fn selected(&self) -> Option<&AnnotationId> {
        self.selected.as_ref()
    }

    pub fn hovered(&self) -> Option<&AnnotationId> {
        self.hovered.as_ref()
    }

    pub fn armed(&self) -> Option<&Rc<str>> {
        self.armed.as_ref()
    }

    pub fn picking_speaker(&self) -> bool {
        self.picking_speaker
    }

    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    pub fn side_tab(&self) -> SideTab {
        self.side_tab
    }

    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    pub fn announcement(&self) -> &str {
        &self.announcement
    }

    pub fn diagnostics(&self) -> Option<&(String, Rc<Vec<Diagnostic>>)> {
        self.diagnostics.as_ref()
    }

    pub fn review(&self) -> &Review {
        &self.review
    }

    pub fn search(&self) -> &SearchState {
        &self.search
    }

    pub fn queue(&self) -> &Queue {
        &self.queue
    }

    /// True while suggestions are scheduled or being computed (the page says so for tests).
    pub fn suggestions_pending(&self) -> bool {
        self.review.scheduled || self.review.suggester.is_some()
    }

    /// The visible suggestions (not rejected, not already accepted as they are).
    pub fn visible_suggestions(&self) -> Vec<&Suggestion> {
        let mut visible = review::visible(&self.review.suggestions, self.editor().document());
        visible.retain(|s| self.learning.shows(s));
        visible
    }

    /// Whether Tab and Shift+Tab have an annotation to go to (else they move focus as usual).
    pub fn tab_targets(&self) -> (bool, bool) {
        let (previous, next) = self.editor().document().neighbours(&self.place());
        (next.is_some(), previous.is_some())
    }
}
