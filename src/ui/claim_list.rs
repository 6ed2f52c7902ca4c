//! The side panel's list of claims, filterable by verdict and check-worthiness.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::model::claim::{CheckWorthiness, Verdict};
use crate::model::document::AnnotationId;

pub use crate::session::lists::ClaimRow;

#[derive(Properties, PartialEq)]
pub struct ClaimListProps {
    pub rows: Rc<Vec<ClaimRow>>,
    pub selected: Option<AnnotationId>,
    pub onpick: Callback<AnnotationId>,
}

#[function_component(ClaimList)]
pub fn claim_list(props: &ClaimListProps) -> Html {
    let verdict = use_state(|| None::<Verdict>);
    let worthiness = use_state(|| None::<CheckWorthiness>);
    let on_verdict = {
        let verdict = verdict.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            verdict.set(Verdict::parse(&select.value()));
        })
    };
    let on_worthiness = {
        let worthiness = worthiness.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            worthiness.set(CheckWorthiness::parse(&select.value()));
        })
    };
    let shown: Vec<&ClaimRow> = props
        .rows
        .iter()
        .filter(|r| verdict.is_none_or(|v| r.verdict == v))
        .filter(|r| worthiness.is_none_or(|w| r.check_worthiness == w))
        .collect();
    html! {
        <div class="claim-list" data-testid="claim-list">
            <div class="filters">
                <label>{ "Verdict " }
                    <select onchange={on_verdict} data-testid="filter-verdict">
                        <option value="" selected={verdict.is_none()}>{ "All" }</option>
                        { for Verdict::ALL.iter().map(|v| html! {
                            <option value={v.as_str()} selected={*verdict == Some(*v)}>{ v.human() }</option>
                        }) }
                    </select>
                </label>
                <label>{ "Check-worthiness " }
                    <select onchange={on_worthiness} data-testid="filter-worthiness">
                        <option value="" selected={worthiness.is_none()}>{ "All" }</option>
                        { for CheckWorthiness::ALL.iter().map(|c| html! {
                            <option value={c.as_str()} selected={*worthiness == Some(*c)}>{ c.human() }</option>
                        }) }
                    </select>
                </label>
            </div>
            <p class="list-count">{ format!("{} of {} claims", shown.len(), props.rows.len()) }</p>
            <ul class="plain-list">
                { for shown.into_iter().map(|row| {
                    let onclick = props.onpick.reform({
                        let id = row.id.clone();
                        move |_: MouseEvent| id.clone()
                    });
                    let selected = props.selected.as_ref() == Some(&row.id);
                    html! {
                        <li key={row.id.as_str().to_string()} class={classes!(selected.then_some("selected"))}>
                            <button type="button" class="list-button" {onclick} data-list-claim-id={row.id.as_str().to_string()}>
                                <span class={classes!("verdict", format!("verdict-{}", row.verdict.as_str()))}>{ row.verdict.human() }</span>
                                <span class="claim-preview">{ row.preview.clone() }</span>
                                <span class="claim-speaker">{ format!("— {}", row.speaker) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
