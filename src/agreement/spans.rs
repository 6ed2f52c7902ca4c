//! Span agreement between a reference version `a` and another `b`: exact, overlap and boundary
//! matches per label, and the label confusion of spans with the same boundaries.
//!
//! Every measure is a matching: each span of either side is matched at most once, so duplicate
//! identical spans in one version are a multiset (two identical spans in `a` and one in `b`
//! make one match and one miss). All three are sorts and sweeps over the sorted spans.
//! - **exact**: same start, end and label.
//! - **boundary**: same start and end, whatever the labels. Among the spans of one range, equal
//!   labels are paired first; the rest of `a` and of `b` are then paired in label-name order
//!   (the first unmatched `a` label with the first unmatched `b` label, and so on), and each
//!   such pair is one cell of the confusion table. Per label, a matched pair counts for the
//!   label of `a`'s span, on both sides (`a`, `b` and `matched`), and a span without a match for
//!   its own label; so every span counts for exactly one label, per-label values stay within
//!   0–1, and boundary `matched` = exact `matched` + the confusion table's total.
//! - **overlap**: same label and at least one code point in common. Candidate pairs are taken
//!   greedily, largest overlap first; ties go to the pair whose boundaries differ least
//!   (|Δstart| + |Δend|), then to the earlier `a` span, then to the earlier `b` span (by start,
//!   then end). Identical spans are therefore always matched to each other first. The cost is
//!   O((n + k) log(n + k)) with k the number of overlapping same-label pairs, which is O(n)
//!   for any bounded nesting depth.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use crate::agreement::layer::{LabelId, LabelTable, Layer, Span};

/// Spans of one label (or of all) in each version, and how many were matched.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub a: usize,
    pub b: usize,
    pub matched: usize,
}

/// `numerator / denominator`, or `None` when there is nothing to count.
fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

impl Counts {
    /// Matched over `b`'s spans (`a` is the reference).
    pub fn precision(&self) -> Option<f64> {
        ratio(self.matched, self.b)
    }

    /// Matched over `a`'s spans.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.matched, self.a)
    }

    /// 2·matched / (a + b): symmetric in `a` and `b`.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.matched, self.a + self.b)
    }

    pub fn add(&mut self, other: Counts) {
        self.a += other.a;
        self.b += other.b;
        self.matched += other.matched;
    }
}

/// One measure's counts per label (labels by name, so the order is fixed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeasureCounts {
    pub labels: BTreeMap<String, Counts>,
}

impl MeasureCounts {
    /// Micro-average: the counts summed over labels.
    pub fn total(&self) -> Counts {
        let mut total = Counts::default();
        for counts in self.labels.values() {
            total.add(*counts);
        }
        total
    }

    pub fn add(&mut self, other: &MeasureCounts) {
        for (label, counts) in &other.labels {
            self.labels.entry(label.clone()).or_default().add(*counts);
        }
    }
}

/// The span measures of one pair of versions of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanCounts {
    pub exact: MeasureCounts,
    pub overlap: MeasureCounts,
    pub boundary: MeasureCounts,
    /// (label in `a`, label in `b`) → spans with the same boundaries and these different labels.
    pub confusion: BTreeMap<(String, String), usize>,
}

impl SpanCounts {
    pub fn add(&mut self, other: &SpanCounts) {
        self.exact.add(&other.exact);
        self.overlap.add(&other.overlap);
        self.boundary.add(&other.boundary);
        for (cell, n) in &other.confusion {
            *self.confusion.entry(cell.clone()).or_default() += n;
        }
    }
}

/// Counts indexed by label id while matching, named at the end.
#[derive(Default)]
struct ById(Vec<Counts>);

impl ById {
    fn at(&mut self, label: LabelId) -> &mut Counts {
        let index = label.0 as usize;
        if index >= self.0.len() {
            self.0.resize(index + 1, Counts::default());
        }
        &mut self.0[index]
    }

    fn with_totals(a: &[Span], b: &[Span]) -> ById {
        let mut by_id = ById::default();
        for span in a {
            by_id.at(span.label).a += 1;
        }
        for span in b {
            by_id.at(span.label).b += 1;
        }
        by_id
    }

    fn matched(&mut self, label: LabelId) {
        self.at(label).matched += 1;
    }

    /// Moves one of b's spans from the label it has to the label it is counted under.
    fn moved_from(&mut self, from: LabelId, to: LabelId) {
        self.at(from).b -= 1;
        self.at(to).b += 1;
    }

    /// The counts by label name, leaving out labels with nothing.
    fn named(self, labels: &LabelTable) -> MeasureCounts {
        MeasureCounts {
            labels: self
                .0
                .into_iter()
                .enumerate()
                .filter(|(_, counts)| *counts != Counts::default())
                .map(|(id, counts)| (labels.name(LabelId(id as u32)).to_string(), counts))
                .collect(),
        }
    }
}

/// All span measures for `a` (reference) and `b`.
pub(crate) fn compare_spans(a: &Layer, b: &Layer, labels: &LabelTable) -> SpanCounts {
    let overlap = overlap_matches(&a.by_label, &b.by_label);
    let (a, b) = (a.spans.as_slice(), b.spans.as_slice());
    debug_assert!(a.is_sorted() && b.is_sorted());
    let mut exact = ById::with_totals(a, b);
    let mut boundary = ById::with_totals(a, b);
    let mut confusion: BTreeMap<(LabelId, LabelId), usize> = BTreeMap::new();
    // Walk the groups of spans sharing a range in both versions.
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let range_a = (a[i].start, a[i].end);
        let range_b = (b[j].start, b[j].end);
        if range_a < range_b {
            i += 1;
            continue;
        }
        if range_b < range_a {
            j += 1;
            continue;
        }
        let group_end = |spans: &[Span], from: usize| {
            from + spans[from..].partition_point(|s| (s.start, s.end) == range_a)
        };
        let (end_a, end_b) = (group_end(a, i), group_end(b, j));
        let (group_a, group_b) = (&a[i..end_a], &b[j..end_b]);
        // Equal labels first (both groups are sorted by label id).
        let (mut rest_a, mut rest_b) = (Vec::new(), Vec::new());
        let (mut x, mut y) = (0, 0);
        while x < group_a.len() || y < group_b.len() {
            match (group_a.get(x), group_b.get(y)) {
                (Some(sa), Some(sb)) if sa.label == sb.label => {
                    exact.matched(sa.label);
                    boundary.matched(sa.label);
                    x += 1;
                    y += 1;
                }
                (Some(sa), Some(sb)) if sa.label < sb.label => {
                    rest_a.push(sa.label);
                    x += 1;
                }
                (Some(sa), None) => {
                    rest_a.push(sa.label);
                    x += 1;
                }
                (_, Some(sb)) => {
                    rest_b.push(sb.label);
                    y += 1;
                }
                (None, None) => unreachable!("the loop runs while a span is left"),
            }
        }
        rest_a.sort_by(|p, q| labels.name(*p).cmp(labels.name(*q)));
        rest_b.sort_by(|p, q| labels.name(*p).cmp(labels.name(*q)));
        for (label_a, label_b) in rest_a.iter().zip(&rest_b) {
            boundary.matched(*label_a);
            // The pair counts for a's label on b's side too.
            boundary.moved_from(*label_b, *label_a);
            *confusion.entry((*label_a, *label_b)).or_default() += 1;
        }
        i = end_a;
        j = end_b;
    }
    SpanCounts {
        exact: exact.named(labels),
        overlap: overlap.named(labels),
        boundary: boundary.named(labels),
        confusion: confusion
            .into_iter()
            .map(|((label_a, label_b), n)| {
                let name = |id| labels.name(id).to_string();
                ((name(label_a), name(label_b)), n)
            })
            .collect(),
    }
}

/// The greedy largest-overlap matching, per label (see the module documentation), of spans
/// sorted by (label, start, end).
fn overlap_matches(a: &[Span], b: &[Span]) -> ById {
    let mut counts = ById::with_totals(a, b);
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let label = match (a.get(i), b.get(j)) {
            (Some(sa), Some(sb)) => sa.label.min(sb.label),
            (Some(sa), None) => sa.label,
            (None, Some(sb)) => sb.label,
            (None, None) => break,
        };
        let end_a = i + a[i..].partition_point(|s| s.label == label);
        let end_b = j + b[j..].partition_point(|s| s.label == label);
        let n_matched = match_one_label(&a[i..end_a], &b[j..end_b]);
        for _ in 0..n_matched {
            counts.matched(label);
        }
        i = end_a;
        j = end_b;
    }
    counts
}

/// How many pairs the greedy matching makes between spans of one label, both sorted by
/// (start, end).
fn match_one_label(a: &[Span], b: &[Span]) -> usize {
    // Candidates: every overlapping pair, found by a sweep in order of start. A span meets the
    // spans of the other side still open at its start; each pair is met exactly once, by
    // whichever of the two starts later (or comes second in the merge on a tie).
    let mut candidates: Vec<(Reverse<usize>, usize, usize, usize)> = Vec::new();
    let (mut open_a, mut open_b): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let take_a = match (a.get(i), b.get(j)) {
            (Some(sa), Some(sb)) => (sa.start, sa.end) <= (sb.start, sb.end),
            (Some(_), None) => true,
            _ => false,
        };
        if take_a {
            let span = a[i];
            open_b.retain(|&k| b[k].end > span.start);
            candidates.extend(open_b.iter().filter_map(|&k| candidate(span, i, b[k], k)));
            open_a.push(i);
            i += 1;
        } else {
            let span = b[j];
            open_a.retain(|&k| a[k].end > span.start);
            candidates.extend(open_a.iter().filter_map(|&k| candidate(a[k], k, span, j)));
            open_b.push(j);
            j += 1;
        }
    }
    candidates.sort_unstable();
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut n_matched = 0;
    for (_, _, x, y) in candidates {
        if !used_a[x] && !used_b[y] {
            used_a[x] = true;
            used_b[y] = true;
            n_matched += 1;
        }
    }
    n_matched
}

/// A candidate pair's sort key: largest overlap first, then the smallest boundary difference,
/// then the earlier `a` span, then the earlier `b` span (indices follow (start, end) order).
/// `None` when the spans share no code point (an empty span overlaps nothing).
fn candidate(
    span_a: Span,
    index_a: usize,
    span_b: Span,
    index_b: usize,
) -> Option<(Reverse<usize>, usize, usize, usize)> {
    let overlap = span_a
        .end
        .min(span_b.end)
        .checked_sub(span_a.start.max(span_b.start))
        .filter(|&n| n > 0)?;
    let distance = span_a.start.abs_diff(span_b.start) + span_a.end.abs_diff(span_b.end);
    Some((Reverse(overlap), distance, index_a, index_b))
}
