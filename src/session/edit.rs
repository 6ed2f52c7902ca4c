//! Edits: every change to a document goes through [`Session::run`], which applies the
//! command, says what it did (the live region, the status line) or why it was refused, and
//! tells the view what to redraw.

use std::rc::Rc;

use super::{Effect, FocusTarget, Intent, Modal, Persist, Redraw, SchemaEdit, Session};
use crate::model::claim::ClaimAttributes;
use crate::model::command::{Change, Command, CommandError, SpanFate, Speaker};
use crate::model::document::{can_speak, AnnotationId, EntityId, SpanKind};
use crate::model::identity::suggest_group_for;
use crate::model::layout::Layout;
use crate::model::offsets::CpRange;
use crate::model::text::ellipsize;
use crate::model::workspace::Undone;

impl Session {
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

    /// Applies a command to the open document and redraws what it touched. A refusal is
    /// returned, so that no caller can report success over it.
    pub(super) fn run(&mut self, command: Command) -> Result<(), CommandError> {
        // Anything done ends a typing run (a run's own edit is kept again after this).
        self.typing = None;
        let announcement = self.announcement_for(&command);
        let change = self.workspace.edit(command)?;
        if let Some(announcement) = announcement {
            self.announcement = announcement;
        }
        self.select_focus(&change);
        self.after_change(change);
        Ok(())
    }

    /// Runs a command and shows a refusal in the status line.
    pub(super) fn run_reporting(&mut self, command: Command) -> bool {
        match self.run(command) {
            Ok(()) => true,
            Err(e) => self.error(&e.to_string()),
        }
    }

    /// Runs a command and, when it applied, says so.
    pub(super) fn run_then_say(&mut self, command: Command, message: &str) -> bool {
        match self.run(command) {
            Ok(()) => self.info(message),
            Err(e) => self.error(&e.to_string()),
        }
    }

    /// Applies a command about the selected annotation without moving the selection elsewhere.
    pub(super) fn run_keeping_selection(&mut self, command: Command) -> Result<(), CommandError> {
        let selected = self.selected.clone();
        self.run(command)?;
        if selected
            .as_ref()
            .is_some_and(|id| self.editor().document().annotation(id).is_some())
        {
            self.selected = selected;
        }
        Ok(())
    }

    fn keeping_selection_reporting(&mut self, command: Command) -> bool {
        match self.run_keeping_selection(command) {
            Ok(()) => true,
            Err(e) => self.error(&e.to_string()),
        }
    }

    /// Ctrl+Z: the newest step of the open document or of the workspace, whichever came later.
    pub(super) fn undo(&mut self) -> bool {
        self.history(true)
    }

    pub(super) fn redo(&mut self) -> bool {
        self.history(false)
    }

    fn history(&mut self, back: bool) -> bool {
        self.typing = None;
        let needs = if back {
            self.workspace.undo_needs()
        } else {
            self.workspace.redo_needs()
        };
        if !needs.is_empty() {
            let again = if back { Intent::Undo } else { Intent::Redo };
            return self.read_then(needs, again);
        }
        let (step, done, nothing) = if back {
            (self.workspace.undo(), "Undid", "Nothing to undo")
        } else {
            (self.workspace.redo(), "Redid", "Nothing to redo")
        };
        match step {
            Some(Undone::Document(change)) => self.after_history(change),
            Some(Undone::Workspace(change)) => {
                self.after_workspace_change(&change);
                self.info(&format!("{done} the last change to the list of documents"))
            }
            None => self.info(nothing),
        }
    }

    /// The annotation a change is about becomes the selected one (none when it is gone).
    fn select_focus(&mut self, change: &Change) {
        if let Some(focus) = &change.focus {
            self.selected = self
                .editor()
                .document()
                .annotation(focus)
                .map(|a| a.id.clone());
        }
    }

    fn after_history(&mut self, change: Change) -> bool {
        self.select_focus(&change);
        // While correcting, the caret goes where the text changed back.
        if let (true, Some(edit)) = (self.correcting, &change.text_edit) {
            let at = crate::model::offsets::CodePoint(edit.start.0 + edit.n_inserted());
            self.effects.push(Effect::PlaceCaret(at));
        }
        // What undo or redo brought back may be off screen.
        if let (Some(_), Some(id)) = (&change.focus, &self.selected) {
            self.effects
                .push(Effect::ScrollTo(super::Mark::Annotation(id.clone())));
        }
        self.after_change(change);
        true
    }

    /// After a command: the layout follows the ranges it touched, suggestions there go, the
    /// document is stored, and an article's suggestions are computed again after the paint.
    pub(super) fn after_change(&mut self, change: Change) {
        self.push_room();
        let document_id = self.editor().document().id.clone();
        if change.everything {
            self.overlays = Rc::default();
            let document = self.workspace.editor().document();
            self.layout = Rc::new(if change.text_edit.is_some() {
                // Several text edits at once: the paragraphs they left alone are kept.
                Layout::new_keeping(document, &self.layout)
            } else {
                Layout::new(document)
            });
            self.selected = None;
            self.selection = None;
        } else if let Some(edit) = &change.text_edit {
            // The layout follows the edit; the paragraphs that held overlays (suggestions and
            // matches, in the text before it) are cut again without them, as they are dropped
            // and computed afresh below.
            let document = self.workspace.editor().document();
            let old_overlays: Vec<CpRange> = self
                .overlays
                .iter()
                .filter_map(|o| edit.map_span(o.range))
                .collect();
            self.overlays = Rc::default();
            let layout = Rc::make_mut(&mut self.layout);
            layout.apply_text_edit(document, edit);
            layout.update(document, &old_overlays);
            self.selected = None;
            self.selection = None;
        } else if !change.ranges.is_empty() {
            let document = self.workspace.editor().document();
            Rc::make_mut(&mut self.layout).update_with_overlays(
                document,
                &self.overlays,
                &change.ranges,
            );
        }
        self.effects.push(Effect::Redraw(Redraw::Edit {
            schema: change.everything,
        }));
        self.drop_suggestions_at(&change);
        // Search matches depend only on the text, which an edit of annotations leaves alone;
        // a replaced document has another text.
        if change.everything || change.text_edit.is_some() {
            self.run_search();
        }
        self.refresh_overlays();
        self.effects
            .push(Effect::Persist(Persist::Document(document_id)));
        self.schedule_suggestion_refresh();
        self.train_if_grown();
    }

    pub(super) fn apply_label(&mut self, label: &str) -> bool {
        if let Some(command) = self
            .selection
            .and_then(|range| self.editor().tag(range, label))
        {
            self.effects.push(Effect::ClearDomSelection);
            self.selection = None;
            return self.run_reporting(command);
        }
        match self.selected.clone() {
            Some(id) => self.run_reporting(Command::Relabel {
                id,
                label: Rc::from(label),
            }),
            None => self.info("Select some text first, then choose a label"),
        }
    }

    pub(super) fn click_label(&mut self, label: Rc<str>) -> bool {
        let has_target = self.selection.is_some() || self.selected.is_some();
        if self.armed.as_deref() == Some(&*label) {
            self.armed = None;
            true
        } else if has_target {
            self.apply_label(&label)
        } else if self.correcting {
            // An armed label tags every selection on release: not while selections are made
            // to be typed over.
            self.info("Select the text to tag first (a label is not armed while correcting)")
        } else {
            self.armed = Some(label);
            true
        }
    }

    pub(super) fn mouse_up(&mut self, selection: Option<crate::model::offsets::CpRange>) -> bool {
        let Some(label) = self.armed.clone() else {
            return false;
        };
        self.selection = selection.filter(|r| !r.is_empty());
        match self
            .selection
            .and_then(|range| self.editor().tag(range, &label))
        {
            Some(command) => {
                self.effects.push(Effect::ClearDomSelection);
                self.selection = None;
                self.run_reporting(command)
            }
            None => false,
        }
    }

    pub(super) fn tag_claim(&mut self) -> bool {
        match self
            .selection
            .and_then(|range| self.editor().tag_claim(range))
        {
            Some(command) => {
                self.effects.push(Effect::ClearDomSelection);
                self.selection = None;
                self.run_reporting(command)
            }
            None => self.info("Select the claim's text first, then press C or the CLAIM button"),
        }
    }

    pub(super) fn selected_claim(&self) -> Option<AnnotationId> {
        let id = self.selected.as_ref()?;
        let annotation = self.editor().document().annotation(id)?;
        (annotation.kind == SpanKind::Claim).then(|| id.clone())
    }

    pub(super) fn set_speaker(&mut self, speaker: Speaker) -> bool {
        match self.selected_claim() {
            Some(claim) if self.editor().speaker_of(&claim) == speaker => false,
            Some(claim) => {
                self.picking_speaker = false;
                let command = self.editor().set_speaker(&claim, speaker);
                self.keeping_selection_reporting(command)
            }
            None => false,
        }
    }

    pub(super) fn pick_speaker_mode(&mut self, on: bool) -> bool {
        self.picking_speaker = on && self.selected_claim().is_some();
        if self.picking_speaker {
            self.info("Click the speaker's name in the text (Esc cancels)")
        } else {
            true
        }
    }

    /// Sets the selected claim's speaker to the innermost mention among the clicked annotations
    /// whose label can speak.
    pub(super) fn pick_speaker(&mut self, clicked: &[AnnotationId]) -> bool {
        let document = self.editor().document();
        let entity = clicked.iter().find(|id| {
            document
                .annotation(id)
                .is_some_and(|a| a.kind == SpanKind::Entity && can_speak(&a.label))
        });
        match (self.selected_claim(), entity.cloned()) {
            (Some(claim), Some(mention)) => {
                self.picking_speaker = false;
                self.status = None;
                if self.editor().speaker_of(&claim) == Speaker::Mention(mention.clone()) {
                    return true;
                }
                let command = self.editor().set_speaker(&claim, Speaker::Mention(mention));
                self.keeping_selection_reporting(command)
            }
            _ => self.info("Click a tagged name (a PERSON or ORG mention) to make it the speaker"),
        }
    }

    pub(super) fn set_cue(&mut self) -> bool {
        let (Some(claim), Some(range)) = (self.selected_claim(), self.selection) else {
            return self
                .info("Select the cue in the text first, then press “Set cue from selection”");
        };
        match self.editor().set_cue(&claim, range) {
            Some(command) => {
                self.effects.push(Effect::ClearDomSelection);
                self.selection = None;
                self.keeping_selection_reporting(command)
            }
            None => false,
        }
    }

    pub(super) fn set_claim(&mut self, attributes: ClaimAttributes) -> bool {
        match self.selected_claim() {
            Some(id) => self.keeping_selection_reporting(Command::SetClaim {
                id,
                attributes: Box::new(attributes),
            }),
            None => false,
        }
    }

    pub(super) fn group(&mut self, mentions: &[AnnotationId]) -> bool {
        match self.editor().group(mentions) {
            Some(command) => self.keeping_selection_reporting(command),
            None => self.info("These mentions are one entity already"),
        }
    }

    pub(super) fn group_same_name(&mut self, mention: &AnnotationId) -> bool {
        let group = suggest_group_for(self.editor().document(), mention);
        match group.and_then(|group| Some((group.len(), self.editor().group(&group)?))) {
            Some((n, command)) => match self.run_keeping_selection(command) {
                Ok(()) => self.info(&format!("Grouped {n} mentions with the same name")),
                Err(e) => self.error(&e.to_string()),
            },
            None => self.info("No other mention with this name is outside its entity"),
        }
    }

    pub(super) fn ungroup(&mut self, mention: &AnnotationId) -> bool {
        match self.editor().ungroup(mention) {
            Some(command) => self.keeping_selection_reporting(command),
            None => false,
        }
    }

    pub(super) fn edit_entity(&mut self, id: &EntityId, name: &str, wikidata: &str) -> bool {
        match self.editor().edit_entity(id, name, wikidata) {
            Ok(Some(command)) => self.keeping_selection_reporting(command),
            Ok(None) => false,
            Err(e) => self.error(&e.to_string()),
        }
    }

    pub(super) fn edit_schema(&mut self, edit: SchemaEdit) -> bool {
        let editor = self.editor();
        let first_key = |key: &str| key.trim().chars().next();
        let command = match edit {
            SchemaEdit::Add { name, color, key } => {
                editor.add_label(&name, &color, first_key(&key))
            }
            SchemaEdit::Recolor { name, color } => editor.recolor_label(&name, &color),
            SchemaEdit::Rekey { name, key } => editor.rekey_label(&name, first_key(&key)),
            SchemaEdit::Rename { from, to } => match editor.rename_label(&from, &to) {
                Ok(Some(command)) => Ok(command),
                Ok(None) => return false,
                Err(e) => Err(e),
            },
            SchemaEdit::Delete { name, fate } => {
                let n = editor.spans_labelled(&name).count();
                let Some(command) = editor.delete_label(&name, fate.clone()) else {
                    return false;
                };
                let message = match (&fate, n) {
                    (_, 0) => format!("Deleted the label {name}"),
                    (SpanFate::Delete, n) => format!(
                        "Deleted the label {name} and its {n} span{} (Ctrl+Z brings them back)",
                        if n == 1 { "" } else { "s" }
                    ),
                    (SpanFate::Relabel(to), n) => format!(
                        "Deleted the label {name}; its {n} span{} are now {to}",
                        if n == 1 { "" } else { "s" }
                    ),
                };
                // The row and its button are gone: the keyboard stays in the dialog.
                self.effects.push(Effect::Focus(FocusTarget::Dialog));
                return self.run_then_say(command, &message);
            }
        };
        let refused = match command {
            Ok(command) => match self.run(command) {
                Ok(()) => return true,
                Err(e) => e.to_string(),
            },
            Err(e) => e.to_string(),
        };
        // The dialog's fields show the labels as they are again, not what was refused.
        if let Some(Modal::Labels { refused }) = &mut self.modal {
            *refused += 1;
        }
        self.error(&refused)
    }

    pub(super) fn tag_matches(&mut self, label: &str) -> bool {
        let matches = Rc::clone(&self.search.matches);
        match crate::assist::search::tag_all(self.editor(), &matches, label) {
            Some(command) => self.run_then_say(
                command,
                &format!(
                    "Tagged {} match(es) as {label} (one undo takes them back)",
                    matches.len()
                ),
            ),
            None => self.info(&format!("Every match is tagged {label} already")),
        }
    }
}
