//! Suggestions waiting for the person: progress while they are computed, each with accept and
//! reject, "accept all" (of one label, or every visible one) as one undoable step, and "Fix all
//! glued words" for the fixes of the text, also one step.

use std::rc::Rc;

use yew::prelude::*;

use crate::assist::learn::Source;
use crate::assist::review::SuggestionId;
use crate::assist::{Progress, SuggestionKind};

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
    /// "Fix all glued words".
    pub onfixall: Callback<()>,
    pub onsuggest: Callback<()>,
}

fn source_name(source: Source) -> &'static str {
    match source {
        Source::Rules => "the rules",
        Source::Model => "the model",
        Source::Both => "the rules and the model",
    }
}

/// How many rows are drawn; the rest are reached with N / Shift+N.
const SHOWN: usize = 300;

#[function_component(SuggestionPanel)]
pub fn suggestion_panel(props: &SuggestionPanelProps) -> Html {
    // "Accept all" takes names and claims; fixes have their own button.
    let mut labels: Vec<Rc<str>> = Vec::new();
    let mut n_accepted_by_all = 0;
    let mut n_fixes = 0;
    for row in props.rows.iter() {
        if row.kind == SuggestionKind::Fix {
            n_fixes += 1;
            continue;
        }
        n_accepted_by_all += 1;
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
                    disabled={n_accepted_by_all == 0}>{ "Accept all suggestions" }</button>
                if n_fixes > 0 {
                    <button type="button" data-testid="fix-all" data-fixes={n_fixes.to_string()}
                        onclick={props.onfixall.reform(|_: MouseEvent| ())}>{ "Fix all glued words" }</button>
                }
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
                        <li key={row.id.as_str()} class={classes!("suggestion-row", current.then_some("selected"))}
                            data-kind={row.kind.as_str()} data-source={row.source.as_str()}
                            data-confidence={thousandths(row.confidence)}>
                            <button type="button" class="list-button" onclick={pick} data-list-suggestion-id={row.id.to_string()}>
                                <span class="chip suggested">{ row.label.to_string() }</span>
                                <span class="ann-text">{ row.preview.clone() }</span>
                                if let Some(detail) = &row.detail {
                                    <span class="claim-speaker">{ detail.clone() }</span>
                                }
                                <span class="suggestion-source" title={format!("Proposed by {}; confidence {}%", source_name(row.source), percent(row.confidence))}>
                                    { format!("{} · {}%", row.source.as_str(), percent(row.confidence)) }
                                </span>
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

// Whole numbers: formatting an f32 with a precision is 3 KB of wasm of its own.
fn percent(confidence: f32) -> u32 {
    (confidence.clamp(0.0, 1.0) * 100.0).round() as u32
}

/// "0.750": the confidence with three decimals.
fn thousandths(confidence: f32) -> String {
    let milli = (confidence.clamp(0.0, 1.0) * 1000.0).round() as u32;
    format!("{}.{:03}", milli / 1000, milli % 1000)
}
