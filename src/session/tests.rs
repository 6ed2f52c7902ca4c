//! Native tests of the session: intents in, exact document, state and effects out, written with
//! the `[text|LABEL]` fixtures.

use std::rc::Rc;

use super::*;
use crate::assist::review::SuggestionId;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::keymap::KeyPress;
use crate::model::schema::Schema;
use crate::model::workspace::Entry;

fn no_clock() -> f64 {
    0.0
}

pub(super) fn session(fixture: &str) -> Session {
    let document = parse_fixture(fixture).with_id("d1");
    Session::new(
        Workspace::new(Entry::new(document, Schema::default())),
        no_clock,
    )
}

pub(super) fn text(session: &Session) -> String {
    render_fixture(session.editor().document())
}

pub(super) fn select(session: &mut Session, start: usize, end: usize) -> Update {
    session.apply(Intent::SelectionChanged {
        range: Some(CpRange::new(start, end)),
        caret_box: Some((1.0, 2.0, 3.0)),
    })
}

pub(super) fn key(session: &mut Session, key: &str) -> Update {
    press(session, key, false)
}

pub(super) fn press(session: &mut Session, key: &str, shift: bool) -> Update {
    session.apply(Intent::Key {
        press: KeyPress {
            key: key.to_string(),
            ctrl: false,
            shift,
            alt: false,
        },
        in_side_panel: false,
    })
}

fn edited() -> Vec<Effect> {
    vec![
        Effect::Redraw(Redraw::Edit { schema: false }),
        Effect::Persist(Persist::Document("d1".into())),
        Effect::SuggestSoon,
    ]
}

/// Each case: a fixture, a selection, the label pressed, the document after, and the status.
#[test]
fn a_selection_is_tagged_by_a_label_button_or_key() {
    for (fixture, (start, end), press, expected) in [
        (
            "Blinken in Cairo",
            (0, 7),
            Intent::ClickLabel(Rc::from("PERSON")),
            "[Blinken|PERSON#a1] in Cairo",
        ),
        (
            "Blinken in Cairo",
            (11, 16),
            Intent::ApplyLabel(Rc::from("GPE")),
            "Blinken in [Cairo|GPE#a1]",
        ),
        (
            "[Blinken|PERSON] in Cairo",
            (11, 16),
            Intent::TagClaim,
            "[Blinken|PERSON#a1] in [Cairo|CLAIM#a2]",
        ),
    ] {
        let mut s = session(fixture);
        assert!(select(&mut s, start, end).render);
        assert_eq!(s.selection(), Some(CpRange::new(start, end)));
        let update = s.apply(press);
        assert!(update.render);
        assert_eq!(text(&s), expected);
        let mut effects = vec![Effect::ClearDomSelection];
        effects.extend(edited());
        assert_eq!(update.effects, effects, "{fixture}");
        assert_eq!(s.selection(), None, "the tagged selection is gone");
    }
}

#[test]
fn a_label_key_tags_the_selection() {
    let mut s = session("Blinken in Cairo");
    select(&mut s, 0, 7);
    let person_key = s
        .editor()
        .schema()
        .labels
        .iter()
        .find(|l| &*l.name == "PERSON")
        .and_then(|l| l.key)
        .expect("PERSON has a key");
    key(&mut s, &person_key.to_string());
    assert_eq!(text(&s), "[Blinken|PERSON#a1] in Cairo");
    assert_eq!(
        s.announcement(),
        "PERSON: Blinken",
        "the live region says what was tagged"
    );
}

#[test]
fn an_armed_label_tags_every_selection_on_release_until_pressed_again() {
    let mut s = session("Blinken met Shoukry in Cairo");
    assert!(s.apply(Intent::ClickLabel(Rc::from("PERSON"))).render);
    assert_eq!(s.armed().map(|l| &**l), Some("PERSON"));
    s.apply(Intent::MouseUp(Some(CpRange::new(0, 7))));
    s.apply(Intent::MouseUp(Some(CpRange::new(12, 19))));
    // A release without a selection tags nothing.
    let update = s.apply(Intent::MouseUp(Some(CpRange::new(3, 3))));
    assert_eq!(update, Update::default());
    assert_eq!(
        text(&s),
        "[Blinken|PERSON#a1] met [Shoukry|PERSON#a2] in Cairo"
    );
    s.apply(Intent::ClickLabel(Rc::from("PERSON")));
    assert_eq!(s.armed(), None);
    assert_eq!(
        s.apply(Intent::MouseUp(Some(CpRange::new(23, 28)))),
        Update::default()
    );
}

#[test]
fn a_refusal_is_what_the_person_sees() {
    let mut s = session("[Blinken|PERSON] in Cairo");
    s.apply(Intent::Pick(AnnotationId::new("a1")));
    let update = s.apply(Intent::ApplyLabel(Rc::from("NOPE")));
    assert!(update.render);
    assert_eq!(update.effects, Vec::new(), "nothing to redraw or store");
    assert_eq!(
        s.status(),
        Some(&Status::Error("the schema has no label \"NOPE\"".into()))
    );
    assert_eq!(text(&s), "[Blinken|PERSON#a1] in Cairo");
    // Tag-all with an unknown label is refused too, and no success message covers it.
    s.apply(Intent::Search(Some(crate::assist::search::Query::plain(
        "Cairo",
    ))));
    assert_eq!(s.search().n_matches(), 1);
    s.apply(Intent::TagMatches(Rc::from("NOPE")));
    assert!(
        matches!(s.status(), Some(Status::Error(_))),
        "{:?}",
        s.status()
    );
}

#[test]
fn nothing_selected_means_a_hint_not_an_edit() {
    for (intent, message) in [
        (
            Intent::ApplyLabel(Rc::from("PERSON")),
            "Select some text first, then choose a label",
        ),
        (
            Intent::TagClaim,
            "Select the claim's text first, then press C or the CLAIM button",
        ),
        (Intent::Undo, "Nothing to undo"),
        (Intent::Redo, "Nothing to redo"),
    ] {
        let mut s = session("Blinken in Cairo");
        let update = s.apply(intent);
        assert_eq!(update.effects, Vec::new());
        assert_eq!(s.status(), Some(&Status::Info(message.into())));
    }
}

#[test]
fn undo_and_redo_scroll_to_what_they_restore() {
    let mut s = session("[Blinken|PERSON] in Cairo");
    s.apply(Intent::Pick(AnnotationId::new("a1")));
    let update = s.apply(Intent::DeleteSelected);
    assert_eq!(update.effects, edited());
    assert_eq!(text(&s), "Blinken in Cairo");
    let update = s.apply(Intent::Undo);
    assert_eq!(text(&s), "[Blinken|PERSON#a1] in Cairo");
    assert_eq!(s.selected(), Some(&AnnotationId::new("a1")));
    assert_eq!(
        update.effects[0],
        Effect::ScrollTo(Mark::Annotation(AnnotationId::new("a1")))
    );
    s.apply(Intent::Redo);
    assert_eq!(text(&s), "Blinken in Cairo");
}

#[test]
fn tab_walks_the_annotations_in_text_order_and_esc_clears() {
    let mut s = session("[Blinken|PERSON] met [Shoukry|PERSON] in [Cairo|GPE]");
    // From nowhere, Tab goes to the first and Shift+Tab to the last.
    assert_eq!(s.tab_targets(), (true, true));
    for expected in ["a1", "a2", "a3"] {
        let update = key(&mut s, "Tab");
        assert_eq!(s.selected(), Some(&AnnotationId::new(expected)));
        assert!(update
            .effects
            .contains(&Effect::ScrollTo(Mark::Annotation(AnnotationId::new(
                expected
            )))));
    }
    assert_eq!(s.announcement(), "GPE: Cairo");
    assert_eq!(s.tab_targets(), (false, true));
    assert_eq!(
        key(&mut s, "Tab"),
        Update::default(),
        "Tab leaves after the last"
    );
    let update = key(&mut s, "Escape");
    assert!(update.render);
    assert_eq!(s.selected(), None);
    assert_eq!(s.place(), crate::model::document::Place::Nowhere);
}

#[test]
fn one_dialog_at_a_time_and_it_has_the_keyboard() {
    let mut s = session("[Blinken|PERSON] in Cairo");
    s.apply(Intent::Open(Dialog::Labels));
    s.apply(Intent::Open(Dialog::Shortcuts));
    assert!(
        matches!(s.modal(), Some(Modal::Shortcuts)),
        "the last one opened"
    );
    // Keys other than Esc and ? are the dialog's.
    assert_eq!(key(&mut s, "Tab"), Update::default());
    let update = key(&mut s, "Escape");
    assert!(s.modal().is_none());
    assert_eq!(update.effects, vec![Effect::Focus(FocusTarget::Article)]);
    s.apply(Intent::Open(Dialog::NewDocument));
    assert_eq!(key(&mut s, "Tab"), Update::default());
    assert_eq!(s.selected(), None, "no annotation walk under a dialog");
    // Closing a dialog that is not open changes nothing.
    assert_eq!(s.apply(Intent::Close(Dialog::Labels)), Update::default());
    s.apply(Intent::Close(Dialog::NewDocument));
    assert!(s.modal().is_none());
}

#[test]
fn the_statistics_dialog_holds_the_charts_of_the_open_document() {
    let mut s = session("[Blinken|PERSON] in [Cairo|GPE]");
    let update = s.apply(Intent::Open(Dialog::Statistics));
    assert_eq!(update.effects, vec![Effect::Focus(FocusTarget::Statistics)]);
    let Some(Modal::Statistics(charts)) = s.modal() else {
        panic!("statistics open");
    };
    let kinds: Vec<&str> = charts.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            "labels",
            "claims-verdict",
            "claims-worthiness",
            "coverage",
            "entities",
            "progress"
        ]
    );
}

const ARTICLE: &str = "Secretary of State Antony Blinken arrived in Cairo on Monday. \
Egyptian Foreign Minister Sameh Shoukry met Blinken in Cairo.";

fn with_suggestions(fixture: &str) -> Session {
    let mut s = session(fixture);
    assert_eq!(s.start(), vec![Effect::SuggestSoon]);
    assert!(s.suggestions_pending());
    s.apply(Intent::RefreshSuggestions);
    assert!(!s.suggestions_pending());
    s
}

fn visible_ids(s: &Session) -> Vec<SuggestionId> {
    s.visible_suggestions()
        .iter()
        .map(|x| x.id.clone())
        .collect()
}

#[test]
fn picking_a_suggestion_or_pressing_n_scrolls_to_it() {
    let mut s = with_suggestions(ARTICLE);
    let ids = visible_ids(&s);
    assert!(ids.len() >= 3, "{ids:?}");
    let update = s.apply(Intent::PickSuggestion(ids[1].clone()));
    assert_eq!(
        update.effects,
        vec![Effect::ScrollTo(Mark::Suggestion(ids[1].clone()))]
    );
    assert_eq!(s.review().current(), Some(&ids[1]));
    let said = |s: &Session, id: &SuggestionId| {
        let x = s
            .visible_suggestions()
            .into_iter()
            .find(|x| x.id == *id)
            .cloned();
        let x = x.expect("visible");
        format!("{}: {}", x.label, s.editor().document().slice(x.range))
    };
    assert_eq!(s.announcement(), format!("Suggested {}", said(&s, &ids[1])));
    let update = key(&mut s, "n");
    assert_eq!(s.announcement(), format!("Suggested {}", said(&s, &ids[2])));
    assert_eq!(
        update.effects,
        vec![Effect::ScrollTo(Mark::Suggestion(ids[2].clone()))]
    );
    // The current suggestion is emphasised where it is drawn.
    let emphasis = lists::emphasis(&s);
    assert_eq!(emphasis.len(), 1);
    assert_eq!(
        (emphasis[0].id.as_str(), emphasis[0].class),
        (ids[2].as_str(), "current")
    );
    // Shift+N goes back; from the first, it wraps to the last.
    s.apply(Intent::PickSuggestion(ids[0].clone()));
    press(&mut s, "N", true);
    assert_eq!(s.review().current(), ids.last());
}

#[test]
fn accepting_moves_on_and_accept_all_is_one_undo() {
    let mut s = with_suggestions(ARTICLE);
    let ids = visible_ids(&s);
    s.apply(Intent::PickSuggestion(ids[0].clone()));
    key(&mut s, "Enter");
    assert_eq!(s.editor().document().annotations().len(), 1);
    assert_eq!(
        s.review().current(),
        Some(&ids[1]),
        "the next one is current"
    );
    assert!(
        !visible_ids(&s).contains(&ids[0]),
        "an accepted one is no longer shown"
    );
    let rejected = s
        .visible_suggestions()
        .into_iter()
        .find(|x| x.id == ids[1])
        .map(|x| {
            format!(
                "Rejected {}: {}",
                x.label,
                s.editor().document().slice(x.range)
            )
        })
        .expect("visible");
    s.apply(Intent::RejectSuggestion(ids[1].clone()));
    assert!(!visible_ids(&s).contains(&ids[1]), "a rejected one neither");
    assert_eq!(s.announcement(), rejected, "the live region says so");
    let before = s.editor().document().annotations().len();
    let n_visible = visible_ids(&s).len();
    s.apply(Intent::AcceptAll(None));
    assert_eq!(
        s.status(),
        Some(&Status::Info(format!(
            "Accepted {n_visible} suggestion(s); one undo takes them all back"
        )))
    );
    assert!(s.editor().document().annotations().len() > before);
    s.apply(Intent::Undo);
    assert_eq!(s.editor().document().annotations().len(), before);
}

#[test]
fn an_edit_drops_the_suggestions_it_touches_and_schedules_new_ones() {
    let mut s = with_suggestions(ARTICLE);
    let cairo = s
        .visible_suggestions()
        .iter()
        .find(|x| s.editor().document().slice(x.range) == "Cairo")
        .map(|x| (x.id.clone(), x.range))
        .expect("Cairo is suggested");
    select(&mut s, cairo.1.start.0, cairo.1.end.0);
    let update = s.apply(Intent::ApplyLabel(Rc::from("ORG")));
    assert!(update.effects.contains(&Effect::SuggestSoon));
    assert!(s.suggestions_pending());
    assert!(!visible_ids(&s).contains(&cairo.0));
}

#[test]
fn a_claim_speaker_is_picked_by_clicking_a_name() {
    let mut s = session("[Shoukry|PERSON] said [Egypt will help|CLAIM].");
    s.apply(Intent::Pick(AnnotationId::new("a2")));
    s.apply(Intent::PickSpeaker(true));
    assert!(s.picking_speaker());
    s.apply(Intent::Click {
        annotations: vec![AnnotationId::new("a1")],
        suggestion: None,
        modified: false,
    });
    assert!(!s.picking_speaker());
    assert_eq!(
        s.editor().speaker_of(&AnnotationId::new("a2")),
        crate::model::command::Speaker::Mention(AnnotationId::new("a1"))
    );
    assert_eq!(
        s.selected(),
        Some(&AnnotationId::new("a2")),
        "the claim stays selected"
    );
    let speakers: Vec<String> = lists::speaker_options(s.editor().document())
        .into_iter()
        .map(|o| o.label)
        .collect();
    assert_eq!(speakers, ["Shoukry (PERSON, a1)"]);
}

#[test]
fn the_hint_says_what_a_key_does_now() {
    let mut s = session("Blinken in Cairo");
    assert!(lists::hint(&s).starts_with("Select text in the article"));
    s.apply(Intent::SelectionChanged {
        range: Some(CpRange::new(4, 4)),
        caret_box: Some((1.0, 2.0, 3.0)),
    });
    assert!(lists::hint(&s).starts_with("Caret at 4 —"));
    select(&mut s, 0, 7);
    assert_eq!(
        lists::hint(&s),
        "Selected 0–7: “Blinken” — press a label's key or button"
    );
    s.apply(Intent::SelectionChanged {
        range: None,
        caret_box: None,
    });
    s.apply(Intent::ClickLabel(Rc::from("GPE")));
    assert!(lists::hint(&s).starts_with("GPE is armed"));
}

#[test]
fn opening_files_adds_documents_and_exporting_downloads_them() {
    let mut s = session("[Blinken|PERSON] in Cairo");
    let update = s.apply(Intent::FilesRead(vec![
        crate::formats::interchange::InputFile {
            name: "note.txt".into(),
            bytes: b"Shoukry in Doha".to_vec(),
        },
    ]));
    assert_eq!(s.workspace().entries().len(), 2);
    assert_eq!(s.editor().document().text(), "Shoukry in Doha");
    assert!(update.effects.contains(&Effect::Redraw(Redraw::Document)));
    assert!(update.effects.contains(&Effect::Persist(Persist::Index)));
    let update = s.apply(Intent::Export(
        crate::formats::interchange::ExportFormat::Spanwise,
    ));
    let [Effect::Download(files)] = update.effects.as_slice() else {
        panic!("one download: {:?}", update.effects);
    };
    assert_eq!(files.len(), 1);
    assert!(files[0].content.contains("Shoukry in Doha"));
    assert_eq!(
        s.status(),
        Some(&Status::Info(format!("Downloaded {}", files[0].name)))
    );
    // A bad file leaves everything as it was.
    s.apply(Intent::FilesRead(vec![
        crate::formats::interchange::InputFile {
            name: "bad.json".into(),
            bytes: b"{ not json".to_vec(),
        },
    ]));
    assert!(matches!(s.status(), Some(Status::Error(e)) if e.starts_with("Not opened: ")));
    assert_eq!(s.workspace().entries().len(), 2);
}

#[test]
fn files_too_large_are_refused_before_reading() {
    assert_eq!(files::too_large(&[("a.txt".into(), 10.0)]), None);
    assert_eq!(
        files::too_large(&[
            ("a.txt".into(), 10.0),
            ("huge.json".into(), 30_000_000.0)
        ]),
        Some(format!(
            "Not opened: huge.json is 30.0 MB; Spanwise opens files up to {} MB. Your work on screen is unchanged.",
            crate::formats::MAX_FILE_BYTES / (1024 * 1024)
        ))
    );
}

#[test]
fn commands_applied_through_the_session_keep_the_layout_in_step() {
    let mut s = session("Blinken in Cairo.\n\nShoukry in Doha.");
    select(&mut s, 19, 26);
    s.apply(Intent::ApplyLabel(Rc::from("PERSON")));
    let fresh = crate::model::layout::Layout::new(s.editor().document());
    assert_eq!(s.layout().paragraphs, fresh.paragraphs);
}

#[test]
fn text_edits_through_the_session_keep_the_layout_and_its_overlays_in_step() {
    use crate::model::command::Command;
    use crate::model::layout::Layout;
    use crate::model::text_edit::TextEdit;
    let mut s = with_suggestions(ARTICLE);
    assert!(!s.overlays.is_empty(), "suggestions are drawn");
    let in_step = |s: &Session| {
        let fresh = Layout::with_overlays(s.editor().document(), &s.overlays);
        assert_eq!(s.layout().paragraphs, fresh.paragraphs);
    };
    // A break typed before "Egyptian" splits the paragraph; one deleted joins it again; a word
    // with suggestions after it goes.
    for edit in [
        TextEdit::new(61, 61, "\n\n"),
        TextEdit::new(61, 63, ""),
        TextEdit::new(0, 10, "😀"),
    ] {
        s.run(Command::EditText(edit)).expect("the edit applies");
        in_step(&s);
    }
    for _ in 0..3 {
        s.apply(Intent::Undo);
        in_step(&s);
    }
    assert_eq!(s.editor().document().text(), ARTICLE);
}

fn two_documents() -> Session {
    let mut s = session("[Blinken|PERSON] in Cairo");
    s.apply(Intent::Create {
        title: "Doha".into(),
        text: "Shoukry in Doha".into(),
    });
    assert_eq!(s.workspace().entries().len(), 2);
    s
}

fn titles(s: &Session) -> Vec<String> {
    s.workspace()
        .entries()
        .iter()
        .map(|e| e.title().to_string())
        .collect()
}

#[test]
fn a_removed_document_comes_back_with_ctrl_z_before_any_older_edit_is_undone() {
    let mut s = two_documents();
    s.apply(Intent::SwitchDocument(0));
    select(&mut s, 11, 16);
    s.apply(Intent::ApplyLabel(Rc::from("GPE")));
    assert_eq!(text(&s), "[Blinken|PERSON#a1] in [Cairo|GPE#a2]");
    let update = s.apply(Intent::RemoveDocument(1));
    assert_eq!(titles(&s), ["fixture"]);
    assert_eq!(
        s.status(),
        Some(&Status::Info(
            "Removed “Doha” from the workspace (Ctrl+Z brings it back)".into()
        ))
    );
    assert!(update.effects.contains(&Effect::Persist(Persist::Index)));
    // Ctrl+Z brings the document back first, and leaves the tag alone.
    let update = key_with_ctrl(&mut s, "z");
    assert_eq!(titles(&s), ["fixture", "Doha"]);
    assert_eq!(text(&s), "[Blinken|PERSON#a1] in [Cairo|GPE#a2]");
    assert!(update
        .effects
        .iter()
        .any(|e| matches!(e, Effect::Persist(Persist::Document(_)))));
    // The next Ctrl+Z takes back the tag; redo brings both back in order.
    key_with_ctrl(&mut s, "z");
    assert_eq!(text(&s), "[Blinken|PERSON#a1] in Cairo");
    s.apply(Intent::Redo);
    assert_eq!(text(&s), "[Blinken|PERSON#a1] in [Cairo|GPE#a2]");
    s.apply(Intent::Redo);
    assert_eq!(titles(&s), ["fixture"]);
}

#[test]
fn done_marks_and_imports_are_undone_in_one_step() {
    let mut s = two_documents();
    s.apply(Intent::SetDone(0, true));
    assert!(s.workspace().entries()[0].done);
    assert_eq!(
        s.apply(Intent::SetDone(0, true)),
        Update::default(),
        "marked so already"
    );
    s.apply(Intent::Undo);
    assert!(!s.workspace().entries()[0].done);
    // A workspace file that replaces everything, undone at once.
    let workspace = crate::formats::workspace::export_workspace(s.workspace());
    s.apply(Intent::RemoveDocument(0));
    s.apply(Intent::FilesRead(vec![
        crate::formats::interchange::InputFile {
            name: "w.json".into(),
            bytes: workspace.into_bytes(),
        },
    ]));
    assert!(matches!(s.modal(), Some(Modal::Import(_))));
    s.apply(Intent::ImportChoice(ImportChoice::Replace));
    assert!(s.modal().is_none());
    assert_eq!(titles(&s), ["fixture", "Doha"]);
    s.apply(Intent::Undo);
    assert_eq!(titles(&s), ["Doha"]);
    // The last document cannot go.
    s.apply(Intent::RemoveDocument(0));
    assert_eq!(titles(&s), ["Doha"]);
    assert!(matches!(s.status(), Some(Status::Error(_))));
}

pub(super) fn key_with_ctrl(session: &mut Session, key: &str) -> Update {
    session.apply(Intent::Key {
        press: KeyPress {
            key: key.to_string(),
            ctrl: true,
            shift: false,
            alt: false,
        },
        in_side_panel: false,
    })
}
