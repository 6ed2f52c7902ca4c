//! W3C Web Annotation (JSON-LD): annotations whose target selects text by quote
//! (`TextQuoteSelector`: exact, prefix, suffix) and/or position (`TextPositionSelector`: start,
//! end, code points per the spec).
//!
//! A W3C file usually does not hold the annotated text, so [`import_with_text`] takes it
//! separately. The position is tried first; when the quote disagrees with it, the quote is
//! looked for in the text (preferring occurrences whose prefix and suffix match, then the one
//! nearest the stated position), and a diagnostic says the span moved. Some tools (Recogito's
//! text annotator, which counts in JavaScript) write UTF-16 positions; when only that reading
//! matches the quote, it is used and reported as the unit.
//!
//! The label is the value of the first body with `purpose: "tagging"`; other textual bodies
//! (comments, descriptions) become notes. An annotation with no tagging body (a bare highlight,
//! as in Recogito) gets the label [`UNTAGGED`].
//!
//! Export writes an `AnnotationCollection` whose page holds one annotation per span, with both
//! selectors and a tagging body; annotation ids are IRIs, `urn:spanwise:<document id>#<id>`. So that the file round-trips without a second file, it also
//! carries the document under a top-level `spanwise:document` key (`id`, `title`, `text`): JSON-LD
//! processors ignore keys their context does not define, and every target's `source` is
//! `urn:spanwise:<document id>`, which names that document. [`import`] reads such a file alone.

use serde_json::{json, Value};

use crate::formats::foreign::{
    check_size, json_offset, to_code_points, Diagnostics, DocumentBuilder, FormatError, N_REASONS,
};
use crate::formats::spanwise;
use crate::formats::{
    Imported, ImportedDocument, ImportedKind, ImportedRelation, OffsetUnit, SpanwiseExtras,
};
use crate::model::document::{AnnotationId, Document, SpanKind};
use crate::model::offsets::{Byte, CpRange, TextIndex};

pub const FORMAT: &str = "W3C Web Annotation";

/// Terms our export adds so that claims, cues, relations and entities survive a round trip.
pub const KIND_KEY: &str = "spanwise:kind";
pub const ATTRIBUTES_KEY: &str = "spanwise:attributes";
pub const RELATION_KEY: &str = "spanwise:relation";

/// Reads the Spanwise terms of a W3C file (our own export); other files have none.
pub fn spanwise_extras(json: &str) -> SpanwiseExtras {
    let mut extras = SpanwiseExtras::default();
    let Ok(value) = serde_json::from_str::<Value>(json) else {
        return extras;
    };
    let local = |iri: &str| iri.rsplit_once('#').map_or(iri, |(_, id)| id).to_string();
    for annotation in annotations_of(&value).into_iter().flatten() {
        let Some(id) = annotation.get("id").and_then(Value::as_str).map(local) else {
            continue;
        };
        let kind = annotation
            .get(KIND_KEY)
            .and_then(Value::as_str)
            .and_then(SpanKind::parse);
        if let Some(kind @ (SpanKind::Claim | SpanKind::Cue)) = kind {
            let attributes = annotation
                .get(ATTRIBUTES_KEY)
                .and_then(|a| serde_json::from_value(a.clone()).ok());
            extras.kinds.push(ImportedKind {
                id: AnnotationId::new(&id),
                kind,
                attributes,
            });
        }
        let bodies = match annotation.get("body") {
            Some(Value::Array(list)) => list.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        for body in bodies {
            if let (Some(kind), Some(to), Some(rid)) = (
                body.get(RELATION_KEY).and_then(Value::as_str),
                body.get("source").and_then(Value::as_str),
                body.get("id").and_then(Value::as_str),
            ) {
                extras.relations.push(ImportedRelation {
                    id: local(rid),
                    kind: kind.to_string(),
                    from: AnnotationId::new(&id),
                    to: AnnotationId::new(&local(to)),
                });
            }
        }
    }
    if let Some(entities) = value.get(DOCUMENT_KEY).and_then(|d| d.get("entities")) {
        extras.entities = serde_json::from_value(entities.clone()).unwrap_or_default();
    }
    extras
}

/// The label of an annotation that has no tagging body.
pub const UNTAGGED: &str = "HIGHLIGHT";

/// The key under which an export carries the document; not part of the W3C vocabulary.
pub const DOCUMENT_KEY: &str = "spanwise:document";

/// How many characters of context the export writes in `prefix` and `suffix`.
const CONTEXT_CHARS: usize = 32;

/// Imports a W3C file that carries its document under [`DOCUMENT_KEY`] (as Spanwise exports
/// do). Other W3C files need the text: use [`import_with_text`].
pub fn import(name: &str, json: &str) -> Result<Imported, FormatError> {
    check_size(name, json)?;
    let value = parse(name, json)?;
    let document = value.get(DOCUMENT_KEY);
    let Some(text) = document.and_then(|d| d.get("text")).and_then(Value::as_str) else {
        return Err(FormatError::NotThisFormat {
            name: name.to_string(),
            format: FORMAT,
            reason: format!(
                "it does not contain the annotated text (no \"{DOCUMENT_KEY}\"); open the text \
                 too"
            ),
        });
    };
    let title = document
        .and_then(|d| d.get("title"))
        .and_then(Value::as_str)
        .map_or_else(|| crate::formats::title_from_file_name(name), String::from);
    let id = document.and_then(|d| d.get("id")).and_then(Value::as_str);
    from_value(name, &value, text, &title, id)
}

/// Imports a W3C file against the text it annotates. Such a file brings nothing but its
/// annotations, so when none of them fits the text (or it has none) it is refused, with the
/// first reasons: the text is there already.
pub fn import_with_text(name: &str, json: &str, text: &str) -> Result<Imported, FormatError> {
    check_size(name, json)?;
    let value = parse(name, json)?;
    let imported = from_value(
        name,
        &value,
        text,
        &crate::formats::title_from_file_name(name),
        None,
    )?;
    let n_imported: usize = imported
        .documents
        .iter()
        .map(|d| d.document.annotations().len())
        .sum();
    if n_imported == 0 {
        let n_annotations = annotations_of(&value).map_or(1, Vec::len);
        return Err(FormatError::NothingFits {
            name: name.to_string(),
            n_annotations,
            first_reasons: imported
                .diagnostics
                .into_iter()
                .take(N_REASONS)
                .map(|d| d.message)
                .collect(),
        });
    }
    Ok(imported)
}

fn parse(name: &str, json: &str) -> Result<Value, FormatError> {
    serde_json::from_str(json).map_err(|e| FormatError::NotJson {
        name: name.to_string(),
        message: e.to_string(),
    })
}

/// The annotations of a file: an array, an `AnnotationCollection` (with `first.items` or
/// `items`), an `AnnotationPage`, or a single annotation.
fn annotations_of(value: &Value) -> Option<&Vec<Value>> {
    if let Some(list) = value.as_array() {
        return Some(list);
    }
    value
        .get("first")
        .and_then(|first| first.get("items"))
        .or_else(|| value.get("items"))
        .and_then(Value::as_array)
}

fn from_value(
    name: &str,
    value: &Value,
    text: &str,
    title: &str,
    id: Option<&str>,
) -> Result<Imported, FormatError> {
    let single;
    let annotations = match annotations_of(value) {
        Some(list) => list.as_slice(),
        None if value.get("target").is_some() => {
            single = [value.clone()];
            &single[..]
        }
        None => {
            return Err(FormatError::NotThisFormat {
                name: name.to_string(),
                format: FORMAT,
                reason: "expected a list of annotations, an AnnotationCollection or an annotation"
                    .into(),
            })
        }
    };
    let mut builder = match id.filter(|id| !id.is_empty()) {
        Some(id) => DocumentBuilder::with_id(id, title, text),
        None => DocumentBuilder::new(title, text),
    };
    let mut diagnostics = Diagnostics::default();
    let mut n_utf16 = 0;
    for (i, annotation) in annotations.iter().enumerate() {
        // Our export writes ids as IRIs (`urn:spanwise:<document>#<id>`); the part after `#`
        // is the annotation id. Other tools' ids are kept whole.
        let id = annotation
            .get("id")
            .and_then(Value::as_str)
            .map(|id| match id.strip_prefix("urn:spanwise:") {
                Some(rest) => rest.rsplit_once('#').map_or(rest, |(_, id)| id),
                None => id,
            })
            .filter(|id| !id.is_empty())
            .map_or_else(|| format!("a{}", i + 1), String::from);
        let at = format!("annotation {} ({id})", i + 1);
        match resolve(builder.document(), annotation) {
            Ok(found) => {
                if let Some(moved) = found.moved {
                    diagnostics.push(None, format!("{at}: {moved}"));
                }
                if found.unit == OffsetUnit::Utf16 {
                    n_utf16 += 1;
                }
                let (label, notes) = bodies(annotation.get("body"));
                let label = label.unwrap_or_else(|| UNTAGGED.to_string());
                match builder.add_span(&id, &label, found.range) {
                    Ok(()) => {
                        for note in notes {
                            builder.add_note(&id, note);
                        }
                    }
                    Err(reason) => diagnostics.push(None, format!("{at}: {reason}")),
                }
            }
            Err(reason) => diagnostics.push(None, format!("{at}: {reason}")),
        }
    }
    Ok(Imported {
        format: FORMAT,
        documents: vec![builder.finish()],
        unit: Some(if n_utf16 > 0 {
            OffsetUnit::Utf16
        } else {
            OffsetUnit::CodePoint
        }),
        diagnostics: diagnostics.finish(),
    })
}

struct Found {
    range: CpRange,
    unit: OffsetUnit,
    /// Set when the quote was found away from the stated position.
    moved: Option<String>,
}

struct Quote<'a> {
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

fn resolve(document: &Document, annotation: &Value) -> Result<Found, String> {
    let target = match annotation.get("target") {
        Some(Value::Array(targets)) => targets
            .iter()
            .find(|t| t.get("selector").is_some())
            .ok_or("no target has a selector")?,
        Some(target @ Value::Object(_)) => target,
        Some(Value::String(_)) => return Err("the target is a whole resource, not a span".into()),
        _ => return Err("there is no target".into()),
    };
    let selectors: Vec<&Value> = match target.get("selector") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(selector @ Value::Object(_)) => vec![selector],
        _ => return Err("the target has no selector".into()),
    };
    let of_type = |kind: &str| {
        selectors
            .iter()
            .copied()
            .find(|s| s.get("type").and_then(Value::as_str) == Some(kind))
    };
    let quote = of_type("TextQuoteSelector").and_then(|selector| {
        let field = |k: &str| selector.get(k).and_then(Value::as_str).unwrap_or("");
        let exact = field("exact");
        (!exact.is_empty()).then(|| Quote {
            exact,
            prefix: field("prefix"),
            suffix: field("suffix"),
        })
    });
    // A malformed position is fatal only when there is no quote to fall back on.
    let mut ignored_position = None;
    let position = match of_type("TextPositionSelector").map(|selector| {
        json_offset(selector.get("start"), "start")
            .and_then(|s| json_offset(selector.get("end"), "end").map(|e| (s, e)))
    }) {
        None => None,
        Some(Ok(position)) => Some(position),
        Some(Err(reason)) if quote.is_some() => {
            ignored_position = Some(reason);
            None
        }
        Some(Err(reason)) => return Err(reason),
    };
    let index = document.index();
    match (position, quote) {
        (None, None) => Err("no TextQuoteSelector or TextPositionSelector".into()),
        (Some((start, end)), None) => {
            let range = to_code_points(index, OffsetUnit::CodePoint, start, end)
                .filter(|r| !r.is_empty())
                .ok_or_else(|| {
                    format!(
                        "position {start}..{end} does not fit the text ({} code points)",
                        index.len()
                    )
                })?;
            Ok(Found {
                range,
                unit: OffsetUnit::CodePoint,
                moved: None,
            })
        }
        (position, Some(quote)) => {
            for unit in [OffsetUnit::CodePoint, OffsetUnit::Utf16] {
                let Some((start, end)) = position else { break };
                if let Some(range) = to_code_points(index, unit, start, end) {
                    if !range.is_empty() && same_collapsed(document.slice(range), quote.exact) {
                        return Ok(Found {
                            range,
                            unit,
                            moved: None,
                        });
                    }
                }
            }
            let near = position.map_or(0, |(start, _)| start as usize);
            let range = find_quote(document.text(), index, &quote, near)
                .ok_or_else(|| format!("the quote {:?} is not in the text", quote.exact))?;
            let moved = match (position, ignored_position) {
                (Some((start, end)), _) => Some(format!(
                    "the text at {start}..{end} is not the quote {:?}; found it at {}..{}",
                    quote.exact, range.start, range.end
                )),
                (None, Some(reason)) => Some(format!(
                    "{reason}; found the quote at {}..{}",
                    range.start, range.end
                )),
                (None, None) => None,
            };
            Ok(Found {
                range,
                unit: OffsetUnit::CodePoint,
                moved,
            })
        }
    }
}

/// Compares texts with every whitespace run counted as one space. Recogito's quotes collapse
/// the line breaks and indentation of the HTML source while its positions count them (the
/// corpus file's third annotation spans 173 characters for a 165-character quote).
fn same_collapsed(actual: &str, quote: &str) -> bool {
    let words = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
    let edges = |s: &str| {
        (
            s.starts_with(char::is_whitespace),
            s.ends_with(char::is_whitespace),
        )
    };
    actual == quote || (words(actual) == words(quote) && edges(actual) == edges(quote))
}

/// The occurrence of the quote whose prefix and suffix match best, then nearest to `near`.
/// Whitespace runs in the quote match any whitespace run in the text (see [`same_collapsed`]).
fn find_quote(text: &str, index: &TextIndex, quote: &Quote<'_>, near: usize) -> Option<CpRange> {
    let prefix = quote
        .prefix
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let suffix = quote
        .suffix
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    find_flexible(text, quote.exact)
        .into_iter()
        .map(|(start_byte, end_byte)| {
            // Whitespace collapsing can shrink the context up to any length; four times the
            // collapsed length covers the indentation seen in practice.
            let window_start =
                floor_boundary(text, start_byte.saturating_sub(4 * prefix.len() + 4));
            let window_end = ceil_boundary(text, end_byte + 4 * suffix.len() + 4);
            let before = collapse(&text[window_start..start_byte]);
            let after = collapse(&text[end_byte..window_end]);
            let score = usize::from(before.ends_with(&prefix) || prefix.is_empty())
                + usize::from(after.starts_with(&suffix) || suffix.is_empty());
            let start = index.from_byte(text, Byte(start_byte)).0;
            let end = index.from_byte(text, Byte(end_byte)).0;
            (std::cmp::Reverse(score), start.abs_diff(near), start, end)
        })
        .min()
        .map(|(_, _, start, end)| CpRange::new(start, end))
}

/// Byte ranges where the quote's words occur separated by whitespace runs of any length.
fn find_flexible(text: &str, quote: &str) -> Vec<(usize, usize)> {
    let words: Vec<&str> = quote.split_whitespace().collect();
    let Some(first) = words.first() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    'occurrence: for (start, _) in text.match_indices(first) {
        let mut at = start + first.len();
        for word in &words[1..] {
            let rest = &text[at..];
            let gap = rest.len() - rest.trim_start().len();
            if gap == 0 || !rest[gap..].starts_with(word) {
                continue 'occurrence;
            }
            at += gap + word.len();
        }
        found.push((start, at));
    }
    found
}

/// The largest char boundary of `text` at or before `byte`, and the smallest at or after it:
/// context windows are measured in bytes but must never cut a character.
fn floor_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

fn ceil_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte += 1;
    }
    byte
}

/// The label (first tagging body) and notes (other textual bodies) of an annotation.
fn bodies(body: Option<&Value>) -> (Option<String>, Vec<String>) {
    let list: Vec<&Value> = match body {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(body @ Value::Object(_)) => vec![body],
        _ => Vec::new(),
    };
    let mut label = None;
    let mut notes = Vec::new();
    for body in list {
        let Some(value) = body.get("value").and_then(Value::as_str) else {
            continue;
        };
        let purpose = body.get("purpose").and_then(Value::as_str).unwrap_or("");
        if purpose == "tagging" && label.is_none() && !value.trim().is_empty() {
            label = Some(value.to_string());
        } else if purpose == "tagging" {
            notes.push(format!("tag {value}"));
        } else {
            notes.push(value.to_string());
        }
    }
    (label, notes)
}

/// Writes a document as an `AnnotationCollection`, notes as `commenting` bodies.
pub fn export(imported: &ImportedDocument) -> String {
    let document = &imported.document;
    let source = format!("urn:spanwise:{}", document.id);
    let index = document.index();
    let items: Vec<Value> = document
        .annotations()
        .iter()
        .map(|a| {
            let before = CpRange::new(
                a.range.start.0.saturating_sub(CONTEXT_CHARS),
                a.range.start.0,
            );
            let after = CpRange::new(
                a.range.end.0,
                (a.range.end.0 + CONTEXT_CHARS).min(index.len().0),
            );
            let mut body = vec![json!({
                "type": "TextualBody",
                "purpose": "tagging",
                "value": &*a.label,
            })];
            for (_, note) in imported.notes.iter().filter(|(id, _)| *id == a.id) {
                body.push(json!({
                    "type": "TextualBody",
                    "purpose": "commenting",
                    "value": note,
                }));
            }
            // Relations as linking bodies on the annotation they start from, pointing at the
            // other annotation's IRI.
            for relation in imported.relations.iter().filter(|r| r.from == a.id) {
                body.push(json!({
                    "id": format!("{source}#{}", relation.id),
                    "type": "SpecificResource",
                    "purpose": "linking",
                    "source": format!("{source}#{}", relation.to),
                    RELATION_KEY: &relation.kind,
                }));
            }
            // A mention of an entity with a Wikidata id identifies that item.
            if let Some(q) = document.entity_of(&a.id).and_then(|e| e.wikidata.clone()) {
                body.push(json!({
                    "type": "SpecificResource",
                    "purpose": "identifying",
                    "source": format!("http://www.wikidata.org/entity/{q}"),
                }));
            }
            let mut annotation = json!({
                "id": format!("{source}#{}", a.id),
                "type": "Annotation",
                "body": body,
                "target": {
                    "source": &source,
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": document.slice(a.range),
                            "prefix": document.slice(before),
                            "suffix": document.slice(after),
                        },
                        {
                            "type": "TextPositionSelector",
                            "start": a.range.start.0,
                            "end": a.range.end.0,
                        },
                    ],
                },
            });
            // Claims and cues: their kind and attributes, as extra terms other tools ignore;
            // a claim's note is also a commenting body they can read.
            if a.kind != SpanKind::Entity {
                annotation[KIND_KEY] = json!(a.kind.as_str());
            }
            if let Some(claim) = &a.claim {
                let attributes = spanwise::claim_attributes_to_file(document, &a.id, claim);
                if !attributes.note.is_empty() {
                    annotation["body"]
                        .as_array_mut()
                        .expect("body is a list")
                        .push(json!({
                            "type": "TextualBody",
                            "purpose": "commenting",
                            "value": &attributes.note,
                        }));
                }
                annotation[ATTRIBUTES_KEY] = json!(attributes);
            }
            annotation
        })
        .collect();
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": &*document.title,
        "total": items.len(),
        "first": { "type": "AnnotationPage", "items": items },
        DOCUMENT_KEY: {
            "id": &*document.id,
            "title": &*document.title,
            "text": document.text(),
                        "entities": document.entities().iter().map(spanwise::entity_to_file).collect::<Vec<_>>(),
        },
    });
    serde_json::to_string_pretty(&collection).expect("JSON values always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_support::{span, spans};
    use crate::model::document::AnnotationId;
    use crate::model::fixture::parse_fixture;

    fn read_corpus() -> String {
        crate::formats::test_support::read_corpus("w3c", "text-annotator-annotations.w3c.json")
    }

    /// The corpus file annotates a Gutenberg page that is not in the corpus. This rebuilds a
    /// text of the right length by writing each annotation's prefix, quote and suffix at its
    /// stated position (over a filler), checking that overlapping quotes agree.
    fn text_for(json: &str) -> String {
        let value: Value = serde_json::from_str(json).unwrap();
        let mut chars: Vec<Option<char>> = vec![None; 1700];
        for annotation in value.as_array().unwrap() {
            let target = match &annotation["target"] {
                Value::Array(list) => list[0].clone(),
                other => other.clone(),
            };
            let selectors = target["selector"].as_array().unwrap();
            let quote = &selectors[0];
            let start = selectors[1]["start"].as_u64().unwrap() as usize;
            let prefix = quote["prefix"].as_str().unwrap();
            // Recogito collapses whitespace in quotes but counts it in positions: where the
            // position is longer, the missing characters are put back as a line break and
            // indentation after the quote's first space.
            let end = selectors[1]["end"].as_u64().unwrap() as usize;
            let exact = quote["exact"].as_str().unwrap();
            let missing = (end - start) - exact.chars().count();
            let exact = if missing > 0 {
                exact.replacen(' ', &format!(" \n{}", " ".repeat(missing - 1)), 1)
            } else {
                exact.to_string()
            };
            let written = format!("{prefix}{exact}{}", quote["suffix"].as_str().unwrap());
            let from = start - prefix.chars().count();
            for (i, c) in written.chars().enumerate() {
                let slot = &mut chars[from + i];
                assert!(
                    slot.is_none_or(|old| old == c),
                    "quotes disagree at {}",
                    from + i
                );
                *slot = Some(c);
            }
        }
        chars.into_iter().map(|c| c.unwrap_or('~')).collect()
    }

    #[test]
    fn the_recogito_file_imports_against_its_text() {
        let json = read_corpus();
        let text = text_for(&json);
        let imported = import_with_text("odyssey.w3c.json", &json, &text).unwrap();
        assert!(
            imported.diagnostics.is_empty(),
            "{:?}",
            imported.diagnostics
        );
        assert_eq!(imported.unit, Some(OffsetUnit::CodePoint));
        let doc = &imported.documents[0];
        assert_eq!(doc.document.annotations().len(), 5);
        assert!(doc.notes.is_empty());
        let found = spans(&doc.document);
        assert_eq!(
            found[..2],
            [
                span(
                    "9b6aa528-660a-4551-8265-66f45c61acab",
                    UNTAGGED,
                    741,
                    772,
                    "death in battle or by shipwreck"
                ),
                span(
                    "7bae8714-63d9-4e31-9458-ca3aa465bd1b",
                    UNTAGGED,
                    970,
                    1001,
                    "d to marry him. But as years we"
                ),
            ]
        );
        assert_eq!(found[4].2..found[4].3, 1408..1581);
        // Without the text, the file cannot be imported alone.
        assert_eq!(
            import("odyssey.w3c.json", &json).map(|i| i.documents.len()),
            Err(FormatError::NotThisFormat {
                name: "odyssey.w3c.json".into(),
                format: FORMAT,
                reason: "it does not contain the annotated text (no \"spanwise:document\"); open the text too".into()
            })
        );
    }

    #[test]
    fn quotes_are_found_when_positions_are_off() {
        let json = read_corpus();
        // Two characters inserted at the start shift every position.
        let text = format!("++{}", text_for(&json));
        let imported = import_with_text("odyssey.w3c.json", &json, &text).unwrap();
        assert_eq!(imported.documents[0].document.annotations().len(), 5);
        assert_eq!(
            imported.diagnostics[0].message,
            "annotation 1 (9b6aa528-660a-4551-8265-66f45c61acab): the text at 741..772 is not the quote \"death in battle or by shipwreck\"; found it at 743..774"
        );
        assert_eq!(imported.diagnostics.len(), 5);
    }

    #[test]
    fn a_file_none_of_whose_annotations_fit_the_text_is_refused_with_the_first_reasons() {
        let json = read_corpus();
        let one = |quote: &str| {
            json!([{"id": "q", "target": {"selector": {"type": "TextQuoteSelector", "exact": quote}}}])
                .to_string()
        };
        let cases = [
            // The Recogito file against a text it does not annotate: five quotes, none there.
            (
                json.clone(),
                "o.json: none of its 5 annotation(s) fits the open document's text, so nothing \
                 was opened: annotation 1 (9b6aa528-660a-4551-8265-66f45c61acab): the quote \
                 \"death in battle or by shipwreck\" is not in the text; annotation 2 \
                 (51b54efc-cd3c-4667-91ab-3b24acba9b39): the quote \"im. But as years went by, \
                 there came a time when\" is not in the text; annotation 3 \
                 (45d77d69-b9c9-419e-b6f3-672222bb3a23): the quote \"Now Neptune had gone off to \
                 the Ethiopians, who are at the world's end, and lie in two halves, the one \
                 looking West and the other East. He had gone there to accept a\" is not in the \
                 text; and 2 more",
            ),
            (
                one("Doha"),
                "o.json: none of its 1 annotation(s) fits the open document's text, so nothing \
                 was opened: annotation 1 (q): the quote \"Doha\" is not in the text",
            ),
            (
                "[]".to_string(),
                "o.json: the file holds no annotations, so there is nothing to open",
            ),
        ];
        for (file, expected) in cases {
            assert_eq!(
                import_with_text("o.json", &file, "unrelated text").map_err(|e| e.to_string()),
                Err(expected.to_string())
            );
        }
        // One annotation that fits is enough: the others are diagnostics.
        let two = json!([
            {"id": "a", "target": {"selector": {"type": "TextQuoteSelector", "exact": "Doha"}}},
            {"id": "b", "target": {"selector": {"type": "TextQuoteSelector", "exact": "text"}}},
        ])
        .to_string();
        let imported = import_with_text("o.json", &two, "unrelated text").unwrap();
        assert_eq!(
            spans(&imported.documents[0].document),
            [span("b", UNTAGGED, 10, 14, "text")]
        );
        assert_eq!(
            imported.diagnostics[0].message,
            "annotation 1 (a): the quote \"Doha\" is not in the text"
        );
    }

    #[test]
    fn prefix_and_suffix_choose_between_repeated_quotes() {
        let text = "Cairo said no. Later, in Cairo, Blinken said yes.";
        let annotation = |selectors: Value| {
            json!([{"id": "x", "body": {"purpose": "tagging", "value": "GPE"}, "target": {"selector": selectors}}])
            .to_string()
        };
        let cases = [
            // Quote alone: the one whose context matches.
            (
                json!({"type": "TextQuoteSelector", "exact": "Cairo", "prefix": "in ", "suffix": ","}),
                25,
            ),
            (json!({"type": "TextQuoteSelector", "exact": "Cairo"}), 0),
            // Wrong position: the occurrence nearest to it.
            (
                json!([{"type": "TextQuoteSelector", "exact": "Cairo"}, {"type": "TextPositionSelector", "start": 22, "end": 27}]),
                25,
            ),
            // Position alone.
            (
                json!({"type": "TextPositionSelector", "start": 32, "end": 39}),
                32,
            ),
        ];
        for (selectors, start) in cases {
            let imported =
                import_with_text("x.json", &annotation(selectors.clone()), text).unwrap();
            let document = &imported.documents[0].document;
            assert_eq!(
                document.annotations().first().map(|a| a.range.start.0),
                Some(start),
                "{selectors}"
            );
        }
    }

    #[test]
    fn utf16_positions_are_recognised_by_the_quote() {
        let text = "😀 Doha and Qatar";
        let json = json!([{"id": "q", "target": {"selector": [
            {"type": "TextQuoteSelector", "exact": "Qatar"},
            {"type": "TextPositionSelector", "start": 12, "end": 17},
        ]}}])
        .to_string();
        let imported = import_with_text("x.json", &json, text).unwrap();
        assert!(imported.diagnostics.is_empty());
        assert_eq!(imported.unit, Some(OffsetUnit::Utf16));
        assert_eq!(
            spans(&imported.documents[0].document),
            [span("q", UNTAGGED, 11, 16, "Qatar")]
        );
    }

    #[test]
    fn export_then_import_keeps_spans_labels_notes_and_text() {
        let document = parse_fixture(
            "😀 [Antony [Blinken|PERSON#p2]|PERSON#p1] met [Shoukry|PERSON#p3] in\n[Cairo|GPE#g1].",
        );
        let imported = ImportedDocument {
            document,
            labels: vec![],
            relations: vec![],
            notes: vec![(AnnotationId::new("g1"), "capital of Egypt".into())],
            kinds: vec![],
        };
        let json = export(&imported);
        let back = import("x.w3c.json", &json).unwrap();
        assert!(back.diagnostics.is_empty(), "{:?}", back.diagnostics);
        let back_doc = &back.documents[0];
        assert_eq!(back_doc.document.text(), imported.document.text());
        assert_eq!(&*back_doc.document.title, "fixture");
        assert_eq!(spans(&back_doc.document), spans(&imported.document));
        assert_eq!(back_doc.notes, imported.notes);
        assert_eq!(export(back_doc), json, "stable");
        // The same file also imports against the text given separately.
        let again = import_with_text("x.json", &json, imported.document.text()).unwrap();
        assert_eq!(
            spans(&again.documents[0].document),
            spans(&imported.document)
        );
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["first"]["items"][3]["id"], "urn:spanwise:fixture#g1");
        assert_eq!(
            value["first"]["items"][3]["target"]["selector"][0],
            json!({"type": "TextQuoteSelector", "exact": "Cairo", "prefix": "😀 Antony Blinken met Shoukry in\n", "suffix": "."})
        );
    }

    #[test]
    fn hostile_input_gives_errors_or_diagnostics() {
        let name = || "x.json".to_string();
        assert_eq!(
            import_with_text("x.json", "", "t"),
            Err(FormatError::Empty { name: name() })
        );
        assert_eq!(
            import_with_text("x.json", "{\"a\": 1}", "t"),
            Err(FormatError::NotThisFormat {
                name: name(),
                format: FORMAT,
                reason: "expected a list of annotations, an AnnotationCollection or an annotation"
                    .into()
            })
        );
        let json = json!([
            {"id": "a", "target": "http://example.com/page"},
            {"id": "b"},
            {"id": "c", "target": {"selector": {"type": "FragmentSelector", "value": "t=1"}}},
            {"id": "d", "target": {"selector": {"type": "TextPositionSelector", "start": -1, "end": 3}}},
            {"id": "e", "target": {"selector": {"type": "TextPositionSelector", "start": 2, "end": 99}}},
            {"id": "f", "target": {"selector": {"type": "TextPositionSelector", "start": 2.5, "end": 3}}},
            {"id": "g", "target": [{"source": "x"}]},
            {"id": "h", "target": {"selector": 5}},
            {"id": "i", "target": {"selector": {"type": "TextPositionSelector", "start": 0, "end": 4}}, "body": [{"purpose": "tagging", "value": "X"}, {"purpose": "tagging", "value": "Y"}, {"value": "note"}, {"purpose": "tagging"}, 7]},
            {"id": "i", "target": {"selector": {"type": "TextPositionSelector", "start": 0, "end": 4}}},
            3,
            {"id": "j", "target": {"selector": [{"type": "TextPositionSelector", "start": "9", "end": 14}, {"type": "TextQuoteSelector", "exact": "Qatar"}]}},
        ])
        .to_string();
        let imported = import_with_text("x.json", &json, "Doha and Qatar").unwrap();
        let doc = &imported.documents[0];
        assert_eq!(
            spans(&doc.document),
            [
                span("i", "X", 0, 4, "Doha"),
                span("j", UNTAGGED, 9, 14, "Qatar")
            ]
        );
        assert_eq!(
            doc.notes,
            [
                (AnnotationId::new("i"), "tag Y".to_string()),
                (AnnotationId::new("i"), "note".to_string())
            ]
        );
        let messages: Vec<&str> = imported
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "annotation 1 (a): the target is a whole resource, not a span",
                "annotation 2 (b): there is no target",
                "annotation 3 (c): no TextQuoteSelector or TextPositionSelector",
                "annotation 4 (d): start -1 is not a whole number from 0 up",
                "annotation 5 (e): position 2..99 does not fit the text (14 code points)",
                "annotation 6 (f): start 2.5 is not a whole number from 0 up",
                "annotation 7 (g): no target has a selector",
                "annotation 8 (h): the target has no selector",
                "annotation 10 (i): the id \"i\" appears more than once",
                "annotation 11 (a11): there is no target",
                "annotation 12 (j): start \"9\" is not a whole number from 0 up; found the quote at 9..14",
            ]
        );
    }
}
