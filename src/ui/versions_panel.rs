//! The person's annotator name and the open document's annotator versions, at the top of the
//! Documents tab: a field for the name (remembered, written into exports), and one row per
//! version (its annotator, its span count) with a button that shows it for editing and a
//! field that renames it. What a version is and whether a name is taken is the session's.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::versions::VersionRow;
use crate::ui::text_field::TextField;

#[derive(Properties, PartialEq)]
pub struct VersionsPanelProps {
    /// The person's annotator name, when set.
    pub annotator: Option<Rc<str>>,
    pub rows: Rc<Vec<VersionRow>>,
    /// Changed when the open document's versions change, so the rename fields show the model's
    /// names again (after a refused rename too).
    pub revision: u32,
    pub onname: Callback<String>,
    pub onshow: Callback<usize>,
    pub onrename: Callback<(usize, String)>,
    /// "Adjudicate" pressed (shown with two or more annotators' versions).
    pub onadjudicate: Callback<()>,
}

fn input_value(e: &Event) -> String {
    let input: HtmlInputElement = e.target_unchecked_into();
    input.value()
}

#[function_component(VersionsPanel)]
pub fn versions_panel(props: &VersionsPanelProps) -> Html {
    let name = props.annotator.as_deref().unwrap_or_default().to_string();
    let n_annotators = props
        .rows
        .iter()
        .filter(|r| {
            r.annotator
                .as_deref()
                .is_some_and(|a| a != crate::model::adjudication::GOLD)
        })
        .count();
    let onname = props.onname.reform(|e: Event| input_value(&e));
    let rows = props.rows.iter().enumerate().map(|(i, row)| {
        let shown_name = row
            .annotator
            .as_deref()
            .map(String::from)
            .or_else(|| props.annotator.as_deref().map(|n| format!("{n} (you)")))
            .unwrap_or_else(|| "not named".to_string());
        let spans = format!("{} span{}", row.n_spans, if row.n_spans == 1 { "" } else { "s" });
        let onshow = props.onshow.reform(move |_: MouseEvent| i);
        let onrename = props.onrename.reform(move |e: Event| (i, input_value(&e)));
        html! {
            <li key={i} class={classes!(row.shown.then_some("selected"))}
                data-version-index={i.to_string()}
                data-annotator={row.annotator.as_deref().unwrap_or_default().to_string()}
                data-spans={row.n_spans.to_string()}>
                <button type="button" class="list-button version-button" aria-pressed={row.shown.to_string()}
                    onclick={onshow} title={if row.shown { "Shown and edited" } else { "Show this version" }}>
                    <span class="version-name">{ shown_name.clone() }</span>
                    <span class="count">{ spans }</span>
                </button>
                <TextField class="version-rename" value={row.annotator.as_deref().unwrap_or_default().to_string()}
                    onchange={onrename} revision={props.revision} maxlength="80"
                    label={format!("Rename the version of {shown_name}")} />
            </li>
        }
    });
    html! {
        <section class="versions-panel" aria-label="Annotators">
            <label class="annotator-field">
                <span>{ "Your annotator name" }</span>
                <TextField testid="annotator-name" value={name} onchange={onname} maxlength="80"
                    placeholder="e.g. Ana" label="Your annotator name" revision={props.revision} />
            </label>
            <h3 class="versions-title">{ format!("Versions of this document ({})", props.rows.len()) }</h3>
            <ul class="plain-list versions" data-testid="versions" aria-label="Versions of this document">
                { for rows }
            </ul>
            if n_annotators >= 2 {
                <button type="button" onclick={props.onadjudicate.reform(|_: MouseEvent| ())}
                    title="Walk the disagreements between the annotators and settle them into a gold version">
                    { "Adjudicate" }
                </button>
            }
        </section>
    }
}
