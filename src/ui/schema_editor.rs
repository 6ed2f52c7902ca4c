//! The label schema editor: add, rename, recolour, re-key and delete labels (with a choice of
//! what happens to the deleted label's spans), and export or import the schema on its own.
//! Every edit is a command on the open document, so undo covers it.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::model::command::SpanFate;
use crate::model::schema::Schema;
use crate::ui::text_field::TextField;

pub use crate::session::SchemaEdit;

#[derive(Properties, PartialEq)]
pub struct SchemaEditorProps {
    pub schema: Schema,
    /// How many spans carry each label, in schema order.
    pub counts: Vec<usize>,
    /// How many edits were refused so far: the fields show the labels' values again after each.
    pub refused: u32,
    pub onedit: Callback<SchemaEdit>,
    pub onexport: Callback<()>,
    pub onclose: Callback<()>,
}

fn input_value(e: &Event) -> String {
    let input: HtmlInputElement = e.target_unchecked_into();
    input.value()
}

#[function_component(SchemaEditor)]
pub fn schema_editor(props: &SchemaEditorProps) -> Html {
    let new_name = use_node_ref();
    let new_color = use_node_ref();
    let new_key = use_node_ref();
    let onadd = {
        let (new_name, new_color, new_key) = (new_name.clone(), new_color.clone(), new_key.clone());
        let onedit = props.onedit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            onedit.emit(SchemaEdit::Add {
                name: value(&new_name),
                color: value(&new_color),
                key: value(&new_key),
            });
        })
    };
    {
        // The new label's fields are cleared once the label is in the schema, so that a
        // refused one (a key that clashes) keeps what was typed.
        let (new_name, new_key) = (new_name.clone(), new_key.clone());
        let names: Vec<Rc<str>> = props
            .schema
            .labels
            .iter()
            .map(|l| Rc::clone(&l.name))
            .collect();
        use_effect_with(names, move |names| {
            if let Some(name) = new_name.cast::<HtmlInputElement>() {
                let typed = name.value();
                if names.iter().any(|n| **n == *typed.trim()) {
                    name.set_value("");
                    if let Some(key) = new_key.cast::<HtmlInputElement>() {
                        key.set_value("");
                    }
                }
            }
        });
    }
    // Esc is the session's, like every dialog's (it closes the dialog and focus goes back).
    let onclose = props.onclose.reform(|_: MouseEvent| ());
    let onexport = props.onexport.reform(|_: MouseEvent| ());
    let revision = props.refused;
    let rows = props.schema.labels.iter().enumerate().map(|(i, label)| {
        let name = Rc::clone(&label.name);
        let n = props.counts.get(i).copied().unwrap_or(0);
        let onrename = {
            let name = Rc::clone(&name);
            props.onedit.reform(move |e: Event| SchemaEdit::Rename { from: Rc::clone(&name), to: input_value(&e) })
        };
        let onrecolor = {
            let name = Rc::clone(&name);
            props.onedit.reform(move |e: Event| SchemaEdit::Recolor { name: Rc::clone(&name), color: input_value(&e) })
        };
        let onrekey = {
            let name = Rc::clone(&name);
            props.onedit.reform(move |e: Event| SchemaEdit::Rekey { name: Rc::clone(&name), key: input_value(&e) })
        };
        let fate_ref = NodeRef::default();
        let ondelete = {
            let name = Rc::clone(&name);
            let fate_ref = fate_ref.clone();
            props.onedit.reform(move |_: MouseEvent| {
                let choice = fate_ref.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
                let fate = match choice.strip_prefix("relabel:") {
                    Some(to) => SpanFate::Relabel(Rc::from(to)),
                    None => SpanFate::Delete,
                };
                SchemaEdit::Delete { name: Rc::clone(&name), fate }
            })
        };
        let others: Vec<Rc<str>> =
            props.schema.labels.iter().filter(|l| l.name != name).map(|l| Rc::clone(&l.name)).collect();
        html! {
            <tr key={label.name.to_string()} data-schema-label={label.name.to_string()}>
                // Fields that keep what is typed through a re-render (see TextField).
                <td><TextField value={label.name.to_string()} onchange={onrename} {revision}
                    label={format!("Name of {}", label.name)} /></td>
                <td><TextField kind="color" value={label.color.to_string()} onchange={onrecolor} {revision}
                    label={format!("Colour of {}", label.name)} /></td>
                <td><TextField class="key-input" maxlength="1" value={label.key.map(String::from).unwrap_or_default()}
                    onchange={onrekey} {revision} label={format!("Key of {}", label.name)} /></td>
                <td class="count">{ n }</td>
                <td>
                    if n > 0 {
                        <select ref={fate_ref} aria-label={format!("What happens to the {n} spans of {}", label.name)}>
                            // Chosen unless the person chooses otherwise: nothing preselected
                            // moves spans to a label nobody picked.
                            <option value="delete" selected=true>{ format!("delete its {n} span{}", if n == 1 { "" } else { "s" }) }</option>
                            { for others.iter().map(|o| html! {
                                <option value={format!("relabel:{o}")}>{ format!("relabel them {o}") }</option>
                            }) }
                        </select>
                    }
                    <button type="button" onclick={ondelete} aria-label={format!("Delete {}", label.name)}>{ "Delete" }</button>
                </td>
            </tr>
        }
    });
    html! {
        <div class="backdrop">
            <section class="dialog schema-dialog" role="dialog" aria-modal="true" aria-labelledby="schema-heading" data-testid="schema-editor">
                <h2 id="schema-heading">{ "Labels" }</h2>
                <table class="schema-table">
                    <thead><tr><th>{ "Name" }</th><th>{ "Colour" }</th><th>{ "Key" }</th><th>{ "Spans" }</th><th></th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <form class="add-label" onsubmit={onadd}>
                    <input ref={new_name} type="text" placeholder="New label" aria-label="New label name" data-testid="new-label-name" />
                    <input ref={new_color} type="color" value="#c9b1e0" aria-label="New label colour" />
                    <input ref={new_key} type="text" class="key-input" maxlength="1" aria-label="New label key" />
                    <button type="submit">{ "Add label" }</button>
                </form>
                <p class="hint-text">{ "To share this label set, export it; opening a schema file applies it to this document." }</p>
                <div class="dialog-buttons">
                    <button type="button" onclick={onexport}>{ "Export schema" }</button>
                    <button type="button" class="primary" onclick={onclose}>{ "Close" }</button>
                </div>
            </section>
        </div>
    }
}
