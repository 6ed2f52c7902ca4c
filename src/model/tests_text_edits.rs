//! A run of edits gives exactly what its edits give one by one, and undoes to the start.

use std::rc::Rc;

use proptest::prelude::*;

use super::*;
use crate::model::document::Annotation;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::schema::Schema;
use crate::model::text_edit::replay;
use crate::model::versions::stack;

/// The editor after `edits` as one run, and after them one by one.
fn both_ways(document: &Document, edits: &[TextEdit]) -> (Editor, Editor) {
    let mut run = Editor::new(document.clone(), Schema::default());
    run.apply(Command::EditTexts(edits.to_vec()))
        .unwrap_or_else(|e| panic!("the run applies: {e}"));
    let mut one_by_one = Editor::new(document.clone(), Schema::default());
    let steps = edits.iter().cloned().map(Command::EditText).collect();
    one_by_one
        .apply(Command::Batch(steps))
        .expect("the edits apply one by one");
    (run, one_by_one)
}

/// Checks the run against the edits one by one, then its undo and redo.
fn check_run(document: &Document, edits: &[TextEdit]) {
    let (mut run, mut one_by_one) = both_ways(document, edits);
    assert_eq!(run.document(), one_by_one.document(), "{edits:?}");
    let after = run.document().clone();
    assert_eq!(
        replay(after.source_text(), after.edits()).as_deref(),
        Ok(after.text())
    );
    run.undo().expect("undo");
    one_by_one.undo().expect("undo");
    assert_eq!(run.document(), document, "undo of {edits:?}");
    assert_eq!(one_by_one.document(), document);
    run.redo().expect("redo");
    assert_eq!(run.document(), &after, "redo of {edits:?}");
}

fn edits(list: &[(usize, usize, &str)]) -> Vec<TextEdit> {
    list.iter()
        .map(|&(start, end, text)| TextEdit::new(start, end, text))
        .collect()
}

#[test]
fn a_run_moves_spans_as_its_edits_do_one_by_one() {
    // (fixture, the run from the last place to the first, the fixture after)
    type Case<'a> = (&'a str, &'a [(usize, usize, &'a str)], &'a str);
    let cases: &[Case] = &[
        // Replace all "Refa" (at 3 and 21) by "Rafah": both spans keep their label.
        (
            "in [Refa|GPE#a1] and near [Refa|GPE#a2] x",
            &[(17, 21, "Rafah"), (3, 7, "Rafah")],
            "in [Rafah|GPE#a1] and near [Rafah|GPE#a2] x",
        ),
        // Two spaces inserted: after "blinken" (outside the span) and inside "cairois".
        (
            "anthony [blinken|PERSON#a1]arrived [cairo|GPE#a2]is",
            &[(28, 28, " "), (15, 15, " ")],
            "anthony [blinken|PERSON#a1] arrived [cairo|GPE#a2] is",
        ),
        // One span touched by two edits of the run; one removed whole; one only moved.
        (
            "[abcdefgh|ORG#a1] [xy|PERSON#a2] [tail|GPE#a3]",
            &[(9, 11, ""), (5, 6, "FF"), (1, 2, "")],
            "[acdeFFgh|ORG#a1]  [tail|GPE#a3]",
        ),
        // Edits that meet, and two insertions at one place.
        (
            "[ab|ORG#a1]cd[ef|GPE#a2]",
            &[(4, 6, "EF"), (2, 4, ""), (2, 2, "+")],
            "[ab|ORG#a1]+[EF|GPE#a2]",
        ),
    ];
    for (fixture, list, expected) in cases {
        let document = parse_fixture(fixture);
        let run = edits(list);
        let (editor, _) = both_ways(&document, &run);
        assert_eq!(
            render_fixture(editor.document()),
            render_fixture(&parse_fixture(expected)),
            "{fixture}"
        );
        assert_eq!(editor.document().edits(), run.as_slice());
        check_run(&document, &run);
    }
}

#[test]
fn a_run_out_of_order_or_outside_the_text_is_refused_and_changes_nothing() {
    let document = parse_fixture("in [Refa|GPE] and Refa");
    type Case<'a> = (&'a [(usize, usize, &'a str)], CommandError);
    let cases: &[Case] = &[
        (
            &[(3, 7, "Rafah"), (12, 16, "Rafah")],
            CommandError::EditsOutOfOrder { index: 1 },
        ),
        (
            &[(12, 16, "x"), (11, 13, "y")],
            CommandError::EditsOutOfOrder { index: 1 },
        ),
        (
            &[(20, 30, "x")],
            CommandError::OutOfRange {
                start: 20,
                end: 30,
                len: 16,
            },
        ),
        (&[(12, 16, "x"), (3, 3, "")], CommandError::NothingToChange),
        (&[], CommandError::EmptyBatch),
    ];
    for (list, error) in cases {
        let mut editor = Editor::new(document.clone(), Schema::default());
        assert_eq!(
            editor.apply(Command::EditTexts(edits(list))).err().as_ref(),
            Some(error),
            "{list:?}"
        );
        assert_eq!(editor.document(), &document);
    }
}

#[test]
fn a_removed_span_goes_with_its_relations_and_undo_restores_them() {
    use crate::model::command::Speaker;
    let fixture = "[[Blinken|PERSON#a1] said it|CLAIM#a2]. Later [Blinken|PERSON#a3] left.";
    let mut editor = Editor::new(parse_fixture(fixture), Schema::default());
    let id = |s: &str| AnnotationId::new(s);
    let speaker = editor.set_speaker(&id("a2"), Speaker::Mention(id("a1")));
    editor.apply(speaker).unwrap();
    let group = editor.group(&[id("a1"), id("a3")]).unwrap();
    editor.apply(group).unwrap();
    let before = editor.document().clone();
    // Both "Blinken" deleted, and nothing else.
    let run = edits(&[(23, 31, ""), (0, 8, "")]);
    check_run(&before, &run);
    editor.apply(Command::EditTexts(run)).unwrap();
    let document = editor.document();
    assert_eq!(render_fixture(document), "[said it|CLAIM#a2]. Later left.");
    assert!(document.relations().is_empty());
    assert!(document.entities().is_empty());
}

#[test]
fn hidden_layers_and_rejected_ids_follow_a_run() {
    let mine = parse_fixture("in [Refa|GPE] and [Refa|GPE] or Cairo");
    let theirs = parse_fixture("in [Refa|LOC] and [Refa|LOC] or [Cairo|LOC]");
    let mut stacked = stack(
        &mine.with_annotator(Some(Rc::from("ana"))),
        &theirs,
        Some("bo"),
    )
    .expect("stacks");
    stacked.set_rejected("s-GPE-20-25", true);
    stacked.set_rejected("fix-17", true);
    let run = edits(&[(20, 25, ""), (12, 16, "Rafah"), (3, 7, "Rafah")]);
    check_run(&stacked, &run);
    let (editor, _) = both_ways(&stacked, &run);
    let rejected: Vec<&str> = editor.document().rejected().iter().map(|r| &**r).collect();
    assert_eq!(rejected, ["fix-19"]);
}

/// A document of `text` with spans at the given code-point ranges (kept where valid).
fn document_with(text: &str, spans: &[(usize, usize)], rejected: &[(usize, usize)]) -> Document {
    let mut document = Document::new("d", "t", text);
    let len = document.len().0;
    for (i, &(a, b)) in spans.iter().enumerate() {
        let (a, b) = (a % (len + 1), b % (len + 1));
        let (a, b) = (a.min(b), a.max(b));
        if a < b {
            let label = if i % 2 == 0 { "PERSON" } else { "GPE" };
            document.insert(Annotation::entity(
                &format!("a{}", i + 1),
                label,
                CpRange::new(a, b),
            ));
        }
    }
    for &(a, b) in rejected {
        let (a, b) = (a % (len + 1), b % (len + 1));
        document.set_rejected(&format!("s-PERSON-{}-{}", a.min(b), a.max(b)), true);
    }
    document
}

/// A run over a text of `len` code points: from cut points, each edit replaces the text
/// between two of them (or inserts at one), taken from the last to the first.
fn run_from(len: usize, cuts: &[(usize, usize, String)]) -> Vec<TextEdit> {
    let mut points: Vec<(usize, usize, &str)> = cuts
        .iter()
        .map(|(a, w, t)| {
            let a = a % (len + 1);
            (a, (a + w % 4).min(len), t.as_str())
        })
        .collect();
    points.sort();
    let mut chosen: Vec<TextEdit> = Vec::new();
    let mut after = 0;
    for (start, end, text) in points {
        if start < after || (start == end && text.is_empty()) {
            continue;
        }
        chosen.push(TextEdit::new(start, end, text));
        after = end;
    }
    chosen.reverse();
    chosen
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn any_run_gives_what_its_edits_give_one_by_one(
        text in "[ab é😀\n]{0,24}",
        spans in prop::collection::vec((0usize..30, 0usize..30), 0..8),
        rejected in prop::collection::vec((0usize..30, 0usize..30), 0..3),
        cuts in prop::collection::vec((0usize..30, 0usize..6, "[xé😀 ]{0,3}"), 1..6),
    ) {
        let document = document_with(&text, &spans, &rejected);
        let run = run_from(document.len().0, &cuts);
        prop_assume!(!run.is_empty());
        check_run(&document, &run);
    }
}
