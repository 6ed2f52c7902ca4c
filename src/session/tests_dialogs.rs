//! Native tests of the dialogs and the label editor, and of what a caret move and a duplicate
//! tag do to the selection and the document (issue 13's first-hour fixes).

use std::rc::Rc;

use super::tests::{key, select, session, text};
use super::*;
use crate::model::command::SpanFate;

fn status_text(s: &Session) -> String {
    match s.status() {
        Some(Status::Info(m)) => format!("info: {m}"),
        Some(Status::Error(m)) => format!("error: {m}"),
        None => "none".into(),
    }
}

#[test]
fn every_dialog_takes_the_keyboard_and_esc_gives_it_back_to_the_article() {
    // (dialog, where focus goes when it opens; the New dialog focuses its text box itself)
    for (dialog, focus) in [
        (Dialog::Labels, vec![Effect::Focus(FocusTarget::Dialog)]),
        (
            Dialog::Shortcuts,
            vec![Effect::Focus(FocusTarget::Shortcuts)],
        ),
        (
            Dialog::Statistics,
            vec![Effect::Focus(FocusTarget::Statistics)],
        ),
        (
            Dialog::Agreement,
            vec![Effect::Focus(FocusTarget::Agreement)],
        ),
        (Dialog::NewDocument, vec![]),
    ] {
        let mut s = session("[Blinken|PERSON] in Cairo");
        assert_eq!(s.apply(Intent::Open(dialog)).effects, focus, "{dialog:?}");
        let update = key(&mut s, "Escape");
        assert!(s.modal().is_none(), "Esc closes {dialog:?}");
        assert_eq!(update.effects, vec![Effect::Focus(FocusTarget::Article)]);
        // Its Close (or Cancel) button does the same.
        s.apply(Intent::Open(dialog));
        let update = s.apply(Intent::Close(dialog));
        assert!(s.modal().is_none());
        assert_eq!(update.effects, vec![Effect::Focus(FocusTarget::Article)]);
    }
}

#[test]
fn refused_label_edits_say_why_change_nothing_and_redraw_the_fields() {
    let mut s = session("[Blinken|PERSON] in Cairo");
    s.apply(Intent::Open(Dialog::Labels));
    let schema = s.editor().schema().clone();
    let refused = |s: &Session| match s.modal() {
        Some(Modal::Labels { refused }) => *refused,
        other => panic!("{other:?}"),
    };
    // (edit, the error shown)
    let cases = [
        (
            SchemaEdit::Add {
                name: "person".into(),
                color: "#aabbcc".into(),
                key: String::new(),
            },
            "error: A label named “PERSON” exists already: names must differ by more than upper and lower case",
        ),
        (
            SchemaEdit::Add {
                name: "NORP".into(),
                color: "#aabbcc".into(),
                key: "1".into(),
            },
            "error: key '1' is used by both \"PERSON\" and \"NORP\"",
        ),
        (
            SchemaEdit::Rekey {
                name: Rc::from("ORG"),
                key: "1".into(),
            },
            "error: key '1' is used by both \"PERSON\" and \"ORG\"",
        ),
        (
            SchemaEdit::Rename {
                from: Rc::from("ORG"),
                to: " Person".into(),
            },
            "error: A label named “PERSON” exists already: names must differ by more than upper and lower case",
        ),
    ];
    for (i, (edit, expected)) in cases.into_iter().enumerate() {
        let update = s.apply(Intent::EditSchema(edit));
        assert!(update.render);
        assert_eq!(status_text(&s), expected);
        assert_eq!(refused(&s), i as u32 + 1, "the fields are drawn again");
        assert_eq!(s.editor().schema(), &schema, "nothing changed");
    }
    // An edit that applies leaves the count alone.
    s.apply(Intent::EditSchema(SchemaEdit::Rekey {
        name: Rc::from("ORG"),
        key: "q".into(),
    }));
    assert_eq!(refused(&s), 4);
    assert_eq!(s.editor().schema().label("ORG").unwrap().key, Some('q'));
}

#[test]
fn deleting_a_label_says_what_became_of_its_spans_and_keeps_the_keyboard_in_the_dialog() {
    // (fate, the document after, the message)
    for (fate, after, message) in [
        (
            SpanFate::Delete,
            "Blinken met Shoukry in [Cairo|GPE#a3]",
            "info: Deleted the label PERSON and its 2 spans (Ctrl+Z brings them back)",
        ),
        (
            SpanFate::Relabel(Rc::from("ORG")),
            "[Blinken|ORG#a1] met [Shoukry|ORG#a2] in [Cairo|GPE#a3]",
            "info: Deleted the label PERSON; its 2 spans are now ORG",
        ),
    ] {
        let mut s = session("[Blinken|PERSON] met [Shoukry|PERSON] in [Cairo|GPE]");
        s.apply(Intent::Open(Dialog::Labels));
        let update = s.apply(Intent::EditSchema(SchemaEdit::Delete {
            name: Rc::from("PERSON"),
            fate,
        }));
        assert_eq!(text(&s), after);
        assert_eq!(status_text(&s), message);
        assert!(update.effects.contains(&Effect::Focus(FocusTarget::Dialog)));
        assert!(s.editor().schema().label("PERSON").is_none());
    }
}

#[test]
fn a_caret_move_ends_the_span_selection_so_delete_removes_nothing_far_away() {
    for arrow in ["ArrowDown", "ArrowRight", "ArrowUp"] {
        let mut s = session("[Blinken|PERSON] in Cairo");
        s.apply(Intent::Pick(AnnotationId::new("a1")));
        assert!(key(&mut s, arrow).render, "{arrow}");
        assert_eq!(s.selected(), None, "{arrow}");
        key(&mut s, "Delete");
        assert_eq!(text(&s), "[Blinken|PERSON#a1] in Cairo");
        // Without a selected span the move is the browser's alone: nothing to draw.
        assert_eq!(key(&mut s, arrow), Update::default());
    }
}

#[test]
fn the_same_span_and_label_twice_is_refused_with_a_message() {
    let mut s = session("[Blinken|PERSON] in [Cairo|CLAIM]");
    // (selection, what is pressed, the message)
    for ((start, end), intent, message) in [
        (
            (0, 7),
            Intent::ApplyLabel(Rc::from("PERSON")),
            "error: “Blinken” is tagged PERSON already",
        ),
        (
            (11, 16),
            Intent::TagClaim,
            "error: “Cairo” is tagged CLAIM already",
        ),
    ] {
        select(&mut s, start, end);
        s.apply(intent);
        assert_eq!(status_text(&s), message);
        assert_eq!(text(&s), "[Blinken|PERSON#a1] in [Cairo|CLAIM#a2]");
    }
}
