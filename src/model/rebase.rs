//! Undo and redo across a colleague's text edit.
//!
//! In a team room a colleague's change is applied without being recorded
//! ([`Editor::apply_unrecorded`]): undo goes on taking back the person's own steps, as Yjs's
//! UndoManager does with tracked origins. A colleague's *text* edit moves the text under those
//! steps, so [`Editor::rebase_history`] moves them with it: each step of the history is carried
//! onto the text the colleague's edit made, and the colleague's edit onto the text that step
//! leads to, one step after another (the transform of operational transformation, for the
//! history's text edits; the span rules of [`crate::model::text_edit`] for its spans).
//!
//! - A span added or put back follows the edit; one whose text the edit deleted cannot come back,
//!   and its step no longer applies.
//! - A text edit of the history, and what undoing one puts back, moves by the length the
//!   colleague's edit added or took before it. Undoing one of the person's edits after a
//!   colleague's no longer pops the document's last edit: it is a new edit that puts the old
//!   text back, the spans its edit touched put back where they were ([`Command::Reanchor`]) and
//!   the spans it removed restored.
//! - A colleague's edit that overlaps a text edit of the history (both changed the same
//!   characters) leaves no honest way to take that edit back: it and every older step are
//!   forgotten, as they would be past the history's limit.
//! - A step that no longer applies stays as a step that is refused, which undo passes over, so
//!   that the history keeps its length and its place on the workspace's timeline.

use crate::model::command::{Change, Command, CommandError, Editor};
use crate::model::document::{AnnotationId, Document};
use crate::model::offsets::{CodePoint, CpRange};
use crate::model::rejections::id_after_edit;
use crate::model::schema::Schema;
use crate::model::text_edit::{sort_annotations, TextEdit, TextRevert};
use crate::model::text_edits::TextsRevert;

/// How many of the oldest steps of each history a colleague's edit made [`Editor`] forget.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Forgotten {
    pub undo: usize,
    pub redo: usize,
}

/// A step that no longer applies: an empty batch, refused as every empty batch is.
fn refused() -> Command {
    Command::Batch(Vec::new())
}

/// `edit` moved by `by` code points.
fn shifted(edit: &TextEdit, by: isize) -> TextEdit {
    let move_by = |p: CodePoint| CodePoint((p.0 as isize + by) as usize);
    TextEdit {
        start: move_by(edit.start),
        end: move_by(edit.end),
        text: edit.text.clone(),
    }
}

/// How much longer an edit makes the text.
fn growth(edit: &TextEdit) -> isize {
    edit.n_inserted() as isize - edit.range().len() as isize
}

/// Two edits of one text, `ours` and `theirs`: `ours` as it applies after `theirs`, and
/// `theirs` as it applies after `ours`. `None` when they overlap. Two insertions at one place
/// put theirs first; an insertion at the edge of a replaced range goes outside it.
pub fn transform(ours: &TextEdit, theirs: &TextEdit) -> Option<(TextEdit, TextEdit)> {
    if theirs.end <= ours.start {
        Some((shifted(ours, growth(theirs)), theirs.clone()))
    } else if theirs.start >= ours.end {
        Some((ours.clone(), shifted(theirs, growth(ours))))
    } else {
        None
    }
}

/// A step carried over a colleague's edit.
enum Carried {
    /// The step as it applies after the edit, and the edit as it applies after the step.
    Moved(Command, TextEdit),
    /// The step and the edit changed the same characters.
    Overlaps,
}

impl Editor {
    /// Carries the undo and redo history over `theirs`, a colleague's text edit just applied
    /// (see the module docs); says how many of the oldest steps had to be forgotten.
    pub fn rebase_history(&mut self, theirs: &TextEdit) -> Forgotten {
        let schema = self.schema().clone();
        let (undo, redo) = self.histories_mut();
        // Each history's newest step applies to the text as it is now.
        let kept_undo = rebase_newest_first(undo.iter_mut().rev(), theirs, &schema);
        let forgotten_undo = undo.len() - kept_undo;
        undo.drain(..forgotten_undo);
        let kept_redo = rebase_newest_first(redo.iter_mut().rev(), theirs, &schema);
        let forgotten_redo = redo.len() - kept_redo;
        redo.drain(..forgotten_redo);
        Forgotten {
            undo: forgotten_undo,
            redo: forgotten_redo,
        }
    }

    /// Puts spans of the layer shown at the ranges given (those the text no longer holds, or
    /// spans no longer there, are passed over); its inverse puts them back.
    pub(super) fn apply_reanchor(
        &mut self,
        ranges: Vec<(AnnotationId, CpRange)>,
    ) -> Result<(Command, Change), CommandError> {
        let len = self.document().len();
        let document = self.document_mut();
        let mut before = Vec::with_capacity(ranges.len());
        let mut change = Change::default();
        for (id, range) in ranges {
            if range.is_empty() || range.end > len {
                continue;
            }
            let Some(annotation) = document.annotation_mut(&id) else {
                continue;
            };
            before.push((id, annotation.range));
            change.ranges.extend([annotation.range, range]);
            annotation.range = range;
        }
        sort_annotations(&mut document.annotations);
        Ok((Command::Reanchor(before), change))
    }
}

/// Rebases the steps, newest first, over `theirs`; returns how many were kept (the rest, from
/// the first that overlaps it, are to be forgotten).
fn rebase_newest_first<'c>(
    steps: impl Iterator<Item = &'c mut Command>,
    theirs: &TextEdit,
    schema: &Schema,
) -> usize {
    let mut theirs = theirs.clone();
    let mut kept = 0;
    for step in steps {
        match carry(std::mem::replace(step, refused()), &theirs, schema) {
            Carried::Moved(moved, after) => {
                *step = moved;
                theirs = after;
                kept += 1;
            }
            Carried::Overlaps => break,
        }
    }
    kept
}

fn carry(step: Command, theirs: &TextEdit, schema: &Schema) -> Carried {
    let same = |step| Carried::Moved(step, theirs.clone());
    match step {
        Command::Add(mut annotation) => match theirs.map_span(annotation.range) {
            Some(range) => {
                annotation.range = range;
                same(Command::Add(annotation))
            }
            None => same(refused()),
        },
        Command::Reanchor(ranges) => same(Command::Reanchor(
            ranges
                .into_iter()
                .filter_map(|(id, range)| Some((id, theirs.map_span(range)?)))
                .collect(),
        )),
        Command::SetRejected {
            suggestion,
            rejected,
        } => same(match id_after_edit(&suggestion, theirs) {
            Some(suggestion) => Command::SetRejected {
                suggestion,
                rejected,
            },
            None => refused(),
        }),
        Command::Batch(steps) => {
            // The steps apply one after another, and so does the edit.
            let mut theirs = theirs.clone();
            let mut moved = Vec::with_capacity(steps.len());
            for step in steps {
                match carry(step, &theirs, schema) {
                    Carried::Moved(step, after) => {
                        if step != refused() {
                            moved.push(step);
                        }
                        theirs = after;
                    }
                    Carried::Overlaps => return Carried::Overlaps,
                }
            }
            Carried::Moved(Command::Batch(moved), theirs)
        }
        Command::EditText(ours) => match transform(&ours, theirs) {
            Some((ours, theirs)) => Carried::Moved(Command::EditText(ours), theirs),
            None => Carried::Overlaps,
        },
        Command::EditTexts(edits) => match carry_run(edits, theirs) {
            Some((edits, theirs)) => Carried::Moved(Command::EditTexts(edits), theirs),
            None => Carried::Overlaps,
        },
        Command::RevertText(revert) => carry_revert(*revert, theirs, schema),
        Command::RevertTexts(revert) => carry_reverts(*revert, theirs, schema),
        Command::Versions(document) => same(match edited(*document, theirs, schema) {
            Some(document) => Command::Versions(Box::new(document)),
            None => refused(),
        }),
        // Another document: what came before it is of another text.
        Command::Replace { .. } => Carried::Overlaps,
        // No offsets of their own: they follow their spans.
        step @ (Command::Remove(_)
        | Command::Relabel { .. }
        | Command::SetClaim { .. }
        | Command::AddRelation(_)
        | Command::RemoveRelation(_)
        | Command::PutEntity(_)
        | Command::RemoveEntity(_)
        | Command::SetSchema(_)) => same(step),
    }
}

/// A run of edits in the order of [`Command::EditTexts`] (each in the text just before it) over
/// `theirs`: the run after it, and it after the run.
fn carry_run(edits: Vec<TextEdit>, theirs: &TextEdit) -> Option<(Vec<TextEdit>, TextEdit)> {
    let mut theirs = theirs.clone();
    let mut moved = Vec::with_capacity(edits.len());
    for edit in edits {
        let (edit, after) = transform(&edit, &theirs)?;
        moved.push(edit);
        theirs = after;
    }
    Some((moved, theirs))
}

/// A document as `theirs` leaves it (a whole-document step of the history).
fn edited(document: Document, theirs: &TextEdit, schema: &Schema) -> Option<Document> {
    let mut editor = Editor::new(document, schema.clone());
    editor
        .apply_unrecorded(Command::EditText(theirs.clone()))
        .ok()?;
    Some(editor.document().clone())
}

/// Undoing one of the person's edits, carried over a colleague's: the old text put back by a
/// new edit, the spans it touched put where they were, those it removed restored.
fn carry_revert(revert: TextRevert, theirs: &TextEdit, schema: &Schema) -> Carried {
    let edit = &revert.edit;
    let back = TextEdit {
        start: edit.start,
        end: CodePoint(edit.start.0 + edit.n_inserted()),
        text: revert.replaced.clone(),
    };
    let Some((back, theirs)) = transform(&back, theirs) else {
        return Carried::Overlaps;
    };
    put_back(
        Command::EditText(back),
        revert.ranges,
        revert.restore,
        theirs,
        schema,
    )
}

/// The same for a run of edits ([`Command::RevertTexts`]).
fn carry_reverts(revert: TextsRevert, theirs: &TextEdit, schema: &Schema) -> Carried {
    // The edits were applied from the end of the text to its start, so the one applied last
    // is the one nearest the start: each edit's new text lies after the new texts of those
    // applied after it. Taken back in the order they were applied, each is in the text that
    // the ones before it left.
    let n = revert.edits.len();
    let mut backs = Vec::with_capacity(n);
    for (i, (edit, replaced)) in revert.edits.iter().zip(&revert.replaced).enumerate() {
        let before: isize = revert.edits[i + 1..].iter().map(growth).sum();
        let back = TextEdit {
            start: edit.start,
            end: CodePoint(edit.start.0 + edit.n_inserted()),
            text: replaced.clone(),
        };
        backs.push(shifted(&back, before));
    }
    let Some((backs, theirs)) = carry_run(backs, theirs) else {
        return Carried::Overlaps;
    };
    put_back(
        Command::EditTexts(backs),
        revert.ranges,
        revert.restore,
        theirs,
        schema,
    )
}

/// The text put back by `back`, then the spans' ranges and what was removed: each in the text
/// as it was before the person's edit, which `theirs` now applies to.
fn put_back(
    back: Command,
    ranges: Vec<(AnnotationId, CpRange)>,
    restore: Option<Command>,
    theirs: TextEdit,
    schema: &Schema,
) -> Carried {
    let mut steps = vec![back];
    let mut theirs = theirs;
    for step in [Some(Command::Reanchor(ranges)), restore]
        .into_iter()
        .flatten()
    {
        match carry(step, &theirs, schema) {
            Carried::Moved(step, after) => {
                let empty = matches!(&step, Command::Reanchor(r) if r.is_empty());
                if !empty && step != refused() {
                    steps.push(step);
                }
                theirs = after;
            }
            Carried::Overlaps => return Carried::Overlaps,
        }
    }
    Carried::Moved(Command::Batch(steps), theirs)
}

#[cfg(test)]
#[path = "tests_rebase.rs"]
mod tests;
