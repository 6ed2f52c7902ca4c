//! One entry point for everything a person opens and everything they export: it tells the
//! formats apart by content, pairs brat's `.txt` and `.ann` files, converts foreign documents
//! into the model (labels into the schema, relations through the editor's checks), and writes
//! a document in every format the export menu offers.

use std::collections::HashSet;
use std::rc::Rc;

use crate::formats::decode::{self, Encoding};
use crate::formats::detect::{self, Detected};
use crate::formats::{
    brat, conll, describe_annotation, doccano, labelstudio, spanwise, w3c, workspace, Diagnostic,
    Imported, ImportedDocument, ImportedKind, ImportedRelation, OffsetUnit, OpenError,
    SpanwiseExtras,
};
use crate::model::claim::ClaimAttributes;
use crate::model::command::{Command, CommandError, Editor};
use crate::model::document::{
    Annotation, AnnotationId, Document, Relation, RelationId, SpanKind, CLAIM_LABEL, CUE_LABEL,
};
use crate::model::schema::Schema;
use crate::model::workspace::Entry;

/// A file as the browser hands it over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What a set of opened files turned out to be.
#[derive(Debug)]
pub enum Opened {
    /// Documents to add to the workspace (one for a text or Spanwise file, several for a
    /// multi-document file), with what could not be imported.
    Documents {
        format: &'static str,
        documents: Vec<(Document, Schema)>,
        unit: Option<OffsetUnit>,
        diagnostics: Vec<Diagnostic>,
        encoding: Encoding,
    },
    /// A whole workspace, to merge or replace after the person has seen the plan.
    Workspace {
        entries: Vec<Entry>,
        current: Option<String>,
    },
    /// A label set to apply to the open document.
    Schema(Schema),
}

/// Opens one file, or brat `.txt` + `.ann` pairs (see [`open_brat_files`]). `current` gives the
/// open document's text (W3C files usually point into it) and schema (labels of foreign files
/// join it).
pub fn open_files(files: &[InputFile], current: &Editor) -> Result<Opened, OpenError> {
    let Some(file) = files.first() else {
        return Err(OpenError::Foreign {
            name: String::new(),
            message: "no file was chosen".into(),
        });
    };
    if files.len() > 1 {
        if let Some(opened) = open_spanwise_files(files, current)? {
            return Ok(opened);
        }
        return open_brat_files(files, current);
    }
    let (content, encoding) = decode_file(file)?;
    let name = file.name.clone();
    let foreign = |result: Result<Imported, crate::formats::foreign::FormatError>| {
        result.map_err(OpenError::Format)
    };
    let detected = detect::detect(&name, &content);
    let mut extras = None;
    let imported = match detected {
        Some(Detected::W3c) => {
            let carries_text = content.contains(w3c::DOCUMENT_KEY);
            if carries_text {
                extras = Some(w3c::spanwise_extras(&content));
                foreign(w3c::import(&name, &content))?
            } else {
                foreign(w3c::import_with_text(
                    &name,
                    &content,
                    current.document().text(),
                ))?
            }
        }
        Some(Detected::LabelStudio) => foreign(labelstudio::import(&name, &content))?,
        Some(Detected::Doccano) => foreign(doccano::import(&name, &content))?,
        Some(Detected::Conll) => foreign(conll::import(&name, &content))?,
        Some(Detected::BratAnn) => {
            return Err(OpenError::Foreign {
                name,
                message: "a brat .ann file needs its .txt: choose both files together".into(),
            })
        }
        Some(Detected::Spanwise) | Some(Detected::PlainText) | None => {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&content) {
                let wrap = |e: workspace::WorkspaceError| OpenError::Foreign {
                    name: name.clone(),
                    message: e.to_string(),
                };
                if workspace::is_workspace(&value) {
                    let (entries, current) = workspace::import_workspace(value).map_err(wrap)?;
                    return Ok(Opened::Workspace { entries, current });
                }
                if workspace::is_schema(&value) {
                    return workspace::import_schema(value)
                        .map(Opened::Schema)
                        .map_err(wrap);
                }
            }
            let opened = super::open(&name, &file.bytes, current.schema())?;
            return Ok(Opened::Documents {
                format: opened.read_as,
                documents: vec![(opened.document, opened.schema)],
                unit: None,
                diagnostics: Vec::new(),
                encoding: opened.encoding,
            });
        }
    };
    Ok(documents(imported, current, encoding, extras))
}

/// Opens Spanwise files chosen together (annotators' versions of one document, or several
/// documents): every one read whole, or the whole choice refused with the first file's reason.
/// `None` when not every file is a Spanwise document file (brat pairs, then).
fn open_spanwise_files(files: &[InputFile], current: &Editor) -> Result<Option<Opened>, OpenError> {
    let mut contents = Vec::with_capacity(files.len());
    for file in files {
        let Ok((content, encoding)) = decode_file(file) else {
            return Ok(None);
        };
        let is_document = detect::detect(&file.name, &content) == Some(Detected::Spanwise)
            && serde_json::from_str::<serde_json::Value>(&content).is_ok_and(|value| {
                spanwise::is_spanwise(&value)
                    && !workspace::is_workspace(&value)
                    && !workspace::is_schema(&value)
            });
        if !is_document {
            return Ok(None);
        }
        contents.push((file, encoding));
    }
    let mut documents = Vec::with_capacity(files.len());
    let mut encoding = Encoding::Utf8;
    for (file, file_encoding) in contents {
        let opened = super::open(&file.name, &file.bytes, current.schema())?;
        if file_encoding != Encoding::Utf8 {
            encoding = file_encoding;
        }
        documents.push((opened.document, opened.schema));
    }
    Ok(Some(Opened::Documents {
        format: super::SPANWISE_JSON,
        documents,
        unit: None,
        diagnostics: Vec::new(),
        encoding,
    }))
}

/// A file's text, refused when it is too large or not text.
fn decode_file(file: &InputFile) -> Result<(String, Encoding), OpenError> {
    if file.bytes.len() > super::MAX_FILE_BYTES {
        return Err(OpenError::TooLarge {
            name: file.name.clone(),
            size: file.bytes.len(),
        });
    }
    decode::decode(&file.bytes).map_err(|error| OpenError::Decode {
        name: file.name.clone(),
        error,
    })
}

/// What a file chosen among several is, by its name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BratRole {
    Text,
    Annotations,
    /// `annotation.conf`: the collection's label set, for every pair.
    Conf,
    /// brat's other configuration files (`visual.conf`, `tools.conf`…), which hold nothing
    /// Spanwise uses.
    OtherConf,
    Other,
}

fn brat_role(name: &str) -> BratRole {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let lower = base.to_ascii_lowercase();
    if lower == "annotation.conf" {
        BratRole::Conf
    } else if lower.ends_with(".conf") {
        BratRole::OtherConf
    } else if lower.ends_with(".txt") {
        BratRole::Text
    } else if lower.ends_with(".ann") {
        BratRole::Annotations
    } else {
        BratRole::Other
    }
}

/// Opens brat files chosen together: every `.txt` with the `.ann` of the same stem (when just
/// one of each is chosen they pair whatever their names), each pair one document, with
/// `annotation.conf`'s label set for all. A `.txt` without its `.ann`, or with an empty one,
/// opens as its text with no annotations; an `.ann` without its `.txt` is not opened. Each is
/// said in a diagnostic. A pair that cannot be read is a diagnostic too, and the others open;
/// when none opens, the whole choice is refused with the reasons.
fn open_brat_files(files: &[InputFile], current: &Editor) -> Result<Opened, OpenError> {
    let names = files
        .iter()
        .map(|f| f.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let of_role = |role: BratRole| files.iter().filter(move |f| brat_role(&f.name) == role);
    let texts: Vec<&InputFile> = of_role(BratRole::Text).collect();
    let anns: Vec<&InputFile> = of_role(BratRole::Annotations).collect();
    if anns.is_empty() || texts.is_empty() && anns.len() == 1 {
        return Err(OpenError::Foreign {
            name: names,
            message: "several files open together only as brat pairs: each .txt with its .ann"
                .into(),
        });
    }
    let stem = |f: &InputFile| crate::formats::title_from_file_name(&f.name);
    let pair_of = |text: &InputFile| -> Option<&InputFile> {
        if texts.len() == 1 && anns.len() == 1 {
            return Some(anns[0]);
        }
        anns.iter().copied().find(|ann| stem(ann) == stem(text))
    };
    let mut diagnostics = Vec::new();
    let mut note = |message: String| {
        diagnostics.push(Diagnostic {
            line: None,
            message,
        })
    };
    let conf = match of_role(BratRole::Conf).next().map(decode_file) {
        Some(Ok((conf, _))) => Some(brat::parse_annotation_conf(&conf)),
        Some(Err(e)) => {
            note(format!("{e}; the label set was not read"));
            None
        }
        None => None,
    };
    for file in of_role(BratRole::OtherConf) {
        note(format!(
            "{}: not read: of brat's configuration files Spanwise reads annotation.conf, the \
             label set",
            file.name
        ));
    }
    for file in of_role(BratRole::Other) {
        note(format!(
            "{}: not opened: several files open together only as brat .txt and .ann pairs",
            file.name
        ));
    }
    for ann in &anns {
        if !texts
            .iter()
            .any(|text| pair_of(text).is_some_and(|paired| std::ptr::eq(paired, *ann)))
        {
            note(format!(
                "{}: not opened: its text, {}.txt, was not chosen with it",
                ann.name,
                stem(ann)
            ));
        }
    }
    let mut opened = Vec::new();
    let mut encoding = Encoding::Utf8;
    for &text_file in &texts {
        let (text, text_encoding) = match decode_file(text_file) {
            Ok(decoded) => decoded,
            Err(e) => {
                note(format!("{e}; not opened"));
                continue;
            }
        };
        let ann = match pair_of(text_file) {
            None => {
                note(format!(
                    "{}: no {}.ann was chosen with it, so it opened with no annotations",
                    text_file.name,
                    stem(text_file)
                ));
                String::new()
            }
            Some(ann_file) => match decode_file(ann_file) {
                Ok((ann, _)) if !ann.trim().is_empty() => ann,
                Ok(_)
                | Err(OpenError::Decode {
                    error: decode::DecodeError::Empty,
                    ..
                }) => {
                    note(format!(
                        "{} is empty: {} opened with no annotations",
                        ann_file.name, text_file.name
                    ));
                    String::new()
                }
                Err(e) => {
                    note(format!("{e}; {} was not opened", text_file.name));
                    continue;
                }
            },
        };
        let imported = match &conf {
            Some(conf) => brat::import_pair_with_conf(&text_file.name, &text, &ann, conf),
            None => brat::import_pair(&text_file.name, &text, &ann),
        };
        match imported {
            Ok(imported) => {
                if encoding == Encoding::Utf8 {
                    encoding = text_encoding;
                }
                opened.push((text_file, imported));
            }
            Err(e) => note(format!("{e}; not opened")),
        }
    }
    if opened.is_empty() {
        let reasons: Vec<String> = diagnostics.into_iter().map(|d| d.message).collect();
        return Err(OpenError::Foreign {
            name: names,
            message: format!("nothing could be opened: {}", reasons.join("; ")),
        });
    }
    // With several pairs, a line number means nothing without the file it is in.
    let several = opened.len() > 1;
    let mut all = Imported {
        format: brat::FORMAT,
        documents: Vec::new(),
        unit: Some(OffsetUnit::CodePoint),
        diagnostics,
    };
    for (text_file, imported) in opened {
        let ann_name = pair_of(text_file).map_or_else(String::new, |f| f.name.clone());
        all.documents.extend(imported.documents);
        all.diagnostics
            .extend(imported.diagnostics.into_iter().map(|d| Diagnostic {
                message: if several {
                    format!("{ann_name}: {}", d.message)
                } else {
                    d.message
                },
                ..d
            }));
    }
    Ok(documents(all, current, encoding, None))
}

/// Converts imported documents into the model: their labels join the open schema, their claims,
/// cues, relations and entity groups go through the editor's checks ([`apply_extras`]; a
/// refused one becomes a diagnostic), and notes on other spans, which Spanwise cannot hold, are
/// counted in a diagnostic rather than dropped silently. `extras` are what a W3C file of ours
/// adds for its one document.
fn documents(
    imported: Imported,
    current: &Editor,
    encoding: Encoding,
    extras: Option<SpanwiseExtras>,
) -> Opened {
    let mut diagnostics = imported.diagnostics;
    let mut file_extras = extras;
    let documents = imported
        .documents
        .into_iter()
        .map(|mut d| {
            let mut extras = SpanwiseExtras {
                kinds: std::mem::take(&mut d.kinds),
                relations: std::mem::take(&mut d.relations),
                entities: Vec::new(),
            };
            if let Some(file) = file_extras.take() {
                // The file's own terms say more than its labels: they replace what the labels
                // alone made of a span.
                extras
                    .kinds
                    .retain(|k| !file.kinds.iter().any(|f| f.id == k.id));
                extras.kinds.extend(file.kinds);
                extras.relations.extend(file.relations);
                extras.entities = file.entities;
            }
            let (document, schema) = into_model(d, current.schema(), &extras, &mut diagnostics);
            apply_extras(document, schema, extras, &mut diagnostics)
        })
        .collect();
    Opened::Documents {
        format: imported.format,
        documents,
        unit: imported.unit,
        diagnostics,
        encoding,
    }
}

/// The imported document with its labels in the schema. Claims and cues are told apart by the
/// kind, not by a label: `CLAIM` and `CUE` never join the schema as entity labels.
fn into_model(
    imported: ImportedDocument,
    schema: &Schema,
    extras: &SpanwiseExtras,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Document, Schema) {
    let mut schema = schema.clone();
    let ours = |label: &str| label == CLAIM_LABEL || label == CUE_LABEL;
    for label in imported.labels.iter().filter(|l| !ours(l)) {
        schema.ensure_label(label);
    }
    let converted: HashSet<&AnnotationId> = extras.kinds.iter().map(|k| &k.id).collect();
    for annotation in imported.document.annotations() {
        if !converted.contains(&annotation.id) {
            schema.ensure_label(&annotation.label);
        }
    }
    if !imported.notes.is_empty() {
        diagnostics.push(Diagnostic {
            line: None,
            message: format!(
                "{}: {} note(s) on spans were not kept: Spanwise keeps notes on claims only",
                imported.document.title,
                imported.notes.len()
            ),
        });
    }
    (imported.document, schema)
}

/// The schema with a relation type it lacks added; `None` when it has the type already.
fn with_relation_type(schema: &Schema, kind: &str) -> Option<Schema> {
    if schema.relation_types.iter().any(|t| **t == *kind) {
        return None;
    }
    let mut schema = schema.clone();
    schema.relation_types.push(Rc::from(kind));
    Some(schema)
}

/// The command that adds a relation read from a file (the editor checks its ends).
fn add_relation(relation: ImportedRelation) -> Command {
    Command::AddRelation(Relation {
        id: RelationId(Rc::from(relation.id.as_str())),
        kind: Rc::from(relation.kind.as_str()),
        from: relation.from,
        to: relation.to,
    })
}

/// Restores what our exports carry beyond spans: claim and cue kinds with attributes, then
/// relations (a claim's speaker and cue need it to be a claim first), then entity groups. Each
/// goes through the editor's checks; a refusal is a diagnostic that names the spans by their
/// text.
fn apply_extras(
    document: Document,
    schema: Schema,
    extras: SpanwiseExtras,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Document, Schema) {
    let title = document.title.to_string();
    let mut editor = Editor::new(document, schema);
    let mut refuse = |what: String, e: String| {
        diagnostics.push(Diagnostic {
            line: None,
            message: format!("{title}: {what} not kept: {e}"),
        })
    };
    for ImportedKind {
        id,
        kind,
        attributes,
    } in extras.kinds
    {
        let Some(annotation) = editor.document().annotation(&id).cloned() else {
            continue;
        };
        let range = annotation.range;
        let span = describe_annotation(editor.document(), &id);
        let replacement = match kind {
            SpanKind::Claim => {
                let attributes = match attributes.map(|file| spanwise::claim_attributes(&file)) {
                    Some(Ok(attributes)) => attributes,
                    Some(Err(e)) => {
                        refuse(format!("the attributes of claim {span}"), e);
                        ClaimAttributes::for_document_span(editor.document(), range)
                    }
                    None => ClaimAttributes::for_document_span(editor.document(), range),
                };
                Annotation::claim(id.as_str(), range, attributes)
            }
            SpanKind::Cue => Annotation::cue(id.as_str(), range),
            SpanKind::Entity => continue,
        };
        let command = Command::Batch(vec![Command::Remove(id.clone()), Command::Add(replacement)]);
        if let Err(e) = editor.apply(command) {
            refuse(format!("{} {span}", kind.as_str()), e.to_string());
            // It stays an entity mention, so its label must be in the schema.
            let mut schema = editor.schema().clone();
            schema.ensure_label(&annotation.label);
            let _ = editor.apply(Command::SetSchema(Box::new(schema)));
        }
    }
    for relation in extras.relations {
        if let Some(schema) = with_relation_type(editor.schema(), &relation.kind) {
            let _ = editor.apply(Command::SetSchema(Box::new(schema)));
        }
        let what = format!("relation {} ({})", relation.id, relation.kind);
        if let Err(e) = editor.apply(add_relation(relation)) {
            refuse(what, in_words(editor.document(), &e));
        }
    }
    for entity in extras.entities {
        let what = format!("entity {:?}", entity.name);
        let command = Command::PutEntity(spanwise::entity_from_file(&entity));
        if let Err(e) = editor.apply(command) {
            refuse(what, in_words(editor.document(), &e));
        }
    }
    (editor.document().clone(), editor.schema().clone())
}

/// A refusal of the editor with the spans it names shown by their text and label, as the
/// person knows them; ids from a file mean nothing once the file is open.
fn in_words(document: &Document, error: &CommandError) -> String {
    let span = |id: &AnnotationId| describe_annotation(document, id);
    match error {
        CommandError::WrongKind {
            id,
            expected,
            actual,
        } => format!("{} is of kind {actual}, not {expected}", span(id)),
        CommandError::SecondRelation { claim, kind } => {
            format!("the claim {} already has a {kind}", span(claim))
        }
        CommandError::SelfRelation(id) => {
            format!("a relation cannot link {} to itself", span(id))
        }
        CommandError::MentionTaken { mention, entity } => format!(
            "{} belongs to another entity already{}",
            span(mention),
            document
                .entity(entity)
                .map_or_else(String::new, |e| format!(" ({:?})", e.name))
        ),
        other => other.to_string(),
    }
}

/// The formats the export menu offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Spanwise,
    W3c,
    Brat,
    Doccano,
    LabelStudio,
    Conll,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Spanwise,
        ExportFormat::W3c,
        ExportFormat::Brat,
        ExportFormat::Doccano,
        ExportFormat::LabelStudio,
        ExportFormat::Conll,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Spanwise => "Spanwise JSON",
            ExportFormat::W3c => "W3C Web Annotation (JSON-LD)",
            ExportFormat::Brat => "brat standoff (.txt + .ann)",
            ExportFormat::Doccano => "doccano JSONL",
            ExportFormat::LabelStudio => "Label Studio JSON",
            ExportFormat::Conll => "CoNLL / IOB2",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ExportFormat::Spanwise => "spanwise",
            ExportFormat::W3c => "w3c",
            ExportFormat::Brat => "brat",
            ExportFormat::Doccano => "doccano",
            ExportFormat::LabelStudio => "labelstudio",
            ExportFormat::Conll => "conll",
        }
    }

    pub fn parse(key: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// One file to download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub name: String,
    pub mime: &'static str,
    pub content: String,
}

/// A document written in a format, with what that format could not carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub files: Vec<OutputFile>,
    /// What was left out, for the person to read (spans CoNLL cannot hold, claims…).
    pub left_out: Vec<String>,
}

pub fn export(format: ExportFormat, document: &Document, schema: &Schema) -> Exported {
    let title = &document.title;
    let file = |suffix: &str, mime: &'static str, content: String| OutputFile {
        name: super::download_name(title, suffix),
        mime,
        content,
    };
    let claims = || {
        document
            .annotations()
            .iter()
            .filter_map(|a| a.claim.as_deref())
    };
    let mut left_out = Vec::new();
    // Our W3C export carries everything: kinds and attributes as extra terms, relations as
    // linking bodies, entities beside the text. brat, doccano and Label Studio carry claims
    // and cues as spans labelled CLAIM and CUE, their relations, and the claims' attributes
    // (`A` lines and notes, a record key, per-region results).
    let lossless = matches!(format, ExportFormat::Spanwise | ExportFormat::W3c);
    let n_claims = claims().count();
    if format == ExportFormat::Conll && n_claims > 0 {
        left_out.push(format!(
            "{n_claims} claim(s) are written as spans labelled CLAIM: {} has no place for their \
             attributes (quote type, check-worthiness, verdict, attribution, note), so they open \
             again with the defaults",
            format.name()
        ));
    }
    let n_broken_notes = claims().filter(|c| c.note.contains(['\n', '\r'])).count();
    if format == ExportFormat::Brat && n_broken_notes > 0 {
        left_out.push(format!(
            "line breaks in {n_broken_notes} claim note(s): a brat note is one line, so they \
             are written as spaces"
        ));
    }
    if format != ExportFormat::Spanwise && !document.edits().is_empty() {
        left_out.push(format!(
            "the text is written as corrected; the text as first loaded and the {} correction(s) \
             made to it are only in Spanwise JSON",
            document.edits().len()
        ));
    }
    if !lossless && !document.entities().is_empty() {
        left_out.push(
            "entity groups (canonical names, Wikidata ids) are only in Spanwise JSON and W3C"
                .into(),
        );
    }
    let imported = as_imported(document, schema);
    let files = match format {
        ExportFormat::Spanwise => {
            vec![file(
                "spanwise.json",
                "application/json",
                spanwise::export_json(document, schema),
            )]
        }
        ExportFormat::W3c => vec![file(
            "w3c.jsonld",
            "application/ld+json",
            w3c::export(&imported),
        )],
        ExportFormat::Brat => vec![
            file("txt", "text/plain", document.text().to_string()),
            file(
                "ann",
                "text/plain",
                brat::export_ann(document, &imported.relations, &imported.notes),
            ),
        ],
        ExportFormat::Doccano => vec![file(
            "doccano.jsonl",
            "application/jsonl",
            doccano::export(&[&imported]),
        )],
        ExportFormat::LabelStudio => {
            vec![file(
                "labelstudio.json",
                "application/json",
                labelstudio::export(&[&imported]),
            )]
        }
        ExportFormat::Conll => {
            let exported = conll::export(document);
            left_out.extend(
                exported
                    .skipped
                    .iter()
                    .map(|(id, why)| format!("{}: {why}", describe_annotation(document, id))),
            );
            if !document.relations().is_empty() {
                left_out.push("relations: CoNLL has no place for them".into());
            }
            vec![file("conll", "text/plain", exported.text)]
        }
    };
    Exported { files, left_out }
}

/// A document of the model as the foreign writers take it: the schema's labels, its relations.
pub fn as_imported(document: &Document, schema: &Schema) -> ImportedDocument {
    ImportedDocument {
        document: document.clone(),
        labels: schema.labels.iter().map(|l| l.name.to_string()).collect(),
        relations: document
            .relations()
            .iter()
            .map(|r| ImportedRelation {
                id: r.id.0.to_string(),
                kind: r.kind.to_string(),
                from: r.from.clone(),
                to: r.to.clone(),
            })
            .collect(),
        notes: Vec::new(),
        kinds: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::claim::{Attribution, CheckWorthiness, QuoteType, Verdict};
    use crate::model::command::Speaker;
    use crate::model::fixture::{parse_fixture, render_fixture};

    fn editor() -> Editor {
        Editor::new(parse_fixture("Blinken in Cairo"), Schema::default())
    }

    fn file(name: &str, content: &str) -> InputFile {
        InputFile {
            name: name.into(),
            bytes: content.as_bytes().to_vec(),
        }
    }

    fn opened_documents(opened: Opened) -> (&'static str, Vec<String>, Vec<String>) {
        match opened {
            Opened::Documents {
                format,
                documents,
                diagnostics,
                ..
            } => (
                format,
                documents.iter().map(|(d, _)| render_fixture(d)).collect(),
                diagnostics.iter().map(|d| d.message.clone()).collect(),
            ),
            other => panic!("expected documents, got {other:?}"),
        }
    }

    #[test]
    fn every_exported_format_opens_again_with_the_same_spans() {
        let document = parse_fixture(
            "[Antony Blinken|PERSON#a1] met [Sameh Shoukry|PERSON#a2] in [Cairo|GPE#a3].",
        );
        let schema = Schema::default();
        for format in ExportFormat::ALL {
            let exported = export(format, &document, &schema);
            let inputs: Vec<InputFile> = exported
                .files
                .iter()
                .map(|f| file(&f.name, &f.content))
                .collect();
            let (_, documents, _) = opened_documents(open_files(&inputs, &editor()).unwrap());
            let spans = |rendered: &str| {
                rendered
                    .split('[')
                    .skip(1)
                    .map(|s| s.split('#').next().unwrap_or("").to_string())
                    .collect::<Vec<_>>()
            };
            let got = spans(&documents[0]);
            assert_eq!(
                got,
                ["Antony Blinken|PERSON", "Sameh Shoukry|PERSON", "Cairo|GPE"],
                "{} → {:?}",
                format.name(),
                documents
            );
        }
    }

    #[test]
    fn brat_files_open_as_a_pair_and_alone_are_refused() {
        let pair = [
            file("news.txt", "Blinken in Cairo"),
            file("news.ann", "T1\tPERSON 0 7\tBlinken\n"),
        ];
        let (format, documents, _) = opened_documents(open_files(&pair, &editor()).unwrap());
        assert_eq!(format, "brat standoff");
        assert_eq!(documents, ["[Blinken|PERSON#T1] in Cairo"]);
        // One .txt and one .ann pair whatever their names.
        let renamed = [pair[1].clone(), file("article.txt", "Blinken in Cairo")];
        let (_, documents, _) = opened_documents(open_files(&renamed, &editor()).unwrap());
        assert_eq!(documents, ["[Blinken|PERSON#T1] in Cairo"]);
        let refusals = [
            (
                vec![pair[1].clone()],
                "news.ann: a brat .ann file needs its .txt: choose both files together",
            ),
            (
                vec![file("a.txt", "x"), file("b.txt", "y")],
                "a.txt, b.txt: several files open together only as brat pairs: each .txt with \
                 its .ann",
            ),
            (
                vec![
                    pair[1].clone(),
                    file("annotation.conf", "[entities]\nPERSON\n"),
                ],
                "news.ann, annotation.conf: several files open together only as brat pairs: \
                 each .txt with its .ann",
            ),
            (
                vec![file("a.ann", "T1\tX 0 1\tx"), file("b.ann", "")],
                "a.ann, b.ann: nothing could be opened: a.ann: not opened: its text, a.txt, was \
                 not chosen with it; b.ann: not opened: its text, b.txt, was not chosen with it",
            ),
            (
                vec![file("e.txt", ""), file("e.ann", "T1\tX 0 1\tx")],
                "e.txt, e.ann: nothing could be opened: e.txt: the file is empty; not opened",
            ),
        ];
        for (files, expected) in refusals {
            assert_eq!(
                open_files(&files, &editor())
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                Err(expected.to_string())
            );
        }
    }

    fn corpus(file_name: &str) -> InputFile {
        let folder = if file_name.starts_with("esp.") {
            "brat/conll2002-esp"
        } else {
            "brat/news"
        };
        file(
            file_name,
            &crate::formats::test_support::read_corpus(folder, file_name),
        )
    }

    /// Each case: brat files chosen together (from the corpus), the documents that open (title,
    /// number of annotations) and the problems listed (line, message).
    #[test]
    fn brat_pairs_chosen_together_open_one_document_each() {
        type Case<'a> = (
            Vec<&'a str>,
            Vec<(&'a str, usize)>,
            Vec<(Option<usize>, &'a str)>,
        );
        let cases: [Case; 5] = [
            // Three pairs in one choice, in any order, with the collection's label set.
            (
                vec![
                    "esp.train-doc-100.txt",
                    "esp.train-doc-46.ann",
                    "esp.train-doc-100.ann",
                    "annotation.conf",
                    "esp.train-doc-46.txt",
                    "esp.train-doc-1400.ann",
                    "esp.train-doc-1400.txt",
                ],
                vec![
                    ("esp.train-doc-100", 75),
                    ("esp.train-doc-46", 104),
                    ("esp.train-doc-1400", 44),
                ],
                vec![],
            ),
            // An empty .ann (the tutorial's navigation page has none): the text, and a word.
            (
                vec!["010-navigation.txt", "010-navigation.ann"],
                vec![("010-navigation", 0)],
                vec![(
                    None,
                    "010-navigation.ann is empty: 010-navigation.txt opened with no annotations",
                )],
            ),
            // A .txt without its .ann opens as text; an .ann without its .txt does not open.
            (
                vec![
                    "esp.train-doc-100.txt",
                    "esp.train-doc-100.ann",
                    "esp.train-doc-46.txt",
                    "esp.train-doc-1400.ann",
                ],
                vec![("esp.train-doc-100", 75), ("esp.train-doc-46", 0)],
                vec![
                    (
                        None,
                        "esp.train-doc-1400.ann: not opened: its text, esp.train-doc-1400.txt, \
                         was not chosen with it",
                    ),
                    (
                        None,
                        "esp.train-doc-46.txt: no esp.train-doc-46.ann was chosen with it, so it \
                         opened with no annotations",
                    ),
                ],
            ),
            // With several pairs, each problem names the file it is in.
            (
                vec![
                    "000-introduction.txt",
                    "000-introduction.ann",
                    "040-text_span_annotation.txt",
                    "040-text_span_annotation.ann",
                    "visual.conf",
                ],
                vec![("000-introduction", 7), ("040-text_span_annotation", 4)],
                vec![
                    (
                        None,
                        "visual.conf: not read: of brat's configuration files Spanwise reads \
                         annotation.conf, the label set",
                    ),
                    (
                        Some(4),
                        "000-introduction.ann: E1: events are not supported and were not \
                         imported (Transfer-money:T3 Giver-Arg:T1 Money-Arg:T2 Beneficiary-Arg:T4 \
                         Recipient-Arg:T6); the trigger span is kept",
                    ),
                    (
                        Some(16),
                        "000-introduction.ann: A5: attribute on E1 is not kept: Spanwise keeps \
                         notes and attributes only on text spans",
                    ),
                    (
                        None,
                        "000-introduction: 6 note(s) on spans were not kept: Spanwise keeps notes \
                         on claims only",
                    ),
                ],
            ),
            // A single pair's problems keep their line numbers without the file name.
            (
                vec!["060-relation_annotation.txt", "060-relation_annotation.ann"],
                vec![("060-relation_annotation", 10)],
                vec![(
                    Some(6),
                    "*: equivalence (Alias T3 T4 T5) is not supported and was not imported",
                )],
            ),
        ];
        for (names, expected_documents, expected_problems) in cases {
            let files: Vec<InputFile> = names.iter().map(|n| corpus(n)).collect();
            let Opened::Documents {
                format,
                documents,
                diagnostics,
                ..
            } = open_files(&files, &editor()).unwrap()
            else {
                panic!("{names:?} open as documents");
            };
            assert_eq!(format, brat::FORMAT);
            let opened: Vec<(&str, usize)> = documents
                .iter()
                .map(|(d, _)| (&*d.title, d.annotations().len()))
                .collect();
            assert_eq!(opened, expected_documents, "{names:?}");
            let problems: Vec<(Option<usize>, &str)> = diagnostics
                .iter()
                .map(|d| (d.line, d.message.as_str()))
                .collect();
            assert_eq!(problems, expected_problems, "{names:?}");
            if names.contains(&"annotation.conf") {
                for (_, schema) in &documents {
                    assert!(schema.label("Money").is_some(), "the conf applies to all");
                }
            }
        }
        // The pairs match their own text: the first span of each.
        let files: Vec<InputFile> = [
            "esp.train-doc-46.txt",
            "esp.train-doc-1400.ann",
            "esp.train-doc-46.ann",
            "esp.train-doc-1400.txt",
        ]
        .iter()
        .map(|n| corpus(n))
        .collect();
        let (_, documents, _) = opened_documents(open_files(&files, &editor()).unwrap());
        let first_spans: Vec<&str> = documents
            .iter()
            .map(|d| {
                let from = d.find('[').map_or(0, |i| i + 1);
                &d[from..from + d[from..].find(']').unwrap_or_default()]
            })
            .collect();
        assert_eq!(first_spans, ["Freetown|LOC#T1", "Alejandro Toledo|PER#T1"]);
    }

    #[test]
    fn an_empty_ann_file_opens_its_text_with_no_annotations() {
        for ann in ["", "\n", "\u{FEFF}"] {
            let files = [
                file("gaza.txt", "Blinken in Cairo"),
                InputFile {
                    name: "gaza.ann".into(),
                    bytes: ann.as_bytes().to_vec(),
                },
            ];
            let (format, documents, problems) =
                opened_documents(open_files(&files, &editor()).unwrap());
            assert_eq!(format, brat::FORMAT);
            assert_eq!(documents, ["Blinken in Cairo"], "{ann:?}");
            assert_eq!(
                problems,
                ["gaza.ann is empty: gaza.txt opened with no annotations"],
                "{ann:?}"
            );
        }
    }

    #[test]
    fn workspace_and_schema_files_are_recognised() {
        let mut w = crate::model::workspace::Workspace::new(Entry::new(
            parse_fixture("[x|ORG]"),
            Schema::default(),
        ));
        w.open(parse_fixture("y").with_id("d2"), Schema::default())
            .unwrap();
        let json = workspace::export_workspace(&w);
        match open_files(&[file("w.json", &json)], &editor()).unwrap() {
            Opened::Workspace { entries, current } => {
                assert_eq!(entries.len(), 2);
                assert_eq!(current.as_deref(), Some("d2"));
            }
            other => panic!("{other:?}"),
        }
        let schema = workspace::export_schema(&Schema::default());
        assert!(matches!(
            open_files(&[file("s.json", &schema)], &editor()).unwrap(),
            Opened::Schema(_)
        ));
    }

    #[test]
    fn foreign_labels_join_the_schema_and_bad_relations_are_reported() {
        let pair = [
            file("n.txt", "Blinken in Cairo"),
            file("n.ann", "T1\tDiplomat 0 7\tBlinken\nT2\tCity 11 16\tCairo\nR1\tVisits Arg1:T1 Arg2:T2\nR2\tspeaker Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tUS secretary\n"),
        ];
        match open_files(&pair, &editor()).unwrap() {
            Opened::Documents {
                documents,
                diagnostics,
                ..
            } => {
                let (document, schema) = &documents[0];
                assert!(schema.label("Diplomat").is_some() && schema.label("City").is_some());
                assert!(schema.relation_types.iter().any(|t| &**t == "Visits"));
                assert_eq!(document.relations().len(), 1);
                let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
                assert_eq!(
                    messages,
                    [
                        "n: 1 note(s) on spans were not kept: Spanwise keeps notes on claims only",
                        "n: relation R2 (speaker) not kept: \"Blinken\" (Diplomat) is of kind \
                         entity, not claim",
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
    }

    /// A document as a person makes it in the editor: two mentions of Blinken grouped as one
    /// entity with a Wikidata id, a claim he made with its cue ("said"), and a claim the author
    /// makes; every claim attribute away from its default.
    fn claims_editor() -> Editor {
        let mut e = Editor::new(
            parse_fixture(
                "[Antony Blinken|PERSON#a1] [said|CUE#a3] [“the talks go on”|CLAIM#a2] in \
                 [Cairo|GPE#a5], and [Blinken|PERSON#a4] left. [Talks will resume|CLAIM#a6].",
            ),
            Schema::default(),
        );
        let id = AnnotationId::new;
        let edits = [
            e.set_speaker(&id("a2"), Speaker::Mention(id("a1"))),
            Command::AddRelation(Relation {
                id: RelationId(Rc::from("r7")),
                kind: Rc::from("cue"),
                from: id("a2"),
                to: id("a3"),
            }),
            Command::SetClaim {
                id: id("a2"),
                attributes: Box::new(ClaimAttributes {
                    quote_type: QuoteType::Mixed,
                    check_worthiness: CheckWorthiness::NotCheckWorthy,
                    verdict: Verdict::MostlyFalse,
                    attribution: Attribution::Unattributed,
                    note: Rc::from("checked against the transcript"),
                }),
            },
            Command::SetClaim {
                id: id("a6"),
                attributes: Box::new(ClaimAttributes {
                    quote_type: QuoteType::Direct,
                    check_worthiness: CheckWorthiness::NotAClaim,
                    verdict: Verdict::Unverifiable,
                    attribution: Attribution::Author,
                    note: Rc::from(""),
                }),
            },
        ];
        for edit in edits {
            e.apply(edit).unwrap();
        }
        e.apply(e.group(&[id("a1"), id("a4")]).unwrap()).unwrap();
        let mut entity = e.document().entities()[0].clone();
        entity.wikidata = Some(Rc::from("Q7821917"));
        e.apply(Command::PutEntity(entity)).unwrap();
        e
    }

    /// An annotation as a claim round trip must keep it: kind, label, text, claim attributes.
    type AnnotationView = (SpanKind, String, String, Option<ClaimAttributes>);

    /// A document's annotations and relations (type, from, to: each end by its text), without
    /// ids, which some formats renumber.
    fn claims_view(document: &Document) -> (Vec<AnnotationView>, Vec<(String, String, String)>) {
        let text = |id: &AnnotationId| {
            let a = document.annotation(id).expect("relation ends exist");
            document.slice(a.range).to_string()
        };
        let annotations = document
            .annotations()
            .iter()
            .map(|a| {
                (
                    a.kind,
                    a.label.to_string(),
                    document.slice(a.range).to_string(),
                    a.claim.as_deref().cloned(),
                )
            })
            .collect();
        let mut relations: Vec<(String, String, String)> = document
            .relations()
            .iter()
            .map(|r| (r.kind.to_string(), text(&r.from), text(&r.to)))
            .collect();
        relations.sort();
        (annotations, relations)
    }

    #[test]
    fn claims_cues_their_relations_and_attributes_survive_every_format_that_can_hold_them() {
        let e = claims_editor();
        let groups =
            "entity groups (canonical names, Wikidata ids) are only in Spanwise JSON and W3C";
        for (format, expected_left_out) in [
            (ExportFormat::Spanwise, vec![]),
            (ExportFormat::W3c, vec![]),
            (ExportFormat::Brat, vec![groups]),
            (ExportFormat::Doccano, vec![groups]),
            (ExportFormat::LabelStudio, vec![groups]),
        ] {
            let exported = export(format, e.document(), e.schema());
            assert_eq!(exported.left_out, expected_left_out, "{}", format.name());
            let inputs: Vec<InputFile> = exported
                .files
                .iter()
                .map(|f| file(&f.name, &f.content))
                .collect();
            let Opened::Documents {
                documents,
                diagnostics,
                ..
            } = open_files(&inputs, &editor()).unwrap()
            else {
                panic!("{} opens as a document", format.name());
            };
            assert_eq!(diagnostics, [], "{}", format.name());
            let (document, schema) = &documents[0];
            assert_eq!(
                claims_view(document),
                claims_view(e.document()),
                "{}",
                format.name()
            );
            // CLAIM and CUE are kinds, not entity labels: the schema is the one it was.
            assert_eq!(schema, &Schema::default(), "{}", format.name());
            let lossless = matches!(format, ExportFormat::Spanwise | ExportFormat::W3c);
            assert_eq!(
                document.entities().len(),
                usize::from(lossless),
                "{}",
                format.name()
            );
            if lossless {
                assert_eq!(
                    spanwise::export_json(document, schema),
                    spanwise::export_json(e.document(), schema),
                    "{}",
                    format.name()
                );
            }
        }
    }

    #[test]
    fn the_brat_export_writes_claims_as_spans_with_attribute_lines_and_notes() {
        let e = claims_editor();
        let exported = export(ExportFormat::Brat, e.document(), e.schema());
        assert_eq!(
            exported.files[1].content,
            "T1\tPERSON 0 14\tAntony Blinken\n\
             T2\tCUE 15 19\tsaid\n\
             T3\tCLAIM 20 37\t“the talks go on”\n\
             T4\tGPE 41 46\tCairo\n\
             T5\tPERSON 52 59\tBlinken\n\
             T6\tCLAIM 66 83\tTalks will resume\n\
             R1\tspeaker Arg1:T3 Arg2:T1\t\n\
             R2\tcue Arg1:T3 Arg2:T2\t\n\
             A1\tspeaker T3 mention\n\
             A2\tquote_type T3 mixed\n\
             A3\tcheck_worthiness T3 not-check-worthy\n\
             A4\tverdict T3 mostly-false\n\
             A5\tspeaker T6 author\n\
             A6\tquote_type T6 direct\n\
             A7\tcheck_worthiness T6 not-a-claim\n\
             A8\tverdict T6 unverifiable\n\
             #1\tAnnotatorNotes T3\tchecked against the transcript\n"
        );
    }

    /// Each case: a brat `.ann` for "Blinken said “yes”." and what opens: the document, the
    /// first claim's attributes (quote type, check-worthiness, verdict, attribution, note) and
    /// the problems. Attributes a file leaves out keep their defaults; other attributes and
    /// attributes of entity spans stay notes, as in any brat file.
    #[test]
    fn brat_attribute_lines_on_a_claim_set_its_attributes() {
        let text = "Blinken said “yes”.";
        let spans = "T1\tPERSON 0 7\tBlinken\nT2\tCUE 8 12\tsaid\nT3\tCLAIM 13 18\t“yes”\n\
                     R1\tspeaker Arg1:T3 Arg2:T1\nR2\tcue Arg1:T3 Arg2:T2\n";
        let rendered = "[Blinken|PERSON#T1] [said|CUE#T2] [“yes”|CLAIM#T3].";
        let cases = [
            (
                "",
                ("direct", "check-worthy", "unverified", "unattributed", ""),
                vec![],
            ),
            (
                "A1\tverdict T3 false\n#1\tAnnotatorNotes T3\tfirst\n#2\tAnnotatorNotes T3\tsecond\n",
                ("direct", "check-worthy", "false", "unattributed", "first\nsecond"),
                vec![],
            ),
            (
                "A1\tverdict T3 maybe\nA2\tNegation T3\nA3\tConfidence T1 High\nA4\tquote_type T3 indirect\n",
                ("indirect", "check-worthy", "unverified", "unattributed", "attribute Negation"),
                vec![
                    "line 6: A1: attributes.verdict is \"maybe\"; expected one of unverified, \
                     true, mostly-true, mixed, mostly-false, false, unverifiable",
                    "line 0: x: 1 note(s) on spans were not kept: Spanwise keeps notes on claims \
                     only",
                ],
            ),
        ];
        for (attribute_lines, expected, expected_problems) in cases {
            let files = [
                file("x.txt", text),
                file("x.ann", &format!("{spans}{attribute_lines}")),
            ];
            let Opened::Documents {
                documents,
                diagnostics,
                ..
            } = open_files(&files, &editor()).unwrap()
            else {
                panic!("a brat pair opens as a document");
            };
            let (document, schema) = &documents[0];
            assert_eq!(render_fixture(document), rendered);
            assert_eq!(schema, &Schema::default());
            assert_eq!(document.relations().len(), 2);
            let claim = document.annotations()[2].claim.as_deref().expect("a claim");
            assert_eq!(
                (
                    claim.quote_type.as_str(),
                    claim.check_worthiness.as_str(),
                    claim.verdict.as_str(),
                    claim.attribution.as_str(),
                    &*claim.note,
                ),
                expected,
                "{attribute_lines}"
            );
            let problems: Vec<String> = diagnostics
                .iter()
                .map(|d| format!("line {}: {}", d.line.unwrap_or(0), d.message))
                .collect();
            assert_eq!(problems, expected_problems, "{attribute_lines}");
        }
    }

    #[test]
    fn exports_say_what_they_leave_out() {
        let mut e = Editor::new(
            parse_fixture(
                "[Saudi [Arabia|LOC#a2]|LOC#a1] and [Blinken|PERSON#p1] said [“yes”|CLAIM#c1] in \
                 Cai[ro|GPE#g1]",
            ),
            Schema::default(),
        );
        let claim = AnnotationId::new("c1");
        let speaker = e.set_speaker(&claim, Speaker::Mention(AnnotationId::new("p1")));
        e.apply(speaker).unwrap();
        let mut attributes = e.claim_attributes(&claim).unwrap();
        attributes.note = Rc::from("two\nlines");
        e.apply(Command::SetClaim {
            id: claim.clone(),
            attributes: Box::new(attributes),
        })
        .unwrap();
        let left_out = |format| export(format, e.document(), e.schema()).left_out;
        assert_eq!(
            left_out(ExportFormat::Conll),
            [
                "1 claim(s) are written as spans labelled CLAIM: CoNLL / IOB2 has no place for \
                 their attributes (quote type, check-worthiness, verdict, attribution, note), so \
                 they open again with the defaults",
                "\"Arabia\" (LOC): it overlaps \"Saudi Arabia\" (LOC), and IOB gives each token \
                 one tag",
                "\"ro\" (GPE): it does not start and end on token boundaries",
                "relations: CoNLL has no place for them",
            ]
        );
        assert_eq!(
            left_out(ExportFormat::Brat),
            [
                "line breaks in 1 claim note(s): a brat note is one line, so they are written as \
              spaces"
            ]
        );
        for format in [
            ExportFormat::Spanwise,
            ExportFormat::W3c,
            ExportFormat::Doccano,
            ExportFormat::LabelStudio,
        ] {
            assert_eq!(left_out(format), Vec::<String>::new(), "{}", format.name());
        }
        let names: Vec<String> = export(ExportFormat::Brat, e.document(), e.schema())
            .files
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(names, ["fixture.txt", "fixture.ann"]);
        // CoNLL brings the claim back as a claim, with the defaults for its text.
        let conll = &export(ExportFormat::Conll, e.document(), e.schema()).files[0];
        let (_, documents, _) =
            opened_documents(open_files(&[file(&conll.name, &conll.content)], &editor()).unwrap());
        assert_eq!(
            documents,
            ["[Saudi Arabia|LOC#a1] and [Blinken|PERSON#a2] said [“ yes ”|CLAIM#a3] in Cairo"]
        );
    }
}
