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

/// The stored workspace, or `first` (the sample) when nothing readable is stored.
pub fn assemble(records: Records, first: impl FnOnce() -> Entry) -> Loaded {
    let ids = Records::listed(records.order.as_deref(), &records.metas);
    let metas: HashMap<&str, &str> = records
        .metas
        .iter()
        .map(|(id, json)| (id.as_str(), json.as_str()))
        .collect();
    let mut entries = Vec::with_capacity(ids.len());
    let mut stored = Vec::with_capacity(ids.len());
    let mut problems = Vec::new();
    for id in &ids {
        let meta: Option<Meta> = metas
            .get(id.as_str())
            .and_then(|m| serde_json::from_str(m).ok());
        let name = meta
            .as_ref()
            .map(|m| format!("“{}”", m.title))
            .unwrap_or_else(|| format!("the document {id}"));
        let Some(meta) = meta else {
            problems.push(format!("{name}: its list record is damaged"));
            continue;
        };
        let read = match records.documents.get(id) {
            Some((Some(json), Some(text))) => {
                spanwise::import_with_text(json, text.clone()).map_err(|e| e.to_string())
            }
            _ => Err("its records are incomplete".to_string()),
        };
        match read {
            Ok((document, schema)) if *document.id == **id => {
                stored.push((id.clone(), document.shared_text()));
                let mut entry = Entry::new(document, schema);
                entry.done = meta.done;
                entries.push(entry);
            }
            Ok(_) => problems.push(format!("{name}: stored under another id")),
            Err(e) => problems.push(format!("{name}: {e}")),
        }
    }
    let current = records
        .current
        .as_deref()
        .and_then(|c| entries.iter().position(|e| *e.editor.document().id == *c))
        .unwrap_or(0);
    let stored_current = entries
        .get(current)
        .map(|e| e.editor.document().id.to_string());
    let saver = Saver::new(stored, stored_current);
    let workspace =
        Workspace::from_entries(entries, current).unwrap_or_else(|| Workspace::new(first()));
    Loaded {
        workspace,
        saver,
        problems,
    }
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
