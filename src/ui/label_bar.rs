//! The label bar: one button per label of the schema (with its key), the claim button, and a
//! hint that says what a key or click will do now.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::document::CLAIM_LABEL;
use crate::model::keymap;
use crate::model::schema::{text_color_on, Schema};
use crate::session::Intent;
use crate::ui::document_view::CLAIM_COLOR;

pub struct LabelBarProps {
    pub schema: Rc<Schema>,
    pub armed: Option<Rc<str>>,
    pub hint: AttrValue,
    pub dispatch: Callback<Intent>,
}

pub fn label_bar(props: &LabelBarProps) -> Html {
    // Keep the text selection when a button is pressed with the mouse.
    let keep_selection = Callback::from(|e: MouseEvent| e.prevent_default());
    let buttons = props.schema.labels.iter().map(|label| {
        let name = Rc::clone(&label.name);
        let onclick = props
            .dispatch
            .reform(move |_: MouseEvent| Intent::ClickLabel(Rc::clone(&name)));
        let armed = props.armed.as_deref() == Some(&*label.name);
        let title = match label.key {
            Some(key) => format!("{} (key {key})", label.description),
            None => label.description.to_string(),
        };
        html! {
            <button type="button" class={classes!("label-button", armed.then_some("armed"))}
                style={format!("--c:{};--t:{}", label.color, text_color_on(&label.color))}
                data-label={label.name.to_string()}
                aria-keyshortcuts={label.key.map(|k| k.to_string())}
                aria-pressed={armed.to_string()}
                {title} {onclick} onmousedown={keep_selection.clone()}>
                { label.name.to_string() }
                if let Some(key) = label.key {
                    <kbd aria-hidden="true">{ key.to_string() }</kbd>
                }
            </button>
        }
    });
    let claim_key = keymap::claim_key().to_ascii_uppercase().to_string();
    html! {
        <div class="labels" role="toolbar" aria-label="Labels">
            <div class="label-buttons">
                { for buttons }
                <button type="button" class="label-button claim-button" style={format!("--c:{CLAIM_COLOR}")}
                    data-label={CLAIM_LABEL} aria-keyshortcuts={claim_key.clone()}
                    title={format!("A statement someone makes that could be checked (key {claim_key})")}
                    onclick={props.dispatch.reform(|_: MouseEvent| Intent::TagClaim)}
                    onmousedown={keep_selection}>
                    { CLAIM_LABEL }<kbd aria-hidden="true">{ claim_key }</kbd>
                </button>
            </div>
            <span class="hint" id="article-help" data-testid="selection-hint">{ props.hint.clone() }</span>
        </div>
    }
}
