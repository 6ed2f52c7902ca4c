//! Fixture tests for the fixes of the text: which are proposed (and where none may be), what
//! accepting one and "Fix all" make of the text and the spans, rejected fixes, and suggestions
//! following an edit.

use crate::assist::fixes::{describe, fix_all};
use crate::assist::review::{accept_all, kept_after, visible};
use crate::assist::{accept, suggest, Suggestion, SuggestionKind};
use crate::model::command::{Command, Editor};
use crate::model::document::Document;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::offsets::CpRange;
use crate::model::schema::Schema;
use crate::model::text_edit::TextEdit;

const SAMPLE: &str = include_str!("../../samples/blinken-cairo-gaza.txt");

fn fixes(document: &Document) -> Vec<Suggestion> {
    suggest(document, &Schema::default())
        .into_iter()
        .filter(|s| s.kind == SuggestionKind::Fix)
        .collect()
}

/// The fixes proposed for a fixture (accepted annotations in `[text|LABEL]`), as
/// `<id> <glued word>: <description>`.
fn check(fixture: &str, expected: &[&str]) {
    let document = parse_fixture(fixture);
    let found: Vec<String> = fixes(&document)
        .iter()
        .map(|f| {
            format!(
                "{} {}: {}",
                f.id,
                document.slice(f.range),
                describe(f, &document)
            )
        })
        .collect();
    assert_eq!(found, expected, "{fixture}");
}

#[test]
fn a_space_is_proposed_where_a_suggested_name_ends_inside_a_word() {
    check(
        "US Secretary of State, anthony blinkenarrived this thursday",
        &["fix-38 blinkenarrived: insert a space: blinken|arrived"],
    );
    check(
        "the tour reached cairois the second stop",
        &["fix-22 cairois: insert a space: cairo|is"],
    );
    check(
        "the Prime Minister, benjamin netanyahuhas said no",
        &["fix-38 netanyahuhas: insert a space: netanyahu|has"],
    );
    // A capital glued after a lower-case letter; "Vensk" is no known name, so no fix there.
    check(
        "talks in QatarA process began, Karlo VenskAccording to",
        &["fix-14 QatarA: insert a space: Qatar|A"],
    );
    check(
        "Foreign Minister, Sameh ShoukryAccording to the report",
        &["fix-31 ShoukryAccording: insert a space: Shoukry|According"],
    );
    // Two in one text, in text order.
    check(
        "cairois near QatarA",
        &[
            "fix-5 cairois: insert a space: cairo|is",
            "fix-18 QatarA: insert a space: Qatar|A",
        ],
    );
}

#[test]
fn a_space_is_proposed_where_an_accepted_name_ends_inside_a_word() {
    check(
        "[ruvo kessler|PERSON]arrived",
        &["fix-12 kesslerarrived: insert a space: kessler|arrived"],
    );
    // The accepted name teaches the suggester another glued occurrence.
    check(
        "[ruvo kessler|PERSON] spoke; then ruvo kesslerarrived",
        &["fix-37 kesslerarrived: insert a space: kessler|arrived"],
    );
    check(
        "[Karlo Vensk|PERSON]According to him",
        &["fix-11 VenskAccording: insert a space: Vensk|According"],
    );
    // Accepted with any label, and as it was suggested.
    check(
        "the tour reached [cairo|LOC]is",
        &["fix-22 cairois: insert a space: cairo|is"],
    );
}

#[test]
fn no_fix_without_a_known_name_ending_inside_a_word() {
    for fixture in [
        // A name followed by a space or punctuation.
        "US Secretary of State, anthony blinken arrived in cairo. Qatar, now",
        "[Cairo|GPE]-based and [Cairo|GPE]’s",
        // A lower-case word that merely contains a name.
        "the tour reached scairo and scairois",
        // A known name in the middle of an ordinary word.
        "the s[cairo|GPE]is files",
        // A word that is itself known, though it starts with a name.
        "the [Israel|GPE]is and israelis",
        // What follows is no word of its own.
        "[Gaza|GPE]ns and [cairo|GPE]s",
        // Words glued with no known name: the word list alone proposes nothing.
        "the two state solutionwhich contemplates, Karlo VenskAccording to",
        // A capital after too short a start, as the tokenizer keeps "McDonald" whole.
        "[Mac|PERSON]Donald",
    ] {
        check(fixture, &[]);
    }
}

#[test]
fn the_sample_article_gets_its_six_fixes() {
    let document = Document::new("d", "t", SAMPLE);
    let found: Vec<String> = fixes(&document)
        .iter()
        .map(|f| format!("{}: {}", f.id, describe(f, &document)))
        .collect();
    assert_eq!(
        found,
        [
            "fix-145: insert a space: blinken|arrived",
            "fix-172: insert a space: cairo|is",
            "fix-349: insert a space: Arab|Where",
            "fix-691: insert a space: Shoukry|According",
            "fix-1491: insert a space: Qatar|A",
            "fix-2750: insert a space: netanyahu|has",
        ]
    );
}

/// The fix at `at` in the fixture, as the suggester proposes it.
fn fix_at(document: &Document, at: usize) -> Suggestion {
    fixes(document)
        .into_iter()
        .find(|f| f.id == format!("fix-{at}").as_str())
        .unwrap_or_else(|| panic!("a fix at {at}"))
}

#[test]
fn accepting_a_fix_inserts_a_space_and_the_name_keeps_its_span() {
    let fixture = "US Secretary of State, [anthony blinken|PERSON#a1]arrived in cairois";
    let mut editor = Editor::new(parse_fixture(fixture), Schema::default());
    let before = editor.document().clone();
    let fix = fix_at(editor.document(), 38);
    assert_eq!(fix.range, CpRange::new(31, 45));
    let command = accept(&fix, &editor);
    assert_eq!(command, Command::EditText(TextEdit::new(38, 38, " ")));
    editor.apply(command).expect("the fix applies");
    assert_eq!(
        render_fixture(editor.document()),
        "US Secretary of State, [anthony blinken|PERSON#a1] arrived in cairois"
    );
    let person = &editor.document().annotations()[0];
    assert_eq!(
        person.range,
        CpRange::new(23, 38),
        "\"arrived\" stays outside"
    );
    // The other fix is still proposed, one further on; this one no longer.
    let after: Vec<String> = fixes(editor.document())
        .iter()
        .map(|f| f.id.to_string())
        .collect();
    assert_eq!(after, ["fix-55"]);
    // One undo step.
    editor.undo().expect("undo");
    assert_eq!(editor.document(), &before);
    assert!(!editor.can_undo());
}

#[test]
fn fix_all_is_one_step_from_the_last_to_the_first() {
    let fixture = "US Secretary of State, [anthony blinken|PERSON#a1]arrived this thursday \
                   cairois the second stop; talks in [Qatar|GPE#a2]A process";
    let mut editor = Editor::new(parse_fixture(fixture), Schema::default());
    let before = editor.document().clone();
    let suggestions = suggest(editor.document(), editor.schema());
    let shown = visible(&suggestions, editor.document());
    let (command, n_fixed) = fix_all(&shown).expect("fixes to apply");
    assert_eq!(n_fixed, 3);
    assert_eq!(
        command,
        Command::EditTexts(vec![
            TextEdit::new(99, 99, " "),
            TextEdit::new(65, 65, " "),
            TextEdit::new(38, 38, " "),
        ])
    );
    editor.apply(command).expect("the fixes apply");
    assert_eq!(
        render_fixture(editor.document()),
        "US Secretary of State, [anthony blinken|PERSON#a1] arrived this thursday cairo is the \
         second stop; talks in [Qatar|GPE#a2] A process"
    );
    let ranges: Vec<CpRange> = editor
        .document()
        .annotations()
        .iter()
        .map(|a| a.range)
        .collect();
    assert_eq!(ranges, [CpRange::new(23, 38), CpRange::new(96, 101)]);
    assert!(fixes(editor.document()).is_empty(), "nothing left to fix");
    // One undo gives back the exact text and spans.
    editor.undo().expect("undo");
    assert_eq!(editor.document(), &before);
    assert_eq!(render_fixture(editor.document()), fixture);
    assert!(!editor.can_undo());
    // Without a visible fix there is nothing to do.
    assert_eq!(fix_all(&[]), None);
}

#[test]
fn rejected_fixes_are_not_shown_again_and_accept_all_leaves_fixes_alone() {
    let mut document = parse_fixture("the tour reached cairois and QatarA process");
    let suggestions = suggest(&document, &Schema::default());
    let ids = |shown: Vec<&Suggestion>| -> Vec<String> {
        shown.iter().map(|s| s.id.to_string()).collect()
    };
    assert_eq!(
        ids(visible(&suggestions, &document)),
        ["s-GPE-17-22", "fix-22", "s-GPE-29-34", "fix-34"]
    );
    document.set_rejected("fix-22", true);
    assert_eq!(
        ids(visible(&suggestions, &document)),
        ["s-GPE-17-22", "s-GPE-29-34", "fix-34"]
    );
    // Suggested again: still hidden.
    let again = suggest(&document, &Schema::default());
    assert_eq!(
        ids(visible(&again, &document)),
        ["s-GPE-17-22", "s-GPE-29-34", "fix-34"]
    );
    // "Accept all" takes the names, not the fix; "Fix all" only the fix not rejected.
    let editor = Editor::new(document.clone(), Schema::default());
    let shown = visible(&again, &document);
    let (_, n_accepted) = accept_all(&editor, &shown, None).expect("names to accept");
    assert_eq!(n_accepted, 2);
    assert_eq!(accept_all(&editor, &shown, Some("FIX")), None);
    let (command, n_fixed) = fix_all(&shown).expect("a fix");
    assert_eq!(n_fixed, 1);
    assert_eq!(command, Command::EditText(TextEdit::new(34, 34, " ")));
}

#[test]
fn suggestions_the_edit_leaves_alone_follow_it_with_their_ids() {
    let document = parse_fixture("the tour reached cairois and QatarA process");
    let suggestions = suggest(&document, &Schema::default());
    // (edit, the ids of the suggestions after it)
    type Case<'a> = ((usize, usize, &'a str), &'a [&'a str]);
    let cases: [Case; 4] = [
        // Before them all: each moves, its id and a fix's edit with it.
        (
            (0, 3, "The"),
            &["s-GPE-17-22", "fix-22", "s-GPE-29-34", "fix-34"],
        ),
        (
            (0, 0, "So "),
            &["s-GPE-20-25", "fix-25", "s-GPE-32-37", "fix-37"],
        ),
        // The fix's own insertion: the name before it stays, the fix goes.
        ((22, 22, " "), &["s-GPE-17-22", "s-GPE-30-35", "fix-35"]),
        // An edit inside the second glued word drops what is drawn over it.
        ((34, 35, "a"), &["s-GPE-17-22", "fix-22", "s-GPE-29-34"]),
    ];
    for ((start, end, text), expected) in cases {
        let edit = TextEdit::new(start, end, text);
        let after: Vec<Suggestion> = suggestions
            .iter()
            .filter_map(|s| s.after_edit(&edit))
            .collect();
        let ids: Vec<String> = after.iter().map(|s| s.id.to_string()).collect();
        assert_eq!(ids, expected, "{start}..{end} {text:?}");
        for fix in after.iter().filter(|s| s.kind == SuggestionKind::Fix) {
            let at = fix.edit.as_ref().expect("a fix has its edit").start;
            assert_eq!(fix.id, format!("fix-{at}").as_str());
        }
    }
}

#[test]
fn an_edit_of_the_annotations_keeps_the_fixes() {
    let document = parse_fixture("the tour reached cairois and QatarA process");
    let suggestions = suggest(&document, &Schema::default());
    // Accepting "cairo" drops its suggestion, not the fix over "cairois".
    let kept: Vec<String> = kept_after(&suggestions, &[CpRange::new(17, 22)])
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    assert_eq!(kept, ["fix-22", "s-GPE-29-34", "fix-34"]);
}
