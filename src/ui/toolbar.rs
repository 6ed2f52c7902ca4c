//! The toolbar: the document's title, the file and history actions, the save state and the
//! theme button.

use yew::prelude::*;

use crate::formats::interchange::ExportFormat;
use crate::formats::workspace_export::WorkspaceFormat;
use crate::session::{Dialog, Intent};
use crate::store::saver::SaveState;
use crate::ui::theme_toggle::ThemeToggle;

pub struct ToolbarProps {
    pub title: AttrValue,
    pub document_id: AttrValue,
    pub can_undo: bool,
    pub can_redo: bool,
    /// The correction mode is on.
    pub correcting: bool,
    /// The team room: its state (`connecting`, `syncing`, `connected`, `offline`, `refused`)
    /// and what the toolbar says of it.
    pub room: Option<(AttrValue, AttrValue)>,
    pub save: SaveState,
    pub dispatch: Callback<Intent>,
    /// Files chosen in the Open dialog.
    pub onopen: Callback<Event>,
    pub onopenfolder: Callback<Event>,
}

/// The toolbar, drawn by the root with its other parts (a plain view: it has no state).
pub fn toolbar(props: &ToolbarProps) -> Html {
    let dispatch = &props.dispatch;
    let send = |intent: fn() -> Intent| dispatch.reform(move |_: MouseEvent| intent());
    let onexport_format = dispatch.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let format = ExportFormat::parse(&select.value()).unwrap_or(ExportFormat::Spanwise);
        // The menu goes back to its title, so the same format can be chosen again.
        select.set_value("");
        Intent::Export(format)
    });
    let onexport_workspace_format = dispatch.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let format = WorkspaceFormat::parse(&select.value()).unwrap_or(WorkspaceFormat::Workspace);
        select.set_value("");
        Intent::ExportWorkspaceAs(format)
    });
    html! {
        <header class="toolbar">
            <h1 class="brand">{ "Spanwise" }</h1>
            <span class="doc-title" data-testid="doc-title" title={props.document_id.clone()}>
                { props.title.clone() }
            </span>
            <nav class="actions" aria-label="File and history">
                <button type="button" onclick={send(|| Intent::Open(Dialog::NewDocument))}>{ "New" }</button>
                <label class="button" title="Open an article (.txt), a Spanwise, W3C, Label Studio, doccano or CoNLL file, a brat .txt with its .ann, a workspace or a schema file (or drop them on the page)">
                    { "Open" }
                    <input type="file" class="visually-hidden" multiple=true aria-label="Open files"
                        accept=".txt,.json,.jsonl,.jsonld,.ann,.conf,.conll,.iob,.tsv,text/plain,application/json"
                        data-testid="open-file" onchange={props.onopen.clone()} />
                </label>
                <label class="button" title="Open every article in a folder (.txt, with brat .ann files, doccano .jsonl, CoNLL) as a corpus">
                    { "Open folder" }
                    <input type="file" class="visually-hidden" multiple=true webkitdirectory=true aria-label="Open a folder"
                        data-testid="open-folder" onchange={props.onopenfolder.clone()} />
                </label>
                <span class="export-group" role="group" aria-label="Export">
                    <button type="button" onclick={send(|| Intent::Export(ExportFormat::Spanwise))}>{ "Export JSON" }</button>
                    <select aria-label="Export as" data-testid="export-format" onchange={onexport_format}>
                        <option value="" selected=true disabled=true>{ "Export as…" }</option>
                        { for ExportFormat::ALL.iter().map(|f| html! {
                            <option value={f.key()}>{ f.name() }</option>
                        }) }
                    </select>
                    <button type="button" onclick={send(|| Intent::ExportWorkspace)}
                        title="All documents, schemas and annotations in one file">{ "Export workspace" }</button>
                    <select aria-label="Export workspace as" data-testid="export-workspace-format"
                        title="Every document of the workspace in one file of a format" onchange={onexport_workspace_format}>
                        <option value="" selected=true disabled=true>{ "Export workspace as…" }</option>
                        { for WorkspaceFormat::ALL.iter().map(|f| html! {
                            <option value={f.key()}>{ f.name() }</option>
                        }) }
                    </select>
                </span>
                <button type="button" onclick={dispatch.reform({
                        let on = !props.correcting;
                        move |_| Intent::Correct(on)
                    })} aria-pressed={props.correcting.to_string()} data-testid="correct-text"
                    title="Type into the article to correct its text (F2; Esc leaves); annotations follow" aria-keyshortcuts="F2">{ "Correct text" }</button>
                <button type="button" onclick={send(|| Intent::Open(Dialog::Replace))}
                    title="Find and replace in the text (Ctrl+H); annotations follow" aria-keyshortcuts="Control+H">{ "Find…" }</button>
                <button type="button" onclick={send(|| Intent::Open(Dialog::Labels))}>{ "Labels…" }</button>
                <button type="button" onclick={send(|| Intent::Open(Dialog::Statistics))}
                    title="Charts of the labels, claims, coverage, entities and progress">{ "Statistics" }</button>
                <button type="button" onclick={send(|| Intent::Open(Dialog::Agreement))}
                    title="How far the annotators' versions agree">{ "Agreement" }</button>
                <button type="button" onclick={send(|| Intent::Open(Dialog::Shortcuts))}
                    title="Every keyboard shortcut (key ?)" aria-keyshortcuts="?">{ "Shortcuts" }</button>
                <button type="button" onclick={send(|| Intent::Open(Dialog::Share))}
                    title="Share the document with colleagues in a team room">{ "Share…" }</button>
                <button type="button" onclick={send(|| Intent::Undo)}
                    disabled={!props.can_undo} title="Ctrl+Z">{ "Undo" }</button>
                <button type="button" onclick={send(|| Intent::Redo)}
                    disabled={!props.can_redo} title="Ctrl+Shift+Z">{ "Redo" }</button>
            </nav>
            if let Some((state, text)) = &props.room {
                <span class="room-state" data-testid="room-status" data-state={state.clone()} role="status">{ text.clone() }</span>
            }
            { save_status(&props.save, dispatch) }
            <ThemeToggle />
        </header>
    }
}

/// Whether the work on screen is stored, or why not (with the workspace export).
fn save_status(save: &SaveState, dispatch: &Callback<Intent>) -> Html {
    match save {
        SaveState::Saved => {
            html! { <span class="save-state" data-testid="save-state" role="status">{ "Saved" }</span> }
        }
        SaveState::Pending => {
            html! { <span class="save-state" data-testid="save-state" role="status">{ "Saving…" }</span> }
        }
        SaveState::Failed(message) => html! {
            <span class="save-state failed" data-testid="save-state" role="alert">
                { message.clone() }
                <button type="button" onclick={dispatch.reform(|_| Intent::ExportWorkspace)}>{ "Export workspace" }</button>
            </span>
        },
    }
}
