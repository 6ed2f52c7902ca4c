//! Native tests of the adjudication mode through the session: two annotators' files opened,
//! their disagreements walked and settled by keys, gold written as undoable steps and exported
//! as an ordinary Spanwise file by "gold".

use std::rc::Rc;

use super::adjudication::AdjudicationStep;
use super::tests::{key, press};
use super::*;
use crate::formats::interchange::{ExportFormat, InputFile};
use crate::formats::spanwise;
use crate::model::adjudication::Decision;
use crate::model::document::Document;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::schema::Schema;
use crate::model::workspace::Entry;

const TEXT: &str = "Blinken met Kamel in Cairo on Tuesday";
const ANA: &str = "[Blinken|PERSON] met [Kamel|PERSON] in [Cairo|GPE] on Tuesday";
const BEN: &str = "[Blinken|PERSON] met [Kamel|ORG] in [Cairo on|GPE] [Tuesday|DATE]";

fn file(name: &str, annotator: &str, fixture: &str) -> InputFile {
    let mut document = parse_fixture(fixture).with_id("doc-1");
    document.title = Rc::from("Cairo talks");
    let document = document.with_annotator(Some(Rc::from(annotator)));
    InputFile {
        name: name.into(),
        bytes: spanwise::export_json(&document, &Schema::default()).into_bytes(),
    }
}

fn two_annotators() -> Session {
    let document = Document::new("doc-1", "Cairo talks", TEXT);
    let mut s = Session::new(
        Workspace::new(Entry::new(document, Schema::default())),
        || 0.0,
    );
    s.apply(Intent::FilesRead(vec![
        file("ana.json", "Ana", ANA),
        file("ben.json", "Ben", BEN),
    ]));
    assert_eq!(s.editor().document().version_rows().len(), 2);
    s
}

fn shown(s: &Session) -> (Option<String>, String) {
    let document = s.editor().document();
    (
        document.annotator().map(|a| a.to_string()),
        render_fixture(&document.shown_only()),
    )
}

#[test]
fn taking_one_annotators_side_throughout_makes_gold_their_spans_and_the_agreed_ones() {
    let mut s = two_annotators();
    s.apply(Intent::Adjudicate(AdjudicationStep::Start));
    let view = s.adjudication().expect("the mode is on");
    assert_eq!(
        (view.total, view.settled, view.current, view.range),
        (3, 0, Some(0), Some((12, 17)))
    );
    assert_eq!(
        view.options,
        [
            vec!["PERSON “Kamel”".to_string()],
            vec!["ORG “Kamel”".to_string()]
        ]
    );
    assert_eq!(
        shown(&s),
        (
            Some("gold".to_string()),
            "[Blinken|PERSON#g1] met Kamel in Cairo on Tuesday".to_string()
        ),
        "gold starts as what they agree on"
    );
    // Ben's side, key by key: each settles one and moves to the next.
    for expected_settled in 1..=3 {
        key(&mut s, "2");
        assert_eq!(s.adjudication().unwrap().settled, expected_settled);
    }
    assert_eq!(
        shown(&s).1,
        "[Blinken|PERSON#g1] met [Kamel|ORG#g2] in [Cairo on|GPE#g3] [Tuesday|DATE#g4]"
    );
    // Gold exports as an ordinary Spanwise file by "gold".
    let update = s.apply(Intent::Export(ExportFormat::Spanwise));
    let exported = update
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::Download(files) => Some(files[0].content.clone()),
            _ => None,
        })
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(json["annotator"], "gold");
    let spans: Vec<(String, String)> = json["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["label"].as_str().unwrap().into(),
                a["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("PERSON", "Blinken"),
        ("ORG", "Kamel"),
        ("GPE", "Cairo on"),
        ("DATE", "Tuesday"),
    ]
    .iter()
    .map(|(l, t)| (l.to_string(), t.to_string()))
    .collect();
    assert_eq!(spans, expected);
    // Each decision was a step: undo takes the last back, and the mode reads it as waiting.
    s.apply(Intent::Undo);
    assert_eq!(s.adjudication().unwrap().settled, 2);
    assert_eq!(
        shown(&s).1,
        "[Blinken|PERSON#g1] met [Kamel|ORG#g2] in [Cairo on|GPE#g3] Tuesday"
    );
}

#[test]
fn the_mode_walks_takes_all_or_none_and_ends_on_esc_with_gold_shown() {
    let mut s = two_annotators();
    s.apply(Intent::Adjudicate(AdjudicationStep::Start));
    // n and Shift+n move round the disagreements.
    let at = |s: &Session| s.adjudication().unwrap().current;
    key(&mut s, "n");
    assert_eq!(at(&s), Some(1));
    press(&mut s, "N", true);
    press(&mut s, "N", true);
    assert_eq!(at(&s), Some(2));
    // All of Tuesday's (Ben's DATE), then none of Kamel's, then Ana's Cairo.
    key(&mut s, "a");
    assert_eq!(
        (at(&s), s.adjudication().unwrap().decision),
        (Some(0), None)
    );
    key(&mut s, "0");
    key(&mut s, "1");
    assert_eq!(
        shown(&s).1,
        "[Blinken|PERSON#g1] met Kamel in [Cairo|GPE#g2] on [Tuesday|DATE#g3]"
    );
    // "None" is settled too (noted beside gold, which holds nothing there).
    assert_eq!(s.adjudication().unwrap().settled, 3);
    // A digit past the annotators does nothing; label keys are the mode's while it is on.
    assert!(!key(&mut s, "7").render);
    key(&mut s, "Escape");
    assert!(s.adjudication().is_none());
    assert_eq!(shown(&s).0.as_deref(), Some("gold"));
    // The note travels with the document's file (storage, the workspace file) and back.
    let document = s.editor().document().clone();
    let json = spanwise::export_json(&document, s.editor().schema());
    assert!(json.contains("\"adjudication_left_out\""), "{json}");
    let (back, _) = spanwise::import_json(&json).unwrap();
    assert_eq!(back.left_out_of_gold(), document.left_out_of_gold());
    assert_eq!(back.left_out_of_gold().len(), 1);
    // Started again, every decision stays, the "none" too.
    s.apply(Intent::Adjudicate(AdjudicationStep::Start));
    let view = s.adjudication().unwrap();
    assert_eq!(
        (view.settled, view.current, view.decision),
        (3, Some(0), Some(Decision::Neither))
    );
}

#[test]
fn one_annotator_is_not_enough() {
    let document = parse_fixture(ANA).with_id("doc-1");
    let mut s = Session::new(
        Workspace::new(Entry::new(document, Schema::default())),
        || 0.0,
    );
    s.apply(Intent::Adjudicate(AdjudicationStep::Start));
    assert!(s.adjudication().is_none());
    assert!(
        matches!(s.status(), Some(Status::Error(m)) if m.starts_with("Adjudication needs two or more"))
    );
}

#[test]
fn an_updated_annotator_file_while_adjudicating_re_merges_and_keeps_the_decisions() {
    let mut s = two_annotators();
    s.apply(Intent::Adjudicate(AdjudicationStep::Start));
    // Kamel: Ben's ORG; Cairo: Ana's; Tuesday: none.
    key(&mut s, "2");
    key(&mut s, "1");
    key(&mut s, "0");
    assert_eq!(s.adjudication().unwrap().settled, 3);
    assert_eq!(
        shown(&s).1,
        "[Blinken|PERSON#g1] met [Kamel|ORG#g2] in [Cairo|GPE#g3] on Tuesday"
    );
    // Ben sends his file again: Cairo now as Ana has it, Tuesday still his, Kamel unchanged.
    s.apply(Intent::FilesRead(vec![file(
        "ben-2.json",
        "Ben",
        "[Blinken|PERSON] met [Kamel|ORG] in [Cairo|GPE] on [Tuesday|DATE]",
    )]));
    let view = s.adjudication().expect("still adjudicating");
    // Cairo is agreed now; Kamel's and Tuesday's decisions stand.
    assert_eq!((view.total, view.settled), (2, 2));
    assert_eq!(
        shown(&s),
        (
            Some("gold".to_string()),
            "[Blinken|PERSON#g1] met [Kamel|ORG#g2] in [Cairo|GPE#g3] on Tuesday".to_string()
        )
    );
    assert_eq!(
        s.editor()
            .document()
            .version_rows()
            .into_iter()
            .map(|r| r.annotator.map(|a| a.to_string()))
            .collect::<Vec<_>>(),
        [
            Some("Ana".to_string()),
            Some("Ben".to_string()),
            Some("gold".to_string())
        ]
    );
}
