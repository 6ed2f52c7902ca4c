//! The browser's `localStorage`: the theme choice, and the workspace as versions before the
//! database kept it (read once, to move it to IndexedDB, then removed; see `web::persistence`).

use web_sys::Storage;

const THEME_KEY: &str = "spanwise.theme";

fn storage() -> Option<Storage> {
    super::window().local_storage().ok().flatten()
}

/// A key's value; `None` when it is absent or storage cannot be read.
pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Removes a key; false when storage refused.
pub fn remove(key: &str) -> bool {
    storage().is_some_and(|s| s.remove_item(key).is_ok())
}

/// The stored theme choice (`"light"` or `"dark"`), `None` when the system's is followed. A
/// cosmetic preference: storage that cannot be read counts as no choice.
pub fn read_theme() -> Option<String> {
    get(THEME_KEY)
}

/// Remembers the theme choice, or forgets it (`None`: follow the system). A failure is ignored:
/// the theme still applies to the page, it is only not remembered for the next visit.
pub fn write_theme(theme: Option<&str>) {
    let Some(storage) = storage() else {
        return;
    };
    let _ = match theme {
        Some(theme) => storage.set_item(THEME_KEY, theme),
        None => storage.remove_item(THEME_KEY),
    };
}
