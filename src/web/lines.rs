//! Moving the caret a line up or down in the article. Chromium's `Selection.modify` by line
//! stops inside a highlighted span that wraps across lines (its badges are inline blocks) and
//! spends an extra press on the gap between paragraphs; so the caret is moved the way a person
//! sees lines: to the text under (or over) the caret's column on the next line, found with
//! `caretPositionFromPoint`. The column is kept across repeated presses, as in editable text.

use std::cell::Cell;

use web_sys::{Element, Node, Selection};

use super::document;
use super::selection::{ancestor_paragraph, position_rect};

/// How far below (or above) the caret's line to look for the next one, in CSS pixels: more
/// than a paragraph gap and a line of the article's type together.
const REACH: f64 = 120.0;
/// The step of the search: smaller than the shortest line.
const STEP: f64 = 4.0;

thread_local! {
    /// The column a run of line moves keeps, and the point the last move ended at (a caret
    /// placed any other way starts a new run).
    static GOAL: Cell<Option<(f64, f64, f64)>> = const { Cell::new(None) };
}

/// Moves (or, with `extend`, extends) the selection's focus one line down or up. False when
/// there is no line there to find; the caller then lets the browser move.
pub fn move_by_line(
    container: &Element,
    selection: &Selection,
    extend: bool,
    forward: bool,
) -> bool {
    let Some(node) = selection.focus_node() else {
        return false;
    };
    let offset = selection.focus_offset();
    let Some(mut rect) = position_rect(&node, offset) else {
        return false;
    };
    // Room to look in: the probe finds only what is on screen.
    let frame = container.get_bounding_client_rect();
    let shortfall = if forward {
        rect.bottom() + REACH - frame.bottom()
    } else {
        frame.top() - (rect.top() - REACH)
    };
    if shortfall > 0.0 {
        let before = container.scroll_top();
        let delta = shortfall.ceil() as i32;
        container.set_scroll_top(before + if forward { delta } else { -delta });
        match position_rect(&node, offset) {
            Some(moved) => rect = moved,
            None => return false,
        }
    }
    let x = match GOAL.get() {
        Some((x, left, top))
            if (left - rect.left()).abs() < 0.5 && (top - rect.top()).abs() < 0.5 =>
        {
            x
        }
        _ => rect.left(),
    };
    let Some((target, target_offset, found)) = next_line_point(container, &rect, x, forward) else {
        GOAL.set(None);
        return false;
    };
    let moved = if extend {
        selection.extend_with_offset(&target, target_offset)
    } else {
        selection.collapse_with_offset(Some(&target), target_offset)
    };
    if moved.is_err() {
        return false;
    }
    GOAL.set(Some((x, found.left(), found.top())));
    true
}

/// The first text position under (or over) column `x` on a line wholly below (or above) the
/// caret's box `from`, within the article's paragraphs.
fn next_line_point(
    container: &Element,
    from: &web_sys::DomRect,
    x: f64,
    forward: bool,
) -> Option<(Node, u32, web_sys::DomRect)> {
    let frame = container.get_bounding_client_rect();
    // Inside the text column, away from the scroll bar.
    let x = x.clamp(frame.left() + 1.0, frame.right() - 16.0);
    let mut distance = STEP;
    while distance <= REACH {
        let y = if forward {
            from.bottom() + distance
        } else {
            from.top() - distance
        };
        distance += STEP;
        if y < frame.top() || y > frame.bottom() {
            break;
        }
        let Some((node, offset)) = text_point(container, x, y) else {
            continue;
        };
        let Some(rect) = position_rect(&node, offset) else {
            continue;
        };
        // A position with no box of its own (a line break between paragraphs) is not a line.
        let other_line = rect.height() > 0.0
            && if forward {
                rect.top() >= from.bottom() - 1.0
            } else {
                rect.bottom() <= from.top() + 1.0
            };
        if other_line {
            // Below a paragraph's last line the point falls in the gap, which the browser
            // gives to the paragraph's end: ask again in the middle of the line found.
            let middle = rect.top() + rect.height() / 2.0;
            let on_line = text_point(container, x, middle)
                .and_then(|(n, o)| Some((position_rect(&n, o)?, n, o)))
                .filter(|(r, _, _)| (r.top() - rect.top()).abs() < 1.0);
            return Some(match on_line {
                Some((rect, node, offset)) => (node, offset, rect),
                None => (node, offset, rect),
            });
        }
    }
    None
}

/// The text position at a point of the screen, when it is in one of the article's paragraphs.
fn text_point(container: &Element, x: f64, y: f64) -> Option<(Node, u32)> {
    let position = document().caret_position_from_point(x as f32, y as f32)?;
    let node = position.offset_node()?;
    let container_node: &Node = container.as_ref();
    let inside = container_node.contains(Some(&node))
        && node.node_type() == Node::TEXT_NODE
        && ancestor_paragraph(&node).is_some();
    inside.then(|| (node, position.offset()))
}
