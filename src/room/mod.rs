//! A team room's document: the Yjs document (through `yrs`) that the room's clients share, and
//! its translation to and from the Spanwise model. Pure Rust; no web dependencies.
//!
//! The layout is `team/README.md`'s: the article in the `Y.Text` `text`, the document's id and
//! title in the map `meta`, and the annotations of a layer in the map `layer:<name>`, each entry
//! keyed by the annotation id, its ends sticky positions in `text` (so that a colleague's text
//! correction moves them). Yjs counts the text in UTF-16 units and Spanwise in code points: the
//! two meet in [`RoomDoc`] and nowhere else.
//!
//! What the page syncs goes through [`RoomDoc::sync_from`] (the open document's state written
//! into the room, as one update to send) and [`RoomDoc::document`] (the room's state read out,
//! after a colleague's update was applied with [`RoomDoc::apply`]).
//!
//! Its rooms: `layer` (a layer's entries, written where they changed), `read` (read back, and
//! what was read kept so that the next read costs what changed), `difference` (two texts
//! compared), `presence` (who is there, their selections), `wire` (the messages).

mod difference;
mod layer;
pub mod presence;
mod read;
pub mod wire;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_read;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use thiserror::Error;
use yrs::types::text::{TextEvent, TextRef};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    Any, Assoc, Doc, IndexedSequence, Map, MapRef, Observable, OffsetKind, Options, Out, ReadTxn,
    StateVector, Text, Transact, Update,
};

pub use difference::text_difference;
use difference::{difference, Difference};
use layer::{write_layer, Link};
use read::{follow_edit, resolve_sticky, Dirty, Read};
pub use read::{FastMap, FastSet};

use crate::model::document::Document;
use crate::model::offsets::{CodePoint, CpRange, TextIndex};

#[derive(Debug, Error, PartialEq, Eq)]
pub enum RoomError {
    #[error("the room sent an update that does not decode: {0}")]
    BadUpdate(String),
    #[error("the room sent a state vector that does not decode")]
    BadStateVector,
}

/// The room's Yjs document, seen through one layer.
pub struct RoomDoc {
    doc: Doc,
    text: TextRef,
    meta: MapRef,
    layer: MapRef,
    layer_name: String,
    /// What the layer held when this client last wrote or read it, by annotation id: what a
    /// local change is compared with, so that only what changed is written.
    known: FastMap<String, Read>,
    /// The same for the layer's relations and entities, by key.
    known_links: HashMap<String, Link>,
    /// The gold layer (`layer:gold`), written while adjudicating, and what it was last written.
    gold: MapRef,
    gold_known: FastMap<String, Read>,
    gold_links: HashMap<String, Link>,
    /// A document of the text the room held then, with nothing on it (its text shared with the
    /// document it was read into or written from, its offset index made once, not on every
    /// read); `None` before the first read or write, as of an empty text.
    base: Option<Document>,
    /// Where the text changed since (from its change events; `None`: it did not).
    changes: Rc<RefCell<Option<Dirty>>>,
}

/// The root names of the layout.
pub const TEXT: &str = "text";
pub const META: &str = "meta";

impl RoomDoc {
    /// A room document that reads and writes the layer `layer:<layer>` (`shared` in a shared
    /// room, the annotator's name in a blind one). `client_id` is this client's Yjs id.
    pub fn new(layer: &str, client_id: u64) -> RoomDoc {
        let mut options = Options::with_client_id(yrs::block::ClientID::new(client_id));
        // Set explicitly: yrs would count UTF-8 bytes, and the JavaScript clients count UTF-16.
        options.offset_kind = OffsetKind::Utf16;
        let doc = Doc::with_options(options);
        let text = doc.get_or_insert_text(TEXT);
        let meta = doc.get_or_insert_map(META);
        let layer_name = layer.to_string();
        let layer = doc.get_or_insert_map(format!("layer:{layer_name}"));
        let gold = doc.get_or_insert_map("layer:gold");
        let changes = Rc::new(RefCell::new(None));
        let seen = Rc::clone(&changes);
        text.observe("spanwise", move |txn, event: &TextEvent| {
            let mut changes = seen.borrow_mut();
            *changes = Dirty::with_delta(*changes, event.delta(txn));
        });
        RoomDoc {
            doc,
            text,
            meta,
            layer,
            layer_name,
            known: FastMap::default(),
            known_links: HashMap::new(),
            gold,
            gold_known: FastMap::default(),
            gold_links: HashMap::new(),
            base: None,
            changes,
        }
    }

    /// This client's Yjs id.
    pub fn client_id(&self) -> u64 {
        self.doc.client_id().get()
    }

    /// The whole room as this client has it, as one update (kept across a reload).
    pub fn state(&self) -> Vec<u8> {
        self.doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default())
    }

    /// This client's state vector, for a sync step 1.
    pub fn state_vector(&self) -> Vec<u8> {
        self.doc.transact().state_vector().encode_v1()
    }

    /// What this client has that a peer with state vector `remote` lacks (a sync step 2).
    pub fn diff(&self, remote: &[u8]) -> Result<Vec<u8>, RoomError> {
        let remote = StateVector::decode_v1(remote).map_err(|_| RoomError::BadStateVector)?;
        Ok(self.diff_since(&remote))
    }

    /// [`RoomDoc::diff`] for a state vector already decoded (a sync step 1's).
    pub fn diff_since(&self, remote: &StateVector) -> Vec<u8> {
        self.doc.transact().encode_diff_v1(remote)
    }

    /// The sync step 1 this client opens an exchange with: its state vector.
    pub fn sync_step1(&self) -> yrs::sync::SyncMessage {
        yrs::sync::SyncMessage::SyncStep1(self.doc.transact().state_vector())
    }

    /// Applies a peer's update (a sync step 2 or an update). Read the result with
    /// [`RoomDoc::document`].
    pub fn apply(&mut self, update: &[u8]) -> Result<(), RoomError> {
        let update = Update::decode_v1(update).map_err(|e| RoomError::BadUpdate(e.to_string()))?;
        self.doc
            .transact_mut()
            .apply_update(update)
            .map_err(|e| RoomError::BadUpdate(e.to_string()))
    }

    /// Whether nobody has put a document in the room yet.
    pub fn is_empty(&self) -> bool {
        let txn = self.doc.transact();
        self.text.len(&txn) == 0 && self.meta.get(&txn, "id").is_none()
    }

    /// The room's mode (`meta.mode`: `"blind"` or `"shared"`), once someone put a document in.
    pub fn mode(&self) -> Option<String> {
        let txn = self.doc.transact();
        match self.meta.get(&txn, "mode") {
            Some(Out::Any(Any::String(mode))) => Some(mode.to_string()),
            _ => None,
        }
    }

    /// Reads and writes `layer:<name>` from now on (the room's mode said otherwise than the
    /// link); nothing of it has been read or written yet.
    pub fn use_layer(&mut self, name: &str) {
        self.layer = self.doc.get_or_insert_map(format!("layer:{name}"));
        self.layer_name = name.to_string();
        self.known.clear();
        self.known_links.clear();
    }

    /// The document id the room holds (`meta.id`).
    pub fn document_id(&self) -> Option<String> {
        let txn = self.doc.transact();
        match self.meta.get(&txn, "id") {
            Some(Out::Any(Any::String(id))) => Some(id.to_string()),
            _ => None,
        }
    }

    /// Puts `document` in an empty room: its id, title, text and this layer's annotations;
    /// `mode` is `"shared"` or `"blind"`. Returns the update to send.
    pub fn put(&mut self, document: &Document, mode: &str) -> Vec<u8> {
        self.write(Some(mode), document).unwrap_or_default()
    }

    /// Writes what changed in `document` since the room was last read or written — its text
    /// and this layer's spans — and returns the update to send (`None`: nothing changed).
    pub fn sync_from(&mut self, document: &Document) -> Option<Vec<u8>> {
        self.write(None, document)
    }

    /// [`RoomDoc::sync_from`], with the document's `meta` first when it is put in (`mode`), in
    /// one transaction: one update carries both.
    fn write(&mut self, put: Option<&str>, document: &Document) -> Option<Vec<u8>> {
        let mut txn = self.doc.transact_mut();
        let mut changed = false;
        if let Some(mode) = put {
            self.meta.insert(&mut txn, "id", document.id.as_str());
            self.meta.insert(&mut txn, "title", &*document.title);
            self.meta.insert(&mut txn, "mode", mode);
            changed = true;
        }
        if document.text() != self.known_text() {
            let Difference {
                start,
                removed,
                replaced,
                inserted,
            } = difference(self.known_text(), document.text());
            // The texts share what comes before `start`: its place in UTF-16 is the same in both.
            let at = document.index().to_utf16(CodePoint(start)).0;
            let end = at + replaced.encode_utf16().count();
            if end > at {
                self.text
                    .remove_range(&mut txn, at as u32, (end - at) as u32);
            }
            if !inserted.is_empty() {
                self.text.insert(&mut txn, at as u32, inserted);
            }
            let edit = (start, removed, inserted.chars().count());
            self.base = Some(document.bare());
            // The sticky ends moved with the text.
            follow_edit(&mut self.known, &txn, document.index(), edit);
            follow_edit(&mut self.gold_known, &txn, document.index(), edit);
            changed = true;
        }
        changed |= write_layer(
            &self.text,
            &self.layer,
            &mut self.known,
            &mut self.known_links,
            &mut txn,
            document,
        );
        let update = changed.then(|| txn.encode_update_v1());
        drop(txn);
        // This client's own change, followed above.
        self.changes.borrow_mut().take();
        update
    }

    /// The text the room held when this client last read or wrote it.
    fn known_text(&self) -> &str {
        self.base.as_ref().map_or("", Document::text)
    }

    /// Writes the gold layer (the adjudicated annotations of `gold`, a document of the room's
    /// text) where it changed; the update to send.
    pub fn sync_gold(&mut self, gold: &Document) -> Option<Vec<u8>> {
        if gold.text() != self.known_text() {
            return None;
        }
        let mut txn = self.doc.transact_mut();
        write_layer(
            &self.text,
            &self.gold,
            &mut self.gold_known,
            &mut self.gold_links,
            &mut txn,
            gold,
        )
        .then(|| txn.encode_update_v1())
    }

    /// The names of the other annotators' layers in a blind room (not this client's, not
    /// `shared` or `gold`), in order.
    pub fn other_layers(&self) -> Vec<String> {
        let txn = self.doc.transact();
        let mut names: Vec<String> = txn
            .root_refs()
            .filter_map(|(name, _)| name.strip_prefix("layer:").map(str::to_string))
            .filter(|name| name != "shared" && name != "gold" && *name != self.layer_name)
            .collect();
        names.sort();
        names
    }

    /// A selection's ends as sticky positions (base64), for presence; `index` is the text's.
    pub fn selection_ends(&self, index: &TextIndex, range: CpRange) -> Option<(String, String)> {
        let txn = self.doc.transact();
        let sticky = |at: CodePoint, assoc: Assoc| {
            let units = index.to_utf16(at).0 as u32;
            let position = self.text.sticky_index(&txn, units, assoc)?;
            Some(wire::base64(&position.encode_v1()))
        };
        Some((
            sticky(range.start, Assoc::After)?,
            sticky(range.end, Assoc::Before)?,
        ))
    }

    /// Where a colleague's selection is now, in code points of the text `index` indexes.
    pub fn resolve_ends(&self, index: &TextIndex, ends: &(String, String)) -> Option<CpRange> {
        let txn = self.doc.transact();
        let (start, end) = (
            resolve_sticky(&txn, index, &ends.0)?,
            resolve_sticky(&txn, index, &ends.1)?,
        );
        (start <= end).then_some(CpRange { start, end })
    }
}
