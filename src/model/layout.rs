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

/// Spans drawn over the text that are not annotations: suggestions not yet accepted, and search
/// matches. They are cut into segments like annotations, drawn innermost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverlayKind {
    Suggestion,
    Match,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverlaySpan {
    pub id: AnnotationId,
    pub label: Rc<str>,
    pub range: CpRange,
    pub kind: OverlayKind,
}

/// One annotation's (or overlay's) part in a segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkRef {
    pub id: AnnotationId,
    pub label: Rc<str>,
    pub kind: SpanKind,
    /// Set for suggestions and search matches, which are not annotations.
    pub overlay: Option<OverlayKind>,
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

/// Groups consecutive paragraphs into chunks of at least `max_bytes` of text or `max_paragraphs`
/// paragraphs, whichever comes first (the last chunk may be smaller), as index ranges. The
/// paragraphs' texts never change, so neither do the chunks during a document's life.
pub fn chunk_ranges(
    paragraphs: &[Rc<ParagraphLayout>],
    max_bytes: usize,
    max_paragraphs: usize,
) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, paragraph) in paragraphs.iter().enumerate() {
        bytes += paragraph.text.len();
        if bytes >= max_bytes || i + 1 - start >= max_paragraphs {
            chunks.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < paragraphs.len() {
        chunks.push(start..paragraphs.len());
    }
    chunks
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
        Layout::with_overlays(document, &[])
    }

    /// The layout of a document with overlays (sorted by start, longer first) drawn over it.
    pub fn with_overlays(document: &Document, overlays: &[OverlaySpan]) -> Layout {
        let ranges = paragraph_ranges(document.text());
        let annotations = document.annotations();
        // Sweep: annotations and overlays are sorted by start, so each paragraph adds those that
        // start before its end and drops those that ended before its start.
        let mut active: Vec<&Annotation> = Vec::new();
        let mut active_overlays: Vec<&OverlaySpan> = Vec::new();
        let (mut next, mut next_overlay) = (0, 0);
        let paragraphs = ranges
            .into_iter()
            .map(|range| {
                active.retain(|a| a.range.end > range.start);
                active_overlays.retain(|o| o.range.end > range.start);
                while next < annotations.len() && annotations[next].range.start < range.end {
                    if annotations[next].range.end > range.start {
                        active.push(&annotations[next]);
                    }
                    next += 1;
                }
                while next_overlay < overlays.len()
                    && overlays[next_overlay].range.start < range.end
                {
                    if overlays[next_overlay].range.end > range.start {
                        active_overlays.push(&overlays[next_overlay]);
                    }
                    next_overlay += 1;
                }
                Rc::new(layout_paragraph(document, range, &active, &active_overlays))
            })
            .collect();
        Layout { paragraphs }
    }

    /// Re-cuts the paragraphs that overlap (or, for empty ranges, touch) any of `ranges`.
    pub fn update(&mut self, document: &Document, ranges: &[CpRange]) {
        self.update_with_overlays(document, &[], ranges)
    }

    /// [`Layout::update`] with overlays drawn over the text.
    pub fn update_with_overlays(
        &mut self,
        document: &Document,
        overlays: &[OverlaySpan],
        ranges: &[CpRange],
    ) {
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
                let covering_overlays: Vec<&OverlaySpan> = overlays
                    .iter()
                    .take_while(|o| o.range.start < paragraph_range.end)
                    .filter(|o| o.range.end > paragraph_range.start)
                    .collect();
                self.paragraphs[i] = Rc::new(layout_paragraph(
                    document,
                    paragraph_range,
                    &covering,
                    &covering_overlays,
                ));
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
    overlays: &[&OverlaySpan],
) -> ParagraphLayout {
    let text = document.slice(range);
    let mut cuts: Vec<usize> = vec![range.start.0, range.end.0];
    let bounds = covering
        .iter()
        .map(|a| a.range)
        .chain(overlays.iter().map(|o| o.range));
    for bound in bounds {
        cuts.extend(
            [bound.start.0, bound.end.0]
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
            let annotation_marks = covering
                .iter()
                .filter(|a| a.range.start <= start && a.range.end >= end)
                .map(|a| MarkRef {
                    id: a.id.clone(),
                    label: Rc::clone(&a.label),
                    kind: a.kind,
                    overlay: None,
                    is_first: a.range.start == start,
                    is_last: a.range.end == end,
                });
            let overlay_marks = overlays
                .iter()
                .filter(|o| o.range.start <= start && o.range.end >= end)
                .map(|o| MarkRef {
                    id: o.id.clone(),
                    label: Rc::clone(&o.label),
                    kind: if &*o.label == crate::model::document::CLAIM_LABEL {
                        SpanKind::Claim
                    } else {
                        SpanKind::Entity
                    },
                    overlay: Some(o.kind),
                    is_first: o.range.start == start,
                    is_last: o.range.end == end,
                });
            let marks = annotation_marks.chain(overlay_marks).collect();
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
    fn chunks_close_at_a_size_or_a_paragraph_count() {
        let text = "aaaa\nbb\ncccccc\nd\ne\nf\ng\n";
        let layout = Layout::new(&Document::new("d", "t", text));
        let chunks = |bytes, paragraphs| chunk_ranges(&layout.paragraphs, bytes, paragraphs);
        // Paragraph lengths in bytes, with their line break: 5, 3, 7, 2, 2, 2, 2.
        assert_eq!(chunks(8, 100), [0..2, 2..4, 4..7]);
        assert_eq!(chunks(1000, 3), [0..3, 3..6, 6..7]);
        assert_eq!(chunks(1, 100), (0..7).map(|i| i..i + 1).collect::<Vec<_>>());
        assert_eq!(chunk_ranges(&[], 8, 3), Vec::<Range<usize>>::new());
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

    #[test]
    fn overlays_are_cut_in_innermost_and_updated_where_they_change() {
        let document = parse_fixture("[Antony Blinken|PERSON#a1] met Sameh Shoukry");
        let suggestion = |id: &str, start, end| OverlaySpan {
            id: AnnotationId::new(id),
            label: Rc::from("PERSON"),
            range: CpRange::new(start, end),
            kind: OverlayKind::Suggestion,
        };
        let overlays = vec![suggestion("s1", 7, 14), suggestion("s2", 19, 32)];
        let layout = Layout::with_overlays(&document, &overlays);
        assert_eq!(
            render(&layout),
            "¶(Antony :<a1)(Blinken:a1>,<s1>) met (Sameh Shoukry:<s2>)"
        );
        let overlay_of = |layout: &Layout, id: &str| {
            layout.paragraphs[0]
                .segments
                .iter()
                .flat_map(|s| s.marks.iter())
                .find(|m| m.id.as_str() == id)
                .map(|m| m.overlay)
        };
        assert_eq!(
            overlay_of(&layout, "s2"),
            Some(Some(OverlayKind::Suggestion))
        );
        assert_eq!(overlay_of(&layout, "a1"), Some(None));
        let mut updated = layout.clone();
        updated.update_with_overlays(&document, &overlays[..1], &[CpRange::new(19, 32)]);
        assert_eq!(updated, Layout::with_overlays(&document, &overlays[..1]));
    }
}
