//! The "New document" dialog: a title and pasted text.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NewDocumentProps {
    /// Called with (title, text) when the person creates the document.
    pub oncreate: Callback<(String, String)>,
    pub oncancel: Callback<()>,
}

#[function_component(NewDocumentDialog)]
pub fn new_document_dialog(props: &NewDocumentProps) -> Html {
    let title_ref = use_node_ref();
    let text_ref = use_node_ref();
    let empty = use_state(|| false);
    {
        let text_ref = text_ref.clone();
        use_effect_with((), move |_| {
            if let Some(text) = text_ref.cast::<HtmlTextAreaElement>() {
                let _ = text.focus();
            }
        });
    }
    let onsubmit = {
        let (title_ref, text_ref, empty) = (title_ref.clone(), text_ref.clone(), empty.clone());
        let oncreate = props.oncreate.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let title = title_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let text = text_ref
                .cast::<HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            if text.trim().is_empty() {
                empty.set(true);
                return;
            }
            let title = if title.trim().is_empty() {
                "Untitled".to_string()
            } else {
                title
            };
            oncreate.emit((title, text));
        })
    };
    let oncancel = {
        let oncancel = props.oncancel.clone();
        Callback::from(move |_: MouseEvent| oncancel.emit(()))
    };
    // Esc is the session's, like every dialog's (it closes the dialog and focus goes back).
    html! {
        <div class="backdrop">
            <form class="dialog" role="dialog" aria-modal="true" aria-labelledby="new-doc-heading" {onsubmit}>
                <h2 id="new-doc-heading">{ "New document" }</h2>
                <label>{ "Title" }
                    <input ref={title_ref} type="text" name="title" placeholder="Untitled" />
                </label>
                <label>{ "Text" }
                    <textarea ref={text_ref} name="text" rows="14"
                        placeholder="Paste the article here" data-testid="new-text" />
                </label>
                if *empty {
                    <p class="error" role="alert">{ "Paste or type some text first." }</p>
                }
                <div class="dialog-buttons">
                    <button type="button" onclick={oncancel}>{ "Cancel" }</button>
                    <button type="submit" class="primary">{ "Create" }</button>
                </div>
            </form>
        </div>
    }
}
