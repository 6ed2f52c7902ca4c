//! Native tests of the correction mode: what the browser asks (typing, Backspace, Delete, a
//! paste, a composition's end) becomes one text edit each, annotations follow, the caret goes
//! where the edit leaves it, label keys do not tag, and Esc leaves.

use std::rc::Rc;

use super::correct::TextInput;
use super::*;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::keymap::KeyPress;
use crate::model::offsets::CodePoint;
use crate::model::schema::Schema;
use crate::model::workspace::Entry;

fn session(fixture: &str) -> Session {
    Session::new(
        Workspace::new(Entry::new(parse_fixture(fixture), Schema::default())),
        || 0.0,
    )
}

fn key(name: &str, ctrl: bool) -> Intent {
    Intent::Key {
        press: KeyPress {
            key: name.into(),
            ctrl,
            shift: false,
            alt: false,
        },
        in_side_panel: false,
    }
}

fn range(start: usize, end: usize) -> CpRange {
    CpRange::new(start, end)
}

fn insert(start: usize, end: usize, text: &str) -> TextInput {
    TextInput::Insert {
        range: range(start, end),
        text: text.into(),
    }
}

fn carets(effects: &[Effect]) -> Vec<usize> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::PlaceCaret(CodePoint(at)) => Some(*at),
            _ => None,
        })
        .collect()
}

#[test]
fn inputs_edit_the_text_and_annotations_follow() {
    // (fixture, input, the document after it, where the caret goes)
    let cases: &[(&str, TextInput, &str, Option<usize>)] = &[
        // A space typed after "blinken": the span stays as it was, "arrived" outside.
        (
            "US envoy [anthony blinken|PERSON]arrived",
            insert(24, 24, " "),
            "US envoy [anthony blinken|PERSON#a1] arrived",
            Some(25),
        ),
        // Typing over a selection that is exactly a span's text keeps the span.
        (
            "Aid reached [Refa|GPE] today",
            insert(12, 16, "Rafah"),
            "Aid reached [Rafah|GPE#a1] today",
            Some(17),
        ),
        // Backspace at a caret takes the whole emoji (a flag is two code points).
        (
            "Hi 🇪🇬 [Cairo|GPE]",
            TextInput::DeleteBackward(range(5, 5)),
            "Hi  [Cairo|GPE#a1]",
            Some(3),
        ),
        // Delete at a caret takes the grapheme after it: e and its combining accent.
        (
            "cafe\u{301} [Rome|GPE]",
            TextInput::DeleteForward(range(3, 3)),
            "caf [Rome|GPE#a1]",
            Some(3),
        ),
        // Backspace over a selection removes it; a span inside it goes.
        (
            "one [two|MISC] three",
            TextInput::DeleteBackward(range(3, 7)),
            "one three",
            Some(3),
        ),
        // A word deleted by the browser's range.
        (
            "Mr [Kamel|PERSON] said so",
            TextInput::Delete(range(9, 14)),
            "Mr [Kamel|PERSON#a1] so",
            Some(9),
        ),
        // A paste with Windows line breaks keeps one \n each.
        ("ab", insert(1, 1, "x\r\ny\rz"), "ax\ny\nzb", Some(6)),
        // An Arabic word corrected: a letter typed inside it widens its span.
        (
            "وصل [الوزر|PERSON] اليوم",
            insert(8, 8, "ي"),
            "وصل [الوزير|PERSON#a1] اليوم",
            Some(9),
        ),
        // Its last letter typed over (ه for ة): the span keeps the whole corrected word.
        (
            "[الخارجيه|ORG] اليوم",
            insert(7, 8, "ة"),
            "[الخارجية|ORG#a1] اليوم",
            Some(8),
        ),
        // Backspace at the start of the text: nothing to take.
        (
            "[Gaza|GPE]",
            TextInput::DeleteBackward(range(0, 0)),
            "[Gaza|GPE#a1]",
            None,
        ),
        // The same text typed over itself changes nothing, and the caret still moves on.
        ("abc", insert(1, 2, "b"), "abc", Some(2)),
    ];
    for (fixture, input, expected, caret) in cases {
        let mut s = session(fixture);
        s.apply(Intent::Correct(true));
        let update = s.apply(Intent::TextInput(input.clone()));
        assert_eq!(
            render_fixture(s.editor().document()),
            *expected,
            "{input:?}"
        );
        assert_eq!(
            carets(&update.effects),
            caret.iter().copied().collect::<Vec<_>>(),
            "{input:?}"
        );
    }
}

#[test]
fn typing_is_refused_outside_the_mode_and_one_undo_takes_back_one_edit() {
    let mut s = session("Aid reached [Refa|GPE]");
    // Not correcting: the request is ignored.
    assert!(!s.apply(Intent::TextInput(insert(0, 0, "x"))).render);
    assert_eq!(s.editor().document().text(), "Aid reached Refa");
    s.apply(Intent::Correct(true));
    assert!(s.correcting());
    s.apply(Intent::TextInput(insert(14, 14, "f")));
    s.apply(Intent::TextInput(insert(17, 17, "h")));
    assert_eq!(
        render_fixture(s.editor().document()),
        "Aid reached [Reffa|GPE#a1]h"
    );
    let document = s.editor().document();
    assert_eq!(document.source_text(), "Aid reached Refa");
    assert_eq!(document.edits().len(), 2);
    // Ctrl+Z while correcting is the app's undo; the caret goes back to where it was.
    let update = s.apply(key("z", true));
    assert_eq!(
        render_fixture(s.editor().document()),
        "Aid reached [Reffa|GPE#a1]"
    );
    assert_eq!(carets(&update.effects), [17]);
    s.apply(key("z", true));
    assert_eq!(
        render_fixture(s.editor().document()),
        "Aid reached [Refa|GPE#a1]"
    );
    assert!(s.editor().document().edits().is_empty());
}

#[test]
fn label_keys_do_not_tag_while_correcting_and_esc_or_f2_leaves() {
    let mut s = session("Abbas Kamel spoke");
    s.apply(Intent::SelectionChanged {
        range: Some(range(0, 11)),
        caret_box: None,
    });
    s.apply(Intent::Key {
        press: KeyPress {
            key: "F2".into(),
            ctrl: false,
            shift: false,
            alt: false,
        },
        in_side_panel: false,
    });
    assert!(s.correcting(), "F2 turns it on");
    assert!(super::lists::hint(&s).starts_with("Correcting the text: type to change it"));
    // "p" is PERSON's key in the default schema; here it is the text's.
    let p = Schema::default()
        .labels
        .iter()
        .find_map(|l| l.key)
        .expect("the default schema has label keys");
    s.apply(key(&p.to_string(), false));
    assert!(s.editor().document().annotations().is_empty());
    // With nothing selected, a label button does not arm its label either (it would tag
    // every selection on release).
    s.apply(Intent::SelectionChanged {
        range: None,
        caret_box: None,
    });
    s.apply(Intent::ClickLabel(Rc::from("PERSON")));
    assert_eq!(s.armed(), None);
    assert!(s.editor().document().annotations().is_empty());
    s.apply(key("Escape", false));
    assert!(!s.correcting(), "Esc leaves");
    s.apply(key("F2", false));
    assert!(s.correcting());
    s.apply(key("F2", false));
    assert!(!s.correcting(), "F2 again leaves");
    // Outside the mode, the label key tags the selection again.
    s.apply(Intent::SelectionChanged {
        range: Some(range(0, 11)),
        caret_box: None,
    });
    s.apply(key(&p.to_string(), false));
    assert_eq!(s.editor().document().annotations().len(), 1);
}

thread_local! {
    static NOW: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

#[test]
fn keys_typed_one_after_another_are_one_edit_that_keeps_a_span_typed_over() {
    let mut s = Session::new(
        Workspace::new(Entry::new(
            parse_fixture("Aid reached [Refa|GPE] today"),
            Schema::default(),
        )),
        || NOW.with(|n| n.get()),
    );
    s.apply(Intent::Correct(true));
    // "Refa" selected and typed over key by key, with a slip taken back by Backspace.
    s.apply(Intent::TextInput(insert(12, 16, "R")));
    for (at, key) in [(13, "a"), (14, "f"), (15, "x")] {
        NOW.with(|n| n.set(n.get() + 200.0));
        s.apply(Intent::TextInput(insert(at, at, key)));
    }
    s.apply(Intent::TextInput(TextInput::DeleteBackward(range(16, 16))));
    for (at, key) in [(15, "a"), (16, "h")] {
        s.apply(Intent::TextInput(insert(at, at, key)));
    }
    assert_eq!(
        render_fixture(s.editor().document()),
        "Aid reached [Rafah|GPE#a1] today"
    );
    // One edit (the smallest: the shared "R" is left alone), one undo step.
    assert_eq!(
        s.editor().document().edits(),
        [crate::model::text_edit::TextEdit::new(13, 16, "afah")]
    );
    assert_eq!(s.editor().undo_depth(), 1);
    // A pause starts another run: another step.
    NOW.with(|n| n.set(n.get() + 1500.0));
    s.apply(Intent::TextInput(insert(17, 17, "!")));
    assert_eq!(s.editor().document().text(), "Aid reached Rafah! today");
    assert_eq!(s.editor().undo_depth(), 2);
    s.apply(Intent::Undo);
    s.apply(Intent::Undo);
    assert_eq!(
        render_fixture(s.editor().document()),
        "Aid reached [Refa|GPE#a1] today"
    );
    // A key somewhere else starts another run too.
    s.apply(Intent::TextInput(insert(0, 0, "A")));
    s.apply(Intent::TextInput(insert(5, 5, "B")));
    assert_eq!(s.editor().document().text(), "AAid Breached Refa today");
    assert_eq!(s.editor().undo_depth(), 2);
}

/// The sample article, "Refa" tagged and typed over key by key: the drawn text is the model's.
#[test]
fn typing_over_a_span_of_the_sample_keeps_the_layout_on_the_text() {
    let text =
        std::fs::read_to_string("samples/blinken-cairo-gaza.txt").expect("the sample article");
    let mut doc = crate::model::document::Document::new("d", "t", &text);
    doc.insert(crate::model::document::Annotation::entity(
        "a1",
        "GPE",
        range(2895, 2899),
    ));
    let mut s = Session::new(Workspace::new(Entry::new(doc, Schema::default())), || 0.0);
    s.apply(Intent::Correct(true));
    s.apply(Intent::TextInput(insert(2895, 2899, "R")));
    for (i, k) in "afah".chars().enumerate() {
        s.apply(Intent::TextInput(insert(
            2896 + i,
            2896 + i,
            &k.to_string(),
        )));
    }
    assert_eq!(s.editor().document().text(), text.replace("Refa", "Rafah"));
    let drawn: String = s
        .layout()
        .paragraphs
        .iter()
        .map(|p| p.text.to_string())
        .collect();
    assert_eq!(drawn, s.editor().document().text());
}

#[test]
fn a_workspace_step_between_two_keys_ends_the_typing_run() {
    let mut s = session("Aid reached Refa");
    s.apply(Intent::Correct(true));
    s.apply(Intent::TextInput(insert(16, 16, "h")));
    // Marked done between two keys: a step of the workspace, the newest one now.
    s.apply(Intent::SetDone(0, true));
    assert!(s.workspace().entries()[0].done);
    s.apply(Intent::TextInput(insert(17, 17, "!")));
    assert_eq!(s.editor().document().text(), "Aid reached Refah!");
    assert!(s.workspace().entries()[0].done, "the done mark stays");
    // Three steps: the key, the done mark, the next key.
    s.apply(Intent::Undo);
    assert_eq!(s.editor().document().text(), "Aid reached Refah");
    s.apply(Intent::Undo);
    assert!(!s.workspace().entries()[0].done);
    s.apply(Intent::Undo);
    assert_eq!(s.editor().document().text(), "Aid reached Refa");
}
