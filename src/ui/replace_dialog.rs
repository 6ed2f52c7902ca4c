//! The find-and-replace dialog: "Find" and "Replace with", plain or a regular expression, case
//! or not, the count of matches before anything changes, and "Replace all". Every field change
//! goes to the session, which counts; Esc is the session's, as for every dialog.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::session::replace::{ReplaceQuery, ReplaceView};

#[derive(Properties, PartialEq)]
pub struct ReplaceDialogProps {
    pub view: Rc<ReplaceView>,
    pub onquery: Callback<ReplaceQuery>,
    pub onreplace: Callback<()>,
    pub onclose: Callback<()>,
}

#[function_component(ReplaceDialog)]
pub fn replace_dialog(props: &ReplaceDialogProps) -> Html {
    let find = use_node_ref();
    let with = use_node_ref();
    let regex = use_node_ref();
    let case = use_node_ref();
    let read = {
        let (find, with, regex, case) = (find.clone(), with.clone(), regex.clone(), case.clone());
        move || {
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let checked = |r: &NodeRef| r.cast::<HtmlInputElement>().is_some_and(|i| i.checked());
            ReplaceQuery {
                find: value(&find),
                with: value(&with),
                regex: checked(&regex),
                case: checked(&case),
            }
        }
    };
    let oninput = {
        let (read, onquery) = (read.clone(), props.onquery.clone());
        Callback::from(move |_: InputEvent| onquery.emit(read()))
    };
    let onchange = {
        let (read, onquery) = (read, props.onquery.clone());
        Callback::from(move |_: Event| onquery.emit(read()))
    };
    // Enter in a field does not replace: changing the text takes the button.
    let onsubmit = Callback::from(|e: SubmitEvent| e.prevent_default());
    let view = &props.view;
    let count = match (&view.error, view.find.is_empty()) {
        (Some(error), _) => error.clone(),
        (None, true) => "Type what to find".to_string(),
        (None, false) => format!(
            "{} match{}",
            view.matches,
            if view.matches == 1 { "" } else { "es" }
        ),
    };
    html! {
        <div class="backdrop">
            <form class="dialog replace-dialog" role="dialog" aria-modal="true" aria-labelledby="replace-heading"
                data-testid="replace-dialog" {onsubmit}>
                <h2 id="replace-heading">{ "Find and replace" }</h2>
                <label>{ "Find" }
                    <input ref={find} type="text" value={view.find.clone()} oninput={oninput.clone()} />
                </label>
                <label>{ "Replace with" }
                    <input ref={with} type="text" value={view.with.clone()} oninput={oninput} />
                </label>
                <div class="replace-options">
                    <label><input ref={regex} type="checkbox" checked={view.regex} onchange={onchange.clone()} />{ " Regular expression" }</label>
                    <label><input ref={case} type="checkbox" checked={view.case} onchange={onchange} />{ " Match case" }</label>
                </div>
                <p class={classes!("replace-count", view.error.is_some().then_some("error"))} role="status"
                    data-testid="replace-count">{ count }</p>
                <div class="dialog-buttons">
                    <button type="button" onclick={props.onclose.reform(|_: MouseEvent| ())}>{ "Close" }</button>
                    <button type="button" class="primary" disabled={view.matches == 0}
                        onclick={props.onreplace.reform(|_: MouseEvent| ())}>{ "Replace all" }</button>
                </div>
            </form>
        </div>
    }
}
