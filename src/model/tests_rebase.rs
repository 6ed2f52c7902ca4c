//! Undo and redo of the person's steps after a colleague's text edit, case by case.

use super::*;
use crate::model::document::{Annotation, AnnotationId};
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::workspace::{Entry, Undone, Workspace};

fn edit(start: usize, end: usize, text: &str) -> TextEdit {
    TextEdit::new(start, end, text)
}

struct Case<'a> {
    what: &'a str,
    fixture: &'a str,
    /// The person's steps, recorded.
    mine: Vec<Command>,
    theirs: TextEdit,
    /// After each undo, until there is nothing left to undo.
    undone: &'a [&'a str],
}

/// Applies the person's steps and the colleague's edit, then undoes until nothing is left,
/// checking each result; redo then brings back exactly what the colleague's edit left.
fn check(case: Case) {
    let what = case.what;
    let mut editor = Editor::new(parse_fixture(case.fixture), Schema::default());
    for step in case.mine {
        editor.apply(step).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
    editor
        .apply_unrecorded(Command::EditText(case.theirs.clone()))
        .unwrap_or_else(|e| panic!("{what}: theirs: {e}"));
    editor.rebase_history(&case.theirs);
    let after_theirs = render_fixture(editor.document());
    let mut undone = Vec::new();
    while editor.undo().is_some() {
        undone.push(render_fixture(editor.document()));
    }
    assert_eq!(undone, case.undone, "{what}: undo");
    // Redo takes it back to where the colleague's edit left it (spans that went with their
    // text do not come back).
    while editor.redo().is_some() {}
    assert_eq!(
        render_fixture(editor.document()),
        after_theirs,
        "{what}: redo"
    );
}

fn tag(id: &str, label: &str, start: usize, end: usize) -> Command {
    Command::Add(Annotation::entity(id, label, CpRange::new(start, end)))
}

#[test]
fn the_persons_steps_are_undone_where_the_colleagues_edit_moved_them() {
    let cases = [
        Case {
            what: "a span tagged, text typed before it",
            fixture: "Blinken in Cairo",
            mine: vec![tag("m1", "GPE", 11, 16)],
            theirs: edit(0, 0, "Talks: "),
            undone: &["Talks: Blinken in Cairo"],
        },
        Case {
            what: "a space typed, a colleague's space after it",
            fixture: "[anthony blinken|PERSON#a1]arrived in [cairo|GPE#a2]is",
            mine: vec![Command::EditText(edit(15, 15, " "))],
            theirs: edit(32, 32, " "),
            undone: &["[anthony blinken|PERSON#a1]arrived in [cairo|GPE#a2] is"],
        },
        Case {
            what: "a space typed, a colleague's words before it",
            fixture: "[anthony blinken|PERSON#a1]arrived",
            mine: vec![Command::EditText(edit(15, 15, " "))],
            theirs: edit(0, 0, "US envoy "),
            undone: &["US envoy [anthony blinken|PERSON#a1]arrived"],
        },
        Case {
            what: "two of my edits, theirs between them",
            fixture: "cairois dohais",
            mine: vec![
                Command::EditText(edit(5, 5, " ")),
                Command::EditText(edit(13, 13, " ")),
            ],
            theirs: edit(9, 10, "D"),
            undone: &["cairo is Dohais", "cairois Dohais"],
        },
        Case {
            what: "the first letter of a span deleted: undo puts it back inside the span",
            fixture: "[Xanthony|PERSON#a1] said",
            mine: vec![Command::EditText(edit(0, 1, ""))],
            theirs: edit(12, 12, "!"),
            undone: &["[Xanthony|PERSON#a1] said!"],
        },
        Case {
            what: "a span's text deleted: undo restores the span where it went",
            fixture: "[Blinken|PERSON#a1] in [Cairo|GPE#a2] now",
            mine: vec![Command::EditText(edit(11, 16, ""))],
            theirs: edit(0, 0, "Mr "),
            undone: &["Mr [Blinken|PERSON#a1] in [Cairo|GPE#a2] now"],
        },
        Case {
            what: "replace all, a colleague's edit between two matches",
            fixture: "Cairo and Cairo",
            mine: vec![Command::EditTexts(vec![
                edit(10, 15, "Doha"),
                edit(0, 5, "Doha"),
            ])],
            theirs: edit(5, 8, "or"),
            undone: &["Cairo or Cairo"],
        },
        Case {
            what: "a span removed, its text deleted by the colleague: it cannot come back",
            fixture: "[Blinken|PERSON#a1] in [Cairo|GPE#a2]",
            mine: vec![Command::Remove(AnnotationId::new("a2"))],
            theirs: edit(7, 16, ""),
            undone: &[],
        },
        Case {
            what: "a span removed, text typed before it: it comes back shifted",
            fixture: "[Blinken|PERSON#a1] in [Cairo|GPE#a2]",
            mine: vec![Command::Remove(AnnotationId::new("a2"))],
            theirs: edit(0, 0, "Mr "),
            undone: &["Mr [Blinken|PERSON#a1] in [Cairo|GPE#a2]"],
        },
        Case {
            what: "the colleague changed the characters my edit did: that edit and all older \
                   steps are forgotten, the newer still undone",
            fixture: "talks in cairo today",
            mine: vec![
                tag("m1", "EVENT", 0, 5),
                Command::EditText(edit(9, 10, "C")),
                tag("m2", "GPE", 9, 14),
            ],
            theirs: edit(9, 14, "Doha"),
            undone: &["[talks|EVENT#m1] in Doha today"],
        },
        Case {
            what: "steps newer than the overlapping edit are still undone",
            fixture: "talks in cairo today",
            mine: vec![
                Command::EditText(edit(9, 10, "C")),
                tag("m1", "EVENT", 0, 5),
            ],
            theirs: edit(8, 10, " K"),
            undone: &["talks in Kairo today"],
        },
    ];
    for case in cases {
        check(case);
    }
}

#[test]
fn redo_follows_the_colleagues_edit_too() {
    // A space typed and undone; the colleague types before it; redo types it where it now goes.
    let mut editor = Editor::new(
        parse_fixture("[anthony blinken|PERSON#a1]arrived"),
        Schema::default(),
    );
    editor.apply(Command::EditText(edit(15, 15, " "))).unwrap();
    editor.undo().unwrap();
    let theirs = edit(0, 0, "US envoy ");
    editor
        .apply_unrecorded(Command::EditText(theirs.clone()))
        .unwrap();
    editor.rebase_history(&theirs);
    editor.redo().expect("redo");
    assert_eq!(
        render_fixture(editor.document()),
        "US envoy [anthony blinken|PERSON#a1] arrived"
    );
    editor.undo().expect("undo");
    assert_eq!(
        render_fixture(editor.document()),
        "US envoy [anthony blinken|PERSON#a1]arrived"
    );
    // The provenance still replays to the text.
    let document = editor.document();
    assert_eq!(
        crate::model::text_edit::replay(document.source_text(), document.edits()).unwrap(),
        document.text()
    );
}

#[test]
fn two_edits_of_one_text_are_ordered_or_overlap() {
    // (ours, theirs, ours after theirs and theirs after ours; None: they overlap)
    type Case<'a> = (TextEdit, TextEdit, Option<(TextEdit, TextEdit)>);
    let cases: [Case; 7] = [
        (
            edit(10, 12, "x"),
            edit(0, 0, "abc"),
            Some((edit(13, 15, "x"), edit(0, 0, "abc"))),
        ),
        (
            edit(0, 2, ""),
            edit(5, 6, "yy"),
            Some((edit(0, 2, ""), edit(3, 4, "yy"))),
        ),
        // Touching: theirs ends where ours starts, or starts where ours ends.
        (
            edit(5, 8, "a"),
            edit(2, 5, ""),
            Some((edit(2, 5, "a"), edit(2, 5, ""))),
        ),
        (
            edit(5, 8, "a"),
            edit(8, 8, "b"),
            Some((edit(5, 8, "a"), edit(6, 6, "b"))),
        ),
        // Two insertions at one place: theirs first.
        (
            edit(4, 4, "a"),
            edit(4, 4, "b"),
            Some((edit(5, 5, "a"), edit(4, 4, "b"))),
        ),
        (edit(4, 8, ""), edit(6, 6, "b"), None),
        (edit(4, 8, ""), edit(2, 5, "b"), None),
    ];
    for (ours, theirs, expected) in cases {
        assert_eq!(transform(&ours, &theirs), expected, "{ours:?} {theirs:?}");
    }
}

#[test]
fn undo_with_nothing_left_that_applies_goes_on_to_the_workspace() {
    // A span tagged, then taken away by a colleague: the person's undo has nothing of theirs
    // left in the document, so the workspace's step (the done mark) is undone instead.
    let document = parse_fixture("Blinken in Cairo");
    let mut workspace = Workspace::new(Entry::new(document, Schema::default()));
    workspace
        .apply_workspace(workspace.set_done_command(0, true))
        .unwrap();
    workspace.edit(tag("m1", "GPE", 11, 16)).unwrap();
    workspace
        .editor_mut()
        .apply_unrecorded(Command::Remove(AnnotationId::new("m1")))
        .unwrap();
    assert!(matches!(workspace.undo(), Some(Undone::Workspace(_))));
    assert_eq!(workspace.undo(), None);
    // Redo brings back the done mark, and nothing else.
    assert!(matches!(workspace.redo(), Some(Undone::Workspace(_))));
    assert_eq!(workspace.redo(), None);
}

#[test]
fn the_timeline_forgets_the_steps_a_colleagues_edit_made_the_history_forget() {
    let document = parse_fixture("talks in cairo today");
    let mut workspace = Workspace::new(Entry::new(document, Schema::default()));
    workspace
        .apply_workspace(workspace.set_done_command(0, true))
        .unwrap();
    workspace.edit(Command::EditText(edit(9, 10, "C"))).unwrap();
    workspace.edit(tag("m1", "EVENT", 0, 5)).unwrap();
    let theirs = edit(8, 10, " K");
    workspace
        .editor_mut()
        .apply_unrecorded(Command::EditText(theirs.clone()))
        .unwrap();
    workspace.rebase_history(&theirs);
    assert!(matches!(workspace.undo(), Some(Undone::Document(_))));
    assert_eq!(
        render_fixture(workspace.editor().document()),
        "talks in Kairo today"
    );
    // The edit under it is forgotten; the done mark is next.
    assert!(matches!(workspace.undo(), Some(Undone::Workspace(_))));
    assert_eq!(workspace.undo(), None);
}
