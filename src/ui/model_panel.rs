//! The part of the Suggested tab about the model that learns from the annotator: what it
//! learnt from, training's progress, training, exporting, importing and resetting it, and the
//! order and confidence filter of the suggestions.

use yew::prelude::*;

use crate::assist::learn::TrainProgress;
use crate::session::learning::MIN_WORDS;
use crate::session::Intent;

#[derive(Properties, PartialEq)]
pub struct ModelPanelProps {
    /// Documents and words the model learnt from (0 documents: untrained).
    pub documents: usize,
    pub words: usize,
    pub progress: Option<TrainProgress>,
    /// The last training: total and longest step (ms).
    pub timing: Option<(f64, f64)>,
    pub min_confidence: u8,
    pub by_confidence: bool,
    pub dispatch: Callback<Intent>,
    /// A model file chosen with "Import model…" (opened as any file is).
    pub onimport: Callback<Event>,
}

#[function_component(ModelPanel)]
pub fn model_panel(props: &ModelPanelProps) -> Html {
    let dispatch = &props.dispatch;
    let status = if props.documents == 0 {
        "Model: not trained yet (suggestions come from the rules)".to_string()
    } else if props.words < MIN_WORDS {
        format!(
            "Model: learnt from {} document(s), {} words; it suggests once it has learnt from {MIN_WORDS} words",
            props.documents, props.words
        )
    } else {
        format!(
            "Model: learnt from {} document(s), {} words",
            props.documents, props.words
        )
    };
    let onmin = dispatch.reform(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Intent::MinConfidence(
            // A whole number of percent; what is not a number is 0.
            input
                .value()
                .split('.')
                .next()
                .and_then(|whole| whole.trim().parse::<u32>().ok())
                .unwrap_or(0)
                .min(100) as u8,
        )
    });
    let onsort = dispatch.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Intent::SortByConfidence(select.value() == "confidence")
    });
    html! {
        <section class="model-panel" data-testid="model" data-documents={props.documents.to_string()}
            aria-label="The model that learns from your annotations">
            <p class="list-count" data-testid="model-status">{ status }</p>
            if let Some(p) = props.progress {
                <div class="progress" role="progressbar" aria-label="Training the model"
                    aria-valuemin="0" aria-valuemax={p.total.to_string()} aria-valuenow={p.done.to_string()}>
                    <div class="progress-bar" style={format!("width:{}%", p.done * 100 / p.total.max(1))}></div>
                    <span>{ format!("Learning… {}%", p.done * 100 / p.total.max(1)) }</span>
                </div>
            } else if let Some((total, longest)) = props.timing {
                <p class="list-count" data-testid="train-timing" data-total-ms={format!("{total:.1}")} data-longest-ms={format!("{longest:.1}")}>
                    { format!("Trained in {total:.0} ms (longest step {longest:.0} ms)") }
                </p>
            }
            <div class="suggestion-actions">
                <button type="button" onclick={dispatch.reform(|_: MouseEvent| Intent::Train { asked: true })}>{ "Train model" }</button>
                <button type="button" onclick={dispatch.reform(|_: MouseEvent| Intent::ExportModel)}
                    disabled={props.documents == 0}>{ "Export model" }</button>
                <label class="button">{ "Import model…" }
                    <input type="file" class="visually-hidden" accept=".json,application/json" aria-label="Import a model file"
                        data-testid="import-model" onchange={props.onimport.clone()} />
                </label>
                <button type="button" onclick={dispatch.reform(|_: MouseEvent| Intent::ResetModel)}
                    disabled={props.documents == 0}>{ "Reset model" }</button>
            </div>
            <div class="suggestion-filters">
                <label>{ "Order " }
                    <select data-testid="suggestion-order" onchange={onsort}>
                        <option value="text" selected={!props.by_confidence}>{ "Text order" }</option>
                        <option value="confidence" selected={props.by_confidence}>{ "Most confident first" }</option>
                    </select>
                </label>
                <label>{ "Minimum confidence (%) " }
                    <input type="number" min="0" max="100" step="5" data-testid="min-confidence"
                        value={props.min_confidence.to_string()} onchange={onmin} />
                </label>
            </div>
        </section>
    }
}
