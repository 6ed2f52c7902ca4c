//! How the workspace is kept in the browser's database (IndexedDB), as plain Rust: the record
//! layout, the [`saver::Saver`] that decides what each write carries, and the assembling of a
//! workspace from what was read ([`load`]). `web::idb` only carries these records to and from
//! the database; everything decided about them is here and tested natively.
//!
//! # The layout
//! Four object stores, each keyed by a string:
//! - `texts`: a document's text, by document id. Written once: a text never changes.
//! - `docs`: a document's annotations and schema (a Spanwise file with an empty text), by id.
//! - `meta`: what the document list shows without opening a document ([`Meta`]), by id.
//! - `settings`: `order` (the ids in workspace order, as a JSON array), `current` (the open
//!   document's id) and `annotator` (the person's annotator name, when set).
//!
//! A document is *listed* when its `meta` record exists. Every write is one transaction, so a
//! document's text, annotations and meta arrive together or not at all, and the order record
//! only ever comes with them: when storage refuses a write, everything stored before stays
//! listed, and nothing is listed that was never stored. The order may name an id with no meta
//! (skipped silently) and miss one that has meta (listed at the end), so neither can hide the
//! other's documents.

pub mod load;
pub mod saver;

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::model::document::DocumentId;
use crate::model::workspace::{Entry, Resting, Summary};

pub const TEXTS: &str = "texts";
pub const DOCS: &str = "docs";
pub const META: &str = "meta";
pub const SETTINGS: &str = "settings";
pub const ORDER_KEY: &str = "order";
pub const CURRENT_KEY: &str = "current";
/// The person's annotator name, written alone when it is set (not with the workspace's writes).
pub const ANNOTATOR_KEY: &str = "annotator";
/// The settings key of the tagger the workspace trained (a model file's JSON, issue 18).
pub const MODEL_KEY: &str = "model";
/// The settings key of the team room this page is in, with its Yjs state (`session::room`).
pub const ROOM_KEY: &str = "room";

/// What the document list shows of a document, stored apart so that the list needs no document
/// opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub title: String,
    pub done: bool,
    /// Annotations of every kind.
    pub annotations: usize,
    /// The distinct labels used, in the order first used.
    pub labels: Vec<String>,
    /// The text's length in code points.
    pub characters: usize,
    /// The counts the workspace's progress chart shows. Absent from records written before
    /// documents could rest: such a document is read whole when the workspace opens.
    #[serde(default)]
    pub entity_spans: Option<usize>,
    #[serde(default)]
    pub claims: Option<usize>,
    #[serde(default)]
    pub checked_claims: Option<usize>,
}

impl Meta {
    pub fn of(entry: &Entry) -> Meta {
        let summary = entry.summary();
        Meta {
            title: entry.title().to_string(),
            done: entry.done,
            annotations: summary.annotations,
            labels: summary.labels.iter().map(|l| l.to_string()).collect(),
            characters: entry.characters(),
            entity_spans: Some(summary.entity_spans),
            claims: Some(summary.claims),
            checked_claims: Some(summary.checked_claims),
        }
    }

    /// The document `id` resting with this record and its text; `None` when the record is of
    /// an earlier version (without the counts): that document is read whole.
    pub fn resting(&self, id: &str, text: Rc<str>) -> Option<Entry> {
        let summary = Summary {
            annotations: self.annotations,
            labels: self.labels.iter().map(|l| Rc::from(l.as_str())).collect(),
            entity_spans: self.entity_spans?,
            claims: self.claims?,
            checked_claims: self.checked_claims?,
        };
        let resting = Resting {
            id: DocumentId::from(id),
            title: Rc::from(self.title.as_str()),
            characters: self.characters,
            text,
            summary,
        };
        Some(Entry::resting(resting, self.done))
    }
}

/// Why something could not be stored or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No storage at all (blocked, private mode in some browsers).
    Unavailable,
    /// The quota is used up.
    Full,
    Other(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Unavailable => {
                f.write_str("this browser does not let the page store anything")
            }
            StorageError::Full => f.write_str("the browser's storage for this page is full"),
            StorageError::Other(e) => write!(f, "storing failed: {e}"),
        }
    }
}

/// One write: everything in it is stored in one transaction, or nothing is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Batch {
    /// Numbers the writes, so that a completion names the write it ends.
    pub id: u64,
    /// `(document id, text)` for texts not yet stored.
    pub texts: Vec<(String, Rc<str>)>,
    /// `(document id, annotations as JSON)`.
    pub docs: Vec<(String, String)>,
    /// `(document id, Meta as JSON)`.
    pub metas: Vec<(String, String)>,
    /// The order record (a JSON array of ids), when the set or order of documents changed.
    pub order: Option<String>,
    /// The open document's id, when another is open.
    pub current: Option<String>,
    /// Documents gone from the workspace: their list record is deleted. Their text and
    /// annotations stay (an undo may list them again, resting) until the next start, when
    /// they are [`Batch::orphans`].
    pub removed: Vec<String>,
    /// Texts and annotations no list record names, found at start: deleted.
    pub orphans: Vec<String>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
            && self.docs.is_empty()
            && self.metas.is_empty()
            && self.order.is_none()
            && self.current.is_none()
            && self.removed.is_empty()
            && self.orphans.is_empty()
    }
}

/// The ids to list, in order: those of `order` that have meta, then the ones with meta that
/// `order` misses, in the order given (the database's key order).
pub fn listing(order: Option<&str>, with_meta: &[String]) -> Vec<String> {
    let order: Vec<String> = order
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    let known: std::collections::HashSet<&str> = with_meta.iter().map(String::as_str).collect();
    let mut seen = std::collections::HashSet::new();
    let mut ids = Vec::with_capacity(with_meta.len());
    for id in order {
        if known.contains(id.as_str()) && seen.insert(id.clone()) {
            ids.push(id);
        }
    }
    for id in with_meta {
        if !seen.contains(id.as_str()) {
            ids.push(id.clone());
        }
    }
    ids
}

/// How much the site's storage holds and may hold, as the Documents tab says it:
/// "Storage: 1.2 MB used of 2.1 GB available (kept: the browser will not clear it)".
pub fn usage_line(used: f64, quota: f64, persisted: bool) -> String {
    let kept = if persisted {
        " (kept: the browser will not clear it)"
    } else {
        ""
    };
    format!(
        "Storage: {} used of {} available{kept}",
        bytes(used),
        bytes(quota)
    )
}

/// Bytes in the unit that keeps one or two digits before the point: "980 B", "1.2 MB".
pub fn bytes(n: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = n.max(0.0);
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 || value >= 100.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests;
