//! Native tests of the Documents tab's queue: the pure search, filters, order and counts over
//! summaries written as one line each, and the intents that drive it through the session.

use std::rc::Rc;

use super::queue::*;
use super::*;
use crate::model::fixture::parse_fixture;
use crate::model::keymap::KeyPress;
use crate::model::schema::Schema;
use crate::model::workspace::Entry;

/// A summary from "title | text | labels of its annotations, space-separated | done".
fn summary(spec: &str) -> DocumentSummary {
    let fields: Vec<&str> = spec.split('|').map(str::trim).collect();
    let annotations: Vec<&str> = fields[2].split_whitespace().collect();
    let mut labels: Vec<Rc<str>> = Vec::new();
    for label in &annotations {
        if !labels.iter().any(|l| &**l == *label) {
            labels.push(Rc::from(*label));
        }
    }
    DocumentSummary {
        title: Rc::from(fields[0]),
        text: Rc::from(fields[1]),
        n_annotations: annotations.len(),
        labels,
        done: fields[3] == "done",
    }
}

const CORPUS: &[&str] = &[
    "Blinken in Cairo | Secretary Blinken met Abbas Kamel in Cairo | PERSON PERSON GPE |",
    "Doha talks | Qatar hosts the CEASEFIRE talks |  |",
    "aid to Gaza | Trucks entered Gaza through Rafah | GPE | done",
    "Zebra crossing | Nothing here about Cairo |  | done",
    "Ankara | Erdoğan spoke; ÉTAT and État | PERSON |",
    "Cairo again | Shoukry said little | PERSON ORG ORG ORG |",
];

fn corpus() -> Vec<DocumentSummary> {
    CORPUS.iter().map(|s| summary(s)).collect()
}

/// What the view shows: the visible rows' indices.
fn shown(queue: &Queue) -> Vec<usize> {
    queue.visible().to_vec()
}

#[test]
fn each_document_has_a_status() {
    let statuses: Vec<DocumentStatus> = corpus().iter().map(DocumentSummary::status).collect();
    use DocumentStatus::*;
    assert_eq!(
        statuses,
        [InProgress, Untouched, Done, Done, InProgress, InProgress]
    );
}

/// Each case: the view asked for, the rows shown (workspace indices, in order).
#[test]
fn the_view_searches_filters_and_orders() {
    use DocumentStatus::*;
    let cases: Vec<(QueueView, Vec<usize>)> = vec![
        (QueueView::default(), vec![0, 1, 2, 3, 4, 5]),
        // In a title or in a text, ignoring case (also beyond ASCII).
        (query("cairo"), vec![0, 3, 5]),
        (query("  CAIRO "), vec![0, 3, 5]),
        (query("ceasefire"), vec![1]),
        (query("état"), vec![4]),
        (query("ERDOĞAN"), vec![4]),
        (query("again"), vec![5]),
        (query("no such words"), vec![]),
        (query("   "), vec![0, 1, 2, 3, 4, 5]),
        (status(Untouched), vec![1]),
        (status(InProgress), vec![0, 4, 5]),
        (status(Done), vec![2, 3]),
        (label("GPE"), vec![0, 2]),
        (label("ORG"), vec![5]),
        (label("NORP"), vec![]),
        (
            QueueView {
                query: "cairo".into(),
                status: Some(InProgress),
                label: Some(Rc::from("PERSON")),
                sort: DocumentSort::Title,
            },
            vec![0, 5],
        ),
        (sort(DocumentSort::Title), vec![2, 4, 0, 5, 1, 3]),
        (sort(DocumentSort::MostAnnotations), vec![5, 0, 2, 4, 1, 3]),
        (
            sort(DocumentSort::FewestAnnotations),
            vec![1, 3, 2, 4, 0, 5],
        ),
        (
            QueueView {
                status: Some(Done),
                sort: DocumentSort::FewestAnnotations,
                ..QueueView::default()
            },
            vec![3, 2],
        ),
    ];
    for (view, expected) in cases {
        let mut queue = Queue::new(corpus());
        queue.set_query(view.query.clone());
        queue.set_status(view.status);
        queue.set_label(view.label.clone());
        queue.set_sort(view.sort);
        assert_eq!(shown(&queue), expected, "{view:?}");
        assert_eq!(queue.view(), &view);
        assert_eq!(queue.counts().visible, expected.len());
    }
}

fn query(query: &str) -> QueueView {
    QueueView {
        query: query.into(),
        ..QueueView::default()
    }
}

fn status(status: DocumentStatus) -> QueueView {
    QueueView {
        status: Some(status),
        ..QueueView::default()
    }
}

fn label(label: &str) -> QueueView {
    QueueView {
        label: Some(Rc::from(label)),
        ..QueueView::default()
    }
}

fn sort(sort: DocumentSort) -> QueueView {
    QueueView {
        sort,
        ..QueueView::default()
    }
}

#[test]
fn counts_are_of_every_document_and_say_how_many_are_shown() {
    let mut queue = Queue::new(corpus());
    assert_eq!(
        queue.counts(),
        QueueCounts {
            total: 6,
            untouched: 1,
            in_progress: 3,
            done: 2,
            visible: 6
        }
    );
    assert!(!queue.view().is_filtered());
    assert_eq!(
        queue.counts().describe(false),
        "6 documents · 1 untouched · 3 in progress · 2 done"
    );
    queue.set_query("cairo".into());
    assert!(queue.view().is_filtered());
    assert_eq!(
        queue.counts().describe(true),
        "6 documents · 1 untouched · 3 in progress · 2 done · 3 shown"
    );
    let cases = [
        (
            QueueCounts {
                total: 3000,
                untouched: 1200,
                in_progress: 1500,
                done: 300,
                visible: 42,
            },
            true,
            "3,000 documents · 1,200 untouched · 1,500 in progress · 300 done · 42 shown",
        ),
        (
            QueueCounts {
                total: 1,
                untouched: 1,
                visible: 1,
                ..QueueCounts::default()
            },
            false,
            "1 document · 1 untouched · 0 in progress · 0 done",
        ),
        (
            QueueCounts {
                total: 1_234_567,
                visible: 100_000,
                ..QueueCounts::default()
            },
            true,
            "1,234,567 documents · 0 untouched · 0 in progress · 0 done · 100,000 shown",
        ),
    ];
    for (counts, filtered, expected) in cases {
        assert_eq!(counts.describe(filtered), expected);
    }
}

#[test]
fn the_label_filter_offers_every_label_used() {
    let queue = Queue::new(corpus());
    let labels: Vec<&str> = queue.labels().iter().map(|l| &**l).collect();
    assert_eq!(labels, ["GPE", "ORG", "PERSON"]);
}

/// Each case: which documents are done (by "x"), the document open, and the next and
/// previous unfinished ones.
#[test]
fn next_and_previous_unfinished_wrap_around_and_skip_the_open_one() {
    let cases = [
        ("....", 0, Some(1), Some(3)),
        ("....", 3, Some(0), Some(2)),
        (".x.x", 0, Some(2), Some(2)),
        (".x.x", 2, Some(0), Some(0)),
        ("x..x", 3, Some(1), Some(2)),
        ("xx.x", 0, Some(2), Some(2)),
        // The open one is the only one left, or every one is done.
        ("xx.x", 2, None, None),
        ("xxxx", 1, None, None),
        (".", 0, None, None),
        ("", 0, None, None),
    ];
    for (done, from, next, previous) in cases {
        let documents: Vec<DocumentSummary> = done
            .chars()
            .map(|c| {
                summary(&format!(
                    "t | text |  | {}",
                    if c == 'x' { "done" } else { "" }
                ))
            })
            .collect();
        assert_eq!(
            next_unfinished(&documents, from),
            next,
            "{done} from {from}"
        );
        assert_eq!(
            previous_unfinished(&documents, from),
            previous,
            "{done} from {from}"
        );
    }
}

#[test]
fn a_longer_query_and_changed_documents_give_what_a_fresh_search_gives() {
    let mut queue = Queue::new(corpus());
    for typed in ["c", "ca", "cai", "cair", "cairo", "cairo ", "cai", ""] {
        queue.set_query(typed.into());
        let mut fresh = Queue::new(corpus());
        fresh.set_query(typed.into());
        assert_eq!(shown(&queue), shown(&fresh), "{typed:?}");
    }
    // A search on, then the documents change: one removed, one added, one edited.
    queue.set_query("cairo".into());
    let mut documents = corpus();
    documents.remove(0);
    documents.push(summary("New | From Cairo with love |  |"));
    queue.set_documents(documents.clone());
    assert_eq!(shown(&queue), [2, 4, 5]);
    documents[1] = summary("aid to Gaza | Trucks reached Cairo | GPE | done");
    queue.set_document(1, documents[1].clone());
    assert_eq!(shown(&queue), [1, 2, 4, 5]);
    assert_eq!(queue.counts().done, 2);
    assert_eq!(queue.documents().as_slice(), documents.as_slice());
}

/// Ten thousand documents of about 3 KB: the search finds exactly the documents that hold the
/// words, the filters and the order work on all of them (the speed is measured in the browser
/// benchmark, not here).
#[test]
fn ten_thousand_documents_are_searched_filtered_and_sorted() {
    let filler =
        "The delegation met again on Tuesday to discuss the terms of the agreement. ".repeat(40);
    let documents: Vec<DocumentSummary> = (0..10_000)
        .map(|i| {
            let needle = if i % 7 == 0 {
                format!(" the Harbour Bridge {} ", i % 3)
            } else {
                String::new()
            };
            let n_annotations = i % 4;
            DocumentSummary {
                title: Rc::from(format!("Report {i:05}")),
                text: Rc::from(format!("{filler}{needle}{filler}")),
                n_annotations,
                labels: (n_annotations > 0)
                    .then(|| Rc::from(if i % 2 == 0 { "GPE" } else { "PERSON" }))
                    .into_iter()
                    .collect(),
                done: i % 10 == 9,
            }
        })
        .collect();
    assert!(documents[0].text.len() > 3000);
    let mut queue = Queue::new(documents);
    let counts = queue.counts();
    assert_eq!(
        (
            counts.total,
            counts.untouched,
            counts.in_progress,
            counts.done
        ),
        (10_000, 2_500, 6_500, 1_000)
    );
    queue.set_query("harbour bridge".into());
    assert_eq!(queue.counts().visible, 1_429);
    queue.set_query("HARBOUR BRIDGE 2".into());
    let expected: Vec<usize> = (0..10_000).filter(|i| i % 7 == 0 && i % 3 == 2).collect();
    assert_eq!(shown(&queue), expected);
    assert_eq!(queue.counts().visible, 476);
    queue.set_status(Some(DocumentStatus::Untouched));
    assert_eq!(&shown(&queue)[..4], [56, 140, 224, 308]);
    queue.set_query("report 0999".into());
    queue.set_status(None);
    queue.set_sort(DocumentSort::MostAnnotations);
    assert_eq!(
        shown(&queue),
        [9991, 9995, 9999, 9990, 9994, 9998, 9993, 9997, 9992, 9996]
    );
}

// Through the session.

fn workspace_session(specs: &[(&str, &str, bool)]) -> Session {
    let entries = specs
        .iter()
        .enumerate()
        .map(|(i, (title, fixture, done))| {
            let mut document = parse_fixture(fixture).with_id(&format!("d{i}"));
            document.title = Rc::from(*title);
            let mut entry = Entry::new(document, Schema::default());
            entry.done = *done;
            entry
        })
        .collect();
    Session::new(
        Workspace::from_entries(entries, 0).expect("documents"),
        || 0.0,
    )
}

fn queue_session() -> Session {
    workspace_session(&[
        ("Cairo", "[Blinken|PERSON] in Cairo", false),
        ("Doha", "Talks in Doha", true),
        ("Gaza", "Aid to [Gaza|GPE]", false),
        ("Rafah", "The Rafah crossing", false),
        ("Amman", "[Jordan|GPE] hosts", true),
    ])
}

fn open_title(s: &Session) -> String {
    s.editor().document().title.to_string()
}

fn bracket(s: &mut Session, key: &str, in_side_panel: bool) -> Update {
    s.apply(Intent::Key {
        press: KeyPress {
            key: key.into(),
            ctrl: false,
            shift: false,
            alt: false,
        },
        in_side_panel,
    })
}

#[test]
fn the_view_is_set_by_intents_and_kept_in_the_session() {
    let mut s = queue_session();
    assert_eq!(shown(s.queue()), [0, 1, 2, 3, 4]);
    for (intent, expected) in [
        (Intent::SearchDocuments("a".into()), vec![0, 1, 2, 3, 4]),
        (Intent::SearchDocuments("aid".into()), vec![2]),
        (Intent::SearchDocuments(String::new()), vec![0, 1, 2, 3, 4]),
        (
            Intent::FilterDocuments(Some(DocumentStatus::InProgress)),
            vec![0, 2],
        ),
        (Intent::SortDocuments(DocumentSort::Title), vec![0, 2]),
        (Intent::FilterDocuments(None), vec![4, 0, 1, 2, 3]),
        (
            Intent::FilterDocumentsByLabel(Some(Rc::from("GPE"))),
            vec![4, 2],
        ),
        (Intent::FilterDocumentsByLabel(None), vec![4, 0, 1, 2, 3]),
        (
            Intent::SortDocuments(DocumentSort::Workspace),
            vec![0, 1, 2, 3, 4],
        ),
    ] {
        let update = s.apply(intent);
        assert_eq!(
            update,
            Update {
                render: true,
                effects: vec![]
            }
        );
        assert_eq!(shown(s.queue()), expected);
    }
}

#[test]
fn brackets_walk_the_unfinished_documents_from_the_article_and_the_side_panel() {
    let mut s = queue_session();
    let mut walked = Vec::new();
    for (key, in_side_panel) in [
        ("]", false),
        ("]", true),
        ("]", false),
        ("[", true),
        ("[", false),
    ] {
        let update = bracket(&mut s, key, in_side_panel);
        assert!(update.render);
        assert_eq!(
            update.effects.first(),
            Some(&Effect::Persist(Persist::Current)),
            "switched as a click on the row does"
        );
        assert!(update.effects.contains(&Effect::Redraw(Redraw::Document)));
        walked.push(open_title(&s));
    }
    assert_eq!(walked, ["Gaza", "Rafah", "Cairo", "Rafah", "Gaza"]);
    // Opening another document changes no summary: the queue keeps them as they were.
    let before = Rc::clone(s.queue().documents());
    s.apply(Intent::SwitchDocument(4));
    assert!(Rc::ptr_eq(&before, s.queue().documents()));
    s.apply(Intent::SwitchDocument(2));
    // The intents do the same.
    s.apply(Intent::NextUnfinished);
    assert_eq!(open_title(&s), "Rafah");
    s.apply(Intent::PreviousUnfinished);
    assert_eq!(open_title(&s), "Gaza");
    assert_eq!(s.status(), None);
}

#[test]
fn a_done_mark_or_a_tag_moves_a_document_in_the_queue() {
    let mut s = queue_session();
    s.apply(Intent::SetDone(2, true));
    s.apply(Intent::SetDone(3, true));
    assert_eq!(
        s.queue().counts(),
        QueueCounts {
            total: 5,
            untouched: 0,
            in_progress: 1,
            done: 4,
            visible: 5
        }
    );
    // Only the open one is left.
    let update = bracket(&mut s, "]", false);
    assert_eq!(update.effects, vec![]);
    assert_eq!(open_title(&s), "Cairo");
    assert_eq!(
        s.status(),
        Some(&Status::Info("Every other document is done".into()))
    );
    s.apply(Intent::SetDone(0, true));
    s.apply(Intent::PreviousUnfinished);
    assert_eq!(
        s.status(),
        Some(&Status::Info("Every document is done".into()))
    );
    // Undone, the done mark leaves the queue too; a tag makes an untouched one in progress.
    s.apply(Intent::Undo);
    s.apply(Intent::SetDone(3, false));
    s.apply(Intent::SwitchDocument(3));
    assert_eq!(s.queue().counts().untouched, 1);
    s.apply(Intent::SelectionChanged {
        range: Some(crate::model::offsets::CpRange::new(4, 9)),
        caret_box: None,
    });
    s.apply(Intent::ApplyLabel(Rc::from("GPE")));
    assert_eq!(
        s.queue().counts(),
        QueueCounts {
            total: 5,
            untouched: 0,
            in_progress: 2,
            done: 3,
            visible: 5
        }
    );
    assert_eq!(s.queue().documents()[3].labels, [Rc::from("GPE")]);
    s.apply(Intent::RemoveDocument(1));
    assert_eq!(s.queue().counts().total, 4);
    s.apply(Intent::Undo);
    assert_eq!(s.queue().counts().total, 5);
}
