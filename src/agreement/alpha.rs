//! Krippendorff's α for unitizing (αu) on characters, per label and over all labels, for two or
//! more annotators: the measure INCEpTION offers through DKPro Statistics'
//! `KrippendorffAlphaUnitizingAgreement`, computed the same way (Krippendorff 1995, "On the
//! reliability of unitizing contiguous data"; Krippendorff 2004, *Content Analysis*, 2nd ed.,
//! §12.4).
//!
//! The continuum is the text, code points `0..length`. For one label, each annotator's units
//! cut the continuum into units and gaps. Observed disagreement D_o sums, over every pair of
//! annotators and every pair of their overlapping segments, (Δstart² + Δend²) for two units and
//! length² for a unit lying wholly inside the other's gap, scaled by 2 / (R(R−1)L²). Expected
//! disagreement D_e is Krippendorff's sum over all possible placements of the units (see
//! [`label_disagreement`]). αu(label) = 1 − D_o/D_e; over all labels, as DKPro does,
//! 1 − mean D_o / mean D_e.
//!
//! Krippendorff's units of one label by one annotator never overlap; Spanwise's may (a
//! `PERSON` inside a `PERSON`). Overlapping spans of one label by one annotator are therefore
//! merged into their union first (identical duplicates count once, as in DKPro's set of
//! units); spans that only touch stay two units. Everything is a sort and a sweep:
//! O(R²·n + n log n) per label for n units.

use std::collections::BTreeMap;

use crate::agreement::layer::{LabelId, LabelTable, Span};

/// αu for one label, with its two disagreements.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelAlpha {
    pub observed: f64,
    pub expected: f64,
    /// 1 − D_o/D_e; `None` when D_e is 0 (no variation to compare against).
    pub alpha: Option<f64>,
}

/// αu over one continuum.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Alpha {
    /// How many annotators it compares; below two every value is `None`.
    pub n_annotators: usize,
    /// 1 − mean D_o / mean D_e over the labels; `None` without labels or annotators to compare.
    pub overall: Option<f64>,
    pub labels: BTreeMap<String, LabelAlpha>,
}

/// A unit or a gap of one annotator: `[start, end)`.
#[derive(Clone, Copy, Debug)]
struct Segment {
    start: usize,
    end: usize,
    is_unit: bool,
}

/// One annotator's units of one label, sorted and with overlapping ones merged.
fn merged_units(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        if start >= end {
            continue;
        }
        match merged.last_mut() {
            Some(last) if start < last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// Units and the gaps between them, covering `0..length`.
fn segments(units: &[(usize, usize)], length: usize) -> Vec<Segment> {
    let mut out = Vec::with_capacity(2 * units.len() + 1);
    let mut at = 0;
    for &(start, end) in units {
        if start > at {
            out.push(Segment {
                start: at,
                end: start,
                is_unit: false,
            });
        }
        out.push(Segment {
            start,
            end,
            is_unit: true,
        });
        at = end;
    }
    if at < length {
        out.push(Segment {
            start: at,
            end: length,
            is_unit: false,
        });
    }
    out
}

fn square(n: usize) -> u128 {
    (n as u128) * (n as u128)
}

/// Krippendorff's distance between two overlapping segments of two annotators.
fn distance(x: Segment, y: Segment) -> u128 {
    match (x.is_unit, y.is_unit) {
        (true, true) => square(x.start.abs_diff(y.start)) + square(x.end.abs_diff(y.end)),
        (true, false) if y.start <= x.start && x.end <= y.end => square(x.end - x.start),
        (false, true) if x.start <= y.start && y.end <= x.end => square(y.end - y.start),
        _ => 0,
    }
}

/// The sum of distances between two annotators' segments: a sweep over both in step, visiting
/// every overlapping pair of segments once.
fn observed_sum(x: &[Segment], y: &[Segment]) -> u128 {
    let (mut i, mut j, mut sum) = (0, 0, 0u128);
    while i < x.len() && j < y.len() {
        sum += distance(x[i], y[j]);
        match x[i].end.cmp(&y[j].end) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// D_o and D_e of one label, given each annotator's merged units; `None` for fewer than two
/// annotators or an empty continuum.
///
/// D_e = 2/L · Σ_units [ (N−1)(2l³ − 3l² + l)/3 + l² Σ_{gaps g ≥ l} (g − l + 1) ]
///       / (R·L(R·L − 1) − Σ_units l(l − 1)),
/// with N the units of all annotators and the gaps those of all annotators (DKPro's
/// `calculateExpectedCategoryDisagreement`). The inner gap sum is read from the gap lengths
/// sorted once, with suffix sums, so it costs a binary search per unit.
fn label_disagreement(length: usize, annotators: &[Vec<(usize, usize)>]) -> Option<(f64, f64)> {
    let n_annotators = annotators.len();
    if n_annotators < 2 || length == 0 {
        return None;
    }
    let all_segments: Vec<Vec<Segment>> = annotators.iter().map(|u| segments(u, length)).collect();
    let mut observed = 0u128;
    for first in 0..n_annotators {
        for second in first + 1..n_annotators {
            observed += observed_sum(&all_segments[first], &all_segments[second]);
        }
    }
    let pairs_scale = (n_annotators * (n_annotators - 1)) as f64 * (length as f64).powi(2);
    let observed = 2.0 * observed as f64 / pairs_scale;

    let mut gaps: Vec<usize> = all_segments
        .iter()
        .flatten()
        .filter(|s| !s.is_unit)
        .map(|s| s.end - s.start)
        .collect();
    gaps.sort_unstable();
    // suffix[k] = Σ gaps[k..].
    let mut suffix = vec![0u128; gaps.len() + 1];
    for k in (0..gaps.len()).rev() {
        suffix[k] = suffix[k + 1] + gaps[k] as u128;
    }
    let lengths: Vec<u128> = annotators
        .iter()
        .flatten()
        .map(|(start, end)| (end - start) as u128)
        .collect();
    let n_units = lengths.len() as u128;
    let mut total = 0u128;
    let mut squared_lengths = 0u128;
    for &l in &lengths {
        squared_lengths += l * (l - 1);
        // l(l−1)(2l−1) is six times a sum of squares, so the division is exact.
        let placements = (n_units - 1) * (l * (l - 1) * (2 * l - 1) / 3);
        let from = gaps.partition_point(|&g| (g as u128) < l);
        let n_long_gaps = (gaps.len() - from) as u128;
        let room = suffix[from] - n_long_gaps * (l - 1);
        total += placements + l * l * room;
    }
    let all_values = (n_annotators * length) as u128;
    let denominator = all_values * (all_values - 1) - squared_lengths;
    let expected = if denominator == 0 {
        0.0
    } else {
        2.0 * total as f64 / (length as f64 * denominator as f64)
    };
    Some((observed, expected))
}

/// αu of several annotators' spans over a continuum of `length` code points. Each annotator's
/// spans may be in any order; every label any of them uses is counted.
pub(crate) fn alpha_of_spans(length: usize, annotators: &[&[Span]], labels: &LabelTable) -> Alpha {
    let mut by_label: BTreeMap<LabelId, Vec<Vec<(usize, usize)>>> = BTreeMap::new();
    for (index, spans) in annotators.iter().enumerate() {
        for span in spans.iter() {
            let per_annotator = by_label
                .entry(span.label)
                .or_insert_with(|| vec![Vec::new(); annotators.len()]);
            per_annotator[index].push((span.start, span.end));
        }
    }
    let mut alpha = Alpha {
        n_annotators: annotators.len(),
        ..Alpha::default()
    };
    let (mut sum_observed, mut sum_expected) = (0.0, 0.0);
    for (label, ranges) in by_label {
        let units: Vec<Vec<(usize, usize)>> = ranges.into_iter().map(merged_units).collect();
        let Some((observed, expected)) = label_disagreement(length, &units) else {
            continue;
        };
        sum_observed += observed;
        sum_expected += expected;
        let label_alpha = LabelAlpha {
            observed,
            expected,
            alpha: (expected > 0.0).then(|| 1.0 - observed / expected),
        };
        alpha
            .labels
            .insert(labels.name(label).to_string(), label_alpha);
    }
    // The means share the divisor (the number of labels), which cancels.
    if sum_expected > 0.0 {
        alpha.overall = Some(1.0 - sum_observed / sum_expected);
    }
    alpha
}

/// αu of several annotators' units `(start, end, label)` over `0..length`: the same computation
/// as for documents, for data that comes from elsewhere (and for the published examples).
pub fn unitizing_alpha(length: usize, annotators: &[Vec<(usize, usize, &str)>]) -> Alpha {
    let mut labels = LabelTable::default();
    let spans: Vec<Vec<Span>> = annotators
        .iter()
        .map(|units| {
            units
                .iter()
                .map(|&(start, end, label)| Span {
                    start,
                    end,
                    label: labels.intern(&std::rc::Rc::from(label)),
                })
                .collect()
        })
        .collect();
    let slices: Vec<&[Span]> = spans.iter().map(Vec::as_slice).collect();
    alpha_of_spans(length, &slices, &labels)
}
