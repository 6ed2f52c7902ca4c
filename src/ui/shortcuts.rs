//! The list of every keyboard shortcut (key `?`), drawn from the same table the key handler
//! looks keys up in ([`keymap::SHORTCUTS`]) and from the schema's label keys, so it can never
//! list a key that does something else.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::keymap::{self, Group};
use crate::model::schema::Schema;

#[derive(Properties, PartialEq)]
pub struct ShortcutsOverlayProps {
    pub schema: Rc<Schema>,
    pub onclose: Callback<()>,
}

#[function_component(ShortcutsOverlay)]
pub fn shortcuts_overlay(props: &ShortcutsOverlayProps) -> Html {
    let keys = |labels: Vec<String>| {
        labels
            .into_iter()
            .map(|label| html! { <kbd>{ label }</kbd> })
            .collect::<Html>()
    };
    let label_rows = props
        .schema
        .labels
        .iter()
        .filter_map(|label| {
            let key = label.key?;
            Some(html! {
                <tr data-shortcut="label">
                    <td>{ keys(vec![key.to_uppercase().to_string()]) }</td>
                    <td>{ format!("Tag the selection {} (or relabel the selected span)", label.name) }</td>
                </tr>
            })
        })
        .collect::<Html>();
    let groups = Group::ALL.iter().map(|&group| {
        let rows = keymap::SHORTCUTS
            .iter()
            .filter(|s| s.group == group)
            .map(|s| {
                html! {
                    <tr data-shortcut={format!("{:?}", s.action)}>
                        <td>{ keys(s.chords.iter().map(|c| c.label()).collect()) }</td>
                        <td>{ s.description }</td>
                    </tr>
                }
            })
            .collect::<Html>();
        let labels = (group == Group::Annotations).then(|| label_rows.clone());
        html! {
            <table class="shortcut-table">
                <caption>{ group.title() }</caption>
                <tbody>
                    { for labels }
                    { rows }
                </tbody>
            </table>
        }
    });
    let onclose = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <div class="backdrop">
            <section class="dialog shortcuts" role="dialog" aria-modal="true"
                aria-labelledby="shortcuts-heading" data-testid="shortcuts">
                <h2 id="shortcuts-heading">{ "Keyboard shortcuts" }</h2>
                <p class="hint">{ "Keys that move the caret act when the article has the focus (Tab to it, or click in it). A label's key is set in Labels…; Alt+click on a name sets the selected claim's speaker." }</p>
                <div class="shortcut-groups">{ for groups }</div>
                <div class="dialog-buttons">
                    <button type="button" class="primary" onclick={onclose}>{ "Close" }</button>
                </div>
            </section>
        </div>
    }
}
