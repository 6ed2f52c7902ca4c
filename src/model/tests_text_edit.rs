//! The rules of [`super`], case by case, and undo and redo through text edits.

use std::rc::Rc;

use super::*;
use crate::model::command::{Editor, Speaker};
use crate::model::document::EntityId;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::schema::Schema;

/// Applies one edit to the fixture, checks the text and spans it gives, then that undo gives
/// back the start exactly and redo the result.
fn check(fixture: &str, (start, end, text): (usize, usize, &str), expected: &str) {
    let mut editor = Editor::new(parse_fixture(fixture), Schema::default());
    let before = editor.document().clone();
    editor
        .apply(Command::EditText(TextEdit::new(start, end, text)))
        .unwrap_or_else(|e| panic!("{fixture:?}: {e}"));
    let after = editor.document().clone();
    // The expected fixture may leave ids out: they are then numbered in closing order.
    let expected = render_fixture(&parse_fixture(expected));
    assert_eq!(
        render_fixture(&after),
        expected,
        "{fixture:?} {start}..{end} {text:?}"
    );
    assert_eq!(after.edits(), [TextEdit::new(start, end, text)]);
    assert_eq!(after.source_text(), before.text());
    editor.undo().expect("undo");
    assert_eq!(editor.document(), &before, "undo of {fixture:?}");
    assert!(editor.document().edits().is_empty());
    editor.redo().expect("redo");
    assert_eq!(editor.document(), &after, "redo of {fixture:?}");
}

#[test]
fn an_edit_before_a_span_shifts_it_and_one_after_leaves_it() {
    check("in [Cairo|GPE]", (0, 0, "Talks "), "Talks in [Cairo|GPE]");
    check("xx [Cairo|GPE]", (0, 3, ""), "[Cairo|GPE]");
    check("a [Cairo|GPE]", (0, 1, "Talks in"), "Talks in [Cairo|GPE]");
    check("[Cairo|GPE] is", (5, 6, ""), "[Cairo|GPE]is");
    check("[Cairo|GPE] is", (6, 8, "was"), "[Cairo|GPE] was");
    check("[🇶🇦|GPE] Doha", (0, 0, "😀"), "😀[🇶🇦|GPE] Doha");
}

#[test]
fn an_insertion_strictly_inside_widens_a_span() {
    check(
        "[anthonyblinken|PERSON]",
        (7, 7, " "),
        "[anthony blinken|PERSON]",
    );
    check(
        "[[Saudi ArabiaWhere|GPE] said|CLAIM]",
        (12, 12, "xx"),
        "[[Saudi ArabiaxxWhere|GPE] said|CLAIM]",
    );
}

#[test]
fn an_insertion_at_a_spans_edge_stays_outside() {
    check(
        "US, [anthony blinken|PERSON]arrived",
        (19, 19, " "),
        "US, [anthony blinken|PERSON] arrived",
    );
    check("x[Cairo|GPE]", (1, 1, " "), "x [Cairo|GPE]");
    check("[Cairo|GPE]", (0, 0, "in "), "in [Cairo|GPE]");
    check("[Cairo|GPE]", (5, 5, "is"), "[Cairo|GPE]is");
    // Between two touching spans: outside both.
    check(
        "[Doha|GPE][Cairo|GPE]",
        (4, 4, " "),
        "[Doha|GPE] [Cairo|GPE]",
    );
}

#[test]
fn replacing_exactly_a_spans_text_keeps_the_span() {
    check(
        "in [Refa|GPE] today",
        (3, 7, "Rafah"),
        "in [Rafah|GPE] today",
    );
    check("[Refa|GPE]", (0, 4, "R"), "[R|GPE]");
    // Nested spans over the same text both stay.
    check(
        "[[Refa|GPE] |CLAIM]x",
        (0, 4, "Rafah"),
        "[[Rafah|GPE] |CLAIM]x",
    );
}

#[test]
fn an_edit_inside_a_span_resizes_it() {
    check("[Cairoo|GPE]", (5, 6, ""), "[Cairo|GPE]");
    check("[Refa city|GPE]", (0, 4, "Rafah"), "[Rafah city|GPE]");
    check("[Refa city|GPE]", (1, 4, "afah"), "[Rafah city|GPE]");
    check("[cairois|GPE] x", (5, 7, ""), "[cairo|GPE] x");
    check("[Qatar A|GPE]", (5, 7, ""), "[Qatar|GPE]");
}

#[test]
fn an_edit_over_a_spans_edge_clips_it_to_its_surviving_text() {
    // Over the start: the new text stays outside.
    check("ab[cdef|GPE]", (1, 4, "XY"), "aXY[ef|GPE]");
    check("ab[cdef|GPE]", (0, 3, ""), "[def|GPE]");
    // Over the end: the same.
    check("[abcd|GPE]ef", (2, 5, "XY"), "[ab|GPE]XYf");
    check("[abcd|GPE]ef", (3, 6, ""), "[abc|GPE]");
}

#[test]
fn deleting_or_replacing_all_of_a_spans_text_removes_it() {
    check("in [Cairo|GPE] now", (3, 8, ""), "in  now");
    check("in [Cairo|GPE] now", (2, 9, " Doha "), "in Doha now");
    check("[Cairo|GPE]", (0, 5, ""), "");
    // The outer span follows, the inner one goes.
    check(
        "[said in [Cairo|GPE] now|CLAIM]",
        (8, 13, ""),
        "[said in  now|CLAIM#a2]",
    );
}

#[test]
fn refused_edits_change_nothing() {
    let mut editor = Editor::new(parse_fixture("[Cairo|GPE]"), Schema::default());
    let before = editor.document().clone();
    assert_eq!(
        editor.apply(Command::EditText(TextEdit::new(3, 9, "x"))),
        Err(CommandError::OutOfRange {
            start: 3,
            end: 9,
            len: 5
        })
    );
    assert_eq!(
        editor.apply(Command::EditText(TextEdit::new(2, 2, ""))),
        Err(CommandError::NothingToChange)
    );
    assert_eq!(editor.document(), &before);
    assert!(!editor.can_undo());
}

#[test]
fn a_removed_span_takes_its_relations_and_entity_place_and_undo_restores_them() {
    let fixture = "[[Blinken|PERSON#a1] [said|CUE#a2] it|CLAIM#a3]. [Blinken|PERSON#a4] agreed.";
    let mut editor = Editor::new(parse_fixture(fixture), Schema::default());
    let id = |s: &str| AnnotationId::new(s);
    let speaker = editor.set_speaker(&id("a3"), Speaker::Mention(id("a1")));
    editor.apply(speaker).unwrap();
    let cue_relation = Command::AddRelation(Relation {
        id: editor.document().fresh_relation_id(),
        kind: Rc::from(crate::model::document::CUE),
        from: id("a3"),
        to: id("a2"),
    });
    editor.apply(cue_relation).unwrap();
    let group = editor.group(&[id("a1"), id("a4")]).unwrap();
    editor.apply(group).unwrap();
    let before = editor.document().clone();
    assert_eq!(before.relations().len(), 2);

    // Delete "Blinken " at the start: a1 goes, with its speaker relation and entity place.
    editor
        .apply(Command::EditText(TextEdit::new(0, 8, "")))
        .unwrap();
    let document = editor.document();
    assert_eq!(
        render_fixture(document),
        "[[said|CUE#a2] it|CLAIM#a3]. [Blinken|PERSON#a4] agreed."
    );
    let relations: Vec<(&str, &str)> = document
        .relations()
        .iter()
        .map(|r| (&*r.kind, r.to.as_str()))
        .collect();
    assert_eq!(relations, [("cue", "a2")]);
    let entity = document.entity(&EntityId(Rc::from("e1"))).unwrap();
    assert_eq!(entity.mentions, [id("a4")]);

    // Delete the cue's text: the claim loses its cue relation too.
    let cue = document.annotation(&id("a2")).unwrap().range;
    editor
        .apply(Command::EditText(TextEdit::new(cue.start.0, cue.end.0, "")))
        .unwrap();
    assert!(editor.document().relations().is_empty());
    let after = editor.document().clone();

    editor.undo().unwrap();
    editor.undo().unwrap();
    assert_eq!(
        editor.document(),
        &before,
        "undo restores everything exactly"
    );
    editor.redo().unwrap();
    editor.redo().unwrap();
    assert_eq!(editor.document(), &after);
}

/// A command built from the state it applies to.
type Step = Box<dyn Fn(&Editor) -> Command>;

#[test]
fn undo_and_redo_go_through_text_edits_mixed_with_annotation_commands() {
    let mut editor = Editor::new(
        Document::new("d", "t", "anthony blinkenarrived in cairois"),
        Schema::default(),
    );
    let mut states = vec![render_fixture(editor.document())];
    let steps: Vec<Step> = vec![
        Box::new(|e| e.tag(CpRange::new(0, 15), "PERSON").unwrap()),
        Box::new(|e| {
            e.replace_text(CpRange::new(8, 22), "blinken arrived")
                .unwrap()
        }),
        Box::new(|e| e.tag(CpRange::new(27, 34), "GPE").unwrap()),
        Box::new(|e| e.replace_text(CpRange::new(27, 34), "cairo is").unwrap()),
        Box::new(|e| e.replace_text(CpRange::new(0, 7), "Antony").unwrap()),
        Box::new(|_| Command::Relabel {
            id: AnnotationId::new("a1"),
            label: Rc::from("ORG"),
        }),
        Box::new(|e| e.backspace(e.document().len()).unwrap()),
    ];
    for step in &steps {
        let command = step(&editor);
        editor.apply(command).unwrap();
        states.push(render_fixture(editor.document()));
    }
    assert_eq!(
        states,
        [
            "anthony blinkenarrived in cairois",
            "[anthony blinken|PERSON#a1]arrived in cairois",
            "[anthony blinken|PERSON#a1] arrived in cairois",
            "[anthony blinken|PERSON#a1] arrived in [cairois|GPE#a2]",
            // An insertion strictly inside a span widens it.
            "[anthony blinken|PERSON#a1] arrived in [cairo is|GPE#a2]",
            "[Antony blinken|PERSON#a1] arrived in [cairo is|GPE#a2]",
            "[Antony blinken|ORG#a1] arrived in [cairo is|GPE#a2]",
            "[Antony blinken|ORG#a1] arrived in [cairo i|GPE#a2]",
        ]
    );
    assert_eq!(
        editor.document().edits(),
        [
            TextEdit::new(15, 15, " "),
            TextEdit::new(32, 32, " "),
            // "anthony" → "Antony" keeps the shared "ony".
            TextEdit::new(0, 4, "Ant"),
            TextEdit::new(33, 34, ""),
        ]
    );
    for expected in states.iter().rev().skip(1) {
        editor.undo().unwrap();
        assert_eq!(&render_fixture(editor.document()), expected);
    }
    assert!(editor.document().edits().is_empty());
    for expected in states.iter().skip(1) {
        editor.redo().unwrap();
        assert_eq!(&render_fixture(editor.document()), expected);
    }
}

#[test]
fn replace_text_makes_the_smallest_edit() {
    let editor = Editor::new(
        Document::new("d", "t", "anthony blinkenarrived in Refa"),
        Schema::default(),
    );
    let edit = |start, end, text: &str| match editor.replace_text(CpRange::new(start, end), text) {
        Some(Command::EditText(edit)) => Some((edit.start.0, edit.end.0, edit.text.to_string())),
        _ => None,
    };
    assert_eq!(edit(8, 22, "blinken arrived"), Some((15, 15, " ".into())));
    assert_eq!(edit(26, 30, "Rafah"), Some((27, 30, "afah".into())));
    assert_eq!(edit(26, 30, "Refa"), None);
    assert_eq!(edit(26, 30, ""), Some((26, 30, String::new())));
    assert_eq!(edit(26, 26, "x"), Some((26, 26, "x".into())));
    assert_eq!(edit(26, 99, "x"), None);
    // "aa" → "a": the shared prefix takes one, the deletion is the second.
    assert_eq!(edit(0, 1, "an"), Some((1, 1, "n".into())));
}

#[test]
fn provenance_maps_offsets_both_ways() {
    let source = "anthony blinkenarrived in cairois, Refa";
    let mut editor = Editor::new(Document::new("d", "t", source), Schema::default());
    for (start, end, text) in [(15, 15, " "), (32, 32, " "), (37, 41, "Rafah"), (0, 1, "A")] {
        editor
            .apply(Command::EditText(TextEdit::new(start, end, text)))
            .unwrap();
    }
    let document = editor.document();
    assert_eq!(
        document.text(),
        "Anthony blinken arrived in cairo is, Rafah"
    );
    assert_eq!(document.source_text(), source);
    assert_eq!(replay(source, document.edits()).unwrap(), document.text());
    // (source offset, bias) → text offset, and text offset → source offset.
    let forward = [
        (0, Bias::Before, 0),
        (0, Bias::After, 0),
        (1, Bias::Before, 1),
        (15, Bias::Before, 15),
        (15, Bias::After, 16),
        (22, Bias::Before, 23),
        (31, Bias::Before, 32),
        (31, Bias::After, 33),
        (35, Bias::Before, 37),
        (36, Bias::Before, 37),
        (36, Bias::After, 42),
        (39, Bias::Before, 42),
    ];
    for (from, bias, to) in forward {
        assert_eq!(
            document.source_to_text(CodePoint(from), bias),
            CodePoint(to),
            "source {from} {bias:?}"
        );
    }
    let backward = [
        (0, Bias::Before, 0),
        (16, Bias::Before, 15),
        (16, Bias::After, 15),
        (15, Bias::After, 15),
        (23, Bias::Before, 22),
        (33, Bias::Before, 31),
        (40, Bias::Before, 35),
        (40, Bias::After, 39),
        (42, Bias::Before, 39),
    ];
    for (from, bias, to) in backward {
        assert_eq!(
            document.text_to_source(CodePoint(from), bias),
            CodePoint(to),
            "text {from} {bias:?}"
        );
    }
    // Every source offset outside the replaced text comes back to itself.
    for p in (0..=source.chars().count()).filter(|p| !(36..39).contains(p)) {
        let there = document.source_to_text(CodePoint(p), Bias::Before);
        assert_eq!(
            document.text_to_source(there, Bias::Before),
            CodePoint(p),
            "{p}"
        );
    }
    // Ranges: "blinken" in the source, "cairo" and "Refa" → "Rafah".
    let ranges = [
        ((8, 15), (8, 15)),
        ((26, 31), (27, 32)),
        ((35, 39), (37, 42)),
    ];
    for (source_range, text_range) in ranges {
        let source_range = CpRange::new(source_range.0, source_range.1);
        let text_range = CpRange::new(text_range.0, text_range.1);
        assert_eq!(document.source_range_to_text(source_range), text_range);
        assert_eq!(document.text_range_to_source(text_range), source_range);
    }
}

#[test]
fn provenance_is_checked_when_given() {
    let document = Document::new("d", "t", "blinken arrived");
    let given = document
        .clone()
        .with_provenance("blinkenarrived", vec![TextEdit::new(7, 7, " ")])
        .unwrap();
    assert_eq!(given.source_text(), "blinkenarrived");
    assert_eq!(
        document
            .clone()
            .with_provenance("blinkenarrived", vec![TextEdit::new(6, 6, " ")]),
        Err(ReplayError::Mismatch { at: 6 })
    );
    assert_eq!(
        document
            .clone()
            .with_provenance("blinken", vec![TextEdit::new(8, 9, " ")]),
        Err(ReplayError::OutOfRange {
            index: 0,
            start: 8,
            end: 9,
            len: 7
        })
    );
    let same = document
        .clone()
        .with_provenance("blinken arrived", vec![])
        .unwrap();
    assert_eq!(same, document);
}

#[test]
fn backspace_and_delete_remove_whole_graphemes() {
    // a 😀 b 🇶🇦 c e+◌́ x 👩‍👩‍👧 (code points: a0 😀1 b2 🇶3 🇦4 c5 e6 ◌́7 x8 👩9 ZWJ10 👩11 ZWJ12 👧13)
    let document = Document::new(
        "d",
        "t",
        "a😀b🇶🇦ce\u{301}x\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}",
    );
    let backspace =
        |caret| backspace_range(&document, CodePoint(caret)).map(|r| (r.start.0, r.end.0));
    let delete = |caret| delete_range(&document, CodePoint(caret)).map(|r| (r.start.0, r.end.0));
    assert_eq!(backspace(0), None);
    assert_eq!(backspace(1), Some((0, 1)));
    assert_eq!(backspace(2), Some((1, 2)));
    assert_eq!(backspace(5), Some((3, 5)));
    assert_eq!(backspace(8), Some((6, 8)));
    assert_eq!(backspace(14), Some((9, 14)));
    assert_eq!(backspace(99), Some((9, 14)));
    assert_eq!(delete(1), Some((1, 2)));
    assert_eq!(delete(3), Some((3, 5)));
    assert_eq!(delete(6), Some((6, 8)));
    assert_eq!(delete(9), Some((9, 14)));
    assert_eq!(delete(14), None);
    // Arabic letters are one code point each; a letter with its vowel mark is one grapheme.
    let arabic = Document::new("d", "t", "قَال");
    assert_eq!(
        backspace_range(&arabic, CodePoint(2)).map(|r| (r.start.0, r.end.0)),
        Some((0, 2))
    );
}

#[test]
fn hidden_layers_follow_the_text() {
    use crate::model::versions::stack;
    let mine = parse_fixture("in [Refa|GPE] and [Cairo|GPE]");
    let theirs = parse_fixture("in [Refa|LOC] and [Cairo|LOC]");
    let stacked = stack(
        &mine.with_annotator(Some(Rc::from("ana"))),
        &theirs,
        Some("bo"),
    )
    .expect("stacks");
    let mut editor = Editor::new(stacked, Schema::default());
    let before = editor.document().clone();
    editor
        .apply(Command::EditText(TextEdit::new(3, 7, "Rafah")))
        .unwrap();
    editor
        .apply(Command::EditText(TextEdit::new(12, 18, "")))
        .unwrap();
    let mut rendered: Vec<String> = editor
        .document()
        .version_documents()
        .iter()
        .map(|(_, version)| render_fixture(version))
        .collect();
    rendered.sort();
    assert_eq!(rendered, ["in [Rafah|GPE#a1] and", "in [Rafah|LOC#a1] and"]);
    editor.undo().unwrap();
    editor.undo().unwrap();
    assert_eq!(editor.document(), &before);
}
