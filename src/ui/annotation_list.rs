//! The side panel's list of annotations in text order. Virtualised: only the rows in view (and a
//! few around them) are elements, so 10,000 annotations do not mean 10,000 elements.

use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::model::document::{AnnotationId, Document};
use crate::model::schema::text_color_on;
use crate::ui::document_view::Colors;

/// Row height in CSS pixels; `style.css` gives `.ann-row` the same height.
pub const ROW_HEIGHT: f64 = 30.0;
/// Rows drawn above and below the visible ones, so fast scrolling does not show blanks.
const OVERSCAN: usize = 8;
/// Characters of an annotation's text shown in its row.
const PREVIEW_CHARS: usize = 60;

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: AnnotationId,
    pub label: Rc<str>,
    /// Byte range of the annotated text; the preview is cut from it only for rows in view.
    pub bytes: std::ops::Range<usize>,
    pub start: usize,
    pub end: usize,
}

pub fn rows_of(document: &Document) -> Rc<Vec<Row>> {
    let index = document.index();
    Rc::new(
        document
            .annotations()
            .iter()
            .map(|a| Row {
                id: a.id.clone(),
                label: Rc::clone(&a.label),
                bytes: index.byte_range(document.text(), a.range),
                start: a.range.start.0,
                end: a.range.end.0,
            })
            .collect(),
    )
}

/// The first characters of a row's text, on one line.
fn preview(text: &str) -> String {
    let mut preview: String = text.chars().take(PREVIEW_CHARS).collect();
    if text.chars().nth(PREVIEW_CHARS).is_some() {
        preview.push('…');
    }
    preview.replace(['\n', '\r'], " ")
}

#[derive(Properties, Clone)]
pub struct AnnotationListProps {
    pub rows: Rc<Vec<Row>>,
    /// The document text the rows' byte ranges point into.
    pub text: Rc<str>,
    pub colors: Colors,
    pub selected: Option<AnnotationId>,
    pub onpick: Callback<AnnotationId>,
}

impl PartialEq for AnnotationListProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.rows, &other.rows)
            && Rc::ptr_eq(&self.text, &other.text)
            && Rc::ptr_eq(&self.colors, &other.colors)
            && self.selected == other.selected
            && self.onpick == other.onpick
    }
}

#[function_component(AnnotationList)]
pub fn annotation_list(props: &AnnotationListProps) -> Html {
    let scroller = use_node_ref();
    // (scroll offset, viewport height) of the scrolling element, in CSS pixels.
    let viewport = use_state(|| (0.0_f64, 900.0_f64));
    let onscroll = {
        let viewport = viewport.clone();
        let scroller = scroller.clone();
        Callback::from(move |_: Event| {
            if let Some(element) = scroller.cast::<HtmlElement>() {
                viewport.set((element.scroll_top() as f64, element.client_height() as f64));
            }
        })
    };
    let n = props.rows.len();
    let (scroll_top, height) = *viewport;
    let first = ((scroll_top / ROW_HEIGHT) as usize)
        .saturating_sub(OVERSCAN)
        .min(n);
    let last = (((scroll_top + height) / ROW_HEIGHT).ceil() as usize + OVERSCAN).min(n);
    let rows = props.rows[first..last].iter().enumerate().map(|(k, row)| {
        let onclick = {
            let onpick = props.onpick.clone();
            let id = row.id.clone();
            Callback::from(move |_: MouseEvent| onpick.emit(id.clone()))
        };
        let color = props.colors.get(&row.label).map_or("#c4c4c4", |c| c);
        let is_selected = props.selected.as_ref() == Some(&row.id);
        let top = (first + k) as f64 * ROW_HEIGHT;
        html! {
            <li key={row.id.0.to_string()} class={classes!("ann-row", is_selected.then_some("selected"))}
                style={format!("top:{top}px")}>
                // A plain list of buttons (a listbox of options may not hold buttons); the
                // selected one says so with aria-current.
                <button type="button" class="ann-button" {onclick}
                    aria-current={is_selected.then_some("true")}
                    data-list-span-id={row.id.0.to_string()}
                    title={format!("{}–{}", row.start, row.end)}>
                    <span class="chip" style={format!("--c:{color};--t:{}", text_color_on(color))}>{ row.label.to_string() }</span>
                    <span class="ann-text">{ preview(props.text.get(row.bytes.clone()).unwrap_or("")) }</span>
                </button>
            </li>
        }
    });
    html! {
        <div class="ann-scroller" ref={scroller} {onscroll} data-testid="annotation-list">
            if n == 0 {
                <p class="empty">{ "No annotations yet. Select text, then press a label's key or button." }</p>
            }
            <ul class="ann-list" aria-label="Annotations"
                style={format!("height:{}px", n as f64 * ROW_HEIGHT)}>
                { for rows }
            </ul>
        </div>
    }
}
