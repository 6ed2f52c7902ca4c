//! The browser's `localStorage`, where the workspace (and the theme choice) is kept between
//! visits.
//!
//! Why `localStorage` and not IndexedDB: it is synchronous, so a save finishes before the page
//! can go away, and a failed save is known at once and shown. Its limit (about 5 million
//! characters per site in Chromium and Firefox) holds a workspace of several long articles;
//! when it is full the person is told and offered the workspace export. Each document is its
//! own key, so a save writes only what changed.

use wasm_bindgen::JsCast;
use web_sys::Storage;

const INDEX_KEY: &str = "spanwise.index";
const DOCUMENT_PREFIX: &str = "spanwise.doc.";
/// A document's text, kept apart from its annotations: the text never changes, so a save after
/// an edit writes only the annotations (on a 1 MB article that halves the work of every save).
const TEXT_PREFIX: &str = "spanwise.text.";
const THEME_KEY: &str = "spanwise.theme";

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

fn storage() -> Result<Storage, StorageError> {
    super::window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or(StorageError::Unavailable)
}

fn classify(error: wasm_bindgen::JsValue) -> StorageError {
    match error.dyn_ref::<web_sys::DomException>() {
        Some(e) if e.name() == "QuotaExceededError" || e.code() == 22 => StorageError::Full,
        Some(e) => StorageError::Other(format!("{}: {}", e.name(), e.message())),
        None => StorageError::Other(format!("{error:?}")),
    }
}

fn document_key(id: &str) -> String {
    format!("{DOCUMENT_PREFIX}{id}")
}

pub fn read_index() -> Result<Option<String>, StorageError> {
    storage()?.get_item(INDEX_KEY).map_err(classify)
}

pub fn read_document(id: &str) -> Result<Option<String>, StorageError> {
    storage()?.get_item(&document_key(id)).map_err(classify)
}

pub fn write_index(json: &str) -> Result<(), StorageError> {
    storage()?.set_item(INDEX_KEY, json).map_err(classify)
}

pub fn write_document(id: &str, json: &str) -> Result<(), StorageError> {
    storage()?
        .set_item(&document_key(id), json)
        .map_err(classify)
}

pub fn remove_document(id: &str) -> Result<(), StorageError> {
    let storage = storage()?;
    storage
        .remove_item(&format!("{TEXT_PREFIX}{id}"))
        .map_err(classify)?;
    storage.remove_item(&document_key(id)).map_err(classify)
}

/// A document's text stored apart ([`write_text`]); `None` for a document stored whole (as
/// earlier versions stored every document).
pub fn read_text(id: &str) -> Result<Option<String>, StorageError> {
    storage()?
        .get_item(&format!("{TEXT_PREFIX}{id}"))
        .map_err(classify)
}

pub fn write_text(id: &str, text: &str) -> Result<(), StorageError> {
    storage()?
        .set_item(&format!("{TEXT_PREFIX}{id}"), text)
        .map_err(classify)
}

/// The stored theme choice (`"light"` or `"dark"`), `None` when the system's is followed. A
/// cosmetic preference: storage that cannot be read counts as no choice.
pub fn read_theme() -> Option<String> {
    storage().ok()?.get_item(THEME_KEY).ok().flatten()
}

/// Remembers the theme choice, or forgets it (`None`: follow the system). A failure is ignored:
/// the theme still applies to the page, it is only not remembered for the next visit.
pub fn write_theme(theme: Option<&str>) {
    let Ok(storage) = storage() else {
        return;
    };
    let _ = match theme {
        Some(theme) => storage.set_item(THEME_KEY, theme),
        None => storage.remove_item(THEME_KEY),
    };
}
