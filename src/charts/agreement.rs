//! The agreement panel's chart: F1 per label for the exact, overlap and boundary measures, of
//! the one pair when there are two annotators, else the mean over the pairs. Drawn by
//! [`svg::draw`] like the statistics charts, so it looks and downloads the same way.

use crate::agreement::report::{AgreementReport, MeanMeasure, ReportMeasure};
use crate::charts::svg::{draw, Bar, Chart, Content, Fill, Group, Row};

/// Bars are F1 in thousandths over a track of 1000: the drawing scales counts, not fractions.
const SCALE: usize = 1000;
const BAR_MAX_WIDTH: u32 = 220;

/// The chart's kind: its `data-chart`, test hook and file name part.
pub const AGREEMENT_CHART: &str = "agreement-f1";

/// A label's F1 as the chart and the panel write it: three decimals, or "—" with nothing to
/// count.
pub fn f1_text(f1: Option<f64>) -> String {
    f1.map_or_else(|| "—".to_string(), |f1| format!("{f1:.3}"))
}

/// (measure name, its label F1s by label name) for the chart.
type Series = (&'static str, Vec<(String, Option<f64>)>);

fn of_pair(name: &'static str, measure: &ReportMeasure) -> Series {
    let labels = measure
        .labels
        .iter()
        .map(|(label, counts)| (label.clone(), counts.f1))
        .collect();
    (name, labels)
}

fn of_mean(name: &'static str, measure: &MeanMeasure) -> Series {
    let labels = measure
        .labels
        .iter()
        .map(|(label, f1)| (label.clone(), *f1))
        .collect();
    (name, labels)
}

/// F1 per label, one group per measure (`data-measure` on each group and bar), each bar
/// `data-label` (the label) and `data-f1` (the value, empty when undefined). With no pair, or
/// no span in any pair, the chart says so instead.
pub fn agreement_chart(report: &AgreementReport) -> String {
    let title = "F1 per label";
    let series: Vec<Series> = match (&report.mean, report.pairs.as_slice()) {
        (Some(mean), _) => vec![
            of_mean("exact", &mean.exact),
            of_mean("overlap", &mean.overlap),
            of_mean("boundary", &mean.boundary),
        ],
        (None, [pair, ..]) => vec![
            of_pair("exact", &pair.exact),
            of_pair("overlap", &pair.overlap),
            of_pair("boundary", &pair.boundary),
        ],
        (None, []) => Vec::new(),
    };
    if series.iter().all(|(_, labels)| labels.is_empty()) {
        let message = "No spans to compare";
        return draw(&Chart {
            kind: AGREEMENT_CHART,
            title,
            description: format!("{message}."),
            bar_max_width: BAR_MAX_WIDTH,
            content: Content::Empty(message),
        });
    }
    let whose = match (&report.mean, report.pairs.first()) {
        (Some(mean), _) => format!("mean over {} pairs", mean.n_pairs),
        (None, Some(pair)) => format!("{} and {}", pair.a, pair.b),
        (None, None) => String::new(),
    };
    let mut in_words = Vec::new();
    let groups = series
        .into_iter()
        .enumerate()
        .map(|(index, (measure, labels))| {
            let rows = labels
                .iter()
                .map(|(label, f1)| {
                    let text = f1_text(*f1);
                    in_words.push(format!("{measure} {label} {text}"));
                    Row {
                        caption: label.clone(),
                        tooltip: format!("{label}, {measure} F1: {text}"),
                        bar: Bar {
                            count: f1.map_or(0, |f1| (f1 * SCALE as f64).round() as usize),
                            extra_attributes: vec![
                                ("data-measure", measure.to_string()),
                                ("data-f1", f1.map(|f1| f1.to_string()).unwrap_or_default()),
                            ],
                            data_label: label.clone(),
                        },
                        fill: Fill::Palette(index),
                        track: Some(Bar {
                            count: SCALE,
                            extra_attributes: Vec::new(),
                            data_label: "1".to_string(),
                        }),
                        value: text,
                    }
                })
                .collect();
            Group {
                attributes: vec![("data-measure", measure.to_string())],
                heading: Some((format!("{measure} F1"), whose.clone())),
                rows,
            }
        })
        .collect();
    draw(&Chart {
        kind: AGREEMENT_CHART,
        title,
        description: format!("F1 per label, {whose}: {}.", in_words.join(", ")),
        bar_max_width: BAR_MAX_WIDTH,
        content: Content::Groups(groups),
    })
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::agreement::{agreement, versions_of};
    use crate::charts::well_formed;
    use crate::model::fixture::parse_fixture;
    use crate::model::versions;

    fn report(a: &str, b: &str) -> AgreementReport {
        let by = |name: &str, f: &str| parse_fixture(f).with_annotator(Some(Rc::from(name)));
        let document = versions::stack(&by("Ana", a), &by("Ben", b), None).unwrap();
        let (annotators, documents) = versions_of([&document]);
        AgreementReport::document(&agreement(annotators, documents).unwrap(), 0).unwrap()
    }

    /// (measure, label, data-f1) of every bar.
    fn bars(svg: &str) -> Vec<(String, String, String)> {
        svg.split("<rect")
            .filter(|r| r.contains("data-f1="))
            .map(|r| {
                let attribute = |name: &str| {
                    let from = r.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                    r[from..from + r[from..].find('"').unwrap()].to_string()
                };
                (
                    attribute("data-measure"),
                    attribute("data-label"),
                    attribute("data-f1"),
                )
            })
            .collect()
    }

    #[test]
    fn the_chart_has_one_bar_per_measure_and_label_with_its_f1() {
        let svg = report(
            "[Blinken|PERSON] in [Cairo|GPE] and [Gaza|GPE]",
            "[Blinken|PERSON] in [Cairo|PERSON] and Gaza",
        );
        let svg = agreement_chart(&svg);
        well_formed::check(&svg).unwrap();
        let bars = bars(&svg);
        let expected = [
            ("exact", "GPE", "0"),
            ("exact", "PERSON", "0.6666666666666666"),
            ("overlap", "GPE", "0"),
            ("overlap", "PERSON", "0.6666666666666666"),
            ("boundary", "GPE", "0.6666666666666666"),
            ("boundary", "PERSON", "1"),
        ];
        let expected: Vec<(String, String, String)> = expected
            .iter()
            .map(|(m, l, f)| (m.to_string(), l.to_string(), f.to_string()))
            .collect();
        assert_eq!(bars, expected);
        assert!(svg.contains("data-chart=\"agreement-f1\""));
        assert!(svg.contains("Ana and Ben"));
    }

    #[test]
    fn with_no_span_the_chart_says_so() {
        let svg = agreement_chart(&report("Blinken in Cairo", "Blinken in Cairo"));
        well_formed::check(&svg).unwrap();
        assert!(svg.contains("No spans to compare"));
        assert!(bars(&svg).is_empty());
    }
}
