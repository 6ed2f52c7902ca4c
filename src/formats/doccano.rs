//! doccano JSONL: one JSON object per document, in either of doccano's two span shapes.
//!
//! - sequence labelling: `{"text": …, "label": [[start, end, "LABEL"], …]}`
//! - relation extraction: `{"text": …, "entities": [{id, label, start_offset, end_offset}],
//!   "relations": [{id, from_id, to_id, type}]}`
//!
//! doccano's own exports are sometimes pretty-printed over many lines, so records are read as a
//! stream of JSON values rather than line by line. doccano stores no span text, and its versions
//! count offsets either in code points (Python) or in UTF-16 units (the browser), so the unit is
//! decided per file by [`UnitVote`]: whichever unit puts spans on whole characters and word
//! boundaries. Export writes the relation form, in code points.
//!
//! Claims and cues are spans labelled `CLAIM` and `CUE`; a claim's attributes travel in the
//! record under [`CLAIMS_KEY`], an object from the claim's entity id to its attributes as
//! Spanwise JSON names them (`{"2": {"speaker": "mention", "verdict": "false", …}}`). doccano
//! keeps keys of a record it does not know as the example's metadata.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::formats::foreign::{
    check_size, json_offset, line_of, to_code_points, Diagnostics, DocumentBuilder, FormatError,
    UnitProbe, UnitVote,
};
use crate::formats::{spanwise, Imported, ImportedDocument, ImportedRelation, OffsetUnit};
use crate::model::document::AnnotationId;

pub const FORMAT: &str = "doccano JSONL";

/// The record key under which our export writes claim attributes.
pub const CLAIMS_KEY: &str = "spanwise_claims";

/// One span as the record states it, before the unit is known.
struct RawSpan {
    /// Where the record has it, for messages: `label[4]` in a label list (whose items have no
    /// id: the one given here is ours), `entity 3` by the file's id.
    at: String,
    id: String,
    label: String,
    start: u64,
    end: u64,
}

/// One record, read but not yet converted.
struct RawRecord {
    line: usize,
    title: String,
    text: String,
    spans: Vec<RawSpan>,
    /// (id, type, from, to), ids as the record states them.
    relations: Vec<(String, String, String, String)>,
    /// (entity id, attribute name, value) from [`CLAIMS_KEY`].
    claim_attributes: Vec<(String, String, Value)>,
}

/// Imports every record of a doccano JSONL file. Content that holds no JSON object at all is
/// an error; a record that is not valid JSON or lacks `text` is a diagnostic.
pub fn import(name: &str, content: &str) -> Result<Imported, FormatError> {
    check_size(name, content)?;
    let mut diagnostics = Diagnostics::default();
    let values = json_stream(content, &mut diagnostics);
    if values.is_empty() {
        let first = diagnostics.finish().into_iter().next();
        return Err(FormatError::NotJson {
            name: name.to_string(),
            message: first.map_or_else(|| "no JSON object found".to_string(), |d| d.message),
        });
    }
    let mut records = Vec::new();
    for (n, (line, value)) in values.into_iter().enumerate() {
        let title = format!("{} #{}", crate::formats::title_from_file_name(name), n + 1);
        if let Some(record) = read_record(line, title, value, &mut diagnostics) {
            records.push(record);
        }
    }
    if records.is_empty() {
        return Err(FormatError::NotThisFormat {
            name: name.to_string(),
            format: FORMAT,
            reason: "no record has a \"text\" field".into(),
        });
    }
    let mut vote = UnitVote::default();
    for record in &records {
        let document = DocumentBuilder::new("", &record.text);
        vote.add(
            document.document(),
            record.spans.iter().map(|s| UnitProbe {
                start: s.start,
                end: s.end,
                quote: None,
            }),
        );
    }
    let unit = vote.decide();
    let documents = records
        .into_iter()
        .map(|record| build(record, unit, &mut diagnostics))
        .collect();
    Ok(Imported {
        format: FORMAT,
        documents,
        unit: Some(unit),
        diagnostics: diagnostics.finish(),
    })
}

/// Splits content into JSON values with the line each starts on. After a syntax error, reading
/// resumes at the next line that starts with `{`, so one broken record costs one diagnostic.
fn json_stream(content: &str, diagnostics: &mut Diagnostics) -> Vec<(usize, Value)> {
    let mut values = Vec::new();
    let mut position = 0;
    // Lines are counted as reading advances: counting from the start for every record would
    // make a file of many records quadratic.
    let (mut line, mut counted_to) = (1, 0);
    while position < content.len() {
        let rest = &content[position..];
        let skipped = rest.len() - rest.trim_start().len();
        position += skipped;
        if position >= content.len() {
            break;
        }
        line += line_of(&content[counted_to..position], usize::MAX) - 1;
        counted_to = position;
        let mut stream = serde_json::Deserializer::from_str(&content[position..]).into_iter();
        match stream.next() {
            Some(Ok(value)) => {
                values.push((line, value));
                position += stream.byte_offset();
            }
            Some(Err(error)) => {
                // serde counts lines from the record's start; the message names the file's.
                let error_line = line + error.line().saturating_sub(1);
                let what = error.to_string();
                let what = what.split(" at line ").next().unwrap_or_default();
                diagnostics.at(
                    line,
                    format!(
                        "not valid JSON at line {error_line} column {}: {what}",
                        error.column()
                    ),
                );
                position = next_record_start(content, position);
            }
            None => break,
        }
    }
    values
}

/// The byte offset of the next line (after the one at `from`) that starts with `{`, or the end.
fn next_record_start(content: &str, from: usize) -> usize {
    let mut at = from;
    while let Some(newline) = content[at..].find('\n') {
        at += newline + 1;
        if content[at..].starts_with('{') {
            return at;
        }
    }
    content.len()
}

fn read_record(
    line: usize,
    title: String,
    value: Value,
    diagnostics: &mut Diagnostics,
) -> Option<RawRecord> {
    let Some(object) = value.as_object() else {
        diagnostics.at(line, "a record must be a JSON object with a \"text\" field");
        return None;
    };
    let Some(text) = object.get("text").and_then(Value::as_str) else {
        diagnostics.at(line, "the record has no \"text\" string; skipped");
        return None;
    };
    let mut record = RawRecord {
        line,
        title,
        text: text.to_string(),
        spans: Vec::new(),
        relations: Vec::new(),
        claim_attributes: Vec::new(),
    };
    match object.get(CLAIMS_KEY) {
        None => {}
        Some(Value::Object(claims)) => {
            for (id, attributes) in claims {
                let Some(attributes) = attributes.as_object() else {
                    diagnostics.at(
                        line,
                        format!(
                            "{CLAIMS_KEY}[{id:?}] is not an object of attributes; not imported"
                        ),
                    );
                    continue;
                };
                for (name, value) in attributes {
                    record
                        .claim_attributes
                        .push((id.clone(), name.clone(), value.clone()));
                }
            }
        }
        Some(_) => diagnostics.at(
            line,
            format!("\"{CLAIMS_KEY}\" is not an object; not imported"),
        ),
    }
    // doccano writes the label list as "label" or (older exports) "labels".
    let labels = object.get("label").or_else(|| object.get("labels"));
    match labels {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match read_label_triple(item) {
                    Ok((start, end, label)) => record.spans.push(RawSpan {
                        at: format!("label[{i}]"),
                        id: format!("a{}", i + 1),
                        label,
                        start,
                        end,
                    }),
                    Err(reason) => diagnostics.at(line, format!("label[{i}]: {reason}")),
                }
            }
        }
        // A text-classification record: its labels are not spans.
        Some(other) => diagnostics.at(
            line,
            format!("\"label\" is {other}, not a list of [start, end, label] spans; not imported"),
        ),
    }
    if let Some(entities) = object.get("entities") {
        let Some(entities) = entities.as_array() else {
            diagnostics.at(line, "\"entities\" is not a list; not imported");
            return Some(record);
        };
        for (i, entity) in entities.iter().enumerate() {
            match read_entity(entity) {
                Ok(span) => record.spans.push(span),
                Err(reason) => diagnostics.at(line, format!("entities[{i}]: {reason}")),
            }
        }
    }
    if let Some(relations) = object.get("relations") {
        let Some(relations) = relations.as_array() else {
            diagnostics.at(line, "\"relations\" is not a list; not imported");
            return Some(record);
        };
        for (i, relation) in relations.iter().enumerate() {
            let field = |key: &str| relation.get(key).and_then(id_text);
            match (field("from_id"), field("to_id"), relation.get("type")) {
                (Some(from), Some(to), Some(Value::String(kind))) => {
                    let id = field("id").unwrap_or_else(|| format!("r{}", i + 1));
                    record.relations.push((id, kind.clone(), from, to));
                }
                _ => diagnostics.at(
                    line,
                    format!("relations[{i}]: expected from_id, to_id and a \"type\" string"),
                ),
            }
        }
    }
    Some(record)
}

/// `[start, end, "LABEL"]`.
fn read_label_triple(item: &Value) -> Result<(u64, u64, String), String> {
    let Some([start, end, label]) = item.as_array().map(Vec::as_slice) else {
        return Err(format!("expected [start, end, \"LABEL\"], found {item}"));
    };
    let start = json_offset(Some(start), "start")?;
    let end = json_offset(Some(end), "end")?;
    let label = label
        .as_str()
        .ok_or_else(|| format!("the label {label} is not a string"))?;
    Ok((start, end, label.to_string()))
}

fn read_entity(entity: &Value) -> Result<RawSpan, String> {
    let id = entity
        .get("id")
        .and_then(id_text)
        .ok_or("the id is missing or not a number or string")?;
    let label = entity
        .get("label")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("id {id}: the label is missing or not a string"))?;
    let with_id = |e: String| format!("id {id}: {e}");
    Ok(RawSpan {
        at: format!("entity {id}"),
        start: json_offset(entity.get("start_offset"), "start_offset").map_err(with_id)?,
        end: json_offset(entity.get("end_offset"), "end_offset").map_err(with_id)?,
        label: label.to_string(),
        id,
    })
}

/// doccano ids are numbers; a string id is accepted as it is.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

fn build(record: RawRecord, unit: OffsetUnit, diagnostics: &mut Diagnostics) -> ImportedDocument {
    let mut builder = DocumentBuilder::new(&record.title, &record.text);
    for span in &record.spans {
        let at = format!("{} ({} {}..{})", span.at, span.label, span.start, span.end);
        let Some(range) = to_code_points(builder.index(), unit, span.start, span.end) else {
            diagnostics.at(
                record.line,
                format!("{at}: the offsets do not fit the text ({unit:?} offsets)"),
            );
            continue;
        };
        if let Err(reason) = builder.add_span(&span.id, &span.label, range) {
            diagnostics.at(record.line, format!("{at}: {reason}"));
        }
    }
    for (id, name, value) in record.claim_attributes {
        let at = format!("{CLAIMS_KEY}[{id:?}].{name}");
        if !builder.is_claim(&id) {
            diagnostics.at(
                record.line,
                format!("{at}: entity {id} is not an imported CLAIM span; not imported"),
            );
            continue;
        }
        let set = match value.as_str() {
            Some(value) => builder.set_claim_attribute(&id, &name, value),
            None => Err(format!("{value} is not a string")),
        };
        match set {
            Ok(true) => {}
            Ok(false) => diagnostics.at(
                record.line,
                format!(
                    "{at}: not a claim attribute (those are {}); not imported",
                    crate::formats::foreign::CLAIM_ATTRIBUTE_NAMES.join(", ")
                ),
            ),
            Err(e) => diagnostics.at(record.line, format!("{at}: {e}")),
        }
    }
    for (id, kind, from, to) in record.relations {
        if !builder.has_id(&from) || !builder.has_id(&to) {
            diagnostics.at(
                record.line,
                format!("relation {id} ({kind}): {from} or {to} is not an imported span"),
            );
            continue;
        }
        builder.add_relation(ImportedRelation {
            id,
            kind,
            from: AnnotationId::new(&from),
            to: AnnotationId::new(&to),
        });
    }
    builder.finish()
}

/// Writes documents as doccano relation-extraction JSONL, one line each, offsets in code points.
/// doccano wants whole-number ids: ids that are whole numbers are kept (if unique), others are
/// numbered after the highest.
pub fn export(documents: &[&ImportedDocument]) -> String {
    let mut out = String::new();
    for imported in documents {
        let document = &imported.document;
        let annotations = document.annotations();
        let ids = numeric_ids(annotations.iter().map(|a| a.id.as_str()));
        let by_id: HashMap<&str, u64> = annotations
            .iter()
            .zip(&ids)
            .map(|(a, n)| (a.id.as_str(), *n))
            .collect();
        let entities: Vec<Value> = annotations
            .iter()
            .zip(&ids)
            .map(|(a, id)| {
                json!({
                    "id": id,
                    "label": &*a.label,
                    "start_offset": a.range.start.0,
                    "end_offset": a.range.end.0,
                })
            })
            .collect();
        let kept: Vec<&ImportedRelation> = imported
            .relations
            .iter()
            .filter(|r| by_id.contains_key(r.from.as_str()) && by_id.contains_key(r.to.as_str()))
            .collect();
        let relation_ids = numeric_ids(kept.iter().map(|r| r.id.as_str()));
        let relations: Vec<Value> = kept
            .iter()
            .zip(&relation_ids)
            .map(|(r, id)| {
                json!({
                    "id": id,
                    "from_id": by_id[r.from.as_str()],
                    "to_id": by_id[r.to.as_str()],
                    "type": r.kind,
                })
            })
            .collect();
        let mut record = json!({
            "text": document.text(),
            "entities": entities,
            "relations": relations,
        });
        let claims: serde_json::Map<String, Value> = annotations
            .iter()
            .zip(&ids)
            .filter_map(|(a, id)| {
                let claim = a.claim.as_deref()?;
                let file = spanwise::claim_attributes_to_file(document, &a.id, claim);
                Some((id.to_string(), json!(file)))
            })
            .collect();
        if !claims.is_empty() {
            record[CLAIMS_KEY] = Value::Object(claims);
        }
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

fn numeric_ids<'a>(ids: impl Iterator<Item = &'a str> + Clone) -> Vec<u64> {
    let number = |id: &str| id.parse::<u64>().ok().filter(|n| n.to_string() == id);
    let mut next = ids.clone().filter_map(number).max().map_or(0, |n| n + 1);
    let mut used = std::collections::HashSet::new();
    ids.map(|id| match number(id) {
        Some(n) if used.insert(n) => n,
        _ => {
            next += 1;
            next - 1
        }
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::formats::test_support::{span, spans};

    fn read(file: &str) -> String {
        crate::formats::test_support::read_corpus("doccano", file)
    }

    fn relations(document: &ImportedDocument) -> Vec<(String, String, String, String)> {
        document
            .relations
            .iter()
            .map(|r| {
                (
                    r.id.clone(),
                    r.kind.clone(),
                    r.from.to_string(),
                    r.to.to_string(),
                )
            })
            .collect()
    }

    fn messages(imported: &Imported) -> Vec<(Option<usize>, String)> {
        imported
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.clone()))
            .collect()
    }

    #[test]
    fn the_sequence_labelling_export_imports_three_documents() {
        let imported = import("seq.jsonl", &read("export-sequence_labeling.jsonl")).unwrap();
        assert_eq!(imported.unit, Some(OffsetUnit::CodePoint));
        assert!(imported.diagnostics.is_empty());
        let all: Vec<_> = imported
            .documents
            .iter()
            .map(|d| spans(&d.document))
            .collect();
        assert_eq!(
            all,
            [
                vec![
                    span("a1", "ORG", 0, 2, "EU"),
                    span("a2", "MISC", 11, 17, "German")
                ],
                vec![span("a1", "PERSON", 0, 15, "Peter Blackburn")],
                vec![span("a1", "PERSON", 10, 15, "Obama")],
            ]
        );
        assert_eq!(&*imported.documents[2].document.title, "seq #3");
    }

    #[test]
    fn both_relation_files_import_pretty_printed_or_not() {
        for (file, relation_ids) in [
            ("export-relation_extraction.jsonl", ["0", "1", "2"]),
            ("import-relation_extraction.jsonl", ["r1", "r2", "r3"]),
        ] {
            let imported = import(file, &read(file)).unwrap();
            assert!(imported.diagnostics.is_empty(), "{file}");
            assert_eq!(imported.documents.len(), 1, "{file}");
            let doc = &imported.documents[0];
            assert_eq!(
                spans(&doc.document),
                [
                    span("0", "ORG", 0, 6, "Google"),
                    span("1", "DATE", 22, 39, "September 4, 1998"),
                    span("2", "PERSON", 44, 54, "Larry Page"),
                    span("3", "PERSON", 59, 70, "Sergey Brin"),
                ],
                "{file}"
            );
            let [r0, r1, r2] = relation_ids.map(String::from);
            let s = |x: &str| x.to_string();
            assert_eq!(
                relations(doc),
                [
                    (r0, s("foundedAt"), s("0"), s("1")),
                    (r1, s("foundedBy"), s("0"), s("2")),
                    (r2, s("foundedBy"), s("0"), s("3")),
                ],
                "{file}"
            );
        }
    }

    #[test]
    fn the_overlapping_file_keeps_one_span_and_reports_nothing_lost_silently() {
        // Two identical spans: doccano's own importer test file. Both are kept (ids differ).
        let imported = import("o.jsonl", &read("import-overlapping.jsonl")).unwrap();
        assert!(imported.diagnostics.is_empty());
        assert_eq!(
            spans(&imported.documents[0].document),
            [span("a1", "LOC", 0, 1, "e"), span("a2", "LOC", 0, 1, "e")]
        );
    }

    #[test]
    fn export_then_import_keeps_spans_and_relations() {
        for file in [
            "export-relation_extraction.jsonl",
            "export-sequence_labeling.jsonl",
            "import-overlapping.jsonl",
        ] {
            let imported = import(file, &read(file)).unwrap();
            let docs: Vec<&ImportedDocument> = imported.documents.iter().collect();
            let jsonl = export(&docs);
            let back = import("back.jsonl", &jsonl).unwrap();
            assert!(
                back.diagnostics.is_empty(),
                "{file}: {:?}",
                back.diagnostics
            );
            assert_eq!(back.documents.len(), imported.documents.len());
            for (a, b) in imported.documents.iter().zip(&back.documents) {
                let without_ids = |d: &ImportedDocument| -> Vec<_> {
                    spans(&d.document)
                        .into_iter()
                        .map(|(_, l, s, e, t)| (l, s, e, t))
                        .collect()
                };
                assert_eq!(without_ids(a), without_ids(b), "{file}");
                assert_eq!(a.relations.len(), b.relations.len(), "{file}");
                assert_eq!(a.document.text(), b.document.text());
            }
            let again: Vec<&ImportedDocument> = back.documents.iter().collect();
            assert_eq!(export(&again), jsonl, "{file}: stable");
        }
        let imported = import("r.jsonl", &read("export-relation_extraction.jsonl")).unwrap();
        let jsonl = export(&[&imported.documents[0]]);
        assert_eq!(
            jsonl,
            r#"{"entities":[{"end_offset":6,"id":0,"label":"ORG","start_offset":0},{"end_offset":39,"id":1,"label":"DATE","start_offset":22},{"end_offset":54,"id":2,"label":"PERSON","start_offset":44},{"end_offset":70,"id":3,"label":"PERSON","start_offset":59}],"relations":[{"from_id":0,"id":0,"to_id":1,"type":"foundedAt"},{"from_id":0,"id":1,"to_id":2,"type":"foundedBy"},{"from_id":0,"id":2,"to_id":3,"type":"foundedBy"}],"text":"Google was founded on September 4, 1998, by Larry Page and Sergey Brin."}
"#
        );
    }

    #[test]
    fn claim_attributes_come_from_the_spanwise_claims_key() {
        let record = json!({
            "text": "Blinken said “yes”.",
            "entities": [
                {"id": 1, "label": "PERSON", "start_offset": 0, "end_offset": 7},
                {"id": 2, "label": "CUE", "start_offset": 8, "end_offset": 12},
                {"id": 3, "label": "CLAIM", "start_offset": 13, "end_offset": 18},
            ],
            "relations": [{"id": 1, "from_id": 3, "to_id": 1, "type": "speaker"}],
            CLAIMS_KEY: {
                "3": {"verdict": "false", "note": "two\nlines", "quote_type": "sideways", "mood": "calm", "speaker": 5},
                "1": {"verdict": "true"},
                "9": "false",
            },
        });
        let imported = import("c.jsonl", &record.to_string()).unwrap();
        let document = &imported.documents[0];
        let expected_attributes = spanwise::FileClaimAttributes {
            speaker: "unattributed".into(),
            quote_type: "direct".into(),
            check_worthiness: "check-worthy".into(),
            verdict: "false".into(),
            note: "two\nlines".into(),
        };
        assert_eq!(
            document.kinds,
            [
                crate::formats::ImportedKind {
                    id: AnnotationId::new("2"),
                    kind: crate::model::document::SpanKind::Cue,
                    attributes: None,
                },
                crate::formats::ImportedKind {
                    id: AnnotationId::new("3"),
                    kind: crate::model::document::SpanKind::Claim,
                    attributes: Some(expected_attributes),
                },
            ]
        );
        let expected: Vec<(Option<usize>, String)> = [
            "spanwise_claims[\"9\"] is not an object of attributes; not imported",
            "spanwise_claims[\"1\"].verdict: entity 1 is not an imported CLAIM span; not imported",
            "spanwise_claims[\"3\"].mood: not a claim attribute (those are speaker, quote_type, \
             check_worthiness, verdict, note); not imported",
            "spanwise_claims[\"3\"].quote_type: attributes.quote_type is \"sideways\"; expected \
             one of direct, indirect, mixed",
            "spanwise_claims[\"3\"].speaker: 5 is not a string",
        ]
        .iter()
        .map(|m| (Some(1), m.to_string()))
        .collect();
        assert_eq!(messages(&imported), expected);
    }

    #[test]
    fn the_unit_is_whichever_lands_on_words_when_the_text_has_emoji() {
        // "Qatar" is code points 14..19 and UTF-16 units 17..22.
        let text = "😀 Doha and 🇶🇦 Qatar";
        for (start, end, unit) in [(14, 19, OffsetUnit::CodePoint), (17, 22, OffsetUnit::Utf16)] {
            let line = format!(r#"{{"text": "{text}", "label": [[{start}, {end}, "GPE"]]}}"#);
            let imported = import("e.jsonl", &line).unwrap();
            assert_eq!(imported.unit, Some(unit));
            assert_eq!(
                spans(&imported.documents[0].document),
                [span("a1", "GPE", 14, 19, "Qatar")]
            );
        }
    }

    #[test]
    fn bad_records_give_diagnostics_and_the_rest_imports() {
        let content = [
            r#"{"text": "Blinken in Cairo", "label": [[0, 7, "PERSON"], [11, 99, "GPE"], [-1, 3, "X"], [1.5, 3, "X"], [3, 1, "X"], [0, 1], "junk", [0, 1, 5]]}"#,
            r#"{"text": "Cairo", "label": [[0, 5, "GPE"]"#,
            r#"{"txt": "no text"}"#,
            r#"[1, 2]"#,
            r#"{"text": "Doha", "entities": [{"id": 1, "label": "GPE", "start_offset": 0, "end_offset": 4}, {"label": "X", "start_offset": 0, "end_offset": 1}, {"id": 2, "label": "X", "start_offset": "0", "end_offset": 1}], "relations": [{"from_id": 1, "to_id": 9, "type": "r"}, {"from_id": 1}]}"#,
            r#"{"text": "Doha", "label": "positive", "entities": 3}"#,
        ]
        .join("\n");
        let imported = import("bad.jsonl", &content).unwrap();
        assert_eq!(imported.documents.len(), 3);
        assert_eq!(
            spans(&imported.documents[0].document),
            [span("a1", "PERSON", 0, 7, "Blinken")]
        );
        assert_eq!(
            spans(&imported.documents[1].document),
            [span("1", "GPE", 0, 4, "Doha")]
        );
        let expected: Vec<(Option<usize>, String)> = [
            (1, "label[2]: start -1 is not a whole number from 0 up"),
            (1, "label[3]: start 1.5 is not a whole number from 0 up"),
            (1, "label[5]: expected [start, end, \"LABEL\"], found [0,1]"),
            (
                1,
                "label[6]: expected [start, end, \"LABEL\"], found \"junk\"",
            ),
            (1, "label[7]: the label 5 is not a string"),
            (
                1,
                "label[1] (GPE 11..99): the offsets do not fit the text (CodePoint offsets)",
            ),
            (1, "label[4] (X 3..1): start 3 is not before end 1"),
            (2, "not valid JSON at line 3 column 1: expected `,` or `]`"),
            (3, "the record has no \"text\" string; skipped"),
            (4, "a record must be a JSON object with a \"text\" field"),
            (
                5,
                "entities[1]: the id is missing or not a number or string",
            ),
            (
                5,
                "entities[2]: id 2: start_offset \"0\" is not a whole number from 0 up",
            ),
            (
                5,
                "relations[1]: expected from_id, to_id and a \"type\" string",
            ),
            (5, "relation r1 (r): 1 or 9 is not an imported span"),
            (
                6,
                "\"label\" is \"positive\", not a list of [start, end, label] spans; not imported",
            ),
            (6, "\"entities\" is not a list; not imported"),
        ]
        .iter()
        .map(|(l, m)| (Some(*l), m.to_string()))
        .collect();
        assert_eq!(messages(&imported), expected);
    }

    #[test]
    fn whole_file_failures_are_errors() {
        let cases = [
            (
                "",
                FormatError::Empty {
                    name: "x.jsonl".into(),
                },
            ),
            (
                "not json",
                FormatError::NotJson {
                    name: "x.jsonl".into(),
                    message: "not valid JSON at line 1 column 2: expected ident".into(),
                },
            ),
            (
                "[1]\n2",
                FormatError::NotThisFormat {
                    name: "x.jsonl".into(),
                    format: FORMAT,
                    reason: "no record has a \"text\" field".into(),
                },
            ),
        ];
        for (content, expected) in cases {
            assert_eq!(import("x.jsonl", content), Err(expected), "{content:?}");
        }
        // JSON without a single record is not a doccano file, whatever else it holds.
        assert_eq!(
            import("x.jsonl", "{\"a\": 1}").map(|i| i.documents.len()),
            Err(FormatError::NotThisFormat {
                name: "x.jsonl".into(),
                format: FORMAT,
                reason: "no record has a \"text\" field".into(),
            })
        );
    }
}
