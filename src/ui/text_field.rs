//! A one-line field (text, or a colour well) that shows a value from the model without owning what is typed: the
//! value is written into the field when it first appears and whenever the model's value
//! changes, never on a re-render for another reason — which, with a controlled `value`, reset
//! what the person was typing (the mention list is rebuilt just after an edit, suggestions are
//! refreshed in the background).

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// The model's value.
    pub value: AttrValue,
    /// Where the owner reads what is typed (or read it from the change event's target).
    #[prop_or_default]
    pub node_ref: NodeRef,
    pub onchange: Callback<Event>,
    /// The input's type: `text` unless told (`color` for a colour well).
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub label: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub maxlength: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub pattern: Option<AttrValue>,
    /// Changed by the owner to show the model's value again although it did not change (after
    /// a refused edit, the field must not keep what was refused).
    #[prop_or_default]
    pub revision: u32,
}

#[function_component(TextField)]
pub fn text_field(props: &TextFieldProps) -> Html {
    {
        let node_ref = props.node_ref.clone();
        use_effect_with((props.value.clone(), props.revision), move |(value, _)| {
            if let Some(input) = node_ref.cast::<HtmlInputElement>() {
                input.set_value(value);
            }
        });
    }
    html! {
        <input ref={props.node_ref.clone()} type={props.kind.clone()} class={props.class.clone()}
            placeholder={props.placeholder.clone()} pattern={props.pattern.clone()}
            maxlength={props.maxlength.clone()} aria-label={props.label.clone()}
            onchange={props.onchange.clone()} data-testid={props.testid.clone()} />
    }
}
