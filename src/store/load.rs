//! A workspace from what was read: the database's records ([`assemble`]), or the
//! `localStorage` keys of earlier versions ([`from_local`]), which are moved to the database on
//! first start. A record that cannot be read is reported and left where it is, never
//! overwritten.

use std::collections::HashMap;

use crate::formats::{spanwise, workspace as workspace_file};
use crate::model::document::Document;
use crate::model::schema::Schema;
use crate::model::workspace::{Entry, Workspace};

use super::saver::Saver;
use super::{listing, Meta};

/// The records read from the database.
#[derive(Clone, Debug, Default)]
pub struct Records {
    pub order: Option<String>,
    pub current: Option<String>,
    /// Every `meta` record: `(id, JSON)`, in key order.
    pub metas: Vec<(String, String)>,
    /// The `docs` and `texts` records of the listed documents, by id.
    pub documents: HashMap<String, (Option<String>, Option<String>)>,
}

impl Records {
    /// The ids to read the `docs` and `texts` of, in workspace order.
    pub fn listed(order: Option<&str>, metas: &[(String, String)]) -> Vec<String> {
        let ids: Vec<String> = metas.iter().map(|(id, _)| id.clone()).collect();
        listing(order, &ids)
    }
}

/// A workspace ready to show, the saver that keeps it, and what could not be read.
pub struct Loaded {
    pub workspace: Workspace,
    pub saver: Saver,
    pub problems: Vec<String>,
}

/// One listed document from its records, or why it cannot be read.
fn read_entry(
    id: &str,
    meta: Option<&str>,
    records: Option<&(Option<String>, Option<String>)>,
) -> Result<Entry, String> {
    let meta: Option<Meta> = meta.and_then(|m| serde_json::from_str(m).ok());
    let Some(meta) = meta else {
        return Err(format!("the document {id}: its list record is damaged"));
    };
    let name = format!("“{}”", meta.title);
    let read = match records {
        Some((Some(json), Some(text))) => {
            spanwise::import_with_text(json, text.clone()).map_err(|e| e.to_string())
        }
        _ => Err("its records are incomplete".to_string()),
    };
    match read {
        Ok((document, schema)) if *document.id == *id => {
            let mut entry = Entry::new(document, schema);
            entry.done = meta.done;
            Ok(entry)
        }
        Ok(_) => Err(format!("{name}: stored under another id")),
        Err(e) => Err(format!("{name}: {e}")),
    }
}

/// The entries of `ids` that read, with what could not be read.
pub fn read_entries(ids: &[String], records: &Records) -> (Vec<Entry>, Vec<String>) {
    read_each(ids, records, false)
}

/// The documents of `ids` as stored (texts and annotations), with what could not be read.
pub fn documents_of(ids: &[String], records: &Records) -> (Vec<(Document, Schema)>, Vec<String>) {
    let mut documents = Vec::with_capacity(ids.len());
    let mut problems = Vec::new();
    for id in ids {
        let read = match records.documents.get(id) {
            Some((Some(json), Some(text))) => {
                spanwise::import_with_text(json, text.clone()).map_err(|e| e.to_string())
            }
            _ => Err("its records are missing".to_string()),
        };
        match read {
            Ok((document, schema)) if *document.id == **id => documents.push((document, schema)),
            Ok(_) => problems.push(format!("the document {id}: stored under another id")),
            Err(e) => problems.push(format!("the document {id}: {e}")),
        }
    }
    (documents, problems)
}

/// Whether a list record carries what a resting document needs (records written before
/// documents could rest do not: those documents are read whole).
pub fn can_rest(meta: &str) -> bool {
    serde_json::from_str::<Meta>(meta).is_ok_and(|m| m.checked_claims.is_some())
}

/// The entries of `ids`, resting where their list record allows (then only their text was
/// read), else read whole; with what could not be read.
pub fn read_resting(ids: &[String], records: &Records) -> (Vec<Entry>, Vec<String>) {
    read_each(ids, records, true)
}

/// The entries of `ids` (resting ones where `rest` and their list record allow).
fn read_each(ids: &[String], records: &Records, rest: bool) -> (Vec<Entry>, Vec<String>) {
    let metas: HashMap<&str, &str> = records
        .metas
        .iter()
        .map(|(id, json)| (id.as_str(), json.as_str()))
        .collect();
    let mut entries = Vec::with_capacity(ids.len());
    let mut problems = Vec::new();
    for id in ids {
        let meta = metas.get(id.as_str()).copied();
        let stored = records.documents.get(id);
        let resting = meta
            .filter(|_| rest)
            .and_then(|m| serde_json::from_str::<Meta>(m).ok())
            .zip(stored.and_then(|(_, text)| text.as_deref()))
            .and_then(|(meta, text)| meta.resting(id, std::rc::Rc::from(text)));
        match resting.map_or_else(|| read_entry(id, meta, stored), Ok) {
            Ok(entry) => entries.push(entry),
            Err(e) => problems.push(e),
        }
    }
    (entries, problems)
}

/// The stored texts and annotations that no list record names (documents removed earlier):
/// `stored` are the keys of the texts and docs stores.
pub fn orphans<'a>(
    metas: &[(String, String)],
    stored: impl IntoIterator<Item = &'a String>,
) -> Vec<String> {
    let listed: std::collections::HashSet<&str> = metas.iter().map(|(id, _)| id.as_str()).collect();
    let mut orphans: Vec<String> = stored
        .into_iter()
        .filter(|id| !listed.contains(id.as_str()))
        .cloned()
        .collect();
    orphans.sort();
    orphans.dedup();
    orphans
}

/// Each entry's id and text, shared: what a saver over them has stored.
pub fn texts_of(entries: &[Entry]) -> Vec<(String, std::rc::Rc<str>)> {
    entries
        .iter()
        .map(|e| (e.document_id().to_string(), e.text()))
        .collect()
}

/// The stored workspace, or `first` (the sample) when nothing readable is stored.
pub fn assemble(records: Records, first: impl FnOnce() -> Entry) -> Loaded {
    let ids = Records::listed(records.order.as_deref(), &records.metas);
    let (entries, problems) = read_entries(&ids, &records);
    let stored = texts_of(&entries);
    let current = records
        .current
        .as_deref()
        .and_then(|c| entries.iter().position(|e| e.document_id().as_str() == c))
        .unwrap_or(0);
    let stored_current = entries.get(current).map(|e| e.document_id().to_string());
    let mut saver = Saver::new(stored, stored_current);
    saver.delete_orphans(orphans(&records.metas, records.documents.keys()));
    let workspace =
        Workspace::from_entries(entries, current).unwrap_or_else(|| Workspace::new(first()));
    Loaded {
        workspace,
        saver,
        problems,
    }
}

/// The documents still to read when a workspace opens with its open document first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rest {
    pub before: Vec<String>,
    pub after: Vec<String>,
}

impl Rest {
    pub fn len(&self) -> usize {
        self.before.len() + self.after.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The ids the order record names, each once, in its order.
pub fn ordered_ids(order: Option<&str>) -> Vec<String> {
    let ids: Vec<String> = order
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

/// Which document opens first from the settings alone (a large workspace reads nothing else
/// before its first paint): the open one (else the first in order), and the ids before and
/// after it. `None` when the order names nothing.
pub fn first_of_order(order: Option<&str>, current: Option<&str>) -> Option<(String, Rest)> {
    let ids = ordered_ids(order);
    let at = current
        .and_then(|c| ids.iter().position(|id| id == c))
        .unwrap_or(0);
    let first = ids.get(at)?.clone();
    Some((
        first,
        Rest {
            before: ids[..at].to_vec(),
            after: ids[at + 1..].to_vec(),
        },
    ))
}

/// The records of `ids` as read from the meta, docs and texts stores (`rows[i]` holds the
/// three records of `ids[i]`, absent ones `None`; a store not read is left out, `None`).
pub fn records_of(ids: &[String], rows: Vec<[Option<String>; 3]>) -> Records {
    let mut records = Records::default();
    for (id, [meta, doc, text]) in ids.iter().zip(rows) {
        if let Some(meta) = meta {
            records.metas.push((id.clone(), meta));
        }
        if doc.is_some() || text.is_some() {
            records.documents.insert(id.clone(), (doc, text));
        }
    }
    records
}

/// Of `ids`, those with a list record (the order may name one that has none: skipped).
pub fn with_meta(ids: &[String], records: &Records) -> Vec<String> {
    let listed: std::collections::HashSet<&str> =
        records.metas.iter().map(|(id, _)| id.as_str()).collect();
    ids.iter()
        .filter(|id| listed.contains(id.as_str()))
        .cloned()
        .collect()
}

/// The workspace of the first document alone, its saver knowing the rest are stored and still
/// to come; `None` when that document cannot be read (then everything is read at once, and
/// the problem reported as usual).
pub fn assemble_first(records: &Records, first: &str, rest: &Rest) -> Option<Loaded> {
    let (mut entries, _) = read_entries(&[first.to_string()], records);
    let entry = entries.pop()?;
    let text = entry.text();
    let mut saver = Saver::new(vec![(first.to_string(), text)], Some(first.to_string()));
    saver.still_opening(rest.before.iter().chain(&rest.after).cloned());
    Some(Loaded {
        workspace: Workspace::new(entry),
        saver,
        problems: Vec::new(),
    })
}

/// A workspace as earlier versions kept it in `localStorage`: an index, and per document its
/// annotations (`doc`) and, apart or inside them, its text. `get` reads a key. Returns the
/// entries, the open one's id, the ids read (whose keys may go once the copy is read back), and
/// what could not be read (whose keys stay).
pub struct FromLocal {
    pub entries: Vec<Entry>,
    pub current: Option<String>,
    pub read: Vec<String>,
    pub problems: Vec<String>,
}

pub const LOCAL_INDEX_KEY: &str = "spanwise.index";
pub fn local_doc_key(id: &str) -> String {
    format!("spanwise.doc.{id}")
}
pub fn local_text_key(id: &str) -> String {
    format!("spanwise.text.{id}")
}

pub fn from_local(
    index_json: &str,
    get: impl Fn(&str) -> Option<String>,
) -> Result<FromLocal, String> {
    let index = workspace_file::read_index(index_json).map_err(|e| e.to_string())?;
    let mut out = FromLocal {
        entries: Vec::new(),
        current: Some(index.current.clone()),
        read: Vec::new(),
        problems: Vec::new(),
    };
    for stored in &index.documents {
        let Some(json) = get(&local_doc_key(&stored.id)) else {
            // Listed but never stored (earlier versions could leave such an entry): nothing
            // to move, and nothing lost.
            continue;
        };
        let read: Result<(Document, Schema), String> = match get(&local_text_key(&stored.id)) {
            Some(text) => spanwise::import_with_text(&json, text).map_err(|e| e.to_string()),
            None => spanwise::import_json(&json).map_err(|e| e.to_string()),
        };
        match read {
            Ok((document, schema)) => {
                let mut entry = Entry::new(document, schema);
                entry.done = stored.done;
                out.entries.push(entry);
                out.read.push(stored.id.clone());
            }
            Err(e) => out.problems.push(format!("“{}”: {e}", stored.title)),
        }
    }
    Ok(out)
}
