//! Span measures on hand-computed examples: identical, shifted, relabelled, nested, crossing
//! and duplicate spans, empty layers, and the tie-breaks of the overlap matching.

use crate::agreement::layer::{LabelTable, Layer};
use crate::agreement::spans::{compare_spans, Counts, MeasureCounts, SpanCounts};
use crate::model::claim::ClaimAttributes;
use crate::model::document::{Annotation, Document, CLAIM_LABEL, CUE_LABEL};
use crate::model::fixture::parse_fixture;
use crate::model::offsets::CpRange;

/// A document of 20 code points with spans written `"X 0..6, Y 6..8"`, for spans that cross
/// (which the fixture notation cannot write).
fn spans_doc(spans: &str) -> Document {
    let mut document = Document::new("d", "t", &"x".repeat(20));
    for (n, span) in spans.split(", ").filter(|s| !s.is_empty()).enumerate() {
        let (label, range) = span.split_once(' ').expect("`LABEL start..end`");
        let (start, end) = range.split_once("..").expect("`start..end`");
        let range = CpRange::new(start.parse().unwrap(), end.parse().unwrap());
        let id = format!("a{}", n + 1);
        document.insert(match label {
            CLAIM_LABEL => Annotation::claim(&id, range, ClaimAttributes::default()),
            CUE_LABEL => Annotation::cue(&id, range),
            _ => Annotation::entity(&id, label, range),
        });
    }
    document
}

fn compare(a: &Document, b: &Document) -> SpanCounts {
    let mut labels = LabelTable::default();
    let (a, b) = (Layer::of(a, &mut labels), Layer::of(b, &mut labels));
    compare_spans(&a, &b, &labels)
}

/// `all a/b/matched; LABEL a/b/matched; …`.
fn render(measure: &MeasureCounts) -> String {
    let total = measure.total();
    let mut parts = vec![format!("all {}/{}/{}", total.a, total.b, total.matched)];
    for (label, c) in &measure.labels {
        parts.push(format!("{label} {}/{}/{}", c.a, c.b, c.matched));
    }
    parts.join("; ")
}

fn render_confusion(counts: &SpanCounts) -> String {
    let cells: Vec<String> = counts
        .confusion
        .iter()
        .map(|((a, b), n)| format!("{a}>{b} {n}"))
        .collect();
    cells.join("; ")
}

/// (exact, overlap, boundary, confusion) as rendered.
type Expected<'e> = [&'e str; 4];

fn check(a: &Document, b: &Document, expected: Expected, case: &str) {
    let counts = compare(a, b);
    let got = [
        render(&counts.exact),
        render(&counts.overlap),
        render(&counts.boundary),
        render_confusion(&counts),
    ];
    assert_eq!(got, expected.map(str::to_string), "{case}");
    // Boundary matches are the exact ones plus the relabelled ones.
    let n_confused: usize = counts.confusion.values().sum();
    assert_eq!(
        counts.boundary.total().matched,
        counts.exact.total().matched + n_confused,
        "{case}"
    );
    // Every value is a fraction, per label and in total.
    for measure in [&counts.exact, &counts.overlap, &counts.boundary] {
        let all = measure.labels.values().copied().chain([measure.total()]);
        for c in all {
            for value in [c.precision(), c.recall(), c.f1()].into_iter().flatten() {
                assert!((0.0..=1.0).contains(&value), "{case}: {c:?}");
            }
        }
    }
}

#[test]
fn span_measures_on_fixtures() {
    let cases: [(&str, &str, Expected); 5] = [
        // Identical versions.
        (
            "[Blinken|PER] met [Shoukry|PER] in [Cairo|GPE]",
            "[Blinken|PER] met [Shoukry|PER] in [Cairo|GPE]",
            [
                "all 3/3/3; GPE 1/1/1; PER 2/2/2",
                "all 3/3/3; GPE 1/1/1; PER 2/2/2",
                "all 3/3/3; GPE 1/1/1; PER 2/2/2",
                "",
            ],
        ),
        // A shorter span overlaps; a relabelled span has the same boundaries (the pair counts
        // for a's label in boundary, on both sides, and in the confusion table).
        (
            "[Antony Blinken|PER] in [Cairo|GPE]",
            "Antony [Blinken|PER] in [Cairo|LOC]",
            [
                "all 2/2/0; GPE 1/0/0; LOC 0/1/0; PER 1/1/0",
                "all 2/2/1; GPE 1/0/0; LOC 0/1/0; PER 1/1/1",
                "all 2/2/1; GPE 1/1/1; PER 1/1/0",
                "GPE>LOC 1",
            ],
        ),
        // Nested spans of one label: b's span is matched to the inner one (same boundaries),
        // never to both.
        (
            "[Secretary [Blinken|PER]|PER] said",
            "Secretary [Blinken|PER] said",
            [
                "all 2/1/1; PER 2/1/1",
                "all 2/1/1; PER 2/1/1",
                "all 2/1/1; PER 2/1/1",
                "",
            ],
        ),
        // Claims and cues are labels like the others; a claim containing an entity.
        (
            "[[Kamel|PER] rejected it|CLAIM], he [said|CUE]",
            "[Kamel|PER] [rejected it|CLAIM], he said",
            [
                "all 3/2/1; CLAIM 1/1/0; CUE 1/0/0; PER 1/1/1",
                "all 3/2/2; CLAIM 1/1/1; CUE 1/0/0; PER 1/1/1",
                "all 3/2/1; CLAIM 1/1/0; CUE 1/0/0; PER 1/1/1",
                "",
            ],
        ),
        // An empty layer on either side.
        (
            "Blinken met Shoukry",
            "[Blinken|PER] met Shoukry",
            [
                "all 0/1/0; PER 0/1/0",
                "all 0/1/0; PER 0/1/0",
                "all 0/1/0; PER 0/1/0",
                "",
            ],
        ),
    ];
    for (a, b, expected) in cases {
        check(
            &parse_fixture(a),
            &parse_fixture(b),
            expected,
            &format!("{a} vs {b}"),
        );
    }
}

#[test]
fn span_measures_on_crossing_and_duplicate_spans() {
    let cases: [(&str, &str, Expected); 7] = [
        // Both empty: nothing to count.
        ("", "", ["all 0/0/0", "all 0/0/0", "all 0/0/0", ""]),
        // Duplicates are a multiset: two identical spans against one make one match.
        (
            "X 0..3, X 0..3",
            "X 0..3",
            [
                "all 2/1/1; X 2/1/1",
                "all 2/1/1; X 2/1/1",
                "all 2/1/1; X 2/1/1",
                "",
            ],
        ),
        (
            "X 0..3",
            "X 0..3, X 0..3, Y 0..3",
            [
                "all 1/3/1; X 1/2/1; Y 0/1/0",
                "all 1/3/1; X 1/2/1; Y 0/1/0",
                "all 1/3/1; X 1/2/1; Y 0/1/0",
                "",
            ],
        ),
        // Greedy by largest overlap, not the largest matching: a 0..6 takes b 2..8 (overlap
        // 4), leaving a 6..8 (which overlapped only b 2..8) and b 0..1 (only a 0..6) unmatched.
        (
            "X 0..6, X 6..8",
            "X 2..8, X 0..1",
            [
                "all 2/2/0; X 2/2/0",
                "all 2/2/1; X 2/2/1",
                "all 2/2/0; X 2/2/0",
                "",
            ],
        ),
        // Equal overlaps (2) and equal boundary distances (4): the earlier b span, 0..4, wins,
        // so a 0..1, which overlaps only b 0..4, stays unmatched.
        (
            "X 2..6, X 0..1",
            "X 0..4, X 4..8",
            [
                "all 2/2/0; X 2/2/0",
                "all 2/2/1; X 2/2/1",
                "all 2/2/0; X 2/2/0",
                "",
            ],
        ),
        // Equal overlaps (3): the smaller boundary distance wins (b 2..5 over b 1..5), so a
        // 0..2 can still take b 1..5.
        (
            "X 2..6, X 0..2",
            "X 1..5, X 2..5",
            [
                "all 2/2/0; X 2/2/0",
                "all 2/2/2; X 2/2/2",
                "all 2/2/0; X 2/2/0",
                "",
            ],
        ),
        // Several labels on one range: equal labels pair first (Y), then the rest in name
        // order (X with W, so b's W counts under X); touching spans do not overlap.
        (
            "X 0..3, Y 0..3, X 3..5",
            "Y 0..3, Z 0..3, W 0..3, X 5..9",
            [
                "all 3/4/1; W 0/1/0; X 2/1/0; Y 1/1/1; Z 0/1/0",
                "all 3/4/1; W 0/1/0; X 2/1/0; Y 1/1/1; Z 0/1/0",
                "all 3/4/2; X 2/2/1; Y 1/1/1; Z 0/1/0",
                "X>W 1",
            ],
        ),
    ];
    for (a, b, expected) in cases {
        check(
            &spans_doc(a),
            &spans_doc(b),
            expected,
            &format!("{a} vs {b}"),
        );
    }
}

#[test]
fn precision_recall_and_f1_from_counts() {
    let check = |a, b, matched, expected: [Option<f64>; 3]| {
        let counts = Counts { a, b, matched };
        assert_eq!(
            [counts.precision(), counts.recall(), counts.f1()],
            expected,
            "{counts:?}"
        );
    };
    check(3, 2, 1, [Some(0.5), Some(1.0 / 3.0), Some(0.4)]);
    check(2, 2, 2, [Some(1.0), Some(1.0), Some(1.0)]);
    check(0, 1, 0, [Some(0.0), None, Some(0.0)]);
    check(1, 0, 0, [None, Some(0.0), Some(0.0)]);
    check(0, 0, 0, [None, None, None]);
}
