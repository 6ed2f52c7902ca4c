//! Version 3 of the Spanwise format: the provenance of a corrected text, written, read back,
//! and refused when it does not replay.

use super::*;
use crate::formats::interchange::{self, ExportFormat};
use crate::model::text_edit::{ReplayError, TextEdit};

/// "anthony blinkenarrived in Refa" with two spans, then a space typed after "blinken" and
/// "Refa" corrected to "Rafah".
fn corrected() -> (Document, Schema) {
    let document =
        crate::model::fixture::parse_fixture("[anthony blinken|PERSON#a1]arrived in [Refa|GPE#a2]");
    let mut editor = Editor::new(document, Schema::default());
    for command in [
        editor.replace_text(CpRange::new(8, 22), "blinken arrived"),
        Some(Command::EditText(TextEdit::new(27, 31, "Rafah"))),
    ] {
        editor.apply(command.expect("a change")).expect("applies");
    }
    (editor.document().clone(), editor.schema().clone())
}

#[test]
fn a_document_without_edits_is_written_as_version_2_as_before() {
    let document = crate::model::fixture::parse_fixture("[Cairo|GPE] said");
    let json = export_json(&document, &Schema::default());
    assert!(json.contains("\"version\": 2,"), "{json}");
    assert!(
        !json.contains("source_text") && !json.contains("edits"),
        "{json}"
    );
}

#[test]
fn a_corrected_document_is_written_as_version_3_and_reads_back() {
    let (document, schema) = corrected();
    let json = export_json(&document, &schema);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["version"], 3);
    assert_eq!(
        value["document"]["text"],
        "anthony blinken arrived in Rafah"
    );
    assert_eq!(
        value["document"]["source_text"],
        "anthony blinkenarrived in Refa"
    );
    assert_eq!(
        value["document"]["edits"],
        serde_json::json!([
            {"start": 15, "end": 15, "text": " "},
            {"start": 27, "end": 31, "text": "Rafah"}
        ])
    );
    let spans: Vec<(u64, u64, &str)> = value["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["start"].as_u64().unwrap(),
                a["end"].as_u64().unwrap(),
                a["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(spans, [(0, 15, "anthony blinken"), (27, 32, "Rafah")]);

    let (read, read_schema) = import_json(&json).expect("reads back");
    assert_eq!(read, document);
    assert_eq!(read_schema, schema);
    assert_eq!(read.source_text(), "anthony blinkenarrived in Refa");
    assert_eq!(
        export_json(&read, &read_schema),
        json,
        "round trip is exact"
    );

    // The browser's storage keeps the text apart, and the provenance in the file.
    let stored = serde_json::to_string(&export_without_text(&document, &schema)).unwrap();
    let (restored, _) = import_with_text(&stored, document.text().to_string()).unwrap();
    assert_eq!(restored, document);
}

#[test]
fn a_version_3_file_whose_edits_do_not_replay_is_refused() {
    let (document, schema) = corrected();
    let json = export_json(&document, &schema);
    let cases = [
        (
            json.replace(
                "\"start\": 15,\n        \"end\": 15",
                "\"start\": 14,\n        \"end\": 14",
            ),
            ImportError::Provenance(ReplayError::Mismatch { at: 14 }),
        ),
        (
            json.replace(
                "\"start\": 27,\n        \"end\": 31",
                "\"start\": 27,\n        \"end\": 40",
            ),
            ImportError::Provenance(ReplayError::OutOfRange {
                index: 1,
                start: 27,
                end: 40,
                len: 31,
            }),
        ),
        (
            json.replace("\"source_text\": \"anthony", "\"source_text\": \"Anthony"),
            ImportError::Provenance(ReplayError::Mismatch { at: 0 }),
        ),
        (
            json.replace("\"version\": 3", "\"version\": 2"),
            ImportError::EditsNeedVersion3(2),
        ),
    ];
    for (file, expected) in cases {
        assert_ne!(file, json, "the case changes the file");
        assert_eq!(import_json(&file), Err(expected));
    }
    assert_eq!(
        ImportError::Provenance(ReplayError::Mismatch { at: 14 }).to_string(),
        "document.edits do not lead from document.source_text to document.text: the edits, \
         replayed from the source text, do not give the text: they first differ at code point 14"
    );
}

#[test]
fn version_1_and_2_files_open_unchanged_and_version_4_is_too_new() {
    let v1 = r#"{"format":"spanwise","version":1,"document":{"id":"d","title":"t","text":"Cairo"},
        "annotations":[{"id":"a1","kind":"entity","label":"GPE","start":0,"end":5,"text":"Cairo"}]}"#;
    let (document, _) = import_json(v1).unwrap();
    assert!(document.edits().is_empty());
    assert_eq!(document.source_text(), "Cairo");
    let v2 = v1.replace("\"version\":1", "\"version\":2");
    assert_eq!(import_json(&v2).unwrap().0, document);
    let v3 = v1.replace("\"version\":1", "\"version\":3");
    assert_eq!(import_json(&v3).unwrap().0, document);
    let v4 = v1.replace("\"version\":1", "\"version\":4");
    assert_eq!(import_json(&v4), Err(ImportError::TooNew { found: 4 }));
}

#[test]
fn foreign_exports_use_the_corrected_text() {
    let (document, schema) = corrected();
    for format in ExportFormat::ALL {
        let exported = interchange::export(format, &document, &schema);
        let all: String = exported.files.iter().map(|f| f.content.as_str()).collect();
        if format != ExportFormat::Spanwise {
            assert!(!all.contains("blinkenarrived"), "{format:?}: {all}");
        }
        assert!(all.contains("Rafah"), "{format:?}: {all}");
        if format == ExportFormat::Conll {
            assert!(
                all.contains("blinken\tI-PERSON") || all.contains("blinken"),
                "{all}"
            );
        } else {
            assert!(
                all.contains("anthony blinken arrived in Rafah"),
                "{format:?}: {all}"
            );
        }
        let mentions_corrections = exported
            .left_out
            .iter()
            .any(|l| l.contains("correction(s)"));
        assert_eq!(
            mentions_corrections,
            format != ExportFormat::Spanwise,
            "{format:?}"
        );
    }
}

/// The corrected example of `schema/`: the repository's example with "anthony blinkenarrived"
/// and "cairois" split. `SPANWISE_WRITE_EXAMPLE=1 cargo test` writes it anew after a change.
#[test]
fn the_corrected_example_in_the_repository_is_what_the_editor_writes() {
    let json = include_str!("../../schema/example.spanwise.json");
    let (document, schema) = import_json(json).expect("example imports");
    let mut editor = Editor::new(document, schema);
    for (from, to) in [
        ("blinkenarrived", "blinken arrived"),
        ("cairois", "cairo is"),
    ] {
        let at = editor.document().text().find(from).expect("the glued word");
        let start = editor.document().text()[..at].chars().count();
        let range = CpRange::new(start, start + from.chars().count());
        let command = editor.replace_text(range, to).expect("a change");
        editor.apply(command).expect("applies");
    }
    let written = export_json(editor.document(), editor.schema()) + "\n";
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/example-corrected.spanwise.json"
    );
    if std::env::var_os("SPANWISE_WRITE_EXAMPLE").is_some() {
        std::fs::write(path, &written).expect("writes the example");
    }
    let expected = std::fs::read_to_string(path).expect("the corrected example exists");
    assert_eq!(written, expected);
    let (read, _) = import_json(&expected).expect("reads back");
    assert_eq!(&read, editor.document());
    assert_eq!(read.source_text(), import_json(json).unwrap().0.text());
}
