//! Rejected suggestions follow the text. The document keeps them by id, and an id names its
//! place in the text by the offsets at its end, in code points: `s-PERSON-8-23` the range
//! 8..23, `fix-38` the point 38. A text edit moves those offsets as it moves spans (see
//! [`crate::model::text_edit`]), so a rejected suggestion stays rejected where its text went;
//! one whose text the edit deleted is forgotten. Undo puts the ids back exactly as they were.
//!
//! The model knows nothing else of suggestions: only this convention of where offsets sit in an
//! id. An id without offsets at its end is left alone.

use std::rc::Rc;

use crate::model::document::Document;
use crate::model::offsets::CpRange;
use crate::model::text_edit::SpanMap;

/// Where an id names its place: `<prefix>-<start>-<end>` or `<prefix>-<at>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place<'a> {
    Range(&'a str, CpRange),
    Point(&'a str, usize),
}

fn place_of(id: &str) -> Option<Place<'_>> {
    let (rest, last) = id.rsplit_once('-')?;
    let last: usize = last.parse().ok()?;
    if let Some((prefix, start)) = rest.rsplit_once('-') {
        if let Ok(start) = start.parse::<usize>() {
            return (!prefix.is_empty() && start <= last)
                .then(|| Place::Range(prefix, CpRange::new(start, last)));
        }
    }
    (!rest.is_empty()).then_some(Place::Point(rest, last))
}

/// The id after `edit`: its offsets moved, or `None` when the edit deleted its place (a point
/// strictly inside the replaced text counts as deleted; one at its edge stays).
pub fn id_after_edit(id: &str, edit: &impl SpanMap) -> Option<Rc<str>> {
    match place_of(id) {
        None => Some(Rc::from(id)),
        Some(Place::Range(prefix, range)) => {
            let moved = edit.map_span(range)?;
            Some(Rc::from(format!("{prefix}-{}-{}", moved.start, moved.end)))
        }
        Some(Place::Point(prefix, at)) => {
            let moved = edit.map_span(CpRange::new(at, at))?;
            Some(Rc::from(format!("{prefix}-{}", moved.start)))
        }
    }
}

impl Document {
    /// Moves the rejected ids through an edit of the text; returns the list as it was before,
    /// when the edit changed it, for undo.
    pub(super) fn move_rejected(&mut self, edit: &impl SpanMap) -> Option<Vec<Rc<str>>> {
        if self.rejected.is_empty() {
            return None;
        }
        let mut moved: Vec<Rc<str>> = self
            .rejected
            .iter()
            .filter_map(|id| id_after_edit(id, edit))
            .collect();
        moved.sort();
        moved.dedup();
        (moved != self.rejected).then(|| std::mem::replace(&mut self.rejected, moved))
    }

    /// Puts back the rejected ids an edit moved (its undo).
    pub(super) fn restore_rejected(&mut self, before: Vec<Rc<str>>) {
        self.rejected = before;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::command::{Command, Editor};
    use crate::model::fixture::parse_fixture;
    use crate::model::schema::Schema;
    use crate::model::text_edit::TextEdit;

    #[test]
    fn ids_follow_an_edit_by_the_span_rules() {
        // (id, edit, the id after it)
        type Case<'a> = (&'a str, (usize, usize, &'a str), Option<&'a str>);
        let cases: [Case; 14] = [
            // Before the place: shifted; after it: unchanged.
            ("s-PERSON-8-23", (0, 0, "xx"), Some("s-PERSON-10-25")),
            ("s-PERSON-8-23", (0, 3, ""), Some("s-PERSON-5-20")),
            ("s-PERSON-8-23", (23, 23, " "), Some("s-PERSON-8-23")),
            ("s-PERSON-8-23", (30, 31, ""), Some("s-PERSON-8-23")),
            // Inside it: resized; over all of it: gone.
            ("s-PERSON-8-23", (15, 15, " "), Some("s-PERSON-8-24")),
            ("s-PERSON-8-23", (8, 23, ""), None),
            ("s-PERSON-8-23", (0, 30, "x"), None),
            // A label with a hyphen or digits keeps them.
            ("s-WORK-OF-ART-4-9", (0, 0, "a"), Some("s-WORK-OF-ART-5-10")),
            ("s-X1-4-9", (0, 1, ""), Some("s-X1-3-8")),
            // A point: shifted, left, or gone when the text around it is replaced.
            ("fix-38", (0, 0, "ab"), Some("fix-40")),
            ("fix-38", (38, 38, " "), Some("fix-38")),
            ("fix-38", (30, 38, ""), Some("fix-30")),
            ("fix-38", (37, 39, "-"), None),
            // No offsets: left alone.
            ("legacy", (0, 5, ""), Some("legacy")),
        ];
        for (id, (start, end, text), expected) in cases {
            let moved = id_after_edit(id, &TextEdit::new(start, end, text));
            assert_eq!(moved.as_deref(), expected, "{id} {start}..{end} {text:?}");
        }
    }

    fn rejected(editor: &Editor) -> Vec<String> {
        editor
            .document()
            .rejected()
            .iter()
            .map(|r| r.to_string())
            .collect()
    }

    #[test]
    fn a_text_edit_moves_rejections_and_undo_restores_them_exactly() {
        // "anthony blinkenarrived in cairois": PERSON 0..15, GPE 26..31, a fix at 15.
        let mut document = parse_fixture("anthony blinkenarrived in cairois");
        for id in ["fix-15", "s-GPE-26-31", "s-PERSON-0-15", "note"] {
            document.set_rejected(id, true);
        }
        let mut editor = Editor::new(document, Schema::default());
        let start = rejected(&editor);
        assert_eq!(start, ["fix-15", "note", "s-GPE-26-31", "s-PERSON-0-15"]);
        // An edit before them all: each stays rejected at its new offsets.
        editor
            .apply(Command::EditText(TextEdit::new(0, 0, "US envoy ")))
            .expect("applies");
        assert_eq!(
            rejected(&editor),
            ["fix-24", "note", "s-GPE-35-40", "s-PERSON-9-24"]
        );
        // An edit that deletes the place of one: it is forgotten, the others stay.
        editor
            .apply(Command::EditText(TextEdit::new(32, 42, "")))
            .expect("applies");
        assert_eq!(editor.document().text(), "US envoy anthony blinkenarrived ");
        assert_eq!(rejected(&editor), ["fix-24", "note", "s-PERSON-9-24"]);
        // An edit after them: nothing changes.
        editor
            .apply(Command::EditText(TextEdit::new(32, 32, "today")))
            .expect("applies");
        assert_eq!(rejected(&editor), ["fix-24", "note", "s-PERSON-9-24"]);
        // Undo, step by step, gives back each list; redo moves them again.
        editor.undo().expect("undo");
        assert_eq!(rejected(&editor), ["fix-24", "note", "s-PERSON-9-24"]);
        editor.undo().expect("undo");
        assert_eq!(
            rejected(&editor),
            ["fix-24", "note", "s-GPE-35-40", "s-PERSON-9-24"]
        );
        editor.undo().expect("undo");
        assert_eq!(rejected(&editor), start);
        editor.redo().expect("redo");
        assert_eq!(
            rejected(&editor),
            ["fix-24", "note", "s-GPE-35-40", "s-PERSON-9-24"]
        );
    }

    #[test]
    fn a_batch_of_edits_is_undone_to_the_exact_rejections() {
        let mut document = parse_fixture("cairois and qataris");
        // Two ids that one edit makes equal are kept once, and come back as two.
        for id in ["s-GPE-0-5", "s-GPE-0-6", "fix-5"] {
            document.set_rejected(id, true);
        }
        let mut editor = Editor::new(document, Schema::default());
        let before = editor.document().clone();
        editor
            .apply(Command::Batch(vec![
                Command::EditText(TextEdit::new(17, 17, " ")),
                Command::EditText(TextEdit::new(5, 6, "")),
            ]))
            .expect("applies");
        assert_eq!(editor.document().text(), "cairos and qatar is");
        assert_eq!(rejected(&editor), ["fix-5", "s-GPE-0-5"]);
        editor.undo().expect("undo");
        assert_eq!(editor.document(), &before);
    }
}
