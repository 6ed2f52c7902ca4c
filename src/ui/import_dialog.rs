//! Shows what importing a workspace file will do — documents added, replaced, dropped — and lets
//! the person merge, replace, or cancel.

use yew::prelude::*;

use crate::model::document::DocumentId;
use crate::model::workspace::ImportPlan;

pub use crate::session::ImportChoice;

#[derive(Properties, PartialEq)]
pub struct ImportDialogProps {
    pub name: AttrValue,
    pub plan: ImportPlan,
    pub onchoose: Callback<ImportChoice>,
}

#[function_component(ImportDialog)]
pub fn import_dialog(props: &ImportDialogProps) -> Html {
    let plan = &props.plan;
    let choose = |choice: ImportChoice| props.onchoose.reform(move |_: MouseEvent| choice);
    let list = |ids: &[DocumentId]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.iter()
                .map(DocumentId::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    html! {
        <div class="backdrop">
            <section class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-heading" data-testid="import-dialog">
                <h2 id="import-heading">{ format!("Import the workspace {}", props.name) }</h2>
                <p>{ format!("It holds {} document(s).", plan.added.len() + plan.replaced.len()) }</p>
                <p><strong>{ "Merge" }</strong>{ format!(": adds {} new ({}) and replaces {} with the same id ({}); the replaced ones can be undone in each document.", plan.added.len(), list(&plan.added), plan.replaced.len(), list(&plan.replaced)) }</p>
                <p><strong>{ "Replace" }</strong>{ format!(": the workspace becomes exactly the file's documents; {} document(s) here would go ({}).", plan.dropped.len(), list(&plan.dropped)) }</p>
                <div class="dialog-buttons">
                    <button type="button" onclick={choose(ImportChoice::Cancel)}>{ "Cancel" }</button>
                    <button type="button" onclick={choose(ImportChoice::Replace)}>{ "Replace" }</button>
                    <button type="button" class="primary" onclick={choose(ImportChoice::Merge)}>{ "Merge" }</button>
                </div>
            </section>
        </div>
    }
}
