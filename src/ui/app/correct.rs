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
/// text before the last change, whether a redraw is not finished (the DOM may be patched, the
/// caret not yet put back), and whether an edit asked for the caret once it is drawn.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Typing {
    pub composing: Option<Composing>,
    pub recompose: Option<(usize, u32)>,
    pub selection: Option<CpRange>,
    pub dom_behind: bool,
    pub unsettled: bool,
    pub caret_due: bool,
}

impl Typing {
    /// After the root handled a message: one that redraws leaves the DOM unsettled until the
    /// root's `rendered` has put the caret back. Yew may give the browser its turn between
    /// patching the DOM and calling `rendered` (after 16 ms of work), and a key typed then
    /// would read a caret that the redraw of its paragraph moved (suggestions drawn again
    /// while "Rafah" was typed made it "Rfaha").
    pub fn after_update(&mut self, render: bool, correcting: bool) {
        self.unsettled |= render && correcting;
    }

    /// The DOM is drawn to the end.
    pub fn drawn(&mut self) {
        self.dom_behind = false;
        self.unsettled = false;
    }

    /// Whether the DOM's selection is not to be read: it is in the text before the last
    /// change, or a redraw under way moved it (`damaged`, asked only then; a selection that
    /// looks whole in an unsettled DOM is the person's, who may have clicked or selected).
    fn dom_unreliable(&self, damaged: impl FnOnce() -> bool) -> bool {
        self.dom_behind || (self.unsettled && self.selection.is_some() && damaged())
    }

    /// Whether a selection the DOM reports now is the person's own: not during a composition,
    /// nor when the DOM's selection is not to be read.
    pub fn selection_is_persons(&self, damaged: impl FnOnce() -> bool) -> bool {
        self.composing.is_none() && !self.dom_unreliable(damaged)
    }

    /// The selection a key types at: the DOM's (`dom`, read only then), unless it is not to be
    /// read, when the one kept in the model's terms is.
    pub fn typing_at(
        &self,
        dom: impl FnOnce() -> Option<CpRange>,
        damaged: impl FnOnce() -> bool,
    ) -> Option<CpRange> {
        if self.dom_unreliable(damaged) {
            self.selection
        } else {
            dom()
        }
    }
}

impl App {
    pub(super) fn edit_event(&mut self, event: EditEvent) -> bool {
        match event {
            EditEvent::CompositionStart => {
                let range = self
                    .typing
                    .typing_at(|| self.selection_range(), || self.selection_damaged());
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
        // own when a frame's work runs long), or between a redraw's patch and the caret put
        // back: the DOM's selection is then in the text before it, or moved by the patch, and
        // the selection kept in the model's terms is the one to use.
        let selection = self
            .typing
            .typing_at(|| self.selection_range(), || self.selection_damaged())?;
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

    /// Whether a redraw moved the DOM's selection away from the one kept (its focus node gone
    /// or not text, or at the start of the kept one's paragraph).
    pub(super) fn selection_damaged(&self) -> bool {
        let (Some(container), Some(wanted)) = (
            self.document_ref.cast::<web_sys::Element>(),
            self.typing.selection,
        ) else {
            return false;
        };
        let last_focus = self.typing_focus.borrow().clone();
        web::editing::selection_damaged(
            &container,
            self.paragraph_at(wanted.end),
            last_focus.as_ref(),
        )
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
        if self.selection_damaged() {
            self.place_selection(wanted);
        } else if now.is_some() {
            self.typing.selection = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What happens at the root, in order.
    enum Step {
        /// A message handled; whether it redraws.
        Update(bool),
        /// A key typed: its change is not drawn yet; the caret is to go here once it is.
        Typed(usize),
        /// The root's `rendered`: the DOM is drawn to the end and the caret put back.
        Rendered,
        /// The browser reports a selection change: what the DOM shows, whether it looks
        /// damaged, and whether it is taken as the person's.
        Reported(Option<CpRange>, bool, bool),
        /// A key: what the DOM shows, whether it looks damaged, where it is typed.
        Key(Option<CpRange>, bool, Option<CpRange>),
    }
    use Step::*;

    fn at(i: usize) -> Option<CpRange> {
        Some(CpRange::new(i, i))
    }

    fn replay(correcting: bool, steps: &[Step]) {
        let mut typing = Typing::default();
        for (i, step) in steps.iter().enumerate() {
            match *step {
                Update(render) => typing.after_update(render, correcting),
                Typed(caret) => {
                    typing.selection = at(caret);
                    typing.dom_behind = true;
                    typing.after_update(true, correcting);
                }
                Rendered => typing.drawn(),
                Reported(range, damaged, persons) => {
                    let taken = typing.selection_is_persons(|| damaged);
                    assert_eq!(taken, persons, "step {i}");
                    if taken {
                        typing.selection = range;
                    }
                }
                Key(dom, damaged, wanted) => {
                    assert_eq!(typing.typing_at(|| dom, || damaged), wanted, "step {i}");
                }
            }
        }
    }

    #[test]
    fn a_key_typed_while_a_redraw_is_unfinished_goes_where_the_person_left_the_caret() {
        replay(
            true,
            &[
                // "R" typed over a selection; the next key comes before it is drawn: the DOM
                // still shows the text before it, whatever its selection looks like.
                Reported(Some(CpRange::new(2895, 2899)), false, true),
                Typed(2896),
                Key(Some(CpRange::new(2895, 2899)), false, at(2896)),
                Rendered,
                Reported(at(2896), false, true),
                // Suggestions come back: their paragraph is patched, the caret in it falls to
                // the start of a mark, and Yew gives the browser its turn before `rendered`
                // puts it back: neither the report nor a key believe it.
                Update(true),
                Reported(at(2895), true, false),
                Key(at(2895), true, at(2896)),
                Rendered,
                // A redraw that left the caret whole: a click meanwhile is the person's.
                Update(true),
                Reported(at(10), false, true),
                Key(at(10), false, at(10)),
                Rendered,
                // Drawn, the DOM is read as it is.
                Key(at(12), true, at(12)),
            ],
        );
    }

    #[test]
    fn out_of_the_correction_mode_the_dom_is_read_as_it_is() {
        replay(
            false,
            &[
                Reported(at(3), false, true),
                Update(true),
                Key(at(5), true, at(5)),
            ],
        );
    }
}
