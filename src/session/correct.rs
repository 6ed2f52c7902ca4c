//! The correction mode (issue 16): "Correct text" (or F2) makes the article editable. What the
//! browser is asked to do to the text — type, delete, paste, end a composition — arrives as a
//! [`TextInput`] in code points of the text as it is, and becomes one text edit of the model
//! (annotations follow by its rules; undo takes it back). The browser changes nothing itself:
//! the root prevents its default and draws the model's text, with the caret put back where the
//! edit leaves it ([`Effect::PlaceCaret`]).
//!
//! Characters typed one after another at the caret are one [`TypingRun`]: one edit that grows
//! with each key, so one undo takes back the run, and typing over a span's text ("Refa"
//! selected, "Rafah" typed) keeps the span over all of it, as replacing its text at once does.
//!
//! Label keys do not tag while the mode is on (the keys are the text's); Esc or the button
//! leaves it.

use unicode_segmentation::UnicodeSegmentation;

use super::{Effect, FocusTarget, Session};
use crate::model::document::DocumentId;
use crate::model::keymap::{self, Action, KeyPress};
use crate::model::offsets::{CodePoint, CpRange};
use crate::model::text_edit::{backspace_range, delete_range};

/// A change to the text asked for in the correction mode, with the range it applies to (the
/// selection, or the browser's own range for word and line deletions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextInput {
    /// Typing, a paste, a spelling fix, the end of a composition: `text` replaces `range`
    /// (inserted at it when it is empty).
    Insert { range: CpRange, text: String },
    /// Backspace: the selection, or the grapheme before a caret.
    DeleteBackward(CpRange),
    /// Delete: the selection, or the grapheme after a caret.
    DeleteForward(CpRange),
    /// Exactly this range goes (a word or a line deleted, a cut).
    Delete(CpRange),
}

/// Keys typed one after another at the caret, taken as one edit: the range they replace (in
/// the text before the run) and what they typed so far.
#[derive(Clone, Debug)]
pub(super) struct TypingRun {
    document: DocumentId,
    range: CpRange,
    text: String,
    /// The stamp of the run's edit as a step of the workspace's history; `None` while the run
    /// changes nothing (its text typed back as it was). Anything done since (an edit, a
    /// workspace step such as a done mark, an undo) makes another step the newest.
    step: Option<u64>,
    /// When its last key came, in milliseconds.
    at: f64,
}

/// A pause longer than this between two keys starts another run (another undo step).
const RUN_PAUSE_MS: f64 = 1000.0;

impl TypingRun {
    fn caret(&self) -> CodePoint {
        CodePoint(self.range.start.0 + self.text.chars().count())
    }

    /// The run's text after this input, when the input continues it: a key typed at its
    /// caret, or Backspace there taking back the last grapheme it typed.
    fn continued(&self, input: &TextInput) -> Option<String> {
        match input {
            TextInput::Insert { range, text }
                if range.is_empty() && range.start == self.caret() =>
            {
                Some(format!("{}{}", self.text, normalize_breaks(text)))
            }
            TextInput::DeleteBackward(range) if range.is_empty() && range.start == self.caret() => {
                let last = self.text.grapheme_indices(true).next_back()?.0;
                Some(self.text[..last].to_string())
            }
            _ => None,
        }
    }
}

impl Session {
    /// Whether the correction mode is on.
    pub fn correcting(&self) -> bool {
        self.correcting
    }

    /// Turns the correction mode on or off.
    pub(super) fn set_correcting(&mut self, on: bool) -> bool {
        if on == self.correcting {
            return false;
        }
        if on && self.adjudication.is_some() {
            return self.info("End the adjudication first: its versions share one text");
        }
        self.correcting = on;
        self.typing = None;
        // The browser draws its own caret in editable text; an armed label or speaker picking
        // would act on a selection made to be typed over.
        self.armed = None;
        self.picking_speaker = false;
        self.caret = None;
        self.effects.push(Effect::Focus(FocusTarget::Article));
        if on {
            self.info("Correcting the text: type in the article; annotations follow (Esc leaves)")
        } else {
            self.info("The text is read-only again")
        }
    }

    /// A key while correcting: only Esc, F2, undo, redo and find-and-replace are the app's
    /// (the page-wide listener passes no others); letters and digits are typed, never labels.
    pub(super) fn correcting_key(&mut self, key: &KeyPress) -> Option<bool> {
        if !self.correcting {
            return None;
        }
        for action in keymap::actions_for(key) {
            match action {
                Action::Clear | Action::CorrectText => return Some(self.set_correcting(false)),
                Action::Undo => return Some(self.undo()),
                Action::Redo => return Some(self.redo()),
                Action::FindReplace => return Some(self.open_dialog(super::Dialog::Replace)),
                _ => {}
            }
        }
        Some(false)
    }

    /// Applies a change of the text asked for while correcting; the caret goes where the
    /// change leaves it.
    pub(super) fn text_input(&mut self, input: TextInput) -> bool {
        if !self.correcting {
            return false;
        }
        if let Some(render) = self.continue_run(&input) {
            return render;
        }
        let document = self.editor().document();
        let len = document.len();
        let inside = |r: &CpRange| r.start <= r.end && r.end <= len;
        let (range, text) = match input {
            TextInput::Insert { range, text } => (range, normalize_breaks(&text)),
            TextInput::DeleteBackward(range) if range.is_empty() => {
                match backspace_range(document, range.start) {
                    Some(r) => (r, String::new()),
                    None => return false,
                }
            }
            TextInput::DeleteForward(range) if range.is_empty() => {
                match delete_range(document, range.start) {
                    Some(r) => (r, String::new()),
                    None => return false,
                }
            }
            TextInput::DeleteBackward(range)
            | TextInput::DeleteForward(range)
            | TextInput::Delete(range) => (range, String::new()),
        };
        if !inside(&range) {
            return false;
        }
        let typed = !text.is_empty();
        let run = TypingRun {
            document: self.editor().document().id.clone(),
            range,
            text,
            step: None,
            at: (self.clock)(),
        };
        self.apply_run(run, typed)
    }

    /// Applies a run's edit (its text over its range); `keep` keeps it as the run that the
    /// next key may continue.
    fn apply_run(&mut self, mut run: TypingRun, keep: bool) -> bool {
        let caret = run.caret();
        self.effects.push(Effect::PlaceCaret(caret));
        let render = match self.editor().replace_text(run.range, &run.text) {
            // Nothing changes (the same text typed over itself): the caret still moves on.
            None => false,
            Some(command) => {
                if let Err(e) = self.run(command) {
                    return self.error(&e.to_string());
                }
                run.step = self.workspace.newest_document_step();
                true
            }
        };
        if keep {
            self.typing = Some(run);
        }
        render
    }

    /// An input that continues the typing run: the run's edit is taken back and made again
    /// with the new text. `None` when the input starts afresh.
    fn continue_run(&mut self, input: &TextInput) -> Option<bool> {
        let run = self.typing.take()?;
        let now = (self.clock)();
        let same_place = run.document == self.editor().document().id
            && now - run.at <= RUN_PAUSE_MS
            && run
                .step
                .is_none_or(|step| self.workspace.newest_document_step() == Some(step));
        let text = run.continued(input).filter(|_| same_place)?;
        if run.step.is_some() {
            // Taken back only to be made again, longer: a team room hears the result, not the
            // run's whole text deleted and typed again at every key.
            self.hold_room(true);
            let undone = match self.workspace.undo() {
                Some(crate::model::workspace::Undone::Document(change)) => {
                    self.after_change(change);
                    true
                }
                _ => false,
            };
            self.hold_room(false);
            if !undone {
                return Some(self.error("The typing could not be merged into one step"));
            }
        }
        let run = TypingRun {
            text,
            step: None,
            at: now,
            ..run
        };
        Some(self.apply_run(run, true))
    }
}

/// Line breaks as the text keeps them: a pasted `\r\n` or lone `\r` becomes `\n`.
fn normalize_breaks(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}
