//! Native tests of documents resting in storage, through the session: a step that needs one
//! asks for it to be read ([`Effect::ReadDocuments`]) and is taken once it is back.

use super::resting::KEEP_ALL;
use super::*;
use crate::model::document::{Document, DocumentId};
use crate::model::schema::Schema;
use crate::model::workspace::Entry;

/// A session of `n` documents `d0`… (texts "Article 0"…), open at the first, all resting
/// that may rest.
fn corpus(n: usize) -> Session {
    let entries = (0..n)
        .map(|i| Entry::new(stored(i), Schema::default()))
        .collect();
    let mut s = Session::new(Workspace::from_entries(entries, 0).unwrap(), || 0.0);
    s.rest_stored(|_| true);
    s
}

/// Document `i` as storage holds it.
fn stored(i: usize) -> Document {
    let mut document = Document::new(
        &format!("d{i}"),
        &format!("Article {i}"),
        &format!("Article {i}"),
    );
    document.title = format!("Article {i}").into();
    document
}

fn reads(update: &Update) -> Vec<Vec<String>> {
    update
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::ReadDocuments(ids) => Some(ids.iter().map(|id| id.to_string()).collect()),
            _ => None,
        })
        .collect()
}

fn read_back(s: &mut Session, ids: &[&str]) -> Update {
    let documents = ids
        .iter()
        .map(|id| (stored(id[1..].parse().unwrap()), Schema::default()))
        .collect();
    s.apply(Intent::DocumentsRead {
        documents,
        problems: Vec::new(),
    })
}

fn open_id(s: &Session) -> String {
    s.workspace().current().document_id().to_string()
}

#[test]
fn a_small_workspace_keeps_every_document_in_memory() {
    let s = corpus(KEEP_ALL);
    assert!(s.workspace().entries().iter().all(|e| e.is_open()));
}

#[test]
fn opening_a_resting_document_reads_it_then_opens_it_and_reads_its_neighbours_ahead() {
    let mut s = corpus(KEEP_ALL + 10);
    let resting = s
        .workspace()
        .entries()
        .iter()
        .filter(|e| !e.is_open())
        .count();
    assert_eq!(
        resting,
        KEEP_ALL + 8,
        "the open document and its neighbour stay"
    );
    let update = s.apply(Intent::SwitchDocument(30));
    assert_eq!(reads(&update), [["d30"]]);
    assert_eq!(open_id(&s), "d0", "nothing opens before it is read");
    let update = read_back(&mut s, &["d30"]);
    assert_eq!(open_id(&s), "d30");
    assert!(update.render);
    assert_eq!(reads(&update), [["d29", "d31"]]);
    // The queue still names every document, resting or not.
    assert_eq!(s.queue().documents().len(), KEEP_ALL + 10);
    assert_eq!(&*s.queue().documents()[45].title, "Article 45");
}

#[test]
fn next_unfinished_over_resting_documents() {
    let mut s = corpus(KEEP_ALL + 5);
    s.apply(Intent::SetDone(1, true));
    let update = s.apply(Intent::NextUnfinished);
    assert_eq!(reads(&update), [["d2"]]);
    read_back(&mut s, &["d2"]);
    assert_eq!(open_id(&s), "d2");
}

#[test]
fn undo_that_needs_a_resting_document_reads_it_first() {
    let mut s = corpus(KEEP_ALL + 5);
    // Remove d1 (the open document's neighbour), then the open d0: d2 must come back first.
    s.apply(Intent::RemoveDocument(1));
    let update = s.apply(Intent::RemoveDocument(0));
    assert_eq!(reads(&update), [["d2"]]);
    assert_eq!(s.workspace().entries().len(), KEEP_ALL + 4);
    read_back(&mut s, &["d2"]);
    assert_eq!(open_id(&s), "d2");
    assert_eq!(s.workspace().entries().len(), KEEP_ALL + 3);
    // Undo brings d0 back, then d1, in memory as they were when removed.
    s.apply(Intent::Undo);
    assert_eq!(open_id(&s), "d0");
    s.apply(Intent::Undo);
    assert_eq!(s.workspace().entries().len(), KEEP_ALL + 5);
    assert!(s.workspace().entries()[1].is_open());
    // A resting document removed comes back resting: listed again, nothing to read.
    s.apply(Intent::RemoveDocument(30));
    assert_eq!(s.workspace().entries().len(), KEEP_ALL + 4);
    let update = s.apply(Intent::Undo);
    assert!(reads(&update).is_empty());
    assert_eq!(s.workspace().entries()[30].document_id().as_str(), "d30");
    assert!(!s.workspace().entries()[30].is_open());
    assert_eq!(&*s.queue().documents()[30].title, "Article 30");
}

#[test]
fn a_step_whose_document_cannot_be_read_back_is_refused_once() {
    let mut s = corpus(KEEP_ALL + 5);
    s.apply(Intent::SwitchDocument(20));
    // Storage answers with another text under that id: the switch is refused, not asked again.
    let update = s.apply(Intent::DocumentsRead {
        documents: vec![(
            Document::new("d20", "x", "Something else"),
            Schema::default(),
        )],
        problems: Vec::new(),
    });
    assert!(reads(&update).is_empty());
    assert_eq!(open_id(&s), "d0");
    assert!(matches!(s.status(), Some(Status::Error(e)) if e.contains("could not be read back")));
    // A problem reading is said as it is.
    s.apply(Intent::SwitchDocument(20));
    s.apply(Intent::DocumentsRead {
        documents: Vec::new(),
        problems: vec!["the document d20: its records are missing".into()],
    });
    assert_eq!(
        s.status(),
        Some(&Status::Error(
            "Could not read from storage: the document d20: its records are missing".into()
        ))
    );
    let _ = DocumentId::from("d20");
}

/// The parts of downloads in the effects, and the documents asked for an export.
fn streamed(update: &Update, text: &mut String) -> (bool, Vec<String>, bool) {
    let mut last = false;
    let mut asked = Vec::new();
    let mut step = false;
    for effect in &update.effects {
        match effect {
            Effect::Stream(part) => {
                assert_eq!(part.name, "spanwise-workspace.json");
                text.push_str(&part.text);
                last |= part.last;
            }
            Effect::ReadForExport(ids) => asked.extend(ids.iter().map(|id| id.to_string())),
            Effect::ExportStep => step = true,
            _ => {}
        }
    }
    (last, asked, step)
}

#[test]
fn the_workspace_is_exported_a_part_at_a_time_reading_resting_documents_without_waking_them() {
    let n = KEEP_ALL + 150;
    let whole = {
        let entries = (0..n)
            .map(|i| Entry::new(stored(i), Schema::default()))
            .collect();
        crate::formats::workspace::export_workspace(&Workspace::from_entries(entries, 0).unwrap())
    };
    let mut s = corpus(n);
    let mut text = String::new();
    let (last, asked, step) = streamed(&s.apply(Intent::ExportWorkspace), &mut text);
    assert!(!last && asked.is_empty() && step);
    assert_eq!(
        s.export_progress().map(|p| (p.written, p.total)),
        Some((0, n))
    );
    let mut parts = 0;
    loop {
        let (last, asked, step) = streamed(&s.apply(Intent::ExportStep), &mut text);
        if !asked.is_empty() {
            let documents = asked
                .iter()
                .map(|id| (stored(id[1..].parse().unwrap()), Schema::default()))
                .collect();
            let (l, again, st) = streamed(
                &s.apply(Intent::ExportRead {
                    documents,
                    problems: Vec::new(),
                }),
                &mut text,
            );
            assert!(again.is_empty());
            parts += 1;
            if l {
                break;
            }
            assert!(st);
            continue;
        }
        assert!(step || last);
        if last {
            break;
        }
    }
    assert_eq!(parts, 2, "two parts of 100 held resting documents");
    assert_eq!(text, whole);
    assert!(s.export_progress().is_none());
    assert_eq!(
        s.status(),
        Some(&Status::Info(format!(
            "Downloaded spanwise-workspace.json ({n} documents)"
        )))
    );
    // Nothing was woken by the export.
    let open = s
        .workspace()
        .entries()
        .iter()
        .filter(|e| e.is_open())
        .count();
    assert_eq!(open, 2);
}

#[test]
fn an_export_cancelled_downloads_nothing() {
    let mut s = corpus(KEEP_ALL + 150);
    s.apply(Intent::ExportWorkspace);
    let update = s.apply(Intent::CancelExport);
    assert_eq!(
        update.effects,
        [Effect::DropStream("spanwise-workspace.json".into())]
    );
    assert!(s.export_progress().is_none());
    assert!(!s.apply(Intent::ExportStep).render);
}

#[test]
fn a_read_ahead_coming_back_first_does_not_take_the_step_that_waits_for_another() {
    let mut s = corpus(KEEP_ALL + 10);
    s.apply(Intent::SwitchDocument(30));
    // The neighbours read ahead at start come back before document 30.
    let update = read_back(&mut s, &["d2"]);
    assert!(reads(&update).is_empty());
    assert_eq!(open_id(&s), "d0");
    assert_eq!(s.status(), None);
    read_back(&mut s, &["d30"]);
    assert_eq!(open_id(&s), "d30");
}
