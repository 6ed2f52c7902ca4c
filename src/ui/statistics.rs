//! The statistics panel: the charts of the open document and of the workspace, drawn as SVG by
//! [`crate::charts`] (Rust, like every other computation), each one downloadable as a file.

use std::rc::Rc;

use yew::prelude::*;

use crate::web;

pub use crate::charts::PanelChart as ChartView;

#[derive(Properties, PartialEq)]
pub struct StatisticsPanelProps {
    pub charts: Rc<Vec<ChartView>>,
    /// Prefix of the downloaded files' names (the document's id).
    /// The open document's title, which the downloaded files are named after.
    pub title: AttrValue,
    pub onclose: Callback<()>,
    /// A download failed: the message for the person.
    pub onerror: Callback<String>,
}

#[function_component(StatisticsPanel)]
pub fn statistics_panel(props: &StatisticsPanelProps) -> Html {
    let figures = props.charts.iter().map(|chart| {
        let name = crate::formats::download_name(&props.title, &format!("{}.svg", chart.kind));
        let svg = Rc::clone(&chart.svg);
        let onerror = props.onerror.clone();
        let ondownload = Callback::from(move |_: MouseEvent| {
            if let Err(e) = web::download(&name, "image/svg+xml", &svg) {
                onerror.emit(format!("The chart could not be downloaded: {e:?}"));
            }
        });
        // The SVG is built by crate::charts, which escapes every text it draws.
        let drawing = Html::from_html_unchecked(AttrValue::from(chart.svg.to_string()));
        html! {
            <figure class="chart" data-testid={format!("chart-{}", chart.kind)}>
                <figcaption>
                    // The drawing shows its own title; this one names the figure for screen readers.
                    <span class="visually-hidden">{ chart.title }</span>
                    <button type="button" onclick={ondownload}
                        aria-label={format!("Download SVG: {}", chart.title)}>{ "Download SVG" }</button>
                </figcaption>
                { drawing }
            </figure>
        }
    });
    let onclose = props.onclose.reform(|_: MouseEvent| ());
    // Esc is the session's, like every dialog's (it closes the dialog and focus goes back).
    html! {
        <div class="backdrop">
            <section class="dialog statistics" role="dialog" aria-modal="true"
                aria-labelledby="statistics-heading" data-testid="statistics">
                <h2 id="statistics-heading">{ "Statistics" }</h2>
                <div class="charts">{ for figures }</div>
                <div class="dialog-buttons">
                    <button type="button" class="primary" onclick={onclose}>{ "Close" }</button>
                </div>
            </section>
        </div>
    }
}
