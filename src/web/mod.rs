//! The effects that touch the browser (web-sys, gloo, js-sys): reading the DOM selection as
//! UTF-16 offsets, downloading files, scrolling, focus, the page's theme, small DOM queries,
//! the page-wide key listener ([`keyboard`]) and storage ([`storage`], [`persistence`]).
//! Everything here is thin; decisions are made by the session and the model. (Yew components
//! also read their own event targets with web-sys, as Yew code does.)

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, Node};

use crate::session::Mark;

pub mod editing;
pub mod idb;
pub mod keyboard;
mod lines;
pub mod persistence;
pub mod room;
mod selection;
pub mod storage;

pub use selection::{
    caret_box, clear_selection, modify_selection, selection_is_collapsed, selection_offsets,
    PARAGRAPH_ATTRIBUTE,
};

pub fn window() -> web_sys::Window {
    web_sys::window().expect("Spanwise runs in a browser window")
}

pub fn document() -> web_sys::Document {
    window().document().expect("the window has a document")
}

/// The ids of the annotation elements at an event target, innermost first.
pub fn span_ids_at(target: &JsValue) -> Vec<String> {
    let mut ids = Vec::new();
    let mut element = target.dyn_ref::<Element>().cloned();
    while let Some(e) = element.and_then(|e| e.closest("[data-span-id]").ok().flatten()) {
        if let Some(id) = e.get_attribute("data-span-id") {
            ids.push(id);
        }
        element = e.parent_element();
    }
    ids
}

/// The id of the suggestion drawn at an event target, if any.
pub fn suggestion_id_at(target: &JsValue) -> Option<String> {
    let element = target.dyn_ref::<Element>()?;
    element
        .closest("[data-suggestion-id]")
        .ok()??
        .get_attribute("data-suggestion-id")
}

/// True when keyboard input goes to a form field, so global shortcuts must stay out of its way.
pub fn is_typing_target(target: &JsValue) -> bool {
    target
        .dyn_ref::<Element>()
        .map(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.closest("[contenteditable]").ok().flatten().is_some()
        })
        .unwrap_or(false)
}

/// Scrolls the first element drawn for a mark (annotation, suggestion, search match) into the
/// middle of the view.
pub fn scroll_to(mark: &Mark) {
    let attribute = match mark {
        Mark::Annotation(_) => "data-span-id",
        Mark::Suggestion(_) => "data-suggestion-id",
        Mark::Match(_) => "data-match",
    };
    let selector = format!("[{attribute}=\"{}\"]", css_escape(&mark.drawn_id()));
    if let Ok(Some(element)) = document().query_selector(&selector) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Escapes a string for use inside a quoted CSS attribute selector.
fn css_escape(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c.to_string()
            } else {
                format!("\\{:x} ", c as u32)
            }
        })
        .collect()
}

/// Offers `content` as a file download named `name`.
pub fn download(name: &str, mime: &str, content: &str) -> Result<(), JsValue> {
    let mut parts = BlobParts::default();
    parts.push(content);
    parts.download(name, mime)
}

/// A file downloaded in parts: each part is copied out of WebAssembly's memory as it comes
/// (the UTF-8 bytes as they are: a JavaScript string would be decoded from UTF-8 and encoded
/// back by the Blob, two passes over megabytes), and the browser joins them into one file.
#[derive(Default)]
pub struct BlobParts {
    parts: Vec<js_sys::Uint8Array>,
}

impl BlobParts {
    pub fn push(&mut self, text: &str) {
        if !text.is_empty() {
            self.parts.push(js_sys::Uint8Array::from(text.as_bytes()));
        }
    }

    pub fn download(self, name: &str, mime: &str) -> Result<(), JsValue> {
        let parts: js_sys::Array = self.parts.into_iter().collect();
        save_blob(name, mime, &parts)
    }
}

fn save_blob(name: &str, mime: &str, parts: &js_sys::Array) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.style().set_property("display", "none")?;
    let body = document()
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&anchor)?;
    anchor.click();
    body.remove_child(&anchor)?;
    // Some browsers read the blob after the click returns: free it a little later.
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Milliseconds since the page started (`performance.now()`), for timings shown to the person.
pub fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// The page address's `?…` part.
pub fn location_search() -> String {
    window().location().search().unwrap_or_default()
}

/// The page address without its `?…` and `#…` parts.
pub fn location_page() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// The page address's `#…` part.
pub fn location_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Moves keyboard focus to an element, if it exists.
pub fn focus(element: Option<HtmlElement>) {
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Moves keyboard focus to the first element matching a selector without scrolling to it (the
/// shortcut list's first button is its Close, at the bottom: the list must open at its top).
pub fn focus_first_in_place(selector: &str) -> bool {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    match document().query_selector(selector) {
        Ok(Some(element)) => element
            .dyn_into::<HtmlElement>()
            .is_ok_and(|e| e.focus_with_options(&options).is_ok()),
        _ => false,
    }
}

/// Moves keyboard focus to the first element matching a selector, if any.
pub fn focus_first(selector: &str) -> bool {
    match document().query_selector(selector) {
        Ok(Some(element)) => element
            .dyn_into::<HtmlElement>()
            .is_ok_and(|e| e.focus().is_ok()),
        _ => false,
    }
}

/// True when keyboard focus is inside an element matching the selector.
pub fn focus_is_within(selector: &str) -> bool {
    document()
        .active_element()
        .and_then(|e| e.closest(selector).ok().flatten())
        .is_some()
}

/// True when keyboard focus is in the article or nowhere in particular (the page itself): the
/// keys that move a caret or walk the annotations act there, and nowhere else.
pub fn focus_is_on_article(container: &Element) -> bool {
    match document().active_element() {
        None => true,
        Some(active) => {
            document().body().is_some_and(|b| *b == active)
                || AsRef::<Node>::as_ref(container).contains(Some(active.as_ref()))
        }
    }
}

/// The attribute of `<html>` through which a chosen theme overrides the system's (style.css).
const THEME_ATTRIBUTE: &str = "data-theme";

/// Applies a theme to the page: `Some("light")` or `Some("dark")` overrides the system's
/// preference, `None` follows it.
pub fn set_theme_attribute(theme: Option<&str>) {
    let Some(root) = document().document_element() else {
        return;
    };
    let _ = match theme {
        Some(theme) => root.set_attribute(THEME_ATTRIBUTE, theme),
        None => root.remove_attribute(THEME_ATTRIBUTE),
    };
}

/// Work put off until the browser has painted the next frame; dropping it cancels the work.
pub struct AfterPaint {
    _frame: gloo::render::AnimationFrame,
    _timeout: std::rc::Rc<std::cell::RefCell<Option<gloo::timers::callback::Timeout>>>,
}

/// Runs `work` once the next frame has been painted: a task queued from the frame's
/// animation-frame callback runs after that frame's paint.
pub fn after_next_paint(work: impl FnOnce() + 'static) -> AfterPaint {
    let timeout = std::rc::Rc::new(std::cell::RefCell::new(None));
    let slot = std::rc::Rc::clone(&timeout);
    let frame = gloo::render::request_animation_frame(move |_| {
        *slot.borrow_mut() = Some(gloo::timers::callback::Timeout::new(0, work));
    });
    AfterPaint {
        _frame: frame,
        _timeout: timeout,
    }
}

/// Work put off until two frames have been painted; dropping it cancels the work.
pub struct AfterTwoPaints {
    _first: gloo::render::AnimationFrame,
    _rest: std::rc::Rc<AfterFirst>,
}

type AfterFirst = std::cell::RefCell<(
    Option<gloo::render::AnimationFrame>,
    Option<gloo::timers::callback::Timeout>,
)>;

/// Runs `work` once the frame after the next has been painted: the next frame (an edit's) is
/// painted, and the one after it starts, before `work` takes the main thread.
pub fn after_two_paints(work: impl FnOnce() + 'static) -> AfterTwoPaints {
    let rest: std::rc::Rc<AfterFirst> = std::rc::Rc::default();
    let slot = std::rc::Rc::downgrade(&rest);
    let first = gloo::render::request_animation_frame(move |_| {
        let Some(rest) = slot.upgrade() else {
            return;
        };
        let inner = std::rc::Rc::downgrade(&rest);
        let second = gloo::render::request_animation_frame(move |_| {
            if let Some(rest) = inner.upgrade() {
                rest.borrow_mut().1 = Some(gloo::timers::callback::Timeout::new(0, work));
            }
        });
        rest.borrow_mut().0 = Some(second);
    });
    AfterTwoPaints {
        _first: first,
        _rest: rest,
    }
}

/// Keeps Tab inside an open modal dialog: from its last control to its first (Shift+Tab the
/// other way), and from outside it to its first. True when it moved the focus (the browser's
/// own move must then be prevented).
pub fn keep_tab_in_dialog(backward: bool) -> bool {
    let Ok(Some(dialog)) = document().query_selector("[role=\"dialog\"][aria-modal=\"true\"]")
    else {
        return false;
    };
    let Ok(controls) = dialog.query_selector_all(
        "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
         textarea:not([disabled]), a[href], [tabindex]:not([tabindex=\"-1\"])",
    ) else {
        return false;
    };
    let controls: Vec<HtmlElement> = (0..controls.length())
        .filter_map(|i| controls.item(i)?.dyn_into().ok())
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return false;
    };
    let active = document().active_element();
    let inside = active
        .as_ref()
        .is_some_and(|a| AsRef::<Node>::as_ref(&dialog).contains(Some(a.as_ref())));
    let target = match (inside, backward) {
        (false, false) => first,
        (false, true) => last,
        (true, false) if active.as_ref() == Some(last.as_ref()) => first,
        (true, true) if active.as_ref() == Some(first.as_ref()) => last,
        _ => return false,
    };
    target.focus().is_ok()
}
