//! Charts of the annotation statistics ([`crate::model::stats`]) as standalone SVG strings:
//! pure Rust, no web crates, so they are tested natively and can be downloaded as files or
//! placed inline in the page alike.
//!
//! Every chart is a horizontal bar chart [`svg::WIDTH`] pixels wide, one row per count, with
//! the number beside each bar. The root carries `data-chart` (`labels`, `claims-verdict`,
//! `claims-worthiness`, `coverage`, `entities`, `progress`, and the agreement panel's
//! `agreement-f1`), each bar `data-label` and
//! `data-count`, so that browser tests can compare the drawing with the exported files. The
//! `<title>` and a `<desc>` that says every number in words make the chart one image for a
//! screen reader. With nothing to count, a chart says so in words instead of drawing bars.

mod agreement;
mod panel;
pub mod svg;

pub use agreement::{agreement_chart, f1_text, AGREEMENT_CHART};
pub use panel::{panel_charts, PanelChart};

#[cfg(test)]
mod well_formed;

use crate::charts::svg::{count_of, draw, Bar, Chart, Content, Fill, Group, Row};
use crate::model::schema::Schema;
use crate::model::stats::{
    ClaimCounts, Coverage, DocumentProgress, EntityKey, EntityMentions, LabelCounts,
};

/// The longest bar in most charts; the coverage chart uses a shorter one to leave room for
/// "123 of 456 (27%)".
const BAR_MAX_WIDTH: u32 = 220;
const COVERAGE_BAR_WIDTH: u32 = 160;

/// Palette indices ([`svg::PALETTE`]), one per kind of thing counted, so that a colour means
/// the same thing in every chart. Entity labels have their schema colours instead.
const ENTITY_COLOR: usize = 0;
const CLAIM_COLOR: usize = 1;
const CHECKED_CLAIM_COLOR: usize = 2;
const COVERAGE_COLOR: usize = 4;
const CUE_COLOR: usize = 5;

fn bar(data_label: &str, count: usize) -> Bar {
    Bar {
        count,
        extra_attributes: Vec::new(),
        data_label: data_label.to_string(),
    }
}

/// A row whose number is just the count.
fn simple_row(caption: &str, tooltip: String, bar: Bar, fill: Fill) -> Row {
    Row {
        caption: caption.to_string(),
        tooltip,
        value: bar.count.to_string(),
        bar,
        fill,
        track: None,
    }
}

fn one_group(rows: Vec<Row>) -> Content {
    Content::Groups(vec![Group {
        rows,
        ..Group::default()
    }])
}

/// A chart with nothing to count: its title and a sentence instead of bars (also its
/// description for screen readers).
fn empty_chart(kind: &'static str, title: &'static str, message: &'static str) -> String {
    draw(&Chart {
        kind,
        title,
        description: format!("{message}."),
        bar_max_width: BAR_MAX_WIDTH,
        content: Content::Empty(message),
    })
}

/// Spans per entity label, bars in the schema's colours (`data-kind="entity"`), then claims
/// and cues (`data-label="CLAIM"` / `"CUE"`, `data-kind="claim"` / `"cue"`). A label the
/// schema lacks keeps its place after the schema's and says so in its tooltip.
pub fn labels_chart(counts: &LabelCounts, schema: &Schema) -> String {
    let title = "Spans per label";
    if counts.n_spans() == 0 {
        return empty_chart("labels", title, "No spans yet");
    }
    let with_kind = |mut bar: Bar, kind: &str| {
        bar.extra_attributes.push(("data-kind", kind.to_string()));
        bar
    };
    let mut rows = Vec::new();
    let mut in_words = Vec::new();
    for label in &counts.entity_labels {
        let outside = if label.in_schema {
            ""
        } else {
            " (not in the schema)"
        };
        let spans = count_of(label.n_spans, "span", "spans");
        rows.push(simple_row(
            &label.label,
            format!("{}{outside}: {spans}", label.label),
            with_kind(bar(&label.label, label.n_spans), "entity"),
            Fill::Label(schema.color_of(&label.label)),
        ));
        in_words.push(format!("{}{outside} {}", label.label, label.n_spans));
    }
    for (caption, label, kind, n, color) in [
        ("Claims", "CLAIM", "claim", counts.n_claims, CLAIM_COLOR),
        ("Cues", "CUE", "cue", counts.n_cues, CUE_COLOR),
    ] {
        rows.push(simple_row(
            caption,
            format!("{caption}: {}", count_of(n, "span", "spans")),
            with_kind(bar(label, n), kind),
            Fill::Palette(color),
        ));
    }
    let description = format!(
        "{} in all. Entity spans per label: {}. Claims: {}. Cues: {}.",
        count_of(counts.n_spans(), "span", "spans"),
        in_words.join(", "),
        counts.n_claims,
        counts.n_cues
    );
    draw(&Chart {
        kind: "labels",
        title,
        description,
        bar_max_width: BAR_MAX_WIDTH,
        content: one_group(rows),
    })
}

/// One bar per value of a claim attribute, in declaration order, zeros included.
/// `data-label` is the value's name in files (`mostly-true`); the caption is its name for
/// people ("Mostly true").
fn claims_chart<T: Copy>(
    kind: &'static str,
    title: &'static str,
    counts: &[(T, usize)],
    names: impl Fn(T) -> (&'static str, &'static str),
) -> String {
    let n_claims: usize = counts.iter().map(|(_, n)| n).sum();
    if n_claims == 0 {
        return empty_chart(kind, title, "No claims yet");
    }
    let mut rows = Vec::new();
    let mut in_words = Vec::new();
    for &(value, n) in counts {
        let (file_name, human) = names(value);
        rows.push(simple_row(
            human,
            format!("{human}: {}", count_of(n, "claim", "claims")),
            bar(file_name, n),
            Fill::Palette(CLAIM_COLOR),
        ));
        in_words.push(format!("{human} {n}"));
    }
    let description = format!(
        "{}: {}.",
        count_of(n_claims, "claim", "claims"),
        in_words.join(", ")
    );
    draw(&Chart {
        kind,
        title,
        description,
        bar_max_width: BAR_MAX_WIDTH,
        content: one_group(rows),
    })
}

/// Claims by the fact-checker's verdict (`data-chart="claims-verdict"`).
pub fn claims_verdict_chart(counts: &ClaimCounts) -> String {
    claims_chart(
        "claims-verdict",
        "Claims by verdict",
        &counts.by_verdict,
        |v| (v.as_str(), v.human()),
    )
}

/// Claims by check-worthiness (`data-chart="claims-worthiness"`).
pub fn claims_worthiness_chart(counts: &ClaimCounts) -> String {
    claims_chart(
        "claims-worthiness",
        "Claims by check-worthiness",
        &counts.by_check_worthiness,
        |c| (c.as_str(), c.human()),
    )
}

/// How much of the text is tagged, counting **non-whitespace code points** (see
/// [`Coverage`]): one bar (`data-label="tagged"`, the covered count) over a track
/// (`data-label="non-whitespace"`, the total). The description also gives the share of every
/// code point, spaces included.
pub fn coverage_chart(coverage: &Coverage) -> String {
    let title = "Text tagged";
    let percent = |p: Option<usize>| p.unwrap_or(0);
    if coverage.n_covered == 0 {
        return draw(&Chart {
            kind: "coverage",
            title,
            description: format!(
                "No spans yet. The text has {}.",
                count_of(
                    coverage.n_non_whitespace,
                    "non-whitespace character",
                    "non-whitespace characters"
                )
            ),
            bar_max_width: COVERAGE_BAR_WIDTH,
            content: Content::Empty("No spans yet"),
        });
    }
    let percent_non_whitespace = percent(coverage.percent_non_whitespace());
    let share = format!(
        "{} of {} ({percent_non_whitespace}%)",
        coverage.n_covered_non_whitespace, coverage.n_non_whitespace,
    );
    let row = Row {
        caption: "Characters tagged".to_string(),
        tooltip: format!("Non-whitespace characters tagged: {share}"),
        bar: bar("tagged", coverage.n_covered_non_whitespace),
        fill: Fill::Palette(COVERAGE_COLOR),
        track: Some(bar("non-whitespace", coverage.n_non_whitespace)),
        value: share.clone(),
    };
    let description = format!(
        "{} of the {} non-whitespace characters ({percent_non_whitespace}%) are inside at least \
         one span. Counting every code point, spaces included: {} of {} ({}%).",
        coverage.n_covered_non_whitespace,
        coverage.n_non_whitespace,
        coverage.n_covered,
        coverage.n_code_points,
        percent(coverage.percent_code_points())
    );
    draw(&Chart {
        kind: "coverage",
        title,
        description,
        bar_max_width: COVERAGE_BAR_WIDTH,
        content: one_group(vec![row]),
    })
}

/// The entities with the most mentions, in the order given (see
/// [`crate::model::stats::top_entities`]). `data-label` is the name shown; `data-entity` is the
/// entity's id, or empty for mentions grouped by label and text, and `data-entity-label` the
/// label of the first mention.
pub fn top_entities_chart(entities: &[EntityMentions]) -> String {
    let title = "Most mentioned entities";
    if entities.is_empty() {
        return empty_chart("entities", title, "No entity spans yet");
    }
    let mut rows = Vec::new();
    let mut in_words = Vec::new();
    for entity in entities {
        let entity_id = match &entity.key {
            EntityKey::Grouped(id) => id.0.to_string(),
            EntityKey::Ungrouped { .. } => String::new(),
        };
        let mut entity_bar = bar(&entity.name, entity.n_mentions);
        entity_bar.extra_attributes = vec![
            ("data-entity", entity_id),
            ("data-entity-label", entity.label.to_string()),
        ];
        rows.push(simple_row(
            &entity.name,
            format!(
                "{} ({}): {}",
                entity.name,
                entity.label,
                count_of(entity.n_mentions, "mention", "mentions")
            ),
            entity_bar,
            Fill::Palette(ENTITY_COLOR),
        ));
        in_words.push(format!(
            "{} ({}) {}",
            entity.name, entity.label, entity.n_mentions
        ));
    }
    let description = format!("Mentions per entity: {}.", in_words.join(", "));
    draw(&Chart {
        kind: "entities",
        title,
        description,
        bar_max_width: BAR_MAX_WIDTH,
        content: one_group(rows),
    })
}

/// Each document of a workspace: a heading (title, and done or in progress) over three bars,
/// entity spans, claims and checked claims, on one scale for all documents. Each document's
/// group carries `data-document` (its id) and `data-done`; its bars carry `data-document` too,
/// with `data-label` naming the series (`entity-spans`, `claims`, `checked-claims`).
pub fn progress_chart(progress: &[DocumentProgress]) -> String {
    let title = "Progress per document";
    if progress.is_empty() {
        return empty_chart("progress", title, "No documents yet");
    }
    let mut groups = Vec::new();
    let mut in_words = Vec::new();
    for document in progress {
        let state = if document.done { "done" } else { "in progress" };
        let series_bar = |series: &str, count: usize| {
            let mut series_bar = bar(series, count);
            series_bar
                .extra_attributes
                .push(("data-document", document.document_id.to_string()));
            series_bar
        };
        let entity_spans = count_of(document.n_entity_spans, "entity span", "entity spans");
        let claims = count_of(document.n_claims, "claim", "claims");
        let checked = format!("{} checked", document.n_checked_claims);
        let rows = vec![
            simple_row(
                "Entity spans",
                format!("{}: {entity_spans}", document.title),
                series_bar("entity-spans", document.n_entity_spans),
                Fill::Palette(ENTITY_COLOR),
            ),
            simple_row(
                "Claims",
                format!("{}: {claims}", document.title),
                series_bar("claims", document.n_claims),
                Fill::Palette(CLAIM_COLOR),
            ),
            simple_row(
                "Checked claims",
                format!(
                    "{}: {} with a verdict",
                    document.title,
                    count_of(document.n_checked_claims, "claim", "claims")
                ),
                series_bar("checked-claims", document.n_checked_claims),
                Fill::Palette(CHECKED_CLAIM_COLOR),
            ),
        ];
        groups.push(Group {
            attributes: vec![
                ("data-document", document.document_id.to_string()),
                ("data-done", document.done.to_string()),
            ],
            heading: Some((document.title.to_string(), state.to_string())),
            rows,
        });
        in_words.push(format!(
            "{} ({state}): {entity_spans}, {claims}, {checked}",
            document.title
        ));
    }
    let n_done = progress.iter().filter(|d| d.done).count();
    let description = format!(
        "{}, {n_done} done. {}.",
        count_of(progress.len(), "document", "documents"),
        in_words.join("; ")
    );
    draw(&Chart {
        kind: "progress",
        title,
        description,
        bar_max_width: BAR_MAX_WIDTH,
        content: Content::Groups(groups),
    })
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::charts::well_formed;
    use crate::model::claim::{CheckWorthiness, Verdict};
    use crate::model::document::{AnnotationId, Document, Entity, EntityId};
    use crate::model::fixture::parse_fixture;
    use crate::model::schema::Label;
    use crate::model::stats::{
        claim_counts, coverage, document_progress, label_counts, top_entities,
    };

    /// Every chart of a document and of a one-document workspace, with its `data-chart`.
    fn all_charts(document: &Document, schema: &Schema) -> Vec<(&'static str, String)> {
        let claims = claim_counts(document);
        vec![
            (
                "labels",
                labels_chart(&label_counts(document, schema), schema),
            ),
            ("claims-verdict", claims_verdict_chart(&claims)),
            ("claims-worthiness", claims_worthiness_chart(&claims)),
            ("coverage", coverage_chart(&coverage(document))),
            ("entities", top_entities_chart(&top_entities(document, 10))),
            (
                "progress",
                progress_chart(&[document_progress(document, false)]),
            ),
        ]
    }

    /// The `(data-label, data-count)` pairs of a chart, in drawing order, as written (escaped).
    fn data_pairs(svg: &str) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        let mut rest = svg;
        while let Some(at) = rest.find(" data-label=\"") {
            rest = &rest[at + " data-label=\"".len()..];
            let label_end = rest.find('"').expect("closed data-label");
            let label = rest[..label_end].to_string();
            let count = rest[label_end..]
                .strip_prefix("\" data-count=\"")
                .and_then(|r| r.split('"').next())
                .expect("data-count follows data-label");
            pairs.push((label, count.to_string()));
        }
        pairs
    }

    fn pairs(expected: &[(&str, usize)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(label, n)| (label.to_string(), n.to_string()))
            .collect()
    }

    /// The chart without its stylesheet, which [`a_coverage_chart_is_exactly_this_svg`] pins.
    fn without_stylesheet(svg: &str) -> String {
        let start = svg.find("<style>").expect("a stylesheet");
        let end = svg.find("</style>\n").expect("a closed stylesheet") + "</style>\n".len();
        format!("{}{}", &svg[..start], &svg[end..])
    }

    #[test]
    fn a_coverage_chart_is_exactly_this_svg() {
        // 9 of 11 non-whitespace code points: a flag is one character of two code points.
        let document = parse_fixture("[🇶🇦|GPE] و[قطر|GPE] 😀 [Doha|GPE]");
        let expected = r##"<svg xmlns="http://www.w3.org/2000/svg" class="sw-chart" data-chart="coverage" role="img" aria-labelledby="sw-chart-coverage-title" aria-describedby="sw-chart-coverage-desc" width="480" height="72" viewBox="0 0 480 72" font-family="system-ui, sans-serif" font-size="12">
<title id="sw-chart-coverage-title">Text tagged</title>
<desc id="sw-chart-coverage-desc">9 of the 11 non-whitespace characters (81%) are inside at least one span. Counting every code point, spaces included: 9 of 14 (64%).</desc>
<style>
.sw-chart-bg { fill: var(--chart-background, #ffffff); }
.sw-chart-text { fill: var(--chart-text, #1a1a1a); }
.sw-chart-muted { fill: var(--chart-muted, #5f6368); }
.sw-chart-axis, .sw-chart-outlined, .sw-chart-track { stroke: var(--chart-axis, #6b6b6b); }
.sw-chart-track { fill: var(--chart-track, #ececec); }
.sw-chart-heading { font-size: 14px; font-weight: 600; }
.sw-chart-c0 { fill: var(--chart-color-1, #2f7fc1); }
.sw-chart-c1 { fill: var(--chart-color-2, #c0612b); }
.sw-chart-c2 { fill: var(--chart-color-3, #2e8b57); }
.sw-chart-c3 { fill: var(--chart-color-4, #8e6cc4); }
.sw-chart-c4 { fill: var(--chart-color-5, #14879a); }
.sw-chart-c5 { fill: var(--chart-color-6, #c2478a); }
@media (prefers-color-scheme: dark) {
.sw-chart-bg { fill: var(--chart-background, #1a1a1a); }
.sw-chart-text { fill: var(--chart-text, #f0f0f0); }
.sw-chart-muted { fill: var(--chart-muted, #b5b5b5); }
.sw-chart-axis, .sw-chart-outlined, .sw-chart-track { stroke: var(--chart-axis, #9a9a9a); }
.sw-chart-track { fill: var(--chart-track, #262626); }
}
</style>
<rect class="sw-chart-bg" width="480" height="72"/>
<text class="sw-chart-text sw-chart-heading" x="12" y="24">Text tagged</text>
<g class="sw-chart-group">
<line class="sw-chart-axis" x1="160" y1="36" x2="160" y2="60"/>
<g class="sw-chart-row">
<title>Non-whitespace characters tagged: 9 of 11 (81%)</title>
<text class="sw-chart-text" x="152" y="48" text-anchor="end" dominant-baseline="central">Characters tagged</text>
<rect class="sw-chart-track" data-label="non-whitespace" data-count="11" x="160" y="40" width="160" height="16"/>
<rect class="sw-chart-bar sw-chart-c4" data-label="tagged" data-count="9" x="160" y="40" width="131" height="16"/>
<text class="sw-chart-text" x="326" y="48" dominant-baseline="central">9 of 11 (81%)</text>
</g>
</g>
</svg>
"##;
        assert_eq!(coverage_chart(&coverage(&document)), expected);
    }

    #[test]
    fn a_labels_chart_is_exactly_this_svg() {
        let label = |name: &str, color: &str| Label {
            name: Rc::from(name),
            color: Rc::from(color),
            key: None,
            description: Rc::from(""),
        };
        let schema = Schema {
            labels: vec![label("PERSON", "#f4a3a8"), label("GPE", "#A8D5A2")],
            relation_types: Vec::new(),
        };
        let document = parse_fixture("[Blinken|PERSON] in [Doha|GPE] and [Cairo|GPE] [said|CUE]");
        // Two GPE spans set the scale: 220 pixels; one span is 110, none is 0.
        let expected = r##"<svg xmlns="http://www.w3.org/2000/svg" class="sw-chart" data-chart="labels" role="img" aria-labelledby="sw-chart-labels-title" aria-describedby="sw-chart-labels-desc" width="480" height="144" viewBox="0 0 480 144" font-family="system-ui, sans-serif" font-size="12">
<title id="sw-chart-labels-title">Spans per label</title>
<desc id="sw-chart-labels-desc">4 spans in all. Entity spans per label: PERSON 1, GPE 2. Claims: 0. Cues: 1.</desc>
<rect class="sw-chart-bg" width="480" height="144"/>
<text class="sw-chart-text sw-chart-heading" x="12" y="24">Spans per label</text>
<g class="sw-chart-group">
<line class="sw-chart-axis" x1="160" y1="36" x2="160" y2="132"/>
<g class="sw-chart-row">
<title>PERSON: 1 span</title>
<text class="sw-chart-text" x="152" y="48" text-anchor="end" dominant-baseline="central">PERSON</text>
<rect class="sw-chart-bar sw-chart-outlined" data-label="PERSON" data-count="1" data-kind="entity" x="160" y="40" width="110" height="16" fill="#f4a3a8"/>
<text class="sw-chart-text" x="276" y="48" dominant-baseline="central">1</text>
</g>
<g class="sw-chart-row">
<title>GPE: 2 spans</title>
<text class="sw-chart-text" x="152" y="72" text-anchor="end" dominant-baseline="central">GPE</text>
<rect class="sw-chart-bar sw-chart-outlined" data-label="GPE" data-count="2" data-kind="entity" x="160" y="64" width="220" height="16" fill="#a8d5a2"/>
<text class="sw-chart-text" x="386" y="72" dominant-baseline="central">2</text>
</g>
<g class="sw-chart-row">
<title>Claims: 0 spans</title>
<text class="sw-chart-text" x="152" y="96" text-anchor="end" dominant-baseline="central">Claims</text>
<rect class="sw-chart-bar sw-chart-c1" data-label="CLAIM" data-count="0" data-kind="claim" x="160" y="88" width="0" height="16"/>
<text class="sw-chart-text" x="166" y="96" dominant-baseline="central">0</text>
</g>
<g class="sw-chart-row">
<title>Cues: 1 span</title>
<text class="sw-chart-text" x="152" y="120" text-anchor="end" dominant-baseline="central">Cues</text>
<rect class="sw-chart-bar sw-chart-c5" data-label="CUE" data-count="1" data-kind="cue" x="160" y="112" width="110" height="16"/>
<text class="sw-chart-text" x="276" y="120" dominant-baseline="central">1</text>
</g>
</g>
</svg>
"##;
        let chart = labels_chart(&label_counts(&document, &schema), &schema);
        assert_eq!(without_stylesheet(&chart), expected);
    }

    fn sample_document() -> Document {
        let mut document = parse_fixture(
            "[Antony Blinken|PERSON#a1] met [Sameh Shoukry|PERSON#a2] in [القاهرة|GPE#a3]; \
             [Blinken|PERSON#a4] [said|CUE#q1] [“talks go on” in [🇶🇦|GPE#a5]|CLAIM#c1] and \
             [Hamas denied it|CLAIM#c2] with [Hamas|NORP#a6] 😀",
        );
        document.put_entity(Entity {
            id: EntityId(Rc::from("e1")),
            name: Rc::from("Antony Blinken"),
            wikidata: None,
            mentions: vec![AnnotationId::new("a1"), AnnotationId::new("a4")],
        });
        let claim = document
            .annotation_mut(&AnnotationId::new("c2"))
            .and_then(|a| a.claim.as_deref_mut())
            .expect("claim c2");
        claim.verdict = Verdict::MostlyFalse;
        claim.check_worthiness = CheckWorthiness::NotCheckWorthy;
        document
    }

    #[test]
    fn bars_carry_the_counts_of_the_statistics() {
        let document = sample_document();
        let charts = all_charts(&document, &Schema::default());
        let expected: [&[(&str, usize)]; 6] = [
            &[
                ("PERSON", 3),
                ("ORG", 0),
                ("GPE", 2),
                ("LOC", 0),
                ("DATE", 0),
                ("EVENT", 0),
                ("MISC", 0),
                ("NORP", 1),
                ("CLAIM", 2),
                ("CUE", 1),
            ],
            &[
                ("unverified", 1),
                ("true", 0),
                ("mostly-true", 0),
                ("mixed", 0),
                ("mostly-false", 1),
                ("false", 0),
                ("unverifiable", 0),
            ],
            &[
                ("not-a-claim", 0),
                ("not-check-worthy", 1),
                ("check-worthy", 1),
            ],
            // Non-whitespace code points in spans: 13 + 12 + 7 + 7 + 4 + 15 (the first claim,
            // two of them the flag's) + 13 + 5 = 76. Outside: "met in ; and with 😀", 14.
            &[("non-whitespace", 90), ("tagged", 76)],
            &[
                ("Antony Blinken", 2),
                ("Hamas", 1),
                ("Sameh Shoukry", 1),
                ("القاهرة", 1),
                ("🇶🇦", 1),
            ],
            &[("entity-spans", 6), ("claims", 2), ("checked-claims", 1)],
        ];
        for ((kind, svg), expected) in charts.iter().zip(expected) {
            assert_eq!(data_pairs(svg), pairs(expected), "{kind}");
        }
        // The colours of labels come from the schema; NORP, unknown to it, is grey.
        let labels = &charts[0].1;
        assert!(labels.contains("data-label=\"PERSON\" data-count=\"3\" data-kind=\"entity\""));
        assert!(labels.contains(
            "data-label=\"NORP\" data-count=\"1\" data-kind=\"entity\" x=\"160\" y=\"208\" \
             width=\"73\" height=\"16\" fill=\"#c4c4c4\"/>"
        ));
        assert!(labels.contains("<title>NORP (not in the schema): 1 span</title>"));
        assert!(charts[4]
            .1
            .contains("data-entity=\"e1\" data-entity-label=\"PERSON\""));
    }

    #[test]
    fn every_chart_is_well_formed_and_labelled() {
        let hostile = "<script>&\"'";
        let mut long_title = parse_fixture(
            "[Secretary of State for Foreign, Commonwealth and Development Affairs|PERSON]",
        );
        long_title.title =
            Rc::from("A title much longer than any heading has room for, on purpose");
        let mut untitled = parse_fixture("\u{1}[nul\u{0}|X\tY]\r\n");
        untitled.title = Rc::from(hostile);
        for document in [
            parse_fixture(""),
            parse_fixture("no spans yet"),
            parse_fixture("[only a claim|CLAIM]"),
            sample_document(),
            long_title,
            untitled,
        ] {
            let charts = all_charts(&document, &Schema::default());
            assert_eq!(
                charts,
                all_charts(&document, &Schema::default()),
                "drawn twice, the same bytes"
            );
            for (kind, svg) in charts {
                let context = format!("{kind} of {:?}", document.text());
                assert_eq!(well_formed::check(&svg), Ok(()), "{context}:\n{svg}");
                let root = svg.lines().next().unwrap_or_default();
                let height = root
                    .split(" height=\"")
                    .nth(1)
                    .and_then(|h| h.split('"').next())
                    .expect("a height");
                let expected_root = format!(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sw-chart\" \
                     data-chart=\"{kind}\" role=\"img\" aria-labelledby=\"sw-chart-{kind}-title\" \
                     aria-describedby=\"sw-chart-{kind}-desc\" width=\"480\" height=\"{height}\" \
                     viewBox=\"0 0 480 {height}\" font-family=\"system-ui, sans-serif\" \
                     font-size=\"12\">"
                );
                assert_eq!(root, expected_root, "{context}");
                assert!(svg.contains(&format!("<title id=\"sw-chart-{kind}-title\">")));
                assert!(svg.contains(&format!("<desc id=\"sw-chart-{kind}-desc\">")));
                assert!(svg.contains("@media (prefers-color-scheme: dark)"));
                assert!(!svg.contains("<script"), "{context}");
            }
        }
    }

    #[test]
    fn empty_data_says_so_instead_of_drawing_bars() {
        let schema = Schema::default();
        let nothing = parse_fixture("");
        let claims_only = parse_fixture("[a claim|CLAIM]");
        for (svg, message) in [
            (
                labels_chart(&label_counts(&nothing, &schema), &schema),
                "No spans yet",
            ),
            (
                claims_verdict_chart(&claim_counts(&nothing)),
                "No claims yet",
            ),
            (
                claims_worthiness_chart(&claim_counts(&nothing)),
                "No claims yet",
            ),
            (
                coverage_chart(&coverage(&parse_fixture("text, no spans"))),
                "No spans yet",
            ),
            (
                top_entities_chart(&top_entities(&claims_only, 5)),
                "No entity spans yet",
            ),
            (progress_chart(&[]), "No documents yet"),
        ] {
            assert!(
                svg.contains(&format!(
                    "<text class=\"sw-chart-muted\" x=\"12\" y=\"48\" \
                     dominant-baseline=\"central\">{message}</text>"
                )),
                "{message}:\n{svg}"
            );
            assert!(svg.contains("height=\"72\" viewBox=\"0 0 480 72\""));
            assert!(data_pairs(&svg).is_empty(), "{message}: no bars");
            assert_eq!(well_formed::check(&svg), Ok(()));
        }
        assert!(coverage_chart(&coverage(&parse_fixture("text, no spans")))
            .contains("No spans yet. The text has 12 non-whitespace characters."));
        // Documents without spans still get their rows: the list of documents is the data.
        let progress = progress_chart(&[document_progress(&nothing, true)]);
        assert_eq!(
            data_pairs(&progress),
            pairs(&[("entity-spans", 0), ("claims", 0), ("checked-claims", 0)])
        );
    }

    #[test]
    fn hostile_names_are_escaped_everywhere() {
        let hostile = "<script>&\"'";
        let escaped = "&lt;script&gt;&amp;&quot;&apos;";
        let mut schema = Schema::default();
        schema.labels.push(Label {
            name: Rc::from(hostile),
            color: Rc::from("red\" onload=\"alert(1)"),
            key: None,
            description: Rc::from(""),
        });
        let mut document = parse_fixture("[x|<script>&\"'] [y|NORP]").with_id("d\"1<");
        document.title = Rc::from(format!("</svg>{hostile}").as_str());
        document.put_entity(Entity {
            id: EntityId(Rc::from("e\"1")),
            name: Rc::from(hostile),
            wikidata: None,
            mentions: vec![AnnotationId::new("a1")],
        });
        let labels = labels_chart(&label_counts(&document, &schema), &schema);
        assert!(labels.contains(&format!("data-label=\"{escaped}\" data-count=\"1\"")));
        assert!(labels.contains(&format!(">{escaped}</text>")), "caption");
        assert!(
            labels.contains(&format!("<title>{escaped}: 1 span</title>")),
            "tooltip"
        );
        assert!(
            labels.contains(&format!(
                "Entity spans per label: PERSON 0, ORG 0, GPE 0, LOC 0, DATE 0, EVENT 0, MISC 0, \
                 {escaped} 1, NORP (not in the schema) 1."
            )),
            "description"
        );
        assert!(
            labels.contains("fill=\"#c4c4c4\""),
            "a colour that is not #rrggbb is replaced"
        );
        assert!(!labels.contains("onload"));
        let entities = top_entities_chart(&top_entities(&document, 5));
        assert!(entities.contains(&format!(
            "data-label=\"{escaped}\" data-count=\"1\" data-entity=\"e&quot;1\" \
             data-entity-label=\"{escaped}\""
        )));
        let progress = progress_chart(&[document_progress(&document, false)]);
        assert!(progress.contains(
            "<g class=\"sw-chart-group\" data-document=\"d&quot;1&lt;\" data-done=\"false\">"
        ));
        assert!(progress.contains(&format!(">&lt;/svg&gt;{escaped}<tspan")));
        for svg in [labels, entities, progress] {
            assert_eq!(well_formed::check(&svg), Ok(()), "{svg}");
            assert!(
                !svg.contains("<script") && !svg.contains("</svg><"),
                "{svg}"
            );
        }
    }

    #[test]
    fn long_names_are_cut_in_the_drawing_but_whole_in_words() {
        let name = "Secretary of State for Foreign Affairs";
        let document = parse_fixture(&format!("[{name}|PERSON]"));
        let svg = top_entities_chart(&top_entities(&document, 1));
        assert!(svg.contains(">Secretary of State…</text>"), "{svg}");
        assert!(svg.contains(&format!("<title>{name} (PERSON): 1 mention</title>")));
        assert!(svg.contains(&format!("data-label=\"{name}\"")));
        assert!(svg.contains(&format!("Mentions per entity: {name} (PERSON) 1.")));

        let title = "A title much longer than any heading has room for, on purpose";
        let mut document = parse_fixture("");
        document.title = Rc::from(title);
        let svg = progress_chart(&[document_progress(&document, true)]);
        assert!(
            svg.contains(">A title much longer than any heading has room f…<tspan"),
            "{svg}"
        );
        assert!(svg.contains(&format!("<title>{title}: 0 entity spans</title>")));
        assert!(svg.contains(&format!(
            "1 document, 1 done. {title} (done): 0 entity spans"
        )));
    }
}
