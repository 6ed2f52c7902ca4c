//! A layer of the room, entry by entry: an annotation under its id (its ends sticky positions
//! in the text), a relation under `relation:<id>`, an entity under `entity:<id>`, each a plain
//! Yjs object as `team/README.md` lays it out; written where it changed, read back resolved.

use std::collections::HashMap;
use std::sync::Arc;

use yrs::types::text::TextRef;
use yrs::updates::encoder::Encode;
use yrs::{Any, Assoc, IndexedSequence, Map, MapRef, ReadTxn};

use super::read::{FastMap, FastSet, Read};
use super::wire;
use crate::formats::spanwise::claim_attributes_to_file;
use crate::model::document::{Annotation, Document, SpanKind};
use crate::model::offsets::{CodePoint, CpRange, TextIndex};

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
/// what it was last written or read (`known`, `links`); whether anything was written. A span is
/// compared with what is known of it as it is, without making its entry (which for a claim
/// means writing its attributes out): with 10,000 spans, every change of the document runs this.
pub(super) fn write_layer(
    text: &TextRef,
    layer: &MapRef,
    known: &mut FastMap<String, Read>,
    links: &mut HashMap<String, Link>,
    txn: &mut yrs::TransactionMut,
    document: &Document,
) -> bool {
    let index = document.index();
    let mut changed = false;
    let ids: FastSet<&str> = document
        .annotations()
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    let gone: Vec<String> = known
        .iter()
        .filter(|(key, read)| read.entry.is_some() && !ids.contains(key.as_str()))
        .map(|(key, _)| key.clone())
        .collect();
    for key in gone {
        layer.remove(txn, &key);
        known.remove(&key);
        changed = true;
    }
    for annotation in document.annotations() {
        let key = annotation.id.as_str();
        let was = known.get(key).and_then(|read| read.entry.as_ref());
        if was.is_some_and(|entry| entry.is(annotation)) {
            continue;
        }
        let Some(entry) = entry_of(document, annotation) else {
            continue;
        };
        if was == Some(&entry) {
            continue;
        }
        let encoded = encode_entry(text, txn, index, &entry);
        let Any::Map(object) = &encoded else {
            unreachable!("an entry is written as a map");
        };
        let object = Arc::clone(object);
        layer.insert(txn, key, encoded);
        known.insert(
            key.to_string(),
            Read {
                object,
                entry: Some(entry),
            },
        );
        changed = true;
    }
    let links = write_entries(layer, txn, links, links_of(document), |_, link| {
        encode_link(link)
    });
    changed || links
}

impl Entry {
    /// Whether the entry is `annotation`'s, as far as can be told without making its entry:
    /// never for a claim (its attributes are compared as written).
    fn is(&self, annotation: &Annotation) -> bool {
        annotation.kind != SpanKind::Claim
            && self.kind == annotation.kind
            && self.range == annotation.range
            && *self.label == *annotation.label
    }
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

/// A string field of an entry.
pub(super) fn string_field(map: &HashMap<String, Any>, key: &str) -> Option<Arc<str>> {
    match map.get(key) {
        Some(Any::String(s)) => Some(Arc::clone(s)),
        _ => None,
    }
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
