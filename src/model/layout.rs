//! Segmentation of the text for rendering: paragraphs, and within each paragraph the runs of
//! text covered by the same set of annotations.
//!
//! Overlapping spans cannot be drawn as properly nested elements, so each paragraph is cut at
//! every span boundary into segments; a segment carries the stack of annotations that cover it,
//! outermost first. The view draws one nested element per annotation per segment, so a span that
//! crosses another is drawn as several elements sharing its id.
//!
//! The layout is computed once per document and then updated paragraph by paragraph: a command
//! reports the ranges it touched and only the paragraphs overlapping them are cut again. Their
//! `Rc`s change; every other paragraph keeps its `Rc` and the view skips it.

use std::ops::Range;
use std::rc::Rc;

use crate::model::document::{Annotation, AnnotationId, Document, SpanKind};
use crate::model::offsets::{CodePoint, CpRange};

/// One annotation's part in a segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkRef {
    pub id: AnnotationId,
    pub label: Rc<str>,
    pub kind: SpanKind,
    /// The segment starts where the annotation starts (draw its left edge and label here).
    pub is_first: bool,
    /// The segment ends where the annotation ends.
    pub is_last: bool,
}

/// A run of a paragraph's text covered by the same annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Byte range within the paragraph's text.
    pub bytes: Range<usize>,
    /// Covering annotations, outermost (earliest start, then longest) first.
    pub marks: Vec<MarkRef>,
}

/// A paragraph's text and its segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphLayout {
    pub range: CpRange,
    pub text: Rc<str>,
    pub segments: Rc<[Segment]>,
}

/// The whole document cut into paragraphs, each cut into segments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub paragraphs: Vec<Rc<ParagraphLayout>>,
}

/// Splits the text into paragraphs: each ends after a run of line breaks (`\n`, `\r`), which
/// stays part of it, so the paragraphs' texts concatenate to exactly the document text.
pub fn paragraph_ranges(text: &str) -> Vec<CpRange> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut in_breaks = false;
    let mut position = 0;
    for ch in text.chars() {
        let is_break = ch == '\n' || ch == '\r';
        if in_breaks && !is_break {
            ranges.push(CpRange::new(start, position));
            start = position;
        }
        in_breaks = is_break;
        position += 1;
    }
    if position > start || ranges.is_empty() {
        ranges.push(CpRange::new(start, position));
    }
    ranges
}

impl Layout {
    pub fn new(document: &Document) -> Layout {
        let ranges = paragraph_ranges(document.text());
        let annotations = document.annotations();
        // Sweep: annotations are sorted by start, so each paragraph adds those that start before
        // its end and drops those that ended before its start.
        let mut active: Vec<&Annotation> = Vec::new();
        let mut next = 0;
        let paragraphs = ranges
            .into_iter()
            .map(|range| {
                active.retain(|a| a.range.end > range.start);
                while next < annotations.len() && annotations[next].range.start < range.end {
                    if annotations[next].range.end > range.start {
                        active.push(&annotations[next]);
                    }
                    next += 1;
                }
                Rc::new(layout_paragraph(document, range, &active))
            })
            .collect();
        Layout { paragraphs }
    }

    /// Re-cuts the paragraphs that overlap (or, for empty ranges, touch) any of `ranges`.
    pub fn update(&mut self, document: &Document, ranges: &[CpRange]) {
        for range in ranges {
            let first = self.paragraph_at(range.start);
            let last =
                self.paragraph_at(CodePoint(range.end.0.saturating_sub(1).max(range.start.0)));
            for i in first..=last {
                let paragraph_range = self.paragraphs[i].range;
                let covering: Vec<&Annotation> = document
                    .annotations()
                    .iter()
                    .take_while(|a| a.range.start < paragraph_range.end)
                    .filter(|a| a.range.end > paragraph_range.start)
                    .collect();
                self.paragraphs[i] =
                    Rc::new(layout_paragraph(document, paragraph_range, &covering));
            }
        }
    }

    /// The index of the paragraph containing a position (the last one for the end of the text).
    pub fn paragraph_at(&self, position: CodePoint) -> usize {
        self.paragraphs
            .partition_point(|p| p.range.end <= position)
            .min(self.paragraphs.len() - 1)
    }
}

/// Cuts one paragraph; `covering` holds the annotations overlapping it, in document order.
fn layout_paragraph(
    document: &Document,
    range: CpRange,
    covering: &[&Annotation],
) -> ParagraphLayout {
    let text = document.slice(range);
    let mut cuts: Vec<usize> = vec![range.start.0, range.end.0];
    for a in covering {
        cuts.extend(
            [a.range.start.0, a.range.end.0]
                .into_iter()
                .filter(|&c| c > range.start.0 && c < range.end.0),
        );
    }
    cuts.sort_unstable();
    cuts.dedup();

    // Byte offsets of the cuts, found in one walk over the paragraph's characters.
    let mut byte_of_cut = Vec::with_capacity(cuts.len());
    let mut chars = text.char_indices();
    let mut position = range.start.0;
    for &cut in &cuts {
        while position < cut {
            chars.next();
            position += 1;
        }
        byte_of_cut.push(chars.clone().next().map_or(text.len(), |(b, _)| b));
    }

    let segments = cuts
        .windows(2)
        .zip(byte_of_cut.windows(2))
        .map(|(cut, bytes)| {
            let (start, end) = (CodePoint(cut[0]), CodePoint(cut[1]));
            let marks = covering
                .iter()
                .filter(|a| a.range.start <= start && a.range.end >= end)
                .map(|a| MarkRef {
                    id: a.id.clone(),
                    label: Rc::clone(&a.label),
                    kind: a.kind,
                    is_first: a.range.start == start,
                    is_last: a.range.end == end,
                })
                .collect();
            Segment {
                bytes: bytes[0]..bytes[1],
                marks,
            }
        })
        .collect();
    ParagraphLayout {
        range,
        text: Rc::from(text),
        segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::parse_fixture;

    /// Renders a layout as `¶` per paragraph and `(text:id,id)` per segment with marks.
    fn render(layout: &Layout) -> String {
        let mut out = String::new();
        for p in &layout.paragraphs {
            out.push('¶');
            for s in p.segments.iter() {
                let text = p.text[s.bytes.clone()].replace('\n', "⏎");
                if s.marks.is_empty() {
                    out.push_str(&text);
                } else {
                    let ids: Vec<String> = s
                        .marks
                        .iter()
                        .map(|m| {
                            format!(
                                "{}{}{}",
                                if m.is_first { "<" } else { "" },
                                m.id,
                                if m.is_last { ">" } else { "" }
                            )
                        })
                        .collect();
                    out.push_str(&format!("({text}:{})", ids.join(",")));
                }
            }
        }
        out
    }

    fn check(fixture: &str, expected: &str) {
        let document = parse_fixture(fixture);
        let layout = Layout::new(&document);
        assert_eq!(render(&layout), expected, "{fixture}");
        let joined: String = layout.paragraphs.iter().map(|p| &*p.text).collect();
        assert_eq!(
            joined,
            document.text(),
            "paragraphs concatenate to the text"
        );
    }

    #[test]
    fn paragraphs_keep_their_line_breaks() {
        let ranges = |text: &str| -> Vec<(usize, usize)> {
            paragraph_ranges(text)
                .iter()
                .map(|r| (r.start.0, r.end.0))
                .collect()
        };
        assert_eq!(ranges(""), [(0, 0)]);
        assert_eq!(ranges("one"), [(0, 3)]);
        assert_eq!(ranges("one\n\ntwo\n"), [(0, 5), (5, 9)]);
        assert_eq!(ranges("one\r\ntwo"), [(0, 5), (5, 8)]);
        assert_eq!(ranges("\n\none"), [(0, 2), (2, 5)]);
    }

    #[test]
    fn segments_cut_at_every_boundary() {
        check("plain text\n\nsecond", "¶plain text⏎⏎¶second");
        check(
            "[Antony Blinken|PERSON#a1] met",
            "¶(Antony Blinken:<a1>) met",
        );
        check(
            "[Secretary [Antony Blinken|PERSON#a2]|PERSON#a1] met",
            "¶(Secretary :<a1)(Antony Blinken:a1>,<a2>) met",
        );
        check("[a [b|X#a2] c|Y#a1]", "¶(a :<a1)(b:a1,<a2>)( c:a1>)");
        check("[🇶🇦|GPE#a1] [Zoë|PERSON#a2]", "¶(🇶🇦:<a1>) (Zoë:<a2>)");
    }

    #[test]
    fn crossing_spans_share_segments() {
        let mut document = parse_fixture("Antony Blinken met Shoukry");
        for (id, start, end) in [("a1", 0, 14), ("a2", 7, 18)] {
            document.insert(Annotation::entity(id, "X", CpRange::new(start, end)));
        }
        assert_eq!(
            render(&Layout::new(&document)),
            "¶(Antony :<a1)(Blinken:a1>,<a2)( met:a2>) Shoukry"
        );
    }

    #[test]
    fn spans_across_paragraphs_appear_in_each() {
        check(
            "one [two\n\nthree|X#a1] four\n\nfive",
            "¶one (two⏎⏎:<a1)¶(three:a1>) four⏎⏎¶five",
        );
    }

    #[test]
    fn update_recuts_only_the_touched_paragraphs() {
        let mut document = parse_fixture("one\n\n[two|X#a1]\n\nthree");
        let mut layout = Layout::new(&document);
        let before = layout.clone();
        document.remove(&AnnotationId::new("a1"));
        layout.update(&document, &[CpRange::new(5, 8)]);
        assert_eq!(render(&layout), "¶one⏎⏎¶two⏎⏎¶three");
        assert!(Rc::ptr_eq(&layout.paragraphs[0], &before.paragraphs[0]));
        assert!(!Rc::ptr_eq(&layout.paragraphs[1], &before.paragraphs[1]));
        assert!(Rc::ptr_eq(&layout.paragraphs[2], &before.paragraphs[2]));
        assert_eq!(layout, Layout::new(&document));
    }
}
