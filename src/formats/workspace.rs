//! Files for more than one document, and for the schema alone:
//!
//! - the **workspace file** (`"format": "spanwise-workspace"`): every document of the
//!   workspace as a Spanwise file, with its done mark — what "Export workspace" downloads;
//! - the **stored index**: the list the browser keeps beside each stored document, so a reload
//!   knows which documents exist and which was open;
//! - the **schema file** (`"format": "spanwise-schema"`): a label set a team shares.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::formats::spanwise::{self, schema_from_file, schema_to_file, FileLabel, ImportError};
use crate::model::schema::Schema;
use crate::model::workspace::{Entry, Workspace};

pub const WORKSPACE_FORMAT: &str = "spanwise-workspace";
pub const INDEX_FORMAT: &str = "spanwise-workspace-index";
pub const SCHEMA_FORMAT: &str = "spanwise-schema";
pub const VERSION: u64 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceFile {
    pub format: String,
    pub version: u64,
    /// The id of the open document.
    #[serde(default)]
    pub current: Option<String>,
    pub documents: Vec<WorkspaceDocument>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceDocument {
    #[serde(default)]
    pub done: bool,
    /// A whole Spanwise file, read with its own checks.
    pub file: serde_json::Value,
}

/// The stored list of documents; each document itself is stored as a Spanwise file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct StoredIndex {
    pub format: String,
    pub version: u64,
    pub current: String,
    pub documents: Vec<StoredEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct StoredEntry {
    pub id: String,
    pub title: String,
    pub done: bool,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SchemaFile {
    pub format: String,
    pub version: u64,
    pub labels: Vec<FileLabel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relation_types: Vec<String>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum WorkspaceError {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not a {expected} file")]
    WrongFormat { expected: &'static str },
    #[error("version {0} is newer than this app reads (up to {VERSION}); update Spanwise")]
    TooNew(u64),
    #[error("the file does not have the expected fields: {0}")]
    Shape(String),
    #[error("the workspace has no documents")]
    NoDocuments,
    #[error("documents[{index}]: {error}")]
    Document { index: usize, error: ImportError },
    #[error("{}", .0.join("; "))]
    Schema(Vec<String>),
}

/// Checks `format` and `version` before the fields, so the message names the real problem.
fn check_header(value: &serde_json::Value, expected: &'static str) -> Result<(), WorkspaceError> {
    if value.get("format").and_then(|f| f.as_str()) != Some(expected) {
        return Err(WorkspaceError::WrongFormat { expected });
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v > VERSION => Err(WorkspaceError::TooNew(v)),
        Some(_) => Ok(()),
        None => Err(WorkspaceError::Shape(
            "\"version\" must be a whole number such as 1".into(),
        )),
    }
}

pub fn is_workspace(value: &serde_json::Value) -> bool {
    value.get("format").and_then(|f| f.as_str()) == Some(WORKSPACE_FORMAT)
}

pub fn is_schema(value: &serde_json::Value) -> bool {
    value.get("format").and_then(|f| f.as_str()) == Some(SCHEMA_FORMAT)
}

/// The workspace file of a workspace whose documents are all in memory (a resting one is left
/// out: a corpus is exported piece by piece, [`workspace_head`], [`workspace_document`] and
/// [`WORKSPACE_TAIL`], reading resting documents as it goes).
pub fn export_workspace(workspace: &Workspace) -> String {
    let mut out = workspace_head(workspace.current().document_id());
    let open = workspace
        .entries()
        .iter()
        .filter_map(|e| Some((e.editor()?, e.done)));
    for (n, (editor, done)) in open.enumerate() {
        out.push_str(&workspace_document(
            editor.document(),
            editor.schema(),
            done,
            n == 0,
        ));
    }
    out.push_str(WORKSPACE_TAIL);
    out
}

/// The start of a workspace file, up to its first document.
pub fn workspace_head(current: &str) -> String {
    let current = serde_json::to_string(current).expect("a string always serialises");
    format!(
        "{{\n  \"format\": \"{WORKSPACE_FORMAT}\",\n  \"version\": {VERSION},\n  \"current\": {current},\n  \"documents\": [\n"
    )
}

/// One document of a workspace file (after a comma unless it is the `first`), on lines of its
/// own, so the file is written a document at a time.
pub fn workspace_document(
    document: &crate::model::document::Document,
    schema: &Schema,
    done: bool,
    first: bool,
) -> String {
    let item = WorkspaceDocument {
        done,
        file: serde_json::to_value(spanwise::export(document, schema))
            .expect("a Spanwise file always converts to JSON"),
    };
    let json = serde_json::to_string_pretty(&item).expect("a workspace document always serialises");
    let mut out = String::with_capacity(json.len() + json.len() / 8);
    if !first {
        out.push_str(",\n");
    }
    for (n, line) in json.lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

/// The end of a workspace file.
pub const WORKSPACE_TAIL: &str = "\n  ]\n}";

/// Reads a workspace file: every document must import, or nothing does.
pub fn import_workspace(
    value: serde_json::Value,
) -> Result<(Vec<Entry>, Option<String>), WorkspaceError> {
    check_header(&value, WORKSPACE_FORMAT)?;
    let file: WorkspaceFile =
        serde_json::from_value(value).map_err(|e| WorkspaceError::Shape(e.to_string()))?;
    if file.documents.is_empty() {
        return Err(WorkspaceError::NoDocuments);
    }
    let mut entries = Vec::with_capacity(file.documents.len());
    for (index, document) in file.documents.into_iter().enumerate() {
        let (doc, schema) = spanwise::import_value(document.file)
            .map_err(|error| WorkspaceError::Document { index, error })?;
        let mut entry = Entry::new(doc, schema);
        entry.done = document.done;
        entries.push(entry);
    }
    Ok((entries, file.current))
}

pub fn stored_index(workspace: &Workspace) -> StoredIndex {
    StoredIndex {
        format: INDEX_FORMAT.to_string(),
        version: VERSION,
        current: workspace.editor().document().id.to_string(),
        documents: workspace
            .entries()
            .iter()
            .map(|e| StoredEntry {
                id: e.document_id().to_string(),
                title: e.title().to_string(),
                done: e.done,
            })
            .collect(),
    }
}

pub fn read_index(json: &str) -> Result<StoredIndex, WorkspaceError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| WorkspaceError::NotJson(e.to_string()))?;
    check_header(&value, INDEX_FORMAT)?;
    serde_json::from_value(value).map_err(|e| WorkspaceError::Shape(e.to_string()))
}

pub fn export_schema(schema: &Schema) -> String {
    let file = schema_to_file(schema);
    let file = SchemaFile {
        format: SCHEMA_FORMAT.to_string(),
        version: VERSION,
        labels: file.labels,
        relation_types: file.relation_types,
    };
    serde_json::to_string_pretty(&file).expect("a schema file always serialises")
}

pub fn import_schema(value: serde_json::Value) -> Result<Schema, WorkspaceError> {
    check_header(&value, SCHEMA_FORMAT)?;
    let file: SchemaFile =
        serde_json::from_value(value).map_err(|e| WorkspaceError::Shape(e.to_string()))?;
    let mut problems = Vec::new();
    let schema = schema_from_file(
        &spanwise::FileSchema {
            labels: file.labels,
            relation_types: file.relation_types,
        },
        "schema",
        &mut problems,
    );
    if problems.is_empty() {
        Ok(schema)
    } else {
        Err(WorkspaceError::Schema(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::{parse_fixture, render_fixture};
    use std::rc::Rc;

    fn workspace() -> Workspace {
        let mut first = Entry::new(
            parse_fixture("[Blinken|PERSON] in [Cairo|GPE]").with_id("d1"),
            Schema::default(),
        );
        first.done = true;
        let mut w = Workspace::new(first);
        w.open(
            parse_fixture("[Hamas|ORG] and 🇶🇦").with_id("d2"),
            Schema::default(),
        )
        .unwrap();
        w
    }

    fn value(json: &str) -> serde_json::Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn the_file_written_a_document_at_a_time_is_the_pretty_printed_whole() {
        let w = workspace();
        let whole = WorkspaceFile {
            format: WORKSPACE_FORMAT.into(),
            version: VERSION,
            current: Some("d2".into()),
            documents: w
                .entries()
                .iter()
                .map(|e| {
                    let editor = e.editor().unwrap();
                    WorkspaceDocument {
                        done: e.done,
                        file: serde_json::to_value(spanwise::export(
                            editor.document(),
                            editor.schema(),
                        ))
                        .unwrap(),
                    }
                })
                .collect(),
        };
        assert_eq!(
            export_workspace(&w),
            serde_json::to_string_pretty(&whole).unwrap()
        );
    }

    #[test]
    fn a_workspace_round_trips() {
        let w = workspace();
        let json = export_workspace(&w);
        let (entries, current) = import_workspace(value(&json)).unwrap();
        assert_eq!(current.as_deref(), Some("d2"));
        let rendered: Vec<(String, bool)> = entries
            .iter()
            .map(|e| (render_fixture(e.editor().unwrap().document()), e.done))
            .collect();
        assert_eq!(
            rendered,
            [
                ("[Blinken|PERSON#a1] in [Cairo|GPE#a2]".to_string(), true),
                ("[Hamas|ORG#a1] and 🇶🇦".to_string(), false)
            ]
        );
        let again = Workspace::from_entries(entries, 1).unwrap();
        assert_eq!(export_workspace(&again), json);
    }

    #[test]
    fn a_bad_workspace_is_refused_whole() {
        let w = workspace();
        let mut file = value(&export_workspace(&w));
        file["documents"][1]["file"]["annotations"][0]["end"] = 99.into();
        assert_eq!(
            import_workspace(file).map(|_| ()).unwrap_err().to_string(),
            "documents[1]: 1 problem in the file: annotations[0] (id \"a1\"): end 99 is past the end of the text (12 code points)"
        );
        let cases = [
            (r#"{"format": "spanwise"}"#, "not a spanwise-workspace file"),
            (
                r#"{"format": "spanwise-workspace", "version": 2}"#,
                "version 2 is newer than this app reads (up to 1); update Spanwise",
            ),
            (
                r#"{"format": "spanwise-workspace", "version": 1, "documents": []}"#,
                "the workspace has no documents",
            ),
            (
                r#"{"format": "spanwise-workspace", "version": 1}"#,
                "the file does not have the expected fields: missing field `documents`",
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(
                import_workspace(value(json))
                    .map(|_| ())
                    .unwrap_err()
                    .to_string(),
                expected
            );
        }
    }

    #[test]
    fn the_stored_index_lists_documents_and_the_open_one() {
        let w = workspace();
        let index = stored_index(&w);
        let json = serde_json::to_string(&index).unwrap();
        assert_eq!(
            json,
            r#"{"format":"spanwise-workspace-index","version":1,"current":"d2","documents":[{"id":"d1","title":"fixture","done":true},{"id":"d2","title":"fixture","done":false}]}"#
        );
        assert_eq!(read_index(&json), Ok(index));
        assert_eq!(
            read_index("{"),
            Err(WorkspaceError::NotJson(
                "EOF while parsing an object at line 1 column 1".into()
            ))
        );
    }

    #[test]
    fn a_schema_file_round_trips_and_bad_ones_say_why() {
        let mut schema = Schema::default();
        schema.labels[0].color = Rc::from("#123456");
        schema.relation_types.push(Rc::from("funds"));
        let json = export_schema(&schema);
        assert_eq!(import_schema(value(&json)), Ok(schema));
        let mut bad = value(&json);
        bad["labels"][1]["color"] = "javascript:alert(1)".into();
        bad["labels"][2]["key"] = "12".into();
        assert_eq!(
            import_schema(bad).unwrap_err().to_string(),
            "schema.labels[1]: colour \"javascript:alert(1)\" is not of the form #rrggbb; schema.labels[2]: key \"12\" must be a single character"
        );
    }
}
