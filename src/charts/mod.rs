//! Charts of the annotation statistics ([`crate::model::stats`]) as standalone SVG strings:
//! pure Rust, no web crates, so they are tested natively and can be downloaded as files or
//! placed inline in the page alike.
//!
//! Every chart is a horizontal bar chart [`svg::WIDTH`] pixels wide, one row per count, with
//! the number beside each bar. The root carries `data-chart` (`labels`, `claims-verdict`,
//! `claims-worthiness`, `coverage`, `entities`, `progress`), each bar `data-label` and
//! `data-count`, so that browser tests can compare the drawing with the exported files. The
//! `<title>` and a `<desc>` that says every number in words make the chart one image for a
//! screen reader. With nothing to count, a chart says so in words instead of drawing bars.

pub mod svg;

#[cfg(test)]
mod well_formed;
