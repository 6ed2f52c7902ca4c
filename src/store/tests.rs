//! Native tests of the record layout, the saver and the assembling of a stored workspace. The
//! database is played by [`Db`], which applies a batch all at once or not at all, as an
//! IndexedDB transaction does.

use std::collections::{BTreeMap, HashMap};

use super::load::{self, assemble, from_local, local_doc_key, local_text_key, Records};
use super::saver::{SaveState, Saver};
use super::*;
use crate::formats::spanwise;
use crate::model::fixture::parse_fixture;
use crate::model::schema::Schema;
use crate::model::workspace::{Entry, Workspace};
use crate::session::Persist;

/// The four stores as maps.
#[derive(Default)]
struct Db {
    texts: BTreeMap<String, String>,
    docs: BTreeMap<String, String>,
    meta: BTreeMap<String, String>,
    settings: BTreeMap<String, String>,
}

impl Db {
    fn apply(&mut self, batch: &Batch) {
        for (id, text) in &batch.texts {
            self.texts.insert(id.clone(), text.to_string());
        }
        for (id, json) in &batch.docs {
            self.docs.insert(id.clone(), json.clone());
        }
        for (id, json) in &batch.metas {
            self.meta.insert(id.clone(), json.clone());
        }
        if let Some(order) = &batch.order {
            self.settings.insert(ORDER_KEY.into(), order.clone());
        }
        if let Some(current) = &batch.current {
            self.settings.insert(CURRENT_KEY.into(), current.clone());
        }
        for id in &batch.removed {
            self.meta.remove(id);
        }
        for id in &batch.orphans {
            self.texts.remove(id);
            self.docs.remove(id);
        }
    }

    fn records(&self) -> Records {
        let metas: Vec<(String, String)> = self
            .meta
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let order = self.settings.get(ORDER_KEY).cloned();
        // Every docs and texts record, as `idb::read_all` reads them.
        let documents = self
            .docs
            .keys()
            .chain(self.texts.keys())
            .cloned()
            .collect::<std::collections::BTreeSet<String>>()
            .into_iter()
            .map(|id| {
                let records = (self.docs.get(&id).cloned(), self.texts.get(&id).cloned());
                (id, records)
            })
            .collect();
        Records {
            order,
            current: self.settings.get(CURRENT_KEY).cloned(),
            metas,
            documents,
        }
    }
}

fn entry(id: &str, fixture: &str) -> Entry {
    let mut document = parse_fixture(fixture).with_id(id);
    document.title = id.into();
    Entry::new(document, Schema::default())
}

fn sample() -> Entry {
    entry("sample", "The sample.")
}

fn workspace(entries: Vec<Entry>) -> Workspace {
    Workspace::from_entries(entries, 0).expect("entries")
}

/// A workspace as read back: ids, titles, done marks, annotation texts, the open one.
fn shown(w: &Workspace) -> (Vec<(String, bool, Vec<String>)>, String) {
    let rows = w
        .entries()
        .iter()
        .map(|e| {
            let d = e.editor().unwrap().document();
            let spans = d
                .annotations()
                .iter()
                .map(|a| format!("{}:{}", a.label, d.slice(a.range)))
                .collect();
            (d.id.to_string(), e.done, spans)
        })
        .collect();
    (rows, w.editor().document().id.to_string())
}

#[test]
fn listing_follows_the_order_and_lists_every_document_with_meta() {
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let cases: [(Option<&str>, &[&str], &[&str]); 6] = [
        (None, &["a", "b"], &["a", "b"]),
        (Some(r#"["b","a"]"#), &["a", "b"], &["b", "a"]),
        // An id the order names without meta was never stored: skipped, not "missing".
        (Some(r#"["b","gone","a"]"#), &["a", "b"], &["b", "a"]),
        // Meta the order misses (written by a write whose order record failed): listed last.
        (Some(r#"["b"]"#), &["a", "b", "c"], &["b", "a", "c"]),
        (Some(r#"["a","a"]"#), &["a"], &["a"]),
        (Some("not json"), &["x"], &["x"]),
    ];
    for (order, metas, expected) in cases {
        assert_eq!(
            listing(order, &ids(metas)),
            ids(expected),
            "{order:?} {metas:?}"
        );
    }
}

#[test]
fn the_first_write_stores_every_document_with_its_text_meta_and_the_order() {
    let w = workspace(vec![
        entry("d1", "[Doha|GPE] talks."),
        entry("d2", "Second."),
    ]);
    let mut saver = Saver::new(Vec::new(), None);
    let batch = saver.take_batch(&w, false).expect("everything waits");
    assert_eq!(
        batch
            .texts
            .iter()
            .map(|(id, t)| (id.as_str(), &**t))
            .collect::<Vec<_>>(),
        [("d1", "Doha talks."), ("d2", "Second.")]
    );
    assert_eq!(batch.order.as_deref(), Some(r#"["d1","d2"]"#));
    assert_eq!(batch.current.as_deref(), Some("d1"));
    assert_eq!(
        batch.metas[0],
        (
            "d1".to_string(),
            r#"{"title":"d1","done":false,"annotations":1,"labels":["GPE"],"characters":11,"entity_spans":1,"claims":0,"checked_claims":0}"#
                .to_string()
        )
    );
    let (document, _) = spanwise::import_with_text(&batch.docs[0].1, "Doha talks.".into())
        .expect("annotations without text");
    assert_eq!(document.annotations().len(), 1);
    assert_eq!(saver.state(), &SaveState::Pending);
    saver.completed(batch.id, Ok(()));
    assert_eq!(saver.state(), &SaveState::Saved);
    assert!(!saver.wants_write(&w));
    assert_eq!(saver.take_batch(&w, false), None);
}

#[test]
fn an_edit_writes_its_document_without_the_text_and_waits_for_the_write_in_flight() {
    let mut w = workspace(vec![entry("d1", "Doha talks."), entry("d2", "Second.")]);
    let mut saver = Saver::new(Vec::new(), None);
    let first = saver.take_batch(&w, false).expect("first write");
    // While the first is in flight, the next waits — unless the page is going away.
    w.switch_to(1);
    saver.note(&Persist::Document("d2".into()), &w);
    assert_eq!(saver.take_batch(&w, false), None);
    let forced = saver.take_batch(&w, true).expect("forced");
    // Nothing is confirmed yet, so both documents go again: the first write may still fail.
    assert_eq!(forced.texts.len(), 2);
    assert_eq!(forced.current.as_deref(), Some("d2"));
    saver.completed(first.id, Ok(()));
    assert_eq!(
        saver.state(),
        &SaveState::Pending,
        "the forced write is still in flight"
    );
    saver.completed(forced.id, Ok(()));
    assert_eq!(saver.state(), &SaveState::Saved);
    saver.note(&Persist::Document("d2".into()), &w);
    let next = saver.take_batch(&w, false).expect("edit");
    assert_eq!(
        (
            next.texts.len(),
            next.docs.len(),
            next.metas.len(),
            next.order.is_some(),
            next.current.is_some()
        ),
        (0, 1, 1, false, false)
    );
}

#[test]
fn another_document_open_writes_which_one_and_nothing_else() {
    let mut w = workspace(vec![entry("d1", "Doha talks."), entry("d2", "Second.")]);
    let mut saver = Saver::new(Vec::new(), None);
    let first = saver.take_batch(&w, false).expect("first write");
    saver.completed(first.id, Ok(()));
    // (switched through, to; the open document the write carries)
    let cases = [
        (0, 1, Some(Some("d2".to_string()))),
        // Away and back to the stored one before the write: nothing to write, and saved.
        (0, 1, None),
        (1, 0, Some(Some("d1".to_string()))),
    ];
    for (through, to, carried) in cases {
        w.switch_to(through);
        w.switch_to(to);
        saver.note(&Persist::Current, &w);
        assert_eq!(saver.state(), &SaveState::Pending);
        let batch = saver.take_batch(&w, false);
        let shape = batch.as_ref().map(|b| {
            assert_eq!(
                (
                    b.order.is_some(),
                    b.docs.len(),
                    b.metas.len(),
                    b.texts.len()
                ),
                (false, 0, 0, 0),
                "the order and the documents are not written again"
            );
            b.current.clone()
        });
        assert_eq!(shape, carried);
        if let Some(batch) = batch {
            saver.completed(batch.id, Ok(()));
        }
        assert_eq!(saver.state(), &SaveState::Saved);
    }
}

#[test]
fn a_refused_write_is_reported_kept_for_the_next_one_and_stored_work_stays_listed() {
    let mut db = Db::default();
    let mut w = workspace(vec![entry("d1", "[Doha|GPE] talks.")]);
    let mut saver = Saver::new(Vec::new(), None);
    let first = saver.take_batch(&w, false).expect("first");
    db.apply(&first);
    saver.completed(first.id, Ok(()));
    // A second document arrives; storage refuses its write.
    let command = w.insert_command(
        parse_fixture("[Cairo|GPE] next.").with_id("d2"),
        Schema::default(),
    );
    w.apply_workspace(command).expect("insert");
    saver.note(&Persist::All, &w);
    let refused = saver.take_batch(&w, false).expect("second");
    assert_eq!(refused.texts.len(), 1);
    saver.completed(refused.id, Err(StorageError::Full));
    assert_eq!(
        saver.state(),
        &SaveState::Failed("Not saved: the browser's storage for this page is full. Export the workspace to keep your work.".into())
    );
    // What was stored before is intact and listed; the refused document is not named.
    let loaded = assemble(db.records(), sample);
    assert_eq!(
        shown(&loaded.workspace),
        (
            vec![("d1".into(), false, vec!["GPE:Doha".into()])],
            "d1".into()
        )
    );
    assert!(loaded.problems.is_empty());
    // The next write carries it again, text included.
    let again = saver.take_batch(&w, false).expect("again");
    assert_eq!(
        again
            .texts
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>(),
        ["d2"]
    );
    assert!(again.order.is_some());
    db.apply(&again);
    saver.completed(again.id, Ok(()));
    assert_eq!(saver.state(), &SaveState::Saved);
    let loaded = assemble(db.records(), sample);
    assert_eq!(shown(&loaded.workspace).0.len(), 2);
    assert_eq!(shown(&loaded.workspace).1, "d2");
}

#[test]
fn a_removed_document_leaves_storage_with_the_order_that_no_longer_lists_it() {
    let mut db = Db::default();
    let mut w = workspace(vec![
        entry("d1", "One."),
        entry("d2", "Two."),
        entry("d3", "Three."),
    ]);
    let mut saver = Saver::new(Vec::new(), None);
    let first = saver.take_batch(&w, false).expect("first");
    db.apply(&first);
    saver.completed(first.id, Ok(()));
    let command = w.set_done_command(2, true);
    w.apply_workspace(command).expect("done");
    let command = w.remove_command(1);
    w.apply_workspace(command).expect("remove");
    saver.note(&Persist::All, &w);
    let batch = saver.take_batch(&w, false).expect("removal");
    assert_eq!(batch.removed, ["d2"]);
    assert_eq!(batch.order.as_deref(), Some(r#"["d1","d3"]"#));
    db.apply(&batch);
    saver.completed(batch.id, Ok(()));
    // Its text and annotations stay, so that an undo can list it again (resting) …
    assert_eq!(db.texts.keys().collect::<Vec<_>>(), ["d1", "d2", "d3"]);
    assert_eq!(db.docs.keys().collect::<Vec<_>>(), ["d1", "d2", "d3"]);
    let loaded = assemble(db.records(), sample);
    // … until the next start, whose first write deletes them.
    let mut saver = loaded.saver;
    let batch = saver
        .take_batch(&loaded.workspace, false)
        .expect("the orphans are deleted");
    assert_eq!(batch.orphans, ["d2"]);
    assert!(batch.docs.is_empty() && batch.metas.is_empty() && batch.removed.is_empty());
    db.apply(&batch);
    assert_eq!(db.texts.keys().collect::<Vec<_>>(), ["d1", "d3"]);
    assert_eq!(db.docs.keys().collect::<Vec<_>>(), ["d1", "d3"]);
    assert_eq!(
        shown(&loaded.workspace)
            .0
            .iter()
            .map(|(id, done, _)| (id.as_str(), *done))
            .collect::<Vec<_>>(),
        [("d1", false), ("d3", true)]
    );
}

#[test]
fn damaged_records_are_reported_and_the_rest_opens() {
    let mut db = Db::default();
    let w = workspace(vec![
        entry("d1", "One."),
        entry("d2", "Two."),
        entry("d3", "Three."),
    ]);
    let mut saver = Saver::new(Vec::new(), None);
    db.apply(&saver.take_batch(&w, false).expect("first"));
    db.texts.remove("d2");
    db.docs.insert("d3".into(), "{not json".into());
    let loaded = assemble(db.records(), sample);
    assert_eq!(
        shown(&loaded.workspace)
            .0
            .iter()
            .map(|r| r.0.as_str())
            .collect::<Vec<_>>(),
        ["d1"]
    );
    assert_eq!(loaded.problems.len(), 2);
    assert_eq!(loaded.problems[0], "“d2”: its records are incomplete");
    assert!(
        loaded.problems[1].starts_with("“d3”: "),
        "{}",
        loaded.problems[1]
    );
    // The unreadable ones are not the saver's: it never deletes them.
    let mut saver = loaded.saver;
    let batch = saver.take_batch(&loaded.workspace, false);
    assert!(batch.is_none_or(|b| b.removed.is_empty()));
}

#[test]
fn nothing_stored_gives_the_sample_and_its_first_write() {
    let loaded = assemble(Records::default(), sample);
    assert_eq!(shown(&loaded.workspace).1, "sample");
    let mut saver = loaded.saver;
    let batch = saver
        .take_batch(&loaded.workspace, false)
        .expect("the sample is written");
    assert_eq!(batch.texts.len(), 1);
}

#[test]
fn an_earlier_versions_local_storage_workspace_is_read_whole_or_apart() {
    let one = entry("d1", "[Doha|GPE] talks.");
    let two = entry("d2", "Second.");
    let mut keys: HashMap<String, String> = HashMap::new();
    // d1 stored the newer way (text apart), d2 whole, d3 listed but never stored (the sample
    // an earlier version listed before its first save), d4 damaged.
    let apart = spanwise::export_without_text(
        one.editor().unwrap().document(),
        one.editor().unwrap().schema(),
    );
    keys.insert(local_doc_key("d1"), serde_json::to_string(&apart).unwrap());
    keys.insert(local_text_key("d1"), "Doha talks.".into());
    let whole = spanwise::export(
        two.editor().unwrap().document(),
        two.editor().unwrap().schema(),
    );
    keys.insert(local_doc_key("d2"), serde_json::to_string(&whole).unwrap());
    keys.insert(local_doc_key("d4"), "{".into());
    let index = r#"{"format":"spanwise-workspace-index","version":1,"current":"d2","documents":[
        {"id":"d1","title":"d1","done":true},{"id":"d2","title":"d2","done":false},
        {"id":"d3","title":"Sample","done":false},{"id":"d4","title":"Broken","done":false}]}"#;
    let read = from_local(index, |k| keys.get(k).cloned()).expect("index");
    assert_eq!(read.read, ["d1", "d2"]);
    assert_eq!(read.current.as_deref(), Some("d2"));
    assert_eq!(
        read.entries
            .iter()
            .map(|e| (e.editor().unwrap().document().text(), e.done))
            .collect::<Vec<_>>(),
        [("Doha talks.", true), ("Second.", false)]
    );
    assert_eq!(read.problems.len(), 1);
    assert!(
        read.problems[0].starts_with("“Broken”: "),
        "{}",
        read.problems[0]
    );
    // Written to the database and read back, it is the same workspace.
    let w = Workspace::from_entries(read.entries, 1).expect("entries");
    let mut db = Db::default();
    let mut saver = Saver::new(Vec::new(), None);
    db.apply(&saver.take_batch(&w, false).expect("all"));
    let loaded = assemble(db.records(), sample);
    assert_eq!(shown(&loaded.workspace), shown(&w));
}

#[test]
fn storage_usage_is_said_in_readable_units() {
    let cases = [
        (0.0, 1e9, false, "Storage: 0 B used of 1.0 GB available"),
        (
            980.0,
            2.1e9,
            false,
            "Storage: 980 B used of 2.1 GB available",
        ),
        (
            1_234_567.0,
            123_456_789_012.0,
            true,
            "Storage: 1.2 MB used of 123 GB available (kept: the browser will not clear it)",
        ),
        (
            99_940.0,
            5e12,
            false,
            "Storage: 99.9 KB used of 5.0 TB available",
        ),
    ];
    for (used, quota, kept, expected) in cases {
        assert_eq!(usage_line(used, quota, kept), expected);
    }
}

#[test]
fn while_the_workspace_opens_the_documents_not_yet_in_it_are_never_deleted() {
    let mut db = Db::default();
    let all = workspace(vec![
        entry("d1", "One."),
        entry("d2", "[Two|GPE]."),
        entry("d3", "Three."),
    ]);
    let mut saver = Saver::new(Vec::new(), None);
    db.apply(&saver.take_batch(&all, false).expect("first"));
    // Opened with d2 alone first; d1 and d3 come later.
    let mut w = Workspace::from_entries(vec![all.entries()[1].clone()], 0).expect("one");
    let mut saver = Saver::new(
        vec![("d2".into(), w.editor().document().shared_text())],
        Some("d1".into()),
    );
    saver.still_opening(["d1".to_string(), "d3".to_string()]);
    assert!(saver.wants_write(&w), "the open document is another one");
    let tag = w
        .current()
        .editor()
        .unwrap()
        .tag(crate::model::offsets::CpRange::new(0, 3), "PERSON")
        .unwrap();
    w.edit(tag).unwrap();
    saver.note(&Persist::Document("d2".into()), &w);
    saver.note(&Persist::Index, &w);
    let batch = saver.take_batch(&w, false).expect("the edit");
    assert_eq!(
        (batch.removed.len(), batch.order.is_some(), batch.docs.len()),
        (0, false, 1)
    );
    db.apply(&batch);
    saver.completed(batch.id, Ok(()));
    assert_eq!(saver.state(), &SaveState::Saved);
    assert_eq!(saver.take_batch(&w, false), None);
    assert_eq!(db.meta.len(), 3);
    // Once the others are in, the order is written again, naming all three.
    let entries = vec![
        all.entries()[0].clone(),
        w.current().clone(),
        all.entries()[2].clone(),
    ];
    let w = Workspace::from_entries(entries, 1).expect("three");
    saver.opened(w.entries().iter().map(|e| {
        (
            e.document_id().to_string(),
            e.editor().unwrap().document().shared_text(),
        )
    }));
    let batch = saver.take_batch(&w, false).expect("the order");
    assert_eq!(batch.order.as_deref(), Some(r#"["d1","d2","d3"]"#));
    assert!(batch.texts.is_empty() && batch.removed.is_empty());
}

#[test]
fn a_resting_document_is_written_as_its_list_record_alone_and_read_back_resting() {
    let mut db = Db::default();
    let mut w = workspace(vec![
        entry("d1", "One."),
        entry("d2", "Two."),
        entry("d3", "[Doha|GPE] three."),
    ]);
    let mut saver = Saver::new(Vec::new(), None);
    let first = saver.take_batch(&w, false).expect("first");
    db.apply(&first);
    saver.completed(first.id, Ok(()));
    assert!(saver.holds("d3"));
    assert_eq!(w.rest(|id| saver.holds(id)), 1);
    let command = w.set_done_command(2, true);
    w.apply_workspace(command).expect("done");
    saver.note(&Persist::Document("d3".into()), &w);
    assert!(!saver.holds("d3"), "changed since its write");
    let batch = saver.take_batch(&w, false).expect("the done mark");
    assert!(batch.docs.is_empty() && batch.texts.is_empty());
    assert_eq!(
        batch.metas,
        [(
            "d3".to_string(),
            r#"{"title":"d3","done":true,"annotations":1,"labels":["GPE"],"characters":11,"entity_spans":1,"claims":0,"checked_claims":0}"#.to_string()
        )]
    );
    db.apply(&batch);
    // Read back resting: its text only, with the counts of its list record.
    let records = db.records();
    let ids: Vec<String> = ["d1", "d3"].map(String::from).to_vec();
    let (entries, problems) = load::read_resting(&ids, &records);
    assert!(problems.is_empty());
    assert_eq!(
        entries
            .iter()
            .map(|e| (e.is_open(), e.done))
            .collect::<Vec<_>>(),
        [(false, false), (false, true)]
    );
    assert_eq!(entries[1].summary().labels, [std::rc::Rc::from("GPE")]);
    assert_eq!(&*entries[1].text(), "Doha three.");
}

#[test]
fn a_list_record_of_an_earlier_version_has_its_document_read_whole() {
    let mut db = Db::default();
    let w = workspace(vec![entry("d1", "[Doha|GPE] talks.")]);
    let mut saver = Saver::new(Vec::new(), None);
    db.apply(&saver.take_batch(&w, false).expect("first"));
    let old = r#"{"title":"d1","done":false,"annotations":1,"labels":["GPE"],"characters":11}"#;
    assert!(!load::can_rest(old));
    db.meta.insert("d1".into(), old.into());
    let (entries, problems) = load::read_resting(&["d1".to_string()], &db.records());
    assert!(problems.is_empty());
    assert!(entries[0].is_open());
    assert_eq!(entries[0].summary().annotations, 1);
}

#[test]
fn a_large_workspace_opens_first_the_document_its_settings_name() {
    let order = Some(r#"["d1","d2","d1","d3","d4"]"#);
    assert_eq!(load::ordered_ids(order), ["d1", "d2", "d3", "d4"]);
    let cases = [
        (Some("d3"), "d3", vec!["d1", "d2"], vec!["d4"]),
        // An open document the order does not name: the first opens.
        (Some("d9"), "d1", vec![], vec!["d2", "d3", "d4"]),
        (None, "d1", vec![], vec!["d2", "d3", "d4"]),
    ];
    for (current, first, before, after) in cases {
        let (id, rest) = load::first_of_order(order, current).expect("an order");
        assert_eq!(
            (id.as_str(), rest.before, rest.after),
            (
                first,
                before.iter().map(|s| s.to_string()).collect(),
                after.iter().map(|s| s.to_string()).collect()
            ),
            "{current:?}"
        );
    }
    assert_eq!(load::first_of_order(None, Some("d1")), None);
    assert_eq!(load::first_of_order(Some("[]"), None), None);
    // A part's records: the order may name a document with no list record (skipped).
    let ids: Vec<String> = ["d1", "d2"].map(String::from).to_vec();
    let records = load::records_of(
        &ids,
        vec![
            [Some("{}".into()), None, Some("One.".into())],
            [None, None, Some("Two.".into())],
        ],
    );
    assert_eq!(load::with_meta(&ids, &records), ["d1"]);
    assert_eq!(records.documents["d2"], (None, Some("Two.".to_string())));
}

#[test]
fn documents_appended_are_found_without_comparing_the_rest_and_a_removal_after_them_still_is() {
    let mut db = Db::default();
    let mut w = workspace(vec![entry("d1", "One."), entry("d2", "Two.")]);
    let mut saver = Saver::new(Vec::new(), None);
    let write = |saver: &mut Saver, w: &Workspace, db: &mut Db| {
        let batch = saver.take_batch(w, false).expect("a write");
        db.apply(&batch);
        saver.completed(batch.id, Ok(()));
        batch
    };
    write(&mut saver, &w, &mut db);
    for ids in [["d3", "d4"], ["d5", "d6"]] {
        w.append(ids.iter().map(|id| entry(id, "New.")).collect())
            .expect("new ids");
        // The import step says nothing of its documents: the saver finds them.
        saver.note(&Persist::Index, &w);
        let batch = write(&mut saver, &w, &mut db);
        assert_eq!(
            batch
                .docs
                .iter()
                .map(|(id, _)| id.as_str())
                .collect::<Vec<_>>(),
            ids
        );
    }
    let command = w.remove_command(1);
    w.apply_workspace(command).expect("remove");
    saver.note(&Persist::Index, &w);
    let batch = write(&mut saver, &w, &mut db);
    assert_eq!(batch.removed, ["d2"]);
    assert_eq!(
        db.meta.keys().collect::<Vec<_>>(),
        ["d1", "d3", "d4", "d5", "d6"]
    );
    assert_eq!(saver.state(), &SaveState::Saved);
}
