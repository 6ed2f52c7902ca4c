//! Suggestions waiting for the person: progress while they are computed, each with accept and
//! reject, and "accept all" (of one label, or every visible one) as one undoable step.

use std::rc::Rc;

use yew::prelude::*;

use crate::assist::review::SuggestionId;
use crate::assist::Progress;

pub use crate::session::lists::SuggestionRow;

#[derive(Properties, PartialEq)]
pub struct SuggestionPanelProps {
    pub rows: Rc<Vec<SuggestionRow>>,
    pub progress: Option<Progress>,
    /// The last run: total and longest step, in milliseconds.
    pub timing: Option<(f64, f64)>,
    pub current: Option<SuggestionId>,
    pub onpick: Callback<SuggestionId>,
    pub onaccept: Callback<SuggestionId>,
    pub onreject: Callback<SuggestionId>,
    /// `None` accepts every visible suggestion, `Some(label)` those of one label.
    pub onacceptall: Callback<Option<Rc<str>>>,
    pub onsuggest: Callback<()>,
}

/// How many rows are drawn; the rest are reached with N / Shift+N.
const SHOWN: usize = 300;

#[function_component(SuggestionPanel)]
pub fn suggestion_panel(props: &SuggestionPanelProps) -> Html {
    let mut labels: Vec<Rc<str>> = Vec::new();
    for row in props.rows.iter() {
        if !labels.contains(&row.label) {
            labels.push(Rc::clone(&row.label));
        }
    }
    let running = props.progress.filter(|p| !p.is_finished());
    html! {
        <div class="suggestion-panel" data-testid="suggestions">
            if let Some(progress) = running {
                <div class="progress" role="progressbar" aria-label="Computing suggestions"
                    aria-valuemin="0" aria-valuemax={progress.total.to_string()} aria-valuenow={progress.done.to_string()}>
                    <div class="progress-bar" style={format!("width:{}%", progress.done * 100 / progress.total.max(1))}></div>
                    <span>{ format!("Suggesting… {}%", progress.done * 100 / progress.total.max(1)) }</span>
                </div>
            }
            <div class="suggestion-actions">
                <button type="button" onclick={props.onacceptall.reform(|_: MouseEvent| None)}
                    disabled={props.rows.is_empty()}>{ "Accept all suggestions" }</button>
                { for labels.iter().map(|label| {
                    let l = Rc::clone(label);
                    html! {
                        <button type="button" onclick={props.onacceptall.reform(move |_: MouseEvent| Some(Rc::clone(&l)))}>
                            { format!("Accept all {label}") }
                        </button>
                    }
                }) }
                <button type="button" onclick={props.onsuggest.reform(|_: MouseEvent| ())}>{ "Suggest again" }</button>
            </div>
                        <p class="list-count">{ format!("{} suggestion(s) · Enter accepts, Backspace or X rejects, N / Shift+N move", props.rows.len()) }</p>
            if let Some((total, longest)) = props.timing {
                <p class="list-count" data-testid="suggest-timing" data-total-ms={format!("{total:.1}")} data-longest-ms={format!("{longest:.1}")}>
                    { format!("Computed in {total:.0} ms (longest step {longest:.0} ms)") }
                </p>
            }
            <ul class="plain-list">
                { for props.rows.iter().take(SHOWN).map(|row| {
                    let current = props.current.as_ref() == Some(&row.id);
                    let pick = { let id = row.id.clone(); props.onpick.reform(move |_: MouseEvent| id.clone()) };
                    let accept = { let id = row.id.clone(); props.onaccept.reform(move |_: MouseEvent| id.clone()) };
                    let reject = { let id = row.id.clone(); props.onreject.reform(move |_: MouseEvent| id.clone()) };
                    html! {
                        <li key={row.id.as_str()} class={classes!("suggestion-row", current.then_some("selected"))}>
                            <button type="button" class="list-button" onclick={pick} data-list-suggestion-id={row.id.to_string()}>
                                <span class="chip suggested">{ row.label.to_string() }</span>
                                <span class="ann-text">{ row.preview.clone() }</span>
                                if let Some(detail) = &row.detail {
                                    <span class="claim-speaker">{ detail.clone() }</span>
                                }
                            </button>
                            <button type="button" class="accept" onclick={accept} aria-label={format!("Accept {} {}", row.label, row.preview)}>{ "✓" }</button>
                            <button type="button" class="reject" onclick={reject} aria-label={format!("Reject {} {}", row.label, row.preview)}>{ "✗" }</button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
