//! A layer read back: its entries' sticky ends resolved to code points, and its relations and
//! entities. Reading is what every update from the room costs, so what was read is kept
//! ([`Read`]) and read again only where it can have changed: an entry whose object is the same
//! (`Arc`) in a text that is the same means what it meant; after this client's own edit of the
//! text, only the entries with an end in the replaced range are resolved again, the others
//! moving as the edit moved the characters their ends stick to.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;
use std::sync::Arc;

use yrs::updates::decoder::Decode;
use yrs::{Any, GetString, Map, MapRef, Out, ReadTxn, StickyIndex, Transact};

use super::layer::{string_field, Entry, Link, ENTITY, RELATION};
use super::{wire, RoomDoc};
use crate::formats::spanwise::{claim_attributes, FileClaimAttributes};
use crate::model::document::{
    Annotation, AnnotationId, Document, Entity, EntityId, Relation, RelationId, SpanKind,
};
use crate::model::offsets::{CodePoint, CpRange, TextIndex, Utf16};

/// A map hashed the way rustc hashes its own (FxHash: a multiply and a rotate a word), not
/// with SipHash: the keys are annotation ids, thousands of them compared on every update, and
/// a room's members are let in by a signed token, so hash flooding is not a worry here.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(SEED);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.write(&[byte]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// An entry of a layer as last read or written: the room's object, and what it means in the
/// text (`None`: not a span, or damaged, or its start reached its end).
#[derive(Clone, Debug)]
pub(super) struct Read {
    pub(super) object: Arc<HashMap<String, Any>>,
    pub(super) entry: Option<Entry>,
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

/// What one object of a layer means as a span.
fn read_entry<T: ReadTxn>(
    object: &HashMap<String, Any>,
    txn: &T,
    index: &TextIndex,
) -> Option<Entry> {
    let text = |key: &str| string_field(object, key);
    let kind = text("kind").and_then(|k| SpanKind::parse(&k))?;
    let label = text("label")?;
    let resolve = |key: &str| resolve_sticky(txn, index, &text(key)?);
    let (start, end) = (resolve("start")?, resolve("end")?);
    (start < end).then(|| Entry {
        kind,
        label,
        range: CpRange { start, end },
        attrs: text("attrs").map(|a| a.to_string()),
    })
}

/// The layer's objects read in the room's text (`index` is its index), reusing `before` for
/// the objects that are the same as when it was read (it must have been read in this text;
/// empty, everything is read afresh).
pub(super) fn read_objects<T: ReadTxn>(
    layer: &MapRef,
    txn: &T,
    index: &TextIndex,
    before: &FastMap<String, Read>,
) -> FastMap<String, Read> {
    let mut out = FastMap::with_capacity_and_hasher(before.len(), Default::default());
    for (key, value) in layer.iter(txn) {
        let Out::Any(Any::Map(object)) = value else {
            continue;
        };
        let entry = match before.get(key) {
            Some(read) if Arc::ptr_eq(&read.object, &object) => read.entry.clone(),
            _ => read_entry(&object, txn, index),
        };
        out.insert(key.to_string(), Read { object, entry });
    }
    out
}

/// After `removed` code points at `at` were replaced by `inserted` (in the text `known` was
/// read in) — this client's own edit, or the region colleagues changed ([`Dirty`]) — what the
/// entries mean in the text now (`index`): an end that sticks to a character outside the
/// replaced range moved with that character; an end in the range or at its edges is resolved
/// again. Exact, as the region is known, unlike one guessed from a difference of two texts.
pub(super) fn follow_edit<T: ReadTxn>(
    known: &mut FastMap<String, Read>,
    txn: &T,
    index: &TextIndex,
    (at, removed, inserted): (usize, usize, usize),
) {
    let end_of_edit = at + removed;
    let moved = |p: CodePoint| CodePoint(p.0 - removed + inserted);
    for read in known.values_mut() {
        let Some(entry) = &mut read.entry else {
            continue;
        };
        let CpRange { start, end } = entry.range;
        let near = |p: CodePoint| (at..=end_of_edit).contains(&p.0);
        if near(start) || near(end) {
            read.entry = read_entry(&read.object, txn, index);
        } else if start.0 > end_of_edit {
            entry.range = CpRange {
                start: moved(start),
                end: moved(end),
            };
        } else if end.0 > end_of_edit {
            entry.range.end = moved(end);
        }
    }
}

/// The layer's relations and entities (entries of other kinds, or damaged ones, left out).
pub(super) fn read_links(known: &FastMap<String, Read>) -> HashMap<String, Link> {
    let mut out = HashMap::new();
    for (key, read) in known {
        let map = &read.object;
        let text = |key: &str| string_field(map, key);
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

/// Where the room's text changed since it was last read or written, in UTF-16 units as Yjs
/// reports it: from `start` (where the text before and now still agree) to `old_end` in the
/// text then and `end` in the text now. Everything outside is the same characters, moved by
/// the change of length. Kept from the text's own change events, so it says where the
/// colleagues' edits were, not where a comparison of two texts would guess them (a letter
/// typed into "aa" is at either place).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Dirty {
    pub(super) start: usize,
    pub(super) old_end: usize,
    pub(super) end: usize,
}

impl Dirty {
    /// Widened by a change of the text now: `removed` units at `at` replaced by `inserted`.
    pub(super) fn with(this: Option<Dirty>, at: usize, removed: usize, inserted: usize) -> Dirty {
        let mut dirty = this.unwrap_or(Dirty {
            start: at,
            old_end: at + removed,
            end: at + removed,
        });
        dirty.start = dirty.start.min(at);
        if at + removed > dirty.end {
            // What lies past the region is the same as in the text then.
            dirty.old_end += at + removed - dirty.end;
            dirty.end = at + removed;
        }
        dirty.end = dirty.end + inserted - removed;
        dirty
    }

    /// The region as an edit of the text then, in code points (`index` is that text's; the
    /// texts then and now are `old_len` and `new_len` code points long): half a surrogate pair
    /// at its edge counts the whole character in. `None` if it does not fit the two texts.
    pub(super) fn in_code_points(
        &self,
        index: &TextIndex,
        new_len: usize,
        old_len: usize,
    ) -> Option<(usize, usize, usize)> {
        let mut start = index.from_utf16(Utf16(self.start)).0;
        if index.to_utf16(CodePoint(start)).0 > self.start {
            start -= 1;
        }
        let mut end = index.from_utf16(Utf16(self.old_end)).0;
        if index.to_utf16(CodePoint(end)).0 < self.old_end {
            end += 1;
        }
        let end = end.min(old_len).max(start);
        let removed = end - start;
        Some((start, removed, (new_len + removed).checked_sub(old_len)?))
    }

    /// The region widened by a text change event's delta (its steps in order along the text).
    pub(super) fn with_delta(
        mut this: Option<Dirty>,
        delta: &[yrs::types::Delta],
    ) -> Option<Dirty> {
        use yrs::types::Delta;
        let mut at = 0usize;
        for step in delta {
            match step {
                Delta::Retain(n, _) => at += *n as usize,
                Delta::Deleted(n) => this = Some(Dirty::with(this, at, *n as usize, 0)),
                Delta::Inserted(value, _) => {
                    let n = match value {
                        Out::Any(Any::String(s)) => s.encode_utf16().count(),
                        // An embed counts one unit.
                        _ => 1,
                    };
                    this = Some(Dirty::with(this, at, 0, n));
                    at += n;
                }
            }
        }
        this
    }
}

impl RoomDoc {
    /// The room's document as Spanwise reads it: `meta`'s id and title, the text, and this
    /// layer's spans (an entry whose ends are damaged, or whose start reached its end, is left
    /// out). Afterwards [`RoomDoc::sync_from`] compares with what this read.
    pub fn document(&mut self) -> Document {
        let txn = self.doc.transact();
        let text = self.text.get_string(&txn);
        let changes = self.changes.borrow_mut().take();
        let last = self.base.take();
        let last_text = last.as_ref().map_or("", Document::text);
        let base = match &last {
            Some(base) if base.text() == text => base.clone(),
            _ => Document::new("", "", &text),
        };
        // What was read is reused: in the same text as it was, elsewhere moved as the text
        // around it moved (the same characters typed over themselves are new characters too).
        let mut before = std::mem::take(&mut self.known);
        if changes.is_some() || text != last_text {
            let edit = match (changes, &last) {
                (Some(changes), Some(last)) => {
                    changes.in_code_points(last.index(), base.len().0, last.len().0)
                }
                _ => None,
            };
            match edit {
                Some(edit) => follow_edit(&mut before, &txn, base.index(), edit),
                None => before.clear(),
            }
        }
        let (document, known, links) = self.read_document(&txn, &self.layer, &base, &before);
        drop(txn);
        self.base = Some(base);
        self.known_links = links;
        self.known = known;
        document
    }

    /// Another annotator's layer, as a version of the room's document (read only).
    pub fn layer_document(&self, name: &str) -> Document {
        let layer = self.doc.get_or_insert_map(format!("layer:{name}"));
        let txn = self.doc.transact();
        let text = self.text.get_string(&txn);
        let base = Document::new("", "", &text);
        self.read_document(&txn, &layer, &base, &FastMap::default())
            .0
    }

    /// The room's document with `layer`'s annotations, and what was read of the layer.
    fn read_document<T: ReadTxn>(
        &self,
        txn: &T,
        layer: &MapRef,
        base: &Document,
        before: &FastMap<String, Read>,
    ) -> (Document, FastMap<String, Read>, HashMap<String, Link>) {
        let string = |key: &str| match self.meta.get(txn, key) {
            Some(Out::Any(Any::String(s))) => s.to_string(),
            _ => String::new(),
        };
        let mut document = base.clone().with_id(&string("id"));
        document.title = Rc::from(string("title"));
        let known = read_objects(layer, txn, document.index(), before);
        let annotations: Vec<Annotation> = known
            .iter()
            .filter_map(|(id, read)| {
                let entry = read.entry.as_ref()?;
                Some(match (entry.kind, &entry.attrs) {
                    (SpanKind::Claim, Some(attrs)) => {
                        let file = serde_json::from_str::<FileClaimAttributes>(attrs).ok()?;
                        let attributes = claim_attributes(&file).ok()?;
                        Annotation::claim(id, entry.range, attributes)
                    }
                    (SpanKind::Entity, _) => Annotation::entity(id, &entry.label, entry.range),
                    (SpanKind::Cue, _) => Annotation::cue(id, entry.range),
                    (SpanKind::Claim, None) => return None,
                })
            })
            .collect();
        document.insert_all(annotations);
        let ids: FastSet<&str> = document
            .annotations()
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        let links = read_links(&known);
        let mut keys: Vec<&String> = links.keys().collect();
        keys.sort();
        let mut relations = Vec::new();
        let mut entities = Vec::new();
        for key in keys {
            match &links[key] {
                Link::Relation { kind, from, to } => {
                    if ids.contains(&**from) && ids.contains(&**to) {
                        relations.push(Relation {
                            id: RelationId(Rc::from(&key[RELATION.len()..])),
                            kind: Rc::from(&**kind),
                            from: AnnotationId::new(from),
                            to: AnnotationId::new(to),
                        });
                    }
                }
                Link::Entity {
                    name,
                    wikidata,
                    mentions,
                } => {
                    let mentions: Vec<AnnotationId> = mentions
                        .iter()
                        .filter(|m| ids.contains(&***m))
                        .map(|m| AnnotationId::new(m))
                        .collect();
                    if !mentions.is_empty() {
                        entities.push(Entity {
                            id: EntityId(Rc::from(&key[ENTITY.len()..])),
                            name: Rc::from(&**name),
                            wikidata: wikidata.as_deref().map(Rc::from),
                            mentions,
                        });
                    }
                }
            }
        }
        drop(ids);
        for relation in relations {
            document.insert_relation(relation);
        }
        for entity in entities {
            document.put_entity(entity);
        }
        (document, known, links)
    }
}
