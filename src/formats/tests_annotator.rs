//! The Spanwise file's `"annotator"` and `"versions"`: written, read back, and refused whole
//! when they do not hold together.

use std::rc::Rc;

use serde_json::{json, Value};

use crate::formats::spanwise::{export, export_json, import_json, import_value, ImportError};
use crate::model::document::{Annotation, Document};
use crate::model::offsets::CpRange;
use crate::model::schema::Schema;
use crate::model::versions;

const TEXT: &str = "Blinken met Kamel in Cairo";

fn annotated(annotator: Option<&str>, spans: &[(&str, usize, usize)]) -> Document {
    let mut document = Document::new("d1", "Cairo talks", TEXT);
    for (i, (label, start, end)) in spans.iter().enumerate() {
        let id = format!("a{}", i + 1);
        document.insert(Annotation::entity(&id, label, CpRange::new(*start, *end)));
    }
    document.with_annotator(annotator.map(Rc::from))
}

fn file_value(document: &Document) -> Value {
    serde_json::to_value(export(document, &Schema::default())).unwrap()
}

#[test]
fn the_annotator_is_a_top_level_field_absent_when_unset() {
    let cases = [
        (Some("Ana"), json!("Ana")),
        (Some("annotator 2"), json!("annotator 2")),
        (None, Value::Null),
    ];
    for (annotator, expected) in cases {
        let document = annotated(annotator, &[("PERSON", 0, 7)]);
        let value = file_value(&document);
        assert_eq!(
            value.get("annotator").cloned().unwrap_or(Value::Null),
            expected
        );
        assert_eq!(
            value.as_object().unwrap().contains_key("annotator"),
            annotator.is_some()
        );
        let (back, _) = import_json(&export_json(&document, &Schema::default())).unwrap();
        assert_eq!(back.annotator().map(|a| &**a), annotator);
        assert_eq!(back, document);
    }
}

#[test]
fn versions_round_trip_with_the_one_shown() {
    let ana = annotated(Some("Ana"), &[("PERSON", 0, 7), ("PERSON", 12, 17)]);
    let ben = annotated(Some("Ben"), &[("PERSON", 0, 7), ("GPE", 21, 26)]);
    let both = versions::stack(&ana, &ben, None).unwrap();
    let value = file_value(&both);
    assert_eq!(value["annotator"], json!("Ben"));
    assert_eq!(value["annotations"].as_array().unwrap().len(), 2);
    assert_eq!(
        value["versions"],
        json!([
            { "annotator": "Ana", "annotations": [
                { "id": "a1", "kind": "entity", "label": "PERSON", "start": 0, "end": 7, "text": "Blinken" },
                { "id": "a2", "kind": "entity", "label": "PERSON", "start": 12, "end": 17, "text": "Kamel" }
            ] },
            { "annotator": "Ben", "shown": true }
        ])
    );
    let (back, schema) = import_value(value).unwrap();
    assert_eq!(back, both);
    assert!(schema.label("GPE").is_some());
    // A single document's export is the layer shown alone.
    let alone = file_value(&both.shown_only());
    assert!(alone.get("versions").is_none());
    assert_eq!(alone["annotator"], json!("Ben"));
}

#[test]
fn versions_that_do_not_hold_together_are_refused_whole() {
    let ana = annotated(Some("Ana"), &[("PERSON", 0, 7)]);
    let ben = annotated(Some("Ben"), &[("GPE", 21, 26)]);
    let good = file_value(&versions::stack(&ana, &ben, None).unwrap());
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut value = good.clone();
        edit(&mut value);
        match import_value(value) {
            Err(ImportError::Invalid(problems)) => problems,
            other => panic!("expected problems, got {other:?}"),
        }
    };
    type Edit<'a> = &'a dyn Fn(&mut Value);
    let cases: [(Edit, &str); 4] = [
        (&|v| v["versions"][0]["annotations"][0]["end"] = json!(99), "versions[0] (\"Ana\"): annotations[0] (id \"a1\"): end 99 is past the end of the text (26 code points)"),
        (&|v| v["annotator"] = json!("Cy"), "versions[1] (\"Ben\"): the version shown must be the file's \"annotator\""),
        (&|v| v["versions"][0]["annotator"] = json!("Ben"), "versions: another version is named “Ben” already"),
        (&|v| v["versions"][1]["annotations"] = v["annotations"].clone(), "versions[1] (\"Ben\"): the version shown keeps its annotations at the top level"),
    ];
    for (edit, expected) in cases {
        assert_eq!(broken(edit), [expected.to_string()]);
    }
}
