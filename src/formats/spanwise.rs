//! Spanwise's own JSON format, version 1: the lossless one.
//!
//! The field names are a public contract (`format`, `version`, `document.text`, and
//! `annotations[]` with `id`, `kind`, `label`, `start`, `end`, `text`); `schema/spanwise.schema.json`
//! documents them. Offsets are Unicode code points, end exclusive. The types here are the file's
//! own, separate from the model's, so a refactor of the model never changes a file.

use serde::{Deserialize, Serialize};
use std::rc::Rc;
use thiserror::Error;

use crate::model::document::{Annotation, AnnotationId, Document, SpanKind};
use crate::model::offsets::CpRange;
use crate::model::schema::{parse_color, Label, Schema};

pub const FORMAT: &str = "spanwise";
pub const VERSION: u64 = 1;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SpanwiseFile {
    pub format: String,
    pub version: u64,
    pub document: FileDocument,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<FileSchema>,
    #[serde(default)]
    pub annotations: Vec<FileAnnotation>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileDocument {
    pub id: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileSchema {
    pub labels: Vec<FileLabel>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileLabel {
    pub name: String,
    pub color: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileAnnotation {
    pub id: String,
    pub kind: String,
    pub label: String,
    /// Code points from the start of `document.text`.
    pub start: u64,
    /// Code points, end exclusive.
    pub end: u64,
    /// The annotated text, `document.text[start:end]`: a check that the offsets mean what the
    /// writer meant.
    pub text: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not a Spanwise file: {0}")]
    NotSpanwise(String),
    #[error("version {found} is newer than this app reads (up to {VERSION}); update Spanwise")]
    TooNew { found: u64 },
    #[error("version 0 does not exist; the first version is 1")]
    VersionZero,
    #[error("the file does not have the expected fields: {0}")]
    Shape(String),
    #[error("{}", describe_problems(.0))]
    Invalid(Vec<String>),
}

fn describe_problems(problems: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut out = format!(
        "{} problem{} in the file: ",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    out.push_str(
        &problems
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join("; "),
    );
    if problems.len() > SHOWN {
        out.push_str(&format!("; and {} more", problems.len() - SHOWN));
    }
    out
}

/// Writes a document and its schema as a version-1 file.
pub fn export(document: &Document, schema: &Schema) -> SpanwiseFile {
    SpanwiseFile {
        format: FORMAT.to_string(),
        version: VERSION,
        document: FileDocument {
            id: document.id.to_string(),
            title: document.title.to_string(),
            text: document.text().to_string(),
        },
        schema: Some(FileSchema {
            labels: schema
                .labels
                .iter()
                .map(|l| FileLabel {
                    name: l.name.to_string(),
                    color: l.color.to_string(),
                    key: l.key.map(String::from),
                    description: l.description.to_string(),
                })
                .collect(),
        }),
        annotations: document
            .annotations()
            .iter()
            .map(|a| FileAnnotation {
                id: a.id.to_string(),
                kind: a.kind.as_str().to_string(),
                label: a.label.to_string(),
                start: a.range.start.0 as u64,
                end: a.range.end.0 as u64,
                text: document.slice(a.range).to_string(),
            })
            .collect(),
    }
}

pub fn export_json(document: &Document, schema: &Schema) -> String {
    serde_json::to_string_pretty(&export(document, schema))
        .expect("a SpanwiseFile always serialises")
}

/// Tells whether parsed JSON claims to be a Spanwise file (has `"format": "spanwise"`).
pub fn is_spanwise(value: &serde_json::Value) -> bool {
    value.get("format").and_then(|f| f.as_str()) == Some(FORMAT)
}

/// Reads a Spanwise JSON file. Nothing is half-applied: either the whole document with all its
/// annotations comes back, or an error that says what is wrong.
pub fn import_json(json: &str) -> Result<(Document, Schema), ImportError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| ImportError::NotJson(e.to_string()))?;
    import_value(value)
}

pub fn import_value(value: serde_json::Value) -> Result<(Document, Schema), ImportError> {
    if !value.is_object() {
        return Err(ImportError::NotSpanwise(
            "the top level is not a JSON object".into(),
        ));
    }
    match value.get("format") {
        None => {
            return Err(ImportError::NotSpanwise(
                "it has no \"format\" field".into(),
            ))
        }
        Some(f) if f.as_str() != Some(FORMAT) => {
            return Err(ImportError::NotSpanwise(format!(
                "its \"format\" is {f}, not \"spanwise\""
            )))
        }
        Some(_) => {}
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        None => {
            return Err(ImportError::Shape(
                "\"version\" must be a whole number such as 1".into(),
            ))
        }
        Some(0) => return Err(ImportError::VersionZero),
        Some(found) if found > VERSION => return Err(ImportError::TooNew { found }),
        Some(_) => {}
    }
    let file: SpanwiseFile =
        serde_json::from_value(value).map_err(|e| ImportError::Shape(e.to_string()))?;
    from_file(file)
}

fn from_file(file: SpanwiseFile) -> Result<(Document, Schema), ImportError> {
    let mut problems = Vec::new();
    let mut document = Document::new(&file.document.id, &file.document.title, &file.document.text);

    let mut schema = match &file.schema {
        None => Schema::default(),
        Some(s) => Schema {
            labels: s
                .labels
                .iter()
                .enumerate()
                .filter_map(|(i, l)| {
                    let color = parse_color(&l.color)
                        .map_err(|e| problems.push(format!("schema.labels[{i}]: {e}")))
                        .ok()?;
                    let mut key_chars = l.key.as_deref().unwrap_or("").chars();
                    let key = match (key_chars.next(), key_chars.next()) {
                        (first, None) => first,
                        _ => {
                            problems.push(format!(
                                "schema.labels[{i}]: key {:?} must be a single character",
                                l.key.as_deref().unwrap_or("")
                            ));
                            None
                        }
                    };
                    Some(Label {
                        name: Rc::from(l.name.as_str()),
                        color: Rc::from(color),
                        key,
                        description: Rc::from(l.description.as_str()),
                    })
                })
                .collect(),
        },
    };
    if let Err(e) = schema.validate() {
        problems.push(format!("schema: {e}"));
    }

    let len = document.len().0 as u64;
    let mut seen_ids = std::collections::HashSet::new();
    for (i, a) in file.annotations.iter().enumerate() {
        let at = format!("annotations[{i}] (id {:?})", a.id);
        if a.id.is_empty() {
            problems.push(format!("{at}: the id is empty"));
            continue;
        }
        if !seen_ids.insert(a.id.as_str()) {
            problems.push(format!("{at}: the id appears more than once"));
            continue;
        }
        let Some(kind) = SpanKind::parse(&a.kind) else {
            problems.push(format!(
                "{at}: unknown kind {:?} (expected \"entity\")",
                a.kind
            ));
            continue;
        };
        if a.label.trim().is_empty() {
            problems.push(format!("{at}: the label is empty"));
            continue;
        }
        if a.start >= a.end {
            problems.push(format!(
                "{at}: start {} is not before end {}",
                a.start, a.end
            ));
            continue;
        }
        if a.end > len {
            problems.push(format!(
                "{at}: end {} is past the end of the text ({len} code points)",
                a.end
            ));
            continue;
        }
        let range = CpRange::new(a.start as usize, a.end as usize);
        let actual = document.slice(range);
        if actual != a.text {
            problems.push(format!(
                "{at}: the text at {}..{} is {:?}, but the file says {:?}",
                a.start, a.end, actual, a.text
            ));
            continue;
        }
        schema.ensure_label(&a.label);
        document.insert(Annotation {
            id: AnnotationId::new(&a.id),
            kind,
            label: Rc::from(a.label.as_str()),
            range,
        });
    }
    if problems.is_empty() {
        Ok((document, schema))
    } else {
        Err(ImportError::Invalid(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::{parse_fixture, render_fixture};

    #[test]
    fn export_then_import_gives_back_the_same_document() {
        for fixture in [
            "[Antony Blinken|PERSON#a1] arrived in [Cairo|GPE#a2]",
            "anthony [blinken|PERSON#a1]arrived [🇶🇦|GPE#a2] [Zoë|PERSON#a3]\r\n[עברית|MISC#x]",
            "[Secretary of State [Antony [Blinken|PERSON#a3]|PERSON#a2]|PERSON#a1]",
            "",
        ] {
            let document = parse_fixture(fixture);
            let schema = Schema::default();
            let json = export_json(&document, &schema);
            let (back, back_schema) = import_json(&json).expect("own export imports");
            assert_eq!(render_fixture(&back), fixture);
            assert_eq!(back, document);
            assert_eq!(back_schema, schema);
            assert_eq!(
                export_json(&back, &back_schema),
                json,
                "stable on a second round"
            );
        }
    }

    #[test]
    fn exported_offsets_are_code_points_and_text_matches() {
        let document = parse_fixture("😀 [Blinken|PERSON#a1] in [🇶🇦|GPE#a2]");
        let file = export(&document, &Schema::default());
        let spans: Vec<(u64, u64, &str)> = file
            .annotations
            .iter()
            .map(|a| (a.start, a.end, a.text.as_str()))
            .collect();
        assert_eq!(spans, [(2, 9, "Blinken"), (13, 15, "🇶🇦")]);
        assert_eq!(file.format, "spanwise");
        assert_eq!(file.version, 1);
    }

    #[test]
    fn the_example_file_in_the_repository_imports() {
        let json = include_str!("../../schema/example.spanwise.json");
        let (document, _) = import_json(json).expect("example imports");
        assert_eq!(document.annotations().len(), 3);
        assert_eq!(
            document.slice(document.annotations()[0].range),
            "anthony blinken"
        );
    }

    fn error_of(json: &str) -> String {
        import_json(json).map(|_| ()).unwrap_err().to_string()
    }

    const DOC: &str = r#""document": {"id": "d", "title": "t", "text": "Blinken in Cairo"}"#;

    #[test]
    fn every_import_error_says_what_is_wrong() {
        let ann = |body: &str| {
            format!(r#"{{"format": "spanwise", "version": 1, {DOC}, "annotations": [{body}]}}"#)
        };
        let cases = [
            ("Blinken in Cairo".to_string(), "not JSON: expected value at line 1 column 1"),
            ("{\"format\": \"spanwise\",".to_string(), "not JSON: EOF while parsing a value at line 1 column 22"),
            ("[1, 2]".to_string(), "not a Spanwise file: the top level is not a JSON object"),
            ("{}".to_string(), "not a Spanwise file: it has no \"format\" field"),
            (r#"{"format": "brat"}"#.to_string(), "not a Spanwise file: its \"format\" is \"brat\", not \"spanwise\""),
            (r#"{"format": "spanwise"}"#.to_string(), "the file does not have the expected fields: \"version\" must be a whole number such as 1"),
            (r#"{"format": "spanwise", "version": 2}"#.to_string(), "version 2 is newer than this app reads (up to 1); update Spanwise"),
            (r#"{"format": "spanwise", "version": 0}"#.to_string(), "version 0 does not exist; the first version is 1"),
            (r#"{"format": "spanwise", "version": 1}"#.to_string(), "the file does not have the expected fields: missing field `document`"),
            (
                ann(r#"{"id": "a1", "kind": "entity", "label": "GPE", "start": 11, "end": 99, "text": "Cairo"}"#),
                "1 problem in the file: annotations[0] (id \"a1\"): end 99 is past the end of the text (16 code points)",
            ),
            (
                ann(r#"{"id": "a1", "kind": "entity", "label": "GPE", "start": 10, "end": 15, "text": "Cairo"}"#),
                "1 problem in the file: annotations[0] (id \"a1\"): the text at 10..15 is \" Cair\", but the file says \"Cairo\"",
            ),
            (
                ann(r#"{"id": "a1", "kind": "entity", "label": "GPE", "start": 11, "end": 11, "text": ""}"#),
                "1 problem in the file: annotations[0] (id \"a1\"): start 11 is not before end 11",
            ),
            (
                ann(r#"{"id": "a1", "kind": "entity", "label": "GPE", "start": -1, "end": 5, "text": "x"}"#),
                "the file does not have the expected fields: invalid value: integer `-1`, expected u64",
            ),
            (
                ann(r#"{"id": "a1", "kind": "event", "label": "GPE", "start": 11, "end": 16, "text": "Cairo"}"#),
                "1 problem in the file: annotations[0] (id \"a1\"): unknown kind \"event\" (expected \"entity\")",
            ),
            (
                ann(r#"{"id": "a1", "kind": "entity", "label": " ", "start": 11, "end": 16, "text": "Cairo"}"#),
                "1 problem in the file: annotations[0] (id \"a1\"): the label is empty",
            ),
            (
                ann(r#"{"id": "", "kind": "entity", "label": "GPE", "start": 11, "end": 16, "text": "Cairo"}"#),
                "1 problem in the file: annotations[0] (id \"\"): the id is empty",
            ),
            (
                ann(r#"{"id": "a1", "kind": "entity", "label": "GPE", "start": 11, "end": 16, "text": "Cairo"},
                       {"id": "a1", "kind": "entity", "label": "PERSON", "start": 0, "end": 7, "text": "Blinken"}"#),
                "1 problem in the file: annotations[1] (id \"a1\"): the id appears more than once",
            ),
            (
                ann(r#"{"id": "a1", "kind": "entity", "label": "GPE", "start": 11, "end": 16, "text": "Cairo", "extra": 1}"#),
                "the file does not have the expected fields: unknown field `extra`, expected one of `id`, `kind`, `label`, `start`, `end`, `text`",
            ),
            (
                format!(r#"{{"format": "spanwise", "version": 1, {DOC}, "schema": {{"labels": [{{"name": "X", "color": "red"}}]}}}}"#),
                "1 problem in the file: schema.labels[0]: colour \"red\" is not of the form #rrggbb",
            ),
            (
                format!(r##"{{"format": "spanwise", "version": 1, {DOC}, "schema": {{"labels": [{{"name": "X", "color": "#ffffff", "key": "12"}}]}}}}"##),
                "1 problem in the file: schema.labels[0]: key \"12\" must be a single character",
            ),
            (
                format!(r##"{{"format": "spanwise", "version": 1, {DOC}, "schema": {{"labels": [{{"name": "X", "color": "#ffffff"}}, {{"name": "X", "color": "#000000"}}]}}}}"##),
                "1 problem in the file: schema: label \"X\" appears twice",
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(error_of(&json), expected, "{json}");
        }
    }

    #[test]
    fn many_problems_are_counted_and_the_first_ten_shown() {
        let annotations: Vec<String> = (0..12)
            .map(|i| format!(r#"{{"id": "a{i}", "kind": "entity", "label": "X", "start": 0, "end": 100, "text": ""}}"#))
            .collect();
        let json = format!(
            r#"{{"format": "spanwise", "version": 1, {DOC}, "annotations": [{}]}}"#,
            annotations.join(",")
        );
        let error = error_of(&json);
        assert!(
            error.starts_with("12 problems in the file: annotations[0] (id \"a0\"): end 100"),
            "{error}"
        );
        assert!(error.ends_with("; and 2 more"), "{error}");
    }

    #[test]
    fn labels_missing_from_the_schema_are_added() {
        let json = format!(
            r#"{{"format": "spanwise", "version": 1, {DOC}, "annotations": [
                {{"id": "a1", "kind": "entity", "label": "NORP", "start": 0, "end": 7, "text": "Blinken"}}]}}"#
        );
        let (_, schema) = import_json(&json).unwrap();
        assert_eq!(schema.labels.last().map(|l| &*l.name), Some("NORP"));
        assert_eq!(schema.labels.len(), 8);
    }
}
