//! The article as editable text (the correction mode): the browser's requests to change it
//! (`beforeinput`, the ends of compositions) are heard here and their default prevented, so
//! the DOM keeps drawing the model's text; and the caret is put back where an edit leaves it.
//!
//! A composition (an input method, a dead key) cannot be prevented: the browser writes it into
//! the DOM as it goes. Its start and end are passed on, so that the root reads the range it
//! replaces first and draws the paragraph afresh after.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{AbstractRange, CompositionEvent, Element, InputEvent, Node};

use super::{document, selection, window};

/// A DOM boundary point.
pub type Point = (Node, u32);

/// What the browser asked for in the editable article.
#[derive(Clone, Debug)]
pub enum EditEvent {
    /// A `beforeinput`, prevented: its `inputType`, its text (typed, pasted or dropped as plain
    /// text), and the range it would have changed, when the browser says.
    Input {
        kind: String,
        text: Option<String>,
        target: Option<(Point, Point)>,
    },
    CompositionStart,
    /// A composition ended with this text.
    CompositionEnd(String),
}

/// Installs the listeners on the page; they stay while the returned values live. Only events
/// in an editable element inside `article` are passed on.
pub fn listen(
    article: impl Fn() -> Option<Element> + 'static,
    on_event: Rc<dyn Fn(EditEvent)>,
) -> Vec<EventListener> {
    let article = Rc::new(article);
    let in_editable_article = {
        let article = Rc::clone(&article);
        move |event: &web_sys::Event| {
            let Some(container) = article() else {
                return false;
            };
            let target = event.target().and_then(|t| t.dyn_into::<Node>().ok());
            container.has_attribute("contenteditable")
                && AsRef::<Node>::as_ref(&container).contains(target.as_ref())
        }
    };
    let document = document();
    let options = EventListenerOptions::enable_prevent_default();
    let before_input = {
        let on_event = Rc::clone(&on_event);
        let in_editable_article = in_editable_article.clone();
        EventListener::new_with_options(&document, "beforeinput", options, move |event| {
            if !in_editable_article(event) {
                return;
            }
            let Some(event) = event.dyn_ref::<InputEvent>() else {
                return;
            };
            let kind = event.input_type();
            // A composition's steps are the browser's to draw (they cannot be prevented); its
            // end is taken as one insertion.
            if event.is_composing() || kind.contains("Composition") {
                return;
            }
            event.prevent_default();
            let text = event.data().or_else(|| {
                event
                    .data_transfer()
                    .and_then(|d| d.get_data("text/plain").ok())
            });
            let target = event
                .get_target_ranges()
                .iter()
                .next()
                .and_then(|r| r.dyn_into::<AbstractRange>().ok())
                .map(|r| {
                    (
                        (r.start_container(), r.start_offset()),
                        (r.end_container(), r.end_offset()),
                    )
                });
            on_event(EditEvent::Input { kind, text, target });
        })
    };
    let composition_start = {
        let on_event = Rc::clone(&on_event);
        let in_editable_article = in_editable_article.clone();
        EventListener::new(&document, "compositionstart", move |event| {
            if in_editable_article(event) {
                on_event(EditEvent::CompositionStart);
            }
        })
    };
    let composition_end = EventListener::new(&document, "compositionend", move |event| {
        if !in_editable_article(event) {
            return;
        }
        let text = event
            .dyn_ref::<CompositionEvent>()
            .and_then(CompositionEvent::data)
            .unwrap_or_default();
        on_event(EditEvent::CompositionEnd(text));
    });
    vec![before_input, composition_start, composition_end]
}

/// Puts the DOM selection from `start` to `end` in the article (a caret when they are equal),
/// each a paragraph's index and UTF-16 units into it, and scrolls its end into view. Label
/// badges are drawn by CSS, so a paragraph's text nodes hold exactly its text.
pub fn place_selection(container: &Element, start: (usize, u32), end: (usize, u32)) {
    let Ok(Some(selection)) = window().get_selection() else {
        return;
    };
    let point = |(paragraph, local): (usize, u32)| -> Option<Point> {
        let selector = format!("[{}=\"{paragraph}\"]", selection::PARAGRAPH_ATTRIBUTE);
        let element = container.query_selector(&selector).ok()??;
        Some(text_point(&element, local).unwrap_or((element.into(), 0)))
    };
    let (Some(a), Some(b)) = (point(start), point(end)) else {
        return;
    };
    let _ = selection.set_base_and_extent(&a.0, a.1, &b.0, b.1);
    selection::keep_focus_point_in_view(container, &selection);
}

/// The DOM selection's focus node: kept by the root after it records or places a selection,
/// so that a redraw that removed it can be told (see [`selection_damaged`]).
pub fn focus_node() -> Option<Node> {
    window().get_selection().ok()??.focus_node()
}

/// Whether the DOM selection looks as a redraw of paragraph `paragraph` leaves it, rather than
/// where a person put it: out of the article, on an element rather than in text (its text node
/// was replaced), or at the very start of a text node of that paragraph (its text was
/// rewritten). A selection a person made meanwhile (a click, the caret keys) is in text.
///
/// `last_focus` is the focus node of the selection last recorded or placed: a redraw that
/// removed it moved the selection, even when the browser then put it at the end of the text
/// before (where nothing else tells it from a caret the person put there).
pub fn selection_damaged(container: &Element, paragraph: usize, last_focus: Option<&Node>) -> bool {
    if last_focus.is_some_and(|node| !node.is_connected()) {
        return true;
    }
    let Ok(Some(selection)) = window().get_selection() else {
        return true;
    };
    let Some(node) = selection.focus_node() else {
        return true;
    };
    let container_node: &Node = container.as_ref();
    if !container_node.contains(Some(&node)) || node.node_type() != Node::TEXT_NODE {
        return true;
    }
    selection.focus_offset() == 0
        && selection::ancestor_paragraph(&node)
            .and_then(|p| p.get_attribute(selection::PARAGRAPH_ATTRIBUTE))
            .is_some_and(|i| i == paragraph.to_string())
}

/// The text node and offset `local` UTF-16 units into an element's text (the end of the text
/// node a boundary falls at the end of). `None` when the element has no text.
fn text_point(element: &Element, local: u32) -> Option<Point> {
    let mut remaining = local;
    let mut last = None;
    let mut stack: Vec<Node> = vec![element.clone().into()];
    while let Some(node) = stack.pop() {
        if node.node_type() == Node::TEXT_NODE {
            let len = node
                .node_value()
                .map_or(0, |t| t.encode_utf16().count() as u32);
            if remaining <= len {
                return Some((node, remaining));
            }
            remaining -= len;
            last = Some((node, len));
            continue;
        }
        let children = node.child_nodes();
        for i in (0..children.length()).rev() {
            if let Some(child) = children.item(i) {
                stack.push(child);
            }
        }
    }
    last
}

/// The UTF-16 offset in the document text of a DOM boundary point in the article (see
/// [`selection::selection_offsets`]).
pub fn point_offset(
    container: &Element,
    point: &Point,
    paragraph_start: impl Fn(usize) -> Option<crate::model::offsets::Utf16>,
    text_len: crate::model::offsets::Utf16,
) -> Option<crate::model::offsets::Utf16> {
    selection::boundary_offset(container, &point.0, point.1, &paragraph_start, text_len)
}
