//! The agreement panel: the scope choice, the progress of the computation, and its report as
//! tables (pairs, labels with their counts, αu, label confusion) and a per-label F1 chart.
//! Everything it shows is in the session's [`AgreementView`]; it decides nothing.
//!
//! Test hooks: rows of `agreement-pairs` carry `data-pair="A|B"` (`mean` for the mean row),
//! rows of `agreement-labels` `data-pair` and `data-label` (empty for all labels), and every
//! number cell `data-measure` (`exact-f1`, `overlap-a`, `verdict-kappa`, …) and `data-value`
//! (the number in full, empty when there is nothing to count).

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

use crate::agreement::report::{AgreementReport, ReportMeasure};
use crate::charts::{f1_text, AGREEMENT_CHART};
use crate::session::{
    AgreementFile, AgreementScope, AgreementState, AgreementView, Dialog, Intent,
};
use crate::web;

#[derive(Properties, PartialEq)]
pub struct AgreementPanelProps {
    pub view: AgreementView,
    pub dispatch: Callback<Intent>,
}

/// A number cell: three decimals shown, the whole number in `data-value`, "—" for nothing.
fn number(measure: &str, value: Option<f64>) -> Html {
    let full = value.map(|v| v.to_string()).unwrap_or_default();
    html! { <td data-measure={measure.to_string()} data-value={full}>{ f1_text(value) }</td> }
}

fn count(measure: &str, value: usize) -> Html {
    html! { <td data-measure={measure.to_string()} data-value={value.to_string()}>{ value }</td> }
}

const MEASURES: [&str; 3] = ["exact", "overlap", "boundary"];

fn pairs_table(report: &AgreementReport) -> Html {
    let row = |key: String, caption: String, measures: [[Option<f64>; 3]; 3], claims: Html| {
        html! {
            <tr data-pair={key}>
                <th scope="row">{ caption }</th>
                { for MEASURES.iter().zip(measures).flat_map(|(name, [p, r, f])| [
                    number(&format!("{name}-precision"), p),
                    number(&format!("{name}-recall"), r),
                    number(&format!("{name}-f1"), f),
                ]) }
                { claims }
            </tr>
        }
    };
    let prf = |m: &ReportMeasure| [m.precision, m.recall, m.f1];
    let pairs = report.pairs.iter().map(|p| {
        let c = &p.claims;
        let claims = html! { <>
            { count("claims-matched", c.matched) }
            { number("speaker-agreement", c.speaker_agreement) }
            { number("verdict-kappa", c.verdict_kappa) }
            { number("check-worthiness-kappa", c.check_worthiness_kappa) }
            { number("quote-type-kappa", c.quote_type_kappa) }
        </> };
        row(
            format!("{}|{}", p.a, p.b),
            format!("{} — {}", p.a, p.b),
            [prf(&p.exact), prf(&p.overlap), prf(&p.boundary)],
            claims,
        )
    });
    let mean = report.mean.as_ref().map(|m| {
        let c = &m.claims;
        let claims = html! { <>
            <td data-measure="claims-matched" data-value="">{ "" }</td>
            { number("speaker-agreement", c.speaker_agreement) }
            { number("verdict-kappa", c.verdict_kappa) }
            { number("check-worthiness-kappa", c.check_worthiness_kappa) }
            { number("quote-type-kappa", c.quote_type_kappa) }
        </> };
        let prf = |x: &crate::agreement::report::MeanMeasure| [x.precision, x.recall, x.f1];
        row(
            "mean".to_string(),
            format!("Mean of {} pairs", m.n_pairs),
            [prf(&m.exact), prf(&m.overlap), prf(&m.boundary)],
            claims,
        )
    });
    html! {
        <table class="agreement-table" data-testid="agreement-pairs">
            <caption>{ "Pairs of annotators (the first is the reference: precision is matched over the second's spans)" }</caption>
            <thead>
                <tr>
                    <td></td>
                    <th scope="colgroup" colspan="3">{ "Exact" }</th>
                    <th scope="colgroup" colspan="3">{ "Overlap" }</th>
                    <th scope="colgroup" colspan="3">{ "Boundary" }</th>
                    <th scope="colgroup" colspan="5">{ "Claims" }</th>
                </tr>
                <tr>
                    <th scope="col">{ "Annotators" }</th>
                    { for MEASURES.iter().flat_map(|_| ["P", "R", "F1"]).map(|h| html! { <th scope="col">{ h }</th> }) }
                    <th scope="col">{ "Matched" }</th>
                    <th scope="col">{ "Speaker" }</th>
                    <th scope="col"><abbr title="Cohen's kappa for the verdict">{ "κ verdict" }</abbr></th>
                    <th scope="col"><abbr title="Cohen's kappa for check-worthiness">{ "κ check-worthy" }</abbr></th>
                    <th scope="col"><abbr title="Cohen's kappa for the quote type">{ "κ quote" }</abbr></th>
                </tr>
            </thead>
            <tbody>{ for pairs }{ for mean }</tbody>
        </table>
    }
}

/// Per pair, the counts and F1 of every label (and all labels first) for the three measures.
fn labels_table(report: &AgreementReport) -> Html {
    let rows = report.pairs.iter().flat_map(|p| {
        let measures = [&p.exact, &p.overlap, &p.boundary];
        let labels: BTreeSet<&String> = measures.iter().flat_map(|m| m.labels.keys()).collect();
        let key = format!("{}|{}", p.a, p.b);
        let all = {
            let cells = MEASURES.iter().zip(measures).flat_map(|(name, m)| {
                [
                    count(&format!("{name}-a"), m.a),
                    count(&format!("{name}-b"), m.b),
                    count(&format!("{name}-matched"), m.matched),
                    number(&format!("{name}-f1"), m.f1),
                ]
            });
            html! {
                <tr data-pair={key.clone()} data-label="">
                    <th scope="row">{ format!("{} — {}", p.a, p.b) }</th>
                    <th scope="row">{ "All labels" }</th>
                    { for cells }
                </tr>
            }
        };
        let per_label = labels.into_iter().map(|label| {
            let cells = MEASURES.iter().zip(measures).flat_map(|(name, m)| {
                let c = m.labels.get(label);
                [
                    count(&format!("{name}-a"), c.map_or(0, |c| c.a)),
                    count(&format!("{name}-b"), c.map_or(0, |c| c.b)),
                    count(&format!("{name}-matched"), c.map_or(0, |c| c.matched)),
                    number(&format!("{name}-f1"), c.and_then(|c| c.f1)),
                ]
            });
            html! {
                <tr data-pair={key.clone()} data-label={label.clone()}>
                    <td></td>
                    <th scope="row">{ label }</th>
                    { for cells }
                </tr>
            }
        });
        std::iter::once(all).chain(per_label).collect::<Vec<_>>()
    });
    html! {
        <table class="agreement-table" data-testid="agreement-labels">
            <caption>{ "Per label: spans of each annotator (a, b) and matched" }</caption>
            <thead>
                <tr>
                    <td colspan="2"></td>
                    <th scope="colgroup" colspan="4">{ "Exact" }</th>
                    <th scope="colgroup" colspan="4">{ "Overlap" }</th>
                    <th scope="colgroup" colspan="4">{ "Boundary" }</th>
                </tr>
                <tr>
                    <th scope="col">{ "Annotators" }</th>
                    <th scope="col">{ "Label" }</th>
                    { for MEASURES.iter().flat_map(|_| ["a", "b", "Matched", "F1"]).map(|h| html! { <th scope="col">{ h }</th> }) }
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// Krippendorff's αu, shown for three annotators or more.
fn alpha_table(report: &AgreementReport) -> Html {
    let alpha = &report.alpha;
    html! {
        <table class="agreement-table" data-testid="agreement-alpha">
            <caption>{ format!("Krippendorff's αu over {} annotators (characters)", alpha.annotators) }</caption>
            <thead><tr><th scope="col">{ "Label" }</th><th scope="col">{ "αu" }</th></tr></thead>
            <tbody>
                <tr data-label=""><th scope="row">{ "All labels" }</th>{ number("alpha", alpha.overall) }</tr>
                { for alpha.labels.iter().map(|(label, value)| html! {
                    <tr data-label={label.clone()}><th scope="row">{ label }</th>{ number("alpha", *value) }</tr>
                }) }
            </tbody>
        </table>
    }
}

fn confusion_table(report: &AgreementReport) -> Html {
    let rows: Vec<Html> = report
        .pairs
        .iter()
        .flat_map(|p| {
            p.confusion.iter().map(|c| {
                html! {
                    <tr data-pair={format!("{}|{}", p.a, p.b)} data-a-label={c.a.clone()} data-b-label={c.b.clone()}>
                        <th scope="row">{ format!("{} — {}", p.a, p.b) }</th>
                        <td>{ &c.a }</td><td>{ &c.b }</td>
                        { count("confusion", c.count) }
                    </tr>
                }
            })
        })
        .collect();
    if rows.is_empty() {
        return html! {
            <p data-testid="agreement-confusion">{ "No spans with the same boundaries and different labels." }</p>
        };
    }
    html! {
        <table class="agreement-table" data-testid="agreement-confusion">
            <caption>{ "Label confusion: spans with the same boundaries and different labels" }</caption>
            <thead><tr>
                <th scope="col">{ "Annotators" }</th><th scope="col">{ "First's label" }</th>
                <th scope="col">{ "Second's label" }</th><th scope="col">{ "Spans" }</th>
            </tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

fn chart(view: &AgreementView, svg: &Rc<str>, dispatch: &Callback<Intent>) -> Html {
    let name = view.file_name(&format!("{AGREEMENT_CHART}.svg"));
    let svg_file = Rc::clone(svg);
    let onerror = dispatch.clone();
    let ondownload = Callback::from(move |_: MouseEvent| {
        if let Err(e) = web::download(&name, "image/svg+xml", &svg_file) {
            let message = format!("The chart could not be downloaded: {e:?}");
            onerror.emit(Intent::ShowError(message));
        }
    });
    // The SVG is built by crate::charts, which escapes every text it draws.
    let drawing = Html::from_html_unchecked(AttrValue::from(svg.to_string()));
    html! {
        <figure class="chart" data-testid={format!("chart-{AGREEMENT_CHART}")}>
            <figcaption>
                <span class="visually-hidden">{ "F1 per label" }</span>
                <button type="button" onclick={ondownload}
                    aria-label="Download SVG: F1 per label">{ "Download SVG" }</button>
            </figcaption>
            { drawing }
        </figure>
    }
}

fn body(view: &AgreementView, dispatch: &Callback<Intent>) -> Html {
    match &view.state {
        AgreementState::Reading => html! {
            <p role="status" data-testid="agreement-progress">{ "Reading the documents from storage…" }</p>
        },
        AgreementState::Running(progress) => html! {
            <div class="import-progress" role="status" data-testid="agreement-progress">
                <progress max={progress.total.to_string()} value={progress.done.to_string()}
                    aria-label="Computing agreement" />
                <span>{ format!("Computing agreement: {} of {} steps", progress.done, progress.total) }</span>
            </div>
        },
        AgreementState::TooFew => html! {
            <p data-testid="agreement-message">{ crate::session::agreement::TOO_FEW }</p>
        },
        AgreementState::Failed(why) => html! {
            <p data-testid="agreement-message">{ format!("Agreement could not be computed: {why}") }</p>
        },
        AgreementState::Done { report, chart: svg } => {
            let download =
                |file| dispatch.reform(move |_: MouseEvent| Intent::DownloadAgreement(file));
            let documents = report.documents.len();
            html! { <div class="agreement-report" data-testid="agreement-report">
                <p>{ format!("{} annotators ({}) on {} document{}.", report.annotators.len(),
                    report.annotators.join(", "), documents, if documents == 1 { "" } else { "s" }) }</p>
                <div class="dialog-buttons">
                    <button type="button" onclick={download(AgreementFile::Json)}>{ "Download report (JSON)" }</button>
                    <button type="button" onclick={download(AgreementFile::Csv)}>{ "Download report (CSV)" }</button>
                </div>
                <div class="agreement-scroll">{ pairs_table(report) }</div>
                <div class="agreement-scroll">{ labels_table(report) }</div>
                if report.annotators.len() >= 3 { { alpha_table(report) } }
                { confusion_table(report) }
                <div class="charts">{ chart(view, svg, dispatch) }</div>
            </div> }
        }
    }
}

#[function_component(AgreementPanel)]
pub fn agreement_panel(props: &AgreementPanelProps) -> Html {
    let view = &props.view;
    let scope = |value: AgreementScope, caption: &str| {
        let onchange = props
            .dispatch
            .reform(move |_: Event| Intent::AgreementScope(value));
        html! {
            <label class="agreement-scope">
                <input type="radio" name="agreement-scope" checked={view.scope == value} {onchange} />
                { caption }
            </label>
        }
    };
    let onclose = props
        .dispatch
        .reform(|_: MouseEvent| Intent::Close(Dialog::Agreement));
    // Esc is the session's, like every dialog's.
    html! {
        <div class="backdrop">
            <section class="dialog agreement" role="dialog" aria-modal="true"
                aria-labelledby="agreement-heading" data-testid="agreement">
                <h2 id="agreement-heading">{ "Agreement" }</h2>
                <fieldset class="agreement-scopes">
                    <legend>{ "Compute over" }</legend>
                    { scope(AgreementScope::Document, "This document") }
                    { scope(AgreementScope::Workspace, "Whole workspace") }
                </fieldset>
                { body(view, &props.dispatch) }
                <div class="dialog-buttons">
                    <button type="button" class="primary" onclick={onclose}>{ "Close" }</button>
                </div>
            </section>
        </div>
    }
}
