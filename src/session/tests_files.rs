//! Native tests of opening files through the session: what the person sees (status, problems)
//! and what the workspace holds afterwards, undo included.

use super::*;
use crate::formats::interchange::InputFile;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::schema::Schema;
use crate::model::workspace::Entry;

/// A session on `fixture`, whose document has the id a text file of the same text would get:
/// a W3C file without its text is opened against this document.
fn session(fixture: &str) -> Session {
    let document = parse_fixture(fixture);
    let id = crate::formats::document_id(document.text());
    Session::new(
        Workspace::new(Entry::new(document.with_id(&id), Schema::default())),
        || 0.0,
    )
}

fn file(name: &str, content: &str) -> InputFile {
    InputFile {
        name: name.into(),
        bytes: content.as_bytes().to_vec(),
    }
}

/// A W3C annotation that selects its text by quote alone, as Recogito writes them.
fn quoted(id: &str, exact: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "type": "Annotation",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "GPE"}],
        "target": {"selector": {"type": "TextQuoteSelector", "exact": exact}},
    })
}

/// Each case: a W3C file without its text, every annotation of which fails against the open
/// document (or it has none), and the error the person reads. The workspace stays as it was:
/// same document, same title, nothing to undo.
#[test]
fn a_w3c_file_that_brings_nothing_is_refused_and_changes_nothing() {
    let cases = [
        (
            serde_json::json!([quoted("x1", "Doha"), quoted("x2", "Qatar")]),
            "Not opened: gulf.w3c.json: none of its 2 annotation(s) fits the open document's \
             text, so nothing was opened: annotation 1 (x1): the quote \"Doha\" is not in the \
             text; annotation 2 (x2): the quote \"Qatar\" is not in the text. Your work on \
             screen is unchanged.",
        ),
        (
            serde_json::json!({
                "type": "AnnotationCollection",
                "first": {"type": "AnnotationPage", "items": [
                    quoted("x1", "Doha"),
                    {"id": "x2", "type": "Annotation", "target": "http://example.com/page"},
                    quoted("x3", "Qatar"),
                    quoted("x4", "Riyadh"),
                ]},
            }),
            "Not opened: gulf.w3c.json: none of its 4 annotation(s) fits the open document's \
             text, so nothing was opened: annotation 1 (x1): the quote \"Doha\" is not in the \
             text; annotation 2 (x2): the target is a whole resource, not a span; annotation 3 \
             (x3): the quote \"Qatar\" is not in the text; and 1 more. Your work on screen is \
             unchanged.",
        ),
        (
            serde_json::json!({
                "type": "AnnotationCollection",
                "first": {"type": "AnnotationPage", "items": []},
            }),
            "Not opened: gulf.w3c.json: the file holds no annotations, so there is nothing to \
             open. Your work on screen is unchanged.",
        ),
    ];
    for (w3c, expected) in cases {
        let mut s = session("[Blinken|PERSON#a1] in Cairo");
        let before = s.editor().document().clone();
        s.apply(Intent::FilesRead(vec![file(
            "gulf.w3c.json",
            &w3c.to_string(),
        )]));
        assert_eq!(s.status(), Some(&Status::Error(expected.into())), "{w3c}");
        assert_eq!(s.workspace().entries().len(), 1);
        assert_eq!(s.editor().document(), &before);
        assert_eq!(&*s.editor().document().title, "fixture");
        assert!(!s.workspace().can_undo(), "no undo step: {w3c}");
        assert_eq!(s.diagnostics(), None);
    }
}

/// The contrast: one annotation that fits is enough to open the file, the rest are problems.
#[test]
fn a_w3c_file_with_one_annotation_that_fits_opens_against_the_open_document() {
    let mut s = session("[Blinken|PERSON#a1] in Cairo");
    let w3c = serde_json::json!([quoted("x1", "Doha"), quoted("x2", "Cairo")]);
    s.apply(Intent::FilesRead(vec![file(
        "gulf.w3c.json",
        &w3c.to_string(),
    )]));
    assert_eq!(
        render_fixture(s.editor().document()),
        "Blinken in [Cairo|GPE#x2]"
    );
    let (title, problems) = s.diagnostics().expect("the failed annotation is listed");
    assert_eq!(
        title,
        "1 problem(s) importing gulf.w3c.json — the rest imported"
    );
    assert_eq!(
        problems[0].message,
        "annotation 1 (x1): the quote \"Doha\" is not in the text"
    );
    assert!(s.workspace().can_undo());
}

fn status(s: &Session) -> Option<&str> {
    match s.status()? {
        Status::Info(m) | Status::Error(m) => Some(m.as_str()),
    }
}

/// A doccano JSONL corpus of `n` documents (every fifth unlabelled), line `bad` (1-based) broken.
fn corpus(n: usize, bad: Option<usize>) -> InputFile {
    let lines: Vec<String> = (1..=n)
        .map(|i| match bad {
            Some(b) if b == i => "{not json".to_string(),
            _ if i % 5 == 0 => format!(r#"{{"text": "Dispatch {i} from Doha."}}"#),
            _ => format!(r#"{{"text": "Dispatch {i} from Doha.", "label": [[16, 20, "GPE"]]}}"#),
        })
        .collect();
    file("wire.jsonl", &lines.join("\n"))
}

/// Runs import steps until none is asked for; returns how many ran.
fn run_import(s: &mut Session, mut update: Update) -> usize {
    let mut steps = 0;
    while update.effects.contains(&Effect::ImportStep) {
        steps += 1;
        update = s.apply(Intent::ImportStep);
    }
    steps
}

#[test]
fn a_corpus_imports_in_steps_with_progress_and_one_undo_takes_it_out() {
    let mut s = session("Blinken in [Cairo|GPE].");
    let update = s.apply(Intent::FilesRead(vec![corpus(300, Some(120))]));
    assert_eq!(
        s.import_progress(),
        Some(ImportProgress {
            name: "wire.jsonl".into(),
            read: 0,
            total: 300
        })
    );
    // The open document stays open while the corpus comes in.
    let first = s.apply(Intent::ImportStep);
    assert_eq!(
        s.import_progress().map(|p| p.read),
        Some(100),
        "four pieces of 25"
    );
    assert_eq!(s.workspace().entries().len(), 101);
    assert_eq!(&*s.editor().document().title, "fixture");
    assert!(first.effects.contains(&Effect::Persist(Persist::Index)));
    let steps = run_import(&mut s, first) + 1;
    let _ = update;
    assert_eq!(steps, 3);
    assert_eq!(s.import_progress(), None);
    assert_eq!(s.workspace().entries().len(), 300);
    // The queue took each step's documents as they came.
    let counts = s.queue().counts();
    assert_eq!(
        (counts.total, counts.untouched, counts.in_progress),
        (300, 59, 241)
    );
    // Titles count through the whole file; the first imported document opens.
    let titles: Vec<&str> = s
        .workspace()
        .entries()
        .iter()
        .map(|e| &*e.editor().unwrap().document().title)
        .collect();
    assert_eq!(
        (titles[1], titles[100], titles[299]),
        ("wire #1", "wire #100", "wire #299")
    );
    assert_eq!(&*s.editor().document().title, "wire #1");
    assert_eq!(
        status(&s),
        Some("Opened wire.jsonl as doccano JSONL (299 documents, 240 annotations; offsets counted in code points)")
    );
    let (title, problems) = s.diagnostics().expect("the broken line is reported");
    assert_eq!(
        title,
        "1 problem(s) importing wire.jsonl — the rest imported"
    );
    assert_eq!(problems[0].line, Some(120));
    // One undo takes the whole import out.
    s.apply(Intent::Undo);
    assert_eq!(s.workspace().entries().len(), 1);
    assert_eq!(&*s.editor().document().title, "fixture");
}

#[test]
fn cancel_stops_an_import_between_steps_and_keeps_what_joined() {
    let mut s = session("Blinken in [Cairo|GPE].");
    s.apply(Intent::FilesRead(vec![corpus(300, None)]));
    s.apply(Intent::ImportStep);
    s.apply(Intent::CancelImport);
    assert_eq!(s.import_progress(), None);
    assert_eq!(s.workspace().entries().len(), 101);
    assert_eq!(
        status(&s),
        Some("Import of wire.jsonl stopped after 100 of 300 documents; the 100 that joined stay (Ctrl+Z takes them out)")
    );
    // A step still scheduled does nothing now.
    assert_eq!(s.apply(Intent::ImportStep), Update::default());
    // Storage refusing a write stops an import the same way, as an error.
    s.apply(Intent::FilesRead(vec![corpus(200, None)]));
    s.apply(Intent::StorageRefused(
        "the browser's storage for this page is full".into(),
    ));
    assert_eq!(
        status(&s),
        Some("Import of wire.jsonl stopped after 0 of 200 documents: the browser's storage for this page is full. What was stored before stays; export the workspace to keep the rest")
    );
    // Another file waits for an import under way.
    s.apply(Intent::FilesRead(vec![corpus(200, None)]));
    s.apply(Intent::FilesRead(vec![file("b.txt", "Another.")]));
    assert_eq!(
        status(&s),
        Some("Not opened: wire.jsonl is still being imported; wait for it or cancel it first")
    );
}

#[test]
fn while_a_large_workspace_opens_the_list_waits_and_then_holds_every_document() {
    let mut s = session("Blinken in [Cairo|GPE].");
    s.apply(Intent::Opening { read: 0, total: 2 });
    assert_eq!(s.opening(), Some((0, 2)));
    // Editing the open document goes on; changing the list waits.
    s.apply(Intent::FilesRead(vec![file("b.txt", "Another.")]));
    assert_eq!(
        status(&s),
        Some("Still opening your workspace (0 of 2 documents read); try again in a moment")
    );
    s.apply(Intent::SetDone(0, true));
    assert!(!s.workspace().current().done);
    assert_eq!(s.workspace().entries().len(), 1);
    let before = Entry::new(
        crate::model::fixture::parse_fixture("Before.").with_id("b1"),
        Schema::default(),
    );
    let after = Entry::new(
        crate::model::fixture::parse_fixture("[Doha|GPE] after.").with_id("a1"),
        Schema::default(),
    );
    s.apply(Intent::Opened {
        before: vec![before],
        after: vec![after],
    });
    assert_eq!(s.opening(), None);
    let ids: Vec<&str> = s
        .workspace()
        .entries()
        .iter()
        .map(|e| e.document_id().as_str())
        .collect();
    assert_eq!(ids[0], "b1");
    assert_eq!(ids[2], "a1");
    assert_eq!(s.workspace().current_index(), 1);
    assert_eq!(s.queue().counts().total, 3);
    s.apply(Intent::SetDone(0, true));
    assert!(s.workspace().entries()[0].done);
}

#[test]
fn a_folder_opens_its_texts_and_annotation_files_and_skips_the_rest() {
    let names: Vec<String> = [
        "a.txt",
        "a.ann",
        ".DS_Store",
        "notes.md",
        "B.TXT",
        "wire.jsonl",
        "x.conll",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(
        super::files::folder_selection(&names),
        Ok(vec![4, 1, 0, 5, 6])
    );
    assert_eq!(
        super::files::folder_selection(&["README.md".to_string()]),
        Err("Not opened: the folder holds no .txt, .ann, .jsonl or .conll file (1 other file(s)). Your work on screen is unchanged.".to_string())
    );
}

#[test]
fn a_corpus_of_several_files_numbers_titles_within_each_file_and_problems_name_it() {
    let mut s = session("Blinken in [Cairo|GPE].");
    let text = String::from_utf8(corpus(100, Some(30)).bytes)
        .unwrap()
        .replace("Dispatch", "Report ");
    let second = file("more.jsonl", &text);
    let update = s.apply(Intent::FilesRead(vec![corpus(100, None), second]));
    run_import(&mut s, update);
    let titles: Vec<&str> = s
        .workspace()
        .entries()
        .iter()
        .map(|e| &*e.editor().unwrap().document().title)
        .collect();
    assert_eq!(
        (titles[1], titles[100], titles[101], titles[199]),
        ("wire #1", "wire #100", "more #1", "more #99")
    );
    let (_, problems) = s.diagnostics().expect("the broken line");
    assert_eq!(problems[0].line, Some(30));
    assert!(
        problems[0].message.starts_with("more.jsonl: "),
        "{}",
        problems[0].message
    );
}

#[test]
fn a_label_studio_export_of_many_tasks_imports_in_steps() {
    let mut s = session("Blinken in [Cairo|GPE].");
    let tasks: Vec<String> = (0..130)
        .map(|i| {
            let start = format!("Task {i}: Shoukry met ").len();
            let end = start + 7;
            format!(
                r#"{{"id": {i}, "data": {{"text": "Task {i}: Shoukry met Blinken."}}, "annotations": [{{"result": [{{"id": "r{i}", "value": {{"start": {start}, "end": {end}, "text": "Blinken", "labels": ["PER"]}}, "from_name": "label", "to_name": "text", "type": "labels"}}]}}]}}"#
            )
        })
        .collect();
    let update = s.apply(Intent::FilesRead(vec![file(
        "project.json",
        &format!("[{}]", tasks.join(",\n")),
    )]));
    assert_eq!(s.import_progress().map(|p| p.total), Some(130));
    let first = s.apply(Intent::ImportStep);
    run_import(&mut s, first);
    let _ = update;
    assert_eq!(s.import_progress(), None);
    assert!(s.diagnostics().is_none());
    assert_eq!(s.workspace().entries().len(), 131);
    let last = s.workspace().entries()[130].editor().unwrap().document();
    assert_eq!(last.text(), "Task 129: Shoukry met Blinken.");
    assert_eq!(
        last.annotations()
            .iter()
            .map(|a| (&*a.label, last.slice(a.range)))
            .collect::<Vec<_>>(),
        [("PER", "Blinken")]
    );
    assert!(
        matches!(s.status(), Some(Status::Info(m)) if m.starts_with("Opened project.json as Label Studio"))
    );
}

/// A workspace file of `n` documents ("Article i", every third marked done) open at `current`.
fn workspace_file(n: usize, current: usize) -> InputFile {
    let entries = (0..n)
        .map(|i| {
            let mut document = parse_fixture(&format!("Article {i} on [Doha|GPE]."));
            document.title = format!("Article {i}").into();
            let id = crate::formats::document_id(document.text());
            let mut entry = Entry::new(document.with_id(&id), Schema::default());
            entry.done = i % 3 == 0;
            entry
        })
        .collect();
    let workspace = Workspace::from_entries(entries, current).unwrap();
    file(
        "spanwise-workspace.json",
        &crate::formats::workspace::export_workspace(&workspace),
    )
}

#[test]
fn a_large_workspace_file_is_merged_in_steps_with_its_done_marks_and_open_document() {
    let mut s = session("Blinken in [Cairo|GPE].");
    let update = s.apply(Intent::FilesRead(vec![workspace_file(130, 77)]));
    assert!(s.modal().is_none(), "no choice to make: it is merged");
    assert_eq!(
        s.import_progress().map(|p| (p.read, p.total)),
        Some((0, 130))
    );
    let steps = run_import(&mut s, update);
    assert_eq!((steps, s.import_progress()), (2, None));
    assert!(s.diagnostics().is_none(), "{:?}", s.diagnostics());
    let entries = s.workspace().entries();
    assert_eq!(entries.len(), 131, "the document here stays");
    let rows: Vec<(String, bool, usize)> = entries[1..]
        .iter()
        .map(|e| {
            let document = e.editor().unwrap().document();
            (
                document.title.to_string(),
                e.done,
                document.annotations().len(),
            )
        })
        .collect();
    let expected: Vec<(String, bool, usize)> = (0..130)
        .map(|i| (format!("Article {i}"), i % 3 == 0, 1))
        .collect();
    assert_eq!(rows, expected);
    assert_eq!(
        &*s.editor().document().title,
        "Article 77",
        "the file's open one"
    );
    assert_eq!(
        status(&s),
        Some(
            "Opened spanwise-workspace.json as Spanwise workspace (130 documents, 130 annotations)"
        )
    );
    // One undo takes the import out.
    s.apply(Intent::Undo);
    assert_eq!(s.workspace().entries().len(), 1);
}

#[test]
fn the_document_to_open_after_an_import_is_read_back_when_it_rests_by_then() {
    let mut s = session("Blinken in [Cairo|GPE].");
    s.apply(Intent::FilesRead(vec![workspace_file(130, 77)]));
    s.apply(Intent::ImportStep);
    // The first step's documents are stored meanwhile, and rest.
    s.rest_stored(|_| true);
    let resting = s.workspace().entries()[78].clone();
    assert!(!resting.is_open() && resting.title().as_ref() == "Article 77");
    let last = s.apply(Intent::ImportStep);
    assert_eq!(s.import_progress(), None);
    let id = resting.id();
    assert!(
        last.effects
            .contains(&Effect::ReadDocuments(vec![id.clone()])),
        "{:?}",
        last.effects
    );
    assert_eq!(&*s.editor().document().title, "fixture", "until it is read");
    let mut document = parse_fixture("Article 77 on [Doha|GPE].").with_id(id.as_str());
    document.title = "Article 77".into();
    s.apply(Intent::DocumentsRead {
        documents: vec![(document, Schema::default())],
        problems: Vec::new(),
    });
    assert_eq!(&*s.editor().document().title, "Article 77");
}
