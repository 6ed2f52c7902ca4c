//! Label Studio JSON: a list of tasks (or one task), each with `data.text` and annotation
//! results of type `labels` (spans) and `relation`.
//!
//! Label Studio stores each span's text beside its offsets (`value.text`), and its versions
//! count offsets in code points or UTF-16 units; the unit is decided per file by which reading
//! makes the stored texts match ([`UnitVote`]). A task takes its spans from its first annotation
//! that has results; when it has none, from its first prediction (a pre-annotation, often a
//! model's guess), and a diagnostic says so, because a person should know the spans were not
//! reviewed. Export writes one task per document with one annotation, offsets in code points
//! and `value.text` set, so that a reader of either unit can check them.
//!
//! Claims and cues are regions labelled `CLAIM` and `CUE`. A claim's attributes are per-region
//! results, as Label Studio writes a `perRegion` control's value: one `choices` result per
//! attribute (`from_name` its name in Spanwise JSON: `speaker`, `quote_type`,
//! `check_worthiness`, `verdict`) and a `textarea` result `note`, each with the claim region's
//! id.

use serde_json::{json, Map, Value};

use crate::formats::foreign::{
    check_size, json_offset, same_text, to_code_points, Diagnostics, DocumentBuilder, FormatError,
    UnitProbe, UnitVote,
};
use crate::formats::{spanwise, Imported, ImportedDocument, ImportedRelation, OffsetUnit};
use crate::model::document::AnnotationId;

pub const FORMAT: &str = "Label Studio JSON";

struct RawSpan {
    id: String,
    label: String,
    start: u64,
    end: u64,
    text: Option<String>,
}

struct RawTask {
    title: String,
    text: String,
    spans: Vec<RawSpan>,
    /// (type, from, to) with the result ids as written.
    relations: Vec<(String, String, String)>,
    /// Per-region `choices` and `textarea` results, read once the regions are known.
    region_values: Vec<RegionValue>,
}

/// A per-region result: the region's id, the control's name and what was chosen or written.
struct RegionValue {
    /// Where the result is, for messages: "task 7, result[3]".
    at: String,
    kind: String,
    region: String,
    name: String,
    values: Vec<String>,
}

/// Imports a Label Studio export: a JSON list of tasks, or a single task object.
pub fn import(name: &str, content: &str) -> Result<Imported, FormatError> {
    check_size(name, content)?;
    let value: Value = serde_json::from_str(content).map_err(|e| FormatError::NotJson {
        name: name.to_string(),
        message: e.to_string(),
    })?;
    let not_ls = |reason: &str| FormatError::NotThisFormat {
        name: name.to_string(),
        format: FORMAT,
        reason: reason.to_string(),
    };
    let tasks: Vec<&Value> = match &value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(o) if o.contains_key("data") => vec![&value],
        _ => return Err(not_ls("expected a list of tasks, each with \"data\"")),
    };
    let mut diagnostics = Diagnostics::default();
    let title = crate::formats::title_from_file_name(name);
    let mut raw_tasks = Vec::new();
    for (i, task) in tasks.iter().enumerate() {
        if let Some(raw) = read_task(i, task, &title, &mut diagnostics) {
            raw_tasks.push(raw);
        }
    }
    if raw_tasks.is_empty() && !tasks.is_empty() {
        return Err(not_ls("no task has a text in \"data\""));
    }
    let mut vote = UnitVote::default();
    for task in &raw_tasks {
        let builder = DocumentBuilder::new("", &task.text);
        vote.add(
            builder.document(),
            task.spans.iter().map(|s| UnitProbe {
                start: s.start,
                end: s.end,
                quote: s.text.as_deref(),
            }),
        );
    }
    let unit = vote.decide();
    let documents = raw_tasks
        .into_iter()
        .map(|task| build(task, unit, &mut diagnostics))
        .collect();
    Ok(Imported {
        format: FORMAT,
        documents,
        unit: Some(unit),
        diagnostics: diagnostics.finish(),
    })
}

/// Label Studio files have lines, but a task is the unit a person recognises, so diagnostics
/// name the task (by index and id) and carry no line.
fn read_task(
    index: usize,
    task: &Value,
    file_title: &str,
    diagnostics: &mut Diagnostics,
) -> Option<RawTask> {
    let task_id = task
        .get("id")
        .map_or_else(|| format!("#{}", index + 1), |id| id.to_string());
    let at = format!("task {task_id}");
    let Some(data) = task.get("data").and_then(Value::as_object) else {
        diagnostics.push(None, format!("{at}: no \"data\" object; skipped"));
        return None;
    };
    // The text is under "text" by convention, but a labelling config may name another key.
    let text = data.get("text").and_then(Value::as_str).or_else(|| {
        data.iter()
            .filter(|(key, _)| key.as_str() != "title")
            .filter_map(|(_, value)| value.as_str())
            .find(|s| !s.trim().is_empty())
    });
    let Some(text) = text else {
        diagnostics.push(None, format!("{at}: \"data\" has no text; skipped"));
        return None;
    };
    let mut raw = RawTask {
        // Our own export keeps the title in `data.title`.
        title: data
            .get("title")
            .and_then(Value::as_str)
            .map_or_else(|| format!("{file_title} {at}"), String::from),
        text: text.to_string(),
        spans: Vec::new(),
        relations: Vec::new(),
        region_values: Vec::new(),
    };
    let with_results = |key: &str| -> Vec<&Map<String, Value>> {
        task.get(key)
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_object)
                    .filter(|a| a.get("was_cancelled") != Some(&Value::Bool(true)))
                    .filter(|a| a.get("result").and_then(Value::as_array).is_some())
                    .collect()
            })
            .unwrap_or_default()
    };
    let annotations = with_results("annotations");
    let chosen = if let Some(first) = annotations.first() {
        if annotations.len() > 1 {
            diagnostics.push(
                None,
                format!(
                    "{at}: has {} annotations; imported the first (id {})",
                    annotations.len(),
                    first.get("id").unwrap_or(&Value::Null)
                ),
            );
        }
        *first
    } else if let Some(prediction) = with_results("predictions").first() {
        diagnostics.push(
            None,
            format!(
                "{at}: has no annotation; imported its prediction (model version {}) as spans",
                prediction.get("model_version").unwrap_or(&Value::Null)
            ),
        );
        *prediction
    } else {
        return Some(raw);
    };
    let results = chosen
        .get("result")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (i, result) in results.iter().enumerate() {
        let at = format!("{at}, result[{i}]");
        let kind = result.get("type").and_then(Value::as_str).unwrap_or("");
        match kind {
            "labels" => read_labels(result, &at, &mut raw, diagnostics),
            "relation" => {
                let field = |k: &str| result.get(k).and_then(Value::as_str).map(String::from);
                let (Some(from), Some(to)) = (field("from_id"), field("to_id")) else {
                    diagnostics.push(None, format!("{at}: a relation needs from_id and to_id"));
                    continue;
                };
                let labels = string_list(result.get("labels"));
                let kind = labels.first().cloned().unwrap_or_else(|| "related".into());
                raw.relations.push((kind, from, to));
            }
            "choices" | "textarea" if result.get("id").and_then(Value::as_str).is_some() => {
                let field = |k: &str| result.get(k).and_then(Value::as_str).unwrap_or_default();
                let value = result.get("value");
                let values = string_list(value.and_then(|v| v.get(kind).or_else(|| v.get("text"))));
                raw.region_values.push(RegionValue {
                    at,
                    kind: kind.to_string(),
                    region: field("id").to_string(),
                    name: field("from_name").to_string(),
                    values,
                });
            }
            other => diagnostics.push(
                None,
                format!("{at}: results of type {other:?} are not imported"),
            ),
        }
    }
    Some(raw)
}

fn read_labels(result: &Value, at: &str, raw: &mut RawTask, diagnostics: &mut Diagnostics) {
    let Some(id) = result.get("id").and_then(Value::as_str) else {
        diagnostics.push(None, format!("{at}: the result has no id"));
        return;
    };
    let value = result.get("value");
    let field = |k: &str| value.and_then(|v| v.get(k));
    let offsets = json_offset(field("start"), "start")
        .and_then(|s| json_offset(field("end"), "end").map(|e| (s, e)));
    let (start, end) = match offsets {
        Ok(offsets) => offsets,
        Err(reason) => {
            diagnostics.push(None, format!("{at} (id {id}): {reason}"));
            return;
        }
    };
    let labels = string_list(field("labels"));
    if labels.is_empty() {
        diagnostics.push(None, format!("{at} (id {id}): no label"));
        return;
    }
    let text = field("text").and_then(Value::as_str).map(String::from);
    // A region with several labels becomes one span per label: the first keeps the region id.
    for (n, label) in labels.into_iter().enumerate() {
        raw.spans.push(RawSpan {
            id: if n == 0 {
                id.to_string()
            } else {
                format!("{id}-{}", n + 1)
            },
            label,
            start,
            end,
            text: text.clone(),
        });
    }
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

fn build(task: RawTask, unit: OffsetUnit, diagnostics: &mut Diagnostics) -> ImportedDocument {
    let mut builder = DocumentBuilder::new(&task.title, &task.text);
    for span in &task.spans {
        let at = format!(
            "{}: span {} ({} {}..{})",
            task.title, span.id, span.label, span.start, span.end
        );
        let Some(range) = to_code_points(builder.index(), unit, span.start, span.end) else {
            diagnostics.push(
                None,
                format!("{at}: the offsets do not fit the text ({unit:?} offsets)"),
            );
            continue;
        };
        if let Some(stated) = &span.text {
            let actual = if range.is_empty() {
                ""
            } else {
                builder.document().slice(range)
            };
            if !same_text(actual, stated) {
                diagnostics.push(
                    None,
                    format!("{at}: the text there is {actual:?}, but the file says {stated:?}"),
                );
                continue;
            }
        }
        if builder.has_id(&span.id) && is_same_region(&builder, &span.id, span) {
            // Label Studio repeats a region's id in each of its results (labels, a comment…).
            continue;
        }
        if let Err(reason) = builder.add_span(&span.id, &span.label, range) {
            diagnostics.push(None, format!("{at}: {reason}"));
        }
    }
    for value in task.region_values {
        let set = match (value.kind.as_str(), value.values.as_slice()) {
            (_, _) if !builder.is_claim(&value.region) => Ok(false),
            ("textarea", lines) => {
                builder.set_claim_attribute(&value.region, &value.name, &lines.join("\n"))
            }
            (_, [one]) => builder.set_claim_attribute(&value.region, &value.name, one),
            (_, several) => Err(format!(
                "{} choices for {} ({}); a claim attribute has one",
                several.len(),
                value.name,
                several.join(", ")
            )),
        };
        match set {
            Ok(true) => {}
            Ok(false) => diagnostics.push(
                None,
                format!(
                    "{}: results of type {:?} are not imported",
                    value.at, value.kind
                ),
            ),
            Err(e) => diagnostics.push(None, format!("{} (id {}): {e}", value.at, value.region)),
        }
    }
    for (n, (kind, from, to)) in task.relations.into_iter().enumerate() {
        if !builder.has_id(&from) || !builder.has_id(&to) {
            diagnostics.push(
                None,
                format!(
                    "{}: relation {kind} from {from} to {to}: a region is not an imported span",
                    task.title
                ),
            );
            continue;
        }
        builder.add_relation(ImportedRelation {
            id: format!("r{}", n + 1),
            kind,
            from: AnnotationId::new(&from),
            to: AnnotationId::new(&to),
        });
    }
    builder.finish()
}

fn is_same_region(builder: &DocumentBuilder, id: &str, span: &RawSpan) -> bool {
    builder
        .document()
        .annotation(&AnnotationId::new(id))
        .is_some_and(|a| *a.label == *span.label)
}

/// Writes documents as Label Studio tasks, each with one annotation holding its spans (type
/// `labels`, `from_name` "label", `to_name` "text") and relations (type `relation`).
pub fn export(documents: &[&ImportedDocument]) -> String {
    let tasks: Vec<Value> = documents
        .iter()
        .enumerate()
        .map(|(n, imported)| task(imported, n))
        .collect();
    serde_json::to_string_pretty(&Value::Array(tasks)).expect("JSON values always serialise")
}

/// The task [`export`] writes for a document, the `n`th (0-based) of the file: task and
/// annotation ids are `n + 1`.
pub fn task(imported: &ImportedDocument, n: usize) -> Value {
    let document = &imported.document;
    let mut results: Vec<Value> = document
        .annotations()
        .iter()
        .flat_map(|a| {
            // A region's results share its id and its place; a textarea's `text` is
            // what was written in it, the others' the region's text.
            let region = |from_name: &str, kind: &str, value: Value| {
                let mut result = json!({
                    "id": a.id.as_str(),
                    "from_name": from_name,
                    "to_name": "text",
                    "type": kind,
                    "value": {
                        "start": a.range.start.0,
                        "end": a.range.end.0,
                        "text": document.slice(a.range),
                    },
                });
                let key = if kind == "textarea" { "text" } else { kind };
                result["value"][key] = value;
                result
            };
            let mut results = vec![region("label", "labels", json!([&*a.label]))];
            if let Some(claim) = &a.claim {
                let file = spanwise::claim_attributes_to_file(document, &a.id, claim);
                for (name, value) in [
                    ("speaker", &file.speaker),
                    ("quote_type", &file.quote_type),
                    ("check_worthiness", &file.check_worthiness),
                    ("verdict", &file.verdict),
                ] {
                    results.push(region(name, "choices", json!([value])));
                }
                if !file.note.is_empty() {
                    let lines: Vec<&str> = file.note.split('\n').collect();
                    results.push(region("note", "textarea", json!(lines)));
                }
            }
            results
        })
        .collect();
    for relation in &imported.relations {
        if document.annotation(&relation.from).is_some()
            && document.annotation(&relation.to).is_some()
        {
            results.push(json!({
                "from_id": relation.from.as_str(),
                "to_id": relation.to.as_str(),
                "type": "relation",
                "direction": "right",
                "labels": [&relation.kind],
            }));
        }
    }
    json!({
        "id": n + 1,
        "data": { "text": document.text(), "title": &*document.title },
        "annotations": [{ "id": n + 1, "result": results }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::formats::test_support::{span, spans};

    fn read(file: &str) -> String {
        crate::formats::test_support::read_corpus("labelstudio", file)
    }

    fn messages(imported: &Imported) -> Vec<String> {
        imported
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn the_annotation_export_and_the_task_file_import() {
        let imported = import("a.json", &read("named_entity-annotation-1.json")).unwrap();
        assert_eq!(imported.unit, Some(OffsetUnit::CodePoint));
        assert!(imported.diagnostics.is_empty());
        assert_eq!(imported.documents.len(), 1);
        let doc = &imported.documents[0];
        assert_eq!(
            spans(&doc.document),
            [span("beFiQTT1cU", "Date", 343, 354, "February 22")]
        );
        assert_eq!(doc.document.len().0, 915);
        assert_eq!(&*doc.document.title, "a task 1");

        let imported = import("tasks.json", &read("named_entity-tasks.json")).unwrap();
        assert_eq!(
            messages(&imported),
            ["task #1: has no annotation; imported its prediction (model version \"model 1\") as spans"]
        );
        assert_eq!(
            spans(&imported.documents[0].document),
            [span("beFiQTT1cU", "Date", 343, 354, "February 22")]
        );
    }

    #[test]
    fn export_then_import_keeps_spans_and_relations() {
        let text = "😀 Blinken met Shoukry in 🇪🇬 Cairo";
        let content = json!([{
            "id": 7,
            "data": {"text": text},
            "annotations": [{"id": 1, "result": [
                {"id": "p1", "type": "labels", "value": {"start": 2, "end": 9, "text": "Blinken", "labels": ["PERSON"]}},
                {"id": "p2", "type": "labels", "value": {"start": 14, "end": 21, "text": "Shoukry", "labels": ["PERSON", "ORG"]}},
                {"id": "g1", "type": "labels", "value": {"start": 28, "end": 33, "text": "Cairo", "labels": ["GPE"]}},
                {"id": "g1", "type": "textarea", "value": {"text": ["capital"]}},
                {"type": "relation", "from_id": "p1", "to_id": "p2", "labels": ["met"]},
            ]}],
        }])
        .to_string();
        let imported = import("ls.json", &content).unwrap();
        assert_eq!(imported.unit, Some(OffsetUnit::CodePoint));
        assert_eq!(
            messages(&imported),
            ["task 7, result[3]: results of type \"textarea\" are not imported"]
        );
        let doc = &imported.documents[0];
        let expected = [
            span("p1", "PERSON", 2, 9, "Blinken"),
            span("p2", "PERSON", 14, 21, "Shoukry"),
            span("p2-2", "ORG", 14, 21, "Shoukry"),
            span("g1", "GPE", 28, 33, "Cairo"),
        ];
        assert_eq!(spans(&doc.document), expected);
        assert_eq!(doc.relations.len(), 1);
        let exported = export(&[doc]);
        let back = import("back.json", &exported).unwrap();
        assert!(back.diagnostics.is_empty(), "{:?}", back.diagnostics);
        assert_eq!(spans(&back.documents[0].document), expected);
        assert_eq!(back.documents[0].relations, doc.relations);
        assert_eq!(export(&[&back.documents[0]]), exported, "stable");
    }

    #[test]
    fn per_region_choices_and_textareas_set_a_claims_attributes() {
        let per_region = |id: &str, name: &str, kind: &str, values: Value| {
            let mut value = json!({"start": 13, "end": 18});
            value[if kind == "textarea" { "text" } else { kind }] = values;
            json!({"id": id, "from_name": name, "to_name": "text", "type": kind, "value": value})
        };
        let content = json!([{"id": 1, "data": {"text": "Blinken said “yes”."}, "annotations": [{"result": [
            {"id": "c1", "type": "labels", "value": {"start": 13, "end": 18, "text": "“yes”", "labels": ["CLAIM"]}},
            {"id": "p1", "type": "labels", "value": {"start": 0, "end": 7, "text": "Blinken", "labels": ["PERSON"]}},
            per_region("c1", "verdict", "choices", json!(["mostly-true"])),
            per_region("c1", "note", "textarea", json!(["first line", "second line"])),
            per_region("c1", "quote_type", "choices", json!(["direct", "mixed"])),
            per_region("c1", "sentiment", "choices", json!(["positive"])),
            per_region("c1", "check_worthiness", "choices", json!(["urgent"])),
            per_region("p1", "verdict", "choices", json!(["true"])),
        ]}]}])
        .to_string();
        let imported = import("c.json", &content).unwrap();
        let claim = &imported.documents[0].kinds[0];
        assert_eq!(claim.id, AnnotationId::new("c1"));
        let attributes = claim.attributes.as_ref().expect("attributes were given");
        assert_eq!(
            (
                attributes.verdict.as_str(),
                attributes.note.as_str(),
                attributes.quote_type.as_str(),
                attributes.check_worthiness.as_str()
            ),
            (
                "mostly-true",
                "first line\nsecond line",
                "direct",
                "check-worthy"
            )
        );
        assert_eq!(
            messages(&imported),
            [
                "task 1, result[4] (id c1): 2 choices for quote_type (direct, mixed); a claim \
                 attribute has one",
                "task 1, result[5]: results of type \"choices\" are not imported",
                "task 1, result[6] (id c1): attributes.check_worthiness is \"urgent\"; expected \
                 one of not-a-claim, not-check-worthy, check-worthy",
                "task 1, result[7]: results of type \"choices\" are not imported",
            ]
        );
    }

    #[test]
    fn utf16_offsets_are_detected_by_the_stored_text() {
        let text = "😀 Blinken met Shoukry in 🇪🇬 Cairo";
        // UTF-16: 😀 is two units, and each regional indicator is two.
        let content = json!([{"data": {"text": text}, "annotations": [{"result": [
            {"id": "p1", "type": "labels", "value": {"start": 3, "end": 10, "text": "Blinken", "labels": ["PERSON"]}},
            {"id": "g1", "type": "labels", "value": {"start": 31, "end": 36, "text": "Cairo", "labels": ["GPE"]}},
        ]}]}])
        .to_string();
        let imported = import("u.json", &content).unwrap();
        assert_eq!(imported.unit, Some(OffsetUnit::Utf16));
        assert!(
            imported.diagnostics.is_empty(),
            "{:?}",
            imported.diagnostics
        );
        assert_eq!(
            spans(&imported.documents[0].document),
            [
                span("p1", "PERSON", 2, 9, "Blinken"),
                span("g1", "GPE", 28, 33, "Cairo")
            ]
        );
    }

    #[test]
    fn bad_results_give_diagnostics_and_the_rest_imports() {
        let content = json!([
            {"id": 1, "data": {"body": "Blinken in Cairo"}, "annotations": [
                {"id": 10, "was_cancelled": true, "result": []},
                {"id": 11, "result": [
                    {"id": "a", "type": "labels", "value": {"start": 0, "end": 7, "text": "Blinken", "labels": ["PERSON"]}},
                    {"id": "b", "type": "labels", "value": {"start": -1, "end": 7, "labels": ["PERSON"]}},
                    {"id": "c", "type": "labels", "value": {"start": 0, "end": 99, "labels": ["PERSON"]}},
                    {"id": "d", "type": "labels", "value": {"start": 0, "end": 7, "text": "Cairo", "labels": ["GPE"]}},
                    {"id": "e", "type": "labels", "value": {"start": 11, "end": 16, "labels": []}},
                    {"type": "labels", "value": {"start": 11, "end": 16, "labels": ["GPE"]}},
                    {"id": "f", "type": "labels", "value": {"start": "11", "end": 16, "labels": ["GPE"]}},
                    {"type": "relation", "from_id": "a", "to_id": "zz", "labels": []},
                    {"type": "relation", "from_id": "a"},
                    "junk",
                ]},
                {"id": 12, "result": []},
            ]},
            {"id": 2, "data": {"n": 5}},
            {"id": 3},
            7,
        ])
        .to_string();
        let imported = import("bad.json", &content).unwrap();
        assert_eq!(imported.documents.len(), 1);
        assert_eq!(
            spans(&imported.documents[0].document),
            [span("a", "PERSON", 0, 7, "Blinken")]
        );
        assert_eq!(
            messages(&imported),
            [
                "task 1: has 2 annotations; imported the first (id 11)",
                "task 1, result[1] (id b): start -1 is not a whole number from 0 up",
                "task 1, result[4] (id e): no label",
                "task 1, result[5]: the result has no id",
                "task 1, result[6] (id f): start \"11\" is not a whole number from 0 up",
                "task 1, result[8]: a relation needs from_id and to_id",
                "task 1, result[9]: results of type \"\" are not imported",
                "task 2: \"data\" has no text; skipped",
                "task 3: no \"data\" object; skipped",
                "task #4: no \"data\" object; skipped",
                "bad task 1: span c (PERSON 0..99): the offsets do not fit the text (CodePoint offsets)",
                "bad task 1: span d (GPE 0..7): the text there is \"Blinken\", but the file says \"Cairo\"",
                "bad task 1: relation related from a to zz: a region is not an imported span",
            ]
        );
    }

    #[test]
    fn whole_file_failures_are_errors() {
        let name = || "x.json".to_string();
        let cases = [
            ("  ", FormatError::Empty { name: name() }),
            (
                "[{\"data\"",
                FormatError::NotJson {
                    name: name(),
                    message: "EOF while parsing an object at line 1 column 8".into(),
                },
            ),
            (
                "{\"text\": \"x\"}",
                FormatError::NotThisFormat {
                    name: name(),
                    format: FORMAT,
                    reason: "expected a list of tasks, each with \"data\"".into(),
                },
            ),
            (
                "[1, 2]",
                FormatError::NotThisFormat {
                    name: name(),
                    format: FORMAT,
                    reason: "no task has a text in \"data\"".into(),
                },
            ),
        ];
        for (content, expected) in cases {
            assert_eq!(import("x.json", content), Err(expected), "{content:?}");
        }
        let empty = import("x.json", "[]").unwrap();
        assert!(empty.documents.is_empty());
    }
}
