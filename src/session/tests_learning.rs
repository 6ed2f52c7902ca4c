//! Native tests of the learning suggestions through the session: training starts when a
//! document is marked done and runs in steps, the model then suggests names the rules do not
//! know (with its source and confidence), the filter and order of the Suggested tab, accept all
//! above a threshold, the model stored, exported, imported (a hostile file refused) and reset.

use std::cell::Cell;

use super::learning::{MODEL_FILE, TRAIN_EVERY};
use super::*;
use crate::assist::learn::model_file;
use crate::formats::interchange::InputFile;
use crate::model::document::Document;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::schema::Schema;
use crate::model::workspace::{Entry, Workspace};

/// Names no rule knows, so whatever is found was learnt.
const ANNOTATED: [&str; 4] = [
    "[Zorblat Quenn|PERSON] visited [Vantor|GPE] on Monday.\nThe [Krell Union|ORG] met in [Vantor|GPE].",
    "[Mirel Dast|PERSON] said the [Krell Union|ORG] would act.\nTalks in [Osmir|GPE] ended.",
    "In [Osmir|GPE], [Zorblat Quenn|PERSON] met [Mirel Dast|PERSON].",
    "The [Hadran Council|ORG] left [Vantor|GPE] for [Osmir|GPE].",
];
const NEW: &str = "Zorblat Quenn arrived in Vantor.";
/// Each annotated document is its text this many times: the model suggests from
/// [`learning::MIN_WORDS`] words on.
const REPEAT: usize = 50;

fn annotated(i: usize, repeat: usize) -> Document {
    parse_fixture(&vec![ANNOTATED[i]; repeat].join("\n")).with_id(&format!("d{i}"))
}

thread_local! {
    static NOW: Cell<f64> = const { Cell::new(0.0) };
}

/// A clock that moves 25 ms each time it is read: a step's time budget is spent at its first
/// look.
fn ticking() -> f64 {
    NOW.with(|n| {
        n.set(n.get() + 25.0);
        n.get()
    })
}

/// The annotated documents (d0…d3, each its text `repeat` times) and the new one (d4, open).
fn workspace_of(repeat: usize) -> Session {
    let mut entries: Vec<Entry> = (0..ANNOTATED.len())
        .map(|i| Entry::new(annotated(i, repeat), Schema::default()))
        .collect();
    entries.push(Entry::new(
        Document::new("d4", "New", NEW),
        Schema::default(),
    ));
    Session::new(Workspace::from_entries(entries, 4).unwrap(), ticking)
}

fn workspace_session() -> Session {
    workspace_of(REPEAT)
}

/// Takes training steps until it ends; how many it took.
fn train_to_the_end(s: &mut Session) -> usize {
    let mut steps = 0;
    while s.learning().progress().is_some() {
        let update = s.apply(Intent::TrainStep);
        steps += 1;
        assert!(steps < 10_000, "training never ends");
        let again = update.effects.contains(&Effect::TrainStep);
        assert_eq!(again, s.learning().progress().is_some());
    }
    steps
}

/// The Suggested tab as `label text [source]`.
fn rows(s: &Session) -> Vec<String> {
    lists::suggestion_rows(s)
        .iter()
        .map(|r| format!("{} {} [{}]", r.label, r.preview, r.source.as_str()))
        .collect()
}

/// The Suggested tab as (`text [source]`, confidence).
fn scored_rows(s: &Session) -> Vec<(String, f32)> {
    lists::suggestion_rows(s)
        .iter()
        .map(|r| {
            (
                format!("{} [{}]", r.preview, r.source.as_str()),
                r.confidence,
            )
        })
        .collect()
}

fn status(s: &Session) -> String {
    match s.status() {
        Some(Status::Info(t) | Status::Error(t)) => t.clone(),
        None => String::new(),
    }
}

fn mark_all_done(s: &mut Session) -> Vec<Effect> {
    let mut effects = Vec::new();
    for i in 0..ANNOTATED.len() {
        effects.extend(s.apply(Intent::SetDone(i, true)).effects);
    }
    effects
}

#[test]
fn marking_done_trains_in_steps_and_the_model_then_suggests_what_the_rules_cannot() {
    let mut s = workspace_session();
    s.apply(Intent::RefreshSuggestions);
    assert_eq!(
        rows(&s),
        Vec::<String>::new(),
        "the rules know none of these names"
    );
    let effects = s.apply(Intent::SetDone(0, true)).effects;
    assert!(effects.contains(&Effect::TrainStep));
    // Each mark starts afresh; the last one's training is taken to the end.
    mark_all_done(&mut s);
    let total = s.learning().progress().unwrap().total;
    assert!(total > 0);
    let steps = train_to_the_end(&mut s);
    assert!(steps > 1, "the budget of a step is small: {steps} step(s)");
    assert_eq!(s.learning().tagger().n_documents, 4);
    assert_eq!(
        rows(&s),
        ["PERSON Zorblat Quenn [model]", "GPE Vantor [model]"]
    );
    assert!(s.learning().timing().is_some());
    // Accepting one is an ordinary command.
    let first = s.visible_suggestions()[0].id.clone();
    s.apply(Intent::AcceptSuggestion(first));
    assert_eq!(
        render_fixture(s.editor().document()),
        "[Zorblat Quenn|PERSON#a1] arrived in Vantor."
    );
}

#[test]
fn the_model_is_stored_after_training_and_read_back_at_start() {
    let mut s = workspace_session();
    mark_all_done(&mut s);
    let mut stored = None;
    while s.learning().progress().is_some() {
        for effect in s.apply(Intent::TrainStep).effects {
            if let Effect::StoreModel(json) = effect {
                stored = json;
            }
        }
    }
    let json = stored.expect("the trained model is stored");
    assert_eq!(json, model_file::save(s.learning().tagger()));
    // Another visit: the stored model suggests at once, with nothing to train.
    let mut again = workspace_session();
    again.apply(Intent::ModelRead(Some(json)));
    assert!(again.learning().progress().is_none());
    assert_eq!(again.learning().tagger().n_documents, 4);
    assert_eq!(rows(&again).len(), 2);
    // No stored model, annotated documents: it trains on them.
    let mut fresh = workspace_session();
    let effects = fresh.apply(Intent::ModelRead(None)).effects;
    assert!(effects.contains(&Effect::TrainStep));
    // A damaged stored model is reported and the rules suggest alone.
    let mut damaged = workspace_session();
    damaged.apply(Intent::ModelRead(Some(
        "{\"format\":\"spanwise-tagger\",\"version\":1}".into(),
    )));
    assert!(status(&damaged).starts_with("The stored model could not be read"));
    assert!(!damaged.learning().tagger().is_trained());
}

#[test]
fn new_annotations_train_it_again_every_few_dozen() {
    let text = "word ".repeat(TRAIN_EVERY + 1);
    let mut s = Session::new(
        Workspace::new(Entry::new(
            Document::new("d1", "t", &text),
            Schema::default(),
        )),
        ticking,
    );
    s.apply(Intent::ModelRead(None));
    for i in 0..TRAIN_EVERY {
        s.apply(Intent::SelectionChanged {
            range: Some(crate::model::offsets::CpRange::new(i * 5, i * 5 + 4)),
            caret_box: None,
        });
        let effects = s.apply(Intent::ApplyLabel("ORG".into())).effects;
        assert_eq!(
            effects.contains(&Effect::TrainStep),
            i + 1 == TRAIN_EVERY,
            "annotation {}",
            i + 1
        );
    }
}

#[test]
fn the_filter_order_and_accept_all_follow_the_confidence() {
    let mut s = workspace_session();
    mark_all_done(&mut s);
    train_to_the_end(&mut s);
    // An article with names the model learnt and a date (a label it never learnt: the
    // rules' alone).
    s.apply(Intent::Create {
        title: "Mixed".into(),
        text: "Mirel Dast arrived in Osmir on Monday.".into(),
    });
    s.apply(Intent::RefreshSuggestions);
    let scored = scored_rows(&s);
    let names: Vec<&str> = scored.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Mirel Dast [model]", "Osmir [model]", "Monday [rules]"]
    );
    // Most confident first (of equal confidence, text order).
    s.apply(Intent::SortByConfidence(true));
    let mut expected = scored.clone();
    expected.sort_by(|a, b| b.1.total_cmp(&a.1));
    let sorted = scored_rows(&s);
    assert_eq!(sorted, expected);
    let order: Vec<&str> = sorted.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        order,
        ["Osmir [model]", "Monday [rules]", "Mirel Dast [model]"]
    );
    assert_eq!(
        sorted[1].1, 0.75,
        "a label the model never learnt: the rules' confidence"
    );
    // Hidden below the threshold: not listed, not drawn, not accepted by "accept all".
    s.apply(Intent::MinConfidence(74));
    assert_eq!(lists::suggestion_rows(&s).len(), 2);
    assert_eq!(s.overlays.len(), 2);
    s.apply(Intent::AcceptAll(None));
    assert_eq!(
        render_fixture(s.editor().document()),
        "Mirel Dast arrived in [Osmir|GPE#a1] on [Monday|DATE#a2]."
    );
    s.apply(Intent::MinConfidence(0));
    assert_eq!(
        rows(&s),
        ["PERSON Mirel Dast [model]"],
        "the other one is left"
    );
}

#[test]
fn the_model_is_exported_imported_and_reset() {
    let mut s = workspace_session();
    // Nothing learnt: nothing to export.
    assert!(s.apply(Intent::ExportModel).effects.is_empty());
    mark_all_done(&mut s);
    train_to_the_end(&mut s);
    let effects = s.apply(Intent::ExportModel).effects;
    let [Effect::Download(files)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(files[0].name, MODEL_FILE);
    let json = files[0].content.clone();
    // Reset: the rules alone, the stored model forgotten.
    let effects = s.apply(Intent::ResetModel).effects;
    assert!(effects.contains(&Effect::StoreModel(None)));
    assert_eq!(rows(&s), Vec::<String>::new());
    // Opened as a file (as "Import model…" does): it suggests again and is stored.
    let open = |s: &mut Session, text: &str| {
        s.apply(Intent::FilesRead(vec![InputFile {
            name: MODEL_FILE.into(),
            bytes: text.as_bytes().to_vec(),
        }]))
        .effects
    };
    let effects = open(&mut s, &json);
    assert!(effects.contains(&Effect::StoreModel(Some(json.clone()))));
    assert_eq!(rows(&s).len(), 2);
    assert_eq!(
        s.editor().document().id.as_str(),
        "d4",
        "no document was opened"
    );
    // A model from a newer version, or damaged: refused with the reason, the model kept.
    let newer = json.replacen("\"version\":1", "\"version\":2", 1);
    assert!(open(&mut s, &newer).is_empty());
    assert_eq!(
        status(&s),
        "Model not imported from spanwise-model.json: the model file has version 2; this version of Spanwise reads up to version 1: update Spanwise to use it. The model in use is unchanged."
    );
    let hostile = json.replacen("\"transitions\":[[", "\"transitions\":[[1e39,", 1);
    open(&mut s, &hostile);
    assert!(status(&s).starts_with("Model not imported"));
    assert_eq!(rows(&s).len(), 2);
}

#[test]
fn a_corpus_resting_in_storage_is_read_back_to_learn_from_and_long_texts_are_left_out() {
    use crate::session::resting::KEEP_ALL;
    // d0…d3 annotated, d4 a long annotated text, the rest plain; all but the open one rest.
    let long = format!(
        "[Vantor|GPE] {}",
        "word ".repeat(learning::MAX_CHARACTERS / 5)
    );
    let stored = |i: usize| match i {
        0..=3 => annotated(i, REPEAT),
        4 => parse_fixture(&long).with_id("d4"),
        _ => Document::new(&format!("d{i}"), "plain", "Nothing to learn here."),
    };
    let n = KEEP_ALL + 10;
    let entries = (0..n)
        .map(|i| Entry::new(stored(i), Schema::default()))
        .collect();
    let mut s = Session::new(Workspace::from_entries(entries, n - 1).unwrap(), ticking);
    let documents: Vec<(Document, Schema)> =
        (0..4).map(|i| (stored(i), Schema::default())).collect();
    assert!(s.rest_stored(|_| true) > 0);
    let effects = s.apply(Intent::Train { asked: true }).effects;
    let ids: Vec<&str> = match effects.as_slice() {
        [Effect::ReadDocuments(ids)] => ids.iter().map(|id| id.as_str()).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(ids, ["d0", "d1", "d2", "d3"]);
    let effects = s
        .apply(Intent::DocumentsRead {
            documents,
            problems: Vec::new(),
        })
        .effects;
    assert!(effects.contains(&Effect::TrainStep), "{effects:?}");
    train_to_the_end(&mut s);
    assert_eq!(s.learning().tagger().n_documents, 4);
    assert_eq!(
        status(&s),
        "The model learnt from 4 document(s), 2250 words"
    );
}

#[test]
fn a_model_that_learnt_from_too_little_leaves_the_suggestions_to_the_rules() {
    let mut s = workspace_of(1);
    mark_all_done(&mut s);
    train_to_the_end(&mut s);
    assert_eq!(s.learning().tagger().n_tokens, 45);
    assert!(!s.learning().suggests());
    assert_eq!(rows(&s), Vec::<String>::new());
    let mut s = workspace_session();
    mark_all_done(&mut s);
    train_to_the_end(&mut s);
    assert!(s.learning().suggests());
    assert_eq!(rows(&s).len(), 2);
}
