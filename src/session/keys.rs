//! The keyboard: a key press outside form fields means what the shortcut table
//! ([`crate::model::keymap`]) says; the first of its actions that applies now wins. Caret moves
//! are the browser's (the page-wide listener in `web/` makes them synchronously).

use std::rc::Rc;

use super::{Effect, FocusTarget, Mark, Modal, Session};
use crate::model::command::Command;
use crate::model::keymap::{self, Action, KeyPress};
use crate::model::text::ellipsize;

impl Session {
    pub(super) fn on_key(&mut self, key: &KeyPress, in_side_panel: bool) -> bool {
        // Esc closes whichever dialog is open (the import dialog as if cancelled), and ? the
        // shortcut list it opened; focus goes back to the article.
        if let Some(modal) = &self.modal {
            let closes = keymap::actions_for(key).iter().any(|a| match a {
                Action::Clear => true,
                Action::ShowShortcuts => matches!(modal, Modal::Shortcuts),
                _ => false,
            });
            if !closes {
                return false;
            }
            if matches!(modal, Modal::Import(_)) {
                self.import_choice(super::ImportChoice::Cancel);
            } else {
                self.modal = None;
            }
            self.effects.push(Effect::Focus(FocusTarget::Article));
            return true;
        }
        // While correcting, the keys are the text's.
        if let Some(render) = self.correcting_key(key) {
            return render;
        }
        // While adjudicating, digits, a, 0, n and Esc are the mode's.
        if let Some(render) = self.adjudication_key(key) {
            return render;
        }
        // A letter or digit that is a label's key tags with that label first.
        if !key.ctrl && !key.alt {
            let mut chars = key.key.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if let Some(label) = self.editor().schema().label_for_key(c) {
                    let name = Rc::clone(&label.name);
                    return self.apply_label(&name);
                }
            }
        }
        for action in keymap::actions_for(key) {
            if let Some(render) = self.act(action, in_side_panel) {
                return render;
            }
        }
        false
    }

    /// Carries out a shortcut's action; `None` when it does not apply now (the next action for
    /// the same key is tried).
    fn act(&mut self, action: Action, in_side_panel: bool) -> Option<bool> {
        let current = self.review.current.clone();
        Some(match action {
            // The page-wide listener moves the caret itself, synchronously; a caret that moves
            // ends the span selection (Delete must not remove a span paragraphs away).
            Action::Move(..) | Action::Extend(..) => {
                self.selected.take()?;
                true
            }
            Action::AcceptSuggestion => self.accept_suggestion(&current?),
            Action::RejectSuggestion => self.reject_suggestion(&current?),
            Action::NextSuggestion | Action::PreviousSuggestion => {
                if self.selection.is_some() {
                    return None;
                }
                self.step_suggestion(action == Action::NextSuggestion)?
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
                self.effects.push(Effect::ClearDomSelection);
                self.selection = None;
                self.caret = None;
                self.review.current = None;
                self.effects
                    .push(Effect::ScrollTo(Mark::Annotation(id.clone())));
                self.selected = Some(id);
                true
            }
            Action::OpenDetails => {
                self.selected.as_ref()?;
                self.effects.push(Effect::Focus(FocusTarget::Details));
                true
            }
            Action::TagClaim => self.tag_claim(),
            Action::Remove => self.run_reporting(Command::Remove(self.selected.clone()?)),
            Action::Clear => {
                self.effects.push(Effect::ClearDomSelection);
                let changed = self.selected.is_some()
                    || self.selection.is_some()
                    || self.caret.is_some()
                    || self.picking_speaker
                    || self.armed.is_some();
                self.armed = None;
                self.review.current = None;
                if !self.picking_speaker {
                    self.selected = None;
                }
                self.picking_speaker = false;
                self.selection = None;
                self.caret = None;
                // Esc in a panel's field goes back to the article.
                if in_side_panel {
                    self.effects.push(Effect::Focus(FocusTarget::Article));
                }
                changed
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::ShowShortcuts => {
                self.modal = Some(Modal::Shortcuts);
                self.effects.push(Effect::Focus(FocusTarget::Shortcuts));
                true
            }
            Action::FindReplace => self.open_dialog(super::Dialog::Replace),
            Action::CorrectText => self.set_correcting(!self.correcting),
            Action::NextUnfinished => self.step_unfinished(true),
            Action::PreviousUnfinished => self.step_unfinished(false),
        })
    }
}
