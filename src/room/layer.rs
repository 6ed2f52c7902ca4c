//! A layer of the room, entry by entry: an annotation under its id (its ends sticky positions
//! in the text), a relation under `relation:<id>`, an entity under `entity:<id>`, each a plain
//! Yjs object as `team/README.md` lays it out; written where it changed, read back resolved.

use std::collections::HashMap;
use std::sync::Arc;

use yrs::types::text::TextRef;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Any, Assoc, IndexedSequence, Map, MapRef, Out, ReadTxn, StickyIndex};

use super::wire;
use crate::formats::spanwise::claim_attributes_to_file;
use crate::model::document::{Annotation, Document, SpanKind};
use crate::model::offsets::{CodePoint, CpRange, TextIndex, Utf16};

/// One annotation as the room holds it, its ends resolved to code points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) kind: SpanKind,
    pub(super) label: Arc<str>,
    pub(super) range: CpRange,
    /// A claim's attributes, as the Spanwise JSON format writes them (serialised).
    pub(super) attrs: Option<String>,
}

/// A relation or an entity as the room holds it: keyed `relation:<id>` and `entity:<id>` in
/// the layer, beside the spans (whose keys are their ids). Both are made of annotation ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Link {
    Relation {
        kind: Arc<str>,
        from: Arc<str>,
        to: Arc<str>,
    },
    Entity {
        name: Arc<str>,
        wikidata: Option<Arc<str>>,
        mentions: Vec<Arc<str>>,
    },
}

pub(super) const RELATION: &str = "relation:";
pub(super) const ENTITY: &str = "entity:";

/// Writes `document`'s annotations, relations and entities into `layer` where they differ from
/// what it was last written (`known`, `links`); whether anything was written.
pub(super) fn write_layer(
    text: &TextRef,
    layer: &MapRef,
    known: &mut HashMap<String, Entry>,
    links: &mut HashMap<String, Link>,
    txn: &mut yrs::TransactionMut,
    document: &Document,
) -> bool {
    let index = document.index();
    let wanted: HashMap<String, Entry> = document
        .annotations()
        .iter()
        .filter_map(|a| Some((a.id.to_string(), entry_of(document, a)?)))
        .collect();
    let spans = write_entries(layer, txn, known, wanted, |txn, entry| {
        encode_entry(text, txn, index, entry)
    });
    let links = write_entries(layer, txn, links, links_of(document), |_, link| {
        encode_link(link)
    });
    spans || links
}

/// Makes `layer`'s entries `wanted`, touching only those that differ from `known` (what was
/// last written), which then holds `wanted`; whether anything was written.
pub(super) fn write_entries<V: PartialEq>(
    layer: &MapRef,
    txn: &mut yrs::TransactionMut,
    known: &mut HashMap<String, V>,
    wanted: HashMap<String, V>,
    encode: impl Fn(&yrs::TransactionMut, &V) -> Any,
) -> bool {
    let mut changed = false;
    let gone: Vec<String> = known
        .keys()
        .filter(|key| !wanted.contains_key(key.as_str()))
        .cloned()
        .collect();
    for key in gone {
        layer.remove(txn, &key);
        known.remove(&key);
        changed = true;
    }
    for (key, value) in wanted {
        if known.get(&key) == Some(&value) {
            continue;
        }
        let encoded = encode(txn, &value);
        layer.insert(txn, key.as_str(), encoded);
        known.insert(key, value);
        changed = true;
    }
    changed
}

pub(super) fn encode_entry<T: ReadTxn>(
    text: &TextRef,
    txn: &T,
    index: &TextIndex,
    entry: &Entry,
) -> Any {
    let sticky = |at: CodePoint, assoc: Assoc| -> Any {
        let units = index.to_utf16(at).0 as u32;
        match text.sticky_index(txn, units, assoc) {
            Some(position) => Any::String(wire::base64(&position.encode_v1()).into()),
            None => Any::Null,
        }
    };
    let mut map = HashMap::new();
    map.insert("kind".to_string(), Any::String(entry.kind.as_str().into()));
    map.insert("label".to_string(), Any::String(Arc::clone(&entry.label)));
    // The start sticks to the character after it, the end to the one before: text typed at
    // either edge stays outside the span.
    map.insert("start".to_string(), sticky(entry.range.start, Assoc::After));
    map.insert("end".to_string(), sticky(entry.range.end, Assoc::Before));
    if let Some(attrs) = &entry.attrs {
        map.insert("attrs".to_string(), Any::String(attrs.as_str().into()));
    }
    Any::from(map)
}

/// The document's relations and entities, by their keys in the layer.
pub(super) fn links_of(document: &Document) -> HashMap<String, Link> {
    let relations = document.relations().iter().map(|r| {
        (
            format!("{RELATION}{}", r.id.0),
            Link::Relation {
                kind: Arc::from(&*r.kind),
                from: Arc::from(r.from.as_str()),
                to: Arc::from(r.to.as_str()),
            },
        )
    });
    let entities = document.entities().iter().map(|e| {
        (
            format!("{ENTITY}{}", e.id.0),
            Link::Entity {
                name: Arc::from(&*e.name),
                wikidata: e.wikidata.as_deref().map(Arc::from),
                mentions: e.mentions.iter().map(|m| Arc::from(m.as_str())).collect(),
            },
        )
    });
    relations.chain(entities).collect()
}

pub(super) fn encode_link(link: &Link) -> Any {
    let mut map = HashMap::new();
    let text = |s: &Arc<str>| Any::String(Arc::clone(s));
    match link {
        Link::Relation { kind, from, to } => {
            map.insert("kind".to_string(), Any::String("relation".into()));
            map.insert("label".to_string(), text(kind));
            map.insert("from".to_string(), text(from));
            map.insert("to".to_string(), text(to));
        }
        Link::Entity {
            name,
            wikidata,
            mentions,
        } => {
            map.insert("kind".to_string(), Any::String("identity".into()));
            map.insert("name".to_string(), text(name));
            if let Some(q) = wikidata {
                map.insert("wikidata".to_string(), text(q));
            }
            let mentions: Vec<Any> = mentions.iter().map(text).collect();
            map.insert("mentions".to_string(), Any::from(mentions));
        }
    }
    Any::from(map)
}

/// A layer's entries that are plain objects, by key (anything else is not ours and left out).
pub(super) fn objects<T: ReadTxn>(
    layer: &MapRef,
    txn: &T,
) -> Vec<(String, Arc<HashMap<String, Any>>)> {
    layer
        .iter(txn)
        .filter_map(|(key, value)| match value {
            Out::Any(Any::Map(map)) => Some((key.to_string(), map)),
            _ => None,
        })
        .collect()
}

/// A string field of an entry.
pub(super) fn string_field(map: &HashMap<String, Any>, key: &str) -> Option<Arc<str>> {
    match map.get(key) {
        Some(Any::String(s)) => Some(Arc::clone(s)),
        _ => None,
    }
}

/// Where an encoded sticky position (base64) is now, in code points of the text `index` indexes.
pub(super) fn resolve_sticky<T: ReadTxn>(
    txn: &T,
    index: &TextIndex,
    encoded: &str,
) -> Option<CodePoint> {
    let position = StickyIndex::decode_v1(&wire::unbase64(encoded)?).ok()?;
    let offset = position.get_offset(txn)?;
    Some(index.from_utf16(Utf16(offset.index as usize)))
}

/// The layer's relations and entities (entries of other kinds, or damaged ones, left out).
pub(super) fn read_links<T: ReadTxn>(layer: &MapRef, txn: &T) -> HashMap<String, Link> {
    let mut out = HashMap::new();
    for (key, map) in objects(layer, txn) {
        let text = |key: &str| string_field(&map, key);
        let link = if key.starts_with(RELATION) && text("kind").as_deref() == Some("relation") {
            let (Some(kind), Some(from), Some(to)) = (text("label"), text("from"), text("to"))
            else {
                continue;
            };
            Link::Relation { kind, from, to }
        } else if key.starts_with(ENTITY) && text("kind").as_deref() == Some("identity") {
            let (Some(name), Some(Any::Array(mentions))) = (text("name"), map.get("mentions"))
            else {
                continue;
            };
            let mentions = mentions
                .iter()
                .filter_map(|m| match m {
                    Any::String(s) => Some(Arc::clone(s)),
                    _ => None,
                })
                .collect();
            Link::Entity {
                name,
                wikidata: text("wikidata"),
                mentions,
            }
        } else {
            continue;
        };
        out.insert(key.to_string(), link);
    }
    out
}

/// An annotation as the room holds it; `None` for a claim without its attributes.
pub(super) fn entry_of(document: &Document, annotation: &Annotation) -> Option<Entry> {
    let attrs = match annotation.kind {
        SpanKind::Entity => None,
        SpanKind::Claim => {
            let attributes = annotation.claim.as_deref()?;
            let file = claim_attributes_to_file(document, &annotation.id, attributes);
            Some(serde_json::to_string(&file).expect("strings serialize"))
        }
        SpanKind::Cue => None,
    };
    Some(Entry {
        kind: annotation.kind,
        label: Arc::from(&*annotation.label),
        range: annotation.range,
        attrs,
    })
}

/// The layer's entries with their ends resolved in the room's text (`index` is its index).
pub(super) fn read_layer<T: ReadTxn>(
    layer: &MapRef,
    txn: &T,
    index: &TextIndex,
) -> HashMap<String, Entry> {
    let resolve = |value: Option<Arc<str>>| resolve_sticky(txn, index, &value?);
    let mut out = HashMap::new();
    for (id, map) in objects(layer, txn) {
        let text = |key: &str| string_field(&map, key);
        let (Some(kind), Some(label)) = (
            text("kind").and_then(|k| SpanKind::parse(&k)),
            text("label"),
        ) else {
            continue;
        };
        let (Some(start), Some(end)) = (resolve(text("start")), resolve(text("end"))) else {
            continue;
        };
        if start >= end {
            continue;
        }
        out.insert(
            id.to_string(),
            Entry {
                kind,
                label,
                range: CpRange { start, end },
                attrs: text("attrs").map(|a| a.to_string()),
            },
        );
    }
    out
}
