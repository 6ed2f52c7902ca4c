//! The adjudication bar over the article while the mode is on: the disagreement in hand, each
//! annotator's version of it in their colour with a button (and key) to take it, all or none,
//! moving on, and the end of the mode. What is decided is the session's.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::adjudication::{Consensus, Decision};
use crate::session::adjudication::{AdjudicationStep, AdjudicationView};
use crate::session::Intent;

#[derive(Properties, PartialEq)]
pub struct AdjudicationBarProps {
    pub view: Rc<AdjudicationView>,
    pub dispatch: Callback<Intent>,
}

#[function_component(AdjudicationBar)]
pub fn adjudication_bar(props: &AdjudicationBarProps) -> Html {
    let view = &props.view;
    let step = |step: AdjudicationStep| {
        props
            .dispatch
            .reform(move |_: MouseEvent| Intent::Adjudicate(step))
    };
    let heading = match view.current {
        Some(i) => format!(
            "Disagreement {} of {} · {} settled",
            i + 1,
            view.total,
            view.settled
        ),
        None => "No disagreements: gold is what the annotators agree on".to_string(),
    };
    let options = view.annotators.iter().enumerate().map(|(i, name)| {
        let items = view.options.get(i).cloned().unwrap_or_default();
        let taken = view.decision == Some(Decision::Take(i));
        let what = if items.is_empty() { "nothing here".to_string() } else { items.join(", ") };
        html! {
            <li class={classes!("adjudication-option", format!("annotator-{}", i % 6), taken.then_some("taken"))}
                data-annotator={name.to_string()}>
                <span class="annotator-swatch" aria-hidden="true"></span>
                <span class="version-name">{ name.to_string() }</span>
                <span class="adjudication-items">{ what }</span>
                if i < 9 {
                    <button type="button" aria-keyshortcuts={(i + 1).to_string()} aria-pressed={taken.to_string()}
                        onclick={step(AdjudicationStep::Decide(Decision::Take(i)))}>
                        { format!("Take {name} ({})", i + 1) }
                    </button>
                }
            </li>
        }
    });
    let majority = view.consensus == Consensus::Majority;
    let onconsensus = props.dispatch.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Intent::Adjudicate(AdjudicationStep::Consensus(
            if select.value() == "majority" {
                Consensus::Majority
            } else {
                Consensus::Unanimous
            },
        ))
    });
    html! {
        <section class="adjudication" data-testid="adjudication" aria-label="Adjudication" role="region">
            <h2 class="adjudication-title" data-testid="adjudication-progress">{ heading }</h2>
            if view.current.is_some() {
                <ul class="plain-list adjudication-options">{ for options }</ul>
                <div class="adjudication-actions">
                    <button type="button" aria-keyshortcuts="a" aria-pressed={(view.decision == Some(Decision::All)).to_string()}
                        onclick={step(AdjudicationStep::Decide(Decision::All))}>{ "Take all (a)" }</button>
                    <button type="button" aria-keyshortcuts="0"
                        onclick={step(AdjudicationStep::Decide(Decision::Neither))}>{ "Take none (0)" }</button>
                    <button type="button" aria-keyshortcuts="Shift+N"
                        onclick={step(AdjudicationStep::Previous)}>{ "Previous" }</button>
                    <button type="button" aria-keyshortcuts="N"
                        onclick={step(AdjudicationStep::Next)}>{ "Next" }</button>
                </div>
            }
            <div class="adjudication-actions">
                if view.annotators.len() >= 3 {
                    <label>{ "Agreed is " }
                        <select aria-label="Agreed is" data-testid="adjudication-consensus" onchange={onconsensus}>
                            <option value="unanimous" selected={!majority}>{ "what all annotators have" }</option>
                            <option value="majority" selected={majority}>{ "what most annotators have" }</option>
                        </select>
                    </label>
                }
                <button type="button" aria-keyshortcuts="Escape"
                    onclick={step(AdjudicationStep::Stop)}>{ "Done adjudicating" }</button>
            </div>
        </section>
    }
}
