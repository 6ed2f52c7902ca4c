//! The workspace's documents as a work queue: a search box, filters by status and label, an
//! order, the counts, and the list (switch, status, done mark, remove). The list is
//! virtualised: only the rows in view (and a few around them) are elements, so thousands of
//! documents scroll as smoothly as three. What is shown is the session's queue's decision.

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::session::queue::{
    DocumentSort, DocumentStatus, DocumentSummary, QueueCounts, QueueView,
};

/// Row height in CSS pixels; each row is given it inline, so style.css cannot disagree.
pub const ROW_HEIGHT: f64 = 52.0;
/// Rows drawn above and below the visible ones, so fast scrolling does not show blanks.
const OVERSCAN: usize = 8;

#[derive(Properties, Clone)]
pub struct DocumentListProps {
    pub documents: Rc<Vec<DocumentSummary>>,
    /// The rows shown, as workspace indices, in the view's order.
    pub visible: Rc<Vec<usize>>,
    pub counts: QueueCounts,
    pub view: QueueView,
    /// The label filter's choices.
    pub labels: Rc<Vec<Rc<str>>>,
    pub current: usize,
    pub onswitch: Callback<usize>,
    pub ondone: Callback<(usize, bool)>,
    pub onremove: Callback<usize>,
    pub onsearch: Callback<String>,
    pub onfilter: Callback<Option<DocumentStatus>>,
    pub onlabel: Callback<Option<Rc<str>>>,
    pub onsort: Callback<DocumentSort>,
}

impl PartialEq for DocumentListProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.documents, &other.documents)
            && Rc::ptr_eq(&self.visible, &other.visible)
            && Rc::ptr_eq(&self.labels, &other.labels)
            && self.counts == other.counts
            && self.view == other.view
            && self.current == other.current
            && self.onswitch == other.onswitch
            && self.ondone == other.ondone
            && self.onremove == other.onremove
            && self.onsearch == other.onsearch
            && self.onfilter == other.onfilter
            && self.onlabel == other.onlabel
            && self.onsort == other.onsort
    }
}

#[function_component(DocumentList)]
pub fn document_list(props: &DocumentListProps) -> Html {
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
    // When another document opens (from a row, a key, an undo), its row comes into view.
    {
        let scroller = scroller.clone();
        let visible = Rc::clone(&props.visible);
        use_effect_with(props.current, move |&current| {
            let position = visible.iter().position(|&i| i == current);
            if let (Some(position), Some(element)) = (position, scroller.cast::<HtmlElement>()) {
                let top = position as f64 * ROW_HEIGHT;
                let (scrolled, height) =
                    (element.scroll_top() as f64, element.client_height() as f64);
                if top < scrolled || top + ROW_HEIGHT > scrolled + height {
                    element.set_scroll_top((top - (height - ROW_HEIGHT) / 2.0).max(0.0) as i32);
                }
            }
        });
    }
    let n = props.visible.len();
    let (scroll_top, height) = *viewport;
    // A list that just got shorter may not have heard its scroll offset shrink yet.
    let scroll_top = scroll_top.min((n as f64 * ROW_HEIGHT - height).max(0.0));
    let first = ((scroll_top / ROW_HEIGHT) as usize)
        .saturating_sub(OVERSCAN)
        .min(n);
    let last = (((scroll_top + height) / ROW_HEIGHT).ceil() as usize + OVERSCAN).min(n);
    let removable = props.documents.len() > 1;
    let rows = props.visible[first..last]
        .iter()
        .enumerate()
        .filter_map(|(k, &i)| {
            let document = props.documents.get(i)?;
            Some(row(
                props,
                i,
                document,
                (first + k) as f64 * ROW_HEIGHT,
                removable,
            ))
        });
    html! {
        <>
            { controls(props) }
            <div class="doc-scroller" ref={scroller} {onscroll}>
                if n == 0 {
                    <p class="empty">{ "No document matches." }</p>
                }
                <ul class="plain-list document-list" data-testid="document-list"
                    aria-label="Documents" style={format!("height:{}px", n as f64 * ROW_HEIGHT)}>
                    { for rows }
                </ul>
            </div>
        </>
    }
}

fn row(
    props: &DocumentListProps,
    i: usize,
    document: &DocumentSummary,
    top: f64,
    removable: bool,
) -> Html {
    let current = i == props.current;
    let onswitch = props.onswitch.reform(move |_: MouseEvent| i);
    let ondone = props.ondone.reform(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        (i, input.checked())
    });
    let onremove = props.onremove.reform(move |_: MouseEvent| i);
    let status = document.status();
    let n = document.n_annotations;
    html! {
        <li key={i} class={classes!("document-row", current.then_some("selected"))}
            style={format!("top:{top}px;height:{ROW_HEIGHT}px")}>
            <button type="button" class="list-button" onclick={onswitch} title={document.title.to_string()}
                aria-current={current.then_some("true")} data-document-index={i.to_string()}>
                <span class="entity-name doc-title">{ document.title.to_string() }</span>
                <span class="count">{ format!("{n} annotation{}", if n == 1 { "" } else { "s" }) }</span>
                <span class={classes!("doc-status", status.value())}>{ status.as_str() }</span>
            </button>
            <label class="done-toggle" title="Mark this document done">
                <input type="checkbox" checked={document.done} onchange={ondone}
                    aria-label={format!("Done: {}", document.title)} />
                { "done" }
            </label>
            if removable {
                <button type="button" class="remove" onclick={onremove}
                    aria-label={format!("Remove {} from the workspace", document.title)}>{ "×" }</button>
            }
        </li>
    }
}

/// The search box, the three choices and the counts above the list.
fn controls(props: &DocumentListProps) -> Html {
    let view = &props.view;
    let select_value = |e: Event| e.target_unchecked_into::<HtmlSelectElement>().value();
    let oninput = props
        .onsearch
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let onfilter = props
        .onfilter
        .reform(move |e: Event| DocumentStatus::from_value(&select_value(e)));
    let onlabel = props.onlabel.reform(move |e: Event| {
        let value = select_value(e);
        (!value.is_empty()).then(|| Rc::from(value))
    });
    let onsort = props
        .onsort
        .reform(move |e: Event| DocumentSort::from_value(&select_value(e)).unwrap_or_default());
    // A label chosen before its last span went stays a choice until another is chosen.
    let mut labels: Vec<Rc<str>> = props.labels.to_vec();
    if let Some(label) = view.label.as_ref().filter(|l| !labels.contains(l)) {
        labels.push(Rc::clone(label));
    }
    html! {
        <div class="document-queue">
            <div class="filters document-filters">
                <input type="search" class="document-search" data-testid="document-search"
                    aria-label="Search documents" placeholder="Search documents"
                    value={view.query.clone()} {oninput} />
                <select data-testid="document-filter" aria-label="Show documents by status" onchange={onfilter}>
                    <option value="all" selected={view.status.is_none()}>{ "All" }</option>
                    { for DocumentStatus::ALL.iter().map(|&s| html! {
                        <option value={s.value()} selected={view.status == Some(s)}>{ capitalised(s.as_str()) }</option>
                    }) }
                </select>
                <select data-testid="document-label-filter" aria-label="Show documents with a label" onchange={onlabel}>
                    <option value="" selected={view.label.is_none()}>{ "Any label" }</option>
                    { for labels.iter().map(|l| html! {
                        <option value={l.to_string()} selected={view.label.as_ref() == Some(l)}>{ l.to_string() }</option>
                    }) }
                </select>
                <select data-testid="document-sort" aria-label="Order documents" onchange={onsort}>
                    { for DocumentSort::ALL.iter().map(|&s| html! {
                        <option value={s.value()} selected={view.sort == s}>{ s.label() }</option>
                    }) }
                </select>
            </div>
            <p class="list-count" data-testid="document-counts" aria-live="polite">
                { props.counts.describe(view.is_filtered()) }
            </p>
        </div>
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
