//! The versions of one document: stacking, refusing another text, naming, showing, renaming,
//! and their undo through the editor.

use std::rc::Rc;

use crate::model::command::{Command, Editor};
use crate::model::document::Document;
use crate::model::fixture::{parse_fixture, render_fixture};
use crate::model::schema::Schema;
use crate::model::versions::{
    self, first_difference, next_free_name, placement, Placement, VersionError,
};

/// A fixture document annotated by `annotator` (`None`: not said).
fn by(annotator: Option<&str>, fixture: &str) -> Document {
    parse_fixture(fixture).with_annotator(annotator.map(Rc::from))
}

/// Each version as `"name: fixture"`, the shown one starred.
fn render(document: &Document) -> Vec<String> {
    let shown = document.shown_version();
    document
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
        .collect()
}

#[test]
fn texts_differ_at_their_first_unequal_code_point() {
    let cases = [
        ("Blinken in Cairo", "Blinken in Cairo", None),
        ("Blinken in Cairo", "Blinken in Gaza", Some(11)),
        ("Blinken", "Blinken in Cairo", Some(7)),
        ("Blinken in Cairo", "Blinken", Some(7)),
        ("🇶🇦 Doha", "🇶🇦 Doha!", Some(7)),
        ("Zoë said", "Zoe said", Some(2)),
        ("", "x", Some(0)),
    ];
    for (a, b, expected) in cases {
        assert_eq!(first_difference(a, b), expected, "{a:?} {b:?}");
    }
}

#[test]
fn unnamed_versions_take_the_first_free_number() {
    let cases: [(&[&str], &str); 4] = [
        (&[], "annotator 1"),
        (&["annotator 1"], "annotator 2"),
        (&["annotator 2", "Ana"], "annotator 1"),
        (
            &["annotator 1", "annotator 2", "annotator 4"],
            "annotator 3",
        ),
    ];
    for (taken, expected) in cases {
        assert_eq!(
            &*next_free_name(taken.iter().copied()),
            expected,
            "{taken:?}"
        );
    }
}

#[test]
fn a_file_goes_in_place_or_on_the_stack() {
    let empty = by(None, "Blinken in Cairo");
    let mine = by(None, "[Blinken|PERSON] in Cairo");
    let ana = by(Some("Ana"), "[Blinken|PERSON] in Cairo");
    let two = versions::stack(&ana, &by(Some("Ben"), "Blinken in [Cairo|GPE]"), None).unwrap();
    let cases = [
        (&empty, None, Placement::Replace),
        (&empty, Some("Ana"), Placement::Replace),
        (&mine, None, Placement::Replace),
        (&mine, Some("Ana"), Placement::Stack),
        (&mine, Some("Mia"), Placement::Replace),
        (&ana, Some("Ana"), Placement::Replace),
        (&ana, Some("Ben"), Placement::Stack),
        (&ana, None, Placement::Stack),
        (&two, Some("Ana"), Placement::ReplaceVersion(0)),
        (&two, Some("Ben"), Placement::ReplaceVersion(1)),
        (&two, Some("Cy"), Placement::Stack),
        (&two, None, Placement::Stack),
    ];
    for (i, (existing, incoming, expected)) in cases.into_iter().enumerate() {
        assert_eq!(
            placement(existing, incoming, Some("Mia")),
            expected,
            "case {i}"
        );
    }
}

#[test]
fn versions_stack_named_and_numbered() {
    type Case<'a> = (
        Option<&'a str>,
        &'a str,
        Option<&'a str>,
        &'a str,
        &'a [&'a str],
    );
    let cases: [Case; 4] = [
        (
            None,
            "[Blinken|PERSON] in Cairo",
            None,
            "Blinken in [Cairo|GPE]",
            &[
                "Mia: [Blinken|PERSON#a1] in Cairo",
                "*annotator 1: Blinken in [Cairo|GPE#a1]",
            ],
        ),
        (
            Some("Ana"),
            "[Blinken|PERSON] in Cairo",
            None,
            "Blinken in [Cairo|GPE]",
            &[
                "Ana: [Blinken|PERSON#a1] in Cairo",
                "*annotator 1: Blinken in [Cairo|GPE#a1]",
            ],
        ),
        (
            None,
            "[Blinken|PERSON] in Cairo",
            Some("Ben"),
            "Blinken in [Cairo|GPE]",
            &[
                "Mia: [Blinken|PERSON#a1] in Cairo",
                "*Ben: Blinken in [Cairo|GPE#a1]",
            ],
        ),
        (
            None,
            "[Blinken|PERSON] in Cairo",
            Some("Mia"),
            "Blinken in Cairo",
            &[
                "annotator 1: [Blinken|PERSON#a1] in Cairo",
                "*Mia: Blinken in Cairo",
            ],
        ),
    ];
    for (existing_name, existing, incoming_name, incoming, expected) in cases {
        let stacked = versions::stack(
            &by(existing_name, existing),
            &by(incoming_name, incoming),
            Some("Mia"),
        )
        .unwrap();
        assert_eq!(
            render(&stacked),
            expected,
            "{existing_name:?} + {incoming_name:?}"
        );
    }
    // Without the person's name, both unnamed layers are numbered.
    let stacked = versions::stack(
        &by(None, "[Blinken|PERSON] in Cairo"),
        &by(None, "Blinken in [Cairo|GPE]"),
        None,
    )
    .unwrap();
    assert_eq!(
        render(&stacked),
        [
            "annotator 1: [Blinken|PERSON#a1] in Cairo",
            "*annotator 2: Blinken in [Cairo|GPE#a1]"
        ]
    );
}

#[test]
fn a_third_version_and_a_taken_name() {
    let two = versions::stack(
        &by(Some("Ana"), "[Blinken|PERSON] in Cairo"),
        &by(None, "Blinken in [Cairo|GPE]"),
        None,
    )
    .unwrap();
    let three = versions::stack(&two, &by(None, "[Blinken in Cairo|CLAIM]"), None).unwrap();
    assert_eq!(
        render(&three),
        [
            "Ana: [Blinken|PERSON#a1] in Cairo",
            "annotator 1: Blinken in [Cairo|GPE#a1]",
            "*annotator 2: [Blinken in Cairo|CLAIM#a1]",
        ]
    );
    assert_eq!(
        versions::stack(&three, &by(Some("Ana"), "Blinken in Cairo"), None),
        Err(VersionError::NameTaken("Ana".into()))
    );
    let rows: Vec<(String, usize, bool)> = three
        .version_rows()
        .iter()
        .map(|r| {
            (
                r.annotator.as_deref().unwrap_or("-").to_string(),
                r.n_spans,
                r.shown,
            )
        })
        .collect();
    let expected = [
        ("Ana", 1, false),
        ("annotator 1", 1, false),
        ("annotator 2", 1, true),
    ];
    assert_eq!(
        rows,
        expected.map(|(n, s, shown)| (n.to_string(), s, shown))
    );
}

#[test]
fn another_text_is_refused_with_its_first_differing_offset() {
    let existing = by(Some("Ana"), "Blinken in Cairo");
    for (incoming, offset) in [
        ("Blinken in Gaza", 11),
        ("Blinken in Cairo.", 16),
        ("Blinkin", 5),
    ] {
        assert_eq!(
            versions::stack(&existing, &by(Some("Ben"), incoming), None),
            Err(VersionError::TextDiffers { offset }),
            "{incoming}"
        );
        assert_eq!(
            versions::replace(&existing, &by(Some("Ana"), incoming), 0),
            Err(VersionError::TextDiffers { offset })
        );
    }
}

#[test]
fn showing_replacing_and_renaming_versions() {
    let two = versions::stack(
        &by(Some("Ana"), "[Blinken|PERSON] in Cairo"),
        &by(Some("Ben"), "Blinken in [Cairo|GPE]"),
        None,
    )
    .unwrap();
    let ana = versions::show(&two, 0).unwrap();
    assert_eq!(
        render(&ana),
        [
            "*Ana: [Blinken|PERSON#a1] in Cairo",
            "Ben: Blinken in [Cairo|GPE#a1]"
        ]
    );
    assert_eq!(ana.annotator().map(|a| &**a), Some("Ana"));
    assert_eq!(render_fixture(&ana), "[Blinken|PERSON#a1] in Cairo");
    assert_eq!(versions::show(&ana, 0), Err(VersionError::NothingToChange));
    assert_eq!(versions::show(&ana, 2), Err(VersionError::NoSuchVersion(2)));

    let updated = versions::replace(&ana, &by(Some("Ben"), "[Blinken in Cairo|CLAIM]"), 1).unwrap();
    assert_eq!(
        render(&updated),
        [
            "Ana: [Blinken|PERSON#a1] in Cairo",
            "*Ben: [Blinken in Cairo|CLAIM#a1]"
        ]
    );

    let renamed = versions::rename(&updated, 0, "  Ana K.  ").unwrap();
    assert_eq!(
        render(&renamed),
        [
            "Ana K.: [Blinken|PERSON#a1] in Cairo",
            "*Ben: [Blinken in Cairo|CLAIM#a1]"
        ]
    );
    let shown_renamed = versions::rename(&renamed, 1, "Benedikt").unwrap();
    assert_eq!(shown_renamed.annotator().map(|a| &**a), Some("Benedikt"));
    let refusals = [
        (1, "Ana K.", VersionError::NameTaken("Ana K.".into())),
        (1, "   ", VersionError::EmptyName),
        (1, "Ben", VersionError::NothingToChange),
        (5, "Cy", VersionError::NoSuchVersion(5)),
    ];
    for (index, name, expected) in refusals {
        assert_eq!(
            versions::rename(&renamed, index, name),
            Err(expected),
            "{name:?}"
        );
    }
    // A document of one layer is renamed by naming its annotator.
    let one = versions::rename(&by(None, "[Blinken|PERSON] in Cairo"), 0, "Ana").unwrap();
    assert_eq!(render(&one), ["*Ana: [Blinken|PERSON#a1] in Cairo"]);
}

#[test]
fn each_step_is_undone_and_redone_by_the_editor() {
    let mut editor = Editor::new(by(None, "[Blinken|PERSON] in Cairo"), Schema::default());
    let incoming = by(Some("Ben"), "Blinken in [Cairo|PLACE]");
    type Step = Box<dyn Fn(&Document) -> Document>;
    let mut steps: Vec<Step> = vec![
        Box::new(move |d| versions::stack(d, &incoming, Some("Ana")).unwrap()),
        Box::new(|d| versions::show(d, 0).unwrap()),
        Box::new(|d| versions::rename(d, 1, "Benedikt").unwrap()),
    ];
    let mut seen = vec![render(editor.document())];
    let mut incoming_schema = Schema::default();
    incoming_schema.ensure_label("PLACE");
    for step in steps.drain(..) {
        let next = step(editor.document());
        let command = editor.versions_command(next, Some(&incoming_schema));
        editor.apply(command).unwrap();
        seen.push(render(editor.document()));
    }
    assert_eq!(
        seen,
        [
            vec!["*-: [Blinken|PERSON#a1] in Cairo"],
            vec![
                "Ana: [Blinken|PERSON#a1] in Cairo",
                "*Ben: Blinken in [Cairo|PLACE#a1]"
            ],
            vec![
                "*Ana: [Blinken|PERSON#a1] in Cairo",
                "Ben: Blinken in [Cairo|PLACE#a1]"
            ],
            vec![
                "*Ana: [Blinken|PERSON#a1] in Cairo",
                "Benedikt: Blinken in [Cairo|PLACE#a1]"
            ],
        ]
    );
    assert!(
        editor.schema().label("PLACE").is_some(),
        "the stacked version's label joined"
    );
    for expected in seen.iter().rev().skip(1) {
        editor.undo().unwrap();
        assert_eq!(&render(editor.document()), expected);
    }
    assert!(
        editor.schema().label("PLACE").is_none(),
        "undo takes the label back out"
    );
    for expected in seen.iter().skip(1) {
        editor.redo().unwrap();
        assert_eq!(&render(editor.document()), expected);
    }
    // Versions of another document are refused.
    let other = Document::new("other", "t", "Blinken in Cairo");
    assert!(editor.apply(Command::Versions(Box::new(other))).is_err());
}
