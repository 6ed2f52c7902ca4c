//! Spanwise's own JSON format: the lossless one.
//!
//! The field names are a public contract (`format`, `version`, `document.text`, and
//! `annotations[]` with `id`, `kind`, `label`, `start`, `end`, `text`); `schema/spanwise.schema.json`
//! documents them. Offsets are Unicode code points, end exclusive. The types here are the file's
//! own, separate from the model's, so a refactor of the model never changes a file.
//!
//! Version 2 added claims (`kind: "claim"` with `attributes`), cues, `relations[]` and
//! `entities[]`; version-1 files (entities only) still open.
//!
//! Version 3 added the provenance of a corrected text: `document.source_text` (the text as first
//! loaded) and `document.edits[]` (each `{start, end, text}` in code points of the text just
//! before it), which replay from `source_text` to `document.text`. They are written only for a
//! document with edits, and only such a file says version 3: a document never corrected is
//! written as version 2, byte for byte as before, so that readers of version 2 keep reading
//! everything they could. A version-3 file whose edits do not replay is refused.

use serde::{Deserialize, Serialize};
use std::rc::Rc;
use thiserror::Error;

use crate::model::claim::{Attribution, CheckWorthiness, ClaimAttributes, QuoteType, Verdict};
use crate::model::command::{Command, Editor};
use crate::model::document::{
    Annotation, AnnotationId, Document, Entity, EntityId, Relation, RelationId, SpanKind,
    CLAIM_LABEL, CUE_LABEL, SPEAKER,
};
use crate::model::offsets::CpRange;
use crate::model::schema::{parse_color, Label, Schema, BUILT_IN_RELATION_TYPES};

pub const FORMAT: &str = "spanwise";
/// The newest version read, and the one written for a document whose text was corrected.
pub const VERSION: u64 = 3;
/// The version written for a document without text edits (see the module docs).
pub const VERSION_WITHOUT_EDITS: u64 = 2;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SpanwiseFile {
    pub format: String,
    pub version: u64,
    /// Who annotated the annotations of this file (the layer shown, in a file with versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotator: Option<String>,
    pub document: FileDocument,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<FileSchema>,
    #[serde(default)]
    pub annotations: Vec<FileAnnotation>,
    #[serde(default)]
    pub relations: Vec<FileRelation>,
    #[serde(default)]
    pub entities: Vec<FileEntity>,
    /// Ids of suggestions rejected for this document (they are not offered again).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_suggestions: Vec<String>,
    /// Every annotator's version of the document, in the order stacked, when there are two or
    /// more (the workspace file and the browser's storage write them; a single-document export
    /// holds the layer shown alone). The one shown is `"shown": true`, and its annotations are
    /// the file's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<FileVersion>,
    /// Disagreements between the versions that adjudication settled by taking nothing into
    /// gold, by their signature (gold alone cannot tell them from those not yet settled).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjudication_left_out: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileVersion {
    pub annotator: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shown: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<FileAnnotation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<FileRelation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<FileEntity>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileDocument {
    pub id: String,
    pub title: String,
    pub text: String,
    /// The text as first loaded, before the edits (version 3; only when there are edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    /// The edits from `source_text` to `text`, in order (version 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<FileEdit>,
}

/// One correction of the text: code points `start..end` of the text just before it replaced by
/// `text`.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileEdit {
    pub start: u64,
    pub end: u64,
    pub text: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileSchema {
    pub labels: Vec<FileLabel>,
    /// Relation types beyond the built-in `speaker`, `cue` and `alias`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relation_types: Vec<String>,
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
    /// A claim's attributes; only claims have them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<FileClaimAttributes>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileClaimAttributes {
    /// `"mention"` when a `speaker` relation names the speaker, else `"author"` or
    /// `"unattributed"`.
    pub speaker: String,
    pub quote_type: String,
    pub check_worthiness: String,
    pub verdict: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileRelation {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Annotation id where the relation starts (the claim, for `speaker` and `cue`).
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileEntity {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// Ids of the annotations that mention the entity, in text order.
    pub mentions: Vec<String>,
}

/// The value of `attributes.speaker` when a `speaker` relation names the speaker.
const SPEAKER_IS_MENTION: &str = "mention";

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
    #[error("document.source_text and document.edits need version 3; this file says {0}")]
    EditsNeedVersion3(u64),
    #[error("document.edits do not lead from document.source_text to document.text: {0}")]
    Provenance(crate::model::text_edit::ReplayError),
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

/// Writes a document and its schema as a file of the current version.
pub fn export(document: &Document, schema: &Schema) -> SpanwiseFile {
    export_with_text(document, schema, document.text())
}

/// The file of [`export`] with an empty `document.text`, for the browser's storage, which keeps
/// the text under a key of its own ([`import_with_text`] puts it back).
pub fn export_without_text(document: &Document, schema: &Schema) -> SpanwiseFile {
    export_with_text(document, schema, "")
}

fn export_with_text(document: &Document, schema: &Schema, text: &str) -> SpanwiseFile {
    let (annotations, relations, entities) = layer_to_file(document);
    let versions = if document.versions().is_empty() {
        Vec::new()
    } else {
        let shown = document.shown_version();
        document
            .version_documents()
            .iter()
            .enumerate()
            .map(|(i, (annotator, version))| {
                let annotator = annotator.as_deref().unwrap_or_default().to_string();
                if i == shown {
                    return FileVersion {
                        annotator,
                        shown: true,
                        annotations: Vec::new(),
                        relations: Vec::new(),
                        entities: Vec::new(),
                    };
                }
                let (annotations, relations, entities) = layer_to_file(version);
                FileVersion {
                    annotator,
                    shown: false,
                    annotations,
                    relations,
                    entities,
                }
            })
            .collect()
    };
    let edited = !document.edits().is_empty();
    SpanwiseFile {
        format: FORMAT.to_string(),
        version: if edited {
            VERSION
        } else {
            VERSION_WITHOUT_EDITS
        },
        annotator: document.annotator().map(|a| a.to_string()),
        document: FileDocument {
            id: document.id.to_string(),
            title: document.title.to_string(),
            text: text.to_string(),
            source_text: edited.then(|| document.source_text().to_string()),
            edits: document
                .edits()
                .iter()
                .map(|e| FileEdit {
                    start: e.start.0 as u64,
                    end: e.end.0 as u64,
                    text: e.text.to_string(),
                })
                .collect(),
        },
        schema: Some(schema_to_file(schema)),
        annotations,
        relations,
        entities,
        rejected_suggestions: document.rejected().iter().map(|r| r.to_string()).collect(),
        versions,
        adjudication_left_out: document
            .left_out_of_gold()
            .iter()
            .map(|s| s.to_string())
            .collect(),
    }
}

/// The layer shown of a document in its file form.
fn layer_to_file(document: &Document) -> (Vec<FileAnnotation>, Vec<FileRelation>, Vec<FileEntity>) {
    let annotations = document
        .annotations()
        .iter()
        .map(|a| FileAnnotation {
            id: a.id.to_string(),
            kind: a.kind.as_str().to_string(),
            label: a.label.to_string(),
            start: a.range.start.0 as u64,
            end: a.range.end.0 as u64,
            text: document.slice(a.range).to_string(),
            attributes: a
                .claim
                .as_ref()
                .map(|c| claim_attributes_to_file(document, &a.id, c)),
        })
        .collect();
    let relations = document
        .relations()
        .iter()
        .map(|r| FileRelation {
            id: r.id.0.to_string(),
            kind: r.kind.to_string(),
            from: r.from.to_string(),
            to: r.to.to_string(),
        })
        .collect();
    let entities = document.entities().iter().map(entity_to_file).collect();
    (annotations, relations, entities)
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

/// Reads a file written by [`export_without_text`], with its text given apart, then checks it
/// like any other. It goes through a `serde_json::Value` as every other Spanwise file does:
/// a second, direct deserializer of the same types cost 21 KB of wasm.
pub fn import_with_text(json: &str, text: String) -> Result<(Document, Schema), ImportError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| ImportError::Shape(e.to_string()))?;
    let mut file: SpanwiseFile =
        serde_json::from_value(value).map_err(|e| ImportError::Shape(e.to_string()))?;
    if file.format != FORMAT || !(VERSION_WITHOUT_EDITS..=VERSION).contains(&file.version) {
        return Err(ImportError::NotSpanwise(format!(
            "stored as {:?} version {}, not {FORMAT:?} version {VERSION_WITHOUT_EDITS} or \
             {VERSION}",
            file.format, file.version
        )));
    }
    if !file.document.text.is_empty() {
        return Err(ImportError::Shape(
            "a document stored apart from its text holds a text too".into(),
        ));
    }
    file.document.text = text;
    from_file(file)
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

fn from_file(mut file: SpanwiseFile) -> Result<(Document, Schema), ImportError> {
    let mut problems = Vec::new();
    let mut document = Document::new(&file.document.id, &file.document.title, &file.document.text);
    let source_text = file.document.source_text.take();
    if source_text.is_some() || !file.document.edits.is_empty() {
        if file.version < 3 {
            return Err(ImportError::EditsNeedVersion3(file.version));
        }
        let edits = std::mem::take(&mut file.document.edits)
            .into_iter()
            .map(|e| {
                crate::model::text_edit::TextEdit::new(e.start as usize, e.end as usize, &e.text)
            })
            .collect();
        let source_text = source_text.unwrap_or_else(|| file.document.text.clone());
        document = document
            .with_provenance(&source_text, edits)
            .map_err(ImportError::Provenance)?;
    }

    let mut schema = match &file.schema {
        None => Schema::default(),
        Some(s) => schema_from_file(s, "schema", &mut problems),
    };

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
                "{at}: unknown kind {:?} (expected \"entity\", \"claim\" or \"cue\")",
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
        let annotation = match (kind, &a.attributes) {
            (SpanKind::Entity, None) => {
                schema.ensure_label(&a.label);
                Annotation::entity(&a.id, &a.label, range)
            }
            (SpanKind::Claim, attributes) if a.label == CLAIM_LABEL => {
                let attributes = match attributes {
                    Some(file) => match claim_attributes(file) {
                        Ok(attributes) => attributes,
                        Err(e) => {
                            problems.push(format!("{at}: {e}"));
                            continue;
                        }
                    },
                    None => ClaimAttributes::for_text(actual),
                };
                Annotation::claim(&a.id, range, attributes)
            }
            (SpanKind::Cue, None) if a.label == CUE_LABEL => Annotation::cue(&a.id, range),
            (SpanKind::Claim, _) => {
                problems.push(format!("{at}: a claim's label must be {CLAIM_LABEL:?}"));
                continue;
            }
            (SpanKind::Cue, None) => {
                problems.push(format!("{at}: a cue's label must be {CUE_LABEL:?}"));
                continue;
            }
            (_, Some(_)) => {
                problems.push(format!("{at}: only claims have attributes"));
                continue;
            }
        };
        document.insert(annotation);
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }

    // Relations and entities are checked by the same rules the editor's commands enforce.
    let mut editor = Editor::new(document, schema);
    for (i, r) in file.relations.iter().enumerate() {
        let relation = Relation {
            id: RelationId(Rc::from(r.id.as_str())),
            kind: Rc::from(r.kind.as_str()),
            from: AnnotationId::new(&r.from),
            to: AnnotationId::new(&r.to),
        };
        if let Err(e) = editor.apply(Command::AddRelation(relation)) {
            problems.push(format!("relations[{i}] (id {:?}): {e}", r.id));
        }
    }
    for (i, file_entity) in file.entities.iter().enumerate() {
        let entity = entity_from_file(file_entity);
        let duplicate = editor.document().entity(&entity.id).is_some();
        let result = if duplicate {
            Err("the id appears more than once".to_string())
        } else {
            editor
                .apply(Command::PutEntity(entity))
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        if let Err(e) = result {
            problems.push(format!("entities[{i}] (id {:?}): {e}", file_entity.id));
        }
    }
    for a in &file.annotations {
        let has_relation = editor
            .document()
            .relation_from(&AnnotationId::new(&a.id), SPEAKER)
            .is_some();
        let says_mention = a
            .attributes
            .as_ref()
            .is_some_and(|c| c.speaker == SPEAKER_IS_MENTION);
        if has_relation != says_mention && a.kind == "claim" {
            problems.push(format!(
                "claim {:?}: attributes.speaker is {:?} but {} speaker relation",
                a.id,
                a.attributes.as_ref().map_or("", |c| c.speaker.as_str()),
                if has_relation {
                    "there is a"
                } else {
                    "there is no"
                }
            ));
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    let mut editor_schema = editor.schema().clone();
    let mut document = editor
        .document()
        .clone()
        .with_annotator(file.annotator.as_deref().map(Rc::from));
    for rejected in &file.rejected_suggestions {
        document.set_rejected(rejected, true);
    }
    let document = document.with_left_out_of_gold(
        file.adjudication_left_out
            .iter()
            .map(|s| Rc::from(s.as_str()))
            .collect(),
    );
    let document = versions_from_file(document, file.versions, &mut editor_schema)?;
    Ok((document, editor_schema))
}

/// Puts a file's versions on the document read from its top level: each version's layer is
/// read and checked as a file of its own with the same text.
fn versions_from_file(
    document: Document,
    file_versions: Vec<FileVersion>,
    schema: &mut Schema,
) -> Result<Document, ImportError> {
    if file_versions.is_empty() {
        return Ok(document);
    }
    let mut problems = Vec::new();
    let mut versions = Vec::new();
    for (i, version) in file_versions.into_iter().enumerate() {
        let at = format!("versions[{i}] ({:?})", version.annotator);
        if version.shown {
            if document.annotator().map(|a| &**a) != Some(version.annotator.as_str()) {
                problems.push(format!(
                    "{at}: the version shown must be the file's \"annotator\""
                ));
            }
            if !(version.annotations.is_empty()
                && version.relations.is_empty()
                && version.entities.is_empty())
            {
                problems.push(format!(
                    "{at}: the version shown keeps its annotations at the top level"
                ));
            }
            versions.push((Rc::from(version.annotator.as_str()), None));
            continue;
        }
        let layer_file = SpanwiseFile {
            format: FORMAT.to_string(),
            version: VERSION,
            annotator: None,
            document: FileDocument {
                id: document.id.to_string(),
                title: document.title.to_string(),
                text: document.text().to_string(),
                source_text: None,
                edits: Vec::new(),
            },
            schema: None,
            annotations: version.annotations,
            relations: version.relations,
            entities: version.entities,
            rejected_suggestions: Vec::new(),
            versions: Vec::new(),
            adjudication_left_out: Vec::new(),
        };
        match from_file(layer_file) {
            Ok((layer, _)) => {
                for annotation in layer.annotations() {
                    if annotation.kind == SpanKind::Entity {
                        schema.ensure_label(&annotation.label);
                    }
                }
                versions.push((Rc::from(version.annotator.as_str()), Some(layer.layer())));
            }
            Err(ImportError::Invalid(found)) => {
                problems.extend(found.into_iter().map(|p| format!("{at}: {p}")))
            }
            Err(e) => problems.push(format!("{at}: {e}")),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    crate::model::versions::with_versions(document, versions)
        .map_err(|e| ImportError::Invalid(vec![format!("versions: {e}")]))
}

/// The file's schema as the model's; every problem is pushed with its path (`at.labels[i]`).
pub fn schema_from_file(file: &FileSchema, at: &str, problems: &mut Vec<String>) -> Schema {
    let n_problems = problems.len();
    let labels = file
        .labels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let color = parse_color(&l.color)
                .map_err(|e| problems.push(format!("{at}.labels[{i}]: {e}")))
                .ok()?;
            let mut key_chars = l.key.as_deref().unwrap_or("").chars();
            let key = match (key_chars.next(), key_chars.next()) {
                (first, None) => first,
                _ => {
                    problems.push(format!(
                        "{at}.labels[{i}]: key {:?} must be a single character",
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
        .collect();
    let relation_types = BUILT_IN_RELATION_TYPES
        .iter()
        .map(|t| t.to_string())
        .chain(
            file.relation_types
                .iter()
                .filter(|t| !BUILT_IN_RELATION_TYPES.contains(&t.as_str()))
                .cloned(),
        )
        .map(|t| Rc::from(t.as_str()))
        .collect();
    let schema = Schema {
        labels,
        relation_types,
    };
    if problems.len() == n_problems {
        if let Err(e) = schema.validate() {
            problems.push(format!("{at}: {e}"));
        }
    }
    schema
}

/// The model's schema as the file's.
pub fn schema_to_file(schema: &Schema) -> FileSchema {
    FileSchema {
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
        relation_types: schema
            .relation_types
            .iter()
            .filter(|t| !BUILT_IN_RELATION_TYPES.contains(&&***t))
            .map(|t| t.to_string())
            .collect(),
    }
}

/// An entity in its file form.
pub fn entity_to_file(e: &Entity) -> FileEntity {
    FileEntity {
        id: e.id.0.to_string(),
        name: e.name.to_string(),
        wikidata: e.wikidata.as_ref().map(|w| w.to_string()),
        mentions: e.mentions.iter().map(|m| m.to_string()).collect(),
    }
}

/// An entity from its file form, unchecked: the editor's `PutEntity` checks it.
pub fn entity_from_file(file: &FileEntity) -> Entity {
    Entity {
        id: EntityId(Rc::from(file.id.as_str())),
        name: Rc::from(file.name.as_str()),
        wikidata: file.wikidata.as_deref().map(Rc::from),
        mentions: file.mentions.iter().map(|m| AnnotationId::new(m)).collect(),
    }
}

/// A claim's attributes in their file form (`speaker` says whether a relation names it).
pub fn claim_attributes_to_file(
    document: &Document,
    id: &AnnotationId,
    c: &ClaimAttributes,
) -> FileClaimAttributes {
    FileClaimAttributes {
        speaker: match document.relation_from(id, SPEAKER) {
            Some(_) => SPEAKER_IS_MENTION.to_string(),
            None => c.attribution.as_str().to_string(),
        },
        quote_type: c.quote_type.as_str().to_string(),
        check_worthiness: c.check_worthiness.as_str().to_string(),
        verdict: c.verdict.as_str().to_string(),
        note: c.note.to_string(),
    }
}

/// A claim's attributes from their file form; the error names the bad field.
pub fn claim_attributes(file: &FileClaimAttributes) -> Result<ClaimAttributes, String> {
    fn parse<T>(
        field: &str,
        value: &str,
        parse: fn(&str) -> Option<T>,
        all: &[&str],
    ) -> Result<T, String> {
        parse(value).ok_or_else(|| {
            format!(
                "attributes.{field} is {value:?}; expected one of {}",
                all.join(", ")
            )
        })
    }
    let attribution = if file.speaker == SPEAKER_IS_MENTION {
        Attribution::Unattributed
    } else {
        let mut all = vec![SPEAKER_IS_MENTION];
        all.extend(Attribution::ALL.iter().map(|a| a.as_str()));
        parse("speaker", &file.speaker, Attribution::parse, &all)?
    };
    Ok(ClaimAttributes {
        quote_type: parse(
            "quote_type",
            &file.quote_type,
            QuoteType::parse,
            &QuoteType::ALL
                .iter()
                .map(|q| q.as_str())
                .collect::<Vec<_>>(),
        )?,
        check_worthiness: parse(
            "check_worthiness",
            &file.check_worthiness,
            CheckWorthiness::parse,
            &CheckWorthiness::ALL
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
        )?,
        verdict: parse(
            "verdict",
            &file.verdict,
            Verdict::parse,
            &Verdict::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
        )?,
        attribution,
        note: Rc::from(file.note.as_str()),
    })
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
    fn stored_apart_from_its_text_a_document_comes_back_whole() {
        let document = parse_fixture(
            "anthony [blinken|PERSON#a1]arrived [🇶🇦|GPE#a2]\n[“it is [said|CUE#c1]”|CLAIM#k1]",
        );
        let schema = Schema::default();
        let stored =
            serde_json::to_string(&export_without_text(&document, &schema)).expect("serialises");
        assert!(
            stored.contains("\"text\":\"\"}"),
            "no document text in {stored}"
        );
        let (back, back_schema) =
            import_with_text(&stored, document.text().to_string()).expect("imports");
        assert_eq!(back, document);
        assert_eq!(back_schema, schema);
        // A wrong text is caught by the usual checks, never half-applied.
        let error = import_with_text(&stored, "short".into()).expect_err("text too short");
        assert!(error.to_string().contains("past the end"), "{error}");
        let whole = serde_json::to_string(&export(&document, &schema)).expect("serialises");
        assert!(import_with_text(&whole, document.text().to_string()).is_err());
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
        assert_eq!(file.version, 2);
    }

    #[test]
    fn the_example_file_in_the_repository_imports() {
        let json = include_str!("../../schema/example.spanwise.json");
        let (document, schema) = import_json(json).expect("example imports");
        assert_eq!(document.annotations().len(), 8);
        assert_eq!(
            document.slice(document.annotations()[0].range),
            "anthony blinken"
        );
        assert_eq!(document.relations().len(), 2);
        assert_eq!(&*document.entities()[0].name, "Antony Blinken");
        // Written back, it is the same file.
        assert_eq!(export_json(&document, &schema) + "\n", json);
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
            (r#"{"format": "spanwise", "version": 4}"#.to_string(), "version 4 is newer than this app reads (up to 3); update Spanwise"),
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
                "1 problem in the file: annotations[0] (id \"a1\"): unknown kind \"event\" (expected \"entity\", \"claim\" or \"cue\")",
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
                "the file does not have the expected fields: unknown field `extra`, expected one of `id`, `kind`, `label`, `start`, `end`, `text`, `attributes`",
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

    /// The sample's claim, its speaker and cue, and two grouped Blinken mentions.
    fn claim_document() -> (Document, Schema) {
        let document = parse_fixture(
            "[Blinken|PERSON#a1] said [“The differences are narrowing”|CLAIM#a2] and [Blinken|PERSON#a3] [thought|CUE#a4] so.",
        );
        let mut editor = Editor::new(document, Schema::default());
        let claim = AnnotationId::new("a2");
        let speaker = editor.set_speaker(
            &claim,
            crate::model::command::Speaker::Mention(AnnotationId::new("a1")),
        );
        editor.apply(speaker).unwrap();
        let mut attributes = editor.claim_attributes(&claim).unwrap();
        attributes.verdict = Verdict::MostlyFalse;
        attributes.note = Rc::from("Talks stalled a week later.\nSee <b>sources</b>.");
        editor
            .apply(Command::SetClaim {
                id: claim.clone(),
                attributes: Box::new(attributes),
            })
            .unwrap();
        editor
            .apply(Command::AddRelation(Relation {
                id: RelationId(Rc::from("r9")),
                kind: Rc::from("cue"),
                from: claim,
                to: AnnotationId::new("a4"),
            }))
            .unwrap();
        let group = editor
            .group(&[AnnotationId::new("a1"), AnnotationId::new("a3")])
            .unwrap();
        editor.apply(group).unwrap();
        let mut entity = editor.document().entities()[0].clone();
        entity.wikidata = Some(Rc::from("Q7821917"));
        editor.apply(Command::PutEntity(entity)).unwrap();
        (editor.document().clone(), editor.schema().clone())
    }

    #[test]
    fn claims_relations_and_entities_survive_export_and_open() {
        let (document, schema) = claim_document();
        let json = export_json(&document, &schema);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value["annotations"][1],
            serde_json::json!({
                "id": "a2", "kind": "claim", "label": "CLAIM", "start": 13, "end": 44,
                "text": "“The differences are narrowing”",
                "attributes": {
                    "speaker": "mention", "quote_type": "direct", "check_worthiness": "check-worthy",
                    "verdict": "mostly-false", "note": "Talks stalled a week later.\nSee <b>sources</b>."
                }
            })
        );
        assert_eq!(
            value["relations"],
            serde_json::json!([
                {"id": "r1", "type": "speaker", "from": "a2", "to": "a1"},
                {"id": "r9", "type": "cue", "from": "a2", "to": "a4"}
            ])
        );
        assert_eq!(
            value["entities"],
            serde_json::json!([{"id": "e1", "name": "Blinken", "wikidata": "Q7821917", "mentions": ["a1", "a3"]}])
        );
        let (back, back_schema) = import_json(&json).unwrap();
        assert_eq!(back, document);
        assert_eq!(export_json(&back, &back_schema), json);
    }

    #[test]
    fn version_1_files_still_open() {
        let v1 = r#"{"format": "spanwise", "version": 1,
            "document": {"id": "d", "title": "t", "text": "Blinken in Cairo"},
            "annotations": [{"id": "a1", "kind": "entity", "label": "PERSON", "start": 0, "end": 7, "text": "Blinken"}]}"#;
        let (document, schema) = import_json(v1).unwrap();
        assert_eq!(render_fixture(&document), "[Blinken|PERSON#a1] in Cairo");
        assert_eq!(schema, Schema::default());
    }

    #[test]
    fn broken_claims_relations_and_entities_are_reported() {
        let (document, schema) = claim_document();
        let good: serde_json::Value =
            serde_json::from_str(&export_json(&document, &schema)).unwrap();
        let check = |edit: &dyn Fn(&mut serde_json::Value), expected: &str| {
            let mut file = good.clone();
            edit(&mut file);
            assert_eq!(error_of(&file.to_string()), expected);
        };
        check(
            &|f| f["annotations"][1]["attributes"]["verdict"] = "probably".into(),
            "1 problem in the file: annotations[1] (id \"a2\"): attributes.verdict is \"probably\"; expected one of unverified, true, mostly-true, mixed, mostly-false, false, unverifiable",
        );
        check(
            &|f| f["annotations"][1]["label"] = "PERSON".into(),
            "1 problem in the file: annotations[1] (id \"a2\"): a claim's label must be \"CLAIM\"",
        );
        check(
            &|f| f["annotations"][0]["attributes"] = good["annotations"][1]["attributes"].clone(),
            "1 problem in the file: annotations[0] (id \"a1\"): only claims have attributes",
        );
        check(
            &|f| f["relations"][0]["to"] = "a99".into(),
            "2 problems in the file: relations[0] (id \"r1\"): no annotation has the id a99; claim \"a2\": attributes.speaker is \"mention\" but there is no speaker relation",
        );
        check(
            &|f| f["relations"][1]["type"] = "funds".into(),
            "1 problem in the file: relations[1] (id \"r9\"): the schema has no relation type \"funds\"",
        );
        check(
            &|f| f["relations"][0]["to"] = "a4".into(),
            "2 problems in the file: relations[0] (id \"r1\"): a4 is of kind cue, not entity; claim \"a2\": attributes.speaker is \"mention\" but there is no speaker relation",
        );
        check(
            &|f| f["entities"][0]["wikidata"] = "Blinken".into(),
            "1 problem in the file: entities[0] (id \"e1\"): \"Blinken\" is not a Wikidata id (Q followed by a number, such as Q311440)",
        );
        check(
            &|f| f["entities"][0]["mentions"] = serde_json::json!(["a1", "a2"]),
            "1 problem in the file: entities[0] (id \"e1\"): a2 is of kind claim, not entity",
        );
        check(
            &|f| {
                let copy = f["entities"][0].clone();
                f["entities"].as_array_mut().unwrap().push(copy);
            },
            "1 problem in the file: entities[1] (id \"e1\"): the id appears more than once",
        );
    }
}

#[cfg(test)]
#[path = "tests_spanwise_edits.rs"]
mod tests_edits;
