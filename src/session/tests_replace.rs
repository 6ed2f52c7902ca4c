//! Native tests of find and replace through the session: matches counted before anything
//! changes, "Replace all" as one step that the spans follow, the text's provenance kept.

use super::replace::ReplaceQuery;
use super::*;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::keymap::KeyPress;
use crate::model::schema::Schema;
use crate::model::workspace::Entry;

fn session(fixture: &str) -> Session {
    Session::new(
        Workspace::new(Entry::new(parse_fixture(fixture), Schema::default())),
        || 0.0,
    )
}

fn query(find: &str, with: &str, regex: bool, case: bool) -> Intent {
    Intent::ReplaceQuery(ReplaceQuery {
        find: find.into(),
        with: with.into(),
        regex,
        case,
    })
}

fn count(s: &Session) -> (usize, Option<String>) {
    match s.modal() {
        Some(Modal::Replace(view)) => (view.matches, view.error.clone()),
        other => panic!("the dialog is not open: {other:?}"),
    }
}

#[test]
fn replace_all_counts_first_then_replaces_in_one_step_and_spans_follow() {
    let mut s = session("Aid reached [Refa|GPE]; refa and Refa stay [closed|MISC]");
    // Ctrl+H opens the dialog.
    s.apply(Intent::Key {
        press: KeyPress {
            key: "h".into(),
            ctrl: true,
            shift: false,
            alt: false,
        },
        in_side_panel: false,
    });
    assert_eq!(count(&s), (0, None));
    // (find, regex, case) → matches
    for (find, regex, case, expected) in [
        ("Refa", false, false, 3),
        ("Refa", false, true, 2),
        ("R.fa", true, true, 2),
        ("(", true, false, 0),
    ] {
        s.apply(query(find, "Rafah", regex, case));
        assert_eq!(count(&s).0, expected, "{find}");
    }
    assert!(count(&s).1.is_some(), "a bad expression says why");
    s.apply(query("Refa", "Rafah", false, true));
    s.apply(Intent::ReplaceAll);
    assert_eq!(
        render_fixture(s.editor().document()),
        "Aid reached [Rafah|GPE#a1]; refa and Rafah stay [closed|MISC#a2]"
    );
    assert_eq!(count(&s), (0, None), "counted again: nothing left");
    assert!(
        matches!(s.status(), Some(Status::Info(m)) if m == "Replaced 2 matches of “Refa” with “Rafah” (Ctrl+Z takes it back)")
    );
    // The source text is kept, with the edits that lead from it.
    let document = s.editor().document();
    assert_eq!(
        document.source_text(),
        "Aid reached Refa; refa and Refa stay closed"
    );
    assert_eq!(document.edits().len(), 2);
    // One undo: all of it.
    s.apply(Intent::Undo);
    assert_eq!(
        render_fixture(s.editor().document()),
        "Aid reached [Refa|GPE#a1]; refa and Refa stay [closed|MISC#a2]"
    );
    assert!(s.editor().document().edits().is_empty());
}
