//! Edits of the text that the annotations follow, the provenance that maps offsets back to the
//! text as first loaded, and the ranges Backspace and Delete remove at a caret.
//!
//! A [`TextEdit`] replaces the code points `start..end` of the current text by `text` (an
//! insertion has `start == end`, a deletion an empty `text`). It is applied by the editor as
//! [`crate::model::command::Command::EditText`], whose inverse takes it back exactly, so undo
//! and redo work through any mix of text edits and annotation commands.
//!
//! # How a span follows an edit
//! Like ProseMirror's position mapping, with a span's start leaning right and its end leaning
//! left, so that text typed at a span's edge stays outside it. For an edit replacing `s..e` by
//! `n` code points (`d = n - (e - s)`) and a span `a..b`:
//!
//! | the edit                                   | the span becomes                       |
//! |--------------------------------------------|----------------------------------------|
//! | ends at or before `a` (`e <= a`)           | shifted: `a+d..b+d`                    |
//! | starts at or after `b` (`s >= b`)          | unchanged                              |
//! | lies inside it (`a <= s`, `e <= b`), but is not exactly it | widened or narrowed: `a..b+d` |
//! | replaces exactly its text (`s..e == a..b`, `n > 0`) | the new text: `s..s+n`        |
//! | deletes all of its text, or replaces more than it | removed                         |
//! | overlaps its start (`s < a < e < b`)       | clipped: `s+n..b+d` (the new text outside) |
//! | overlaps its end (`a < s < b < e`)         | clipped: `a..s` (the new text outside) |
//!
//! So typing a space after "blinken" in "anthony blinkenarrived" (an insertion at the span's
//! end) leaves "anthony blinken" as it was, and "Refa" → "Rafah" over exactly a span keeps one
//! span over "Rafah". An edit that overlaps a span's edge keeps the span over the characters of
//! its own that survive: the replacing text belongs to the span only when the edit lies within
//! it. A removed span goes with its relations (a claim's speaker and cue) and its place in an
//! entity, as [`crate::model::command::Command::Remove`] takes them; undo restores them. Claims,
//! cues, relations and entities hold no offsets of their own, so they follow their spans. The
//! hidden layers of other annotators' versions follow by the same rules, and so do the ids of
//! rejected suggestions, which name offsets ([`crate::model::rejections`]).
//!
//! # Provenance
//! The document keeps the text as first loaded ([`Document::source_text`]) and the edits in
//! order ([`Document::edits`]), each in code points of the text just before it. Replaying them
//! gives the text; [`Document::source_to_text`] and [`Document::text_to_source`] map an offset
//! either way. Undo pops the last edit.

use std::rc::Rc;

use thiserror::Error;
use unicode_segmentation::GraphemeCursor;

use crate::model::command::{Change, Command, CommandError, Editor};
use crate::model::document::{Annotation, AnnotationId, Document, Entity, Relation};
use crate::model::offsets::{Byte, CodePoint, CpRange, TextIndex};
use crate::model::versions::{first_difference, Layer, Version};

/// Replaces code points `start..end` of the text just before it by `text`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TextEdit {
    pub start: CodePoint,
    pub end: CodePoint,
    pub text: Rc<str>,
}

/// Which side a position keeps when text is inserted exactly there, or when the text around it
/// is replaced: before the new text or after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bias {
    Before,
    After,
}

/// Maps position `p` through the replacement of `old_len` code points at `start` by `new_len`:
/// a position at the start of a replaced range stays there, one at its end follows the new
/// text, and one inside it (or at an insertion) goes to the side `bias` says.
fn map_point(p: usize, start: usize, old_len: usize, new_len: usize, bias: Bias) -> usize {
    let end = start + old_len;
    if p < start {
        return p;
    }
    if p > end {
        return p - old_len + new_len;
    }
    let side = if old_len == 0 {
        bias
    } else if p == start {
        Bias::Before
    } else if p == end {
        Bias::After
    } else {
        bias
    };
    match side {
        Bias::Before => start,
        Bias::After => start + new_len,
    }
}

/// What an edit does to one span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// Entirely before the edit.
    Unchanged,
    /// Entirely after the edit: moves by the edit's change of length.
    Shifted,
    /// Touched by the edit: a new range.
    Changed(CpRange),
    /// Its text is gone.
    Removed,
}

impl TextEdit {
    pub fn new(start: usize, end: usize, text: &str) -> TextEdit {
        TextEdit {
            start: CodePoint(start),
            end: CodePoint(end),
            text: Rc::from(text),
        }
    }

    /// The range replaced, in the text before the edit.
    pub fn range(&self) -> CpRange {
        CpRange {
            start: self.start,
            end: self.end,
        }
    }

    /// The range of the new text, in the text after the edit.
    pub fn inserted_range(&self) -> CpRange {
        CpRange::new(self.start.0, self.start.0 + self.n_inserted())
    }

    /// How many code points the edit inserts.
    pub fn n_inserted(&self) -> usize {
        self.text.chars().count()
    }

    /// True for an edit that changes nothing: inserts nothing, nowhere.
    pub fn is_empty(&self) -> bool {
        self.start == self.end && self.text.is_empty()
    }

    /// Maps a position of the text before the edit to the text after it.
    pub fn map_position(&self, position: CodePoint, bias: Bias) -> CodePoint {
        CodePoint(map_point(
            position.0,
            self.start.0,
            self.range().len(),
            self.n_inserted(),
            bias,
        ))
    }

    /// Maps a position of the text after the edit back to the text before it.
    pub fn unmap_position(&self, position: CodePoint, bias: Bias) -> CodePoint {
        CodePoint(map_point(
            position.0,
            self.start.0,
            self.n_inserted(),
            self.range().len(),
            bias,
        ))
    }

    /// Where a span goes, by the rules of the module docs; `None` when it is removed.
    pub fn map_span(&self, range: CpRange) -> Option<CpRange> {
        let n = self.n_inserted();
        match self.fate(range, n) {
            Fate::Unchanged => Some(range),
            Fate::Shifted => Some(shift(range, self.range().len(), n)),
            Fate::Changed(range) => Some(range),
            Fate::Removed => None,
        }
    }

    fn fate(&self, range: CpRange, n_inserted: usize) -> Fate {
        let (s, e) = (self.start.0, self.end.0);
        let (a, b) = (range.start.0, range.end.0);
        if b <= s {
            return Fate::Unchanged;
        }
        if e <= a {
            return Fate::Shifted;
        }
        let new_end = |end: usize| end - (e - s) + n_inserted;
        if s <= a && b <= e {
            if s == a && e == b && n_inserted > 0 {
                Fate::Changed(CpRange::new(s, s + n_inserted))
            } else {
                Fate::Removed
            }
        } else if a <= s && e <= b {
            Fate::Changed(CpRange::new(a, new_end(b)))
        } else if s < a {
            Fate::Changed(CpRange::new(s + n_inserted, new_end(b)))
        } else {
            Fate::Changed(CpRange::new(a, s))
        }
    }

    /// The text after the edit. The edit must lie within `text` (of which `index` is the index).
    fn apply_to(&self, text: &str, index: &TextIndex) -> String {
        let bytes = index.byte_range(text, self.range());
        let mut edited = String::with_capacity(text.len() - bytes.len() + self.text.len());
        edited.push_str(&text[..bytes.start]);
        edited.push_str(&self.text);
        edited.push_str(&text[bytes.end..]);
        edited
    }
}

/// Where spans go through one edit or several: [`TextEdit::map_span`]'s rules.
pub trait SpanMap {
    /// Where a span goes; `None` when it is removed.
    fn map_span(&self, range: CpRange) -> Option<CpRange>;
}

impl SpanMap for TextEdit {
    fn map_span(&self, range: CpRange) -> Option<CpRange> {
        TextEdit::map_span(self, range)
    }
}

/// A range moved by an edit that lies wholly before it.
fn shift(range: CpRange, old_len: usize, new_len: usize) -> CpRange {
    CpRange::new(
        range.start.0 - old_len + new_len,
        range.end.0 - old_len + new_len,
    )
}

/// Why a file's edits do not lead from its source text to its text.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ReplayError {
    #[error("edit {index} ({start}..{end}) is outside the text it applies to ({len} code points)")]
    OutOfRange {
        index: usize,
        start: usize,
        end: usize,
        len: usize,
    },
    #[error(
        "the edits, replayed from the source text, do not give the text: they first differ at \
         code point {at}"
    )]
    Mismatch { at: usize },
}

/// The text that `edits` make of `source`, or why they cannot apply.
pub fn replay(source: &str, edits: &[TextEdit]) -> Result<String, ReplayError> {
    let mut text = source.to_string();
    let mut text_index = TextIndex::new(&text);
    let mut i = 0;
    while i < edits.len() {
        let edit = &edits[i];
        let len = text_index.len();
        if edit.start > edit.end || edit.end > len {
            return Err(ReplayError::OutOfRange {
                index: i,
                start: edit.start.0,
                end: edit.end.0,
                len: len.0,
            });
        }
        // Edits from the last place to the first (Replace all) apply at once, as they did.
        let in_run = |j: usize| {
            let (previous, next) = (&edits[j - 1], &edits[j]);
            next.start <= next.end && next.end <= previous.start && !next.is_empty()
        };
        let mut end = i + 1;
        if !edit.is_empty() {
            while end < edits.len() && in_run(end) {
                end += 1;
            }
        }
        if end - i == 1 {
            text = edit.apply_to(&text, &text_index);
            text_index.apply_edit(&text, edit.range(), &edit.text);
        } else {
            text = crate::model::text_edits::apply_run(&text, &text_index, &edits[i..end])
                .expect("a run of edits checked above");
            text_index = TextIndex::new(&text);
        }
        i = end;
    }
    Ok(text)
}

/// What [`Command::RevertText`] needs to take a text edit back exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextRevert {
    /// The edit taken back: the document's last.
    pub edit: TextEdit,
    /// The text the edit replaced.
    pub replaced: Rc<str>,
    /// The ranges, before the edit, of the spans of the layer shown that the edit touched (the
    /// others are put back by shifting).
    pub ranges: Vec<(AnnotationId, CpRange)>,
    /// The versions before the edit, when the document has hidden layers.
    pub versions: Option<Vec<Version>>,
    /// What puts back the spans the edit removed, with their relations and entities.
    pub restore: Option<Command>,
    /// The rejected suggestion ids before the edit, when it moved or forgot any.
    pub rejected: Option<Vec<Rc<str>>>,
}

impl Document {
    /// The text as first loaded, before any edit.
    pub fn source_text(&self) -> &str {
        &self.source_text
    }

    /// The edits from [`Document::source_text`] to the text, in order.
    pub fn edits(&self) -> &[TextEdit] {
        &self.edits
    }

    /// The same document, with the text it was loaded as and the edits since (from a file). The
    /// edits must replay from `source_text` to this document's text.
    pub fn with_provenance(
        mut self,
        source_text: &str,
        edits: Vec<TextEdit>,
    ) -> Result<Document, ReplayError> {
        let replayed = replay(source_text, &edits)?;
        if let Some(at) = first_difference(&replayed, &self.text) {
            return Err(ReplayError::Mismatch { at });
        }
        self.source_text = if edits.is_empty() {
            Rc::clone(&self.text)
        } else {
            Rc::from(source_text)
        };
        self.edits = edits;
        Ok(self)
    }

    /// Maps an offset of the source text to the text, through every edit in order.
    pub fn source_to_text(&self, position: CodePoint, bias: Bias) -> CodePoint {
        self.edits
            .iter()
            .fold(position, |p, edit| edit.map_position(p, bias))
    }

    /// Maps an offset of the text back to the source text, through every edit in reverse.
    pub fn text_to_source(&self, position: CodePoint, bias: Bias) -> CodePoint {
        self.edits
            .iter()
            .rev()
            .fold(position, |p, edit| edit.unmap_position(p, bias))
    }

    /// Maps a range of the source text to the text: text inserted at its edges stays outside.
    pub fn source_range_to_text(&self, range: CpRange) -> CpRange {
        let start = self.source_to_text(range.start, Bias::After);
        let end = self.source_to_text(range.end, Bias::Before).max(start);
        CpRange { start, end }
    }

    /// Maps a range of the text back to the source text.
    pub fn text_range_to_source(&self, range: CpRange) -> CpRange {
        let start = self.text_to_source(range.start, Bias::Before);
        let end = self.text_to_source(range.end, Bias::After).max(start);
        CpRange { start, end }
    }

    /// The spans of the layer shown that an edit removes.
    fn removed_by(&self, edit: &TextEdit) -> Vec<AnnotationId> {
        let n = edit.n_inserted();
        // Only a span that starts inside the edited range can be removed (spans are sorted by
        // start).
        let first = self
            .annotations
            .partition_point(|a| a.range.start < edit.start);
        self.annotations[first..]
            .iter()
            .take_while(|a| a.range.start < edit.end)
            .filter(|a| edit.fate(a.range, n) == Fate::Removed)
            .map(|a| a.id.clone())
            .collect()
    }

    /// Replaces the text and moves every span; the spans the edit removes from the layer shown
    /// must be gone already. Returns the old ranges of the spans it touched.
    fn replace_text(&mut self, edit: &TextEdit) -> Vec<(AnnotationId, CpRange)> {
        let n = edit.n_inserted();
        let old_len = edit.range().len();
        let text: Rc<str> = Rc::from(edit.apply_to(&self.text, &self.index));
        Rc::make_mut(&mut self.index).apply_edit(&text, edit.range(), &edit.text);
        self.text = text;
        self.edits.push(edit.clone());
        let mut touched = Vec::new();
        let mut in_order = true;
        // The spans (sorted by start) that start at or after the edit's end only shift.
        let first_after = self
            .annotations
            .partition_point(|a| a.range.start < edit.end);
        let (before, after) = self.annotations.split_at_mut(first_after);
        for annotation in after {
            annotation.range = shift(annotation.range, old_len, n);
        }
        for annotation in before {
            match edit.fate(annotation.range, n) {
                Fate::Unchanged => {}
                Fate::Shifted => annotation.range = shift(annotation.range, old_len, n),
                Fate::Changed(range) => {
                    touched.push((annotation.id.clone(), annotation.range));
                    annotation.range = range;
                    in_order = false;
                }
                Fate::Removed => unreachable!("removed spans are gone before the text changes"),
            }
        }
        if !in_order {
            sort_annotations(&mut self.annotations);
        }
        self.map_hidden_layers(edit);
        touched
    }

    /// Takes back the last edit: the text, and the ranges of the layer shown.
    fn unreplace_text(&mut self, revert: &TextRevert) {
        let edit = &revert.edit;
        let n = edit.n_inserted();
        let old_len = edit.range().len();
        let undo = TextEdit {
            start: edit.start,
            end: CodePoint(edit.start.0 + n),
            text: Rc::clone(&revert.replaced),
        };
        let text: Rc<str> = Rc::from(undo.apply_to(&self.text, &self.index));
        self.edits.pop();
        self.text = if self.edits.is_empty() {
            Rc::clone(&self.source_text)
        } else {
            text
        };
        Rc::make_mut(&mut self.index).apply_edit(&self.text, undo.range(), &undo.text);
        let after = edit.start.0 + n;
        for annotation in &mut self.annotations {
            if let Some((_, range)) = revert.ranges.iter().find(|(id, _)| *id == annotation.id) {
                annotation.range = *range;
            } else if annotation.range.start.0 >= after {
                annotation.range = shift(annotation.range, n, old_len);
            }
        }
        if !revert.ranges.is_empty() {
            sort_annotations(&mut self.annotations);
        }
        if let Some(versions) = &revert.versions {
            self.versions = versions.clone();
        }
        if let Some(rejected) = &revert.rejected {
            self.restore_rejected(rejected.clone());
        }
    }
}

pub(super) fn sort_annotations(annotations: &mut [Annotation]) {
    annotations.sort_by(|x, y| Document::order_key(x).cmp(&Document::order_key(y)));
}

impl Document {
    /// The layers not shown (annotators' versions) follow the edits too.
    pub(super) fn map_hidden_layers(&mut self, map: &impl SpanMap) {
        for version in &mut self.versions {
            if let Some(layer) = version.layer_mut() {
                map_layer(layer, map);
            }
        }
    }
}

/// Moves a hidden layer's spans; the removed ones go with their relations and their place in
/// entities (an entity left without mentions goes too).
pub(super) fn map_layer(layer: &mut Layer, edit: &impl SpanMap) {
    let mut removed: Vec<AnnotationId> = Vec::new();
    layer
        .annotations
        .retain_mut(|a| match edit.map_span(a.range) {
            Some(range) => {
                a.range = range;
                true
            }
            None => {
                removed.push(a.id.clone());
                false
            }
        });
    sort_annotations(&mut layer.annotations);
    if removed.is_empty() {
        return;
    }
    layer
        .relations
        .retain(|r: &Relation| !removed.contains(&r.from) && !removed.contains(&r.to));
    layer.entities.retain_mut(|e: &mut Entity| {
        e.mentions.retain(|m| !removed.contains(m));
        !e.mentions.is_empty()
    });
}

impl Editor {
    /// The command that replaces `range` of the text by `text`, made as small as it can be: the
    /// code points both share at the start and the end are left alone, so that replacing
    /// "blinkenarrived" by "blinken arrived" inserts one space (and a span over "blinken" stays
    /// as it was). `None` when nothing would change or the range is outside the text.
    pub fn replace_text(&self, range: CpRange, text: &str) -> Option<Command> {
        self.minimal_edit(range, text).map(Command::EditText)
    }

    /// The edit of [`Editor::replace_text`]: the smallest that replaces `range` by `text`.
    pub fn minimal_edit(&self, range: CpRange, text: &str) -> Option<TextEdit> {
        let document = self.document();
        if range.start > range.end || range.end > document.len() {
            return None;
        }
        let old = document.slice(range);
        let n_prefix = old
            .chars()
            .zip(text.chars())
            .take_while(|(x, y)| x == y)
            .count();
        let old_rest: Vec<char> = old.chars().skip(n_prefix).collect();
        let new_rest: Vec<char> = text.chars().skip(n_prefix).collect();
        let n_suffix = old_rest
            .iter()
            .rev()
            .zip(new_rest.iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        let inserted: String = new_rest[..new_rest.len() - n_suffix].iter().collect();
        let edit = TextEdit::new(range.start.0 + n_prefix, range.end.0 - n_suffix, &inserted);
        (!edit.is_empty()).then_some(edit)
    }

    /// The command that Backspace gives at a caret: removes the grapheme before it.
    pub fn backspace(&self, caret: CodePoint) -> Option<Command> {
        let range = backspace_range(self.document(), caret)?;
        Some(Command::EditText(TextEdit::new(
            range.start.0,
            range.end.0,
            "",
        )))
    }

    /// The command that Delete gives at a caret: removes the grapheme after it.
    pub fn delete_forward(&self, caret: CodePoint) -> Option<Command> {
        let range = delete_range(self.document(), caret)?;
        Some(Command::EditText(TextEdit::new(
            range.start.0,
            range.end.0,
            "",
        )))
    }

    /// Removes the spans an edit will delete (with their relations and entity membership) as
    /// one batch; its inverse, for the edit's undo to restore them (`None`: nothing removed).
    pub(super) fn remove_before_edit(
        &mut self,
        removed: Vec<AnnotationId>,
    ) -> Result<Option<Command>, CommandError> {
        if removed.is_empty() {
            return Ok(None);
        }
        let removals = removed.into_iter().map(Command::Remove).collect();
        Ok(Some(self.apply_raw(Command::Batch(removals))?.0))
    }

    /// Applies a text edit: removes the spans it deletes (with what hangs on them), then changes
    /// the text and moves the rest.
    pub(super) fn apply_edit_text(
        &mut self,
        edit: TextEdit,
    ) -> Result<(Command, Change), CommandError> {
        let len = self.document().len();
        if edit.start > edit.end || edit.end > len {
            return Err(CommandError::OutOfRange {
                start: edit.start.0,
                end: edit.end.0,
                len: len.0,
            });
        }
        if edit.is_empty() {
            return Err(CommandError::NothingToChange);
        }
        let restore = self.remove_before_edit(self.document().removed_by(&edit))?;
        let document = self.document_mut();
        let replaced: Rc<str> = Rc::from(document.slice(edit.range()));
        let versions = (!document.versions.is_empty()).then(|| document.versions.clone());
        let ranges = document.replace_text(&edit);
        let rejected = document.move_rejected(&edit);
        let change = Change {
            ranges: vec![edit.inserted_range()],
            focus: None,
            everything: false,
            text_edit: Some(edit.clone()),
        };
        let revert = TextRevert {
            edit,
            replaced,
            ranges,
            versions,
            restore,
            rejected,
        };
        Ok((Command::RevertText(Box::new(revert)), change))
    }

    /// Takes back the document's last text edit, as [`Editor::apply_edit_text`] recorded it.
    pub(super) fn apply_revert_text(
        &mut self,
        revert: TextRevert,
    ) -> Result<(Command, Change), CommandError> {
        if self.document().edits().last() != Some(&revert.edit) {
            return Err(CommandError::NotLastEdit);
        }
        self.document_mut().unreplace_text(&revert);
        if let Some(restore) = revert.restore {
            self.apply_raw(restore)?;
        }
        let edit = revert.edit;
        let change = Change {
            ranges: vec![edit.range()],
            focus: None,
            everything: false,
            text_edit: Some(TextEdit {
                start: edit.start,
                end: CodePoint(edit.start.0 + edit.n_inserted()),
                text: revert.replaced,
            }),
        };
        Ok((Command::EditText(edit), change))
    }
}

/// The range Backspace removes at a caret: the grapheme cluster before it (a whole emoji, flag
/// or letter with its accents, never half of one). `None` at the start of the text.
pub fn backspace_range(document: &Document, caret: CodePoint) -> Option<CpRange> {
    let caret = caret.min(document.len());
    let text = document.text();
    let byte = document.index().to_byte(text, caret).0;
    let mut cursor = GraphemeCursor::new(byte, text.len(), true);
    let previous = cursor.prev_boundary(text, 0).ok().flatten()?;
    let start = document.index().from_byte(text, Byte(previous));
    Some(CpRange { start, end: caret })
}

/// The range Delete removes at a caret: the grapheme cluster after it. `None` at the end.
pub fn delete_range(document: &Document, caret: CodePoint) -> Option<CpRange> {
    let caret = caret.min(document.len());
    let text = document.text();
    let byte = document.index().to_byte(text, caret).0;
    let mut cursor = GraphemeCursor::new(byte, text.len(), true);
    let next = cursor.next_boundary(text, 0).ok().flatten()?;
    let end = document.index().from_byte(text, Byte(next));
    Some(CpRange { start: caret, end })
}

#[cfg(test)]
#[path = "tests_text_edit.rs"]
mod tests;
