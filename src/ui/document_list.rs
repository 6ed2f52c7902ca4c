//! The workspace's documents: switch between them, see their annotation counts, mark them done,
//! remove them.

use std::rc::Rc;

use yew::prelude::*;

pub use crate::session::lists::DocumentRow;

#[derive(Properties, PartialEq)]
pub struct DocumentListProps {
    pub rows: Rc<Vec<DocumentRow>>,
    pub current: usize,
    pub onswitch: Callback<usize>,
    pub ondone: Callback<(usize, bool)>,
    pub onremove: Callback<usize>,
}

#[function_component(DocumentList)]
pub fn document_list(props: &DocumentListProps) -> Html {
    let n = props.rows.len();
    html! {
        <ul class="plain-list document-list" data-testid="document-list">
            { for props.rows.iter().enumerate().map(|(i, row)| {
                let current = i == props.current;
                let onswitch = props.onswitch.reform(move |_: MouseEvent| i);
                let ondone = props.ondone.reform(move |e: Event| {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    (i, input.checked())
                });
                let onremove = props.onremove.reform(move |_: MouseEvent| i);
                html! {
                    <li class={classes!("document-row", current.then_some("selected"))}>
                        <button type="button" class="list-button" onclick={onswitch}
                            aria-current={current.then_some("true")} data-document-index={i.to_string()}>
                            <span class="entity-name">{ row.title.clone() }</span>
                            <span class="count">{ format!("{} annotation{}", row.n_annotations, if row.n_annotations == 1 { "" } else { "s" }) }</span>
                            <span class={classes!("doc-status", row.done.then_some("done"))}>
                                { if row.done { "done" } else { "in progress" } }
                            </span>
                        </button>
                        <label class="done-toggle" title="Mark this document done">
                            <input type="checkbox" checked={row.done} onchange={ondone}
                                aria-label={format!("Done: {}", row.title)} />
                            { "done" }
                        </label>
                        if n > 1 {
                            <button type="button" class="remove" onclick={onremove}
                                aria-label={format!("Remove {} from the workspace", row.title)}>{ "×" }</button>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}
