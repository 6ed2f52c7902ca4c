//! Property tests of the model, and fuzzing of every importer and of the workspace loader.
//!
//! - Any sequence of commands, undone fully, gives back the starting document and schema;
//!   refused commands change nothing; after every step spans lie within the text, relations
//!   and entities point at existing annotations, and the incrementally updated layout equals a
//!   fresh one.
//! - Any sequence of text edits mixed with those commands keeps every span non-empty within
//!   the text, its slice whole code points; the edits replay from the source text to the text,
//!   every offset maps back into the source text, and undoing everything gives the start.
//! - Any sequence of workspace changes (insert, remove, mark done, merge, replace all) mixed
//!   with edits, switches, undos and redos, undone until nothing is left, gives back the
//!   starting documents (ids, texts, done marks) in their order.
//! - Arbitrary bytes, and real corpus files with bytes flipped or cut off, never make an
//!   importer panic: they import, or give diagnostics, or an error.
//!
//! Longer runs: `PROPTEST_CASES=20000 cargo test --release --test properties` (see README).

use proptest::prelude::*;

use spanwise::formats::interchange::{open_files, InputFile};
use spanwise::formats::{spanwise as spanwise_json, workspace};
use spanwise::model::command::{Command, Editor, SpanFate, Speaker};
use spanwise::model::document::{AnnotationId, Document, SpanKind};
use spanwise::model::layout::Layout;
use spanwise::model::offsets::CpRange;
use spanwise::model::schema::Schema;
use spanwise::model::text_edit::{replay, TextEdit};
use spanwise::model::workspace::{Entry, Workspace};

#[path = "common/corpus.rs"]
mod corpus;

use corpus::corpus_path;

/// One step a person could take, with indices resolved against the state at that moment.
#[derive(Clone, Debug)]
enum Step {
    Tag {
        start: usize,
        len: usize,
        label: usize,
    },
    TagClaim {
        start: usize,
        len: usize,
    },
    Remove(usize),
    Relabel(usize, usize),
    Speaker(usize, usize),
    Cue(usize, usize, usize),
    Group(usize, usize),
    Ungroup(usize),
    RenameLabel(usize),
    DeleteLabel(usize, bool),
    Undo,
    Redo,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..60usize, 0..12usize, 0..7usize).prop_map(|(start, len, label)| Step::Tag { start, len, label }),
        2 => (0..60usize, 1..30usize).prop_map(|(start, len)| Step::TagClaim { start, len }),
        2 => any::<usize>().prop_map(Step::Remove),
        1 => (any::<usize>(), 0..7usize).prop_map(|(a, l)| Step::Relabel(a, l)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(c, m)| Step::Speaker(c, m)),
        1 => (any::<usize>(), 0..60usize, 1..6usize).prop_map(|(c, s, l)| Step::Cue(c, s, l)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Step::Group(a, b)),
        1 => any::<usize>().prop_map(Step::Ungroup),
        1 => (0..7usize).prop_map(Step::RenameLabel),
        1 => (0..7usize, any::<bool>()).prop_map(|(l, d)| Step::DeleteLabel(l, d)),
        2 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

/// One step on the workspace, indices taken modulo the number of documents.
#[derive(Clone, Debug)]
enum WorkspaceStep {
    Edit(Step),
    Insert(usize),
    Remove(usize),
    SetDone(usize, bool),
    Merge(usize, usize),
    ReplaceAll(usize),
    Switch(usize),
    Undo,
    Redo,
}

fn workspace_step() -> impl Strategy<Value = WorkspaceStep> {
    prop_oneof![
        4 => step().prop_map(WorkspaceStep::Edit),
        1 => (0..5usize).prop_map(WorkspaceStep::Insert),
        1 => any::<usize>().prop_map(WorkspaceStep::Remove),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, d)| WorkspaceStep::SetDone(i, d)),
        1 => (any::<usize>(), 0..5usize).prop_map(|(i, n)| WorkspaceStep::Merge(i, n)),
        1 => (0..5usize).prop_map(WorkspaceStep::ReplaceAll),
        1 => any::<usize>().prop_map(WorkspaceStep::Switch),
        2 => Just(WorkspaceStep::Undo),
        1 => Just(WorkspaceStep::Redo),
    ]
}

/// Each document's id, text and done mark, in order.
fn outline(workspace: &Workspace) -> Vec<(String, String, bool)> {
    workspace
        .entries()
        .iter()
        .map(|e| {
            let document = e.editor().unwrap().document();
            (document.id.to_string(), document.text().to_string(), e.done)
        })
        .collect()
}

fn new_entry(n: usize) -> Entry {
    Entry::new(
        Document::new(&format!("new{n}"), "New", &format!("Blinken said {n}")),
        Schema::default(),
    )
}

fn text() -> impl Strategy<Value = String> {
    // Words, spaces, line breaks, an astral character and a combining mark.
    proptest::collection::vec(
        prop_oneof![
            Just("Blinken "),
            Just("Cairo"),
            Just(" said "),
            Just("“yes”"),
            Just("\n\n"),
            Just("🇶🇦"),
            Just("e\u{301}"),
            Just("\r\n"),
            Just("Doha ")
        ],
        0..25,
    )
    .prop_map(|parts| parts.concat())
}

fn pick<T>(items: &[T], index: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[index % items.len()])
}

/// The command a step means in this state, or `None` when it means nothing here.
fn command(editor: &Editor, step: &Step) -> Option<Command> {
    let document = editor.document();
    let ids_of = |kind: SpanKind| -> Vec<AnnotationId> {
        document
            .annotations()
            .iter()
            .filter(|a| a.kind == kind)
            .map(|a| a.id.clone())
            .collect()
    };
    let all: Vec<AnnotationId> = document
        .annotations()
        .iter()
        .map(|a| a.id.clone())
        .collect();
    let labels: Vec<String> = editor
        .schema()
        .labels
        .iter()
        .map(|l| l.name.to_string())
        .collect();
    let range = |start: usize, len: usize| CpRange::new(start, start + len);
    match *step {
        Step::Tag { start, len, label } => editor.tag(range(start, len), pick(&labels, label)?),
        Step::TagClaim { start, len } => editor.tag_claim(range(start, len)),
        Step::Remove(a) => Some(Command::Remove(pick(&all, a)?.clone())),
        Step::Relabel(a, l) => Some(Command::Relabel {
            id: pick(&ids_of(SpanKind::Entity), a)?.clone(),
            label: pick(&labels, l)?.as_str().into(),
        }),
        Step::Speaker(c, m) => {
            let claim = pick(&ids_of(SpanKind::Claim), c)?.clone();
            let speaker = Speaker::Mention(pick(&ids_of(SpanKind::Entity), m)?.clone());
            Some(editor.set_speaker(&claim, speaker))
        }
        Step::Cue(c, start, len) => {
            editor.set_cue(pick(&ids_of(SpanKind::Claim), c)?, range(start, len))
        }
        Step::Group(a, b) => {
            let entities = ids_of(SpanKind::Entity);
            editor.group(&[pick(&entities, a)?.clone(), pick(&entities, b)?.clone()])
        }
        Step::Ungroup(a) => editor.ungroup(pick(&ids_of(SpanKind::Entity), a)?),
        Step::RenameLabel(l) => {
            let from = pick(&labels, l)?;
            editor
                .rename_label(from, &format!("{from}_"))
                .ok()
                .flatten()
        }
        Step::DeleteLabel(l, delete) => {
            let name = pick(&labels, l)?;
            let fate = match (delete, labels.iter().find(|o| *o != name)) {
                (false, Some(other)) => SpanFate::Relabel(other.as_str().into()),
                _ => SpanFate::Delete,
            };
            editor.delete_label(name, fate)
        }
        Step::Undo | Step::Redo => None,
    }
}

/// Applies a command, if there is one; a refused command must change nothing.
fn apply_checked(
    editor: &mut Editor,
    command: Option<Command>,
) -> Result<Option<spanwise::model::command::Change>, TestCaseError> {
    let Some(command) = command else {
        return Ok(None);
    };
    let before = (editor.document().clone(), editor.schema().clone());
    match editor.apply(command) {
        Ok(change) => Ok(Some(change)),
        Err(_) => {
            prop_assert_eq!(
                &(editor.document().clone(), editor.schema().clone()),
                &before,
                "a refused command changes nothing"
            );
            Ok(None)
        }
    }
}

/// The layout follows a change as the view's does.
fn follow(layout: &mut Layout, editor: &Editor, change: Option<spanwise::model::command::Change>) {
    match change {
        Some(change) if change.everything => *layout = Layout::new(editor.document()),
        Some(change) => {
            if let Some(edit) = &change.text_edit {
                layout.apply_text_edit(editor.document(), edit);
            }
            layout.update(editor.document(), &change.ranges)
        }
        None => {}
    }
}

fn check_invariants(editor: &Editor, layout: &Layout) -> Result<(), TestCaseError> {
    let document: &Document = editor.document();
    let len = document.len();
    let mut previous = None;
    for a in document.annotations() {
        prop_assert!(
            a.range.start < a.range.end && a.range.end <= len,
            "{:?} within 0..{}",
            a.range,
            len.0
        );
        prop_assert_eq!(a.claim.is_some(), a.kind == SpanKind::Claim);
        if a.kind == SpanKind::Entity {
            prop_assert!(
                editor.schema().label(&a.label).is_some(),
                "label {} in the schema",
                a.label
            );
        }
        let key = (a.range.start, std::cmp::Reverse(a.range.end), a.id.clone());
        prop_assert!(
            previous.as_ref().is_none_or(|p| p < &key),
            "annotations in text order"
        );
        previous = Some(key);
    }
    for r in document.relations() {
        prop_assert!(
            document.annotation(&r.from).is_some() && document.annotation(&r.to).is_some(),
            "relation {:?} ends exist",
            r
        );
    }
    let mut seen = std::collections::HashSet::new();
    for e in document.entities() {
        prop_assert!(!e.mentions.is_empty());
        for m in &e.mentions {
            prop_assert!(document
                .annotation(m)
                .is_some_and(|a| a.kind == SpanKind::Entity));
            prop_assert!(seen.insert(m.clone()), "mention {} in one entity", m);
        }
    }
    prop_assert_eq!(
        layout,
        &Layout::new(document),
        "incremental layout equals a fresh one"
    );
    Ok(())
}

/// A step of the text-correction property: an annotation step, or an edit of the text.
#[derive(Clone, Debug)]
enum TextStep {
    Annotate(Step),
    Replace {
        start: usize,
        len: usize,
        insert: &'static str,
    },
    Backspace(usize),
    Delete(usize),
}

fn text_step() -> impl Strategy<Value = TextStep> {
    prop_oneof![
        3 => step().prop_map(TextStep::Annotate),
        3 => (0..70usize, 0..8usize, prop::sample::select(vec!["", " ", "x", "Rafah", "🇶🇦", "e\u{301}", "\n\n", "“"]))
            .prop_map(|(start, len, insert)| TextStep::Replace { start, len, insert }),
        1 => (0..70usize).prop_map(TextStep::Backspace),
        1 => (0..70usize).prop_map(TextStep::Delete),
    ]
}

fn text_command(editor: &Editor, step: &TextStep) -> Option<Command> {
    let len = editor.document().len().0;
    match *step {
        TextStep::Annotate(ref step) => command(editor, step),
        TextStep::Replace {
            start,
            len: n,
            insert,
        } => {
            let start = start.min(len);
            let end = (start + n).min(len);
            Some(Command::EditText(TextEdit::new(start, end, insert)))
        }
        TextStep::Backspace(caret) => editor.backspace(spanwise::model::offsets::CodePoint(caret)),
        TextStep::Delete(caret) => {
            editor.delete_forward(spanwise::model::offsets::CodePoint(caret))
        }
    }
}

fn check_provenance(document: &Document) -> Result<(), TestCaseError> {
    let replayed = replay(document.source_text(), document.edits());
    prop_assert_eq!(
        replayed.as_deref(),
        Ok(document.text()),
        "the edits replay from the source text to the text"
    );
    let source_len = document.source_text().chars().count();
    for a in document.annotations() {
        let slice = document.slice(a.range);
        prop_assert_eq!(
            slice.chars().count(),
            a.range.len(),
            "{:?} is whole code points",
            a.range
        );
        let source = document.text_range_to_source(a.range);
        prop_assert!(
            source.start <= source.end && source.end.0 <= source_len,
            "{:?} maps to {:?} within the source ({} code points)",
            a.range,
            source,
            source_len
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_command_sequence_undoes_to_the_start(text in text(), steps in proptest::collection::vec(step(), 1..40)) {
        let mut editor = Editor::new(Document::new("d", "t", &text), Schema::default());
        let mut layout = Layout::new(editor.document());
        let start = (editor.document().clone(), editor.schema().clone());
        for step in &steps {
            let change = match step {
                Step::Undo => editor.undo(),
                Step::Redo => editor.redo(),
                other => {
                    let command = command(&editor, other);
                    apply_checked(&mut editor, command)?
                }
            };
            follow(&mut layout, &editor, change);
            check_invariants(&editor, &layout)?;
        }
        while editor.undo().is_some() {}
        prop_assert_eq!((editor.document().clone(), editor.schema().clone()), start);
    }

    #[test]
    fn text_edits_mixed_with_commands_keep_spans_on_the_text_and_undo_to_the_start(text in text(), steps in proptest::collection::vec(text_step(), 1..40)) {
        let mut editor = Editor::new(Document::new("d", "t", &text), Schema::default());
        let mut layout = Layout::new(editor.document());
        let start = (editor.document().clone(), editor.schema().clone());
        for step in &steps {
            let change = match step {
                TextStep::Annotate(Step::Undo) => editor.undo(),
                TextStep::Annotate(Step::Redo) => editor.redo(),
                other => {
                    let command = text_command(&editor, other);
                    apply_checked(&mut editor, command)?
                }
            };
            follow(&mut layout, &editor, change);
            check_invariants(&editor, &layout)?;
            check_provenance(editor.document())?;
        }
        while editor.undo().is_some() {}
        prop_assert_eq!((editor.document().clone(), editor.schema().clone()), start);
    }

    #[test]
    fn any_workspace_sequence_undoes_to_the_start(texts in proptest::collection::vec(text(), 1..4), steps in proptest::collection::vec(workspace_step(), 1..40)) {
        let entries = texts
            .iter()
            .enumerate()
            .map(|(i, text)| Entry::new(Document::new(&format!("d{i}"), "t", text), Schema::default()))
            .collect();
        let mut workspace = Workspace::from_entries(entries, 0).expect("at least one text");
        let start = outline(&workspace);
        for step in &steps {
            let n = workspace.entries().len();
            let command = match step {
                WorkspaceStep::Edit(step) => {
                    if let Some(command) = command(workspace.editor(), step) {
                        let _refused_or_applied = workspace.edit(command);
                    }
                    continue;
                }
                WorkspaceStep::Switch(i) => {
                    workspace.switch_to(i % n);
                    continue;
                }
                WorkspaceStep::Undo => {
                    workspace.undo();
                    continue;
                }
                WorkspaceStep::Redo => {
                    workspace.redo();
                    continue;
                }
                WorkspaceStep::Insert(k) => workspace.insert_command(new_entry(*k).editor().unwrap().document().clone(), Schema::default()),
                WorkspaceStep::Remove(i) => workspace.remove_command(i % n),
                WorkspaceStep::SetDone(i, done) => workspace.set_done_command(i % n, *done),
                WorkspaceStep::Merge(i, k) => {
                    let existing = workspace.entries()[i % n].editor().unwrap().document().clone();
                    let replaced = Entry::new(Document::new(&existing.id, "Merged", "Doha said"), Schema::default());
                    workspace.merge_command(vec![replaced, new_entry(*k)]).unwrap()
                }
                WorkspaceStep::ReplaceAll(k) => workspace.replace_all_command(vec![new_entry(*k)], None).unwrap(),
            };
            let before = outline(&workspace);
            if workspace.apply_workspace(command).is_err() {
                prop_assert_eq!(outline(&workspace), before, "a refused command changes nothing");
            }
        }
        while workspace.undo().is_some() {}
        prop_assert!(!workspace.can_undo());
        prop_assert_eq!(outline(&workspace), start);
    }

    #[test]
    fn arbitrary_bytes_never_panic_an_importer(bytes in proptest::collection::vec(any::<u8>(), 0..600), kind in 0..7usize) {
        let editor = Editor::new(Document::new("d", "t", "Blinken in Cairo"), Schema::default());
        let name = ["x.json", "x.txt", "x.conll", "x.jsonl", "x.jsonld", "x.iob", "x"][kind];
        let _ = open_files(&[InputFile { name: name.into(), bytes: bytes.clone() }], &editor);
        let _ = open_files(&[InputFile { name: "p.txt".into(), bytes: b"Blinken in Cairo".to_vec() }, InputFile { name: "p.ann".into(), bytes: bytes.clone() }], &editor);
        let text = String::from_utf8_lossy(&bytes);
        let _ = workspace::read_index(&text);
        if let Ok(value) = serde_json::from_str(&text) {
            let _ = workspace::import_workspace(value);
        }
        let _ = spanwise_json::import_json(&text);
    }

    #[test]
    fn damaged_corpus_files_never_panic_an_importer(file in 0..CORPUS.len(), cut in any::<prop::sample::Index>(), flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8)) {
        let editor = Editor::new(Document::new("d", "t", "Blinken in Cairo"), Schema::default());
        let path = corpus_path(CORPUS[file]);
        let mut bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("corpus file {}: {e}", path.display()));
        if !bytes.is_empty() {
            for (at, byte) in flips {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        let name = CORPUS[file].rsplit('/').next().unwrap_or("x").to_string();
        let _ = open_files(&[InputFile { name, bytes }], &editor);
    }
}

const CORPUS: [&str; 9] = [
    "brat/news/040-text_span_annotation.ann",
    "doccano/export-relation_extraction.jsonl",
    "doccano/export-sequence_labeling.jsonl",
    "doccano/example.conll",
    "labelstudio/named_entity-annotation-1.json",
    "labelstudio/named_entity-tasks.json",
    "spacy/ner-token-per-line-conll2003.iob",
    "spacy/ner-sent-per-line.iob",
    "w3c/text-annotator-annotations.w3c.json",
];
