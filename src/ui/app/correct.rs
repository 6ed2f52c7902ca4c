//! The correction mode's browser side: what `web::editing` heard becomes a
//! [`TextInput`] in code points (the ranges read from the DOM before anything changes), and the
//! caret goes back into the text once the model's text is drawn.

use crate::model::offsets::{CodePoint, CpRange};
use crate::session::correct::TextInput;
use crate::session::Intent;
use crate::web;
use crate::web::editing::{EditEvent, Point};

use super::App;

/// A composition under way: the range it replaces, read when it started.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Composing {
    pub range: Option<CpRange>,
}

/// What the root keeps of the DOM while correcting: a composition under way, the paragraph
/// last drawn afresh after one (with a count, its chunk's key), the selection the person types
/// at (kept across renders that draw its paragraph again), whether the DOM still shows the
/// text before the last change, and whether an edit asked for the caret once it is drawn.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Typing {
    pub composing: Option<Composing>,
    pub recompose: Option<(usize, u32)>,
    pub selection: Option<CpRange>,
    pub dom_behind: bool,
    pub caret_due: bool,
}

impl App {
    pub(super) fn edit_event(&mut self, event: EditEvent) -> bool {
        match event {
            EditEvent::CompositionStart => {
                let range = if self.typing.dom_behind {
                    self.typing.selection
                } else {
                    self.selection_range()
                };
                self.typing.composing = Some(Composing { range });
                false
            }
            EditEvent::CompositionEnd(text) => {
                let Some(Composing { range: Some(range) }) = self.typing.composing.take() else {
                    return false;
                };
                // The browser wrote the composition into the DOM: the chunk it is in is drawn
                // afresh from the model, whatever the composition left there.
                let paragraph = self.paragraph_at(range.start);
                let generation = self.typing.recompose.map_or(0, |(_, g)| g + 1);
                self.typing.recompose = Some((paragraph, generation));
                // A composition cancelled (Esc in the input method) changes nothing.
                if !text.is_empty() {
                    self.typing.dom_behind = true;
                    self.dispatch(Intent::TextInput(TextInput::Insert { range, text }));
                }
                true
            }
            EditEvent::Input { kind, text, target } => {
                let Some(input) = self.text_input(&kind, text, target) else {
                    return false;
                };
                let render = self.dispatch(input);
                // Until the change is drawn, the DOM shows the text before it.
                self.typing.dom_behind |= render;
                render
            }
        }
    }

    /// What a prevented `beforeinput` asks of the session.
    fn text_input(
        &self,
        kind: &str,
        text: Option<String>,
        target: Option<(Point, Point)>,
    ) -> Option<Intent> {
        // Keys can come before the last one's change is drawn (Yew renders in a task of its
        // own when a frame's work runs long): the DOM's selection is then in the text before
        // it, and the selection kept in the model's terms is the one to use.
        let selection = if self.typing.dom_behind {
            self.typing.selection?
        } else {
            self.selection_range()?
        };
        let target = target.filter(|_| !self.typing.dom_behind);
        let target = target.and_then(|(start, end)| {
            Some(CpRange {
                start: self.point_offset(&start)?,
                end: self.point_offset(&end)?,
            })
        });
        let input = match kind {
            "historyUndo" => return Some(Intent::Undo),
            "historyRedo" => return Some(Intent::Redo),
            "insertParagraph" | "insertLineBreak" => TextInput::Insert {
                range: selection,
                text: "\n".to_string(),
            },
            "deleteContentBackward" => TextInput::DeleteBackward(selection),
            "deleteContentForward" => TextInput::DeleteForward(selection),
            // A spelling fix names the word it replaces.
            "insertReplacementText" => TextInput::Insert {
                range: target.unwrap_or(selection),
                text: text?,
            },
            k if k.starts_with("insert") => TextInput::Insert {
                range: selection,
                text: text?,
            },
            // A word, a line, a cut: the browser's range, else the selection.
            k if k.starts_with("delete") => {
                let range = target.filter(|r| !r.is_empty()).unwrap_or(selection);
                if range.is_empty() {
                    return None;
                }
                TextInput::Delete(range)
            }
            // Bold, italics and the like: the text has no formatting.
            _ => return None,
        };
        Some(Intent::TextInput(input))
    }

    fn point_offset(&self, point: &Point) -> Option<CodePoint> {
        let container = self.document_ref.cast::<web_sys::Element>()?;
        let index = self.session.editor().document().index();
        let at = web::editing::point_offset(
            &container,
            point,
            |i| self.paragraph_start_utf16(i),
            index.len_utf16(),
        )?;
        Some(index.from_utf16(at))
    }

    /// The paragraph that holds a code point (the last one at the end of the text).
    fn paragraph_at(&self, at: CodePoint) -> usize {
        let paragraphs = &self.session.layout().paragraphs;
        let after = paragraphs.partition_point(|p| p.range.start <= at);
        after.saturating_sub(1)
    }

    /// Puts the DOM selection over a range of the text as drawn now.
    fn place_selection(&self, range: CpRange) {
        let Some(container) = self.document_ref.cast::<web_sys::Element>() else {
            return;
        };
        let index = self.session.editor().document().index();
        let paragraphs = &self.session.layout().paragraphs;
        let point = |at: CodePoint| {
            let i = self.paragraph_at(at);
            let start = index.to_utf16(paragraphs.get(i)?.range.start);
            let local = index.to_utf16(at.min(index.len())).0 - start.0;
            Some((i, local as u32))
        };
        if let (Some(start), Some(end)) = (point(range.start), point(range.end)) {
            web::editing::place_selection(&container, start, end);
            *self.typing_focus.borrow_mut() = web::editing::focus_node();
        }
    }

    /// After a render while correcting: the caret goes where an edit left it; and a paragraph
    /// drawn again for another reason (its suggestions came back) loses the DOM selection in
    /// it, so it is put back where the person had it — unless the person has put it elsewhere
    /// since, which is then the one kept.
    pub(super) fn keep_typing_selection(&mut self) {
        if !self.session.correcting() || self.typing.composing.is_some() || self.typing.dom_behind {
            return;
        }
        let Some(wanted) = self.typing.selection else {
            return;
        };
        let due = std::mem::take(&mut self.typing.caret_due);
        let now = self.selection_range();
        if now == Some(wanted) {
            return;
        }
        if due {
            self.place_selection(wanted);
            return;
        }
        let Some(container) = self.document_ref.cast::<web_sys::Element>() else {
            return;
        };
        let last_focus = self.typing_focus.borrow().clone();
        if web::editing::selection_damaged(
            &container,
            self.paragraph_at(wanted.end),
            last_focus.as_ref(),
        ) {
            self.place_selection(wanted);
        } else if now.is_some() {
            self.typing.selection = now;
        }
    }
}
