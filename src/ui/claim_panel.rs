//! The selected claim and its attributes: speaker, cue, quote type, check-worthiness, verdict
//! and note. Every control is a native form control, so each attribute can be set with the
//! keyboard (Tab, arrows) as well as the mouse.

use std::rc::Rc;

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::model::claim::{Attribution, CheckWorthiness, ClaimAttributes, QuoteType, Verdict};
use crate::model::command::Speaker;
use crate::model::document::AnnotationId;

/// A mention that can be a speaker: its id and how the list shows it.
pub use crate::session::lists::SpeakerOption;

#[derive(Properties, PartialEq)]
pub struct ClaimPanelProps {
    pub id: AnnotationId,
    pub text: AttrValue,
    pub attributes: ClaimAttributes,
    pub speaker: Speaker,
    /// The document's mentions that can speak: PERSON, PER and ORG
    /// ([`crate::model::document::can_speak`]).
    pub speaker_options: Rc<Vec<SpeakerOption>>,
    pub cue_text: Option<AttrValue>,
    /// True while the next click on an entity in the text picks the speaker.
    pub picking_speaker: bool,
    /// True when text is selected in the article (so it can become the cue).
    pub has_selection: bool,
    pub onspeaker: Callback<Speaker>,
    pub onpick: Callback<bool>,
    pub oncue: Callback<()>,
    pub onchange: Callback<ClaimAttributes>,
    pub ondelete: Callback<()>,
}

/// A `<select>` over a closed set of values, emitting the chosen one.
fn choice<T: Copy + PartialEq + 'static>(
    name: &'static str,
    testid: &'static str,
    all: &'static [T],
    current: T,
    file_name: fn(T) -> &'static str,
    human: fn(T) -> &'static str,
    onpick: Callback<T>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        if let Some(value) = all
            .iter()
            .copied()
            .find(|v| file_name(*v) == select.value())
        {
            onpick.emit(value);
        }
    });
    html! {
        <label class="field">{ name }
            <select {onchange} data-testid={testid}>
                { for all.iter().map(|v| html! {
                    <option value={file_name(*v)} selected={*v == current}>{ human(*v) }</option>
                }) }
            </select>
        </label>
    }
}

#[function_component(ClaimPanel)]
pub fn claim_panel(props: &ClaimPanelProps) -> Html {
    let emit = {
        let attributes = props.attributes.clone();
        let onchange = props.onchange.clone();
        move |update: Box<dyn Fn(&mut ClaimAttributes)>| {
            let mut next = attributes.clone();
            update(&mut next);
            if next != attributes {
                onchange.emit(next);
            }
        }
    };
    let emit = Rc::new(emit);
    let quote = {
        let emit = Rc::clone(&emit);
        Callback::from(move |v: QuoteType| emit(Box::new(move |a| a.quote_type = v)))
    };
    let worthiness = {
        let emit = Rc::clone(&emit);
        Callback::from(move |v: CheckWorthiness| emit(Box::new(move |a| a.check_worthiness = v)))
    };
    let verdict = {
        let emit = Rc::clone(&emit);
        Callback::from(move |v: Verdict| emit(Box::new(move |a| a.verdict = v)))
    };
    let onnote = {
        let emit = Rc::clone(&emit);
        Callback::from(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let note: Rc<str> = Rc::from(area.value());
            emit(Box::new(move |a| a.note = Rc::clone(&note)))
        })
    };

    let speaker_value = match &props.speaker {
        Speaker::Mention(id) => format!("mention:{id}"),
        Speaker::Other(a) => a.as_str().to_string(),
    };
    let onspeaker = {
        let onspeaker = props.onspeaker.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            let speaker = match value.strip_prefix("mention:") {
                Some(id) => Speaker::Mention(AnnotationId::new(id)),
                None => {
                    Speaker::Other(Attribution::parse(&value).unwrap_or(Attribution::Unattributed))
                }
            };
            onspeaker.emit(speaker);
        })
    };
    let pick = {
        let onpick = props.onpick.clone();
        let picking = props.picking_speaker;
        Callback::from(move |_: MouseEvent| onpick.emit(!picking))
    };
    let oncue = props.oncue.reform(|_: MouseEvent| ());
    let ondelete = props.ondelete.reform(|_: MouseEvent| ());
    html! {
        <section class="selected-panel claim-panel" data-testid="claim-panel" aria-label="Selected claim">
            <p class="selected-text">{ props.text.clone() }</p>
            <p class="selected-meta">{ format!("{} · claim", props.id) }</p>
            <div class="field-row">
                <label class="field">{ "Speaker" }
                    <select onchange={onspeaker} data-testid="claim-speaker">
                        { for Attribution::ALL.iter().map(|a| html! {
                            <option value={a.as_str()} selected={speaker_value == a.as_str()}>{ a.human() }</option>
                        }) }
                        { for props.speaker_options.iter().map(|o| {
                            let value = format!("mention:{}", o.id);
                            let selected = speaker_value == value;
                            html! { <option {selected} {value}>{ o.label.clone() }</option> }
                        }) }
                    </select>
                </label>
                <button type="button" onclick={pick} aria-pressed={props.picking_speaker.to_string()}
                    title="Then click the speaker's name in the text (or Alt+click it any time)">
                    { if props.picking_speaker { "Click a name in the text…" } else { "Pick in text" } }
                </button>
            </div>
            <div class="field-row">
                <span class="field">{ "Cue " }
                    <span class="cue-text" data-testid="claim-cue">
                        { props.cue_text.clone().unwrap_or_else(|| AttrValue::from("—")) }
                    </span>
                </span>
                <button type="button" onclick={oncue} disabled={!props.has_selection}
                    onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())}
                    title="Select the cue (“said”, “according to”) in the text first">{ "Set cue from selection" }</button>
            </div>
            { choice("Quote", "claim-quote-type", QuoteType::ALL, props.attributes.quote_type, QuoteType::as_str, QuoteType::human, quote) }
            { choice("Check-worthiness", "claim-worthiness", CheckWorthiness::ALL, props.attributes.check_worthiness, CheckWorthiness::as_str, CheckWorthiness::human, worthiness) }
            { choice("Verdict", "claim-verdict", Verdict::ALL, props.attributes.verdict, Verdict::as_str, Verdict::human, verdict) }
            <label class="field field-wide">{ "Note" }
                // Not a controlled value: a re-render for another reason (suggestions refreshed
                // in the background) must not reset what is being typed. The key recreates the
                // field when the note changes from outside (another claim, undo).
                <textarea rows="3" key={format!("{}:{}", props.id, props.attributes.note)}
                    defaultvalue={props.attributes.note.to_string()} onchange={onnote}
                    data-testid="claim-note" />
            </label>
            <button type="button" onclick={ondelete} title="Delete key">{ "Delete claim" }</button>
        </section>
    }
}
