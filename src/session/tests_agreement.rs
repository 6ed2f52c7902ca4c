//! Native tests of the agreement panel through the session: the job runs a step per
//! [`Intent::AgreementStep`] and ends with the pair's numbers; one annotator gets the message;
//! the report downloads under its fixed names; resting documents are read first.

use std::cell::Cell;
use std::rc::Rc;

use serde_json::{json, Value};

use super::resting::KEEP_ALL;
use super::*;
use crate::model::document::{Document, DocumentId};
use crate::model::fixture::parse_fixture;
use crate::model::schema::Schema;
use crate::model::versions;
use crate::model::workspace::Entry;

const TEXT: &str = "Antony Blinken met Abbas Kamel in Cairo on Monday";
const ANA: &str = "[Antony Blinken|PERSON] met [Abbas Kamel|PERSON] in [Cairo|GPE] on Monday";
const BEN: &str = "Antony [Blinken|PERSON] met [Abbas Kamel|ORG] in [Cairo|GPE] on [Monday|DATE]";

thread_local! {
    static NOW: Cell<f64> = const { Cell::new(0.0) };
}

/// A clock that moves on 20 ms each time it is read, past a step's budget: one task a step.
fn ticking() -> f64 {
    NOW.with(|now| {
        now.set(now.get() + 20.0);
        now.get()
    })
}

fn by(name: &str, fixture: &str, id: &str) -> Document {
    let mut document = parse_fixture(fixture).with_id(id);
    document.title = Rc::from("Cairo talks");
    document.with_annotator(Some(Rc::from(name)))
}

/// Ana's and Ben's versions of the article as one document.
fn stacked(id: &str) -> Document {
    versions::stack(&by("Ana", ANA, id), &by("Ben", BEN, id), None).unwrap()
}

fn session_of(document: Document) -> Session {
    Session::new(
        Workspace::new(Entry::new(document, Schema::default())),
        ticking,
    )
}

fn view(s: &Session) -> &AgreementView {
    match s.modal() {
        Some(Modal::Agreement(view)) => view,
        other => panic!("the agreement panel is not open: {other:?}"),
    }
}

fn report(s: &Session) -> Value {
    match &view(s).state {
        AgreementState::Done { report, .. } => serde_json::from_str(&report.to_json()).unwrap(),
        other => panic!("not done: {other:?}"),
    }
}

/// Steps the job to its end; returns how many steps it took.
fn run(s: &mut Session) -> usize {
    let mut steps = 0;
    while let AgreementState::Running(_) = view(s).state {
        let update = s.apply(Intent::AgreementStep);
        assert!(update.render);
        steps += 1;
        let again = update.effects.contains(&Effect::AgreementStep);
        assert_eq!(again, matches!(view(s).state, AgreementState::Running(_)));
    }
    steps
}

/// A measure as the report writes it, without its labels.
fn measure(m: &Value) -> Value {
    json!([
        m["precision"],
        m["recall"],
        m["f1"],
        m["a"],
        m["b"],
        m["matched"]
    ])
}

/// label → [a, b, matched, f1].
fn labels(m: &Value) -> Value {
    let labels = m["labels"].as_object().unwrap();
    labels
        .iter()
        .map(|(name, l)| (name.clone(), json!([l["a"], l["b"], l["matched"], l["f1"]])))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[test]
fn two_annotators_agreement_runs_in_steps_and_ends_with_the_pairs_numbers() {
    let mut s = session_of(stacked("doc-1"));
    let update = s.apply(Intent::Open(Dialog::Agreement));
    assert_eq!(
        update.effects,
        [Effect::Focus(FocusTarget::Agreement), Effect::AgreementStep]
    );
    assert_eq!(view(&s).scope, AgreementScope::Document);
    // Two versions read, one pair, αu of the document.
    assert_eq!(
        view(&s).state,
        AgreementState::Running(crate::agreement::Progress { done: 0, total: 4 })
    );
    assert_eq!(run(&mut s), 4);
    let report = report(&s);
    assert_eq!(report["annotators"], json!(["Ana", "Ben"]));
    assert_eq!(
        report["documents"],
        json!([{ "id": "doc-1", "title": "Cairo talks" }])
    );
    let pair = &report["pairs"][0];
    assert_eq!((&pair["a"], &pair["b"]), (&json!("Ana"), &json!("Ben")));
    // Exact: only Cairo. Overlap: Blinken inside Antony Blinken too. Boundary: Cairo, and
    // Abbas Kamel (PERSON for Ana, ORG for Ben: counted as Ana's PERSON, and confused).
    let cases = [
        (
            "exact",
            json!([0.25, 1.0 / 3.0, 2.0 / 7.0, 3, 4, 1]),
            json!({ "DATE": [0, 1, 0, 0.0], "GPE": [1, 1, 1, 1.0], "ORG": [0, 1, 0, 0.0],
                    "PERSON": [2, 1, 0, 0.0] }),
        ),
        (
            "overlap",
            json!([0.5, 2.0 / 3.0, 4.0 / 7.0, 3, 4, 2]),
            json!({ "DATE": [0, 1, 0, 0.0], "GPE": [1, 1, 1, 1.0], "ORG": [0, 1, 0, 0.0],
                    "PERSON": [2, 1, 1, 2.0 / 3.0] }),
        ),
        (
            "boundary",
            json!([0.5, 2.0 / 3.0, 4.0 / 7.0, 3, 4, 2]),
            json!({ "DATE": [0, 1, 0, 0.0], "GPE": [1, 1, 1, 1.0], "PERSON": [2, 2, 1, 0.5] }),
        ),
    ];
    for (name, micro, per_label) in cases {
        assert_eq!(measure(&pair[name]), micro, "{name}");
        assert_eq!(labels(&pair[name]), per_label, "{name}");
    }
    assert_eq!(
        pair["confusion"],
        json!([{ "a": "PERSON", "b": "ORG", "count": 1 }])
    );
    // No claims: nothing to count is null, never NaN.
    assert_eq!(
        pair["claims"],
        json!({ "matched": 0, "speaker_agreement": null, "verdict_kappa": null,
                "check_worthiness_kappa": null, "quote_type_kappa": null })
    );
    assert!(report.get("mean").is_none(), "no mean for two annotators");
    // The chart is drawn from the same report.
    let AgreementState::Done { chart, .. } = &view(&s).state else {
        unreachable!()
    };
    assert!(chart.contains("data-measure=\"overlap\" data-f1=\"0.6666666666666666\""));
}

#[test]
fn with_fewer_than_two_annotators_the_panel_says_so_and_computes_nothing() {
    let mut s = session_of(parse_fixture(ANA));
    for scope in [AgreementScope::Document, AgreementScope::Workspace] {
        let update = if scope == AgreementScope::Document {
            s.apply(Intent::Open(Dialog::Agreement))
        } else {
            s.apply(Intent::AgreementScope(scope))
        };
        assert!(
            !update.effects.contains(&Effect::AgreementStep),
            "{scope:?}"
        );
        assert_eq!(view(&s).state, AgreementState::TooFew, "{scope:?}");
    }
    assert_eq!(
        agreement::TOO_FEW,
        "Agreement needs two or more annotators' versions of a document — open their Spanwise \
         files together"
    );
    // Nothing to download.
    assert!(s
        .apply(Intent::DownloadAgreement(AgreementFile::Json))
        .effects
        .is_empty());
}

/// The files downloaded: (name, mime, content).
fn downloads(update: &Update) -> Vec<(String, &'static str, String)> {
    update
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::Download(files) => Some(files),
            _ => None,
        })
        .flatten()
        .map(|f| (f.name.clone(), f.mime, f.content.clone()))
        .collect()
}

#[test]
fn the_report_downloads_as_json_and_csv_under_the_documents_or_the_workspaces_name() {
    let mut s = session_of(stacked("doc-1"));
    s.apply(Intent::Open(Dialog::Agreement));
    assert!(
        downloads(&s.apply(Intent::DownloadAgreement(AgreementFile::Json))).is_empty(),
        "nothing before the report is done"
    );
    run(&mut s);
    let AgreementState::Done { report, .. } = view(&s).state.clone() else {
        unreachable!()
    };
    // (scope, file, name, mime)
    let cases = [
        (
            AgreementFile::Json,
            "Cairo-talks.agreement.json",
            "application/json",
        ),
        (AgreementFile::Csv, "Cairo-talks.agreement.csv", "text/csv"),
    ];
    for (file, name, mime) in cases {
        let update = s.apply(Intent::DownloadAgreement(file));
        let content = match file {
            AgreementFile::Json => report.to_json(),
            AgreementFile::Csv => report.to_csv(),
        };
        assert_eq!(downloads(&update), [(name.to_string(), mime, content)]);
    }
    let json: Value = serde_json::from_str(&report.to_json()).unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        keys(&json),
        [
            "alpha",
            "annotators",
            "documents",
            "format",
            "pairs",
            "version"
        ]
    );
    assert_eq!(
        (&json["format"], &json["version"]),
        (&json!("spanwise-agreement"), &json!(1))
    );
    assert_eq!(
        keys(&json["pairs"][0]),
        [
            "a",
            "b",
            "boundary",
            "claims",
            "confusion",
            "exact",
            "overlap"
        ]
    );
    assert_eq!(
        keys(&json["pairs"][0]["exact"]),
        ["a", "b", "f1", "labels", "matched", "precision", "recall"]
    );
    assert_eq!(
        keys(&json["pairs"][0]["exact"]["labels"]["GPE"]),
        ["a", "b", "f1", "matched", "precision", "recall"]
    );
    // Over the workspace the files are the workspace's.
    s.apply(Intent::AgreementScope(AgreementScope::Workspace));
    run(&mut s);
    let names: Vec<String> = [AgreementFile::Json, AgreementFile::Csv]
        .into_iter()
        .flat_map(|f| downloads(&s.apply(Intent::DownloadAgreement(f))))
        .map(|(name, _, _)| name)
        .collect();
    assert_eq!(
        names,
        [
            "spanwise-workspace.agreement.json",
            "spanwise-workspace.agreement.csv"
        ]
    );
}

#[test]
fn esc_closes_the_panel_and_its_job_stops() {
    let mut s = session_of(stacked("doc-1"));
    s.apply(Intent::Open(Dialog::Agreement));
    s.apply(Intent::AgreementStep);
    let update = super::tests::key(&mut s, "Escape");
    assert!(s.modal().is_none());
    assert_eq!(update.effects, [Effect::Focus(FocusTarget::Article)]);
    assert_eq!(s.apply(Intent::AgreementStep), Update::default());
}

#[test]
fn the_workspace_scope_reads_resting_documents_first() {
    // d0 … dN: plain one-layer documents, except d7 (resting) with Ana's and Ben's versions.
    let n = KEEP_ALL + 10;
    let stored = |i: usize| match i {
        7 => stacked("d7"),
        _ => Document::new(&format!("d{i}"), &format!("Article {i}"), TEXT),
    };
    let entries = (0..n)
        .map(|i| Entry::new(stored(i), Schema::default()))
        .collect();
    let mut s = Session::new(Workspace::from_entries(entries, 0).unwrap(), ticking);
    s.rest_stored(|_| true);
    s.apply(Intent::Open(Dialog::Agreement));
    assert_eq!(
        view(&s).state,
        AgreementState::TooFew,
        "the open d0 has one layer"
    );
    let update = s.apply(Intent::AgreementScope(AgreementScope::Workspace));
    let asked: Vec<DocumentId> = update
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::ReadDocuments(ids) => Some(ids.clone()),
            _ => None,
        })
        .expect("the resting documents are asked for");
    assert_eq!(asked.len(), n - 2, "all but d0 and its neighbour rest");
    assert_eq!(view(&s).state, AgreementState::Reading);
    let documents = asked
        .iter()
        .map(|id| (stored(id.as_str()[1..].parse().unwrap()), Schema::default()))
        .collect();
    let update = s.apply(Intent::DocumentsRead {
        documents,
        problems: Vec::new(),
    });
    assert!(update.effects.contains(&Effect::AgreementStep));
    assert_eq!(view(&s).scope, AgreementScope::Workspace);
    run(&mut s);
    let report = report(&s);
    assert_eq!(
        report["documents"],
        json!([{ "id": "d7", "title": "Cairo talks" }])
    );
    assert_eq!(
        measure(&report["pairs"][0]["exact"]),
        json!([0.25, 1.0 / 3.0, 2.0 / 7.0, 3, 4, 1])
    );
}
