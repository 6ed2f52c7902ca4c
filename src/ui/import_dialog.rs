//! Shows what importing a workspace file will do — documents added, replaced, dropped — and lets
//! the person merge, replace, or cancel; and the progress of a corpus imported in the
//! background, with its Cancel.

use yew::prelude::*;

use crate::model::workspace::ImportPlan;

pub use crate::session::ImportChoice;

#[derive(Properties, PartialEq)]
pub struct ImportDialogProps {
    pub name: AttrValue,
    pub plan: ImportPlan,
    /// The titles of the documents added, replaced and dropped ([`crate::session::lists::import_plan_titles`]).
    pub titles: [Vec<String>; 3],
    pub onchoose: Callback<ImportChoice>,
}

#[function_component(ImportDialog)]
pub fn import_dialog(props: &ImportDialogProps) -> Html {
    let plan = &props.plan;
    let choose = |choice: ImportChoice| props.onchoose.reform(move |_: MouseEvent| choice);
    let list = |titles: &[String]| {
        if titles.is_empty() {
            "none".to_string()
        } else {
            titles.join(", ")
        }
    };
    let [added, replaced, dropped] = &props.titles;
    html! {
        <div class="backdrop">
            <section class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-heading" data-testid="import-dialog">
                <h2 id="import-heading">{ format!("Import the workspace {}", props.name) }</h2>
                <p>{ format!("It holds {} document(s).", plan.added.len() + plan.replaced.len()) }</p>
                <p><strong>{ "Merge" }</strong>{ format!(": adds {} new ({}) and replaces {} with the same id ({}); the replaced ones can be undone in each document.", plan.added.len(), list(added), plan.replaced.len(), list(replaced)) }</p>
                <p><strong>{ "Replace" }</strong>{ format!(": the workspace becomes exactly the file's documents; {} document(s) here would go ({}).", plan.dropped.len(), list(dropped)) }</p>
                <div class="dialog-buttons">
                    <button type="button" onclick={choose(ImportChoice::Cancel)}>{ "Cancel" }</button>
                    <button type="button" onclick={choose(ImportChoice::Replace)}>{ "Replace" }</button>
                    <button type="button" class="primary" onclick={choose(ImportChoice::Merge)}>{ "Merge" }</button>
                </div>
            </section>
        </div>
    }
}

/// An export of the workspace under way: a progress bar, how far it is, and Cancel.
pub fn export_progress(
    progress: &crate::session::export::ExportProgress,
    oncancel: Callback<MouseEvent>,
) -> Html {
    html! {
        <div class="import-progress" data-testid="export-progress" role="status">
            <progress max={progress.total.to_string()} value={progress.written.to_string()}
                aria-label="Exporting the workspace" />
            <span>{ format!("Exporting the workspace: {} of {} documents", progress.written, progress.total) }</span>
            <button type="button" onclick={oncancel}>{ "Cancel export" }</button>
        </div>
    }
}

/// A corpus import under way: a progress bar, how far it is, and Cancel.
pub fn import_progress(
    progress: &crate::session::ImportProgress,
    oncancel: Callback<MouseEvent>,
) -> Html {
    html! {
        <div class="import-progress" data-testid="import-progress" role="status">
            <progress max={progress.total.to_string()} value={progress.read.to_string()}
                aria-label={format!("Importing {}", progress.name)} />
            <span>{ format!("Importing {}: {} of {} documents", progress.name, progress.read, progress.total) }</span>
            <button type="button" onclick={oncancel}>{ "Cancel import" }</button>
        </div>
    }
}
