//! A layer read back: its entries' sticky ends resolved to code points, and its relations and
//! entities. Reading is what every update from the room costs, so what was read is kept
//! ([`Read`]) and read again only where it can have changed: an entry whose object is the same
//! (`Arc`) in a text that is the same means what it meant; after this client's own edit of the
//! text, only the entries with an end in the replaced range are resolved again, the others
//! moving as the edit moved the characters their ends stick to.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use yrs::updates::decoder::Decode;
use yrs::{Any, Map, MapRef, Out, ReadTxn, StickyIndex};

use super::layer::{string_field, Entry, Link, ENTITY, RELATION};
use super::wire;
use crate::model::document::SpanKind;
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
/// the objects that are the same as when it was read (it must have been read in this text).
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

/// The layer's spans with their ends resolved in the room's text (`index` is its index).
pub(super) fn read_layer<T: ReadTxn>(
    layer: &MapRef,
    txn: &T,
    index: &TextIndex,
) -> FastMap<String, Read> {
    read_objects(layer, txn, index, &FastMap::default())
}

/// After this client replaced `removed` code points at `at` by `inserted` (in the text
/// `known` was read in), what the entries mean in the text now (`index`): an end that sticks to
/// a character outside the replaced range moved with that character; an end in the range or at
/// its edges is resolved again. Exact, as the edit is known, unlike a difference of two texts.
pub(super) fn follow_own_edit<T: ReadTxn>(
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
