//! What an import could not take in, line by line, so the person can fix the file or accept
//! the loss knowingly.

use std::rc::Rc;

use yew::prelude::*;

use crate::formats::Diagnostic;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    pub title: AttrValue,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub ondismiss: Callback<()>,
}

#[function_component(DiagnosticsPanel)]
pub fn diagnostics_panel(props: &DiagnosticsProps) -> Html {
    let ondismiss = props.ondismiss.reform(|_: MouseEvent| ());
    html! {
        <section class="diagnostics" data-testid="diagnostics" aria-label="Import diagnostics">
            <header>
                <strong>{ props.title.clone() }</strong>
                <button type="button" class="dismiss" aria-label="Close the diagnostics" onclick={ondismiss}>{ "×" }</button>
            </header>
            <ul>
                { for props.diagnostics.iter().map(|d| html! {
                    <li>
                        if let Some(line) = d.line {
                            <span class="line">{ format!("line {line}") }</span>
                        }
                        <span>{ d.message.clone() }</span>
                    </li>
                }) }
            </ul>
        </section>
    }
}
