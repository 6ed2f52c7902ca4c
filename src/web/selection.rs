//! The DOM selection in the article: read as UTF-16 offsets into the document text, moved
//! like a caret in editable text, and where the caret is drawn.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

use crate::model::offsets::Utf16;

use super::{document, window};

/// The attribute that marks a paragraph element and holds its index in the layout.
pub const PARAGRAPH_ATTRIBUTE: &str = "data-para";

/// The current DOM selection inside `container`, as UTF-16 offsets into the document text
/// (start ≤ end). `paragraph_start` gives the UTF-16 offset where paragraph `i` starts, and
/// `text_len` the text's length in UTF-16 units. `None` when nothing is selected there.
pub fn selection_offsets(
    container: &Element,
    paragraph_start: impl Fn(usize) -> Option<Utf16>,
    text_len: Utf16,
) -> Option<(Utf16, Utf16)> {
    let selection = window().get_selection().ok()??;
    if selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let start = boundary_offset(
        container,
        &range.start_container().ok()?,
        range.start_offset().ok()?,
        &paragraph_start,
        text_len,
    )?;
    let end = boundary_offset(
        container,
        &range.end_container().ok()?,
        range.end_offset().ok()?,
        &paragraph_start,
        text_len,
    )?;
    Some((start.min(end), start.max(end)))
}

/// The UTF-16 offset in the document text of a DOM boundary point (node, offset).
pub(super) fn boundary_offset(
    container: &Element,
    node: &Node,
    offset: u32,
    paragraph_start: &impl Fn(usize) -> Option<Utf16>,
    text_len: Utf16,
) -> Option<Utf16> {
    let container_node: &Node = container.as_ref();
    if !container_node.contains(Some(node)) {
        return None;
    }
    let Some(paragraph) = ancestor_paragraph(node) else {
        // A point between paragraphs (in the container or in a chunk of paragraphs): the start
        // of the first paragraph at or after it, or the end of the text.
        let next = match node.child_nodes().item(offset) {
            Some(child) => Some(child),
            None => following_sibling_or_ancestors(node, container_node),
        };
        return match next.and_then(|n| first_paragraph_from(&n, container_node)) {
            Some(i) => paragraph_start(i),
            None => Some(text_len),
        };
    };
    let i = paragraph_index(&paragraph)?;
    // The text between the paragraph's start and the point: its length in JavaScript counts
    // UTF-16 units. Generated content (label badges drawn by CSS) is not part of it.
    let prefix = document().create_range().ok()?;
    prefix.set_start(&paragraph, 0).ok()?;
    prefix.set_end(node, offset).ok()?;
    let local = String::from(prefix.to_string()).encode_utf16().count();
    Some(Utf16(paragraph_start(i)?.0 + local))
}

pub(super) fn ancestor_paragraph(node: &Node) -> Option<Element> {
    let element = match node.dyn_ref::<Element>() {
        Some(e) => e.clone(),
        None => node.parent_element()?,
    };
    element.closest(&format!("[{PARAGRAPH_ATTRIBUTE}]")).ok()?
}

/// The node after `node` in document order that is not inside it, within the container.
fn following_sibling_or_ancestors(node: &Node, container: &Node) -> Option<Node> {
    let mut node = node.clone();
    while &node != container {
        if let Some(next) = node.next_sibling() {
            return Some(next);
        }
        node = node.parent_node()?;
    }
    None
}

/// The index of the first paragraph at or after `node` (itself, inside it, or following it).
fn first_paragraph_from(node: &Node, container: &Node) -> Option<usize> {
    let mut node = Some(node.clone());
    while let Some(current) = node {
        if let Some(element) = current.dyn_ref::<Element>() {
            let selector = format!("[{PARAGRAPH_ATTRIBUTE}]");
            if element.matches(&selector).unwrap_or(false) {
                return paragraph_index(element);
            }
            if let Ok(Some(inner)) = element.query_selector(&selector) {
                return paragraph_index(&inner);
            }
        }
        node = following_sibling_or_ancestors(&current, container);
    }
    None
}

fn paragraph_index(element: &Element) -> Option<usize> {
    element.get_attribute(PARAGRAPH_ATTRIBUTE)?.parse().ok()
}

/// True when the DOM selection is a caret or absent (a click, not a drag).
pub fn selection_is_collapsed() -> bool {
    window()
        .get_selection()
        .ok()
        .flatten()
        .is_none_or(|s| s.is_collapsed())
}

pub fn clear_selection() {
    if let Ok(Some(selection)) = window().get_selection() {
        let _ = selection.remove_all_ranges();
    }
}
/// Moves the caret or extends the selection in the article, the way the browser moves a caret
/// in editable text (visual left and right in right-to-left paragraphs, words as the browser's
/// word breaker finds them). Without a caret in the article, the caret is first placed at the
/// start of the selected annotation, or else of the first paragraph on screen.
pub fn modify_selection(container: &Element, extend: bool, direction: &str, granularity: &str) {
    let Ok(Some(selection)) = window().get_selection() else {
        return;
    };
    let container_node: &Node = container.as_ref();
    let inside = selection.range_count() > 0
        && selection
            .focus_node()
            .is_some_and(|n| container_node.contains(Some(&n)));
    if !inside {
        let start = container
            .query_selector("mark.selected")
            .ok()
            .flatten()
            .or_else(|| first_paragraph_in_view(container));
        if let Some(start) = start {
            let _ = selection.collapse_with_offset(Some(&start), 0);
        }
        if !extend {
            return;
        }
    }
    if granularity == "paragraph" {
        // By the layout's paragraphs, not the browser's: Chromium's paragraph moves stop at
        // the label badges (inline blocks) inside a paragraph.
        move_by_paragraph(&selection, extend, direction == "forward");
    } else {
        // Lines as they are seen (see `lines`); the browser's own move where none is found.
        let by_line = granularity == "line"
            && super::lines::move_by_line(container, &selection, extend, direction == "forward");
        if !by_line {
            let alter = if extend { "extend" } else { "move" };
            let _ = selection.modify(alter, direction, granularity);
        }
    }
    keep_focus_point_in_view(container, &selection);
}

/// Moves the selection's focus to the start of the next paragraph, or back to the start of its
/// own (or, when already there, of the previous one). At the last paragraph, forward goes to
/// the end of the text.
fn move_by_paragraph(selection: &web_sys::Selection, extend: bool, forward: bool) {
    let Some(focus) = selection.focus_node() else {
        return;
    };
    let Some(paragraph) = ancestor_paragraph(&focus) else {
        return;
    };
    let Some(index) = paragraph_index(&paragraph) else {
        return;
    };
    let find = |i: usize| {
        document()
            .query_selector(&format!("[{PARAGRAPH_ATTRIBUTE}=\"{i}\"]"))
            .ok()
            .flatten()
    };
    let at_start = || {
        document().create_range().is_ok_and(|range| {
            range.set_start(&paragraph, 0).is_ok()
                && range.set_end(&focus, selection.focus_offset()).is_ok()
                && String::from(range.to_string()).is_empty()
        })
    };
    let (target, offset) = if forward {
        match find(index + 1) {
            Some(next) => (next, 0),
            None => {
                let n = paragraph.child_nodes().length();
                (paragraph, n)
            }
        }
    } else if at_start() && index > 0 {
        match find(index - 1) {
            Some(previous) => (previous, 0),
            None => return,
        }
    } else {
        (paragraph, 0)
    };
    let _ = if extend {
        selection.extend_with_offset(&target, offset)
    } else {
        selection.collapse_with_offset(Some(&target), offset)
    };
}

/// Scrolls the article so that the moving end of the selection stays on screen, as a caret in
/// editable text would (the browser does not scroll for a selection moved by a script).
pub(super) fn keep_focus_point_in_view(container: &Element, selection: &web_sys::Selection) {
    let (Some(node), Ok(range)) = (selection.focus_node(), document().create_range()) else {
        return;
    };
    if range
        .set_start(&node, selection.focus_offset())
        .and_then(|()| range.set_end(&node, selection.focus_offset()))
        .is_err()
    {
        return;
    }
    let rect = range.get_bounding_client_rect();
    // A point between elements (a paragraph's start) has no box: use the top line of the
    // element it is in.
    const LINE: f64 = 36.0;
    let (top, bottom) = if rect.height() > 0.0 {
        (rect.top(), rect.bottom())
    } else {
        let element = match node.dyn_ref::<Element>() {
            Some(element) => element.clone(),
            None => match node.parent_element() {
                Some(parent) => parent,
                None => return,
            },
        };
        let top = element.get_bounding_client_rect().top();
        (top, top + LINE)
    };
    let frame = container.get_bounding_client_rect();
    let margin = LINE * 2.0;
    let delta = if top < frame.top() + margin {
        top - frame.top() - margin
    } else if bottom > frame.bottom() - margin {
        bottom - frame.bottom() + margin
    } else {
        return;
    };
    container.set_scroll_top(container.scroll_top() + delta.round() as i32);
}

fn first_paragraph_in_view(container: &Element) -> Option<Element> {
    let top = container.get_bounding_client_rect().top();
    let paragraphs = container
        .query_selector_all(&format!("[{PARAGRAPH_ATTRIBUTE}]"))
        .ok()?;
    let mut first = None;
    for i in 0..paragraphs.length() {
        let element: Element = paragraphs.item(i)?.dyn_into().ok()?;
        if element.get_bounding_client_rect().bottom() > top {
            return Some(element);
        }
        first.get_or_insert(element);
    }
    first
}

/// Where to draw the caret of a collapsed selection in the article: left, top and height in
/// CSS pixels, relative to the container's scrolled content. `None` when the selection is not a
/// caret in the article.
pub fn caret_box(container: &Element) -> Option<(f64, f64, f64)> {
    let selection = window().get_selection().ok()??;
    if !selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let node = selection.focus_node()?;
    let container_node: &Node = container.as_ref();
    if !container_node.contains(Some(&node)) {
        return None;
    }
    let rect = position_rect(&node, selection.focus_offset())?;
    let frame = container.get_bounding_client_rect();
    Some((
        rect.left() - frame.left() + f64::from(container.scroll_left()),
        rect.top() - frame.top() + f64::from(container.scroll_top()),
        rect.height(),
    ))
}

/// The box of the caret at a DOM boundary point, on the line of the character after it: a
/// point where a line wraps is the start of the next line (the browser's own box for a
/// collapsed range there is at the end of the line before, so a caret moved down to the next
/// line's start would be drawn, and measured, a line too high). At the end of a line — before
/// a line break or the end of the text — the box is after the character before. A point with
/// no character beside it has the box of a collapsed range there, or, between elements, of
/// the first character after it.
pub(super) fn position_rect(node: &Node, offset: u32) -> Option<web_sys::DomRect> {
    let is_text = node.node_type() == Node::TEXT_NODE;
    let length = || node.text_content().map_or(0, |t| t.encode_utf16().count()) as u32;
    if is_text {
        if offset < length() && char_at(node, offset)? != "\n" {
            return char_rect(node, offset, true);
        }
        if offset > 0 {
            return char_rect(node, offset, false);
        }
    }
    let range = document().create_range().ok()?;
    range.set_start(node, offset).ok()?;
    range.set_end(node, offset).ok()?;
    let rect = range.get_bounding_client_rect();
    if rect.height() > 0.0 {
        return Some(rect);
    }
    if is_text {
        // The line break itself.
        return (offset < length()).then(|| char_rect(node, offset, true))?;
    }
    // A point between elements: the first character after it.
    let mut next = node.child_nodes().item(offset);
    while let Some(n) = next.clone().filter(|n| n.node_type() != Node::TEXT_NODE) {
        next = n.first_child();
    }
    let next = next?;
    let has_text = next.text_content().is_some_and(|t| !t.is_empty());
    has_text.then(|| char_rect(&next, 0, true))?
}

/// The UTF-16 unit of a text node at `offset`, as a string.
fn char_at(node: &Node, offset: u32) -> Option<String> {
    let range = document().create_range().ok()?;
    range.set_start(node, offset).ok()?;
    range.set_end(node, offset + 1).ok()?;
    Some(range.to_string().into())
}

/// A zero-width box at the left edge of the character after `offset` in a text node (`after`),
/// or at the right edge of the one before it.
fn char_rect(node: &Node, offset: u32, after: bool) -> Option<web_sys::DomRect> {
    let range = document().create_range().ok()?;
    let (start, end) = if after {
        (offset, offset + 1)
    } else {
        (offset.checked_sub(1)?, offset)
    };
    range.set_start(node, start).ok()?;
    range.set_end(node, end).ok()?;
    let rects = range.get_client_rects()?;
    let rect = if after {
        rects.get(0)?
    } else {
        let last = rects.get(rects.length().checked_sub(1)?)?;
        last.set_x(last.right());
        last
    };
    rect.set_width(0.0);
    Some(rect)
}
