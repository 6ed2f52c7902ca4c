//! Native tests of the annotator name and of opening annotators' versions through the session:
//! what the workspace holds, what the person reads, what the exports carry, and undo.

use std::rc::Rc;

use super::*;
use crate::formats::interchange::{ExportFormat, InputFile};
use crate::formats::spanwise;
use crate::model::document::Document;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::schema::Schema;
use crate::model::workspace::Entry;

const TEXT: &str = "Blinken met Kamel in Cairo";

fn session() -> Session {
    let document = Document::new("doc-1", "Cairo talks", TEXT);
    Session::new(
        Workspace::new(Entry::new(document, Schema::default())),
        || 0.0,
    )
}

/// A Spanwise file of `fixture` (whose text must be TEXT to be a version) by `annotator`.
fn file(name: &str, title: &str, annotator: Option<&str>, fixture: &str) -> InputFile {
    let mut document = parse_fixture(fixture).with_id("doc-1");
    document.title = Rc::from(title);
    let document = document.with_annotator(annotator.map(Rc::from));
    InputFile {
        name: name.into(),
        bytes: spanwise::export_json(&document, &Schema::default()).into_bytes(),
    }
}

/// The open document's versions as "name: fixture", the shown one starred; and the count of
/// documents.
fn state(s: &Session) -> (usize, Vec<String>) {
    let document = s.editor().document();
    let shown = document.shown_version();
    let versions = document
        .version_documents()
        .iter()
        .enumerate()
        .map(|(i, (name, version))| {
            format!(
                "{}{}: {}",
                if i == shown { "*" } else { "" },
                name.as_deref().unwrap_or("-"),
                render_fixture(version)
            )
        })
        .collect();
    (s.workspace().entries().len(), versions)
}

fn status(s: &Session) -> String {
    match s.status() {
        Some(Status::Info(m)) | Some(Status::Error(m)) => m.clone(),
        None => String::new(),
    }
}

fn downloaded(update: &Update) -> serde_json::Value {
    let content = update
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::Download(files) => Some(files[0].content.clone()),
            _ => None,
        })
        .expect("a download");
    serde_json::from_str(&content).unwrap()
}

const ANA: &str = "[Blinken|PERSON] met [Kamel|PERSON] in Cairo";
const BEN: &str = "[Blinken|PERSON] met Kamel in [Cairo|GPE]";

#[test]
fn two_files_of_one_text_opened_together_are_two_versions_of_one_document() {
    let mut s = session();
    s.apply(Intent::FilesRead(vec![
        file("a.spanwise.json", "Cairo talks", None, ANA),
        file("b.spanwise.json", "Cairo talks", None, BEN),
    ]));
    assert_eq!(
        state(&s),
        (
            1,
            vec![
                "annotator 1: [Blinken|PERSON#a1] met [Kamel|PERSON#a2] in Cairo".to_string(),
                "*annotator 2: [Blinken|PERSON#a1] met Kamel in [Cairo|GPE#a2]".to_string(),
            ]
        )
    );
    assert_eq!(
        status(&s),
        "Opened a.spanwise.json, b.spanwise.json as annotator versions: “Cairo talks” by \
         annotator 1, “Cairo talks” by annotator 2 (the open document has 2 versions)"
    );
    // Each file is one step: undo takes the second version back, then the first.
    s.apply(Intent::Undo);
    assert_eq!(
        state(&s).1,
        ["*annotator 1: [Blinken|PERSON#a1] met [Kamel|PERSON#a2] in Cairo"]
    );
    s.apply(Intent::Undo);
    assert_eq!(
        state(&s),
        (1, vec!["*-: Blinken met Kamel in Cairo".to_string()])
    );
}

#[test]
fn named_files_opened_one_after_another_stack_and_an_update_replaces_its_version() {
    let mut s = session().with_annotator_name(Some("Mia"));
    let cases: [(InputFile, &[&str]); 4] = [
        (
            file("ana.json", "Cairo talks", Some("Ana"), ANA),
            &["*Ana: [Blinken|PERSON#a1] met [Kamel|PERSON#a2] in Cairo"],
        ),
        (
            file("ben.json", "Cairo talks", Some("Ben"), BEN),
            &[
                "Ana: [Blinken|PERSON#a1] met [Kamel|PERSON#a2] in Cairo",
                "*Ben: [Blinken|PERSON#a1] met Kamel in [Cairo|GPE#a2]",
            ],
        ),
        (
            file(
                "ana-2.json",
                "Cairo talks",
                Some("Ana"),
                "Blinken met [Kamel|PERSON] in Cairo",
            ),
            &[
                "*Ana: Blinken met [Kamel|PERSON#a1] in Cairo",
                "Ben: [Blinken|PERSON#a1] met Kamel in [Cairo|GPE#a2]",
            ],
        ),
        (
            file(
                "anon.json",
                "Cairo talks",
                None,
                "Blinken met Kamel in [Cairo|GPE]",
            ),
            &[
                "Ana: Blinken met [Kamel|PERSON#a1] in Cairo",
                "Ben: [Blinken|PERSON#a1] met Kamel in [Cairo|GPE#a2]",
                "*annotator 1: Blinken met Kamel in [Cairo|GPE#a1]",
            ],
        ),
    ];
    for (file, expected) in cases {
        let name = file.name.clone();
        s.apply(Intent::FilesRead(vec![file]));
        assert_eq!(
            state(&s),
            (1, expected.iter().map(|v| v.to_string()).collect()),
            "{name}"
        );
    }
}

#[test]
fn an_unnamed_file_of_the_same_document_replaces_it_as_before() {
    let mut s = session();
    s.apply(Intent::FilesRead(vec![file(
        "a.json",
        "Cairo talks",
        None,
        ANA,
    )]));
    s.apply(Intent::FilesRead(vec![file(
        "b.json",
        "Cairo talks",
        None,
        BEN,
    )]));
    assert_eq!(
        state(&s),
        (
            1,
            vec!["*-: [Blinken|PERSON#a1] met Kamel in [Cairo|GPE#a2]".to_string()]
        )
    );
    assert_eq!(status(&s), "Opened b.json as Spanwise JSON (2 annotations)");
}

#[test]
fn the_same_title_with_another_text_is_refused_with_the_offset_and_nothing_changes() {
    let mut s = session();
    s.apply(Intent::FilesRead(vec![file(
        "ana.json",
        "Cairo talks",
        Some("Ana"),
        ANA,
    )]));
    let before = state(&s);
    let other = file(
        "ben.json",
        "Cairo talks",
        Some("Ben"),
        "Blinken met Kamel in Gaza",
    );
    for files in [
        vec![other.clone()],
        // Together with a good one: neither opens.
        vec![file("ben-ok.json", "Cairo talks", Some("Ben"), BEN), other],
    ] {
        s.apply(Intent::FilesRead(files));
        assert_eq!(state(&s), before);
        assert_eq!(
            status(&s),
            "Not opened: “Cairo talks” is not a version of the document “Cairo talks”: its \
             text differs from the document's at character 21 (counted in code points from \
             0). Your work on screen is unchanged."
        );
    }
}

#[test]
fn showing_and_renaming_a_version_are_undoable_steps() {
    let mut s = session();
    s.apply(Intent::FilesRead(vec![
        file("a.json", "Cairo talks", Some("Ana"), ANA),
        file("b.json", "Cairo talks", Some("Ben"), BEN),
    ]));
    s.apply(Intent::ShowVersion(0));
    assert_eq!(status(&s), "Showing Ana’s version");
    s.apply(Intent::RenameVersion(1, " Benedikt ".into()));
    assert_eq!(
        state(&s).1,
        [
            "*Ana: [Blinken|PERSON#a1] met [Kamel|PERSON#a2] in Cairo",
            "Benedikt: [Blinken|PERSON#a1] met Kamel in [Cairo|GPE#a2]",
        ]
    );
    s.apply(Intent::RenameVersion(1, "Ana".into()));
    assert_eq!(
        status(&s),
        "Not renamed: another version is named “Ana” already"
    );
    s.apply(Intent::Undo);
    s.apply(Intent::Undo);
    assert_eq!(
        state(&s).1,
        [
            "Ana: [Blinken|PERSON#a1] met [Kamel|PERSON#a2] in Cairo",
            "*Ben: [Blinken|PERSON#a1] met Kamel in [Cairo|GPE#a2]",
        ]
    );
}

#[test]
fn the_annotator_name_is_remembered_and_every_export_carries_the_right_one() {
    let mut s = session();
    let update = s.apply(Intent::Export(ExportFormat::Spanwise));
    assert!(
        downloaded(&update).get("annotator").is_none(),
        "no name set: none written"
    );

    let update = s.apply(Intent::SetAnnotatorName("  Mia  ".into()));
    assert!(update
        .effects
        .contains(&Effect::RememberAnnotator(Some("Mia".into()))));
    assert_eq!(s.annotator_name().map(|n| &**n), Some("Mia"));
    let update = s.apply(Intent::Export(ExportFormat::Spanwise));
    assert_eq!(downloaded(&update)["annotator"], "Mia");

    // A version shown is exported alone, with its annotator's name.
    s.apply(Intent::FilesRead(vec![
        file("a.json", "Cairo talks", Some("Ana"), ANA),
        file("b.json", "Cairo talks", Some("Ben"), BEN),
    ]));
    let json = downloaded(&s.apply(Intent::Export(ExportFormat::Spanwise)));
    assert_eq!(json["annotator"], "Ben");
    assert!(json.get("versions").is_none());
    assert_eq!(json["annotations"].as_array().unwrap().len(), 2);

    let update = s.apply(Intent::SetAnnotatorName("".into()));
    assert!(update.effects.contains(&Effect::RememberAnnotator(None)));
    assert_eq!(s.apply(Intent::SetAnnotatorName("".into())).effects, []);
}

/// Several files of different documents chosen together open as they always did: documents of
/// their own, nobody named; only files of one text are versions of it.
#[test]
fn files_of_different_documents_chosen_together_are_not_versions() {
    let mut s = session();
    let other = |name: &str, title: &str, fixture: &str| {
        let document = parse_fixture(fixture).with_id(name);
        let mut document = document;
        document.title = Rc::from(title);
        InputFile {
            name: format!("{name}.json"),
            bytes: spanwise::export_json(&document, &Schema::default()).into_bytes(),
        }
    };
    s.apply(Intent::FilesRead(vec![
        other("doc-2", "Doha talks", "[Shoukry|PERSON] in Doha"),
        other("doc-3", "Gaza aid", "Aid reached [Gaza|GPE]"),
    ]));
    let rows: Vec<(String, Option<String>, usize)> = s
        .workspace()
        .entries()
        .iter()
        .map(|e| {
            let document = e.editor().unwrap().document();
            (
                document.title.to_string(),
                document.annotator().map(|a| a.to_string()),
                document.version_rows().len(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Cairo talks".to_string(), None, 1),
            ("Doha talks".to_string(), None, 1),
            ("Gaza aid".to_string(), None, 1),
        ]
    );
    // Two files of one text among them are that text's versions.
    s.apply(Intent::FilesRead(vec![
        file(
            "a.json",
            "Cairo talks",
            None,
            "[Blinken|PERSON] met Kamel in Cairo",
        ),
        file(
            "b.json",
            "Cairo talks",
            None,
            "Blinken met [Kamel|PERSON] in Cairo",
        ),
        other("doc-4", "Rafah", "Rafah crossing"),
    ]));
    assert_eq!(s.workspace().entries().len(), 4);
    let cairo = s.workspace().entries()[0].editor().unwrap().document();
    assert_eq!(
        cairo
            .version_rows()
            .into_iter()
            .map(|r| r.annotator.map(|a| a.to_string()))
            .collect::<Vec<_>>(),
        [
            Some("annotator 1".to_string()),
            Some("annotator 2".to_string())
        ]
    );
    let rafah = s.workspace().entries()[3].editor().unwrap().document();
    assert_eq!(rafah.annotator(), None);
}

/// A workspace file from another annotator (Ben) holding the same article and a new one:
/// merged, the article gains Ben's version instead of being replaced by it.
#[test]
fn a_workspace_file_from_another_annotator_stacks_its_versions_when_merged() {
    let mut s = session();
    s.apply(Intent::FilesRead(vec![file(
        "ana.json",
        "Cairo talks",
        Some("Ana"),
        ANA,
    )]));
    let bens = {
        let mut document = parse_fixture(BEN).with_id("doc-1");
        document.title = Rc::from("Cairo talks");
        let document = document.with_annotator(Some(Rc::from("Ben")));
        let mut other = parse_fixture("Aid reached [Gaza|GPE]").with_id("doc-9");
        other.title = Rc::from("Gaza aid");
        let other = other.with_annotator(Some(Rc::from("Ben")));
        let workspace = Workspace::from_entries(
            vec![
                Entry::new(document, Schema::default()),
                Entry::new(other, Schema::default()),
            ],
            0,
        )
        .unwrap();
        InputFile {
            name: "ben-workspace.json".into(),
            bytes: crate::formats::workspace::export_workspace(&workspace).into_bytes(),
        }
    };
    s.apply(Intent::FilesRead(vec![bens]));
    s.apply(Intent::ImportChoice(ImportChoice::Merge));
    assert_eq!(s.workspace().entries().len(), 2);
    let cairo = s.workspace().entries()[0].editor().unwrap().document();
    assert_eq!(
        cairo
            .version_documents()
            .iter()
            .map(|(name, d)| format!("{}: {}", name.as_deref().unwrap_or("-"), render_fixture(d)))
            .collect::<Vec<_>>(),
        [
            "Ana: [Blinken|PERSON#a1] met [Kamel|PERSON#a2] in Cairo",
            "Ben: [Blinken|PERSON#a1] met Kamel in [Cairo|GPE#a2]"
        ]
    );
    assert_eq!(s.workspace().entries()[1].title().as_ref(), "Gaza aid");
    assert_eq!(
        status(&s),
        "Merged 1 document(s) from ben-workspace.json, and stacked 1 as annotators' versions (Ctrl+Z takes it back)"
    );
}
